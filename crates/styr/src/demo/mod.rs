//! `styr demo`: the demo municipality, built from data files in this crate
//! and Ishøj's framework. Building it twice gives the same result.

use anyhow::Result;
use domain::framework::{FrameworkDoc, ISHOJ};
use domain::org::import::plan;
use serde::Deserialize;
use store::Db;
use store::platform::audit::Actor;

pub mod aarshjul;
pub mod business;
pub mod evaluation;
pub mod forums;
pub mod policy;
pub mod programme;

const ORG: &str = include_str!("../../data/demo-org.toml");
const NAMES: &str = include_str!("../../data/demo-names.toml");
/// The password of every demo account: the demo is for looking around.
pub const DEMO_PASSWORD: &str = "styr-demo-2026";
pub const TENANT_SLUG: &str = "ishoj";
const DOMAIN: &str = "ishoj.example";

#[derive(Deserialize)]
struct OrgFile {
    municipality: String,
    board: String,
    directorates: Vec<Directorate>,
}

#[derive(Deserialize)]
struct Directorate {
    name: String,
    director_title: String,
    #[serde(default)]
    chief_executive: bool,
    centres: Vec<Centre>,
}

#[derive(Deserialize)]
struct Centre {
    name: String,
    units: Vec<String>,
}

#[derive(Deserialize)]
struct Names {
    first: Vec<String>,
    last: Vec<String>,
    titles: Vec<String>,
}

