//! The audit log in words: an entry's action, target and detail, as the
//! store keeps them (`org.import`, `meeting:12`, `units +0 ~0, …`), turned
//! into a message to translate, its arguments and a link, so the log reads
//! as sentences and not as codes.

/// An entry told in words: the message id of what was done, its arguments,
/// and the page the target is on, if it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Told {
    pub message_id: String,
    pub args: Vec<(&'static str, String)>,
    /// What was acted on: (message id of its kind, its number), e.g. a meeting and 12.
    pub target: Option<(&'static str, i64)>,
    pub link: Option<String>,
}

/// The actions the log knows, each with its message. Anything else is shown as stored.
const KNOWN: [&str; 60] = [
    "auth.signin",
    "auth.signout",
    "auth.failed",
    "auth.throttled",
    "access.denied",
    "org.import",
    "framework.load",
    "account.upsert",
    "account.token.create",
    "account.token.revoke",
    "account.feed.create",
    "account.notifications",
    "meetings.history.load",
    "meetings.propose",
    "meetings.item.place",
    "meetings.item.decline",
    "meetings.item.defer",
    "meetings.item.edit",
    "meetings.agenda.reorder",
    "meetings.agenda.publish",
    "meetings.agenda.resend",
    "meetings.forum.save",
    "meetings.generate",
    "meetings.add",
    "meetings.move",
    "meetings.cancel",
    "meetings.minutes.save",
    "meetings.minutes.approve",
    "meetings.minutes.correct",
    "meetings.decision.report",
    "meetings.action.add",
    "meetings.action.status",
    "aarshjul.entry.add",
    "aarshjul.entry.change",
    "aarshjul.entry.delete",
    "aarshjul.rule.add",
    "aarshjul.exception",
    "aarshjul.exception.clear",
    "programme.create",
    "programme.status",
    "programme.initiative.save",
    "programme.roll_over",
    "programme.dependency.add",
    "programme.milestone.add",
    "programme.milestone.done",
    "programme.report",
    "programme.decision.link",
    "programme.decision.unlink",
    "evaluation.round.create",
    "evaluation.round.update",
    "evaluation.round.items",
    "evaluation.round.leaders",
    "evaluation.round.open",
    "evaluation.round.close",
    "evaluation.raters",
    "evaluation.report.read",
    "evaluation.report.release",
    "evaluation.round.delete",
    "evaluation.plan.save",
    "evaluation.plan.checkin",
];

/// The message id of an action: `audit-do-` and the action with its dots
/// and underscores as hyphens.
pub fn message_of(action: &str) -> Option<String> {
    KNOWN.contains(&action).then(|| format!("audit-do-{}", action.replace(['.', '_'], "-")))
}

/// Every action the log tells in words, for the translation test.
pub fn known_actions() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().copied()
}

/// Tells one entry. Unknown actions keep their code, so nothing is hidden.
pub fn tell(action: &str, target: &str, detail: &str) -> Told {
    let raw_target = target;
    let Some(message_id) = message_of(action) else {
        return Told {
            message_id: "audit-unknown".into(),
            args: vec![("action", action.to_string()), ("detail", detail.to_string())],
            target: None,
            link: None,
        };
    };
    let (kind, id) = split_target(target);
    let link = match (kind, id) {
        ("meeting", Some(n)) => Some(format!("/meetings/{n}")),
        ("forum", Some(n)) => Some(format!("/forums/{n}")),
        ("decision", Some(n)) => Some(format!("/decisions/{n}")),
        ("initiative", Some(n)) => Some(format!("/initiatives/{n}")),
        ("entry", Some(n)) if action != "aarshjul.entry.delete" => Some(format!("/aarshjul/entries/{n}")),
        ("round", Some(n)) if action != "evaluation.round.delete" => Some(format!("/evaluation/rounds/{n}")),
        ("subject", Some(n)) if action.starts_with("evaluation.report") => Some(format!("/evaluation/reports/{n}")),
        ("subject", Some(n)) => Some(format!("/evaluation/leaders/{n}")),
        ("plan", Some(n)) => Some(format!("/evaluation/plans/{n}")),
        _ => None,
    };
    let target = match (kind, id) {
        ("meeting", Some(n)) => Some(("audit-target-meeting", n)),
        ("item", Some(n)) => Some(("audit-target-item", n)),
        ("forum", Some(n)) => Some(("audit-target-forum", n)),
        ("decision", Some(n)) => Some(("audit-target-decision", n)),
        ("action", Some(n)) => Some(("audit-target-action", n)),
        ("entry", Some(n)) => Some(("audit-target-entry", n)),
        ("rule", Some(n)) => Some(("audit-target-rule", n)),
        ("programme", Some(n)) => Some(("audit-target-programme", n)),
        ("initiative", Some(n)) => Some(("audit-target-initiative", n)),
        ("milestone", Some(n)) => Some(("audit-target-milestone", n)),
        ("round", Some(n)) => Some(("audit-target-round", n)),
        ("subject", Some(n)) => Some(("audit-target-subject", n)),
        ("plan", Some(n)) => Some(("audit-target-plan", n)),
        _ => None,
    };
    let mut args = vec![("detail", detail.to_string()), ("who", raw_target.to_string())];
    if action == "org.import" {
        // "units +2 ~3, people +40 ~1, positions 55"
        let numbers: Vec<String> = detail.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(str::to_string).collect();
        if numbers.len() == 5 {
            for (name, n) in ["units_created", "units_updated", "people_created", "people_updated", "positions"].into_iter().zip(numbers) {
                args.push((name, n));
            }
        } else {
            return Told { message_id: "audit-do-org-import-plain".into(), args, target, link };
        }
    }
    Told { message_id, args, target, link }
}

/// "meeting:12" → ("meeting", Some(12)); "decision:4:unit:9" → ("decision", Some(4)).
fn split_target(target: &str) -> (&str, Option<i64>) {
    let mut parts = target.split(':');
    let kind = parts.next().unwrap_or("");
    (kind, parts.next().and_then(|n| n.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_told_in_words_with_links() {
        let t = tell("meetings.agenda.publish", "meeting:12", "");
        assert_eq!(t.message_id, "audit-do-meetings-agenda-publish");
        assert_eq!(t.target, Some(("audit-target-meeting", 12)));
        assert_eq!(t.link.as_deref(), Some("/meetings/12"));
        let t = tell("meetings.decision.report", "decision:4:unit:9", "done");
        assert_eq!(t.link.as_deref(), Some("/decisions/4"));
        let t = tell("programme.roll_over", "programme:3", "5 to 2027");
        assert_eq!(t.message_id, "audit-do-programme-roll-over");
        // A deleted entry has no page to go to.
        assert_eq!(tell("aarshjul.entry.delete", "entry:7", "").link, None);
    }

    #[test]
    fn an_import_says_what_it_changed() {
        let t = tell("org.import", "org", "units +2 ~3, people +40 ~1, positions 55");
        assert!(t.args.contains(&("people_created", "40".to_string())) && t.args.contains(&("positions", "55".to_string())));
        assert_eq!(tell("org.import", "org", "something else").message_id, "audit-do-org-import-plain");
    }

    #[test]
    fn unknown_actions_keep_their_code() {
        let t = tell("something.new", "x", "y");
        assert!(t.message_id == "audit-unknown" && t.args[0].1 == "something.new");
    }
}
