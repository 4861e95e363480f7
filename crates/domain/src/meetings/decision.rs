//! Decisions and their way to the outermost link: whom a decision concerns,
//! who must hear of it, and how far each unit has come in carrying it out.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::meeting::{DecisionId, ItemId, MeetingId};
use super::policy::DecisionHead;

words! {
    /// Who must be told of a decision.
    pub enum Communicate {
        /// Nobody beyond the forum.
        None = "none",
        /// All leaders.
        Leaders = "leaders",
        /// All employees.
        Employees = "employees",
    }
}

words! {
    /// How far a unit has come with a decision.
    pub enum Implementation {
        /// Sent to the unit's leader, not yet seen.
        Pending = "pending",
        /// The leader has acknowledged it.
        Acknowledged = "acknowledged",
        /// Under way.
        InProgress = "in_progress",
        /// Carried out.
        Implemented = "implemented",
    }
}

impl Implementation {
    /// A leader may move a unit's status forward, back when a report was
    /// premature, or keep it and write a new note; never back to "pending".
    pub fn can_report(self, to: Implementation) -> bool {
        to != Implementation::Pending
    }

    /// What a leader chooses from when reporting: every status but "pending".
    pub fn reportable() -> Vec<Implementation> {
        Implementation::ALL.into_iter().filter(|s| *s != Implementation::Pending).collect()
    }
}

words! {
    /// How minutes are approved (seed 002: at the next meeting, or by
    /// circulation among the members when the next meeting is far off).
    pub enum Approval {
        AtMeeting = "at_meeting",
        Circulation = "circulation",
    }
}

words! {
    /// A decision's overall status from its units' statuses.
    pub enum Progress {
        /// Concerns no units: decided, nothing to carry out.
        Decided = "decided",
        /// Some units have not acknowledged it yet.
        AwaitingUnits = "awaiting_units",
        /// All units have seen it; carrying out is under way.
        InProgress = "in_progress",
        /// Every unit has carried it out.
        Implemented = "implemented",
    }
}

/// A decision as recorded in approved minutes.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub id: DecisionId,
    pub forum_id: i64,
    pub meeting_id: MeetingId,
    pub item_id: ItemId,
    pub title: String,
    /// The minutes' decision text.
    pub text: String,
    /// The item's recommendation as it stood when the minutes were approved,
    /// so the decision says what was decided even when `text` only says
    /// "the recommendation was approved".
    pub recommendation: String,
    pub decided_at: DateTime<Utc>,
    pub communicate: Communicate,
    pub whole_organisation: bool,
    pub perspective_key: Option<String>,
    pub value_key: Option<String>,
    pub units_reached: i64,
    pub units_implemented: i64,
    pub units_pending: i64,
    /// Made on a closed item: read only by the forum's members and the secretariat.
    pub closed: bool,
}

impl Decision {
    /// What was decided in a line or two, for lists and news: the decision
    /// text followed by the recommendation it may only refer to ("the
    /// recommendation was approved"), cut at a word.
    pub fn summary(&self, max_chars: usize) -> String {
        let whole = [self.text.trim(), self.recommendation.trim()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
        crate::text::clip(&whole, max_chars)
    }

    /// What the policy needs to know of it besides the units it reaches.
    pub fn head(&self) -> DecisionHead {
        DecisionHead { forum: self.forum_id, closed: self.closed, communicate: self.communicate }
    }

    /// (units reached, units that carried it out, units yet to acknowledge).
    pub fn counts(&self) -> (i64, i64, i64) {
        (self.units_reached, self.units_implemented, self.units_pending)
    }

    pub fn progress(&self) -> Progress {
        progress_of_counts(self.units_reached, self.units_implemented, self.units_pending)
    }
}

words! {
    /// A follow-up action's state.
    pub enum ActionStatus {
        Open = "open",
        Done = "done",
    }
}

/// A follow-up action (opfølgningspunkt): what is to be done, by whom and when.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub id: i64,
    pub forum_id: i64,
    pub decision_id: Option<DecisionId>,
    pub what: String,
    pub owner_person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub due: NaiveDate,
    pub status: ActionStatus,
    pub done_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl Action {
    pub fn is_open(&self) -> bool {
        self.status == ActionStatus::Open
    }

    /// Open and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due < today
    }

    /// The state marking it done or opening it again leads to; an action is
    /// never marked what it already is, so a second click changes nothing.
    pub fn toggled(&self, done: bool) -> Option<ActionStatus> {
        let to = if done { ActionStatus::Done } else { ActionStatus::Open };
        (to != self.status).then_some(to)
    }
}

