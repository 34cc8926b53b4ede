//! Validated settings: what the rest of the bridge runs on. Every check that
//! can fail names the key and how to fix it; all failures are reported at once.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use secrecy::SecretString;
use url::Url;

use super::checks::{access_policy, read_ca_file, Problems};
use super::client::{client_auth, extra_auth_params};
use super::limits::limit_settings;
use super::limits::LimitSettings;
use super::observe::{observe_settings, ObserveSettings};
use super::signing::signing_settings;
use super::store::{redis_settings, StoreSettings};
use super::OneOrMany;
use super::{RawConfig, CONFIG_PATH_VAR, ENV_PREFIX};
use crate::jitsi::{AppSchemes, JitsiBaseUrl, Returns, TokenSettings};
use crate::oidc::client_auth::ClientAuth;
use crate::policy::AccessPolicy;
use crate::public_url::{web_url, PublicUrl};

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
    /// Extra roots for the provider's TLS certificate (`oidc.ca_file`).
    pub ca_certificates: Vec<reqwest::Certificate>,
    pub client_id: String,
    pub client_auth: ClientAuth,
    /// Added to every authorization request.
    pub extra_auth_params: Vec<(String, String)>,
    /// The ID token's `acr` must be one of these (empty: any).
    pub required_acr: Vec<String>,
    pub redirect_url: Url,
    pub scopes: Vec<String>,
    /// The claims whose values are the user's groups (pooled).
    pub groups_claim: Vec<String>,
    pub max_groups: usize,
    /// `[oidc.claims]`.
    pub claims: crate::oidc::claims::ClaimMapping,
    pub userinfo: super::UserinfoMode,
    pub clock_skew: Duration,
    pub http_timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub public_url: PublicUrl,
    pub dev_mode: bool,
    pub log_format: LogFormat,
    /// Metrics listener, readiness and shutdown (`[server]`).
    pub observe: ObserveSettings,
    pub oidc: OidcSettings,
    /// The Jitsi deployment and how visitors return to it.
    pub jitsi: Returns,
    pub token: TokenSettings,
    pub policy: AccessPolicy,
    pub guests: bool,
    pub store: StoreSettings,
    pub lifetimes: SessionLifetimes,
    pub limits: LimitSettings,
    /// `None`: a random key per start (fine for the in-memory store only).
    pub cookie_secret: Option<SecretString>,
    /// Where `[server] admin_listen` serves `POST /admin/reload` (loopback only).
    pub admin_listen: Option<SocketAddr>,
    /// The file these settings were read from (`None`: built in code), for reloads.
    pub config_file: Option<ConfigFile>,
    /// `[ui]`: the pages' default language, brand and template overrides.
    pub brand: std::sync::Arc<crate::pages::Brand>,
}

/// A configuration file and its sections as read.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub sections: serde_json::Value,
}

/// How long sessions, pending sign-ins and unconfirmed claims last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLifetimes {
    /// From sign-in to the end, however active the session is.
    pub absolute: Duration,
    /// Without a visit for this long, the session ends.
    pub idle: Duration,
    /// A pending sign-in at the provider.
    pub login: Duration,
    /// Claims older than this are re-read before a token is minted.
    pub recheck: Duration,
    /// How long claims due for a re-read may still be used while the provider is down.
    pub recheck_grace: Duration,
}

const MIN_SECRET_BYTES: usize = 32;

