//! Where sessions are stored: in memory, or in Redis as operators run it: one
//! server (`session.redis_url`, or `[session.redis]` with `url`), Sentinel
//! (`sentinels` + `master_name`) or Cluster (`cluster_nodes`). This file owns the
//! operator's `[session.redis]` and its validation; connecting is `session::redis`'s.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use super::checks::Problems;
use super::store_checks::{ca_bundle, cluster, credentials, sentinel, sentinel_keys_elsewhere, standalone};

/// `[session.redis]`: exactly one of `url`, `sentinels` or `cluster_nodes`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedis {
    /// One server: "redis://host:6379/0", or "rediss://..." for TLS.
    pub url: Option<String>,
    /// Sentinel: the sentinels as "host:port" (e.g. ["sentinel-1:26379", ...]).
    pub sentinels: Option<Vec<String>>,
    /// Sentinel: the name the sentinels monitor the master under (`sentinel monitor <name> ...`).
    pub master_name: Option<String>,
    /// Sentinel: the database number (default 0).
    pub db: Option<i64>,
    /// Sentinel: TLS to the sentinels and to Redis (a URL says so itself with rediss://).
    #[serde(default)]
    pub tls: bool,
    /// Cluster: some nodes as "redis://host:port" or "rediss://host:port"; the others are discovered.
    pub cluster_nodes: Option<Vec<String>>,
    /// Redis ACL user, if not "default".
    pub username: Option<String>,
    /// Redis password (`requirepass`, or the ACL user's); instead of one in a URL.
    pub password: Option<String>,
    pub password_file: Option<PathBuf>,
    /// Sentinel: the sentinels' own ACL user and password, when they require one.
    pub sentinel_username: Option<String>,
    pub sentinel_password: Option<String>,
    pub sentinel_password_file: Option<PathBuf>,
    /// PEM bundle of CAs trusted for Redis TLS, besides the system's roots.
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub enum StoreSettings {
    Memory,
    /// Boxed: far larger than `Memory`, and read once at start.
    Redis(Box<RedisSettings>),
}

/// A validated Redis store: the topology, its TLS trust and the store's own settings.
#[derive(Debug, Clone)]
pub struct RedisSettings {
    pub topology: RedisTopology,
    /// The certificates of `ca_file` (PEM), trusted besides the system's roots.
    pub extra_ca: Option<Vec<u8>>,
    pub key_prefix: String,
    /// Each store operation's timeout.
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub enum RedisTopology {
    /// The URL may hold a password, hence secret.
    Standalone {
        url: SecretString,
        tls: bool,
        auth: RedisAuth,
    },
    Sentinel {
        sentinels: Vec<(String, u16)>,
        master_name: String,
        db: i64,
        tls: bool,
        auth: RedisAuth,
        sentinel_auth: RedisAuth,
    },
    Cluster {
        nodes: Vec<SecretString>,
        tls: bool,
        auth: RedisAuth,
    },
}

/// Credentials given apart from a URL; `None` leaves the URL's (or none).
#[derive(Debug, Clone, Default)]
pub struct RedisAuth {
    pub username: Option<String>,
    pub password: Option<SecretString>,
}

impl RedisTopology {
    pub fn tls(&self) -> bool {
        match self {
            Self::Standalone { tls, .. } | Self::Sentinel { tls, .. } | Self::Cluster { tls, .. } => *tls,
        }
    }
}

impl RedisSettings {
    /// One line for the start-up log and `check-config`, without secrets.
    pub fn describe(&self) -> String {
        let topology = match &self.topology {
            RedisTopology::Standalone { .. } => "redis, one server".to_owned(),
            RedisTopology::Sentinel { sentinels, master_name, .. } => {
                format!("redis via {} sentinel(s), master {master_name:?}", sentinels.len())
            }
            RedisTopology::Cluster { nodes, .. } => format!("redis cluster from {} node(s)", nodes.len()),
        };
        let tls = if self.topology.tls() { ", TLS" } else { "" };
        format!("{topology}{tls} (key prefix {:?})", self.key_prefix)
    }
}

/// The Redis that `session.redis_url` (the one-server shorthand) or `[session.redis]`
/// names; `None` when neither is given, or when what is given has problems (recorded).
pub(super) fn redis_settings(
    shorthand: Option<String>,
    table: Option<RawRedis>,
    key_prefix: String,
    timeout: Duration,
    problems: &mut Problems,
) -> Option<RedisSettings> {
    let (raw, url_key) = match (shorthand, table) {
        (None, None) => return None,
        (Some(_), Some(_)) => {
            problems.push(
                "session.redis_url",
                "and [session.redis] both name a Redis: keep one (redis_url = \"...\" is short for [session.redis] url = \"...\")".into(),
            );
            return None;
        }
        (Some(url), None) => (RawRedis { url: Some(url), ..RawRedis::default() }, "session.redis_url"),
        (None, Some(table)) => (table, "session.redis.url"),
    };
    let before = problems.0.len();
    let auth = credentials(problems, "session.redis.", &raw.username, raw.password.clone(), &raw.password_file);
    let topology = match (&raw.url, &raw.sentinels, &raw.cluster_nodes) {
        (Some(url), None, None) => standalone(url, url_key, auth, problems),
        (None, Some(sentinels), None) => sentinel(&raw, sentinels, auth, problems),
        (None, None, Some(nodes)) => cluster(nodes, auth, &key_prefix, problems),
        (None, None, None) => {
            problems.push("session.redis", "names no Redis: set url = \"redis://host:6379/0\", sentinels = [\"host:26379\", ...] with master_name, or cluster_nodes = [\"redis://host:6379\", ...]".into());
            None
        }
        _ => {
            problems.push(
                "session.redis",
                "url, sentinels and cluster_nodes are alternatives (one server, Sentinel, Cluster): keep one".into(),
            );
            None
        }
    };
    // Read even when the topology has problems, so they are all reported at once.
    let tls = topology.as_ref().is_none_or(RedisTopology::tls);
    let extra_ca = raw.ca_file.as_ref().and_then(|path| ca_bundle(path, tls, problems));
    let topology = topology?;
    if !matches!(topology, RedisTopology::Sentinel { .. }) {
        sentinel_keys_elsewhere(&raw, problems);
    }
    (problems.0.len() == before).then_some(RedisSettings { topology, extra_ca, key_prefix, timeout })
}
