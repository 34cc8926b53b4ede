//! How the bridge presents itself to the provider: a public client (PKCE
//! alone), private_key_jwt, extra authorization parameters and a required
//! authentication context (`acr`), all against the real test provider.

use std::path::Path;

use serde_json::json;
use url::Url;

use crate::helpers::*;

#[tokio::test]
async fn a_public_client_signs_in_with_pkce_alone() {
    let options = Options {
        registration: Some(json!({"token_endpoint_auth_method": "none"})),
        oidc_extra: "token_endpoint_auth_method = \"none\"".into(),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    assert!(!app.toml.contains("client_secret"), "{}", app.toml);
    let response = app.sign_in("/standup", "bob").await;
    assert_eq!(response.status(), 302);
    let (url, _, claims) = jitsi_token(&location(&response));
    assert_eq!((url.path(), claims["context"]["user"]["id"].as_str()), ("/standup", Some("u-bob")));
}

#[tokio::test]
async fn private_key_jwt_authenticates_with_a_signed_assertion() {
    let key_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/fixtures/signing/rsa-2048-b.pem");
    let key = jitsi_oidc_bridge::jitsi::signing::SigningKey::read(&key_file, "").unwrap();
    let options = Options {
        registration: Some(json!({
            "token_endpoint_auth_method": "private_key_jwt",
            "token_endpoint_auth_signing_alg": "RS256",
            "jwks": {"keys": [key.jwk("RS256")]},
        })),
        oidc_extra: format!(
            "token_endpoint_auth_method = \"private_key_jwt\"\nclient_assertion_key_file = \"{}\"",
            key_file.display()
        ),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    let response = app.sign_in("/standup", "alice").await;
    assert_eq!(response.status(), 302, "the provider accepted the assertion");
    assert_eq!(jitsi_token(&location(&response)).2["context"]["user"]["moderator"], true);
}

#[tokio::test]
async fn extra_parameters_reach_the_authorization_request_and_cannot_replace_the_bridges_own() {
    let options = Options {
        oidc_extra: "extra_auth_params = { kc_idp_hint = \"corp-saml\", domain_hint = \"example.com\" }".into(),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    let authorize = Url::parse(&location(&app.get("/standup").await)).unwrap();
    let param = |name: &str| authorize.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    assert_eq!(param("kc_idp_hint").as_deref(), Some("corp-saml"));
    assert_eq!(param("domain_hint").as_deref(), Some("example.com"));
    assert_eq!(param("code_challenge_method").as_deref(), Some("S256"));
    // The provider ignores what it does not know: the sign-in goes through.
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
}

#[tokio::test]
async fn a_required_acr_refuses_a_weaker_sign_in_with_a_page_and_admits_the_stronger_one() {
    let options = Options { oidc_extra: "required_acr = \"urn:test:mfa\"".into(), ..Options::default() };
    let app = spawn_app_with(options).await;
    let authorize = Url::parse(&location(&app.get("/standup").await)).unwrap();
    assert!(authorize.query_pairs().any(|(k, v)| k == "acr_values" && v == "urn:test:mfa"), "asked of the provider");

    let weak = app.sign_in("/standup", "bob").await;
    assert_eq!(weak.status(), 403);
    assert!(weak.headers().get("location").is_none(), "no token");
    let page = weak.text().await.unwrap();
    assert!(page.contains("A stronger sign-in is required"), "{page}");

    let strong = app.another_browser().sign_in("/standup", "mia").await;
    assert_eq!(strong.status(), 302);
}
