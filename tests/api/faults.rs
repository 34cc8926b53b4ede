//! Faults the happy path never meets: the session store going away and coming
//! back, a provider nobody answers at, and a scripted provider (wiremock) that
//! answers what a real one should not: broken metadata, forged or stale ID
//! tokens, failing or slow token endpoints. Whatever breaks, the visitor gets a
//! short page with the request id: never a token, never an upstream detail.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

/// Check an error page and return its body: `status`, HTML, the request id of
/// the `x-request-id` header shown to the visitor, no way into the room, and
/// nothing of the upstream failure (those details belong in the log).
async fn error_page(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status(), status, "location: {:?}", response.headers().get("location"));
    assert!(response.headers().get("location").is_none(), "an error page, not a redirect");
    if status == 503 {
        assert!(response.headers().contains_key("retry-after"), "503 tells clients when to retry");
    }
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    let cookies: Vec<_> = response.headers().get_all("set-cookie").iter().collect();
    assert!(!cookies.iter().any(|c| c.to_str().unwrap().starts_with("jitsi-sso=")), "no session: {cookies:?}");
    let body = response.text().await.unwrap();
    assert!(body.contains(&request_id), "the page shows request id {request_id}:\n{body}");
    let leaks = ["reqwest", "hyper", "Connection refused", "os error", "panicked", "backtrace", "127.0.0.1"];
    for leak in leaks.iter().chain(&["jwt=", "eyJ"]) {
        assert!(!body.contains(leak), "the page shows {leak:?}:\n{body}");
    }
    body
}

async fn readiness(app: &TestApp) -> (u16, Value) {
    let response = app.get("/readyz").await;
    (response.status().as_u16(), response.json().await.unwrap())
}

