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
#[path = "url_tests.rs"]
mod tests;
