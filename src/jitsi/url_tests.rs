use super::*;
use serde_json::json;

fn base(raw: &str) -> JitsiBaseUrl {
    JitsiBaseUrl::parse(raw).unwrap()
}

#[test]
fn room_url_stays_on_the_configured_host() {
    let target = RoomTarget::parse(Some("sales"), "Café").unwrap();
    let none = ConfigOverrides::default();
    let url = base("https://meet.example.com/").room_url(&target, Some("a.b.c"), &none, TokenIn::Query);
    assert_eq!(url.as_str(), "https://meet.example.com/sales/Caf%C3%A9?jwt=a.b.c");
    let url = base("https://meet.example.com/").room_url(&target, Some("a.b.c"), &none, TokenIn::Fragment);
    assert_eq!(url.as_str(), "https://meet.example.com/sales/Caf%C3%A9#jwt=%22a.b.c%22");

    let plain = RoomTarget::parse(None, "standup").unwrap();
    let under_path = base("https://example.com/meet").room_url(&plain, None, &none, TokenIn::Fragment);
    assert_eq!(under_path.as_str(), "https://example.com/meet/standup");
}

#[test]
fn base_url_must_be_plain_http() {
    for bad in [
        "meet.example.com",
        "javascript:alert(1)",
        "https://m.example/?a=b",
        "https://u:p@m.example/",
        "ftp://m.example",
    ] {
        assert!(JitsiBaseUrl::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn config_overrides_survive_as_json_hash_params() {
    let state = json!({
        "room": "x", "roomSafe": "x", "tenant": "",
        "config.startWithAudioMuted": true,
        "config.prejoinConfig.enabled": false,
        "interfaceConfig.SHOW_CHROME_EXTENSION_BANNER": false,
        "config.subject": "Hi & bye",
        "iceServers.replace": [{"urls": "turn:evil"}],
        "config.bad key": 1,
        "jwt": "smuggled"
    });
    let overrides = ConfigOverrides::from_state(state.as_object().unwrap());
    let target = RoomTarget::parse(None, "x").unwrap();
    let expected = "config.prejoinConfig.enabled=false&config.startWithAudioMuted=true&config.subject=%22Hi%20%26%20bye%22&interfaceConfig.SHOW_CHROME_EXTENSION_BANNER=false";
    let url = base("https://meet.example.com").room_url(&target, None, &overrides, TokenIn::Fragment);
    assert_eq!(url.fragment(), Some(expected));
    let url = base("https://meet.example.com").room_url(&target, Some("t.o.k"), &overrides, TokenIn::Fragment);
    assert_eq!(url.fragment(), Some(format!("jwt=%22t.o.k%22&{expected}").as_str()));
    let url = base("https://meet.example.com").room_url(&target, Some("t.o.k"), &overrides, TokenIn::Query);
    assert_eq!((url.query(), url.fragment()), (Some("jwt=t.o.k"), Some(expected)));
}

#[test]
fn room_location_is_the_room_url_as_a_string() {
    let state = json!({
        "config.subject": "Grüße \"<quoted>\" `tick` & 100%",
        "config.startWithAudioMuted": true,
        "interfaceConfig.APP_NAME": "Über\u{7f}\u{1}Meet",
    });
    let overrides = ConfigOverrides::from_state(state.as_object().unwrap());
    let none = ConfigOverrides::default();
    let tokens = [None, Some("eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoiKiJ9.sig-_A"), Some("a b\"<>`é")];
    for raw_base in ["https://meet.example.com", "https://example.com/meet/", "http://127.0.0.1:8000"] {
        for (tenant, room) in [(None, "standup"), (Some("sales"), "Café Planning"), (None, "#?%/&x")] {
            let Ok(target) = RoomTarget::parse(tenant, room) else { continue };
            for jwt in tokens {
                for extra in [&none, &overrides] {
                    for token_in in [TokenIn::Fragment, TokenIn::Query] {
                        let base = base(raw_base);
                        assert_eq!(
                            base.room_location(&target, jwt, extra, token_in),
                            base.room_url(&target, jwt, extra, token_in).as_str(),
                            "{raw_base} {room} {jwt:?} {token_in:?}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn overrides_are_bounded_in_number_and_size() {
    let mut state = serde_json::Map::new();
    for i in 0..40 {
        state.insert(format!("config.option{i:02}"), json!("v".repeat(60)));
    }
    let overrides = ConfigOverrides::from_state(&state);
    let size: usize = overrides.0.iter().map(|(k, v)| k.len() + v.len()).sum();
    assert!(size <= MAX_OVERRIDES_TOTAL_BYTES && overrides.0.len() <= MAX_OVERRIDES, "{size} bytes");
    assert!(overrides.0.len() >= 10, "whole entries are kept up to the cap");
}

#[test]
fn prejoin_is_skipped_unless_the_visitor_said_otherwise() {
    let skipped = ConfigOverrides::default().skip_prejoin();
    assert_eq!(skipped.hash_params().collect::<Vec<_>>(), ["config.prejoinConfig.enabled=false"]);
    for said in [json!({"config.prejoinConfig.enabled": true}), json!({"config.prejoinPageEnabled": true})] {
        let overrides = ConfigOverrides::from_state(said.as_object().unwrap()).skip_prejoin();
        assert!(overrides.hash_params().all(|p| p.ends_with("=true")), "{said}");
    }
}
