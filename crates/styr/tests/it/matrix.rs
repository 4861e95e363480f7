//! The authorization matrix: every route the router serves, taken from the
//! route table itself, asked by every kind of caller. A route added without
//! a row here fails the test, and so does a row for a route that is gone.
//!
//! The callers: anonymous, each demo role (administrator, secretariat, HR,
//! the chief executive, a centre chief, a unit leader, an employee) and the
//! administrator of another municipality. The board's forum (Direktionsmøde)
//! is read by its members only: the chief executive is a member, the centre
//! chief is not. Each cell says what the caller must get: the page (any
//! answer but a refusal), 403, the way to sign in, 401 or 404. Every refused
//! write is checked to have changed nothing in the database.

use domain::meetings::{DecisionId, ItemId, MeetingId};
use std::collections::BTreeSet;

use chrono::Duration;
use reqwest::multipart::{Form as Multipart, Part};
use reqwest::{Client, Method, StatusCode};

use crate::harness::App;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Admin,
    Secretariat,
    Hr,
    Director,
    Chief,
    Leader,
    Employee,
    /// A business-service officer.
    Business,
    /// The administrator of another municipality.
    Other,
}

use Caller::*;

const CALLERS: [Caller; 10] = [Anonymous, Admin, Secretariat, Hr, Director, Chief, Leader, Employee, Business, Other];
const SIGNED_IN: [Caller; 8] = [Admin, Secretariat, Hr, Director, Chief, Leader, Employee, Business];
/// Who reads the business register: the business service, and those who prepare the committee's status.
const BUSINESS_READERS: [Caller; 3] = [Admin, Secretariat, Business];
/// The secretariat's work (the administrator may do it too).
const SECRETARIAT: [Caller; 2] = [Admin, Secretariat];
/// Who writes the work programme: the secretariat and the directors.
const PROGRAMME: [Caller; 3] = [Admin, Secretariat, Director];
/// Who reads the board's forum: its members and the secretariat.
const BOARD: [Caller; 3] = [Admin, Secretariat, Director];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// The page or the action: anything but a refusal.
    Allow,
    Deny,
    /// Sent to sign in.
    SignIn,
    /// The API's 401.
    Unauthorized,
    NotFound,
}

use Expect::*;