/// Redis goes away under a running bridge: visitors get a 503 page at once
/// (not a hang, not a panic), probes tell liveness from readiness, and the
/// bridge reconnects by itself when Redis is back.
#[tokio::test]
async fn session_store_outage_gives_503_and_the_bridge_recovers_on_its_own() {
    let mut redis = RedisServer::start();
    let app = spawn_app_with(Options { redis_url: Some(redis.url()), ..Options::default() }).await;

    let response = app.get("/standup").await;
    assert_eq!(response.status(), 302);
    assert!(location(&response).starts_with(&app.issuer));
    let keys = app.stored_keys().await;
    assert!(
        keys.len() == 1 && keys[0].starts_with(&format!("{}login:", app.key_prefix)),
        "the pending sign-in: {keys:?}"
    );

    redis.stop();
    let body = error_page(app.get("/standup").await, 503).await;
    assert!(body.contains("unavailable"), "{body}");
    assert!(body.contains(r#"href="/standup">Try again</a>"#), "a way forward: {body}");
    assert_eq!(app.get("/healthz").await.status(), 200, "the process itself is alive");
    let (status, ready) = readiness(&app).await;
    assert_eq!(status, 503);
    assert_eq!(ready["status"], "unavailable");
    assert_ne!(ready["session_store"], "ok", "{ready}");
    assert_eq!(ready["identity_provider"], "ok", "{ready}");

    redis.restart();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let response = app.get("/standup").await;
        if response.status() == 302 {
            break;
        }
        assert!(Instant::now() < deadline, "still {} 5 s after Redis came back", response.status());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(readiness(&app).await.0, 200);
}

/// The pending sign-in cannot be taken while Redis is down: the callback
/// must fail closed (503), not mint a token from state it could not check.
#[tokio::test]
async fn callback_while_the_session_store_is_down_gives_503_and_no_token() {
    let mut redis = RedisServer::start();
    let app = spawn_app_with(Options { redis_url: Some(redis.url()), ..Options::default() }).await;
    let response = app.get("/standup").await;
    assert_eq!(response.status(), 302);
    let callback = app.login_at_idp(&location(&response), "alice").await;

    redis.stop();
    error_page(app.client.get(&callback).send().await.unwrap(), 503).await;
}

/// A signed-in employee whose session cannot be read is neither let in on
/// trust nor sent to sign in again (which would fail at the same store).
#[tokio::test]
async fn signed_in_user_gets_503_on_the_next_room_when_the_session_store_is_down() {
    let mut redis = RedisServer::start();
    let app = spawn_app_with(Options { redis_url: Some(redis.url()), ..Options::default() }).await;
    let response = app.sign_in("/standup", "bob").await;
    assert_eq!(response.status(), 302);
    jitsi_token(&location(&response));

    redis.stop();
    error_page(app.get("/retro").await, 503).await;
}

/// Discovery is lazy, so the bridge starts while its provider is down and
/// says so on the sign-in page and in readiness, not by refusing to start.
#[tokio::test]
async fn unreachable_provider_gives_503_and_the_bridge_still_starts() {
    let nobody = format!("http://127.0.0.1:{}", free_port());
    let client = Some(("x".to_owned(), "y".to_owned()));
    let app = spawn_app_with(Options { issuer: Some(nobody), client, redis_url: None, ..Options::default() }).await;

    assert_eq!(app.get("/healthz").await.status(), 200);
    let body = error_page(app.get("/standup").await, 503).await;
    assert!(body.contains("unavailable"), "{body}");
    let (status, ready) = readiness(&app).await;
    assert_eq!(status, 503);
    assert_ne!(ready["identity_provider"], "ok", "{ready}");
    assert_eq!(ready["session_store"], "ok", "{ready}");
}

const CLIENT_ID: &str = "fake-client";
/// HS256 ID tokens are signed with the client secret (OIDC Core 10.1).
const CLIENT_SECRET: &str = "fake-client-secret-0123456789abcdef";
const DISCOVERY: &str = "/.well-known/openid-configuration";

/// A scripted provider: discovery that announces HS256 ID tokens, an empty key
/// set, and a token endpoint each test scripts.
struct FakeIdp {
    server: MockServer,
}

impl FakeIdp {
    /// A provider that answers nothing yet (wiremock says 404 to anything unscripted).
    async fn bare() -> Self {
        Self { server: MockServer::start().await }
    }

    async fn serves(&self, http_method: &str, at: &str, answer: ResponseTemplate) {
        Mock::given(method(http_method)).and(path(at)).respond_with(answer).mount(&self.server).await;
    }

    /// A provider whose discovery document is `discovery`, and nothing else.
    async fn answering(discovery: ResponseTemplate) -> Self {
        let fake = Self::bare().await;
        fake.serves("GET", DISCOVERY, discovery).await;
        fake
    }

    /// A well-behaved provider up to the token endpoint, which the test scripts.
    async fn start() -> Self {
        let fake = Self::bare().await;
        fake.serves_metadata_for("HS256").await;
        fake.serves("GET", "/jwks", ResponseTemplate::new(200).set_body_json(json!({"keys": []}))).await;
        fake
    }

    /// Discovery for a provider that signs ID tokens with `alg`.
    async fn serves_metadata_for(&self, alg: &str) {
        let uri = self.server.uri();
        let metadata = json!({
            "issuer": uri,
            "authorization_endpoint": format!("{uri}/authorize"),
            "token_endpoint": format!("{uri}/token"),
            "jwks_uri": format!("{uri}/jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [alg],
        });
        self.serves("GET", DISCOVERY, ResponseTemplate::new(200).set_body_json(metadata)).await;
    }

    async fn app(&self, http_timeout_seconds: u64) -> TestApp {
        let client = Some((CLIENT_ID.to_owned(), CLIENT_SECRET.to_owned()));
        let issuer = Some(self.server.uri());
        spawn_app_with(Options { issuer, client, redis_url: None, http_timeout_seconds, ..Options::default() }).await
    }

    async fn token_endpoint_answers(&self, answer: ResponseTemplate) {
        self.serves("POST", "/token", answer).await;
    }

    /// Claims a careful provider would put in the ID token for this sign-in.
    fn claims(&self, nonce: &str) -> Value {
        let now = jsonwebtoken::get_current_timestamp();
        json!({
            "iss": self.server.uri(), "aud": CLIENT_ID, "sub": "u-fake", "nonce": nonce,
            "iat": now, "exp": now + 300, "groups": ["employees"],
        })
    }
}

fn sign_hs256(claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

/// An unsecured JWT (`alg: none`, empty signature), which jsonwebtoken refuses to make.
fn unsigned(claims: &Value) -> String {
    let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.", part(&json!({"alg": "none", "typ": "JWT"})), part(claims))
}

fn token_response(id_token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": "at", "token_type": "Bearer", "expires_in": 60, "id_token": id_token,
    }))
}

/// A sign-in started at a fresh bridge against a fresh fake, waiting at the
/// provider: the `state` to come back with and the `nonce` to put in the token.
struct PendingAtFake {
    fake: FakeIdp,
    app: TestApp,
    state: String,
    nonce: String,
}

impl PendingAtFake {
    async fn begin(http_timeout_seconds: u64) -> Self {
        let fake = FakeIdp::start().await;
        let app = fake.app(http_timeout_seconds).await;
        let response = app.get("/standup").await;
        assert_eq!(response.status(), 302);
        let authorize = Url::parse(&location(&response)).unwrap();
        assert!(authorize.as_str().starts_with(&format!("{}/authorize?", fake.server.uri())), "{authorize}");
        let param = |name| authorize.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap();
        let (state, nonce) = (param("state"), param("nonce"));
        Self { fake, app, state, nonce }
    }

    fn claims(&self) -> Value {
        self.fake.claims(&self.nonce)
    }

    /// Let the token endpoint give `answer`, then come back to the callback.
    async fn finish(&self, answer: ResponseTemplate) -> reqwest::Response {
        self.fake.token_endpoint_answers(answer).await;
        self.app.get(&format!("/callback?code=c&state={}", self.state)).await
    }
}

/// Without this, every 400 below could be the fake's fault rather than the check's.
#[tokio::test]
async fn positive_control_the_fake_provider_signs_a_user_in() {
    let pending = PendingAtFake::begin(5).await;
    let id_token = sign_hs256(&pending.claims(), CLIENT_SECRET);
    let response = pending.finish(token_response(&id_token)).await;
    assert_eq!(response.status(), 302);
    let (url, _, claims) = jitsi_token(&location(&response));
    assert_eq!(url.origin().ascii_serialization(), JITSI_BASE);
    assert_eq!(url.path(), "/standup");
    assert_eq!(claims["context"]["user"]["id"], "u-fake");
}

/// How a test ID token is signed.
#[derive(Debug, Clone, Copy)]
enum Signing {
    ClientSecret,
    OtherKey,
    AlgNone,
}

/// A change made to otherwise good ID-token claims.
type Tamper = fn(&mut Value);

/// Issued 20 minutes ago, expired 10 minutes ago: well past the default 60 s leeway.
fn expired(claims: &mut Value) {
    let now = jsonwebtoken::get_current_timestamp();
    claims["iat"] = json!(now - 1200);
    claims["exp"] = json!(now - 600);
}

/// Forged, stale or misdirected ID tokens: each is refused with a 400 page.
#[tokio::test]
async fn id_tokens_that_fail_a_check_are_refused() {
    let cases: [(&str, Tamper, Signing); 5] = [
        ("signed with another key", |_| {}, Signing::OtherKey),
        ("unsigned (alg none)", |_| {}, Signing::AlgNone),
        ("for another client", |c| c["aud"] = json!("someone-else"), Signing::ClientSecret),
        ("from another issuer", |c| c["iss"] = json!("https://evil.example.com"), Signing::ClientSecret),
        ("expired ten minutes ago", expired, Signing::ClientSecret),
    ];
    for (what, tamper, signing) in cases {
        let pending = PendingAtFake::begin(5).await;
        let mut claims = pending.claims();
        tamper(&mut claims);
        let id_token = match signing {
            Signing::ClientSecret => sign_hs256(&claims, CLIENT_SECRET),
            Signing::OtherKey => sign_hs256(&claims, "another-secret-0123456789abcdef"),
            Signing::AlgNone => unsigned(&claims),
        };
        let response = pending.finish(token_response(&id_token)).await;
        assert_eq!(response.status(), 400, "ID token {what}");
        error_page(response, 400).await;
    }
}

/// The provider refusing the code (RFC 6749 5.2) is the sign-in failing, not an outage.
#[tokio::test]
async fn token_endpoint_refusing_the_code_gives_400() {
    let pending = PendingAtFake::begin(5).await;
    let refusal = ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"}));
    error_page(pending.finish(refusal).await, 400).await;
}

/// A bare 500 from the token endpoint is an outage: 503, like discovery's.
#[tokio::test]
async fn token_endpoint_failing_gives_503() {
    let pending = PendingAtFake::begin(5).await;
    error_page(pending.finish(ResponseTemplate::new(500)).await, 503).await;
}

/// A provider in trouble often says so in OAuth's own words; that is an outage
/// (try again later), not a sign-in that failed verification.
#[tokio::test]
async fn token_endpoint_5xx_with_an_oauth_error_body_is_an_outage() {
    let pending = PendingAtFake::begin(5).await;
    let failure = ResponseTemplate::new(503).set_body_json(json!({"error": "temporarily_unavailable"}));
    error_page(pending.finish(failure).await, 503).await;
}

/// A token answer far larger than any real one (a valid token padded to
/// 2 MiB) is refused, not buffered; the same token at normal size signs in,
/// so the size alone was refused.
#[tokio::test]
async fn a_token_answer_over_the_body_cap_is_refused_unread() {
    let pending = PendingAtFake::begin(5).await;
    let id_token = sign_hs256(&pending.claims(), CLIENT_SECRET);
    let padding = "x".repeat(2 * 1024 * 1024);
    let huge = json!({"access_token": "at", "token_type": "Bearer", "id_token": id_token, "padding": padding});
    error_page(pending.finish(ResponseTemplate::new(200).set_body_json(huge)).await, 503).await;

    let pending = PendingAtFake::begin(5).await;
    let id_token = sign_hs256(&pending.claims(), CLIENT_SECRET);
    assert_eq!(pending.finish(token_response(&id_token)).await.status(), 302, "control: a normal answer signs in");
}

/// The bridge's HTTP timeout bounds a hanging token endpoint: the visitor
/// waits about that long, then gets a 503, not a spinning tab.
#[tokio::test]
async fn token_endpoint_slower_than_the_http_timeout_gives_503_in_bounded_time() {
    let pending = PendingAtFake::begin(1).await;
    let id_token = sign_hs256(&pending.claims(), CLIENT_SECRET);
    // Had the timeout not fired, the (valid) token would arrive after 3 s and sign the visitor in.
    let response = pending.finish(token_response(&id_token).set_delay(Duration::from_secs(3))).await;
    error_page(response, 503).await;
}

/// Discovery failing: a 5xx is an outage (503); a 200 that is not metadata is
/// an unusable answer (502). Either way readiness names the provider.
#[tokio::test]
async fn discovery_outage_gives_503_and_garbage_metadata_gives_502() {
    let garbage_json = ResponseTemplate::new(200).set_body_raw("<html>Sign in to the Wi-Fi</html>", "application/json");
    let garbage_html = ResponseTemplate::new(200).set_body_raw("<html>Sign in to the Wi-Fi</html>", "text/html");
    for (discovery, status) in [(ResponseTemplate::new(500), 503), (garbage_json, 502), (garbage_html, 502)] {
        let fake = FakeIdp::answering(discovery).await;
        let app = fake.app(5).await;
        error_page(app.get("/standup").await, status).await;
        let (ready_status, ready) = readiness(&app).await;
        assert_eq!(ready_status, 503);
        assert_ne!(ready["identity_provider"], "ok", "{ready}");
    }
}

/// Key rotation: the provider signs with a key the bridge has not seen yet.
/// The bridge re-reads metadata and keys once and accepts the token; a key the
/// provider never publishes stays refused, without another fetch (a stream of
/// such tokens must not become a stream of requests to the provider).
#[tokio::test]
async fn rotated_keys_are_fetched_once_and_unpublished_keys_stay_refused() {
    let fake = FakeIdp::bare().await;
    fake.serves_metadata_for("RS256").await;
    let rotated: Value = serde_json::from_str(include_str!("fixtures/rotated-key.jwk.json")).unwrap();
    // Before the rotation the key set is empty; afterwards it holds the new key.
    Mock::given(method("GET"))
        .and(path("/jwks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"keys": []})))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&fake.server)
        .await;
    Mock::given(method("GET"))
        .and(path("/jwks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"keys": [rotated]})))
        .with_priority(2)
        .mount(&fake.server)
        .await;
    let app = fake.app(5).await;
    let key = EncodingKey::from_rsa_pem(include_bytes!("fixtures/rotated-key.pem")).unwrap();
    let sign = |claims: &Value, kid: &str| {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, claims, &key).unwrap()
    };
    let key_set_reads = || async {
        let requests = fake.server.received_requests().await.unwrap_or_default();
        requests.iter().filter(|r| r.url.path() == "/jwks").count()
    };

    let (state, nonce) = start_at(&app.client, &app.address).await;
    assert_eq!(key_set_reads().await, 1, "read once at start-up");
    fake.token_endpoint_answers(token_response(&sign(&fake.claims(&nonce), "rotated-2026"))).await;
    let response = app.get(&format!("/callback?code=c&state={state}")).await;
    assert_eq!(response.status(), 302, "the rotated key was fetched and accepted");
    assert_eq!(jitsi_token(&location(&response)).2["context"]["user"]["id"], "u-fake");
    assert_eq!(key_set_reads().await, 2);

    // Another visitor, whose provider signs with a key it never published.
    let other = browser(std::sync::Arc::default());
    let (state, nonce) = start_at(&other, &app.address).await;
    fake.server.reset().await;
    fake.token_endpoint_answers(token_response(&sign(&fake.claims(&nonce), "never-published"))).await;
    let response = other.get(format!("{}/callback?code=c&state={state}", app.address)).send().await.unwrap();
    error_page(response, 400).await;
    assert_eq!(key_set_reads().await, 0, "no second forced read within 30 s");
}

/// Start a sign-in at the bridge; the `state` and `nonce` it sent to the provider.
async fn start_at(client: &reqwest::Client, bridge: &str) -> (String, String) {
    let authorize = Url::parse(&location(&client.get(format!("{bridge}/standup")).send().await.unwrap())).unwrap();
    let param = |name| authorize.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap();
    (param("state"), param("nonce"))
}

/// A provider that hangs: visitors arriving together get their 503 from one
/// attempt to reach it, not one attempt each in turn behind a lock (which
/// would make the last of them wait for every timeout before it).
#[tokio::test]
async fn a_hanging_provider_is_tried_once_for_visitors_arriving_together() {
    let fake = FakeIdp::answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).await;
    let app = fake.app(1).await;
    let visits = tokio::join!(app.get("/standup"), app.get("/standup"), app.get("/standup"), app.get("/standup"));
    for response in [visits.0, visits.1, visits.2, visits.3] {
        error_page(response, 503).await;
    }
    let attempts = fake.server.received_requests().await.unwrap_or_default();
    let discovery = attempts.iter().filter(|r| r.url.path() == DISCOVERY).count();
    // One from the start-up warm-up, at most one more for the visitors.
    assert!(discovery <= 2, "{discovery} discovery attempts");
}

/// Entra ID's "groups overage": the ID token names where the groups are
/// (`_claim_names`) instead of listing them. The test provider cannot send
/// this, hence the scripted one. The user is not treated as group-less: the
/// sign-in stops with a page saying an administrator must act, and no token.
#[tokio::test]
async fn a_groups_overage_is_refused_with_a_page_not_read_as_no_groups() {
    let pending = PendingAtFake::begin(5).await;
    let mut claims = pending.claims();
    claims.as_object_mut().unwrap().remove("groups");
    claims["_claim_names"] = json!({"groups": "src1"});
    claims["_claim_sources"] =
        json!({"src1": {"endpoint": "https://graph.windows.net/tenant/users/u/getMemberObjects"}});
    let response = pending.finish(token_response(&sign_hs256(&claims, CLIENT_SECRET))).await;
    assert!(response.headers().get("location").is_none(), "no token");
    let page = error_page(response, 403).await;
    assert!(page.contains("Your groups could not be read") && page.contains("administrator"), "{page}");
}
