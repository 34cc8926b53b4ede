//! Jitsi clients in a real browser: the inline sign-in popup and reloads.
//! The stand-in pages run, in Chromium, the few lines of jitsi-meet each test
//! is about (named by their source file), against the real bridge and IdP.

use std::future::Future;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use url::Url;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

/// The longest one test may take, whatever hangs.
const TEST_LIMIT: Duration = Duration::from_secs(90);

async fn bounded(test: impl Future<Output = ()>) {
    tokio::time::timeout(TEST_LIMIT, test).await.unwrap_or_else(|_| panic!("the test took over {TEST_LIMIT:?}"));
}

/// Jitsi's meeting page as far as the inline sign-in is concerned. Its button
/// builds the URL as `getTokenAuthUrl` does (react/features/authentication/
/// functions.web.ts) and opens it as `loginWithPopup` does (actions.web.ts:
/// a 64-hex nonce appended with `&nonce=`, a window named `Auth-<time>`,
/// 500x600). Unlike `loginWithPopup` it keeps every message it receives,
/// whatever its origin, in `#messages`, so a test sees what was posted.
const OPENER_PAGE: &str = r#"<!doctype html><meta charset="utf-8"><title>Jitsi opener stand-in</title>
<button id="log-in">Log in</button> <span id="popup"></span>
<pre id="messages">[]</pre>
<script>
const tokenAuthUrl = TOKEN_AUTH_URL;
const received = [];
window.addEventListener('message', (event) => {
  received.push({ origin: event.origin, data: event.data });
  document.getElementById('messages').textContent = JSON.stringify(received);
});
document.getElementById('log-in').addEventListener('click', () => {
  const state = { room: 'standup', roomSafe: 'standup', tenant: '' };
  const url = tokenAuthUrl.replace('{state}', encodeURIComponent(JSON.stringify(state))).replace('{room}', 'standup');
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
  const popup = window.open(`${url}&nonce=${nonce}`, `Auth-${Date.now()}`, 'width=500,height=600');
  document.getElementById('popup').textContent = popup ? 'opened' : 'blocked';
});
</script>"#;

