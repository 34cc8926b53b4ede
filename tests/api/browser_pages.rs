//! Every page as a visitor meets it in headless Chromium: in each shipped
//! language, forced with `?lang=`, with an operator's brand, at 320 px with a
//! 100-character room name, and every error page's way forward clicked to
//! where it leads. Each page is checked with axe-core (WCAG 2.1 A/AA, light and
//! dark) and kept as a screenshot in target/browser-screenshots/ for review.

use jitsi_oidc_bridge::pages::i18n::Language;
use url::Url;

use crate::helpers::*;

/// Zero serious or critical accessibility violations in light and dark mode,
/// and a screenshot of each for a person to look at.
async fn check_page(browser: &Browser, name: &str) {
    for dark in [false, true] {
        browser.prefer_dark(dark).await;
        let (severe, other) = browser.accessibility_violations().await;
        let url = browser.current_url().await;
        assert!(severe.is_empty(), "{name} (dark: {dark}) at {url}: {severe:#?}");
        if !other.is_empty() {
            println!("{name} (dark: {dark}): minor or moderate findings: {other:#?}");
        }
        let scheme = if dark { "dark" } else { "light" };
        browser.screenshot(&format!("{name}-{scheme}.png")).await;
    }
    browser.prefer_dark(false).await;
}

async fn html_lang(browser: &Browser) -> String {
    browser.execute("return document.documentElement.lang;", serde_json::json!([])).await.as_str().unwrap().to_owned()
}

/// The landing page in each shipped language, chosen by Chromium's own
/// `Accept-Language`: its buttons read as that language's catalogue says.
#[tokio::test]
async fn the_landing_page_speaks_each_shipped_language_the_browser_asks_for() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        for language in Language::ALL {
            let accept = format!("{}-XX,{};q=0.9", language.code(), language.code());
            let browser = Browser::launch_speaking(&accept).await;
            browser.goto(&format!("{}/standup", app.address)).await;
            let sign_in = browser.wait_for("#sign-in").await;
            assert_eq!(browser.text(&sign_in).await, language.text("action-sign-in", &[]));
            let guest = browser.wait_for("#join-as-guest").await;
            assert_eq!(browser.text(&guest).await, language.text("action-join-as-guest", &[]));
            assert_eq!(html_lang(&browser).await, language.code());
            check_page(&browser, &format!("landing-{}", language.code())).await;
        }
    })
    .await;
}

/// `?lang=` beats the browser's languages and is remembered for the next pages.
#[tokio::test]
async fn lang_in_the_address_forces_a_language_and_is_remembered() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        let browser = Browser::launch_speaking("de-DE,de").await;
        browser.goto(&format!("{}/standup", app.address)).await;
        assert_eq!(html_lang(&browser).await, "de");
        browser.goto(&format!("{}/standup?lang=nl", app.address)).await;
        assert_eq!(html_lang(&browser).await, "nl");
        let guest = browser.wait_for("#join-as-guest").await;
        assert_eq!(browser.text(&guest).await, Language::Dutch.text("action-join-as-guest", &[]));
        // Another page, no ?lang=: still Dutch (the cookie), not the browser's German.
        browser.goto(&format!("{}/no/such/page", app.address)).await;
        assert_eq!(html_lang(&browser).await, "nl");
        check_page(&browser, "not-found-nl").await;
    })
    .await;
}

/// A branded bridge: the logo loads, the product name and colour show, the
/// support contact is on the error page and the footer has the imprint.
#[tokio::test]
async fn an_operators_brand_shows_in_the_browser() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let ui = branded_ui("#8b0000");
        let issuer = Some(Idp::cross_site().issuer.clone());
        let options =
            Options { guests: true, jitsi_base: jitsi.uri(), issuer, extra_sections: ui, ..Options::default() };
        let app = spawn_app_with(options).await;
        let browser = Browser::launch().await;
        browser.goto(&format!("{}/standup", app.address)).await;
        browser.wait_for("#sign-in").await;
        let shown = browser
            .execute(
                "const img = document.querySelector('header img');
                 const button = getComputedStyle(document.querySelector('#sign-in'));
                 return { loaded: img.complete && img.naturalWidth > 0, background: button.backgroundColor,
                          header: document.querySelector('header').innerText, title: document.title,
                          imprint: document.querySelector('#imprint').href };",
                serde_json::json!([]),
            )
            .await;
        assert_eq!(shown["loaded"], true, "the logo file loads under the pages' policy: {shown}");
        assert_eq!(shown["background"], "rgb(139, 0, 0)", "{shown}");
        assert_eq!(shown["header"], "ACME Meet", "{shown}");
        assert_eq!(shown["title"], "Join standup · ACME Meet", "{shown}");
        assert_eq!(shown["imprint"], "https://example.com/imprint", "{shown}");
        check_page(&browser, "branded-landing").await;

        browser.goto(&format!("{}/bad%3Froom", app.address)).await;
        let support = browser.wait_for("#support a").await;
        assert_eq!(browser.text(&support).await, "IT service desk");
        assert_eq!(browser.attribute(&support, "href").await.as_deref(), Some("mailto:it@example.com"));
        check_page(&browser, "branded-bad-name").await;
    })
    .await;
}

