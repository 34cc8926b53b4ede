//! Bad input at every entry point: each gets a proper status and a readable
//! HTML page showing the request id, never a redirect carrying a token, and
//! never a session.

use std::io::{Read, Write};
use std::sync::Arc;

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::helpers::*;

const EXPIRED: &str = "This sign-in link has expired";
const NOT_VERIFIED: &str = "Sign-in could not be verified";
const BAD_AUTH: &str = "That sign-in request cannot be used";
const INCOMPLETE: &str = "That request is incomplete";
const BAD_NAME: &str = "That room name cannot be used";

/// A response read whole, as a browser would show it.
struct Page {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Page {
    async fn of(response: reqwest::Response) -> Page {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        Page { status, headers, body: response.text().await.unwrap() }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    fn set_cookie(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}=");
        self.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).find(|c| c.starts_with(&prefix))
    }
}

async fn get(app: &TestApp, path: &str) -> Page {
    Page::of(app.get(path).await).await
}

async fn fetch(client: &reqwest::Client, url: &str) -> Page {
    Page::of(client.get(url).send().await.unwrap()).await
}

/// GET `target` byte for byte, with the jar's cookies. reqwest would normalise
/// some of the paths tested here before sending them (`/%2E%2E` becomes `/`).
async fn raw_get(app: &TestApp, target: &str) -> Page {
    let cookies = app.jar.cookies(&Url::parse(&app.address).unwrap());
    let cookie_line = cookies.map(|v| format!("Cookie: {}\r\n", v.to_str().unwrap())).unwrap_or_default();
    let request =
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{cookie_line}Connection: close\r\n\r\n", app.port);
    let port = app.port;
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        String::from_utf8_lossy(&raw).into_owned()
    })
    .await
    .unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no header end in {raw:?}"));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap();
    let mut headers = HeaderMap::new();
    for (name, value) in lines.filter_map(|line| line.split_once(": ")) {
        headers.append(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
    }
    Page { status, headers, body: body.to_owned() }
}

/// A refusal as a visitor sees it: an HTML page with the request id, no redirect, no token.
fn assert_refusal(page: &Page, what: &str) {
    let content_type = page.header("content-type").unwrap_or_default();
    assert!(content_type.starts_with("text/html"), "{what}: served as {content_type:?}");
    assert_eq!(page.header("location"), None, "{what}: a refusal redirects nowhere");
    let id = page.header("x-request-id").unwrap_or_else(|| panic!("{what}: no x-request-id"));
    assert!(page.body.contains(&format!("<code>{id}</code>")), "{what}: page lacks request id {id}: {}", page.body);
    // "eyJ" opens every JWT (base64url of `{"`).
    assert!(!page.body.contains("jwt") && !page.body.contains("eyJ"), "{what}: a token on the page: {}", page.body);
}

fn assert_error_page(page: &Page, status: u16, title: &str) {
    assert_eq!(page.status, status, "expected {title:?}, got: {}", page.body);
    assert!(page.body.contains(&format!("<title>{title}</title>")), "expected {title:?}: {}", page.body);
    assert!(page.body.contains(&format!("<h1>{title}</h1>")), "heading {title:?}");
    assert_refusal(page, title);
}

async fn assert_no_session(app: &TestApp) {
    let sessions = format!("{}session:", app.key_prefix);
    let keys = app.stored_keys().await;
    assert!(keys.iter().all(|key| !key.starts_with(&sessions)), "a session was stored: {keys:?}");
    assert_eq!(app.cookie("jitsi-sso"), None, "the browser holds a session cookie");
}

/// The href of the link-button labelled exactly `label`.
fn link_href(body: &str, label: &str) -> Option<String> {
    let end = body.find(&format!("\">{label}</a>"))?;
    let start = body[..end].rfind("href=\"")? + "href=\"".len();
    Some(body[start..end].replace("&amp;", "&"))
}

