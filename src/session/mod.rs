//! Sessions and pending sign-ins on top of a [`Store`]. Records are JSON; keys
//! are SHA-256 of the random id, so a dump of the store holds no usable cookie
//! or state value.

pub mod cookie;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::identity::Identity;
use crate::jitsi::{ConfigOverrides, RoomTarget};
pub use store::{MemoryStore, RedisStore, Store, StoreError};

/// 256 random bits, URL-safe: session ids, login states, browser bindings.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 of a secret value, URL-safe; what the store is keyed by.
pub fn digest(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

/// A sign-in that left for the identity provider and has not come back yet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingLogin {
    pub target: RoomTarget,
    #[serde(default)]
    pub overrides: ConfigOverrides,
    pub pkce_verifier: String,
    pub nonce: String,
    /// Digest of the login-binding cookie of the browser that started this sign-in.
    pub browser_binding: String,
}

/// A signed-in employee.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct UserSession {
    pub identity: Identity,
    /// Unix seconds.
    pub signed_in_at: u64,
}

#[derive(Clone, Debug)]
pub struct Sessions {
    store: Arc<dyn Store>,
    session_ttl: Duration,
    login_ttl: Duration,
}

const LOGIN: &str = "login:";
const SESSION: &str = "session:";

impl Sessions {
    pub fn new(store: Arc<dyn Store>, session_ttl: Duration, login_ttl: Duration) -> Self {
        Self { store, session_ttl, login_ttl }
    }

    /// Keep a pending sign-in under its `state` value for the login TTL.
    pub async fn save_login(&self, state: &str, login: &PendingLogin) -> Result<(), StoreError> {
        self.put(LOGIN, state, login, self.login_ttl).await
    }

    /// The pending sign-in for `state`, removed in the same step: a state works once.
    pub async fn take_login(&self, state: &str) -> Result<Option<PendingLogin>, StoreError> {
        let raw = self.store.take(&key(LOGIN, state)).await?;
        Ok(raw.and_then(|json| decode(&json)))
    }

    /// Create a session and return its id (the cookie value).
    pub async fn create(&self, session: &UserSession) -> Result<String, StoreError> {
        let id = random_token();
        self.put(SESSION, &id, session, self.session_ttl).await?;
        Ok(id)
    }

    pub async fn load(&self, id: &str) -> Result<Option<UserSession>, StoreError> {
        let raw = self.store.get(&key(SESSION, id)).await?;
        Ok(raw.and_then(|json| decode(&json)))
    }

    pub async fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.store.delete(&key(SESSION, id)).await
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        self.store.ping().await
    }

    async fn put<T: Serialize>(&self, kind: &str, id: &str, value: &T, ttl: Duration) -> Result<(), StoreError> {
        let json =
            serde_json::to_string(value).map_err(|e| StoreError::Unavailable(format!("encoding a record: {e}")))?;
        self.store.put(&key(kind, id), json, ttl).await
    }
}

fn key(kind: &str, id: &str) -> String {
    format!("{kind}{}", digest(id))
}

/// A record that no longer decodes (written by another version, say) counts as
/// absent: the visitor signs in again rather than seeing an error.
fn decode<T: DeserializeOwned>(json: &str) -> Option<T> {
    match serde_json::from_str(json) {
        Ok(value) => Some(value),
        Err(error) => {
            tracing::warn!(%error, "dropping a stored record that does not decode");
            None
        }
    }
}
