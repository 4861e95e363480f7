//! Translations: Danish first, English second, both from Fluent files in
//! `crates/i18n/ftl`. Pages, mail and exports call `tr.t("id")`; nothing
//! user-facing is written in a template, a handler or a mail.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Copenhagen;

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

pub const DA: &str = include_str!("../ftl/da.ftl");
pub const EN: &str = include_str!("../ftl/en.ftl");

fn bundles() -> &'static [FluentBundle<FluentResource>; 2] {
    static B: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    B.get_or_init(|| {
        let make = |src: &str, id| {
            // The files are ours and a unit test keeps them whole; were one
            // damaged, the messages that parse are still served.
            let res = FluentResource::try_new(src.to_string()).unwrap_or_else(|(partial, _)| partial);
            let mut b = FluentBundle::new_concurrent(vec![id]);
            b.set_use_isolating(false);
            let _ = b.add_resource(res);
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
    pub fn unit_kind(&self, kind: impl std::fmt::Display) -> String {
        self.t(&format!("unit-kind-{kind}"))
    }

    /// The name of a position kind (`leader` → "Leder").
    pub fn position(&self, kind: impl std::fmt::Display) -> String {
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
    src.lines().filter(|l| !l.starts_with([' ', '#', '.', '\t'])).filter_map(|l| l.split_once(" =")).map(|(id, _)| id.trim().to_string()).collect()
}

/// "tirsdag 1. december 2026 kl. 09:00" / "Tuesday 1 December 2026 09:00", in Copenhagen time.
pub fn when(tr: &Tr, at: &DateTime<Utc>) -> String {
    let l = at.with_timezone(&Copenhagen);
    let weekday = tr.t(&format!("weekday-{}", l.weekday().number_from_monday()));
    let month = tr.t(&format!("month-{}", l.month()));
    tr.args(
        "meeting-when",
        [("weekday", weekday), ("day", l.day().to_string()), ("month", month), ("year", l.year().to_string()), ("time", l.format("%H:%M").to_string())],
    )
}

/// "tirsdag 6. oktober 2026" / "Tuesday 6 October 2026".
pub fn day(tr: &Tr, d: chrono::NaiveDate) -> String {
    let weekday = tr.t(&format!("weekday-{}", d.weekday().number_from_monday()));
    let month = tr.t(&format!("month-{}", d.month()));
    tr.args("date-long", [("weekday", weekday), ("day", d.day().to_string()), ("month", month), ("year", d.year().to_string())])
}

/// The local date as the value of a date field (YYYY-MM-DD).
pub fn date_value(at: &DateTime<Utc>) -> String {
    at.with_timezone(&Copenhagen).format("%Y-%m-%d").to_string()
}

/// The local time as the value of a time field (HH:MM).
pub fn time_value(at: &DateTime<Utc>) -> String {
    at.with_timezone(&Copenhagen).format("%H:%M").to_string()
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
    fn every_audited_action_is_told_in_words() {
        let da: BTreeSet<_> = ids(DA).into_iter().collect();
        for action in domain::platform::audit::known_actions() {
            let id = domain::platform::audit::message_of(action).unwrap();
            assert!(da.contains(&id), "{id} for {action}");
        }
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

    #[test]
    fn ordinals_before_a_weekday() {
        let da = Tr::new(Lang::Da);
        let en = Tr::new(Lang::En);
        assert_eq!(da.t1("cycle-nth", "nth", 2), "2.");
        assert_eq!(en.t1("cycle-nth", "nth", 1), "1st");
        assert_eq!(en.t1("cycle-nth", "nth", 2), "2nd");
        assert_eq!(en.t1("cycle-nth", "nth", 3), "3rd");
        assert_eq!(en.t1("cycle-nth", "nth", 4), "4th");
        let cadence = [("times", "12".to_string()), ("nth", "2".into()), ("weekday", "Friday".into()), ("time", "09:00".into())];
        assert!(en.args("cadence-times-per-year", cadence).contains("on the 2nd Friday of the month"));
    }
}
