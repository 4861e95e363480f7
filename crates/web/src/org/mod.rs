//! The org pages: the tree, the chart, a unit, a person, the people search,
//! and a leader's staff list.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use domain::org::{PositionKind, UnitKind};
use serde::Deserialize;
use store::org::{Member, Person, Placement, Unit};

use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{AppError, PageResult, page, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/org", tree)
        .get("/org/chart", chart)
        .get("/units/{id}", unit)
        .get("/units/{id}/staff.csv", staff_csv)
        .get("/people", people)
        .get("/people/{id}", person)
        .post("/me/notifications", save_notifications)
}

/// One line of the tree, flattened; `closes` says how many open lists end
/// after it, so the template can nest without recursion.
pub struct TreeRow {
    pub id: i64,
    pub name: String,
    pub kind: UnitKind,
    pub leaders: Vec<(i64, String)>,
    pub head_count: i64,
    pub has_children: bool,
    pub closes: usize,
}

/// Orders units depth-first from the roots and records the nesting.
pub fn flatten_tree(units: &[Unit], leaders: &HashMap<i64, Vec<(i64, String)>>, counts: &HashMap<i64, i64>) -> Vec<TreeRow> {
    let mut kids: HashMap<Option<i64>, Vec<&Unit>> = HashMap::new();
    for u in units {
        kids.entry(u.parent_id).or_default().push(u);
    }
    let mut rows = Vec::new();
    fn walk(
        parent: Option<i64>,
        kids: &HashMap<Option<i64>, Vec<&Unit>>,
        leaders: &HashMap<i64, Vec<(i64, String)>>,
        counts: &HashMap<i64, i64>,
        rows: &mut Vec<TreeRow>,
    ) {
        let Some(list) = kids.get(&parent) else { return };
        for u in list {
            let has_children = kids.contains_key(&Some(u.id));
            rows.push(TreeRow {
                id: u.id,
                name: u.name.clone(),
                kind: u.kind,
                leaders: leaders.get(&u.id).cloned().unwrap_or_default(),
                head_count: counts.get(&u.id).copied().unwrap_or(0),
                has_children,
                closes: 0,
            });
            if has_children {
                walk(Some(u.id), kids, leaders, counts, rows);
                if let Some(last) = rows.last_mut() {
                    last.closes += 1;
                }
            }
        }
    }
    walk(None, &kids, leaders, counts, &mut rows);
    rows
}

#[derive(Template)]
#[template(path = "org/tree.html")]
struct TreePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    rows: Vec<TreeRow>,
    unit_count: usize,
}

async fn tree(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let user = ctx.user()?;
    let org = state.reference(user).await?;
    let rows = flatten_tree(&org.units, &org.leaders, &org.head_counts);
    page(&ctx, &TreePage { ctx: &ctx, section: "org", title: ctx.tr.t("org-title"), unit_count: org.units.len(), rows })
}

pub struct ChartBox {
    pub id: i64,
    pub name: String,
    pub leaders: Vec<(i64, String)>,
    pub children: Vec<ChartBox>,
}

#[derive(Template)]
#[template(path = "org/chart.html")]
struct ChartPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    top: Vec<ChartBox>,
    board: Vec<ChartBox>,
    directorates: Vec<ChartBox>,
}

/// The chart shows the management levels: the municipality, the executive
/// board, and each directorate with its centres.
async fn chart(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let user = ctx.user()?;
    let org = state.reference(user).await?;
    let (units, leaders) = (&org.units, &org.leaders);
    let mk =
        |u: &Unit, children: Vec<ChartBox>| ChartBox { id: u.id, name: u.name.clone(), leaders: leaders.get(&u.id).cloned().unwrap_or_default(), children };
    let of_kind = |k: UnitKind| units.iter().filter(move |u| u.kind == k);
    let top = of_kind(UnitKind::Municipality).map(|u| mk(u, vec![])).collect();
    let board = of_kind(UnitKind::ExecutiveBoard).map(|u| mk(u, vec![])).collect();
    let directorates = of_kind(UnitKind::Directorate)
        .map(|d| {
            let centres = units.iter().filter(|c| c.parent_id == Some(d.id) && c.kind == UnitKind::Centre).map(|c| mk(c, vec![])).collect();
            mk(d, centres)
        })
        .collect();
    page(&ctx, &ChartPage { ctx: &ctx, section: "org", title: ctx.tr.t("org-chart-title"), top, board, directorates })
}

pub struct ChildRow {
    pub unit: Unit,
    pub leaders: Vec<(i64, String)>,
    pub head_count: i64,
}

#[derive(Template)]
#[template(path = "org/unit.html")]
struct UnitPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    unit: Unit,
    /// Root first, ending with the unit's parent.
    ancestors: Vec<Unit>,
    leaders: Vec<Member>,
    members: Vec<Member>,
    children: Vec<ChildRow>,
    can_see_staff: bool,
    you_lead: bool,
}

