//! The demo's meeting forums (data/demo-forums.toml) and a year of meetings
//! around the day the demo is built.

use anyhow::{Context, Result};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use domain::meetings::agenda::{ItemKind, ItemStatus};
use domain::meetings::cadence::Cadence;
use domain::meetings::chair::ChairRule;
use domain::meetings::decision::{ActionStatus, Communicate, Implementation};
use domain::meetings::forum::{Audience, Membership, Part};
use domain::org::UnitKind;
use serde::Deserialize;
use store::Db;
use store::meetings::Forum;
use store::platform::audit::Actor;

const FORUMS: &str = include_str!("../../data/demo-forums.toml");

#[derive(Deserialize)]
struct File {
    forums: Vec<DemoForum>,
}

#[derive(Deserialize)]
struct DemoForum {
    name: String,
    purpose: String,
    #[serde(default)]
    members: String,
    chair: String,
    cadence: DemoCadence,
    minutes: i64,
    #[serde(default)]
    place: String,
    readers: String,
    proposers: String,
    formal: bool,
    #[serde(default = "yes")]
    follow_up: bool,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    secretary: Option<String>,
    #[serde(default)]
    reports_to: Option<String>,
    #[serde(default)]
    per_directorate: bool,
    #[serde(default)]
    per_centre_chief: bool,
}

fn yes() -> bool {
    true
}

/// The cadence as the data file writes it: a weekday instead of a first date.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum DemoCadence {
    EveryWeeks { weeks: u32, weekday: u32, time: NaiveTime },
    TimesPerYear { times: u32, weekday: u32, nth: u32, time: NaiveTime },
    Yearly { month: u32, day: u32, time: NaiveTime },
    AdHoc,
}

impl DemoCadence {
    /// Series start on the weekday's first date in 2024, so they are the same
    /// whenever the demo is built.
    fn cadence(&self) -> Cadence {
        match *self {
            DemoCadence::EveryWeeks { weeks, weekday, time } => {
                let wd = Weekday::try_from(weekday as u8 - 1).unwrap_or(Weekday::Mon);
                // Counted from the first such weekday of 2024.
                let mut first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
                while first.weekday() != wd {
                    first += Duration::days(1);
                }
                Cadence::EveryWeeks { weeks, first, time }
            }
            DemoCadence::TimesPerYear { times, weekday, nth, time } => Cadence::TimesPerYear { times, weekday, nth, time },
            DemoCadence::Yearly { month, day, time } => Cadence::Yearly { month, day, time },
            DemoCadence::AdHoc => Cadence::AdHoc,
        }
    }
}

struct Org {
    chief_executive: i64,
    /// (directorate name, director, the centre chiefs under it)
    directorates: Vec<(String, i64, Vec<i64>)>,
    secretariat: Option<i64>,
    working_group: Vec<i64>,
    names: std::collections::HashMap<i64, String>,
}

async fn read_org(db: &Db, tenant: i64, secretariat_email: Option<&str>) -> Result<Org> {
    let units = store::org::units(db, tenant).await?;
    let leaders = store::org::leaders(db, tenant).await?;
    let lead = |id: i64| leaders.get(&id).and_then(|l| l.first()).map(|l| l.0);
    let board = units.iter().find(|u| u.kind == UnitKind::ExecutiveBoard).context("no executive board")?;
    let chief_executive = lead(board.id).context("the board has no leader")?;
    let mut directorates = vec![];
    for d in units.iter().filter(|u| u.kind == UnitKind::Directorate) {
        let director = lead(d.id).context("a directorate without a director")?;
        let chiefs: Vec<i64> = units.iter().filter(|c| c.parent_id == Some(d.id) && c.kind == UnitKind::Centre).filter_map(|c| lead(c.id)).collect();
        directorates.push((d.name.clone(), director, chiefs));
    }
    let secretariat = match secretariat_email {
        Some(e) => store::org::search_people(db, tenant, e, 1, 0).await?.0.first().map(|p| p.id),
        None => None,
    };
    // Two centre chiefs and three unit leaders, for broad representation.
    let mut working_group: Vec<i64> = directorates.iter().filter_map(|d| d.2.first().copied()).take(2).collect();
    working_group.extend(units.iter().filter(|u| u.kind == UnitKind::OperatingUnit).step_by(15).filter_map(|u| lead(u.id)).take(3));
    let mut ids: Vec<i64> = directorates.iter().flat_map(|d| std::iter::once(d.1).chain(d.2.iter().copied())).collect();
    ids.push(chief_executive);
    let names = store::org::names(db, tenant, &ids).await?;
    Ok(Org { chief_executive, directorates, secretariat, working_group, names })
}

