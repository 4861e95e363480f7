//! The questionnaire a rater answers. The personal link from the mail
//! (`/evaluation/answer?t=…`) opens a page that says whom it is about; its
//! button swaps the link for a new secret that only this browser's cookie
//! holds, and the link is used up (a mail scanner that follows links uses
//! nothing, as it does not press the button). The page then works signed
//! out, on a phone, with a radio group per item. Answers are saved as a
//! draft and may be changed until the round closes, in this browser, or
//! signed in from /evaluation. Nothing here writes who answered to the
//! audit log.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use domain::evaluation::anonymity::Group;
use domain::evaluation::questionnaire::{Answer, counts_as_sent, takes_comments};
use domain::evaluation::round::takes_answers;
use serde::Deserialize;
use store::evaluation::{self as ev, Answering, Draft};

use super::group_name;
use crate::AppState;
use crate::auth::add_cookie;
use crate::ctx::{Ctx, constant_eq, cookie};
use crate::form::Pairs;
use crate::render::{AppError, PageResult, page_with_status};
use crate::routes::Routes;

/// The cookie that holds a rater's personal link while they answer.
pub const ANSWER_COOKIE: &str = "styr_answer";
/// The cookie that ties the link's page to its button, so that another
/// site cannot make a browser take someone else's link.
const OPEN_COOKIE: &str = "styr_answer_open";
/// The longest comment.
pub const MAX_COMMENT: usize = 2000;

pub fn routes() -> Routes {
    Routes::new()
        .get("/evaluation/answer", answer_page)
        .post("/evaluation/answer", save)
        .post("/evaluation/answer/start", start)
        .post("/evaluation/answer/open", open)
        .get("/evaluation/answer/sent", sent)
}

#[derive(Deserialize, Default)]
pub struct AnswerQuery {
    t: Option<String>,
    done: Option<String>,
}

/// The form's token, made from the link's secret: a page that does not
/// hold the link cannot post answers for it.
fn csrf_of(token: &str) -> String {
    store::hash_secret(&format!("answer-csrf:{token}"))
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub struct ItemField {
    pub id: i64,
    pub text: String,
    pub choices: Vec<Choice>,
    pub error: Option<String>,
}

pub struct StatementBlock {
    pub key: String,
    pub title: String,
    pub items: Vec<ItemField>,
    pub comment: String,
    pub comment_error: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/answer.html")]
struct AnswerPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    csrf: String,
    leader: String,
    group: Group,
    group_label: String,
    closes: String,
    statements: Vec<StatementBlock>,
    /// Whether comments may be written (the anonymous groups only).
    comments: bool,
    /// The fewest raters whose comments are kept.
    comment_pool: u32,
    submitted: bool,
    notice: Option<(bool, String)>,
    /// (anchor, message) for the summary of errors at the top.
    problems: Vec<(String, String)>,
    answered: usize,
    total: usize,
}

#[derive(Template)]
#[template(path = "evaluation/answer_closed.html")]
struct ClosedPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    message: String,
}

fn closed(ctx: &Ctx, status: StatusCode, message_id: &str) -> PageResult {
    let p = ClosedPage { ctx, section: "evaluation", title: ctx.tr.t("evaluation-answer-title"), message: ctx.tr.t(message_id) };
    page_with_status(ctx, status, &p)
}

/// The invitation the browser's cookie opens, if it still takes answers.
async fn current(state: &AppState, headers: &HeaderMap) -> Result<Option<(String, Answering)>, AppError> {
    let Some(token) = cookie(headers, ANSWER_COOKIE).filter(|t| !t.is_empty()) else { return Ok(None) };
    Ok(ev::answering(&state.db, &token).await?.map(|a| (token, a)))
}

async fn answer_page(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap, Query(q): Query<AnswerQuery>) -> PageResult {
    if let Some(t) = q.t.filter(|t| !t.is_empty() && t.len() <= 128) {
        return opening(&state, &ctx, &t).await;
    }
    let Some((token, a)) = current(&state, &headers).await? else { return closed(&ctx, StatusCode::NOT_FOUND, "evaluation-answer-no-link") };
    if !takes_answers(a.round.state, a.round.closes_on, state.clock.today()) {
        return closed(&ctx, StatusCode::GONE, "evaluation-answer-closed");
    }
    let draft = match &a.draft_key {
        Some(k) => ev::draft(&state.db, k).await?,
        None => Draft::default(),
    };
    let notice = match q.done.as_deref() {
        Some("saved") => Some((true, ctx.tr.t1("evaluation-answer-saved", "closes", ::i18n::day(&ctx.tr, a.round.closes_on)))),
        _ => None,
    };
    render(&state, &ctx, StatusCode::OK, &token, &a, &draft, &HashMap::new(), notice).await
}

