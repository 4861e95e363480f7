//! HR's overview across leaders (for HovedMED): per statement and per
//! centre, the anonymous raters' averages, and the organisation's. The
//! same rules as a leader's report hold, and one more, across reports: two
//! reports over overlapping people must differ by at least three raters,
//! or subtracting one from the other would give away the few in between;
//! then the smaller is rolled up into the larger (here: not shown on its
//! own, its raters counted in the organisation's row). A centre's row is
//! shown only when every one of its cells passes.

use serde::Serialize;

use super::anonymity::{Group, Minimums};
use super::questionnaire::{Answer, Item, Part};
use super::report::{Figure, Hidden, Kept};

/// The fewest raters two overlapping reports may differ by.
pub const DIFFERENCE: u32 = 3;

/// Whether two reports over overlapping people (`larger` ⊇ `smaller`
/// raters) may both be shown: the same people, or at least three more.
pub fn differs_enough(larger: u32, smaller: u32) -> bool {
    larger == smaller || larger >= smaller + DIFFERENCE
}

/// One leader's kept anonymous answers and how many raters their own report shows in "Alle undtagen mig".
pub struct Leader<'a> {
    pub pool: i64,
    pub kept: &'a [Kept],
    /// The raters in the leader's own shown total, none when it is hidden.
    pub shown_total: Option<u32>,
    /// Per item, the real answers the leader's own report shows in "Alle
    /// undtagen mig" (0 where it hides the item): `shown_items`.
    pub shown_items: Vec<u32>,
}

/// Per item, the real answers a leader's report shows in "Alle undtagen mig".
pub fn shown_items(report: &super::report::Report) -> Vec<u32> {
    report
        .items
        .iter()
        .map(|r| match r.figure(super::report::Column::Total) {
            Figure::Value { n, .. } => n,
            _ => 0,
        })
        .collect()
}

/// Per item, the sum over these leaders of what their own reports show.
pub fn shown_sum(leaders: &[&Leader], items: usize) -> Vec<u32> {
    (0..items).map(|i| leaders.iter().map(|l| l.shown_items.get(i).copied().unwrap_or(0)).sum()).collect()
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The centre (or any pool) the row is about; none for the organisation.
    pub pool: Option<i64>,
    pub raters: u32,
    pub leaders: usize,
    /// Per statement, in the questionnaire's order.
    pub figures: Vec<Figure>,
    /// Why the whole row is not shown, when it is not.
    pub hidden: Option<Hidden>,
}

/// The statements of the questionnaire, in order: (key, title).
pub fn statements(items: &[Item]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![];
    for i in items.iter().filter(|i| i.part == Part::Statement) {
        if !out.iter().any(|(k, _)| *k == i.statement_key) {
            out.push((i.statement_key.clone(), i.statement_title.clone()));
        }
    }
    out
}

/// The average per statement of the anonymous answers in `kept`: each item
/// counted when at least `min` gave it a real answer and, beside what the
/// leaders' own reports show of it (`shown`, per item; empty for no such
/// reports), the rest is none or at least three real answers. Otherwise the
/// pooled figure minus the leaders' would give away the few in between, as
/// when "Ved ikke" hid an item in one leader's report.
pub fn figures(items: &[Item], kept: &[&Kept], min: u32, shown: &[u32]) -> Vec<Figure> {
    statements(items)
        .iter()
        .map(|(key, _)| {
            let mut means = vec![];
            let mut smallest = u32::MAX;
            for (i, _) in items.iter().enumerate().filter(|(_, it)| it.statement_key == *key) {
                let real: Vec<u8> = kept
                    .iter()
                    .filter_map(|k| match k.answers.get(i).copied().flatten() {
                        Some(Answer::Scale(n)) => Some(n),
                        _ => None,
                    })
                    .collect();
                let safe = shown.get(i).is_none_or(|s| differs_enough(real.len() as u32, (*s).min(real.len() as u32)));
                if real.len() as u32 >= min && safe {
                    means.push(real.iter().map(|n| *n as f64).sum::<f64>() / real.len() as f64);
                    smallest = smallest.min(real.len() as u32);
                }
            }
            if means.is_empty() {
                Figure::Suppressed { reason: Hidden::TooFew }
            } else {
                Figure::Value { mean: means.iter().sum::<f64>() / means.len() as f64, n: smallest }
            }
        })
        .collect()
}

/// A leader's anonymous answers (the manager's and the leader's own are not pooled).
fn anonymous<'a>(l: &Leader<'a>) -> Vec<&'a Kept> {
    l.kept.iter().filter(|k| k.group.anonymous() && k.group != Group::Own).collect()
}

