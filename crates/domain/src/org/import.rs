//! Validation of an organisation import: one row per position, all or nothing.
//!
//! The reader (CSV or XLSX, in the export crate) turns a file into a grid of
//! strings; this module decides whether the grid is a valid organisation and
//! reports every bad row at once, so a person can fix the file in one go.

use std::collections::HashMap;

use super::{PositionKind, UnitKind, join_unit_path, split_unit_path};
use crate::text::{is_plausible_email, normalize_email, normalize_name};

/// One column the file must or may have; headers are matched in Danish or English.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Unit,
    Name,
    Email,
    Title,
    Leader,
    UnitKind,
}

impl Column {
    fn from_header(h: &str) -> Option<Column> {
        let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
        Some(match h.as_str() {
            "enhed" | "unit" | "enhedssti" | "unit path" | "unit_path" => Column::Unit,
            "navn" | "name" => Column::Name,
            "e-mail" | "email" | "mail" => Column::Email,
            "titel" | "stilling" | "title" => Column::Title,
            "leder" | "leader" | "is_leader" => Column::Leader,
            "enhedstype" | "unit kind" | "unit_kind" | "type" => Column::UnitKind,
            _ => return None,
        })
    }

    /// The header as documented (Danish), used in messages.
    pub fn header(self) -> &'static str {
        match self {
            Column::Unit => "enhed",
            Column::Name => "navn",
            Column::Email => "e-mail",
            Column::Title => "titel",
            Column::Leader => "leder",
            Column::UnitKind => "enhedstype",
        }
    }
}

/// What is wrong with one row. Each has a message key in the translation files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    EmptyUnit,
    BadUnitPath,
    EmptyName,
    BadEmail(String),
    BadLeaderFlag(String),
    BadUnitKind(String),
    /// The same person appears with two different names.
    NameConflict {
        first_row: usize,
    },
    /// The same person in the same unit twice.
    DuplicatePosition {
        first_row: usize,
    },
    /// A unit whose top differs from the first row's top.
    SecondRoot(String),
    /// A unit given two different kinds.
    KindConflict {
        first_row: usize,
    },
    /// Two leaders named for one unit.
    SecondLeader {
        first_row: usize,
    },
}

impl RowProblem {
    /// The Fluent message id that explains this problem.
    pub fn message_id(&self) -> &'static str {
        match self {
            RowProblem::EmptyUnit => "import-empty-unit",
            RowProblem::BadUnitPath => "import-bad-unit-path",
            RowProblem::EmptyName => "import-empty-name",
            RowProblem::BadEmail(_) => "import-bad-email",
            RowProblem::BadLeaderFlag(_) => "import-bad-leader",
            RowProblem::BadUnitKind(_) => "import-bad-unit-kind",
            RowProblem::NameConflict { .. } => "import-name-conflict",
            RowProblem::DuplicatePosition { .. } => "import-duplicate-position",
            RowProblem::SecondRoot(_) => "import-second-root",
            RowProblem::KindConflict { .. } => "import-kind-conflict",
            RowProblem::SecondLeader { .. } => "import-second-leader",
        }
    }

    /// The values the message refers to, by name.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            RowProblem::BadEmail(v) | RowProblem::BadLeaderFlag(v) | RowProblem::BadUnitKind(v) | RowProblem::SecondRoot(v) => vec![("value", v.clone())],
            RowProblem::NameConflict { first_row }
            | RowProblem::DuplicatePosition { first_row }
            | RowProblem::KindConflict { first_row }
            | RowProblem::SecondLeader { first_row } => vec![("first", first_row.to_string())],
            _ => vec![],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The row number as a spreadsheet shows it (the header is row 1).
    pub row: usize,
    pub problem: RowProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    Empty,
    MissingColumn(Column),
    Rows(Vec<RowError>),
}

/// A unit the import will create or update, parents before children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedUnit {
    pub path: Vec<String>,
    pub kind: UnitKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedPerson {
    pub email: String,
    pub name: String,
    pub title: String,
    /// (unit path, position)
    pub positions: Vec<(Vec<String>, PositionKind)>,
}

