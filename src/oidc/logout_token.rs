//! Verifying logout tokens of OpenID Connect Back-Channel Logout 1.0 (§2.4 the
//! token, §2.6 its validation). Pure: the caller passes the provider's keys and
//! `now`; nothing here reads the network or the clock. It says whom the provider
//! signs out; ending sessions, and remembering `jti` values against replay (the
//! optional step of §2.6), belong to the caller.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve as Curve, Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Header, Validation};
use serde_json::{Map, Value};

/// The `events` member that makes a JWT a logout token (§2.4).
const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// What a logout token must satisfy, from the settings and the provider's metadata.
#[derive(Debug, Clone, Copy)]
pub struct LogoutTokenRules<'a> {
    /// The provider's issuer; `iss` must equal it, give or take one trailing slash.
    pub issuer: &'a str,
    /// Our client id; `aud` must name it and no one else.
    pub client_id: &'a str,
    /// Signing algorithms the provider announces; symmetric ones are refused anyway.
    pub algorithms: &'a [Algorithm],
    /// Unix seconds.
    pub now: u64,
    /// Clock skew tolerated on `iat` and `exp`, in seconds.
    pub leeway: u64,
    /// How long after `iat` a token is still accepted, in seconds.
    pub max_age: u64,
}

/// Whom a verified logout token signs out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutClaims {
    /// `sub`: without `sid`, every session of this person ends.
    pub subject: Option<String>,
    /// `sid`: the provider's session, as named in the ID token.
    pub session_id: Option<String>,
    /// `jti`, for the caller's replay check.
    pub jti: String,
    pub iat: u64,
    /// `exp` if present, else `iat + max_age`: how long to remember the `jti`.
    pub expires_at: u64,
}

/// Why a logout token was refused. Reasons are short and never quote the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoutTokenError {
    /// `kid` names no listed key (or, without `kid`, no single key fits): the
    /// provider may have rotated its keys, so re-read them once.
    #[error("the logout token is signed with a key the provider does not list")]
    UnknownKey,
    #[error("the logout token is invalid: {0}")]
    Invalid(String),
}

/// Check a logout token as §2.6 asks and say whom it signs out.
pub fn verify_logout_token(
    token: &str,
    keys: &JwkSet,
    rules: &LogoutTokenRules<'_>,
) -> Result<LogoutClaims, LogoutTokenError> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| invalid("the header is unreadable"))?;
    check_header(&header, rules)?;
    let key = select_key(&header, keys)?;
    let claims = verified_claims(token, header.alg, key)?;
    check_claims(&claims, rules)
}

fn invalid(reason: &str) -> LogoutTokenError {
    LogoutTokenError::Invalid(reason.to_owned())
}

fn check_header(header: &Header, rules: &LogoutTokenRules<'_>) -> Result<(), LogoutTokenError> {
    // A shared secret would let anyone holding the client secret forge a logout;
    // `none` never parses as an `Algorithm`, so it fails earlier.
    if header.alg.family() == AlgorithmFamily::Hmac {
        return Err(invalid("symmetric algorithms are refused"));
    }
    if !rules.algorithms.contains(&header.alg) {
        return Err(invalid("the algorithm is not one the provider announces"));
    }
    if header.typ.as_deref().is_some_and(|typ| !is_logout_type(typ)) {
        return Err(invalid("the typ header is neither logout+jwt nor JWT"));
    }
    // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
    if header.crit.is_some() {
        return Err(invalid("the header marks extensions as critical"));
    }
    Ok(())
}

/// §4.1 recommends `logout+jwt` against cross-JWT confusion; plain `JWT` is what
/// older providers send. RFC 7515 §4.1.9 allows dropping `application/`.
fn is_logout_type(typ: &str) -> bool {
    let typ = typ.to_ascii_lowercase();
    let typ = typ.strip_prefix("application/").unwrap_or(&typ);
    typ == "logout+jwt" || typ == "jwt"
}

