//! The keys the bridge publishes and signs with, re-read without a restart.
//!
//! Prosody caches a fetched public key by `kid` with no expiry
//! (`token/util.lib.lua`, `get_public_key`), so a key is rotated by minting
//! under a new key (a new `kid`), never by replacing the key behind a `kid`.
//! With a key directory:
//! - every key in it is published;
//! - tokens are signed with the newest key that has been published for at
//!   least `publish_before_use` (so every Prosody can fetch it before it
//!   meets it), else with the oldest key there is;
//! - a key removed from the directory stops being published at the next read.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use super::key::SigningKey;

/// Where the keys come from (`jitsi.signing.key_file` or `keys_dir`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    File(PathBuf),
    Dir(PathBuf),
}

/// The keys read at one time, oldest first.
#[derive(Debug)]
pub struct KeySet {
    keys: Vec<Arc<SigningKey>>,
}

impl KeySet {
    /// Read every key of `source`. Every unreadable key is a problem, named
    /// with its file; an empty directory is one too.
    pub fn read(source: &KeySource, kid_prefix: &str) -> Result<Self, Vec<String>> {
        let paths = match source {
            KeySource::File(path) => vec![path.clone()],
            KeySource::Dir(dir) => key_files(dir).map_err(|e| vec![e])?,
        };
        let (mut keys, mut problems) = (Vec::new(), Vec::new());
        for path in &paths {
            match SigningKey::read(path, kid_prefix) {
                Ok(key) => keys.push(Arc::new(key)),
                Err(problem) => problems.push(problem),
            }
        }
        if let KeySource::Dir(dir) = source {
            if paths.is_empty() {
                problems.push(format!(
                    "{} holds no key (*.pem); add one: jitsi-oidc-bridge keys generate --out {}",
                    dir.display(),
                    dir.display()
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        keys.sort_by(|a, b| a.created().cmp(&b.created()).then_with(|| a.kid().cmp(b.kid())));
        keys.dedup_by(|a, b| a.kid() == b.kid());
        Ok(Self { keys })
    }

    /// A set of keys already read (benchmarks, tests), oldest first.
    pub fn from_keys(mut keys: Vec<Arc<SigningKey>>) -> Self {
        keys.sort_by_key(|key| key.created());
        Self { keys }
    }

    /// Every key to publish, oldest first.
    pub fn published(&self) -> &[Arc<SigningKey>] {
        &self.keys
    }

    /// The key to sign with at `now`: the newest one published for at least
    /// `delay`; while none is that old (a first key), the oldest one.
    pub fn signing_key(&self, now: SystemTime, delay: Duration) -> Option<&Arc<SigningKey>> {
        let ready = |key: &&Arc<SigningKey>| key.created().checked_add(delay).is_some_and(|at| at <= now);
        self.keys.iter().rev().find(ready).or_else(|| self.keys.first())
    }

    pub fn by_asap_file_name(&self, name: &str) -> Option<&Arc<SigningKey>> {
        self.keys.iter().find(|key| key.asap_file_name() == name)
    }
}

/// `*.pem` files of `dir`, sorted by name (hidden files and others are ignored).
fn key_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read the directory {} ({e})", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && name.ends_with(".pem") && path.is_file()
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The current [`KeySet`], shared by the signer and the key routes, swapped
/// whole when the source is read again.
#[derive(Debug)]
pub struct KeyRing {
    source: KeySource,
    kid_prefix: String,
    publish_before_use: Duration,
    current: RwLock<Arc<KeySet>>,
}

impl KeyRing {
    pub fn new(source: KeySource, kid_prefix: String, publish_before_use: Duration, keys: KeySet) -> Self {
        Self { source, kid_prefix, publish_before_use, current: RwLock::new(Arc::new(keys)) }
    }

    pub fn source(&self) -> &KeySource {
        &self.source
    }

    pub fn publish_before_use(&self) -> Duration {
        self.publish_before_use
    }

    /// The keys as last read.
    pub fn current(&self) -> Arc<KeySet> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Read the source again. On any problem the keys in use stay as they were
    /// and the problems are returned (for the log).
    pub fn reload(&self) -> Result<ReloadOutcome, Vec<String>> {
        let fresh = KeySet::read(&self.source, &self.kid_prefix)?;
        let kids = |set: &KeySet| set.published().iter().map(|k| k.kid().to_owned()).collect::<Vec<_>>();
        let (before, after) = (kids(&self.current()), kids(&fresh));
        let outcome = ReloadOutcome {
            added: after.iter().filter(|kid| !before.contains(kid)).cloned().collect(),
            removed: before.iter().filter(|kid| !after.contains(kid)).cloned().collect(),
        };
        let mut guard = self.current.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = Arc::new(fresh);
        Ok(outcome)
    }
}

/// What a reload changed, by `kid`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReloadOutcome {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

#[cfg(test)]
#[path = "ring_tests.rs"]
mod tests;
