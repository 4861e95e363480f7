//! The organisation import is fed anything: random bytes, every truncation
//! of a good CSV and a good XLSX, and good files with bytes changed. Reading
//! the file and planning the import must answer (a grid and a plan, or an
//! error with a message) and never panic. That nothing is written when they
//! fail is checked through the upload page in tests/it/import.rs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use export::read_grid;
use export::xlsx::{Cell, Sheet, workbook};
use proptest::prelude::*;

const CSV: &str = "enhed;navn;e-mail;titel;leder\n\
Ishøj Kommune > Direktionen > Center for Børn > Børnehuset Solsikken;Anna Ås;anna@ishoj.example;Leder;ja\n\
Ishøj Kommune > Direktionen > Center for Børn > Børnehuset Solsikken;Bo Ø;bo@ishoj.example;Pædagog;nej\n";

fn xlsx() -> Vec<u8> {
    let rows = CSV.lines().skip(1).map(|l| l.split(';').map(|c| Cell::Text(c.to_string())).collect()).collect();
    let header = CSV.lines().next().unwrap_or_default().split(';').map(String::from).collect();
    workbook(&[Sheet { name: "Organisation".into(), header, rows }]).unwrap()
}

/// Reads and plans; whatever comes back is fine, as long as it comes back.
fn import(name: &str, bytes: &[u8]) {
    if let Ok(grid) = read_grid(name, bytes) {
        let _ = domain::org::import::plan(&grid);
    }
}

#[test]
fn the_good_files_import() {
    let grid = read_grid("org.csv", CSV.as_bytes()).unwrap();
    assert!(domain::org::import::plan(&grid).is_ok());
    let grid = read_grid("org.xlsx", &xlsx()).unwrap();
    assert!(domain::org::import::plan(&grid).is_ok());
}

#[test]
fn every_truncation_answers() {
    let csv = CSV.as_bytes();
    for n in 0..csv.len() {
        import("org.csv", &csv[..n]);
    }
    let xlsx = xlsx();
    for n in 0..xlsx.len() {
        import("org.xlsx", &xlsx[..n]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_answer(bytes in proptest::collection::vec(any::<u8>(), 0..4096), xlsx_name in any::<bool>()) {
        import(if xlsx_name { "org.xlsx" } else { "org.csv" }, &bytes);
    }

    #[test]
    fn random_text_answers(text in "[ -~æøåÆØÅ;,\"\\n\\r>]{0,600}") {
        import("org.csv", text.as_bytes());
    }

    #[test]
    fn good_files_with_bytes_changed_answer(changes in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16), xlsx_file in any::<bool>()) {
        let mut bytes = if xlsx_file { xlsx() } else { CSV.as_bytes().to_vec() };
        for (at, b) in changes {
            let i = at % bytes.len();
            bytes[i] = b;
        }
        import(if xlsx_file { "org.xlsx" } else { "org.csv" }, &bytes);
    }
}
