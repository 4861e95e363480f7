//! PDF documents typeset with Typst: the template is Typst markup compiled in
//! memory, the data a JSON file beside it, the fonts given by the caller (the
//! web layer embeds IBM Plex Sans from DKFDS).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

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
/// A leader's evaluation report.
pub const EVALUATION: &str = include_str!("templates/evaluation.typ");
/// HR's overview of a round across leaders, for HovedMED.
pub const EVALUATION_OVERVIEW: &str = include_str!("templates/evaluation_overview.typ");
/// A policy's status for the committee.
pub const POLICY: &str = include_str!("templates/policy.typ");

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
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotFound(id.vpath().as_rootless_path().into())) }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id { Ok(self.data.clone()) } else { Err(FileError::NotFound(id.vpath().as_rootless_path().into())) }
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

type Key = [u8; 32];
/// A document being set or set, shared by everyone asking for it.
type Slot = Arc<OnceLock<Result<Arc<Vec<u8>>, String>>>;

/// The documents set lately, by the SHA-256 of template and data.
static RECENTLY_SET: Mutex<VecDeque<(Key, Slot)>> = Mutex::new(VecDeque::new());

fn key(template: &str, data: &str) -> Key {
    use sha2::{Digest, Sha256};
    Sha256::new().chain_update(template.as_bytes()).chain_update([0u8]).chain_update(data.as_bytes()).finalize().into()
}

fn recent() -> MutexGuard<'static, VecDeque<(Key, Slot)>> {
    RECENTLY_SET.lock().unwrap_or_else(|e| e.into_inner())
}

/// The document already set from this template and data, if it is kept:
/// cheap enough to ask on an async thread before handing the work to a
/// blocking one.
pub fn recently_set(template: &str, data: &str) -> Option<Arc<Vec<u8>>> {
    let key = key(template, data);
    let slot = recent().iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone())?;
    slot.get().and_then(|r| r.as_ref().ok()).cloned()
}

/// `render`, but a document asked for again with the same template and data
/// is served from memory instead of being set anew. Keyed by the content
/// itself, so it never serves a stale document; each app server keeps its own.
/// A document is set once however many ask for it at the same moment: the
/// others wait for it (a document showing the minute it was printed is new
/// every minute, and every reader asks for it then). Blocks.
pub fn render_cached(template: &str, data: String, font_data: &[&'static [u8]]) -> Result<Arc<Vec<u8>>, String> {
    let key = key(template, &data);
    let slot = {
        let mut recent = recent();
        match recent.iter().find(|(k, _)| *k == key) {
            Some((_, s)) => s.clone(),
            None => {
                let s = Slot::default();
                recent.push_front((key, s.clone()));
                recent.truncate(RECENT);
                s
            }
        }
    };
    slot.get_or_init(|| render(template, data, font_data).map(Arc::new)).clone()
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
    let compiled = typst::compile::<PagedDocument>(&doc).output.map_err(|e| e.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; "))?;
    typst_pdf::pdf(&compiled, &typst_pdf::PdfOptions::default()).map_err(|e| e.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_asked_for_by_many_at_once_is_set_once() {
        // No fonts: the test is about the sharing, not the type.
        let template = "#let d = json(\"data.json\")\nNummer #d.n";
        let data = r#"{"n": 7}"#.to_string();
        assert!(recently_set(template, &data).is_none());
        let askers: Vec<_> = (0..4)
            .map(|_| {
                let d = data.clone();
                std::thread::spawn(move || render_cached(template, d, &[]).unwrap())
            })
            .collect();
        let pdfs: Vec<Arc<Vec<u8>>> = askers.into_iter().map(|a| a.join().unwrap()).collect();
        assert!(pdfs[0].starts_with(b"%PDF"));
        assert!(pdfs.windows(2).all(|w| Arc::ptr_eq(&w[0], &w[1])), "every asker got the one document set");
        assert!(Arc::ptr_eq(&recently_set(template, &data).unwrap(), &pdfs[0]));
        assert!(recently_set(template, r#"{"n": 8}"#).is_none(), "other data is another document");
    }
}
