//! Validated settings: what the rest of the bridge runs on. Every check that
//! can fail names the key and how to fix it; all failures are reported at once.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::{RawConfig, RawRule, CONFIG_PATH_VAR, ENV_PREFIX};
use crate::jitsi::{JitsiBaseUrl, RoomTarget, TenantName, TokenSettings};
use crate::policy::{AccessPolicy, GroupSet, Rule};

/// Every problem found in the configuration, one per line.
#[derive(Debug)]
pub struct ConfigError(pub Vec<String>);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the configuration has {} problem(s):", self.0.len())?;
        for problem in &self.0 {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone)]
pub struct OidcSettings {
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub redirect_url: Url,
    pub scopes: Vec<String>,
    pub groups_claim: String,
    pub userinfo: bool,
    pub clock_skew: Duration,
    pub http_timeout: Duration,
}

#[derive(Debug, Clone)]
pub enum StoreSettings {
    Memory,
    /// The URL may hold a password, hence secret.
    Redis {
        url: SecretString,
        key_prefix: String,
        timeout: Duration,
    },
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub public_url: Url,
    pub dev_mode: bool,
    pub log_format: LogFormat,
    pub oidc: OidcSettings,
    pub jitsi_base_url: JitsiBaseUrl,
    pub token: TokenSettings,
    pub policy: AccessPolicy,
    pub guests: bool,
    pub store: StoreSettings,
    pub session_ttl: Duration,
    pub login_ttl: Duration,
    /// `None`: a random key per start (fine for the in-memory store only).
    pub cookie_secret: Option<SecretString>,
}

const MIN_SECRET_BYTES: usize = 32;

