//! Every room Jitsi can name and every client Jitsi has, walked through the
//! real bridge and the real provider. Requests to `/auth` are built the way
//! jitsi-meet builds its `tokenAuthUrl` (react/features/authentication/
//! functions.{any,web,native}.ts): `{state}` is
//! `encodeURIComponent(JSON.stringify(state))`, `{room}` the raw segment.

use jitsi_oidc_bridge::jitsi::room::URI_COMPONENT;
use percent_encoding::utf8_percent_encode;
use serde_json::{json, Value};
use url::Url;

use crate::helpers::*;

/// The address bar's segment for `Café Ünïcode`, and jitsi-meet's backend-safe form of it.
const UNICODE_SEGMENT: &str = "Caf%C3%A9%20%C3%9Cn%C3%AFcode";
const UNICODE_SAFE: &str = "caf%c3%a9%20%c3%bcn%c3%afcode";

/// `/auth?room={room}&state={state}` as jitsi-meet fills it in.
fn token_auth_path(state: &Value) -> String {
    let room = state["room"].as_str().unwrap_or_default();
    format!("/auth?room={room}&state={}", utf8_percent_encode(&state.to_string(), URI_COMPONENT))
}

fn jitsi_state(room: &str, room_safe: &str, tenant: &str) -> Value {
    json!({"room": room, "roomSafe": room_safe, "tenant": tenant})
}

/// The value of attribute `name` on the element with `id`, HTML entities undone.
fn attribute(page: &str, id: &str, name: &str) -> String {
    let tag_start = page.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in {page}"));
    let tag_start = page[..tag_start].rfind('<').unwrap();
    let tag = &page[tag_start..tag_start + page[tag_start..].find('>').unwrap()];
    let value_start =
        tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("no {name} on #{id}: {tag}")) + name.len() + 3;
    let value = &tag[value_start..value_start + tag[value_start..].find('"').unwrap()];
    unescape(value)
}

/// Undo the entities askama writes into attributes.
fn unescape(value: &str) -> String {
    [
        ("&#38;", "&"),
        ("&amp;", "&"),
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&#60;", "<"),
        ("&#62;", ">"),
    ]
    .iter()
    .fold(value.to_owned(), |text, (entity, plain)| text.replace(entity, plain))
}

#[tokio::test]
async fn rooms_with_spaces_and_accents_work_directly_and_through_the_token_auth_url() {
    let app = spawn_app().await;
    // Direct: the address bar's encoded segment (a space is %20 in a link).
    let response = app.sign_in(&format!("/{UNICODE_SEGMENT}"), "bob").await;
    let (url, _, claims) = jitsi_token(&location(&response));
    assert_eq!(url.path(), format!("/{UNICODE_SEGMENT}"));
    assert_eq!(claims["room"], UNICODE_SAFE, "the name Prosody compares: getBackendSafeRoomName");

    // Through tokenAuthUrl, signed in: state.room is the raw segment, still encoded.
    let state = jitsi_state(UNICODE_SEGMENT, UNICODE_SAFE, "");
    let response = app.get(&token_auth_path(&state)).await;
    assert_eq!(response.status(), 302, "a signed-in visitor gets the room at once");
    let (url, _, claims) = jitsi_token(&location(&response));
    assert_eq!(url.path(), format!("/{UNICODE_SEGMENT}"));
    assert_eq!(claims["room"], UNICODE_SAFE);

    // A tenant and a room with a plain space; NFKC look-alikes become plain letters.
    let state = jitsi_state("Team%20Sync", "team%20sync", "Sales");
    let (url, _, claims) = jitsi_token(&location(&app.get(&token_auth_path(&state)).await));
    assert_eq!(url.path(), "/Sales/Team%20Sync");
    assert_eq!((claims["room"].as_str(), claims["sub"].as_str()), (Some("team%20sync"), Some("sales")));
    let state = jitsi_state("%EF%BC%AD%EF%BD%85%EF%BD%85%EF%BD%94", "meet", "");
    let (_, _, claims) = jitsi_token(&location(&app.get(&token_auth_path(&state)).await));
    assert_eq!(claims["room"], "meet", "fullwidth ＭｅｅＴ is NFKC 'meet'");
}

#[tokio::test]
async fn a_first_sign_in_through_the_token_auth_url_keeps_the_unicode_room() {
    let app = spawn_app().await;
    let state =
        json!({"room": UNICODE_SEGMENT, "roomSafe": UNICODE_SAFE, "tenant": "", "config.startWithVideoMuted": true});
    let response = app.sign_in(&token_auth_path(&state), "alice").await;
    let (url, _, claims) = jitsi_token(&location(&response));
    assert_eq!(url.path(), format!("/{UNICODE_SEGMENT}"));
    assert_eq!(claims["room"], UNICODE_SAFE);
    assert_eq!(claims["context"]["user"]["moderator"], true);
    assert_eq!(hash_param(&url, "config.startWithVideoMuted"), Some(json!(true)));
    assert_eq!(hash_param(&url, "config.prejoinConfig.enabled"), Some(json!(false)), "jitsi.skip_prejoin");
}