/// `url` with the value of query parameter `name` replaced, everything else kept.
fn replace_param(url: &mut Url, name: &str, value: &str) {
    assert!(url.query_pairs().any(|(k, _)| k == name), "{url} has no {name}");
    let pairs: Vec<(String, String)> =
        url.query_pairs().into_owned().map(|(k, v)| if k == name { (k, value.to_owned()) } else { (k, v) }).collect();
    url.query_pairs_mut().clear().extend_pairs(&pairs);
}

/// Start at /standup and log in at the provider: the callback URL, not yet delivered.
async fn callback_for(app: &TestApp, login: &str) -> String {
    let response = app.get("/standup").await;
    assert_eq!(response.status(), 302);
    app.login_at_idp(&location(&response), login).await
}

#[tokio::test]
async fn a_callback_url_works_only_once() {
    let app = spawn_app().await;
    let callback = callback_for(&app, "bob").await;
    assert_eq!(app.client.get(&callback).send().await.unwrap().status(), 302, "first delivery signs in");

    // The replay says so and offers to start again for the room this browser
    // signed in to (its last-room cookie); signed in, that leads straight in.
    let page = fetch(&app.client, &callback).await;
    assert_error_page(&page, 400, EXPIRED);
    assert!(page.body.contains("Start again to sign in to standup."), "{}", page.body);
    assert!(page.body.contains(r#"href="/standup""#), "{}", page.body);
    let again = app.client.get(format!("{}/standup", app.address)).send().await.unwrap();
    assert_eq!(again.status(), 302, "the session made by the first delivery goes straight in");
    assert!(location(&again).contains("jwt="), "{}", location(&again));

    // Without a sign-in started in that browser there is no room to offer: the start page.
    let elsewhere = fetch(&app.another_browser().client, &callback).await;
    assert_error_page(&elsewhere, 400, EXPIRED);
    assert!(elsewhere.body.contains("Open the meeting link again") && !elsewhere.body.contains("Start again"));
}

#[tokio::test]
async fn callbacks_without_a_state_the_bridge_issued_are_refused() {
    let app = spawn_app().await;
    assert_error_page(&get(&app, &format!("/callback?code=abc&state={}", random_suffix())).await, 400, EXPIRED);
    for path in ["/callback?code=abc", "/callback?code=abc&state=", "/callback?", "/callback"] {
        assert_error_page(&get(&app, path).await, 400, INCOMPLETE);
    }
}

#[tokio::test]
async fn a_sign_in_finished_in_another_browser_is_refused_in_both() {
    let app = spawn_app().await;
    let callback = callback_for(&app, "bob").await;
    let other_browser = browser(Arc::new(Jar::default()));
    let page = fetch(&other_browser, &callback).await;
    assert_error_page(&page, 400, "Sign-in started in another browser");
    assert!(page.body.contains("different browser"));

    // The foreign attempt spent the state: the browser that started cannot use it either.
    assert_error_page(&fetch(&app.client, &callback).await, 400, EXPIRED);
    assert_no_session(&app).await;
}

#[tokio::test]
async fn an_id_token_carrying_another_nonce_is_refused() {
    let app = spawn_app().await;
    let mut authorize = Url::parse(&location(&app.get("/standup").await)).unwrap();
    // The provider puts whatever nonce it is asked for in the ID token; the bridge must compare it with its own.
    replace_param(&mut authorize, "nonce", &random_suffix());
    let callback = app.login_at_idp(authorize.as_str(), "bob").await;

    assert_error_page(&fetch(&app.client, &callback).await, 400, NOT_VERIFIED);
    assert_no_session(&app).await;

    // Control: the same rewrite keeping the nonce signs in, so the refusal was the nonce's doing.
    let mut authorize = Url::parse(&location(&app.get("/standup").await)).unwrap();
    let nonce = authorize.query_pairs().find(|(k, _)| k == "nonce").unwrap().1.into_owned();
    replace_param(&mut authorize, "nonce", &nonce);
    let callback = app.login_at_idp(authorize.as_str(), "bob").await;
    assert_eq!(app.client.get(&callback).send().await.unwrap().status(), 302);
}

#[tokio::test]
async fn an_edited_session_cookie_is_removed_and_the_visitor_can_sign_in_again() {
    let app = spawn_app().await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
    let genuine = app.cookie("jitsi-sso").expect("a session cookie");

    // One character of the signed session id changed, and random text shaped like a signed value.
    let mut edited: Vec<char> = genuine.chars().collect();
    let last = edited.len() - 1;
    edited[last] = if edited[last] == 'A' { 'B' } else { 'A' };
    let garbage: String = std::iter::repeat_with(random_suffix)
        .flat_map(String::into_bytes)
        .map(char::from)
        .take(genuine.len())
        .collect();
    for forged in [edited.into_iter().collect::<String>(), garbage] {
        app.set_cookie("jitsi-sso", &forged);
        let page = get(&app, "/standup").await;
        assert_error_page(&page, 400, "Your sign-in could not be verified");
        assert_eq!(link_href(&page.body, "Sign in again").as_deref(), Some("/standup"));
        let removal = page.set_cookie("jitsi-sso").expect("the cookie is removed");
        assert!(removal.contains("Max-Age=0") || removal.contains("Expires="), "{removal}");
        assert_eq!(app.cookie("jitsi-sso"), None, "the browser dropped {forged}");

        // Recovery: the next visit goes to the provider again.
        let response = app.get("/standup").await;
        assert_eq!(response.status(), 302);
        assert!(location(&response).starts_with(&app.issuer));
    }
}

#[tokio::test]
async fn users_outside_the_allowed_groups_are_refused_without_a_session() {
    // carol is only in "contractors"; dave's tokens have no groups claim at all.
    for (login, name) in [("carol", "Carol Contractor"), ("dave", "Dave Nogroups")] {
        for guests in [true, false] {
            let app = spawn_app_with(Options { guests, ..Options::default() }).await;
            let mut start = app.get("/standup").await;
            if guests {
                // Guests welcome: the room shows a landing page and "Sign in" starts the flow.
                let landing = Page::of(start).await;
                assert_eq!(landing.status, 200);
                start = app.get(&link_href(&landing.body, "Sign in").expect("a Sign in link")).await;
            }
            assert_eq!(start.status(), 302);
            let callback = app.login_at_idp(&location(&start), login).await;

            let page = fetch(&app.client, &callback).await;
            assert_error_page(&page, 403, "You cannot join this meeting as an employee");
            assert!(page.body.contains(&format!("signed in as {name}")), "{login}: {}", page.body);
            let expected_guest_link = guests.then(|| format!("{JITSI_BASE}/standup"));
            assert_eq!(link_href(&page.body, "Join as guest"), expected_guest_link, "{login}, guests: {guests}");
            assert_eq!(page.set_cookie("jitsi-sso"), None);
            assert_no_session(&app).await;
        }
    }
}

#[tokio::test]
async fn bad_room_names_get_a_page_never_a_redirect() {
    let app = spawn_app().await;
    let too_long = format!("/{}", "a".repeat(101));
    let paths = [
        "/a%2Fb",
        "/%2F%2Fevil.example%2Fx",
        "//evil.example/x",
        "/%2E%2E",
        "/a%00b",
        "/%20standup",
        "/a%E2%80%AEb",
        &too_long,
        "/tenant.with.dots/room",
        "/login?room=a/b",
        "/auth?room=..",
    ];
    // Signed out, then signed in: with a session, a name that slipped through would mint a token.
    for signed_in in [false, true] {
        if signed_in {
            assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
        }
        for path in paths {
            let page = raw_get(&app, path).await;
            let what = format!("{path} (signed in: {signed_in})");
            assert!(matches!(page.status, 400 | 404), "{what} answered {}: {}", page.status, page.body);
            assert_refusal(&page, &what);
        }
    }

    // reqwest sends `//evil.example/x` as written, and gets the same answer.
    let url = format!("{}//evil.example/x", app.address);
    assert_eq!(Url::parse(&url).unwrap().path(), "//evil.example/x");
    let page = fetch(&app.client, &url).await;
    assert_error_page(&page, 404, "Page not found");
    // ...but it would turn `/%2E%2E` into `/`, hence the raw requests above.
    assert_eq!(Url::parse(&format!("{}/%2E%2E", app.address)).unwrap().path(), "/");
}

#[tokio::test]
async fn the_longest_room_name_is_accepted_and_tokens_go_only_to_the_jitsi_origin() {
    let app = spawn_app().await;
    let longest = format!("/{}", "a".repeat(100));
    let response = app.sign_in(&longest, "bob").await;
    let (url, _, _) = jitsi_token(&location(&response));
    assert_eq!(url.path(), longest);

    let response = app.get("/Sales/Weekly").await;
    assert_eq!(response.status(), 302);
    let mut url = Url::parse(&location(&response)).unwrap();
    assert_eq!(url.query(), None, "the token travels in the hash");
    assert!(token_in_url(&url).is_some());
    url.set_fragment(None);
    assert_eq!(url.as_str(), format!("{JITSI_BASE}/Sales/Weekly"));
}

#[tokio::test]
async fn token_auth_url_refuses_bad_state_and_rooms() {
    let app = spawn_app().await;
    // Signed in, so anything accepted by mistake would come back as a token.
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
    let state = |json: &str| format!("/auth?room=standup&state={}", utf8_percent_encode(json, NON_ALPHANUMERIC));
    let oversized = serde_json::json!({"room": "standup", "config.subject": "x".repeat(4 * 1024)}).to_string();
    let nonce = "ab".repeat(32);
    let cases = [
        ("/auth".to_owned(), BAD_AUTH),
        ("/auth?state=not-json".to_owned(), BAD_AUTH),
        (state(r#"{"room": "a/b", "roomSafe": "a/b", "tenant": ""}"#), BAD_NAME),
        (state(&oversized), BAD_AUTH),
        // jitsi-meet's roomSafe is getBackendSafeRoomName(room): another room's is not from Jitsi.
        (state(r#"{"room": "Caf%C3%A9", "roomSafe": "standup", "tenant": ""}"#), BAD_AUTH),
        // Only electron / ios / android are apps Jitsi ships (functions.{web,native}.ts).
        (state(r#"{"room": "standup", "roomSafe": "standup", "windows": true}"#), BAD_AUTH),
        (state(r#"{"room": "standup", "roomSafe": "standup", "ios": true, "android": true}"#), BAD_AUTH),
        (state(r#"{"room": "standup", "roomSafe": "standup", "electron": "yes"}"#), BAD_AUTH),
        // The popup's nonce is hex (loginWithPopup in actions.web.ts), and apps never open the popup.
        (format!("{}&nonce=not-hex", state(r#"{"room": "standup"}"#)), BAD_AUTH),
        (format!("{}&nonce={nonce}", state(r#"{"room": "standup", "electron": true}"#)), BAD_AUTH),
    ];
    for (path, title) in cases {
        assert_error_page(&get(&app, &path).await, 400, title);
    }
}

#[tokio::test]
async fn a_provider_error_offers_to_sign_in_again_and_spends_the_state() {
    let app = spawn_app().await;
    let authorize = Url::parse(&location(&app.get("/standup").await)).unwrap();
    let state = authorize.query_pairs().find(|(k, _)| k == "state").expect("a state").1.into_owned();
    let callback = format!("/callback?error=access_denied&state={state}");

    let page = get(&app, &callback).await;
    assert_error_page(&page, 401, "Sign-in was not completed");
    assert_eq!(link_href(&page.body, "Sign in again").as_deref(), Some("/standup"));
    assert_error_page(&get(&app, &callback).await, 400, EXPIRED);
    assert!(app.stored_keys().await.is_empty(), "the pending sign-in is gone");
}

#[tokio::test]
async fn a_callback_naming_another_issuer_is_refused() {
    let app = spawn_app().await;
    let mut callback = Url::parse(&callback_for(&app, "bob").await).unwrap();
    assert!(callback.query_pairs().any(|(k, v)| k == "iss" && v == app.issuer), "the provider names itself");
    replace_param(&mut callback, "iss", "https://evil.example");

    assert_error_page(&fetch(&app.client, callback.as_str()).await, 400, NOT_VERIFIED);
    assert_no_session(&app).await;
}