impl Settings {
    /// Read the file named by `path` (or `$JITSI_OIDC_BRIDGE_CONFIG`, or `bridge.toml`),
    /// apply `BRIDGE_*` environment overrides, and validate.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let explicit = path.map(Path::to_path_buf).or_else(|| std::env::var_os(CONFIG_PATH_VAR).map(PathBuf::from));
        let file = explicit.clone().unwrap_or_else(|| PathBuf::from("bridge.toml"));
        if explicit.is_some() && !file.exists() {
            return Err(ConfigError(vec![format!(
                "config file {} does not exist: fix the path (--config or {CONFIG_PATH_VAR})",
                file.display()
            )]));
        }
        let figment = Figment::new().merge(Toml::file(&file)).merge(Env::prefixed(ENV_PREFIX).split("__"));
        let raw: RawConfig =
            figment.extract().map_err(|e| ConfigError(e.into_iter().map(|e| e.to_string()).collect()))?;
        Self::from_raw(raw)
    }

    /// Validate an already-parsed configuration (tests build one in code).
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        let raw: RawConfig = Figment::from(Toml::string(text))
            .extract()
            .map_err(|e| ConfigError(e.into_iter().map(|e| e.to_string()).collect()))?;
        Self::from_raw(raw)
    }

    pub fn from_raw(raw: RawConfig) -> Result<Self, ConfigError> {
        let mut problems = Problems::default();
        let dev = raw.server.dev_mode;

        let listen = problems.check(
            "server.listen",
            raw.server
                .listen
                .parse::<SocketAddr>()
                .map_err(|_| format!("{:?} is not an address:port such as \"0.0.0.0:8080\"", raw.server.listen)),
        );
        let public_url = problems.check("server.public_url", web_url(&raw.server.public_url, dev, true));
        let log_format = problems.check(
            "server.log_format",
            match raw.server.log_format.as_deref() {
                None | Some("pretty") => Ok(LogFormat::Pretty),
                Some("json") => Ok(LogFormat::Json),
                Some(other) => Err(format!("{other:?} is not a log format: use \"pretty\" or \"json\"")),
            },
        );

        let o = raw.oidc;
        problems.check("oidc.issuer_url", web_url(&o.issuer_url, dev, false));
        problems.non_empty("oidc.client_id", &o.client_id);
        let client_secret = problems.secret("oidc.client_secret", o.client_secret, o.client_secret_file.as_deref(), 1);
        problems.non_empty("oidc.groups_claim", &o.groups_claim);
        let mut scopes = vec!["openid".to_owned()];
        scopes.extend(o.scopes.into_iter().filter(|s| s != "openid"));
        if let Some(bad) = scopes.iter().find(|s| s.is_empty() || s.contains(char::is_whitespace)) {
            problems.push("oidc.scopes", format!("{bad:?} is not a scope: one scope per list entry, no spaces"));
        }
        problems.range("oidc.clock_skew_seconds", o.clock_skew_seconds, 0, 600);
        problems.range("oidc.http_timeout_seconds", o.http_timeout_seconds, 1, 120);

        let j = raw.jitsi;
        let jitsi_base_url = problems.check(
            "jitsi.base_url",
            JitsiBaseUrl::parse(&j.base_url).and_then(|base| {
                if !dev && base.as_url().scheme() != "https" {
                    Err("must be https:// (set server.dev_mode = true only for a local trial)".into())
                } else {
                    Ok(base)
                }
            }),
        );
        problems.non_empty("jitsi.app_id", &j.app_id);
        problems.non_empty("jitsi.audience", &j.audience);
        problems.non_empty("jitsi.xmpp_domain", &j.xmpp_domain);
        let app_secret =
            problems.secret("jitsi.app_secret", j.app_secret, j.app_secret_file.as_deref(), MIN_SECRET_BYTES);
        problems.range("jitsi.token_lifetime_seconds", j.token_lifetime_seconds, 10, 86_400);
        problems.range("jitsi.not_before_leeway_seconds", j.not_before_leeway_seconds, 0, 600);

        let policy = access_policy(&raw.access, &mut problems);

        let s = raw.session;
        problems.range("session.ttl_seconds", s.ttl_seconds, 60, 30 * 86_400);
        problems.range("session.login_ttl_seconds", s.login_ttl_seconds, 60, 3_600);
        problems.range("session.store_timeout_ms", s.store_timeout_ms, 50, 30_000);
        let cookie_secret = match (&s.cookie_secret, &s.cookie_secret_file) {
            (None, None) => None,
            _ => problems.secret(
                "session.cookie_secret",
                s.cookie_secret,
                s.cookie_secret_file.as_deref(),
                MIN_SECRET_BYTES,
            ),
        };
        let store = match s.redis_url {
            None => StoreSettings::Memory,
            Some(url) => {
                if let Err(e) = redis::Client::open(url.as_str()) {
                    problems.push("session.redis_url", format!("is not a Redis URL ({e}); use redis://host:6379/0"));
                }
                if cookie_secret.is_none() && !problems.mentions("session.cookie_secret") {
                    problems.push("session.cookie_secret", "is required with Redis so every replica signs cookies alike: set 32+ random bytes (openssl rand -base64 48)".into());
                }
                StoreSettings::Redis {
                    url: SecretString::from(url),
                    key_prefix: s.key_prefix,
                    timeout: Duration::from_millis(s.store_timeout_ms),
                }
            }
        };

        let (
            Some(listen),
            Some(public_url),
            Some(log_format),
            Some(client_secret),
            Some(jitsi_base_url),
            Some(app_secret),
            Some(policy),
        ) = (listen, public_url, log_format, client_secret, jitsi_base_url, app_secret, policy)
        else {
            return Err(ConfigError(problems.0));
        };
        if !problems.0.is_empty() {
            return Err(ConfigError(problems.0));
        }
        let redirect_url = callback_url(&public_url);
        Ok(Self {
            listen,
            public_url,
            dev_mode: dev,
            log_format,
            oidc: OidcSettings {
                issuer_url: o.issuer_url,
                client_id: o.client_id,
                client_secret,
                redirect_url,
                scopes,
                groups_claim: o.groups_claim,
                userinfo: o.userinfo,
                clock_skew: Duration::from_secs(o.clock_skew_seconds),
                http_timeout: Duration::from_secs(o.http_timeout_seconds),
            },
            jitsi_base_url,
            token: TokenSettings {
                app_id: j.app_id,
                app_secret,
                audience: j.audience,
                xmpp_domain: j.xmpp_domain,
                context_group: j.context_group.filter(|g| !g.is_empty()),
                lifetime: Duration::from_secs(j.token_lifetime_seconds),
                not_before_leeway: Duration::from_secs(j.not_before_leeway_seconds),
                wildcard_room: j.wildcard_room,
            },
            policy,
            guests: raw.access.guests,
            store,
            session_ttl: Duration::from_secs(s.ttl_seconds),
            login_ttl: Duration::from_secs(s.login_ttl_seconds),
            cookie_secret,
        })
    }

    /// A one-screen summary without secrets, for `check-config` and the start-up log.
    pub fn summary(&self) -> String {
        let store = match &self.store {
            StoreSettings::Memory => "in-memory (single instance; sessions end on restart)".to_owned(),
            StoreSettings::Redis { key_prefix, .. } => format!("redis (key prefix {key_prefix:?})"),
        };
        format!(
            "listen {}\npublic url {}\nissuer {}\nredirect uri {}\njitsi {}\nstore {}\nguests {}\ndev mode {}",
            self.listen,
            self.public_url,
            self.oidc.issuer_url,
            self.oidc.redirect_url,
            self.jitsi_base_url.as_url(),
            store,
            if self.guests { "offered" } else { "not offered" },
            self.dev_mode
        )
    }
}

fn callback_url(public_url: &Url) -> Url {
    let mut url = public_url.clone();
    url.set_path("/callback");
    url
}

