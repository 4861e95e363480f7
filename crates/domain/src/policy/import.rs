//! Reading an indicator's figures from what its source gives, as a grid of
//! cells (the CSV and XLSX reader and the Jobindsats JSON reader in `export`
//! make the grid): Danmarks Statistik's Statistikbank CSV, Jobindsats' data
//! table, and the municipality's own spreadsheet. A grid that is not what the
//! source gives is refused with the row and the cell that is wrong, so a
//! changed or broken response changes nothing.

use std::collections::HashSet;

use super::COMPARISON;
use super::period::Period;

/// Fewer persons than this, and a figure is not shown.
pub const MIN_PERSONS: i64 = 5;

/// One figure as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The area's code: "183", "084" (the region), "000" (the country).
    pub area: String,
    pub period: Period,
    pub value: Option<f64>,
    pub expected: Option<f64>,
    /// Hidden by the source (".."), or about fewer than `MIN_PERSONS` persons.
    pub suppressed: bool,
}

/// How a source lays out its grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Statistikbank's CSV: a column per variable, TID for the period and INDHOLD for the figure.
    Statbank,
    /// Jobindsats' table: Area, Periode, and a column per measure; the figure is
    /// `measure`, the expected value `expected` (matched on the label's end).
    Jobindsats { measure: String, expected: Option<String> },
    /// The municipality's own: område, periode, værdi, and optionally
    /// forventet and personer. With `counts_persons` (an indicator whose unit
    /// is persons) the value is itself a count of persons.
    Upload { counts_persons: bool },
}

/// Whether an indicator's unit counts persons ("personer",
/// "fuldtidspersoner"): such a figure is itself a cell about persons.
pub fn counts_persons(unit: &str) -> bool {
    unit.to_lowercase().contains("person")
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file has no column {0:?}")]
    MissingColumn(String),
    #[error("row {row}: {text:?} is not a period (2025, 2025K2, 2025M03)")]
    Period { row: usize, text: String },
    #[error("row {row}: {text:?} is not a number")]
    Number { row: usize, text: String },
    #[error("row {row}: {text:?} is not a municipality, the region or the country")]
    Area { row: usize, text: String },
    #[error("row {row}: a second figure for {area} in {period}; the request must choose one value of every other variable")]
    Twice { row: usize, area: String, period: String },
    #[error("the file holds no figures")]
    Empty,
}

impl ImportError {
    pub fn message_id(&self) -> &'static str {
        match self {
            ImportError::MissingColumn(_) => "figures-error-column",
            ImportError::Period { .. } => "figures-error-period",
            ImportError::Number { .. } => "figures-error-number",
            ImportError::Area { .. } => "figures-error-area",
            ImportError::Twice { .. } => "figures-error-twice",
            ImportError::Empty => "figures-error-empty",
        }
    }

    /// What the message names: the column, or the row's cell.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ImportError::MissingColumn(c) => vec![("column", c.clone())],
            ImportError::Period { row, text } | ImportError::Number { row, text } | ImportError::Area { row, text } => {
                vec![("row", row.to_string()), ("text", text.clone())]
            }
            ImportError::Twice { row, area, period } => vec![("row", row.to_string()), ("area", area.clone()), ("period", period.clone())],
            ImportError::Empty => vec![],
        }
    }
}

/// A cell as a number: Danish ("1.234,5") or plain ("1234.5"). Empty, ".."
/// (Danmarks Statistik's "not shown"), "-" and "x" are no number.
pub fn number(s: &str) -> Result<Option<f64>, NotANumber> {
    let s = s.trim();
    if matches!(s, "" | ".." | "..." | "-" | "x" | "X") {
        return Ok(None);
    }
    let digits = s.trim_end_matches('%').replace(['\u{a0}', ' '], "");
    let plain = if digits.contains(',') {
        digits.replace('.', "").replace(',', ".")
    } else if is_grouped(&digits) {
        digits.replace('.', "")
    } else {
        digits
    };
    // Only plain decimals: not "NaN", "inf" or an exponent too large to be a figure.
    if !plain.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+')) {
        return Err(NotANumber);
    }
    plain.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).ok_or(NotANumber)
}

/// A cell that is neither a number nor one of the marks for "no number".
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a number")]
pub struct NotANumber;

/// "1.234" or "12.345.678": thousands grouped with points, as Danish writes them.
fn is_grouped(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let mut parts = s.split('.');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && rest.iter().all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// An area's code from a code or a name ("Ishøj", "Ishøj Kommune", "183").
pub fn area(s: &str) -> Option<&'static str> {
    let s = s.trim();
    let name = s.strip_suffix(" Kommune").unwrap_or(s);
    // "000" or "0", "084" or "84": codes are compared as numbers.
    let as_number = |c: &str| c.parse::<u32>().ok();
    COMPARISON
        .iter()
        .find(|(code, n)| n.eq_ignore_ascii_case(name) || (as_number(s).is_some() && as_number(s) == as_number(code)))
        .map(|(code, _)| *code)
        .or(if name.eq_ignore_ascii_case("Danmark") || name.eq_ignore_ascii_case("Hele landet") { Some("000") } else { None })
}

