//! What a leader's report may show without giving away who answered what.
//!
//! Raters come in groups by direction: the leader's own manager (upward,
//! shown alone and labelled as not anonymous), the employees (downward),
//! peer leaders (sideways) and the leader's own answers (inward). The same
//! rules decide for a group's number of raters and for each item's number
//! of real answers ("Ved ikke" does not count):
//!
//! - employees need at least 5, peers at least 3; HR may raise either,
//!   never below 3, and the minimums are fixed when a round opens;
//! - a group under its minimum goes into "Øvrige" with the other small
//!   groups when together they reach the largest of their minimums;
//!   otherwise it is suppressed;
//! - when one group is suppressed and the others and their total are shown,
//!   subtracting would reveal it, so the next smallest group is suppressed
//!   too;
//! - the total of the others ("Alle undtagen mig") never holds the manager
//!   shown alone, so the manager's answer cannot be subtracted out of it.

/// No minimum may be set below this.
pub const FLOOR: u32 = 3;

/// The fewest anonymous raters whose comments are kept, pooled without
/// group; more when HR raised the employees' minimum.
pub const COMMENT_POOL: u32 = 5;

/// Whether a leader's comments are kept, from the number of anonymous raters kept.
pub fn comments_kept(anonymous_raters: u32, m: &Minimums) -> bool {
    anonymous_raters >= comment_pool(m)
}

/// The fewest anonymous raters whose comments are kept: 5, or the
/// employees' minimum when HR raised it.
pub fn comment_pool(m: &Minimums) -> u32 {
    COMMENT_POOL.max(m.employees())
}

words! {
    /// Who answered, by direction, and the two groups a closed round may
    /// fold small groups into.
    pub enum Group {
        /// The leader's own leader: shown alone, labelled as not anonymous.
        Manager = "manager",
        /// The employees of the units the leader leads directly.
        Employees = "employees",
        /// Peer leaders under the same manager.
        Peers = "peers",
        /// The leader's own answers.
        Own = "own",
        /// "Øvrige": small groups pooled because together they are safe.
        Others = "others",
        /// Answers that count only in the total of the others, never as a group.
        Rest = "rest",
    }
}

impl Group {
    /// The directions people are invited by (the other two arise at close).
    pub const DIRECTIONS: [Group; 4] = [Group::Manager, Group::Employees, Group::Peers, Group::Own];

    /// Whether the group's answers are anonymous (all but the manager and the leader).
    pub fn anonymous(self) -> bool {
        !matches!(self, Group::Manager | Group::Own)
    }
}

/// The smallest number of raters (or real answers to an item) a group is
/// shown with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Minimums {
    employees: u32,
    peers: u32,
}

impl Default for Minimums {
    fn default() -> Self {
        Minimums { employees: 5, peers: 3 }
    }
}

/// A minimum HR tried to set lower than the rules allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a group's minimum may not be below {FLOOR}")]
pub struct BelowFloor;

impl Minimums {
    /// HR's minimums for a round: raised as they like, never below `FLOOR`.
    pub fn new(employees: u32, peers: u32) -> Result<Minimums, BelowFloor> {
        if employees < FLOOR || peers < FLOOR {
            return Err(BelowFloor);
        }
        Ok(Minimums { employees, peers })
    }

    pub fn employees(&self) -> u32 {
        self.employees
    }

    pub fn peers(&self) -> u32 {
        self.peers
    }

    /// The minimum of an anonymous group; none for the manager and the
    /// leader. A group made of several (pooled, or only in the total) needs
    /// the largest.
    pub fn of(&self, g: Group) -> Option<u32> {
        match g {
            Group::Employees => Some(self.employees),
            Group::Peers => Some(self.peers),
            Group::Others | Group::Rest => Some(self.employees.max(self.peers)),
            Group::Manager | Group::Own => None,
        }
    }
}

/// Why a figure is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Fewer than the minimum answered.
    TooFew,
    /// It could be worked out from the figures that are shown.
    WouldReveal,
}

/// What a report may do with a group's figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Shown,
    /// Shown only within "Øvrige", pooled with the other small groups.
    Pooled,
    Suppressed(Reason),
}

/// The decision for one set of counts: each group's cell, the pooled
/// "Øvrige" (its count) when there is one, and the total of the anonymous
/// groups ("Alle undtagen mig").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shaped {
    pub groups: Vec<(Group, Cell)>,
    pub others: Option<u32>,
    pub total: (u32, Cell),
}

impl Shaped {
    pub fn cell(&self, g: Group) -> Option<Cell> {
        self.groups.iter().find(|(x, _)| *x == g).map(|(_, c)| *c)
    }
}

/// Decides what may be shown of `counts` (raters per group, or real answers
/// to one item per group).
pub fn shape(counts: &[(Group, u32)], m: &Minimums) -> Shaped {
    shape_with(counts, m, true)
}