/// Every error page offers a next step, and following it lands where it says.
#[tokio::test]
async fn every_error_page_leads_somewhere_when_its_button_is_clicked() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        let browser = Browser::launch().await;
        let start_page = format!("{}/", app.address);
        let click = |text: &'static str| {
            let browser = &browser;
            async move {
                let link = browser.wait_for_element("link text", text).await;
                browser.click(&link).await;
            }
        };

        // A bad room name and an unknown address: the start page, with its room field.
        for (path, name) in [("/bad%3Froom", "bad-name"), ("/a/b/c", "not-found")] {
            browser.goto(&format!("{}{path}", app.address)).await;
            check_page(&browser, name).await;
            click("Go to the start page").await;
            assert_eq!(browser.wait_for_url(&start_page).await, start_page);
            browser.wait_for("input#room").await;
        }
        check_page(&browser, "index").await;

        // The index page's field goes to the room typed in.
        browser.type_into("input#room", "Weekly Sync").await;
        let go = browser.wait_for("#go").await;
        browser.click(&go).await;
        browser.wait_for_url(&format!("{}/Weekly%20Sync", app.address)).await;
        browser.wait_for("#sign-in").await;

        // An unknown sign-in link in a browser that never started one: the start page.
        let stale = format!("{}/callback?code=c&state=never-issued", app.address);
        let fresh = Browser::launch().await;
        fresh.goto(&stale).await;
        let start = fresh.wait_for_element("link text", "Go to the start page").await;
        fresh.click(&start).await;
        assert_eq!(fresh.wait_for_url(&start_page).await, start_page);

        // The same link where a sign-in for "standup" was started: Start again, there.
        browser.goto(&format!("{}/standup", app.address)).await;
        let sign_in = browser.wait_for("#sign-in").await;
        browser.click(&sign_in).await;
        browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
        browser.goto(&stale).await;
        check_page(&browser, "expired").await;
        click("Start again").await;
        browser.wait_for_url(&format!("{}/standup", app.address)).await;
        browser.wait_for("#sign-in").await;

        // A sign-in cookie that does not verify: removed, and "Sign in again"
        // leads back to the room's page, where signing in starts afresh.
        browser.add_cookie("jitsi-sso", "forged-session-id").await;
        browser.goto(&format!("{}/standup", app.address)).await;
        check_page(&browser, "tampered-cookie").await;
        click("Sign in again").await;
        browser.wait_for_url(&format!("{}/standup", app.address)).await;
        browser.wait_for("#sign-in").await;

        // Sign-in cancelled at the provider: 401, and "Sign in again" leads back to the room.
        let sign_in = browser.wait_for("#sign-in").await;
        browser.click(&sign_in).await;
        browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
        let cancel = browser.wait_for_element("link text", "Cancel").await;
        browser.click(&cancel).await;
        browser.wait_for_url(&format!("{}/callback?", app.address)).await;
        check_page(&browser, "provider-denied").await;
        click("Sign in again").await;
        browser.wait_for_url(&format!("{}/standup", app.address)).await;
        browser.wait_for("#sign-in").await;

        // Signed out: sign in again, or back to the meeting.
        browser.goto(&format!("{}/signed-out?state=standup", app.address)).await;
        check_page(&browser, "signed-out").await;
        click("Back to the meeting").await;
        let landed = browser.wait_for_url(&format!("{}/standup", app.address)).await;
        assert!(Url::parse(&landed).unwrap().fragment().is_none(), "no token without a session: {landed}");
        browser.goto(&format!("{}/signed-out?state=standup", app.address)).await;
        click("Sign in again").await;
        browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;

        // The sign-out page itself (what a sign-out link from elsewhere shows).
        browser.goto(&format!("{}/logout", app.address)).await;
        browser.wait_for("main").await;
        check_page(&browser, "sign-out-page").await;
    })
    .await;
}

