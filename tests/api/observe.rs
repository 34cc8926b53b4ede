//! Observing the bridge: `/metrics` after real sign-ins (the families, the
//! counts, and no user data), on the main listener or one of its own; and
//! `/readyz` answering at once from the last real contact with the provider,
//! while the provider hangs. Graceful shutdown is in `observe/shutdown.rs`.

mod logs;
mod shutdown;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

/// The value of one series (`name{labels}` exactly as printed); 0 when absent.
pub fn sample(text: &str, series: &str) -> f64 {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok()).unwrap_or(0.0)
}

async fn scrape(url: &str) -> String {
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    response.text().await.unwrap()
}

/// The `state` of the authorization request a bridge redirect sends the browser to.
fn state_of(authorize: &str) -> String {
    let url = Url::parse(authorize).unwrap();
    url.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned()).unwrap()
}

/// Userinfo costs a provider round trip per sign-in: by default it is asked only
/// when the ID token lacks the groups claim or a display name (here dave's has
/// no groups claim); `oidc.userinfo = "always"` asks every time.
#[tokio::test]
async fn userinfo_is_asked_only_when_the_id_token_lacks_what_is_needed() {
    let userinfo_calls =
        |text: &str| sample(text, r#"jitsi_oidc_bridge_provider_requests_total{endpoint="userinfo",outcome="ok"}"#);
    let app = spawn_app().await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
    assert_eq!(userinfo_calls(&scrape(&format!("{}/metrics", app.address)).await), 0.0, "bob's ID token has it all");
    assert_eq!(app.another_browser().sign_in("/standup", "dave").await.status(), 403);
    assert_eq!(userinfo_calls(&scrape(&format!("{}/metrics", app.address)).await), 1.0, "dave's lacks groups");

    let app = spawn_app_with(Options { userinfo: "always", ..Options::default() }).await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
    assert_eq!(userinfo_calls(&scrape(&format!("{}/metrics", app.address)).await), 1.0, "always");
}

#[tokio::test]
async fn metrics_count_sign_ins_by_outcome_and_role_and_name_no_user_or_room() {
    let app = spawn_app().await;
    let (room, other_room) = ("quarterly-planning-7f3a", "design-review-c41b");
    assert_eq!(app.sign_in(&format!("/{room}"), "alice").await.status(), 302);
    assert_eq!(app.another_browser().sign_in(&format!("/{other_room}"), "bob").await.status(), 302);
    assert_eq!(app.another_browser().sign_in(&format!("/{room}"), "carol").await.status(), 403);
    assert_eq!(app.get("/callback?code=c&state=never-issued").await.status(), 400);
    // Finished in another browser than the one that started.
    let starter = app.another_browser();
    let callback = starter.login_at_idp(&location(&starter.get(&format!("/{room}")).await), "bob").await;
    assert_eq!(app.another_browser().client.get(&callback).send().await.unwrap().status(), 400);
    // The visitor cancels at the provider.
    let canceller = app.another_browser();
    let state = state_of(&location(&canceller.get(&format!("/{room}")).await));
    assert_eq!(canceller.get(&format!("/callback?error=access_denied&state={state}")).await.status(), 401);

    let text = scrape(&format!("{}/metrics", app.address)).await;
    let m = |series: &str| sample(&text, series);
    let p = "jitsi_oidc_bridge_";
    assert_eq!(m(&format!("{p}sign_ins_started_total")), 5.0, "{text}");
    assert_eq!(m(&format!("{p}sign_ins_completed_total")), 2.0);
    for (reason, count) in [("policy", 1.0), ("expired_state", 1.0), ("foreign_browser", 1.0), ("provider_denied", 1.0)]
    {
        assert_eq!(m(&format!(r#"{p}sign_ins_refused_total{{reason="{reason}"}}"#)), count, "{reason}");
    }
    assert_eq!(m(&format!(r#"{p}sign_ins_refused_total{{reason="rejected"}}"#)), 0.0);
    assert_eq!(m(&format!(r#"{p}tokens_minted_total{{role="moderator"}}"#)), 1.0, "alice");
    assert_eq!(m(&format!(r#"{p}tokens_minted_total{{role="member"}}"#)), 1.0, "bob");
    let requests = |route: &str, status: u16| {
        m(&format!(r#"{p}http_requests_total{{route="{route}",method="GET",status="{status}"}}"#))
    };
    assert_eq!(requests("/{room}", 302), 5.0);
    assert_eq!(requests("/callback", 302), 2.0);
    assert_eq!(requests("/callback", 403), 1.0);
    assert_eq!(requests("/callback", 400), 2.0);
    assert_eq!(requests("/callback", 401), 1.0);
    assert_eq!(m(&format!(r#"{p}http_request_duration_seconds_count{{route="/callback",method="GET"}}"#)), 6.0);
    let calls = |endpoint: &str| m(&format!(r#"{p}provider_requests_total{{endpoint="{endpoint}",outcome="ok"}}"#));
    assert!(calls("discovery") >= 1.0 && calls("jwks") >= 1.0, "{text}");
    assert_eq!(calls("token"), 3.0, "alice, bob and carol");
    // Every ID token had the groups claim and a name: userinfo was never needed.
    assert_eq!(calls("userinfo"), 0.0, "{text}");
    assert_eq!(m(&format!(r#"{p}provider_request_duration_seconds_count{{endpoint="token",outcome="ok"}}"#)), 3.0);
    // Every callback took its pending sign-in, known or not.
    assert_eq!(m(&format!(r#"{p}store_operations_total{{operation="take",outcome="ok"}}"#)), 6.0);
    assert!(m(&format!(r#"{p}store_operation_duration_seconds_count{{operation="take",outcome="ok"}}"#)) >= 6.0);
    assert!(text.contains(&format!(r#"{p}build_info{{version="{}",commit="#, env!("CARGO_PKG_VERSION"))));

    let lowercase = text.to_lowercase();
    for private in [room, other_room, "alice", "u-bob", "carol@example.com", "contractor", &state, "never-issued"] {
        assert!(!lowercase.contains(&private.to_lowercase()), "{private:?} in the metrics:\n{text}");
    }
}

#[tokio::test]
async fn rate_limited_starts_are_counted_as_rejections_and_refused_sign_ins() {
    let limits = "[limits]\nsign_in_starts_per_minute = 1\nsign_in_burst = 1".to_owned();
    let app = spawn_app_with(Options { redis_url: None, extra_sections: limits, ..Options::default() }).await;
    assert_eq!(app.get("/standup").await.status(), 302);
    assert_eq!(app.get("/standup").await.status(), 429);

    let text = scrape(&format!("{}/metrics", app.address)).await;
    assert_eq!(sample(&text, "jitsi_oidc_bridge_sign_in_starts_rate_limited_total"), 1.0, "{text}");
    assert_eq!(sample(&text, r#"jitsi_oidc_bridge_sign_ins_refused_total{reason="rate_limited"}"#), 1.0);
    assert_eq!(sample(&text, "jitsi_oidc_bridge_sign_ins_started_total"), 1.0);
}

#[tokio::test]
async fn metrics_live_under_the_public_url_path() {
    let app = spawn_app_with(Options { path_prefix: "/sso".into(), redis_url: None, ..Options::default() }).await;
    assert_eq!(app.get("/standup").await.status(), 302);
    let text = scrape(&format!("{}/metrics", app.address)).await;
    assert_eq!(
        sample(&text, r#"jitsi_oidc_bridge_http_requests_total{route="/sso/{room}",method="GET",status="302"}"#),
        1.0,
        "{text}"
    );
    let root = format!("http://127.0.0.1:{}/metrics", app.port);
    assert_eq!(reqwest::get(&root).await.unwrap().status(), 404, "only under the prefix");
}

#[tokio::test]
async fn a_separate_metrics_listener_serves_them_and_the_main_one_does_not() {
    let metrics_port = free_port();
    let server_extra = format!("metrics_listen = \"127.0.0.1:{metrics_port}\"");
    let app = spawn_app_with(Options { server_extra, redis_url: None, ..Options::default() }).await;
    assert_eq!(app.get("/standup").await.status(), 302);

    // On the main listener, /metrics is a room like any other.
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 302);
    assert!(location(&response).starts_with(&app.issuer));
    let text = scrape(&format!("http://127.0.0.1:{metrics_port}/metrics")).await;
    let rooms = r#"jitsi_oidc_bridge_http_requests_total{route="/{room}",method="GET",status="302"}"#;
    assert_eq!(sample(&text, rooms), 2.0, "{text}");
    let elsewhere = reqwest::get(format!("http://127.0.0.1:{metrics_port}/standup")).await.unwrap();
    assert_eq!(elsewhere.status(), 404, "the metrics listener serves nothing else");
}

/// Answers `/readyz` and times it: (status, body, how long it took).
async fn readiness(app: &TestApp) -> (u16, Value, Duration) {
    let started = Instant::now();
    let response = app.get("/readyz").await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap(), started.elapsed())
}

const ANSWER_BOUND: Duration = Duration::from_secs(1);

#[tokio::test]
async fn readyz_answers_at_once_while_the_provider_accepts_connections_and_never_answers() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap(); // never accepts: requests hang
    let issuer = Some(format!("http://127.0.0.1:{}", silent.local_addr().unwrap().port()));
    let client = Some(("x".to_owned(), "y".to_owned()));
    let options = Options { issuer, client, redis_url: None, http_timeout_seconds: 60, ..Options::default() };
    let app = spawn_app_with(options).await;
    for _ in 0..3 {
        let (status, body, took) = readiness(&app).await;
        assert!(took < ANSWER_BOUND, "readyz took {took:?}");
        assert_eq!(status, 503);
        assert_eq!(body, json!({"status": "unavailable", "session_store": "ok", "identity_provider": "unavailable"}));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    drop(silent);
}

async fn serve_metadata(provider: &MockServer, delay: Duration) {
    let uri = provider.uri();
    let metadata = json!({
        "issuer": uri, "authorization_endpoint": format!("{uri}/authorize"), "token_endpoint": format!("{uri}/token"),
        "jwks_uri": format!("{uri}/jwks"), "response_types_supported": ["code"],
        "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["HS256"],
    });
    let answer = ResponseTemplate::new(200).set_body_json(metadata).set_delay(delay);
    Mock::given(method("GET"))
        .and(path("/.well-known/openid-configuration"))
        .respond_with(answer)
        .mount(provider)
        .await;
    let keys = ResponseTemplate::new(200).set_body_json(json!({"keys": []}));
    Mock::given(method("GET")).and(path("/jwks")).respond_with(keys).mount(provider).await;
}

/// Polls `/readyz` (each answer within the bound) until it says `status`.
async fn until_readiness(app: &TestApp, status: u16, within: Duration) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let (now, body, took) = readiness(app).await;
        assert!(took < ANSWER_BOUND, "readyz took {took:?}");
        if now == status {
            return body;
        }
        assert!(Instant::now() < deadline, "readyz still {now} {body} after {within:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn readyz_fails_once_the_metadata_is_older_than_the_max_age_and_recovers_with_the_provider() {
    let provider = MockServer::start().await;
    serve_metadata(&provider, Duration::ZERO).await;
    let options = Options {
        issuer: Some(provider.uri()),
        client: Some(("x".to_owned(), "y".to_owned())),
        redis_url: None,
        http_timeout_seconds: 3,
        server_extra: "readyz_provider_max_age_seconds = 2".into(),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    until_readiness(&app, 200, Duration::from_secs(5)).await;

    // The provider now hangs: re-reads started by readyz wait in the background.
    provider.reset().await;
    serve_metadata(&provider, Duration::from_secs(60)).await;
    let hung_at = Instant::now();
    let body = until_readiness(&app, 503, Duration::from_secs(5)).await;
    assert_eq!(body["identity_provider"], "unavailable", "{body}");
    assert_eq!(body["session_store"], "ok", "{body}");
    assert!(hung_at.elapsed() <= Duration::from_secs(3), "not ready within the max age of the last read");

    provider.reset().await;
    serve_metadata(&provider, Duration::ZERO).await;
    // After the hung read times out (3 s) and the 5 s back-off after a failure.
    until_readiness(&app, 200, Duration::from_secs(12)).await;
}