#[tokio::test]
async fn the_token_travels_in_the_hash_by_default_and_in_the_query_when_configured() {
    let app = spawn_app().await;
    let response = app.sign_in("/standup", "bob").await;
    let url = Url::parse(&location(&response)).unwrap();
    assert_eq!(url.query(), None, "nothing for access logs or Referer");
    let token = hash_param(&url, "jwt").expect("#jwt=\"...\"");
    assert!(token.is_string(), "jitsi-meet JSON-parses hash values: the token is a quoted string");
    assert!(url.fragment().unwrap().starts_with("jwt=%22"), "{url}");

    let options = Options { jitsi_extra: "token_in = \"query\"\nskip_prejoin = false".into(), ..Options::default() };
    let app = spawn_app_with(options).await;
    let response = app.sign_in("/standup", "bob").await;
    let url = Url::parse(&location(&response)).unwrap();
    assert_eq!(url.fragment(), None, "no overrides, no prejoin change");
    assert!(url.query_pairs().any(|(k, _)| k == "jwt"));
    jitsi_token(url.as_str());
}

#[tokio::test]
async fn prejoin_stays_as_jitsi_asked_when_its_state_says_so() {
    let app = spawn_app().await;
    let state = json!({"room": "standup", "roomSafe": "standup", "tenant": "", "config.prejoinConfig.enabled": true});
    let response = app.sign_in(&token_auth_path(&state), "bob").await;
    let url = Url::parse(&location(&response)).unwrap();
    assert_eq!(hash_param(&url, "config.prejoinConfig.enabled"), Some(json!(true)));
}

/// Through `/auth` with `state` (signing in as alice on the first visit):
/// the bridge's page for the app.
async fn app_page(app: &TestApp, state: &Value) -> String {
    let path = token_auth_path(state);
    let mut response = app.get(&path).await;
    if response.status() == 302 {
        let callback = app.login_at_idp(&location(&response), "alice").await;
        response = app.client.get(callback).send().await.unwrap();
    }
    assert_eq!(response.status(), 200, "an app gets a page, not a redirect");
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.text().await.unwrap()
}

#[tokio::test]
async fn desktop_and_mobile_apps_get_back_into_their_app() {
    let app = spawn_app().await;
    let state = |flag: &str| {
        let mut state = jitsi_state(UNICODE_SEGMENT, UNICODE_SAFE, "Sales");
        state[flag] = json!(true);
        state["config.startWithAudioMuted"] = json!(true);
        state
    };

    // Electron (state.electron from browser.isElectron() in functions.web.ts).
    let page = app_page(&app, &state("electron")).await;
    let app_url = attribute(&page, "open-app", "href");
    let prefix = format!("jitsi-meet://meet.example.com/Sales/{UNICODE_SEGMENT}#jwt=%22");
    assert!(app_url.starts_with(&prefix), "{app_url}");
    let refresh = page.split("http-equiv=\"refresh\" content=\"0;url=").nth(1).and_then(|rest| rest.split('"').next());
    assert_eq!(refresh.map(unescape), Some(app_url.clone()), "opens by itself");
    let in_browser = attribute(&page, "open-in-browser", "href");
    let (url, _, claims) = jitsi_token(&in_browser);
    assert_eq!(url.path(), format!("/Sales/{UNICODE_SEGMENT}"));
    assert_eq!(claims["room"], UNICODE_SAFE);
    assert_eq!(hash_param(&url, "config.startWithAudioMuted"), Some(json!(true)));
    // The app's address carries the same token and overrides.
    let as_https = Url::parse(&app_url.replacen("jitsi-meet://", "https://", 1)).unwrap();
    assert_eq!(token_in_url(&as_https), token_in_url(&url));
    assert_eq!(hash_param(&as_https, "config.startWithAudioMuted"), Some(json!(true)));

    // iOS (state[Platform.OS] = true in functions.native.ts).
    let page = app_page(&app, &state("ios")).await;
    let app_url = attribute(&page, "open-app", "href");
    assert!(
        app_url.starts_with(&format!("org.jitsi.meet://meet.example.com/Sales/{UNICODE_SEGMENT}#jwt=%22")),
        "{app_url}"
    );

    // Android: an intent whose fragment is the intent's own, so the token rides in the query.
    let page = app_page(&app, &state("android")).await;
    let app_url = attribute(&page, "open-app", "href");
    let (intent, tail) = app_url.split_once('#').unwrap();
    assert_eq!(tail, "Intent;scheme=org.jitsi.meet;package=org.jitsi.meet;end");
    let as_https = Url::parse(&intent.replacen("intent://", "https://", 1)).unwrap();
    assert_eq!(as_https.path(), format!("/Sales/{UNICODE_SEGMENT}"));
    let (_, _, claims) = jitsi_token(as_https.as_str());
    assert_eq!(claims["context"]["user"]["id"], "u-alice");
}

