//! The one search: agenda items, minutes and decisions from the full-text
//! index, and people, units, initiatives, status reports, the årshjul's
//! dates and the framework from the copies kept in memory, each tab in the
//! reader's permissions and counted.
//!
//! Meetings and decisions go through the meetings context's scope
//! (`meetings::decision_scope`, the register's); the årshjul's meetings
//! through the forums the reader sees on the wheel. People, units, the programme and the framework
//! are read by everyone signed in, as their own pages are.

use std::sync::Arc;

use chrono::Datelike;
use domain::framework::{Element, ElementKind};
use domain::programme::initiative::Initiative;
use domain::search::{Needle, Tab, first_tab_with_hits};
use store::aarshjul::Dated;
use store::org::{Person, Unit};
use store::programme::Report;

use crate::{Req, Result};

/// Meetings hits are counted up to this; past it the tab says "100+".
/// Counting further cost more than the page itself (docs/BENCHMARKS.md).
pub const COUNT_CAP: i64 = 100;

/// A tab's count: how many were found, and whether the count stopped at `COUNT_CAP`.
#[derive(Clone, Copy, Debug)]
pub struct Count {
    pub tab: Tab,
    pub n: i64,
    pub capped: bool,
}

/// What one search found on the open tab.
pub enum Found {
    Meetings(Vec<store::search::Hit>),
    People(Vec<Person>),
    Units(Vec<Unit>),
    /// With their programme's year.
    Initiatives(Vec<(Initiative, i64)>),
    /// With the initiative's title.
    Reports(Vec<(Report, String)>),
    Dates(Vec<Dated>),
    /// With the anchor on the framework page.
    Framework(Vec<(Element, String)>),
}

pub struct Results {
    pub tab: Tab,
    pub counts: Vec<Count>,
    pub found: Found,
    /// Whether the open tab has a page after this one.
    pub more: bool,
}

/// Searches every tab and returns the page `offset..offset + limit` of `tab`
/// (or, with none asked for, of the first tab that found something).
pub async fn search(req: &Req<'_>, query: &str, tab: Option<Tab>, limit: i64, offset: i64) -> Result<Results> {
    let Some(needle) = Needle::new(query) else {
        return Ok(Results { tab: tab.unwrap_or(Tab::Meetings), counts: vec![], found: Found::Meetings(vec![]), more: false });
    };
    let org = req.reference().await?;
    let people: Vec<&Person> = org.search_words(&needle);
    let units: Vec<&Unit> = org.units.iter().filter(|u| needle.finds(&[&u.name])).collect();
    let elements = framework_hits(org.framework_elements(), &needle);
    let programme = req.programme().await?;
    let corpus = corpus(req, &programme).await?;
    let initiatives: Vec<&(Initiative, i64, String)> = corpus.initiatives.iter().filter(|i| needle.finds_lower(&[&i.2])).collect();
    let reports: Vec<&(Report, String, String)> = corpus.reports.iter().filter(|r| needle.finds_lower(&[&r.2])).collect();
    let dates = wheel_hits(req, &programme, &needle).await?;

    let in_memory = [
        (Tab::People, people.len()),
        (Tab::Units, units.len()),
        (Tab::Initiatives, initiatives.len()),
        (Tab::Reports, reports.len()),
        (Tab::Aarshjul, dates.len()),
        (Tab::Framework, elements.len()),
    ];
    // The index is asked for its page only when it may be the open tab, and
    // counted from that page when the page holds all there is. A page is
    // asked for one more than it shows, and the count decides between
    // words and prefixes by the same number (`store::search::search`).
    let scope = crate::meetings::decision_scope(req).await?;
    let (db, t) = (req.db(), req.tenant());
    let meetings_may_open = tab.is_none() || tab == Some(Tab::Meetings);
    let mut page_hits = if meetings_may_open { store::search::search(db, t, query, &scope, limit + 1, offset).await? } else { vec![] };
    let n = if meetings_may_open && offset == 0 && page_hits.len() as i64 <= limit {
        page_hits.len() as i64
    } else {
        store::search::count(db, t, query, &scope, limit + 1, COUNT_CAP + 1).await?
    };
    let mut counts = vec![Count { tab: Tab::Meetings, n: n.min(COUNT_CAP), capped: n > COUNT_CAP }];
    counts.extend(in_memory.iter().map(|(tab, n)| Count { tab: *tab, n: *n as i64, capped: false }));
    let open = tab.unwrap_or_else(|| first_tab_with_hits(&counts.iter().map(|c| (c.tab, c.n)).collect::<Vec<_>>()));

    let total = counts.iter().find(|c| c.tab == open).map_or(0, |c| c.n);
    let more = if open == Tab::Meetings { page_hits.len() as i64 > limit } else { offset + limit < total };
    let page = |n: usize| (offset as usize).min(n)..((offset + limit) as usize).min(n);
    let found = match open {
        Tab::Meetings => {
            page_hits.truncate(limit as usize);
            Found::Meetings(page_hits)
        }
        Tab::People => Found::People(people[page(people.len())].iter().map(|p| (*p).clone()).collect()),
        Tab::Units => Found::Units(units[page(units.len())].iter().map(|u| (*u).clone()).collect()),
        Tab::Initiatives => Found::Initiatives(initiatives[page(initiatives.len())].iter().map(|(i, year, _)| (i.clone(), *year)).collect()),
        Tab::Reports => Found::Reports(reports[page(reports.len())].iter().map(|(r, title, _)| (r.clone(), title.clone())).collect()),
        Tab::Aarshjul => Found::Dates(dates[page(dates.len())].to_vec()),
        Tab::Framework => Found::Framework(elements[page(elements.len())].to_vec()),
    };
    Ok(Results { tab: open, counts, found, more })
}

