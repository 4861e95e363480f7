//! The decision register, a single decision, what is news and what awaits a
//! leader, and follow-up actions: each through the viewer's `DecisionScope`,
//! so the register, the decision's page, the start page, the API and the
//! programme's links agree.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::meetings::DecisionId;
use domain::meetings::decision::Implementation;
use domain::meetings::policy::DecisionScope;
use store::meetings::decisions::{self as dstore, Action, ActionFilter, Decision, Filter};

use crate::counts::Page;
use crate::{Error, Req, Result};

/// What the register is filtered by, besides who reads it.
#[derive(Clone, Debug, Default)]
pub struct RegisterQuery {
    pub forum: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub unit: Option<i64>,
    pub perspective: Option<String>,
    pub progress: Option<domain::meetings::decision::Progress>,
    pub words: Vec<String>,
}

fn filter(scope: DecisionScope, q: RegisterQuery) -> Filter {
    Filter { scope, forum: q.forum, from: q.from, to: q.to, unit: q.unit, perspective: q.perspective, progress: q.progress, words: q.words }
}

/// A page of the register as the viewer may read it, newest first, and how
/// many there are in all (kept per filter while the register stands).
pub async fn register(req: &Req<'_>, q: RegisterQuery, limit: i64, offset: i64) -> Result<(Vec<Decision>, i64)> {
    let f = filter(super::decision_scope(req).await?, q);
    let rows = dstore::search(req.db(), req.tenant(), &f, limit, offset).await?;
    let page = Page { rows: rows.len(), limit, offset };
    let total =
        req.svc.counts.total(req.tenant(), req.who.register_versions(), format!("register {f:?}"), page, dstore::count(req.db(), req.tenant(), &f)).await?;
    Ok((rows, total))
}

/// A page of the register without counting it (the API pages by offset).
pub async fn page(req: &Req<'_>, q: RegisterQuery, limit: i64, offset: i64) -> Result<Vec<Decision>> {
    let f = filter(super::decision_scope(req).await?, q);
    Ok(dstore::search(req.db(), req.tenant(), &f, limit, offset).await?)
}

/// Whether the viewer may read a decision, given its scope.
async fn allowed(req: &Req<'_>, scope: &DecisionScope, d: &Decision) -> Result<bool> {
    let head = d.head();
    let reached = if scope.needs_units(&head) { dstore::reached_units(req.db(), req.tenant(), d.id).await? } else { vec![] };
    Ok(scope.allows(&head, &reached))
}

/// A decision the viewer may read, with the ids of the units it names.
pub async fn decision(req: &Req<'_>, id: DecisionId) -> Result<(Decision, Vec<i64>)> {
    let (d, named) = dstore::decision_with_units(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)?;
    let scope = super::decision_scope(req).await?;
    let ok = allowed(req, &scope, &d).await?;
    req.allow(ok, || format!("decision:{id}")).await?;
    Ok((d, named))
}

/// Of some decisions (by id), those the viewer may read, as (id, title,
/// decided at) in the order given; the others are left out without a word,
/// as a page that links to decisions is not about them.
pub async fn readable_of(req: &Req<'_>, ids: &[DecisionId]) -> Result<Vec<Decision>> {
    let scope = super::decision_scope(req).await?;
    let mut found: HashMap<DecisionId, Decision> = dstore::by_ids(req.db(), req.tenant(), ids).await?.into_iter().map(|d| (d.id, d)).collect();
    let mut out = vec![];
    for id in ids {
        if let Some(d) = found.remove(id)
            && allowed(req, &scope, &d).await?
        {
            out.push(d);
        }
    }
    Ok(out)
}

/// What is news to the viewer: decisions since `since` communicated to a
/// group they belong to, newest first.
pub async fn news(req: &Req<'_>, since: DateTime<Utc>, limit: i64) -> Result<Vec<Decision>> {
    let r = req.reference().await?;
    let f = Filter { scope: DecisionScope::news(req.viewer(), &r.forums), from: Some(since), ..Default::default() };
    Ok(dstore::search(req.db(), req.tenant(), &f, limit, 0).await?)
}

