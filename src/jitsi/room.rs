//! Room and tenant names: validated once at the edge, trusted everywhere after.
//!
//! The rules follow jitsi-meet's own code, so that every room Jitsi opens can be
//! signed in to (`react/features/base/util/uri.ts`, `parseURIString`, and
//! `react/features/base/conference/functions.ts`, whose `isRoomValid` asks only
//! for a non-empty string): letters of any script, digits, spaces, emoji and the
//! punctuation Jitsi keeps. Refused are the characters Jitsi strips from a room
//! segment, `%` and `\`, and anything invisible that could disguise a name.
//!
//! A checked name is decoded, is always pushed as one path segment, and so can
//! never change the shape of the URL it is put into; it knows the "backend-safe"
//! form Jitsi Meet derives from it, which Prosody compares with the token's `room`.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::room_chars::{describe, first_hidden, is_excluded, rule_for};

/// Longest room name accepted, in characters. jitsi-meet sets no limit of its
/// own (its issue 8637: names over 1023 bytes fail at the XMPP server), but
/// nobody types more than this.
pub const MAX_ROOM_CHARS: usize = 100;
/// Longest tenant accepted: a tenant becomes a DNS label in Jitsi's MUC mapper.
pub const MAX_TENANT_CHARS: usize = 63;
/// Longest backend-safe room name, in bytes. It is the node of the room's JID,
/// which XMPP caps at 1023 bytes, and Jitsi's MUC mapper writes it as
/// `[tenant]room`; NFKC and percent-encoding can grow one character to over
/// 100 bytes (`ﷺ`), so the character limit alone does not keep it under.
pub const MAX_BACKEND_SAFE_BYTES: usize = 1023 - (MAX_TENANT_CHARS + 2);

/// Which kind of name was refused, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Room,
    Tenant,
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Room => "room",
            Self::Tenant => "tenant",
        })
    }
}

/// Why a room or tenant name was refused; shown to the visitor after "Sorry, ".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the {0} name is empty")]
    Empty(NameKind),
    #[error("the {kind} name is longer than {max} characters")]
    TooLong { kind: NameKind, max: usize },
    #[error("the room name is too long for the meeting server (some characters take many bytes there); choose a shorter name")]
    TooLongForServer,
    #[error("the {kind} name contains {}, {}", describe(*found), rule_for(*kind))]
    BadCharacter { kind: NameKind, found: char },
    #[error("the room name is only spaces")]
    Blank,
    #[error("the room name starts or ends with a space")]
    OuterSpace,
    #[error("the room name cannot be only dots")]
    Dots,
}

/// Decode a raw, still percent-encoded room or tenant segment the way
/// jitsi-meet's `safeDecodeURIComponent` (`react/features/base/util/uri.ts`)
/// does: `decodeURIComponent`, or, on its `URIError` (a `%` without two hex
/// digits, bytes that are not UTF-8), the text unchanged. Whole or nothing.
pub fn decode_segment(raw: &str) -> Cow<'_, str> {
    let bytes = raw.as_bytes();
    let escapes_complete = bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'%')
        .all(|(i, _)| bytes.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)));
    if !escapes_complete {
        return Cow::Borrowed(raw);
    }
    percent_decode_str(raw).decode_utf8().unwrap_or(Cow::Borrowed(raw))
}

/// A Jitsi room name as the visitor wrote it (decoded), checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RoomName(String);

impl RoomName {
    /// Check a decoded name (a path segment or query value the framework has
    /// already decoded, a config key). A `%` is refused, never decoded again.
    pub fn parse(name: &str) -> Result<Self, NameError> {
        check_length(name, NameKind::Room, MAX_ROOM_CHARS)?;
        if let Some(found) = first_hidden(name).or_else(|| name.chars().find(|&c| is_excluded(c))) {
            return Err(NameError::BadCharacter { kind: NameKind::Room, found });
        }
        // Jitsi's own pages never make these: `parseStandardURIString` strips
        // unencoded whitespace. A hand-written `%20` would look like another room.
        if name.chars().all(char::is_whitespace) {
            return Err(NameError::Blank);
        }
        if name.starts_with(char::is_whitespace) || name.ends_with(char::is_whitespace) {
            return Err(NameError::OuterSpace);
        }
        // `.` and `..` would be dropped or climb a level as a path segment (the
        // url crate skips them on push); NFKC turns `．．` and `‥` into `..`.
        let only_dots = if name.is_ascii() { name.bytes().all(|b| b == b'.') } else { name.nfkc().all(|c| c == '.') };
        if only_dots {
            return Err(NameError::Dots);
        }
        let room = Self(name.to_owned());
        if room.backend_safe().len() > MAX_BACKEND_SAFE_BYTES {
            return Err(NameError::TooLongForServer);
        }
        Ok(room)
    }

