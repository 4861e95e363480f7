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

words! {
    /// The tabs of the one search, in the order they are shown.
    pub enum Tab {
        /// Agenda items, minutes and decisions (the full-text index).
        Meetings = "meetings",
        People = "people",
        Units = "units",
        Initiatives = "initiatives",
        /// Status reports on initiatives.
        Reports = "reports",
        /// The årshjul's dates.
        Aarshjul = "aarshjul",
        /// The framework in force.
        Framework = "framework",
    }
}

/// Which tab a search opens on when none is asked for: the first that
/// found something in the tabs' order (meetings first), so a unit's name
/// no agenda mentions lands on the units.
pub fn first_tab_with_hits(counts: &[(Tab, i64)]) -> Tab {
    counts.iter().find(|(_, n)| *n > 0).map_or(Tab::Meetings, |(t, _)| *t)
}

/// The stems of a text's words, in order, each once.
pub fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for word in words(text) {
        let stem = stem(&word.to_lowercase());
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

fn stem(lower: &str) -> String {
    stemmer().stem(lower).to_string()
}

/// The known word parts (search_parts.txt), in lower case.
fn known_parts() -> &'static [String] {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| {
        include_str!("search_parts.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && l.chars().count() >= 4)
            .map(str::to_lowercase)
            .collect()
    })
}

/// What may follow the last part of a compound: Danish endings ("budget-
/// opfølgningen", "skolelederne").
const ENDINGS: [&str; 15] = ["", "e", "en", "er", "et", "n", "r", "s", "ne", "ene", "ens", "ers", "ets", "erne", "rne"];

/// Whether `part` is a part of the compound `word` (both in lower case),
/// not letters that happen to be inside it: at the start with at least
/// three letters after it, or after at least three letters and followed
/// by an ending, by another known part, or by a linking s or e and a known
/// part. So "opfølgning" is in "budgetopfølgningsplanen", and "elev" is
/// not in "relevant" nor "ramme" in "programmet".
pub fn is_part_of(word: &str, part: &str) -> bool {
    if part.is_empty() || word.len() <= part.len() {
        return false;
    }
    let starts_part = |rest: &str| known_parts().iter().any(|k| rest.starts_with(k.as_str()));
    word.match_indices(part).any(|(i, _)| {
        let rest = &word[i + part.len()..];
        if i == 0 {
            return rest.chars().count() >= 3;
        }
        word[..i].chars().count() >= 3 && (ENDINGS.contains(&rest) || starts_part(rest) || rest.strip_prefix(['s', 'e']).is_some_and(starts_part))
    })
}

/// The known parts of a word written in lower case, other than the word
/// itself: "budgetopfølgningen" holds "budget" and "opfølgning".
pub fn compound_parts(lower: &str) -> Vec<&'static str> {
    known_parts().iter().filter(|p| is_part_of(lower, p)).map(String::as_str).collect()
}

/// What the index stores for a text: its stems, and the stems of the
/// known parts of its compounds, so a part finds the compound on both
/// databases with the same words.
pub fn index_text(text: &str) -> String {
    let mut out: Vec<String> = vec![];
    for word in words(text) {
        let lower = word.to_lowercase();
        for s in std::iter::once(stem(&lower)).chain(compound_parts(&lower).into_iter().map(stem)) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out.join(" ")
}

/// A query matched against texts held in memory (people, units, the
/// programme, the årshjul, the framework): every word's stem must begin a
/// word of the text or be a part of a compound in it (`is_part_of`), so
/// inflections, prefixes and parts of compounds are found, and a short
/// word such as "it" only where a word begins with it.
pub struct Needle {
    stems: Vec<String>,
    /// One searcher per stem, made once: a search reads thousands of texts,
    /// and setting up a substring search for each was most of its cost.
    finders: Vec<memchr::memmem::Finder<'static>>,
}

impl Needle {
    /// None for a query with no words.
    pub fn new(query: &str) -> Option<Needle> {
        let stems = query_terms(query);
        let finders = stems.iter().map(|s| memchr::memmem::Finder::new(s.as_bytes()).into_owned()).collect();
        (!stems.is_empty()).then_some(Needle { stems, finders })
    }

    /// Whether every word is in one of the texts.
    pub fn finds(&self, texts: &[&str]) -> bool {
        let lower: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        self.finds_lower(&lower.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// As `finds`, for texts already in lower case.
    pub fn finds_lower(&self, texts: &[&str]) -> bool {
        self.stems.iter().zip(&self.finders).all(|(s, f)| {
            texts.iter().any(|t| f.find(t.as_bytes()).is_some() && words(t).any(|w| w.starts_with(s.as_str()) || (s.chars().count() >= 4 && is_part_of(w, s))))
        })
    }
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

    #[test]
    fn parts_of_compounds_are_indexed() {
        let indexed = index_text("Budgetopfølgningen for 2. kvartal");
        let terms: Vec<&str> = indexed.split(' ').collect();
        for part in ["budget", "opfølgningen", "budgetopfølgning", "kvartalet"] {
            assert!(terms.contains(&query_terms(part)[0].as_str()), "{part} in {indexed}");
        }
        // A part is not added for the word itself, and short words are left alone.
        assert_eq!(compound_parts("budget"), Vec::<&str>::new());
        assert!(compound_parts("skoleledere").contains(&"leder"));
        assert!(compound_parts("skoleledere").contains(&"skole"));
        assert!(compound_parts("budgetopfølgningsplanen").contains(&"opfølgning"), "with a linking s");
        // Letters that happen to be inside a word are not a part of it.
        for (word, part) in
            [("relevant", "elev"), ("programmet", "ramme"), ("revision", "vision"), ("fungerer", "unge"), ("systematisk", "tema"), ("behandling", "handling")]
        {
            assert!(!compound_parts(word).contains(&part), "{part} in {word}");
        }
    }

    #[test]
    fn needles_find_inside_words() {
        let n = Needle::new("opfølgning budget").unwrap();
        assert!(n.finds(&["Budgetopfølgningen, 2. kvartal"]));
        assert!(n.finds(&["Opfølgning", "Budget 2027"]), "words may be in different fields");
        assert!(!n.finds(&["Budget 2027"]));
        assert!(Needle::new(" ,. ").is_none());
        assert!(Needle::new("Skoleledere").unwrap().finds(&["Netværk for skoleledere"]));
        // A short word only where a word begins with it; letters inside a word are not a hit.
        assert!(Needle::new("it").unwrap().finds(&["IT-udstyr"]) && !Needle::new("it").unwrap().finds(&["Kvalitet og digitalisering"]));
        assert!(!Needle::new("elev").unwrap().finds(&["Relevante tal"]) && Needle::new("elev").unwrap().finds(&["Elevråd"]));
        assert!(!Needle::new("vision").unwrap().finds(&["Revision af regnskabet"]));
    }

    #[test]
    fn the_first_tab_with_hits_opens() {
        assert_eq!(first_tab_with_hits(&[(Tab::Meetings, 0), (Tab::People, 2), (Tab::Units, 1)]), Tab::People);
        assert_eq!(first_tab_with_hits(&[(Tab::Meetings, 0), (Tab::People, 0)]), Tab::Meetings);
    }
}