/// The key named by `kid`, or the only one that fits when there is no `kid`.
/// Keys embedded in the header (`jwk`, `jku`, `x5c`) are never trusted.
fn select_key<'k>(header: &Header, keys: &'k JwkSet) -> Result<&'k Jwk, LogoutTokenError> {
    let alg = header.alg;
    match header.kid.as_deref() {
        Some(kid) => {
            let mut named = keys.keys.iter().filter(|key| key.common.key_id.as_deref() == Some(kid)).peekable();
            if named.peek().is_none() {
                return Err(LogoutTokenError::UnknownKey);
            }
            named.find(|key| fits(key, alg)).ok_or_else(|| invalid("the key named by kid is not for this algorithm"))
        }
        None => {
            // Several candidates and no `kid`: a refreshed set may have dropped the old key.
            let mut usable = keys.keys.iter().filter(|key| fits(key, alg));
            match (usable.next(), usable.next()) {
                (Some(key), None) => Ok(key),
                _ => Err(LogoutTokenError::UnknownKey),
            }
        }
    }
}

/// Whether this key may verify `alg`: right type and curve, meant for signatures,
/// and its own `alg`, when it names one, the same.
fn fits(key: &Jwk, alg: Algorithm) -> bool {
    let type_fits = match &key.algorithm {
        AlgorithmParameters::RSA(_) => alg.family() == AlgorithmFamily::Rsa,
        AlgorithmParameters::EllipticCurve(params) => {
            matches!((alg, &params.curve), (Algorithm::ES256, Curve::P256) | (Algorithm::ES384, Curve::P384))
        }
        AlgorithmParameters::OctetKeyPair(_) => alg == Algorithm::EdDSA,
        // Shared secrets (`oct`) never verify a logout token; unknown types cannot.
        _ => false,
    };
    let for_signing = matches!(key.common.public_key_use, None | Some(PublicKeyUse::Signature));
    let alg_fits = key.common.key_algorithm.is_none_or(|own| own == KeyAlgorithm::from(alg));
    type_fits && for_signing && alg_fits
}

/// The signature, and nothing else: jsonwebtoken would read the system clock and
/// require `exp`, so times, `iss` and `aud` are checked here against `rules`.
fn verified_claims(token: &str, alg: Algorithm, key: &Jwk) -> Result<Map<String, Value>, LogoutTokenError> {
    let key = DecodingKey::from_jwk(key).map_err(|_| invalid("the provider's key is unusable"))?;
    let mut validation = Validation::new(alg);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_nbf = false; // already the default; stated so that no check reads the clock
    validation.validate_aud = false;
    match jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation) {
        Ok(data) => Ok(data.claims),
        Err(error) if matches!(error.kind(), ErrorKind::InvalidSignature) => {
            Err(invalid("the signature does not verify"))
        }
        // Other errors can quote the payload (serde messages): keep them out of logs.
        Err(_) => Err(invalid("not a well-formed signed JWT")),
    }
}

fn check_claims(claims: &Map<String, Value>, rules: &LogoutTokenRules<'_>) -> Result<LogoutClaims, LogoutTokenError> {
    check_issuer(claims, rules.issuer)?;
    check_audience(claims, rules.client_id)?;
    let iat = numeric_date(claims, "iat")?.ok_or_else(|| invalid("iat is missing"))?;
    let exp = numeric_date(claims, "exp")?;
    check_times(iat, exp, rules)?;
    check_events(claims)?;
    // §2.4: a nonce would let a logout token pass for an ID token in a forged sign-in.
    if claims.contains_key("nonce") {
        return Err(invalid("a nonce claim is present"));
    }
    let jti = text(claims, "jti")?.filter(|jti| !jti.is_empty()).ok_or_else(|| invalid("jti is missing"))?;
    let subject = text(claims, "sub")?.filter(|sub| !sub.is_empty());
    let session_id = text(claims, "sid")?.filter(|sid| !sid.is_empty());
    if subject.is_none() && session_id.is_none() {
        return Err(invalid("neither sub nor sid says whom to sign out"));
    }
    Ok(LogoutClaims {
        subject: subject.map(str::to_owned),
        session_id: session_id.map(str::to_owned),
        jti: jti.to_owned(),
        iat,
        expires_at: exp.unwrap_or_else(|| iat.saturating_add(rules.max_age)),
    })
}

