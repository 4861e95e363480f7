//! Agenda items: what a proposal must hold, the life of an item (proposed,
//! placed on a meeting's agenda, deferred, declined), and the agenda's times.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::input::FieldError;

/// The usual item types of a Danish agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Til beslutning
    Decision,
    /// Til drøftelse
    Discussion,
    /// Til orientering
    Information,
}

impl ItemKind {
    pub const ALL: [ItemKind; 3] = [ItemKind::Decision, ItemKind::Discussion, ItemKind::Information];
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Decision => "decision",
            ItemKind::Discussion => "discussion",
            ItemKind::Information => "information",
        }
    }
    pub fn parse(s: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Proposed for a meeting, not yet on its agenda.
    Proposed,
    /// On the meeting's agenda.
    Placed,
    /// Moved to a later meeting (as a proposal there).
    Deferred,
    /// Not taken up, with a reason.
    Declined,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 4] = [ItemStatus::Proposed, ItemStatus::Placed, ItemStatus::Deferred, ItemStatus::Declined];
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Proposed => "proposed",
            ItemStatus::Placed => "placed",
            ItemStatus::Deferred => "deferred",
            ItemStatus::Declined => "declined",
        }
    }
    pub fn parse(s: &str) -> Option<ItemStatus> {
        ItemStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A proposal as typed, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct ProposalInput {
    pub title: String,
    pub kind: String,
    pub recommendation: String,
    pub background: String,
    pub minutes: String,
    pub closed: bool,
}

/// A checked proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub title: String,
    pub kind: ItemKind,
    pub recommendation: String,
    pub background: String,
    pub minutes: i64,
    pub closed: bool,
}

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 20_000;

/// Checks a proposal; every problem is reported, each beside its field.
pub fn check_proposal(p: &ProposalInput) -> Result<Proposal, Vec<FieldError>> {
    let mut errs = vec![];
    let title = crate::text::normalize_name(&p.title);
    if title.is_empty() {
        errs.push(FieldError { field: "title", message_id: "input-required" });
    } else if title.chars().count() > MAX_TITLE {
        errs.push(FieldError { field: "title", message_id: "input-too-long" });
    }
    let kind = ItemKind::parse(&p.kind);
    if kind.is_none() {
        errs.push(FieldError { field: "kind", message_id: "agenda-error-kind" });
    }
    let recommendation = p.recommendation.trim().to_string();
    if kind == Some(ItemKind::Decision) && recommendation.is_empty() {
        errs.push(FieldError { field: "recommendation", message_id: "agenda-error-recommendation" });
    }
    if recommendation.chars().count() > MAX_TEXT {
        errs.push(FieldError { field: "recommendation", message_id: "input-too-long" });
    }
    let background = p.background.trim().to_string();
    if background.chars().count() > MAX_TEXT {
        errs.push(FieldError { field: "background", message_id: "input-too-long" });
    }
    let minutes = p.minutes.trim().parse::<i64>().ok().filter(|m| (5..=240).contains(m));
    if minutes.is_none() {
        errs.push(FieldError { field: "minutes", message_id: "agenda-error-minutes" });
    }
    match (kind, minutes) {
        (Some(kind), Some(minutes)) if errs.is_empty() => Ok(Proposal { title, kind, recommendation, background, minutes, closed: p.closed }),
        _ => Err(errs),
    }
}

/// The last moment to propose for a meeting: `days` before it starts.
pub fn proposal_deadline(meeting_start: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    meeting_start - Duration::days(days)
}

/// Start times of the agenda's items, one after another from the meeting's
/// start, given each item's minutes.
pub fn item_times(start: DateTime<Utc>, minutes: &[i64]) -> Vec<DateTime<Utc>> {
    let mut at = start;
    minutes
        .iter()
        .map(|m| {
            let this = at;
            at += Duration::minutes(*m);
            this
        })
        .collect()
}

/// Swaps an item with its neighbour: the new order of ids.
pub fn move_item(order: &[i64], id: i64, up: bool) -> Vec<i64> {
    let mut v = order.to_vec();
    if let Some(i) = v.iter().position(|x| *x == id) {
        let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < v.len()) };
        if let Some(j) = j {
            v.swap(i, j);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn input(title: &str, kind: &str, rec: &str, minutes: &str) -> ProposalInput {
        ProposalInput { title: title.into(), kind: kind.into(), recommendation: rec.into(), minutes: minutes.into(), ..Default::default() }
    }

    #[test]
    fn a_good_proposal() {
        let p = check_proposal(&input("  Fælles  indkøb af IT ", "decision", "At koncernledelsen godkender", "20")).unwrap();
        assert_eq!(p.title, "Fælles indkøb af IT");
        assert_eq!(p.kind, ItemKind::Decision);
        assert_eq!(p.minutes, 20);
        assert!(check_proposal(&input("Orientering", "information", "", "10")).is_ok(), "no recommendation needed");
    }

    #[test]
    fn every_problem_is_reported() {
        let e = check_proposal(&input("", "vote", "", "0")).unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["title", "kind", "minutes"]);
        let e = check_proposal(&input("x", "decision", " ", "15")).unwrap_err();
        assert_eq!(e[0].message_id, "agenda-error-recommendation");
        let long = "x".repeat(201);
        assert_eq!(check_proposal(&input(&long, "discussion", "", "15")).unwrap_err()[0].message_id, "input-too-long");
    }

    #[test]
    fn times_and_order() {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        let t = item_times(start, &[10, 20, 5]);
        assert_eq!(t[2], start + Duration::minutes(30));
        assert_eq!(move_item(&[1, 2, 3], 3, true), vec![1, 3, 2]);
        assert_eq!(move_item(&[1, 2, 3], 1, true), vec![1, 2, 3]);
        assert_eq!(move_item(&[1, 2, 3], 3, false), vec![1, 2, 3]);
        assert_eq!(proposal_deadline(start, 7), start - Duration::days(7));
    }
}
