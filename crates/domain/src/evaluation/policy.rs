//! Who may do what in the leader evaluation. HR runs the rounds; a
//! leader's report is read by HR once the round has closed, and by the
//! leader and the leader's manager once it is released to them. The leader
//! sees how many have answered per group, never who. Nobody, HR and the
//! administrators included, ever sees one person's answers: the anonymity
//! rules (`anonymity`) decide every figure a reader gets.

use crate::access::{Role, Viewer};

/// How a reader comes to read a leader's report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportReader {
    Hr,
    /// The leader the report is about.
    Leader,
    /// The leader's own leader.
    Manager,
}

/// Where a leader's report stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportState {
    /// The round has closed and the answers are settled.
    pub closed: bool,
    /// Released to the leader and the manager.
    pub released: bool,
}

impl Viewer {
    /// Prepare, open and close rounds, and read every report once closed.
    pub fn can_run_evaluations(&self) -> bool {
        self.has(Role::Hr)
    }

    /// How this viewer may read the report about `leader`, whose manager is
    /// `manager`; none when they may not.
    pub fn report_reader(&self, leader: Option<i64>, manager: Option<i64>, state: ReportState) -> Option<ReportReader> {
        if !state.closed {
            return None;
        }
        if self.can_run_evaluations() {
            return Some(ReportReader::Hr);
        }
        if !state.released {
            return None;
        }
        if leader.is_some() && self.is_person(leader) {
            Some(ReportReader::Leader)
        } else if manager.is_some() && self.is_person(manager) {
            Some(ReportReader::Manager)
        } else {
            None
        }
    }

    /// See how many have answered about `leader`, per group: HR and the leader.
    pub fn can_follow_progress(&self, leader: Option<i64>) -> bool {
        self.can_run_evaluations() || (leader.is_some() && self.is_person(leader))
    }

    /// See who is asked about `leader`, take people out before the round
    /// opens and approve the list: HR and the leader.
    pub fn can_adjust_raters(&self, leader: Option<i64>) -> bool {
        self.can_follow_progress(leader)
    }

    /// Ask someone more about a leader, or take a leader out of a round: HR
    /// only. A leader who could add people could fill the group around one
    /// real employee with friends and subtract.
    pub fn can_add_raters(&self) -> bool {
        self.can_run_evaluations()
    }
}

/// The groups someone can be added to by hand: employees and peers, and
/// the manager only when the list has none (one taken out by mistake). The
/// leader is themself.
pub fn addable(g: super::anonymity::Group, has_manager: bool) -> bool {
    use super::anonymity::Group;
    matches!(g, Group::Employees | Group::Peers) || (g == Group::Manager && !has_manager)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::UnitKind;

    #[test]
    fn reports_are_read_by_hr_at_close_and_by_leader_and_manager_at_release() {
        let hr = Viewer::new(Some(1), vec![Role::Hr], []);
        let admin = Viewer::new(Some(2), vec![Role::Admin], []);
        let leader = Viewer::new(Some(10), vec![], [(5, UnitKind::Centre)]);
        let manager = Viewer::new(Some(20), vec![], [(4, UnitKind::Directorate)]);
        let employee = Viewer::new(Some(30), vec![], []);
        let open = ReportState { closed: false, released: false };
        let closed = ReportState { closed: true, released: false };
        let released = ReportState { closed: true, released: true };
        assert_eq!(hr.report_reader(Some(10), Some(20), open), None, "no report while answers come in");
        assert_eq!(hr.report_reader(Some(10), Some(20), closed), Some(ReportReader::Hr));
        assert_eq!(leader.report_reader(Some(10), Some(20), closed), None, "HR reads it first");
        assert_eq!(leader.report_reader(Some(10), Some(20), released), Some(ReportReader::Leader));
        assert_eq!(manager.report_reader(Some(10), Some(20), released), Some(ReportReader::Manager));
        assert_eq!(employee.report_reader(Some(10), Some(20), released), None);
        assert_eq!(admin.report_reader(Some(10), Some(20), released), None, "administrators do not read reports");
        assert!(leader.can_follow_progress(Some(10)) && !manager.can_follow_progress(Some(10)));
        assert!(!admin.can_run_evaluations() && hr.can_run_evaluations());
        assert!(leader.can_adjust_raters(Some(10)) && !leader.can_add_raters() && hr.can_add_raters());
        use crate::evaluation::anonymity::Group;
        assert!(addable(Group::Employees, true) && addable(Group::Peers, true) && !addable(Group::Own, false));
        assert!(!addable(Group::Manager, true) && addable(Group::Manager, false), "one manager, shown alone");
    }
}
