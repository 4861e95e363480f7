//! Translations: Danish first, English second, both from Fluent files in
//! `crates/web/i18n`. Templates call `tr.t("id")`; nothing user-facing is
//! written in a template or handler.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::langid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }
}

pub const DA: &str = include_str!("../i18n/da.ftl");
pub const EN: &str = include_str!("../i18n/en.ftl");

fn bundles() -> &'static [FluentBundle<FluentResource>; 2] {
    static B: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    B.get_or_init(|| {
        let make = |src: &str, id| {
            let res = FluentResource::try_new(src.to_string()).expect("translation file parses");
            let mut b = FluentBundle::new_concurrent(vec![id]);
            b.set_use_isolating(false);
            b.add_resource(res).expect("no duplicate messages");
            b
        };
        [make(DA, langid!("da")), make(EN, langid!("en"))]
    })
}

/// The translator handed to every template.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The message with this id; the id itself when it is missing, so a gap
    /// shows on the page instead of breaking it (a test keeps the files whole).
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// A message with one named argument.
    pub fn t1(&self, id: &str, name: &str, value: impl ToString) -> String {
        self.args(id, [(name, value.to_string())])
    }

    pub fn args<'a, A: AsRef<[(&'a str, String)]>>(&self, id: &str, args: A) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args.as_ref() {
            // Numbers as numbers, so plural rules apply.
            match v.parse::<i64>() {
                Ok(n) => fa.set(*k, FluentValue::from(n)),
                Err(_) => fa.set(*k, FluentValue::from(v.clone())),
            }
        }
        self.format(id, Some(&fa))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = &bundles()[self.lang as usize];
        let Some(msg) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut errors = vec![];
        bundle.format_pattern(msg, args, &mut errors).into_owned()
    }

    /// The name of a unit kind (`centre` → "Center").
    pub fn unit_kind(&self, kind: &str) -> String {
        self.t(&format!("unit-kind-{kind}"))
    }

    /// The name of a position kind (`leader` → "Leder").
    pub fn position(&self, kind: &str) -> String {
        self.t(&format!("position-{kind}"))
    }

    /// Whether a message exists (for tests and optional texts).
    pub fn has(&self, id: &str) -> bool {
        bundles()[self.lang as usize].has_message(id)
    }

    /// A time in Europe/Copenhagen, formatted for this language.
    pub fn datetime(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        domain::time::local_datetime(*at, self.lang == Lang::Da)
    }
}

/// The message ids of a Fluent file, for the test that keeps the two whole.
pub fn ids(src: &str) -> Vec<String> {
    src.lines().filter(|l| !l.starts_with([' ', '#', '.', '\t']) && l.contains(" =")).map(|l| l.split(" =").next().unwrap().trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_have_the_same_messages() {
        // Every message once: a second definition would stop the server at its first page.
        for (name, src) in [("da.ftl", DA), ("en.ftl", EN)] {
            let all = ids(src);
            let mut seen = BTreeSet::new();
            let twice: Vec<_> = all.iter().filter(|i| !seen.insert(*i)).collect();
            assert!(twice.is_empty(), "defined twice in {name}: {twice:?}");
        }
        let da: BTreeSet<_> = ids(DA).into_iter().collect();
        let en: BTreeSet<_> = ids(EN).into_iter().collect();
        assert!(da.len() > 50);
        assert_eq!(da.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in en.ftl");
        assert_eq!(en.difference(&da).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in da.ftl");
    }

    #[test]
    fn every_id_used_in_code_and_templates_exists() {
        let da: BTreeSet<_> = ids(DA).into_iter().collect();
        let mut missing = vec![];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("templates"), root.join("src")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap();
                for pat in [".t(\"", ".t1(\"", ".args(\""] {
                    for part in text.split(pat).skip(1) {
                        let id = part.split('"').next().unwrap();
                        if !id.is_empty() && !id.contains('{') && !da.contains(id) && id != "id" {
                            missing.push(format!("{}: {id}", p.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "ids with no message: {missing:#?}");
    }

    #[test]
    fn plurals_and_arguments() {
        let da = Tr::new(Lang::Da);
        let en = Tr::new(Lang::En);
        assert_eq!(da.t1("people-count", "count", 1), "1 person");
        assert_eq!(da.t1("people-count", "count", 3), "3 personer");
        assert_eq!(en.t1("people-count", "count", 1), "1 person");
        assert_eq!(en.t1("people-count", "count", 3), "3 people");
        let missing = ["no-such", "message"].join("-");
        assert_eq!(da.t(&missing), missing);
    }
}
