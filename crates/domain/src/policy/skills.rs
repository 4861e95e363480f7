//! The skills gap at occupation level (seed 004, theme 3): which
//! occupations the local labour market asks for, and which of their skills
//! candidates most often lack, with green skills marked.
//!
//! The supply side is ESCO, the EU's classification of occupations and
//! skills, read from its official CSV download (occupations, skills, the
//! occupation–skill relations and the green-skills collection) that a person
//! downloads and uploads. Demand is Jobindsats' Y25i07 (vacancies by
//! occupation) plus the jobcenter's own job orders. Nothing here is about a
//! citizen: no matching of persons, no CPR.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::business::JobOrder;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occupation {
    pub uri: String,
    pub label: String,
    /// ESCO's other labels, for matching the names demand comes under.
    pub alt_labels: Vec<String>,
    /// The ISCO-08 unit group ("8344").
    pub isco: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skill {
    pub uri: String,
    pub label: String,
    /// "skill/competence" or "knowledge".
    pub kind: String,
    /// In ESCO's green-skills collection.
    pub green: bool,
}

/// ESCO as read: occupations, skills, and (occupation, skill, essential) relations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Esco {
    pub occupations: Vec<Occupation>,
    pub skills: Vec<Skill>,
    pub relations: Vec<(String, String, bool)>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EscoError {
    /// `file` is the file's field in the upload: occupations, skills, relations or green.
    #[error("the {file} file has no column {column:?}")]
    MissingColumn { file: &'static str, column: &'static str },
    #[error("the {file} file, row {row}: {text:?} is not an ESCO address")]
    Uri { file: &'static str, row: usize, text: String },
    #[error("the relations file, row {row}: {text:?} names no occupation or skill of the other files")]
    Unknown { row: usize, text: String },
    #[error("the {file} file holds nothing")]
    Empty { file: &'static str },
}

impl EscoError {
    pub fn message_id(&self) -> &'static str {
        match self {
            EscoError::MissingColumn { .. } => "skills-error-column",
            EscoError::Uri { .. } => "skills-error-uri",
            EscoError::Unknown { .. } => "skills-error-unknown",
            EscoError::Empty { .. } => "skills-error-empty",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            EscoError::MissingColumn { file, column } => vec![("file", file.to_string()), ("column", column.to_string())],
            EscoError::Uri { file, row, text } => vec![("file", file.to_string()), ("row", row.to_string()), ("text", text.clone())],
            EscoError::Unknown { row, text } => vec![("row", row.to_string()), ("text", text.clone())],
            EscoError::Empty { file } => vec![("file", file.to_string())],
        }
    }
}

/// A file's header and rows, the columns found by name.
struct Table<'a> {
    file: &'static str,
    header: &'a [String],
    rows: &'a [Vec<String>],
}

impl<'a> Table<'a> {
    fn new(file: &'static str, grid: &'a [Vec<String>]) -> Result<Table<'a>, EscoError> {
        let (header, rows) = grid.split_first().ok_or(EscoError::Empty { file })?;
        if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
            return Err(EscoError::Empty { file });
        }
        Ok(Table { file, header, rows })
    }

    fn col(&self, name: &'static str) -> Result<usize, EscoError> {
        self.header.iter().position(|h| h.trim().trim_start_matches('\u{feff}') == name).ok_or(EscoError::MissingColumn { file: self.file, column: name })
    }

    /// The rows that are not empty, with their row number in the file.
    fn each(&self) -> impl Iterator<Item = (usize, &'a Vec<String>)> {
        self.rows.iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty())).map(|(i, r)| (i + 2, r))
    }

    fn uri(&self, row: usize, r: &[String], c: usize) -> Result<String, EscoError> {
        let s = r.get(c).map(|s| s.trim()).unwrap_or("");
        if s.starts_with("http://data.europa.eu/esco/") { Ok(s.to_string()) } else { Err(EscoError::Uri { file: self.file, row, text: s.to_string() }) }
    }
}

fn cell(r: &[String], c: usize) -> String {
    r.get(c).map(|s| s.trim().to_string()).unwrap_or_default()
}

