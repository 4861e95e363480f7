//! The programme context: the yearly work programme of the board and group
//! management (seed 002), its initiatives with milestones and status
//! reports, and the rules that keep them sound.

pub mod cycle;
pub mod entry;
pub mod initiative;
pub mod policy;
pub mod report;
pub mod wheel;

use serde::{Deserialize, Serialize};

/// A work programme's life: a draft is written, approved by a decision and,
/// when the year is over, closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeStatus {
    Draft,
    Approved,
    Closed,
}

impl ProgrammeStatus {
    pub const ALL: [ProgrammeStatus; 3] = [ProgrammeStatus::Draft, ProgrammeStatus::Approved, ProgrammeStatus::Closed];
    pub fn parse(s: &str) -> Option<ProgrammeStatus> {
        ProgrammeStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ProgrammeStatus::Draft => "draft",
            ProgrammeStatus::Approved => "approved",
            ProgrammeStatus::Closed => "closed",
        }
    }
    /// Status reports are written while a programme is in force or being drafted.
    pub fn takes_reports(self) -> bool {
        self != ProgrammeStatus::Closed
    }
}
