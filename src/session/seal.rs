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
#[path = "seal_tests.rs"]
mod tests;
