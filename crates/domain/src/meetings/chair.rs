//! Who chairs a meeting: a fixed person, or a rotation in which the members
//! take turns. Held meetings keep their chair; the coming meetings continue
//! the round from the last held one, so moving or cancelling a meeting never
//! skips anyone's turn.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChairRule {
    /// The same person chairs every meeting.
    Fixed { person: i64 },
    /// The people take turns in this order.
    Rotation { people: Vec<i64> },
    /// The forum has no standing chair.
    None,
}

/// The chairs of the coming meetings, in date order, given the chair of the
/// last held meeting (if any).
pub fn coming_chairs(rule: &ChairRule, last_held_chair: Option<i64>, coming: usize) -> Vec<Option<i64>> {
    match rule {
        ChairRule::Fixed { person } => vec![Some(*person); coming],
        ChairRule::None => vec![None; coming],
        ChairRule::Rotation { people } if people.is_empty() => vec![None; coming],
        ChairRule::Rotation { people } => {
            let start = last_held_chair.and_then(|p| people.iter().position(|x| *x == p)).map(|i| i + 1).unwrap_or(0);
            (0..coming).map(|i| Some(people[(start + i) % people.len()])).collect()
        }
    }
}

/// The chairs of a forum's meetings, given in date order as (held?, current
/// chair) for every meeting that is not cancelled. Held meetings keep a chair
/// they have; a held meeting without one (entered afterwards) and every
/// coming meeting get the next turn after the meeting before.
pub fn assign(rule: &ChairRule, meetings: &[(bool, Option<i64>)]) -> Vec<Option<i64>> {
    let mut last: Option<i64> = None;
    meetings
        .iter()
        .map(|&(held, current)| {
            let chair = match (held, current) {
                (true, Some(c)) => Some(c),
                _ => coming_chairs(rule, last, 1)[0],
            };
            if chair.is_some() {
                last = chair;
            }
            chair
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_continues_after_the_last_held_meeting() {
        let rule = ChairRule::Rotation { people: vec![1, 2, 3] };
        assert_eq!(coming_chairs(&rule, None, 4), vec![Some(1), Some(2), Some(3), Some(1)]);
        assert_eq!(coming_chairs(&rule, Some(2), 3), vec![Some(3), Some(1), Some(2)]);
        // Someone who has left the rotation: start from the top.
        assert_eq!(coming_chairs(&rule, Some(9), 1), vec![Some(1)]);
    }

    #[test]
    fn a_cancelled_meeting_does_not_cost_anyone_a_turn() {
        let rule = ChairRule::Rotation { people: vec![1, 2, 3] };
        // Three coming meetings: 3, 1, 2. The first is cancelled, so two remain,
        // and person 3 still chairs the next one.
        let before = coming_chairs(&rule, Some(2), 3);
        let after = coming_chairs(&rule, Some(2), 2);
        assert_eq!(before[0], after[0]);
    }

    #[test]
    fn assigning_a_whole_series() {
        let rule = ChairRule::Rotation { people: vec![1, 2, 3] };
        // Two held meetings, the second entered afterwards without a chair, then two coming.
        let got = assign(&rule, &[(true, Some(2)), (true, None), (false, Some(1)), (false, None)]);
        assert_eq!(got, vec![Some(2), Some(3), Some(1), Some(2)]);
        assert_eq!(assign(&ChairRule::Fixed { person: 4 }, &[(true, None), (false, None)]), vec![Some(4), Some(4)]);
    }

    #[test]
    fn fixed_and_none() {
        assert_eq!(coming_chairs(&ChairRule::Fixed { person: 7 }, Some(1), 2), vec![Some(7), Some(7)]);
        assert_eq!(coming_chairs(&ChairRule::None, None, 1), vec![None]);
        assert_eq!(coming_chairs(&ChairRule::Rotation { people: vec![] }, None, 1), vec![None]);
    }
}
