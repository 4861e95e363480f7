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