/// The 403 page: names the user, reloading it shows it again (not "expired"),
/// "Join as guest" reaches the room without a token and "Use another account"
/// asks the provider for credentials.
#[tokio::test]
async fn the_403_page_survives_a_reload_and_both_of_its_ways_work() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        let browser = Browser::launch().await;
        browser.goto(&format!("{}/standup", app.address)).await;
        let sign_in = browser.wait_for("#sign-in").await;
        browser.click(&sign_in).await;
        log_in_at_idp(&browser, "carol").await;
        browser.wait_for_url(&format!("{}/callback?", app.address)).await;
        let message = browser.wait_for("#message").await;
        let first = browser.text(&message).await;
        assert!(first.contains("signed in as Carol"), "{first}");
        check_page(&browser, "forbidden").await;

        browser.refresh().await;
        let message = browser.wait_for("#message").await;
        assert_eq!(browser.text(&message).await, first, "the reloaded page is the same refusal");
        browser.screenshot("forbidden-reloaded.png").await;

        let guest = browser.wait_for_element("link text", "Join as guest").await;
        browser.click(&guest).await;
        let landed = browser.wait_for_url(&format!("{}/standup", jitsi.uri())).await;
        assert_eq!(token_in_url(&Url::parse(&landed).unwrap()), None, "{landed}");

        // The provider still knows Carol: signing in again goes straight back to the 403.
        browser.goto(&format!("{}/standup", app.address)).await;
        let sign_in = browser.wait_for("#sign-in").await;
        browser.click(&sign_in).await;
        browser.wait_for_url(&format!("{}/callback?", app.address)).await;
        let another = browser.wait_for_element("link text", "Use another account").await;
        browser.click(&another).await;
        browser.wait_for_url(&format!("{}/interaction/", app.issuer)).await;
        browser.wait_for("input[name=login]").await;
    })
    .await;
}

/// The provider is down: 503 with "Try again" (the same address again).
#[tokio::test]
async fn the_provider_down_page_offers_to_try_again() {
    bounded(async {
        let nobody = format!("http://127.0.0.1:{}", free_port());
        let client = Some(("x".to_owned(), "y".to_owned()));
        let app = spawn_app_with(Options { issuer: Some(nobody), client, redis_url: None, ..Options::default() }).await;
        let browser = Browser::launch().await;
        let room = format!("{}/standup", app.address);
        browser.goto(&room).await;
        check_page(&browser, "provider-unavailable").await;
        let again = browser.wait_for_element("link text", "Try again").await;
        assert_eq!(browser.attribute(&again, "href").await.as_deref(), Some("/standup"));
        browser.click(&again).await;
        assert_eq!(browser.wait_for_url(&room).await, room);
        browser.wait_for_element("link text", "Try again").await;
    })
    .await;
}

/// At 320 px a 100-character room name wraps inside the card: no sideways
/// scrolling on the landing, index and bad-name pages.
#[tokio::test]
async fn a_phone_width_and_a_100_character_room_name_need_no_sideways_scrolling() {
    bounded(async {
        let jitsi = jitsi_stand_in().await;
        let app = spawn_bridge_for(&jitsi).await;
        let browser = Browser::launch_speaking("de-DE,de").await;
        browser.set_viewport(320, 640).await;
        let long = "Quartalsplanungsbesprechungsraumfuerdieabteilungsuebergreifendezusammenarbeit".repeat(2);
        let room: String = long.chars().take(100).collect();
        let pages = [
            (format!("/{room}"), "narrow-landing"),
            (format!("/?room={room}%3F"), "narrow-index-problem"),
            (format!("/{room}x"), "narrow-too-long"),
        ];
        for (path, name) in pages {
            browser.goto(&format!("{}{path}", app.address)).await;
            browser.wait_for("main").await;
            let widths = browser
                .execute(
                    "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
                    serde_json::json!([]),
                )
                .await;
            let (scroll, client) = (widths[0].as_u64().unwrap(), widths[1].as_u64().unwrap());
            assert_eq!(client, 320, "{name}: the viewport is a phone's");
            assert!(scroll <= client, "{name}: {scroll} px of content in a {client} px viewport");
            check_page(&browser, name).await;
        }
    })
    .await;
}