/// A valid organisation, ready to be written in one transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    pub units: Vec<PlannedUnit>,
    pub people: Vec<PlannedPerson>,
}

fn parse_leader(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" | "1" | "x" | "true" | "sand" => Some(true),
        "nej" | "n" | "no" | "0" | "" | "false" | "falsk" => Some(false),
        _ => None,
    }
}

/// Validates a grid (first row = headers) and returns the plan or every problem.
pub fn plan(grid: &[Vec<String>]) -> Result<ImportPlan, ImportError> {
    let Some((header, rows)) = grid.split_first() else {
        return Err(ImportError::Empty);
    };
    let mut cols: HashMap<Column, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(c) = Column::from_header(h) {
            cols.entry(c).or_insert(i);
        }
    }
    for required in [Column::Unit, Column::Name, Column::Email] {
        if !cols.contains_key(&required) {
            return Err(ImportError::MissingColumn(required));
        }
    }
    let cell = |row: &Vec<String>, c: Column| -> String { cols.get(&c).and_then(|&i| row.get(i)).map(|s| s.trim().to_string()).unwrap_or_default() };

    let mut errors = Vec::new();
    let mut units: Vec<PlannedUnit> = Vec::new();
    // path -> (index in units, row that set an explicit kind)
    let mut unit_index: HashMap<Vec<String>, (usize, Option<usize>)> = HashMap::new();
    let mut people: Vec<PlannedPerson> = Vec::new();
    let mut person_index: HashMap<String, (usize, usize)> = HashMap::new();
    let mut positions_seen: HashMap<(String, Vec<String>), usize> = HashMap::new();
    let mut leaders_seen: HashMap<Vec<String>, usize> = HashMap::new();
    let mut root: Option<String> = None;

    for (i, row) in rows.iter().enumerate() {
        let row_no = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue; // blank lines at the end of a spreadsheet are common
        }
        let mut bad = |p: RowProblem| errors.push(RowError { row: row_no, problem: p });

        let unit_raw = cell(row, Column::Unit);
        let name = normalize_name(&cell(row, Column::Name));
        let email_raw = cell(row, Column::Email);
        let email = normalize_email(&email_raw);
        let title = normalize_name(&cell(row, Column::Title));
        let leader_raw = cell(row, Column::Leader);
        let kind_raw = cell(row, Column::UnitKind);

        let path = if unit_raw.is_empty() {
            bad(RowProblem::EmptyUnit);
            None
        } else {
            let p = split_unit_path(&unit_raw);
            if p.is_none() {
                bad(RowProblem::BadUnitPath);
            }
            p
        };
        if name.is_empty() {
            bad(RowProblem::EmptyName);
        }
        if !is_plausible_email(&email) {
            bad(RowProblem::BadEmail(email_raw.clone()));
        }
        let leader = parse_leader(&leader_raw);
        if leader.is_none() {
            bad(RowProblem::BadLeaderFlag(leader_raw.clone()));
        }
        let kind = if kind_raw.is_empty() {
            None
        } else {
            let k = UnitKind::parse(&kind_raw);
            if k.is_none() {
                bad(RowProblem::BadUnitKind(kind_raw.clone()));
            }
            k
        };

        let Some(path) = path else { continue };
        match &root {
            None => root = Some(path[0].clone()),
            Some(r) if *r != path[0] => {
                bad(RowProblem::SecondRoot(path[0].clone()));
                continue;
            }
            _ => {}
        }
        // Every prefix of the path is a unit; the explicit kind names the last one.
        for depth in 0..path.len() {
            let prefix = path[..=depth].to_vec();
            let is_leaf = depth + 1 == path.len();
            match unit_index.get_mut(&prefix) {
                None => {
                    let k = if is_leaf { kind } else { None };
                    units.push(PlannedUnit { path: prefix.clone(), kind: k.unwrap_or(UnitKind::from_depth(depth)) });
                    unit_index.insert(prefix, (units.len() - 1, k.map(|_| row_no)));
                }
                Some((idx, set_by)) => {
                    if let (true, Some(k)) = (is_leaf, kind) {
                        match set_by {
                            Some(first) if units[*idx].kind != k => {
                                bad(RowProblem::KindConflict { first_row: *first });
                            }
                            Some(_) => {}
                            None => {
                                units[*idx].kind = k;
                                *set_by = Some(row_no);
                            }
                        }
                    }
                }
            }
        }

        if name.is_empty() || !is_plausible_email(&email) {
            continue;
        }
        let Some(leader) = leader else { continue };
        let position = if leader { PositionKind::Leader } else { PositionKind::Member };
        if let Some(&first) = positions_seen.get(&(email.clone(), path.clone())) {
            bad(RowProblem::DuplicatePosition { first_row: first });
            continue;
        }
        positions_seen.insert((email.clone(), path.clone()), row_no);
        if leader {
            if let Some(&first) = leaders_seen.get(&path) {
                bad(RowProblem::SecondLeader { first_row: first });
                continue;
            }
            leaders_seen.insert(path.clone(), row_no);
        }
        match person_index.get(&email) {
            Some(&(idx, first_row)) => {
                if people[idx].name != name {
                    bad(RowProblem::NameConflict { first_row });
                    continue;
                }
                if people[idx].title.is_empty() {
                    people[idx].title = title;
                }
                people[idx].positions.push((path, position));
            }
            None => {
                person_index.insert(email.clone(), (people.len(), row_no));
                people.push(PlannedPerson { email, name, title, positions: vec![(path, position)] });
            }
        }
    }

    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(ImportError::Rows(errors));
    }
    if people.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(ImportPlan { units, people })
}

