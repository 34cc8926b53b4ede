//! The value of every key the operator may leave out.

pub fn listen() -> String {
    "0.0.0.0:8080".into()
}
pub fn readyz_provider_max_age() -> u64 {
    300
}
pub fn shutdown_timeout() -> u64 {
    10
}
pub fn scopes() -> Vec<String> {
    ["openid", "profile", "email"].map(String::from).to_vec()
}
pub fn groups_claim() -> super::OneOrMany {
    super::OneOrMany::One("groups".into())
}
pub fn max_groups() -> u64 {
    1000
}
pub fn yes() -> bool {
    true
}
pub fn clock_skew() -> u64 {
    60
}
pub fn http_timeout() -> u64 {
    10
}
pub fn audience() -> String {
    "jitsi".into()
}
pub fn starts_per_minute() -> u32 {
    30
}
pub fn starts_burst() -> u32 {
    10
}
pub fn starts_per_second() -> u32 {
    500
}
pub fn electron_scheme() -> String {
    "jitsi-meet".into()
}
pub fn mobile_scheme() -> String {
    "org.jitsi.meet".into()
}
pub fn xmpp_domain() -> String {
    "meet.jitsi".into()
}
pub fn token_lifetime() -> u64 {
    300
}
pub fn not_before_leeway() -> u64 {
    30
}
pub fn key_prefix() -> String {
    "jitsi-oidc-bridge:".into()
}
pub fn session_ttl() -> u64 {
    8 * 3600
}
pub fn session_idle() -> u64 {
    8 * 3600
}
pub fn recheck() -> u64 {
    300
}
pub fn recheck_grace() -> u64 {
    3600
}
pub fn login_ttl() -> u64 {
    600
}
pub fn store_timeout() -> u64 {
    1000
}
pub fn token_endpoint_auth_method() -> String {
    "client_secret_basic".into()
}
