//! The demo's policy: seed 004 (`domain::policy::ISHOJ_PAA_ARBEJDE`) with ten
//! years of figures for every indicator, Ishøj beside its neighbours, the
//! region and the country. The figures are invented in the shape of the real
//! sources (yearly for Statistikbank's tables, quarterly for Jobindsats'
//! series, the benchmark's expected value beside the actual one); they are
//! not Danmarks Statistik's or STAR's numbers.

use anyhow::{Context, Result};
use chrono::Datelike;
use domain::policy::{COMPARISON, Frequency, ISHOJ, ISHOJ_PAA_ARBEJDE, PolicyDoc, Source};
use store::Db;
use store::platform::audit::Actor;
use store::policy::{self as pstore, NewValue};

/// Loads the policy (once: a second run changes nothing) and its figures.
/// Returns the goals' ids by key, for the programme's links.
pub async fn build(db: &Db, tenant: i64, today: chrono::NaiveDate) -> Result<Vec<(String, i64)>> {
    let actor = Actor::system("styr demo");
    let doc = PolicyDoc::parse(ISHOJ_PAA_ARBEJDE).map_err(|e| anyhow::anyhow!(e))?;
    let units = store::org::units(db, tenant).await?;
    let forums = store::meetings::forums(db, tenant).await?;
    let owners = service::policy::owners(&doc, |n| units.iter().find(|u| u.name == n).map(|u| u.id), |n| forums.iter().find(|f| f.name == n).map(|f| f.id))?;
    let (policy, _, new) = pstore::load(db, tenant, &doc, ISHOJ_PAA_ARBEJDE, &owners, &actor).await?;
    let goals: Vec<(String, i64)> = pstore::goals(db, tenant, policy).await?.into_iter().map(|g| (g.key, g.id)).collect();
    if !new {
        return Ok(goals);
    }
    let indicators = pstore::indicators(db, tenant).await?;
    // Ten whole years up to last year, and this year's quarters that have ended.
    let last = today.year() - 1;
    for i in &indicators {
        let def = doc.indicator(&i.def.key).with_context(|| format!("indicator {}", i.def.key))?;
        let shape = shape(&def.key);
        // Local sources are Ishøj's own; the statistics come for every area.
        let areas: Vec<&str> = match def.source {
            Source::Statistikbank | Source::Jobindsats => COMPARISON.iter().map(|a| a.0).collect(),
            _ => vec![ISHOJ],
        };
        let mut values = vec![];
        for (n, area) in areas.iter().enumerate() {
            for year in (last - 9)..=last + 1 {
                let periods: Vec<String> = match def.frequency {
                    Frequency::Yearly if year <= last => vec![year.to_string()],
                    Frequency::Yearly => vec![],
                    Frequency::Quarterly => (1..=4).filter(|q| year <= last || (*q * 3) < today.month()).map(|q| format!("{year}K{q}")).collect(),
                    Frequency::Monthly => (1..=12).filter(|m| year <= last || *m < today.month()).map(|m| format!("{year}M{m:02}")).collect(),
                };
                for (k, period) in periods.iter().enumerate() {
                    let t = (year - (last - 9)) as f64 + k as f64 / periods.len().max(1) as f64;
                    let value = shape.at(n, t, wobble(&def.key, area, period));
                    let expected = def.expected.then(|| shape.expected(n, t));
                    values.push(NewValue { area: (*area).to_string(), period: period.clone(), year, value: Some(value), expected, suppressed: false });
                }
            }
        }
        pstore::save_values(db, tenant, i.id, &values, "demo", &actor).await?;
    }
    Ok(goals)
}

/// How an indicator's demo figures run: Ishøj's start and yearly change, how
/// far the others sit from Ishøj, and the spread between areas.
struct Shape {
    start: f64,
    step: f64,
    /// Added per area after Ishøj (index 1, 2, …): neighbours, then region, then country.
    offset: f64,
    noise: f64,
    decimals: i32,
    /// The benchmark's expectation, as a share of Ishøj's actual figure.
    expected_share: f64,
}

impl Shape {
    fn at(&self, area: usize, t: f64, wobble: f64) -> f64 {
        let spread = if area == 0 { 0.0 } else { self.offset * (1.0 + (area as f64 * 0.37).sin() * 0.5) };
        round(self.start + self.step * t + spread + wobble * self.noise, self.decimals)
    }

