//! The leader evaluation (seeds 001 and 003): 360° rounds on the
//! municipality's own leadership foundation.
//!
//! - `round`: a round's settings and how it moves from draft to open to closed;
//! - `questionnaire`: the items made from a framework version, and the scale;
//! - `raters`: who is asked about a leader, by direction;
//! - `anonymity`: what a report may show without giving away who answered
//!   what, and what a closed round keeps;
//! - `report`: a leader's report, worked out once for every output;
//! - `plan`: the dialogue after a report and the development plan;
//! - `policy`: who may run rounds, follow progress and read reports and plans.

pub mod anonymity;
pub mod overview;
pub mod plan;
pub mod policy;
pub mod questionnaire;
pub mod raters;
pub mod report;
pub mod round;
