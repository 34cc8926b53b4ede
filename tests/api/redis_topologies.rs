//! Redis as operators run it: the store contract and the sign-in flow on a
//! three-master Cluster, and two bridges riding out a Sentinel failover (the
//! master SIGKILLed under a steady stream of visits and sign-ins).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jitsi_oidc_bridge::config::{RedisAuth, RedisSettings, RedisTopology};
use jitsi_oidc_bridge::jitsi::{Client, ConfigOverrides, Destination, RoomTarget};
use jitsi_oidc_bridge::session::{PendingLogin, RedisStore, Sessions, Store, Write};
use secrecy::SecretString;
use url::Url;

use crate::helpers::*;
use crate::store::*;

fn cluster_store(cluster: &RedisCluster) -> Arc<dyn Store> {
    let nodes = cluster.node_urls().into_iter().map(SecretString::from).collect();
    let settings = RedisSettings {
        topology: RedisTopology::Cluster { nodes, tls: false, auth: RedisAuth::default() },
        extra_ca: None,
        key_prefix: format!("test:{}:", random_suffix()),
        timeout: Duration::from_millis(500),
    };
    Arc::new(RedisStore::connect(&settings).unwrap())
}

#[tokio::test]
async fn a_cluster_keeps_the_store_contract_and_signs_visitors_in() {
    let cluster = tokio::task::spawn_blocking(|| RedisCluster::start(3)).await.unwrap();
    values_round_trip_expire_and_delete_in("cluster", cluster_store(&cluster)).await;
    of_many_concurrent_takes_exactly_one_wins_in("cluster", cluster_store(&cluster)).await;
    sessions_end_and_are_found_by_sid_and_sub_in("cluster", cluster_store(&cluster)).await;
    a_lock_has_one_holder_and_an_ended_session_stays_ended_in("cluster", cluster_store(&cluster)).await;

    let store = cluster_store(&cluster);
    let ttl = Duration::from_secs(60);
    assert!(store.put_new("k", "1".into(), ttl).await.unwrap() && !store.put_new("k", "2".into(), ttl).await.unwrap());
    assert!(
        store.replace("k", "3".into(), ttl).await.unwrap() && !store.replace("gone", "x".into(), ttl).await.unwrap()
    );
    assert_eq!(store.get_and_touch("k", ttl).await.unwrap().as_deref(), Some("3"));
    assert!(!store.delete_if("k", "other").await.unwrap() && store.delete_if("k", "3").await.unwrap());
    for member in ["a", "b"] {
        store.index_add("index", member, ttl).await.unwrap();
    }
    store.index_remove("index", "a").await.unwrap();
    assert_eq!(store.index_members("index").await.unwrap(), ["b"]);
    // A transaction spans one slot: keys with different hash tags are refused (CROSSSLOT;
    // tags "x" and "y" hash to slots 16287 and 12222), which is why a session and its
    // user's index carry the same tag, the user's.
    let put = |key| Write::Put { key, value: "v".into(), ttl };
    assert!(store.apply(&[put("session:{x}a"), put("index-sub:{y}")]).await.is_err(), "two slots");
    store.apply(&[put("session:{x}a"), put("index-sub:{x}")]).await.unwrap();

    // Pending sign-ins are single keys taken with GETDEL; sessions spread over every master.
    let sessions = Sessions::new(store, lifetimes(3600, 1800), b"k");
    let login = PendingLogin {
        destination: Destination {
            target: RoomTarget::parse(None, "standup").unwrap(),
            overrides: ConfigOverrides::default(),
            client: Client::Browser,
        },
        pkce_verifier: "verifier".into(),
        nonce: "nonce".into(),
        browser_binding: "binding".into(),
    };
    sessions.save_login("state", &login).await.unwrap();
    assert_eq!(sessions.take_login("state").await.unwrap(), Some(login));
    assert_eq!(sessions.take_login("state").await.unwrap(), None, "single use");
    for i in 0..30 {
        sessions.create(new_session(&format!("u-{i}"), Some(&format!("sid-{i}"))), now()).await.unwrap();
    }
    let per_node = cluster.keys_per_node();
    assert!(per_node.iter().all(|keys| *keys > 0), "keys on every master: {per_node:?}");

    let session_extra = format!(
        "cookie_secret = \"{COOKIE_SECRET}\"\nstore_timeout_ms = 500\n[session.redis]\ncluster_nodes = {:?}",
        cluster.node_urls()
    );
    let app = spawn_app_with(Options { redis_url: None, session_extra, ..Options::default() }).await;
    let response = app.sign_in("/standup", "alice").await;
    assert_eq!(response.status(), 302);
    assert_eq!(jitsi_token(&location(&response)).2["room"], "standup");
    let response = app.get("/Retro").await;
    assert_eq!(response.status(), 302, "signed in: no second trip to the provider");
    assert_eq!(jitsi_token(&location(&response)).2["room"], "retro");
}