async fn unit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let user = ctx.user()?;
    let org = state.reference(user).await?;
    let Some(unit) = org.units.iter().find(|u| u.id == id).cloned() else {
        return Err(AppError::NotFound);
    };
    let chain = chain_of(&org.units, id);
    let chain_ids: Vec<i64> = chain.iter().map(|u| u.id).collect();
    let mut ancestors: Vec<Unit> = chain.into_iter().skip(1).collect();
    ancestors.reverse();
    let service::org::UnitDetail { leaders, members, .. } = service::org::unit(&ctx.req(&state)?, id).await?;
    let children = org
        .units
        .iter()
        .filter(|u| u.parent_id == Some(id))
        .map(|u| ChildRow {
            leaders: org.leaders.get(&u.id).cloned().unwrap_or_default(),
            head_count: org.head_counts.get(&u.id).copied().unwrap_or(0),
            unit: u.clone(),
        })
        .collect();
    let p = UnitPage {
        ctx: &ctx,
        section: "org",
        title: unit.name.clone(),
        can_see_staff: user.viewer.can_see_unit_staff(&chain_ids),
        you_lead: user.viewer.leads(id),
        unit,
        ancestors,
        leaders,
        members,
        children,
    };
    page(&ctx, &p)
}

/// A unit and the units above it, nearest first.
fn chain_of(units: &[Unit], id: i64) -> Vec<Unit> {
    let mut chain: Vec<Unit> = vec![];
    let mut next = Some(id);
    while let Some(u) = next.and_then(|n| units.iter().find(|u| u.id == n)) {
        if chain.iter().any(|c| c.id == u.id) {
            break;
        }
        chain.push(u.clone());
        next = u.parent_id;
    }
    chain
}

/// The people of a unit and every unit below it, as CSV for a leader's own
/// lists. Only leaders of the unit or above, HR and administrators.
async fn staff_csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let (unit, staff) = service::org::staff(&ctx.req(&state)?, id).await?;
    let tr = ctx.tr;
    let head = vec![tr.t("col-unit"), tr.t("col-name"), tr.t("col-email"), tr.t("col-title"), tr.t("col-leader")];
    let rows = staff.into_iter().map(|(path, m)| {
        let leader = if m.kind == PositionKind::Leader { tr.t("yes") } else { tr.t("no") };
        vec![path, m.name, m.email, m.title, leader]
    });
    Ok(csv_download(&unit.name, std::iter::once(head).chain(rows)))
}

/// A CSV file for Danish Excel (UTF-8 with a byte-order mark, semicolons,
/// every cell through `csv_field`), downloaded as `name`.csv.
pub fn csv_download(name: &str, rows: impl IntoIterator<Item = Vec<String>>) -> axum::response::Response {
    let mut out = String::from("\u{feff}");
    for row in rows {
        out.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    let file = format!("attachment; filename=\"{}.csv\"", name.replace(|c: char| !c.is_alphanumeric() && c != '-', "-"));
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, file)], out).into_response()
}

/// Quotes a CSV field for Excel (semicolon-separated, as Danish Excel expects).
/// A cell that Excel could read as a formula (one starting with =, +, -, @,
/// a tab or a carriage return) is given a leading apostrophe.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[derive(Deserialize)]
pub struct PeopleQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "org/people.html")]
struct PeoplePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    q: String,
    people: Vec<Person>,
    total: i64,
    page_no: i64,
    pages: i64,
    q_encoded: String,
}

pub const PAGE_SIZE: i64 = 50;

async fn people(State(state): State<AppState>, ctx: Ctx, Query(q): Query<PeopleQuery>) -> PageResult {
    let user = ctx.user()?;
    let page_no = q.page.unwrap_or(1).max(1);
    let org = state.reference(user).await?;
    let (found, total) = org.search_people(&q.q, PAGE_SIZE, (page_no - 1) * PAGE_SIZE);
    let people = found.into_iter().cloned().collect();
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let p = PeoplePage {
        ctx: &ctx,
        section: "people",
        title: ctx.tr.t("people-title"),
        q_encoded: crate::ctx::urlencode(&q.q),
        q: q.q,
        people,
        total,
        page_no,
        pages,
    };
    page(&ctx, &p)
}

#[derive(Template)]
#[template(path = "org/person.html")]
struct PersonPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    person: Person,
    placements: Vec<Placement>,
    managers: Vec<(i64, String)>,
    /// One's own choices of mail, on one's own page.
    notifications: Option<Notifications>,
    /// One's own keys, on one's own page.
    keys: Option<crate::auth::tokens::Keys>,
    notice: Option<(bool, String)>,
}

#[derive(Deserialize, Default)]
pub struct PersonQuery {
    token: Option<String>,
    saved: Option<String>,
}

