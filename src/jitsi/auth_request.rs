//! What Jitsi Meet sends to its `tokenAuthUrl`, read the way jitsi-meet
//! writes it, into a [`Destination`].
//!
//! jitsi-meet (react/features/authentication/functions.{web,native}.ts,
//! `getTokenAuthUrl`) fills `{state}` with `encodeURIComponent(JSON.stringify(state))`
//! and `{room}` with the room as it stands in the address bar. The state
//! (`_getTokenAuthState` in functions.any.ts) holds:
//! - `room`: that same raw path segment, still percent-encoded;
//! - `roomSafe`: its backend-safe form (`getBackendSafeRoomName`);
//! - `tenant`: the path before the room, as raw as the room;
//! - `config.*` / `interfaceConfig.*` overrides of the visitor's URL;
//! - `electron: true` (desktop app) or `ios` / `android: true` (mobile apps).
//!
//! The inline sign-in popup (`loginWithPopup` in
//! react/features/authentication/actions.web.ts) appends `&nonce=<64 hex>`
//! to the URL; that parameter is how the bridge knows it runs in the popup.
//!
//! Pure code: no I/O, no clock reads.

use serde_json::{Map, Value};

use super::apps::JitsiApp;
use super::returns::{Client, Destination};
use super::room::{decode_segment, NameError, RoomTarget};
use super::url::ConfigOverrides;

/// Jitsi's own states are well under 1 KB; anything over this is not from Jitsi.
pub const MAX_STATE_BYTES: usize = 4 * 1024;
/// jitsi-meet's nonce is 32 random bytes in hex; allow some room, not a blob.
const MAX_NONCE_CHARS: usize = 128;

/// Why a `tokenAuthUrl` request was refused; the text is shown to the visitor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthRequestError {
    #[error(transparent)]
    Name(#[from] NameError),
    #[error("the request from Jitsi has no room")]
    NoRoom,
    #[error("the request's state is not the JSON object Jitsi sends")]
    MalformedState,
    #[error("the request's nonce is not the hexadecimal value Jitsi's sign-in window sends")]
    MalformedNonce,
    #[error("the room {room:?} does not match the room Jitsi named for it ({room_safe:?})")]
    RoomSafeMismatch { room: String, room_safe: String },
    #[error("the request names the app {0:?}, which is not a Jitsi app this service knows")]
    UnknownApp(String),
    #[error("the request names more than one Jitsi app ({0} and {1})")]
    SeveralApps(&'static str, &'static str),
    #[error("the request comes from a Jitsi app but asks for the browser's sign-in window")]
    PopupInApp,
}

/// The query of a `tokenAuthUrl` request, as received.
#[derive(Debug, Default, Clone, Copy)]
pub struct AuthRequest<'a> {
    /// `{state}`: URL-decoded once by the query parser, so JSON text.
    pub state: Option<&'a str>,
    /// `{room}`: the raw path segment.
    pub room: Option<&'a str>,
    /// Appended by jitsi-meet's inline sign-in popup.
    pub nonce: Option<&'a str>,
}

impl AuthRequest<'_> {
    /// The room, tenant, overrides and client this request stands for.
    pub fn destination(&self) -> Result<Destination, AuthRequestError> {
        let state = match self.state.filter(|s| !s.is_empty()) {
            Some(raw) if raw.len() > MAX_STATE_BYTES => return Err(AuthRequestError::MalformedState),
            Some(raw) => {
                serde_json::from_str::<Map<String, Value>>(raw).map_err(|_| AuthRequestError::MalformedState)?
            }
            None => Map::new(),
        };
        let text = |key: &str| state.get(key).and_then(Value::as_str).filter(|s| !s.is_empty());
        // The state's room is the raw segment, decoded here as jitsi-meet
        // decodes it; `{room}` was put into the URL raw, so the query parser's
        // one decoding already gives the same name.
        let room = match (text("room"), self.room.filter(|r| !r.is_empty())) {
            (Some(raw), _) => decode_segment(raw),
            (None, Some(decoded)) => decoded.into(),
            (None, None) => return Err(AuthRequestError::NoRoom),
        };
        let tenant = text("tenant").map(decode_segment);
        let target = RoomTarget::parse(tenant.as_deref(), &room)?;
        if let Some(room_safe) = text("roomSafe") {
            if !target.room.matches_backend_safe(room_safe) {
                return Err(AuthRequestError::RoomSafeMismatch {
                    room: target.room.to_string(),
                    room_safe: room_safe.chars().take(80).collect(),
                });
            }
        }
        let app = app_from_state(&state)?;
        let client = match (self.nonce, app) {
            (None, None) => Client::Browser,
            (None, Some(app)) => Client::App(app),
            (Some(nonce), None) if is_nonce(nonce) => Client::Popup,
            (Some(_), None) => return Err(AuthRequestError::MalformedNonce),
            // jitsi-meet opens the popup in browsers only (`openTokenAuthUrl`).
            (Some(_), Some(_)) => return Err(AuthRequestError::PopupInApp),
        };
        Ok(Destination { target, overrides: ConfigOverrides::from_state(&state), client })
    }
}

fn is_nonce(nonce: &str) -> bool {
    !nonce.is_empty() && nonce.len() <= MAX_NONCE_CHARS && nonce.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The app a state names, if any. A flag must be JSON `true` to count
/// (`false` and `null` mean none); a flag with any other value, or several
/// apps at once, cannot come from Jitsi.
fn app_from_state(state: &Map<String, Value>) -> Result<Option<JitsiApp>, AuthRequestError> {
    let mut found: Option<(&'static str, JitsiApp)> = None;
    for (flag, app) in JitsiApp::STATE_FLAGS {
        match state.get(flag) {
            None | Some(Value::Bool(false)) | Some(Value::Null) => {}
            Some(Value::Bool(true)) => {
                if let Some((first, _)) = found {
                    return Err(AuthRequestError::SeveralApps(first, flag));
                }
                found = Some((flag, app));
            }
            Some(other) => {
                let shown: String = other.to_string().chars().take(40).collect();
                return Err(AuthRequestError::UnknownApp(format!("{flag}={shown}")));
            }
        }
    }
    if let Some(platform) =
        JitsiApp::UNKNOWN_PLATFORMS.iter().find(|p| state.get(**p).is_some_and(|v| v != &Value::Bool(false)))
    {
        return Err(AuthRequestError::UnknownApp((*platform).to_owned()));
    }
    Ok(found.map(|(_, app)| app))
}

#[cfg(test)]
#[path = "auth_request_tests.rs"]
mod tests;
