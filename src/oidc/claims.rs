//! Reading identity and groups out of verified ID-token and userinfo claims.

use std::collections::HashMap;

use openidconnect::AdditionalClaims;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::identity::Identity;

/// Every claim beyond the standard ones, kept as JSON so the groups claim can
/// have whatever name the provider gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExtraClaims {
    #[serde(flatten)]
    pub claims: HashMap<String, Value>,
}

impl AdditionalClaims for ExtraClaims {}

impl ExtraClaims {
    /// The groups under `claim`: an array of strings, or one string. The exact
    /// name is tried first (some providers use URLs as claim names), then a
    /// dotted path into nested objects (`realm_access.roles`).
    /// `None` when the claim is absent, so userinfo can be asked instead.
    pub fn groups(&self, claim: &str) -> Option<Vec<String>> {
        match self.value(claim)? {
            Value::String(one) => Some(vec![one.clone()]),
            Value::Array(items) => Some(items.iter().filter_map(Value::as_str).map(str::to_owned).collect()),
            _ => None,
        }
    }

    /// The claim `claim` by exact name, else by dotted path into nested objects.
    fn value(&self, claim: &str) -> Option<&Value> {
        self.claims.get(claim).or_else(|| {
            let mut parts = claim.split('.');
            let first = self.claims.get(parts.next()?)?;
            parts.try_fold(first, |value, part| value.get(part))
        })
    }

    /// A text claim (a string, or a number written out) by name or dotted path.
    pub fn text(&self, claim: &str) -> Option<String> {
        match self.value(claim)? {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    /// The groups under every claim in `claims`, pooled (for example Keycloak's
    /// `groups` and `realm_access.roles`, or Entra's `groups` and `roles`).
    /// `None` when none of them is present.
    pub fn groups_from(&self, claims: &[String]) -> Option<Vec<String>> {
        let mut found: Option<Vec<String>> = None;
        for claim in claims {
            if let Some(values) = self.groups(claim) {
                let all = found.get_or_insert_with(Vec::new);
                all.extend(values.into_iter().filter(|v| !all.contains(v)).collect::<Vec<_>>());
            }
        }
        found
    }

    /// Entra ID's "groups overage": too many groups to list, so the token names
    /// where to fetch them (`_claim_names.groups`) instead of listing them.
    pub fn groups_overage(&self) -> bool {
        self.claims.get("_claim_names").and_then(|names| names.get("groups")).is_some()
    }
}

/// Longest display name kept, in characters.
pub const MAX_NAME_CHARS: usize = 256;

/// Without control characters and the bidirectional controls that can make a
/// name display as something else (U+202A..U+202E, U+2066..U+2069, U+200E/F, U+061C).
pub fn clean(value: &str) -> String {
    value
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        })
        .collect()
}

/// At most `max` characters, cut at a character boundary.
fn cut(value: &str, max: usize) -> String {
    value.chars().take(max).collect()
}

/// Profile fields from one source of standard claims (ID token or userinfo).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: Option<String>,
    pub email: Option<String>,
    pub picture: Option<String>,
    pub groups: Option<Vec<String>>,
    /// The `email_verified` claim; e-mail domain rules count only verified addresses.
    pub email_verified: Option<bool>,
    /// The provider said the groups are too many to list (Entra `_claim_names`).
    pub groups_overage: bool,
    /// `context.user.id` when `oidc.claims.id` names another claim than `sub`.
    pub user_id: Option<String>,
}

/// `[oidc.claims]`: which claims become the token's user fields. `None`: the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimMapping {
    /// The first of these that is present and not blank becomes the name.
    pub name: Option<Vec<String>>,
    pub email: Option<String>,
    pub avatar: Option<String>,
    /// `context.user.id` (the session still belongs to the provider's `sub`).
    pub id: Option<String>,
}

impl Profile {
    /// Apply `[oidc.claims]`, reading each named claim through `lookup`.
    pub fn mapped(mut self, mapping: &ClaimMapping, lookup: impl Fn(&str) -> Option<String>) -> Self {
        if let Some(names) = &mapping.name {
            self.name = names.iter().filter_map(|claim| lookup(claim)).find(|n| !n.trim().is_empty());
        }
        if let Some(claim) = &mapping.email {
            self.email = lookup(claim);
        }
        if let Some(claim) = &mapping.avatar {
            self.picture = lookup(claim).filter(|p| p.starts_with("https://") || p.starts_with("http://"));
        }
        if let Some(claim) = mapping.id.as_deref().filter(|claim| *claim != "sub") {
            self.user_id = lookup(claim);
        }
        self
    }
}

