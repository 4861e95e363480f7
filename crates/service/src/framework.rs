//! The framework context's services: its versions as everyone signed in
//! reads them (`domain::org::policy`: administrators load new versions).

use domain::framework::Element;
use store::framework::{self as fw_store, Version};

use crate::{Error, Req, Result};

/// The version in force, if any has been loaded.
pub async fn in_force(req: &Req<'_>) -> Result<Option<Version>> {
    Ok(fw_store::version(req.db(), req.tenant(), None).await?)
}

/// A version by its number.
pub async fn version(req: &Req<'_>, number: i64) -> Result<Version> {
    fw_store::version(req.db(), req.tenant(), Some(number)).await?.ok_or(Error::NotFound)
}

/// Every version, newest first.
pub async fn versions(req: &Req<'_>) -> Result<Vec<Version>> {
    Ok(fw_store::versions(req.db(), req.tenant()).await?)
}

/// The TOML a version was loaded from.
pub async fn source(req: &Req<'_>, v: &Version) -> Result<String> {
    Ok(fw_store::source(req.db(), req.tenant(), v.id).await?.unwrap_or_default())
}

/// A version's elements with their stable keys.
pub async fn elements(req: &Req<'_>, v: &Version) -> Result<Vec<Element>> {
    Ok(fw_store::elements(req.db(), req.tenant(), v.id).await?)
}
