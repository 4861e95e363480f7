//! An indicator's period as the sources write it: "2025" (a year), "2025K2"
//! (a quarter, Danmarks Statistik's and Jobindsats' form) and "2025M03" (a
//! month).

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u8),
    Month(i32, u8),
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        let year = |y: &str| y.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y));
        if s.len() == 4 {
            return year(s).map(Period::Year);
        }
        let (y, rest) = (s.get(..4)?, s.get(4..)?);
        match rest.as_bytes().first()? {
            b'K' | b'Q' if rest.len() == 2 => rest[1..].parse::<u8>().ok().filter(|q| (1..=4).contains(q)).and_then(|q| Some(Period::Quarter(year(y)?, q))),
            b'M' if rest.len() == 3 && rest[1..].bytes().all(|b| b.is_ascii_digit()) => {
                rest[1..].parse::<u8>().ok().filter(|m| (1..=12).contains(m)).and_then(|m| Some(Period::Month(year(y)?, m)))
            }
            _ => None,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// Where the period starts, in years: 2025.25 for the second quarter.
    pub fn time(self) -> f64 {
        match self {
            Period::Year(y) => y as f64,
            Period::Quarter(y, q) => y as f64 + (q - 1) as f64 / 4.0,
            Period::Month(y, m) => y as f64 + (m - 1) as f64 / 12.0,
        }
    }
}

impl std::fmt::Display for Period {
    /// The stored form: "2025", "2025K2", "2025M03".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}K{q}"),
            Period::Month(y, m) => write!(f, "{y}M{m:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sources_forms_are_read_and_written_back() {
        for (s, p) in [("2025", Period::Year(2025)), ("2025K2", Period::Quarter(2025, 2)), ("2025M03", Period::Month(2025, 3))] {
            assert_eq!(Period::parse(s), Some(p));
            assert_eq!(p.to_string(), s);
        }
        assert_eq!(Period::parse("2025Q4"), Some(Period::Quarter(2025, 4)), "Jobindsats' English form");
        for bad in ["", "25", "2025K5", "2025K0", "2025K02", "2025K+2", "2025M+3", "2025M13", "2025M3", "20x5", "2025-03", "1800"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::Quarter(2024, 3).time(), 2024.5);
    }
}
