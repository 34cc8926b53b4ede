//! The in-process store for a single instance: nothing survives a restart.
//!
//! Expired entries are invisible at once (every read checks the time) and are
//! removed a few at a time: each write removes up to [`SWEEP_PER_WRITE`] of the
//! entries due soonest, found through a queue ordered by expiry, so no write
//! ever scans the whole map and memory stays bounded by what is live.
//!
//! Keys are spread over [`SHARDS`] maps, each behind its own lock: a map that
//! grows rehashes only its own share of the entries (with a million pending
//! sign-ins one big map stalled every request for hundreds of milliseconds
//! while it doubled), and requests for different keys do not wait on each other.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::store::{Store, StoreError, Write};

#[derive(Debug)]
pub struct MemoryStore {
    shards: Box<[Mutex<MemoryEntries>]>,
    hasher: std::collections::hash_map::RandomState,
}

/// How many maps the keys are spread over.
const SHARDS: usize = 64;

impl Default for MemoryStore {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(MemoryEntries::default())).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }
}

#[derive(Debug)]
enum Value {
    Text(String),
    Set(HashSet<String>),
}

#[derive(Debug, Default)]
struct MemoryEntries {
    map: HashMap<String, (Value, Instant)>,
    /// When each key falls due, soonest first. An entry whose life was extended
    /// since (a touch, a rewrite) is queued again for its new time when its old
    /// one comes; a key deleted meanwhile is skipped.
    due: BinaryHeap<Reverse<(Instant, String)>>,
}

/// More than one removal per write, so the queue drains faster than it fills.
const SWEEP_PER_WRITE: usize = 8;

impl MemoryEntries {
    /// The live entry under `key`; an expired one is removed on the way.
    fn live(&mut self, key: &str, now: Instant) -> Option<&mut (Value, Instant)> {
        if self.map.get(key).is_some_and(|(_, expires)| *expires <= now) {
            self.map.remove(key);
        }
        self.map.get_mut(key)
    }

    fn text(&mut self, key: &str, now: Instant) -> Option<String> {
        match self.live(key, now) {
            Some((Value::Text(text), _)) => Some(text.clone()),
            _ => None,
        }
    }

    fn insert(&mut self, key: &str, value: Value, expires: Instant) {
        self.sweep(Instant::now());
        if self.map.insert(key.to_owned(), (value, expires)).is_none() {
            self.due.push(Reverse((expires, key.to_owned())));
        }
    }

    /// Remove up to [`SWEEP_PER_WRITE`] entries that are due at `now`.
    fn sweep(&mut self, now: Instant) {
        for _ in 0..SWEEP_PER_WRITE {
            let Some(Reverse((when, _))) = self.due.peek() else { return };
            if *when > now {
                return;
            }
            let Some(Reverse((_, key))) = self.due.pop() else { return };
            match self.map.get(&key) {
                Some((_, expires)) if *expires <= now => drop(self.map.remove(&key)),
                Some((_, expires)) => self.due.push(Reverse((*expires, key))),
                None => {}
            }
        }
    }

    fn index_add(&mut self, index: &str, member: &str, ttl: Duration, now: Instant) {
        let mut members = match self.live(index, now) {
            Some((Value::Set(members), _)) => std::mem::take(members),
            _ => HashSet::new(),
        };
        members.insert(member.to_owned());
        self.insert(index, Value::Set(members), now + ttl);
    }

    fn index_remove(&mut self, index: &str, member: &str, now: Instant) {
        if let Some((Value::Set(members), _)) = self.live(index, now) {
            members.remove(member);
        }
    }

    fn write(&mut self, write: &Write<'_>, now: Instant) {
        match write {
            Write::Put { key, value, ttl } => self.insert(key, Value::Text(value.clone()), now + *ttl),
            Write::Delete { key } => drop(self.map.remove(*key)),
            Write::IndexAdd { index, member, ttl } => self.index_add(index, member, *ttl, now),
            Write::IndexRemove { index, member } => self.index_remove(index, member, now),
        }
    }
}

impl MemoryStore {
    fn shard_of(&self, key: &str) -> usize {
        // The remainder is below SHARDS, so the cast cannot truncate.
        (self.hasher.hash_one(key) % SHARDS as u64) as usize
    }

