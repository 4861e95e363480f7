//! Who is asked about a leader, by direction (seed 003): the leader's own
//! leader (opad), the employees of the units the leader leads directly and
//! the leaders of the units right below (nedad), peer leaders under the
//! same manager (til siden), and the leader (indad). HR and the leader
//! adjust the lists before the round opens.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::anonymity::Group;
use crate::org::PositionKind;

/// The organisation as the proposal needs it.
pub struct Org {
    /// (unit, parent)
    pub units: Vec<(i64, Option<i64>)>,
    /// (person, unit, how they sit there)
    pub positions: Vec<(i64, i64, PositionKind)>,
}

/// A leader to be evaluated and who is asked about them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub leader: i64,
    /// The unit the leader leads that the report is named after.
    pub unit: i64,
    pub manager: Option<i64>,
    /// (person, group), the leader included as `Own`.
    pub raters: Vec<(i64, Group)>,
}

impl Org {
    fn leaders_of(&self, unit: i64) -> Vec<i64> {
        let mut v: Vec<i64> = self.positions.iter().filter(|(_, u, k)| *u == unit && *k == PositionKind::Leader).map(|(p, _, _)| *p).collect();
        v.sort();
        v
    }

    fn parent(&self, unit: i64) -> Option<i64> {
        self.units.iter().find(|(u, _)| *u == unit).and_then(|(_, p)| *p)
    }

    /// The units a person leads, in the tree's order.
    pub fn led_by(&self, person: i64) -> Vec<i64> {
        let led: HashSet<i64> = self.positions.iter().filter(|(p, _, k)| *p == person && *k == PositionKind::Leader).map(|(_, u, _)| *u).collect();
        self.units.iter().map(|(u, _)| *u).filter(|u| led.contains(u)).collect()
    }

    /// The nearest leader above a person's led units who is not the person.
    pub fn manager_of(&self, person: i64) -> Option<i64> {
        for unit in self.led_by(person) {
            let mut at = self.parent(unit);
            let mut guard = 0;
            while let Some(u) = at {
                if let Some(m) = self.leaders_of(u).into_iter().find(|m| *m != person) {
                    return Some(m);
                }
                at = self.parent(u);
                guard += 1;
                if guard > 64 {
                    break;
                }
            }
        }
        None
    }

    /// The employees of the led units and the leaders of the units right below.
    fn employees_of(&self, person: i64) -> Vec<i64> {
        let led = self.led_by(person);
        let mut out: Vec<i64> = vec![];
        for unit in &led {
            for (p, u, k) in &self.positions {
                if u == unit && *k == PositionKind::Member {
                    out.push(*p);
                }
            }
            for (child, parent) in &self.units {
                if parent == &Some(*unit) && !led.contains(child) {
                    out.extend(self.leaders_of(*child));
                }
            }
        }
        out.retain(|p| *p != person);
        out.sort();
        out.dedup();
        out
    }
}

/// The proposal for each leader (in the order given). A person is asked
/// once per leader, by the first direction that holds (manager before
/// employee before peer). No one is asked as a peer more than `peer_cap`
/// times; those with fewest requests so far are asked first.
pub fn propose(org: &Org, leaders: &[i64], peer_cap: u32) -> Vec<Proposal> {
    let managers: HashMap<i64, Option<i64>> = leaders.iter().map(|l| (*l, org.manager_of(*l))).collect();
    // Every leader in the organisation by manager, for peers (peers need not be evaluated themselves).
    let mut all_leaders: Vec<i64> = org.positions.iter().filter(|(_, _, k)| *k == PositionKind::Leader).map(|(p, _, _)| *p).collect();
    all_leaders.sort();
    all_leaders.dedup();
    let mut by_manager: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for l in &all_leaders {
        if let Some(m) = org.manager_of(*l) {
            by_manager.entry(m).or_default().push(*l);
        }
    }
    let mut peer_load: HashMap<i64, u32> = HashMap::new();
    let mut out = vec![];
    for &leader in leaders {
        let Some(&unit) = org.led_by(leader).first() else { continue };
        let manager = managers.get(&leader).copied().flatten();
        let mut raters: Vec<(i64, Group)> = vec![];
        let mut asked: HashSet<i64> = HashSet::from([leader]);
        if let Some(m) = manager {
            raters.push((m, Group::Manager));
            asked.insert(m);
        }
        for e in org.employees_of(leader) {
            if asked.insert(e) {
                raters.push((e, Group::Employees));
            }
        }
        if let Some(m) = manager {
            let mut peers: Vec<i64> = by_manager.get(&m).cloned().unwrap_or_default().into_iter().filter(|p| !asked.contains(p)).collect();
            peers.sort_by_key(|p| (peer_load.get(p).copied().unwrap_or(0), *p));
            for p in peers {
                let load = peer_load.entry(p).or_insert(0);
                if *load < peer_cap {
                    *load += 1;
                    asked.insert(p);
                    raters.push((p, Group::Peers));
                }
            }
        }
        raters.push((leader, Group::Own));
        out.push(Proposal { leader, unit, manager, raters });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionKind::*;

    /// A director (1) over two centres led by 10 and 20; centre 10 has a
    /// team led by 11 with three employees; centre 20 has two employees.
    fn org() -> Org {
        Org {
            units: vec![(100, None), (110, Some(100)), (111, Some(110)), (120, Some(100)), (130, Some(100))],
            positions: vec![
                (1, 100, Leader),
                (10, 110, Leader),
                (11, 111, Leader),
                (31, 111, Member),
                (32, 111, Member),
                (33, 111, Member),
                (20, 120, Leader),
                (41, 120, Member),
                (42, 120, Member),
                (30, 130, Leader),
            ],
        }
    }

    fn of(p: &Proposal, g: Group) -> Vec<i64> {
        p.raters.iter().filter(|r| r.1 == g).map(|r| r.0).collect()
    }

    #[test]
    fn each_direction_comes_from_the_tree() {
        let ps = propose(&org(), &[10, 11, 20], 10);
        let centre = &ps[0];
        assert_eq!((centre.manager, of(centre, Group::Manager)), (Some(1), vec![1]));
        assert_eq!(of(centre, Group::Employees), vec![11], "the team's leader reports to the centre chief");
        assert_eq!(of(centre, Group::Peers), vec![20, 30], "the other leaders under the director");
        assert_eq!(of(centre, Group::Own), vec![10]);
        let team = &ps[1];
        assert_eq!(team.manager, Some(10));
        assert_eq!(of(team, Group::Employees), vec![31, 32, 33]);
        assert!(of(team, Group::Peers).is_empty(), "no other leader under the centre chief");
        assert_eq!(of(&ps[2], Group::Employees), vec![41, 42]);
    }

    #[test]
    fn no_one_is_asked_as_a_peer_more_than_the_cap() {
        let ps = propose(&org(), &[10, 20, 30], 1);
        let mut asked: HashMap<i64, u32> = HashMap::new();
        for p in &ps {
            for r in of(p, Group::Peers) {
                *asked.entry(r).or_default() += 1;
            }
        }
        assert!(asked.values().all(|n| *n <= 1), "{asked:?}");
        assert_eq!(asked.len(), 3, "the load is spread: each of the three is asked once");
    }

    #[test]
    fn a_leader_without_a_unit_is_left_out_and_the_top_has_no_manager() {
        let ps = propose(&org(), &[1, 999], 5);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].manager, None);
        assert_eq!(of(&ps[0], Group::Employees), vec![10, 20, 30]);
    }
}
