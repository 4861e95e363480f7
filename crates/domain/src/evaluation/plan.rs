//! The dialogue after a report (seed 001: the evaluation is the start of a
//! conversation): the talk with the manager within one or two weeks of the
//! release, the team dialogue with the results the leader chooses to
//! share, and a development plan of one to three focus behaviours from the
//! foundation, with actions, support and a follow-up date, followed up by
//! check-ins. The plan belongs to the leader and the manager (and HR).

use chrono::NaiveDate;

use crate::meetings::input::{FieldError, parse_any_date};

/// The most focus behaviours a plan holds; the foundation's advice is few.
pub const MAX_FOCUS: usize = 3;
pub const MAX_TEXT: usize = 4000;

/// The dialogue's dates and what the leader shares with the team, as typed.
#[derive(Clone, Debug, Default)]
pub struct DialogueInput {
    pub talk_on: String,
    pub team_on: String,
    /// The parts of the report shared with the team: statement keys, and "mirror".
    pub shared: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialogue {
    pub talk_on: Option<NaiveDate>,
    pub team_on: Option<NaiveDate>,
    pub shared: Vec<String>,
}

/// The followership mirror, as a part of the report the leader may share.
pub const MIRROR: &str = "mirror";

fn optional_date(field: &'static str, s: &str) -> Result<Option<NaiveDate>, FieldError> {
    if s.trim().is_empty() { Ok(None) } else { parse_any_date(field, s).map(Some) }
}

impl DialogueInput {
    /// Dates that can be read, and of what is shared only the report's own
    /// statements (`statements`, by key) and the mirror, each once.
    pub fn check(&self, statements: &[&str]) -> Result<Dialogue, Vec<FieldError>> {
        let talk = optional_date("talk_on", &self.talk_on);
        let team = optional_date("team_on", &self.team_on);
        let mut shared: Vec<String> = vec![];
        for k in &self.shared {
            if (statements.contains(&k.as_str()) || k == MIRROR) && !shared.contains(k) {
                shared.push(k.clone());
            }
        }
        match (talk, team) {
            (Ok(talk_on), Ok(team_on)) => Ok(Dialogue { talk_on, team_on, shared }),
            (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect()),
        }
    }
}

/// The development plan as typed: the chosen behaviours (the round's item
/// ids), the actions, the support, and when to follow up.
#[derive(Clone, Debug, Default)]
pub struct PlanInput {
    pub focus: Vec<String>,
    pub actions: String,
    pub support: String,
    pub follow_up_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub focus: Vec<i64>,
    pub actions: String,
    pub support: String,
    pub follow_up_on: NaiveDate,
}

impl PlanInput {
    /// Checks the plan against the round's items (`known`) and today: one
    /// to three behaviours, actions written, a follow-up date to come. The
    /// date already saved (`saved_follow_up`) stands even once it has come:
    /// that is when the plan is checked in on and saved again.
    pub fn check(&self, known: &[i64], today: NaiveDate, saved_follow_up: Option<NaiveDate>) -> Result<Plan, Vec<FieldError>> {
        let mut errs = vec![];
        let mut focus: Vec<i64> = self.focus.iter().filter_map(|f| f.trim().parse().ok()).filter(|f| known.contains(f)).collect();
        focus.sort();
        focus.dedup();
        if focus.is_empty() || focus.len() > MAX_FOCUS || focus.len() != self.focus.len() {
            errs.push(FieldError { field: "focus", message_id: "evaluation-plan-focus" });
        }
        let actions = self.actions.trim().to_string();
        if actions.is_empty() {
            errs.push(FieldError { field: "actions", message_id: "evaluation-plan-actions-required" });
        } else if actions.chars().count() > MAX_TEXT {
            errs.push(FieldError { field: "actions", message_id: "evaluation-plan-too-long" });
        }
        let support = self.support.trim().to_string();
        if support.chars().count() > MAX_TEXT {
            errs.push(FieldError { field: "support", message_id: "evaluation-plan-too-long" });
        }
        let follow = match parse_any_date("follow_up_on", &self.follow_up_on) {
            Ok(d) if d <= today && Some(d) != saved_follow_up => {
                errs.push(FieldError { field: "follow_up_on", message_id: "evaluation-plan-follow-up-past" });
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errs.push(e);
                None
            }
        };
        match follow {
            Some(follow_up_on) if errs.is_empty() => Ok(Plan { focus, actions, support, follow_up_on }),
            _ => Err(errs),
        }
    }
}

/// A check-in on a plan as typed: when, and how it is going.
#[derive(Clone, Debug, Default)]
pub struct CheckInInput {
    pub on: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckIn {
    pub on: NaiveDate,
    pub note: String,
}

impl CheckInInput {
    /// A date that can be read, and a note that says something (and not a book).
    pub fn check(&self) -> Result<CheckIn, Vec<FieldError>> {
        let on = parse_any_date("on", &self.on);
        let note = self.note.trim().to_string();
        let mut errs: Vec<FieldError> = on.as_ref().err().cloned().into_iter().collect();
        if note.is_empty() || note.chars().count() > MAX_TEXT {
            errs.push(FieldError { field: "note", message_id: "evaluation-checkin-note" });
        }
        match on {
            Ok(on) if errs.is_empty() => Ok(CheckIn { on, note }),
            _ => Err(errs),
        }
    }
}

/// Whether a check-in is due: the follow-up date has come and no check-in
/// was written since it.
pub fn check_in_due(follow_up_on: NaiveDate, last_check_in: Option<NaiveDate>, today: NaiveDate) -> bool {
    today >= follow_up_on && last_check_in.is_none_or(|d| d < follow_up_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn input(focus: &[&str]) -> PlanInput {
        PlanInput {
            focus: focus.iter().map(|s| s.to_string()).collect(),
            actions: "Ugentlig feedback på personalemødet".into(),
            support: String::new(),
            follow_up_on: "1.3.2027".into(),
        }
    }

    #[test]
    fn a_check_in_needs_a_date_and_a_note() {
        let ok = CheckInInput { on: "3.2.2027".into(), note: " To af tre møder. ".into() }.check().unwrap();
        assert_eq!(ok, CheckIn { on: d("2027-02-03"), note: "To af tre møder.".into() });
        let fields = |on: &str, note: &str| CheckInInput { on: on.into(), note: note.into() }.check().unwrap_err().iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields("3. februar", "  "), ["on", "note"]);
        assert_eq!(fields("2027-02-03", &"x".repeat(MAX_TEXT + 1)), ["note"]);
    }

    #[test]
    fn a_plan_holds_one_to_three_behaviours_of_the_round() {
        let known = [1, 2, 3, 4];
        let today = d("2026-12-01");
        assert_eq!(input(&["2"]).check(&known, today, None).unwrap().focus, vec![2]);
        assert_eq!(input(&["1", "2", "3"]).check(&known, today, None).unwrap().follow_up_on, d("2027-03-01"));
        // Saved again after its follow-up date, the plan keeps that date; a new date must lie ahead.
        let later = d("2027-03-02");
        assert_eq!(input(&["2"]).check(&known, later, Some(d("2027-03-01"))).unwrap().follow_up_on, d("2027-03-01"));
        assert!(input(&["2"]).check(&known, later, None).is_err());
        let field = |p: PlanInput| p.check(&known, today, None).unwrap_err().iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(field(input(&[])), ["focus"]);
        assert_eq!(field(input(&["1", "2", "3", "4"])), ["focus"]);
        assert_eq!(field(input(&["9"])), ["focus"], "a behaviour not of the round");
        assert_eq!(field(PlanInput { actions: " ".into(), follow_up_on: "2026-11-01".into(), ..input(&["1"]) }), ["actions", "follow_up_on"]);
    }

    #[test]
    fn a_check_in_is_due_from_the_follow_up_date_until_one_is_written() {
        let f = d("2027-03-01");
        assert!(!check_in_due(f, None, d("2027-02-28")));
        assert!(check_in_due(f, None, f));
        assert!(check_in_due(f, Some(d("2027-01-10")), d("2027-03-02")));
        assert!(!check_in_due(f, Some(d("2027-03-02")), d("2027-03-05")));
        assert_eq!(DialogueInput { talk_on: "2026-12-10".into(), ..Default::default() }.check(&[]).unwrap().team_on, None);
        assert!(DialogueInput { talk_on: "10/13/2026".into(), ..Default::default() }.check(&[]).is_err());
        let shared = ["statement.a", "mirror", "statement.a", "<script>"].map(String::from).to_vec();
        let d = DialogueInput { shared, ..Default::default() }.check(&["statement.a", "statement.b"]).unwrap();
        assert_eq!(d.shared, ["statement.a", "mirror"], "the report's own parts, once each");
    }
}
