//! What waits for the signed-in person: the start page's first section and
//! `/api/v1/me/tasks`. Every list comes from its context's rules (the
//! decision scope, one's own actions and proposals, the forums one sits in),
//! so it holds only what the person may read.

use chrono::{Datelike, Duration, NaiveDate};
use domain::meetings::decision::Implementation;
use domain::programme::report::missing;
use store::meetings::Meeting;
use store::meetings::agenda::Item;
use store::meetings::decisions::{Action, Decision};

use crate::{Req, Result};

/// How many of each list the start page shows; the counts say how many there are.
pub const SHOWN: usize = 10;

/// A status report one owes for an initiative one owns.
#[derive(Clone, Debug)]
pub struct OwedReport {
    pub initiative_id: i64,
    pub title: String,
    /// The period, for example "2026-Q3".
    pub period: String,
    pub due: NaiveDate,
}

/// Everything that waits for the person, most pressing first in each list.
#[derive(Debug, Default)]
pub struct Tasks {
    /// Decisions a unit one leads has yet to acknowledge or carry out:
    /// (decision, unit, status), newest first.
    pub decisions: Vec<(Decision, i64, Implementation)>,
    /// One's open follow-up actions, overdue first (earliest due first).
    pub actions: Vec<Action>,
    pub actions_total: i64,
    /// Status reports one owes, the oldest period first.
    pub reports: Vec<OwedReport>,
    /// One's proposals, newest first, with what became of them.
    pub proposals: Vec<Item>,
    /// The coming four weeks' meetings of the forums one sits in.
    pub meetings: Vec<Meeting>,
    /// For the secretariat: proposals waiting to be placed, oldest first.
    pub to_place: Vec<Item>,
    /// For the secretariat: meetings whose minutes wait for approval.
    pub to_approve: Vec<Meeting>,
}

/// What waits for the signed-in person, from each context's service.
pub async fn tasks(req: &Req<'_>) -> Result<Tasks> {
    let now = req.now();
    let today = req.svc.clock.today();
    let mut t = Tasks { decisions: crate::meetings::decisions::awaiting(req).await?, ..Tasks::default() };
    let (actions, total) = crate::meetings::decisions::actions(req, None, true, true, SHOWN as i64, 0).await?;
    t.actions = actions;
    t.actions_total = total;
    // One's proposals still waiting, and what became of those of the last two months.
    let recent = now - Duration::days(60);
    t.proposals = crate::meetings::agenda::own_proposals(req)
        .await?
        .into_iter()
        .filter(|i| i.status == domain::meetings::agenda::ItemStatus::Proposed || i.created_at > recent)
        .collect();
    let mine: Vec<i64> = crate::meetings::my_forums(req).await?.iter().map(|f| f.id).collect();
    t.meetings = store::meetings::meetings_of_forums(req.db(), req.tenant(), &mine, now, now + Duration::days(28), SHOWN as i64).await?;
    t.reports = owed_reports(req, today).await?;
    if req.viewer().can_manage_meetings() {
        t.to_place = crate::meetings::agenda::waiting_proposals(req).await?;
        t.to_approve = crate::meetings::minutes::awaiting_approval(req).await?;
    }
    Ok(t)
}

/// The reports missing for this year's periods up to today's, of the
/// initiatives one owns that have begun and are not done, while the
/// programme takes reports.
async fn owed_reports(req: &Req<'_>, today: NaiveDate) -> Result<Vec<OwedReport>> {
    let Some(me) = req.viewer().person() else { return Ok(vec![]) };
    let snapshot = req.programme().await?;
    let Some(p) = snapshot.programme(today.year().into()) else { return Ok(vec![]) };
    if !p.status.takes_reports() {
        return Ok(vec![]);
    }
    let owned: Vec<_> =
        store::programme::initiatives_owned(req.db(), req.tenant(), p.id, me).await?.into_iter().filter(|i| i.starts_on <= today && !i.is_done()).collect();
    let ids: Vec<i64> = owned.iter().map(|i| i.id).collect();
    let reported = store::programme::periods_reported(req.db(), req.tenant(), &ids).await?;
    let mut owed = vec![];
    for i in owned {
        let done = reported.get(&i.id).cloned().unwrap_or_default();
        for period in missing(p.cadence, today.year(), &done, today) {
            // A period before the initiative began owes nothing.
            let Some(due) = p.cadence.due(&period) else { continue };
            if due < i.starts_on {
                continue;
            }
            owed.push(OwedReport { initiative_id: i.id, title: i.title.clone(), period, due });
        }
    }
    owed.sort_by(|a, b| a.due.cmp(&b.due).then(a.title.cmp(&b.title)));
    Ok(owed)
}
