//! Unit tests of the logout-token verifier, with the fixture RSA key.

use super::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::EncodingKey;
use serde_json::json;

const PRIVATE_PEM: &str = include_str!("../../tests/api/fixtures/rotated-key.pem");
const PUBLIC_JWK: &str = include_str!("../../tests/api/fixtures/rotated-key.jwk.json");
const KID: &str = "rotated-2026";
const ISSUER: &str = "https://idp.example.com/realms/staff";
const CLIENT: &str = "jitsi-bridge";
const NOW: u64 = 1_800_000_000;

fn public_key() -> Jwk {
    serde_json::from_str(PUBLIC_JWK).unwrap()
}

fn keys() -> JwkSet {
    JwkSet { keys: vec![public_key()] }
}

fn rules() -> LogoutTokenRules<'static> {
    LogoutTokenRules {
        // The bridge's setting may carry a trailing slash the provider omits.
        issuer: "https://idp.example.com/realms/staff/",
        client_id: CLIENT,
        algorithms: &[Algorithm::RS256, Algorithm::ES256],
        now: NOW,
        leeway: 30,
        max_age: 120,
    }
}

fn header() -> Header {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(KID.into());
    header.typ = Some("logout+jwt".into());
    header
}

fn claims() -> Map<String, Value> {
    let claims = json!({
        "iss": ISSUER,
        "aud": CLIENT,
        "iat": NOW - 5,
        "exp": NOW + 115,
        "jti": "jti-1",
        "sid": "sid-1",
        "events": { BACKCHANNEL_LOGOUT_EVENT: {} },
    });
    match claims {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

fn sign(header: &Header, claims: &Map<String, Value>) -> String {
    let key = EncodingKey::from_rsa_pem(PRIVATE_PEM.as_bytes()).unwrap();
    jsonwebtoken::encode(header, claims, &key).unwrap()
}

/// A token signed with the fixture key, its claims changed first.
fn token_with(change: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut claims = claims();
    change(&mut claims);
    sign(&header(), &claims)
}

fn verify(token: &str) -> Result<LogoutClaims, LogoutTokenError> {
    verify_logout_token(token, &keys(), &rules())
}

fn refusal(token: &str) -> String {
    match verify(token) {
        Err(LogoutTokenError::Invalid(reason)) => reason,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn a_token_with_sid_only_names_the_session() {
    let verified = verify(&token_with(|_| {})).unwrap();
    assert_eq!(
        verified,
        LogoutClaims {
            subject: None,
            session_id: Some("sid-1".into()),
            jti: "jti-1".into(),
            iat: NOW - 5,
            expires_at: NOW + 115,
        }
    );
}

#[test]
fn a_token_with_sub_only_names_the_person() {
    let verified = verify(&token_with(|c| {
        c.remove("sid");
        c.insert("sub".into(), json!("u-bob"));
    }))
    .unwrap();
    assert_eq!(verified.subject.as_deref(), Some("u-bob"));
    assert_eq!(verified.session_id, None);
}

#[test]
fn a_token_with_sub_and_sid_names_both() {
    let verified = verify(&token_with(|c| {
        c.insert("sub".into(), json!("u-bob"));
    }))
    .unwrap();
    assert_eq!(verified.subject.as_deref(), Some("u-bob"));
    assert_eq!(verified.session_id.as_deref(), Some("sid-1"));
}

#[test]
fn aud_may_be_an_array_naming_only_us() {
    assert!(verify(&token_with(|c| {
        c.insert("aud".into(), json!([CLIENT]));
    }))
    .is_ok());
}

#[test]
fn without_exp_the_token_lives_max_age_after_iat() {
    let verified = verify(&token_with(|c| {
        c.remove("exp");
    }))
    .unwrap();
    assert_eq!(verified.expires_at, NOW - 5 + 120);
}

#[test]
fn typ_jwt_or_none_is_accepted() {
    let mut plain = header();
    plain.typ = Some("JWT".into());
    assert!(verify(&sign(&plain, &claims())).is_ok());
    let mut media_type = header();
    media_type.typ = Some("application/Logout+JWT".into());
    assert!(verify(&sign(&media_type, &claims())).is_ok());
    let mut untyped = header();
    untyped.typ = None;
    assert!(verify(&sign(&untyped, &claims())).is_ok());
}

#[test]
fn without_kid_the_only_fitting_key_is_used() {
    let mut no_kid = header();
    no_kid.kid = None;
    assert!(verify(&sign(&no_kid, &claims())).is_ok());
}

#[test]
fn a_wrong_issuer_is_refused() {
    let reason = refusal(&token_with(|c| {
        c.insert("iss".into(), json!("https://evil.example.com/realms/staff"));
    }));
    assert_eq!(reason, "iss is not our provider");
}

#[test]
fn a_wrong_or_shared_audience_is_refused() {
    for aud in [json!("someone-else"), json!(["someone-else"]), json!([CLIENT, "someone-else"]), json!([])] {
        let reason = refusal(&token_with(|c| {
            c.insert("aud".into(), aud);
        }));
        assert_eq!(reason, "aud is not this client alone");
    }
}

#[test]
fn missing_events_is_refused() {
    let reason = refusal(&token_with(|c| {
        c.remove("events");
    }));
    assert_eq!(reason, "events is missing");
}

#[test]
fn events_without_a_logout_object_is_refused() {
    let cases = [
        (json!({ "http://schemas.openid.net/event/other": {} }), "events does not name back-channel logout"),
        (json!({ BACKCHANNEL_LOGOUT_EVENT: "yes" }), "the back-channel logout event is not an object"),
        (json!([BACKCHANNEL_LOGOUT_EVENT]), "events is not an object"),
    ];
    for (events, expected) in cases {
        let reason = refusal(&token_with(|c| {
            c.insert("events".into(), events);
        }));
        assert_eq!(reason, expected);
    }
}

#[test]
fn a_nonce_is_refused_even_null() {
    for nonce in [json!("n-1"), Value::Null] {
        let reason = refusal(&token_with(|c| {
            c.insert("nonce".into(), nonce);
        }));
        assert_eq!(reason, "a nonce claim is present");
    }
}

#[test]
fn neither_sub_nor_sid_is_refused() {
    let reason = refusal(&token_with(|c| {
        c.remove("sid");
    }));
    assert_eq!(reason, "neither sub nor sid says whom to sign out");
    let reason = refusal(&token_with(|c| {
        c.insert("sid".into(), json!(""));
    }));
    assert_eq!(reason, "neither sub nor sid says whom to sign out");
}

#[test]
fn a_sub_that_is_not_a_string_is_refused() {
    let reason = refusal(&token_with(|c| {
        c.insert("sub".into(), json!(42));
    }));
    assert_eq!(reason, "sub is not a string");
}

#[test]
fn a_missing_or_empty_jti_is_refused() {
    assert_eq!(
        refusal(&token_with(|c| {
            c.remove("jti");
        })),
        "jti is missing"
    );
    assert_eq!(
        refusal(&token_with(|c| {
            c.insert("jti".into(), json!(""));
        })),
        "jti is missing"
    );
}

#[test]
fn iat_beyond_leeway_in_the_future_is_refused() {
    assert!(verify(&token_with(|c| {
        c.insert("iat".into(), json!(NOW + 30));
    }))
    .is_ok());
    let reason = refusal(&token_with(|c| {
        c.insert("iat".into(), json!(NOW + 31));
    }));
    assert_eq!(reason, "iat is in the future");
}

#[test]
fn iat_older_than_max_age_is_refused() {
    let reason = refusal(&token_with(|c| {
        c.insert("iat".into(), json!(NOW - 120 - 30 - 1));
        c.remove("exp");
    }));
    assert_eq!(reason, "the token is too old");
}

#[test]
fn a_missing_iat_is_refused() {
    let reason = refusal(&token_with(|c| {
        c.remove("iat");
    }));
    assert_eq!(reason, "iat is missing");
}

#[test]
fn a_passed_exp_is_refused() {
    let reason = refusal(&token_with(|c| {
        c.insert("exp".into(), json!(NOW - 30));
    }));
    assert_eq!(reason, "the token has expired");
}

#[test]
fn typ_of_another_kind_of_jwt_is_refused() {
    let mut access_token = header();
    access_token.typ = Some("at+jwt".into());
    assert_eq!(refusal(&sign(&access_token, &claims())), "the typ header is neither logout+jwt nor JWT");
}

#[test]
fn hs256_is_refused_even_with_an_oct_key_and_announced() {
    let secret = "a-client-secret-long-enough-for-hs256";
    let mut keys = keys();
    keys.keys.push(
        serde_json::from_value(json!({
            "kty": "oct", "kid": "hmac", "alg": "HS256", "k": URL_SAFE_NO_PAD.encode(secret),
        }))
        .unwrap(),
    );
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("hmac".into());
    let token = jsonwebtoken::encode(&header, &claims(), &EncodingKey::from_secret(secret.as_bytes())).unwrap();
    let rules = LogoutTokenRules { algorithms: &[Algorithm::RS256, Algorithm::HS256], ..rules() };
    assert_eq!(
        verify_logout_token(&token, &keys, &rules),
        Err(LogoutTokenError::Invalid("symmetric algorithms are refused".into()))
    );
}

#[test]
fn alg_none_is_refused() {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","kid":"rotated-2026"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims()).unwrap());
    assert_eq!(refusal(&format!("{header}.{payload}.")), "the header is unreadable");
}

#[test]
fn an_algorithm_the_provider_does_not_announce_is_refused() {
    let rules = LogoutTokenRules { algorithms: &[Algorithm::ES256], ..rules() };
    assert_eq!(
        verify_logout_token(&token_with(|_| {}), &keys(), &rules),
        Err(LogoutTokenError::Invalid("the algorithm is not one the provider announces".into()))
    );
}

#[test]
fn a_key_whose_own_alg_differs_is_refused() {
    let mut rs384 = header();
    rs384.alg = Algorithm::RS384;
    let rules = LogoutTokenRules { algorithms: &[Algorithm::RS256, Algorithm::RS384], ..rules() };
    assert_eq!(
        verify_logout_token(&sign(&rs384, &claims()), &keys(), &rules),
        Err(LogoutTokenError::Invalid("the key named by kid is not for this algorithm".into()))
    );
}

#[test]
fn a_tampered_payload_is_refused() {
    let token = token_with(|_| {});
    let parts: Vec<&str> = token.split('.').collect();
    let mut forged = claims();
    forged.insert("sid".into(), json!("someone-elses-session"));
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
    let tampered = format!("{}.{payload}.{}", parts[0], parts[2]);
    assert_eq!(refusal(&tampered), "the signature does not verify");
}

#[test]
fn a_crit_header_is_refused() {
    let mut critical = header();
    critical.crit = Some(vec!["b64".into()]);
    assert_eq!(refusal(&sign(&critical, &claims())), "the header marks extensions as critical");
}

#[test]
fn an_unknown_kid_asks_for_fresh_keys() {
    let mut rotated = header();
    rotated.kid = Some("next-2027".into());
    assert_eq!(verify(&sign(&rotated, &claims())), Err(LogoutTokenError::UnknownKey));
}

#[test]
fn no_kid_and_no_fitting_key_asks_for_fresh_keys() {
    let mut no_kid = header();
    no_kid.kid = None;
    let token = sign(&no_kid, &claims());
    assert_eq!(verify_logout_token(&token, &JwkSet { keys: vec![] }, &rules()), Err(LogoutTokenError::UnknownKey));
    let mut encryption_only = public_key();
    encryption_only.common.public_key_use = Some(PublicKeyUse::Encryption);
    let keys = JwkSet { keys: vec![encryption_only] };
    assert_eq!(verify_logout_token(&token, &keys, &rules()), Err(LogoutTokenError::UnknownKey));
}

#[test]
fn fractional_dates_are_read() {
    let verified = verify(&token_with(|c| {
        c.insert("iat".into(), json!((NOW - 5) as f64 + 0.5));
    }))
    .unwrap();
    assert_eq!(verified.iat, NOW - 5);
}