/// The overview: a row per pool (centre) in the order first met, and the
/// organisation's row last.
pub fn overview(items: &[Item], leaders: &[Leader], m: &Minimums) -> Vec<Row> {
    let min = m.employees().max(m.peers());
    let everyone: Vec<&Kept> = leaders.iter().flat_map(|l| anonymous(l)).collect();
    let total_raters = everyone.len() as u32;
    let mut pools: Vec<i64> = vec![];
    for l in leaders {
        if !pools.contains(&l.pool) {
            pools.push(l.pool);
        }
    }
    let mut rows: Vec<Row> = pools
        .iter()
        .map(|&pool| {
            let mine: Vec<&Leader> = leaders.iter().filter(|l| l.pool == pool).collect();
            let kept: Vec<&Kept> = mine.iter().flat_map(|l| anonymous(l)).collect();
            let raters = kept.len() as u32;
            let figures = figures(items, &kept, min, &shown_sum(&mine, items.len()));
            let mut hidden = (raters < min || figures.iter().any(Figure::hidden)).then_some(Hidden::TooFew);
            // Against the leaders' own reports shown inside it, the rest is none or at least three.
            if hidden.is_none() && !differs_enough(raters, shown_within(&mine)) {
                hidden = Some(Hidden::WouldReveal);
            }
            let figures =
                if hidden.is_some() { figures.iter().map(|_| Figure::Suppressed { reason: hidden.unwrap_or(Hidden::TooFew) }).collect() } else { figures };
            Row { pool: Some(pool), raters, leaders: mine.len(), figures, hidden }
        })
        .collect();
    // The organisation against every leader's own shown report: the same rule.
    let all: Vec<&Leader> = leaders.iter().collect();
    let hidden = if total_raters < min {
        Some(Hidden::TooFew)
    } else if !differs_enough(total_raters, shown_within(&all)) {
        Some(Hidden::WouldReveal)
    } else {
        None
    };
    let figures = match hidden {
        Some(reason) => statements(items).iter().map(|_| Figure::Suppressed { reason }).collect(),
        None => figures(items, &everyone, min, &shown_sum(&all, items.len())),
    };
    rows.push(Row { pool: None, raters: total_raters, leaders: leaders.len(), figures, hidden });
    let centres = rows.len() - 1;
    // A centre one or two raters apart from the organisation would give the rest away.
    for row in rows[..centres].iter_mut() {
        if row.hidden.is_none() && !differs_enough(total_raters, row.raters) {
            hide(row, Hidden::WouldReveal);
        }
    }
    // The centres part the organisation, so the organisation less the shown
    // centres is the hidden ones together: fewer than the minimum there, and
    // the smallest shown centre is hidden too, until the rest are enough.
    if rows[centres].hidden.is_none() {
        loop {
            let hidden_raters: u32 = rows[..centres].iter().filter(|r| r.hidden.is_some()).map(|r| r.raters).sum();
            if hidden_raters == 0 || hidden_raters >= min {
                break;
            }
            let Some(next) = (0..centres).filter(|&i| rows[i].hidden.is_none()).min_by_key(|&i| rows[i].raters) else { break };
            hide(&mut rows[next], Hidden::WouldReveal);
        }
    }
    rows
}

fn hide(row: &mut Row, reason: Hidden) {
    row.hidden = Some(reason);
    row.figures = row.figures.iter().map(|_| Figure::Suppressed { reason }).collect();
}

