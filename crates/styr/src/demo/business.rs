//! The demo's business register: about 400 invented production units in
//! Ishøj (some reklamebeskyttede, some ceased), loaded through the CVR
//! importer from an extract made in its shape; two years of visits and job
//! orders with their referrals, hires and closings; a few contact persons;
//! and the cooperation agreements of `data/demo-businesses.toml`. The two
//! local indicators are worked out from them as in use.

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use domain::policy::business::{Agreement, EventKind, NewEvent, Party, PartyKind};
use serde::Deserialize;
use store::Db;
use store::platform::audit::Actor;

use super::Lcg;

const DATA: &str = include_str!("../../data/demo-businesses.toml");
const NAMES: &str = include_str!("../../data/demo-names.toml");
const BUSINESSES: usize = 400;
/// The hand-made ESCO in the official CSV format (data/esco/README.md), and
/// invented vacancies by occupation in the shape of Jobindsats' Y25i07 answer.
const ESCO: [&str; 4] = [
    include_str!("../../data/esco/occupations_da.csv"),
    include_str!("../../data/esco/skills_da.csv"),
    include_str!("../../data/esco/occupationSkillRelations_da.csv"),
    include_str!("../../data/esco/greenSkillsCollection_da.csv"),
];
const Y25I07: &str = include_str!("../../data/jobindsats-y25i07-stillinger.json");

#[derive(Deserialize)]
struct Data {
    first: Vec<String>,
    kinds: Vec<Kind>,
    streets: Vec<String>,
    occupations: Vec<Occupation>,
    agreements: Vec<AgreementData>,
}

#[derive(Deserialize)]
struct Kind {
    name: String,
    code: String,
    industry: String,
    employees: Vec<String>,
}

#[derive(Deserialize)]
struct Occupation {
    name: String,
    missing: Vec<String>,
}

#[derive(Deserialize)]
struct AgreementData {
    title: String,
    party: (String, String),
    #[serde(default)]
    more: Vec<(String, String)>,
    business_parties: usize,
    years: (i32, i32),
    notice_days: u32,
    owner: String,
    obligations: String,
}

#[derive(Deserialize)]
struct Names {
    first: Vec<String>,
    last: Vec<String>,
}

/// The extract, as rows of a CVR "Søg og udtræk" spreadsheet.
fn extract(data: &Data, rng: &mut Lcg) -> Vec<Vec<String>> {
    let header = [
        "CVR-nr.",
        "P-nr.",
        "Navn",
        "Adresse",
        "Postnr.",
        "By",
        "Kommunekode",
        "Branchekode",
        "Branchetekst",
        "Antal ansatte",
        "Reklamebeskyttet",
        "Startdato",
        "Ophørsdato",
    ];
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    let mut names = std::collections::HashSet::new();
    let mut n = 0;
    while rows.len() <= BUSINESSES {
        n += 1;
        let kind = &data.kinds[rng.next(data.kinds.len())];
        let name = format!("{} {}", data.first[rng.next(data.first.len())], kind.name);
        // The same name twice is the same business's second P-unit, or skipped.
        let second_unit = !names.insert(name.clone());
        if second_unit && rng.next(3) != 0 {
            continue;
        }
        let cvr = 30_000_000 + (n * 7919) % 9_000_000;
        let p = 1_000_000_000u64 + n as u64 * 104_729;
        let street = &data.streets[rng.next(data.streets.len())];
        rows.push(vec![
            cvr.to_string(),
            p.to_string(),
            name,
            format!("{street} {}", 1 + rng.next(120)),
            "2635".into(),
            "Ishøj".into(),
            "183".into(),
            kind.code.clone(),
            kind.industry.clone(),
            kind.employees[rng.next(kind.employees.len())].clone(),
            if rng.next(100) < 14 { "Ja" } else { "Nej" }.into(),
            // Started between 1980 and 2025, from the running number so the other draws stay as they were.
            format!("{}-{:02}-01", 1980 + (n * 37) % 46, 1 + n % 12),
            if rng.next(100) < 4 { "2025-06-30".into() } else { String::new() },
        ]);
    }
    rows
}