impl Settings {
    /// Read the file named by `path` (or `$JITSI_OIDC_BRIDGE_CONFIG`, or `bridge.toml`),
    /// apply `BRIDGE_*` environment overrides, and validate.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_with_sections(path).map(|(settings, _)| settings)
    }

    /// [`Settings::load`], and the file's sections as read (for a reload to
    /// tell which sections changed). The settings remember the file's path.
    pub fn load_with_sections(path: Option<&Path>) -> Result<(Self, serde_json::Value), ConfigError> {
        let explicit = path.map(Path::to_path_buf).or_else(|| std::env::var_os(CONFIG_PATH_VAR).map(PathBuf::from));
        let file = explicit.clone().unwrap_or_else(|| PathBuf::from("bridge.toml"));
        if explicit.is_some() && !file.exists() {
            return Err(ConfigError(vec![format!(
                "config file {} does not exist: fix the path (--config or {CONFIG_PATH_VAR})",
                file.display()
            )]));
        }
        let figment = Figment::new().merge(Toml::file(&file)).merge(Env::prefixed(ENV_PREFIX).split("__"));
        let sections: serde_json::Value = figment.extract().unwrap_or_default();
        let raw: RawConfig = figment.extract().map_err(|_| {
            let mut problems = super::problems::all_problems(&figment);
            if !file.exists() {
                problems.push(format!(
                    "no config file was read: {} does not exist (pass --config PATH or set {CONFIG_PATH_VAR})",
                    file.display()
                ));
            }
            ConfigError(problems)
        })?;
        let mut settings = Self::from_raw(raw)?;
        settings.config_file = Some(ConfigFile { path: file, sections: sections.clone() });
        Ok((settings, sections))
    }

    /// Validate an already-parsed configuration (tests build one in code).
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        let raw: RawConfig = Figment::from(Toml::string(text)).extract().map_err(|e| ConfigError(parse_problems(e)))?;
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
        let public_url = problems.check("server.public_url", PublicUrl::parse(&raw.server.public_url, dev));
        let admin_listen = raw.server.admin_listen.as_deref().and_then(|text| {
            let parsed = text
                .parse::<SocketAddr>()
                .map_err(|_| format!("{text:?} is not an address:port such as \"127.0.0.1:9091\""));
            let loopback = parsed.and_then(|address| {
                if address.ip().is_loopback() {
                    Ok(address)
                } else {
                    Err("must be a loopback address (127.0.0.1 or [::1]): anyone who reaches it can reload the policy"
                        .into())
                }
            });
            problems.check("server.admin_listen", loopback)
        });
        let observe = observe_settings(&raw.server, listen, &mut problems);
        let log_format = problems.check(
            "server.log_format",
            match raw.server.log_format.as_deref() {
                None | Some("pretty") => Ok(LogFormat::Pretty),
                Some("json") => Ok(LogFormat::Json),
                Some(other) => Err(format!("{other:?} is not a log format: use \"pretty\" or \"json\"")),
            },
        );

        let limits = limit_settings(&raw, &mut problems);

        let o = raw.oidc;
        problems.check("oidc.issuer_url", web_url(&o.issuer_url, dev));
        let ca_certificates = match &o.ca_file {
            None => Vec::new(),
            Some(path) => problems.check("oidc.ca_file", read_ca_file(path)).unwrap_or_default(),
        };
        problems.non_empty("oidc.client_id", &o.client_id);
        let client_auth = client_auth(&o, &mut problems);
        let required_acr = o.required_acr.clone().map(OneOrMany::into_vec).unwrap_or_default();
        let extra_auth_params = extra_auth_params(&o.extra_auth_params, &required_acr, &mut problems);
        let groups_claim = o.groups_claim.clone().into_vec();
        if groups_claim.is_empty() || groups_claim.iter().any(|c| c.trim().is_empty()) {
            problems.push("oidc.groups_claim", "name a claim (\"groups\") or several ([\"groups\", \"roles\"])".into());
        }
        problems.range("oidc.max_groups", o.max_groups, 1, 100_000);
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
        let apps = &j.app_schemes;
        let app_schemes =
            problems.check("jitsi.app_schemes", AppSchemes::new(&apps.electron, &apps.mobile, &apps.android_package));
        problems.non_empty("jitsi.app_id", &j.app_id);
        problems.non_empty("jitsi.audience", &j.audience);
        problems.non_empty("jitsi.xmpp_domain", &j.xmpp_domain);
        let secret_given = j.app_secret.is_some() || j.app_secret_file.is_some();
        let (inline_secret, secret_file) = (j.app_secret, j.app_secret_file);
        let signing = signing_settings(
            j.signing,
            |problems| problems.secret("jitsi.app_secret", inline_secret, secret_file.as_deref(), MIN_SECRET_BYTES),
            secret_given,
            &mut problems,
        );
        problems.range("jitsi.token_lifetime_seconds", j.token_lifetime_seconds, 10, 86_400);
        problems.range("jitsi.not_before_leeway_seconds", j.not_before_leeway_seconds, 0, 600);

        let policy = access_policy(&raw.access, o.groups_are_paths, &mut problems);
        if j.wildcard_room && (!raw.access.rooms.is_empty() || !raw.access.tenants.is_empty()) {
            problems.push(
                "jitsi.wildcard_room",
                "cannot be combined with [access.rooms] or [access.tenants]: a room: \"*\" token opens every room, so one room's moderator rule would make moderators everywhere; remove wildcard_room or the rules".into(),
            );
        }

        let s = raw.session;
        problems.range("session.ttl_seconds", s.ttl_seconds, 60, 30 * 86_400);
        problems.range("session.idle_seconds", s.idle_seconds, 60, 30 * 86_400);
        problems.range("session.recheck_seconds", s.recheck_seconds, 0, 86_400);
        problems.range("session.recheck_grace_seconds", s.recheck_grace_seconds, 0, 7 * 86_400);
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
        if (s.redis_url.is_some() || s.redis.is_some())
            && cookie_secret.is_none()
            && !problems.mentions("session.cookie_secret")
        {
            problems.push("session.cookie_secret", "is required with Redis so every replica signs cookies alike: set 32+ random bytes (openssl rand -base64 48)".into());
        }
        let timeout = Duration::from_millis(s.store_timeout_ms);
        let store = match redis_settings(s.redis_url, s.redis, s.key_prefix, timeout, &mut problems) {
            Some(redis) => StoreSettings::Redis(Box::new(redis)),
            None => StoreSettings::Memory,
        };

        let brand = super::ui::brand(raw.ui, public_url.as_ref(), dev, &mut problems);

        let (
            Some(listen),
            Some(public_url),
            Some(log_format),
            Some(client_auth),
            Some(jitsi_base_url),
            Some(signing),
            Some(policy),
            Some(app_schemes),
            Some(brand),
        ) = (listen, public_url, log_format, client_auth, jitsi_base_url, signing, policy, app_schemes, brand)
        else {
            return Err(ConfigError(problems.0));
        };
        if !problems.0.is_empty() {
            return Err(ConfigError(problems.0));
        }
        let redirect_url = public_url.callback();
        Ok(Self {
            listen,
            public_url,
            dev_mode: dev,
            log_format,
            observe,
            oidc: OidcSettings {
                issuer_url: o.issuer_url,
                ca_certificates,
                client_id: o.client_id,
                client_auth,
                extra_auth_params,
                required_acr,
                redirect_url,
                scopes,
                groups_claim,
                max_groups: usize::try_from(o.max_groups).unwrap_or(usize::MAX),
                claims: o.claims,
                userinfo: o.userinfo,
                clock_skew: Duration::from_secs(o.clock_skew_seconds),
                http_timeout: Duration::from_secs(o.http_timeout_seconds),
            },
            jitsi: Returns::new(jitsi_base_url, j.token_in, j.skip_prejoin, app_schemes),
            token: TokenSettings {
                app_id: j.app_id,
                signing,
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
            lifetimes: SessionLifetimes {
                absolute: Duration::from_secs(s.ttl_seconds),
                idle: Duration::from_secs(s.idle_seconds),
                login: Duration::from_secs(s.login_ttl_seconds),
                recheck: Duration::from_secs(s.recheck_seconds),
                recheck_grace: Duration::from_secs(s.recheck_grace_seconds),
            },
            limits,
            cookie_secret,
            admin_listen,
            config_file: None,
            brand: std::sync::Arc::new(brand),
        })
    }

    /// A one-screen summary without secrets, for `check-config` and the start-up log.
    pub fn summary(&self) -> String {
        let store = match &self.store {
            StoreSettings::Memory => "in-memory (single instance; sessions end on restart)".to_owned(),
            StoreSettings::Redis(redis) => redis.describe(),
        };
        let rate = |n: u32, unit: &str| if n == 0 { "unlimited".to_owned() } else { format!("{n}/{unit}") };
        let limits = format!(
            "{} per address (burst {}), {} in total; {} trusted prox{}",
            rate(self.limits.starts_per_minute_per_address, "min"),
            self.limits.burst_per_address,
            rate(self.limits.starts_per_second_total, "s"),
            self.limits.trusted_proxies.len(),
            if self.limits.trusted_proxies.len() == 1 { "y" } else { "ies" },
        );
        let metrics = match self.observe.metrics_listen {
            Some(address) => format!("http://{address}/metrics"),
            None => self.public_url.url("/metrics").to_string(),
        };
        format!(
            "listen {}\npublic url {}\nissuer {}\nredirect uri {}\njitsi {}\ntokens {}\nstore {}\nguests {}\n\
             sign-in starts {limits}\nmetrics {metrics}\ndev mode {}",
            self.listen,
            self.public_url,
            self.oidc.issuer_url,
            self.oidc.redirect_url,
            self.jitsi.describe(),
            self.signing_summary(),
            store,
            if self.guests { "offered" } else { "not offered" },
            self.dev_mode
        )
    }
}

impl Settings {
    fn signing_summary(&self) -> String {
        let signing = &self.token.signing;
        let Some(ring) = signing.ring() else {
            return format!("{} with jitsi.app_secret (Prosody's app_secret)", signing.algorithm().name());
        };
        let keys = ring.current();
        let now = std::time::SystemTime::now();
        let signer = keys.signing_key(now, ring.publish_before_use()).map_or("none", |key| key.kid());
        let asap = self.public_url.url("/asap");
        format!(
            "{} signed with kid {signer}; {} key(s) published at {asap}/<hex(sha256(kid))>.pem and {}",
            signing.algorithm().name(),
            keys.published().len(),
            self.public_url.url("/.well-known/jitsi-jwks.json")
        )
    }
}

/// figment's messages, without its profile name (`"default.oidc"` -> `"oidc"`).
fn parse_problems(error: figment::Error) -> Vec<String> {
    error.into_iter().map(|e| e.to_string().replace("key \"default.", "key \"")).collect()
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
