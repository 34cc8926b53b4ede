//! `jitsi-oidc-bridge keys generate --out DIR`: a new RSA signing key, written
//! as PKCS#8 PEM readable by its owner only.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use rsa::RsaPrivateKey;

use super::key::{SigningKey, MIN_BITS};

/// Bits of a generated key: Prosody and Jitsi's clients handle 2048-bit keys;
/// larger ones only make every token slower to sign.
pub const GENERATED_BITS: usize = 2048;

/// The key written and what it is known by.
#[derive(Debug)]
pub struct Generated {
    pub path: PathBuf,
    pub kid: String,
    pub asap_file_name: String,
}

/// Write a new key into `dir` (created if missing, mode 0700) as
/// `<kid fingerprint>.pem` with mode 0600; never over an existing file.
pub fn generate(dir: &Path, kid_prefix: &str) -> Result<Generated, String> {
    let mut rng = rsa::rand_core::OsRng;
    let private = RsaPrivateKey::new(&mut rng, GENERATED_BITS.max(MIN_BITS))
        .map_err(|e| format!("could not generate an RSA key ({e})"))?;
    let pem = private.to_pkcs8_pem(LineEnding::LF).map_err(|e| format!("could not encode the key ({e})"))?;
    let key = SigningKey::from_pem(&pem, kid_prefix, SystemTime::now())?;
    let name = key.kid().rsplit('/').next().unwrap_or(key.kid()).to_owned();
    create_private_dir(dir)?;
    let path = dir.join(format!("{}.pem", sanitize(&name)));
    let mut file = private_file(&path)?;
    file.write_all(pem.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("could not write {} ({e})", path.display()))?;
    Ok(Generated { path, kid: key.kid().to_owned(), asap_file_name: key.asap_file_name() })
}

fn sanitize(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| format!("could not create {} ({e})", dir.display()))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("could not create {} ({e})", dir.display()))
}

#[cfg(unix)]
fn private_file(path: &Path) -> Result<std::fs::File, String> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("could not create {} ({e})", path.display()))
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> Result<std::fs::File, String> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("could not create {} ({e})", path.display()))
}
