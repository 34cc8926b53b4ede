//! The session store contract, against real Redis (each test under its own key
//! prefix) and the in-memory store alike.

use std::sync::Arc;
use std::time::Duration;

use jitsi_oidc_bridge::config::SessionLifetimes;
use jitsi_oidc_bridge::identity::Identity;
use jitsi_oidc_bridge::jitsi::{Client, ConfigOverrides, Destination, RoomTarget};
use jitsi_oidc_bridge::session::{MemoryStore, NewSession, PendingLogin, ProviderTokens, RedisStore, Sessions, Store};

use crate::helpers::{random_suffix, redis_connection, redis_url, scan_keys};

fn redis_store() -> (Arc<dyn Store>, String) {
    let prefix = format!("test:{}:", random_suffix());
    (Arc::new(RedisStore::new(&redis_url(), &prefix, Duration::from_millis(500)).unwrap()), prefix)
}

fn stores() -> Vec<(&'static str, Arc<dyn Store>)> {
    vec![("redis", redis_store().0), ("memory", Arc::new(MemoryStore::default()))]
}

#[tokio::test]
async fn values_round_trip_expire_and_delete() {
    for (name, store) in stores() {
        values_round_trip_expire_and_delete_in(name, store).await;
    }
}

pub(crate) async fn values_round_trip_expire_and_delete_in(name: &str, store: Arc<dyn Store>) {
    store.put("k", "v".into(), Duration::from_secs(60)).await.unwrap();
    assert_eq!(store.get("k").await.unwrap().as_deref(), Some("v"), "{name}");
    store.put("short", "v".into(), Duration::from_millis(50)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert_eq!(store.get("short").await.unwrap(), None, "{name}: expired");
    store.delete("k").await.unwrap();
    assert_eq!(store.get("k").await.unwrap(), None, "{name}: deleted");
    store.ping().await.unwrap();
}

#[tokio::test]
async fn of_many_concurrent_takes_exactly_one_wins() {
    for (name, store) in stores() {
        of_many_concurrent_takes_exactly_one_wins_in(name, store).await;
    }
}

pub(crate) async fn of_many_concurrent_takes_exactly_one_wins_in(name: &str, store: Arc<dyn Store>) {
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

#[tokio::test]
async fn prefixes_keep_tests_and_deployments_apart() {
    let (a, _) = redis_store();
    let (b, _) = redis_store();
    a.put("shared-name", "a".into(), Duration::from_secs(60)).await.unwrap();
    assert_eq!(b.get("shared-name").await.unwrap(), None);
}

pub(crate) fn lifetimes(absolute: u64, idle: u64) -> SessionLifetimes {
    SessionLifetimes {
        absolute: Duration::from_secs(absolute),
        idle: Duration::from_secs(idle),
        login: Duration::from_secs(600),
        recheck: Duration::from_secs(300),
        recheck_grace: Duration::from_secs(3600),
    }
}

pub(crate) fn new_session(subject: &str, sid: Option<&str>) -> NewSession {
    NewSession {
        identity: Identity {
            user_id: None,
            subject: subject.into(),
            name: None,
            email: None,
            email_verified: false,
            picture: None,
            groups: vec![],
        },
        provider_sid: sid.map(String::from),
        nonce: "nonce".into(),
        tokens: ProviderTokens {
            access_token: "access-token-value".into(),
            refresh_token: Some("refresh-token-value".into()),
            id_token: None,
        },
    }
}

pub(crate) fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

#[tokio::test]
async fn sessions_store_records_under_hashed_keys_with_their_ttls() {
    let (store, prefix) = redis_store();
    let sessions = Sessions::new(store, lifetimes(3600, 1800), b"test sealing secret");
    let login = PendingLogin {
        destination: Destination {
            target: RoomTarget::parse(Some("sales"), "Weekly").unwrap(),
            overrides: ConfigOverrides::default(),
            client: Client::Popup,
        },
        pkce_verifier: "verifier".into(),
        nonce: "nonce".into(),
        browser_binding: "binding".into(),
    };
    sessions.save_login("the-state", &login).await.unwrap();
    let id = sessions.create(new_session("u", Some("sid-1")), now()).await.unwrap();

    let mut conn = redis_connection(&redis_url()).await;
    let keys = scan_keys(&mut conn, &format!("{prefix}*")).await;
    assert_eq!(keys.len(), 4, "login, session, its user's index and the sid's pointer: {keys:?}");
    assert!(keys.iter().all(|k| !k.contains("the-state") && !k.contains(&id)), "raw ids never become keys: {keys:?}");
    // The session and its user's index share a hash tag (one Cluster slot); the id carries it.
    let (tag, _) = id.split_once('.').expect("a tagged session id");
    let tagged: Vec<_> = keys.iter().filter(|k| k.contains(&format!("{{{tag}}}"))).collect();
    assert_eq!(tagged.len(), 2, "{keys:?}");
    assert!(tagged.iter().any(|k| k.contains(":session:")) && tagged.iter().any(|k| k.contains(":index-sub:")));
    for key in &keys {
        let ttl: i64 = redis::cmd("TTL").arg(key).query_async(&mut conn).await.unwrap();
        // The session lives its idle timeout; its indexes as long as any session can.
        let expected = if key.contains(":login:") {
            600
        } else if key.contains(":session:") {
            1800
        } else {
            3600
        };
        assert!((expected - 5..=expected).contains(&ttl), "{key}: ttl {ttl}");
        let value: String = redis::cmd("TYPE").arg(key).query_async(&mut conn).await.unwrap();
        if value == "string" {
            let raw: String = redis::cmd("GET").arg(key).query_async(&mut conn).await.unwrap();
            assert!(!raw.contains("token-value"), "provider tokens are sealed at rest: {raw}");
        }
    }

    assert_eq!(sessions.take_login("the-state").await.unwrap(), Some(login));
    assert_eq!(sessions.take_login("the-state").await.unwrap(), None, "single use");
    let (handle, session) = sessions.load(&id, now()).await.unwrap().unwrap();
    assert_eq!(session.identity.subject, "u");
    assert_eq!(sessions.tokens(&handle, &session).unwrap().refresh_token.as_deref(), Some("refresh-token-value"));
    sessions.end_by_id(&id).await.unwrap();
    assert_eq!(sessions.load(&id, now()).await.unwrap(), None);
}

#[tokio::test]
async fn sessions_end_at_their_absolute_lifetime_and_are_found_by_sid_and_sub() {
    for (name, store) in stores() {
        sessions_end_and_are_found_by_sid_and_sub_in(name, store).await;
    }
}

pub(crate) async fn sessions_end_and_are_found_by_sid_and_sub_in(name: &str, store: Arc<dyn Store>) {
    let sessions = Sessions::new(store, lifetimes(3600, 3600), b"k");
    let long_ago = now() - 3601;
    let old = sessions.create(new_session("u-old", None), long_ago).await.unwrap();
    assert_eq!(sessions.load(&old, now()).await.unwrap(), None, "{name}: past the absolute lifetime");

    let a = sessions.create(new_session("u-1", Some("sid-a")), now()).await.unwrap();
    let b = sessions.create(new_session("u-1", Some("sid-b")), now()).await.unwrap();
    let c = sessions.create(new_session("u-2", Some("sid-c")), now()).await.unwrap();
    assert_eq!(sessions.of_subject("u-1").await.unwrap().len(), 2, "{name}");
    assert_eq!(sessions.end_provider_session("sid-b", Some("u-2")).await.unwrap(), 0, "{name}: not u-2's sid");
    assert_eq!(sessions.end_provider_session("sid-a", None).await.unwrap(), 1, "{name}: found by the sid alone");
    assert!(sessions.load(&a, now()).await.unwrap().is_none() && sessions.load(&b, now()).await.unwrap().is_some());
    assert_eq!(sessions.end_subject("u-1").await.unwrap(), 1, "{name}: b only, a is gone already");
    assert!(sessions.load(&b, now()).await.unwrap().is_none(), "{name}");
    assert!(sessions.load(&c, now()).await.unwrap().is_some(), "{name}: another user's session stays");
    assert_eq!(sessions.end_subject("u-1").await.unwrap(), 0, "{name}");
    assert_eq!(sessions.end_provider_session("sid-c", Some("u-2")).await.unwrap(), 1, "{name}: by sid and sub");

    // Ids of another shape (untagged, as before tags; a tag that is not ours) find nothing.
    let d = sessions.create(new_session("u-3", None), now()).await.unwrap();
    let (_, random) = d.split_once('.').unwrap();
    for other in [random.to_owned(), format!("AAAAAAAAAAA.{random}"), format!("x.{random}")] {
        assert_eq!(sessions.load(&other, now()).await.unwrap(), None, "{name}: {other}");
    }
    assert!(sessions.load(&d, now()).await.unwrap().is_some(), "{name}");
}

#[tokio::test]
async fn a_refresh_lock_has_one_holder_and_a_rechecked_session_is_never_resurrected() {
    for (name, store) in stores() {
        a_lock_has_one_holder_and_an_ended_session_stays_ended_in(name, store).await;
    }
}

pub(crate) async fn a_lock_has_one_holder_and_an_ended_session_stays_ended_in(name: &str, store: Arc<dyn Store>) {
    let sessions = Sessions::new(store, lifetimes(3600, 3600), b"k");
    let id = sessions.create(new_session("u", None), now()).await.unwrap();
    let (handle, session) = sessions.load(&id, now()).await.unwrap().unwrap();
    let mut session = Arc::unwrap_or_clone(session);
    let owner = sessions.try_lock(&handle, Duration::from_secs(5)).await.unwrap().expect("free lock");
    assert_eq!(sessions.try_lock(&handle, Duration::from_secs(5)).await.unwrap(), None, "{name}: one holder");
    sessions.unlock(&handle, "not-the-owner").await.unwrap();
    assert_eq!(sessions.try_lock(&handle, Duration::from_secs(5)).await.unwrap(), None, "{name}: still held");
    sessions.unlock(&handle, &owner).await.unwrap();
    assert!(sessions.try_lock(&handle, Duration::from_secs(5)).await.unwrap().is_some(), "{name}: released");

    let tokens = sessions.tokens(&handle, &session).unwrap();
    assert!(sessions.save_rechecked(&handle, &mut session, &tokens, now()).await.unwrap(), "{name}");
    sessions.end(&handle).await.unwrap();
    assert!(
        !sessions.save_rechecked(&handle, &mut session, &tokens, now()).await.unwrap(),
        "{name}: signed out meanwhile"
    );
    assert_eq!(sessions.load(&id, now()).await.unwrap(), None, "{name}");
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