pub fn progress(units: &[Implementation]) -> Progress {
    let (reached, implemented, pending) = counts(units);
    progress_of_counts(reached, implemented, pending)
}

/// The same from counts, as decisions store them: units reached, units that
/// carried it out, units yet to acknowledge. The register's status filter
/// (store::meetings::decisions) states this rule in SQL.
pub fn progress_of_counts(reached: i64, implemented: i64, pending: i64) -> Progress {
    if reached <= 0 {
        Progress::Decided
    } else if implemented >= reached {
        Progress::Implemented
    } else if pending > 0 {
        Progress::AwaitingUnits
    } else {
        Progress::InProgress
    }
}

fn counts(units: &[Implementation]) -> (i64, i64, i64) {
    let of = |s: Implementation| units.iter().filter(|u| **u == s).count() as i64;
    (units.len() as i64, of(Implementation::Implemented), of(Implementation::Pending))
}

/// The share of units that have carried a decision out, in whole percent.
pub fn percent_implemented(units: &[Implementation]) -> u32 {
    let (reached, implemented, _) = counts(units);
    percent_of_counts(reached, implemented)
}

pub fn percent_of_counts(reached: i64, implemented: i64) -> u32 {
    if reached <= 0 { 0 } else { (implemented.clamp(0, reached) * 100 / reached) as u32 }
}

/// A follow-up task written in the minutes, before the decision it carries
/// out exists: made an action when the minutes are approved.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlannedAction {
    pub what: String,
    pub owner: Option<i64>,
    pub due: NaiveDate,
}

/// Why a planned task was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// A task needs a deadline, as a date.
    Due,
    /// The deadline is before the meeting.
    DueBeforeMeeting,
    /// The owner is not one of those offered.
    Owner,
    TooLong,
}

/// The follow-up tasks typed for one item, row by row as the form sends
/// them (what, owner, due). A row with nothing in "what" is left out; any
/// other row must be whole. `owners` are the people who may be given one.
pub fn plan_actions(rows: &[(String, String, String)], owners: &[i64], meeting_day: NaiveDate) -> Result<Vec<PlannedAction>, PlanError> {
    let mut out = vec![];
    for (what, owner, due) in rows {
        let what = what.split_whitespace().collect::<Vec<_>>().join(" ");
        if what.is_empty() {
            continue;
        }
        if what.chars().count() > 1000 {
            return Err(PlanError::TooLong);
        }
        let due = NaiveDate::parse_from_str(due.trim(), "%Y-%m-%d").map_err(|_| PlanError::Due)?;
        if due < meeting_day {
            return Err(PlanError::DueBeforeMeeting);
        }
        let owner = match owner.trim() {
            "" => None,
            o => Some(o.parse::<i64>().ok().filter(|o| owners.contains(o)).ok_or(PlanError::Owner)?),
        };
        out.push(PlannedAction { what, owner, due });
    }
    Ok(out)
}

/// The units a decision reaches: the concerned units and every unit below
/// them, given the tree as (unit, parent) pairs. Order: tree order from the
/// concerned units down, each unit once.
pub fn reach(concerned: &[i64], tree: &[(i64, Option<i64>)]) -> Vec<i64> {
    let mut out: Vec<i64> = vec![];
    let mut queue: Vec<i64> = concerned.to_vec();
    let mut i = 0;
    while i < queue.len() {
        let u = queue[i];
        if !out.contains(&u) {
            out.push(u);
            queue.extend(tree.iter().filter(|(_, p)| *p == Some(u)).map(|(id, _)| *id));
        }
        i += 1;
    }
    out
}

/// How many units stand at each step of carrying a decision out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally([u32; 4]);

impl Tally {
    pub fn add(&mut self, i: Implementation) {
        self.add_units(i, 1);
    }
    pub fn add_units(&mut self, i: Implementation, units: u32) {
        self.0[i as usize] += units;
    }
    pub fn get(&self, i: Implementation) -> u32 {
        self.0[i as usize]
    }
    pub fn reached(&self) -> u32 {
        self.0.iter().sum()
    }
    pub fn percent(&self) -> u32 {
        percent_of_counts(self.reached().into(), self.get(Implementation::Implemented).into())
    }
    pub fn progress(&self) -> Progress {
        progress_of_counts(self.reached().into(), self.get(Implementation::Implemented).into(), self.get(Implementation::Pending).into())
    }
}

