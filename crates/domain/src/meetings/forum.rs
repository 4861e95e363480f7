//! A forum (mødeforum): who sits in it, who may read and propose, its parts
//! and deadlines.

use serde::{Deserialize, Serialize};

use crate::org::UnitKind;

words! {
    /// Who may do something in a forum.
    pub enum Audience {
        Members = "members",
        /// Every leader in the organisation, and the members.
        Leaders = "leaders",
        /// Every employee.
        Everyone = "everyone",
    }
}

impl Audience {
    /// Whether a person is in the audience.
    pub fn includes(self, is_member: bool, is_leader: bool) -> bool {
        match self {
            Audience::Members => is_member,
            Audience::Leaders => is_member || is_leader,
            Audience::Everyone => true,
        }
    }
}

/// Who the members are: named people, and everyone who leads a unit of
/// some kinds (e.g. all centre chiefs and directors).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    #[serde(default)]
    pub people: Vec<i64>,
    #[serde(default)]
    pub leaders_of: Vec<UnitKind>,
}

impl Membership {
    /// Whether a person is a member, given the kinds of unit they lead.
    pub fn includes(&self, person: i64, led_kinds: &[UnitKind]) -> bool {
        self.people.contains(&person) || led_kinds.iter().any(|k| self.leaders_of.contains(k))
    }

    /// The members: everyone leading a unit of a named kind, then the people
    /// named one by one, each once. `units` gives each unit's kind and its
    /// leaders. The meeting page, the mail to members and `includes` agree,
    /// as they all come from here.
    pub fn members<'a>(&self, units: impl IntoIterator<Item = (UnitKind, &'a [i64])>) -> Vec<i64> {
        let mut out: Vec<i64> = vec![];
        for (kind, leaders) in units {
            if self.leaders_of.contains(&kind) {
                for l in leaders {
                    if !out.contains(l) {
                        out.push(*l);
                    }
                }
            }
        }
        for p in &self.people {
            if !out.contains(p) {
                out.push(*p);
            }
        }
        out
    }
}

/// A forum with its rules: who sits in it, who reads and proposes, how
/// often it meets, its parts and deadlines.
#[derive(Clone, Debug)]
pub struct Forum {
    pub id: i64,
    pub name: String,
    pub purpose: String,
    pub membership: Membership,
    pub chair: super::chair::ChairRule,
    pub secretary_person_id: Option<i64>,
    pub cadence: super::cadence::Cadence,
    pub duration_minutes: i64,
    pub place: String,
    pub parts: Vec<Part>,
    /// Formal agenda and minutes.
    pub formal: bool,
    /// Keeps a follow-up list (the standing item on its agendas).
    pub follow_up: bool,
    pub proposal_days: i64,
    pub publish_days: i64,
    pub readers: Audience,
    pub proposers: Audience,
    pub reports_to_forum_id: Option<i64>,
}

/// A part of a meeting (e.g. part 1 with the mayor, part 2 administrative).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub title: String,
    #[serde(default)]
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences() {
        assert!(Audience::Members.includes(true, false));
        assert!(!Audience::Members.includes(false, true));
        assert!(Audience::Leaders.includes(false, true));
        assert!(!Audience::Leaders.includes(false, false));
        assert!(Audience::Everyone.includes(false, false));
        for a in Audience::ALL {
            assert_eq!(Audience::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn members_are_the_leaders_of_named_kinds_and_the_named_people() {
        let m = Membership { people: vec![5, 7], leaders_of: vec![UnitKind::Centre] };
        let units: [(UnitKind, &[i64]); 3] = [(UnitKind::Centre, &[7, 8]), (UnitKind::OperatingUnit, &[9]), (UnitKind::Centre, &[8])];
        assert_eq!(m.members(units), vec![7, 8, 5]);
        for p in [7, 8] {
            assert!(m.includes(p, &[UnitKind::Centre]), "a member by what they lead is a member both ways");
        }
    }

    #[test]
    fn membership_by_name_or_by_what_one_leads() {
        let m = Membership { people: vec![5], leaders_of: vec![UnitKind::Centre, UnitKind::Directorate] };
        assert!(m.includes(5, &[]));
        assert!(m.includes(9, &[UnitKind::Centre]));
        assert!(!m.includes(9, &[UnitKind::OperatingUnit]));
    }
}
