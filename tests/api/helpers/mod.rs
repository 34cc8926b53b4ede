//! The test harness: a real identity provider (tests/idp, oidc-provider on Node)
//! started once per test binary, and `spawn_app` starting the bridge on port 0
//! against real Redis under a random key prefix. A reqwest client with a cookie
//! store and redirects off walks the flow the way a browser would.
//!
//! The Redis is the tests' own redis-server on a free loopback port (`redis_url`),
//! never the machine's on 6379, which other work shares and may fill with
//! millions of keys. Keys are listed with SCAN, never KEYS.

mod browser;
mod idp;
mod redis_server;
mod redis_tls;
mod redis_topologies;

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use jitsi_oidc_bridge::config::Settings;
use jitsi_oidc_bridge::startup::Application;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;
use serde_json::Value;
use url::Url;

pub use self::browser::*;
pub use self::idp::*;
pub use self::redis_server::*;
pub use self::redis_tls::*;
pub use self::redis_topologies::*;

pub const APP_SECRET: &str = "test-app-secret-0123456789abcdef-0123456789";
pub const APP_ID: &str = "jitsi-oidc-bridge-test";
pub const COOKIE_SECRET: &str = "test-cookie-secret-0123456789abcdef-0123456789";
pub const JITSI_BASE: &str = "https://meet.example.com";

/// How a test wants its bridge configured.
#[derive(Clone, Debug)]
pub struct Options {
    pub guests: bool,
    /// `None`: the in-memory store.
    pub redis_url: Option<String>,
    /// `None`: the shared test IdP. Without `client`, a client is registered there.
    pub issuer: Option<String>,
    /// Client credentials for `issuer` (when not registering one).
    pub client: Option<(String, String)>,
    /// `oidc.userinfo`: "when-needed", "always" or "never".
    pub userinfo: &'static str,
    pub http_timeout_seconds: u64,
    pub jitsi_base: String,
    /// Extra TOML appended to the `[access]` section (rules for tenants and rooms).
    pub access_extra: String,
    /// Extra TOML appended to the `[oidc]` section (a CA file).
    pub oidc_extra: String,
    /// Extra TOML appended to the `[server]` section (trusted proxies).
    pub server_extra: String,
    /// Extra TOML sections appended at the end (`[limits]`).
    pub extra_sections: String,
    /// Extra TOML appended to the `[jitsi]` section (token placement, apps).
    pub jitsi_extra: String,
    /// Extra TOML appended to the `[session]` section (lifetimes, re-reads).
    pub session_extra: String,
    /// Register the client with the refresh_token grant (the provider then issues refresh tokens).
    pub refresh_tokens: bool,
    /// With `spawn_replicas`, run every replica after the first as a process of
    /// the bridge binary of its own (sharing only Redis and the provider).
    pub separate_processes: bool,
    /// The path of `server.public_url` (`"/sso"`): the bridge served under another site's path.
    pub path_prefix: String,
    /// With `separate_processes`: the processes' stderr goes to this file, logging at
    /// the default level (`RUST_LOG` removed), as an operator's would.
    pub process_log: Option<std::path::PathBuf>,
    /// The body of `[jitsi.signing]`; with it, no `app_secret` is configured.
    pub signing: Option<String>,
    /// Extra fields for the client's registration at the provider (auth method, jwks).
    pub registration: Option<Value>,
    /// With `separate_processes`: the process replica's config file, kept there
    /// (a reload test rewrites it) instead of a temporary file removed at start.
    pub config_path: Option<std::path::PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            guests: false,
            redis_url: Some(redis_url()),
            issuer: None,
            client: None,
            userinfo: "when-needed",
            http_timeout_seconds: 5,
            jitsi_base: JITSI_BASE.to_owned(),
            access_extra: String::new(),
            session_extra: String::new(),
            jitsi_extra: String::new(),
            server_extra: String::new(),
            oidc_extra: String::new(),
            extra_sections: String::new(),
            refresh_tokens: true,
            separate_processes: false,
            path_prefix: String::new(),
            process_log: None,
            signing: None,
            registration: None,
            config_path: None,
        }
    }
}

