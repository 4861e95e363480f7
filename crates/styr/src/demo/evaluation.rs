//! The demo's leader evaluation: a finished round over the leaders of one
//! centre, answered by generated raters with a believable spread, one
//! leader with only four employees (whose report shows the suppression),
//! and a round open now over one leader, so the demo employee can answer.
//! Answers go through the same store functions the questionnaire uses, and
//! the finished round is closed as HR closes one, so the demo's database
//! holds what a real one would.

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate};
use domain::evaluation::anonymity::{Group, Minimums};
use domain::evaluation::questionnaire::{Answer, Part, from_framework};
use domain::evaluation::raters::{Org, propose};
use domain::evaluation::round::{Release, Settings};
use serde::Deserialize;
use store::Db;
use store::evaluation::{self as ev, Draft, NewSubject, RaterChange};
use store::platform::audit::Actor;

use super::Lcg;

const DATA: &str = include_str!("../../data/demo-evaluation.toml");

#[derive(Deserialize)]
struct Data {
    centre: String,
    small_unit: String,
    open_unit: String,
    comments: Vec<String>,
}

/// Builds the rounds once; a demo that has rounds is left as it is.
pub async fn build(db: &Db, tenant: i64, today: NaiveDate) -> Result<()> {
    if !ev::rounds(db, tenant).await?.is_empty() {
        return Ok(());
    }
    let data: Data = toml::from_str(DATA).context("demo-evaluation.toml")?;
    let actor = Actor::system("styr demo");
    let version = store::framework::version(db, tenant, None).await?.context("the demo's framework")?;
    let items = from_framework(&store::framework::elements(db, tenant, version.id).await?);
    let units = store::org::units(db, tenant).await?;
    let positions = store::org::positions(db, tenant).await?;
    let org = Org { units: units.iter().map(|u| (u.id, u.parent_id)).collect(), positions };
    let centre = units.iter().find(|u| u.name == data.centre).context("the demo's centre")?;
    let leader_of = |unit: i64| org.positions.iter().find(|(_, u, k)| *u == unit && *k == domain::org::PositionKind::Leader).map(|p| p.0);
    let mut leaders: Vec<i64> = leader_of(centre.id).into_iter().collect();
    leaders.extend(units.iter().filter(|u| u.parent_id == Some(centre.id)).filter_map(|u| leader_of(u.id)));
    let unit_named = |name: &str| units.iter().find(|u| u.name == name).map(|u| u.id);
    let names = store::org::names(db, tenant, &leaders).await?;
    let subjects_for = |leaders: &[i64]| -> Vec<NewSubject> {
        propose(&org, leaders, 5)
            .into_iter()
            .map(|p| NewSubject {
                person: p.leader,
                unit: p.unit,
                manager: p.manager,
                name: names.get(&p.leader).cloned().unwrap_or_default(),
                unit_name: units.iter().find(|u| u.id == p.unit).map(|u| u.name.clone()).unwrap_or_default(),
                raters: p.raters,
            })
            .collect()
    };

    // The finished round, three months ago.
    let opens = today - Duration::days(100);
    let settings = Settings {
        title: "Lederevaluering 2026".into(),
        opens_on: opens,
        closes_on: opens + Duration::days(21),
        minimums: Minimums::default(),
        peer_cap: 5,
        release: Release::HrFirst,
        retention_months: 36,
    };
    let round = ev::create_round(db, tenant, &settings, version.id, &items, &actor).await?;
    ev::add_subjects(db, tenant, round, 1, &subjects_for(&leaders), &actor).await?;
    let subjects = ev::subjects(db, tenant, round).await?;
    // Only four of this leader's employees were asked: the others had been employed less than three months.
    if let Some(small) = subjects.iter().find(|s| s.unit_id == unit_named(&data.small_unit)) {
        let employees: Vec<i64> = ev::invitees(db, tenant, small.id).await?.into_iter().filter(|i| i.grp == Group::Employees).map(|i| i.id).collect();
        for id in employees.into_iter().skip(4) {
            ev::change_raters(db, tenant, small.id, RaterChange::Remove { invitation: id }, &actor).await?;
        }
    }
    let version_now = ev::round(db, tenant, round).await?.context("the round")?.version;
    ev::open_round(db, tenant, round, version_now, opens, &actor).await?;
    let mut rng = Lcg(2026);
    for s in &subjects {
        // Each leader has a level of their own, and each statement a little more or less.
        let level = 3.3 + rng.next(10) as f64 / 10.0;
        let offsets: HashMap<String, f64> = items.iter().map(|i| (i.statement_key.clone(), (rng.next(9) as f64 - 4.0) / 10.0)).collect();
        for inv in ev::invitees(db, tenant, s.id).await? {
            // Nine in ten answer; the leader and the manager always.
            if inv.grp.anonymous() && rng.next(10) == 0 {
                continue;
            }
            let bias = (rng.next(11) as f64 - 5.0) / 10.0 + if inv.grp == Group::Own { 0.4 } else { 0.0 };
            let token = store::new_secret();
            ev::add_link(db, tenant, inv.id, &token).await?;
            let a = ev::answering(db, &token).await?.context("the link just made")?;
            let mut draft = Draft::default();
            for item in ev::items(db, tenant, round).await? {
                if item.item.wording(inv.grp).is_none() {
                    continue;
                }
                let dont_know = inv.grp == Group::Peers && rng.next(12) == 0 || inv.grp == Group::Employees && rng.next(30) == 0;
                let base = if item.item.part == Part::Followership { 3.9 } else { level + offsets.get(&item.item.statement_key).copied().unwrap_or(0.0) };
                let noise = (rng.next(15) as f64 - 7.0) / 10.0;
                let v = (base + bias + noise).round().clamp(1.0, 5.0) as u8;
                draft.answers.insert(item.id, if dont_know { Answer::DontKnow } else { Answer::Scale(v) });
                if inv.grp == Group::Employees && item.item.part == Part::Statement && rng.next(40) == 0 {
                    draft.comments.insert(item.item.statement_key.clone(), data.comments[rng.next(data.comments.len())].clone());
                }
            }
            ev::save_answers(db, &a, &draft, true, opens + Duration::days(1 + rng.next(18) as i64)).await?;
        }
    }
    ev::close_round(db, tenant, round, settings.closes_on + Duration::days(1), &actor).await?;
    // HR has released the reports, so the leaders and their manager can read them.
    for s in &subjects {
        ev::release(db, tenant, s.id, &actor).await?;
    }

    // A round open now over one leader: the demo employee is asked about their leader.
    if let Some(leader) = unit_named(&data.open_unit).and_then(leader_of) {
        let settings = Settings {
            title: "Opfølgende lederevaluering".into(),
            opens_on: today - Duration::days(3),
            closes_on: today + Duration::days(18),
            minimums: Minimums::default(),
            peer_cap: 5,
            release: Release::HrFirst,
            retention_months: 36,
        };
        let open = ev::create_round(db, tenant, &settings, version.id, &items, &actor).await?;
        ev::add_subjects(db, tenant, open, 1, &subjects_for(&[leader]), &actor).await?;
        let version_now = ev::round(db, tenant, open).await?.context("the round")?.version;
        ev::open_round(db, tenant, open, version_now, today - Duration::days(3), &actor).await?;
    }
    Ok(())
}
