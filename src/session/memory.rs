//! The in-process store for a single instance: nothing survives a restart.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::store::{Store, StoreError, Write};

#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<MemoryEntries>,
}

#[derive(Debug)]
enum Value {
    Text(String),
    Set(HashSet<String>),
}

#[derive(Debug, Default)]
struct MemoryEntries {
    map: HashMap<String, (Value, Instant)>,
    writes_since_sweep: usize,
}

/// Expired entries are dropped on read, and all of them every this many writes,
/// so memory stays bounded by what is live.
const SWEEP_EVERY: usize = 1024;

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
        self.writes_since_sweep += 1;
        if self.writes_since_sweep >= SWEEP_EVERY {
            let now = Instant::now();
            self.map.retain(|_, (_, expires)| *expires > now);
            self.writes_since_sweep = 0;
        }
        self.map.insert(key.to_owned(), (value, expires));
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
    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryEntries> {
        // A panic while holding this lock cannot leave the map inconsistent
        // (each write is one insert or remove, and nothing between them panics), so a poisoned lock is safe to reuse.
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn put(&self, key: &str, value: String, ttl: Duration) -> Result<(), StoreError> {
        let now = Instant::now();
        self.lock().insert(key, Value::Text(value), now + ttl);
        Ok(())
    }

    async fn put_new(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError> {
        let now = Instant::now();
        let mut entries = self.lock();
        if entries.live(key, now).is_some() {
            return Ok(false);
        }
        entries.insert(key, Value::Text(value), now + ttl);
        Ok(true)
    }

    async fn replace(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError> {
        let now = Instant::now();
        let mut entries = self.lock();
        if entries.live(key, now).is_none() {
            return Ok(false);
        }
        entries.insert(key, Value::Text(value), now + ttl);
        Ok(true)
    }

    async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.lock().text(key, Instant::now()))
    }

    async fn get_and_touch(&self, key: &str, ttl: Duration) -> Result<Option<String>, StoreError> {
        let now = Instant::now();
        let mut entries = self.lock();
        match entries.live(key, now) {
            Some((Value::Text(text), expires)) => {
                *expires = now + ttl;
                Ok(Some(text.clone()))
            }
            _ => Ok(None),
        }
    }

    async fn take(&self, key: &str) -> Result<Option<String>, StoreError> {
        let mut entries = self.lock();
        let value = entries.text(key, Instant::now());
        entries.map.remove(key);
        Ok(value)
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.lock().map.remove(key);
        Ok(())
    }

    async fn delete_if(&self, key: &str, value: &str) -> Result<bool, StoreError> {
        let mut entries = self.lock();
        if entries.text(key, Instant::now()).as_deref() != Some(value) {
            return Ok(false);
        }
        entries.map.remove(key);
        Ok(true)
    }

    async fn index_add(&self, index: &str, member: &str, ttl: Duration) -> Result<(), StoreError> {
        self.lock().index_add(index, member, ttl, Instant::now());
        Ok(())
    }

    async fn index_members(&self, index: &str) -> Result<Vec<String>, StoreError> {
        match self.lock().live(index, Instant::now()) {
            Some((Value::Set(members), _)) => Ok(members.iter().cloned().collect()),
            _ => Ok(Vec::new()),
        }
    }

    async fn index_remove(&self, index: &str, member: &str) -> Result<(), StoreError> {
        self.lock().index_remove(index, member, Instant::now());
        Ok(())
    }

    async fn apply(&self, writes: &[Write<'_>]) -> Result<(), StoreError> {
        let now = Instant::now();
        let mut entries = self.lock();
        for write in writes {
            entries.write(write, now);
        }
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
