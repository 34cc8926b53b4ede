//! Room and tenant names: validated once at the edge, trusted everywhere after.
//!
//! A name that reaches the core can never change the shape of the URL it is put
//! into (no `/`, `?`, `#`, `%`, `..`, control characters), and it knows the
//! "backend-safe" form Jitsi Meet derives from it, which is what Prosody compares
//! against the token's `room` claim.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Longest room name accepted, in characters. Jitsi has no hard limit short of
/// XMPP's 1023-byte node, but nobody types more than this and encoded names grow
/// up to nine bytes per character.
pub const MAX_ROOM_CHARS: usize = 100;
/// Longest tenant accepted: a tenant becomes a DNS label in Jitsi's MUC mapper.
pub const MAX_TENANT_CHARS: usize = 63;

/// Why a room or tenant name was refused; shown to the visitor as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the {0} name is empty")]
    Empty(&'static str),
    #[error("the {kind} name is longer than {max} characters")]
    TooLong { kind: &'static str, max: usize },
    #[error("the {kind} name contains {found:?}, which is not allowed (use letters, digits, '-', '_' or '.')")]
    BadCharacter { kind: &'static str, found: char },
    #[error("the {0} name may not contain \"..\" or be only dots")]
    Dots(&'static str),
}

/// A Jitsi room name as the visitor wrote it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RoomName(String);

impl RoomName {
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        const KIND: &str = "room";
        check_length(raw, KIND, MAX_ROOM_CHARS)?;
        if let Some(found) = raw.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))) {
            return Err(NameError::BadCharacter { kind: KIND, found });
        }
        check_dots(raw, KIND)?;
        Ok(Self(raw.to_owned()))
    }

    /// The name as written, for display and for the room URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name Jitsi Meet uses for the conference (its `getBackendSafeRoomName`):
    /// NFKC, lower case, then percent-encoded as `encodeURIComponent` does, with
    /// lower-case hex. `MyRoom` -> `myroom`, `Café` -> `caf%c3%a9`.
    pub fn backend_safe(&self) -> String {
        let lowered: String = self.0.nfkc().collect::<String>().to_lowercase();
        utf8_percent_encode(&lowered, URI_COMPONENT).to_string().to_lowercase()
    }
}

impl fmt::Display for RoomName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Jitsi tenant (the first path segment of `https://meet/<tenant>/<room>`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantName(String);

impl TenantName {
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        const KIND: &str = "tenant";
        check_length(raw, KIND, MAX_TENANT_CHARS)?;
        if let Some(found) = raw.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))) {
            return Err(NameError::BadCharacter { kind: KIND, found });
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Tenants are compared case-insensitively by Prosody; tokens carry them in lower case.
    pub fn lowercase(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl fmt::Display for TenantName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a visitor wants to go: a room, optionally under a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoomTarget {
    pub tenant: Option<TenantName>,
    pub room: RoomName,
}

impl RoomTarget {
    pub fn parse(tenant: Option<&str>, room: &str) -> Result<Self, NameError> {
        Ok(Self { tenant: tenant.map(TenantName::parse).transpose()?, room: RoomName::parse(room)? })
    }

    /// Parse the `room` or `tenant/room` form administrators write (config keys, CLI).
    pub fn parse_path(path: &str) -> Result<Self, NameError> {
        match path.split_once('/') {
            Some((tenant, room)) => Self::parse(Some(tenant), room),
            None => Self::parse(None, path),
        }
    }

    /// `tenant/room` or `room`, for pages and logs.
    pub fn display_path(&self) -> String {
        match &self.tenant {
            Some(tenant) => format!("{tenant}/{}", self.room),
            None => self.room.to_string(),
        }
    }
}

macro_rules! string_conversions {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = NameError;
            fn try_from(raw: String) -> Result<Self, NameError> {
                Self::parse(&raw)
            }
        }
        impl From<$name> for String {
            fn from(name: $name) -> String {
                name.0
            }
        }
    };
}
string_conversions!(RoomName);
string_conversions!(TenantName);

/// What `encodeURIComponent` leaves alone: `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

fn check_length(raw: &str, kind: &'static str, max: usize) -> Result<(), NameError> {
    if raw.is_empty() {
        return Err(NameError::Empty(kind));
    }
    if raw.chars().count() > max {
        return Err(NameError::TooLong { kind, max });
    }
    Ok(())
}

fn check_dots(raw: &str, kind: &'static str) -> Result<(), NameError> {
    if raw.contains("..") || raw.chars().all(|c| c == '.') {
        return Err(NameError::Dots(kind));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_and_unicode_rooms() {
        for ok in ["standup", "Team-Sync_2", "Café", "会議室", "v1.2", "Ünïcödé"] {
            assert!(RoomName::parse(ok).is_ok(), "{ok} should be accepted");
        }
    }

    #[test]
    fn refuses_names_that_could_change_the_url() {
        for bad in [
            "",
            "a/b",
            "//evil.example/x",
            "a?b",
            "a#b",
            "%2F",
            "a%2fb",
            "..",
            ".",
            "a..b",
            "a b",
            "a\u{0}b",
            "a\nb",
            "a\u{7f}",
            "a\\b",
            "a@b",
            "[t]room",
            "a:b",
        ] {
            assert!(RoomName::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn refuses_very_long_names() {
        let long = "a".repeat(MAX_ROOM_CHARS + 1);
        assert_eq!(RoomName::parse(&long), Err(NameError::TooLong { kind: "room", max: MAX_ROOM_CHARS }));
        assert!(RoomName::parse(&"é".repeat(MAX_ROOM_CHARS)).is_ok());
    }

    #[test]
    fn backend_safe_matches_jitsi_meet() {
        let cases = [
            ("MyRoom", "myroom"),
            ("Café", "caf%c3%a9"),
            ("ÅNGSTRÖM", "%c3%a5ngstr%c3%b6m"),
            ("ﬁle", "file"),
            ("a~b.c-d_e", "a~b.c-d_e"),
        ];
        for (raw, expected) in cases {
            let room = RoomName::parse(raw).unwrap();
            assert_eq!(room.backend_safe(), expected, "{raw}");
        }
    }

    #[test]
    fn tenants_are_dns_label_like() {
        assert!(TenantName::parse("sales-emea").is_ok());
        for bad in ["", "a.b", "é", "a/b", "[x]", &"t".repeat(64)] {
            assert!(TenantName::parse(bad).is_err(), "{bad:?} should be refused");
        }
        let tenant = TenantName::parse("Sales").unwrap();
        assert_eq!(tenant.lowercase(), "sales");
    }
}
