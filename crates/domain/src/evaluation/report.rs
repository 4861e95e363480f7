//! A leader's report, worked out once from what a closed round kept and
//! rendered alike on the screen, in the PDF, in the export and in the API.
//! Every figure goes through the anonymity rules: an item's figure for a
//! group is there only when at least the group's minimum gave a real
//! answer ("Ved ikke" does not count), and a figure that would give away a
//! hidden one by subtraction is hidden too.

use serde::Serialize;

use super::anonymity::{Cell, Group, Keep, Minimums, Reason, shape_item};
use super::questionnaire::{Answer, Item, Part};

words! {
    /// A column of the report.
    pub enum Column {
        /// The leader's own answers ("Mig selv").
        Own = "own",
        /// The manager, alone and named as such.
        Manager = "manager",
        Employees = "employees",
        Peers = "peers",
        /// "Øvrige".
        Others = "others",
        /// "Alle undtagen mig": every anonymous answer, never the manager's.
        Total = "total",
    }
}

impl Column {
    fn group(self) -> Option<Group> {
        match self {
            Column::Own => Some(Group::Own),
            Column::Manager => Some(Group::Manager),
            Column::Employees => Some(Group::Employees),
            Column::Peers => Some(Group::Peers),
            Column::Others => Some(Group::Others),
            Column::Total => None,
        }
    }
}

/// One figure of the report.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Figure {
    /// The average of `n` real answers, 1 to 5.
    Value { mean: f64, n: u32 },
    /// Not shown, and why.
    Suppressed { reason: Hidden },
    /// Nobody in this group was asked or answered.
    Empty,
}

/// Why a figure is not shown, as the API and the pages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    TooFew,
    WouldReveal,
}

impl Figure {
    pub fn mean(&self) -> Option<f64> {
        match self {
            Figure::Value { mean, .. } => Some(*mean),
            _ => None,
        }
    }
    pub fn hidden(&self) -> bool {
        matches!(self, Figure::Suppressed { .. })
    }
}

impl From<Reason> for Hidden {
    fn from(r: Reason) -> Hidden {
        match r {
            Reason::TooFew => Hidden::TooFew,
            Reason::WouldReveal => Hidden::WouldReveal,
        }
    }
}

/// How a group stood when the round closed: how many were asked, how many
/// answered, and what became of their answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Settled {
    pub group: Group,
    pub invited: u32,
    pub answered: u32,
    pub keep: KeepWord,
}

words! {
    /// `Keep`, as stored.
    pub enum KeepWord {
        Labelled = "labelled",
        AsOthers = "as_others",
        InTotalOnly = "in_total_only",
        Discard = "discard",
    }
}

impl From<Keep> for KeepWord {
    fn from(k: Keep) -> KeepWord {
        match k {
            Keep::Labelled => KeepWord::Labelled,
            Keep::AsOthers => KeepWord::AsOthers,
            Keep::InTotalOnly => KeepWord::InTotalOnly,
            Keep::Discard => KeepWord::Discard,
        }
    }
}

