//! Personal tokens: API tokens with a scope and an expiry, and the calendar
//! feeds' tokens. A person makes, lists and revokes their own on their page;
//! the command line makes API tokens for any account. Every change is audited.

use chrono::Duration;
use domain::platform::ApiArea;
use domain::platform::tokens::NewApiToken;
use store::platform::accounts::{self, Account, Token, TokenKind};
use store::platform::audit::{self, Actor};

use crate::{Error, Req, Result, Services};

/// Makes an API token for `account`; returns the token, shown this once.
pub async fn create_api_token(svc: &Services, account: &Account, t: &NewApiToken, actor: &Actor) -> Result<String> {
    let scope = ApiArea::format_scope(&t.scope);
    let expires = svc.clock.now() + Duration::days(t.days);
    let token = accounts::create_token(&svc.db, account, TokenKind::Api, &t.label, &scope, Some(expires)).await?;
    audit::record(&svc.db, Some(account.tenant_id), actor, "account.token.create", &account.email, &format!("{} ({scope}, {} days)", t.label, t.days)).await?;
    Ok(token)
}

/// The signed-in person's own account, for their tokens.
async fn own_account(req: &Req<'_>) -> Result<Account> {
    accounts::get(req.db(), req.who.account_id).await?.filter(|a| a.tenant_id == req.tenant()).ok_or(Error::NotFound)
}

/// Makes an API token for the signed-in person.
pub async fn create_own_api_token(req: &Req<'_>, t: &NewApiToken) -> Result<String> {
    let account = own_account(req).await?;
    create_api_token(req.svc, &account, t, &req.actor()).await
}

/// Makes a calendar feed token for the signed-in person: it reads their
/// feeds and nothing else, until revoked.
pub async fn create_feed_token(req: &Req<'_>, label: &str) -> Result<String> {
    let account = own_account(req).await?;
    let token = accounts::create_token(req.db(), &account, TokenKind::Feed, label, "", None).await?;
    audit::record(req.db(), Some(req.tenant()), &req.actor(), "account.feed.create", &account.email, label).await?;
    Ok(token)
}

/// The signed-in person's tokens, newest first.
pub async fn own_tokens(req: &Req<'_>) -> Result<Vec<Token>> {
    Ok(accounts::tokens_of(req.db(), req.tenant(), req.who.account_id).await?)
}

/// Revokes one of the signed-in person's tokens; false when it was not
/// theirs or was revoked already.
pub async fn revoke_own(req: &Req<'_>, id: i64) -> Result<bool> {
    let done = accounts::revoke_token(req.db(), req.tenant(), req.who.account_id, id).await?;
    if done {
        audit::record(req.db(), Some(req.tenant()), &req.actor(), "account.token.revoke", &req.who.email, &id.to_string()).await?;
    }
    Ok(done)
}
