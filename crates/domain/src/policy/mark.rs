//! A goal's mark: how its indicators stand against their targets, with the
//! reason in a form the page can say in words.

use super::{Direction, IndicatorDef};

words! {
    /// How an indicator, or a goal, stands. Declared from best to worst.
    pub enum Mark {
        Met = "met",
        Near = "near",
        Missed = "missed",
        /// No value yet, or no target for the value's year.
        Unknown = "unknown",
    }
}

/// An indicator's newest value for the municipality.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub year: i32,
    /// As the source names it: "2025", "2025K2", "2025M03".
    pub period: String,
    pub value: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    NoValue,
    /// There is a value, but no target for its year or before.
    NoTarget {
        period: String,
        value: f64,
    },
    /// The value against the target; `gap` is how far on the right (positive)
    /// or wrong (negative) side of it, in the indicator's unit.
    Against {
        period: String,
        value: f64,
        target: f64,
        gap: f64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub mark: Mark,
    pub why: Why,
}

/// How an indicator stands: on the right side of its target is met, on the
/// wrong side by at most its tolerance is near, further is missed.
pub fn assess(def: &IndicatorDef, latest: Option<&Reading>) -> Assessment {
    let Some(r) = latest else { return Assessment { mark: Mark::Unknown, why: Why::NoValue } };
    let Some((_, target)) = def.target_for(r.year) else {
        return Assessment { mark: Mark::Unknown, why: Why::NoTarget { period: r.period.clone(), value: r.value } };
    };
    // Figures are shown to one decimal, and judged as shown: 70,96 against 71,0 is met.
    let shown = |v: f64| (v * 10.0).round() / 10.0;
    let gap = match def.direction {
        Direction::Higher => shown(r.value) - shown(target),
        Direction::Lower => shown(target) - shown(r.value),
    };
    let gap = shown(gap);
    let mark = if gap >= 0.0 {
        Mark::Met
    } else if -gap <= def.tolerance {
        Mark::Near
    } else {
        Mark::Missed
    };
    Assessment { mark, why: Why::Against { period: r.period.clone(), value: r.value, target, gap } }
}

/// A goal's mark: its worst known indicator, and which one that is (by its
/// position), so the page can name it as the reason. Unknown only when no
/// indicator is known.
pub fn goal(indicators: &[Assessment]) -> (Mark, Option<usize>) {
    indicators
        .iter()
        .enumerate()
        .filter(|(_, a)| a.mark != Mark::Unknown)
        .max_by(|a, b| a.1.mark.cmp(&b.1.mark).then(b.0.cmp(&a.0)))
        .map_or((Mark::Unknown, None), |(i, a)| (a.mark, Some(i)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Frequency, Source};
    use proptest::prelude::*;

    fn def(direction: Direction, tolerance: f64) -> IndicatorDef {
        IndicatorDef {
            key: "i".into(),
            name: "I".into(),
            definition: String::new(),
            unit: "%".into(),
            direction,
            source: Source::Upload,
            series: String::new(),
            frequency: Frequency::Yearly,
            targets: [("2025".to_string(), 75.0)].into_iter().collect(),
            tolerance,
            expected: false,
            releases: vec![],
            measure: String::new(),
            expected_measure: String::new(),
            select: Default::default(),
        }
    }

    fn at(year: i32, value: f64) -> Reading {
        Reading { year, period: year.to_string(), value }
    }

    #[test]
    fn marks_follow_the_direction_and_the_tolerance() {
        let up = def(Direction::Higher, 1.0);
        assert_eq!(assess(&up, Some(&at(2025, 75.0))).mark, Mark::Met);
        assert_eq!(assess(&up, Some(&at(2025, 74.2))).mark, Mark::Near);
        assert_eq!(assess(&up, Some(&at(2025, 73.9))).mark, Mark::Missed);
        assert_eq!(assess(&up, Some(&at(2025, 74.96))).mark, Mark::Met, "shown as 75,0 against 75,0");
        let down = def(Direction::Lower, 1.0);
        assert_eq!(assess(&down, Some(&at(2026, 73.0))).mark, Mark::Met, "2025's target holds in 2026");
        assert_eq!(assess(&down, Some(&at(2025, 76.0))).mark, Mark::Near);
        assert_eq!(assess(&down, Some(&at(2025, 76.5))).mark, Mark::Missed);
        assert_eq!(assess(&up, None).why, Why::NoValue);
        assert_eq!(assess(&up, Some(&at(2024, 80.0))), Assessment { mark: Mark::Unknown, why: Why::NoTarget { period: "2024".into(), value: 80.0 } });
    }

    #[test]
    fn a_goal_is_as_good_as_its_worst_known_indicator() {
        let up = def(Direction::Higher, 1.0);
        let met = assess(&up, Some(&at(2025, 76.0)));
        let near = assess(&up, Some(&at(2025, 74.5)));
        let unknown = assess(&up, None);
        assert_eq!(goal(&[met.clone(), near.clone(), unknown.clone()]), (Mark::Near, Some(1)));
        assert_eq!(goal(&[unknown.clone(), met.clone()]), (Mark::Met, Some(1)));
        assert_eq!(goal(std::slice::from_ref(&unknown)), (Mark::Unknown, None));
        assert_eq!(goal(&[]), (Mark::Unknown, None));
        // Two as bad: the first names the reason.
        assert_eq!(goal(&[met, near.clone(), near]), (Mark::Near, Some(1)));
    }

    proptest! {
        #[test]
        fn moving_the_right_way_never_worsens_the_mark(v in 50.0f64..100.0, step in 0.0f64..10.0, tol in 0.0f64..3.0) {
            for d in Direction::ALL {
                let i = def(d, tol);
                let better = match d { Direction::Higher => v + step, Direction::Lower => v - step };
                let (a, b) = (assess(&i, Some(&at(2025, v))).mark, assess(&i, Some(&at(2025, better))).mark);
                prop_assert!(b <= a, "{d}: {v} gives {a}, {better} gives {b}");
            }
        }
    }
}
