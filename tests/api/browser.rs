//! The flow in a real browser: headless Chromium, driven over W3C WebDriver by
//! a small client written here (reqwest + JSON), against the bridge, the real
//! test IdP and a stand-in for Jitsi that answers any path with a small page.
//! It catches what a hand-stepped reqwest walk cannot: cookie rules as Chromium
//! applies them, links and forms as a person uses them, pages as they look.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them the tests fail.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use url::Url;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The longest any single wait (driver start, element, URL) may take.
const WAIT: Duration = Duration::from_secs(10);
/// The W3C key under which WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One chromedriver process with one Chromium session in a fresh profile.
/// Dropping it ends the session (Chromium quits), stops the driver and
/// removes the profile, also when a test fails half-way.
struct Browser {
    http: reqwest::Client,
    driver_port: u16,
    driver: Child,
    session_id: Option<String>,
    profile: PathBuf,
}

impl Browser {
    async fn launch() -> Browser {
        for binary in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(binary).exists(),
                "{binary} not found: the browser tests need Debian's Chromium and its driver; \
                 run `apt-get install chromium chromium-driver`"
            );
        }
        let driver_port = free_port();
        let log = || if std::env::var_os("BROWSER_LOG").is_some() { Stdio::inherit() } else { Stdio::null() };
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={driver_port}"))
            .stdout(log())
            .stderr(log())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {CHROMEDRIVER}: {e}"));
        let profile = std::env::temp_dir().join(format!("bridge-browser-{}", random_suffix()));
        let http = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
        let mut browser = Browser { http, driver_port, driver, session_id: None, profile };
        browser.wait_until_driver_ready().await;
        browser.start_session().await;
        browser
    }

    async fn wait_until_driver_ready(&mut self) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = self.driver.try_wait() {
                panic!("chromedriver exited at start-up ({status}); rerun with BROWSER_LOG=1");
            }
            let status = self.http.get(format!("{}/status", self.driver_url())).send().await;
            if let Ok(response) = status {
                let body: Value = response.json().await.unwrap_or_default();
                if body["value"]["ready"] == true {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver not ready after {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn start_session(&mut self) {
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-quic",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1024,768",
            &format!("--user-data-dir={}", self.profile.display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        }}});
        let url = format!("{}/session", self.driver_url());
        let value = self.send(self.http.post(&url).json(&capabilities), "new session").await;
        let id = value["sessionId"].as_str().unwrap_or_else(|| panic!("no sessionId in {value}"));
        self.session_id = Some(id.to_owned());
    }

    fn driver_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.driver_port)
    }

    fn session_url(&self, path: &str) -> String {
        let id = self.session_id.as_deref().expect("a started session");
        format!("{}/session/{id}{path}", self.driver_url())
    }

    /// Send one WebDriver command; `Err` carries WebDriver's error code and message.
    async fn try_send(&self, request: reqwest::RequestBuilder) -> Result<Value, String> {
        let response = request.send().await.map_err(|e| format!("WebDriver unreachable: {e}"))?;
        let body: Value = response.json().await.map_err(|e| format!("WebDriver answered non-JSON: {e}"))?;
        match body["value"].get("error") {
            Some(error) => Err(format!("{error}: {}", body["value"]["message"])),
            None => Ok(body["value"].clone()),
        }
    }

    async fn send(&self, request: reqwest::RequestBuilder, what: &str) -> Value {
        self.try_send(request).await.unwrap_or_else(|e| panic!("WebDriver {what}: {e}"))
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.send(self.http.post(self.session_url(path)).json(&body), path).await
    }

    async fn get(&self, path: &str) -> Value {
        self.send(self.http.get(self.session_url(path)), path).await
    }

    /// Open `url` and wait for the page (after any redirects) to load.
    async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    async fn current_url(&self) -> String {
        self.get("/url").await.as_str().expect("the URL is a string").to_owned()
    }

    async fn page_source(&self) -> String {
        self.get("/source").await.as_str().expect("the source is a string").to_owned()
    }

    /// Wait for an element (`using` is a W3C locator strategy) and return its reference.
    async fn wait_for_element(&self, using: &str, value: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let request = || self.http.post(self.session_url("/element")).json(&json!({"using": using, "value": value}));
        loop {
            match self.try_send(request()).await {
                Ok(element) => return element[ELEMENT_KEY].as_str().expect("an element reference").to_owned(),
                Err(e) if Instant::now() >= deadline => {
                    let url = self.current_url().await;
                    panic!("no {using} {value:?} on {url} after {WAIT:?} ({e})\n{}", self.page_source().await)
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    async fn wait_for(&self, css: &str) -> String {
        self.wait_for_element("css selector", css).await
    }

    async fn text(&self, element: &str) -> String {
        self.get(&format!("/element/{element}/text")).await.as_str().unwrap_or_default().to_owned()
    }

    async fn click(&self, element: &str) {
        self.post(&format!("/element/{element}/click"), json!({})).await;
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        self.post(&format!("/element/{element}/value"), json!({ "text": text })).await;
    }

    /// Wait until the browser is on a URL starting with `prefix`; returns that URL.
    async fn wait_for_url(&self, prefix: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let url = self.current_url().await;
            if url.starts_with(prefix) {
                return url;
            }
            assert!(Instant::now() < deadline, "still on {url}, not {prefix}…, after {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Save a PNG of the viewport under target/browser-screenshots/ for a person to look at.
    async fn screenshot(&self, name: &str) -> PathBuf {
        let encoded = self.get("/screenshot").await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().expect("base64 text"))
            .expect("the screenshot is base64");
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
        std::fs::create_dir_all(&dir).expect("creating target/browser-screenshots");
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }

    /// DELETE the session. Drop cannot await (and may run while unwinding from a
    /// failed assertion), so this uses a runtime of its own on a thread of its own.
    fn end_session(&mut self) {
        let Some(id) = self.session_id.take() else { return };
        let url = format!("{}/session/{id}", self.driver_url());
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async { reqwest::Client::new().delete(url).timeout(WAIT).send().await.ok() })
        })
        .join();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.end_session();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Jitsi as far as the bridge's redirects are concerned: any path is a page.
async fn jitsi_stand_in() -> MockServer {
    let server = MockServer::start().await;
    let page = "<!doctype html><title>Jitsi stand-in</title><h1>Jitsi stand-in</h1>";
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html")).mount(&server).await;
    server
}

/// A bridge that welcomes guests and sends everyone to `jitsi`. Its provider
/// lives on `localhost`, another site than the bridge's 127.0.0.1, so the
/// SameSite=Lax cookies are tested across a real cross-site return.
async fn spawn_bridge_for(jitsi: &MockServer) -> TestApp {
    let issuer = Some(Idp::cross_site().issuer.clone());
    spawn_app_with(Options { guests: true, jitsi_base: jitsi.uri(), issuer, ..Options::default() }).await
}

/// Fill in and submit the IdP's login form as `login`.
async fn log_in_at_idp(browser: &Browser, login: &str) {
    browser.type_into("input[name=login]", login).await;
    browser.type_into("input[name=password]", &format!("{login}-pw")).await;
    let submit = browser.wait_for("button[type=submit]").await;
    browser.click(&submit).await;
}

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
