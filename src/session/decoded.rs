//! Decoded session records, kept per process so a visit does not parse the
//! same JSON again (a session with 200 groups is about 9 KB of it).
//!
//! The store is still read on every visit: an entry is used only when the
//! record just read is byte for byte the one it was decoded from. So a
//! session ended or changed by any replica is seen at once, exactly as
//! without this cache; there is no staleness bound to document.
//!
//! Bounded by the bytes of the raw records it keeps (`BUDGET`); when full,
//! an arbitrary entry leaves, and a miss only costs the parse it saves.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::UserSession;

/// Raw record bytes kept at most: about 1,800 sessions of 200 groups, or
/// 30,000 of a few groups.
const BUDGET: usize = 16 * 1024 * 1024;

#[derive(Debug, Default)]
pub(super) struct DecodedSessions {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// By the session id's digest.
    entries: HashMap<String, Entry>,
    bytes: usize,
}

#[derive(Debug)]
struct Entry {
    raw: String,
    session: Arc<UserSession>,
}

impl DecodedSessions {
    /// The session `raw` decodes to: from the cache when it decoded this very
    /// record before, else by `decode`, and then kept.
    pub(super) fn get_or_decode(
        &self,
        digest: &str,
        raw: String,
        decode: impl FnOnce(&str) -> Option<UserSession>,
    ) -> Option<Arc<UserSession>> {
        if let Some(entry) = self.lock().entries.get(digest) {
            if entry.raw == raw {
                return Some(Arc::clone(&entry.session));
            }
        }
        let session = Arc::new(decode(&raw)?);
        if raw.len() <= BUDGET / 64 {
            self.keep(digest, raw, Arc::clone(&session));
        }
        Some(session)
    }

    /// Drop what is kept for this session (it ended here).
    pub(super) fn forget(&self, digest: &str) {
        let mut inner = self.lock();
        if let Some(entry) = inner.entries.remove(digest) {
            inner.bytes -= entry.raw.len();
        }
    }

    fn keep(&self, digest: &str, raw: String, session: Arc<UserSession>) {
        let mut inner = self.lock();
        if let Some(old) = inner.entries.remove(digest) {
            inner.bytes -= old.raw.len();
        }
        while inner.bytes + raw.len() > BUDGET {
            let Some(victim) = inner.entries.keys().next().cloned() else { break };
            if let Some(entry) = inner.entries.remove(&victim) {
                inner.bytes -= entry.raw.len();
            }
        }
        inner.bytes += raw.len();
        inner.entries.insert(digest.to_owned(), Entry { raw, session });
    }

    /// A panic elsewhere while holding the lock leaves a consistent map (every
    /// change above is complete before the guard drops), so a poisoned lock is used as is.
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
#[path = "decoded_tests.rs"]
mod tests;