/// Builds the register once: a second run changes nothing.
pub async fn build(db: &Db, tenant: i64, today: NaiveDate) -> Result<()> {
    if !store::business::all(db, tenant).await?.is_empty() {
        return Ok(());
    }
    let data: Data = toml::from_str(DATA)?;
    let names: Names = toml::from_str(NAMES)?;
    let actor = Actor::system("styr demo");
    let mut rng = Lcg(0x00b1_5e55);
    let businesses = domain::policy::business::read_cvr(&extract(&data, &mut rng)).map_err(|e| anyhow::anyhow!(e))?;
    store::business::save(db, tenant, &businesses, &actor).await?;
    let all = store::business::all(db, tenant).await?;
    let day_in = |rng: &mut Lcg, from: NaiveDate, days: i64| from + Duration::days(rng.next(days.max(1) as usize) as i64);
    let actor = &actor;
    let add =
        |business: i64, e: NewEvent| async move { store::business::add_event(db, tenant, business, |_| Ok::<_, ()>(e.clone()), actor).await.map(|r| r.ok()) };
    let start = NaiveDate::from_ymd_opt(today.year() - 2, 1, 1).unwrap_or(today);
    let span = (today - start).num_days();
    // Events only with businesses that are open and were there when the two years began.
    let active: Vec<i64> = all.iter().filter(|(_, b)| b.ceased_on.is_none() && b.started_on.is_none_or(|s| s <= start)).map(|(id, _)| *id).collect();
    // About one in five active businesses cooperates in a year: a visit, job orders or both.
    for (k, &b) in active.iter().enumerate() {
        if rng.next(100) >= 34 {
            continue;
        }
        let visit = day_in(&mut rng, start, span);
        let plain = |kind, on| NewEvent { kind, on, refers_to: None, occupation: String::new(), count: 0, missing_skills: vec![], note: String::new() };
        add(b, NewEvent { note: "Dialog om rekruttering og opkvalificering.".into(), ..plain(EventKind::Visit, visit) }).await?;
        if k % 9 == 0 {
            add(b, NewEvent { note: "Ønsker hjælp til grøn omstilling.".into(), ..plain(EventKind::Erhvervshus, visit) }).await?;
        }
        for _ in 0..rng.next(4) {
            let occupation = &data.occupations[rng.next(data.occupations.len())];
            let opened = day_in(&mut rng, start, span - 30);
            let positions = 1 + rng.next(3) as u32;
            let Some(order) = add(b, NewEvent { occupation: occupation.name.clone(), count: positions, ..plain(EventKind::JobOrder, opened) }).await? else {
                continue;
            };
            let on_order = |kind, on, count| NewEvent { refers_to: Some(order), count, ..plain(kind, on) };
            let referred_on = opened + Duration::days(3 + rng.next(10) as i64);
            if referred_on > today {
                continue;
            }
            add(b, on_order(EventKind::Referral, referred_on, 1 + rng.next(5) as u32)).await?;
            let closed_on = referred_on + Duration::days(10 + rng.next(40) as i64);
            if closed_on > today {
                continue;
            }
            // A little over half end with a hire, a bit more each quarter.
            let progress = (closed_on - start).num_days() as f64 / span as f64;
            if (rng.next(100) as f64) < 48.0 + 12.0 * progress {
                add(b, on_order(EventKind::Hire, closed_on, 1 + rng.next(positions as usize) as u32)).await?;
                add(b, on_order(EventKind::Closed, closed_on, 0)).await?;
            } else {
                let missing = occupation.missing.iter().take(1 + rng.next(occupation.missing.len())).cloned().collect();
                add(b, NewEvent { missing_skills: missing, ..on_order(EventKind::Closed, closed_on, 0) }).await?;
            }
        }
    }
    // A few contact persons at the businesses the jobcenter knows best.
    for (k, &b) in active.iter().enumerate().filter(|(k, _)| k % 7 == 0).take(40) {
        let name = format!("{} {}", names.first[rng.next(names.first.len())], names.last[rng.next(names.last.len())]);
        let email = format!("{}@example.dk", name.to_lowercase().replace(' ', ".").replace(['æ', 'ø', 'å'], "a"));
        let role = ["Indehaver", "HR-ansvarlig", "Driftsleder", "Direktør"][k % 4];
        let c = store::business::NewContact {
            name: &name,
            role,
            email: &email,
            phone: "43 57 00 00",
            keep_until: domain::policy::business::contact_kept_until(today),
        };
        store::business::add_contact(db, tenant, b, &c, actor).await?;
    }
    let units = store::org::units(db, tenant).await?;
    let mut next_business = active.iter().cycle().skip(3).step_by(11);
    for a in &data.agreements {
        let kind = |k: &str| PartyKind::parse(k).ok_or_else(|| anyhow::anyhow!("unknown party kind {k}"));
        let mut parties = vec![Party { kind: kind(&a.party.0)?, business_id: None, name: a.party.1.clone() }];
        for (k, n) in &a.more {
            parties.push(Party { kind: kind(k)?, business_id: None, name: n.clone() });
        }
        for _ in 0..a.business_parties {
            let Some(&b) = next_business.next() else { break };
            let name = all.iter().find(|x| x.0 == b).map(|x| x.1.name.clone()).unwrap_or_default();
            parties.push(Party { kind: PartyKind::Business, business_id: Some(b), name });
        }
        let agreement = Agreement {
            title: a.title.clone(),
            obligations: a.obligations.clone(),
            starts_on: NaiveDate::from_ymd_opt(today.year() + a.years.0, 1, 1).unwrap_or(today),
            ends_on: NaiveDate::from_ymd_opt(today.year() + a.years.1, 12, 31).unwrap_or(today),
            notice_days: a.notice_days,
            parties,
        }
        .check()
        .map_err(|e| anyhow::anyhow!("{}: {e}", a.title))?;
        let owner = units.iter().find(|u| u.name == a.owner).map(|u| u.id);
        store::business::save_agreement(db, tenant, None, &agreement, owner, actor).await?;
    }
    service::policy::business::feed_indicators(db, tenant, today, actor).await?;
    // The skills gap: ESCO and the vacancies by occupation.
    let grids = ESCO.map(|f| export::read_csv(f.as_bytes()));
    let [o, s, r, g] = grids;
    let err = |e: export::ReadError| anyhow::anyhow!("{e:?}");
    let esco = domain::policy::skills::read_esco(&o.map_err(err)?, &s.map_err(err)?, &r.map_err(err)?, &g.map_err(err)?).map_err(|e| anyhow::anyhow!(e))?;
    store::skills::save_esco(db, tenant, &esco, actor).await?;
    let demand = domain::policy::skills::read_demand(&export::read_jobindsats(Y25I07.as_bytes()).map_err(err)?, "Ishøj").map_err(|e| anyhow::anyhow!(e))?;
    store::skills::save_vacancies(db, tenant, &demand, actor).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_extract_reads_and_holds_both_kinds() {
        let data: super::Data = toml::from_str(super::DATA).unwrap();
        let rows = super::extract(&data, &mut super::Lcg(0x00b1_5e55));
        let b = domain::policy::business::read_cvr(&rows).expect("the demo's extract is valid");
        assert_eq!(b.len(), super::BUSINESSES);
        let protected = b.iter().filter(|b| b.protected).count();
        assert!((20..100).contains(&protected), "{protected} reklamebeskyttede");
        assert!(b.iter().all(|b| b.municipality == "183"));
    }
}