/// Decisions waiting for a report from a unit the viewer leads:
/// (decision, unit, status).
pub async fn awaiting(req: &Req<'_>) -> Result<Vec<(Decision, i64, Implementation)>> {
    let scope = super::decision_scope(req).await?;
    Ok(dstore::awaiting(req.db(), req.tenant(), &scope, req.viewer().led_units()).await?)
}

/// The viewer's own open follow-up actions, due first.
pub async fn own_actions(req: &Req<'_>, limit: i64) -> Result<Vec<Action>> {
    let Some(p) = req.viewer().person() else { return Ok(vec![]) };
    let forums: Vec<i64> = req.reference().await?.forums.iter().map(|f| f.id).collect();
    let f = ActionFilter { forums: &forums, scope: None, owner: Some(p), only_open: true };
    Ok(dstore::actions(req.db(), req.tenant(), &f, limit, 0).await?)
}

/// A page of follow-up actions of the forums the viewer reads (or the
/// viewer's own, wherever they come from), and how many there are.
pub async fn actions(req: &Req<'_>, forum: Option<i64>, mine: bool, only_open: bool, limit: i64, offset: i64) -> Result<(Vec<Action>, i64)> {
    let readable = super::readable_forums(req).await?;
    let r = req.reference().await?;
    let forums: Vec<i64> = if mine {
        // One's own tasks, wherever they come from, or from the forum chosen.
        r.forums.iter().map(|f| f.id).filter(|f| forum.is_none_or(|chosen| chosen == *f)).collect()
    } else {
        match forum {
            Some(f) if readable.iter().any(|r| r.id == f) => vec![f],
            // A forum one does not read has nothing to show.
            Some(_) => vec![],
            None => readable.iter().map(|f| f.id).collect(),
        }
    };
    // An account without a person owns nothing.
    let owner = if mine { Some(req.viewer().person().unwrap_or(-1)) } else { None };
    // One's own actions are one's own, whatever they carry out; others' are as the policy says.
    let scope = if mine { None } else { Some(super::decision_scope(req).await?) };
    let f = ActionFilter { forums: &forums, scope: scope.as_ref(), owner, only_open: only_open || mine };
    let rows = dstore::actions(req.db(), req.tenant(), &f, limit, offset).await?;
    let page = Page { rows: rows.len(), limit, offset };
    let total = req
        .svc
        .counts
        .total(req.tenant(), req.who.register_versions(), format!("actions {}", f.key()), page, dstore::count_actions(req.db(), req.tenant(), &f))
        .await?;
    Ok((rows, total))
}

/// The titles of the decisions some actions carry out, for those the viewer
/// may read: one's own task may carry out a closed item's decision, whose
/// title stays with the forum.
pub async fn titles_of(req: &Req<'_>, actions: &[Action]) -> Result<HashMap<i64, String>> {
    let mut ids: Vec<DecisionId> = actions.iter().filter_map(|a| a.decision_id).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(readable_of(req, &ids).await?.into_iter().map(|d| (d.id.get(), d.title)).collect())
}

/// The open actions of one forum, for its standing agenda item: the first
/// `limit` by due date, and how many in all.
pub async fn open_actions_of_forum(req: &Req<'_>, forum: i64, limit: i64) -> Result<(Vec<Action>, i64)> {
    let forums = [forum];
    let scope = super::decision_scope(req).await?;
    let f = ActionFilter { forums: &forums, scope: Some(&scope), owner: None, only_open: true };
    let rows = dstore::actions(req.db(), req.tenant(), &f, limit, 0).await?;
    let page = Page { rows: rows.len(), limit, offset: 0 };
    let total = req
        .svc
        .counts
        .total(req.tenant(), req.who.register_versions(), format!("actions {}", f.key()), page, dstore::count_actions(req.db(), req.tenant(), &f))
        .await?;
    Ok((rows, total))
}
