//! `[jitsi.signing]`: how tokens are signed, checked at start and by `check-config`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::checks::Problems;
use crate::jitsi::signing::{KeyRing, KeySet, KeySource, Signing, SigningAlgorithm};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSigning {
    /// "HS256" (the default: `jitsi.app_secret`), "HS384", "HS512", or "RS256", "RS384",
    /// "RS512" with `key_file` or `keys_dir`.
    #[serde(default)]
    pub algorithm: SigningAlgorithm,
    /// One RSA private key (PKCS#8 PEM); its `kid` is derived from it.
    pub key_file: Option<PathBuf>,
    /// A directory of RSA private keys (`*.pem`): all are published, the newest
    /// that has been published long enough signs. Re-read every minute and on SIGHUP.
    pub keys_dir: Option<PathBuf>,
    /// `kid` = this prefix + the start of the public key's SHA-256.
    #[serde(default = "default_kid_prefix")]
    pub kid_prefix: String,
    /// How long a new key in `keys_dir` is published before tokens use it.
    #[serde(default = "default_publish_before_use")]
    pub publish_before_use_seconds: u64,
}

impl Default for RawSigning {
    fn default() -> Self {
        Self {
            algorithm: SigningAlgorithm::default(),
            key_file: None,
            keys_dir: None,
            kid_prefix: default_kid_prefix(),
            publish_before_use_seconds: default_publish_before_use(),
        }
    }
}

fn default_kid_prefix() -> String {
    "jitsi-oidc-bridge/".into()
}

fn default_publish_before_use() -> u64 {
    600
}

/// The validated signing settings; `secret` is `jitsi.app_secret` as given
/// (inline or from its file), `secret_given` whether the file named one at all.
pub(super) fn signing_settings(
    raw: RawSigning,
    secret: impl FnOnce(&mut Problems) -> Option<secrecy::SecretString>,
    secret_given: bool,
    problems: &mut Problems,
) -> Option<Signing> {
    let algorithm = raw.algorithm;
    problems.range("jitsi.signing.publish_before_use_seconds", raw.publish_before_use_seconds, 0, 7 * 86_400);
    if raw.kid_prefix.len() > 64 || raw.kid_prefix.chars().any(|c| !c.is_ascii_graphic()) {
        problems.push("jitsi.signing.kid_prefix", "use at most 64 printable ASCII characters, no spaces".into());
    }
    if !algorithm.is_rsa() {
        for (key, given) in
            [("jitsi.signing.key_file", raw.key_file.is_some()), ("jitsi.signing.keys_dir", raw.keys_dir.is_some())]
        {
            if given {
                problems.push(key, format!("is only for RS256/RS384/RS512; {} signs with jitsi.app_secret: remove it or set jitsi.signing.algorithm = \"RS256\"", algorithm.name()));
            }
        }
        return secret(problems).map(|secret| Signing::Secret { algorithm, secret });
    }
    if secret_given {
        problems.push(
            "jitsi.app_secret",
            format!("is not used with {}: remove it (and app_secret from Prosody), so no shared secret that can mint tokens is left behind", algorithm.name()),
        );
    }
    let (source, key) = match (raw.key_file, raw.keys_dir) {
        (Some(file), None) => (KeySource::File(file), "jitsi.signing.key_file"),
        (None, Some(dir)) => (KeySource::Dir(dir), "jitsi.signing.keys_dir"),
        (Some(_), Some(_)) => {
            problems.push("jitsi.signing", "key_file and keys_dir are both given: keep one".into());
            return None;
        }
        (None, None) => {
            problems.push(
                "jitsi.signing",
                format!(
                    "{} needs key_file or keys_dir (make a key with: jitsi-oidc-bridge keys generate --out DIR)",
                    algorithm.name()
                ),
            );
            return None;
        }
    };
    let keys = match KeySet::read(&source, &raw.kid_prefix) {
        Ok(keys) => keys,
        Err(found) => {
            for problem in found {
                problems.push(key, problem);
            }
            return None;
        }
    };
    let delay = Duration::from_secs(raw.publish_before_use_seconds);
    let ring = KeyRing::new(source, raw.kid_prefix, delay, keys);
    Some(Signing::Keys { algorithm, ring: Arc::new(ring) })
}
