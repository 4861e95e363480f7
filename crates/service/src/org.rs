//! The org context's services: what an import's problems say, in the
//! person's language, for the administration page and the command line.

use domain::org::import::ImportError;
use i18n::Tr;

/// A problem with one row of an import file.
pub struct RowMessage {
    pub row: usize,
    pub message: String,
}

/// Translates what is wrong with a file into messages, one per bad row.
pub fn import_messages(tr: Tr, e: &ImportError) -> (String, Vec<RowMessage>) {
    match e {
        ImportError::Empty => (tr.t("import-empty"), vec![]),
        ImportError::MissingColumn(c) => (tr.t1("import-missing-column", "column", c.header()), vec![]),
        ImportError::Rows(rows) => (
            tr.t1("import-bad-rows", "count", rows.len()),
            rows.iter().map(|r| RowMessage { row: r.row, message: tr.args(r.problem.message_id(), r.problem.args()) }).collect(),
        ),
    }
}
