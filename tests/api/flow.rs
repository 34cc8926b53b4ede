//! The employee's path: room -> provider -> callback -> Jitsi with a token,
//! and the session that makes the next room immediate.

use serde_json::json;
use url::Url;

use crate::helpers::*;

#[tokio::test]
async fn employee_signs_in_and_lands_in_the_room_with_a_token_prosody_accepts() {
    let app = spawn_app().await;

    // No session: straight to the provider with code + PKCE S256 + state + nonce.
    let response = app.get("/standup").await;
    assert_eq!(response.status(), 302);
    let authorize = Url::parse(&location(&response)).unwrap();
    let params: std::collections::HashMap<_, _> = authorize.query_pairs().into_owned().collect();
    assert_eq!(params["response_type"], "code");
    assert_eq!(params["code_challenge_method"], "S256");
    assert_eq!(params["redirect_uri"], format!("{}/callback", app.address));
    assert!(params["code_challenge"].len() >= 43);
    assert!(params["state"].len() >= 43 && params["nonce"].len() >= 43);
    assert!(params["scope"].split(' ').any(|s| s == "openid"));
    // The pending sign-in waits in Redis under this test's prefix, with a TTL of minutes.
    let keys = app.stored_keys().await;
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(keys[0].starts_with(&format!("{}login:", app.key_prefix)));
    let mut redis = app.redis().await;
    let ttl: i64 = redis::cmd("TTL").arg(&keys[0]).query_async(&mut redis).await.unwrap();
    assert!((500..=600).contains(&ttl), "login TTL {ttl}");

    let callback = app.login_at_idp(authorize.as_str(), "alice").await;
    let response = app.client.get(&callback).send().await.unwrap();
    assert_eq!(response.status(), 302);
    let set_cookie: Vec<_> =
        response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let session_cookie = set_cookie.iter().find(|c| c.starts_with("jitsi-sso=")).expect("a session cookie");
    assert!(
        session_cookie.contains("HttpOnly")
            && session_cookie.contains("SameSite=Lax")
            && session_cookie.contains("Path=/")
    );
    assert_eq!(response.headers()["cache-control"], "no-store");

    let (url, header, claims) = jitsi_token(&location(&response));
    assert_eq!(url.origin().ascii_serialization(), JITSI_BASE);
    assert_eq!(url.path(), "/standup");
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    assert_eq!(header.alg, jsonwebtoken::Algorithm::HS256);
    let now = jsonwebtoken::get_current_timestamp();
    let iat = claims["iat"].as_u64().unwrap();
    assert!(iat.abs_diff(now) <= 5);
    assert_eq!(claims["exp"].as_u64().unwrap(), iat + 300, "default lifetime is 5 minutes");
    assert_eq!(claims["nbf"].as_u64().unwrap(), iat - 30);
    assert_eq!(claims["iss"], APP_ID);
    assert_eq!(claims["aud"], "jitsi");
    assert_eq!(claims["sub"], "meet.jitsi");
    assert_eq!(claims["room"], "standup");
    assert_eq!(
        claims["context"],
        json!({
            "user": {
                "id": "u-alice", "name": "Alice Admin", "email": "alice@example.com",
                "avatar": "https://example.com/alice.png", "moderator": true, "affiliation": "owner"
            },
            "group": "acme"
        })
    );
    // The login state is gone (single use), the session is stored (with its sub/sid indexes).
    let keys = app.stored_keys().await;
    assert!(!keys.iter().any(|k| k.starts_with(&format!("{}login:", app.key_prefix))), "{keys:?}");
    assert_eq!(keys.iter().filter(|k| k.starts_with(&format!("{}session:", app.key_prefix))).count(), 1, "{keys:?}");

    // Second visit, another room: no provider round trip.
    let response = app.get("/Retro").await;
    assert_eq!(response.status(), 302);
    let (url, _, claims) = jitsi_token(&location(&response));
    assert_eq!(url.path(), "/Retro");
    assert_eq!(claims["room"], "retro");
    assert_eq!(claims["context"]["user"]["id"], "u-alice");
}

#[tokio::test]
async fn members_of_no_moderator_group_join_as_members() {
    let app = spawn_app().await;
    let response = app.sign_in("/standup", "bob").await;
    let (_, _, claims) = jitsi_token(&location(&response));
    assert_eq!(claims["context"]["user"]["moderator"], false);
    assert_eq!(claims["context"]["user"]["affiliation"], "member");
    assert_eq!(claims["context"]["user"]["name"], "Bob Builder");
}

#[tokio::test]
async fn tenant_rooms_carry_the_tenant_as_subject() {
    let app = spawn_app().await;
    let response = app.sign_in("/Sales/Weekly", "bob").await;
    let (url, _, claims) = jitsi_token(&location(&response));
    assert_eq!(url.path(), "/Sales/Weekly");
    assert_eq!(claims["sub"], "sales");
    assert_eq!(claims["room"], "weekly");
}

