//! The programme context: the yearly work programme of the board and group
//! management (seed 002), its initiatives with milestones and status
//! reports, and the rules that keep them sound.

pub mod cycle;
pub mod entry;
pub mod initiative;
pub mod policy;
pub mod report;
pub mod wheel;

use crate::meetings::DecisionId;

words! {
    /// A work programme's life: a draft is written, approved by a decision and,
    /// when the year is over, closed.
    pub enum ProgrammeStatus {
        Draft = "draft",
        Approved = "approved",
        Closed = "closed",
    }
}

impl ProgrammeStatus {
    /// Status reports are written while a programme is in force or being drafted.
    pub fn takes_reports(self) -> bool {
        self != ProgrammeStatus::Closed
    }

    /// The statuses a programme may move to `self` from: a draft or a
    /// closed programme is approved (a closed one is opened again that
    /// way), an approved one is closed; nothing goes back to draft.
    pub fn reached_from(self) -> &'static [ProgrammeStatus] {
        match self {
            ProgrammeStatus::Draft => &[],
            ProgrammeStatus::Approved => &[ProgrammeStatus::Draft, ProgrammeStatus::Closed],
            ProgrammeStatus::Closed => &[ProgrammeStatus::Approved],
        }
    }

    pub fn may_become(self, to: ProgrammeStatus) -> bool {
        to.reached_from().contains(&self)
    }

    /// The one step the programme's page offers.
    pub fn next(self) -> ProgrammeStatus {
        match self {
            ProgrammeStatus::Draft | ProgrammeStatus::Closed => ProgrammeStatus::Approved,
            ProgrammeStatus::Approved => ProgrammeStatus::Closed,
        }
    }
}

/// A year's work programme.
#[derive(Clone, Debug, PartialEq)]
pub struct Programme {
    pub id: i64,
    pub year: i64,
    pub title: String,
    pub status: ProgrammeStatus,
    /// How often its initiatives report.
    pub cadence: report::Cadence,
    /// The decision that approved it, once approved.
    pub approved_decision_id: Option<DecisionId>,
    pub version: i64,
}

impl Programme {
    pub fn is_draft(&self) -> bool {
        self.status == ProgrammeStatus::Draft
    }

    pub fn is_closed(&self) -> bool {
        self.status == ProgrammeStatus::Closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_programme_moves_draft_approved_closed_and_back_to_approved() {
        use ProgrammeStatus::*;
        let legal = [(Draft, Approved), (Approved, Closed), (Closed, Approved)];
        for from in ProgrammeStatus::ALL {
            for to in ProgrammeStatus::ALL {
                assert_eq!(from.may_become(to), legal.contains(&(from, to)), "{from} to {to}");
            }
            assert!(from.may_become(from.next()), "the offered step is allowed from {from}");
        }
    }
}
