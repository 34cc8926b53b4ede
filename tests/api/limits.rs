//! Bounded under hostile load: sign-in starts are limited per visitor address
//! and in total, oversized requests are refused before a handler reads them,
//! and a flood of anonymous starts does not keep signed-in employees out.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::helpers::*;

/// A start from `address` (through a trusted proxy when the bridge trusts us).
async fn start_from(app: &TestApp, client: &reqwest::Client, address: Option<&str>) -> reqwest::Response {
    let mut request = client.get(format!("{}/login?room=standup", app.address));
    if let Some(address) = address {
        request = request.header("x-forwarded-for", address);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn sign_in_starts_are_limited_per_address_with_a_readable_429_but_signed_in_visits_are_not() {
    let app = spawn_app().await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302, "one start, signed in");
    let anonymous = browser(Arc::default());
    // The default burst is 10 per address: bob used one of them.
    for _ in 0..9 {
        assert_eq!(start_from(&app, &anonymous, None).await.status(), 302);
    }
    let refused = start_from(&app, &anonymous, None).await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry_after), "30 a minute: the next in ~2 s, said {retry_after}");
    let id = refused.headers()["x-request-id"].to_str().unwrap().to_owned();
    let page = refused.text().await.unwrap();
    assert!(page.contains("<h1>Too many sign-in attempts</h1>") && page.contains(&id), "{page}");
    assert!(!app.stored_keys().await.is_empty());

    // Bob's visits from the same address are not sign-in starts.
    for room in ["/retro", "/planning", "/standup"] {
        let response = app.get(room).await;
        assert_eq!(response.status(), 302, "{room}");
        jitsi_token(&location(&response));
    }
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_a_trusted_proxy() {
    let trusting = Options { server_extra: "trusted_proxies = [\"127.0.0.1/32\"]".into(), ..Options::default() };
    let app = spawn_app_with(trusting).await;
    let client = browser(Arc::default());
    for _ in 0..10 {
        assert_eq!(start_from(&app, &client, Some("198.51.100.1")).await.status(), 302);
    }
    assert_eq!(start_from(&app, &client, Some("198.51.100.1")).await.status(), 429);
    assert_eq!(start_from(&app, &client, Some("198.51.100.2")).await.status(), 302, "another visitor behind the proxy");

    // Without trust, the header is the client's own claim and changes nothing.
    let app = spawn_app().await;
    for i in 0..10 {
        assert_eq!(start_from(&app, &client, Some(&format!("198.51.100.{i}"))).await.status(), 302);
    }
    assert_eq!(start_from(&app, &client, Some("198.51.100.99")).await.status(), 429);
}

