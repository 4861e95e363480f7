//! The framework: vision, mission, working principles, values, the four
//! perspectives on the core task, leadership statements, leadership and
//! followership behaviours, and the four leadership directions.
//!
//! A municipality writes its framework as a TOML document (docs/FRAMEWORK.md).
//! Loading flattens it into elements with stable keys such as
//! `value.trovaerdighed` or `perspective.styr-paa-tingene`, which later contexts
//! use to tag initiatives, decisions and evaluation questions.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrameworkDoc {
    pub title: String,
    #[serde(default)]
    pub intro: String,
    pub vision: Statement,
    pub mission: Statement,
    #[serde(default)]
    pub principles: Vec<Section>,
    #[serde(default)]
    pub values: Vec<Section>,
    #[serde(default)]
    pub perspectives: Vec<Section>,
    #[serde(default)]
    pub leadership_statements: Vec<Section>,
    #[serde(default)]
    pub leadership: Option<Section>,
    #[serde(default)]
    pub followership: Option<Section>,
    #[serde(default)]
    pub directions: Vec<Section>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub title: String,
    #[serde(default)]
    pub text: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub text: String,
    /// Behaviours, behaviour examples or practices, in order.
    #[serde(default)]
    pub items: Vec<String>,
}

/// What an element is; the stored form is `as_str`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    Vision,
    Mission,
    Principle,
    Value,
    Perspective,
    LeadershipStatement,
    Leadership,
    Followership,
    Direction,
    /// A behaviour, example or practice under one of the above.
    Item,
}

impl ElementKind {
    pub const ALL: [ElementKind; 10] = [
        ElementKind::Vision,
        ElementKind::Mission,
        ElementKind::Principle,
        ElementKind::Value,
        ElementKind::Perspective,
        ElementKind::LeadershipStatement,
        ElementKind::Leadership,
        ElementKind::Followership,
        ElementKind::Direction,
        ElementKind::Item,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ElementKind::Vision => "vision",
            ElementKind::Mission => "mission",
            ElementKind::Principle => "principle",
            ElementKind::Value => "value",
            ElementKind::Perspective => "perspective",
            ElementKind::LeadershipStatement => "leadership_statement",
            ElementKind::Leadership => "leadership",
            ElementKind::Followership => "followership",
            ElementKind::Direction => "direction",
            ElementKind::Item => "item",
        }
    }

    pub fn parse(s: &str) -> Option<ElementKind> {
        ElementKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The key prefix of top-level elements of this kind.
    fn prefix(self) -> &'static str {
        match self {
            ElementKind::LeadershipStatement => "statement",
            k => k.as_str(),
        }
    }
}

/// One element of a framework version, flat, with a stable key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Element {
    pub key: String,
    pub kind: ElementKind,
    pub parent_key: Option<String>,
    pub position: i32,
    pub title: String,
    pub summary: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    #[error("the document is not valid TOML or does not follow the format: {0}")]
    Syntax(String),
    #[error("the key {0:?} may only hold lower-case letters, digits and hyphens")]
    BadKey(String),
    #[error("the key {0:?} is used twice")]
    DuplicateKey(String),
    #[error("an element under {0:?} has no title")]
    EmptyTitle(String),
}

impl FrameworkError {
    pub fn message_id(&self) -> &'static str {
        match self {
            FrameworkError::Syntax(_) => "framework-error-syntax",
            FrameworkError::BadKey(_) => "framework-error-bad-key",
            FrameworkError::DuplicateKey(_) => "framework-error-duplicate-key",
            FrameworkError::EmptyTitle(_) => "framework-error-empty-title",
        }
    }
    pub fn detail(&self) -> String {
        match self {
            FrameworkError::Syntax(s) | FrameworkError::BadKey(s) | FrameworkError::DuplicateKey(s) | FrameworkError::EmptyTitle(s) => s.clone(),
        }
    }
}

pub(crate) fn valid_key(k: &str) -> bool {
    !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !k.starts_with('-')
}

impl FrameworkDoc {
    pub fn parse(text: &str) -> Result<FrameworkDoc, FrameworkError> {
        let doc: FrameworkDoc = toml::from_str(text).map_err(|e| FrameworkError::Syntax(e.message().to_string()))?;
        doc.elements()?;
        Ok(doc)
    }

