//! Signing out: POST only from our own site, then on to the provider's
//! end-session endpoint (RP-Initiated Logout) and back to `/signed-out`;
//! back-channel logout tokens from the provider ending sessions on every
//! replica; and the administrator's `sessions list|revoke`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use url::Url;

use crate::helpers::*;

fn query(url: &str) -> std::collections::HashMap<String, String> {
    Url::parse(url).unwrap().query_pairs().into_owned().collect()
}

fn jwt_payload(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// Where a visit to a room sends this browser: the room (signed in) or the provider.
async fn signed_in(app: &TestApp) -> bool {
    let response = app.get("/standup").await;
    assert_eq!(response.status(), 302);
    location(&response).starts_with(JITSI_BASE)
}

#[tokio::test]
async fn get_logout_only_asks_and_a_cross_site_post_ends_nothing() {
    let app = spawn_app().await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);

    let response = app.get("/logout").await;
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.contains(&format!("form-action 'self' {}", app.issuer)),
        "the button may redirect to the provider: {csp}"
    );
    let page = response.text().await.unwrap();
    assert!(page.contains("<form method=\"post\" action=\"/logout\""), "{page}");
    assert!(signed_in(&app).await, "GET /logout ended the session");

    let cross_site = app
        .client
        .post(format!("{}/logout", app.address))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("room", "standup")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert!(signed_in(&app).await, "a cross-site POST ended the session");

    let forged_token = app.client.post(format!("{}/logout", app.address)).form(&[("csrf", "guess")]).send().await;
    assert_eq!(forged_token.unwrap().status(), 403, "no same-site header and a wrong token");
    assert!(signed_in(&app).await);
}