#[derive(Template)]
#[template(path = "evaluation/answer_open.html")]
struct OpenPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    leader: String,
    group: Group,
    group_label: String,
    closes: String,
    token: String,
    nonce: String,
}

/// The mailed link's page: whom the questionnaire is about, as whom, and a
/// button that opens it.
async fn opening(state: &AppState, ctx: &Ctx, token: &str) -> PageResult {
    let Some(a) = ev::answering(&state.db, token).await? else { return closed(ctx, StatusCode::NOT_FOUND, "evaluation-answer-no-link") };
    if !takes_answers(a.round.state, a.round.closes_on, state.clock.today()) {
        return closed(ctx, StatusCode::GONE, "evaluation-answer-closed");
    }
    let nonce = store::new_secret();
    let p = OpenPage {
        ctx,
        section: "evaluation",
        title: ctx.tr.t("evaluation-answer-title"),
        leader: a.leader.clone(),
        group: a.group,
        group_label: group_name(ctx, a.group),
        closes: ::i18n::day(&ctx.tr, a.round.closes_on),
        token: token.to_string(),
        nonce: nonce.clone(),
    };
    let mut res = page_with_status(ctx, StatusCode::OK, &p)?;
    add_cookie(&mut res, format!("{OPEN_COOKIE}={nonce}; Path=/evaluation; HttpOnly; SameSite=Strict{}", if ctx.secure { "; Secure" } else { "" }));
    Ok(res)
}

/// The link's button: the link is used up and this browser holds a new secret.
async fn open(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap, form: Pairs) -> PageResult {
    let nonce = cookie(&headers, OPEN_COOKIE).unwrap_or_default();
    if nonce.is_empty() || !constant_eq(nonce.as_bytes(), form.one("nonce").as_bytes()) {
        return Err(AppError::Forbidden);
    }
    let Some(fresh) = ev::swap_link(&state.db, &form.one("t")).await? else { return closed(&ctx, StatusCode::NOT_FOUND, "evaluation-answer-no-link") };
    let mut res = Redirect::to("/evaluation/answer").into_response();
    add_cookie(&mut res, answer_cookie(&fresh, ctx.secure));
    add_cookie(&mut res, format!("{OPEN_COOKIE}=; Path=/evaluation; HttpOnly; SameSite=Strict; Max-Age=0{}", if ctx.secure { "; Secure" } else { "" }));
    Ok(res)
}

/// The link's cookie: for this browser session only, and only under
/// /evaluation, so a shared computer does not keep it; sending the answers
/// and signing out forget it too.
pub fn answer_cookie(token: &str, secure: bool) -> String {
    format!("{ANSWER_COOKIE}={token}; Path=/evaluation; HttpOnly; SameSite=Lax{}", if secure { "; Secure" } else { "" })
}

/// The cookie that forgets the link.
pub fn forget_answer_cookie(secure: bool) -> String {
    format!("{ANSWER_COOKIE}=; Path=/evaluation; HttpOnly; SameSite=Lax; Max-Age=0{}", if secure { "; Secure" } else { "" })
}

