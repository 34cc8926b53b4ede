//! Sessions and pending sign-ins on top of a [`Store`]. Records are JSON; keys
//! are digests (see `keys`), so a dump of the store holds no usable cookie or
//! state value, and the provider's tokens in a session are sealed.
//!
//! A session ends at the first of: its absolute lifetime, its idle timeout, a
//! sign-out, a back-channel logout from the provider (found through the
//! indexes by the provider's `sid` or the user's `sub`), an administrator's
//! `sessions revoke`, or a re-read of its claims that the provider refuses.

pub mod cookie;
mod decoded;
mod ending;
mod keys;
mod memory;
mod metered;
mod redis;
pub mod refresh;
pub mod seal;
mod spent;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::config::SessionLifetimes;
use crate::identity::Identity;
use crate::jitsi::Destination;
use decoded::DecodedSessions;
pub use keys::digest;
use keys::{UserTag, UserTags};
pub use metered::MeteredStore;
pub use seal::{ProviderTokens, Sealer};
pub use spent::SpentLogin;
pub use store::{MemoryStore, RedisStore, Store, StoreError, Write};

/// 256 random bits, URL-safe: session ids, login states, browser bindings.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A sign-in that left for the identity provider and has not come back yet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingLogin {
    /// The room, Jitsi's overrides and the client to return to.
    #[serde(flatten)]
    pub destination: Destination,
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
    /// When the provider last confirmed `identity` (sign-in or re-read), Unix seconds.
    #[serde(default)]
    pub claims_checked_at: u64,
    /// The provider's session id (`sid` of the ID token), for back-channel logout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_sid: Option<String>,
    /// The sign-in's nonce: a refreshed ID token may repeat it, never change it.
    #[serde(default)]
    pub nonce: String,
    /// [`ProviderTokens`], sealed and bound to this session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed_tokens: Option<String>,
}

/// What a new session is made of.
#[derive(Debug)]
pub struct NewSession {
    pub identity: Identity,
    pub provider_sid: Option<String>,
    pub nonce: String,
    pub tokens: ProviderTokens,
}

/// Names one stored session without being its secret id: its user's tag and
/// the id's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionHandle {
    tag: UserTag,
    digest: String,
}

impl SessionHandle {
    /// The session an id (`<tag>.<random>`) names; `None` for an id of another
    /// shape, such as one issued before sessions were tagged.
    fn of_id(id: &str) -> Option<Self> {
        let (tag, _) = id.split_once('.')?;
        Some(Self { tag: UserTag::parse(tag)?, digest: digest(id) })
    }

    /// A short, non-secret label for logs and `sessions list`.
    pub fn label(&self) -> &str {
        self.digest.get(..12).unwrap_or(&self.digest)
    }

    fn key(&self) -> String {
        keys::session(&self.tag, &self.digest)
    }
}

#[derive(Clone, Debug)]
pub struct Sessions {
    store: Arc<dyn Store>,
    lifetimes: SessionLifetimes,
    sealer: Sealer,
    tags: UserTags,
    decoded: Arc<DecodedSessions>,
}

impl Sessions {
    /// `secret` (the cookie secret) keys the sealing of provider tokens and the users' tags.
    pub fn new(store: Arc<dyn Store>, lifetimes: SessionLifetimes, secret: &[u8]) -> Self {
        Self { store, lifetimes, sealer: Sealer::new(secret), tags: UserTags::new(secret), decoded: Arc::default() }
    }

    /// The same sessions with every store operation counted and timed in `metrics`.
    pub fn metered(self, metrics: Arc<crate::telemetry::metrics::Metrics>) -> Self {
        Self { store: Arc::new(MeteredStore::new(self.store, metrics)), ..self }
    }

    pub fn lifetimes(&self) -> &SessionLifetimes {
        &self.lifetimes
    }

    /// Keep a pending sign-in under its `state` value for the login TTL.
    pub async fn save_login(&self, state: &str, login: &PendingLogin) -> Result<(), StoreError> {
        self.store.put(&keys::login(state), encode(login)?, self.lifetimes.login).await
    }

    /// The pending sign-in for `state`, removed in the same step: a state works once.
    pub async fn take_login(&self, state: &str) -> Result<Option<PendingLogin>, StoreError> {
        let raw = self.store.take(&keys::login(state)).await?;
        Ok(raw.and_then(|json| decode(&json)))
    }

