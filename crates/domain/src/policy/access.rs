//! Who may do what with policies (this context's access policy; named
//! `access` because `policy::policy` would stutter). A policy, its goals and
//! its indicators are the municipality's published steering and public
//! statistics: everyone signed in reads them. Administrators load a policy's
//! document, as they load the framework; the secretariat, which prepares the
//! committees' status, also adds figures and runs the importers.

use crate::access::{Role, Viewer};

/// The register of case-processing deadlines is published to everyone,
/// signed in or not: retssikkerhedsloven § 3, stk. 2 asks the municipality to
/// publish it.
pub const DEADLINES_ARE_PUBLIC: bool = true;

impl Viewer {
    /// Read policies, goals, indicators and their values.
    pub fn can_read_policies(&self) -> bool {
        true
    }

    /// Load a new version of a policy's document.
    pub fn can_load_policy(&self) -> bool {
        self.is_admin()
    }

    /// Add an indicator's figures (an upload) and fetch them from their sources.
    pub fn can_add_figures(&self) -> bool {
        self.is_admin() || self.has(Role::Secretariat)
    }

    /// Read the business register, its events and job orders: the business
    /// service, and those who prepare the committee's status.
    pub fn can_read_businesses(&self) -> bool {
        self.has(Role::Business) || self.is_admin() || self.has(Role::Secretariat)
    }

    /// Import the CVR extract, record events, keep agreements and contact persons.
    pub fn can_keep_businesses(&self) -> bool {
        self.has(Role::Business)
    }

    /// Read a business's contact persons (personal data, every read logged):
    /// only those who work with the businesses.
    pub fn can_read_contacts(&self) -> bool {
        self.has(Role::Business)
    }

    /// Cooperation agreements are the municipality's own public commitments,
    /// on the årshjul for everyone signed in.
    pub fn can_read_agreements(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::access::{Role, Viewer};
    use crate::org::UnitKind;

    #[test]
    fn everyone_reads_few_change() {
        let employee = Viewer::new(Some(1), vec![], []);
        let chief = Viewer::new(Some(2), vec![], [(5, UnitKind::Centre)]);
        let secretariat = Viewer::new(Some(3), vec![Role::Secretariat], []);
        let admin = Viewer::new(None, vec![Role::Admin], []);
        for v in [&employee, &chief, &secretariat, &admin] {
            assert!(v.can_read_policies());
        }
        assert!(!employee.can_load_policy() && !chief.can_load_policy() && !secretariat.can_load_policy() && admin.can_load_policy());
        assert!(!employee.can_add_figures() && !chief.can_add_figures() && secretariat.can_add_figures() && admin.can_add_figures());
    }

    #[test]
    fn contacts_are_for_the_business_service_alone() {
        let business = Viewer::new(Some(4), vec![Role::Business], []);
        let secretariat = Viewer::new(Some(3), vec![Role::Secretariat], []);
        let admin = Viewer::new(None, vec![Role::Admin], []);
        let chief = Viewer::new(Some(2), vec![], [(5, UnitKind::Centre)]);
        assert!(business.can_read_businesses() && business.can_keep_businesses() && business.can_read_contacts());
        assert!(secretariat.can_read_businesses() && !secretariat.can_keep_businesses() && !secretariat.can_read_contacts());
        assert!(admin.can_read_businesses() && !admin.can_keep_businesses() && !admin.can_read_contacts());
        assert!(!chief.can_read_businesses() && !chief.can_read_contacts() && chief.can_read_agreements());
    }
}