#[tokio::test]
async fn branded_app_schemes_are_used() {
    let jitsi_extra = "[jitsi.app_schemes]\nelectron = \"acme-meet\"\nmobile = \"com.acme.meet\"\nandroid_package = \"com.acme.meet\"";
    let app = spawn_app_with(Options { jitsi_extra: jitsi_extra.into(), ..Options::default() }).await;
    let mut state = jitsi_state("standup", "standup", "");
    state["android"] = json!(true);
    let app_url = attribute(&app_page(&app, &state).await, "open-app", "href");
    assert!(app_url.starts_with("intent://meet.example.com/standup?jwt="), "{app_url}");
    assert!(app_url.ends_with("#Intent;scheme=com.acme.meet;package=com.acme.meet;end"), "{app_url}");
}

#[tokio::test]
async fn the_inline_popup_page_posts_the_token_to_the_jitsi_origin_only() {
    let app = spawn_app().await;
    let nonce = "5e".repeat(32);
    // loginWithPopup (actions.web.ts) appends `&nonce=` to the tokenAuthUrl.
    let path = format!("{}&nonce={nonce}", token_auth_path(&jitsi_state("standup", "standup", "")));
    let response = app.sign_in(&path, "alice").await;
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'sha256-") && !csp.contains("unsafe-inline'; script"), "{csp}");
    let page = response.text().await.unwrap();
    assert_eq!(attribute(&page, "oauth-result", "data-origin"), JITSI_BASE);
    assert_eq!(attribute(&page, "oauth-result", "data-type"), "oauth-success");
    let token = attribute(&page, "oauth-result", "data-token");
    let (_, _, claims) = jitsi_token(&format!("{JITSI_BASE}/standup#jwt=%22{token}%22"));
    assert_eq!(claims["room"], "standup");
    assert!(page.contains("postMessage(message, data.origin)") && !page.contains("'*')"), "never to any origin");

    // Signed in already: the popup answers at once, without the provider.
    let response = app.get(&path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(attribute(&response.text().await.unwrap(), "oauth-result", "data-type"), "oauth-success");
}

#[tokio::test]
async fn a_refused_user_in_the_popup_is_told_and_the_meeting_window_hears_why() {
    let app = spawn_app().await;
    let path = format!("{}&nonce={}", token_auth_path(&jitsi_state("standup", "standup", "")), "0a".repeat(32));
    let response = app.sign_in(&path, "carol").await;
    assert_eq!(response.status(), 403);
    let page = response.text().await.unwrap();
    assert_eq!(attribute(&page, "oauth-result", "data-type"), "oauth-error");
    assert_eq!(attribute(&page, "oauth-result", "data-error"), "access_denied");
    assert_eq!(attribute(&page, "oauth-result", "data-token"), "");
    assert!(!page.contains("eyJ"), "no token on a refusal");
    let sessions = format!("{}session:", app.key_prefix);
    assert!(app.stored_keys().await.iter().all(|k| !k.starts_with(&sessions)), "refused: no session");
}

#[tokio::test]
async fn a_path_prefixed_public_url_serves_every_route_under_it() {
    let app = spawn_app_with(Options { path_prefix: "/sso".into(), ..Options::default() }).await;
    assert!(app.address.ends_with("/sso"));
    let origin = app.address.trim_end_matches("/sso").to_owned();

    let response = app.get("/standup").await;
    let authorize = Url::parse(&location(&response)).unwrap();
    let redirect_uri = authorize.query_pairs().find(|(k, _)| k == "redirect_uri").unwrap().1.into_owned();
    assert_eq!(redirect_uri, format!("{}/callback", app.address));
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.contains("Path=/sso"), "{set_cookie}");

    let callback = app.login_at_idp(authorize.as_str(), "bob").await;
    assert!(callback.starts_with(&format!("{}/callback?", app.address)));
    let response = app.client.get(&callback).send().await.unwrap();
    let session_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("jitsi-sso="));
    assert!(session_cookie.is_some_and(|c| c.contains("Path=/sso")), "{session_cookie:?}");
    let (url, _, _) = jitsi_token(&location(&response));
    assert_eq!(url.path(), "/standup");

    // Signed in under the prefix; tokenAuthUrl and the sign-out form live there too.
    let (url, _, _) = jitsi_token(&location(&app.get(&token_auth_path(&jitsi_state("retro", "retro", ""))).await));
    assert_eq!(url.path(), "/retro");
    let page = app.client.get(format!("{}/logout", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("action=\"/sso/logout\""), "{page}");
    let login_link = app.client.get(format!("{}/login?room=x&prompt=login", app.address)).send().await.unwrap();
    assert_eq!(login_link.status(), 302);

    // Outside the prefix there is nothing of the bridge's.
    for path in ["/standup", "/callback", "/healthz"] {
        let response = app.client.get(format!("{origin}{path}")).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
    assert_eq!(app.client.get(format!("{}/healthz", app.address)).send().await.unwrap().status(), 200);
    for index in [app.address.clone(), format!("{}/", app.address)] {
        assert_eq!(app.client.get(&index).send().await.unwrap().status(), 200, "{index}");
    }
}