pub struct TestApp {
    /// The bridge's public URL (`server.public_url`): its pages are below it.
    pub address: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub key_prefix: String,
    pub issuer: String,
    pub client_id: String,
    /// The Redis this bridge stores in; for an in-memory bridge, the shared one
    /// (where nothing of it should appear).
    pub redis_url: String,
    /// The configuration it runs on, for the CLI commands.
    pub toml: String,
    /// The bridge process, when this replica runs as one (killed when the last handle goes).
    _process: Option<Arc<BridgeProcess>>,
}

impl TestApp {
    /// The process id of a replica running as a process of its own.
    pub fn process_id(&self) -> Option<u32> {
        self._process.as_ref().map(|process| process.id())
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    spawn_replicas(1, options).await.remove(0)
}

/// `n` bridges sharing one client at the provider, one store (same Redis and
/// key prefix) and one cookie secret: replicas behind one name. The client's
/// back-channel logout URI is the first replica's.
pub async fn spawn_replicas(n: usize, options: Options) -> Vec<TestApp> {
    let listeners: Vec<_> = (0..n).map(|_| TcpListener::bind("127.0.0.1:0").expect("binding a free port")).collect();
    let addresses: Vec<_> = listeners
        .iter()
        .map(|l| format!("http://127.0.0.1:{}{}", l.local_addr().unwrap().port(), options.path_prefix))
        .collect();
    let issuer = options.issuer.clone().unwrap_or_else(|| Idp::shared().issuer.clone());
    let client = match options.client.clone() {
        Some(client) => client,
        None => register_client(&issuer, &addresses, options.refresh_tokens, options.registration.as_ref()).await,
    };
    let key_prefix = format!("test:{}:", random_suffix());
    let mut apps = Vec::new();
    for (i, (listener, address)) in listeners.into_iter().zip(addresses).enumerate() {
        let separate = options.separate_processes && i > 0;
        apps.push(start_bridge(listener, address, &options, &issuer, &client, &key_prefix, separate).await);
    }
    apps
}

async fn start_bridge(
    listener: TcpListener,
    address: String,
    options: &Options,
    issuer: &str,
    (client_id, client_secret): &(String, String),
    key_prefix: &str,
    separate_process: bool,
) -> TestApp {
    let port = listener.local_addr().unwrap().port();
    let store_url = options.redis_url.clone().unwrap_or_else(redis_url);
    let session = match &options.redis_url {
        Some(url) => format!(
            "redis_url = \"{url}\"\nkey_prefix = \"{key_prefix}\"\ncookie_secret = \"{COOKIE_SECRET}\"\nstore_timeout_ms = 300"
        ),
        None => String::new(),
    };
    let toml = format!(
        r#"
[server]
listen = "127.0.0.1:{port}"
public_url = "{address}"
dev_mode = true
{server_extra}

[oidc]
issuer_url = "{issuer}"
client_id = "{client_id}"
{secret_line}
scopes = ["openid", "profile", "email", "groups"]
userinfo = "{userinfo}"
http_timeout_seconds = {timeout}
{oidc_extra}

[jitsi]
base_url = "{jitsi}"
app_id = "{APP_ID}"
{secret}
context_group = "acme"
{jitsi_extra}
{signing}

[access]
allowed_groups = ["employees"]
moderator_groups = ["moderators"]
guests = {guests}
{access_extra}

[session]
{session}
{session_extra}

{extra_sections}
"#,
        userinfo = options.userinfo,
        secret_line =
            if client_secret.is_empty() { String::new() } else { format!("client_secret = \"{client_secret}\"") },
        secret = if options.signing.is_some() { String::new() } else { format!("app_secret = \"{APP_SECRET}\"") },
        signing = options.signing.as_deref().map(|body| format!("[jitsi.signing]\n{body}")).unwrap_or_default(),
        timeout = options.http_timeout_seconds,
        jitsi = options.jitsi_base,
        guests = options.guests,
        access_extra = options.access_extra,
        session_extra = options.session_extra,
        jitsi_extra = options.jitsi_extra,
        server_extra = options.server_extra,
        oidc_extra = options.oidc_extra,
        extra_sections = options.extra_sections,
    );
    let process = if separate_process {
        drop(listener);
        Some(Arc::new(
            BridgeProcess::start_at(options.config_path.as_deref(), &toml, &address, options.process_log.as_deref())
                .await,
        ))
    } else {
        let settings = Settings::from_toml(&toml).unwrap_or_else(|e| panic!("test settings: {e}\n{toml}"));
        let app = Application::build_with_listener(settings, listener).await.expect("building the app");
        tokio::spawn(app.run_until_stopped());
        None
    };
    let jar = Arc::new(Jar::default());
    TestApp {
        address,
        port,
        client: browser(jar.clone()),
        jar,
        key_prefix: key_prefix.to_owned(),
        issuer: issuer.to_owned(),
        client_id: client_id.clone(),
        redis_url: store_url,
        toml,
        _process: process,
    }
}

/// The bridge binary running on a configuration of its own; killed on drop.
pub struct BridgeProcess {
    child: std::process::Child,
}

impl BridgeProcess {
    /// Run the binary on `toml`; returns once `{address}/healthz` answers.
    pub async fn start(toml: &str, address: &str) -> BridgeProcess {
        Self::start_with_log(toml, address, None).await
    }