#[tokio::test]
async fn unicode_rooms_and_names_survive_the_round_trip() {
    let app = spawn_app().await;
    let response = app.sign_in("/Caf%C3%A9", "eve").await;
    let (url, _, claims) = jitsi_token(&location(&response));
    assert_eq!(url.path(), "/Caf%C3%A9");
    assert_eq!(claims["room"], "caf%c3%a9", "Jitsi's backend-safe room name");
    assert_eq!(claims["context"]["user"]["name"], "Ève Ünicode");
}

#[tokio::test]
async fn token_auth_url_returns_to_the_room_with_the_config_overrides() {
    let app = spawn_app().await;
    let state = json!({
        "room": "Planning", "roomSafe": "planning", "tenant": "",
        "config.startWithAudioMuted": true, "config.prejoinConfig.enabled": false
    });
    let path = format!(
        "/auth?room=Planning&state={}",
        percent_encoding::utf8_percent_encode(&state.to_string(), percent_encoding::NON_ALPHANUMERIC)
    );
    let response = app.sign_in(&path, "alice").await;
    let (url, _, claims) = jitsi_token(&location(&response));
    assert_eq!(url.path(), "/Planning");
    let hash: Vec<&str> = url.fragment().unwrap().split('&').skip(1).collect();
    assert_eq!(hash, ["config.prejoinConfig.enabled=false", "config.startWithAudioMuted=true"]);
    assert_eq!(claims["room"], "planning");

    // Signed in already: the tokenAuthUrl answers at once.
    let response = app.get("/auth?room=Other").await;
    assert_eq!(response.status(), 302);
    let (url, _, _) = jitsi_token(&location(&response));
    assert_eq!(url.path(), "/Other");
}

#[tokio::test]
async fn groups_only_in_userinfo_are_read_from_userinfo() {
    let strict = Idp::start(&[("IDP_CONFORM_ID_TOKEN_CLAIMS", "1")]);
    let app = spawn_app_with(Options { issuer: Some(strict.issuer.clone()), ..Options::default() }).await;
    let response = app.sign_in("/standup", "alice").await;
    assert_eq!(response.status(), 302);
    let (_, _, claims) = jitsi_token(&location(&response));
    assert_eq!(claims["context"]["user"]["name"], "Alice Admin");
    assert_eq!(claims["context"]["user"]["email"], "alice@example.com");
    assert_eq!(claims["context"]["user"]["moderator"], true);

    // With userinfo turned off the same provider yields no groups: refused.
    let options = Options { issuer: Some(strict.issuer.clone()), userinfo: "never", ..Options::default() };
    let app = spawn_app_with(options).await;
    let response = app.sign_in("/standup", "alice").await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn session_store_can_be_the_in_memory_one() {
    let app = spawn_app_with(Options { redis_url: None, ..Options::default() }).await;
    let response = app.sign_in("/standup", "bob").await;
    assert_eq!(response.status(), 302);
    let response = app.get("/again").await;
    let (_, _, claims) = jitsi_token(&location(&response));
    assert_eq!(claims["room"], "again");
}

#[tokio::test]
async fn a_refused_user_can_switch_to_another_account() {
    let app = spawn_app().await;
    let response = app.sign_in("/standup", "carol").await;
    assert_eq!(response.status(), 403);
    let page = response.text().await.unwrap();
    let href = page
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&#38;", "&").replace("&amp;", "&"))
        .find(|href| href.starts_with("/login?"))
        .unwrap_or_else(|| panic!("no sign-in link on {page}"));
    assert_eq!(href, "/login?room=standup&prompt=login");

    // The provider still has carol's session; prompt=login makes it ask again.
    let response = app.get(&href).await;
    assert_eq!(response.status(), 302);
    let authorize = location(&response);
    assert!(Url::parse(&authorize).unwrap().query_pairs().any(|(k, v)| k == "prompt" && v == "login"));
    let callback = app.login_at_idp(&authorize, "bob").await;
    let response = app.client.get(callback).send().await.unwrap();
    let (_, _, claims) = jitsi_token(&location(&response));
    assert_eq!(claims["context"]["user"]["id"], "u-bob");
}

#[tokio::test]
async fn switching_accounts_ends_the_previous_session() {
    let app = spawn_app().await;
    assert_eq!(app.sign_in("/standup", "alice").await.status(), 302);
    let alice_cookie = app.cookie("jitsi-sso").expect("alice's session cookie");

    let response = app.get("/login?room=standup&prompt=login").await;
    let callback = app.login_at_idp(&location(&response), "bob").await;
    let response = app.client.get(callback).send().await.unwrap();
    assert_eq!(jitsi_token(&location(&response)).2["context"]["user"]["id"], "u-bob");

    let sessions: Vec<_> = app.stored_keys().await.into_iter().filter(|k| k.contains(":session:")).collect();
    assert_eq!(sessions.len(), 1, "only bob's session is left: {sessions:?}");
    // Alice's old cookie, replayed, no longer opens a room.
    let replay = browser(std::sync::Arc::default());
    let response = replay
        .get(format!("{}/standup", app.address))
        .header("cookie", format!("jitsi-sso={alice_cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert!(location(&response).starts_with(&app.issuer), "sent to sign in, not into the room");
}
