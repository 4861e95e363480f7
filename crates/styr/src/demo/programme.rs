//! The demo's work programme (crates/styr/data/demo-programme.toml): this
//! year's approved programme with its initiatives, their milestones,
//! dependencies and status reports for the periods that have begun, and the
//! demo decisions that moved them; next year's programme as a draft.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use domain::programme::ProgrammeStatus;
use domain::programme::initiative::CheckedInitiative;
use domain::programme::report::{Cadence, Status};
use serde::Deserialize;
use store::Db;
use store::platform::audit::Actor;
use store::programme::{self as pstore, NewReport, Saved, Ties};

const PROGRAMME: &str = include_str!("../../data/demo-programme.toml");

#[derive(Deserialize)]
struct File {
    title: String,
    initiatives: Vec<DemoInitiative>,
}

#[derive(Deserialize)]
struct DemoInitiative {
    title: String,
    purpose: String,
    #[serde(default)]
    description: String,
    owner: String,
    units: Vec<String>,
    perspectives: Vec<String>,
    values: Vec<String>,
    /// Keys of the policy goals it serves.
    #[serde(default)]
    goals: Vec<String>,
    start: u32,
    end: u32,
    #[serde(default)]
    budget: Option<i64>,
    #[serde(default)]
    risks: String,
    statuses: Vec<Status>,
    milestones: Vec<(String, u32, u32)>,
    #[serde(default)]
    depends_on: Vec<String>,
}

/// Demo decisions and the initiatives they moved.
const LINKS: [(&str, &str); 2] = [
    ("Fælles indkøbsaftale for IT-udstyr", "Fælles indkøb og leverandørstyring"),
    ("Fælles retningslinjer for rekruttering af ledere", "Fælles retningslinjer for ledelse og lederudvikling"),
];

fn what_happened(s: Status) -> (&'static str, &'static str, &'static str) {
    match s {
        Status::OnTrack => ("Aktiviteterne er gennemført som planlagt.", "Næste milepæl forberedes.", ""),
        Status::AtRisk => (
            "Arbejdet er forsinket, fordi nøglepersoner har været optaget af driften.",
            "Planen justeres, og en ny dato for næste milepæl aftales.",
            "Koncernledelsen bedes prioritere ressourcer til indsatsen.",
        ),
        Status::OffTrack => (
            "Milepælen blev ikke nået.",
            "En ny plan lægges frem på næste koncernledelsesmøde.",
            "Beslutning om ændret ambitionsniveau eller flere ressourcer.",
        ),
        Status::Done => ("Indsatsen er gennemført, og resultaterne er overdraget til driften.", "", ""),
        Status::Paused => ("Indsatsen er sat i bero, mens leverandøren færdiggør en ny version.", "Arbejdet genoptages, når versionen er leveret.", ""),
    }
}