    /// Create a session at `now` and return its id (the cookie value).
    pub async fn create(&self, new: NewSession, now: u64) -> Result<String, StoreError> {
        let tag = self.tags.of(&new.identity.subject);
        let id = format!("{}.{}", tag.as_str(), random_token());
        let handle = SessionHandle { tag, digest: digest(&id) };
        let session = UserSession {
            sealed_tokens: self.sealer.seal(&new.tokens, &handle.digest),
            identity: new.identity,
            signed_in_at: now,
            claims_checked_at: now,
            provider_sid: new.provider_sid,
            nonce: new.nonce,
        };
        // The pointer first: a session must never exist unreachable by a back-channel logout.
        if let Some(sid) = &session.provider_sid {
            let pointer = keys::user_of_provider_session(sid);
            self.store.put(&pointer, handle.tag.as_str().to_owned(), self.lifetimes.absolute).await?;
        }
        let ttl = self.remaining(&session, now).unwrap_or(Duration::from_secs(1));
        let (index, key) = (keys::sessions_of(&handle.tag), handle.key());
        self.store
            .apply(&[
                Write::IndexAdd { index: &index, member: &handle.digest, ttl: self.lifetimes.absolute },
                Write::Put { key: &key, value: encode(&session)?, ttl },
            ])
            .await?;
        Ok(id)
    }

    /// The live session with this id at `now`; using it restarts its idle timeout.
    /// The record is read from the store every time; only its decoding may be
    /// reused (see `decoded`).
    pub async fn load(&self, id: &str, now: u64) -> Result<Option<(SessionHandle, Arc<UserSession>)>, StoreError> {
        let Some(handle) = SessionHandle::of_id(id) else {
            return Ok(None);
        };
        let raw = self.store.get_and_touch(&handle.key(), self.lifetimes.idle).await?;
        let Some(session) = raw.and_then(|raw| self.decoded.get_or_decode(&handle.digest, raw, decode)) else {
            return Ok(None);
        };
        if self.remaining(&session, now).is_none() {
            self.end(&handle).await?;
            return Ok(None);
        }
        Ok(Some((handle, session)))
    }

    /// The session with this id as stored now, without touching it.
    pub async fn find(&self, id: &str) -> Result<Option<(SessionHandle, UserSession)>, StoreError> {
        let Some(handle) = SessionHandle::of_id(id) else {
            return Ok(None);
        };
        Ok(self.reload(&handle).await?.map(|session| (handle, session)))
    }

    /// The session as stored now, without touching it (another replica may have changed it).
    pub async fn reload(&self, handle: &SessionHandle) -> Result<Option<UserSession>, StoreError> {
        let raw = self.store.get(&handle.key()).await?;
        Ok(raw.and_then(|json| decode(&json)))
    }

    /// The provider's tokens of this session, if it has any that still open.
    pub fn tokens(&self, handle: &SessionHandle, session: &UserSession) -> Option<ProviderTokens> {
        self.sealer.open(session.sealed_tokens.as_deref()?, &handle.digest)
    }

    /// Store re-read claims and the tokens that came with them. `false` when
    /// the session ended meanwhile: it is not brought back.
    pub async fn save_rechecked(
        &self,
        handle: &SessionHandle,
        session: &mut UserSession,
        tokens: &ProviderTokens,
        now: u64,
    ) -> Result<bool, StoreError> {
        session.claims_checked_at = now;
        session.sealed_tokens = self.sealer.seal(tokens, &handle.digest);
        let Some(ttl) = self.remaining(session, now) else {
            return Ok(false);
        };
        self.store.replace(&handle.key(), encode(session)?, ttl).await
    }

    /// Become the one replica re-reading this session's claims, for `ttl` at most.
    /// `Some(owner token)` on success; pass it to [`Sessions::unlock`].
    pub async fn try_lock(&self, handle: &SessionHandle, ttl: Duration) -> Result<Option<String>, StoreError> {
        let owner = random_token();
        let locked = self.store.put_new(&keys::refresh_lock(&handle.tag, &handle.digest), owner.clone(), ttl).await?;
        Ok(locked.then_some(owner))
    }

    pub async fn unlock(&self, handle: &SessionHandle, owner: &str) -> Result<(), StoreError> {
        self.store.delete_if(&keys::refresh_lock(&handle.tag, &handle.digest), owner).await.map(drop)
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        self.store.ping().await
    }

    /// How long this session may still live from `now`: the shorter of its idle
    /// timeout and what is left of its absolute lifetime; `None` once that is spent.
    fn remaining(&self, session: &UserSession, now: u64) -> Option<Duration> {
        let ends_at = session.signed_in_at.saturating_add(self.lifetimes.absolute.as_secs());
        let left = ends_at.checked_sub(now).filter(|left| *left > 0)?;
        Some(self.lifetimes.idle.min(Duration::from_secs(left)))
    }
}

fn encode<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Unavailable(format!("encoding a record: {e}")))
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
