//! A forum (mødeforum): who sits in it, who may read and propose, its parts
//! and deadlines.

use serde::{Deserialize, Serialize};

use crate::org::UnitKind;

/// Who may do something in a forum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Members,
    /// Every leader in the organisation, and the members.
    Leaders,
    /// Every employee.
    Everyone,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Members, Audience::Leaders, Audience::Everyone];
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Members => "members",
            Audience::Leaders => "leaders",
            Audience::Everyone => "everyone",
        }
    }
    pub fn parse(s: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == s)
    }
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
    fn membership_by_name_or_by_what_one_leads() {
        let m = Membership { people: vec![5], leaders_of: vec![UnitKind::Centre, UnitKind::Directorate] };
        assert!(m.includes(5, &[]));
        assert!(m.includes(9, &[UnitKind::Centre]));
        assert!(!m.includes(9, &[UnitKind::OperatingUnit]));
    }
}
