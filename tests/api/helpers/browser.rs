//! A real browser for the tests: headless Chromium driven over W3C WebDriver by
//! a small client written here (reqwest + JSON), and the stand-ins it visits
//! (a Jitsi that answers any path with a page, a bridge sending there).
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them the tests fail.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{free_port, random_suffix, spawn_app_with, Idp, Options, TestApp};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The longest any single wait (driver start, element, URL, window) may take.
pub const WAIT: Duration = Duration::from_secs(10);
/// The W3C key under which WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One chromedriver process with one Chromium session in a fresh profile.
/// Dropping it ends the session (Chromium quits), stops the driver and
/// removes the profile, also when a test fails half-way.
pub struct Browser {
    http: reqwest::Client,
    driver_port: u16,
    driver: Child,
    session_id: Option<String>,
    profile: PathBuf,
}

impl Browser {
    pub async fn launch() -> Browser {
        Self::launch_speaking("en-US,en").await
    }

    /// A browser whose user asks for `accept_language` (the `Accept-Language`
    /// header Chromium sends, e.g. "de-DE,de").
    pub async fn launch_speaking(accept_language: &str) -> Browser {
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
        browser.start_session(accept_language).await;
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

    async fn start_session(&mut self, accept_language: &str) {
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
            &format!("--accept-lang={accept_language}"),
            &format!("--user-data-dir={}", self.profile.display()),
        ];
        // The performance log carries Chromium's network events: `requested_urls`.
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": args,
                "perfLoggingPrefs": {"enableNetwork": true, "enablePage": false},
                // chromedriver turns Chromium's popup blocker off; a person's browser has it on.
                "excludeSwitches": ["disable-popup-blocking"],
                "prefs": {"intl": {"accept_languages": accept_language}},
            },
            "goog:loggingPrefs": {"performance": "ALL"},
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
    pub async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    /// Reload the page, as the browser's reload button does.
    pub async fn refresh(&self) {
        self.post("/refresh", json!({})).await;
    }

    pub async fn current_url(&self) -> String {
        self.get("/url").await.as_str().expect("the URL is a string").to_owned()
    }

    pub async fn page_source(&self) -> String {
        self.get("/source").await.as_str().expect("the source is a string").to_owned()
    }

