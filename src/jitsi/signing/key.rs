//! One RSA signing key: read from its PEM file, and what Prosody is told
//! about it: its `kid`, the file name its key server serves it under, its
//! public key as PEM and as a JWK.

use std::path::Path;
use std::time::SystemTime;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::EncodingKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// Prosody refuses nothing shorter, but anything under 2048 bits is breakable.
pub const MIN_BITS: usize = 2048;

/// Hex digits of the public key's SHA-256 that end a `kid`.
const FINGERPRINT_HEX: usize = 16;

/// A private key the bridge may sign with, and its public parts.
pub struct SigningKey {
    kid: String,
    /// When the key was made (its file's modification time): publication starts then.
    created: SystemTime,
    encoding: EncodingKey,
    public_pem: String,
    modulus: Vec<u8>,
    exponent: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey").field("kid", &self.kid).field("created", &self.created).finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Read `path`: an RSA private key of at least 2048 bits, PKCS#8
    /// (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`). The error
    /// says what is wrong with the file in words an operator can act on.
    pub fn read(path: &Path, kid_prefix: &str) -> Result<Self, String> {
        let pem = std::fs::read_to_string(path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
        let created = std::fs::metadata(path).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
        Self::from_pem(&pem, kid_prefix, created).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn from_pem(pem: &str, kid_prefix: &str, created: SystemTime) -> Result<Self, String> {
        let private = parse_private(pem)?;
        let bits = private.size() * 8;
        if bits < MIN_BITS {
            return Err(format!(
                "is a {bits}-bit RSA key; use one of at least {MIN_BITS} bits (jitsi-oidc-bridge keys generate --out DIR)"
            ));
        }
        let public = RsaPublicKey::from(&private);
        let der = public.to_public_key_der().map_err(|e| format!("cannot encode its public key ({e})"))?;
        let public_pem =
            public.to_public_key_pem(LineEnding::LF).map_err(|e| format!("cannot encode its public key ({e})"))?;
        let pkcs1 = private.to_pkcs1_der().map_err(|e| format!("cannot encode it for signing ({e})"))?;
        let encoding = EncodingKey::from_rsa_der(pkcs1.as_bytes());
        Ok(Self {
            kid: format!("{kid_prefix}{}", fingerprint(der.as_bytes())),
            created,
            encoding,
            public_pem,
            modulus: public.n().to_bytes_be(),
            exponent: public.e().to_bytes_be(),
        })
    }

    /// The `kid` of the tokens this key signs: the configured prefix and the
    /// start of the SHA-256 of the public key (SubjectPublicKeyInfo DER), so a
    /// new key always has a new `kid`, which Prosody's cache needs.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn created(&self) -> SystemTime {
        self.created
    }

    pub fn encoding(&self) -> &EncodingKey {
        &self.encoding
    }

    /// The public key as Prosody's key server serves it: `BEGIN PUBLIC KEY` PEM.
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// The name Prosody asks its key server for: `<hex(sha256(kid))>.pem`.
    pub fn asap_file_name(&self) -> String {
        asap_file_name(&self.kid)
    }

    /// The public key as a JWK for `cache_keys_url` (Prosody reads `n` and `e`,
    /// `token/jwk.lib.lua`).
    pub fn jwk(&self, algorithm: &str) -> Value {
        json!({
            "kty": "RSA",
            "use": "sig",
            "alg": algorithm,
            "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(&self.modulus),
            "e": URL_SAFE_NO_PAD.encode(&self.exponent),
        })
    }
}

/// Prosody's key server rule (jitsi-meet `resources/prosody-plugins/token/util.lib.lua`,
/// `get_public_key`): the key for `kid` is fetched from
/// `<asap_key_server>/<hex(sha256(kid))>.pem`; hashing keeps any `kid` a safe file name.
pub fn asap_file_name(kid: &str) -> String {
    format!("{}.pem", hex(&Sha256::digest(kid.as_bytes())))
}

fn fingerprint(public_der: &[u8]) -> String {
    let mut digits = hex(&Sha256::digest(public_der));
    digits.truncate(FINGERPRINT_HEX);
    digits
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_private(pem: &str) -> Result<RsaPrivateKey, String> {
    let label = pem.lines().map(str::trim).find_map(|line| line.strip_prefix("-----BEGIN ")?.strip_suffix("-----"));
    match label {
        Some("PRIVATE KEY") => RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| {
            format!("is not an RSA private key ({e}); RS256/RS384/RS512 need an RSA key (jitsi-oidc-bridge keys generate --out DIR)")
        }),
        Some("RSA PRIVATE KEY") => {
            RsaPrivateKey::from_pkcs1_pem(pem).map_err(|e| format!("is not a readable RSA private key ({e})"))
        }
        Some("ENCRYPTED PRIVATE KEY") => {
            Err("is encrypted with a passphrase; store it unencrypted with file permissions 0600 instead".into())
        }
        Some(other) if other.contains("PUBLIC KEY") || other == "CERTIFICATE" => {
            Err(format!("holds a {other}, not the private key the bridge signs with"))
        }
        Some(other) => Err(format!(
            "holds a {other}; RS256/RS384/RS512 need an RSA private key (jitsi-oidc-bridge keys generate --out DIR)"
        )),
        None => Err("is not a PEM file (no -----BEGIN line)".into()),
    }
}

#[cfg(test)]
#[path = "key_tests.rs"]
mod tests;
