//! Graceful shutdown of the bridge binary, as an orchestrator does it: SIGTERM
//! while a sign-in is in flight (its callback waiting on a slow token endpoint).

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::cookie::Jar;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

const CLIENT_ID: &str = "shutdown-client";
/// HS256 ID tokens are signed with the client secret (OIDC Core 10.1).
const CLIENT_SECRET: &str = "shutdown-client-secret-0123456789abcdef";

/// A scripted provider: discovery announcing HS256 ID tokens, and an empty key set.
async fn provider() -> MockServer {
    let provider = MockServer::start().await;
    let uri = provider.uri();
    let metadata = json!({
        "issuer": uri, "authorization_endpoint": format!("{uri}/authorize"), "token_endpoint": format!("{uri}/token"),
        "jwks_uri": format!("{uri}/jwks"), "response_types_supported": ["code"],
        "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["HS256"],
    });
    let discovery = ResponseTemplate::new(200).set_body_json(metadata);
    Mock::given(method("GET"))
        .and(path("/.well-known/openid-configuration"))
        .respond_with(discovery)
        .mount(&provider)
        .await;
    let keys = ResponseTemplate::new(200).set_body_json(json!({"keys": []}));
    Mock::given(method("GET")).and(path("/jwks")).respond_with(keys).mount(&provider).await;
    provider
}

/// The token endpoint answers this sign-in (its `nonce`) well, after `delay`.
async fn token_endpoint_answers_after(provider: &MockServer, delay: Duration, nonce: &str) {
    let now = jsonwebtoken::get_current_timestamp();
    let claims = json!({
        "iss": provider.uri(), "aud": CLIENT_ID, "sub": "u-shutdown", "nonce": nonce,
        "iat": now, "exp": now + 300, "groups": ["employees"],
    });
    let key = EncodingKey::from_secret(CLIENT_SECRET.as_bytes());
    let id_token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key).unwrap();
    let body = json!({"access_token": "at", "token_type": "Bearer", "expires_in": 60, "id_token": id_token});
    let answer = ResponseTemplate::new(200).set_body_json(body).set_delay(delay);
    Mock::given(method("POST")).and(path("/token")).respond_with(answer).mount(provider).await;
}

/// Wait (bounded) until the bridge's token request has reached `provider`:
/// only then is the sign-in really in flight, however slow the machine.
async fn until_token_requested(provider: &MockServer) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let requests = provider.received_requests().await.unwrap_or_default();
        if requests.iter().any(|r| r.url.path() == "/token") {
            return;
        }
        assert!(Instant::now() < deadline, "the callback never reached the token endpoint");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The bridge binary against `provider`, sessions in memory.
async fn bridge(provider: &MockServer, delay_seconds: u64, timeout_seconds: u64) -> (BridgeProcess, String, u16) {
    let port = free_port();
    let address = format!("http://127.0.0.1:{port}");
    let toml = format!(
        r#"
[server]
listen = "127.0.0.1:{port}"
public_url = "{address}"
dev_mode = true
shutdown_delay_seconds = {delay_seconds}
shutdown_timeout_seconds = {timeout_seconds}

[oidc]
issuer_url = "{issuer}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
userinfo = false
http_timeout_seconds = 60

[jitsi]
base_url = "{JITSI_BASE}"
app_id = "{APP_ID}"
app_secret = "{APP_SECRET}"

[access]
allowed_groups = ["employees"]
guests = false
"#,
        issuer = provider.uri(),
    );
    (BridgeProcess::start(&toml, &address).await, address, port)
}

/// A visitor's sign-in, sent to the provider: the callback URL to come back
/// to, and the nonce its ID token must carry.
async fn sign_in_started(browser: &reqwest::Client, address: &str) -> (String, String) {
    let response = browser.get(format!("{address}/standup")).send().await.unwrap();
    assert_eq!(response.status(), 302);
    let authorize = Url::parse(&location(&response)).unwrap();
    let param = |name| authorize.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap();
    (format!("{address}/callback?code=c&state={}", param("state")), param("nonce"))
}

fn send_sigterm(pid: u32) {
    let status = Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(status.success(), "kill -TERM {pid}");
}

