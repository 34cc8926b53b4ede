//! The Redis store: one multiplexed connection that reconnects by itself,
//! built without connecting, so the bridge starts (and answers 503) while Redis
//! is down and recovers when it comes back. Every key carries the prefix.

use std::time::Duration;

use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::store::{Store, StoreError};

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

/// Deletes the key only while it holds the caller's value (a lock's owner token).
const DELETE_IF_SCRIPT: &str =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

fn millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
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

    async fn run<T: redis::FromRedisValue>(&self, cmd: &redis::Cmd) -> Result<T, StoreError> {
        let mut conn = self.conn.clone();
        self.bounded(async move { cmd.query_async::<T>(&mut conn).await }).await
    }

    async fn run_pipe(&self, pipe: &redis::Pipeline) -> Result<(), StoreError> {
        let mut conn = self.conn.clone();
        self.bounded(async move { pipe.query_async::<()>(&mut conn).await }).await
    }

    /// The manager's own timeouts cover one attempt; this bounds the whole call.
    async fn bounded<T>(
        &self,
        call: impl std::future::Future<Output = redis::RedisResult<T>>,
    ) -> Result<T, StoreError> {
        let ceiling = self.op_timeout.saturating_mul(3);
        match tokio::time::timeout(ceiling, call).await {
            Ok(result) => result.map_err(|e| StoreError::Unavailable(e.to_string())),
            Err(_) => Err(StoreError::Unavailable(format!("no answer within {ceiling:?}"))),
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn cmd(&self, name: &str, key: &str) -> redis::Cmd {
        let mut cmd = redis::cmd(name);
        cmd.arg(self.key(key));
        cmd
    }

    async fn set(&self, key: &str, value: String, ttl: Duration, condition: Option<&str>) -> Result<bool, StoreError> {
        let mut cmd = self.cmd("SET", key);
        cmd.arg(value).arg("PX").arg(millis(ttl));
        if let Some(condition) = condition {
            cmd.arg(condition);
        }
        // SET answers OK, or nil when its NX/XX condition did not hold.
        Ok(self.run::<Option<String>>(&cmd).await?.is_some())
    }
}

#[async_trait]
impl Store for RedisStore {
    async fn put(&self, key: &str, value: String, ttl: Duration) -> Result<(), StoreError> {
        self.set(key, value, ttl, None).await.map(drop)
    }

    async fn put_new(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError> {
        self.set(key, value, ttl, Some("NX")).await
    }

    async fn replace(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError> {
        self.set(key, value, ttl, Some("XX")).await
    }

    async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.run(&self.cmd("GET", key)).await
    }

    async fn get_and_touch(&self, key: &str, ttl: Duration) -> Result<Option<String>, StoreError> {
        let mut cmd = self.cmd("GETEX", key);
        cmd.arg("PX").arg(millis(ttl));
        self.run(&cmd).await
    }

    async fn take(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.run(&self.cmd("GETDEL", key)).await
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.run::<()>(&self.cmd("DEL", key)).await
    }

    async fn delete_if(&self, key: &str, value: &str) -> Result<bool, StoreError> {
        let mut cmd = redis::cmd("EVAL");
        cmd.arg(DELETE_IF_SCRIPT).arg(1).arg(self.key(key)).arg(value);
        Ok(self.run::<i64>(&cmd).await? == 1)
    }

    async fn index_add(&self, index: &str, member: &str, ttl: Duration) -> Result<(), StoreError> {
        let mut pipe = redis::pipe();
        let mut expire = self.cmd("PEXPIRE", index);
        expire.arg(millis(ttl));
        let mut add = self.cmd("SADD", index);
        add.arg(member);
        pipe.atomic().add_command(add).ignore().add_command(expire).ignore();
        self.run_pipe(&pipe).await
    }

    async fn index_members(&self, index: &str) -> Result<Vec<String>, StoreError> {
        self.run(&self.cmd("SMEMBERS", index)).await
    }

    async fn index_remove(&self, index: &str, member: &str) -> Result<(), StoreError> {
        let mut cmd = self.cmd("SREM", index);
        cmd.arg(member);
        self.run::<()>(&cmd).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.run::<()>(&redis::cmd("PING")).await
    }
}
