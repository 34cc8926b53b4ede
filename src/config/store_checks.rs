//! The checks behind `[session.redis]`: one function per topology, and what
//! they share (credentials, the CA file). Each problem is one line naming its key.

use std::path::{Path, PathBuf};

use redis::{ConnectionAddr, IntoConnectionInfo};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use secrecy::SecretString;

use super::checks::Problems;
use super::store::{RawRedis, RedisAuth, RedisTopology};

pub(super) fn standalone(url: &str, key: &str, auth: RedisAuth, problems: &mut Problems) -> Option<RedisTopology> {
    let info = match url.into_connection_info() {
        Ok(info) => info,
        Err(e) => {
            problems.push(key, format!("is not a Redis URL ({e}): use redis://host:6379/0, or rediss:// for TLS"));
            return None;
        }
    };
    if auth.password.is_some() && info.redis_settings().password().is_some() {
        problems.push("session.redis.password", "is also in the URL: keep one".into());
    }
    let tls = matches!(info.addr(), ConnectionAddr::TcpTls { .. });
    Some(RedisTopology::Standalone { url: SecretString::from(url.to_owned()), tls, auth })
}

pub(super) fn sentinel(
    raw: &RawRedis,
    sentinels: &[String],
    auth: RedisAuth,
    problems: &mut Problems,
) -> Option<RedisTopology> {
    let master_name = raw.master_name.as_deref().map(str::trim).filter(|name| !name.is_empty());
    if master_name.is_none() {
        problems.push(
            "session.redis.master_name",
            "is required with sentinels: the name they monitor the master under (sentinel monitor <name> ...)".into(),
        );
    }
    if sentinels.is_empty() {
        problems.push(
            "session.redis.sentinels",
            "is empty: list the sentinels as \"host:port\", three or more so they can agree on a failover".into(),
        );
    }
    let addresses = sentinels.iter().filter_map(|s| problems.check("session.redis.sentinels", host_port(s))).collect();
    let db = raw.db.unwrap_or(0);
    if db < 0 {
        problems.push("session.redis.db", format!("{db} is not a database number: use 0 or more"));
    }
    let sentinel_auth = credentials(
        problems,
        "session.redis.sentinel_",
        &raw.sentinel_username,
        raw.sentinel_password.clone(),
        &raw.sentinel_password_file,
    );
    Some(RedisTopology::Sentinel {
        sentinels: addresses,
        master_name: master_name?.to_owned(),
        db,
        tls: raw.tls,
        auth,
        sentinel_auth,
    })
}

/// A sentinel's "host:port" ("[::1]:26379" for an IPv6 address).
fn host_port(entry: &str) -> Result<(String, u16), String> {
    let example = "write \"host:port\", e.g. \"sentinel-1:26379\"";
    if entry.contains("://") {
        return Err(format!("{entry:?} is a URL: {example}"));
    }
    let (host, port) = entry.rsplit_once(':').ok_or_else(|| format!("{entry:?} has no port: {example}"))?;
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    let port = port.parse::<u16>().ok().filter(|port| *port != 0);
    match port {
        Some(port) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok((host.to_owned(), port)),
        _ => Err(format!("{entry:?} is not a host and port: {example}")),
    }
}

