//! The provider's tokens (refresh, access, ID token) at rest: sealed with
//! XChaCha20-Poly1305 under a key derived from the configured cookie secret,
//! and bound to the session they belong to (associated data), so a dump of the
//! store holds no usable token and a sealed value cannot be moved to another
//! session. Never logged: the types here print no contents.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What the provider gave us at sign-in (or at the last refresh).
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProviderTokens {
    pub access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// The raw ID token, kept for `id_token_hint` at sign-out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl std::fmt::Debug for ProviderTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderTokens")
            .field("refresh_token", &self.refresh_token.is_some())
            .field("id_token", &self.id_token.is_some())
            .finish_non_exhaustive()
    }
}

/// Seals and opens [`ProviderTokens`].
#[derive(Clone)]
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer")
    }
}

const NONCE_BYTES: usize = 24;
/// Keeps this key apart from the cookie-signing key derived from the same secret.
const KEY_LABEL: &[u8] = b"jitsi-oidc-bridge/provider-tokens/v1\0";

impl Sealer {
    pub fn new(secret: &[u8]) -> Self {
        let key = Sha256::new().chain_update(KEY_LABEL).chain_update(secret).finalize();
        Self { cipher: XChaCha20Poly1305::new(&key) }
    }

    /// `binding` ties the sealed value to one record (the session's store key).
    pub fn seal(&self, tokens: &ProviderTokens, binding: &str) -> Option<String> {
        let plain = serde_json::to_vec(tokens).ok()?;
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let sealed =
            self.cipher.encrypt(&XNonce::from(nonce), Payload { msg: &plain, aad: binding.as_bytes() }).ok()?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Some(URL_SAFE_NO_PAD.encode(out))
    }

    /// `None` when the value was sealed under another key, for another record, or altered.
    pub fn open(&self, sealed: &str, binding: &str) -> Option<ProviderTokens> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed).ok()?;
        if bytes.len() <= NONCE_BYTES {
            return None;
        }
        let (nonce, body) = bytes.split_at(NONCE_BYTES);
        let nonce = XNonce::from(<[u8; NONCE_BYTES]>::try_from(nonce).ok()?);
        let plain = self.cipher.decrypt(&nonce, Payload { msg: body, aad: binding.as_bytes() }).ok()?;
        serde_json::from_slice(&plain).ok()
    }
}

#[cfg(test)]
mod tests {
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
}
