//! Search over agenda items, approved minutes and decisions, within what the
//! viewer may read: the same scope as the decision register's.

use store::search::Hit;

use crate::{Req, Result};

/// The newest hits for all of the query's words, `limit` of them after `offset`.
pub async fn search(req: &Req<'_>, query: &str, limit: i64, offset: i64) -> Result<Vec<Hit>> {
    let scope = super::decision_scope(req).await?;
    Ok(store::search::search(req.db(), req.tenant(), query, &scope, limit, offset).await?)
}
