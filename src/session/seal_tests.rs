use super::*;

fn tokens() -> ProviderTokens {
    ProviderTokens {
        access_token: "at-secret".into(),
        refresh_token: Some("rt-secret".into()),
        id_token: Some("id.token.value".into()),
    }
}

#[test]
fn sealed_tokens_open_only_with_the_same_key_and_binding() {
    let sealer = Sealer::new(b"a cookie secret of at least thirty-two bytes");
    let sealed = sealer.seal(&tokens(), "session-a").unwrap();
    assert!(!sealed.contains("secret") && !sealed.contains("id.token"), "nothing readable at rest");
    assert_eq!(sealer.open(&sealed, "session-a"), Some(tokens()));
    assert_eq!(sealer.open(&sealed, "session-b"), None, "bound to its record");
    assert_eq!(Sealer::new(b"another secret, also thirty-two bytes").open(&sealed, "session-a"), None);
    let mut altered = sealed.into_bytes();
    let last = altered.len() - 2;
    altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
    assert_eq!(sealer.open(&String::from_utf8(altered).unwrap(), "session-a"), None);
    assert!(!format!("{:?}", tokens()).contains("secret"), "Debug prints no token");
}

#[test]
fn each_seal_uses_a_fresh_nonce() {
    let sealer = Sealer::new(b"k");
    assert_ne!(sealer.seal(&tokens(), "s"), sealer.seal(&tokens(), "s"));
}
