//! The test harness: a real identity provider (tests/idp, oidc-provider on Node)
//! started once per test binary, and `spawn_app` starting the bridge on port 0
//! against real Redis under a random key prefix. A reqwest client with a cookie
//! store and redirects off walks the flow the way a browser would.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use jitsi_oidc_bridge::config::Settings;
use jitsi_oidc_bridge::startup::Application;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;
use serde_json::Value;
use url::Url;

pub const APP_SECRET: &str = "test-app-secret-0123456789abcdef-0123456789";
pub const APP_ID: &str = "jitsi-oidc-bridge-test";
pub const COOKIE_SECRET: &str = "test-cookie-secret-0123456789abcdef-0123456789";
pub const JITSI_BASE: &str = "https://meet.example.com";
pub const REDIS_URL: &str = "redis://127.0.0.1:6379/0";

/// A running test identity provider. Dropping the harness closes its stdin,
/// which stops it.
pub struct Idp {
    pub issuer: String,
    _child: Mutex<Child>,
    _stdin: Mutex<ChildStdin>,
}

fn idp_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/idp")
}

/// Install the IdP's npm packages once, if a fresh checkout lacks them.
fn ensure_idp_installed() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        if idp_dir().join("node_modules/oidc-provider").exists() {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(idp_dir())
            .status()
            .expect("npm must be installed to run the test identity provider");
        assert!(status.success(), "npm ci in tests/idp failed");
    });
}

impl Idp {
    /// Start an IdP process; `env` adds environment variables (e.g. IDP_CONFORM_ID_TOKEN_CLAIMS).
    pub fn start(env: &[(&str, &str)]) -> Idp {
        ensure_idp_installed();
        let mut command = Command::new("node");
        command
            .arg("server.mjs")
            .current_dir(idp_dir())
            .env("IDP_MAX_SECONDS", "900")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("IDP_LOG").is_some() { Stdio::inherit() } else { Stdio::null() });
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("node must be installed to run the test identity provider");
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("reading the IdP's first line");
        let ready: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("IdP said {line:?}: {e}"));
        let issuer = ready["issuer"].as_str().expect("issuer in the IdP's first line").to_owned();
        Idp { issuer, _child: Mutex::new(child), _stdin: Mutex::new(stdin) }
    }

    /// An IdP whose issuer is `http://localhost:<port>`: to a browser another site
    /// than the bridge on 127.0.0.1, so the return from it is a cross-site navigation.
    pub fn cross_site() -> &'static Idp {
        static IDP: OnceLock<Idp> = OnceLock::new();
        IDP.get_or_init(|| Idp::start(&[("IDP_ISSUER_HOST", "localhost")]))
    }

    /// The IdP shared by the whole test binary (default settings).
    pub fn shared() -> &'static Idp {
        static IDP: OnceLock<Idp> = OnceLock::new();
        IDP.get_or_init(|| Idp::start(&[]))
    }
}

/// Register a confidential client for `redirect_uri` at the test IdP `issuer`
/// (dynamic client registration); returns (id, secret).
pub async fn register_client(issuer: &str, redirect_uri: &str) -> (String, String) {
    {
        let response = reqwest::Client::new()
            .post(format!("{issuer}/reg"))
            .json(&serde_json::json!({"redirect_uris": [redirect_uri]}))
            .send()
            .await
            .expect("client registration request");
        assert_eq!(response.status(), 201, "client registration");
        let body: Value = response.json().await.expect("registration JSON");
        (body["client_id"].as_str().unwrap().to_owned(), body["client_secret"].as_str().unwrap().to_owned())
    }
}

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
    pub userinfo: bool,
    pub http_timeout_seconds: u64,
    pub jitsi_base: String,
    /// Extra TOML appended to the `[access]` section (rules for tenants and rooms).
    pub access_extra: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            guests: false,
            redis_url: Some(REDIS_URL.to_owned()),
            issuer: None,
            client: None,
            userinfo: true,
            http_timeout_seconds: 5,
            jitsi_base: JITSI_BASE.to_owned(),
            access_extra: String::new(),
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub key_prefix: String,
    pub issuer: String,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding a free port");
    let port = listener.local_addr().unwrap().port();
    let address = format!("http://127.0.0.1:{port}");
    let callback = format!("{address}/callback");
    let issuer = options.issuer.clone().unwrap_or_else(|| Idp::shared().issuer.clone());
    let (client_id, client_secret) = match options.client.clone() {
        Some(client) => client,
        None => register_client(&issuer, &callback).await,
    };
    let key_prefix = format!("test:{}:", random_suffix());
    let session = match &options.redis_url {
        Some(url) => format!(
            "redis_url = \"{url}\"\nkey_prefix = \"{key_prefix}\"\ncookie_secret = \"{COOKIE_SECRET}\"\nstore_timeout_ms = 300"
        ),
        None => String::new(),
    };
    let toml = format!(
        r#"
[server]
listen = "127.0.0.1:0"
public_url = "{address}"
dev_mode = true

[oidc]
issuer_url = "{issuer}"
client_id = "{client_id}"
client_secret = "{client_secret}"
scopes = ["openid", "profile", "email", "groups"]
userinfo = {userinfo}
http_timeout_seconds = {timeout}

[jitsi]
base_url = "{jitsi}"
app_id = "{APP_ID}"
app_secret = "{APP_SECRET}"
context_group = "acme"

[access]
allowed_groups = ["employees"]
moderator_groups = ["moderators"]
guests = {guests}
{access_extra}

[session]
{session}
"#,
        userinfo = options.userinfo,
        timeout = options.http_timeout_seconds,
        jitsi = options.jitsi_base,
        guests = options.guests,
        access_extra = options.access_extra,
    );
    let settings = Settings::from_toml(&toml).unwrap_or_else(|e| panic!("test settings: {e}\n{toml}"));
    let app = Application::build_with_listener(settings, listener).await.expect("building the app");
    tokio::spawn(app.run_until_stopped());
    let jar = Arc::new(Jar::default());
    TestApp { address, port, client: browser(jar.clone()), jar, key_prefix, issuer }
}

/// A cookie-keeping client that does not follow redirects, like a browser we step by hand.
pub fn browser(jar: Arc<Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_provider(jar)
        .timeout(std::time::Duration::from_secs(20))
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

    /// A Redis connection for looking at what the bridge stored.
    pub async fn redis(&self) -> redis::aio::MultiplexedConnection {
        redis::Client::open(REDIS_URL).unwrap().get_multiplexed_async_connection().await.unwrap()
    }

    /// Keys the bridge wrote under this test's prefix.
    pub async fn stored_keys(&self) -> Vec<String> {
        let mut conn = self.redis().await;
        redis::cmd("KEYS").arg(format!("{}*", self.key_prefix)).query_async(&mut conn).await.unwrap()
    }
}

/// The action and hidden fields of a provider's auto-submitting form.
fn auto_submit_form(page: &str) -> Option<(String, Vec<(String, String)>)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[start..].split('"').next()?.to_owned())
    };
    let form = page.split("<form").nth(1)?;
    let action = attr(form.split('>').next()?, "action")?;
    let fields =
        form.split("<input").skip(1).filter_map(|input| Some((attr(input, "name")?, attr(input, "value")?))).collect();
    Some((action, fields))
}

/// A Jitsi redirect's token, verified as Prosody would (HS256, app secret, iss, aud).
pub fn jitsi_token(location: &str) -> (Url, jsonwebtoken::Header, Value) {
    let url = Url::parse(location).unwrap();
    let token = url.query_pairs().find(|(k, _)| k == "jwt").map(|(_, v)| v.into_owned()).expect("a jwt parameter");
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
