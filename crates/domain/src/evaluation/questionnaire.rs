//! The questionnaire, made from the framework (seeds 001 and 003): each
//! leadership statement's behaviours become items, asked as "Min leder …"
//! of the manager, the employees and the peers and as "Jeg …" of the
//! leader; the leadership behaviours are asked the same way; the
//! followership behaviours are asked of the employees about themselves.
//! HR may reword, add and remove items until the round opens.

use crate::framework::{Element, ElementKind};
use crate::meetings::input::FieldError;

use super::anonymity::Group;

words! {
    /// Which part of the foundation an item comes from.
    pub enum Part {
        /// A behaviour under one of the leadership statements ("Jeg kommunikerer").
        Statement = "statement",
        /// Active and constructive leadership (seed 003).
        Leadership = "leadership",
        /// Active and constructive followership: the team about itself.
        Followership = "followership",
    }
}

/// One item of a round's questionnaire.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub part: Part,
    /// The statement (or the leadership or followership section) it belongs to.
    pub statement_key: String,
    pub statement_title: String,
    /// The framework element it was made from; empty for an item HR added.
    pub element_key: String,
    /// As the manager, the employees and the peers read it ("Min leder …").
    pub about_leader: String,
    /// As the leader reads it, or the employees about themselves ("Jeg …").
    pub about_self: String,
}

impl Item {
    /// Whether a development plan may take it as a focus behaviour: the
    /// leader's own behaviours, not what the team says of itself.
    pub fn can_be_focus(&self) -> bool {
        self.part != Part::Followership
    }

    /// The wording a group reads; none when the group is not asked the item.
    pub fn wording(&self, g: Group) -> Option<&str> {
        match (self.part, g) {
            (Part::Followership, Group::Employees) => Some(&self.about_self),
            (Part::Followership, _) => None,
            (_, Group::Own) => Some(&self.about_self),
            (_, Group::Manager | Group::Employees | Group::Peers) => Some(&self.about_leader),
            (_, Group::Others | Group::Rest) => None,
        }
    }
}

/// Whether a group is offered the comment fields: the anonymous groups
/// only, whose comments can be pooled; the manager and the leader are not.
pub fn takes_comments(g: Group) -> bool {
    g.anonymous()
}

/// Whether a save counts the answers as sent: asked to, or sent before, as
/// answers once sent stay complete and a change is sent again.
pub fn counts_as_sent(asked_to_send: bool, sent_before: bool) -> bool {
    asked_to_send || sent_before
}

/// The longest wording of an item.
pub const MAX_WORDING: usize = 300;

/// The answer to an item: 1 "Helt uenig" to 5 "Helt enig", or "Ved ikke".
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Answer {
    Scale(u8),
    DontKnow,
}

impl Answer {
    /// From a form's value: "1" to "5", or "dk".
    pub fn parse(s: &str) -> Option<Answer> {
        match s.trim() {
            "dk" => Some(Answer::DontKnow),
            v => v.parse::<u8>().ok().filter(|n| (1..=5).contains(n)).map(Answer::Scale),
        }
    }

    /// The stored form: 1 to 5, and 0 for "Ved ikke".
    pub fn code(self) -> u8 {
        match self {
            Answer::Scale(n) => n,
            Answer::DontKnow => 0,
        }
    }

    pub fn from_code(c: u8) -> Option<Answer> {
        match c {
            0 => Some(Answer::DontKnow),
            1..=5 => Some(Answer::Scale(c)),
            _ => None,
        }
    }

    /// The form's value.
    pub fn value(self) -> String {
        match self {
            Answer::Scale(n) => n.to_string(),
            Answer::DontKnow => "dk".into(),
        }
    }
}

/// The questionnaire a framework version gives, in the foundation's order.
pub fn from_framework(elements: &[Element]) -> Vec<Item> {
    let mut out = vec![];
    let sections = elements.iter().filter(|e| matches!(e.kind, ElementKind::LeadershipStatement | ElementKind::Leadership | ElementKind::Followership));
    let mut sections: Vec<&Element> = sections.collect();
    // Statements first, then leadership, then followership; each in its order.
    sections.sort_by_key(|e| (rank(e.kind), e.position));
    for s in sections {
        let part = match s.kind {
            ElementKind::LeadershipStatement => Part::Statement,
            ElementKind::Leadership => Part::Leadership,
            _ => Part::Followership,
        };
        let mut items: Vec<&Element> = elements.iter().filter(|e| e.parent_key.as_deref() == Some(s.key.as_str())).collect();
        items.sort_by_key(|e| e.position);
        for e in items {
            let (about_leader, about_self) = wordings(part, &e.title);
            out.push(Item { part, statement_key: s.key.clone(), statement_title: s.title.clone(), element_key: e.key.clone(), about_leader, about_self });
        }
    }
    out
}

