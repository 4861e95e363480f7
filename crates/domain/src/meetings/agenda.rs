//! Agenda items: what a proposal must hold, the life of an item (proposed,
//! placed on a meeting's agenda, deferred, declined), and the agenda's times.

use chrono::{DateTime, Duration, Utc};

use super::input::FieldError;
use super::meeting::{ItemId, MeetingId};

words! {
    /// The usual item types of a Danish agenda.
    pub enum ItemKind {
        /// Til beslutning
        Decision = "decision",
        /// Til drøftelse
        Discussion = "discussion",
        /// Til orientering
        Information = "information",
    }
}

words! {
    pub enum ItemStatus {
        /// Proposed for a meeting, not yet on its agenda.
        Proposed = "proposed",
        /// On the meeting's agenda.
        Placed = "placed",
        /// Moved to a later meeting (as a proposal there).
        Deferred = "deferred",
        /// Not taken up, with a reason.
        Declined = "declined",
    }
}

impl ItemStatus {
    /// The statuses an item may move to `self` from: a proposal is placed
    /// on the agenda; a proposal or a placed item is declined or deferred;
    /// nothing goes back to being a proposal (a deferred item's copy is a
    /// new proposal).
    pub fn reached_from(self) -> &'static [ItemStatus] {
        match self {
            ItemStatus::Proposed => &[],
            ItemStatus::Placed => &[ItemStatus::Proposed],
            ItemStatus::Deferred | ItemStatus::Declined => &[ItemStatus::Proposed, ItemStatus::Placed],
        }
    }

    pub fn may_become(self, to: ItemStatus) -> bool {
        to.reached_from().contains(&self)
    }
}

/// An item as stored: a proposal, or a point on a meeting's agenda.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: ItemId,
    pub forum_id: i64,
    pub meeting_id: MeetingId,
    pub status: ItemStatus,
    pub position: i64,
    /// The agenda's part (an index into the forum's parts), if it has parts.
    pub part: Option<i64>,
    pub kind: ItemKind,
    pub title: String,
    pub recommendation: String,
    pub background: String,
    pub minutes: i64,
    pub closed: bool,
    pub proposer_person_id: Option<i64>,
    pub presenter_person_id: Option<i64>,
    pub perspective_key: Option<String>,
    pub value_key: Option<String>,
    /// Why it was declined or deferred.
    pub status_reason: String,
    pub deferred_to_item_id: Option<ItemId>,
    pub changed_after_publish: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl Item {
    pub fn is_placed(&self) -> bool {
        self.status == ItemStatus::Placed
    }

    /// On the agenda for a decision: the minutes record one.
    pub fn takes_decision(&self) -> bool {
        self.is_placed() && self.kind == ItemKind::Decision
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
pub fn move_item<T: PartialEq + Copy>(order: &[T], id: T, up: bool) -> Vec<T> {
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
    fn an_item_moves_only_forward() {
        use ItemStatus::*;
        let legal = [(Proposed, Placed), (Proposed, Declined), (Proposed, Deferred), (Placed, Declined), (Placed, Deferred)];
        for from in ItemStatus::ALL {
            for to in ItemStatus::ALL {
                assert_eq!(from.may_become(to), legal.contains(&(from, to)), "{from} to {to}");
            }
        }
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
