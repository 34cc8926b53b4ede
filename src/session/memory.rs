//! Where sessions and pending sign-ins live: a small key-value contract with two
//! implementations, Redis (shared by every replica) and in-process memory (for a
//! single instance and the demo). Values expire on their own; `take` is atomic
//! so a pending sign-in can be used once only.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the session store did not answer: {0}")]
    Unavailable(String),
}

#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Store `value` under `key` for `ttl`, replacing what was there.
    async fn put(&self, key: &str, value: String, ttl: Duration) -> Result<(), StoreError>;
    async fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Get and delete in one step: of two concurrent callers only one gets the value.
    async fn take(&self, key: &str) -> Result<Option<String>, StoreError>;
    async fn delete(&self, key: &str) -> Result<(), StoreError>;
    /// Cheap round trip for readiness checks.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// Redis, through one multiplexed connection that reconnects by itself.
/// Built without connecting, so the bridge starts (and answers 503) while
/// Redis is down and recovers when it comes back.
pub struct RedisStore {
    conn: ConnectionManager,
    prefix: String,
    op_timeout: Duration,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore").field("prefix", &self.prefix).finish_non_exhaustive()
    }
}

impl RedisStore {
    /// `url` must already be validated; must be called inside a Tokio runtime.
    pub fn new(url: &str, prefix: &str, op_timeout: Duration) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(op_timeout))
            .set_response_timeout(Some(op_timeout))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(200));
        let conn = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(Self { conn, prefix: prefix.to_owned(), op_timeout })
    }

    async fn run<T: redis::FromRedisValue>(&self, cmd: redis::Cmd) -> Result<T, StoreError> {
        let mut conn = self.conn.clone();
        // The manager's own timeouts cover one attempt; this bounds the whole call.
        let ceiling = self.op_timeout.saturating_mul(3);
        match tokio::time::timeout(ceiling, cmd.query_async::<T>(&mut conn)).await {
            Ok(result) => result.map_err(|e| StoreError::Unavailable(e.to_string())),
            Err(_) => Err(StoreError::Unavailable(format!("no answer within {ceiling:?}"))),
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }
}

#[async_trait]
impl Store for RedisStore {
    async fn put(&self, key: &str, value: String, ttl: Duration) -> Result<(), StoreError> {
        let mut cmd = redis::cmd("SET");
        cmd.arg(self.key(key)).arg(value).arg("PX").arg(ttl.as_millis().max(1) as u64);
        self.run::<()>(cmd).await
    }

    async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let mut cmd = redis::cmd("GET");
        cmd.arg(self.key(key));
        self.run(cmd).await
    }

    async fn take(&self, key: &str) -> Result<Option<String>, StoreError> {
        let mut cmd = redis::cmd("GETDEL");
        cmd.arg(self.key(key));
        self.run(cmd).await
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let mut cmd = redis::cmd("DEL");
        cmd.arg(self.key(key));
        self.run::<()>(cmd).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.run::<()>(redis::cmd("PING")).await
    }
}

/// In-process store for a single instance: nothing survives a restart.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<MemoryEntries>,
}

#[derive(Debug, Default)]
struct MemoryEntries {
    map: HashMap<String, (String, Instant)>,
    writes_since_sweep: usize,
}

/// Expired entries are dropped on read, and all of them every this many writes,
/// so memory stays bounded by what is live.
const SWEEP_EVERY: usize = 1024;

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryEntries> {
        // A panic while holding this lock cannot leave the map inconsistent
        // (every operation is a single insert/remove), so a poisoned lock is safe to reuse.
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn live(entry: Option<(String, Instant)>, now: Instant) -> Option<String> {
        entry.filter(|(_, expires)| *expires > now).map(|(value, _)| value)
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn put(&self, key: &str, value: String, ttl: Duration) -> Result<(), StoreError> {
        let now = Instant::now();
        let mut entries = self.lock();
        entries.writes_since_sweep += 1;
        if entries.writes_since_sweep >= SWEEP_EVERY {
            entries.map.retain(|_, (_, expires)| *expires > now);
            entries.writes_since_sweep = 0;
        }
        entries.map.insert(key.to_owned(), (value, now + ttl));
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let entries = self.lock();
        Ok(Self::live(entries.map.get(key).cloned(), Instant::now()))
    }

    async fn take(&self, key: &str) -> Result<Option<String>, StoreError> {
        let mut entries = self.lock();
        Ok(Self::live(entries.map.remove(key), Instant::now()))
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.lock().map.remove(key);
        Ok(())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_store_expires_and_takes_once() {
        let store = MemoryStore::default();
        store.put("a", "1".into(), Duration::from_secs(60)).await.unwrap();
        store.put("gone", "2".into(), Duration::from_millis(1)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert_eq!(store.get("a").await.unwrap().as_deref(), Some("1"));
        assert_eq!(store.get("gone").await.unwrap(), None);
        assert_eq!(store.take("a").await.unwrap().as_deref(), Some("1"));
        assert_eq!(store.take("a").await.unwrap(), None);
    }
}
