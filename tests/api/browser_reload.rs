//! Reloads and expiry in a real browser: the stand-in Jitsi page runs, in
//! Chromium, what jitsi-meet does when it has no token (named by source
//! file), against the real bridge and IdP; and the demo's Jitsi stand-in.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wiremock::MockServer;

use crate::helpers::*;

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
