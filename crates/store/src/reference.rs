//! Reference data: what nearly every page needs and what changes seldom —
//! the organisation (units, their leaders, head counts, people's names), the forums with
//! their rules, and the current framework — as one read-only copy per tenant
//! in memory. Reading it on every request was the largest cost of many
//! pages. The copy is replaced when the tenant's `reference_version`, which
//! every import, forum change and framework load moves on and which is read
//! with the session, differs: several app servers stay correct without
//! talking to each other.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::Db;
use crate::framework::Version;
use crate::meetings::Forum;
use crate::org::{Person, Unit};
use domain::framework::Element;
use domain::org::UnitKind;

pub struct Reference {
    pub version: i64,
    pub units: Vec<Unit>,
    /// Unit id → its leaders (person id, name).
    pub leaders: HashMap<i64, Vec<(i64, String)>>,
    pub head_counts: HashMap<i64, i64>,
    /// Every person's name by id (people change only by import).
    pub people: HashMap<i64, String>,
    /// Everyone by name (then id), with the text they are found by.
    directory: Vec<(Person, String)>,
    pub forums: Vec<Forum>,
    /// The framework in force, with its elements.
    pub framework: Option<(Version, Vec<Element>)>,
    /// The units depth-first from the roots: (index into `units`, depth).
    pub outline: Vec<(usize, usize)>,
    /// Each unit → the unit a decision's progress is summed under
    /// (`domain::meetings::decision::summed_under`).
    pub summed_under: HashMap<i64, i64>,
    by_id: HashMap<i64, usize>,
    /// Person id → index into `directory`.
    by_person: HashMap<i64, usize>,
}

impl Reference {
    /// A page of people whose name, e-mail or title contains `query` in
    /// any case, and how many match in all: `org::search_people` from
    /// memory, as searching 2,500 people in the database on every key was
    /// the people page's cost.
    pub fn search_people(&self, query: &str, limit: i64, offset: i64) -> (Vec<&Person>, i64) {
        let q = query.trim().to_lowercase();
        let mut total = 0;
        let mut page = vec![];
        for (p, text) in &self.directory {
            if text.contains(&q) {
                if total >= offset && (page.len() as i64) < limit {
                    page.push(p);
                }
                total += 1;
            }
        }
        (page, total)
    }
    /// Everyone whose name, e-mail or title holds every word of the needle,
    /// by name: the one search's people.
    pub fn search_words(&self, needle: &domain::search::Needle) -> Vec<&Person> {
        self.directory.iter().filter(|(_, text)| needle.finds_lower(&[text])).map(|(p, _)| p).collect()
    }
    pub fn unit(&self, id: i64) -> Option<&Unit> {
        self.by_id.get(&id).map(|&i| &self.units[i])
    }
    pub fn forum(&self, id: i64) -> Option<&Forum> {
        self.forums.iter().find(|f| f.id == id)
    }
    pub fn forum_names(&self) -> HashMap<i64, String> {
        self.forums.iter().map(|f| (f.id, f.name.clone())).collect()
    }
    /// (unit, parent) pairs, for the rules that walk the tree.
    pub fn tree(&self) -> Vec<(i64, Option<i64>)> {
        self.units.iter().map(|u| (u.id, u.parent_id)).collect()
    }
    /// A person with their e-mail and title.
    pub fn person(&self, id: i64) -> Option<&Person> {
        self.by_person.get(&id).map(|&i| &self.directory[i].0)
    }
    /// Everyone, by name.
    pub fn everyone(&self) -> impl Iterator<Item = &Person> {
        self.directory.iter().map(|(p, _)| p)
    }
    /// The units each person leads, with their kinds: person → [(unit, kind)].
    pub fn led_by_person(&self) -> HashMap<i64, Vec<(i64, UnitKind)>> {
        let mut out: HashMap<i64, Vec<(i64, UnitKind)>> = HashMap::new();
        for u in &self.units {
            for (p, _) in self.leaders.get(&u.id).into_iter().flatten() {
                out.entry(*p).or_default().push((u.id, u.kind));
            }
        }
        out
    }
    /// A forum's members by name (`Membership::members`): the one way the
    /// meeting page, the mail to members and the calendar work them out.
    pub fn members_of(&self, f: &Forum) -> Vec<(i64, String)> {
        let leaders: Vec<(UnitKind, Vec<i64>)> =
            self.units.iter().map(|u| (u.kind, self.leaders.get(&u.id).map(|l| l.iter().map(|x| x.0).collect()).unwrap_or_default())).collect();
        let ids = f.membership.members(leaders.iter().map(|(k, l)| (*k, l.as_slice())));
        let mut out: Vec<(i64, String)> = ids.into_iter().map(|p| (p, self.people.get(&p).cloned().unwrap_or_default())).collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }
    pub fn framework_elements(&self) -> &[Element] {
        self.framework.as_ref().map(|(_, e)| e.as_slice()).unwrap_or(&[])
    }
}

#[derive(Default)]
pub struct Cache {
    tenants: Mutex<HashMap<i64, Arc<Reference>>>,
}

impl Cache {
    /// The tenant's reference data at `version`, loaded when the copy held
    /// is of another version. Two requests may load it at once; both copies
    /// are equal, and the last one is kept.
    pub async fn get(&self, db: &Db, tenant: i64, version: i64) -> Result<Arc<Reference>, crate::Error> {
        if let Some(s) = self.tenants.lock().unwrap_or_else(|e| e.into_inner()).get(&tenant).filter(|s| s.version == version) {
            return Ok(s.clone());
        }
        let framework = match crate::framework::version(db, tenant, None).await? {
            Some(v) => {
                let elements = crate::framework::elements(db, tenant, v.id).await?;
                Some((v, elements))
            }
            None => None,
        };
        let units = crate::org::units(db, tenant).await?;
        let tree: Vec<(i64, Option<i64>)> = units.iter().map(|u| (u.id, u.parent_id)).collect();
        let kinds: Vec<(i64, Option<i64>, bool)> = units.iter().map(|u| (u.id, u.parent_id, u.kind == UnitKind::OperatingUnit)).collect();
        let directory = crate::org::directory(db, tenant).await?;
        let snapshot = Arc::new(Reference {
            version,
            outline: domain::org::outline(&tree),
            summed_under: domain::meetings::decision::summed_under(&kinds),
            by_id: units.iter().enumerate().map(|(i, u)| (u.id, i)).collect(),
            by_person: directory.iter().enumerate().map(|(i, (p, _))| (p.id, i)).collect(),
            units,
            leaders: crate::org::leaders(db, tenant).await?,
            head_counts: crate::org::head_counts(db, tenant).await?,
            people: directory.iter().map(|(p, _)| (p.id, p.name.clone())).collect(),
            directory,
            forums: crate::meetings::forums(db, tenant).await?,
            framework,
        });
        self.tenants.lock().unwrap_or_else(|e| e.into_inner()).insert(tenant, snapshot.clone());
        Ok(snapshot)
    }
}
