//! Years of held meetings before the demo's own half year: every forum's
//! meetings from its cadence, with agendas drawn from the demo's items,
//! approved minutes, decisions that have reached their units and follow-up
//! actions, mostly done. The volume follows the meetings issue: over ten
//! years about 2,500 meetings, 25,000 items and 60,000 actions.

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate, Utc};
use domain::meetings::agenda::ItemKind;
use domain::meetings::cadence::Cadence;
use domain::meetings::decision::{Communicate, Implementation};
use domain::org::UnitKind;
use store::Db;
use store::meetings::history::{HeldAction, HeldItem, HeldMeeting, load};
use store::platform::audit::Actor;

/// Items on a formal agenda, and on the others' (1:1s, working groups).
const FORMAL_ITEMS: usize = 16;
const OTHER_ITEMS: usize = 8;
/// Follow-up actions per item on a formal agenda.
const ACTIONS_PER_ITEM: usize = 4;

const MINUTES: [&str; 4] = [
    "Indstillingen blev godkendt.",
    "Koncernledelsen besluttede at følge indstillingen. Beslutningen formidles til alle ledere.",
    "Indstillingen blev godkendt med de ændringer, der kom frem på mødet. Centrene melder tilbage om implementeringen.",
    "Beslutningen blev udskudt til næste møde, hvor et revideret oplæg forelægges.",
];
const GIST: [&str; 3] = [
    "Punktet blev drøftet, og der var enighed om den videre proces.",
    "Orienteringen blev taget til efterretning.",
    "Drøftelsen pegede på tre temaer, som arbejdsgruppen tager med i det videre arbejde.",
];
const ACTIONS: [&str; 4] = [
    "Udarbejd plan for udrulning og meld tilbage til forummet",
    "Orientér medarbejderne i centrene om beslutningen",
    "Følg op på økonomien og forelæg status",
    "Indkald berørte ledere til opstartsmøde",
];

pub struct Loaded {
    pub meetings: usize,
    pub items: usize,
    pub decisions: usize,
    pub actions: usize,
}

/// Fills `years` years before the demo's half year of meetings.
pub async fn seed(db: &Db, tenant: i64, years: i64) -> Result<Loaded> {
    let actor = Actor::system("styr-bench");
    let today = Utc::now().with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    // The demo holds the half year before today; history ends where it starts.
    let (from, to) = (today - Duration::days(365 * years), today - Duration::days(184));
    let pool = styr::demo::forums::agenda_items()?;
    let units = store::org::units(db, tenant).await?;
    let centres: Vec<i64> = units.iter().filter(|u| u.kind == UnitKind::Centre).map(|u| u.id).collect();
    let mut loaded = Loaded { meetings: 0, items: 0, decisions: 0, actions: 0 };
    for forum in store::meetings::forums(db, tenant).await? {
        // The demo's series start recently; the same series, begun years earlier.
        let mut series = forum.clone();
        match &mut series.cadence {
            Cadence::EveryWeeks { weeks, first, .. } => {
                while *first > from {
                    *first -= Duration::weeks(i64::from(*weeks));
                }
            }
            // Theme meetings were called about twice a month.
            Cadence::AdHoc => {
                let time = chrono::NaiveTime::from_hms_opt(14, 0, 0).context("time")?;
                series.cadence = Cadence::EveryWeeks { weeks: 2, first: from, time };
            }
            _ => {}
        }
        store::meetings::generate(db, tenant, &series, from, to, &actor, store::now()).await?;
        let kinds: Vec<&str> = forum.membership.leaders_of.iter().map(|k| k.as_str()).collect();
        let mut people = forum.membership.people.clone();
        people.extend(store::org::leaders_of_kinds(db, tenant, &kinds).await?.into_iter().map(|p| p.0));
        let meetings = store::meetings::meetings_of_forum(db, tenant, forum.id, utc(from), utc(to)).await?;
        let mut batch = vec![];
        for (n, m) in meetings.iter().enumerate().filter(|(_, m)| !m.is_cancelled()) {
            let count = if forum.formal { FORMAL_ITEMS } else { OTHER_ITEMS };
            let age = (Utc::now() - m.starts_at).num_days();
            let items = (0..count)
                .map(|k| {
                    let d = &pool[(n * 5 + k) % pool.len()];
                    let decision = forum.formal && d.kind == ItemKind::Decision;
                    let seq = n * count + k;
                    let concerns = decision.then(|| if seq % 10 == 0 { vec![] } else { vec![centres[seq % centres.len()]] });
                    let reports = match age {
                        ..=400 => vec![Implementation::Implemented, Implementation::InProgress, Implementation::Acknowledged, Implementation::Pending],
                        _ => vec![Implementation::Implemented, Implementation::Implemented, Implementation::Implemented, Implementation::InProgress],
                    };
                    let actions = if forum.formal { ACTIONS_PER_ITEM } else { usize::from(k % 2 == 0) };
                    let actions = (0..actions)
                        .map(|a| HeldAction {
                            what: ACTIONS[(seq + a) % ACTIONS.len()].to_string(),
                            owner: people.get((seq + a) % people.len().max(1)).copied(),
                            due: (m.starts_at + Duration::days(21 + 14 * a as i64)).date_naive(),
                            // Old actions are done, all but a few forgotten ones.
                            done: age > 120 && (seq + a) % 97 != 0,
                        })
                        .collect();
                    HeldItem {
                        kind: d.kind,
                        title: d.title.clone(),
                        recommendation: d.recommendation.clone(),
                        background: d.background.clone(),
                        minutes: d.minutes,
                        closed: d.closed,
                        proposer: people.get(seq % people.len().max(1)).copied(),
                        perspective_key: d.perspective.as_ref().map(|p| format!("perspective.{p}")),
                        value_key: d.value.as_ref().map(|v| format!("value.{v}")),
                        minute: if decision { MINUTES[seq % MINUTES.len()] } else { GIST[seq % GIST.len()] }.to_string(),
                        communicate: if decision { [Communicate::Leaders, Communicate::Employees, Communicate::None][seq % 3] } else { Communicate::None },
                        decision: concerns,
                        reports,
                        actions,
                    }
                })
                .collect::<Vec<_>>();
            loaded.meetings += 1;
            loaded.items += items.len();
            loaded.decisions += items.iter().filter(|i| i.decision.is_some()).count();
            loaded.actions += items.iter().map(|i| i.actions.len()).sum::<usize>();
            batch.push(HeldMeeting { meeting_id: m.id, forum_id: forum.id, starts_at: m.starts_at, attendees: people.clone(), items });
            if batch.len() == 50 {
                load(db, tenant, &batch, &actor).await?;
                batch.clear();
            }
        }
        load(db, tenant, &batch, &actor).await.context("loading meetings")?;
    }
    Ok(loaded)
}

fn utc(d: NaiveDate) -> chrono::DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}
