//! How tokens are signed: with the secret shared with Prosody (HS256/384/512,
//! Prosody's `app_secret`), or with RSA keys whose public halves the bridge
//! publishes (RS256/384/512, Prosody's `asap_key_server` or `cache_keys_url`).
//! A public key only checks tokens: a Prosody, a log or a backup that holds it
//! cannot mint one, which a shared secret allows.

pub mod generate;
mod key;
mod ring;
mod watch;

use std::sync::Arc;

use jsonwebtoken::Algorithm;
use secrecy::SecretString;
use serde::Deserialize;

pub use key::{asap_file_name, SigningKey, MIN_BITS};
pub use ring::{KeyRing, KeySet, KeySource, ReloadOutcome};
pub use watch::{watch, REREAD_EVERY};

/// `jitsi.signing.algorithm`. These are the algorithms Prosody's token plugin
/// accepts (`luajwtjitsi.lib.lua`: HS256/384/512 and RS256/384/512).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum SigningAlgorithm {
    #[default]
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
}

impl SigningAlgorithm {
    pub fn is_rsa(self) -> bool {
        matches!(self, Self::RS256 | Self::RS384 | Self::RS512)
    }

    pub fn jwt(self) -> Algorithm {
        match self {
            Self::HS256 => Algorithm::HS256,
            Self::HS384 => Algorithm::HS384,
            Self::HS512 => Algorithm::HS512,
            Self::RS256 => Algorithm::RS256,
            Self::RS384 => Algorithm::RS384,
            Self::RS512 => Algorithm::RS512,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::HS256 => "HS256",
            Self::HS384 => "HS384",
            Self::HS512 => "HS512",
            Self::RS256 => "RS256",
            Self::RS384 => "RS384",
            Self::RS512 => "RS512",
        }
    }
}

/// What tokens are signed with (validated settings).
#[derive(Debug, Clone)]
pub enum Signing {
    /// The secret shared with Prosody (`jitsi.app_secret`).
    Secret { algorithm: SigningAlgorithm, secret: SecretString },
    /// RSA keys, published at `/asap/<name>.pem` and `/.well-known/jitsi-jwks.json`.
    Keys { algorithm: SigningAlgorithm, ring: Arc<KeyRing> },
}

impl Signing {
    pub fn algorithm(&self) -> SigningAlgorithm {
        match self {
            Self::Secret { algorithm, .. } | Self::Keys { algorithm, .. } => *algorithm,
        }
    }

    /// The published keys, when tokens are signed with keys.
    pub fn ring(&self) -> Option<&Arc<KeyRing>> {
        match self {
            Self::Keys { ring, .. } => Some(ring),
            Self::Secret { .. } => None,
        }
    }
}