    /// The name as written, for display and for the room URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name Jitsi Meet uses for the conference, as its
    /// `getBackendSafeRoomName` (`react/features/base/util/uri.ts`) computes it:
    /// `decodeURIComponent` (a no-op on a checked name), `normalizeNFKC`,
    /// `toLowerCase()`, `encodeURIComponent`, then `toLowerCase()` again for the
    /// hex. `MyRoom` -> `myroom`, `Café Ünïcode` -> `caf%c3%a9%20%c3%bcn%c3%afcode`.
    /// `str::to_lowercase` applies the final-sigma rule as JavaScript does.
    /// ASCII is its own NFKC form, so most names skip the normalisation.
    pub fn backend_safe(&self) -> String {
        if self.0.is_ascii() {
            return backend_safe_of_ascii(&self.0);
        }
        Self::backend_safe_by_nfkc(&self.0)
    }

    fn backend_safe_by_nfkc(name: &str) -> String {
        let lowered: String = name.nfkc().collect::<String>().to_lowercase();
        utf8_percent_encode(&lowered, URI_COMPONENT).to_string().to_lowercase()
    }

    /// Whether `room_safe` (the `roomSafe` of Jitsi's `tokenAuthUrl` state,
    /// `getBackendSafeRoomName(roomName)` in `_getTokenAuthState`,
    /// `react/features/authentication/functions.any.ts`) names this room. That
    /// function ends in `toLowerCase()`, so the comparison is exact.
    pub fn matches_backend_safe(&self, room_safe: &str) -> bool {
        self.backend_safe() == room_safe
    }
}

/// `backend_safe` of an ASCII name: lower-cased, percent-encoded, lower-case hex.
fn backend_safe_of_ascii(name: &str) -> String {
    let mut safe = String::with_capacity(name.len() + 8);
    for piece in utf8_percent_encode(name, URI_COMPONENT) {
        safe.push_str(piece);
    }
    safe.make_ascii_lowercase();
    safe
}

#[cfg(test)]
pub(crate) fn backend_safe_by_nfkc(name: &str) -> String {
    RoomName::backend_safe_by_nfkc(name)
}

impl fmt::Display for RoomName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Jitsi tenant (the path before the room: `https://meet/<tenant>/<room>`).
/// Jitsi turns it into a subdomain of the MUC service (`config.js`:
/// `subdomain.split('.').join('_').toLowerCase()`, Prosody's
/// `[tenant]room@conference.domain`) and the token's `sub`: so a DNS-label-like name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantName(String);

impl TenantName {
    pub fn parse(name: &str) -> Result<Self, NameError> {
        check_length(name, NameKind::Tenant, MAX_TENANT_CHARS)?;
        if let Some(found) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))) {
            return Err(NameError::BadCharacter { kind: NameKind::Tenant, found });
        }
        Ok(Self(name.to_owned()))
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
    /// From decoded names.
    pub fn parse(tenant: Option<&str>, room: &str) -> Result<Self, NameError> {
        Ok(Self { tenant: tenant.map(TenantName::parse).transpose()?, room: RoomName::parse(room)? })
    }

    /// From segments as Jitsi hands them over, percent-encoded or not: the
    /// `room` and `tenant` of its `tokenAuthUrl` state are the segments of the
    /// meeting URL (`_handleLogin` in `react/features/authentication/middleware.ts`).
    pub fn parse_encoded(tenant: Option<&str>, room: &str) -> Result<Self, NameError> {
        Self::parse(tenant.map(decode_segment).as_deref(), &decode_segment(room))
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
pub const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

fn check_length(name: &str, kind: NameKind, max: usize) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty(kind));
    }
    if name.chars().count() > max {
        return Err(NameError::TooLong { kind, max });
    }
    Ok(())
}

#[cfg(test)]
#[path = "room_tests.rs"]
mod tests;
