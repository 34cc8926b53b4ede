use super::*;
use crate::jitsi::signing::SigningAlgorithm;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use secrecy::SecretString;

const SECRET: &str = "0123456789abcdef0123456789abcdef-test";

fn settings() -> TokenSettings {
    TokenSettings {
        app_id: "bridge".into(),
        signing: Signing::Secret { algorithm: SigningAlgorithm::HS256, secret: SecretString::from(SECRET) },
        audience: "jitsi".into(),
        xmpp_domain: "meet.jitsi".into(),
        context_group: None,
        lifetime: Duration::from_secs(300),
        not_before_leeway: Duration::from_secs(30),
        wildcard_room: false,
    }
}

fn bob() -> Identity {
    Identity {
        user_id: None,
        subject: "u-bob".into(),
        name: Some("Bob".into()),
        email: None,
        email_verified: false,
        picture: None,
        groups: vec!["employees".into()],
    }
}

fn decode(token: &str) -> serde_json::Value {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&["jitsi"]);
    validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
    jsonwebtoken::decode::<serde_json::Value>(token, &DecodingKey::from_secret(SECRET.as_bytes()), &validation)
        .unwrap()
        .claims
}

#[test]
fn token_for_a_plain_room_carries_every_claim_prosody_reads() {
    let signer = TokenSigner::new(&settings());
    let target = RoomTarget::parse(None, "Café").unwrap();
    let now = jsonwebtoken::get_current_timestamp();
    let token = signer.mint_room_token(&bob(), Grant::role(&target, false), now).unwrap();
    let header = jsonwebtoken::decode_header(&token).unwrap();
    assert_eq!(header.alg, Algorithm::HS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));

    let claims = decode(&token);
    assert_eq!(
        claims,
        serde_json::json!({
            "iss": "bridge", "aud": "jitsi", "sub": "meet.jitsi", "room": "caf%c3%a9",
            "iat": now, "nbf": now - 30, "exp": now + 300,
            "context": {"user": {"id": "u-bob", "name": "Bob", "moderator": false, "affiliation": "member"}}
        })
    );
}

#[test]
fn tenant_becomes_subject_and_moderators_are_owners() {
    let mut settings = settings();
    settings.context_group = Some("acme".into());
    let signer = TokenSigner::new(&settings);
    let target = RoomTarget::parse(Some("Sales"), "Weekly").unwrap();
    let user = bob();
    let claims = signer.claims(&user, Grant::role(&target, true), 1_000);
    assert_eq!(claims.sub, "sales");
    assert_eq!(claims.context.tenant.as_deref(), Some("sales"), "context.tenant, lower case");
    assert_eq!(claims.room, "weekly");
    assert_eq!(claims.context.group, Some("acme"));
    assert!(claims.context.user.moderator);
    assert_eq!(claims.context.user.affiliation, "owner");
}

#[test]
fn absent_profile_fields_are_omitted_never_null() {
    let signer = TokenSigner::new(&settings());
    let target = RoomTarget::parse(None, "r").unwrap();
    let mut user = bob();
    user.name = None;
    let json = serde_json::to_value(signer.claims(&user, Grant::role(&target, false), 5)).unwrap();
    assert!(!json.to_string().contains("null"), "{json}");
    // With no name, the subject stands in so Jitsi never shows "Fellow Jitster".
    assert_eq!(json["context"]["user"]["name"], "u-bob");
    assert_eq!(json["nbf"], 0, "nbf saturates instead of wrapping");
}

#[test]
fn wildcard_room_only_when_configured() {
    let mut settings = settings();
    settings.wildcard_room = true;
    let signer = TokenSigner::new(&settings);
    let target = RoomTarget::parse(None, "r").unwrap();
    assert_eq!(signer.claims(&bob(), Grant::role(&target, false), 5).room, "*");
}
