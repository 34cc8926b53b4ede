//! The names of what the session store holds, and the Redis Cluster hash tags
//! that keep together what changes together.
//!
//! Keys are digests of the secret values, never the values themselves, so a
//! dump of the store holds no usable cookie or state:
//!
//! - `login:<digest(state)>`: a pending sign-in, on a slot of its own;
//! - `session:{T}<digest(id)>`, `refresh-lock:{T}<digest(id)>` and `index-sub:{T}`:
//!   a session, the lock around re-reading its claims, and the index of its
//!   user's sessions. `T` is the user's tag, so all of one user's keys hash to
//!   one Cluster slot, and a session is created and ended in one transaction
//!   with its index entry (`Store::apply`);
//! - `sid-user:<digest(sid)>`: the tag of the user a provider session belongs
//!   to, for a back-channel logout that names only the `sid`;
//! - `logout-jti:<digest(iss, jti)>`: a logout token already used.
//!
//! The session id in the cookie is `T.<random>`, so a visit finds the slot from
//! the cookie alone. The tag is a keyed digest of the provider's `sub` (keyed
//! with the cookie secret), so neither the cookie nor a dump of the store
//! confirms a guess of who the user is.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256, Sha512};

const LOGIN: &str = "login:";
const SPENT_LOGIN: &str = "spent-login:";
const SESSION: &str = "session:";
const LOCK: &str = "refresh-lock:";
const BY_SUBJECT: &str = "index-sub:";
const USER_OF_PROVIDER_SESSION: &str = "sid-user:";
const LOGOUT_TOKEN: &str = "logout-jti:";

/// Domain separation: the tag key is not the cookie-signing or sealing key.
const TAG_KEY_LABEL: &[u8] = b"jitsi-oidc-bridge user tag v1\n";

/// Bytes of the keyed digest a tag keeps: 64 bits, 11 characters.
const TAG_BYTES: usize = 8;

/// SHA-256 of a secret value, URL-safe; what the store is keyed by.
pub fn digest(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

/// Makes users' tags.
#[derive(Clone)]
pub struct UserTags {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for UserTags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UserTags")
    }
}

impl UserTags {
    pub fn new(secret: &[u8]) -> Self {
        // HMAC-SHA-256 keys are one 64-byte block; SHA-512 gives exactly that.
        let key = Sha512::new().chain_update(TAG_KEY_LABEL).chain_update(secret).finalize();
        Self { mac: <Hmac<Sha256> as hmac::digest::KeyInit>::new(&key) }
    }

    /// The tag of the provider's user `subject`.
    pub fn of(&self, subject: &str) -> UserTag {
        let mut mac = self.mac.clone();
        mac.update(subject.as_bytes());
        let bytes = mac.finalize().into_bytes();
        UserTag(URL_SAFE_NO_PAD.encode(&bytes[..TAG_BYTES]))
    }
}

/// One user's hash tag: what every key of their sessions carries in braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserTag(String);

impl UserTag {
    /// A tag as it comes back from a cookie or the store; `None` when it has
    /// not the shape [`UserTags::of`] gives.
    pub fn parse(text: &str) -> Option<Self> {
        let decoded = URL_SAFE_NO_PAD.decode(text).ok()?;
        (decoded.len() == TAG_BYTES).then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub(super) fn login(state: &str) -> String {
    format!("{LOGIN}{}", digest(state))
}

pub(super) fn spent_login(state: &str) -> String {
    format!("{SPENT_LOGIN}{}", digest(state))
}

pub(super) fn session(tag: &UserTag, id_digest: &str) -> String {
    format!("{SESSION}{{{}}}{id_digest}", tag.0)
}

pub(super) fn refresh_lock(tag: &UserTag, id_digest: &str) -> String {
    format!("{LOCK}{{{}}}{id_digest}", tag.0)
}

/// The index of every session of the users with this tag (one user, but for
/// a 64-bit collision: readers check the subject).
pub(super) fn sessions_of(tag: &UserTag) -> String {
    format!("{BY_SUBJECT}{{{}}}", tag.0)
}

pub(super) fn user_of_provider_session(sid: &str) -> String {
    format!("{USER_OF_PROVIDER_SESSION}{}", digest(sid))
}

pub(super) fn logout_token(issuer: &str, jti: &str) -> String {
    format!("{LOGOUT_TOKEN}{}", digest(&format!("{issuer}\n{jti}")))
}

/// The part of a key Redis Cluster hashes: between the first `{` and the next `}`.
#[cfg(test)]
fn hashed_part(key: &str) -> &str {
    key.split_once('{')
        .and_then(|(_, rest)| rest.split_once('}'))
        .map(|(tag, _)| tag)
        .filter(|tag| !tag.is_empty())
        .unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_users_session_lock_and_index_hash_to_one_slot_and_other_users_elsewhere() {
        let tags = UserTags::new(b"a cookie secret of at least thirty-two bytes");
        let alice = tags.of("alice");
        let keys =
            [session(&alice, "id-one"), session(&alice, "id-two"), refresh_lock(&alice, "id-one"), sessions_of(&alice)];
        assert!(keys.iter().all(|key| hashed_part(key) == alice.as_str()), "{keys:?}");
        assert_ne!(tags.of("bob"), alice);
        // The braces hold only the tag, so no part of a digest can end it early.
        assert!(!alice.as_str().contains(['{', '}']));
    }

    #[test]
    fn tags_are_stable_keyed_and_parse_back() {
        let tags = UserTags::new(b"secret one");
        assert_eq!(tags.of("alice"), tags.of("alice"));
        assert_ne!(UserTags::new(b"secret two").of("alice"), tags.of("alice"), "keyed with the secret");
        let tag = tags.of("alice");
        assert_eq!(tag.as_str().len(), 11);
        assert_eq!(UserTag::parse(tag.as_str()), Some(tag));
        for bad in ["", "short", "not base64 at all!", "AAAAAAAAAAAAAAAA"] {
            assert_eq!(UserTag::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_name_digests_never_secrets() {
        let tags = UserTags::new(b"k");
        for key in
            [login("the-state"), session(&tags.of("alice"), &digest("the-id")), user_of_provider_session("the-sid")]
        {
            assert!(!key.contains("the-"), "{key}");
        }
    }
}
