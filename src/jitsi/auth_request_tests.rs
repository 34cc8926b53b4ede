//! Requests built the way jitsi-meet builds them: `_getTokenAuthState` in
//! react/features/authentication/functions.any.ts for the state,
//! `getTokenAuthUrl` in functions.{web,native}.ts for `{room}` and the app
//! flags, `loginWithPopup` in actions.web.ts for the nonce.

use serde_json::json;

use super::*;

fn request<'a>(state: &'a str, nonce: Option<&'a str>) -> AuthRequest<'a> {
    AuthRequest { state: Some(state), room: None, nonce }
}

/// The address bar's `Caf%C3%A9%20%C3%9Cn%C3%AFcode` with its backend-safe form.
const UNICODE_STATE: &str =
    r#"{"room":"Caf%C3%A9%20%C3%9Cn%C3%AFcode","roomSafe":"caf%c3%a9%20%c3%bcn%c3%afcode","tenant":""}"#;

#[test]
fn the_raw_segment_is_decoded_and_checked_against_room_safe() {
    let destination = request(UNICODE_STATE, None).destination().unwrap();
    assert_eq!(destination.target.room.as_str(), "Café Ünïcode");
    assert_eq!(destination.target.room.backend_safe(), "caf%c3%a9%20%c3%bcn%c3%afcode");
    assert_eq!(destination.target.tenant, None);
    assert_eq!(destination.client, Client::Browser);
}

#[test]
fn a_room_safe_that_does_not_match_is_refused() {
    let state = r#"{"room":"Caf%C3%A9","roomSafe":"other","tenant":""}"#;
    assert!(matches!(request(state, None).destination(), Err(AuthRequestError::RoomSafeMismatch { .. })));
}

#[test]
fn the_room_parameter_and_the_tenant_are_decoded_too() {
    // `{room}` is replaced with the raw room (`url.replace('{room}', roomName)`),
    // so the query parser's decoding is jitsi-meet's decoding: not a second time.
    let by_query = AuthRequest { state: None, room: Some("Café Ünïcode"), nonce: None };
    assert_eq!(by_query.destination().unwrap().target.room.as_str(), "Café Ünïcode");
    let literal_percent = AuthRequest { state: None, room: Some("a%41"), nonce: None };
    assert!(matches!(literal_percent.destination(), Err(AuthRequestError::Name(_))), "never decoded twice");
    let state = json!({"room": "Weekly", "roomSafe": "weekly", "tenant": "Sales%2DEMEA"}).to_string();
    let destination = request(&state, None).destination().unwrap();
    assert_eq!(destination.target.tenant.unwrap().as_str(), "Sales-EMEA");
}

#[test]
fn undecodable_percent_signs_are_kept_as_jitsi_keeps_them_and_then_refused() {
    // decodeURIComponent throws on "%E0%A4%A"; jitsi-meet keeps the raw text,
    // and a raw `%` can never be part of a room the bridge puts into a URL.
    let state = json!({"room": "a%E0%A4%A", "tenant": ""}).to_string();
    assert!(matches!(request(&state, None).destination(), Err(AuthRequestError::Name(_))));
}

#[test]
fn app_flags_pick_the_client() {
    for (flag, app) in [("electron", JitsiApp::Electron), ("ios", JitsiApp::Ios), ("android", JitsiApp::Android)] {
        let state = json!({"room": "standup", "roomSafe": "standup", "tenant": "", flag: true}).to_string();
        assert_eq!(request(&state, None).destination().unwrap().client, Client::App(app), "{flag}");
    }
    let state = json!({"room": "standup", "electron": false}).to_string();
    assert_eq!(request(&state, None).destination().unwrap().client, Client::Browser);
}

#[test]
fn unknown_or_several_apps_are_refused() {
    for state in [
        json!({"room": "standup", "windows": true}),
        json!({"room": "standup", "macos": true}),
        json!({"room": "standup", "electron": "yes"}),
    ] {
        assert!(
            matches!(request(&state.to_string(), None).destination(), Err(AuthRequestError::UnknownApp(_))),
            "{state}"
        );
    }
    let both = json!({"room": "standup", "ios": true, "android": true}).to_string();
    assert_eq!(request(&both, None).destination(), Err(AuthRequestError::SeveralApps("ios", "android")));
}

#[test]
fn a_nonce_means_the_inline_popup() {
    let nonce = "0f".repeat(32);
    let state = json!({"room": "standup", "roomSafe": "standup", "tenant": ""}).to_string();
    assert_eq!(request(&state, Some(&nonce)).destination().unwrap().client, Client::Popup);
    assert_eq!(request(&state, Some("not hex!")).destination(), Err(AuthRequestError::MalformedNonce));
    assert_eq!(request(&state, Some(&"a".repeat(129))).destination(), Err(AuthRequestError::MalformedNonce));
    let app = json!({"room": "standup", "electron": true}).to_string();
    assert_eq!(request(&app, Some(&nonce)).destination(), Err(AuthRequestError::PopupInApp));
}

#[test]
fn overrides_come_along_and_bad_state_is_refused() {
    let state = json!({"room": "standup", "config.startWithAudioMuted": true, "jwt": "smuggled"}).to_string();
    let destination = request(&state, None).destination().unwrap();
    assert_eq!(destination.overrides.hash_params().collect::<Vec<_>>(), ["config.startWithAudioMuted=true"]);
    for bad in ["not json", "[1,2]", "\"room\""] {
        assert_eq!(request(bad, None).destination(), Err(AuthRequestError::MalformedState), "{bad}");
    }
    let huge = json!({"room": "x", "config.subject": "y".repeat(MAX_STATE_BYTES)}).to_string();
    assert_eq!(request(&huge, None).destination(), Err(AuthRequestError::MalformedState));
    assert_eq!(AuthRequest::default().destination(), Err(AuthRequestError::NoRoom));
}
