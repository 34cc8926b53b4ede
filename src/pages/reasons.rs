//! Why a room name or a request from Jitsi was refused, as whole sentences in
//! the visitor's language (the `name-*` and `auth-*` catalogue texts). The
//! errors' own `Display` (English) stays for the log.

use super::i18n::Language;
use crate::jitsi::{shown, AuthRequestError, NameError, NameKind, Shown};

/// "The room name contains “@”, which …", in `language`.
pub fn name(error: &NameError, language: Language) -> String {
    let t = |key: &str, args: &[(&str, &str)]| language.text(key, args);
    let by_kind = |room: &'static str, tenant: &'static str, kind: &NameKind| match kind {
        NameKind::Room => room,
        NameKind::Tenant => tenant,
    };
    match error {
        NameError::Empty(kind) => t(by_kind("name-room-empty", "name-tenant-empty", kind), &[]),
        NameError::TooLong { kind, max } => {
            t(by_kind("name-room-too-long", "name-tenant-too-long", kind), &[("max", &max.to_string())])
        }
        NameError::TooLongForServer => t("name-too-long-for-server", &[]),
        NameError::BadCharacter { kind, found } => {
            let found = character(*found, language);
            t(by_kind("name-room-bad-character", "name-tenant-bad-character", kind), &[("found", &found)])
        }
        NameError::Blank => t("name-blank", &[]),
        NameError::OuterSpace => t("name-outer-space", &[]),
        NameError::Dots => t("name-dots", &[]),
    }
}

/// A refused character as a visitor can recognise it.
fn character(c: char, language: Language) -> String {
    let t = |key: &str, args: &[(&str, &str)]| language.text(key, args);
    match shown(c) {
        Shown::Space => t("name-char-space", &[]),
        Shown::SpecialSpace(code) => t("name-char-special-space", &[("code", &code)]),
        Shown::Invisible(code) => t("name-char-invisible", &[("code", &code)]),
        Shown::LookAlike(c, plain) => {
            t("name-char-look-alike", &[("char", &c.to_string()), ("plain", &plain.to_string())])
        }
        Shown::Plain(c) => t("name-char-plain", &[("char", &c.to_string())]),
    }
}

/// Why a `tokenAuthUrl` request cannot be used, in `language`.
pub fn auth_request(error: &AuthRequestError, language: Language) -> String {
    let t = |key: &str, args: &[(&str, &str)]| language.text(key, args);
    match error {
        AuthRequestError::Name(error) => name(error, language),
        AuthRequestError::NoRoom => t("auth-no-room", &[]),
        AuthRequestError::MalformedState => t("auth-malformed-state", &[]),
        AuthRequestError::MalformedNonce => t("auth-malformed-nonce", &[]),
        AuthRequestError::RoomSafeMismatch { room, room_safe } => {
            t("auth-room-mismatch", &[("room", room), ("roomSafe", room_safe)])
        }
        AuthRequestError::UnknownApp(app) => t("auth-unknown-app", &[("app", app)]),
        AuthRequestError::SeveralApps(first, second) => t("auth-several-apps", &[("first", first), ("second", second)]),
        AuthRequestError::PopupInApp => t("auth-popup-in-app", &[]),
    }
}

#[cfg(test)]
#[path = "reasons_tests.rs"]
mod tests;