/// Where a unit's progress is summed on a decision's page when the
/// decision reaches too many units to list: an operating unit under the
/// nearest unit above it that is not one (its centre, as a rule), every
/// other unit under itself. `tree` holds (unit, parent, is an operating unit).
pub fn summed_under(tree: &[(i64, Option<i64>, bool)]) -> HashMap<i64, i64> {
    let by_id: HashMap<i64, (Option<i64>, bool)> = tree.iter().map(|(id, p, op)| (*id, (*p, *op))).collect();
    tree.iter()
        .map(|&(id, _, _)| {
            let mut at = id;
            // Bounded by the tree's size, in case of a cycle in bad data.
            for _ in 0..tree.len() {
                match by_id.get(&at) {
                    Some((Some(parent), true)) => at = *parent,
                    _ => break,
                }
            }
            (id, at)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Implementation::*;

    #[test]
    fn planned_tasks_are_whole_or_left_out() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let row = |w: &str, o: &str, d: &str| (w.to_string(), o.to_string(), d.to_string());
        let plan = plan_actions(&[row("  Meld  tilbage ", "7", "2026-12-17"), row("", "", "")], &[7, 8], day).unwrap();
        assert_eq!(plan, vec![PlannedAction { what: "Meld tilbage".into(), owner: Some(7), due: NaiveDate::from_ymd_opt(2026, 12, 17).unwrap() }]);
        assert_eq!(plan_actions(&[row("Meld tilbage", "", "")], &[7], day), Err(PlanError::Due));
        assert_eq!(plan_actions(&[row("Meld tilbage", "", "2026-12-01")], &[7], day), Err(PlanError::DueBeforeMeeting));
        assert_eq!(plan_actions(&[row("Meld tilbage", "9", "2026-12-17")], &[7], day), Err(PlanError::Owner));
        assert_eq!(plan_actions(&[row("Meld tilbage", "", "2026-12-17")], &[], day).unwrap()[0].owner, None);
    }

    #[test]
    fn progress_rolls_up() {
        assert_eq!(progress(&[]), Progress::Decided);
        assert_eq!(progress(&[Implemented, Implemented]), Progress::Implemented);
        assert_eq!(progress(&[Implemented, Pending]), Progress::AwaitingUnits);
        assert_eq!(progress(&[Acknowledged, InProgress, Implemented]), Progress::InProgress);
        assert_eq!(progress_of_counts(350, 100, 0), Progress::InProgress);
        assert_eq!(progress_of_counts(350, 100, 1), Progress::AwaitingUnits);
        assert_eq!(progress_of_counts(3, 3, 0), Progress::Implemented);
        assert_eq!(percent_of_counts(3, 1), 33);
        assert_eq!(percent_implemented(&[Implemented, Pending, InProgress, Implemented]), 50);
        assert_eq!(percent_implemented(&[]), 0);
    }

    #[test]
    fn a_tally_counts_each_step() {
        let mut t = Tally::default();
        assert_eq!((t.reached(), t.percent(), t.progress()), (0, 0, Progress::Decided));
        for i in [Pending, Implemented, InProgress] {
            t.add(i);
        }
        t.add_units(Implemented, 1);
        assert_eq!((t.reached(), t.get(Implemented), t.get(Pending)), (4, 2, 1));
        assert_eq!((t.percent(), t.progress()), (50, Progress::AwaitingUnits));
    }

    #[test]
    fn operating_units_are_summed_under_their_centre() {
        // Municipality 1 > directorate 2 > centre 3 > units 4 and 5 > unit 6 under 5;
        // unit 7 sits directly under the directorate.
        let tree = [(1, None, false), (2, Some(1), false), (3, Some(2), false), (4, Some(3), true), (5, Some(3), true), (6, Some(5), true), (7, Some(2), true)];
        let under = summed_under(&tree);
        assert_eq!([1, 2, 3, 4, 5, 6, 7].map(|u| under[&u]), [1, 2, 3, 3, 3, 3, 2]);
    }

    #[test]
    fn reports() {
        assert!(Pending.can_report(Acknowledged));
        assert!(Acknowledged.can_report(Implemented));
        assert!(Implemented.can_report(InProgress), "a premature report may be taken back");
        assert!(!InProgress.can_report(Pending));
        assert!(InProgress.can_report(InProgress), "the same status with a new note");
    }

    #[test]
    fn a_decision_reaches_down_the_tree() {
        // 1 > 2 > (3, 4), 1 > 5 > 6
        let tree = [(1, None), (2, Some(1)), (3, Some(2)), (4, Some(2)), (5, Some(1)), (6, Some(5))];
        assert_eq!(reach(&[2], &tree), vec![2, 3, 4]);
        assert_eq!(reach(&[2, 5], &tree), vec![2, 5, 3, 4, 6]);
        assert_eq!(reach(&[2, 3], &tree), vec![2, 3, 4], "each unit once");
        assert_eq!(reach(&[1], &tree).len(), 6);
    }
}
