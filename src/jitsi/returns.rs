//! The way back to the meeting once the visitor has a token: a redirect for a
//! browser, an app's address for the desktop and mobile apps, a message to
//! the opener for Jitsi's inline sign-in popup. Built from the operator's
//! choices (`jitsi.token_in`, `jitsi.skip_prejoin`, `jitsi.app_schemes`).
//!
//! Pure code: no I/O, no clock reads.

use serde::{Deserialize, Serialize};
use url::Url;

use super::apps::{AppSchemes, JitsiApp};
use super::room::RoomTarget;
use super::url::{ConfigOverrides, JitsiBaseUrl, TokenIn};

/// The Jitsi client a visitor signs in for; kept with a pending sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Client {
    /// A browser tab that navigates to the bridge and back.
    Browser,
    /// The desktop or a mobile app: back through its URL scheme.
    App(JitsiApp),
    /// jitsi-meet's inline sign-in (`tokenAuthInline`): a popup whose opener
    /// waits for a message carrying the token.
    Popup,
}

/// Where a visitor is headed, with what Jitsi asked for, in which client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Destination {
    pub target: RoomTarget,
    #[serde(default)]
    pub overrides: ConfigOverrides,
    #[serde(default = "Client::browser")]
    pub client: Client,
}

impl Destination {
    /// A browser visit with no overrides (a room link, the landing page).
    pub fn browser(target: RoomTarget) -> Self {
        Self { target, overrides: ConfigOverrides::default(), client: Client::Browser }
    }
}

impl Client {
    fn browser() -> Self {
        Client::Browser
    }
}

/// How a signed-in visitor reaches the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// 302 to the room URL.
    Redirect(String),
    /// A page that opens the app, with the browser's way in beside it.
    App { app: JitsiApp, app_url: String, browser_url: String },
    /// A page that posts the token to the opener on `jitsi_origin` and closes.
    Popup { token: String, jitsi_origin: String, browser_url: String },
}

/// The Jitsi deployment and the operator's choices about returning to it.
#[derive(Debug, Clone)]
pub struct Returns {
    base: JitsiBaseUrl,
    token_in: TokenIn,
    skip_prejoin: bool,
    apps: AppSchemes,
}

impl Returns {
    pub fn new(base: JitsiBaseUrl, token_in: TokenIn, skip_prejoin: bool, apps: AppSchemes) -> Self {
        Self { base, token_in, skip_prejoin, apps }
    }

    pub fn base(&self) -> &JitsiBaseUrl {
        &self.base
    }

    /// One line for the start-up summary.
    pub fn describe(&self) -> String {
        let token_in = match self.token_in {
            TokenIn::Fragment => "#jwt=",
            TokenIn::Query => "?jwt=",
        };
        let prejoin = if self.skip_prejoin { "skipped after sign-in" } else { "as Jitsi has it" };
        format!("{} (token in {token_in}, pre-join {prejoin})", self.base.as_url())
    }

    /// The room without a token: Jitsi puts the visitor on its guest domain.
    pub fn guest_url(&self, target: &RoomTarget, overrides: &ConfigOverrides) -> Url {
        self.base.room_url(target, None, overrides, self.token_in)
    }

    /// The way into the destination with `token`.
    pub fn deliver_to(&self, destination: &Destination, token: &str) -> Delivery {
        self.deliver(&destination.target, token, &destination.overrides, destination.client)
    }

    /// The way into `target` with `token` for `client`.
    pub fn deliver(&self, target: &RoomTarget, token: &str, overrides: &ConfigOverrides, client: Client) -> Delivery {
        let overrides = if self.skip_prejoin { overrides.clone().skip_prejoin() } else { overrides.clone() };
        let browser_url = self.base.room_location(target, Some(token), &overrides, self.token_in);
        match client {
            Client::Browser => Delivery::Redirect(browser_url),
            Client::App(app) => {
                // An intent's fragment is its own: Android's token goes in the query.
                let token_in = if app == JitsiApp::Android { TokenIn::Query } else { self.token_in };
                let in_app = self.base.room_url(target, Some(token), &overrides, token_in);
                Delivery::App { app, app_url: self.apps.app_url(app, &in_app), browser_url }
            }
            Client::Popup => Delivery::Popup {
                token: token.to_owned(),
                jitsi_origin: self.base.as_url().origin().ascii_serialization(),
                browser_url,
            },
        }
    }
}

#[cfg(test)]
#[path = "returns_tests.rs"]
mod tests;