/// Creates (or refreshes) the demo's forums and their meetings from half a
/// year back to half a year ahead.
pub async fn build(db: &Db, tenant: i64, secretariat_email: Option<&str>, now: DateTime<Utc>) -> Result<()> {
    let file: File = toml::from_str(FORUMS)?;
    let org = read_org(db, tenant, secretariat_email).await?;
    let actor = Actor::system("styr demo");
    let directors: Vec<i64> = org.directorates.iter().map(|d| d.1).collect();
    let mut saved: Vec<(String, i64)> = vec![];
    let mut position = 0;
    for f in &file.forums {
        // (name, members, chair) for each forum this entry makes.
        let mut instances: Vec<(String, Membership, ChairRule)> = vec![];
        if f.per_directorate {
            for (dname, director, chiefs) in &org.directorates {
                let mut people = vec![*director];
                people.extend(chiefs);
                let short = dname.trim_start_matches("Direktørområdet for ");
                instances.push((format!("{} – {}", f.name, short), Membership { people, leaders_of: vec![] }, ChairRule::Fixed { person: *director }));
            }
        } else if f.per_centre_chief {
            for (_, director, chiefs) in &org.directorates {
                for chief in chiefs {
                    let name = format!("{} {} – {}", f.name, org.names[director], org.names[chief]);
                    instances.push((name, Membership { people: vec![*director, *chief], leaders_of: vec![] }, ChairRule::Fixed { person: *director }));
                }
            }
        } else {
            let membership = match f.members.as_str() {
                "directors" => Membership { people: vec![], leaders_of: vec![UnitKind::Directorate, UnitKind::ExecutiveBoard] },
                "group_management" => Membership { people: vec![], leaders_of: vec![UnitKind::ExecutiveBoard, UnitKind::Directorate, UnitKind::Centre] },
                "working_group" => Membership { people: org.working_group.clone(), leaders_of: vec![] },
                other => anyhow::bail!("unknown members {other:?} in demo-forums.toml"),
            };
            let chair = match f.chair.as_str() {
                "chief_executive" => ChairRule::Fixed { person: org.chief_executive },
                "directors_in_turn" => ChairRule::Rotation { people: directors.clone() },
                "none" => ChairRule::None,
                other => anyhow::bail!("unknown chair {other:?} in demo-forums.toml"),
            };
            instances.push((f.name.clone(), membership, chair));
        }
        for (name, membership, chair) in instances {
            let input = Forum {
                id: 0,
                name: name.clone(),
                purpose: f.purpose.clone(),
                membership,
                chair,
                secretary_person_id: f.secretary.as_ref().and(org.secretariat),
                cadence: f.cadence.cadence(),
                duration_minutes: f.minutes,
                place: f.place.clone(),
                parts: f.parts.clone(),
                formal: f.formal,
                follow_up: f.follow_up,
                proposal_days: 7,
                publish_days: 3,
                readers: Audience::parse(&f.readers).context("readers")?,
                proposers: Audience::parse(&f.proposers).context("proposers")?,
                reports_to_forum_id: f.reports_to.as_ref().and_then(|r| saved.iter().find(|s| &s.0 == r).map(|s| s.1)),
            };
            let id = store::meetings::save_forum(db, tenant, &input, position, &actor).await?;
            position += 1;
            saved.push((name, id));
        }
    }
    let today = now.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    for (_, id) in &saved {
        let forum = store::meetings::forum(db, tenant, *id).await?.context("forum just saved")?;
        store::meetings::generate(db, tenant, &forum, today - Duration::days(183), today + Duration::days(183), &actor, now).await?;
    }
    agendas(db, tenant, &org, &saved, &actor, now).await
}

