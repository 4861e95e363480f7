//! Who is asked about a leader, by direction (seed 003): the leader's own
//! leader (opad), the employees of the units the leader leads directly and
//! the leaders of the units right below (nedad), peer leaders under the
//! same manager (til siden), and the leader (indad). HR and the leader
//! adjust the lists before the round opens.

use std::collections::{BTreeMap, HashSet};

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
/// employee before peer). Peers are chosen in turns, one per leader per
/// turn, those asked least so far first, so that every leader gets peers
/// before any gets many: at most `peer_cap` peers per leader, and no one is
/// asked as a peer more than `peer_cap` times.
pub fn propose(org: &Org, leaders: &[i64], peer_cap: u32) -> Vec<Proposal> {
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
    let mut out: Vec<Proposal> = vec![];
    let mut asked: Vec<HashSet<i64>> = vec![];
    for &leader in leaders {
        let Some(&unit) = org.led_by(leader).first() else { continue };
        let manager = org.manager_of(leader);
        let mut raters: Vec<(i64, Group)> = vec![];
        let mut seen: HashSet<i64> = HashSet::from([leader]);
        if let Some(m) = manager {
            raters.push((m, Group::Manager));
            seen.insert(m);
        }
        for e in org.employees_of(leader) {
            if seen.insert(e) {
                raters.push((e, Group::Employees));
            }
        }
        out.push(Proposal { leader, unit, manager, raters });
        asked.push(seen);
    }
    // Peers, per manager: a matching in which every leader first gets one
    // peer where any is possible, then two, and so on up to the cap, each
    // peer asked at most `peer_cap` times (augmenting paths, so a choice made
    // early is moved when that lets another leader have a peer).
    let groups: BTreeMap<i64, Vec<usize>> = out.iter().enumerate().filter_map(|(k, p)| p.manager.map(|m| (m, k))).fold(BTreeMap::new(), |mut g, (m, k)| {
        g.entry(m).or_insert_with(Vec::new).push(k);
        g
    });
    for (m, subjects) in groups {
        let candidates = by_manager.get(&m).cloned().unwrap_or_default();
        let allowed: Vec<Vec<bool>> = subjects.iter().map(|&k| candidates.iter().map(|c| !asked[k].contains(c)).collect()).collect();
        let mut matching = Matching { allowed, assigned: vec![vec![]; subjects.len()], holders: vec![vec![]; candidates.len()], cap: peer_cap as usize };
        for level in 1..=peer_cap as usize {
            for s in 0..subjects.len() {
                if matching.assigned[s].len() < level {
                    let mut seen = vec![false; candidates.len()];
                    matching.augment(s, &mut seen);
                }
            }
        }
        for (s, &k) in subjects.iter().enumerate() {
            let mut chosen: Vec<i64> = matching.assigned[s].iter().map(|c| candidates[*c]).collect();
            chosen.sort();
            out[k].raters.extend(chosen.into_iter().map(|c| (c, Group::Peers)));
        }
    }
    for p in &mut out {
        p.raters.push((p.leader, Group::Own));
    }
    out
}

/// Leaders (rows) and the peers they may be asked about by (columns).
struct Matching {
    allowed: Vec<Vec<bool>>,
    assigned: Vec<Vec<usize>>,
    holders: Vec<Vec<usize>>,
    cap: usize,
}

impl Matching {
    /// Gives leader `s` one more peer, moving others' peers along a path if
    /// that frees one; false when no path exists.
    fn augment(&mut self, s: usize, seen: &mut [bool]) -> bool {
        let mut order: Vec<usize> = (0..self.holders.len()).filter(|&c| self.allowed[s][c] && !self.assigned[s].contains(&c)).collect();
        // The least asked first, so the load stays even.
        order.sort_by_key(|&c| (self.holders[c].len(), c));
        for c in order {
            if seen[c] {
                continue;
            }
            seen[c] = true;
            if self.holders[c].len() < self.cap {
                self.assigned[s].push(c);
                self.holders[c].push(s);
                return true;
            }
            for s2 in self.holders[c].clone() {
                if self.augment(s2, seen) {
                    self.assigned[s2].retain(|x| *x != c);
                    self.holders[c].retain(|x| *x != s2);
                    self.assigned[s].push(c);
                    self.holders[c].push(s);
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionKind::*;
    use std::collections::HashMap;

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
    fn every_leader_gets_peers_before_any_gets_many() {
        // Seven unit leaders under one chief, each asked about by the others, with a cap of five.
        let mut units = vec![(1, None)];
        let mut positions = vec![(100, 1, Leader)];
        for k in 0..7 {
            units.push((10 + k, Some(1)));
            positions.push((200 + k, 10 + k, Leader));
        }
        let org = Org { units, positions };
        let leaders: Vec<i64> = (0..7).map(|k| 200 + k).collect();
        let ps = propose(&org, &leaders, 5);
        for p in &ps {
            assert_eq!(of(p, Group::Peers).len(), 5, "{}: {:?}", p.leader, of(p, Group::Peers));
        }
        let mut load: HashMap<i64, u32> = HashMap::new();
        for p in &ps {
            for r in of(p, Group::Peers) {
                *load.entry(r).or_default() += 1;
            }
        }
        assert!(load.values().all(|n| *n == 5), "{load:?}");
    }

    #[test]
    fn a_leader_without_a_unit_is_left_out_and_the_top_has_no_manager() {
        let ps = propose(&org(), &[1, 999], 5);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].manager, None);
        assert_eq!(of(&ps[0], Group::Employees), vec![10, 20, 30]);
    }
}
