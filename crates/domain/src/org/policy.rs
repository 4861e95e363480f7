//! Who may do what with the organisation and the framework: administrators
//! manage the tenant; leaders see their unit's staff and everything below
//! it; everyone signed in reads the organisation and the framework.

use crate::access::{Role, Viewer};

impl Viewer {
    /// Import people and units, change the tree.
    pub fn can_manage_org(&self) -> bool {
        self.is_admin()
    }

    /// Load a new version of the framework.
    pub fn can_manage_framework(&self) -> bool {
        self.is_admin()
    }

    /// A unit's staff view (accounts, roles, the people's e-mail and phone in
    /// one list for the leader's work): administrators, HR, and leaders of the
    /// unit or any unit above it.
    pub fn can_see_unit_staff(&self, unit_and_ancestors: &[i64]) -> bool {
        self.is_admin() || self.has(Role::Hr) || self.leads_any_of(unit_and_ancestors)
    }
}

#[cfg(test)]
mod tests {
    use crate::access::{Role, Viewer};
    use crate::org::UnitKind;

    #[test]
    fn leaders_see_down_not_up_or_sideways() {
        // Tree: 1 municipality > 2 centre > 3 unit; 4 is a sibling centre.
        let centre_chief = Viewer::new(Some(1), vec![], [(2, UnitKind::Centre)]);
        assert!(centre_chief.can_see_unit_staff(&[3, 2, 1]));
        assert!(centre_chief.can_see_unit_staff(&[2, 1]));
        assert!(!centre_chief.can_see_unit_staff(&[1]));
        assert!(!centre_chief.can_see_unit_staff(&[4, 1]));
        assert!(!centre_chief.can_manage_org());
    }

    #[test]
    fn roles_grant_what_they_say() {
        let admin = Viewer::new(None, vec![Role::Admin], []);
        assert!(admin.can_manage_org() && admin.can_manage_framework() && admin.can_read_audit());
        assert!(admin.can_see_unit_staff(&[9]));
        let hr = Viewer::new(None, vec![Role::Hr], []);
        assert!(hr.can_see_unit_staff(&[9]) && !hr.can_manage_org());
        let employee = Viewer::default();
        assert!(!employee.can_see_unit_staff(&[9]) && !employee.is_leader());
        let secretariat = Viewer::new(None, vec![Role::Secretariat], []);
        assert!(!secretariat.can_manage_framework() && !secretariat.can_manage_org());
    }
}
