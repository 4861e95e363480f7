//! The programme context's services: who writes the programme and keeps the
//! årshjul, and which forums' meetings are on a reader's wheel
//! (`domain::programme::policy`). Everyone signed in reads the programme.

use std::collections::HashSet;

use crate::{Req, Result};

/// Refuses (and audits) unless the viewer writes the programme.
pub async fn manage(req: &Req<'_>, what: impl FnOnce() -> String) -> Result<()> {
    req.allow(req.viewer().can_manage_programme(), what).await
}

/// Refuses (and audits) unless the viewer may change an initiative with this owner.
pub async fn edit_initiative(req: &Req<'_>, owner: Option<i64>, what: impl FnOnce() -> String) -> Result<()> {
    req.allow(req.viewer().can_edit_initiative(owner), what).await
}

/// The forums whose meetings are on the viewer's wheel.
pub async fn forums_on_wheel(req: &Req<'_>) -> Result<HashSet<i64>> {
    let r = req.reference().await?;
    Ok(r.forums.iter().filter(|f| req.viewer().sees_on_wheel(f)).map(|f| f.id).collect())
}
