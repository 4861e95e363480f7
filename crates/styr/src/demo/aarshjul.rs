//! The demo's årshjul (crates/styr/data/demo-aarshjul.toml): its rings, the
//! governance cycle's rules and the entries typed in for this year and the
//! next. The forums' meetings and the programme's milestones join the wheel
//! from their own contexts.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use domain::programme::cycle::Rule;
use domain::programme::entry::{EntryGlyph, EntryState};
use serde::Deserialize;
use store::Db;
use store::platform::audit::Actor;

const AARSHJUL: &str = include_str!("../../data/demo-aarshjul.toml");

#[derive(Deserialize)]
struct File {
    categories: Vec<DemoCategory>,
    rules: Vec<DemoRule>,
    entries: Vec<DemoEntry>,
}

#[derive(Deserialize)]
struct DemoCategory {
    key: String,
    name: String,
    colour: String,
    icon: String,
}

#[derive(Deserialize)]
struct DemoRule {
    category: String,
    title: String,
    glyph: EntryGlyph,
    #[serde(default)]
    rule: Option<Rule>,
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    days: i64,
}

#[derive(Deserialize)]
struct DemoEntry {
    category: String,
    title: String,
    from: (u32, u32),
    to: (u32, u32),
    #[serde(default = "planned")]
    state: EntryState,
}

fn planned() -> EntryState {
    EntryState::Planned
}

pub async fn build(db: &Db, tenant: i64, today: NaiveDate) -> Result<()> {
    // Built once: a second run leaves the wheel as people have changed it.
    if !store::aarshjul::rules(db, tenant).await?.is_empty() {
        return Ok(());
    }
    let file: File = toml::from_str(AARSHJUL).context("demo-aarshjul.toml")?;
    let actor = Actor::system("styr demo");
    let defaults: Vec<(&str, &str, &str, &str, i64)> =
        file.categories.iter().enumerate().map(|(k, c)| (c.key.as_str(), c.name.as_str(), c.colour.as_str(), c.icon.as_str(), 10 * (k as i64 + 1))).collect();
    store::aarshjul::ensure_categories(db, tenant, &defaults).await?;
    let categories = store::aarshjul::categories(db, tenant).await?;
    let category = |key: &str| categories.iter().find(|c| c.key == key).map(|c| c.id).with_context(|| format!("no category {key}"));
    let mut made: Vec<(String, i64)> = vec![];
    // Rules that count back from another come after the one they count from.
    for r in file.rules.iter().filter(|r| r.before.is_none()).chain(file.rules.iter().filter(|r| r.before.is_some())) {
        let rule = match (&r.rule, &r.before) {
            (Some(rule), _) => rule.clone(),
            (None, Some(of)) => Rule::Before { rule: made.iter().find(|m| &m.0 == of).map(|m| m.1).with_context(|| format!("no rule {of}"))?, days: r.days },
            (None, None) => anyhow::bail!("rule {} has neither rule nor before", r.title),
        };
        rule.validate().map_err(|e| anyhow::anyhow!("rule {}: {e}", r.title))?;
        let id = store::aarshjul::add_rule(db, tenant, category(&r.category)?, &r.title, &rule, r.glyph, &actor).await?.context("rule not added")?;
        made.push((r.title.clone(), id));
    }
    let year = today.year();
    for y in [year, year + 1] {
        for e in &file.entries {
            let date = |(m, d): (u32, u32)| NaiveDate::from_ymd_opt(y, m, d).with_context(|| format!("{} has no {m}/{d}", e.title));
            let (from, to) = (date(e.from)?, date(e.to)?);
            // This year's past periods are done.
            let state = if to < today && e.state == EntryState::Planned { EntryState::Done } else { e.state };
            let glyph = if from == to { EntryGlyph::Deadline } else { EntryGlyph::Span };
            let new = store::aarshjul::NewEntry {
                category_id: category(&e.category)?,
                title: &e.title,
                starts_on: from,
                ends_on: to,
                glyph,
                state,
                link: "",
                unit_id: None,
                note: "",
            };
            store::aarshjul::add_entry(db, tenant, &new, &actor).await?;
        }
    }
    Ok(())
}