async fn person(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<PersonQuery>) -> PageResult {
    let notice = q.token.as_deref().map(|o| {
        let revoked = domain::platform::tokens::TokenState::parse(o) == Some(domain::platform::tokens::TokenState::Revoked);
        (revoked, ctx.tr.t(if revoked { "token-revoked" } else { "token-not-revoked" }))
    });
    person_page_with(&state, &ctx, id, StatusCode::OK, None, notice, q.saved.as_deref() == Some("notifications")).await
}

/// A person's page; on one's own, one's keys and the form for a new API
/// token (`form` holds what was typed and its errors after a bad try).
pub async fn person_page(state: &AppState, ctx: &Ctx, id: i64, status: StatusCode, form: Option<KeyForm>) -> PageResult {
    person_page_with(state, ctx, id, status, form, None, false).await
}

/// What was typed in the new-token form (name, areas, days) and its errors.
pub type KeyForm = ((String, Vec<String>, String), crate::form::Errors);

async fn person_page_with(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    form: Option<KeyForm>,
    notice: Option<(bool, String)>,
    saved: bool,
) -> PageResult {
    let user = ctx.user()?;
    let (person, placements) = service::org::person(&ctx.req(state)?, id).await?;
    // The manager relation comes from the tree: a member's manager leads the
    // unit; a leader's manager leads the unit above.
    let org = state.reference(user).await?;
    let mut managers: Vec<(i64, String)> = vec![];
    for pl in &placements {
        let unit_for_manager = if pl.kind == PositionKind::Leader { org.unit(pl.unit_id).and_then(|u| u.parent_id) } else { Some(pl.unit_id) };
        if let Some(u) = unit_for_manager {
            for l in org.leaders.get(&u).into_iter().flatten() {
                if l.0 != id && !managers.contains(l) {
                    managers.push(l.clone());
                }
            }
        }
    }
    // One's own mail, on one's own page only.
    let notifications = if user.person_id == Some(id) {
        let prefs = store::platform::accounts::mail_prefs_of(&state.db, user.account_id).await?;
        Some(Notifications {
            digest: prefs.digest.as_str().to_string(),
            digests: domain::platform::notifications::Digest::ALL.iter().map(|d| (d.as_str(), ctx.tr.t(&format!("notify-digest-{}", d.as_str())))).collect(),
            actions: prefs.actions,
            reports: prefs.reports,
            saved,
            // The language mail is written in, which is what saving keeps.
            lang: store::platform::accounts::language_of(&state.db, user.account_id).await?,
        })
    } else {
        None
    };
    // One's own keys, on one's own page only.
    let keys = if user.person_id == Some(id) {
        let tokens = service::platform::tokens::own_tokens(&ctx.req(state)?).await?;
        let (fields, errors) = form.unwrap_or_else(|| (crate::auth::tokens::blank_form(), crate::form::Errors::default()));
        Some(crate::auth::tokens::keys(ctx, tokens, state.clock.now(), fields, errors))
    } else {
        None
    };
    page_with_status(ctx, status, &PersonPage { ctx, section: "people", title: person.name.clone(), person, placements, managers, notifications, keys, notice })
}

/// One's choices of mail, as the form on one's own page shows them.
pub struct Notifications {
    pub digest: String,
    /// (value, label) of each choice of digest.
    pub digests: Vec<(&'static str, String)>,
    pub actions: bool,
    pub reports: bool,
    pub lang: String,
    /// Just saved: said beside the form.
    pub saved: bool,
}

/// Saves one's own choices of mail and language, and goes back to one's page.
async fn save_notifications(State(state): State<AppState>, ctx: Ctx, form: crate::form::Pairs) -> PageResult {
    use domain::platform::notifications::{Digest, MailPrefs};
    let user = ctx.user()?;
    ctx.check_csrf(&form.one("csrf"))?;
    let (Some(digest), Some(lang)) = (Digest::parse(&form.one("digest")), i18n::Lang::parse(&form.one("lang"))) else {
        return Err(AppError::BadRequest);
    };
    let prefs = MailPrefs { digest, actions: form.one("actions") == "1", reports: form.one("reports") == "1" };
    store::platform::accounts::set_mail_prefs(&state.db, user.tenant_id, user.account_id, &prefs, lang.code(), &user.actor()).await?;
    let back = user.person_id.map_or("/".to_string(), |p| format!("/people/{p}?saved=notifications#notifications"));
    let mut res = axum::response::Redirect::to(&back).into_response();
    crate::auth::remember_language(&mut res, lang, ctx.secure);
    Ok(res)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_excel_could_run_are_neutralised() {
        for bad in ["=1+1", "+45 1234", "-2", "@SUM(A1)", "\tfoo", "\r=1"] {
            assert!(super::csv_field(bad).starts_with("\"'"), "{bad:?}");
        }
        assert_eq!(super::csv_field("Anne \"Ann\" Hansen"), "\"Anne \"\"Ann\"\" Hansen\"");
        assert_eq!(super::csv_field("Leder"), "\"Leder\"");
    }
}