#[tokio::test]
async fn redis_behind_a_private_ca_is_trusted_through_ca_file() {
    let redis = tokio::task::spawn_blocking(TlsRedis::start).await.unwrap();
    let url = format!("rediss://127.0.0.1:{}/0", redis.tls_port);
    // Without the CA file the certificate does not verify against the system's roots.
    let untrusted = RedisSettings {
        topology: RedisTopology::Standalone {
            url: SecretString::from(url.clone()),
            tls: true,
            auth: RedisAuth { username: None, password: Some(SecretString::from(REDIS_PASSWORD)) },
        },
        extra_ca: None,
        key_prefix: "x:".into(),
        timeout: Duration::from_millis(500),
    };
    assert!(RedisStore::connect(&untrusted).unwrap().ping().await.is_err(), "an unknown CA is refused");

    let session_extra = format!(
        "cookie_secret = \"{COOKIE_SECRET}\"\n[session.redis]\nurl = \"{url}\"\npassword = \"{REDIS_PASSWORD}\"\nca_file = \"{}\"",
        redis.ca_file().display()
    );
    let app = spawn_app_with(Options { redis_url: None, session_extra, ..Options::default() }).await;
    let response = app.sign_in("/standup", "alice").await;
    assert_eq!(response.status(), 302);
    assert_eq!(jitsi_token(&location(&response)).2["room"], "standup");
    let stored: Option<u64> = query(redis.plain_port, Some(REDIS_PASSWORD), &redis::cmd("DBSIZE"));
    assert_eq!(stored, Some(3), "the session and its two indexes went over TLS to this server");
}

/// No request may take longer than this, failover or not.
const REQUEST_LIMIT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// Sent to Jitsi with a token.
    Token,
    /// 503 with Retry-After.
    Unavailable,
    /// Anything else: a status and where it pointed.
    Other(u16, String),
}

async fn answer(request: reqwest::RequestBuilder) -> (Outcome, Option<String>) {
    let response = match tokio::time::timeout(REQUEST_LIMIT, request.send()).await {
        Ok(Ok(response)) => response,
        Ok(Err(error)) => panic!("the bridge did not answer: {error}"),
        Err(_) => panic!("the bridge did not answer within {REQUEST_LIMIT:?}: a hang"),
    };
    let target = response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
    let outcome = match response.status().as_u16() {
        302 if target.as_deref().is_some_and(|t| t.starts_with(JITSI_BASE) && has_token(t)) => Outcome::Token,
        503 if response.headers().contains_key("retry-after") => Outcome::Unavailable,
        status => Outcome::Other(status, target.clone().unwrap_or_default()),
    };
    (outcome, target)
}

fn has_token(location: &str) -> bool {
    Url::parse(location).ok().as_ref().and_then(token_in_url).is_some()
}

/// A new visitor signs in at `bridge`: the room, the provider, the callback.
async fn fresh_sign_in(bridge: &TestApp, room: &str, login: &str) -> Outcome {
    let browser = bridge.another_browser();
    let (outcome, target) = answer(browser.client.get(format!("{}/{room}", bridge.address))).await;
    match (outcome, target) {
        (Outcome::Other(302, _), Some(authorize)) if authorize.starts_with(&bridge.issuer) => {
            let callback = browser.login_at_idp(&authorize, login).await;
            answer(browser.client.get(callback)).await.0
        }
        (outcome, _) => outcome,
    }
}