/// ESCO's CSV download: `occupations_da.csv` (conceptUri, preferredLabel,
/// altLabels, iscoGroup), `skills_da.csv` (conceptUri, preferredLabel,
/// skillType), `occupationSkillRelations_da.csv` (occupationUri,
/// relationType, skillUri) and `greenSkillsCollection_da.csv` (conceptUri).
/// Other columns are ignored. All or none.
pub fn read_esco(occupations: &[Vec<String>], skills: &[Vec<String>], relations: &[Vec<String>], green: &[Vec<String>]) -> Result<Esco, EscoError> {
    let t = Table::new("occupations", occupations)?;
    let (uri, label, alt, isco) = (t.col("conceptUri")?, t.col("preferredLabel")?, t.col("altLabels")?, t.col("iscoGroup")?);
    let mut out = Esco::default();
    for (row, r) in t.each() {
        out.occupations.push(Occupation {
            uri: t.uri(row, r, uri)?,
            label: cell(r, label),
            alt_labels: cell(r, alt).split('\n').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
            isco: cell(r, isco),
        });
    }
    let g = Table::new("green", green)?;
    let g_uri = g.col("conceptUri")?;
    let mut greens = HashSet::new();
    for (row, r) in g.each() {
        greens.insert(g.uri(row, r, g_uri)?);
    }
    let t = Table::new("skills", skills)?;
    let (uri, label, kind) = (t.col("conceptUri")?, t.col("preferredLabel")?, t.col("skillType")?);
    for (row, r) in t.each() {
        let u = t.uri(row, r, uri)?;
        out.skills.push(Skill { green: greens.contains(&u), uri: u, label: cell(r, label), kind: cell(r, kind) });
    }
    let t = Table::new("relations", relations)?;
    let (occ, rel, skill) = (t.col("occupationUri")?, t.col("relationType")?, t.col("skillUri")?);
    let known_occ: HashSet<&str> = out.occupations.iter().map(|o| o.uri.as_str()).collect();
    let known_skill: HashSet<&str> = out.skills.iter().map(|s| s.uri.as_str()).collect();
    let mut relations = vec![];
    for (row, r) in t.each() {
        let (o, s) = (t.uri(row, r, occ)?, t.uri(row, r, skill)?);
        if !known_occ.contains(o.as_str()) {
            return Err(EscoError::Unknown { row, text: o });
        }
        if !known_skill.contains(s.as_str()) {
            return Err(EscoError::Unknown { row, text: s });
        }
        relations.push((o, s, cell(r, rel) == "essential"));
    }
    out.relations = relations;
    Ok(out)
}

/// The vacancies of one occupation in one period, as Y25i07 gives them.
#[derive(Clone, Debug, PartialEq)]
pub struct Vacancies {
    pub period: String,
    pub occupation: String,
    pub count: f64,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DemandError {
    #[error("the answer has no column {0:?}")]
    MissingColumn(&'static str),
    #[error("row {row}: {text:?} is not a number")]
    Number { row: usize, text: String },
    #[error("the answer holds no vacancies for the municipality")]
    Empty,
}

impl DemandError {
    pub fn message_id(&self) -> &'static str {
        match self {
            DemandError::MissingColumn(_) => "skills-demand-error-column",
            DemandError::Number { .. } => "skills-demand-error-number",
            DemandError::Empty => "skills-demand-error-empty",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            DemandError::MissingColumn(c) => vec![("column", c.to_string())],
            DemandError::Number { row, text } => vec![("row", row.to_string()), ("text", text.clone())],
            DemandError::Empty => vec![],
        }
    }
}

/// Y25i07 by occupation, as Jobindsats answers it (read into a grid): the
/// area, the period, the occupation ("Stillingsbetegnelse") and the number
/// of vacancies; only the rows of `area` (a name, "Ishøj"). "-" and ".." (no
/// figure) are left out.
pub fn read_demand(grid: &[Vec<String>], area: &str) -> Result<Vec<Vacancies>, DemandError> {
    let Some((header, rows)) = grid.split_first() else { return Err(DemandError::Empty) };
    let find = |pred: &dyn Fn(&str) -> bool, name: &'static str| header.iter().position(|h| pred(&h.to_lowercase())).ok_or(DemandError::MissingColumn(name));
    let a = find(&|h| h == "area" || h == "område", "Area")?;
    let p = find(&|h| h == "periode" || h == "period", "Periode")?;
    let o = find(&|h| h.contains("stillingsbetegnelse") || h == "stilling", "Stillingsbetegnelse")?;
    let n = find(&|h| h.contains("stillinger") || h.contains("jobopslag"), "Antal stillinger")?;
    let mut out = vec![];
    for (i, r) in rows.iter().enumerate() {
        if cell(r, a) != area {
            continue;
        }
        let text = cell(r, n);
        if text.is_empty() || text == "-" || text == ".." {
            continue;
        }
        let count = text.replace('.', "").replace(',', ".").parse::<f64>().map_err(|_| DemandError::Number { row: i + 2, text: text.clone() })?;
        out.push(Vacancies { period: cell(r, p), occupation: cell(r, o), count });
    }
    if out.is_empty() {
        return Err(DemandError::Empty);
    }
    Ok(out)
}

/// A skill an occupation in demand needs, and how often candidates lacked it.
#[derive(Clone, Debug, PartialEq)]
pub struct NeededSkill {
    pub label: String,
    pub green: bool,
    /// Times noted as lacking when one of the occupation's job orders closed without a hire.
    pub missing: u32,
}

/// An occupation in demand and its essential skills, the most often missing first.
#[derive(Clone, Debug, PartialEq)]
pub struct OccupationGap {
    pub label: String,
    pub isco: String,
    /// Vacancies in the newest period of Y25i07.
    pub vacancies: f64,
    /// The jobcenter's job orders for it, the positions they asked for, and how many closed without a hire.
    pub job_orders: u32,
    pub positions: u32,
    pub unfilled: u32,
    pub skills: Vec<NeededSkill>,
}

/// A skill most often missing across the occupations in demand.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingSkill {
    pub label: String,
    pub green: bool,
    pub missing: u32,
    /// The occupations in demand that need it (essential).
    pub occupations: Vec<String>,
}