enum Body {
    None,
    Form(Vec<(&'static str, String)>),
    Multipart(fn() -> Multipart),
}

struct Row {
    method: &'static str,
    route: &'static str,
    path: String,
    body: Body,
    expect: [Expect; 10],
}

/// Those named are let in; other signed-in callers are refused; anonymous
/// callers and the other municipality get what is given.
fn only(allowed: &[Caller], anonymous: Expect, other: Expect) -> [Expect; 10] {
    CALLERS.map(|c| match c {
        Anonymous => anonymous,
        Other => other,
        c if allowed.contains(&c) => Allow,
        _ => Deny,
    })
}

/// Every signed-in caller, of this municipality or (for lists of its own) the other.
fn everyone(other: Expect) -> [Expect; 10] {
    only(&SIGNED_IN, SignIn, other)
}

/// An API route every signed-in caller reads.
fn api_everyone(other: Expect) -> [Expect; 10] {
    only(&SIGNED_IN, Unauthorized, other)
}

/// A secretariat action on an item of a held meeting: refused to others,
/// not found for the secretariat (the item is no longer open to it).
fn held_item() -> [Expect; 10] {
    CALLERS.map(|c| match c {
        Anonymous => SignIn,
        Other => NotFound,
        c if SECRETARIAT.contains(&c) => NotFound,
        _ => Deny,
    })
}

fn public() -> [Expect; 10] {
    [Allow; 10]
}

pub(crate) struct Fixture {
    pub(crate) policy: i64,
    pub(crate) goal: i64,
    pub(crate) indicator: i64,
    pub(crate) board: i64,
    pub(crate) board_meeting: MeetingId,
    pub(crate) placed_item: ItemId,
    pub(crate) attachment: i64,
    pub(crate) closed_decision: DecisionId,
    pub(crate) open_decision: DecisionId,
    pub(crate) leader_unit: i64,
    pub(crate) action: i64,
    pub(crate) employee: i64,
    pub(crate) year: i32,
    pub(crate) initiative: i64,
    pub(crate) milestone: i64,
    pub(crate) entry: i64,
    pub(crate) rule: i64,
    /// A mail in the outbox.
    pub(crate) mail: i64,
    /// A date the rule gives this year.
    pub(crate) rule_date: chrono::NaiveDate,
    pub(crate) token: i64,
    staff_readers: Vec<Caller>,
    /// A leader evaluation being prepared, with the unit leader in it.
    eval_draft: i64,
    eval_draft_subject: i64,
    /// The unit leader's report in a closed round, released to the leader.
    eval_report: i64,
    /// The employee's invitation in an open round.
    eval_invitation: i64,
    eval_open: i64,
    eval_closed: i64,
    /// A business of the register with a contact person, and an agreement.
    business: i64,
    contact: i64,
    agreement: i64,
    /// An event of that business with a note.
    event: i64,
}

pub(crate) async fn fixture(app: &App) -> Fixture {
    let db = &app.db;
    let t = app.tenant;
    let actor = store::platform::audit::Actor::system("matrix");
    let forums = store::meetings::forums(db, t).await.unwrap();
    let board = forums.iter().find(|f| f.name == "Direktionsmøde").unwrap();
    let all = store::meetings::decisions::search(db, t, &app.every(), 1000, 0).await.unwrap();
    let closed = all.iter().find(|d| d.closed && d.forum_id == board.id).expect("a closed decision of the board");
    let leader = app.viewer_of("unit_leader").await;
    let leader_unit = leader.led_units()[0];
    let mut open = None;
    for d in all.iter().filter(|d| !d.closed) {
        if store::meetings::decisions::reached_units(db, t, d.id).await.unwrap().contains(&leader_unit) {
            open = Some(d.id);
            break;
        }
    }
    let open_decision = open.expect("an open decision that reaches the unit leader's unit");
    // A placed item of the board's meeting, with an attachment.
    let board_meeting = closed.meeting_id;
    let proposal = domain::meetings::agenda::check_proposal(&domain::meetings::agenda::ProposalInput {
        title: "Bilag til matricen".into(),
        kind: "information".into(),
        minutes: "10".into(),
        ..Default::default()
    })
    .unwrap();
    let meta = store::meetings::agenda::ProposalMeta { proposer: None, presenter: None, perspective_key: None, value_key: None };
    let file = store::meetings::agenda::NewAttachment { file_name: "Bilag.pdf".into(), content_type: "application/pdf".into(), data: b"%PDF-1.4 x".to_vec() };
    let files = store::meetings::agenda::FileStore::Database;
    let item = store::meetings::agenda::propose(db, &files, t, board.id, board_meeting, &proposal, &meta, &[file], &actor).await.unwrap();
    assert!(store::meetings::agenda::place(db, t, item, 1, None, &actor).await.unwrap());
    let attachment = store::meetings::agenda::attachments_of_meeting(db, t, board_meeting).await.unwrap().into_iter().find(|a| a.item_id == item).unwrap().id;
    let chief = app.viewer_of("centre_chief").await.person().unwrap();
    let forum_of_open = all.iter().find(|d| d.id == open_decision).unwrap().forum_id;
    let new = store::meetings::decisions::NewAction {
        forum_id: forum_of_open,
        decision_id: Some(open_decision),
        what: "Matricens opgave",
        owner: Some(chief),
        unit: None,
        due: app.today() + Duration::days(10),
    };
    let action = store::meetings::decisions::add_action(db, t, &new, &actor).await.unwrap();
    let employee = app.viewer_of("employee").await.person().unwrap();
    // An initiative owned by the centre chief, with a milestone.
    let year = app.today().format("%Y").to_string().parse::<i32>().unwrap();
    let p = store::programme::programme(db, t, year as i64).await.unwrap().unwrap().id;
    let checked = domain::programme::initiative::CheckedInitiative {
        title: "Matricens indsats".into(),
        purpose: "At prøve adgangen".into(),
        description: String::new(),
        owner: chief,
        starts_on: chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
        ends_on: chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
        budget: None,
        risks: String::new(),
    };
    let ties = store::programme::Ties { units: &[], goals: &[], perspectives: &[], values: &[] };
    let store::programme::Saved::Saved(initiative) = store::programme::save_initiative(db, t, p, None, &checked, &ties, &actor).await.unwrap() else {
        panic!()
    };
    let milestone = store::programme::add_milestone(db, t, initiative, "Halvvejs", app.today() + Duration::days(20), &actor).await.unwrap();
    let from = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let entry = store::aarshjul::entries(db, t, from, from + Duration::days(365)).await.unwrap().first().expect("an entry on the wheel").id;
    let mail =
        jobs::queue_email(db, t, &jobs::Email { to: "a@ishoj.example".into(), subject: "Test".into(), body: "x".into(), confidential: false }).await.unwrap();
    let rules = store::aarshjul::rules(db, t).await.unwrap();
    let rule = rules.first().expect("a rule of the governance cycle").id;
    let parsed: Vec<_> = rules.iter().filter_map(|r| r.parsed().map(|p| (r.id, p))).collect();
    let rule_date = domain::programme::cycle::generate(&parsed, &[], year).0.iter().find(|d| d.rule == rule).expect("a date of the rule").date;
    let account = store::platform::accounts::by_email(db, &app.email("employee").await).await.unwrap().unwrap();
    store::platform::accounts::create_token(db, &account, store::platform::accounts::TokenKind::Feed, "matrix", "", None).await.unwrap();
    let token = store::platform::accounts::tokens_of(db, t, account.id).await.unwrap()[0].id;
    // A unit's staff list: administrators, HR, and leaders of the unit or a unit above it.
    let chain: Vec<i64> = store::org::chain(db, t, leader_unit).await.unwrap().iter().map(|u| u.id).collect();
    let mut staff_readers = vec![Admin, Hr];
    for (caller, role) in [(Director, "director"), (Chief, "centre_chief"), (Leader, "unit_leader"), (Secretariat, "secretariat"), (Employee, "employee")] {
        if app.viewer_of(role).await.led_units().iter().any(|u| chain.contains(u)) {
            staff_readers.push(caller);
        }
    }
    use domain::evaluation::round::Release;
    let unit_leader = app.viewer_of("unit_leader").await.person().unwrap();
    let (eval_draft, subjects) = crate::evaluation::draft_round(app, &[unit_leader], Release::HrFirst).await;
    let eval_draft_subject = subjects[0].id;
    let (closed_round, subjects) = crate::evaluation::draft_round(app, &[unit_leader], Release::AtClose).await;
    crate::evaluation::open_round(app, closed_round).await;
    assert!(store::evaluation::close_round(db, t, closed_round, app.today(), &actor).await.unwrap());
    let eval_report = subjects[0].id;
    let (open_round, subjects) = crate::evaluation::draft_round(app, &[unit_leader], Release::HrFirst).await;
    crate::evaluation::open_round(app, open_round).await;
    let eval_invitation = store::evaluation::invitees(db, t, subjects[0].id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.person_id == employee)
        .expect("the employee is asked about their leader")
        .id;
    let policy = store::policy::policies(db, t).await.unwrap()[0].id;
    let goal = store::policy::goals(db, t, policy).await.unwrap()[0].id;
    let indicator = store::policy::indicators(db, t).await.unwrap()[0].id;
    // A business of the demo's register with a contact person, and an agreement.
    let businesses = store::business::all(db, t).await.unwrap();
    let mut with_contact = None;
    for (id, _) in &businesses {
        if let Some(c) = store::business::contacts(db, t, *id).await.unwrap().first() {
            with_contact = Some((*id, c.id));
            break;
        }
    }
    let (business, contact) = with_contact.expect("a business with a contact person");
    let agreement = store::business::agreements(db, t).await.unwrap()[0].id;
    let visit = domain::policy::business::NewEvent {
        kind: domain::policy::business::EventKind::Visit,
        on: app.today(),
        refers_to: None,
        occupation: String::new(),
        count: 0,
        missing_skills: vec![],
        note: "Talte med Kim".into(),
    };
    let actor = store::platform::audit::Actor::system("matrix");
    let event = store::business::add_event(db, t, business, |_| Ok::<_, ()>(visit.clone()), &actor).await.unwrap().unwrap();
    Fixture {
        event,
        business,
        contact,
        agreement,
        policy,
        goal,
        indicator,
        eval_draft,
        eval_draft_subject,
        eval_report,
        eval_invitation,
        eval_open: open_round,
        eval_closed: closed_round,
        board: board.id,
        board_meeting,
        placed_item: item,
        attachment,
        closed_decision: closed.id,
        open_decision,
        leader_unit,
        action,
        employee,
        year,
        initiative,
        milestone,
        entry,
        rule,
        rule_date,
        mail,
        token,
        staff_readers,
    }
}

fn form(fields: &[(&'static str, &str)]) -> Body {
    Body::Form(fields.iter().map(|(k, v)| (*k, v.to_string())).collect())
}

fn empty_upload() -> Multipart {
    Multipart::new().part("file", Part::bytes(Vec::new()).file_name("tom.csv"))
}

fn empty_proposal() -> Multipart {
    Multipart::new().text("title", "").text("kind", "information").text("minutes", "10")
}

fn rows(f: &Fixture) -> Vec<Row> {
    let y = f.year;
    let row = |method, route, path: String, body, expect| Row { method, route, path, body, expect };
    let get = |route: &'static str, path: String, expect| row("GET", route, path, Body::None, expect);
    let board_readers = only(&BOARD, SignIn, NotFound);
    let mut r = vec![
        // The start page, signing in and out, the language, one's keys.
        get("/", "/".into(), everyone(Allow)),
        get("/login", "/login".into(), public()),
        // Without the sign-in page's own token a sign-in is refused, whoever tries.
        row("POST", "/login", "/login".into(), form(&[("email", "x@ishoj.example"), ("password", "x"), ("next", "/")]), [Deny; 10]),
        row("POST", "/language/{code}", "/language/da".into(), form(&[("back", "/")]), public()),
        row("POST", "/tokens", "/tokens".into(), form(&[("label", ""), ("days", "0")]), everyone(Allow)),
        row("POST", "/me/notifications", "/me/notifications".into(), form(&[("digest", "each"), ("lang", "da")]), everyone(Allow)),
        row("POST", "/tokens/{id}/revoke", format!("/tokens/{}/revoke", f.token), form(&[]), everyone(Allow)),
        // The organisation and the framework: everyone signed in.
        get("/org", "/org".into(), everyone(Allow)),
        get("/org/chart", "/org/chart".into(), everyone(Allow)),
        get("/units/{id}", format!("/units/{}", f.leader_unit), everyone(NotFound)),
        get("/units/{id}/staff.csv", format!("/units/{}/staff.csv", f.leader_unit), only(&f.staff_readers, SignIn, NotFound)),
        get("/people", "/people".into(), everyone(Allow)),
        get("/people/{id}", format!("/people/{}", f.employee), everyone(NotFound)),
        get("/framework", "/framework".into(), everyone(Allow)),
        get("/framework/versions", "/framework/versions".into(), everyone(Allow)),
        get("/framework/versions/{n}/source.toml", "/framework/versions/1/source.toml".into(), everyone(NotFound)),
        // Policies and goals: published steering, read by everyone signed in.
        get("/policies", "/policies".into(), everyone(Allow)),
        get("/policies/{id}", format!("/policies/{}", f.policy), everyone(NotFound)),
        get("/goals/{id}", format!("/goals/{}", f.goal), everyone(NotFound)),
        get("/indicators/{id}", format!("/indicators/{}", f.indicator), everyone(NotFound)),
        // Figures are added by the secretariat and administrators; an empty upload is named and changes nothing.
        row(
            "POST",
            "/indicators/{id}/figures",
            format!("/indicators/{}/figures", f.indicator),
            Body::Multipart(empty_upload),
            only(&[Admin, Secretariat], SignIn, NotFound),
        ),
        // Case handling: the figures for those signed in, the register of deadlines for everyone.
        get("/cases", "/cases".into(), everyone(Allow)),
        row("POST", "/cases/import", "/cases/import".into(), Body::Multipart(empty_upload), only(&[Admin, Secretariat], SignIn, Allow)),
        get("/frister", "/frister".into(), public()),
        get("/frister/{municipality}", "/frister/ishoj".into(), public()),
        // The business service: the register for its readers, contact persons and writes for its officers.
        get("/businesses", "/businesses".into(), only(&BUSINESS_READERS, SignIn, Allow)),
        get("/businesses.xlsx", "/businesses.xlsx".into(), only(&BUSINESS_READERS, SignIn, Allow)),
        row("POST", "/businesses/import", "/businesses/import".into(), Body::Multipart(empty_upload), only(&[Business], SignIn, Deny)),
        get("/businesses/{id}", format!("/businesses/{}", f.business), only(&BUSINESS_READERS, SignIn, NotFound)),
        row("POST", "/businesses/{id}/events", format!("/businesses/{}/events", f.business), form(&[("kind", "x")]), only(&[Business], SignIn, Deny)),
        row(
            "POST",
            "/businesses/{id}/events/{event}/erase-note",
            format!("/businesses/{}/events/{}/erase-note", f.business, f.event),
            form(&[]),
            only(&[Business], SignIn, Deny),
        ),
        row("POST", "/businesses/{id}/contacts", format!("/businesses/{}/contacts", f.business), form(&[("name", "")]), only(&[Business], SignIn, Deny)),
        row(
            "POST",
            "/businesses/{id}/contacts/{contact}/keep",
            format!("/businesses/{}/contacts/{}/keep", f.business, f.contact),
            form(&[]),
            only(&[Business], SignIn, Deny),
        ),
        row(
            "POST",
            "/businesses/{id}/contacts/{contact}/delete",
            format!("/businesses/{}/contacts/{}/delete", f.business, f.contact),
            form(&[]),
            only(&[Business], SignIn, Deny),
        ),
        get("/admin/policies", "/admin/policies".into(), only(&[Admin], SignIn, Allow)),
        row("POST", "/admin/policies", "/admin/policies".into(), Body::Multipart(empty_upload), only(&[Admin], SignIn, Allow)),
        row("POST", "/admin/frister", "/admin/frister".into(), Body::Multipart(empty_upload), only(&[Admin], SignIn, Allow)),
        get("/skills", "/skills".into(), everyone(Allow)),
        row("POST", "/skills/esco", "/skills/esco".into(), Body::Multipart(empty_upload), only(&[Business], SignIn, Deny)),
        row("POST", "/skills/demand", "/skills/demand".into(), Body::Multipart(empty_upload), only(&[Business], SignIn, Deny)),
        get("/agreements", "/agreements".into(), everyone(Allow)),
        row("POST", "/agreements", "/agreements".into(), form(&[("title", "")]), only(&[Business], SignIn, Deny)),
        get("/agreements/{id}", format!("/agreements/{}", f.agreement), everyone(NotFound)),
        row("POST", "/agreements/{id}", format!("/agreements/{}", f.agreement), form(&[("title", "")]), only(&[Business], SignIn, Deny)),
        get("/search", "/search?q=budget".into(), everyone(Allow)),
        // Forums and meetings: the board's are for its readers.
        get("/forums", "/forums".into(), everyone(Allow)),
        get("/forums/{id}", format!("/forums/{}", f.board), board_readers),
        get("/forums/{id}/meetings.ics", format!("/forums/{}/meetings.ics", f.board), board_readers),
        get("/calendar/me.ics", "/calendar/me.ics".into(), everyone(Allow)),
        row("POST", "/calendar/link", "/calendar/link".into(), form(&[]), everyone(Allow)),
        get("/meetings/{id}", format!("/meetings/{}", f.board_meeting), board_readers),
        get("/meetings/{id}/print", format!("/meetings/{}/print", f.board_meeting), board_readers),
        get("/meetings/{id}/agenda.pdf", format!("/meetings/{}/agenda.pdf", f.board_meeting), board_readers),
        get("/meetings/{id}/minutes.pdf", format!("/meetings/{}/minutes.pdf", f.board_meeting), board_readers),
        get("/meetings/{id}/propose", format!("/meetings/{}/propose", f.board_meeting), board_readers),
        row("POST", "/meetings/{id}/propose", format!("/meetings/{}/propose", f.board_meeting), Body::Multipart(empty_proposal), board_readers),
        get("/attachments/{id}", format!("/attachments/{}", f.attachment), board_readers),
        get("/proposals", "/proposals".into(), everyone(Allow)),
        get("/proposals/waiting", "/proposals/waiting".into(), only(&SECRETARIAT, SignIn, Allow)),
        // The secretariat's work on forums, meetings, agendas and minutes.
        row(
            "POST",
            "/forums/{id}/generate",
            format!("/forums/{}/generate", f.board),
            form(&[("from", "2026-12-31"), ("to", "2026-01-01")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        row(
            "POST",
            "/forums/{id}/meetings",
            format!("/forums/{}/meetings", f.board),
            form(&[("date", "i går"), ("time", "09:00"), ("minutes", "60"), ("place", "")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        row(
            "POST",
            "/meetings/{id}/move",
            format!("/meetings/{}/move", f.board_meeting),
            form(&[("version", "0"), ("date", "i går"), ("time", "09:00"), ("minutes", "60"), ("place", "")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        row(
            "POST",
            "/meetings/{id}/cancel",
            format!("/meetings/{}/cancel", f.board_meeting),
            form(&[("version", "0"), ("reason", "")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        get("/meetings/{id}/publish", format!("/meetings/{}/publish", f.board_meeting), only(&SECRETARIAT, SignIn, NotFound)),
        row("POST", "/meetings/{id}/publish", format!("/meetings/{}/publish", f.board_meeting), form(&[]), only(&SECRETARIAT, SignIn, NotFound)),
        // The fixture's item is on a held meeting: the secretariat may edit
        // items, but not this one any more.
        get("/items/{id}/edit", format!("/items/{}/edit", f.placed_item), held_item()),
        row(
            "POST",
            "/items/{id}/edit",
            format!("/items/{}/edit", f.placed_item),
            form(&[("version", "0"), ("title", "x"), ("kind", "information"), ("minutes", "10")]),
            held_item(),
        ),
        row(
            "POST",
            "/items/{id}/place",
            format!("/items/{}/place", f.placed_item),
            form(&[("version", "0"), ("part", "")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        row(
            "POST",
            "/items/{id}/defer",
            format!("/items/{}/defer", f.placed_item),
            form(&[("version", "0"), ("reason", ""), ("to_meeting", "")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        row(
            "POST",
            "/items/{id}/decline",
            format!("/items/{}/decline", f.placed_item),
            form(&[("version", "0"), ("reason", "")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        row("POST", "/items/{id}/move", format!("/items/{}/move", f.placed_item), form(&[("direction", "sideways")]), only(&SECRETARIAT, SignIn, NotFound)),
        row(
            "POST",
            "/meetings/{id}/minutes",
            format!("/meetings/{}/minutes", f.board_meeting),
            form(&[("version", "-1")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        get("/meetings/{id}/minutes/approve", format!("/meetings/{}/minutes/approve", f.board_meeting), only(&SECRETARIAT, SignIn, NotFound)),
        row(
            "POST",
            "/meetings/{id}/minutes/approve",
            format!("/meetings/{}/minutes/approve", f.board_meeting),
            form(&[("version", "-1")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        row(
            "POST",
            "/meetings/{id}/minutes/correct",
            format!("/meetings/{}/minutes/correct", f.board_meeting),
            form(&[("version", "-1"), ("reason", "")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        // Decisions and follow-up.
        get("/decisions", "/decisions".into(), everyone(Allow)),
        get("/decisions/{id}", format!("/decisions/{}", f.closed_decision), board_readers),
        row(
            "POST",
            "/decisions/{id}/report",
            format!("/decisions/{}/report", f.open_decision),
            form(&[("unit", &f.leader_unit.to_string()), ("status", "pending"), ("note", "")]),
            only(&[Leader], SignIn, NotFound),
        ),
        row(
            "POST",
            "/decisions/{id}/actions",
            format!("/decisions/{}/actions", f.open_decision),
            form(&[("what", ""), ("owner", ""), ("unit", ""), ("due", "")]),
            only(&SECRETARIAT, SignIn, NotFound),
        ),
        row(
            "POST",
            "/decisions/{id}/initiatives",
            format!("/decisions/{}/initiatives", f.open_decision),
            form(&[("initiative", "x"), ("remove", "")]),
            only(&PROGRAMME, SignIn, NotFound),
        ),
        get("/actions", "/actions".into(), everyone(Allow)),
        row(
            "POST",
            "/actions/{id}/status",
            format!("/actions/{}/status", f.action),
            form(&[("version", "-1"), ("done", "1"), ("back", "")]),
            only(&[Admin, Secretariat, Chief], SignIn, NotFound),
        ),
        // The work programme: read by everyone, written by the board and the secretariat, an initiative by its owner.
        get("/programmes", "/programmes".into(), everyone(Allow)),
        row("POST", "/programmes", "/programmes".into(), form(&[("year", "1900"), ("title", ""), ("cadence", "")]), only(&PROGRAMME, SignIn, Allow)),
        get("/programmes/{year}", format!("/programmes/{y}"), everyone(NotFound)),
        row(
            "POST",
            "/programmes/{year}/status",
            format!("/programmes/{y}/status"),
            form(&[("version", "-1"), ("status", "nonsense"), ("decision", "")]),
            only(&PROGRAMME, SignIn, NotFound),
        ),
        row("POST", "/programmes/{year}/roll-over", format!("/programmes/{y}/roll-over"), form(&[]), only(&PROGRAMME, SignIn, NotFound)),
        get("/programmes/{year}/portfolio", format!("/programmes/{y}/portfolio"), everyone(NotFound)),
        get("/programmes/{year}/{file}", format!("/programmes/{y}/report.pdf"), everyone(NotFound)),
        get("/programmes/{year}/initiatives/new", format!("/programmes/{y}/initiatives/new"), only(&PROGRAMME, SignIn, NotFound)),
        row(
            "POST",
            "/programmes/{year}/initiatives/new",
            format!("/programmes/{y}/initiatives/new"),
            form(&[("title", "")]),
            only(&PROGRAMME, SignIn, NotFound),
        ),
        get("/initiatives/{id}", format!("/initiatives/{}", f.initiative), everyone(NotFound)),
        get("/initiatives/{id}/edit", format!("/initiatives/{}/edit", f.initiative), only(&[Admin, Secretariat, Director, Chief], SignIn, NotFound)),
        row(
            "POST",
            "/initiatives/{id}/edit",
            format!("/initiatives/{}/edit", f.initiative),
            form(&[("title", ""), ("version", "-1")]),
            only(&[Admin, Secretariat, Director, Chief], SignIn, NotFound),
        ),
        row(
            "POST",
            "/initiatives/{id}/reports",
            format!("/initiatives/{}/reports", f.initiative),
            form(&[("period", "nonsense")]),
            only(&[Admin, Secretariat, Director, Chief], SignIn, NotFound),
        ),
        row(
            "POST",
            "/initiatives/{id}/milestones",
            format!("/initiatives/{}/milestones", f.initiative),
            form(&[("title", ""), ("due_on", "")]),
            only(&[Admin, Secretariat, Director, Chief], SignIn, NotFound),
        ),
        row(
            "POST",
            "/initiatives/{id}/dependencies",
            format!("/initiatives/{}/dependencies", f.initiative),
            form(&[("on", "x")]),
            only(&[Admin, Secretariat, Director, Chief], SignIn, NotFound),
        ),
        row(
            "POST",
            "/milestones/{id}/done",
            format!("/milestones/{}/done", f.milestone),
            form(&[("done_on", "i morgen")]),
            only(&[Admin, Secretariat, Director, Chief], SignIn, NotFound),
        ),
        // The årshjul: read by everyone, kept by those who write the programme.
        get("/aarshjul", "/aarshjul".into(), public()),
        get("/aarshjul/{year}", format!("/aarshjul/{y}"), everyone(Allow)),
        get("/aarshjul/{year}/print", format!("/aarshjul/{y}/print"), everyone(Allow)),
        get("/aarshjul/{year}/rules", format!("/aarshjul/{y}/rules"), everyone(Allow)),
        row("POST", "/aarshjul/{year}/rules", format!("/aarshjul/{y}/rules"), form(&[("title", "")]), only(&PROGRAMME, SignIn, Allow)),
        get("/aarshjul/rules/{id}/{date}", format!("/aarshjul/rules/{}/{}", f.rule, f.rule_date), everyone(NotFound)),
        row("POST", "/aarshjul/rules/{id}/exception", format!("/aarshjul/rules/{}/exception", f.rule), form(&[("on", "")]), only(&PROGRAMME, SignIn, NotFound)),
        row("POST", "/aarshjul/entries", "/aarshjul/entries".into(), form(&[("title", "")]), only(&PROGRAMME, SignIn, Allow)),
        get("/aarshjul/entries/{id}", format!("/aarshjul/entries/{}", f.entry), everyone(NotFound)),
        row(
            "POST",
            "/aarshjul/entries/{id}",
            format!("/aarshjul/entries/{}", f.entry),
            form(&[("title", ""), ("version", "-1")]),
            only(&PROGRAMME, SignIn, NotFound),
        ),
        row(
            "POST",
            "/aarshjul/entries/{id}/delete",
            format!("/aarshjul/entries/{}/delete", f.entry),
            form(&[("version", "-1")]),
            only(&PROGRAMME, SignIn, NotFound),
        ),
        // The leader evaluation: HR runs the rounds; the leader sees their own list and, once released, their report.
        get("/evaluation", "/evaluation".into(), everyone(Allow)),
        get("/evaluation/mine.json", "/evaluation/mine.json".into(), everyone(Allow)),
        row("POST", "/evaluation/rounds", "/evaluation/rounds".into(), form(&[("title", "")]), only(&[Hr], SignIn, Deny)),
        get("/evaluation/rounds/{id}", format!("/evaluation/rounds/{}", f.eval_draft), only(&[Hr], SignIn, Deny)),
        row(
            "POST",
            "/evaluation/rounds/{id}/settings",
            format!("/evaluation/rounds/{}/settings", f.eval_draft),
            form(&[("title", "")]),
            only(&[Hr], SignIn, Deny),
        ),
        row(
            "POST",
            "/evaluation/rounds/{id}/leaders",
            format!("/evaluation/rounds/{}/leaders", f.eval_draft),
            form(&[("version", "-1")]),
            only(&[Hr], SignIn, Deny),
        ),
        row("POST", "/evaluation/rounds/{id}/open", format!("/evaluation/rounds/{}/open", f.eval_draft), form(&[("version", "-1")]), only(&[Hr], SignIn, Deny)),
        row("POST", "/evaluation/rounds/{id}/close", format!("/evaluation/rounds/{}/close", f.eval_draft), form(&[]), only(&[Hr], SignIn, Deny)),
        get("/evaluation/rounds/{id}/overview", format!("/evaluation/rounds/{}/overview", f.eval_closed), only(&[Hr], SignIn, Deny)),
        get("/evaluation/rounds/{id}/overview.xlsx", format!("/evaluation/rounds/{}/overview.xlsx", f.eval_closed), only(&[Hr], SignIn, Deny)),
        get("/evaluation/rounds/{id}/overview.pdf", format!("/evaluation/rounds/{}/overview.pdf", f.eval_closed), only(&[Hr], SignIn, Deny)),
        get("/evaluation/rounds/{id}/questionnaire", format!("/evaluation/rounds/{}/questionnaire", f.eval_draft), only(&[Hr], SignIn, Deny)),
        row(
            "POST",
            "/evaluation/rounds/{id}/questionnaire",
            format!("/evaluation/rounds/{}/questionnaire", f.eval_draft),
            form(&[("action", "remove"), ("item", "0"), ("version", "-1")]),
            only(&[Hr], SignIn, Deny),
        ),
        get("/evaluation/leaders/{id}", format!("/evaluation/leaders/{}", f.eval_draft_subject), only(&[Hr, Leader], SignIn, NotFound)),
        row(
            "POST",
            "/evaluation/leaders/{id}/raters",
            format!("/evaluation/leaders/{}/raters", f.eval_draft_subject),
            form(&[("action", "x")]),
            only(&[Hr, Leader], SignIn, NotFound),
        ),
        // Without a personal link there is nothing to answer, signed in or not.
        get("/evaluation/answer", "/evaluation/answer".into(), [NotFound; 10]),
        get("/evaluation/answer/sent", "/evaluation/answer/sent".into(), public()),
        row("POST", "/evaluation/answer", "/evaluation/answer".into(), form(&[("action", "submit")]), [NotFound; 10]),
        // A mailed link's button, pressed without the link's page (its cookie): refused to all.
        row("POST", "/evaluation/answer/open", "/evaluation/answer/open".into(), form(&[("t", "x"), ("nonce", "x")]), [Deny; 10]),
        row(
            "POST",
            "/evaluation/answer/start",
            "/evaluation/answer/start".into(),
            form(&[("invitation", &f.eval_invitation.to_string())]),
            CALLERS.map(|c| match c {
                Anonymous => SignIn,
                Employee => Allow,
                _ => NotFound,
            }),
        ),
        get("/evaluation/reports/{id}", format!("/evaluation/reports/{}", f.eval_report), only(&[Hr, Leader], SignIn, NotFound)),
        row("POST", "/evaluation/reports/{id}/release", format!("/evaluation/reports/{}/release", f.eval_report), form(&[]), only(&[Hr], SignIn, Deny)),
        // A development plan: the leader's and the manager's (and HR's), once the report is released.
        get("/evaluation/plans/{id}", format!("/evaluation/plans/{}", f.eval_report), only(&[Hr, Leader], SignIn, NotFound)),
        row("POST", "/evaluation/plans/{id}", format!("/evaluation/plans/{}", f.eval_report), form(&[("action", "x")]), only(&[Hr, Leader], SignIn, NotFound)),
        row(
            "POST",
            "/evaluation/plans/{id}/checkins",
            format!("/evaluation/plans/{}/checkins", f.eval_report),
            form(&[("note", "")]),
            only(&[Hr, Leader], SignIn, NotFound),
        ),
        get("/evaluation/plans/{id}/kit", format!("/evaluation/plans/{}/kit", f.eval_report), only(&[Hr, Leader], SignIn, NotFound)),
        // Administration: administrators, each of their own municipality.
        get("/admin", "/admin".into(), only(&[Admin], SignIn, Allow)),
        get("/admin/import", "/admin/import".into(), only(&[Admin], SignIn, Allow)),
        get("/admin/import/template.csv", "/admin/import/template.csv".into(), only(&[Admin], SignIn, Allow)),
        row("POST", "/admin/import", "/admin/import".into(), Body::Multipart(empty_upload), only(&[Admin], SignIn, Allow)),
        get("/admin/framework", "/admin/framework".into(), only(&[Admin], SignIn, Allow)),
        row("POST", "/admin/framework", "/admin/framework".into(), Body::Multipart(empty_upload), only(&[Admin], SignIn, Allow)),
        get("/admin/outbox", "/admin/outbox".into(), only(&[Admin], SignIn, Allow)),
        get("/admin/outbox/{id}", format!("/admin/outbox/{}", f.mail), only(&[Admin], SignIn, NotFound)),
        get("/admin/audit", "/admin/audit".into(), only(&[Admin], SignIn, Allow)),
        get("/admin/audit.csv", "/admin/audit.csv".into(), only(&[Admin], SignIn, Allow)),
        // The API: a bearer token or the browser's session.
        get("/api/v1/openapi.json", "/api/v1/openapi.json".into(), public()),
        get("/api/v1/units", "/api/v1/units".into(), api_everyone(Allow)),
        get("/api/v1/units/{id}", format!("/api/v1/units/{}", f.leader_unit), api_everyone(NotFound)),
        get("/api/v1/people", "/api/v1/people".into(), api_everyone(Allow)),
        get("/api/v1/people/{id}", format!("/api/v1/people/{}", f.employee), api_everyone(NotFound)),
        get("/api/v1/framework", "/api/v1/framework".into(), api_everyone(NotFound)),
        get("/api/v1/forums", "/api/v1/forums".into(), api_everyone(Allow)),
        get("/api/v1/meetings", format!("/api/v1/meetings?forum={}", f.board), only(&BOARD, Unauthorized, NotFound)),
        get("/api/v1/meetings/{id}", format!("/api/v1/meetings/{}", f.board_meeting), only(&BOARD, Unauthorized, NotFound)),
        get("/api/v1/decisions", "/api/v1/decisions".into(), api_everyone(Allow)),
        get("/api/v1/actions", "/api/v1/actions".into(), api_everyone(Allow)),
        get("/api/v1/me/tasks", "/api/v1/me/tasks".into(), api_everyone(Allow)),
        get("/api/v1/programmes", "/api/v1/programmes".into(), api_everyone(Allow)),
        get("/api/v1/programmes/{year}/initiatives", format!("/api/v1/programmes/{y}/initiatives"), api_everyone(NotFound)),
        get("/api/v1/initiatives/{id}", format!("/api/v1/initiatives/{}", f.initiative), api_everyone(NotFound)),
        get("/api/v1/calendar", "/api/v1/calendar".into(), api_everyone(Allow)),
        get("/api/v1/evaluation/rounds", "/api/v1/evaluation/rounds".into(), only(&[Hr], Unauthorized, Deny)),
        get(
            "/api/v1/evaluation/rounds/{id}/progress",
            format!("/api/v1/evaluation/rounds/{}/progress", f.eval_open),
            only(&[Hr, Leader], Unauthorized, NotFound),
        ),
        get("/api/v1/evaluation/reports/{id}", format!("/api/v1/evaluation/reports/{}", f.eval_report), only(&[Hr, Leader], Unauthorized, NotFound)),
        get("/api/v1/evaluation/plans", "/api/v1/evaluation/plans".into(), api_everyone(Allow)),
        get("/api/v1/policies", "/api/v1/policies".into(), api_everyone(Allow)),
        get("/api/v1/policies/{id}", format!("/api/v1/policies/{}", f.policy), api_everyone(NotFound)),
        get("/api/v1/goals/{id}", format!("/api/v1/goals/{}", f.goal), api_everyone(NotFound)),
        get("/api/v1/cases/summary", "/api/v1/cases/summary?from=2025-01-01&to=2025-12-31".into(), api_everyone(Allow)),
        get("/api/v1/businesses", "/api/v1/businesses".into(), only(&BUSINESS_READERS, Unauthorized, Allow)),
        get("/api/v1/agreements", "/api/v1/agreements".into(), api_everyone(Allow)),
        get("/api/v1/skills", "/api/v1/skills".into(), api_everyone(Allow)),
        get("/api/v1/indicators/{id}/values", format!("/api/v1/indicators/{}/values?area=183", f.indicator), api_everyone(NotFound)),
        // Files, health and metrics (from loopback, as configured by default).
        get("/assets/{hash}/{*path}", web::assets::url("styr/styr.css"), public()),
        get("/healthz", "/healthz".into(), public()),
        get("/metrics", "/metrics".into(), public()),
    ];
    // Last, as it ends the session.
    r.push(row("POST", "/logout", "/logout".into(), form(&[]), everyone(Allow)));
    r
}

/// A signed-in client for each caller, with its session's CSRF token.
async fn clients(app: &App) -> Vec<(Caller, Client, String)> {
    // The other municipality: a tenant of its own with an administrator.
    let other = store::tenant::ensure(&app.db, "roskilde", "Roskilde Kommune").await.unwrap();
    let hash = service::platform::password::hash(crate::harness::PASSWORD).unwrap();
    store::platform::accounts::upsert(&app.db, other.id, None, "admin@roskilde.example", &hash, "admin").await.unwrap();
    let mut out = vec![];
    for caller in CALLERS {
        let role = match caller {
            Anonymous => {
                out.push((caller, app.client(), String::new()));
                continue;
            }
            Admin => "administrator",
            Secretariat => "secretariat",
            Hr => "hr",
            Director => "director",
            Chief => "centre_chief",
            Leader => "unit_leader",
            Employee => "employee",
            Business => "business_service",
            Other => "",
        };
        let c = app.client();
        let email = if caller == Other { "admin@roskilde.example".to_string() } else { app.email(role).await };
        let r = app.try_sign_in(&c, &email, crate::harness::PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{caller:?} signs in");
        let csrf = app.csrf(&c).await;
        out.push((caller, c, csrf));
    }
    out
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_policy_says() {
    let app = App::start().await;
    let f = fixture(&app).await;
    let rows = rows(&f);

    // Every route of the router has its row, and every row its route.
    let served: BTreeSet<(String, String)> =
        web::routes::table(web::AppState::new(app.svc.clone(), Default::default())).routes.into_iter().map(|r| (r.method.to_string(), r.path)).collect();
    let covered: BTreeSet<(String, String)> = rows.iter().map(|r| (r.method.to_string(), r.route.to_string())).collect();
    let missing: Vec<_> = served.difference(&covered).collect();
    assert!(missing.is_empty(), "routes without a row in the matrix: {missing:#?}");
    let gone: Vec<_> = covered.difference(&served).collect();
    assert!(gone.is_empty(), "rows for routes the router does not serve: {gone:#?}");

    let clients = clients(&app).await;
    let mut wrong = vec![];
    for row in &rows {
        for (i, (caller, c, csrf)) in clients.iter().enumerate() {
            let expect = row.expect[i];
            let url = format!("{}{}", app.url, row.path);
            let refused_write = row.method == "POST" && expect != Allow;
            let before = if refused_write { Some(app.rows().await) } else { None };
            let mut req = c.request(Method::from_bytes(row.method.as_bytes()).unwrap(), &url);
            match &row.body {
                Body::None => {}
                Body::Form(fields) => {
                    let mut fields = fields.clone();
                    fields.push(("csrf", csrf.clone()));
                    req = req.form(&fields);
                }
                Body::Multipart(make) => req = req.multipart(make().text("csrf", csrf.clone())),
            }
            let res = req.send().await.unwrap();
            let status = res.status();
            let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_string();
            let got = match status {
                StatusCode::FORBIDDEN => Deny,
                StatusCode::UNAUTHORIZED => Unauthorized,
                StatusCode::NOT_FOUND => NotFound,
                StatusCode::SEE_OTHER if location.starts_with("/login?next=") => SignIn,
                _ => Allow,
            };
            if got != expect {
                wrong.push(format!("{} {} as {caller:?}: expected {expect:?}, got {status} {location}", row.method, row.path));
            }
            if let Some(before) = before
                && app.rows().await != before
            {
                wrong.push(format!("{} {} as {caller:?} was refused but changed the database", row.method, row.path));
            }
        }
    }
    assert!(wrong.is_empty(), "{} of {} answers were not as the policy says:\n{}", wrong.len(), rows.len() * CALLERS.len(), wrong.join("\n"));
    // The refusals are in the audit log.
    assert!(app.audit_actions().await.iter().filter(|a| *a == "access.denied").count() > 50);
}
