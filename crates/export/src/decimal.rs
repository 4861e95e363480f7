//! Numbers with one decimal, written by integer arithmetic: the standard
//! formatter's exact path (`{:.1}`) was a tenth of the time spent drawing a
//! report of dots. Halves round away from zero, as people round by hand.

use std::fmt;

/// `v` with one decimal and a full stop, e.g. `3.5`, `-0.3`, `12.0`.
#[derive(Clone, Copy, Debug)]
pub struct Tenths(pub f64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = (self.0 * 10.0).round();
        if !t.is_finite() || t.abs() >= 1e17 {
            return write!(f, "{:.1}", self.0);
        }
        let t = t as i64;
        let sign = if t < 0 { "-" } else { "" };
        let a = t.unsigned_abs();
        write!(f, "{sign}{}.{}", a / 10, a % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::Tenths;

    #[test]
    fn one_decimal_rounded_half_away_from_zero() {
        let cases = [(3.0, "3.0"), (3.04, "3.0"), (3.05, "3.1"), (2.25, "2.3"), (4.96, "5.0"), (-0.25, "-0.3"), (-0.04, "0.0"), (123.456, "123.5")];
        for (v, want) in cases {
            assert_eq!(Tenths(v).to_string(), want, "{v}");
        }
    }
}