/// An absolute http(s) URL; https unless `dev`. `root_only`: no path beyond "/".
fn web_url(raw: &str, dev: bool, root_only: bool) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("{raw:?} is not a URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if dev => {}
        "http" => return Err("must be https:// (set server.dev_mode = true only for a local trial)".into()),
        other => return Err(format!("scheme {other:?} is not http(s)")),
    }
    if url.host_str().is_none() || url.query().is_some() || url.fragment().is_some() {
        return Err("must be a plain URL with a host and no query or fragment".into());
    }
    if root_only && url.path() != "/" {
        return Err("must not have a path: the bridge serves from the root of its host".into());
    }
    Ok(url)
}

fn access_policy(raw: &super::RawAccess, problems: &mut Problems) -> Option<AccessPolicy> {
    if raw.allowed_groups.is_empty() {
        problems.push(
            "access.allowed_groups",
            "is empty, so nobody could sign in: list the IdP groups that may, or [\"*\"] for everyone the provider authenticates".into(),
        );
        return None;
    }
    let rule = |r: &RawRule| Rule {
        allowed: r.allowed_groups.as_deref().map(GroupSet::from_list),
        moderators: r.moderator_groups.as_deref().map(GroupSet::from_list),
    };
    let mut tenants = HashMap::new();
    for (name, r) in &raw.tenants {
        match TenantName::parse(name) {
            Ok(tenant) => {
                tenants.insert(tenant.lowercase(), rule(r));
            }
            Err(e) => problems.push(&format!("access.tenants.{name}"), format!("{e}")),
        }
    }
    let mut rooms = HashMap::new();
    for (key, r) in &raw.rooms {
        let parsed = match key.split_once('/') {
            Some((tenant, room)) => RoomTarget::parse(Some(tenant), room),
            None => RoomTarget::parse(None, key),
        };
        match parsed {
            Ok(target) => {
                rooms.insert(crate::policy::RoomKey::of(&target), rule(r));
            }
            Err(e) => {
                problems.push(&format!("access.rooms.\"{key}\""), format!("{e}; keys are \"room\" or \"tenant/room\""))
            }
        }
    }
    Some(AccessPolicy {
        allowed: GroupSet::from_list(&raw.allowed_groups),
        moderators: GroupSet::from_list(&raw.moderator_groups),
        tenants,
        rooms,
    })
}

