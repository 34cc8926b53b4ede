//! The session store contract, against real Redis (each test under its own key
//! prefix) and the in-memory store alike.

use std::sync::Arc;
use std::time::Duration;

use jitsi_oidc_bridge::identity::Identity;
use jitsi_oidc_bridge::jitsi::{ConfigOverrides, RoomTarget};
use jitsi_oidc_bridge::session::{MemoryStore, PendingLogin, RedisStore, Sessions, Store, UserSession};

use crate::helpers::{random_suffix, REDIS_URL};

fn redis_store() -> (Arc<dyn Store>, String) {
    let prefix = format!("test:{}:", random_suffix());
    (Arc::new(RedisStore::new(REDIS_URL, &prefix, Duration::from_millis(500)).unwrap()), prefix)
}

fn stores() -> Vec<(&'static str, Arc<dyn Store>)> {
    vec![("redis", redis_store().0), ("memory", Arc::new(MemoryStore::default()))]
}

#[tokio::test]
async fn values_round_trip_expire_and_delete() {
    for (name, store) in stores() {
        store.put("k", "v".into(), Duration::from_secs(60)).await.unwrap();
        assert_eq!(store.get("k").await.unwrap().as_deref(), Some("v"), "{name}");
        store.put("short", "v".into(), Duration::from_millis(50)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(120)).await;
        assert_eq!(store.get("short").await.unwrap(), None, "{name}: expired");
        store.delete("k").await.unwrap();
        assert_eq!(store.get("k").await.unwrap(), None, "{name}: deleted");
        store.ping().await.unwrap();
    }
}

#[tokio::test]
async fn of_many_concurrent_takes_exactly_one_wins() {
    for (name, store) in stores() {
        store.put("once", "v".into(), Duration::from_secs(60)).await.unwrap();
        let takes = (0..16).map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.take("once").await.unwrap() })
        });
        let mut winners = 0;
        for take in takes {
            winners += usize::from(take.await.unwrap().is_some());
        }
        assert_eq!(winners, 1, "{name}");
    }
}

#[tokio::test]
async fn prefixes_keep_tests_and_deployments_apart() {
    let (a, _) = redis_store();
    let (b, _) = redis_store();
    a.put("shared-name", "a".into(), Duration::from_secs(60)).await.unwrap();
    assert_eq!(b.get("shared-name").await.unwrap(), None);
}

#[tokio::test]
async fn sessions_store_records_under_hashed_keys_with_their_ttls() {
    let (store, prefix) = redis_store();
    let sessions = Sessions::new(store, Duration::from_secs(3600), Duration::from_secs(600));
    let login = PendingLogin {
        target: RoomTarget::parse(Some("sales"), "Weekly").unwrap(),
        overrides: ConfigOverrides::default(),
        pkce_verifier: "verifier".into(),
        nonce: "nonce".into(),
        browser_binding: "binding".into(),
    };
    sessions.save_login("the-state", &login).await.unwrap();
    let id = sessions
        .create(&UserSession {
            identity: Identity { subject: "u".into(), name: None, email: None, picture: None, groups: vec![] },
            signed_in_at: 1,
        })
        .await
        .unwrap();

    let mut conn = redis::Client::open(REDIS_URL).unwrap().get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS").arg(format!("{prefix}*")).query_async(&mut conn).await.unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().all(|k| !k.contains("the-state") && !k.contains(&id)), "raw ids never become keys: {keys:?}");
    for key in &keys {
        let ttl: i64 = redis::cmd("TTL").arg(key).query_async(&mut conn).await.unwrap();
        let expected = if key.contains(":login:") { 600 } else { 3600 };
        assert!((expected - 5..=expected).contains(&ttl), "{key}: ttl {ttl}");
    }

    assert_eq!(sessions.take_login("the-state").await.unwrap(), Some(login));
    assert_eq!(sessions.take_login("the-state").await.unwrap(), None, "single use");
    assert_eq!(sessions.load(&id).await.unwrap().map(|s| s.identity.subject), Some("u".into()));
    sessions.delete(&id).await.unwrap();
    assert_eq!(sessions.load(&id).await.unwrap(), None);
}

#[tokio::test]
async fn an_unreachable_redis_is_an_error_not_a_hang() {
    let store = RedisStore::new(
        &format!("redis://127.0.0.1:{}/0", crate::helpers::free_port()),
        "x:",
        Duration::from_millis(200),
    )
    .unwrap();
    let started = std::time::Instant::now();
    assert!(store.get("k").await.is_err());
    assert!(store.put("k", "v".into(), Duration::from_secs(1)).await.is_err());
    // Bounded by the configured timeouts, not by a TCP default of minutes.
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}
