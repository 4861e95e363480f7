//! Minutes as the viewer may read them, and their correction.

use domain::meetings::ItemId;
use store::meetings::minutes::{self as minutes_store, Entry, Minutes, Outcome};
use store::meetings::{Forum, Meeting};

use super::agenda::MeetingItems;
use crate::{Req, Result};

/// The meeting's minutes, when the viewer may read them (a draft only the
/// members and the secretariat), with the entries of the items the viewer
/// sees in full. `None` before the meeting, or when there are none to read.
pub async fn of_meeting(req: &Req<'_>, forum: &Forum, meeting: &Meeting, items: &MeetingItems) -> Result<Option<(Minutes, Vec<Entry>)>> {
    // A meeting that has not begun has no minutes yet.
    if meeting.starts_at > req.now() || meeting.is_cancelled() {
        return Ok(None);
    }
    let Some((minutes, entries)) = minutes_store::with_entries(req.db(), req.tenant(), meeting.id).await? else { return Ok(None) };
    if !req.viewer().can_read_minutes(forum, minutes.is_approved()) {
        return Ok(None);
    }
    let shown = |e: &Entry| items.placed().any(|s| s.item.id == e.item_id && !s.hidden());
    Ok(Some((minutes.clone(), entries.into_iter().filter(shown).collect())))
}

/// Why a correction was not made.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// A text is longer than an item's text may be.
    TooLong,
}

/// Corrects approved minutes: only the texts of this meeting's items, each
/// within the length an item's text may have; the texts as they were are
/// kept as a revision with the reason.
pub async fn correct(
    req: &Req<'_>,
    meeting: &Meeting,
    version: i64,
    texts: &[(ItemId, String)],
    reason: &str,
) -> Result<std::result::Result<Outcome, Refused>> {
    if texts.iter().any(|(_, t)| t.chars().count() > domain::meetings::agenda::MAX_TEXT) {
        return Ok(Err(Refused::TooLong));
    }
    Ok(Ok(minutes_store::correct(req.db(), req.tenant(), meeting.id, version, texts, reason, &req.actor()).await?))
}

/// The meetings whose minutes are written but not approved, oldest first:
/// for the secretariat, who approve them.
pub async fn awaiting_approval(req: &Req<'_>) -> Result<Vec<Meeting>> {
    super::manage(req, || "minutes:awaiting".into()).await?;
    let ids = store::meetings::minutes::awaiting_approval(req.db(), req.tenant()).await?;
    let by_id = store::meetings::meetings_by_id(req.db(), req.tenant(), &ids).await?;
    Ok(ids.iter().filter_map(|id| by_id.get(id).cloned()).collect())
}
