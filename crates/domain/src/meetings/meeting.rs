//! A meeting of a forum: planned from the forum's cadence or by hand, moved,
//! or cancelled with a reason. Its id is of its own type, as are those of
//! agenda items and decisions, which sit beside it in paths and forms.

use chrono::{DateTime, NaiveDate, Utc};

ids! {
    /// A meeting's id.
    MeetingId;
    /// An agenda item's id.
    ItemId;
    /// A decision's id.
    DecisionId;
}

words! {
    /// Whether a meeting will take place.
    pub enum MeetingStatus {
        Planned = "planned",
        /// Called off, with a reason; it keeps its place in the series.
        Cancelled = "cancelled",
    }
}

impl MeetingStatus {
    /// The statuses a meeting may move to `self` from. Only a planned
    /// meeting can be cancelled, and a cancelled one stays so.
    pub fn reached_from(self) -> &'static [MeetingStatus] {
        match self {
            MeetingStatus::Planned => &[],
            MeetingStatus::Cancelled => &[MeetingStatus::Planned],
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub id: MeetingId,
    pub forum_id: i64,
    /// The cadence's date this meeting was generated for (kept when it is
    /// moved, so it is not generated again); `None` when added by hand.
    pub series_date: Option<NaiveDate>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub status: MeetingStatus,
    pub cancel_reason: String,
    pub chair_person_id: Option<i64>,
    pub version: i64,
    pub agenda_published_at: Option<DateTime<Utc>>,
}

impl Meeting {
    pub fn is_cancelled(&self) -> bool {
        self.status == MeetingStatus::Cancelled
    }

    /// Held: its time has passed and it was not cancelled.
    pub fn is_held(&self, now: DateTime<Utc>) -> bool {
        !self.is_cancelled() && self.starts_at <= now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(status: MeetingStatus) -> Meeting {
        let at = DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
        Meeting {
            id: MeetingId(1),
            forum_id: 1,
            series_date: None,
            starts_at: at,
            ends_at: at,
            place: String::new(),
            status,
            cancel_reason: String::new(),
            chair_person_id: None,
            version: 1,
            agenda_published_at: None,
        }
    }

    #[test]
    fn only_planned_meetings_change() {
        assert_eq!(MeetingStatus::Cancelled.reached_from(), &[MeetingStatus::Planned], "only a planned meeting is cancelled");
        let at = meeting(MeetingStatus::Planned).starts_at;
        assert!(meeting(MeetingStatus::Planned).is_held(at));
        assert!(!meeting(MeetingStatus::Cancelled).is_held(at));
    }
}
