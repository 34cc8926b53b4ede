//! A [`Store`] that counts and times every operation of the store it wraps,
//! by operation and outcome, whatever the store is (memory, Redis in any
//! topology). Keys and values are never looked at: they are the visitors'.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::store::{Store, StoreError, Write};
use crate::telemetry::metrics::{Metrics, StoreOperation};

#[derive(Debug)]
pub struct MeteredStore {
    inner: Arc<dyn Store>,
    metrics: Arc<Metrics>,
}

impl MeteredStore {
    pub fn new(inner: Arc<dyn Store>, metrics: Arc<Metrics>) -> Self {
        Self { inner, metrics }
    }

    async fn timed<T>(
        &self,
        operation: StoreOperation,
        call: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        let started = Instant::now();
        let result = call.await;
        self.metrics.store_operation(operation, result.is_ok(), started);
        result
    }
}

#[async_trait]
impl Store for MeteredStore {
    async fn put(&self, key: &str, value: String, ttl: Duration) -> Result<(), StoreError> {
        self.timed(StoreOperation::Put, self.inner.put(key, value, ttl)).await
    }

    async fn put_new(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError> {
        self.timed(StoreOperation::PutNew, self.inner.put_new(key, value, ttl)).await
    }

    async fn replace(&self, key: &str, value: String, ttl: Duration) -> Result<bool, StoreError> {
        self.timed(StoreOperation::Replace, self.inner.replace(key, value, ttl)).await
    }

    async fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.timed(StoreOperation::Get, self.inner.get(key)).await
    }

    async fn get_and_touch(&self, key: &str, ttl: Duration) -> Result<Option<String>, StoreError> {
        self.timed(StoreOperation::GetAndTouch, self.inner.get_and_touch(key, ttl)).await
    }

    async fn take(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.timed(StoreOperation::Take, self.inner.take(key)).await
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.timed(StoreOperation::Delete, self.inner.delete(key)).await
    }

    async fn delete_if(&self, key: &str, value: &str) -> Result<bool, StoreError> {
        self.timed(StoreOperation::DeleteIf, self.inner.delete_if(key, value)).await
    }

    async fn index_add(&self, index: &str, member: &str, ttl: Duration) -> Result<(), StoreError> {
        self.timed(StoreOperation::IndexAdd, self.inner.index_add(index, member, ttl)).await
    }

    async fn index_members(&self, index: &str) -> Result<Vec<String>, StoreError> {
        self.timed(StoreOperation::IndexMembers, self.inner.index_members(index)).await
    }

    async fn index_remove(&self, index: &str, member: &str) -> Result<(), StoreError> {
        self.timed(StoreOperation::IndexRemove, self.inner.index_remove(index, member)).await
    }

    async fn apply(&self, writes: &[Write<'_>]) -> Result<(), StoreError> {
        self.timed(StoreOperation::Apply, self.inner.apply(writes)).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.timed(StoreOperation::Ping, self.inner.ping()).await
    }
}

#[cfg(test)]
#[path = "metered_tests.rs"]
mod tests;