/// What jitsi-meet does when it connects without a token and must sign in
/// (react/features/authentication/middleware.ts `_handleLogin`): the room is
/// the address bar's last path segment with the characters Jitsi excludes
/// removed (`parseURIString`, react/features/base/util/uri.ts), `roomSafe` is
/// `getBackendSafeRoomName` of it (same file), and `skipPrejoin` becomes a
/// config override (functions.any.ts `_getTokenAuthState`). Without inline
/// sign-in it then leaves for the URL (actions.web.ts `openTokenAuthUrl`).
/// Returns the state it sent.
const JITSI_LOGIN_SCRIPT: &str = r#"
const tokenAuthUrl = arguments[0];
const room = location.pathname.split('/').pop().replace(/[:?#\[\]@!$&'()*+,;=></"]/g, '');
let roomSafe = room;
try { roomSafe = decodeURIComponent(roomSafe); } catch (e) { /* not encoded */ }
roomSafe = encodeURIComponent(roomSafe.normalize('NFKC').toLowerCase()).toLowerCase();
const state = { room, roomSafe, tenant: '', 'config.prejoinConfig.enabled': false };
const url = tokenAuthUrl.replace('{state}', encodeURIComponent(JSON.stringify(state))).replace('{room}', room);
setTimeout(() => { window.location.href = url; }, 0);
return state;
"#;

/// The bridge's `/auth` as an operator puts it in Jitsi's `config.tokenAuthUrl`.
fn token_auth_url(app: &TestApp) -> String {
    format!("{}/auth?room={{room}}&state={{state}}", app.address)
}

/// Serve the opener page at `/opener` of the Jitsi stand-in; returns its URL
/// with `host` (127.0.0.1: the Jitsi origin; localhost: another origin).
async fn mount_opener(jitsi: &MockServer, app: &TestApp, host: &str) -> String {
    let url_literal = serde_json::to_string(&token_auth_url(app)).unwrap();
    let page = OPENER_PAGE.replace("TOKEN_AUTH_URL", &url_literal);
    Mock::given(path("/opener"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html"))
        .mount(jitsi)
        .await;
    let mut url = Url::parse(&jitsi.uri()).unwrap().join("/opener").unwrap();
    url.set_host(Some(host)).unwrap();
    url.to_string()
}

/// Press the opener's "Log in" (a WebDriver click is a user gesture) and
/// switch to the popup; returns the opener's window handle.
async fn open_sign_in_popup(browser: &Browser) -> String {
    let opener = browser.window_handle().await;
    let button = browser.wait_for("#log-in").await;
    browser.click(&button).await;
    let status = browser.wait_for("#popup").await;
    assert_eq!(browser.text(&status).await, "opened", "window.open was refused");
    let handles = browser.wait_for_window_count(2).await;
    let popup = handles.iter().find(|h| **h != opener).expect("the popup's handle");
    browser.switch_to_window(popup).await;
    opener
}

/// The messages the opener page received so far.
async fn received_messages(browser: &Browser) -> Vec<Value> {
    let text = browser.execute("return document.getElementById('messages').textContent", json!([])).await;
    serde_json::from_str(text.as_str().expect("the messages' text")).expect("the messages are JSON")
}

/// Wait until the opener page received at least one message; returns them all.
async fn wait_for_messages(browser: &Browser) -> Vec<Value> {
    let deadline = Instant::now() + WAIT;
    loop {
        let messages = received_messages(browser).await;
        if !messages.is_empty() {
            return messages;
        }
        assert!(Instant::now() < deadline, "the opener received no message within {WAIT:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn inline_sign_in_popup_hands_the_token_to_the_jitsi_window_and_closes() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        let opener_url = mount_opener(&jitsi, &app, "127.0.0.1").await;
        let browser = Browser::launch().await;
        browser.goto(&opener_url).await;

        let opener = open_sign_in_popup(&browser).await;
        browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
        log_in_at_idp(&browser, "alice").await;
        // The popup closes itself a second after posting: watch from the opener.
        browser.switch_to_window(&opener).await;
        let messages = wait_for_messages(&browser).await;

        assert_eq!(messages.len(), 1, "one message: {messages:?}");
        let message = &messages[0]["data"];
        assert_eq!(message["type"], "oauth-success");
        let token = message["accessToken"].as_str().expect("an accessToken");
        let (_, _, claims) = jitsi_token(&format!("http://jitsi.invalid/#jwt=%22{token}%22"));
        assert_eq!(claims["room"], "standup");
        assert_eq!(claims["context"]["user"]["id"], "u-alice");
        assert_eq!(claims["context"]["user"]["moderator"], true);
        // The bridge's origin. In production the bridge sits under a path of the
        // Jitsi site (one origin), which is what `loginWithPopup`'s check
        // `event.origin !== window.location.origin` requires; here the two are
        // different ports, and the stand-in opener does not check.
        assert_eq!(messages[0]["origin"], app.address);

        // popup.js closes the window about a second after posting; nothing else came.
        browser.wait_for_window_count(1).await;
        assert_eq!(received_messages(&browser).await.len(), 1, "a second message");
    })
    .await;
}

#[tokio::test]
async fn inline_sign_in_popup_tells_the_jitsi_window_when_the_user_is_refused() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        let opener_url = mount_opener(&jitsi, &app, "127.0.0.1").await;
        let browser = Browser::launch().await;
        browser.goto(&opener_url).await;

        let opener = open_sign_in_popup(&browser).await;
        let popup = browser.window_handle().await;
        browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
        log_in_at_idp(&browser, "carol").await;
        browser.switch_to_window(&opener).await;
        let messages = wait_for_messages(&browser).await;

        assert_eq!(messages.len(), 1, "one message: {messages:?}");
        assert_eq!(messages[0]["data"], json!({"type": "oauth-error", "error": "access_denied"}));
        assert_eq!(messages[0]["origin"], app.address);
        // The popup stays open to say why (popup.js closes it only on success).
        browser.switch_to_window(&popup).await;
        let reason = browser.wait_for("#message").await;
        assert!(browser.text(&reason).await.contains("Carol Contractor"), "the popup names the account");
    })
    .await;
}

#[tokio::test]
async fn inline_sign_in_popup_posts_nothing_to_an_opener_on_another_origin() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        // The same page, but from http://localhost:<port>: not the Jitsi origin.
        let opener_url = mount_opener(&jitsi, &app, "localhost").await;
        let browser = Browser::launch().await;
        browser.goto(&opener_url).await;

        let opener = open_sign_in_popup(&browser).await;
        browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
        log_in_at_idp(&browser, "alice").await;
        // The popup reached the signed-in page, posted (to the Jitsi origin only)
        // and closed itself; then give a stray message time to arrive.
        browser.wait_for_url(&format!("{}/callback?", app.address)).await;
        let result = browser.wait_for("#oauth-result").await;
        assert_eq!(browser.attribute(&result, "data-type").await.as_deref(), Some("oauth-success"));
        browser.switch_to_window(&opener).await;
        browser.wait_for_window_count(1).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;

        assert_eq!(received_messages(&browser).await, Vec::<Value>::new(), "a token went to another origin");
    })
    .await;
}

