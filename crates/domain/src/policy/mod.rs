//! The policy context (seed 004, and seed 002's follow-up on goals): a
//! policy's vision, the ways it is to be reached, its themes and their goals,
//! and the indicators that say how a goal is going.
//!
//! A municipality writes a policy as a TOML document (docs/POLICY.md), like
//! its framework. Loading a changed document adds a version; goals and
//! indicators keep their keys across versions, so initiatives, URLs and
//! imported values that name them stay valid.

pub mod access;
pub mod business;
pub mod cases;
pub mod fetch;
pub mod import;
pub mod mark;
pub mod period;
pub mod skills;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

words! {
    /// Which way an indicator should move.
    pub enum Direction {
        Higher = "higher",
        Lower = "lower",
    }
}

words! {
    /// Where an indicator's values come from.
    pub enum Source {
        /// Danmarks Statistik's Statistikbank (a table such as RAS200).
        Statistikbank = "statistikbank",
        /// STAR's Jobindsats (a series such as Y30R21).
        Jobindsats = "jobindsats",
        /// The municipality's own figures, uploaded as CSV or XLSX.
        Upload = "upload",
        /// Worked out from the cases imported from the case system.
        Cases = "cases",
        /// Worked out from the business register.
        Businesses = "businesses",
    }
}