/// One kept set of answers: its group (as settled) and an answer per item,
/// none where the item was not asked of the group or left blank.
pub struct Kept {
    pub group: Group,
    pub answers: Vec<Option<Answer>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemRow {
    pub part: Part,
    pub statement_key: String,
    pub text: String,
    pub figures: Vec<(Column, Figure)>,
}

impl ItemRow {
    pub fn figure(&self, c: Column) -> Figure {
        self.figures.iter().find(|(x, _)| *x == c).map(|(_, f)| *f).unwrap_or(Figure::Empty)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatementRow {
    pub key: String,
    pub title: String,
    pub part: Part,
    /// The average of the item averages that are shown.
    pub figures: Vec<(Column, Figure)>,
}

impl StatementRow {
    pub fn figure(&self, c: Column) -> Figure {
        self.figures.iter().find(|(x, _)| *x == c).map(|(_, f)| *f).unwrap_or(Figure::Empty)
    }
}

/// A behaviour where the leader sees themself at least a point apart from the others.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    pub item: usize,
    pub own: f64,
    pub others: f64,
}

/// The team about itself beside the team (the employees) about the leader's leadership.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mirror {
    pub followership: Figure,
    pub leadership: Figure,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub groups: Vec<Settled>,
    /// The columns with anything in them, in the report's order.
    pub columns: Vec<Column>,
    pub items: Vec<ItemRow>,
    pub statements: Vec<StatementRow>,
    pub gaps: Vec<Gap>,
    /// Indexes into `items`: the behaviours the others rate highest and lowest.
    pub top: Vec<usize>,
    pub bottom: Vec<usize>,
    pub mirror: Mirror,
    pub comments: Vec<String>,
}

impl Report {
    /// Every hidden figure, as (where, why): the same for every output.
    pub fn hidden_cells(&self) -> Vec<(String, Hidden)> {
        let mut out = vec![];
        for (i, row) in self.items.iter().enumerate() {
            for (c, f) in &row.figures {
                if let Figure::Suppressed { reason } = f {
                    out.push((format!("item {i} {c}"), *reason));
                }
            }
        }
        for s in &self.statements {
            for (c, f) in &s.figures {
                if let Figure::Suppressed { reason } = f {
                    out.push((format!("{} {c}", s.key), *reason));
                }
            }
        }
        out
    }
}

/// How many top and bottom behaviours a report names.
const EXTREMES: usize = 3;

/// Works out a leader's report. `items` is the round's questionnaire,
/// `kept` the answers the round kept when it closed, `groups` how each
/// group stood then, and `comments` the pooled comments in their stored
/// (random) order.
pub fn build(items: &[Item], kept: &[Kept], groups: &[Settled], comments: &[String], m: &Minimums) -> Report {
    let stored = [Group::Manager, Group::Employees, Group::Peers, Group::Own, Group::Others, Group::Rest];
    let rows: Vec<ItemRow> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mut counts: Vec<(Group, u32)> = vec![];
            let mut sums: Vec<(Group, u32)> = vec![];
            for g in stored {
                let real: Vec<u8> = kept
                    .iter()
                    .filter(|k| k.group == g)
                    .filter_map(|k| k.answers.get(i).copied().flatten())
                    .filter_map(|a| match a {
                        Answer::Scale(n) => Some(n),
                        Answer::DontKnow => None,
                    })
                    .collect();
                // A group counts for an item it was asked (the followership items are the team's own).
                if kept.iter().any(|k| k.group == g && k.answers.get(i).copied().flatten().is_some()) {
                    counts.push((g, real.len() as u32));
                    sums.push((g, real.iter().map(|n| *n as u32).sum()));
                }
            }
            let s = shape_item(&counts, m);
            let value = |n: u32, sum: u32| Figure::Value { mean: sum as f64 / n as f64, n };
            let sum_of = |g: Group| sums.iter().find(|x| x.0 == g).map(|x| x.1).unwrap_or(0);
            let n_of = |g: Group| counts.iter().find(|x| x.0 == g).map(|x| x.1).unwrap_or(0);
            let figures = Column::ALL
                .iter()
                .map(|&c| {
                    let f = match c.group() {
                        Some(g) => match s.cell(g) {
                            None => Figure::Empty,
                            Some(Cell::Shown) if n_of(g) > 0 => value(n_of(g), sum_of(g)),
                            Some(Cell::Shown) | Some(Cell::Pooled) => Figure::Empty,
                            Some(Cell::Suppressed(_)) if n_of(g) == 0 && !g.anonymous() => Figure::Empty,
                            Some(Cell::Suppressed(r)) => Figure::Suppressed { reason: r.into() },
                        },
                        None => {
                            let anon: Vec<Group> = stored.iter().copied().filter(|g| g.anonymous()).collect();
                            let n: u32 = anon.iter().map(|g| n_of(*g)).sum();
                            let sum: u32 = anon.iter().map(|g| sum_of(*g)).sum();
                            match s.total.1 {
                                _ if n == 0 && !counts.iter().any(|(g, _)| g.anonymous()) => Figure::Empty,
                                Cell::Shown => value(n, sum),
                                Cell::Suppressed(r) => Figure::Suppressed { reason: r.into() },
                                Cell::Pooled => Figure::Empty,
                            }
                        }
                    };
                    (c, f)
                })
                .collect();
            ItemRow { part: item.part, statement_key: item.statement_key.clone(), text: item.about_leader.clone(), figures }
        })
        .collect();
    let columns: Vec<Column> = Column::ALL.iter().copied().filter(|c| rows.iter().any(|r| r.figure(*c) != Figure::Empty)).collect();
    let mut statements: Vec<StatementRow> = vec![];
    for item in items {
        if statements.iter().any(|s| s.key == item.statement_key) {
            continue;
        }
        let mine: Vec<&ItemRow> = rows.iter().filter(|r| r.statement_key == item.statement_key).collect();
        let figures = Column::ALL.iter().map(|&c| (c, mean_of(mine.iter().map(|r| r.figure(c))))).collect();
        statements.push(StatementRow { key: item.statement_key.clone(), title: item.statement_title.clone(), part: item.part, figures });
    }
    let gaps = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.part != Part::Followership)
        .filter_map(|(i, r)| match (r.figure(Column::Own).mean(), r.figure(Column::Total).mean()) {
            (Some(own), Some(others)) if (own - others).abs() >= 1.0 => Some(Gap { item: i, own, others }),
            _ => None,
        })
        .collect();
    let mut rated: Vec<(usize, f64)> =
        rows.iter().enumerate().filter(|(_, r)| r.part == Part::Statement).filter_map(|(i, r)| r.figure(Column::Total).mean().map(|m| (i, m))).collect();
    rated.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<usize> = rated.iter().take(EXTREMES).map(|x| x.0).collect();
    let bottom: Vec<usize> = rated.iter().rev().take(EXTREMES).map(|x| x.0).filter(|i| !top.contains(i)).collect();
    // Only employees answer about the team, so the leader side is theirs too
    // (not "Alle undtagen mig", which holds the peers).
    let of_part = |p: Part, c: Column| mean_of(rows.iter().filter(|r| r.part == p).map(|r| r.figure(c)));
    let mirror = Mirror { followership: of_part(Part::Followership, Column::Total), leadership: of_part(Part::Leadership, Column::Employees) };
    Report { groups: groups.to_vec(), columns, items: rows, statements, gaps, top, bottom, mirror, comments: comments.iter().flat_map(|c| pieces(c)).collect() }
}