#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn push(&mut self, key: &str, problem: String) {
        self.0.push(format!("{key}: {problem}"));
    }

    fn mentions(&self, key: &str) -> bool {
        self.0.iter().any(|p| p.starts_with(key))
    }

    fn check<T>(&mut self, key: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|problem| self.push(key, problem)).ok()
    }

    fn non_empty(&mut self, key: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(key, "must not be empty".into());
        }
    }

    fn range(&mut self, key: &str, value: u64, min: u64, max: u64) {
        if !(min..=max).contains(&value) {
            self.push(key, format!("{value} is out of range: use {min} to {max}"));
        }
    }

    /// A secret given inline or in `<key>_file`, exactly one of the two, of `min_bytes` or more.
    fn secret(
        &mut self,
        key: &str,
        inline: Option<String>,
        file: Option<&Path>,
        min_bytes: usize,
    ) -> Option<SecretString> {
        let value = match (inline, file) {
            (Some(_), Some(_)) => {
                self.push(key, format!("is given both inline and as {key}_file: keep one"));
                return None;
            }
            (None, None) => {
                self.push(key, format!("is missing: set {key} or {key}_file"));
                return None;
            }
            (Some(value), None) => value,
            (None, Some(path)) => match std::fs::read_to_string(path) {
                Ok(text) => text.trim_end_matches(['\n', '\r']).to_owned(),
                Err(e) => {
                    self.push(&format!("{key}_file"), format!("cannot read {} ({e})", path.display()));
                    return None;
                }
            },
        };
        let secret = SecretString::from(value);
        if secret.expose_secret().len() < min_bytes {
            self.push(
                key,
                format!("is shorter than {min_bytes} bytes: use a longer random value (openssl rand -base64 48)"),
            );
            return None;
        }
        Some(secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"
[server]
public_url = "https://auth.example.com"
[oidc]
issuer_url = "https://idp.example.com/realms/acme"
client_id = "jitsi"
client_secret = "s3cret"
[jitsi]
base_url = "https://meet.example.com"
app_id = "bridge"
app_secret = "0123456789abcdef0123456789abcdef"
[access]
allowed_groups = ["employees"]
moderator_groups = ["moderators"]
"#;

    fn problems(toml: &str) -> String {
        match Settings::from_toml(toml) {
            Ok(_) => panic!("should be refused:\n{toml}"),
            Err(e) => e.to_string(),
        }
    }

    fn with(replace: &str, by: &str) -> String {
        assert!(VALID.contains(replace), "{replace}");
        VALID.replacen(replace, by, 1)
    }

    #[test]
    fn a_minimal_production_config_is_accepted_with_safe_defaults() {
        let settings = Settings::from_toml(VALID).unwrap();
        assert_eq!(settings.oidc.redirect_url.as_str(), "https://auth.example.com/callback");
        assert_eq!(settings.oidc.scopes, ["openid", "profile", "email"]);
        assert_eq!(settings.token.lifetime, Duration::from_secs(300));
        assert_eq!(settings.token.audience, "jitsi");
        assert_eq!(settings.token.xmpp_domain, "meet.jitsi");
        assert!(!settings.dev_mode && settings.guests);
        assert!(matches!(settings.store, StoreSettings::Memory));
        assert!(!format!("{settings:?}").contains("0123456789abcdef0123456789abcdef"), "secrets never print");
    }

    #[test]
    fn unknown_keys_are_refused_by_name() {
        assert!(problems(&with("[jitsi]", "[jitsi]\napp_secrett = \"x\"")).contains("app_secrett"));
        assert!(problems(&format!("{VALID}\n[extra]\na = 1")).contains("extra"));
    }

    #[test]
    fn weak_or_missing_secrets_are_refused() {
        let short = problems(&with("0123456789abcdef0123456789abcdef", "short"));
        assert!(short.contains("jitsi.app_secret: is shorter than 32 bytes"), "{short}");
        let missing = problems(&with("client_secret = \"s3cret\"", ""));
        assert!(missing.contains("oidc.client_secret: is missing"), "{missing}");
        let both = problems(&with("client_secret = \"s3cret\"", "client_secret = \"a\"\nclient_secret_file = \"/x\""));
        assert!(both.contains("keep one"), "{both}");
        let unreadable = problems(&with("client_secret = \"s3cret\"", "client_secret_file = \"/nonexistent/secret\""));
        assert!(unreadable.contains("oidc.client_secret_file: cannot read /nonexistent/secret"), "{unreadable}");
    }

    #[test]
    fn secrets_are_read_from_files_without_the_trailing_newline() {
        let path = std::env::temp_dir().join(format!("bridge-secret-{}", std::process::id()));
        std::fs::write(&path, "from-a-file\n").unwrap();
        let toml =
            with("client_secret = \"s3cret\"", &format!("client_secret_file = {:?}", path.display().to_string()));
        let settings = Settings::from_toml(&toml).unwrap();
        assert_eq!(settings.oidc.client_secret.expose_secret(), "from-a-file");
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn plain_http_needs_dev_mode() {
        let http = problems(&with("https://idp.example.com", "http://idp.example.com"));
        assert!(http.contains("oidc.issuer_url: must be https://"), "{http}");
        let dev =
            with("https://idp.example.com", "http://idp.example.com").replace("[server]", "[server]\ndev_mode = true");
        assert!(Settings::from_toml(&dev).is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let toml = with("allowed_groups = [\"employees\"]", "allowed_groups = []")
            .replace("https://meet.example.com", "meet.example.com")
            .replace("[server]", "[server]\nlisten = \"nowhere\"");
        let all = problems(&toml);
        for key in ["access.allowed_groups", "jitsi.base_url", "server.listen"] {
            assert!(all.contains(key), "{key} missing from:\n{all}");
        }
    }

    #[test]
    fn redis_needs_a_shared_cookie_secret() {
        let toml = format!("{VALID}\n[session]\nredis_url = \"redis://127.0.0.1:6379/0\"");
        assert!(problems(&toml).contains("session.cookie_secret: is required with Redis"));
        let bad_url =
            format!("{VALID}\n[session]\nredis_url = \"http://nope\"\ncookie_secret = \"{}\"", "c".repeat(32));
        assert!(problems(&bad_url).contains("session.redis_url"));
    }

    #[test]
    fn room_and_tenant_rules_are_checked() {
        let toml = format!(
            "{VALID}\n[access.tenants.sales]\nmoderator_groups = [\"leads\"]\n[access.rooms.\"sales/Weekly\"]\nmoderator_groups = [\"chairs\"]"
        );
        let settings = Settings::from_toml(&toml).unwrap();
        assert!(settings.policy.tenants.contains_key("sales"));
        assert_eq!(settings.policy.rooms.len(), 1);
        let bad = format!("{VALID}\n[access.rooms.\"a/b/c\"]\nmoderator_groups = [\"x\"]");
        assert!(problems(&bad).contains("access.rooms.\"a/b/c\""));
    }

    #[test]
    fn token_lifetime_is_bounded() {
        let toml = with("[jitsi]", "[jitsi]\ntoken_lifetime_seconds = 0");
        assert!(problems(&toml).contains("jitsi.token_lifetime_seconds: 0 is out of range"));
    }
}
