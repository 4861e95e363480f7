//! Who is asking. A `Viewer` holds what the rules need to know about the
//! signed-in person: their system roles, the units they lead and the person
//! behind the account. Its fields are private to this crate: each context's
//! policy module (`org::policy`, `meetings::policy`, `programme::policy`)
//! adds the rules as methods, so web pages, the API, mail and exports ask
//! the same rule and none writes its own.

use crate::org::UnitKind;

words! {
    /// A system role, given to an account on top of what its positions allow.
    pub enum Role {
        Admin = "admin",
        Secretariat = "secretariat",
        Hr = "hr",
        /// The business service and jobcenter officers: businesses, their contacts and agreements.
        Business = "business",
    }
}

impl Role {
    /// Roles are stored as a comma-separated list; unknown words are ignored.
    pub fn parse_list(s: &str) -> Vec<Role> {
        s.split(',').filter_map(|w| Role::parse(w.trim())).collect()
    }

    pub fn format_list(roles: &[Role]) -> String {
        roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
    }
}

/// Everything the rules need to know about the person asking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Viewer {
    pub(crate) roles: Vec<Role>,
    /// The units this person leads (directly).
    pub(crate) leads: Vec<i64>,
    /// The kinds of those units (for forum membership such as "all centre chiefs").
    pub(crate) led_kinds: Vec<UnitKind>,
    /// The person behind the account, if any.
    pub(crate) person: Option<i64>,
}

impl Viewer {
    /// A viewer from an account's person, its roles and the units the person
    /// leads with their kinds.
    pub fn new(person: Option<i64>, roles: Vec<Role>, led: impl IntoIterator<Item = (i64, UnitKind)>) -> Viewer {
        let mut v = Viewer { roles, person, ..Default::default() };
        for (unit, kind) in led {
            if !v.leads.contains(&unit) {
                v.leads.push(unit);
            }
            if !v.led_kinds.contains(&kind) {
                v.led_kinds.push(kind);
            }
        }
        v
    }

    /// The person behind the account, for "mine" lists and forms.
    pub fn person(&self) -> Option<i64> {
        self.person
    }

    /// Whether `person` is the viewer's own (never for an account without one).
    pub fn is_person(&self, person: Option<i64>) -> bool {
        self.person.is_some() && self.person == person
    }

    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The units the viewer leads directly, to list as theirs.
    pub fn led_units(&self) -> &[i64] {
        &self.leads
    }

    /// Whether the viewer leads this unit directly.
    pub fn leads(&self, unit: i64) -> bool {
        self.leads.contains(&unit)
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_admin(&self) -> bool {
        self.has(Role::Admin)
    }

    /// A leader is anyone who leads a unit.
    pub fn is_leader(&self) -> bool {
        !self.leads.is_empty()
    }

    /// Whether the viewer leads some unit at or above a unit, given the unit's
    /// chain of ancestors including itself.
    pub fn leads_any_of(&self, unit_and_ancestors: &[i64]) -> bool {
        unit_and_ancestors.iter().any(|u| self.leads.contains(u))
    }

    /// Read the audit log.
    pub fn can_read_audit(&self) -> bool {
        self.is_admin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_lists_round_trip() {
        let roles = vec![Role::Admin, Role::Hr];
        assert_eq!(Role::parse_list(&Role::format_list(&roles)), roles);
        assert_eq!(Role::parse_list("admin, ,root"), vec![Role::Admin]);
        assert!(Role::parse_list("").is_empty());
    }

    #[test]
    fn a_viewer_is_built_once_from_what_they_lead() {
        let v = Viewer::new(Some(7), vec![], [(3, UnitKind::Centre), (4, UnitKind::Centre), (3, UnitKind::Centre)]);
        assert_eq!(v.led_units(), &[3, 4]);
        assert!(v.leads(4) && !v.leads(5) && v.is_leader());
        assert!(v.is_person(Some(7)) && !v.is_person(Some(8)) && !v.is_person(None));
        assert!(!Viewer::default().is_person(None), "an account without a person is nobody's");
    }

    #[test]
    fn only_administrators_read_the_audit_log() {
        assert!(Viewer::new(None, vec![Role::Admin], []).can_read_audit());
        assert!(!Viewer::new(None, vec![Role::Secretariat, Role::Hr], []).can_read_audit());
    }
}
