//! PDF documents typeset with Typst: the template is Typst markup compiled in
//! memory, the data a JSON file beside it, the fonts given by the caller (the
//! web layer embeds IBM Plex Sans from DKFDS).

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The template of an agenda or minutes.
pub const MEETING: &str = include_str!("templates/meeting.typ");
/// The work programme's follow-up report for the board or a committee.
pub const PROGRAMME: &str = include_str!("templates/programme.typ");

struct Fonts {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

fn fonts(data: &[&'static [u8]]) -> &'static Fonts {
    static F: OnceLock<Fonts> = OnceLock::new();
    F.get_or_init(|| {
        let fonts: Vec<Font> = data.iter().flat_map(|d| Font::iter(Bytes::new(*d))).collect();
        let book = FontBook::from_fonts(&fonts);
        Fonts { fonts, book: LazyHash::new(book) }
    })
}

fn library() -> &'static LazyHash<Library> {
    static L: OnceLock<LazyHash<Library>> = OnceLock::new();
    L.get_or_init(|| LazyHash::new(Library::default()))
}

struct Doc {
    main: Source,
    data: Bytes,
    data_id: FileId,
    fonts: &'static Fonts,
}

impl World for Doc {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}

/// How many documents `render_cached` keeps.
const RECENT: usize = 32;

/// The documents set lately, by the SHA-256 of template and data.
static RECENTLY_SET: std::sync::Mutex<std::collections::VecDeque<([u8; 32], std::sync::Arc<Vec<u8>>)>> =
    std::sync::Mutex::new(std::collections::VecDeque::new());

/// `render`, but a document asked for again with the same template and data
/// is served from memory instead of being set anew. Keyed by the content
/// itself, so it never serves a stale document; each app server keeps its own.
pub fn render_cached(template: &str, data: String, font_data: &[&'static [u8]]) -> Result<std::sync::Arc<Vec<u8>>, String> {
    use sha2::{Digest, Sha256};
    let key: [u8; 32] = Sha256::new().chain_update(template.as_bytes()).chain_update([0u8]).chain_update(data.as_bytes()).finalize().into();
    let lock = || RECENTLY_SET.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, pdf)) = lock().iter().find(|(k, _)| *k == key) {
        return Ok(pdf.clone());
    }
    let pdf = std::sync::Arc::new(render(template, data, font_data)?);
    let mut recent = lock();
    recent.push_front((key, pdf.clone()));
    recent.truncate(RECENT);
    Ok(pdf)
}

/// Typesets `template` with `data` (JSON, read by the template as
/// "data.json") into a PDF. The fonts are read once per process.
pub fn render(template: &str, data: String, font_data: &[&'static [u8]]) -> Result<Vec<u8>, String> {
    let main_id = FileId::new(None, VirtualPath::new("main.typ"));
    let doc = Doc {
        main: Source::new(main_id, template.to_string()),
        data: Bytes::new(data.into_bytes()),
        data_id: FileId::new(None, VirtualPath::new("data.json")),
        fonts: fonts(font_data),
    };
    let compiled = typst::compile::<PagedDocument>(&doc)
        .output
        .map_err(|e| e.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; "))?;
    typst_pdf::pdf(&compiled, &typst_pdf::PdfOptions::default())
        .map_err(|e| e.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; "))
}
