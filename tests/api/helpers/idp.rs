//! The test identity provider (tests/idp: oidc-provider on Node), its
//! test-only admin API (change a user's groups, end their provider sessions,
//! revoke their grants, sign arbitrary JWTs with its key), and client registration.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use serde_json::{json, Value};

/// A running test identity provider. Dropping the harness closes its stdin,
/// which stops it.
pub struct Idp {
    pub issuer: String,
    /// The per-start token its `/__test/...` admin API asks for.
    admin_token: String,
    child: Mutex<Child>,
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
        let admin_token = ready["admin_token"].as_str().expect("admin_token in the IdP's first line").to_owned();
        Idp { issuer, admin_token, child: Mutex::new(child), _stdin: Mutex::new(stdin) }
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

    /// Stop the provider now: from here on it is unreachable (connection refused).
    pub fn stop(&self) {
        let mut child = self.child.lock().unwrap();
        let _ = child.kill();
        let _ = child.wait();
    }

    async fn admin(&self, path: &str, body: Value) -> reqwest::Response {
        let response = reqwest::Client::new()
            .post(format!("{}/__test/{path}", self.issuer))
            .header("x-test-admin", &self.admin_token)
            .json(&body)
            .send()
            .await
            .expect("IdP admin request");
        assert!(response.status().is_success(), "IdP admin {path}: {}", response.status());
        response
    }

    /// What later ID tokens, refreshes and userinfo say of `login`'s groups (`None`: no claim).
    pub async fn set_groups(&self, login: &str, groups: Option<&[&str]>) {
        self.admin(&format!("users/{login}/groups"), json!({ "groups": groups })).await;
    }

    /// End every provider session of `login`, with back-channel logout to their clients.
    pub async fn end_sessions(&self, login: &str) -> Value {
        self.admin(&format!("users/{login}/end-sessions"), json!({})).await.json().await.unwrap()
    }

    /// Revoke every grant of `login` (refresh tokens then answer invalid_grant); returns how many.
    pub async fn revoke_grants(&self, login: &str) -> u64 {
        let report: Value = self.admin(&format!("users/{login}/revoke-grants"), json!({})).await.json().await.unwrap();
        report["grants"].as_u64().unwrap()
    }

    /// A JWT with exactly these claims, signed with the provider's published key.
    pub async fn sign(&self, header: &Value, claims: &Value) -> String {
        let response = self.admin("sign", json!({ "header": header, "claims": claims })).await;
        let body: Value = response.json().await.unwrap();
        body["jwt"].as_str().unwrap().to_owned()
    }
}

/// A confidential client as a bridge at these addresses needs it: code flow
/// with refresh tokens (unless `refresh_tokens` is off), the post-logout
/// redirect and the back-channel logout URI of `addresses[0]` (with `sid`).
/// Returns (id, secret).
/// Register a client for `addresses`; `extra` adds registration fields (a
/// `token_endpoint_auth_method`, `jwks`…). The secret is empty for clients
/// that get none.
pub async fn register_client(
    issuer: &str,
    addresses: &[String],
    refresh_tokens: bool,
    extra: Option<&Value>,
) -> (String, String) {
    let callbacks: Vec<_> = addresses.iter().map(|a| format!("{a}/callback")).collect();
    let signed_out: Vec<_> = addresses.iter().map(|a| format!("{a}/signed-out")).collect();
    let grants = if refresh_tokens { vec!["authorization_code", "refresh_token"] } else { vec!["authorization_code"] };
    let mut body = json!({
        "redirect_uris": callbacks,
        "grant_types": grants,
        "post_logout_redirect_uris": signed_out,
        "backchannel_logout_uri": format!("{}/backchannel-logout", addresses[0]),
        "backchannel_logout_session_required": true,
    });
    for (key, value) in extra.and_then(Value::as_object).into_iter().flatten() {
        body[key] = value.clone();
    }
    let response = reqwest::Client::new()
        .post(format!("{issuer}/reg"))
        .json(&body)
        .send()
        .await
        .expect("client registration request");
    assert_eq!(response.status(), 201, "client registration");
    let body: Value = response.json().await.expect("registration JSON");
    (body["client_id"].as_str().unwrap().to_owned(), body["client_secret"].as_str().unwrap_or_default().to_owned())
}

/// The action and hidden fields of a provider's auto-submitting form.
pub fn auto_submit_form(page: &str) -> Option<(String, Vec<(String, String)>)> {
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
