//! Where sessions and pending sign-ins live: a small key-value contract with two
//! implementations, Redis (shared by every replica) and in-process memory (for a
//! single instance and the demo). Values expire on their own; `take`,
//! `put_new`, `replace` and `delete_if` are atomic, so a pending sign-in works
//! once, a lock has one holder, and a refresh cannot resurrect a session that
//! a sign-out deleted meanwhile. Indexes are sets of members that expire as a
//! whole; what they list may already have expired, and readers skip it.
//! [`Store::apply`] makes several writes one step: a session is never stored
//! without its index entry, nor an index entry left behind by a sign-out.

use std::time::Duration;

use async_trait::async_trait;

pub use super::memory::MemoryStore;
pub use super::redis::RedisStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the session store did not answer: {0}")]
    Unavailable(String),
}

/// One write of an [`Store::apply`] batch.
#[derive(Debug)]
pub enum Write<'a> {
    Put {
        key: &'a str,
        value: String,
        ttl: Duration,
    },
    Delete {
        key: &'a str,
    },
    /// As [`Store::index_add`].
    IndexAdd {
        index: &'a str,
        member: &'a str,
        ttl: Duration,
    },
    IndexRemove {
        index: &'a str,
        member: &'a str,
    },
}

#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Store `value` under `key` for `ttl`, replacing what was there.
    async fn put(&self, key: &str, value: String, ttl: Duration) -> Result<(), StoreError>;
    /// Store only if `key` is absent; `false` when it was there already.
    async fn put_new(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError>;
    /// Store only if `key` is present; `false` when it had gone.
    async fn replace(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError>;
    async fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Get, and let the value live `ttl` from now.
    async fn get_and_touch(&self, key: &str, ttl: Duration) -> Result<Option<String>, StoreError>;
    /// Get and delete in one step: of two concurrent callers only one gets the value.
    async fn take(&self, key: &str) -> Result<Option<String>, StoreError>;
    async fn delete(&self, key: &str) -> Result<(), StoreError>;
    /// Delete only if the value is still `value` (releasing a lock we hold).
    async fn delete_if(&self, key: &str, value: &str) -> Result<bool, StoreError>;
    /// Add `member` to the set `index`, which then expires `ttl` from now: callers pass
    /// the longest life any member can have, so the index outlives its members.
    async fn index_add(&self, index: &str, member: &str, ttl: Duration) -> Result<(), StoreError>;
    async fn index_members(&self, index: &str) -> Result<Vec<String>, StoreError>;
    async fn index_remove(&self, index: &str, member: &str) -> Result<(), StoreError>;
    /// Every write, in order, as one atomic step. In a Redis Cluster every key of a
    /// batch must hash to one slot (keys share a `{hash tag}`; see `session::keys`).
    async fn apply(&self, writes: &[Write<'_>]) -> Result<(), StoreError>;
    /// Cheap round trip for readiness checks.
    async fn ping(&self) -> Result<(), StoreError>;
}
