//! Spreadsheets out of styr (XLSX, as Excel opens them): sheets of rows
//! under a bold header row that stays in view, with a filter on every
//! column, widths fitted to the content and dates as dates.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

pub struct Sheet {
    /// At most 31 characters, as Excel allows.
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(s.name.chars().take(31).collect::<String>()).map_err(e)?;
        let mut widths: Vec<usize> = s.header.iter().map(|h| h.chars().count()).collect();
        for (c, h) in s.header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold).map_err(e)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                let len = match cell {
                    Cell::Text(t) => {
                        sheet.write_string(r, col, t).map_err(e)?;
                        t.chars().count().min(60)
                    }
                    Cell::Number(n) => {
                        sheet.write_number(r, col, *n).map_err(e)?;
                        12
                    }
                    Cell::Date(d) => {
                        let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(e)?;
                        sheet.write_datetime_with_format(r, col, &dt, &date).map_err(e)?;
                        10
                    }
                    Cell::Empty => 0,
                };
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(len);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, (*w as f64 + 2.0).min(62.0)).map_err(e)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(e)?;
        if !s.header.is_empty() {
            sheet.autofilter(0, 0, s.rows.len() as u32, s.header.len() as u16 - 1).map_err(e)?;
        }
    }
    book.save_to_buffer().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_opens_as_a_zip_with_its_sheets() {
        let sheet = Sheet {
            name: "Indsatser".into(),
            header: vec!["Indsats".into(), "Budget".into(), "Slut".into()],
            rows: vec![
                vec![Cell::Text("Fælles indkøb".into()), Cell::Number(800000.0), Cell::Date(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap())],
                vec![Cell::Text("Rekruttering".into()), Cell::Empty, Cell::Empty],
            ],
        };
        let bytes = workbook(&[sheet]).unwrap();
        assert_eq!(&bytes[..2], b"PK", "an XLSX file is a zip");
        // The sheet's data reads back through the same reader the org import uses.
        let grid = crate::read_grid("portefolje.xlsx", &bytes).unwrap();
        assert_eq!(grid[0], vec!["Indsats", "Budget", "Slut"]);
        assert_eq!(grid[1][0], "Fælles indkøb");
        assert_eq!(grid[1][1], "800000");
    }
}
