//! Personal tokens. An API token reads the parts of the API its scope names,
//! as its person may, until it expires or is revoked. A calendar feed's
//! token reads that person's calendar feeds and nothing else; it sits in a
//! calendar program's settings, where more could leak than a diary.

use chrono::{DateTime, Utc};

use crate::meetings::input::FieldError;

words! {
    /// The two kinds of personal token.
    pub enum TokenKind {
        /// For `Authorization: Bearer …` on /api/v1.
        Api = "api",
        /// In a calendar feed's address; reads the feeds only.
        Feed = "feed",
    }
}

words! {
    /// Where a token stands: in use, past its time, or withdrawn by its owner.
    pub enum TokenState {
        Active = "active",
        Expired = "expired",
        Revoked = "revoked",
    }
}

impl TokenState {
    /// Revoked wins over expired: the owner's act is what they remember.
    pub fn of(revoked: bool, expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> TokenState {
        if revoked {
            TokenState::Revoked
        } else if expires_at.is_some_and(|e| e <= now) {
            TokenState::Expired
        } else {
            TokenState::Active
        }
    }
}

words! {
    /// A part of the API a token may be scoped to.
    pub enum ApiArea {
        /// Units and people.
        Org = "org",
        /// The framework.
        Framework = "framework",
        /// Forums, meetings, decisions and follow-up.
        Meetings = "meetings",
        /// Work programmes, initiatives and the årshjul.
        Programme = "programme",
        /// Leader evaluation: rounds, progress and reports, as their reader may see them.
        Evaluation = "evaluation",
        /// Policies, goals and indicators with their figures.
        Policy = "policy",
    }
}

impl ApiArea {
    /// A stored scope: "all", or areas separated by commas. Unknown words
    /// give nothing, so a damaged scope reaches less, never more.
    pub fn parse_scope(s: &str) -> Vec<ApiArea> {
        if s.trim() == "all" { ApiArea::ALL.to_vec() } else { s.split(',').filter_map(|w| ApiArea::parse(w.trim())).collect() }
    }

    pub fn format_scope(areas: &[ApiArea]) -> String {
        if ApiArea::ALL.iter().all(|a| areas.contains(a)) {
            "all".into()
        } else {
            ApiArea::ALL.iter().filter(|a| areas.contains(a)).map(|a| a.as_str()).collect::<Vec<_>>().join(",")
        }
    }
}

/// An API token lives this many days unless asked otherwise.
pub const DEFAULT_DAYS: i64 = 90;
/// And at most this many: a token that never expires is forgotten in a script.
pub const MAX_DAYS: i64 = 366;
pub const MAX_LABEL: usize = 100;

/// A new API token as asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApiToken {
    pub label: String,
    pub scope: Vec<ApiArea>,
    pub days: i64,
}

/// Checks a request for an API token: a name to know it by, at least one
/// area, and a life of 1 to `MAX_DAYS` days.
pub fn check_api_token(label: &str, areas: &[String], days: &str) -> Result<NewApiToken, Vec<FieldError>> {
    let mut errs = vec![];
    let label = label.trim().to_string();
    if label.is_empty() || label.chars().count() > MAX_LABEL {
        errs.push(FieldError { field: "label", message_id: "token-label-invalid" });
    }
    let mut scope = vec![];
    for a in areas {
        match ApiArea::parse(a.trim()) {
            Some(a) if !scope.contains(&a) => scope.push(a),
            Some(_) => {}
            None => errs.push(FieldError { field: "scope", message_id: "token-scope-invalid" }),
        }
    }
    if scope.is_empty() && !errs.iter().any(|e| e.field == "scope") {
        errs.push(FieldError { field: "scope", message_id: "token-scope-invalid" });
    }
    let days = if days.trim().is_empty() { Some(DEFAULT_DAYS) } else { days.trim().parse::<i64>().ok().filter(|d| (1..=MAX_DAYS).contains(d)) };
    if days.is_none() {
        errs.push(FieldError { field: "days", message_id: "token-days-invalid" });
    }
    match (errs.is_empty(), days) {
        (true, Some(days)) => Ok(NewApiToken { label, scope, days }),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_and_damage_narrows() {
        assert_eq!(ApiArea::parse_scope("all"), ApiArea::ALL.to_vec());
        assert_eq!(ApiArea::format_scope(&ApiArea::ALL), "all");
        assert_eq!(ApiArea::parse_scope("meetings,programme"), vec![ApiArea::Meetings, ApiArea::Programme]);
        assert_eq!(ApiArea::format_scope(&[ApiArea::Programme, ApiArea::Org]), "org,programme");
        assert!(ApiArea::parse_scope("everything").is_empty());
    }

    #[test]
    fn a_token_needs_a_name_an_area_and_a_life() {
        let ok = check_api_token(" Årshjul til intranet ", &["programme".into()], "").unwrap();
        assert_eq!((ok.label.as_str(), ok.scope.as_slice(), ok.days), ("Årshjul til intranet", &[ApiArea::Programme][..], DEFAULT_DAYS));
        let fields = |r: Result<NewApiToken, Vec<FieldError>>| r.unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(check_api_token("", &[], "0")), ["label", "scope", "days"]);
        assert_eq!(fields(check_api_token("x", &["root".into()], "400")), ["scope", "days"]);
    }
}