fn rank(k: ElementKind) -> u8 {
    match k {
        ElementKind::LeadershipStatement => 0,
        ElementKind::Leadership => 1,
        _ => 2,
    }
}

/// "Formidler de mål …" becomes "Min leder formidler de mål …" and "Jeg
/// formidler de mål …"; a behaviour already in the first person ("Jeg tager
/// ansvar …") becomes "Min leder tager ansvar …". The leader's own words
/// (mit, min, mig, jeg) become the third person's in the manager's and the
/// employees' wording; HR rewords what still reads oddly.
fn wordings(part: Part, behaviour: &str) -> (String, String) {
    let b = behaviour.trim().trim_end_matches('.');
    let rest = b.strip_prefix("Jeg ").unwrap_or(b);
    let lower = lower_first(rest);
    let about_self = format!("Jeg {lower}");
    if part == Part::Followership {
        return (about_self.clone(), about_self);
    }
    let third: Vec<String> = lower
        .split(' ')
        .map(|w| {
            let (word, tail) = split_punct(w);
            let swapped = match word {
                "mit" => "sit",
                "min" => "sin",
                "mine" => "sine",
                "mig" => "sig",
                "jeg" => "vedkommende",
                other => other,
            };
            format!("{swapped}{tail}")
        })
        .collect();
    (format!("Min leder {}", third.join(" ")), about_self)
}

fn split_punct(w: &str) -> (&str, &str) {
    let end = w.trim_end_matches([',', '.', ';', ':']).len();
    w.split_at(end)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Checks an item's wordings as HR typed them.
pub fn check_wording(field: &'static str, text: &str) -> Result<String, FieldError> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(FieldError { field, message_id: "evaluation-item-required" });
    }
    if t.chars().count() > MAX_WORDING {
        return Err(FieldError { field, message_id: "evaluation-item-too-long" });
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{FrameworkDoc, ISHOJ};

    fn ishoj() -> Vec<Item> {
        from_framework(&FrameworkDoc::parse(ISHOJ).unwrap().elements().unwrap())
    }

    #[test]
    fn every_behaviour_of_the_foundation_becomes_an_item_in_order() {
        let items = ishoj();
        assert_eq!(items.iter().filter(|i| i.part == Part::Statement).count(), 8 + 6 + 8 + 6);
        assert_eq!(items.iter().filter(|i| i.part == Part::Leadership).count(), 6);
        assert_eq!(items.iter().filter(|i| i.part == Part::Followership).count(), 6);
        assert_eq!(items[0].statement_key, "statement.paatager-mig-lederskab");
        assert_eq!(items[0].about_leader, "Min leder formidler de mål, vi skal nå, og synliggør, hvorfor målene er vigtige");
        assert_eq!(items[0].about_self, "Jeg formidler de mål, vi skal nå, og synliggør, hvorfor målene er vigtige");
        assert_eq!(items.last().unwrap().part, Part::Followership);
    }

    #[test]
    fn the_leaders_own_words_become_the_third_persons() {
        let items = ishoj();
        let ahead = items.iter().find(|i| i.about_self.starts_with("Jeg går foran")).unwrap();
        assert!(ahead.about_leader.contains("som leder af sit eget område"), "{}", ahead.about_leader);
        let lead = items.iter().find(|i| i.part == Part::Leadership).unwrap();
        assert_eq!(lead.about_leader, "Min leder tager ansvar for, at vi sammen skaber et fælles billede af vores kerneopgave");
        let follow = items.iter().find(|i| i.part == Part::Followership).unwrap();
        assert_eq!(follow.wording(Group::Employees), Some("Jeg spørger, når jeg er i tvivl"));
        assert_eq!(follow.wording(Group::Peers), None, "only the team answers about itself");
        assert_eq!(follow.wording(Group::Own), None);
    }

    #[test]
    fn answers_are_one_to_five_or_dont_know() {
        assert_eq!(Answer::parse("5"), Some(Answer::Scale(5)));
        assert_eq!(Answer::parse("dk"), Some(Answer::DontKnow));
        assert_eq!(Answer::parse("0"), None);
        assert_eq!(Answer::parse("6"), None);
        assert_eq!(Answer::from_code(Answer::DontKnow.code()), Some(Answer::DontKnow));
        assert!(check_wording("text", "   ").is_err());
        assert!(check_wording("text", &"x".repeat(301)).is_err());
        assert_eq!(check_wording("text", " Min  leder\nlytter ").unwrap(), "Min leder lytter");
        assert!(takes_comments(Group::Employees) && takes_comments(Group::Peers) && !takes_comments(Group::Manager) && !takes_comments(Group::Own));
        assert!(counts_as_sent(false, true) && counts_as_sent(true, false) && !counts_as_sent(false, false));
    }
}
