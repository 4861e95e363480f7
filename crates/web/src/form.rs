//! What every form handler needs: field errors shown beside their fields in
//! the person's language, and the actor written to the audit log.

use std::collections::HashMap;

use domain::meetings::input::FieldError;
use store::platform::audit::Actor;

use crate::ctx::User;
use crate::i18n::Tr;

/// Field errors, translated, by field name.
#[derive(Default)]
pub struct Errors(HashMap<&'static str, String>);

impl Errors {
    pub fn from(tr: &Tr, errs: &[FieldError]) -> Errors {
        Errors(errs.iter().map(|e| (e.field, tr.t(e.message_id))).collect())
    }
    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.get(field)
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

/// A posted form whose fields may repeat (checkboxes, multi-selects), as
/// (name, value) pairs in order.
pub struct Pairs(pub Vec<(String, String)>);

impl<S: Send + Sync> axum::extract::FromRequest<S> for Pairs {
    type Rejection = axum::http::StatusCode;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|_| axum::http::StatusCode::BAD_REQUEST)?;
        Ok(Pairs(serde_urlencoded::from_bytes(&bytes).map_err(|_| axum::http::StatusCode::BAD_REQUEST)?))
    }
}

impl Pairs {
    /// The first value of a field, or "".
    pub fn one(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
    /// Every value of a field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }
}

/// The signed-in account, as the audit log names it.
pub fn actor(u: &User) -> Actor {
    Actor { account_id: Some(u.account_id), label: u.email.clone() }
}