/// The decision for one item of a closed round's report: its groups were
/// settled when the round closed (`settle`), so nothing is pooled again;
/// an item's "Øvrige" would hold different people from item to item.
pub fn shape_item(counts: &[(Group, u32)], m: &Minimums) -> Shaped {
    shape_with(counts, m, false)
}

fn shape_with(counts: &[(Group, u32)], m: &Minimums, pool: bool) -> Shaped {
    let mut groups: Vec<(Group, Cell)> = vec![];
    let anonymous: Vec<(Group, u32, u32)> = counts.iter().filter_map(|&(g, n)| m.of(g).map(|min| (g, n, min))).collect();
    for &(g, n) in counts {
        let cell = match m.of(g) {
            // The manager is shown alone and labelled; the leader's own answers always.
            None => {
                if n > 0 {
                    Cell::Shown
                } else {
                    Cell::Suppressed(Reason::TooFew)
                }
            }
            // What counts only in the total is never a figure of its own.
            Some(_) if g == Group::Rest => Cell::Suppressed(Reason::WouldReveal),
            Some(min) if n >= min => Cell::Shown,
            Some(_) => Cell::Suppressed(Reason::TooFew),
        };
        groups.push((g, cell));
    }
    // Small groups together, when together they reach the largest of their minimums.
    let small: Vec<&(Group, u32, u32)> = anonymous.iter().filter(|(_, n, min)| *n > 0 && n < min).collect();
    let pooled: u32 = small.iter().map(|(_, n, _)| n).sum();
    let mut others = None;
    if pool && small.len() >= 2 && small.iter().all(|(_, _, min)| pooled >= *min) {
        for (g, _, _) in &small {
            set(&mut groups, *g, Cell::Pooled);
        }
        others = Some(pooled);
    }
    // One group hidden beside shown groups and their total: hide the next smallest too.
    let total: u32 = anonymous.iter().map(|(_, n, _)| n).sum();
    let hidden = |groups: &[(Group, Cell)]| anonymous.iter().filter(|(g, n, _)| *n > 0 && matches!(cell_of(groups, *g), Some(Cell::Suppressed(_)))).count();
    if hidden(&groups) == 1 {
        let next = anonymous.iter().filter(|(g, _, _)| cell_of(&groups, *g) == Some(Cell::Shown)).min_by_key(|(_, n, _)| *n).map(|(g, _, _)| *g);
        if let Some(g) = next {
            set(&mut groups, g, Cell::Suppressed(Reason::WouldReveal));
        }
    }
    let largest_min = anonymous.iter().filter(|(_, n, _)| *n > 0).map(|(_, _, min)| *min).max().unwrap_or(m.employees);
    let total_cell = if total >= largest_min { Cell::Shown } else { Cell::Suppressed(Reason::TooFew) };
    Shaped { groups, others, total: (total, total_cell) }
}

/// What becomes of a group's answers when a round closes, so that the
/// database keeps no group smaller than the report may show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Kept under its own group.
    Labelled,
    /// Kept as "Øvrige".
    AsOthers,
    /// Kept, but counted only in the total of the others.
    InTotalOnly,
    /// Not kept: nothing of it could ever be shown.
    Discard,
}

/// Decides, from the number of raters per group when a round closes, what
/// becomes of each group's answers. A report then shows what was kept.
pub fn settle(counts: &[(Group, u32)], m: &Minimums) -> Vec<(Group, Keep)> {
    let s = shape(counts, m);
    s.groups
        .iter()
        .map(|&(g, cell)| {
            let keep = match (g.anonymous(), cell) {
                (_, Cell::Shown) => Keep::Labelled,
                (true, Cell::Pooled) => Keep::AsOthers,
                (true, Cell::Suppressed(_)) if s.total.1 == Cell::Shown => Keep::InTotalOnly,
                _ => Keep::Discard,
            };
            (g, keep)
        })
        .collect()
}

fn cell_of(groups: &[(Group, Cell)], g: Group) -> Option<Cell> {
    groups.iter().find(|(x, _)| *x == g).map(|(_, c)| *c)
}