    /// Flattens the document into elements, checking keys and titles.
    pub fn elements(&self) -> Result<Vec<Element>, FrameworkError> {
        let mut out = Vec::new();
        let push_statement = |kind: ElementKind, s: &Statement, out: &mut Vec<Element>| {
            out.push(Element {
                key: kind.as_str().to_string(),
                kind,
                parent_key: None,
                position: 0,
                title: s.title.trim().to_string(),
                summary: String::new(),
                body: s.text.trim().to_string(),
            })
        };
        push_statement(ElementKind::Vision, &self.vision, &mut out);
        push_statement(ElementKind::Mission, &self.mission, &mut out);

        let groups: [(ElementKind, Vec<&Section>); 7] = [
            (ElementKind::Principle, self.principles.iter().collect()),
            (ElementKind::Value, self.values.iter().collect()),
            (ElementKind::Perspective, self.perspectives.iter().collect()),
            (ElementKind::LeadershipStatement, self.leadership_statements.iter().collect()),
            (ElementKind::Leadership, self.leadership.iter().collect()),
            (ElementKind::Followership, self.followership.iter().collect()),
            (ElementKind::Direction, self.directions.iter().collect()),
        ];
        for (kind, sections) in groups {
            for (i, s) in sections.into_iter().enumerate() {
                if !valid_key(&s.key) {
                    return Err(FrameworkError::BadKey(s.key.clone()));
                }
                let key = format!("{}.{}", kind.prefix(), s.key);
                out.push(Element {
                    key: key.clone(),
                    kind,
                    parent_key: None,
                    position: i as i32,
                    title: s.title.trim().to_string(),
                    summary: s.summary.trim().to_string(),
                    body: s.text.trim().to_string(),
                });
                for (j, item) in s.items.iter().enumerate() {
                    out.push(Element {
                        key: format!("{key}.{}", j + 1),
                        kind: ElementKind::Item,
                        parent_key: Some(key.clone()),
                        position: j as i32,
                        title: crate::text::normalize_name(item),
                        summary: String::new(),
                        body: String::new(),
                    });
                }
            }
        }
        let mut seen = HashSet::new();
        for e in &out {
            if !seen.insert(e.key.as_str()) {
                return Err(FrameworkError::DuplicateKey(e.key.clone()));
            }
            if e.title.is_empty() {
                return Err(FrameworkError::EmptyTitle(e.parent_key.clone().unwrap_or_else(|| e.key.clone())));
            }
        }
        Ok(out)
    }
}

/// The framework of Ishøj Kommune, written from seeds 000, 001 and 003. It is
/// the demo's and a template for other municipalities.
pub const ISHOJ: &str = include_str!("ishoj.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ishoj_framework_is_complete() {
        let doc = FrameworkDoc::parse(ISHOJ).expect("Ishøj's framework parses");
        assert_eq!(doc.vision.title, "Mangfoldighed er vores styrke");
        assert_eq!(doc.principles.len(), 4);
        assert_eq!(doc.values.len(), 7);
        assert!(doc.values.iter().all(|v| (3..=4).contains(&v.items.len())), "3-4 behaviours per value");
        assert_eq!(doc.perspectives.len(), 4);
        assert_eq!(doc.leadership_statements.len(), 4);
        assert!(doc.leadership_statements.iter().all(|s| (6..=8).contains(&s.items.len())));
        assert_eq!(doc.directions.len(), 4);
        assert_eq!(doc.followership.as_ref().unwrap().items.len(), 6);
        let els = doc.elements().unwrap();
        assert!(els.iter().any(|e| e.key == "value.trovaerdighed"));
        assert!(els.iter().any(|e| e.key == "perspective.styr-paa-tingene"));
        assert!(els.iter().any(|e| e.key == "direction.opad"));
    }

    #[test]
    fn bad_documents_are_refused() {
        assert!(matches!(FrameworkDoc::parse("title = "), Err(FrameworkError::Syntax(_))));
        let base = "title = \"T\"\n[vision]\ntitle = \"V\"\n[mission]\ntitle = \"M\"\n";
        let bad_key = format!("{base}[[values]]\nkey = \"Æble\"\ntitle = \"x\"\n");
        assert!(matches!(FrameworkDoc::parse(&bad_key), Err(FrameworkError::BadKey(_))));
        let dup = format!("{base}[[values]]\nkey = \"a\"\ntitle = \"x\"\n[[values]]\nkey = \"a\"\ntitle = \"y\"\n");
        assert_eq!(FrameworkDoc::parse(&dup), Err(FrameworkError::DuplicateKey("value.a".into())));
        let empty = format!("{base}[[values]]\nkey = \"a\"\ntitle = \"x\"\nitems = [\"  \"]\n");
        assert!(matches!(FrameworkDoc::parse(&empty), Err(FrameworkError::EmptyTitle(_))));
        let unknown = format!("{base}colour = \"red\"\n");
        assert!(matches!(FrameworkDoc::parse(&unknown), Err(FrameworkError::Syntax(_))));
        assert!(FrameworkDoc::parse(base).is_ok());
    }
}
