//! The checks behind `Settings::from_raw`: URL rules, the access policy, and
//! the list of problems that is reported at once.

use std::collections::BTreeMap;
use std::path::Path;

use secrecy::{ExposeSecret, SecretString};

use super::{RawAccess, RawRule};
use crate::jitsi::features::Feature;
use crate::jitsi::{RoomTarget, TenantName};
use crate::policy::{AccessPolicy, GroupComparison, Matcher, RoomKey, Rule};

pub(super) fn access_policy(raw: &RawAccess, paths: bool, problems: &mut Problems) -> Option<AccessPolicy> {
    if raw.allowed_groups.is_empty() && raw.allowed_email_domains.is_empty() {
        problems.push(
            "access.allowed_groups",
            "is empty, so nobody could sign in: list the IdP groups that may, or [\"*\"] for everyone the provider authenticates (or set access.allowed_email_domains)".into(),
        );
        return None;
    }
    let comparison = GroupComparison { mode: raw.group_match, paths };
    let matcher = |groups: Option<&Vec<String>>, domains: Option<&Vec<String>>| match (groups, domains) {
        (None, None) => None,
        (groups, domains) => Some(Matcher::new(
            groups.map_or(&[][..], Vec::as_slice),
            domains.map_or(&[][..], Vec::as_slice),
            comparison,
        )),
    };
    let features = |key: &str, raw: &BTreeMap<String, Vec<String>>, problems: &mut Problems| {
        let mut parsed = BTreeMap::new();
        for (name, groups) in raw {
            if let Some(feature) = problems.check(&format!("{key}.{name}"), Feature::parse(name)) {
                parsed.insert(feature, Matcher::new(groups, &[], comparison));
            }
        }
        parsed
    };
    let rule = |key: &str, r: &RawRule, problems: &mut Problems| Rule {
        allowed: matcher(r.allowed_groups.as_ref(), r.allowed_email_domains.as_ref()),
        moderators: matcher(r.moderator_groups.as_ref(), r.moderator_email_domains.as_ref()),
        lobby_bypass: matcher(r.lobby_bypass_groups.as_ref(), None),
        hidden_from_recorder: matcher(r.hidden_from_recorder_groups.as_ref(), None),
        visitor: matcher(r.visitor_groups.as_ref(), None),
        features: features(&format!("{key}.features"), &r.features, problems),
        extend: r.extend,
    };
    let mut policy = AccessPolicy::new(
        Matcher::new(&raw.allowed_groups, &raw.allowed_email_domains, comparison),
        Matcher::new(&raw.moderator_groups, &raw.moderator_email_domains, comparison),
    );
    policy.comparison = comparison;
    policy.global.lobby_bypass = Some(Matcher::new(&raw.lobby_bypass_groups, &[], comparison));
    policy.global.hidden_from_recorder = Some(Matcher::new(&raw.hidden_from_recorder_groups, &[], comparison));
    policy.global.visitor = Some(Matcher::new(&raw.visitor_groups, &[], comparison));
    policy.global.features = features("access.features", &raw.features, problems);
    for (name, r) in &raw.tenants {
        let key = format!("access.tenants.{name}");
        match TenantName::parse(name) {
            Ok(tenant) => {
                let parsed = rule(&key, r, problems);
                policy.tenants.insert(tenant.lowercase(), parsed);
            }
            Err(e) => problems.push(&key, format!("{e}")),
        }
    }
    for (name, r) in &raw.rooms {
        let key = format!("access.rooms.\"{name}\"");
        match RoomTarget::parse_path(name) {
            Ok(target) => {
                let parsed = rule(&key, r, problems);
                policy.rooms.insert(RoomKey::of(&target), parsed);
            }
            Err(e) => problems.push(&key, format!("{e}; keys are \"room\" or \"tenant/room\"")),
        }
    }
    Some(policy)
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