/// Jobindsats writes a moving year ending in a quarter as "2024QMAT02"; read it as that quarter.
fn period(s: &str) -> Option<Period> {
    let s = s.trim();
    Period::parse(s).or_else(|| {
        let (y, q) = s.split_once("QMAT")?;
        Period::parse(&format!("{y}K{}", q.trim_start_matches('0')))
    })
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.iter().any(|n| h.trim().to_lowercase() == n.to_lowercase()))
}

fn required(header: &[String], names: &[&str]) -> Result<usize, ImportError> {
    column(header, names).ok_or_else(|| ImportError::MissingColumn(names[0].to_string()))
}

/// A measure's column: the label itself or a label ending in ": label".
fn measure(header: &[String], label: &str) -> Result<usize, ImportError> {
    header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(label) || h.trim().to_lowercase().ends_with(&format!(": {}", label.to_lowercase())))
        .ok_or_else(|| ImportError::MissingColumn(label.to_string()))
}

/// The figures in a grid laid out as `layout` says. Areas that are not the
/// municipality, its neighbours, the region or the country are left out;
/// anything else not understood refuses the whole grid.
pub fn read(grid: &[Vec<String>], layout: &Layout) -> Result<Vec<Figure>, ImportError> {
    let Some((header, rows)) = grid.split_first() else { return Err(ImportError::Empty) };
    let header: Vec<String> = header.iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let (area_col, period_col, value_col, expected_col, persons_col) = match layout {
        Layout::Statbank => (required(&header, &["OMRÅDE", "KOMK", "BOPKOM"])?, required(&header, &["TID"])?, required(&header, &["INDHOLD"])?, None, None),
        Layout::Jobindsats { measure: m, expected } => (
            required(&header, &["Area", "Område"])?,
            required(&header, &["Periode", "Period"])?,
            measure(&header, m)?,
            expected.as_deref().map(|e| measure(&header, e)).transpose()?,
            None,
        ),
        Layout::Upload { .. } => (
            required(&header, &["område", "kommune", "area"])?,
            required(&header, &["periode", "år", "period"])?,
            required(&header, &["værdi", "value"])?,
            column(&header, &["forventet", "expected"]),
            column(&header, &["personer", "persons", "antal personer"]),
        ),
    };
    let mut seen = HashSet::new();
    let mut out = vec![];
    for (i, r) in rows.iter().enumerate() {
        // Row numbers as a spreadsheet shows them: the header is row 1.
        let row = i + 2;
        let cell = |c: usize| r.get(c).map(String::as_str).unwrap_or("");
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(area) = area(cell(area_col)) else {
            // The source's other areas (other municipalities, regions) are not ours to keep.
            if matches!(layout, Layout::Upload { .. }) {
                return Err(ImportError::Area { row, text: cell(area_col).to_string() });
            }
            continue;
        };
        let period = period(cell(period_col)).ok_or_else(|| ImportError::Period { row, text: cell(period_col).to_string() })?;
        let read_number = |c: usize| number(cell(c)).map_err(|_| ImportError::Number { row, text: cell(c).to_string() });
        let mut value = read_number(value_col)?;
        let expected = expected_col.map(read_number).transpose()?.flatten();
        let mut persons = persons_col.map(read_number).transpose()?.flatten();
        if persons.is_none() && matches!(layout, Layout::Upload { counts_persons: true }) {
            // The value counts persons itself; none is nobody and tells nothing.
            persons = value.filter(|v| *v > 0.0);
        }
        let hidden_by_source = value.is_none() && !cell(value_col).trim().is_empty();
        let too_few = persons.is_some_and(|p| (p as i64) < MIN_PERSONS);
        if too_few {
            value = None;
        }
        if !seen.insert((area, period)) {
            return Err(ImportError::Twice { row, area: area.to_string(), period: period.to_string() });
        }
        out.push(Figure { area: area.to_string(), period, value, expected: if too_few { None } else { expected }, suppressed: hidden_by_source || too_few });
    }
    if out.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&str]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.split(';').map(str::to_string).collect()).collect()
    }

    #[test]
    fn numbers_in_danish_and_plain() {
        assert_eq!(number("70,9"), Ok(Some(70.9)));
        assert_eq!(number("1.234"), Ok(Some(1234.0)));
        assert_eq!(number("1.234,5"), Ok(Some(1234.5)));
        assert_eq!(number("70.9"), Ok(Some(70.9)));
        assert_eq!(number("12 345"), Ok(Some(12345.0)));
        assert_eq!(number(".."), Ok(None));
        assert_eq!(number(""), Ok(None));
        assert_eq!(number("fem"), Err(NotANumber));
        assert_eq!(number("70,9 %"), Ok(Some(70.9)));
        for odd in ["NaN", "inf", "1e400", "-inf"] {
            assert_eq!(number(odd), Err(NotANumber), "{odd}");
        }
    }

    #[test]
    fn areas_by_code_or_name() {
        assert_eq!(area("183"), Some("183"));
        assert_eq!(area("Ishøj"), Some("183"));
        assert_eq!(area("Høje-Taastrup Kommune"), Some("169"));
        assert_eq!(area("84"), Some("084"));
        assert_eq!(area("Hele landet"), Some("000"));
        assert_eq!(area("Aarhus"), None);
    }

    #[test]
    fn a_statbank_csv_is_read_and_other_areas_left_out() {
        let g = grid(&["\u{feff}OMRÅDE;KØN;TID;INDHOLD", "183;TOT;2024;70,9", "751;TOT;2024;74,0", "165;TOT;2024;..", "000;TOT;2024K1;75,1"]);
        let f = read(&g, &Layout::Statbank).unwrap();
        assert_eq!(f.len(), 3);
        assert_eq!(f[0], Figure { area: "183".into(), period: Period::Year(2024), value: Some(70.9), expected: None, suppressed: false });
        assert!(f[1].suppressed && f[1].value.is_none(), "'..' is hidden by the source");
        assert_eq!(f[2].period, Period::Quarter(2024, 1));
    }

    #[test]
    fn a_changed_or_broken_response_is_refused_with_where() {
        assert_eq!(read(&grid(&["OMRÅDE;TID;VÆRDI", "183;2024;1"]), &Layout::Statbank), Err(ImportError::MissingColumn("INDHOLD".into())));
        assert_eq!(read(&grid(&["OMRÅDE;TID;INDHOLD", "183;sidste år;1"]), &Layout::Statbank), Err(ImportError::Period { row: 2, text: "sidste år".into() }));
        assert_eq!(read(&grid(&["OMRÅDE;TID;INDHOLD", "183;2024;mange"]), &Layout::Statbank), Err(ImportError::Number { row: 2, text: "mange".into() }));
        let twice = grid(&["OMRÅDE;KØN;TID;INDHOLD", "183;M;2024;1", "183;K;2024;2"]);
        assert_eq!(read(&twice, &Layout::Statbank), Err(ImportError::Twice { row: 3, area: "183".into(), period: "2024".into() }));
        assert_eq!(read(&grid(&["OMRÅDE;TID;INDHOLD", "751;2024;1"]), &Layout::Statbank), Err(ImportError::Empty));
        assert_eq!(read(&[], &Layout::Statbank), Err(ImportError::Empty));
    }

    #[test]
    fn jobindsats_measures_are_found_by_the_end_of_their_label() {
        let layout = Layout::Jobindsats { measure: "Faktisk antal".into(), expected: Some("Forventet antal".into()) };
        let g = grid(&[
            "Område;Periode;Ydelsesgrupper;Benchmark: Forventet antal;Benchmark: Faktisk antal",
            "Ishøj;2024QMAT02;A-dagpenge mv.;461;566",
            "Albertslund;2024QMAT02;A-dagpenge mv.;402;399",
        ]);
        let f = read(&g, &layout).unwrap();
        assert_eq!(f[0], Figure { area: "183".into(), period: Period::Quarter(2024, 2), value: Some(566.0), expected: Some(461.0), suppressed: false });
        assert_eq!(f[1].area, "165");
    }

    #[test]
    fn an_upload_hides_figures_about_fewer_than_five_and_names_unknown_areas() {
        let g = grid(&["område;periode;værdi;personer", "Ishøj;2024;81,2;412", "Ishøj;2025;100,0;3"]);
        let f = read(&g, &Layout::Upload { counts_persons: false }).unwrap();
        assert_eq!(f[0].value, Some(81.2));
        assert!(f[1].suppressed && f[1].value.is_none(), "about 3 persons");
        // A count of persons without a persons column: the value is the count.
        let g = grid(&["område;periode;værdi", "Ishøj;2024;3", "Ishøj;2025;0", "Ishøj;2026;12"]);
        let f = read(&g, &Layout::Upload { counts_persons: true }).unwrap();
        assert!(f[0].suppressed && f[0].value.is_none(), "3 persons");
        assert_eq!((f[1].value, f[2].value), (Some(0.0), Some(12.0)));
        assert!(!counts_persons("%") && counts_persons("fuldtidspersoner") && counts_persons("Personer"));
        let g = grid(&["område;periode;værdi", "Ishøj by;2024;1"]);
        assert_eq!(read(&g, &Layout::Upload { counts_persons: false }), Err(ImportError::Area { row: 2, text: "Ishøj by".into() }));
    }
}