/// What happened when, in milliseconds since the test's start.
type Log = Arc<Mutex<Vec<(u128, Outcome)>>>;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_a_sentinel_failover_no_session_is_lost_and_the_bridges_follow_the_new_master() {
    let mut redis = tokio::task::spawn_blocking(SentinelSetup::start).await.unwrap();
    let session_extra = format!(
        "cookie_secret = \"{COOKIE_SECRET}\"\nstore_timeout_ms = 300\n[session.redis]\nsentinels = {:?}\nmaster_name = \"{MASTER_NAME}\"\npassword = \"{REDIS_PASSWORD}\"\nsentinel_password = \"{SENTINEL_PASSWORD}\"",
        redis.sentinel_addresses()
    );
    let extra_sections = "[limits]\nsign_in_starts_per_minute = 0\nsign_in_starts_per_second = 0".to_owned();
    let options =
        Options { redis_url: None, session_extra, extra_sections, separate_processes: true, ..Default::default() };
    let bridges = Arc::new(spawn_replicas(2, options).await);

    let mut visitors = Vec::new();
    for (i, login) in ["alice", "bob", "eve"].into_iter().enumerate() {
        let browser = bridges[i % 2].another_browser();
        let response = browser.sign_in("/warm-up", login).await;
        assert_eq!(response.status(), 302, "{login} signs in before the failover");
        visitors.push(browser.client.clone());
    }

    let start = Instant::now();
    let (visits, sign_ins): (Log, Log) = Default::default();
    let stop = Arc::new(AtomicBool::new(false));
    let slowest = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for (i, client) in visitors.iter().cloned().enumerate() {
        let (bridges, visits, stop, slowest) = (bridges.clone(), visits.clone(), stop.clone(), slowest.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                for bridge in bridges.iter() {
                    let sent = Instant::now();
                    let (outcome, _) = answer(client.get(format!("{}/room-{i}", bridge.address))).await;
                    slowest.fetch_max(sent.elapsed().as_millis() as u64, Ordering::Relaxed);
                    visits.lock().unwrap().push((start.elapsed().as_millis(), outcome));
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    let (bridges_for_sign_ins, log, halt) = (bridges.clone(), sign_ins.clone(), stop.clone());
    tasks.push(tokio::spawn(async move {
        let mut n = 0;
        while !halt.load(Ordering::Relaxed) {
            let began = start.elapsed().as_millis();
            let outcome = fresh_sign_in(&bridges_for_sign_ins[n % 2], &format!("new-{n}"), "bob").await;
            log.lock().unwrap().push((began, outcome));
            n += 1;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }));

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (redis, killed_at) = tokio::task::spawn_blocking(move || {
        redis.wait_for_replication();
        let killed_at = start.elapsed().as_millis();
        redis.kill_master();
        (redis, killed_at)
    })
    .await
    .unwrap();
    // Kept to the end: dropping it would stop the new master and the sentinels.
    let _redis = tokio::task::spawn_blocking(move || {
        let replica = redis.replica_port;
        wait_until("the sentinels promoting the replica", Duration::from_secs(20), || {
            redis.current_master_port() == Some(replica)
        });
        redis
    })
    .await
    .unwrap();
    let promoted_at = start.elapsed().as_millis();
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }

    // Every signed-in visitor gets a token again from both bridges, without signing in.
    for (i, client) in visitors.iter().enumerate() {
        for bridge in bridges.iter() {
            let (outcome, _) = answer(client.get(format!("{}/after-{i}", bridge.address))).await;
            assert_eq!(outcome, Outcome::Token, "visitor {i} at {} after the failover", bridge.address);
        }
    }
    let visits = visits.lock().unwrap().clone();
    let sign_ins = sign_ins.lock().unwrap().clone();
    let errors: Vec<u128> = visits.iter().filter(|(_, o)| *o != Outcome::Token).map(|(at, _)| *at).collect();
    let unexpected: Vec<_> =
        visits.iter().filter(|(_, o)| !matches!(o, Outcome::Token | Outcome::Unavailable)).collect();
    assert!(unexpected.is_empty(), "visits answer a token or 503 + Retry-After, nothing else: {unexpected:?}");
    let (first_error, last_error) = (errors.first().copied(), errors.last().copied());
    assert!(
        first_error.is_none_or(|at| at >= killed_at),
        "errors before the master died: {first_error:?} < {killed_at}"
    );
    // The bridges reconnect by themselves soon after the sentinels name the new master.
    assert!(
        last_error.is_none_or(|at| at <= promoted_at + 1500),
        "errors long after the promotion at {promoted_at}: {last_error:?}"
    );
    let recovered_after_kill = visits.iter().any(|(at, o)| *at > promoted_at && *o == Outcome::Token);
    assert!(recovered_after_kill, "visits succeed again after the promotion");

    let count = |log: &[(u128, Outcome)], wanted: &Outcome| log.iter().filter(|(_, o)| o == wanted).count();
    // A sign-in whose pending state the dying master took with it is told to start again:
    // only one straddling the kill may end so.
    let lost: Vec<_> = sign_ins.iter().filter(|(_, o)| !matches!(o, Outcome::Token | Outcome::Unavailable)).collect();
    assert!(lost.iter().all(|(began, _)| began.abs_diff(killed_at) < 2000), "sign-ins ending otherwise: {lost:?}");
    assert!(lost.len() <= 1, "sign-ins lost with the master: {lost:?}");
    assert!(sign_ins.iter().any(|(began, o)| *began > promoted_at && *o == Outcome::Token), "new sign-ins work again");

    println!(
        "sentinel failover: master killed at {killed_at} ms, replica promoted {} ms later; visit error window {} ms \
         (first {first_error:?}, last {last_error:?}); slowest visit {} ms; visits ok {} / 503 {}; \
         sign-ins ok {} / 503 {} / lost {}",
        promoted_at - killed_at,
        last_error.zip(first_error).map_or(0, |(last, first)| last - first),
        slowest.load(Ordering::Relaxed),
        count(&visits, &Outcome::Token),
        count(&visits, &Outcome::Unavailable),
        count(&sign_ins, &Outcome::Token),
        count(&sign_ins, &Outcome::Unavailable),
        lost.len(),
    );
}
