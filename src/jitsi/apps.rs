//! Which Jitsi client a visitor came from, and the address that takes them
//! back to their meeting in it.
//!
//! jitsi-meet marks its `tokenAuthUrl` state with the client it runs in:
//! `electron: true` in the desktop app, `ios: true` / `android: true` in the
//! mobile apps (react/features/authentication/functions.any.ts,
//! `_getTokenAuthState`). Those visitors sign in in a system browser and must
//! land back in their app, through the app's URL scheme:
//! - desktop: `jitsi-meet://<host>/<tenant>/<room>...`;
//! - iOS: `org.jitsi.meet://<host>/...`;
//! - Android: `intent://<host>/...?jwt=..#Intent;scheme=..;package=..;end`,
//!   where the fragment is the intent's, so the token rides in the query.
//!
//! Pure code: no I/O, no clock reads.

use serde::{Deserialize, Serialize};
use url::Url;

/// A Jitsi app that opens meetings through a URL scheme of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JitsiApp {
    Electron,
    Ios,
    Android,
}

impl JitsiApp {
    /// The state flags jitsi-meet sets: `electron` from the web build
    /// (`browser.isElectron()`), `ios` / `android` from the native build
    /// (`state[Platform.OS] = true`).
    pub const STATE_FLAGS: [(&'static str, JitsiApp); 3] =
        [("electron", JitsiApp::Electron), ("ios", JitsiApp::Ios), ("android", JitsiApp::Android)];
    /// Other values of React Native's `Platform.OS`: a state flagging one of
    /// them names an app Jitsi does not ship, and no address would open it.
    pub const UNKNOWN_PLATFORMS: [&'static str; 3] = ["windows", "macos", "web"];

    /// The name a visitor knows the app by.
    /// The catalogue key of the app's name on pages ("Jitsi Meet desktop app").
    pub fn label_key(self) -> &'static str {
        match self {
            JitsiApp::Electron => "app-desktop",
            JitsiApp::Ios | JitsiApp::Android => "app-mobile",
        }
    }
}

/// The URL schemes of the apps (`jitsi.app_schemes`); branded builds change them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppSchemes {
    electron: String,
    mobile: String,
    android_package: String,
}

impl Default for AppSchemes {
    fn default() -> Self {
        Self {
            electron: "jitsi-meet".to_owned(),
            mobile: "org.jitsi.meet".to_owned(),
            android_package: "org.jitsi.meet".to_owned(),
        }
    }
}

impl AppSchemes {
    /// Each one a URI scheme (RFC 3986: a letter, then letters, digits, `+-.`),
    /// never one a browser gives a meaning of its own.
    pub fn new(electron: &str, mobile: &str, android_package: &str) -> Result<Self, String> {
        for (key, scheme) in [("electron", electron), ("mobile", mobile)] {
            check_scheme(scheme).map_err(|why| format!("{key} = {scheme:?} {why}"))?;
        }
        let package_part = |part: &str| {
            part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if !android_package.split('.').all(package_part) {
            return Err(format!(
                "android_package = {android_package:?} is not an Android package name such as \"org.jitsi.meet\""
            ));
        }
        Ok(Self {
            electron: electron.to_owned(),
            mobile: mobile.to_owned(),
            android_package: android_package.to_owned(),
        })
    }

    /// The app's address for the meeting `room_url` (an http(s) room URL):
    /// the same host, path, query and hash under the app's scheme.
    pub fn app_url(&self, app: JitsiApp, room_url: &Url) -> String {
        let host = room_url.host_str().unwrap_or_default();
        let authority = match room_url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let query = room_url.query().map(|q| format!("?{q}")).unwrap_or_default();
        let fragment = room_url.fragment().map(|f| format!("#{f}")).unwrap_or_default();
        let path = room_url.path();
        match app {
            JitsiApp::Electron => format!("{}://{authority}{path}{query}{fragment}", self.electron),
            JitsiApp::Ios => format!("{}://{authority}{path}{query}{fragment}", self.mobile),
            // The fragment belongs to the intent: the room URL's own hash cannot travel.
            JitsiApp::Android => format!(
                "intent://{authority}{path}{query}#Intent;scheme={};package={};end",
                self.mobile, self.android_package
            ),
        }
    }
}

fn check_scheme(scheme: &str) -> Result<(), &'static str> {
    let mut chars = scheme.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !well_formed || scheme.len() > 64 {
        return Err("is not a URL scheme (a letter, then letters, digits, '+', '-' or '.')");
    }
    const BROWSERS_OWN: [&str; 10] =
        ["http", "https", "javascript", "data", "file", "blob", "about", "intent", "ftp", "ws"];
    if BROWSERS_OWN.contains(&scheme.to_ascii_lowercase().as_str()) {
        return Err("is a scheme browsers handle themselves, not an app's");
    }
    Ok(())
}

#[cfg(test)]
#[path = "apps_tests.rs"]
mod tests;