/// Build a [`Profile`] from ID-token or userinfo claims (both offer the same getters).
macro_rules! profile_from {
    ($claims:expr, $groups_claim:expr, $mapping:expr) => {{
        let claims = $claims;
        let mut profile = $crate::oidc::claims::Profile::from_parts(
            claims.name().and_then(|n| n.get(None)).map(|n| n.to_string()),
            claims.given_name().and_then(|n| n.get(None)).map(|n| n.to_string()),
            claims.family_name().and_then(|n| n.get(None)).map(|n| n.to_string()),
            claims.preferred_username().map(|u| u.to_string()),
            claims.email().map(|e| e.to_string()),
            claims.picture().and_then(|p| p.get(None)).map(|p| p.to_string()),
            claims.additional_claims().groups_from($groups_claim),
        );
        profile.email_verified = claims.email_verified();
        profile.groups_overage = claims.additional_claims().groups_overage();
        let text = |claim: &str| -> Option<String> {
            match claim {
                "sub" => Some(claims.subject().to_string()),
                "name" => claims.name().and_then(|n| n.get(None)).map(|n| n.to_string()),
                "given_name" => claims.given_name().and_then(|n| n.get(None)).map(|n| n.to_string()),
                "family_name" => claims.family_name().and_then(|n| n.get(None)).map(|n| n.to_string()),
                "nickname" => claims.nickname().and_then(|n| n.get(None)).map(|n| n.to_string()),
                "preferred_username" => claims.preferred_username().map(|u| u.to_string()),
                "email" => claims.email().map(|e| e.to_string()),
                "picture" => claims.picture().and_then(|p| p.get(None)).map(|p| p.to_string()),
                other => claims.additional_claims().text(other),
            }
        };
        profile.mapped($mapping, text)
    }};
}
pub(crate) use profile_from;

impl Profile {
    /// The display name is `name`, else "given family", else `preferred_username`.
    pub fn from_parts(
        name: Option<String>,
        given: Option<String>,
        family: Option<String>,
        username: Option<String>,
        email: Option<String>,
        picture: Option<String>,
        groups: Option<Vec<String>>,
    ) -> Self {
        let full = match (given, family) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            (g, f) => g.or(f),
        };
        let name = [name, full, username].into_iter().flatten().find(|n| !n.trim().is_empty());
        let picture = picture.filter(|p| p.starts_with("https://") || p.starts_with("http://"));
        Self { name, email, picture, groups, email_verified: None, groups_overage: false, user_id: None }
    }

    /// Whether this profile has what the bridge needs without asking userinfo:
    /// the groups claim (possibly empty) and a display name. E-mail and picture
    /// are nice to have, not worth a round trip on every sign-in.
    pub fn is_complete(&self) -> bool {
        self.groups.is_some() && self.name.is_some()
    }

    /// Fill what this profile lacks from `other`.
    pub fn or(self, other: Profile) -> Self {
        // Verified goes with the address it speaks of.
        let email_verified = if self.email.is_some() { self.email_verified } else { other.email_verified };
        Self {
            name: self.name.or(other.name),
            email: self.email.or(other.email),
            picture: self.picture.or(other.picture),
            groups: self.groups.or(other.groups),
            email_verified,
            groups_overage: self.groups_overage || other.groups_overage,
            user_id: self.user_id.or(other.user_id),
        }
    }

    /// The identity the bridge keeps: every value cleaned of control and
    /// bidirectional-override characters (they reach tokens, pages and logs),
    /// the name cut to 256 characters, and at most `max_groups` groups.
    pub fn into_identity(self, subject: String, max_groups: usize) -> Identity {
        let mut groups: Vec<String> =
            self.groups.unwrap_or_default().iter().map(|g| clean(g)).filter(|g| !g.is_empty()).collect();
        if groups.len() > max_groups {
            tracing::warn!(
                user = %clean(&subject),
                received = groups.len(),
                kept = max_groups,
                "more groups than oidc.max_groups: the rest are dropped; rules naming them will not match"
            );
            groups.truncate(max_groups);
        }
        Identity {
            subject,
            name: self.name.map(|n| cut(&clean(&n), MAX_NAME_CHARS)).filter(|n| !n.trim().is_empty()),
            email: self.email.map(|e| clean(&e)),
            email_verified: self.email_verified == Some(true),
            picture: self.picture.map(|p| clean(&p)),
            user_id: self.user_id.map(|id| clean(&id)).filter(|id| !id.is_empty()),
            groups,
        }
    }
}

#[cfg(test)]
#[path = "claims_tests.rs"]
mod tests;
