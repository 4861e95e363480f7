//! Files in and out of styr: reading an organisation spreadsheet (CSV or
//! XLSX) into a grid of strings for `domain::org::import` to judge, and
//! iCalendar feeds of meetings, PDFs, and the årshjul as SVG.

pub mod decimal;
pub mod dotplot;
pub mod ical;
pub mod pdf;
pub mod timeline;
pub mod trend;
pub mod wheel;
pub mod xlsx;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file type is not supported (use .csv or .xlsx)")]
    UnsupportedType,
    #[error("the file could not be read: {0}")]
    Unreadable(String),
}

impl ReadError {
    pub fn message_id(&self) -> &'static str {
        match self {
            ReadError::UnsupportedType => "import-unsupported-type",
            ReadError::Unreadable(_) => "import-unreadable",
        }
    }
}

/// Reads a CSV or XLSX file, chosen by its name, into rows of cells.
pub fn read_grid(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        read_csv(bytes)
    } else if lower.ends_with(".xlsx") {
        read_xlsx(bytes)
    } else {
        Err(ReadError::UnsupportedType)
    }
}

/// CSV as Danish Excel writes it (semicolons) or as others do (commas), in
/// UTF-8 with or without a byte-order mark.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::Unreadable("not UTF-8".into()))?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() >= first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut grid = vec![];
    for rec in reader.records() {
        let rec = rec.map_err(|e| ReadError::Unreadable(e.to_string()))?;
        grid.push(rec.iter().map(|s| s.to_string()).collect());
    }
    Ok(grid)
}

/// Jobindsats' data answer (JSON: a table with its `Variables`, each with a
/// `Label`, and its `Data`, a row of cells per figure) as a grid whose first
/// row is the labels.
pub fn read_jobindsats(bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Table {
        variables: Vec<Variable>,
        data: Vec<Vec<serde_json::Value>>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Variable {
        label: String,
    }
    let tables: Vec<Table> = serde_json::from_slice(bytes).map_err(|e| ReadError::Unreadable(format!("not Jobindsats' answer: {e}")))?;
    let table = tables.into_iter().next().ok_or_else(|| ReadError::Unreadable("no table in Jobindsats' answer".into()))?;
    let cell = |v: serde_json::Value| match v {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        // With a decimal comma, so that 1.125 is not read as one thousand one hundred and twenty-five.
        serde_json::Value::Number(n) => n.to_string().replace('.', ","),
        other => other.to_string(),
    };
    let mut grid = vec![table.variables.into_iter().map(|v| v.label).collect::<Vec<_>>()];
    grid.extend(table.data.into_iter().map(|r| r.into_iter().map(cell).collect()));
    Ok(grid)
}

/// The most an uploaded workbook may hold once unpacked. A workbook is a
/// zip file: a few megabytes can unpack to gigabytes, which would take the
/// server's memory long before the sheet is read.
pub const XLSX_UNPACKED_MAX: u64 = 64 * 1024 * 1024;

/// Unpacks every part of the workbook, counting, and refuses it past
/// `max`: what the zip directory declares cannot be trusted, what comes out can.
fn check_unpacked(bytes: &[u8], max: u64) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| ReadError::Unreadable(e.to_string()))?;
        let left = max.saturating_sub(total);
        total += std::io::copy(&mut std::io::Read::take(part, left + 1), &mut std::io::sink()).map_err(|e| ReadError::Unreadable(e.to_string()))?;
        if total > max {
            return Err(ReadError::Unreadable(format!("the workbook unpacks to more than {} MB", max / 1024 / 1024)));
        }
    }
    Ok(())
}

/// The first sheet of an XLSX workbook.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    check_unpacked(bytes, XLSX_UNPACKED_MAX)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let range = book.worksheet_range_at(0).ok_or_else(|| ReadError::Unreadable("no sheet".into()))?.map_err(|e| ReadError::Unreadable(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    // A decimal comma, as Danish writes it: "70.125" would read as
                    // seventy thousand one hundred and twenty-five.
                    Data::Float(f) => f.to_string().replace('.', ","),
                    // A date as a date, not as Excel's serial number.
                    Data::DateTime(d) => {
                        let (y, m, day, ..) = d.to_ymd_hms_milli();
                        format!("{y:04}-{m:02}-{day:02}")
                    }
                    Data::DateTimeIso(t) => t.get(..10).unwrap_or(t).to_string(),
                    Data::Bool(b) => {
                        if *b {
                            "ja".into()
                        } else {
                            "nej".into()
                        }
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_numbers_keep_their_decimals_and_dates_are_dates() {
        let book = xlsx::workbook(&[xlsx::Sheet {
            name: "Tal".into(),
            header: vec!["værdi".into(), "dato".into()],
            rows: vec![vec![xlsx::Cell::Number(70.125), xlsx::Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap())]],
        }])
        .unwrap();
        let g = read_xlsx(&book).unwrap();
        assert_eq!(g[1], vec!["70,125".to_string(), "2026-03-05".to_string()]);
        let j = read_jobindsats(r#"[{"Variables":[{"Label":"Area"},{"Label":"V"}],"Data":[["Ishøj",1.125]]}]"#.as_bytes()).unwrap();
        assert_eq!(j[1][1], "1,125");
    }

    #[test]
    fn a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read() {
        // 40,000 equal cells pack small and unpack large.
        let rows = (0..40_000).map(|_| vec![xlsx::Cell::Text("Ishøj på arbejde – på arbejde i Ishøj".into())]).collect();
        let book = xlsx::workbook(&[xlsx::Sheet { name: "Tal".into(), header: vec!["tekst".into()], rows }]).unwrap();
        let unpacked = 1024 * 1024;
        assert!(book.len() < unpacked as usize / 4, "{} bytes packed", book.len());
        assert!(matches!(check_unpacked(&book, unpacked), Err(ReadError::Unreadable(m)) if m.contains("more than 1 MB")));
        assert!(check_unpacked(&book, XLSX_UNPACKED_MAX).is_ok() && read_xlsx(&book).unwrap().len() == 40_001);
    }

    #[test]
    fn csv_with_semicolons_and_bom() {
        let g = read_csv("\u{feff}enhed;navn\r\nA > B;\"Holm; Lise\"\r\n".as_bytes()).unwrap();
        assert_eq!(g, vec![vec!["enhed", "navn"], vec!["A > B", "Holm; Lise"]]);
    }

    #[test]
    fn csv_with_commas() {
        let g = read_csv(b"unit,name\nA,B\n").unwrap();
        assert_eq!(g[1], vec!["A", "B"]);
    }

    #[test]
    fn wrong_types_and_garbage() {
        assert_eq!(read_grid("org.pdf", b"%PDF"), Err(ReadError::UnsupportedType));
        assert!(matches!(read_grid("org.xlsx", b"not a zip"), Err(ReadError::Unreadable(_))));
        assert!(matches!(read_csv(&[0xff, 0xfe, 0x00]), Err(ReadError::Unreadable(_))));
    }
}
