//! The work programme at the scale issue 4 names: 300 initiatives in this
//! year's programme, each with a quarterly status report for five years and
//! a milestone this year, and enough entries on the årshjul (typed in, the
//! cycle's rules, the forums' meetings, the milestones) to pass 500.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Copenhagen;
use domain::org::UnitKind;
use domain::programme::entry::{EntryGlyph, EntryState};
use domain::programme::initiative::CheckedInitiative;
use domain::programme::report::{Cadence, Status};
use store::Db;
use store::platform::audit::Actor;
use store::programme::{self as pstore, NewReport, Saved, Ties};

pub struct Loaded {
    pub initiatives: usize,
    pub reports: usize,
    pub entries: usize,
}

const INITIATIVES: usize = 300;
const YEARS_OF_REPORTS: i32 = 5;
const EXTRA_ENTRIES: usize = 40;

pub async fn seed(db: &Db, tenant: i64) -> Result<Loaded> {
    let actor = Actor::system("styr bench");
    let today = Utc::now().with_timezone(&Copenhagen).date_naive();
    let year = today.year();
    let p = pstore::programme(db, tenant, year.into()).await?.context("the demo's programme")?;
    let have = pstore::initiatives(db, tenant, p.id).await?.len();
    let owners: Vec<i64> = store::org::leaders(db, tenant).await?.into_values().flatten().map(|l| l.0).take(40).collect();
    let units: Vec<i64> =
        store::org::units(db, tenant).await?.into_iter().filter(|u| matches!(u.kind, UnitKind::Centre | UnitKind::Directorate)).map(|u| u.id).collect();
    let perspectives = [
        "perspective.mere-og-bedre-for-mindre",
        "perspective.innovation-af-velfaerd",
        "perspective.styr-paa-tingene",
        "perspective.modstandskraft-og-robusthed",
    ];
    let first = NaiveDate::from_ymd_opt(year - YEARS_OF_REPORTS + 1, 1, 1).context("date")?;
    let periods: Vec<String> = (year - YEARS_OF_REPORTS + 1..=year)
        .flat_map(|y| Cadence::Quarter.periods(y))
        .filter(|per| Cadence::Quarter.due(per).is_some_and(|d| d <= today || *per == Cadence::Quarter.period_of(today)))
        .collect();
    let mut reports = 0;
    for k in have..INITIATIVES {
        let checked = CheckedInitiative {
            title: format!("Indsats {k:03}: tværgående udvikling af opgaveløsningen"),
            purpose: "Bedre opgaveløsning på tværs af centrene.".into(),
            description: String::new(),
            owner: owners[k % owners.len()],
            starts_on: first,
            ends_on: NaiveDate::from_ymd_opt(year, 12, 31).context("date")?,
            budget: Some(100_000 * (k as i64 % 20 + 1)),
            risks: String::new(),
        };
        let ps = vec![perspectives[k % 4].to_string(), perspectives[(k / 4) % 4].to_string()];
        let us = vec![units[k % units.len()], units[(k * 7) % units.len()]];
        let ties = Ties { units: &us, goals: &[], perspectives: &ps, values: &[] };
        let Saved::Saved(id) = pstore::save_initiative(db, tenant, p.id, None, &checked, &ties, &actor).await? else { anyhow::bail!("not saved") };
        for (n, period) in periods.iter().enumerate() {
            let status = [Status::OnTrack, Status::OnTrack, Status::AtRisk, Status::OnTrack, Status::OffTrack, Status::Paused][(k + n) % 6];
            let r = NewReport {
                period,
                status,
                progress: ((n * 100) / periods.len()) as i64,
                happened: "Arbejdet skrider frem efter planen.",
                next_steps: "Næste milepæl forberedes.",
                needs: "",
            };
            pstore::save_report(db, tenant, id, &r, &actor).await?;
            reports += 1;
        }
        let due = NaiveDate::from_ymd_opt(year, (k % 12) as u32 + 1, (k % 27) as u32 + 1).context("date")?;
        let m = pstore::add_milestone(db, tenant, id, &format!("Milepæl for indsats {k:03}"), due, &actor).await?;
        if due < today && k % 3 != 0 {
            pstore::set_milestone_done(db, tenant, m, Some(due), &actor).await?;
        }
    }
    let categories = store::aarshjul::categories(db, tenant).await?;
    for k in 0..EXTRA_ENTRIES {
        let c = &categories[k % categories.len()];
        let start = NaiveDate::from_ymd_opt(year, (k % 12) as u32 + 1, (k % 20) as u32 + 1).context("date")?;
        let end = start + chrono::Duration::days((k % 4) as i64 * 5);
        let title = format!("Aktivitet {k}");
        let e = store::aarshjul::NewEntry {
            category_id: c.id,
            title: &title,
            starts_on: start,
            ends_on: end,
            glyph: if start == end { EntryGlyph::Deadline } else { EntryGlyph::Span },
            state: EntryState::Planned,
            link: "",
            unit_id: None,
            note: "",
        };
        store::aarshjul::add_entry(db, tenant, &e, &actor).await?;
    }
    let on_wheel: Vec<i64> = store::meetings::forums(db, tenant).await?.iter().filter(|f| domain::programme::policy::forum_on_wheel(f)).map(|f| f.id).collect();
    let all = store::aarshjul::dates_of_year(db, tenant, &categories, year, today).await?;
    let entries = store::aarshjul::for_reader(&all, |f| on_wheel.contains(&f), None).len();
    Ok(Loaded { initiatives: INITIATIVES, reports, entries })
}
