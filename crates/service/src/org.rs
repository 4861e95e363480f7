//! The org context's services: units, people and staff lists as the pages
//! and the API read them (`domain::org::policy`: everyone signed in reads
//! the organisation; a unit's staff list is for its leaders and those above
//! them, HR and administrators), and what an import's problems say, in the
//! person's language, for the administration page and the command line.

use domain::org::PositionKind;
use domain::org::import::ImportError;
use i18n::Tr;
use store::org::{self as org_store, Member, Person, Placement, Unit};

use crate::{Error, Req, Result};

/// A unit with the people placed in it.
pub struct UnitDetail {
    pub unit: Unit,
    pub leaders: Vec<Member>,
    pub members: Vec<Member>,
    pub children: Vec<Unit>,
}

/// A unit of the viewer's municipality (the unit and its children from the
/// reference data kept in memory, its people from the database).
pub async fn unit(req: &Req<'_>, id: i64) -> Result<UnitDetail> {
    let r = req.reference().await?;
    let unit = r.units.iter().find(|u| u.id == id).cloned().ok_or(Error::NotFound)?;
    let children = r.units.iter().filter(|u| u.parent_id == Some(id)).cloned().collect();
    let (leaders, members) = org_store::members(req.db(), req.tenant(), id).await?.into_iter().partition(|m| m.kind == PositionKind::Leader);
    Ok(UnitDetail { unit, leaders, members, children })
}

/// A person of the viewer's municipality with where they are placed.
pub async fn person(req: &Req<'_>, id: i64) -> Result<(Person, Vec<Placement>)> {
    let (db, t) = (req.db(), req.tenant());
    let person = org_store::person(db, t, id).await?.ok_or(Error::NotFound)?;
    Ok((person, org_store::placements(db, t, id).await?))
}

/// The people of a unit and of every unit below it, each with the name of
/// the unit they are placed in, breadth first; refused (and audited) unless
/// the policy lets the viewer read the unit's staff.
pub async fn staff(req: &Req<'_>, id: i64) -> Result<(Unit, Vec<(String, Member)>)> {
    let (db, t) = (req.db(), req.tenant());
    let unit = org_store::unit(db, t, id).await?.ok_or(Error::NotFound)?;
    let chain: Vec<i64> = org_store::chain(db, t, id).await?.iter().map(|u| u.id).collect();
    req.allow(req.viewer().can_see_unit_staff(&chain), || format!("unit:{id}:staff")).await?;
    let units = org_store::units(db, t).await?;
    // Each person with their unit's path ("Ishøj Kommune > … > Skolen"), as
    // the import reads it, so the list can be imported back.
    let mut subtree = vec![(unit.id, unit.path.clone())];
    let mut i = 0;
    while i < subtree.len() {
        let parent = subtree[i].0;
        subtree.extend(units.iter().filter(|u| u.parent_id == Some(parent)).map(|u| (u.id, u.path.clone())));
        i += 1;
    }
    let mut out = vec![];
    for (uid, name) in subtree {
        out.extend(org_store::members(db, t, uid).await?.into_iter().map(|m| (name.clone(), m)));
    }
    Ok((unit, out))
}

/// A problem with one row of an import file.
pub struct RowMessage {
    pub row: usize,
    pub message: String,
}

/// Translates what is wrong with a file into messages, one per bad row.
pub fn import_messages(tr: Tr, e: &ImportError) -> (String, Vec<RowMessage>) {
    match e {
        ImportError::Empty => (tr.t("import-empty"), vec![]),
        ImportError::MissingColumn(c) => (tr.t1("import-missing-column", "column", c.header()), vec![]),
        ImportError::Rows(rows) => (
            tr.t1("import-bad-rows", "count", rows.len()),
            rows.iter().map(|r| RowMessage { row: r.row, message: tr.args(r.problem.message_id(), r.problem.args()) }).collect(),
        ),
    }
}