    /// The same, with stderr written to `log_file` at the default log level.
    pub async fn start_with_log(toml: &str, address: &str, log_file: Option<&std::path::Path>) -> BridgeProcess {
        Self::start_at(None, toml, address, log_file).await
    }

    /// The same, with the config written to `config_path` and kept there (else
    /// a temporary file, removed once the process has read it).
    pub async fn start_at(
        config_path: Option<&std::path::Path>,
        toml: &str,
        address: &str,
        log_file: Option<&std::path::Path>,
    ) -> BridgeProcess {
        let keep = config_path.is_some();
        let config = config_path
            .map(std::path::Path::to_path_buf)
            .unwrap_or_else(|| std::env::temp_dir().join(format!("bridge-replica-{}.toml", random_suffix())));
        std::fs::write(&config, toml).unwrap();
        let log = || if std::env::var_os("BRIDGE_LOG").is_some() { Stdio::inherit() } else { Stdio::null() };
        let mut command = Command::new(env!("CARGO_BIN_EXE_jitsi-oidc-bridge"));
        command.arg("--config").arg(&config).env_remove("JITSI_OIDC_BRIDGE_CONFIG").stdin(Stdio::null());
        command.stdout(log()).stderr(log());
        if let Some(file) = log_file {
            command.env_remove("RUST_LOG").stderr(std::fs::File::create(file).unwrap());
        }
        let child = command.spawn().expect("starting the bridge binary");
        let process = BridgeProcess { child };
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while reqwest::get(format!("{address}/healthz")).await.is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "the bridge process did not answer within 10 s (BRIDGE_LOG=1)"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if !keep {
            // Read at start-up; nothing needs it any more.
            let _ = std::fs::remove_file(&config);
        }
        process
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// How the process ended, if it did within `within`.
    pub async fn exit_within(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }
}

impl Drop for BridgeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A cookie-keeping client that does not follow redirects, like a browser we step by hand.
pub fn browser(jar: Arc<Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_provider(jar)
        .timeout(Duration::from_secs(20))
        // Shorter than actix-web's 5 s keep-alive: a connection the bridge is
        // closing as idle is never picked for the next request (on a loaded
        // machine that race turned into a "connection closed" test failure).
        .pool_idle_timeout(Duration::from_secs(3))
        .build()
        .unwrap()
}

pub fn random_suffix() -> String {
    use rand::Rng;
    rand::rng().sample_iter(rand::distr::Alphanumeric).take(12).map(char::from).collect()
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .unwrap_or_else(|| panic!("no Location on a {} response", response.status()))
        .to_str()
        .unwrap()
        .to_owned()
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request to the bridge")
    }