/// Thanks, once the answers are sent; the browser forgets the link. To
/// change them, the rater signs in and starts from /evaluation.
async fn sent(ctx: Ctx) -> PageResult {
    let mut res = closed(&ctx, StatusCode::OK, "evaluation-answer-submitted")?;
    add_cookie(&mut res, forget_answer_cookie(ctx.secure));
    Ok(res)
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    token: &str,
    a: &Answering,
    draft: &Draft,
    errors: &HashMap<String, String>,
    notice: Option<(bool, String)>,
) -> PageResult {
    let items = service::evaluation::questionnaire(state, a.tenant, &a.round).await?;
    let scale: Vec<(String, String)> =
        (1..=5).map(|n| (n.to_string(), ctx.tr.t(&format!("evaluation-scale-{n}")))).chain([("dk".to_string(), ctx.tr.t("evaluation-scale-dk"))]).collect();
    let mut statements: Vec<StatementBlock> = vec![];
    let (mut answered, mut total) = (0, 0);
    for i in items.iter() {
        let Some(text) = i.item.wording(a.group) else { continue };
        total += 1;
        let given = draft.answers.get(&i.id).map(|x| x.value());
        if given.is_some() {
            answered += 1;
        }
        let field = ItemField {
            id: i.id,
            text: text.to_string(),
            choices: scale.iter().map(|(v, l)| Choice { value: v.clone(), label: l.clone(), checked: given.as_deref() == Some(v.as_str()) }).collect(),
            error: errors.get(&format!("item-{}", i.id)).cloned(),
        };
        match statements.last_mut() {
            Some(s) if s.key == i.item.statement_key => s.items.push(field),
            _ => statements.push(StatementBlock {
                key: i.item.statement_key.clone(),
                title: i.item.statement_title.clone(),
                items: vec![field],
                comment: draft.comments.get(&i.item.statement_key).cloned().unwrap_or_default(),
                comment_error: errors.get(&format!("comment-{}", i.item.statement_key)).cloned(),
            }),
        }
    }
    let mut problems: Vec<(String, String)> = vec![];
    for s in &statements {
        for f in &s.items {
            if let Some(e) = &f.error {
                problems.push((format!("item-{}-1", f.id), format!("{}: {e}", f.text)));
            }
        }
        if let Some(e) = &s.comment_error {
            problems.push((format!("comment-{}", s.key), e.clone()));
        }
    }
    let title = if a.group == Group::Own { ctx.tr.t("evaluation-answer-own-title") } else { ctx.tr.t1("evaluation-answer-about", "leader", &a.leader) };
    let p = AnswerPage {
        ctx,
        section: "evaluation",
        title,
        csrf: csrf_of(token),
        leader: a.leader.clone(),
        group: a.group,
        group_label: group_name(ctx, a.group),
        closes: ::i18n::day(&ctx.tr, a.round.closes_on),
        statements,
        comments: takes_comments(a.group),
        comment_pool: domain::evaluation::anonymity::comment_pool(&a.round.minimums),
        submitted: a.completed,
        notice,
        problems,
        answered,
        total,
    };
    page_with_status(ctx, status, &p)
}

/// Saves the answers as a draft, or sends them. A bad value, or an item
/// left unanswered when sending, is named beside the item and nothing is
/// saved.
async fn save(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap, form: Pairs) -> PageResult {
    let Some((token, a)) = current(&state, &headers).await? else { return closed(&ctx, StatusCode::NOT_FOUND, "evaluation-answer-no-link") };
    if !constant_eq(csrf_of(&token).as_bytes(), form.one("csrf").as_bytes()) {
        return Err(AppError::Csrf);
    }
    let today = state.clock.today();
    if !takes_answers(a.round.state, a.round.closes_on, today) {
        return closed(&ctx, StatusCode::GONE, "evaluation-answer-closed");
    }
    let submit = counts_as_sent(form.one("action") == "submit", a.completed);
    let items = service::evaluation::questionnaire(&state, a.tenant, &a.round).await?;
    let mut draft = Draft::default();
    let mut errors: HashMap<String, String> = HashMap::new();
    for i in items.iter().filter(|i| i.item.wording(a.group).is_some()) {
        let raw = form.one(&format!("item-{}", i.id));
        match Answer::parse(&raw) {
            Some(x) => {
                draft.answers.insert(i.id, x);
            }
            None if raw.is_empty() && !submit => {}
            None if raw.is_empty() => {
                errors.insert(format!("item-{}", i.id), ctx.tr.t("evaluation-answer-missing"));
            }
            None => {
                errors.insert(format!("item-{}", i.id), ctx.tr.t("evaluation-answer-invalid"));
            }
        }
        if takes_comments(a.group) && !draft.comments.contains_key(&i.item.statement_key) {
            let c = form.one(&format!("comment-{}", i.item.statement_key));
            if c.chars().count() > MAX_COMMENT {
                errors.insert(format!("comment-{}", i.item.statement_key), ctx.tr.t1("evaluation-comment-too-long", "max", MAX_COMMENT));
            }
            if !c.trim().is_empty() {
                draft.comments.insert(i.item.statement_key.clone(), c.trim().to_string());
            }
        }
    }
    if !errors.is_empty() {
        let notice = Some((false, ctx.tr.t1("evaluation-answer-errors", "count", errors.len())));
        return render(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, &token, &a, &draft, &errors, notice).await;
    }
    if !ev::save_answers(&state.db, &a, &draft, submit, today).await? {
        return closed(&ctx, StatusCode::GONE, "evaluation-answer-closed");
    }
    if submit {
        return Ok(Redirect::to("/evaluation/answer/sent").into_response());
    }
    Ok(Redirect::to("/evaluation/answer?done=saved").into_response())
}

/// The way in for a signed-in person: one of their own invitations, without the mail.
async fn start(State(state): State<AppState>, ctx: Ctx, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    let invitation: i64 = form.one("invitation").parse().map_err(|_| AppError::BadRequest)?;
    let token = service::evaluation::link_for_me(&req, invitation).await?;
    let mut res = Redirect::to("/evaluation/answer").into_response();
    add_cookie(&mut res, answer_cookie(&token, ctx.secure));
    Ok(res)
}