#[tokio::test]
async fn sign_out_ends_the_session_here_and_at_the_provider() {
    let app = spawn_app().await;
    assert_eq!(app.sign_in("/standup", "alice").await.status(), 302);
    let old_cookie = app.cookie("jitsi-sso").unwrap();

    let response = app
        .client
        .post(format!("{}/logout", app.address))
        .header("origin", &app.address)
        .form(&[("room", "standup")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let end_session = location(&response);
    assert!(end_session.starts_with(&format!("{}/session/end?", app.issuer)), "{end_session}");
    let params = query(&end_session);
    assert_eq!(params["post_logout_redirect_uri"], format!("{}/signed-out", app.address));
    assert_eq!(params["client_id"], app.client_id);
    assert_eq!(params["state"], "standup");
    let hint = jwt_payload(&params["id_token_hint"]);
    assert_eq!((hint["sub"].as_str(), hint["aud"].as_str()), (Some("u-alice"), Some(app.client_id.as_str())));
    assert!(app.stored_keys().await.iter().all(|k| !k.contains(":session:")), "the session is gone");

    // The provider signs out (its page posts a form) and sends the browser back.
    let back = app.end_provider_session(&end_session).await;
    assert!(back.starts_with(&format!("{}/signed-out?", app.address)), "{back}");
    let page = app.client.get(&back).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sign in again") && page.contains("href=\"/login?room=standup\""), "{page}");
    assert!(page.contains(r#"href="/standup">Back to the meeting</a>"#), "{page}");

    // The next sign-in asks for credentials again (no silent sign-in on a shared PC).
    let response = app.get("/standup").await;
    let interaction = app.client.get(location(&response)).send().await.unwrap();
    assert!(!location(&interaction).contains("/callback?"), "the provider signed the next person in silently");
    // The old cookie opens nothing.
    let replay = browser(std::sync::Arc::default());
    let response =
        replay.get(format!("{}/standup", app.address)).header("cookie", format!("jitsi-sso={old_cookie}")).send();
    assert!(location(&response.await.unwrap()).starts_with(&app.issuer));
}

/// A GET of /logout as a browser sends it when a same-site page navigates `dest` there.
async fn navigate_to_logout(app: &TestApp, dest: &str) -> reqwest::Response {
    let request = app.client.get(format!("{}/logout", app.address)).header("sec-fetch-site", "same-site");
    request.header("sec-fetch-mode", "navigate").header("sec-fetch-dest", dest).send().await.unwrap()
}

#[tokio::test]
async fn a_same_site_top_level_get_signs_out_for_jitsis_token_logout_url() {
    let app = spawn_app().await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
    let framed = navigate_to_logout(&app, "iframe").await;
    assert_eq!(framed.status(), 200, "a framed GET only shows the page");
    assert!(signed_in(&app).await);

    let response = navigate_to_logout(&app, "document").await;
    assert_eq!(response.status(), 302);
    assert!(location(&response).starts_with(&format!("{}/session/end?", app.issuer)));
    assert!(!signed_in(&app).await);
}

#[tokio::test]
async fn back_channel_logout_ends_the_sessions_on_two_bridge_processes_sharing_redis() {
    let idp = Idp::start(&[]);
    let options = Options { issuer: Some(idp.issuer.clone()), separate_processes: true, ..Options::default() };
    let replicas = spawn_replicas(2, options).await;
    let (a, b) = (&replicas[0], &replicas[1]);
    // Alice signs in on both replicas from two browsers (two provider sessions); Bob on b.
    assert_eq!(a.sign_in("/standup", "alice").await.status(), 302);
    assert_eq!(b.sign_in("/standup", "alice").await.status(), 302);
    let bob = b.another_browser();
    assert_eq!(bob.sign_in("/standup", "bob").await.status(), 302);

    // The provider ends Alice's sessions and posts a logout token for each to replica a.
    let report = idp.end_sessions("alice").await;
    assert_eq!(report["sessions"], 2, "{report}");
    assert!(report["backchannel"].as_array().unwrap().iter().all(|r| r["ok"] == true), "{report}");

    assert!(!signed_in(a).await && !signed_in(b).await, "alice is still signed in somewhere");
    assert!(signed_in(&bob).await, "bob's session must survive alice's logout");
}

#[tokio::test]
async fn back_channel_logout_by_sid_ends_only_that_provider_session() {
    let app = spawn_app().await;
    assert_eq!(app.sign_in("/standup", "eve").await.status(), 302);
    let other = app.another_browser();
    assert_eq!(other.sign_in("/standup", "eve").await.status(), 302);

    // Eve signs out at the provider in the first browser only.
    let response = app.client.post(format!("{}/logout", app.address)).header("origin", &app.address).send().await;
    app.end_provider_session(&location(&response.unwrap())).await;
    assert!(!signed_in(&app).await);
    assert!(signed_in(&other).await, "the other provider session (other sid) is untouched");
}

fn logout_claims(app: &TestApp, issuer: &str, extra: Value) -> Value {
    let now = jsonwebtoken::get_current_timestamp();
    let mut claims = json!({
        "iss": issuer, "aud": app.client_id, "iat": now, "exp": now + 120, "jti": random_suffix(),
        "sub": "u-bob", "events": {"http://schemas.openid.net/event/backchannel-logout": {}}
    });
    for (key, value) in extra.as_object().unwrap() {
        if value.is_null() {
            claims.as_object_mut().unwrap().remove(key);
        } else {
            claims[key] = value.clone();
        }
    }
    claims
}

async fn post_logout_token(app: &TestApp, token: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/backchannel-logout", app.address))
        .form(&[("logout_token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn logout_tokens_that_are_replayed_forged_or_stale_are_refused() {
    let idp = Idp::start(&[]);
    let app = spawn_app_with(Options { issuer: Some(idp.issuer.clone()), ..Options::default() }).await;
    let header = json!({"typ": "logout+jwt"});

    let good = idp.sign(&header, &logout_claims(&app, &idp.issuer, json!({}))).await;
    assert_eq!(post_logout_token(&app, &good).await.0, 200);
    let (status, body) = post_logout_token(&app, &good).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_request")), "a replay");
    assert!(body["error_description"].as_str().unwrap().contains("already used"), "{body}");

    let old = jsonwebtoken::get_current_timestamp() - 3600;
    let cases = [
        ("expired", json!({"iat": old, "exp": old + 120})),
        ("with a nonce", json!({"nonce": "n"})),
        ("for another client", json!({"aud": "someone-else"})),
        ("from another issuer", json!({"iss": "https://idp.example.com"})),
        ("without events", json!({"events": null})),
        ("without sub or sid", json!({"sub": null})),
        ("without jti", json!({"jti": null})),
    ];
    for (what, change) in cases {
        let token = idp.sign(&header, &logout_claims(&app, &idp.issuer, change)).await;
        assert_eq!(post_logout_token(&app, &token).await.0, 400, "a token {what} was accepted");
    }
    // Signed with a key the provider never published, under its own key id and under another.
    let claims = logout_claims(&app, &idp.issuer, json!({}));
    let kid = jsonwebtoken::decode_header(&good).unwrap().kid;
    for kid in [kid, Some("unknown-kid".to_owned())] {
        let forged = sign_with_foreign_key(&claims, kid);
        assert_eq!(post_logout_token(&app, &forged).await.0, 400, "a forged token was accepted");
    }
    assert_eq!(post_logout_token(&app, "not-a-jwt").await.0, 400);
    let response = reqwest::Client::new().get(format!("{}/backchannel-logout", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 405);
}

fn sign_with_foreign_key(claims: &Value, kid: Option<String>) -> String {
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(include_bytes!("fixtures/rotated-key.pem")).unwrap();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = kid;
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

#[tokio::test]
async fn administrators_list_and_revoke_a_users_sessions_everywhere() {
    let app = spawn_app().await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
    let laptop = app.another_browser();
    assert_eq!(laptop.sign_in("/standup", "bob").await.status(), 302);
    let config = app.config_file();

    let (code, stdout, _) = run_bridge(&["sessions", "list", "--sub", "u-bob", "--config", &config], &[]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("2 live session(s) of \"u-bob\""), "{stdout}");
    let cookie = app.cookie("jitsi-sso").unwrap();
    assert!(!stdout.contains(&cookie) && !stdout.contains("eyJ"), "no cookie or token in the listing: {stdout}");

    let (code, stdout, _) = run_bridge(&["sessions", "revoke", "--sub", "u-bob", "--config", &config], &[]);
    assert_eq!((code, stdout.trim()), (0, "ended 2 session(s) of \"u-bob\"; their next visit signs in again"));
    assert!(!signed_in(&app).await && !signed_in(&laptop).await);
    let (_, stdout, _) = run_bridge(&["sessions", "list", "--sub", "u-bob", "--config", &config], &[]);
    assert_eq!(stdout.trim(), "no live session of \"u-bob\"");
}
