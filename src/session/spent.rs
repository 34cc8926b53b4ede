//! The outcome of a sign-in that was refused, kept under its `state` for the
//! pending sign-in's lifetime: the callback URL stays in the address bar, and
//! reloading it must show the same refusal, not "this link has expired"
//! (the pending sign-in itself is taken on first use and is gone by then).
//! Only what the refusal page shows is kept: no tokens, no groups.

use serde::{Deserialize, Serialize};

use super::{decode, encode, keys, Sessions, StoreError};
use crate::jitsi::Destination;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SpentLogin {
    /// Where the refused sign-in was going.
    #[serde(flatten)]
    pub destination: Destination,
    /// The name the refusal page greets the user by.
    pub user: String,
    /// Digest of the login-binding cookie of the browser that signed in: no one
    /// else is shown the page.
    pub browser_binding: String,
}

impl Sessions {
    /// Keep a refusal for the login TTL (a sign-in link lives no longer).
    pub async fn remember_refusal(&self, state: &str, spent: &SpentLogin) -> Result<(), StoreError> {
        self.store.put(&keys::spent_login(state), encode(spent)?, self.lifetimes.login).await
    }

    /// The refusal kept for `state`, if any (read, not taken: every reload shows it).
    pub async fn refusal_for(&self, state: &str) -> Result<Option<SpentLogin>, StoreError> {
        Ok(self.store.get(&keys::spent_login(state)).await?.and_then(|json| decode(&json)))
    }
}