pub async fn build(db: &Db, tenant: i64, today: NaiveDate, goals: &[(String, i64)]) -> Result<()> {
    let file: File = toml::from_str(PROGRAMME).context("demo-programme.toml")?;
    let actor = Actor::system("styr demo");
    let year = today.year();
    // Built once: a second run leaves the programme as people have changed it.
    if pstore::programme(db, tenant, year.into()).await?.is_some() {
        return Ok(());
    }
    let p = pstore::create(db, tenant, year.into(), &format!("{} {year}", file.title), Cadence::Quarter, &actor)
        .await?
        .context("the demo has a programme already")?;
    pstore::set_status(db, tenant, p, 1, ProgrammeStatus::Approved, None, &actor).await?;
    pstore::create(db, tenant, (year + 1).into(), &format!("{} {}", file.title, year + 1), Cadence::Quarter, &actor).await?;

    let units = store::org::units(db, tenant).await?;
    let leaders = store::org::leaders(db, tenant).await?;
    let unit = |name: &str| units.iter().find(|u| u.name == name).map(|u| u.id).with_context(|| format!("no unit {name} in the demo"));
    let date = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).with_context(|| format!("no date {year}-{m}-{d}"));
    let mut saved: Vec<(String, i64)> = vec![];
    for i in &file.initiatives {
        let owner = leaders.get(&unit(&i.owner)?).and_then(|l| l.first()).map(|l| l.0).with_context(|| format!("{} has no leader", i.owner))?;
        let ends_on = date(i.end, 1)?.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).context("end")?;
        let checked = CheckedInitiative {
            title: i.title.clone(),
            purpose: i.purpose.clone(),
            description: i.description.clone(),
            owner,
            starts_on: date(i.start, 1)?,
            ends_on,
            budget: i.budget,
            risks: i.risks.clone(),
        };
        let unit_ids = i.units.iter().map(|u| unit(u)).collect::<Result<Vec<_>>>()?;
        let goal_ids =
            i.goals.iter().map(|k| goals.iter().find(|g| g.0 == *k).map(|g| g.1).with_context(|| format!("no goal {k}"))).collect::<Result<Vec<_>>>()?;
        let ties = Ties { units: &unit_ids, goals: &goal_ids, perspectives: &i.perspectives, values: &i.values };
        let Saved::Saved(id) = pstore::save_initiative(db, tenant, p, None, &checked, &ties, &actor).await? else { anyhow::bail!("demo initiative not saved") };
        saved.push((i.title.clone(), id));
        // Milestones passed are reached, except the latest for an initiative in trouble.
        let troubled = i.statuses.last().is_some_and(|s| matches!(s, Status::AtRisk | Status::OffTrack));
        let passed = i.milestones.iter().filter(|(_, m, d)| date(*m, *d).is_ok_and(|x| x < today)).count();
        for (k, (title, m, d)) in i.milestones.iter().enumerate() {
            let due = date(*m, *d)?;
            let mid = pstore::add_milestone(db, tenant, id, title, due, &actor).await?;
            if due < today && !(troubled && k + 1 == passed) {
                pstore::set_milestone_done(db, tenant, mid, Some(due), &actor).await?;
            }
        }
        // One report per quarter that has begun since the start, as far as the statuses go.
        let periods: Vec<String> = Cadence::Quarter
            .periods(year)
            .into_iter()
            .filter(|per| Cadence::Quarter.due(per).is_some_and(|d| d >= checked.starts_on && (d <= today || *per == Cadence::Quarter.period_of(today))))
            .collect();
        for (k, (period, status)) in periods.iter().zip(&i.statuses).enumerate() {
            let (happened, next_steps, needs) = what_happened(*status);
            let progress = if *status == Status::Done { 100 } else { ((k as i64 + 1) * 100 / (periods.len() as i64 + 1)).min(95) };
            let r = NewReport { period, status: *status, progress, happened, next_steps, needs };
            pstore::save_report(db, tenant, id, &r, &actor).await?;
        }
    }
    let id_of = |title: &str| saved.iter().find(|s| s.0 == title).map(|s| s.1).with_context(|| format!("no initiative {title}"));
    for i in &file.initiatives {
        for d in &i.depends_on {
            pstore::add_dependency(db, tenant, id_of(&i.title)?, id_of(d)?, &actor).await?;
        }
    }
    // Linked as the secretariat would, who reads every decision.
    let secretariat = domain::access::Viewer::new(None, vec![domain::access::Role::Secretariat], []);
    let every = store::meetings::decisions::Filter { scope: domain::meetings::policy::DecisionScope::of(&secretariat, &[], &[]), ..Default::default() };
    let decisions = store::meetings::decisions::search(db, tenant, &every, 1000, 0).await?;
    for (decision, initiative) in LINKS {
        for d in decisions.iter().filter(|d| d.title == decision).take(1) {
            pstore::link_decision(db, tenant, d.id, id_of(initiative)?, &actor).await?;
        }
    }
    Ok(())
}