fn set(groups: &mut [(Group, Cell)], g: Group, c: Cell) {
    if let Some(x) = groups.iter_mut().find(|(x, _)| *x == g) {
        x.1 = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Group::*;

    fn shaped(e: u32, p: u32) -> Shaped {
        shape(&[(Manager, 1), (Employees, e), (Peers, p), (Own, 1)], &Minimums::default())
    }

    #[test]
    fn groups_at_their_minimum_are_shown_and_the_manager_alone() {
        let s = shaped(5, 3);
        assert_eq!(s.cell(Employees), Some(Cell::Shown));
        assert_eq!(s.cell(Peers), Some(Cell::Shown));
        assert_eq!(s.cell(Manager), Some(Cell::Shown));
        assert_eq!(s.cell(Own), Some(Cell::Shown));
        assert_eq!(s.total, (8, Cell::Shown), "the total of the others holds neither the manager nor the leader");
    }

    #[test]
    fn a_group_of_four_is_hidden_and_so_is_the_group_that_would_give_it_away() {
        let s = shaped(4, 3);
        assert_eq!(s.cell(Employees), Some(Cell::Suppressed(Reason::TooFew)));
        // Shown, the peers and the total (7) would give the employees' figure by subtraction.
        assert_eq!(s.cell(Peers), Some(Cell::Suppressed(Reason::WouldReveal)));
        assert_eq!(s.total, (7, Cell::Shown));
    }

    #[test]
    fn small_groups_are_pooled_when_together_they_are_safe() {
        let s = shaped(4, 2);
        assert_eq!((s.cell(Employees), s.cell(Peers), s.others), (Some(Cell::Pooled), Some(Cell::Pooled), Some(6)));
        let s = shaped(3, 1);
        assert_eq!(s.others, None, "four together are still too few");
        assert_eq!(s.cell(Employees), Some(Cell::Suppressed(Reason::TooFew)));
        assert_eq!(s.total, (4, Cell::Suppressed(Reason::TooFew)));
    }

    #[test]
    fn dont_know_answers_can_shrink_an_item_below_its_minimum() {
        // Six employees rated the leader, but only four gave a real answer to this item.
        let item = shaped(4, 3);
        assert_eq!(item.cell(Employees), Some(Cell::Suppressed(Reason::TooFew)));
        assert_eq!(shaped(6, 3).cell(Employees), Some(Cell::Shown));
    }

    #[test]
    fn hr_raises_minimums_but_never_below_three() {
        assert_eq!(Minimums::new(2, 3), Err(BelowFloor));
        assert_eq!(Minimums::new(5, 2), Err(BelowFloor));
        let m = Minimums::new(7, 4).unwrap();
        let s = shape(&[(Employees, 6), (Peers, 4)], &m);
        assert_eq!(s.cell(Employees), Some(Cell::Suppressed(Reason::TooFew)));
        assert_eq!(s.cell(Peers), Some(Cell::Suppressed(Reason::WouldReveal)));
    }

    #[test]
    fn a_closed_round_keeps_no_group_smaller_than_its_minimum() {
        let keep = |e, p| settle(&[(Manager, 1), (Employees, e), (Peers, p), (Own, 1)], &Minimums::default());
        assert_eq!(keep(5, 3), vec![(Manager, Keep::Labelled), (Employees, Keep::Labelled), (Peers, Keep::Labelled), (Own, Keep::Labelled)]);
        assert_eq!(keep(4, 2)[1..3], [(Employees, Keep::AsOthers), (Peers, Keep::AsOthers)]);
        // Four employees and three peers: neither alone, but seven in the total.
        assert_eq!(keep(4, 3)[1..3], [(Employees, Keep::InTotalOnly), (Peers, Keep::InTotalOnly)]);
        // Four employees and nobody else: nothing of theirs can be shown, so nothing is kept.
        assert_eq!(keep(4, 0)[1], (Employees, Keep::Discard));
    }

    #[test]
    fn an_item_is_not_pooled_again_and_the_rest_is_never_a_figure() {
        let m = Minimums::default();
        let s = shape_item(&[(Employees, 4), (Peers, 2)], &m);
        assert_eq!(s.others, None);
        assert_eq!(s.cell(Employees), Some(Cell::Suppressed(Reason::TooFew)));
        let s = shape_item(&[(Rest, 9)], &m);
        assert_eq!((s.cell(Rest), s.total), (Some(Cell::Suppressed(Reason::WouldReveal)), (9, Cell::Shown)));
        let s = shape_item(&[(Others, 5), (Own, 1)], &m);
        assert_eq!(s.cell(Others), Some(Cell::Shown));
    }

    #[test]
    fn nothing_shown_can_be_subtracted_down_to_one_hidden_group() {
        // Every combination of group sizes: when exactly one anonymous group
        // is hidden, no other anonymous group stands shown beside the total.
        for e in 0..12 {
            for p in 0..8 {
                let s = shaped(e, p);
                let hidden: Vec<Group> = [Employees, Peers].into_iter().filter(|g| matches!(s.cell(*g), Some(Cell::Suppressed(_)))).collect();
                let shown: Vec<Group> = [Employees, Peers].into_iter().filter(|g| s.cell(*g) == Some(Cell::Shown)).collect();
                let real_hidden = hidden.iter().filter(|g| if **g == Employees { e > 0 } else { p > 0 }).count();
                if real_hidden >= 1 && s.total.1 == Cell::Shown {
                    assert!(shown.is_empty(), "e={e} p={p}: {s:?}");
                }
            }
        }
    }
}