/// Go where jitsi-meet goes to sign in from the Jitsi page the browser is on
/// (`JITSI_LOGIN_SCRIPT`); returns the state it built.
async fn sign_in_from_jitsi(browser: &Browser, app: &TestApp) -> Value {
    browser.execute(JITSI_LOGIN_SCRIPT, json!([token_auth_url(app)])).await
}

/// Wait for the browser to land in `room` at Jitsi with a token, and check
/// from Chromium's network log that the way there was the bridge's `/auth`
/// answering with the room at once: no provider, no bridge page in between.
async fn lands_without_the_provider(browser: &Browser, app: &TestApp, jitsi: &MockServer, room: &str) -> String {
    let landed = browser.wait_for_url(&format!("{}/{room}#jwt=", jitsi.uri())).await;
    let requested = browser.requested_urls().await;
    let pages: Vec<_> = requested.iter().filter(|url| !url.ends_with("/favicon.ico")).collect();
    assert_eq!(pages.len(), 2, "the requests on the way: {requested:#?}");
    assert!(pages[0].starts_with(&format!("{}/auth?room={room}&state=", app.address)), "{requested:#?}");
    assert_eq!(*pages[1], format!("{}/{room}", jitsi.uri()), "{requested:#?}");
    landed
}

#[tokio::test]
async fn reloaded_jitsi_page_gets_a_new_token_straight_from_the_session() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        let browser = Browser::launch().await;

        // Jitsi's "log in" without a session: through the provider.
        browser.goto(&format!("{}/standup", jitsi.uri())).await;
        sign_in_from_jitsi(&browser, &app).await;
        browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
        log_in_at_idp(&browser, "alice").await;
        let first = browser.wait_for_url(&format!("{}/standup#jwt=", jitsi.uri())).await;
        let (_, _, first_claims) = jitsi_token(&first);

        // Connected, jitsi-meet takes query and hash out of the address bar
        // (react/features/app/middleware.ts `_connectionEstablished`,
        // `getURLWithoutParams` in base/connection/utils.ts).
        let strip = "history.replaceState(history.state, document.title, location.origin + location.pathname)";
        browser.execute(strip, json!([])).await;
        // iat has a one-second grain: let the next token's differ.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        browser.refresh().await;
        assert_eq!(browser.current_url().await, format!("{}/standup", jitsi.uri()), "a reload without a token");

        // Tokenless, jitsi-meet signs in again; the session answers at once.
        browser.requested_urls().await;
        let state = sign_in_from_jitsi(&browser, &app).await;
        assert_eq!(state["room"], "standup");
        let second = lands_without_the_provider(&browser, &app, &jitsi, "standup").await;
        let (url, _, claims) = jitsi_token(&second);
        assert!(claims["iat"].as_i64() > first_claims["iat"].as_i64(), "not a new token: {claims}");
        assert_eq!(claims["room"], "standup");
        assert_eq!(claims["context"]["user"]["id"], "u-alice");
        assert_eq!(hash_param(&url, "config.prejoinConfig.enabled"), Some(json!(false)));
    })
    .await;
}

