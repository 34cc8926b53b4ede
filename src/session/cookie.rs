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
use actix_web::http::header;
use actix_web::HttpRequest;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256, Sha512};

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
    /// HMAC-SHA256 keyed with `key`'s signing half, ready to clone: reading a
    /// cookie on every visit then costs one HMAC, not a key set-up and a jar.
    verifier: Option<Hmac<Sha256>>,
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
        // HMAC takes keys of any length; `None` cannot happen and would only mean the jar path.
        let verifier = Hmac::<Sha256>::new_from_slice(key.signing()).ok();
        Self { key, verifier, secure, path: path.to_owned(), session_max_age, login_max_age }
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

    /// The value of our cookie `which`, checked. Reads the `Cookie` header
    /// directly (first cookie of that name, percent-decoded as actix does) and
    /// checks the signature the way the cookie crate's signed jar writes it:
    /// base64 of HMAC-SHA256(value) (44 characters), then the value.
    pub fn read(&self, req: &HttpRequest, which: Which) -> CookieValue {
        let Some(verifier) = &self.verifier else {
            return self.read_with_jar(req, which);
        };
        let Some(signed) = find_cookie(req, self.name(which)) else {
            return CookieValue::Absent;
        };
        match verify(verifier, &signed) {
            Some(value) => CookieValue::Valid(value.to_owned()),
            None => CookieValue::Tampered,
        }
    }

    fn read_with_jar(&self, req: &HttpRequest, which: Which) -> CookieValue {
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

    #[cfg(test)]
    pub(super) fn read_as_the_jar_does(&self, req: &HttpRequest, which: Which) -> CookieValue {
        self.read_with_jar(req, which)
    }

    fn base(&self, which: Which, value: String) -> actix_web::cookie::CookieBuilder<'static> {
        Cookie::build(self.name(which), value)
            .path(self.path.clone())
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
    }
}

/// Length of the base64 HMAC-SHA256 tag in front of a signed value.
const TAG_CHARS: usize = 44;

/// The first cookie called `name` in the request's `Cookie` headers, percent-decoded.
fn find_cookie(req: &HttpRequest, name: &str) -> Option<String> {
    cookie_in(req.headers().get_all(header::COOKIE), name)
}

/// The first cookie called `name` in these `Cookie` header values,
/// percent-decoded as actix decodes cookies (also for cookies not signed,
/// such as the page language's).
pub fn cookie_in<'a>(headers: impl IntoIterator<Item = &'a header::HeaderValue>, name: &str) -> Option<String> {
    let pairs = headers.into_iter().filter_map(|value| value.to_str().ok()).flat_map(|text| text.split(';'));
    pairs
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| key.trim() == name)
        .find_map(|(_, value)| percent_encoding::percent_decode_str(value.trim()).decode_utf8().ok())
        .map(std::borrow::Cow::into_owned)
}

/// The value of a signed cookie if its tag verifies.
fn verify<'a>(verifier: &Hmac<Sha256>, signed: &'a str) -> Option<&'a str> {
    if !signed.is_char_boundary(TAG_CHARS) {
        return None;
    }
    let (tag, value) = signed.split_at(TAG_CHARS);
    let mut digest = [0u8; 33];
    let length = base64::engine::general_purpose::STANDARD.decode_slice(tag, &mut digest).ok()?;
    let mut mac = verifier.clone();
    mac.update(value.as_bytes());
    mac.verify_slice(digest.get(..length)?).ok()?;
    Some(value)
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

    /// The direct read agrees with the cookie crate's signed jar on every case.
    #[test]
    fn the_direct_read_agrees_with_the_cookie_jar() {
        let c = cookies(false);
        let built = c.build(Which::Session, "tag.abc-123_XYZ");
        let forged_value = built.value().replace("abc", "abd");
        let short = Cookie::new(built.name().to_owned(), "short");
        let cases = [
            TestRequest::default().cookie(built.clone()).to_http_request(),
            TestRequest::default().cookie(Cookie::new(built.name().to_owned(), forged_value)).to_http_request(),
            TestRequest::default().cookie(short).to_http_request(),
            TestRequest::default().to_http_request(),
            TestRequest::default().insert_header(("cookie", format!("other=1; {}", built.encoded()))).to_http_request(),
            TestRequest::default()
                .insert_header(("cookie", format!("{}; {}=x", built.encoded(), built.name())))
                .to_http_request(),
            TestRequest::default().insert_header(("cookie", "jitsi-sso=%ZZ")).to_http_request(),
        ];
        for (i, req) in cases.iter().enumerate() {
            assert_eq!(c.read(req, Which::Session), c.read_as_the_jar_does(req, Which::Session), "case {i}");
        }
        assert_eq!(c.read(&cases[0], Which::Session), CookieValue::Valid("tag.abc-123_XYZ".into()));
        assert_eq!(c.read(&cases[4], Which::Session), CookieValue::Valid("tag.abc-123_XYZ".into()));
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