    /// Follow a bridge redirect to the provider, log in as `login`, and return
    /// the provider's redirect back to the bridge's callback (not yet followed).
    pub async fn login_at_idp(&self, authorize_url: &str, login: &str) -> String {
        let issuer = Url::parse(&self.issuer).unwrap();
        let response = self.client.get(authorize_url).send().await.unwrap();
        assert_eq!(response.status(), 303, "IdP /auth");
        let interaction = issuer.join(&location(&response)).unwrap();
        if interaction.as_str().starts_with(&self.address) {
            return interaction.to_string(); // the IdP remembered us: straight back
        }
        let response = self
            .client
            .post(format!("{interaction}/login"))
            .form(&[("login", login), ("password", &format!("{login}-pw"))])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "IdP login as {login}");
        // Back at /auth/<uid>, the provider answers with the redirect to us; when
        // the login switched accounts it first ends its old session through an
        // auto-submitting form (a browser posts it by script).
        let mut next = issuer.join(&location(&response)).unwrap();
        for _ in 0..5 {
            let response = self.client.get(next.clone()).send().await.unwrap();
            let response = if response.status() == 200 {
                let page = response.text().await.unwrap();
                let (action, fields) = auto_submit_form(&page).unwrap_or_else(|| panic!("IdP page: {page}"));
                self.client.post(action).form(&fields).send().await.unwrap()
            } else {
                response
            };
            assert!(response.status().is_redirection(), "IdP answered {}", response.status());
            let target = issuer.join(&location(&response)).unwrap();
            if target.as_str().starts_with(&format!("{}/callback?", self.address)) {
                return target.to_string();
            }
            next = target;
        }
        panic!("the IdP did not send us back to the bridge");
    }

    /// The whole walk: `path` -> provider -> login as `login` -> callback.
    /// Returns the bridge's answer to the callback.
    pub async fn sign_in(&self, path: &str, login: &str) -> reqwest::Response {
        let response = self.get(path).await;
        assert_eq!(response.status(), 302, "visiting {path} without a session");
        let authorize = location(&response);
        assert!(authorize.starts_with(&self.issuer), "sent to {authorize}, not the IdP");
        let callback = self.login_at_idp(&authorize, login).await;
        self.client.get(callback).send().await.unwrap()
    }

    /// The same bridge seen from another browser (an empty cookie jar).
    pub fn another_browser(&self) -> TestApp {
        let jar = Arc::new(Jar::default());
        TestApp {
            address: self.address.clone(),
            port: self.port,
            client: browser(jar.clone()),
            jar,
            key_prefix: self.key_prefix.clone(),
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            redis_url: self.redis_url.clone(),
            toml: self.toml.clone(),
            _process: self._process.clone(),
        }
    }

    /// Walk the provider's end-session page (it posts its confirmation form by
    /// script) and return where the provider sends the browser afterwards.
    pub async fn end_provider_session(&self, end_session_url: &str) -> String {
        let response = self.client.get(end_session_url).send().await.unwrap();
        assert_eq!(response.status(), 200, "the provider's end-session page");
        let page = response.text().await.unwrap();
        let (action, fields) = auto_submit_form(&page).unwrap_or_else(|| panic!("end-session page: {page}"));
        let response = self.client.post(action).form(&fields).send().await.unwrap();
        assert!(response.status().is_redirection(), "end-session confirmation answered {}", response.status());
        location(&response)
    }