#[tokio::test]
async fn tokenless_jitsi_page_of_a_spaced_unicode_room_gets_its_token_without_the_provider() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        let browser = Browser::launch().await;
        browser.goto(&format!("{}/login?room=standup", app.address)).await;
        log_in_at_idp(&browser, "alice").await;
        browser.wait_for_url(&format!("{}/standup#jwt=", jitsi.uri())).await;

        // Typed "Café Ünïcode": the address bar holds it percent-encoded.
        browser.goto(&format!("{}/Café Ünïcode", jitsi.uri())).await;
        let room = "Caf%C3%A9%20%C3%9Cn%C3%AFcode";
        assert_eq!(browser.current_url().await, format!("{}/{room}", jitsi.uri()));
        browser.requested_urls().await;
        let state = sign_in_from_jitsi(&browser, &app).await;
        let expected = json!({"room": room, "roomSafe": "caf%c3%a9%20%c3%bcn%c3%afcode", "tenant": "",
                              "config.prejoinConfig.enabled": false});
        assert_eq!(state, expected, "the state as jitsi-meet builds it");

        let landed = lands_without_the_provider(&browser, &app, &jitsi, room).await;
        let (url, _, claims) = jitsi_token(&landed);
        assert_eq!(url.path(), format!("/{room}"));
        // What Prosody compares with the MUC node (token/util.lib.lua `verify_room`).
        assert_eq!(claims["room"], "caf%c3%a9%20%c3%bcn%c3%afcode");
    })
    .await;
}

/// scripts/demo-jitsi.mjs on a free port; killed on drop.
struct DemoJitsi {
    child: Child,
    url: String,
}

impl DemoJitsi {
    async fn start() -> DemoJitsi {
        let port = free_port();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/demo-jitsi.mjs");
        let child = Command::new("node")
            .arg(script)
            .env("DEMO_JITSI_PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting node scripts/demo-jitsi.mjs");
        let demo = DemoJitsi { child, url: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + WAIT;
        while reqwest::get(&demo.url).await.is_err() {
            assert!(Instant::now() < deadline, "the demo's Jitsi stand-in did not answer within {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        demo
    }
}

impl Drop for DemoJitsi {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn text_of(browser: &Browser, css: &str) -> String {
    browser.text(&browser.wait_for(css).await).await
}

#[tokio::test]
async fn demo_jitsi_stand_in_shows_the_token_and_hash_it_was_given() {
    bounded(async {
        let demo = DemoJitsi::start().await;
        let app = spawn_app_with(Options { jitsi_base: demo.url.clone(), ..Options::default() }).await;
        let response = app.sign_in("/standup", "alice").await;
        let room_url = location(&response);
        assert!(room_url.starts_with(&format!("{}/standup#jwt=%22", demo.url)), "{room_url}");
        assert!(room_url.contains("&config.prejoinConfig.enabled=false"), "{room_url}");
        let browser = Browser::launch().await;
        browser.goto(&room_url).await;

        assert_eq!(text_of(&browser, "#room").await, "standup");
        assert_eq!(text_of(&browser, "#token-in").await, "#jwt= (the hash)");
        assert_eq!(text_of(&browser, "#hash").await, "config.prejoinConfig.enabled = false");
        let claims: Value = serde_json::from_str(&text_of(&browser, "#claims").await).expect("the claims as JSON");
        assert_eq!(claims["room"], "standup");
        assert_eq!(claims["context"]["user"]["id"], "u-alice");
    })
    .await;
}
