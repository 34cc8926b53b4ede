//! The Redis store, on one server, behind Sentinel or in a Cluster (`connect`
//! builds the connection for each). Every key carries the prefix.
//!
//! A command names one key, except [`Store::apply`]: one MULTI/EXEC
//! transaction over several keys, which a Cluster runs only when they all hash
//! to one slot. The session keys are built for that (`session::keys`): a
//! session, its lock and its user's index share the user's `{hash tag}`.

mod connect;
mod sentinel;
mod tls;

use std::time::Duration;

use async_trait::async_trait;
use secrecy::SecretString;

use super::store::{Store, StoreError, Write};
use crate::config::{RedisAuth, RedisSettings, RedisTopology};
use connect::Connection;

pub struct RedisStore {
    conn: Connection,
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
    /// The store `settings` name; must be called inside a Tokio runtime.
    pub fn connect(settings: &RedisSettings) -> Result<Self, StoreError> {
        let conn = Connection::open(settings).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(Self { conn, prefix: settings.key_prefix.clone(), op_timeout: settings.timeout })
    }

    /// One server at `url`, which must already be validated; must be called inside a Tokio runtime.
    pub fn new(url: &str, prefix: &str, op_timeout: Duration) -> Result<Self, StoreError> {
        let topology =
            RedisTopology::Standalone { url: SecretString::from(url), tls: false, auth: RedisAuth::default() };
        Self::connect(&RedisSettings { topology, extra_ca: None, key_prefix: prefix.to_owned(), timeout: op_timeout })
    }

    async fn run<T: redis::FromRedisValue>(&self, cmd: &redis::Cmd) -> Result<T, StoreError> {
        self.bounded(self.conn.query(cmd)).await
    }

    async fn run_pipe(&self, pipe: &redis::Pipeline) -> Result<(), StoreError> {
        self.bounded(self.conn.query_pipe(pipe)).await
    }

    /// The connection's own timeouts cover one attempt; this bounds the whole call,
    /// a Sentinel lookup or a cluster's retries included.
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

    /// The commands of one batched write.
    fn commands(&self, write: &Write<'_>) -> Vec<redis::Cmd> {
        match write {
            Write::Put { key, value, ttl } => {
                let mut set = self.cmd("SET", key);
                set.arg(value).arg("PX").arg(millis(*ttl));
                vec![set]
            }
            Write::Delete { key } => vec![self.cmd("DEL", key)],
            Write::IndexAdd { index, member, ttl } => {
                let mut add = self.cmd("SADD", index);
                add.arg(*member);
                let mut expire = self.cmd("PEXPIRE", index);
                expire.arg(millis(*ttl));
                vec![add, expire]
            }
            Write::IndexRemove { index, member } => {
                let mut remove = self.cmd("SREM", index);
                remove.arg(*member);
                vec![remove]
            }
        }
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
        self.apply(&[Write::IndexAdd { index, member, ttl }]).await
    }

    async fn index_members(&self, index: &str) -> Result<Vec<String>, StoreError> {
        self.run(&self.cmd("SMEMBERS", index)).await
    }

    async fn index_remove(&self, index: &str, member: &str) -> Result<(), StoreError> {
        let mut cmd = self.cmd("SREM", index);
        cmd.arg(member);
        self.run::<()>(&cmd).await
    }

    async fn apply(&self, writes: &[Write<'_>]) -> Result<(), StoreError> {
        let mut pipe = redis::pipe();
        pipe.atomic();
        for write in writes {
            for cmd in self.commands(write) {
                pipe.add_command(cmd).ignore();
            }
        }
        self.run_pipe(&pipe).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.run::<()>(&redis::cmd("PING")).await
    }
}