    /// This bridge's configuration in a file, for the CLI commands.
    pub fn config_file(&self) -> String {
        let path = std::env::temp_dir().join(format!("bridge-test-{}.toml", random_suffix()));
        std::fs::write(&path, &self.toml).unwrap();
        path.display().to_string()
    }

    /// The value of one of the bridge's cookies in the jar.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = Url::parse(&self.address).unwrap();
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .filter_map(|pair| pair.split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_owned())
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        let url = Url::parse(&self.address).unwrap();
        self.jar.add_cookie_str(&format!("{name}={value}; Path=/"), &url);
    }

    /// A connection to this bridge's Redis, for looking at what it stored.
    pub async fn redis(&self) -> redis::aio::MultiplexedConnection {
        redis_connection(&self.redis_url).await
    }

    /// Keys the bridge wrote under this test's prefix.
    pub async fn stored_keys(&self) -> Vec<String> {
        scan_keys(&mut self.redis().await, &format!("{}*", self.key_prefix)).await
    }
}

/// The token of a room URL, read as jitsi-meet reads it (`parseJWTFromURLParams`
/// in react/features/base/jwt/functions.ts): the hash first, where every value
/// is percent-decoded JSON (`jwt="..."`), then the query, taken as is.
pub fn token_in_url(url: &Url) -> Option<String> {
    let from_hash = url.fragment().and_then(|hash| {
        let value = hash.split('&').find_map(|pair| pair.strip_prefix("jwt="))?;
        let decoded = percent_encoding::percent_decode_str(value).decode_utf8().ok()?;
        serde_json::from_str::<String>(&decoded).ok()
    });
    from_hash.or_else(|| url.query_pairs().find(|(k, _)| k == "jwt").map(|(_, v)| v.into_owned()))
}

/// A hash parameter of a room URL, as Jitsi reads it (percent-decoded JSON).
pub fn hash_param(url: &Url, name: &str) -> Option<Value> {
    let prefix = format!("{name}=");
    let value = url.fragment()?.split('&').find_map(|pair| pair.strip_prefix(prefix.as_str()))?;
    serde_json::from_str(&percent_encoding::percent_decode_str(value).decode_utf8().ok()?).ok()
}

/// A Jitsi redirect's token, verified as Prosody would (HS256, app secret, iss, aud).
pub fn jitsi_token(location: &str) -> (Url, jsonwebtoken::Header, Value) {
    let url = Url::parse(location).unwrap();
    let token = token_in_url(&url).unwrap_or_else(|| panic!("no token in {location}"));
    let header = jsonwebtoken::decode_header(&token).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_audience(&["jitsi"]);
    validation.set_issuer(&[APP_ID]);
    validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
    validation.leeway = 0;
    let claims = jsonwebtoken::decode::<Value>(
        &token,
        &jsonwebtoken::DecodingKey::from_secret(APP_SECRET.as_bytes()),
        &validation,
    )
    .expect("the token verifies with the app secret")
    .claims;
    (url, header, claims)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Run the bridge binary with `args` and extra environment `env`; returns
/// (exit code, stdout, stderr).
pub fn run_bridge(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_jitsi-oidc-bridge"))
        .args(args)
        .env_remove("JITSI_OIDC_BRIDGE_CONFIG")
        .envs(env.iter().copied())
        .output()
        .expect("running the bridge binary");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

/// A file under tests/api/fixtures/.
pub fn fixture(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/fixtures").join(path)
}

/// A `[ui]` section with every part of an operator's brand: product name, the
/// fixture logo file, `primary_color`, support contact, privacy and imprint links.
pub fn branded_ui(primary_color: &str) -> String {
    format!(
        r##"[ui]
product_name = "ACME Meet"
logo_file = "{}"
primary_color = "{primary_color}"
support_contact = {{ text = "IT service desk", url = "mailto:it@example.com" }}
privacy_url = "https://example.com/privacy"
imprint_url = "https://example.com/imprint"
"##,
        fixture("brand/logo.svg").display()
    )
}