    /// Run `script` (a function body; `arguments` holds `args`) in the current page.
    pub async fn execute(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args })).await
    }

    /// Wait for an element (`using` is a W3C locator strategy) and return its reference.
    pub async fn wait_for_element(&self, using: &str, value: &str) -> String {
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

    pub async fn wait_for(&self, css: &str) -> String {
        self.wait_for_element("css selector", css).await
    }

    pub async fn text(&self, element: &str) -> String {
        self.get(&format!("/element/{element}/text")).await.as_str().unwrap_or_default().to_owned()
    }

    pub async fn attribute(&self, element: &str, name: &str) -> Option<String> {
        self.get(&format!("/element/{element}/attribute/{name}")).await.as_str().map(str::to_owned)
    }

    pub async fn click(&self, element: &str) {
        self.post(&format!("/element/{element}/click"), json!({})).await;
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        self.post(&format!("/element/{element}/value"), json!({ "text": text })).await;
    }

    /// Wait until the browser is on a URL starting with `prefix`; returns that URL.
    pub async fn wait_for_url(&self, prefix: &str) -> String {
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

    /// The handle of every open window (tab or popup).
    pub async fn window_handles(&self) -> Vec<String> {
        let handles = self.get("/window/handles").await;
        handles.as_array().expect("a list of handles").iter().filter_map(|h| h.as_str().map(str::to_owned)).collect()
    }

    /// The handle of the window commands go to.
    pub async fn window_handle(&self) -> String {
        self.get("/window").await.as_str().expect("a window handle").to_owned()
    }

    /// Send the following commands to another window.
    pub async fn switch_to_window(&self, handle: &str) {
        self.post("/window", json!({ "handle": handle })).await;
    }

    /// Wait until exactly `count` windows are open; returns their handles.
    pub async fn wait_for_window_count(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let handles = self.window_handles().await;
            if handles.len() == count {
                return handles;
            }
            assert!(Instant::now() < deadline, "{} windows open, not {count}, after {WAIT:?}", handles.len());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Every URL Chromium requested since the last call, redirect hops
    /// included, in order (from its performance log, which a read empties).
    pub async fn requested_urls(&self) -> Vec<String> {
        let entries = self.post("/se/log", json!({ "type": "performance" })).await;
        let entries = entries.as_array().cloned().unwrap_or_default();
        let events = entries.iter().filter_map(|e| serde_json::from_str::<Value>(e["message"].as_str()?).ok());
        events
            .filter(|event| event["message"]["method"] == "Network.requestWillBeSent")
            .filter_map(|event| event["message"]["params"]["request"]["url"].as_str().map(str::to_owned))
            .collect()
    }

    /// Set a cookie for the current page's site (WebDriver may set HttpOnly ones).
    pub async fn add_cookie(&self, name: &str, value: &str) {
        self.post("/cookie", json!({"cookie": {"name": name, "value": value, "path": "/"}})).await;
    }

    /// Run a Chrome DevTools Protocol command (chromedriver's extension command).
    pub async fn devtools(&self, command: &str, params: Value) -> Value {
        self.post("/goog/cdp/execute", json!({ "cmd": command, "params": params })).await
    }

    /// Lay pages out as a phone of `width` × `height` CSS pixels would.
    pub async fn set_viewport(&self, width: u32, height: u32) {
        let metrics = json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": true});
        self.devtools("Emulation.setDeviceMetricsOverride", metrics).await;
    }

    /// `prefers-color-scheme: dark` (or back to light).
    pub async fn prefer_dark(&self, dark: bool) {
        let value = if dark { "dark" } else { "light" };
        let features = json!({"features": [{"name": "prefers-color-scheme", "value": value}]});
        self.devtools("Emulation.setEmulatedMedia", features).await;
    }

    /// Run `script` asynchronously: it ends by calling `arguments[arguments.length - 1]`.
    pub async fn execute_async(&self, script: &str, args: Value) -> Value {
        self.post("/execute/async", json!({ "script": script, "args": args })).await
    }

    /// Run axe-core (from tests/browser/node_modules, installed by `.ci/run`) on
    /// the current page against WCAG 2.1 A/AA; returns the violations as
    /// `impact id: help (elements)` lines, the serious and critical ones first.
    pub async fn accessibility_violations(&self) -> (Vec<String>, Vec<String>) {
        let source = axe_source();
        self.execute(&format!("{source}\n;return true;"), json!([])).await;
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
              .then(result => done(result.violations.map(v =>
                  ({ impact: v.impact, id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) }))))
              .catch(error => done([{ impact: 'critical', id: 'axe-failed', help: String(error), nodes: [] }]));
        "#;
        let found = self.execute_async(script, json!([])).await;
        let (mut severe, mut other) = (Vec::new(), Vec::new());
        for violation in found.as_array().cloned().unwrap_or_default() {
            let line = format!(
                "{} {}: {} ({})",
                violation["impact"].as_str().unwrap_or("?"),
                violation["id"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or("?"),
                violation["nodes"]
            );
            match violation["impact"].as_str() {
                Some("serious" | "critical") => severe.push(line),
                _ => other.push(line),
            }
        }
        (severe, other)
    }

    /// Save a PNG of the viewport under target/browser-screenshots/ for a person to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
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

/// axe-core's browser build, read once (`npm ci` in tests/browser first on a fresh checkout).
fn axe_source() -> &'static str {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
        let path = dir.join("node_modules/axe-core/axe.min.js");
        if !path.exists() {
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir)
                .status()
                .expect("npm must be installed to fetch axe-core for the browser tests");
            assert!(status.success(), "npm ci in tests/browser failed");
        }
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{} ({e}): run `npm ci --prefix tests/browser` (.ci/run does)", path.display()))
    })
}

/// Jitsi as far as the bridge's redirects are concerned: any path is a page.
/// Tests mount pages of their own on it with a higher priority.
pub async fn jitsi_stand_in() -> MockServer {
    let server = MockServer::start().await;
    let page = "<!doctype html><title>Jitsi stand-in</title><h1>Jitsi stand-in</h1>";
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html"))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

/// A bridge that welcomes guests and sends everyone to `jitsi`. Its provider
/// lives on `localhost`, another site than the bridge's 127.0.0.1, so the
/// SameSite=Lax cookies are tested across a real cross-site return.
pub async fn spawn_bridge_for(jitsi: &MockServer) -> TestApp {
    let issuer = Some(Idp::cross_site().issuer.clone());
    spawn_app_with(Options { guests: true, jitsi_base: jitsi.uri(), issuer, ..Options::default() }).await
}

/// Fill in and submit the IdP's login form as `login`.
pub async fn log_in_at_idp(browser: &Browser, login: &str) {
    browser.type_into("input[name=login]", login).await;
    browser.type_into("input[name=password]", &format!("{login}-pw")).await;
    let submit = browser.wait_for("button[type=submit]").await;
    browser.click(&submit).await;
}

/// The longest one test may take, whatever hangs.
pub const TEST_LIMIT: Duration = Duration::from_secs(90);

pub async fn bounded(test: impl std::future::Future<Output = ()>) {
    tokio::time::timeout(TEST_LIMIT, test).await.unwrap_or_else(|_| panic!("the test took over {TEST_LIMIT:?}"));
}

/// The bridge's `/auth` as an operator puts it in Jitsi's `config.tokenAuthUrl`.
pub fn token_auth_url(app: &TestApp) -> String {
    format!("{}/auth?room={{room}}&state={{state}}", app.address)
}
