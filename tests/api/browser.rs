//! The flow in a real browser: headless Chromium, driven over W3C WebDriver by
//! the small client in helpers/browser.rs, against the bridge, the real test
//! IdP and a stand-in for Jitsi that answers any path with a small page.
//! It catches what a hand-stepped reqwest walk cannot: cookie rules as Chromium
//! applies them, links and forms as a person uses them, pages as they look.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them the tests fail.

use url::Url;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

fn assert_no_token(url: &str) {
    let url = Url::parse(url).unwrap();
    assert_eq!(token_in_url(&url), None, "a guest got a token: {url}");
}

#[tokio::test]
async fn employee_signs_in_with_a_real_browser_and_the_session_cookie_opens_the_next_room() {
    let jitsi = jitsi_stand_in().await;
    let app = spawn_bridge_for(&jitsi).await;
    let browser = Browser::launch().await;

    browser.goto(&format!("{}/standup", app.address)).await;
    let sign_in = browser.wait_for("#sign-in").await;
    assert_eq!(browser.text(&sign_in).await, "Sign in");
    let guest = browser.wait_for("#join-as-guest").await;
    assert_eq!(browser.text(&guest).await, "Join as guest");

    browser.click(&sign_in).await;
    browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
    log_in_at_idp(&browser, "alice").await;
    // The IdP's redirect back only works if Chromium kept the login-binding cookie.
    let landed = browser.wait_for_url(&format!("{}/standup#jwt=", jitsi.uri())).await;
    let (url, _, claims) = jitsi_token(&landed);
    assert_eq!(url.path(), "/standup");
    assert_eq!(claims["room"], "standup");
    assert_eq!(claims["context"]["user"]["id"], "u-alice");
    assert_eq!(claims["context"]["user"]["moderator"], true);

    // Signed in: another room goes straight to Jitsi, no landing page, no IdP.
    browser.goto(&format!("{}/another", app.address)).await;
    let landed = browser.current_url().await;
    assert!(landed.starts_with(&format!("{}/another#jwt=", jitsi.uri())), "ended on {landed}");
    let (_, _, claims) = jitsi_token(&landed);
    assert_eq!(claims["room"], "another");
    assert_eq!(claims["context"]["user"]["id"], "u-alice");
}

#[tokio::test]
async fn guest_joins_with_a_real_browser_and_reaches_the_room_without_a_token() {
    let jitsi = jitsi_stand_in().await;
    let app = spawn_bridge_for(&jitsi).await;
    let browser = Browser::launch().await;

    browser.goto(&format!("{}/standup", app.address)).await;
    let guest = browser.wait_for("#join-as-guest").await;
    browser.click(&guest).await;
    let landed = browser.wait_for_url(&format!("{}/standup", jitsi.uri())).await;
    assert_eq!(Url::parse(&landed).unwrap().path(), "/standup");
    assert_no_token(&landed);
}

#[tokio::test]
async fn landing_and_forbidden_pages_render_for_a_person() {
    let jitsi = jitsi_stand_in().await;
    let app = spawn_bridge_for(&jitsi).await;
    let browser = Browser::launch().await;

    browser.goto(&format!("{}/standup", app.address)).await;
    let sign_in = browser.wait_for("#sign-in").await;
    let shot = browser.screenshot("landing.png").await;
    println!("landing page: {}", shot.display());

    // Carol signs in but is in no allowed group: 403 with a way in as a guest.
    browser.click(&sign_in).await;
    log_in_at_idp(&browser, "carol").await;
    browser.wait_for_url(&format!("{}/callback?", app.address)).await;
    let join = browser.wait_for_element("link text", "Join as guest").await;
    let source = browser.page_source().await;
    assert!(source.contains("Error 403"), "not the 403 page:\n{source}");
    assert!(source.contains("Carol Contractor"), "the page names the account:\n{source}");
    let shot = browser.screenshot("forbidden.png").await;
    println!("forbidden page: {}", shot.display());

    browser.click(&join).await;
    let landed = browser.wait_for_url(&format!("{}/standup", jitsi.uri())).await;
    assert_no_token(&landed);
}

/// Another site's page (served on `localhost`, the bridge is on 127.0.0.1)
/// with a link and a form aimed at the bridge's sign-out.
async fn hostile_page(jitsi: &MockServer, app: &TestApp) -> String {
    let page = format!(
        "<!doctype html><title>elsewhere</title>\
         <a id=\"link\" href=\"{bridge}/logout\">free prizes</a>\
         <form method=\"post\" action=\"{bridge}/logout\"><button id=\"post\">more prizes</button></form>",
        bridge = app.address
    );
    Mock::given(wiremock::matchers::path("/elsewhere"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html"))
        .with_priority(1)
        .mount(jitsi)
        .await;
    format!("{}/elsewhere", jitsi.uri().replace("127.0.0.1", "localhost"))
}

/// Whether the browser is still signed in: a room visit lands in Jitsi with a token.
async fn still_signed_in(browser: &Browser, app: &TestApp, jitsi: &MockServer) -> bool {
    browser.goto(&format!("{}/standup", app.address)).await;
    browser.current_url().await.starts_with(&format!("{}/standup#jwt=", jitsi.uri()))
}

#[tokio::test]
async fn another_site_cannot_sign_a_browser_out_but_the_sign_out_button_does_everywhere() {
    let jitsi = jitsi_stand_in().await;
    let app = spawn_bridge_for(&jitsi).await;
    let elsewhere = hostile_page(&jitsi, &app).await;
    let browser = Browser::launch().await;

    browser.goto(&format!("{}/login?room=standup", app.address)).await;
    browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
    log_in_at_idp(&browser, "bob").await;
    browser.wait_for_url(&format!("{}/standup#jwt=", jitsi.uri())).await;

    // A cross-site link (a top-level GET): the bridge only asks.
    browser.goto(&elsewhere).await;
    let link = browser.wait_for("#link").await;
    browser.click(&link).await;
    browser.wait_for_url(&format!("{}/logout", app.address)).await;
    browser.wait_for("#sign-out").await;
    assert!(still_signed_in(&browser, &app, &jitsi).await, "a cross-site GET signed the browser out");

    // A cross-site form post: refused.
    browser.goto(&elsewhere).await;
    let post = browser.wait_for("#post").await;
    browser.click(&post).await;
    browser.wait_for_url(&format!("{}/logout", app.address)).await;
    assert!(browser.page_source().await.contains("Sign out of meetings?"));
    assert!(still_signed_in(&browser, &app, &jitsi).await, "a cross-site POST signed the browser out");

    // The bridge's own button: signed out here and at the provider, and back.
    browser.goto(&format!("{}/logout?room=standup", app.address)).await;
    let button = browser.wait_for("#sign-out").await;
    println!("sign-out page: {}", browser.screenshot("sign-out.png").await.display());
    browser.click(&button).await;
    browser.wait_for_url(&format!("{}/signed-out", app.address)).await;
    let again = browser.wait_for("#sign-in-again").await;
    println!("signed-out page: {}", browser.screenshot("signed-out.png").await.display());
    assert!(browser.page_source().await.contains("company account's sign-in have ended"));
    // "Sign in again" asks the provider for credentials: its session is over too.
    browser.click(&again).await;
    browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
    browser.wait_for("input[name=password]").await;
}
