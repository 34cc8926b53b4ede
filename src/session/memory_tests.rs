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
    // Each write removes up to 8 due entries of its own map; the 10,001 short
    // ones are spread over the 64 maps (about 156 each), so 4,000 writes (about
    // 62 per map, room for some 500 removals each) leave none behind.
    for i in 0..4_000 {
        store.put(&format!("long-{i}"), "v".into(), Duration::from_secs(60)).await.unwrap();
    }
    let (mut live, mut queued, mut touched) = (0, 0, false);
    for shard in 0..SHARDS {
        let entries = store.lock_shard(shard);
        live += entries.map.len();
        queued += entries.due.len();
        touched |= entries.map.contains_key("touched");
    }
    assert_eq!(live, 4_001, "only the live entries are left");
    assert!(touched, "a touch extends the life it is swept by");
    assert!(queued <= 4_001 + SHARDS * SWEEP_PER_WRITE, "the queue drains too: {queued}");
}