fn check_issuer(claims: &Map<String, Value>, issuer: &str) -> Result<(), LogoutTokenError> {
    let iss = text(claims, "iss")?.ok_or_else(|| invalid("iss is missing"))?;
    if without_trailing_slash(iss) != without_trailing_slash(issuer) {
        return Err(invalid("iss is not our provider"));
    }
    Ok(())
}

fn without_trailing_slash(url: &str) -> &str {
    url.strip_suffix('/').unwrap_or(url)
}

/// As for ID tokens (Core §3.1.3.7 step 3, which the ID-token check applies too):
/// our client id must be listed, and no audience we do not trust beside it.
fn check_audience(claims: &Map<String, Value>, client_id: &str) -> Result<(), LogoutTokenError> {
    let ours = match claims.get("aud") {
        Some(Value::String(aud)) => aud == client_id,
        Some(Value::Array(auds)) => !auds.is_empty() && auds.iter().all(|aud| aud.as_str() == Some(client_id)),
        _ => false,
    };
    if ours {
        Ok(())
    } else {
        Err(invalid("aud is not this client alone"))
    }
}

/// The final spec (errata 1) makes `exp` required, but providers written to the
/// original text omit it; `max_age` then bounds the token's life on its own.
fn check_times(iat: u64, exp: Option<u64>, rules: &LogoutTokenRules<'_>) -> Result<(), LogoutTokenError> {
    if iat > rules.now.saturating_add(rules.leeway) {
        return Err(invalid("iat is in the future"));
    }
    if iat.saturating_add(rules.max_age).saturating_add(rules.leeway) < rules.now {
        return Err(invalid("the token is too old"));
    }
    if exp.is_some_and(|exp| rules.now >= exp.saturating_add(rules.leeway)) {
        return Err(invalid("the token has expired"));
    }
    Ok(())
}

/// §2.4: `events` is an object whose back-channel logout member is itself an object.
fn check_events(claims: &Map<String, Value>) -> Result<(), LogoutTokenError> {
    let events = match claims.get("events") {
        Some(Value::Object(events)) => events,
        Some(_) => return Err(invalid("events is not an object")),
        None => return Err(invalid("events is missing")),
    };
    match events.get(BACKCHANNEL_LOGOUT_EVENT) {
        Some(Value::Object(_)) => Ok(()),
        Some(_) => Err(invalid("the back-channel logout event is not an object")),
        None => Err(invalid("events does not name back-channel logout")),
    }
}

/// A claim that must be a string when present.
fn text<'c>(claims: &'c Map<String, Value>, name: &str) -> Result<Option<&'c str>, LogoutTokenError> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value)),
        Some(_) => Err(LogoutTokenError::Invalid(format!("{name} is not a string"))),
    }
}

/// A NumericDate (RFC 7519 §2), which may carry a fraction of a second.
fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<Option<u64>, LogoutTokenError> {
    let Some(value) = claims.get(name) else {
        return Ok(None);
    };
    let seconds = value.as_u64().or_else(|| {
        // Truncating a fraction cannot move a date by a whole second.
        value.as_f64().filter(|secs| secs.is_finite() && *secs >= 0.0).map(|secs| secs as u64)
    });
    seconds.map(Some).ok_or_else(|| LogoutTokenError::Invalid(format!("{name} is not a date")))
}

#[cfg(test)]
#[path = "logout_token_tests.rs"]
mod tests;