/// A small deterministic generator, so the demo's people are the same each time.
pub(crate) struct Lcg(pub(crate) u64);
impl Lcg {
    pub(crate) fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn ascii_slug(s: &str) -> String {
    s.to_lowercase().replace('æ', "ae").replace('ø', "oe").replace('å', "aa").chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

pub struct DemoAccount {
    pub role: &'static str,
    pub email: String,
    pub roles: &'static str,
}

/// The rows of the demo organisation, as an import file would hold them
/// (header first), and the accounts to create.
pub fn org_grid() -> Result<(Vec<Vec<String>>, Vec<DemoAccount>)> {
    org_grid_at_scale(1)
}

/// The demo organisation with every centre's operating units repeated
/// `copies` times (copy 2 of "Dagplejen" is "Dagplejen 2"): about 400 people
/// per copy. The benchmark uses it for a municipality of thousands.
pub fn org_grid_at_scale(copies: usize) -> Result<(Vec<Vec<String>>, Vec<DemoAccount>)> {
    let org: OrgFile = toml::from_str(ORG)?;
    let names: Names = toml::from_str(NAMES)?;
    let mut rng = Lcg(2026);
    let mut used_names = std::collections::HashSet::new();
    let mut used_emails = std::collections::HashSet::new();
    // Names are unique while the lists allow; after that, as in any large
    // organisation, two people may share a name but never an e-mail.
    let mut person = |rng: &mut Lcg| -> (String, String) {
        let mut tries = 0;
        loop {
            let f = &names.first[rng.next(names.first.len())];
            let l = &names.last[rng.next(names.last.len())];
            let name = format!("{f} {l}");
            tries += 1;
            if !used_names.insert(name.clone()) && tries < 50 {
                continue;
            }
            let mut n = 1;
            loop {
                let suffix = if n == 1 { String::new() } else { n.to_string() };
                let email = format!("{}.{}{suffix}@{DOMAIN}", ascii_slug(f), ascii_slug(l));
                if used_emails.insert(email.clone()) {
                    return (name, email);
                }
                n += 1;
            }
        }
    };
    let mut rows = vec![["enhed", "navn", "e-mail", "titel", "leder", "enhedstype"].map(String::from).to_vec()];
    let mut row = |path: &str, p: &(String, String), title: &str, leader: bool, kind: &str| {
        rows.push(vec![path.into(), p.0.clone(), p.1.clone(), title.into(), if leader { "ja" } else { "nej" }.into(), kind.into()]);
    };
    let root = org.municipality.clone();
    let board = format!("{root} > {}", org.board);
    let mut accounts = vec![];
    let mut first_centre_chief = None;
    let mut first_unit_leader = None;
    let mut first_employee = None;
    let mut secretariat = None;
    let mut hr = None;
    let mut business = None;
    let mut admin = None;

    for d in &org.directorates {
        let dpath = format!("{board} > {}", d.name);
        let director = person(&mut rng);
        row(&dpath, &director, &d.director_title, true, "direktørområde");
        // The chief executive leads the board; the other directors sit in it.
        row(&board, &director, &d.director_title, d.chief_executive, "direktion");
        if d.chief_executive {
            accounts.push(DemoAccount { role: "director", email: director.1.clone(), roles: "" });
        }
        for c in &d.centres {
            let cpath = format!("{dpath} > {}", c.name);
            let chief = person(&mut rng);
            row(&cpath, &chief, "Centerchef", true, "center");
            first_centre_chief.get_or_insert(chief.1.clone());
            for _ in 0..3 {
                let p = person(&mut rng);
                row(&cpath, &p, "Chefkonsulent", false, "");
            }
            let copied = (1..=copies.max(1)).flat_map(|n| c.units.iter().map(move |u| if n == 1 { u.clone() } else { format!("{u} {n}") }));
            for u in copied {
                let u = &u;
                let upath = format!("{cpath} > {u}");
                let leader = person(&mut rng);
                row(&upath, &leader, "Leder", true, "driftsenhed");
                if u == "Direktionssekretariatet" {
                    secretariat.get_or_insert(leader.1.clone());
                }
                if u.starts_with("Børnehuset") {
                    first_unit_leader.get_or_insert(leader.1.clone());
                }
                let staff = 5 + rng.next(4);
                for i in 0..staff {
                    let p = person(&mut rng);
                    let title = &names.titles[rng.next(names.titles.len())];
                    row(&upath, &p, title, false, "");
                    if u.starts_with("Børnehuset") && i == 0 {
                        first_employee.get_or_insert(p.1.clone());
                    }
                    if u == "HR og Organisationsudvikling" && i == 0 {
                        hr.get_or_insert(p.1.clone());
                    }
                    if u == "Virksomhedsservice" && i == 0 {
                        business.get_or_insert(p.1.clone());
                    }
                    if u == "Digitalisering og IT" && i == 0 {
                        admin.get_or_insert(p.1.clone());
                    }
                }
            }
        }
    }
    let mut push = |role: &'static str, email: Option<String>, roles: &'static str| {
        if let Some(email) = email {
            accounts.push(DemoAccount { role, email, roles });
        }
    };
    push("administrator", admin, "admin");
    push("secretariat", secretariat, "secretariat");
    push("hr", hr, "hr");
    push("business_service", business, "business");
    push("centre_chief", first_centre_chief, "");
    push("unit_leader", first_unit_leader, "");
    push("employee", first_employee, "");
    Ok((rows, accounts))
}

/// Builds (or refreshes) the demo municipality as it stands today and
/// returns its accounts.
pub async fn build(db: &Db) -> Result<Vec<DemoAccount>> {
    build_at(db, 1, store::now()).await
}

/// The demo municipality with `copies` of every operating unit (see
/// `org_grid_at_scale`), as it stands today.
pub async fn build_at_scale(db: &Db, copies: usize) -> Result<Vec<DemoAccount>> {
    build_at(db, copies, store::now()).await
}

/// The demo as it stands at `now`: its meetings half a year either side,
/// held ones with minutes, its programme's reports up to today. The tests
/// build it at one fixed moment and run the server's clock from there, so
/// they see the same demo whatever the date.
pub async fn build_at(db: &Db, copies: usize, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<DemoAccount>> {
    let today = now.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    let tenant = store::tenant::ensure(db, TENANT_SLUG, "Ishøj Kommune").await?;
    let actor = Actor::system("styr demo");
    let doc = FrameworkDoc::parse(ISHOJ).map_err(|e| anyhow::anyhow!(e))?;
    store::framework::load(db, tenant.id, &doc, ISHOJ, &actor).await?;
    let (grid, accounts) = org_grid_at_scale(copies)?;
    let plan = plan(&grid).map_err(|e| anyhow::anyhow!("demo organisation is invalid: {e:?}"))?;
    store::org::apply_import(db, tenant.id, &plan, &actor).await?;
    let secretariat = accounts.iter().find(|a| a.role == "secretariat").map(|a| a.email.clone());
    forums::build(db, tenant.id, secretariat.as_deref(), now).await?;
    let goals = policy::build(db, tenant.id, today).await?;
    policy::build_cases(db, tenant.id, today).await?;
    business::build(db, tenant.id, today).await?;
    programme::build(db, tenant.id, today, &goals).await?;
    aarshjul::build(db, tenant.id, today).await?;
    evaluation::build(db, tenant.id, today).await?;
    let hash = service::platform::password::hash(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    for a in &accounts {
        let person = store::org::search_people(db, tenant.id, &a.email, 1, 0).await?.0.into_iter().next();
        store::platform::accounts::upsert(db, tenant.id, person.map(|p| p.id), &a.email, &hash, a.roles).await?;
    }
    Ok(accounts)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_organisation_is_the_right_size_and_valid() {
        let (grid, accounts) = super::org_grid().unwrap();
        let plan = domain::org::import::plan(&grid).expect("valid");
        let units = plan.units.len();
        let ops = plan.units.iter().filter(|u| u.kind == domain::org::UnitKind::OperatingUnit).count();
        assert!((40..=60).contains(&ops), "{ops} operating units");
        assert_eq!(plan.units.iter().filter(|u| u.kind == domain::org::UnitKind::Centre).count(), 9);
        assert_eq!(plan.units.iter().filter(|u| u.kind == domain::org::UnitKind::Directorate).count(), 3);
        assert!((350..=500).contains(&plan.people.len()), "{} people in {units} units", plan.people.len());
        let roles: Vec<_> = accounts.iter().map(|a| a.role).collect();
        for r in ["administrator", "secretariat", "hr", "business_service", "director", "centre_chief", "unit_leader", "employee"] {
            assert!(roles.contains(&r), "missing {r}");
        }
        assert_eq!(super::org_grid().unwrap().0, grid, "deterministic");
    }
}
