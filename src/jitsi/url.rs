//! Room URLs on the Jitsi deployment. Every URL the bridge sends a browser to
//! with a token is built here, from the configured base URL: the room is pushed
//! as one percent-encoded path segment, so no room name can move the token to
//! another host or path.

use std::collections::BTreeMap;

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::jitsi::room::RoomTarget;

/// Hash parameters Jitsi passes through its `tokenAuthUrl` state (`config.*`,
/// `interfaceConfig.*`), carried across the sign-in and appended to the room
/// URL again so the meeting opens as the visitor asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigOverrides(BTreeMap<String, String>);

/// More than this and the rest are dropped: nobody needs more, and the state
/// travels through the session store.
const MAX_OVERRIDES: usize = 32;
const MAX_OVERRIDE_VALUE_BYTES: usize = 512;

impl ConfigOverrides {
    /// Keep the entries of Jitsi's state object that are config overrides with
    /// sane keys; each value is kept as its JSON text, the form Jitsi's hash expects.
    pub fn from_state(state: &serde_json::Map<String, serde_json::Value>) -> Self {
        let kept = state
            .iter()
            .filter(|(key, _)| is_override_key(key))
            .map(|(key, value)| (key.clone(), value.to_string()))
            .filter(|(_, json)| json.len() <= MAX_OVERRIDE_VALUE_BYTES)
            .take(MAX_OVERRIDES)
            .collect();
        Self(kept)
    }

    fn as_fragment(&self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let parts: Vec<String> =
            self.0.iter().map(|(key, json)| format!("{key}={}", utf8_percent_encode(json, NON_ALPHANUMERIC))).collect();
        Some(parts.join("&"))
    }
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

    /// `<base>/<tenant>/<room>[?jwt=...][#config...]`.
    pub fn room_url(&self, target: &RoomTarget, jwt: Option<&str>, overrides: &ConfigOverrides) -> Url {
        let mut url = self.0.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty();
            if let Some(tenant) = &target.tenant {
                segments.push(tenant.as_str());
            }
            segments.push(target.room.as_str());
        }
        if let Some(jwt) = jwt {
            url.query_pairs_mut().append_pair("jwt", jwt);
        }
        url.set_fragment(overrides.as_fragment().as_deref());
        url
    }
}

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
        let url = base("https://meet.example.com/").room_url(&target, Some("a.b.c"), &ConfigOverrides::default());
        assert_eq!(url.as_str(), "https://meet.example.com/sales/Caf%C3%A9?jwt=a.b.c");

        let plain = RoomTarget::parse(None, "standup").unwrap();
        let under_path = base("https://example.com/meet").room_url(&plain, None, &ConfigOverrides::default());
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
        let url = base("https://meet.example.com").room_url(&target, None, &overrides);
        assert_eq!(
            url.fragment(),
            Some("config.prejoinConfig.enabled=false&config.startWithAudioMuted=true&config.subject=%22Hi%20%26%20bye%22&interfaceConfig.SHOW_CHROME_EXTENSION_BANNER=false")
        );
    }
}