/// The stored path key of a planned unit.
pub fn path_key(path: &[String]) -> String {
    join_unit_path(path)
}

/// What an import would do, worked out before anything is written, so the
/// administrator sees it and confirms: the same counts `apply_import`
/// reports afterwards, and the people in styr the file does not name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    pub units_created: usize,
    pub units_updated: usize,
    pub people_created: usize,
    pub people_updated: usize,
    pub positions: usize,
    /// Indexes into the existing people of those not in the file; they
    /// are left as they are.
    pub missing: Vec<usize>,
}

/// Compares a plan with what is there: units by path (`path_key`) with
/// their kind, people by e-mail (lower case) with their name and title.
pub fn preview(plan: &ImportPlan, units: &[(String, UnitKind)], people: &[(String, String, String)]) -> Preview {
    let mut p = Preview::default();
    for u in &plan.units {
        match units.iter().find(|(path, _)| *path == path_key(&u.path)) {
            None => p.units_created += 1,
            Some((_, kind)) if *kind != u.kind => p.units_updated += 1,
            Some(_) => {}
        }
    }
    for person in &plan.people {
        match people.iter().find(|(email, _, _)| email.eq_ignore_ascii_case(&person.email)) {
            None => p.people_created += 1,
            Some((_, name, title)) if *name != person.name || *title != person.title => p.people_updated += 1,
            Some(_) => {}
        }
        p.positions += person.positions.len();
    }
    p.missing =
        people.iter().enumerate().filter(|(_, (email, _, _))| !plan.people.iter().any(|x| x.email.eq_ignore_ascii_case(email))).map(|(i, _)| i).collect();
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect()
    }

    const HEADER: &[&str] = &["enhed", "navn", "e-mail", "titel", "leder"];

    #[test]
    fn a_small_valid_file() {
        let g = grid(&[
            HEADER,
            &["Ishøj Kommune", "Lise Holm", "lise@ishoj.dk", "Kommunaldirektør", "ja"],
            &["Ishøj Kommune > Direktionen", "Lise Holm", "LISE@ishoj.dk", "", "ja"],
            &["Ishøj Kommune > Direktionen", "Per Dahl", "per@ishoj.dk", "Direktør", "nej"],
        ]);
        let plan = plan(&g).unwrap();
        assert_eq!(plan.units.len(), 2);
        assert_eq!(plan.units[1].kind, UnitKind::ExecutiveBoard);
        assert_eq!(plan.people.len(), 2);
        assert_eq!(plan.people[0].positions.len(), 2, "one person, two positions");
        assert_eq!(plan.people[0].title, "Kommunaldirektør");
    }

    #[test]
    fn a_preview_counts_what_would_change_and_names_who_is_missing() {
        let plan = plan(&grid(&[
            HEADER,
            &["Ishøj Kommune", "Lise Holm", "lise@ishoj.dk", "Kommunaldirektør", "ja"],
            &["Ishøj Kommune > Skolen", "Ny Lærer", "ny@ishoj.dk", "Lærer", "nej"],
        ]))
        .unwrap();
        let units = [(path_key(&["Ishøj Kommune".to_string()]), UnitKind::Municipality)];
        let people = [
            ("lise@ishoj.dk".to_string(), "Lise Holm".to_string(), "Direktør".to_string()),
            ("gammel@ishoj.dk".to_string(), "Gammel Ansat".to_string(), String::new()),
        ];
        let p = preview(&plan, &units, &people);
        assert_eq!((p.units_created, p.units_updated, p.people_created, p.people_updated, p.positions), (1, 0, 1, 1, 2));
        assert_eq!(p.missing, vec![1], "the person the file does not name");
    }

    #[test]
    fn english_headers_and_explicit_kind() {
        let g = grid(&[&["Unit", "Name", "Email", "Title", "Leader", "Unit kind"], &["K > Skolen", "A B", "a@b.dk", "", "yes", "driftsenhed"]]);
        let plan = plan(&g).unwrap();
        assert_eq!(plan.units[1].kind, UnitKind::OperatingUnit);
    }

    #[test]
    fn every_bad_row_is_reported() {
        let g = grid(&[
            HEADER,
            &["", "A", "a@b.dk", "", "nej"],
            &["K > X", "", "b@b.dk", "", "nej"],
            &["K > X", "C", "not-an-email", "", "kanske"],
            &["Other > Y", "D", "d@b.dk", "", ""],
            &["K > X", "E", "e@b.dk", "", "ja"],
            &["K > X", "F", "f@b.dk", "", "ja"],
            &["K > Y", "G", "e@b.dk", "", "nej"],
        ]);
        let Err(ImportError::Rows(errs)) = plan(&g) else { panic!() };
        let got: Vec<(usize, &str)> = errs.iter().map(|e| (e.row, e.problem.message_id())).collect();
        assert_eq!(
            got,
            vec![
                (2, "import-empty-unit"),
                (3, "import-empty-name"),
                (4, "import-bad-email"),
                (4, "import-bad-leader"),
                (5, "import-second-root"),
                (7, "import-second-leader"),
                (8, "import-name-conflict"),
            ]
        );
    }

    #[test]
    fn missing_columns_and_empty_files() {
        assert_eq!(plan(&[]), Err(ImportError::Empty));
        assert_eq!(plan(&grid(&[HEADER])), Err(ImportError::Empty));
        assert_eq!(plan(&grid(&[&["enhed", "navn"], &["K", "A"]])), Err(ImportError::MissingColumn(Column::Email)));
    }

    #[test]
    fn duplicate_positions_and_kind_conflicts() {
        let g = grid(&[
            &["enhed", "navn", "e-mail", "leder", "enhedstype"],
            &["K > X", "A", "a@b.dk", "nej", "center"],
            &["K > X", "A", "a@b.dk", "nej", ""],
            &["K > X", "B", "b@b.dk", "nej", "driftsenhed"],
        ]);
        let Err(ImportError::Rows(errs)) = plan(&g) else { panic!() };
        assert_eq!(errs[0], RowError { row: 3, problem: RowProblem::DuplicatePosition { first_row: 2 } });
        assert_eq!(errs[1], RowError { row: 4, problem: RowProblem::KindConflict { first_row: 2 } });
    }
}
