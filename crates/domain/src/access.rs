//! Who may do what. The rules follow the organisation: administrators manage
//! the tenant, leaders see their unit and everything below it, everyone sees
//! the framework and the organisation. The web and API layers ask these
//! functions on every request; they never decide on their own.

use serde::{Deserialize, Serialize};

/// A system role, given to an account on top of what its positions allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Secretariat,
    Hr,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Secretariat, Role::Hr];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Secretariat => "secretariat",
            Role::Hr => "hr",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Roles are stored as a comma-separated list; unknown words are ignored.
    pub fn parse_list(s: &str) -> Vec<Role> {
        s.split(',').filter_map(Role::parse).collect()
    }

    pub fn format_list(roles: &[Role]) -> String {
        roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
    }
}

/// Everything the rules need to know about the person asking.
#[derive(Clone, Debug, Default)]
pub struct Viewer {
    pub roles: Vec<Role>,
    /// The units this person leads (directly).
    pub leads: Vec<i64>,
    /// The kinds of those units (for forum membership such as "all centre chiefs").
    pub led_kinds: Vec<crate::org::UnitKind>,
    /// The person behind the account, if any.
    pub person: Option<i64>,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_admin(&self) -> bool {
        self.has(Role::Admin)
    }

    /// Import people and units, change the tree.
    pub fn can_manage_org(&self) -> bool {
        self.is_admin()
    }

    /// Load a new version of the framework.
    pub fn can_manage_framework(&self) -> bool {
        self.is_admin()
    }

    /// Read the audit log.
    pub fn can_read_audit(&self) -> bool {
        self.is_admin()
    }

    /// Whether the viewer leads some unit at or above a unit, given the unit's
    /// chain of ancestors including itself.
    pub fn leads_any_of(&self, unit_and_ancestors: &[i64]) -> bool {
        unit_and_ancestors.iter().any(|u| self.leads.contains(u))
    }

    /// A unit's staff view (accounts, roles, the people's e-mail and phone in
    /// one list for the leader's work): administrators, HR, and leaders of the
    /// unit or any unit above it.
    pub fn can_see_unit_staff(&self, unit_and_ancestors: &[i64]) -> bool {
        self.is_admin() || self.has(Role::Hr) || self.leads_any_of(unit_and_ancestors)
    }

    /// Set up forums, generate, move and cancel meetings.
    pub fn can_manage_meetings(&self) -> bool {
        self.is_admin() || self.has(Role::Secretariat)
    }

    /// Write the work programme: create it, approve and close it, add and
    /// change any initiative. Seed 002: the board writes it with group
    /// management, so the secretariat and the directors.
    pub fn can_manage_programme(&self) -> bool {
        self.can_manage_meetings() || self.led_kinds.iter().any(|k| matches!(k, crate::org::UnitKind::Directorate | crate::org::UnitKind::ExecutiveBoard))
    }

    /// Change an initiative, add its milestones and write its status
    /// reports: its owner, and whoever manages the programme.
    pub fn can_edit_initiative(&self, owner: Option<i64>) -> bool {
        self.can_manage_programme() || (self.person.is_some() && self.person == owner)
    }

    /// Whether the viewer is a member of a forum.
    pub fn is_member(&self, m: &crate::meetings::forum::Membership) -> bool {
        self.person.is_some_and(|p| m.includes(p, &self.led_kinds))
    }

    /// Read a forum's meetings and agendas: its readers, and the secretariat.
    pub fn can_read_forum(&self, m: &crate::meetings::forum::Membership, readers: crate::meetings::forum::Audience) -> bool {
        self.can_manage_meetings() || readers.includes(self.is_member(m), self.is_leader())
    }

    /// Propose an item to a forum.
    pub fn can_propose(&self, m: &crate::meetings::forum::Membership, proposers: crate::meetings::forum::Audience) -> bool {
        self.can_manage_meetings() || proposers.includes(self.is_member(m), self.is_leader())
    }

    /// Read a closed agenda item: only the forum's members and the secretariat.
    pub fn can_read_closed(&self, m: &crate::meetings::forum::Membership) -> bool {
        self.can_manage_meetings() || self.is_member(m)
    }

