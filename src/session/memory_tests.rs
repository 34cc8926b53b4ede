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

#[tokio::test]
async fn expired_entries_are_removed_a_few_per_write_and_touched_ones_are_kept() {
    let store = MemoryStore::default();
    for i in 0..10_000 {
        store.put(&format!("short-{i}"), "v".into(), Duration::from_millis(1)).await.unwrap();
    }
    store.put("touched", "v".into(), Duration::from_millis(1)).await.unwrap();
    assert!(store.get_and_touch("touched", Duration::from_secs(60)).await.unwrap().is_some());
    tokio::time::sleep(Duration::from_millis(5)).await;
    // Each write removes up to 8 due entries: 1,300 writes are enough for 10,001.
    for i in 0..1_300 {
        store.put(&format!("long-{i}"), "v".into(), Duration::from_secs(60)).await.unwrap();
    }
    let entries = store.lock();
    assert_eq!(entries.map.len(), 1_301, "only the live entries are left");
    assert!(entries.map.contains_key("touched"), "a touch extends the life it is swept by");
    assert!(entries.due.len() <= 1_301 + SWEEP_PER_WRITE, "the queue drains too: {}", entries.due.len());
}