/// Folds a label for matching: lower case, single spaces.
fn fold(s: &str) -> String {
    s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The ESCO occupation a name of demand is: its preferred or another label.
pub fn occupation_of<'a>(esco: &'a Esco, name: &str) -> Option<&'a Occupation> {
    let n = fold(name);
    esco.occupations.iter().find(|o| fold(&o.label) == n).or_else(|| esco.occupations.iter().find(|o| o.alt_labels.iter().any(|a| fold(a) == n)))
}

/// The line of the occupation `name` is, made when it is the first; none
/// (and the name noted) when ESCO does not know it.
fn entry<'a, 'm>(demand: &'m mut BTreeMap<&'a str, OccupationGap>, unknown: &mut HashSet<String>, esco: &'a Esco, name: &str) -> Option<&'m mut OccupationGap> {
    let Some(o) = occupation_of(esco, name) else {
        unknown.insert(fold(name));
        return None;
    };
    Some(demand.entry(o.uri.as_str()).or_insert_with(|| OccupationGap {
        label: o.label.clone(),
        isco: o.isco.clone(),
        vacancies: 0.0,
        job_orders: 0,
        positions: 0,
        unfilled: 0,
        skills: vec![],
    }))
}

/// How far back job orders count towards demand, in months.
pub const JOB_ORDER_MONTHS: u32 = 12;

/// The job orders that count towards today's demand: opened or closed within
/// the last `JOB_ORDER_MONTHS`.
pub fn recent(orders: Vec<JobOrder>, today: chrono::NaiveDate) -> Vec<JobOrder> {
    let since = today.checked_sub_months(chrono::Months::new(JOB_ORDER_MONTHS)).unwrap_or_default();
    orders.into_iter().filter(|o| o.opened_on >= since || o.closed_on.is_some_and(|c| c >= since)).collect()
}

/// The skills gap: the occupations in demand (vacancies in Y25i07's newest
/// period, and job orders), most wanted first, each with its essential
/// skills; and the skills most often lacking across them. Demand under a
/// name ESCO does not know is left out of the occupations (its count is
/// returned, so the page can say so).
pub fn gap(esco: &Esco, vacancies: &[Vacancies], orders: &[JobOrder]) -> (Vec<OccupationGap>, Vec<MissingSkill>, usize) {
    let newest = vacancies.iter().map(|v| v.period.as_str()).max().unwrap_or("");
    let mut demand: BTreeMap<&str, OccupationGap> = BTreeMap::new();
    let mut unknown = HashSet::new();
    for v in vacancies.iter().filter(|v| v.period == newest) {
        if let Some(g) = entry(&mut demand, &mut unknown, esco, &v.occupation) {
            g.vacancies += v.count;
        }
    }
    let mut missing_by_occupation: HashMap<String, HashMap<String, u32>> = HashMap::new();
    for o in orders {
        let Some(g) = entry(&mut demand, &mut unknown, esco, &o.occupation) else { continue };
        g.job_orders += 1;
        g.positions += o.positions;
        if o.closed_on.is_some() && !o.filled() {
            g.unfilled += 1;
        }
        // What a filled order's candidates lacked did not keep it open.
        if o.filled() {
            continue;
        }
        let label = g.label.clone();
        for s in &o.missing_skills {
            *missing_by_occupation.entry(label.clone()).or_default().entry(fold(s)).or_default() += 1;
        }
    }
    let skills: HashMap<&str, &Skill> = esco.skills.iter().map(|s| (s.uri.as_str(), s)).collect();
    let mut overall: BTreeMap<String, MissingSkill> = BTreeMap::new();
    let mut out: Vec<OccupationGap> = demand
        .into_iter()
        .map(|(uri, mut g)| {
            let missing = missing_by_occupation.get(&g.label);
            g.skills = esco
                .relations
                .iter()
                .filter(|(o, _, essential)| o == uri && *essential)
                .filter_map(|(_, s, _)| skills.get(s.as_str()))
                .map(|s| NeededSkill { label: s.label.clone(), green: s.green, missing: missing.and_then(|m| m.get(&fold(&s.label))).copied().unwrap_or(0) })
                .collect();
            g.skills.sort_by(|a, b| b.missing.cmp(&a.missing).then(b.green.cmp(&a.green)).then(a.label.cmp(&b.label)));
            for s in &g.skills {
                let m =
                    overall.entry(s.label.clone()).or_insert_with(|| MissingSkill { label: s.label.clone(), green: s.green, missing: 0, occupations: vec![] });
                m.missing += s.missing;
                m.occupations.push(g.label.clone());
            }
            g
        })
        .collect();
    // Demand in positions: the vacancies posted and the positions the job orders ask for.
    out.sort_by(|a, b| (b.vacancies + b.positions as f64).total_cmp(&(a.vacancies + a.positions as f64)).then(a.label.cmp(&b.label)));
    let mut overall: Vec<MissingSkill> = overall.into_values().filter(|m| m.missing > 0).collect();
    overall.sort_by(|a, b| b.missing.cmp(&a.missing).then(b.occupations.len().cmp(&a.occupations.len())).then(a.label.cmp(&b.label)));
    (out, overall, unknown.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    const O: &str = "http://data.europa.eu/esco/occupation/";
    const S: &str = "http://data.europa.eu/esco/skill/";

    fn esco() -> Esco {
        let occ = grid(&[
            &["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels"],
            &["Occupation", &format!("{O}1"), "7411", "elektriker", "el-installatør\nbygningselektriker"],
            &["Occupation", &format!("{O}2"), "9333", "lagerarbejder", ""],
        ]);
        let skills = grid(&[
            &["conceptType", "conceptUri", "skillType", "preferredLabel"],
            &["KnowledgeSkillCompetence", &format!("{S}a"), "skill/competence", "installere solcelleanlæg"],
            &["KnowledgeSkillCompetence", &format!("{S}b"), "skill/competence", "læse tegninger"],
            &["KnowledgeSkillCompetence", &format!("{S}c"), "skill/competence", "betjene gaffeltruck"],
        ]);
        let rel = grid(&[
            &["occupationUri", "relationType", "skillType", "skillUri"],
            &[&format!("{O}1"), "essential", "skill/competence", &format!("{S}a")],
            &[&format!("{O}1"), "essential", "skill/competence", &format!("{S}b")],
            &[&format!("{O}2"), "essential", "skill/competence", &format!("{S}c")],
            &[&format!("{O}2"), "optional", "skill/competence", &format!("{S}b")],
        ]);
        let green = grid(&[&["conceptType", "conceptUri", "preferredLabel"], &["KnowledgeSkillCompetence", &format!("{S}a"), "installere solcelleanlæg"]]);
        read_esco(&occ, &skills, &rel, &green).unwrap()
    }

    fn order(id: i64, occupation: &str, hired: u32, missing: &[&str]) -> JobOrder {
        JobOrder {
            id,
            business_id: 1,
            occupation: occupation.into(),
            opened_on: "2026-01-01".parse().unwrap(),
            positions: 1,
            referred: 2,
            hired,
            closed_on: Some("2026-02-01".parse().unwrap()),
            missing_skills: missing.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn esco_is_read_with_green_skills_marked() {
        let e = esco();
        assert_eq!(e.occupations.len(), 2);
        assert_eq!(e.occupations[0].alt_labels, ["el-installatør", "bygningselektriker"]);
        assert!(e.skills[0].green && !e.skills[1].green);
        assert_eq!(e.relations.iter().filter(|r| r.2).count(), 3);
        assert_eq!(occupation_of(&e, "Bygningselektriker").unwrap().label, "elektriker");
    }

    #[test]
    fn a_broken_esco_file_says_which() {
        let occ = grid(&[&["conceptUri", "preferredLabel", "altLabels", "iscoGroup"], &["not a uri", "x", "", "1"]]);
        let some = grid(&[&["conceptUri", "preferredLabel", "skillType"], &[&format!("{S}a"), "a", "skill"]]);
        let rel = grid(&[&["occupationUri", "relationType", "skillUri"], &[&format!("{O}1"), "essential", &format!("{S}z")]]);
        let green = grid(&[&["conceptUri"], &[&format!("{S}a")]]);
        assert_eq!(read_esco(&occ, &some, &rel, &green).unwrap_err(), EscoError::Uri { file: "occupations", row: 2, text: "not a uri".into() });
        let occ = grid(&[&["conceptUri", "preferredLabel", "altLabels", "iscoGroup"], &[&format!("{O}1"), "x", "", "1"]]);
        assert_eq!(read_esco(&occ, &some, &rel, &green).unwrap_err(), EscoError::Unknown { row: 2, text: format!("{S}z") });
        assert_eq!(read_esco(&occ, &grid(&[&["conceptUri"]]), &rel, &green).unwrap_err(), EscoError::Empty { file: "skills" });
        let no_type = grid(&[&["conceptUri", "preferredLabel"], &[&format!("{S}a"), "a"]]);
        assert_eq!(read_esco(&occ, &no_type, &rel, &green).unwrap_err(), EscoError::MissingColumn { file: "skills", column: "skillType" });
    }

    #[test]
    fn the_gap_ranks_occupations_by_demand_and_skills_by_how_often_they_were_missing() {
        let e = esco();
        let v = |p: &str, o: &str, n: f64| Vacancies { period: p.into(), occupation: o.into(), count: n };
        let vacancies =
            vec![v("2026K2", "el-installatør", 12.0), v("2026K2", "lagerarbejder", 30.0), v("2026K1", "elektriker", 99.0), v("2026K2", "astronaut", 3.0)];
        let orders = vec![
            order(1, "elektriker", 0, &["installere solcelleanlæg"]),
            order(2, "elektriker", 0, &["Installere  solcelleanlæg", "læse tegninger"]),
            order(3, "lagerarbejder", 1, &["betjene gaffeltruck"]),
        ];
        let (occupations, missing, unknown) = gap(&e, &vacancies, &orders);
        assert_eq!(unknown, 1, "astronaut is no ESCO occupation here");
        assert_eq!(occupations[0].label, "lagerarbejder");
        assert_eq!((occupations[0].vacancies, occupations[0].job_orders, occupations[0].unfilled), (30.0, 1, 0));
        let el = &occupations[1];
        assert_eq!((el.vacancies, el.job_orders, el.unfilled), (12.0, 2, 2), "only the newest period counts");
        assert_eq!(el.skills[0], NeededSkill { label: "installere solcelleanlæg".into(), green: true, missing: 2 });
        assert_eq!(missing[0].label, "installere solcelleanlæg");
        assert!(missing[0].green && missing[0].missing == 2);
        assert_eq!(missing.len(), 2, "a skill never missing is not on the list of missing ones");
    }

    #[test]
    fn y25i07_is_read_for_the_municipality_alone() {
        let g = grid(&[
            &["Area", "Periode", "Stillingsbetegnelse", "Antal stillinger"],
            &["Ishøj", "2026QMAT02", "Lagerarbejder", "1.204"],
            &["Ishøj", "2026QMAT02", "Kok", ".."],
            &["Albertslund", "2026QMAT02", "Lagerarbejder", "80"],
        ]);
        let d = read_demand(&g, "Ishøj").unwrap();
        assert_eq!(d, vec![Vacancies { period: "2026QMAT02".into(), occupation: "Lagerarbejder".into(), count: 1204.0 }]);
        let bad = grid(&[&["Area", "Periode", "Stillingsbetegnelse", "Antal stillinger"], &["Ishøj", "2026QMAT02", "Kok", "mange"]]);
        assert_eq!(read_demand(&bad, "Ishøj"), Err(DemandError::Number { row: 2, text: "mange".into() }));
        assert_eq!(read_demand(&g[..1], "Ishøj"), Err(DemandError::Empty));
        assert_eq!(read_demand(&grid(&[&["Area", "Periode"]]), "Ishøj"), Err(DemandError::MissingColumn("Stillingsbetegnelse")));
    }
}
