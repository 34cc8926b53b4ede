use super::*;
use crate::identity::Identity;

fn session(groups: usize) -> UserSession {
    UserSession {
        identity: Identity {
            user_id: None,
            subject: "alice".into(),
            name: None,
            email: None,
            email_verified: false,
            picture: None,
            groups: (0..groups).map(|i| format!("group-{i}")).collect(),
        },
        signed_in_at: 1,
        claims_checked_at: 1,
        provider_sid: None,
        nonce: "n".into(),
        sealed_tokens: None,
    }
}

fn decode(raw: &str) -> Option<UserSession> {
    serde_json::from_str(raw).ok()
}

#[test]
fn the_same_record_is_decoded_once_and_a_changed_one_again() {
    let cache = DecodedSessions::default();
    let first = serde_json::to_string(&session(3)).unwrap();
    let a = cache.get_or_decode("d", first.clone(), decode).unwrap();
    let b = cache.get_or_decode("d", first, |_| panic!("decoded twice")).unwrap();
    assert!(Arc::ptr_eq(&a, &b));

    let changed = serde_json::to_string(&session(4)).unwrap();
    let c = cache.get_or_decode("d", changed, decode).unwrap();
    assert_eq!(c.identity.groups.len(), 4);
}

#[test]
fn a_forgotten_or_undecodable_record_is_not_served() {
    let cache = DecodedSessions::default();
    let raw = serde_json::to_string(&session(1)).unwrap();
    cache.get_or_decode("d", raw.clone(), decode).unwrap();
    cache.forget("d");
    assert!(cache.get_or_decode("d", raw, |_| None).is_none());
    assert!(cache.get_or_decode("e", "{not json".into(), decode).is_none());
    assert_eq!(cache.lock().bytes, 0);
}

#[test]
fn the_kept_bytes_stay_within_the_budget() {
    let cache = DecodedSessions::default();
    let raw = serde_json::to_string(&session(200)).unwrap();
    for i in 0..(BUDGET / raw.len() + 100) {
        cache.get_or_decode(&i.to_string(), raw.clone(), decode).unwrap();
    }
    let inner = cache.lock();
    assert!(inner.bytes <= BUDGET);
    assert_eq!(inner.bytes, inner.entries.len() * raw.len());
}