#[tokio::test]
async fn oversized_addresses_and_headers_are_refused_with_a_page() {
    let app = spawn_app().await;
    let long_query = format!("/auth?room=standup&state={}", "x".repeat(20 * 1024));
    let response = app.get(&long_query).await;
    assert_eq!(response.status(), 414);
    assert!(response.text().await.unwrap().contains("That request is too large"));

    let response = app
        .client
        .get(format!("{}/standup", app.address))
        .header("x-padding", "y".repeat(20 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 431);
    assert!(response.headers().contains_key("x-request-id"));
    assert_eq!(app.get("/standup").await.status(), 302, "normal requests still pass");
}

/// The flood: many "addresses" (through a trusted proxy) start
/// sign-ins as fast as 32 connections allow for 3 s (and until 300 starts
/// were tried, however slow the machine, for at most 20 s), while three signed-in
/// employees keep visiting rooms. Every employee visit must get a token; the
/// starts beyond the limits get 429 and write nothing. The total is lowered
/// to 10 a second so a debug build on a busy machine does exceed it. The
/// bridge runs as a process of its own, as in production: in this test's
/// runtime the flood would starve its Redis connection, not the bridge. Figures are printed
/// for the issue note: `cargo test --test api limits::a_flood -- --nocapture`.
#[tokio::test]
async fn a_flood_of_anonymous_starts_does_not_keep_employees_out() {
    let options = Options {
        server_extra: "trusted_proxies = [\"127.0.0.1/32\"]".into(),
        extra_sections: "[limits]\nsign_in_starts_per_second = 10".into(),
        separate_processes: true,
        ..Options::default()
    };
    // Replicas after the first run as processes; the first is left idle.
    let app = Arc::new(spawn_replicas(2, options).await.remove(1));
    let mut employees = Vec::new();
    for login in ["alice", "bob", "eve"] {
        let employee = app.another_browser();
        assert_eq!(employee.sign_in("/standup", login).await.status(), 302);
        employees.push(employee);
    }

    let started_at = Instant::now();
    let tried = Arc::new(AtomicUsize::new(0));
    let flooding = {
        let tried = tried.clone();
        move || {
            let elapsed = started_at.elapsed();
            elapsed < Duration::from_secs(20)
                && (elapsed < Duration::from_secs(3) || tried.load(Ordering::Relaxed) < 300)
        }
    };
    let (started, limited, failed) =
        (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut flood = Vec::new();
    for worker in 0..32u32 {
        let (app, started, limited, failed) = (app.clone(), started.clone(), limited.clone(), failed.clone());
        let (tried, flooding) = (tried.clone(), flooding.clone());
        flood.push(tokio::spawn(async move {
            let client = browser(Arc::default());
            let mut n = 0u32;
            while flooding() {
                n += 1;
                tried.fetch_add(1, Ordering::Relaxed);
                let address = format!("10.{}.{}.{}", worker, (n >> 8) & 255, n & 255);
                match start_from(&app, &client, Some(&address)).await.status().as_u16() {
                    302 => started.fetch_add(1, Ordering::Relaxed),
                    429 => limited.fetch_add(1, Ordering::Relaxed),
                    other => {
                        eprintln!("flood start answered {other}");
                        failed.fetch_add(1, Ordering::Relaxed)
                    }
                };
            }
        }));
    }
    let mut served = 0;
    while flooding() {
        for employee in &employees {
            let response = employee.get("/retro").await;
            if response.status() != 302 {
                panic!("an employee was kept out during the flood: {}", response.text().await.unwrap());
            }
            jitsi_token(&location(&response));
            served += 1;
        }
    }
    for worker in flood {
        worker.await.unwrap();
    }
    let elapsed = started_at.elapsed();
    let (started, limited, failed) =
        (started.load(Ordering::Relaxed), limited.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    let pending =
        app.stored_keys().await.iter().filter(|k| k.starts_with(&format!("{}login:", app.key_prefix))).count();
    let info: String = redis::cmd("INFO").arg("memory").query_async(&mut app.redis().await).await.unwrap();
    let used = info.lines().find_map(|l| l.strip_prefix("used_memory_human:")).unwrap_or("?").trim().to_owned();
    println!(
        "flood {:.1} s: {started} starts accepted, {limited} refused with 429, {failed} other; \
         employees served {served} visits, all with tokens; {pending} pending sign-ins stored; redis used_memory {used}",
        elapsed.as_secs_f64()
    );
    assert_eq!(failed, 0, "starts are accepted or limited, never failed");
    assert!(limited > 0, "the flood went past the limits");
    // 10 a second in total, plus the burst of 10: the store holds no more than that.
    let allowed = 10 * (elapsed.as_secs() as usize + 1) + 10;
    assert!(started <= allowed, "{started} starts got through a total limit allowing {allowed}");
    assert_eq!(pending, started, "every accepted start, and no refused one, left a record");
}

/// What one anonymous start can make the store keep: a plain start, and one
/// through `/auth` with the largest state accepted (just under 4 KiB, all of
/// it `config.*` overrides). Printed for the issue note.
#[tokio::test]
async fn pending_sign_ins_stay_small_even_from_the_largest_state() {
    let app = spawn_app().await;
    let mut redis = app.redis().await;
    let mut sizes = Vec::new();
    let mut state = serde_json::json!({"room": "standup", "roomSafe": "standup", "tenant": ""});
    for i in 0..40 {
        state[format!("config.option{i:02}")] = serde_json::json!("v".repeat(80));
    }
    assert!(state.to_string().len() < 4096);
    let largest = format!(
        "/auth?room=standup&state={}",
        percent_encoding::utf8_percent_encode(&state.to_string(), percent_encoding::NON_ALPHANUMERIC)
    );
    for path in ["/login?room=standup", largest.as_str()] {
        let client = browser(Arc::default());
        assert_eq!(client.get(format!("{}{path}", app.address)).send().await.unwrap().status(), 302);
        let logins = format!("{}login:", app.key_prefix);
        let key = app.stored_keys().await.into_iter().find(|k| k.starts_with(&logins)).unwrap();
        let value: String = redis::cmd("GET").arg(&key).query_async(&mut redis).await.unwrap();
        let usage: u64 = redis::cmd("MEMORY").arg("USAGE").arg(&key).query_async(&mut redis).await.unwrap();
        let _: () = redis::cmd("DEL").arg(&key).query_async(&mut redis).await.unwrap();
        sizes.push((value.len(), usage));
    }
    println!(
        "pending sign-in: plain start {:?}, largest /auth state {:?} (value bytes, MEMORY USAGE)",
        sizes[0], sizes[1]
    );
    assert!(sizes[1].1 <= 2048, "the largest pending record takes {} bytes", sizes[1].1);
}
