//! Danish search terms: words are lower-cased and reduced to their stem with
//! Snowball's Danish stemmer before they are indexed or searched, so
//! "beslutning", "beslutningen" and "beslutninger" find each other, and
//! SQLite and PostgreSQL give the same results.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::Danish))
}

words! {
    /// What a search result is.
    pub enum HitKind {
        /// An agenda item, found by its title, recommendation and background.
        Item = "item",
        /// An item's minute.
        Minute = "minute",
        /// A decision.
        Decision = "decision",
    }
}

/// The stems of a text's words, in order, each once.
pub fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let lower = word.to_lowercase();
        let stem = stemmer().stem(&lower).to_string();
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

/// The stems as one space-separated text, as the index stores them.
pub fn index_text(text: &str) -> String {
    stems(text).join(" ")
}

/// The terms of a query: at most eight stems, none of them empty.
pub fn query_terms(query: &str) -> Vec<String> {
    stems(query).into_iter().filter(|s| !s.is_empty()).take(8).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_meet() {
        let forms = ["beslutning", "beslutningen", "beslutninger", "beslutningerne", "Beslutningens"];
        let stems: Vec<String> = forms.iter().map(|f| query_terms(f)[0].clone()).collect();
        assert!(stems.windows(2).all(|w| w[0] == w[1]), "{stems:?}");
        assert_eq!(query_terms("indkøb")[0], query_terms("indkøbet")[0]);
    }

    #[test]
    fn texts_become_terms() {
        assert_eq!(
            index_text("Fælles indkøb, fælles IT-udstyr!"),
            format!("{} {} {} {}", query_terms("fælles")[0], query_terms("indkøb")[0], query_terms("it")[0], query_terms("udstyr")[0])
        );
        assert!(query_terms("  ,.; ").is_empty());
        assert_eq!(query_terms("a b c d e f g h i j").len(), 8);
    }
}
