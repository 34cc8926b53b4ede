//! The checks behind `Settings::from_raw`: URL rules, the access policy, and
//! the list of problems that is reported at once.

use std::collections::HashMap;
use std::path::Path;

use secrecy::{ExposeSecret, SecretString};

use super::{RawAccess, RawRule};
use crate::jitsi::{RoomTarget, TenantName};
use crate::policy::{AccessPolicy, GroupSet, RoomKey, Rule};

pub(super) fn access_policy(raw: &RawAccess, problems: &mut Problems) -> Option<AccessPolicy> {
    if raw.allowed_groups.is_empty() {
        problems.push(
            "access.allowed_groups",
            "is empty, so nobody could sign in: list the IdP groups that may, or [\"*\"] for everyone the provider authenticates".into(),
        );
        return None;
    }
    let rule = |r: &RawRule| Rule {
        allowed: r.allowed_groups.as_deref().map(GroupSet::from_list),
        moderators: r.moderator_groups.as_deref().map(GroupSet::from_list),
    };
    let mut tenants = HashMap::new();
    for (name, r) in &raw.tenants {
        match TenantName::parse(name) {
            Ok(tenant) => {
                tenants.insert(tenant.lowercase(), rule(r));
            }
            Err(e) => problems.push(&format!("access.tenants.{name}"), format!("{e}")),
        }
    }
    let mut rooms = HashMap::new();
    for (key, r) in &raw.rooms {
        match RoomTarget::parse_path(key) {
            Ok(target) => {
                rooms.insert(RoomKey::of(&target), rule(r));
            }
            Err(e) => {
                problems.push(&format!("access.rooms.\"{key}\""), format!("{e}; keys are \"room\" or \"tenant/room\""))
            }
        }
    }
    Some(AccessPolicy {
        allowed: GroupSet::from_list(&raw.allowed_groups),
        moderators: GroupSet::from_list(&raw.moderator_groups),
        tenants,
        rooms,
    })
}

#[derive(Default)]
pub(super) struct Problems(pub(super) Vec<String>);

impl Problems {
    pub(super) fn push(&mut self, key: &str, problem: String) {
        self.0.push(format!("{key}: {problem}"));
    }

    pub(super) fn mentions(&self, key: &str) -> bool {
        self.0.iter().any(|p| p.starts_with(key))
    }

    pub(super) fn check<T>(&mut self, key: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|problem| self.push(key, problem)).ok()
    }

    pub(super) fn non_empty(&mut self, key: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(key, "must not be empty".into());
        }
    }

    pub(super) fn range(&mut self, key: &str, value: u64, min: u64, max: u64) {
        if !(min..=max).contains(&value) {
            self.push(key, format!("{value} is out of range: use {min} to {max}"));
        }
    }

    /// A secret given inline or in `<key>_file`, exactly one of the two, of `min_bytes` or more.
    pub(super) fn secret(
        &mut self,
        key: &str,
        inline: Option<String>,
        file: Option<&Path>,
        min_bytes: usize,
    ) -> Option<SecretString> {
        let value = match (inline, file) {
            (Some(_), Some(_)) => {
                self.push(key, format!("is given both inline and as {key}_file: keep one"));
                return None;
            }
            (None, None) => {
                self.push(key, format!("is missing: set {key} or {key}_file"));
                return None;
            }
            (Some(value), None) => value,
            (None, Some(path)) => match std::fs::read_to_string(path) {
                Ok(text) => text.trim_end_matches(['\n', '\r']).to_owned(),
                Err(e) => {
                    self.push(&format!("{key}_file"), format!("cannot read {} ({e})", path.display()));
                    return None;
                }
            },
        };
        let secret = SecretString::from(value);
        if secret.expose_secret().len() < min_bytes {
            self.push(
                key,
                format!("is shorter than {min_bytes} bytes: use a longer random value (openssl rand -base64 48)"),
            );
            return None;
        }
        Some(secret)
    }
}

/// The certificates of a PEM bundle, at least one.
pub(super) fn read_ca_file(path: &Path) -> Result<Vec<reqwest::Certificate>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
    let certificates = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| format!("{} is not a PEM certificate bundle ({e})", path.display()))?;
    if certificates.is_empty() {
        return Err(format!("{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)", path.display()));
    }
    Ok(certificates)
}
