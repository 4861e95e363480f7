//! The meetings context's services: forums and meetings here; agendas and
//! attachments in `agenda`, minutes in `minutes`, the decision register and
//! follow-up in `decisions`, search in `search`, and mail in `notify`.
//! Everything is authorised by `domain::meetings::policy`.

pub mod agenda;
pub mod decisions;
pub mod minutes;
pub mod notify;

use domain::meetings::policy::DecisionScope;
use store::meetings::{Forum, Meeting, MeetingId};

use crate::{Error, Req, Result};

/// The forums the viewer reads, in the tenant's order.
pub async fn readable_forums(req: &Req<'_>) -> Result<Vec<Forum>> {
    let r = req.reference().await?;
    Ok(r.forums.iter().filter(|f| req.viewer().can_read_forum(f)).cloned().collect())
}

/// A forum the viewer reads: not found when it is not the tenant's, an
/// audited refusal when the viewer may not read it.
pub async fn forum(req: &Req<'_>, id: i64) -> Result<Forum> {
    let r = req.reference().await?;
    let f = r.forum(id).cloned().ok_or(Error::NotFound)?;
    req.allow(req.viewer().can_read_forum(&f), || format!("forum:{id}")).await?;
    Ok(f)
}

/// The meetings of a forum the viewer reads, starting between `from` and `to`.
pub async fn meetings_of(
    req: &Req<'_>,
    forum_id: i64,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
) -> Result<(Forum, Vec<Meeting>)> {
    let f = forum(req, forum_id).await?;
    let list = store::meetings::meetings_of_forum(req.db(), req.tenant(), f.id, from, to).await?;
    Ok((f, list))
}

/// A meeting of a forum the viewer reads.
pub async fn meeting(req: &Req<'_>, id: MeetingId) -> Result<(Forum, Meeting)> {
    let m = store::meetings::meeting(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)?;
    let f = forum(req, m.forum_id).await?;
    Ok((f, m))
}

/// Refuses (and audits) unless the viewer is the secretariat.
pub async fn manage(req: &Req<'_>, what: impl FnOnce() -> String) -> Result<()> {
    req.allow(req.viewer().can_manage_meetings(), what).await
}

/// A forum's members by name.
pub async fn members(req: &Req<'_>, forum: &Forum) -> Result<Vec<(i64, String)>> {
    Ok(req.reference().await?.members_of(forum))
}

/// Which decisions the viewer may read.
pub async fn decision_scope(req: &Req<'_>) -> Result<DecisionScope> {
    let r = req.reference().await?;
    Ok(DecisionScope::of(req.viewer(), &r.forums, &r.tree()))
}

/// The meetings of the forums the viewer sits in, for their own calendar.
pub async fn my_forums(req: &Req<'_>) -> Result<Vec<Forum>> {
    let r = req.reference().await?;
    Ok(r.forums.iter().filter(|f| req.viewer().is_member(&f.membership)).cloned().collect())
}