/// The average of the shown figures; hidden when none is shown and one is hidden.
fn mean_of(figures: impl Iterator<Item = Figure>) -> Figure {
    let mut means = vec![];
    let mut smallest = u32::MAX;
    let mut hidden = None;
    for f in figures {
        match f {
            Figure::Value { mean, n } => {
                means.push(mean);
                smallest = smallest.min(n);
            }
            Figure::Suppressed { reason } => hidden = hidden.or(Some(reason)),
            Figure::Empty => {}
        }
    }
    if means.is_empty() {
        return hidden.map(|reason| Figure::Suppressed { reason }).unwrap_or(Figure::Empty);
    }
    Figure::Value { mean: means.iter().sum::<f64>() / means.len() as f64, n: smallest }
}

/// The longest comment shown as one piece; a longer one is cut into its
/// sentences, so that its shape does not give away its writer.
pub const PARAGRAPH: usize = 600;

/// A comment as the report shows it: whole when short, else its sentences.
pub fn pieces(comment: &str) -> Vec<String> {
    let c = comment.split_whitespace().collect::<Vec<_>>().join(" ");
    if c.is_empty() {
        return vec![];
    }
    if c.chars().count() <= PARAGRAPH {
        return vec![c];
    }
    let mut out = vec![];
    let mut current = String::new();
    for word in c.split(' ') {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        if word.ends_with(['.', '!', '?']) {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::anonymity::settle;
    use crate::evaluation::questionnaire::Item;

    fn items() -> Vec<Item> {
        let item = |part: Part, key: &str, t: &str| Item {
            part,
            statement_key: key.into(),
            statement_title: key.into(),
            element_key: String::new(),
            about_leader: format!("Min leder {t}"),
            about_self: format!("Jeg {t}"),
        };
        vec![
            item(Part::Statement, "s.a", "lytter"),
            item(Part::Statement, "s.a", "giver feedback"),
            item(Part::Leadership, "l", "tager ansvar"),
            item(Part::Followership, "f", "spørger"),
        ]
    }

    fn kept(g: Group, a: &[u8]) -> Kept {
        Kept { group: g, answers: a.iter().map(|c| Answer::from_code(*c)).collect() }
    }

    fn report(e: &[&[u8]], p: &[&[u8]]) -> Report {
        let m = Minimums::default();
        let counts = [(Group::Manager, 1), (Group::Employees, e.len() as u32), (Group::Peers, p.len() as u32), (Group::Own, 1)];
        let decided = settle(&counts, &m);
        let keep = |g: Group| decided.iter().find(|d| d.0 == g).unwrap().1;
        let relabel = |g: Group| match keep(g) {
            Keep::Labelled => Some(g),
            Keep::AsOthers => Some(Group::Others),
            Keep::InTotalOnly => Some(Group::Rest),
            Keep::Discard => None,
        };
        let mut k = vec![kept(Group::Manager, &[4, 4, 4]), kept(Group::Own, &[5, 5, 5])];
        for a in e {
            if let Some(g) = relabel(Group::Employees) {
                k.push(kept(g, a));
            }
        }
        for a in p {
            if let Some(g) = relabel(Group::Peers) {
                k.push(kept(g, a));
            }
        }
        let settled: Vec<Settled> = counts.iter().map(|(g, n)| Settled { group: *g, invited: *n, answered: *n, keep: keep(*g).into() }).collect();
        build(&items(), &k, &settled, &[], &m)
    }

    #[test]
    fn groups_at_their_minimum_show_their_averages_and_the_own_answer_is_marked() {
        let r = report(&[&[3, 4, 2, 4], &[3, 4, 2, 4], &[3, 4, 2, 4], &[3, 4, 2, 4], &[3, 4, 2, 5]], &[&[2, 2, 2], &[2, 2, 2], &[2, 2, 2]]);
        assert_eq!(r.items[0].figure(Column::Employees), Figure::Value { mean: 3.0, n: 5 });
        assert_eq!(r.items[0].figure(Column::Peers), Figure::Value { mean: 2.0, n: 3 });
        assert_eq!(r.items[0].figure(Column::Total), Figure::Value { mean: 21.0 / 8.0, n: 8 }, "the manager is not in the total");
        assert_eq!(r.items[0].figure(Column::Own), Figure::Value { mean: 5.0, n: 1 });
        assert_eq!(r.statements[0].figure(Column::Employees), Figure::Value { mean: 3.5, n: 5 });
        assert_eq!(r.gaps.iter().map(|g| g.item).collect::<Vec<_>>(), vec![0, 1, 2], "the leader rates themself 5 against 2.6 to 3.0");
        assert_eq!(r.items[3].figure(Column::Employees), Figure::Value { mean: 4.2, n: 5 }, "followership: the team about itself");
        assert!(r.items[3].figure(Column::Peers) == Figure::Empty);
        assert!(r.hidden_cells().is_empty());
    }

    #[test]
    fn dont_know_shrinks_an_item_below_the_minimum_and_hides_its_neighbour() {
        // Five employees, but two said "Ved ikke" to the first item.
        let r = report(&[&[0, 4], &[0, 4], &[3, 4], &[3, 4], &[3, 4]], &[&[2, 2], &[2, 2], &[2, 2]]);
        assert_eq!(r.items[0].figure(Column::Employees), Figure::Suppressed { reason: Hidden::TooFew });
        assert_eq!(r.items[0].figure(Column::Peers), Figure::Suppressed { reason: Hidden::WouldReveal });
        assert_eq!(r.items[0].figure(Column::Total), Figure::Value { mean: 15.0 / 6.0, n: 6 });
        assert_eq!(r.items[1].figure(Column::Employees), Figure::Value { mean: 4.0, n: 5 });
        // The statement's average for employees uses only the item shown, so the hidden one cannot be worked out.
        assert_eq!(r.statements[0].figure(Column::Employees), Figure::Value { mean: 4.0, n: 5 });
    }

    #[test]
    fn a_group_of_four_shows_nothing_but_how_many_answered() {
        let r = report(&[&[3, 3], &[4, 4], &[5, 5], &[2, 2]], &[]);
        assert_eq!(r.groups[1].keep, KeepWord::Discard);
        assert_eq!(r.items[0].figure(Column::Employees), Figure::Empty, "nothing of theirs was kept");
        assert_eq!(r.items[0].figure(Column::Total), Figure::Empty);
        assert_eq!(r.items[0].figure(Column::Manager), Figure::Value { mean: 4.0, n: 1 });
        assert!(!r.columns.contains(&Column::Employees));
    }

    #[test]
    fn small_groups_pooled_show_as_others_only() {
        let r = report(&[&[3], &[3], &[3], &[3]], &[&[5], &[5]]);
        assert_eq!(r.items[0].figure(Column::Others), Figure::Value { mean: 22.0 / 6.0, n: 6 });
        assert_eq!(r.items[0].figure(Column::Employees), Figure::Empty);
        assert_eq!(r.items[0].figure(Column::Peers), Figure::Empty);
    }

    #[test]
    fn long_comments_are_cut_into_sentences() {
        assert_eq!(pieces("  Kort   og godt. "), vec!["Kort og godt."]);
        let long = "Første sætning er her. ".repeat(40);
        let p = pieces(&long);
        assert_eq!(p.len(), 40);
        assert!(p.iter().all(|s| s == "Første sætning er her."));
    }
}