const AGENDA: &str = include_str!("../../data/demo-agenda.toml");

#[derive(Deserialize)]
struct AgendaFile {
    items: Vec<DemoItem>,
}

#[derive(Deserialize)]
pub struct DemoItem {
    pub forum: String,
    pub kind: ItemKind,
    pub title: String,
    pub recommendation: String,
    pub background: String,
    pub minutes: i64,
    #[serde(default)]
    pub part: Option<i64>,
    #[serde(default)]
    pub perspective: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub closed: bool,
}

/// The demo's agenda items, which the benchmark also draws on.
pub fn agenda_items() -> Result<Vec<DemoItem>> {
    Ok(toml::from_str::<AgendaFile>(AGENDA)?.items)
}

/// Agendas for the demo's board and group-management meetings: the past
/// ones held with published agendas, the next one published with a
/// proposal waiting, the one after it being prepared. Meetings that already
/// have items are left alone, so building the demo again adds nothing.
async fn agendas(db: &Db, tenant: i64, org: &Org, saved: &[(String, i64)], actor: &Actor, now: DateTime<Utc>) -> Result<()> {
    use domain::meetings::agenda::{ProposalInput, check_proposal};
    use store::meetings::agenda as items;
    let file: AgendaFile = toml::from_str(AGENDA)?;
    let proposers: Vec<i64> = org.directorates.iter().flat_map(|d| d.2.clone()).collect();
    let directors: Vec<i64> = org.directorates.iter().map(|d| d.1).collect();
    for (forum_name, forum_id) in saved.iter().filter(|(n, _)| n == "Koncernledelsesmøde" || n == "Direktionsmøde") {
        let pool: Vec<&DemoItem> = file.items.iter().filter(|i| &i.forum == forum_name).collect();
        let people = if forum_name == "Direktionsmøde" { &directors } else { &proposers };
        let meetings = store::meetings::meetings_of_forum(db, tenant, *forum_id, now - Duration::days(190), now + Duration::days(190)).await?;
        let upcoming_index = meetings.iter().position(|m| m.starts_at > now).unwrap_or(meetings.len());
        for (n, m) in meetings.iter().enumerate() {
            if m.is_cancelled() || !items::items_of_meeting(db, tenant, m.id).await?.is_empty() {
                continue;
            }
            let (placed, proposed, publish) = match n.cmp(&upcoming_index) {
                std::cmp::Ordering::Less => (3, 0, true),
                std::cmp::Ordering::Equal => (3, 1, true),
                _ if n == upcoming_index + 1 => (1, 1, false),
                _ => continue,
            };
            for k in 0..(placed + proposed) {
                let d = pool[(n * 3 + k) % pool.len()];
                let p = check_proposal(&ProposalInput {
                    title: d.title.clone(),
                    kind: d.kind.to_string(),
                    recommendation: d.recommendation.clone(),
                    background: d.background.clone(),
                    minutes: d.minutes.to_string(),
                    closed: d.closed,
                })
                .map_err(|e| anyhow::anyhow!("demo item {:?}: {e:?}", d.title))?;
                let who = people[(n + k) % people.len()];
                let meta = items::ProposalMeta {
                    proposer: Some(who),
                    presenter: Some(who),
                    perspective_key: d.perspective.as_ref().map(|p| format!("perspective.{p}")),
                    value_key: d.value.as_ref().map(|v| format!("value.{v}")),
                };
                let id = items::propose(db, &items::FileStore::Database, tenant, *forum_id, m.id, &p, &meta, &[], actor).await?;
                if k < placed {
                    items::place(db, tenant, id, 1, d.part, actor).await?;
                }
            }
            if publish {
                items::publish(db, tenant, m.id, (m.starts_at - Duration::days(3)).min(now), actor).await?;
            }
            // Held meetings get minutes; all but the latest are approved.
            if n < upcoming_index {
                let approve = n + 1 < upcoming_index;
                minutes(db, tenant, *forum_id, m, people, approve, n, actor, now).await?;
            }
        }
    }
    Ok(())
}

