//! The bridge's cookies, built and read in one place.
//!
//! - the session cookie: the id of a signed-in session;
//! - the login-binding cookie: ties a pending sign-in to the browser that started
//!   it, so a callback URL opened in another browser (login CSRF) gets nowhere;
//! - the last-room cookie: where this browser last started a sign-in, so an
//!   expired or used sign-in link can offer "Start again" for that room.
//!
//! All are signed (HMAC), HttpOnly, SameSite=Lax, limited to the bridge's
//! path (`/`, or the prefix of a `public_url` such as `https://meet/sso`).
//! Secure unless the bridge runs in dev mode over plain http, then with the
//! `__Host-` name prefix at the root of a host, `__Secure-` under a path
//! (browsers allow `__Host-` only with `Path=/`).

use std::time::Duration;

use actix_web::cookie::{time, Cookie, CookieJar, Key, SameSite};
use actix_web::HttpRequest;
use sha2::{Digest, Sha512};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Session,
    LoginBinding,
    /// The room of the last sign-in this browser started (its bridge path,
    /// percent-encoded): an expired or used sign-in link offers to start again there.
    LastRoom,
}

/// How long the last room is remembered: longer than any sign-in link lives.
const LAST_ROOM_MAX_AGE: Duration = Duration::from_secs(86_400);

/// What a request carried in one of our cookies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CookieValue {
    Absent,
    Valid(String),
    /// Present but its signature does not verify: edited, or signed with another key.
    Tampered,
}

#[derive(Clone)]
pub struct Cookies {
    key: Key,
    secure: bool,
    /// `/` or the bridge's path prefix.
    path: String,
    session_max_age: Duration,
    login_max_age: Duration,
}

impl std::fmt::Debug for Cookies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cookies").field("secure", &self.secure).finish_non_exhaustive()
    }
}

impl Cookies {
    /// `secret` is stretched to the 64 bytes the signing key needs; `path` is
    /// `/` or the bridge's path prefix.
    pub fn new(secret: &[u8], secure: bool, path: &str, session_max_age: Duration, login_max_age: Duration) -> Self {
        let key = Key::from(&Sha512::digest(secret)[..]);
        Self { key, secure, path: path.to_owned(), session_max_age, login_max_age }
    }

    pub fn name(&self, which: Which) -> &'static str {
        match (which, self.secure, self.path == "/") {
            (Which::Session, true, true) => "__Host-jitsi-sso",
            (Which::Session, true, false) => "__Secure-jitsi-sso",
            (Which::Session, false, _) => "jitsi-sso",
            (Which::LoginBinding, true, true) => "__Host-jitsi-sso-login",
            (Which::LoginBinding, true, false) => "__Secure-jitsi-sso-login",
            (Which::LoginBinding, false, _) => "jitsi-sso-login",
            (Which::LastRoom, true, true) => "__Host-jitsi-sso-room",
            (Which::LastRoom, true, false) => "__Secure-jitsi-sso-room",
            (Which::LastRoom, false, _) => "jitsi-sso-room",
        }
    }

    /// A signed cookie carrying `value`.
    pub fn build(&self, which: Which, value: &str) -> Cookie<'static> {
        let max_age = match which {
            Which::Session => self.session_max_age,
            Which::LoginBinding => self.login_max_age,
            Which::LastRoom => LAST_ROOM_MAX_AGE,
        };
        let cookie = self
            .base(which, value.to_owned())
            .max_age(time::Duration::seconds(i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX)))
            .finish();
        let mut jar = CookieJar::new();
        jar.signed_mut(&self.key).add(cookie.clone());
        jar.get(cookie.name()).cloned().unwrap_or(cookie)
    }

    /// A cookie that makes the browser forget ours.
    pub fn removal(&self, which: Which) -> Cookie<'static> {
        let mut cookie = self.base(which, String::new()).finish();
        cookie.make_removal();
        cookie
    }

    pub fn read(&self, req: &HttpRequest, which: Which) -> CookieValue {
        let Some(raw) = req.cookie(self.name(which)) else {
            return CookieValue::Absent;
        };
        let mut jar = CookieJar::new();
        jar.add_original(raw);
        match jar.signed(&self.key).get(self.name(which)) {
            Some(verified) => CookieValue::Valid(verified.value().to_owned()),
            None => CookieValue::Tampered,
        }
    }

    fn base(&self, which: Which, value: String) -> actix_web::cookie::CookieBuilder<'static> {
        Cookie::build(self.name(which), value)
            .path(self.path.clone())
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn cookies_at(secure: bool, path: &str) -> Cookies {
        Cookies::new(
            b"a cookie secret of at least thirty-two bytes",
            secure,
            path,
            Duration::from_secs(60),
            Duration::from_secs(60),
        )
    }

    fn cookies(secure: bool) -> Cookies {
        cookies_at(secure, "/")
    }

    #[test]
    fn signed_value_round_trips_and_edits_are_caught() {
        let c = cookies(false);
        let built = c.build(Which::Session, "abc");
        assert_ne!(built.value(), "abc", "the value carries a signature");
        assert!(built.http_only().unwrap_or(false));
        assert_eq!(built.same_site(), Some(SameSite::Lax));

        let req = TestRequest::default().cookie(built.clone()).to_http_request();
        assert_eq!(c.read(&req, Which::Session), CookieValue::Valid("abc".into()));

        let forged = Cookie::new(built.name().to_owned(), built.value().replace("abc", "abd"));
        let req = TestRequest::default().cookie(forged).to_http_request();
        assert_eq!(c.read(&req, Which::Session), CookieValue::Tampered);

        let req = TestRequest::default().to_http_request();
        assert_eq!(c.read(&req, Which::Session), CookieValue::Absent);
    }

    #[test]
    fn secure_cookies_use_the_host_prefix() {
        let built = cookies(true).build(Which::LoginBinding, "x");
        assert_eq!(built.name(), "__Host-jitsi-sso-login");
        assert_eq!(built.secure(), Some(true));
        assert_eq!(built.path(), Some("/"));
        assert_eq!(cookies(false).build(Which::Session, "x").secure(), Some(false));
    }

    #[test]
    fn under_a_path_prefix_cookies_use_the_secure_prefix_and_that_path() {
        let built = cookies_at(true, "/sso").build(Which::Session, "x");
        assert_eq!(built.name(), "__Secure-jitsi-sso");
        assert_eq!(built.path(), Some("/sso"));
        assert_eq!(built.secure(), Some(true));
    }
}