/// The programme's texts to search, each with its words in lower case once,
/// kept beside the programme's copy in memory: lower-casing 300 initiatives
/// and 6,000 status reports on every search was most of its cost.
struct Corpus {
    /// Initiatives with their programme's year.
    initiatives: Vec<(Initiative, i64, String)>,
    /// Status reports with their initiative's title, newest period first.
    reports: Vec<(Report, String, String)>,
}

async fn corpus(req: &Req<'_>, programme: &store::programme_cache::Snapshot) -> Result<Arc<Corpus>> {
    const KEY: &str = "search-corpus";
    if let Some(kept) = programme.kept::<Corpus>(KEY) {
        return Ok(kept);
    }
    let (mut initiatives, mut reports) = (vec![], vec![]);
    for p in &programme.programmes {
        let portfolio = programme.portfolio(req.db(), req.tenant(), p).await?;
        for i in &portfolio.initiatives {
            let text = [i.title.as_str(), &i.purpose, &i.description].join("\n").to_lowercase();
            initiatives.push((i.clone(), p.year, text));
        }
        for r in store::programme::reports_of_programme(req.db(), req.tenant(), p.id).await? {
            let title = portfolio.initiative(r.initiative_id).map(|i| i.title.clone()).unwrap_or_default();
            let text = [title.as_str(), &r.happened, &r.next_steps, &r.needs].join("\n").to_lowercase();
            reports.push((r, title, text));
        }
    }
    reports.sort_by(|a, b| b.0.period.cmp(&a.0.period).then(a.1.cmp(&b.1)));
    Ok(programme.keep(KEY.to_string(), Corpus { initiatives, reports }))
}

/// The årshjul's dates from last year to next year that match, as the
/// reader's wheel shows them, the nearest to today first. The dates with
/// their titles in lower case are kept for the day beside the programme's copy.
async fn wheel_hits(req: &Req<'_>, programme: &store::programme_cache::Snapshot, needle: &Needle) -> Result<Vec<Dated>> {
    let today = req.svc.clock.today();
    let key = format!("search-dates|{today}");
    let all = match programme.kept::<Vec<(Dated, String)>>(&key) {
        Some(kept) => kept,
        None => {
            let window = store::aarshjul::Window {
                from: chrono::NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today),
                to: chrono::NaiveDate::from_ymd_opt(today.year() + 1, 12, 31).unwrap_or(today),
                today,
            };
            let dates = programme.dates(req.db(), req.tenant(), window).await?;
            programme.keep(key, dates.into_iter().map(|d| (d.title.to_lowercase(), d)).map(|(t, d)| (d, t)).collect())
        }
    };
    let forums = crate::programme::forums_on_wheel(req).await?;
    let found = all.iter().filter(|(_, t)| needle.finds_lower(&[t])).map(|(d, _)| d);
    let mut dates = store::aarshjul::for_reader(found, |f| forums.contains(&f), None);
    dates.sort_by_key(|d| (d.start - today).num_days().abs());
    Ok(dates)
}

/// The framework's elements that match, with where each is on the
/// framework page: a behaviour under its statement, the vision and mission
/// under the vision.
fn framework_hits(elements: &[Element], needle: &Needle) -> Vec<(Element, String)> {
    let anchor = |e: &Element| match e.kind {
        ElementKind::Vision | ElementKind::Mission => "vision".to_string(),
        ElementKind::Principle => format!("principle.{}", e.key),
        ElementKind::Value => format!("value.{}", e.key),
        ElementKind::Perspective => format!("perspective.{}", e.key),
        ElementKind::LeadershipStatement => format!("statement.{}", e.key),
        ElementKind::Leadership => format!("leadership.{}", e.key),
        ElementKind::Followership => format!("followership.{}", e.key),
        ElementKind::Direction => format!("direction.{}", e.key),
        ElementKind::Item => String::new(),
    };
    elements
        .iter()
        .filter(|e| needle.finds(&[&e.title, &e.summary, &e.body]))
        .map(|e| {
            let mut at = anchor(e);
            if at.is_empty() {
                at = e.parent_key.as_ref().and_then(|k| elements.iter().find(|p| &p.key == k)).map(anchor).unwrap_or_else(|| "vision".into());
            }
            (e.clone(), at)
        })
        .collect()
}