words! {
    /// How often new values come.
    pub enum Frequency {
        Yearly = "yearly",
        Quarterly = "quarterly",
        Monthly = "monthly",
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicyDoc {
    /// Stable, lower-case, with hyphens: `ishoj-paa-arbejde`.
    pub key: String,
    pub title: String,
    /// What kind of policy, in the municipality's words ("Erhvervs- og beskæftigelsespolitik").
    #[serde(default)]
    pub kind: String,
    pub vision: Vision,
    #[serde(default)]
    pub intro: Option<Passage>,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub indicators: Vec<IndicatorDef>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Vision {
    pub title: String,
    pub text: String,
    /// "Visionen opnås ved": the ways to reach it.
    #[serde(default)]
    pub ways: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Passage {
    pub title: String,
    pub text: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub goals: Vec<GoalDef>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GoalDef {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub text: String,
    /// Who answers for the goal: a unit or a forum (a committee), by name.
    pub owner: Owner,
    /// The years the goal runs, both included.
    pub period: (i32, i32),
    /// The ways to reach it.
    #[serde(default)]
    pub ways: Vec<String>,
    /// Indicator keys, in the order the goal page shows them.
    #[serde(default)]
    pub indicators: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Owner {
    Unit(String),
    Forum(String),
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    pub key: String,
    pub name: String,
    pub definition: String,
    /// The unit of the values: "%", "personer", "dage".
    pub unit: String,
    pub direction: Direction,
    pub source: Source,
    /// The source's own name for it: a table (RAS200) or a series (Y30R21); empty for uploads.
    #[serde(default)]
    pub series: String,
    pub frequency: Frequency,
    /// Target per year, by the year as text (TOML's keys are text).
    #[serde(default)]
    pub targets: std::collections::BTreeMap<String, f64>,
    /// How far on the wrong side of the target still counts as "near" rather than "missed".
    #[serde(default)]
    pub tolerance: f64,
    /// The source gives an expected value beside the actual one (Jobindsats' benchmark).
    #[serde(default)]
    pub expected: bool,
    /// The days of the year new figures are usually published ("11-20"), for the årshjul.
    #[serde(default)]
    pub releases: Vec<String>,
    /// Jobindsats: the measure's label that holds the figure, and the expected value's.
    #[serde(default)]
    pub measure: String,
    #[serde(default)]
    pub expected_measure: String,
    /// Statistikbank: the value chosen of each variable other than the area and
    /// the period (`{ "ALDER" = "16-64", "KØN" = "TOT" }`), so that the table
    /// gives one figure per area and period.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub select: std::collections::BTreeMap<String, String>,
}

impl Source {
    /// Figures styr works out itself (from cases, from the business register),
    /// which are not added by hand: they would be overwritten, and would miss
    /// the suppression the calculation applies.
    pub fn computed(self) -> bool {
        matches!(self, Source::Cases | Source::Businesses)
    }
}

impl IndicatorDef {
    /// The days in `year` new figures are expected, from `releases`.
    pub fn release_days(&self, year: i32) -> Vec<chrono::NaiveDate> {
        self.releases.iter().filter_map(|r| release_day(r, year)).collect()
    }

    /// How the figures are laid out in what the source gives.
    pub fn layout(&self) -> import::Layout {
        match self.source {
            Source::Statistikbank => import::Layout::Statbank,
            Source::Jobindsats => import::Layout::Jobindsats {
                measure: self.measure.clone(),
                expected: (!self.expected_measure.is_empty()).then(|| self.expected_measure.clone()),
            },
            Source::Upload | Source::Cases | Source::Businesses => import::Layout::Upload { counts_persons: import::counts_persons(&self.unit) },
        }
    }
}

impl IndicatorDef {
    /// The target for a year: that year's, or the latest set before it.
    pub fn target_for(&self, year: i32) -> Option<(i32, f64)> {
        self.targets().into_iter().rfind(|(y, _)| *y <= year)
    }

    /// The targets by year, in order.
    pub fn targets(&self) -> Vec<(i32, f64)> {
        let mut t: Vec<(i32, f64)> = self.targets.iter().filter_map(|(y, v)| Some((y.parse().ok()?, *v))).collect();
        t.sort_by_key(|x| x.0);
        t
    }
}

/// "MM-DD" in a year; none for another text or a day the year lacks.
fn release_day(r: &str, year: i32) -> Option<chrono::NaiveDate> {
    let (m, d) = r.split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// The municipalities an indicator is compared with (seed 004's Vestegn),
/// the region and the country: (code, name). Ishøj is 183.
pub const ISHOJ: &str = "183";
pub const COMPARISON: [(&str, &str); 10] = [
    ("183", "Ishøj"),
    ("165", "Albertslund"),
    ("153", "Brøndby"),
    ("161", "Glostrup"),
    ("167", "Hvidovre"),
    ("169", "Høje-Taastrup"),
    ("175", "Rødovre"),
    ("187", "Vallensbæk"),
    ("084", "Region Hovedstaden"),
    ("000", "Hele landet"),
];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the document is not valid TOML or does not follow the format: {0}")]
    Syntax(String),
    #[error("the key {0:?} may only hold lower-case letters, digits and hyphens")]
    BadKey(String),
    #[error("the key {0:?} is used twice")]
    DuplicateKey(String),
    #[error("the goal {0:?} names the indicator {1:?}, which the document does not define")]
    UnknownIndicator(String, String),
    #[error("the goal {0:?} ends before it starts")]
    BadPeriod(String),
    #[error("the indicator {0:?} has a target for {1:?}, which is not a year")]
    BadTarget(String, String),
    #[error("the indicator {0:?} has a tolerance that is not a number of 0 or more")]
    BadTolerance(String),
    #[error("the indicator {0:?} comes from Jobindsats but names no measure (the column that holds its figure)")]
    NoMeasure(String),
    #[error("the indicator {0:?} is released on {1:?}, which is not a day of the year (MM-DD)")]
    BadRelease(String, String),
    #[error("{0:?} has no title")]
    EmptyTitle(String),
}

impl PolicyError {
    /// What the message is about: the parser's words, or the key or name at fault.
    pub fn detail(&self) -> String {
        match self {
            PolicyError::Syntax(d) => d.clone(),
            PolicyError::BadKey(k)
            | PolicyError::DuplicateKey(k)
            | PolicyError::BadPeriod(k)
            | PolicyError::BadTolerance(k)
            | PolicyError::NoMeasure(k)
            | PolicyError::EmptyTitle(k) => k.clone(),
            PolicyError::UnknownIndicator(a, b) | PolicyError::BadTarget(a, b) | PolicyError::BadRelease(a, b) => format!("{a}: {b}"),
        }
    }

    pub fn message_id(&self) -> &'static str {
        match self {
            PolicyError::Syntax(_) => "policy-error-syntax",
            PolicyError::BadKey(_) => "policy-error-bad-key",
            PolicyError::DuplicateKey(_) => "policy-error-duplicate-key",
            PolicyError::UnknownIndicator(..) => "policy-error-unknown-indicator",
            PolicyError::BadPeriod(_) => "policy-error-bad-period",
            PolicyError::BadTarget(..) => "policy-error-bad-target",
            PolicyError::BadRelease(..) => "policy-error-bad-release",
            PolicyError::BadTolerance(_) => "policy-error-bad-tolerance",
            PolicyError::NoMeasure(_) => "policy-error-no-measure",
            PolicyError::EmptyTitle(_) => "policy-error-empty-title",
        }
    }
}

fn valid_key(k: &str) -> bool {
    crate::framework::valid_key(k)
}

impl PolicyDoc {
    pub fn parse(text: &str) -> Result<PolicyDoc, PolicyError> {
        let doc: PolicyDoc = toml::from_str(text).map_err(|e| PolicyError::Syntax(e.message().to_string()))?;
        doc.check()?;
        Ok(doc)
    }

    /// Keys are well formed and unique, every goal's indicators are defined,
    /// periods run forward and targets are by year.
    pub fn check(&self) -> Result<(), PolicyError> {
        let mut keys = HashSet::new();
        let mut key = |k: &str| {
            if !valid_key(k) {
                return Err(PolicyError::BadKey(k.to_string()));
            }
            if !keys.insert(k.to_string()) {
                return Err(PolicyError::DuplicateKey(k.to_string()));
            }
            Ok(())
        };
        key(&self.key)?;
        if self.title.trim().is_empty() {
            return Err(PolicyError::EmptyTitle(self.key.clone()));
        }
        let mut indicators = HashSet::new();
        for i in &self.indicators {
            if !valid_key(&i.key) {
                return Err(PolicyError::BadKey(i.key.clone()));
            }
            if !indicators.insert(i.key.as_str()) {
                return Err(PolicyError::DuplicateKey(i.key.clone()));
            }
            if i.name.trim().is_empty() {
                return Err(PolicyError::EmptyTitle(i.key.clone()));
            }
            if let Some(y) = i.targets.keys().find(|y| y.parse::<i32>().map_or(true, |n| !(1900..=2200).contains(&n))) {
                return Err(PolicyError::BadTarget(i.key.clone(), y.clone()));
            }
            if let Some((y, _)) = i.targets.iter().find(|(_, v)| !v.is_finite()) {
                return Err(PolicyError::BadTarget(i.key.clone(), y.clone()));
            }
            if !(i.tolerance.is_finite() && i.tolerance >= 0.0) {
                return Err(PolicyError::BadTolerance(i.key.clone()));
            }
            if i.source == Source::Jobindsats && i.measure.trim().is_empty() {
                return Err(PolicyError::NoMeasure(i.key.clone()));
            }
            // A release day must be a day of the year (of a leap year: "02-29" is allowed).
            if let Some(r) = i.releases.iter().find(|r| release_day(r, 2028).is_none()) {
                return Err(PolicyError::BadRelease(i.key.clone(), r.clone()));
            }
        }
        for t in &self.themes {
            key(&t.key)?;
            if t.title.trim().is_empty() {
                return Err(PolicyError::EmptyTitle(t.key.clone()));
            }
            for g in &t.goals {
                key(&g.key)?;
                if g.title.trim().is_empty() {
                    return Err(PolicyError::EmptyTitle(g.key.clone()));
                }
                if g.period.1 < g.period.0 {
                    return Err(PolicyError::BadPeriod(g.key.clone()));
                }
                if let Some(i) = g.indicators.iter().find(|i| !indicators.contains(i.as_str())) {
                    return Err(PolicyError::UnknownIndicator(g.key.clone(), i.clone()));
                }
            }
        }
        Ok(())
    }

    /// Every goal with its theme's key, in document order.
    pub fn goals(&self) -> impl Iterator<Item = (&Theme, &GoalDef)> {
        self.themes.iter().flat_map(|t| t.goals.iter().map(move |g| (t, g)))
    }

    pub fn indicator(&self, key: &str) -> Option<&IndicatorDef> {
        self.indicators.iter().find(|i| i.key == key)
    }
}

/// Ishøj Kommune's business and employment policy, "Ishøj på arbejde – på
/// arbejde i Ishøj", written from seed 004 with goals and indicators made
/// from its text. The demo's, and a template for other policies.
pub const ISHOJ_PAA_ARBEJDE: &str = include_str!("ishoj-paa-arbejde.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_004_is_complete() {
        let doc = PolicyDoc::parse(ISHOJ_PAA_ARBEJDE).expect("the policy parses");
        assert_eq!(doc.title, "Ishøj på arbejde – på arbejde i Ishøj");
        assert_eq!(doc.vision.ways.len(), 3);
        assert_eq!(doc.themes.len(), 3);
        assert!(doc.themes.iter().all(|t| !t.goals.is_empty() && !t.text.is_empty()));
        // Every goal is followed by at least one indicator, and every indicator serves a goal.
        assert!(doc.goals().all(|(_, g)| !g.indicators.is_empty()));
        assert!(doc.indicators.iter().all(|i| doc.goals().any(|(_, g)| g.indicators.contains(&i.key))));
        for s in Source::ALL {
            assert!(doc.indicators.iter().any(|i| i.source == s), "the demo uses every kind of source: {s}");
        }
    }

    #[test]
    fn bad_documents_are_refused() {
        assert!(matches!(PolicyDoc::parse("key = "), Err(PolicyError::Syntax(_))));
        let base = "key = \"p\"\ntitle = \"P\"\n[vision]\ntitle = \"V\"\ntext = \"v\"\n";
        assert!(PolicyDoc::parse(base).is_ok());
        let ind = "[[indicators]]\nkey = \"i\"\nname = \"I\"\ndefinition = \"d\"\nunit = \"%\"\ndirection = \"higher\"\nsource = \"upload\"\nfrequency = \"yearly\"\n";
        let goal = |extra: &str| {
            format!("{base}[[themes]]\nkey = \"t\"\ntitle = \"T\"\n[[themes.goals]]\nkey = \"g\"\ntitle = \"G\"\nowner = {{ unit = \"U\" }}\n{extra}\n{ind}")
        };
        assert!(PolicyDoc::parse(&goal("period = [2024, 2027]\nindicators = [\"i\"]")).is_ok());
        assert_eq!(PolicyDoc::parse(&goal("period = [2024, 2027]\nindicators = [\"x\"]")), Err(PolicyError::UnknownIndicator("g".into(), "x".into())));
        assert_eq!(PolicyDoc::parse(&goal("period = [2027, 2024]")), Err(PolicyError::BadPeriod("g".into())));
        let twice = format!("{base}[[themes]]\nkey = \"t\"\ntitle = \"T\"\n[[themes]]\nkey = \"t\"\ntitle = \"U\"\n");
        assert_eq!(PolicyDoc::parse(&twice), Err(PolicyError::DuplicateKey("t".into())));
        assert!(matches!(PolicyDoc::parse(&format!("{base}colour = \"red\"\n")), Err(PolicyError::Syntax(_))));
        assert!(matches!(PolicyDoc::parse(&format!("{base}[[themes]]\nkey = \"Æ\"\ntitle = \"T\"\n")), Err(PolicyError::BadKey(_))));
        let bad_target = format!("{base}{ind}targets = {{ \"next\" = 3.0 }}\n");
        assert_eq!(PolicyDoc::parse(&bad_target), Err(PolicyError::BadTarget("i".into(), "next".into())));
        assert_eq!(PolicyDoc::parse(&format!("{base}{ind}tolerance = -1.0\n")), Err(PolicyError::BadTolerance("i".into())));
        assert_eq!(PolicyDoc::parse(&format!("{base}{ind}targets = {{ \"2025\" = nan }}\n")), Err(PolicyError::BadTarget("i".into(), "2025".into())));
        let jobindsats = format!("{base}{}", ind.replace("upload", "jobindsats"));
        assert_eq!(PolicyDoc::parse(&jobindsats), Err(PolicyError::NoMeasure("i".into())));
        let bad_release = format!("{base}{ind}releases = [\"11-31\"]\n");
        assert_eq!(PolicyDoc::parse(&bad_release), Err(PolicyError::BadRelease("i".into(), "11-31".into())));
        let bad_source = format!("{base}{}", ind.replace("upload", "rumour"));
        assert!(matches!(PolicyDoc::parse(&bad_source), Err(PolicyError::Syntax(_))));
    }

    #[test]
    fn a_target_holds_until_the_next_is_set() {
        let mut i = PolicyDoc::parse(ISHOJ_PAA_ARBEJDE).unwrap().indicators[0].clone();
        i.targets = [("2025".to_string(), 74.0), ("2027".to_string(), 76.0)].into_iter().collect();
        assert_eq!(i.target_for(2024), None);
        assert_eq!(i.target_for(2025), Some((2025, 74.0)));
        assert_eq!(i.target_for(2026), Some((2025, 74.0)));
        assert_eq!(i.target_for(2030), Some((2027, 76.0)));
    }
}