pub(super) fn cluster(
    nodes: &[String],
    auth: RedisAuth,
    key_prefix: &str,
    problems: &mut Problems,
) -> Option<RedisTopology> {
    let key = "session.redis.cluster_nodes";
    if nodes.is_empty() {
        problems
            .push(key, "is empty: list at least one node as \"redis://host:6379\" (the others are discovered)".into());
        return None;
    }
    let mut schemes = Vec::new();
    let mut credentials = Vec::new();
    for node in nodes {
        let info = match node.as_str().into_connection_info() {
            Ok(info) => info,
            Err(e) => {
                problems.push(key, format!("an entry is not a Redis URL ({e}): use \"redis://host:6379\""));
                continue;
            }
        };
        match info.addr() {
            ConnectionAddr::Tcp(..) => schemes.push(false),
            ConnectionAddr::TcpTls { .. } => schemes.push(true),
            _ => problems.push(key, "a node is not redis://host:port or rediss://host:port".into()),
        }
        let settings = info.redis_settings();
        if settings.db() != 0 {
            problems.push(key, "a node URL names a database: a cluster has only database 0, drop the /N".into());
        }
        credentials.push((settings.username().map(str::to_owned), settings.password().map(str::to_owned)));
    }
    if schemes.windows(2).any(|pair| pair[0] != pair[1]) {
        problems.push(key, "mixes redis:// and rediss://: a cluster speaks TLS on every node or on none".into());
    }
    if credentials.windows(2).any(|pair| pair[0] != pair[1]) {
        problems
            .push(key, "the node URLs carry different credentials: give them once as password (and username)".into());
    }
    if auth.password.is_some() && credentials.iter().any(|(_, password)| password.is_some()) {
        problems.push("session.redis.password", "is also in a node URL: keep one".into());
    }
    if key_prefix.contains('{') {
        problems.push(
            "session.key_prefix",
            "holds '{': in a cluster a {hash tag} sends every key to one slot, so one node would hold every session; remove the braces".into(),
        );
    }
    let tls = schemes.first().copied().unwrap_or(false);
    Some(RedisTopology::Cluster { nodes: nodes.iter().map(|n| SecretString::from(n.clone())).collect(), tls, auth })
}

/// Keys that mean something with sentinels only, given with a URL or cluster nodes.
pub(super) fn sentinel_keys_elsewhere(raw: &RawRedis, problems: &mut Problems) {
    let given = [
        ("master_name", raw.master_name.is_some()),
        ("db", raw.db.is_some()),
        ("sentinel_username", raw.sentinel_username.is_some()),
        ("sentinel_password", raw.sentinel_password.is_some()),
        ("sentinel_password_file", raw.sentinel_password_file.is_some()),
    ];
    for (name, _) in given.iter().filter(|(_, given)| *given) {
        problems
            .push(&format!("session.redis.{name}"), "is for Sentinel only (with sentinels = [...]): remove it".into());
    }
    if raw.tls {
        problems.push(
            "session.redis.tls",
            "is for Sentinel only: a URL asks for TLS itself, write rediss:// instead".into(),
        );
    }
}

/// Credentials under `<prefix>username`, `<prefix>password` or `<prefix>password_file`.
pub(super) fn credentials(
    problems: &mut Problems,
    prefix: &str,
    username: &Option<String>,
    password: Option<String>,
    password_file: &Option<PathBuf>,
) -> RedisAuth {
    let username = username.clone();
    if username.as_deref().is_some_and(|name| name.trim().is_empty()) {
        problems.push(&format!("{prefix}username"), "is empty: remove it to use the default user".into());
    }
    let password = match (&password, password_file) {
        (None, None) => None,
        _ => problems.secret(&format!("{prefix}password"), password, password_file.as_deref(), 1),
    };
    RedisAuth { username, password }
}

/// The PEM at `path`, when it holds certificates and TLS is on.
pub(super) fn ca_bundle(path: &Path, tls: bool, problems: &mut Problems) -> Option<Vec<u8>> {
    let key = "session.redis.ca_file";
    if !tls {
        problems.push(
            key,
            "is only used for TLS: use rediss:// URLs (tls = true with sentinels), or remove ca_file".into(),
        );
        return None;
    }
    let pem = match std::fs::read(path) {
        Ok(pem) => pem,
        Err(e) => {
            problems.push(
                key,
                format!("cannot read {} ({e}): give a readable PEM file of CA certificates", path.display()),
            );
            return None;
        }
    };
    match CertificateDer::pem_slice_iter(&pem).collect::<Result<Vec<_>, _>>() {
        Ok(certificates) if !certificates.is_empty() => Some(pem),
        Ok(_) => {
            problems.push(key, format!("{} holds no certificate (-----BEGIN CERTIFICATE-----)", path.display()));
            None
        }
        Err(e) => {
            problems.push(key, format!("{} is not PEM ({e}): give CA certificates in PEM form", path.display()));
            None
        }
    }
}