    /// A leader is anyone who leads a unit.
    pub fn is_leader(&self) -> bool {
        !self.leads.is_empty()
    }

    /// The groups decisions are communicated to that this person belongs to:
    /// every employee, and the leaders when they lead a unit.
    pub fn audiences(&self) -> Vec<&'static str> {
        if self.is_leader() { vec!["employees", "leaders"] } else { vec!["employees"] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programme_is_written_by_the_secretariat_and_the_directors() {
        use crate::org::UnitKind;
        let secretariat = Viewer { roles: vec![Role::Secretariat], ..Default::default() };
        let director = Viewer { leads: vec![2], led_kinds: vec![UnitKind::Directorate], person: Some(7), ..Default::default() };
        let chief = Viewer { leads: vec![3], led_kinds: vec![UnitKind::Centre], person: Some(8), ..Default::default() };
        let employee = Viewer { person: Some(9), ..Default::default() };
        assert!(secretariat.can_manage_programme() && director.can_manage_programme());
        assert!(!chief.can_manage_programme() && !employee.can_manage_programme());
        assert!(chief.can_edit_initiative(Some(8)), "a centre chief edits the initiative they own");
        assert!(!chief.can_edit_initiative(Some(7)) && !chief.can_edit_initiative(None));
        assert!(!employee.can_edit_initiative(Some(8)));
        assert!(director.can_edit_initiative(Some(8)));
    }

    #[test]
    fn role_lists_round_trip() {
        let roles = vec![Role::Admin, Role::Hr];
        assert_eq!(Role::parse_list(&Role::format_list(&roles)), roles);
        assert_eq!(Role::parse_list("admin, ,root"), vec![Role::Admin]);
        assert!(Role::parse_list("").is_empty());
    }

    #[test]
    fn leaders_see_down_not_up_or_sideways() {
        // Tree: 1 municipality > 2 centre > 3 unit; 4 is a sibling centre.
        let centre_chief = Viewer { leads: vec![2], ..Default::default() };
        assert!(centre_chief.can_see_unit_staff(&[3, 2, 1]));
        assert!(centre_chief.can_see_unit_staff(&[2, 1]));
        assert!(!centre_chief.can_see_unit_staff(&[1]));
        assert!(!centre_chief.can_see_unit_staff(&[4, 1]));
        assert!(!centre_chief.can_manage_org());
    }

    #[test]
    fn forum_readers() {
        use crate::meetings::forum::{Audience, Membership};
        use crate::org::UnitKind;
        let m = Membership { people: vec![], leaders_of: vec![UnitKind::Centre] };
        let chief = Viewer { leads: vec![4], led_kinds: vec![UnitKind::Centre], person: Some(10), ..Default::default() };
        let unit_leader = Viewer { leads: vec![9], led_kinds: vec![UnitKind::OperatingUnit], person: Some(11), ..Default::default() };
        let employee = Viewer { person: Some(12), ..Default::default() };
        assert!(chief.can_read_forum(&m, Audience::Members));
        assert!(!unit_leader.can_read_forum(&m, Audience::Members));
        assert!(unit_leader.can_read_forum(&m, Audience::Leaders));
        assert!(!employee.can_read_forum(&m, Audience::Leaders));
        assert!(employee.can_read_forum(&m, Audience::Everyone));
    }

    #[test]
    fn roles_grant_what_they_say() {
        let admin = Viewer { roles: vec![Role::Admin], ..Default::default() };
        assert!(admin.can_manage_org() && admin.can_manage_framework() && admin.can_read_audit());
        assert!(admin.can_see_unit_staff(&[9]));
        let hr = Viewer { roles: vec![Role::Hr], ..Default::default() };
        assert!(hr.can_see_unit_staff(&[9]) && !hr.can_manage_org());
        let employee = Viewer::default();
        assert!(!employee.can_see_unit_staff(&[9]) && !employee.is_leader());
        let secretariat = Viewer { roles: vec![Role::Secretariat], ..Default::default() };
        assert!(!secretariat.can_manage_framework());
        assert!(secretariat.can_manage_meetings() && !employee.can_manage_meetings());
    }
}