    fn lock_shard(&self, shard: usize) -> MutexGuard<'_, MemoryEntries> {
        // A panic while holding this lock cannot leave the map inconsistent
        // (each write is one insert or remove, and nothing between them panics), so a poisoned lock is safe to reuse.
        match self.shards.get(shard).unwrap_or(&self.shards[0]).lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The map holding `key`, locked.
    fn lock(&self, key: &str) -> MutexGuard<'_, MemoryEntries> {
        self.lock_shard(self.shard_of(key))
    }
}

fn write_key<'a>(write: &Write<'a>) -> &'a str {
    match write {
        Write::Put { key, .. } | Write::Delete { key } => key,
        Write::IndexAdd { index, .. } | Write::IndexRemove { index, .. } => index,
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn put(&self, key: &str, value: String, ttl: Duration) -> Result<(), StoreError> {
        let now = Instant::now();
        self.lock(key).insert(key, Value::Text(value), now + ttl);
        Ok(())
    }

    async fn put_new(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError> {
        let now = Instant::now();
        let mut entries = self.lock(key);
        if entries.live(key, now).is_some() {
            return Ok(false);
        }
        entries.insert(key, Value::Text(value), now + ttl);
        Ok(true)
    }

    async fn replace(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError> {
        let now = Instant::now();
        let mut entries = self.lock(key);
        if entries.live(key, now).is_none() {
            return Ok(false);
        }
        entries.insert(key, Value::Text(value), now + ttl);
        Ok(true)
    }

    async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.lock(key).text(key, Instant::now()))
    }

    async fn get_and_touch(&self, key: &str, ttl: Duration) -> Result<Option<String>, StoreError> {
        let now = Instant::now();
        let mut entries = self.lock(key);
        match entries.live(key, now) {
            Some((Value::Text(text), expires)) => {
                *expires = now + ttl;
                Ok(Some(text.clone()))
            }
            _ => Ok(None),
        }
    }

    async fn take(&self, key: &str) -> Result<Option<String>, StoreError> {
        let mut entries = self.lock(key);
        let value = entries.text(key, Instant::now());
        entries.map.remove(key);
        Ok(value)
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.lock(key).map.remove(key);
        Ok(())
    }

    async fn delete_if(&self, key: &str, value: &str) -> Result<bool, StoreError> {
        let mut entries = self.lock(key);
        if entries.text(key, Instant::now()).as_deref() != Some(value) {
            return Ok(false);
        }
        entries.map.remove(key);
        Ok(true)
    }

    async fn index_add(&self, index: &str, member: &str, ttl: Duration) -> Result<(), StoreError> {
        self.lock(index).index_add(index, member, ttl, Instant::now());
        Ok(())
    }

    async fn index_members(&self, index: &str) -> Result<Vec<String>, StoreError> {
        match self.lock(index).live(index, Instant::now()) {
            Some((Value::Set(members), _)) => Ok(members.iter().cloned().collect()),
            _ => Ok(Vec::new()),
        }
    }

    async fn index_remove(&self, index: &str, member: &str) -> Result<(), StoreError> {
        self.lock(index).index_remove(index, member, Instant::now());
        Ok(())
    }

    /// All at once: every map involved is locked (in shard order, the only
    /// place that holds two locks, so no two callers can wait on each other).
    async fn apply(&self, writes: &[Write<'_>]) -> Result<(), StoreError> {
        let now = Instant::now();
        let mut shards: Vec<usize> = writes.iter().map(|write| self.shard_of(write_key(write))).collect();
        shards.sort_unstable();
        shards.dedup();
        let mut locked: Vec<(usize, MutexGuard<'_, MemoryEntries>)> =
            shards.into_iter().map(|shard| (shard, self.lock_shard(shard))).collect();
        for write in writes {
            let shard = self.shard_of(write_key(write));
            if let Some((_, entries)) = locked.iter_mut().find(|(locked, _)| *locked == shard) {
                entries.write(write, now);
            }
        }
        Ok(())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

#[cfg(test)]
#[path = "memory_tests.rs"]
mod tests;