/// The raters in the leaders' own reports that are shown, among these leaders.
fn shown_within(leaders: &[&Leader]) -> u32 {
    leaders.iter().filter_map(|l| l.shown_total).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::questionnaire::Item;

    fn items() -> Vec<Item> {
        let item = |key: &str| Item {
            part: Part::Statement,
            statement_key: key.into(),
            statement_title: key.into(),
            element_key: String::new(),
            about_leader: String::new(),
            about_self: String::new(),
        };
        vec![item("a"), item("a"), item("b")]
    }

    fn raters(n: usize, v: u8) -> Vec<Kept> {
        (0..n).map(|_| Kept { group: Group::Employees, answers: vec![Some(Answer::Scale(v)); 3] }).collect()
    }

    #[test]
    fn a_small_hidden_centre_takes_the_smallest_shown_one_with_it() {
        let m = Minimums::new(5, 3).unwrap();
        let (a, b, c) = (raters(10, 4), raters(3, 1), raters(12, 3));
        let leader = |pool, kept| Leader { pool, kept, shown_total: None, shown_items: vec![] };
        let leaders = [leader(1, &a[..]), leader(2, &b[..]), leader(3, &c[..])];
        let rows = overview(&items(), &leaders, &m);
        // Centre 2 (three raters) is too few; the organisation less 1 and 3 would be exactly it, so 1 goes too.
        assert_eq!(rows.iter().map(|r| r.hidden.is_some()).collect::<Vec<_>>(), [true, true, false, false]);
        assert_eq!(rows[0].hidden, Some(Hidden::WouldReveal));
        assert!(rows[0].figures.iter().all(Figure::hidden));
    }

    #[test]
    fn overlapping_reports_differ_by_three_or_not_at_all() {
        assert!(differs_enough(10, 10));
        assert!(!differs_enough(10, 9) && !differs_enough(10, 8));
        assert!(differs_enough(10, 7));
    }

    #[test]
    fn a_centre_two_raters_larger_than_its_leader_is_rolled_up() {
        let m = Minimums::default();
        let (a, b, c) = (raters(6, 4), raters(2, 2), raters(9, 3));
        let leaders = [
            Leader { pool: 1, kept: &a, shown_total: Some(6), shown_items: vec![6; 3] },
            // Too few to show on their own, but they would be the difference.
            Leader { pool: 1, kept: &b, shown_total: None, shown_items: vec![] },
            Leader { pool: 2, kept: &c, shown_total: Some(9), shown_items: vec![9; 3] },
        ];
        let rows = overview(&items(), &leaders, &m);
        assert!(rows[0].hidden.is_some(), "8 against 6 would give away the two");
        assert!(rows[0].figures.iter().all(Figure::hidden));
        assert_eq!(rows[1].hidden, None, "one leader's centre is that leader's report again");
        assert_eq!(rows[1].figures[0], Figure::Value { mean: 3.0, n: 9 });
        let org = rows.last().unwrap();
        assert_eq!((org.pool, org.raters), (None, 17));
        assert_eq!(org.hidden, Some(Hidden::WouldReveal), "17 against the shown 6 and 9 would give away the two as well");
        // With three hidden raters instead of two, every row may be shown.
        let b3 = raters(3, 2);
        let leaders = [
            Leader { pool: 1, kept: &a, shown_total: Some(6), shown_items: vec![6; 3] },
            Leader { pool: 1, kept: &b3, shown_total: None, shown_items: vec![] },
            Leader { pool: 2, kept: &c, shown_total: Some(9), shown_items: vec![9; 3] },
        ];
        let rows = overview(&items(), &leaders, &m);
        assert!(rows.iter().all(|r| r.hidden.is_none()), "{rows:?}");
        assert_eq!(rows[2].figures[1], Figure::Value { mean: (6.0 * 4.0 + 3.0 * 2.0 + 9.0 * 3.0) / 18.0, n: 18 });
    }

    #[test]
    fn an_item_one_leader_hid_for_dont_know_is_left_out_of_the_pool() {
        // Leader A shows all items with 6 answers; leader B's 6 raters gave
        // only 2 real answers to the first item, which B's report hides.
        let m = Minimums::default();
        let a: Vec<Kept> =
            (0..6).map(|_| Kept { group: Group::Employees, answers: vec![Some(Answer::Scale(1)), Some(Answer::Scale(5)), Some(Answer::Scale(5))] }).collect();
        let b: Vec<Kept> = (0..6)
            .map(|k| Kept {
                group: Group::Employees,
                answers: vec![Some(if k < 2 { Answer::Scale(5) } else { Answer::DontKnow }), Some(Answer::Scale(5)), Some(Answer::Scale(5))],
            })
            .collect();
        let leaders = [
            Leader { pool: 1, kept: &a, shown_total: Some(6), shown_items: vec![6, 6, 6] },
            Leader { pool: 1, kept: &b, shown_total: Some(6), shown_items: vec![0, 6, 6] },
        ];
        let rows = overview(&items(), &leaders, &m);
        // Statement "a" holds the first two items: the first (8 real, 6 shown) is left out.
        assert_eq!(rows[0].figures[0], Figure::Value { mean: 5.0, n: 12 });
    }

    #[test]
    fn a_small_centre_is_not_shown() {
        let m = Minimums::default();
        let a = raters(4, 4);
        let b = raters(20, 4);
        let rows = overview(
            &items(),
            &[
                Leader { pool: 1, kept: &a, shown_total: None, shown_items: vec![] },
                Leader { pool: 2, kept: &b, shown_total: Some(20), shown_items: vec![20; 3] },
            ],
            &m,
        );
        assert_eq!(rows[0].hidden, Some(Hidden::TooFew));
    }
}