/// Minutes for a held demo meeting, and for approved ones the decisions'
/// reports and follow-up actions in various states.
#[allow(clippy::too_many_arguments)]
async fn minutes(
    db: &Db,
    tenant: i64,
    forum: i64,
    m: &store::meetings::Meeting,
    people: &[i64],
    approve: bool,
    n: usize,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    use store::meetings::{agenda as items, decisions as dstore, minutes as mstore};
    let placed: Vec<_> = items::items_of_meeting(db, tenant, m.id).await?.into_iter().filter(|i| i.status == ItemStatus::Placed).collect();
    let units = store::org::units(db, tenant).await?;
    let centres: Vec<i64> = units.iter().filter(|u| u.kind == UnitKind::Centre).map(|u| u.id).collect();
    let entries: Vec<mstore::Entry> = placed
        .iter()
        .enumerate()
        .map(|(k, i)| {
            let decision = i.kind == ItemKind::Decision;
            let concerns = if !decision {
                vec![]
            } else if (n + k).is_multiple_of(3) {
                vec!["all".to_string()]
            } else {
                vec![centres[(n + k) % centres.len()].to_string()]
            };
            mstore::Entry {
                item_id: i.id,
                text: if decision { "Indstillingen blev godkendt.".into() } else { "Punktet blev drøftet, og der var enighed om den videre proces.".into() },
                communicate: if decision { [Communicate::Leaders, Communicate::Employees, Communicate::None][(n + k) % 3] } else { Communicate::None },
                concerns: serde_json::to_string(&concerns).unwrap_or_default(),
                actions: "[]".into(),
            }
        })
        .collect();
    mstore::save_draft(db, tenant, m.id, 0, people, people, &entries, actor).await?;
    if !approve {
        return Ok(());
    }
    let sources: Vec<mstore::DecisionSource> = placed
        .iter()
        .filter(|i| i.kind == ItemKind::Decision)
        .map(|i| mstore::DecisionSource {
            item_id: i.id,
            forum_id: forum,
            title: i.title.clone(),
            recommendation: i.recommendation.clone(),
            perspective_key: i.perspective_key.clone(),
            value_key: i.value_key.clone(),
            closed: i.closed,
        })
        .collect();
    // Most minutes are approved at the next meeting; now and then by circulation.
    let how = if n % 4 == 3 { domain::meetings::decision::Approval::Circulation } else { domain::meetings::decision::Approval::AtMeeting };
    mstore::approve(db, tenant, m.id, 1, how, m.starts_at, &sources, actor).await?;
    // Older decisions have come further: reports and actions in various states.
    let age_days = (now - m.starts_at).num_days();
    for d in dstore::of_meeting(db, tenant, m.id).await?.values() {
        for (k, p) in dstore::implementations(db, tenant, d.id).await?.iter().enumerate() {
            let status = match (age_days / 30, k % 4) {
                (0, _) => continue,
                (1, 0) | (1, 1) => Implementation::Acknowledged,
                (1, _) => continue,
                (2..=3, 0) => Implementation::Implemented,
                (2..=3, _) => Implementation::InProgress,
                (_, 3) => Implementation::InProgress,
                _ => Implementation::Implemented,
            };
            dstore::report(db, tenant, d.id, p.unit_id, status, "", actor).await?;
        }
        let due = (m.starts_at + Duration::days(42)).with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
        let owner = people.get(n % people.len().max(1)).copied();
        let action = dstore::NewAction {
            forum_id: forum,
            decision_id: Some(d.id),
            what: "Udarbejd plan for udrulning og meld tilbage til forummet",
            owner,
            unit: None,
            due,
        };
        let id = dstore::add_action(db, tenant, &action, actor).await?;
        if age_days > 90 {
            dstore::set_action_status(db, tenant, id, 1, ActionStatus::Done, actor).await?;
        }
    }
    Ok(())
}
