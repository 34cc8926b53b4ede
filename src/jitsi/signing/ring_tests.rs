use super::*;

const KEY_A: &str = include_str!("../../../tests/api/fixtures/signing/rsa-2048-a.pem");
const KEY_B: &str = include_str!("../../../tests/api/fixtures/signing/rsa-2048-b.pem");

fn at(seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
}

fn set(keys: &[(&str, u64)]) -> KeySet {
    KeySet {
        keys: keys
            .iter()
            .map(|(pem, created)| Arc::new(SigningKey::from_pem(pem, "", at(*created)).unwrap()))
            .collect(),
    }
}

#[test]
fn the_newest_key_published_long_enough_signs() {
    let delay = Duration::from_secs(600);
    let keys = set(&[(KEY_A, 1_000), (KEY_B, 5_000)]);
    let (a, b) = (keys.published()[0].kid().to_owned(), keys.published()[1].kid().to_owned());
    let signer = |now| keys.signing_key(at(now), delay).unwrap().kid().to_owned();
    assert_eq!(signer(5_000), a, "b was just published");
    assert_eq!(signer(5_599), a, "one second before b's delay is over");
    assert_eq!(signer(5_600), b, "b has been published for the delay");
    assert_eq!(signer(9_999_999), b);
}

#[test]
fn a_first_key_signs_at_once_and_no_delay_means_the_newest() {
    let only = set(&[(KEY_B, 5_000)]);
    assert!(only.signing_key(at(5_000), Duration::from_secs(600)).is_some(), "nothing older to fall back to");
    let both = set(&[(KEY_A, 1_000), (KEY_B, 5_000)]);
    assert_eq!(
        both.signing_key(at(5_000), Duration::ZERO).unwrap().kid(),
        both.published()[1].kid(),
        "without a delay the newest signs"
    );
}

#[test]
fn a_directory_is_read_whole_and_a_bad_read_keeps_the_keys_in_use() {
    let dir = std::env::temp_dir().join(format!("bridge-keys-{}", crate::session::random_token()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.pem"), KEY_A).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a key").unwrap();
    let source = KeySource::Dir(dir.clone());
    let ring = KeyRing::new(source.clone(), String::new(), Duration::ZERO, KeySet::read(&source, "").unwrap());
    assert_eq!(ring.current().published().len(), 1);

    std::fs::write(dir.join("b.pem"), KEY_B).unwrap();
    let outcome = ring.reload().unwrap();
    assert_eq!((outcome.added.len(), outcome.removed.len()), (1, 0));
    assert_eq!(ring.current().published().len(), 2);

    std::fs::write(dir.join("broken.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").unwrap();
    let problems = ring.reload().unwrap_err();
    assert!(problems.iter().any(|p| p.contains("broken.pem")), "{problems:?}");
    assert_eq!(ring.current().published().len(), 2, "the keys in use stay");

    std::fs::remove_file(dir.join("broken.pem")).unwrap();
    std::fs::remove_file(dir.join("a.pem")).unwrap();
    let outcome = ring.reload().unwrap();
    assert_eq!(outcome.removed.len(), 1, "a removed key stops being published");
    assert_eq!(ring.current().published().len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}