    fn expected(&self, area: usize, t: f64) -> f64 {
        round(self.at(area, t, 0.0) * self.expected_share, self.decimals)
    }
}

fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

fn shape(key: &str) -> Shape {
    let s = |start, step, offset, noise, decimals| Shape { start, step, offset, noise, decimals, expected_share: 1.0 };
    match key {
        "beskaeftigelsesfrekvens" => s(66.5, 0.45, 5.0, 0.4, 1),
        "ledighed" => s(6.8, -0.2, -1.6, 0.2, 1),
        // Seed 004's committee reads "100 flere ledige på A-dagpenge, end vi burde".
        "a-dagpenge-forventet" => Shape { expected_share: 0.82, ..s(640.0, -9.0, -180.0, 12.0, 0) },
        "byggesager-inden-for-frist" => s(68.0, 1.6, 0.0, 4.0, 1),
        "virksomheder-samarbejder" => s(12.0, 0.9, 0.0, 0.6, 1),
        "ungdomsuddannelse" => s(71.0, 0.8, 0.0, 0.8, 1),
        "jobordrer-besat" => s(44.0, 1.2, 0.0, 3.0, 1),
        "ledige-stillinger" => s(310.0, 12.0, 140.0, 25.0, 0),
        _ => s(50.0, 0.0, 0.0, 1.0, 1),
    }
}

/// A fixed number in [-1, 1] per (indicator, area, period), so every build of
/// the demo has the same figures.
fn wobble(key: &str, area: &str, period: &str) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain(area.bytes()).chain(period.bytes()) {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    (h % 2001) as f64 / 1000.0 - 1.0
}

/// The published deadlines and a year of cases, invented: most building
/// permits decided within their deadline, some waiting for the applicant,
/// a few late, few of the large ones, some still open.
pub async fn build_cases(db: &Db, tenant: i64, today: chrono::NaiveDate) -> Result<()> {
    let actor = Actor::system("styr demo");
    service::policy::cases::load_register(db, tenant, domain::policy::cases::ISHOJ_FRISTER, &actor).await?;
    if !store::cases::cases(db, tenant, today - chrono::Duration::days(400), today).await?.is_empty() {
        return Ok(());
    }
    let types = store::cases::types(db, tenant).await?;
    // Cases received a year: many small, few large.
    let volume = [
        ("byggesag-simple", 140),
        ("byggesag-enfamiliehus", 40),
        ("byggesag-industri", 14),
        ("byggesag-erhverv", 9),
        ("byggesag-etagebolig", 5),
        ("miljoe-tilladelse", 8),
        ("ledighedsydelse", 60),
    ];
    let mut cases = vec![];
    for (key, n) in volume {
        let Some(t) = types.iter().find(|t| t.def.key == key) else { continue };
        for k in 0..n {
            let w = |salt: &str| (wobble(key, salt, &k.to_string()) + 1.0) / 2.0;
            let received = today - chrono::Duration::days((365.0 * w("modtaget")) as i64);
            let complete = received + chrono::Duration::days((14.0 * w("oplyst")) as i64);
            // Three in four within the deadline; the rest up to half as long again.
            let share = if w("frist") < 0.75 { 0.35 + 0.6 * w("dage") } else { 1.02 + 0.5 * w("dage") };
            let used = (t.def.days as f64 * share) as i64;
            let waits = if w("venter") < 0.3 {
                let from = complete + chrono::Duration::days((used as f64 * 0.3) as i64);
                vec![(from, from + chrono::Duration::days(3 + (12.0 * w("længde")) as i64))]
            } else {
                vec![]
            };
            let waited: i64 = waits.iter().map(|(a, b)| (*b - *a).num_days() + 1).sum();
            let decided = complete + chrono::Duration::days(used + waited);
            cases.push(domain::policy::cases::Case {
                number: format!("{}-{:04}", received.format("%y"), cases.len() + 1),
                case_type: key.to_string(),
                received_on: received,
                complete_on: Some(complete),
                decided_on: (decided <= today).then_some(decided),
                waits,
            });
        }
    }
    store::cases::save_cases(db, tenant, &cases, &actor).await?;
    service::policy::cases::feed_indicators(db, tenant, &types, today, &actor).await?;
    Ok(())
}
