//! What the operator writes: one TOML file, overridable by environment variables
//! (`BRIDGE_<SECTION>__<KEY>`, e.g. `BRIDGE_JITSI__APP_SECRET`), secrets also
//! readable from files (`*_file` keys). Unknown keys are refused. The raw form is
//! turned into [`Settings`] by `Settings::load`, which checks every value and
//! names what to fix.

mod checks;
mod client;
mod defaults;
mod limits;
mod observe;
mod problems;
mod settings;
mod signing;
mod store;
mod store_checks;
#[cfg(test)]
mod store_tests;
mod ui;
mod userinfo;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

pub use crate::jitsi::TokenIn;

pub use limits::LimitSettings;
pub use observe::ObserveSettings;
pub use settings::{ConfigError, ConfigFile, LogFormat, OidcSettings, SessionLifetimes, Settings};
pub use store::{RawRedis, RedisAuth, RedisSettings, RedisTopology, StoreSettings};
pub use ui::{RawLink, RawUi};
pub use userinfo::UserinfoMode;

/// A minimal valid production configuration, for unit tests to start from.
#[cfg(test)]
pub(crate) const EXAMPLE_TOML: &str = r#"
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

/// Environment variable naming the config file (default `bridge.toml`).
pub const CONFIG_PATH_VAR: &str = "JITSI_OIDC_BRIDGE_CONFIG";
/// Prefix of environment overrides; `__` separates section and key.
pub const ENV_PREFIX: &str = "BRIDGE_";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub server: RawServer,
    pub oidc: RawOidc,
    pub jitsi: RawJitsi,
    pub access: RawAccess,
    #[serde(default)]
    pub session: RawSession,
    #[serde(default)]
    pub limits: RawLimits,
    /// `[ui]`: the pages' language, brand and templates.
    #[serde(default)]
    pub ui: ui::RawUi,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServer {
    /// `POST /admin/reload` on a listener of its own, loopback only (off when unset).
    pub admin_listen: Option<String>,
    /// Address to listen on, e.g. "0.0.0.0:8080".
    #[serde(default = "defaults::listen")]
    pub listen: String,
    /// The URL browsers reach the bridge at; the OIDC redirect URI is `<public_url>/callback`.
    pub public_url: String,
    /// Allows plain http URLs and non-Secure cookies. For local trials only.
    #[serde(default)]
    pub dev_mode: bool,
    /// "pretty" (default) or "json".
    #[serde(default)]
    pub log_format: Option<String>,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the
    /// visitor; from anyone else the header is ignored.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    /// Serve `/metrics` on this address ("127.0.0.1:9100") instead of on the main listener.
    pub metrics_listen: Option<String>,
    /// `/readyz` fails when the provider's metadata and keys could not be read for this many seconds.
    #[serde(default = "defaults::readyz_provider_max_age")]
    pub readyz_provider_max_age_seconds: u64,
    /// On SIGTERM, requests in flight get this many seconds to finish once the listener closes.
    #[serde(default = "defaults::shutdown_timeout")]
    pub shutdown_timeout_seconds: u64,
    /// On SIGTERM, keep accepting for this many seconds while `/readyz` answers 503, so load
    /// balancers stop sending first (0: stop accepting at once).
    #[serde(default)]
    pub shutdown_delay_seconds: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOidc {
    /// Issuer identifier; discovery is read from `<issuer_url>/.well-known/openid-configuration`.
    pub issuer_url: String,
    pub client_id: String,
    /// Needed by client_secret_basic and client_secret_post; refused with none and private_key_jwt.
    pub client_secret: Option<String>,
    /// File holding the client secret (e.g. a Docker or Kubernetes secret).
    pub client_secret_file: Option<PathBuf>,
    /// How the bridge authenticates at the token endpoint: "client_secret_basic" (default),
    /// "client_secret_post", "private_key_jwt" or "none" (a public client; PKCE alone).
    #[serde(default = "defaults::token_endpoint_auth_method")]
    pub token_endpoint_auth_method: String,
    /// private_key_jwt: the RSA private key (PEM) whose public half the provider has.
    pub client_assertion_key_file: Option<PathBuf>,
    /// Extra parameters for the authorization request (kc_idp_hint, domain_hint, acr_values…).
    #[serde(default)]
    pub extra_auth_params: BTreeMap<String, String>,
    /// Authentication context classes (`acr`) of which the ID token must name one.
    pub required_acr: Option<OneOrMany>,
    /// Scopes to request; "openid" is always added.
    #[serde(default = "defaults::scopes")]
    pub scopes: Vec<String>,
    /// The claim listing the user's groups, or several whose values are pooled
    /// (`["groups", "realm_access.roles"]`); dotted paths reach nested claims.
    #[serde(default = "defaults::groups_claim")]
    pub groups_claim: OneOrMany,
    /// Which claims become the token's name, email, avatar and id.
    #[serde(default)]
    pub claims: crate::oidc::claims::ClaimMapping,
    /// Most groups kept per user (a session is read on every visit).
    #[serde(default = "defaults::max_groups")]
    pub max_groups: u64,
    /// Keycloak's full-path groups (`/employees/sales`): a rule naming a group
    /// also matches its subgroups.
    #[serde(default)]
    pub groups_are_paths: bool,
    /// When to ask the userinfo endpoint: "when-needed" (the ID token lacks the
    /// groups claim or a display name), "always" or "never".
    #[serde(default)]
    pub userinfo: UserinfoMode,
    /// Tolerated clock difference with the provider, in seconds.
    #[serde(default = "defaults::clock_skew")]
    pub clock_skew_seconds: u64,
    /// Timeout of each request to the provider, in seconds.
    #[serde(default = "defaults::http_timeout")]
    pub http_timeout_seconds: u64,
    /// PEM file of CA certificates the provider's TLS certificate may chain to, in
    /// addition to the system's trust store and the public roots (a private CA).
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJitsi {
    /// Where Jitsi Meet is, e.g. "https://meet.example.com".
    pub base_url: String,
    /// Token issuer (`iss`); Prosody's `app_id` / docker's JWT_APP_ID.
    pub app_id: String,
    /// HS256 key shared with Prosody (`app_secret` / JWT_APP_SECRET), at least 32 bytes.
    /// Not used (and refused) with RS256/384/512 signing.
    pub app_secret: Option<String>,
    pub app_secret_file: Option<PathBuf>,
    /// How tokens are signed: the shared secret (default) or RSA keys.
    #[serde(default)]
    pub signing: signing::RawSigning,
    /// Token audience (`aud`), one of Prosody's asap_accepted_audiences.
    #[serde(default = "defaults::audience")]
    pub audience: String,
    /// `sub` for rooms without a tenant: Prosody's XMPP domain.
    #[serde(default = "defaults::xmpp_domain")]
    pub xmpp_domain: String,
    /// Value of `context.group`, if any.
    pub context_group: Option<String>,
    /// Token lifetime in seconds (`exp` - `iat`).
    #[serde(default = "defaults::token_lifetime")]
    pub token_lifetime_seconds: u64,
    /// How far in the past `nbf` is set, since Prosody allows no clock skew.
    #[serde(default = "defaults::not_before_leeway")]
    pub not_before_leeway_seconds: u64,
    /// Issue `room: "*"` instead of the room's name: one token opens every room, so it
    /// cannot be combined with tenant or room rules.
    #[serde(default)]
    pub wildcard_room: bool,
    /// Where the room URL carries the token: "fragment" (`#jwt=`, default: kept out of
    /// access logs and `Referer`) or "query" (`?jwt=`, for Jitsi releases before mid-2024).
    #[serde(default)]
    pub token_in: TokenIn,
    /// After a sign-in the visitor has chosen to join: open the meeting without
    /// Jitsi's pre-join screen, unless Jitsi's own state says otherwise.
    #[serde(default = "defaults::yes")]
    pub skip_prejoin: bool,
    /// URL schemes of the Jitsi apps, for operators with branded builds.
    #[serde(default)]
    pub app_schemes: RawAppSchemes,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAppSchemes {
    /// The desktop (Electron) app's scheme.
    #[serde(default = "defaults::electron_scheme")]
    pub electron: String,
    /// The iOS and Android apps' scheme.
    #[serde(default = "defaults::mobile_scheme")]
    pub mobile: String,
    /// The Android app's package, named in `intent://` links.
    #[serde(default = "defaults::mobile_scheme")]
    pub android_package: String,
}

impl Default for RawAppSchemes {
    fn default() -> Self {
        Self {
            electron: defaults::electron_scheme(),
            mobile: defaults::mobile_scheme(),
            android_package: defaults::mobile_scheme(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccess {
    /// IdP groups whose members may sign in; ["*"] for anyone the provider authenticates.
    #[serde(default)]
    pub allowed_groups: Vec<String>,
    /// IdP groups whose members become moderators.
    #[serde(default)]
    pub moderator_groups: Vec<String>,
    /// E-mail domains whose users may sign in (only verified addresses count).
    #[serde(default)]
    pub allowed_email_domains: Vec<String>,
    /// E-mail domains whose users become moderators (verified addresses only).
    #[serde(default)]
    pub moderator_email_domains: Vec<String>,
    /// Groups whose members skip the lobby (`context.user.lobby_bypass`).
    #[serde(default)]
    pub lobby_bypass_groups: Vec<String>,
    /// Groups whose members are kept out of recordings (`context.user["hidden-from-recorder"]`).
    #[serde(default)]
    pub hidden_from_recorder_groups: Vec<String>,
    /// Groups whose members join as visitors (`context.user.role = "visitor"`); moderators never do.
    #[serde(default)]
    pub visitor_groups: Vec<String>,
    /// Jitsi features (`context.features`) and the groups that get each.
    #[serde(default)]
    pub features: BTreeMap<String, Vec<String>>,
    /// "exact" (default) or "case-insensitive" group names.
    #[serde(default)]
    pub group_match: crate::policy::GroupMatch,
    /// Offer "Join as guest" to visitors without a session.
    #[serde(default = "defaults::yes")]
    pub guests: bool,
    /// Per-tenant rules, keyed by tenant name.
    #[serde(default)]
    pub tenants: BTreeMap<String, RawRule>,
    /// Per-room rules, keyed by "room" or "tenant/room".
    #[serde(default)]
    pub rooms: BTreeMap<String, RawRule>,
}

/// A tenant's or a room's rule: each field given replaces the broader rule's
/// (or adds to it with `extend = true`); a field left out falls back to it.
/// A string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            Self::One(one) => vec![one],
            Self::Many(many) => many,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub allowed_groups: Option<Vec<String>>,
    pub moderator_groups: Option<Vec<String>>,
    pub allowed_email_domains: Option<Vec<String>>,
    pub moderator_email_domains: Option<Vec<String>>,
    pub lobby_bypass_groups: Option<Vec<String>>,
    pub hidden_from_recorder_groups: Option<Vec<String>>,
    pub visitor_groups: Option<Vec<String>>,
    #[serde(default)]
    pub features: BTreeMap<String, Vec<String>>,
    /// Add this rule's groups to the broader rule's instead of replacing them.
    #[serde(default)]
    pub extend: bool,
}

/// Bounds on what anonymous visitors can make the bridge do.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLimits {
    /// Sign-ins one visitor address may start per minute (0: no per-address limit).
    #[serde(default = "defaults::starts_per_minute")]
    pub sign_in_starts_per_minute: u32,
    /// How many of those may come at once.
    #[serde(default = "defaults::starts_burst")]
    pub sign_in_burst: u32,
    /// Sign-ins all visitors together may start per second, per replica (0: no limit).
    #[serde(default = "defaults::starts_per_second")]
    pub sign_in_starts_per_second: u32,
}

impl Default for RawLimits {
    fn default() -> Self {
        Self {
            sign_in_starts_per_minute: defaults::starts_per_minute(),
            sign_in_burst: defaults::starts_burst(),
            sign_in_starts_per_second: defaults::starts_per_second(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSession {
    /// One Redis server's URL ("redis://host:6379/0", "rediss://" for TLS): short for
    /// `[session.redis]` with `url`. Without either, sessions live in memory.
    pub redis_url: Option<String>,
    /// Redis as one server, Sentinel or Cluster, with credentials and TLS trust.
    pub redis: Option<RawRedis>,
    #[serde(default = "defaults::key_prefix")]
    pub key_prefix: String,
    /// Absolute lifetime of a sign-in, in seconds: after it the visitor signs in again.
    #[serde(default = "defaults::session_ttl")]
    pub ttl_seconds: u64,
    /// A session unused for this many seconds ends.
    #[serde(default = "defaults::session_idle")]
    pub idle_seconds: u64,
    /// Claims older than this are re-read from the provider before a token is minted, in seconds.
    #[serde(default = "defaults::recheck")]
    pub recheck_seconds: u64,
    /// While the provider cannot be reached, claims due for a re-read are still used for this
    /// many seconds; after that the visitor gets a 503. 0 = never use unconfirmed claims.
    #[serde(default = "defaults::recheck_grace")]
    pub recheck_grace_seconds: u64,
    /// How long a sign-in may take at the provider, in seconds.
    #[serde(default = "defaults::login_ttl")]
    pub login_ttl_seconds: u64,
    /// Key signing the cookies (32+ bytes); required with Redis so replicas agree.
    pub cookie_secret: Option<String>,
    pub cookie_secret_file: Option<PathBuf>,
    /// Timeout of each session-store operation, in milliseconds.
    #[serde(default = "defaults::store_timeout")]
    pub store_timeout_ms: u64,
}

impl Default for RawSession {
    fn default() -> Self {
        Self {
            redis_url: None,
            redis: None,
            key_prefix: defaults::key_prefix(),
            ttl_seconds: defaults::session_ttl(),
            idle_seconds: defaults::session_idle(),
            recheck_seconds: defaults::recheck(),
            recheck_grace_seconds: defaults::recheck_grace(),
            login_ttl_seconds: defaults::login_ttl(),
            cookie_secret: None,
            cookie_secret_file: None,
            store_timeout_ms: defaults::store_timeout(),
        }
    }
}
