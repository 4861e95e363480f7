//! Who may do what with the work programme and the årshjul. Everyone signed
//! in reads the programme (seed 002: it is the organisation's shared plan);
//! the board writes it with the secretariat; an initiative's owner keeps it
//! and reports on it. The wheel shows a forum's meetings only to those who
//! may read the forum (`meetings::policy`).

use crate::access::Viewer;
use crate::meetings::cadence::Cadence;
use crate::meetings::forum::Forum;
use crate::org::UnitKind;

impl Viewer {
    /// Write the work programme: create it, approve and close it, add and
    /// change any initiative, keep the årshjul's entries and rules. Seed
    /// 002: the board writes it with group management, so the secretariat
    /// and the directors.
    pub fn can_manage_programme(&self) -> bool {
        self.can_manage_meetings() || self.led_kinds.iter().any(|k| matches!(k, UnitKind::Directorate | UnitKind::ExecutiveBoard))
    }

    /// Change an initiative, add its milestones and write its status
    /// reports: its owner, and whoever manages the programme.
    pub fn can_edit_initiative(&self, owner: Option<i64>) -> bool {
        self.can_manage_programme() || self.is_person(owner)
    }

    /// Whether a forum's meetings are on this viewer's wheel: the forum is on
    /// the wheel, and the viewer may read it.
    pub fn sees_on_wheel(&self, f: &Forum) -> bool {
        forum_on_wheel(f) && self.can_read_forum(f)
    }
}

/// Whether a forum's meetings belong on the wheel: the formal forums and
/// those that meet once or a few times a year (the strategy day, the 12-12
/// seminar). The many 1:1s and working groups would drown the rest.
pub fn forum_on_wheel(f: &Forum) -> bool {
    f.formal || matches!(f.cadence, Cadence::Yearly { .. } | Cadence::TimesPerYear { .. })
}

#[cfg(test)]
mod tests {
    use crate::access::{Role, Viewer};
    use crate::org::UnitKind;

    #[test]
    fn the_programme_is_written_by_the_secretariat_and_the_directors() {
        let secretariat = Viewer::new(None, vec![Role::Secretariat], []);
        let director = Viewer::new(Some(7), vec![], [(2, UnitKind::Directorate)]);
        let chief = Viewer::new(Some(8), vec![], [(3, UnitKind::Centre)]);
        let employee = Viewer::new(Some(9), vec![], []);
        assert!(secretariat.can_manage_programme() && director.can_manage_programme());
        assert!(!chief.can_manage_programme() && !employee.can_manage_programme());
        assert!(chief.can_edit_initiative(Some(8)), "a centre chief edits the initiative they own");
        assert!(!chief.can_edit_initiative(Some(7)) && !chief.can_edit_initiative(None));
        assert!(!employee.can_edit_initiative(Some(8)));
        assert!(director.can_edit_initiative(Some(8)));
    }
}
