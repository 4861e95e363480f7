//! The meetings context: forums, their cadence and chairs, meetings, agendas,
//! minutes, decisions and follow-up. This module holds the pure rules.

pub mod agenda;
pub mod attachment;
pub mod cadence;
pub mod chair;
pub mod decision;
pub mod forum;
pub mod holidays;
pub mod input;
pub mod meeting;
pub mod policy;

pub use meeting::{DecisionId, ItemId, Meeting, MeetingId, MeetingStatus};
