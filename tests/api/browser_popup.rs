//! Jitsi's inline sign-in popup in a real browser (`tokenAuthInline`): the
//! stand-in opener runs, in Chromium, the lines of jitsi-meet the popup is
//! about (named by their source file), against the real bridge and IdP.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use url::Url;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

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

/// A bridge for a Jitsi stand-in, its opener page served as from `host`
/// (127.0.0.1: the Jitsi origin; localhost: another origin), and a browser on
/// it with the sign-in popup open at the provider, logged in as `login`.
/// Returns the browser (in the popup), the bridge, the opener's and the popup's window handles.
async fn popup_signed_in_as(host: &str, login: &str) -> (Browser, TestApp, MockServer, String, String) {
    let jitsi = jitsi_stand_in().await;
    let app = spawn_bridge_for(&jitsi).await;
    let opener_url = mount_opener(&jitsi, &app, host).await;
    let browser = Browser::launch().await;
    browser.goto(&opener_url).await;
    let opener = open_sign_in_popup(&browser).await;
    let popup = browser.window_handle().await;
    browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
    log_in_at_idp(&browser, login).await;
    (browser, app, jitsi, opener, popup)
}

#[tokio::test]
async fn inline_sign_in_popup_hands_the_token_to_the_jitsi_window_and_closes() {
    bounded(async {
        let (browser, app, _jitsi, opener, _) = popup_signed_in_as("127.0.0.1", "alice").await;
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
        let (browser, app, _jitsi, opener, popup) = popup_signed_in_as("127.0.0.1", "carol").await;
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
        // The same page, but from http://localhost:<port>: not the Jitsi origin.
        let (browser, app, _jitsi, opener, _) = popup_signed_in_as("localhost", "alice").await;
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
