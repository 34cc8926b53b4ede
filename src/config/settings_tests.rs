//! Unit tests of configuration validation.

use super::*;

use crate::config::EXAMPLE_TOML as VALID;

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
    let toml = with("client_secret = \"s3cret\"", &format!("client_secret_file = {:?}", path.display().to_string()));
    let settings = Settings::from_toml(&toml).unwrap();
    let secret = settings.oidc.client_auth.secret().expect("client_secret_basic has a secret");
    assert_eq!(secret.secret(), "from-a-file");
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
    let bad_url = format!("{VALID}\n[session]\nredis_url = \"http://nope\"\ncookie_secret = \"{}\"", "c".repeat(32));
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

#[test]
fn wildcard_room_is_refused_next_to_room_or_tenant_rules() {
    let wildcard = with("[jitsi]", "[jitsi]\nwildcard_room = true");
    assert!(Settings::from_toml(&wildcard).is_ok(), "alone it is allowed (and documented)");
    for rule in
        ["[access.rooms.standup]\nmoderator_groups = [\"x\"]", "[access.tenants.sales]\nallowed_groups = [\"x\"]"]
    {
        let refused = problems(&format!("{wildcard}\n{rule}"));
        assert!(
            refused.contains("jitsi.wildcard_room: cannot be combined with [access.rooms] or [access.tenants]"),
            "{refused}"
        );
    }
}

#[test]
fn session_lifetimes_have_safe_defaults_and_bounds() {
    let settings = Settings::from_toml(VALID).unwrap();
    let l = settings.lifetimes;
    assert_eq!((l.absolute, l.idle), (Duration::from_secs(8 * 3600), Duration::from_secs(8 * 3600)));
    assert_eq!((l.recheck, l.recheck_grace), (Duration::from_secs(300), Duration::from_secs(3600)));
    let strict = format!("{VALID}\n[session]\nrecheck_seconds = 0\nrecheck_grace_seconds = 0");
    assert_eq!(Settings::from_toml(&strict).unwrap().lifetimes.recheck_grace, Duration::ZERO);
    let bad = problems(&format!("{VALID}\n[session]\nidle_seconds = 5\nrecheck_seconds = 100000"));
    assert!(
        bad.contains("session.idle_seconds: 5 is out of range") && bad.contains("session.recheck_seconds"),
        "{bad}"
    );
}

#[test]
fn client_authentication_methods_and_their_secrets_are_checked_together() {
    let method = |line: &str, secret: &str| problems(&with("client_secret = \"s3cret\"", &format!("{line}\n{secret}")));
    let public_with_secret = method("token_endpoint_auth_method = \"none\"", "client_secret = \"x\"");
    assert!(
        public_with_secret.contains("oidc.client_secret: is not used with token_endpoint_auth_method = \"none\""),
        "{public_with_secret}"
    );
    let jwt_without_key = method("token_endpoint_auth_method = \"private_key_jwt\"", "");
    assert!(jwt_without_key.contains("oidc.client_assertion_key_file: is required"), "{jwt_without_key}");
    let post_without_secret = method("token_endpoint_auth_method = \"client_secret_post\"", "");
    assert!(post_without_secret.contains("oidc.client_secret: is missing"), "{post_without_secret}");
    let unknown = method("token_endpoint_auth_method = \"client_secret_jwt\"", "client_secret = \"x\"");
    assert!(unknown.contains("\"client_secret_jwt\" is not supported"), "{unknown}");
    let reserved =
        method("extra_auth_params = { state = \"x\", kc_idp_hint = \"corp\" }", "client_secret = \"s3cret\"");
    assert!(reserved.contains("oidc.extra_auth_params.state: is set by the bridge itself"), "{reserved}");
    let public =
        Settings::from_toml(&with("client_secret = \"s3cret\"", "token_endpoint_auth_method = \"none\"")).unwrap();
    assert_eq!(public.oidc.client_auth.method(), "none");
}
