//! What every signed-in room visit costs in CPU: parsing the room, deciding
//! the grant, minting and signing the token, building the URL.
//! Run: `cargo bench --bench hot_path`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use jitsi_oidc_bridge::identity::Identity;
use jitsi_oidc_bridge::jitsi::signing::{KeyRing, KeySet, KeySource, Signing, SigningAlgorithm, SigningKey};
use jitsi_oidc_bridge::jitsi::{
    AppSchemes, Client, ConfigOverrides, Grant, JitsiBaseUrl, Returns, RoomTarget, TokenIn, TokenSettings, TokenSigner,
};
use jitsi_oidc_bridge::policy::{AccessPolicy, Decision, GroupComparison, Matcher};
use jitsi_oidc_bridge::session::UserSession;

fn hot_path(c: &mut Criterion) {
    let token_settings = TokenSettings {
        app_id: "bridge".into(),
        signing: Signing::Secret {
            algorithm: SigningAlgorithm::HS256,
            secret: "0123456789abcdef0123456789abcdef-bench".into(),
        },
        audience: "jitsi".into(),
        xmpp_domain: "meet.jitsi".into(),
        context_group: Some("acme".into()),
        lifetime: Duration::from_secs(300),
        not_before_leeway: Duration::from_secs(30),
        wildcard_room: false,
    };
    let signer = TokenSigner::new(&token_settings);
    let who = |g: &str| Matcher::new(&[g.to_owned()], &[], GroupComparison::default());
    let policy = AccessPolicy::new(who("employees"), who("moderators"));
    let base = JitsiBaseUrl::parse("https://meet.example.com").unwrap();
    let returns = Returns::new(base, TokenIn::Fragment, true, AppSchemes::default());
    let user = Identity {
        user_id: None,
        subject: "0b7c1a4e-5b1f-4c1e-9a51-3f0e2c1d9a77".into(),
        name: Some("Ève Ünicode".into()),
        email: Some("eve@example.com".into()),
        email_verified: true,
        picture: Some("https://example.com/eve.png".into()),
        groups: (0..20).map(|i| format!("group-{i}")).chain(["employees".into()]).collect(),
    };

    // A visit reads the session record; decoding it is what a cached decoding saves
    // (src/session/decoded.rs) and what a cache hit costs instead: comparing the bytes.
    for groups in [1, 200] {
        let record = session_record(groups);
        c.bench_function(&format!("session_decode_{groups}_groups"), |b| {
            b.iter(|| serde_json::from_str::<UserSession>(black_box(&record)).unwrap())
        });
        let same = record.clone();
        c.bench_function(&format!("session_cache_hit_compare_{groups}_groups"), |b| {
            b.iter(|| black_box(&record) == black_box(&same))
        });
    }
    // Signing one token: the shared secret next to an RSA key (jitsi.signing).
    let rsa_key = SigningKey::from_pem(
        include_str!("../tests/api/fixtures/signing/rsa-2048-a.pem"),
        "bench/",
        std::time::SystemTime::UNIX_EPOCH,
    )
    .unwrap();
    let ring = KeyRing::new(
        KeySource::File("bench".into()),
        "bench/".into(),
        Duration::ZERO,
        KeySet::from_keys(vec![std::sync::Arc::new(rsa_key)]),
    );
    let rsa_signer = TokenSigner::new(&TokenSettings {
        signing: Signing::Keys { algorithm: SigningAlgorithm::RS256, ring: std::sync::Arc::new(ring) },
        ..token_settings.clone()
    });
    for (name, signer) in [("sign_token_hs256", &signer), ("sign_token_rs256_2048", &rsa_signer)] {
        let target = RoomTarget::parse(None, "standup").unwrap();
        c.bench_function(name, |b| {
            b.iter(|| signer.mint_room_token(&user, Grant::role(&target, false), 1_800_000_000).unwrap())
        });
    }
    c.bench_function("room_parse_and_backend_safe", |b| {
        b.iter(|| RoomTarget::parse(Some("sales"), black_box("Café-Planning_2026")).unwrap().room.backend_safe())
    });
    c.bench_function("policy_decide_21_groups", |b| {
        let target = RoomTarget::parse(None, "standup").unwrap();
        b.iter(|| policy.decide(black_box(&user), &target))
    });
    c.bench_function("grant_room_url_with_token", |b| {
        let overrides = ConfigOverrides::default();
        b.iter(|| {
            let target = RoomTarget::parse(None, black_box("standup")).unwrap();
            let Decision::Allowed(grants) = policy.decide(&user, &target) else { unreachable!() };
            let token = signer.mint_room_token(&user, Grant::role(&target, grants.moderator), 1_800_000_000).unwrap();
            returns.deliver(&target, &token, &overrides, Client::Browser)
        })
    });
}

/// A session record as the store holds it, with `groups` groups of typical length.
fn session_record(groups: usize) -> String {
    let groups: Vec<String> = (0..groups).map(|i| format!("/acme/departments/team-{i:03}")).collect();
    serde_json::json!({
        "identity": {"subject": "0b7c1a4e-5b1f-4c1e-9a51-3f0e2c1d9a77", "name": "Ève Ünicode",
                     "email": "eve@example.com", "groups": groups},
        "signed_in_at": 1_800_000_000u64, "claims_checked_at": 1_800_000_000u64,
        "provider_sid": "3c4d0a54-8e3f-4ab0-9a0e-0f4d2c1e5b66", "nonce": "x".repeat(43),
        "sealed_tokens": "y".repeat(1200),
    })
    .to_string()
}

criterion_group!(benches, hot_path);
criterion_main!(benches);
