//! Room URLs on the Jitsi deployment. Every URL the bridge sends a browser to
//! with a token is built here, from the configured base URL: the room is pushed
//! as one percent-encoded path segment, so no room name can move the token to
//! another host or path.

use std::collections::BTreeMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::jitsi::room::RoomTarget;

/// Where a room URL carries the token (`jitsi.token_in`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenIn {
    /// `#jwt="..."`: jitsi-meet reads the hash first (`parseJWTFromURLParams`
    /// in `react/features/base/jwt/functions.ts`, since jitsi-meet PRs #14749
    /// and #14760, mid-2024), and a fragment never reaches the web server's
    /// access log or a `Referer` header.
    #[default]
    Fragment,
    /// `?jwt=...`: for Jitsi releases before mid-2024, which read the query only.
    Query,
}

/// Hash parameters Jitsi passes through its `tokenAuthUrl` state (`config.*`,
/// `interfaceConfig.*`), carried across the sign-in and appended to the room
/// URL again so the meeting opens as the visitor asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigOverrides(BTreeMap<String, String>);

/// More than this and the rest are dropped: nobody needs more, and the state
/// travels through the session store.
const MAX_OVERRIDES: usize = 16;
const MAX_OVERRIDE_VALUE_BYTES: usize = 256;
/// All keys and values together: they ride in every pending sign-in, which an
/// anonymous visitor can create. Jitsi's own states carry a handful of flags.
pub const MAX_OVERRIDES_TOTAL_BYTES: usize = 1024;

impl ConfigOverrides {
    /// Keep the entries of Jitsi's state object that are config overrides with
    /// sane keys; each value is kept as its JSON text, the form Jitsi's hash expects.
    pub fn from_state(state: &serde_json::Map<String, serde_json::Value>) -> Self {
        let mut total = 0;
        let kept = state
            .iter()
            .filter(|(key, _)| is_override_key(key))
            .map(|(key, value)| (key.clone(), value.to_string()))
            .filter(|(_, json)| json.len() <= MAX_OVERRIDE_VALUE_BYTES)
            .take_while(|(key, json)| {
                total += key.len() + json.len();
                total <= MAX_OVERRIDES_TOTAL_BYTES
            })
            .take(MAX_OVERRIDES)
            .collect();
        Self(kept)
    }

    /// Open the meeting without Jitsi's pre-join screen, unless the visitor's
    /// own URL already says something about it (its state carried
    /// `config.prejoinConfig.*` or the older `config.prejoinPageEnabled`).
    pub fn skip_prejoin(mut self) -> Self {
        let said =
            self.0.keys().any(|key| key.starts_with("config.prejoinConfig") || key == "config.prejoinPageEnabled");
        if !said {
            self.0.insert("config.prejoinConfig.enabled".to_owned(), "false".to_owned());
        }
        self
    }

    /// `key=<percent-encoded JSON>&...`, the form of Jitsi's hash parameters.
    pub fn hash_params(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(|(key, json)| format!("{key}={}", utf8_percent_encode(json, NON_ALPHANUMERIC)))
    }
}

/// The hash of a room URL: the token first when it travels there, then the
/// overrides. Jitsi JSON-parses every hash value (`parseURLParams` in
/// `react/features/base/util/parseURLParams.ts`), so the token is a quoted
/// JSON string, `jwt="..."`, the form jitsi-meet itself writes
/// (`urlObjectToString` in `react/features/base/util/uri.ts`); unquoted, Jitsi
/// would drop it.
fn fragment(token: Option<&str>, overrides: &ConfigOverrides) -> Option<String> {
    let quoted = token.map(|jwt| format!("jwt=%22{jwt}%22"));
    let parts: Vec<String> = quoted.into_iter().chain(overrides.hash_params()).collect();
    (!parts.is_empty()).then(|| parts.join("&"))
}

fn is_override_key(key: &str) -> bool {
    let rest = key.strip_prefix("config.").or_else(|| key.strip_prefix("interfaceConfig."));
    rest.is_some_and(|rest| {
        !rest.is_empty() && rest.len() <= 100 && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
    })
}

/// The configured Jitsi Meet base URL: http(s), no query, no fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JitsiBaseUrl(Url);

impl JitsiBaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let url = Url::parse(raw).map_err(|e| format!("not a URL ({e})"))?;
        if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
            return Err("must be an http:// or https:// URL".into());
        }
        if url.host_str().is_none() {
            return Err("must name a host".into());
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
            return Err("must not carry a query, a fragment or credentials".into());
        }
        Ok(Self(url))
    }

    pub fn as_url(&self) -> &Url {
        &self.0
    }

    /// `<base>/<tenant>/<room>` with the token in the hash (`#jwt=..&config..`)
    /// or the query (`?jwt=..#config..`), per `token_in`.
    pub fn room_url(
        &self,
        target: &RoomTarget,
        jwt: Option<&str>,
        overrides: &ConfigOverrides,
        token_in: TokenIn,
    ) -> Url {
        let mut url = self.0.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty();
            if let Some(tenant) = &target.tenant {
                segments.push(tenant.as_str());
            }
            segments.push(target.room.as_str());
        }
        match token_in {
            TokenIn::Fragment => url.set_fragment(fragment(jwt, overrides).as_deref()),
            TokenIn::Query => {
                if let Some(jwt) = jwt {
                    url.query_pairs_mut().append_pair("jwt", jwt);
                }
                url.set_fragment(fragment(None, overrides).as_deref());
            }
        }
        url
    }

    /// `room_url(..)` as the string a `Location` header carries, built without
    /// handing the token to the URL parser again: the path comes from `Url`, the
    /// hash is appended with the URL standard's fragment encode set (what
    /// `Url::set_fragment` applies). Equal to `room_url(..).to_string()` (tested).
    pub fn room_location(
        &self,
        target: &RoomTarget,
        jwt: Option<&str>,
        overrides: &ConfigOverrides,
        token_in: TokenIn,
    ) -> String {
        if token_in == TokenIn::Query {
            return self.room_url(target, jwt, overrides, token_in).into();
        }
        let hash = fragment(jwt, overrides);
        let mut location: String = self.room_url(target, None, &ConfigOverrides::default(), token_in).into();
        if let Some(hash) = hash {
            location.reserve(hash.len() + 1);
            location.push('#');
            location.extend(utf8_percent_encode(&hash, FRAGMENT));
        }
        location
    }
}

/// The WHATWG URL standard's fragment percent-encode set, which `url` applies in `set_fragment`.
const FRAGMENT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

#[cfg(test)]
mod tests {
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
}
