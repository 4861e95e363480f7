//! The leader evaluation (seeds 001 and 003): 360° rounds on the
//! municipality's own leadership foundation. This is its first part, the
//! rule engine that keeps the promise of anonymity: which groups and which
//! items a report may show (`anonymity`). Rounds, questionnaires, answers
//! and reports come next and go through it.

pub mod anonymity;