/// Waits until connecting to `port` is refused: the listener is closed.
async fn until_refused(port: u16, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        match TcpStream::connect(("127.0.0.1", port)).await {
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionRefused => return,
            other => assert!(Instant::now() < deadline, "port {port} still accepts after {within:?}: {other:?}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn sigterm_fails_readiness_at_once_finishes_the_sign_in_in_flight_then_closes_and_exits() {
    let provider = provider().await;
    let (mut bridge, address, port) = bridge(&provider, 1, 10).await;
    let browser = browser(Arc::new(Jar::default()));
    let (callback, nonce) = sign_in_started(&browser, &address).await;
    token_endpoint_answers_after(&provider, Duration::from_secs(2), &nonce).await;
    // A keep-alive connection with nothing in flight when the stop comes.
    let mut idle = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: bridge\r\n\r\n").await.unwrap();
    let mut buffer = [0u8; 4096];
    let read = idle.read(&mut buffer).await.unwrap();
    assert!(buffer[..read].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&buffer[..read]));

    let in_flight = tokio::spawn(async move { browser.get(callback).send().await });
    until_token_requested(&provider).await;
    send_sigterm(bridge.id());
    let signalled = Instant::now();

    // Readiness fails at once, on a new connection, while the listener still accepts.
    let probe = reqwest::Client::new();
    let readiness = loop {
        let response = probe.get(format!("{address}/readyz")).send().await.unwrap();
        if response.status() == 503 || signalled.elapsed() > Duration::from_millis(500) {
            break response;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(readiness.status(), 503);
    assert_eq!(readiness.headers()["connection"], "close", "a draining bridge ends keep-alive connections");
    assert_eq!(readiness.json::<serde_json::Value>().await.unwrap(), json!({"status": "shutting_down"}));

    let response = in_flight.await.unwrap().expect("the sign-in in flight is answered");
    assert_eq!(response.status(), 302);
    let (_, _, claims) = jitsi_token(&location(&response));
    assert_eq!(claims["context"]["user"]["id"], "u-shutdown");

    until_refused(port, Duration::from_secs(2)).await;
    let closed = tokio::time::timeout(Duration::from_secs(1), idle.read(&mut buffer)).await;
    assert!(matches!(closed, Ok(Ok(0)) | Ok(Err(_))), "the idle keep-alive connection is closed: {closed:?}");
    let status = bridge.exit_within(Duration::from_secs(5)).await.expect("the bridge exits once drained");
    assert!(status.success(), "{status}");
    assert!(signalled.elapsed() < Duration::from_secs(1 + 10), "within the delay and the shutdown timeout");
}

#[tokio::test]
async fn a_request_still_running_at_the_shutdown_timeout_is_cut_off_and_the_process_exits() {
    let provider = provider().await;
    let (mut bridge, address, port) = bridge(&provider, 0, 1).await;
    let jar = Arc::new(Jar::default());
    let (callback, nonce) = sign_in_started(&browser(jar.clone()), &address).await;
    token_endpoint_answers_after(&provider, Duration::from_secs(30), &nonce).await;
    // A connection of its own, never pooled: a client retries a request whose
    // pooled connection was closed under it, and after the bridge has exited
    // that retry could reach another test's server on the same port.
    let once = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(jar)
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let in_flight = tokio::spawn(async move { once.get(callback).send().await });
    until_token_requested(&provider).await;

    send_sigterm(bridge.id());
    let signalled = Instant::now();
    until_refused(port, Duration::from_secs(1)).await;
    let status = bridge.exit_within(Duration::from_secs(4)).await.expect("the bridge exits at the shutdown timeout");
    assert!(status.success(), "{status}");
    assert!(signalled.elapsed() >= Duration::from_millis(900), "the request had its second");
    // Past the timeout the request gets no token: either its connection is cut,
    // or, when the runtime's shutdown ends the provider call first, a 503 is
    // still written before the connection goes (both seen on a busy 2-core machine).
    match in_flight.await.unwrap() {
        Err(_) => {}
        Ok(response) => assert_eq!(response.status(), 503, "the request past the timeout got no token"),
    }
}
