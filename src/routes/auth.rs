//! `GET /auth?state=...&room=...`: the target of Jitsi Meet's `tokenAuthUrl`
//! (configure it as `https://<bridge>/auth?room={room}&state={state}`).
//! Jitsi's state is URL-encoded JSON: `room`, `roomSafe`, `tenant`, and the
//! `config.*` overrides of the visitor's URL, which are carried back.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::sign_in::{enter, WithoutSession};
use super::State;
use crate::error::AppError;
use crate::jitsi::{ConfigOverrides, RoomTarget};

/// Jitsi's state is small; anything bigger is not from Jitsi.
const MAX_STATE_BYTES: usize = 8 * 1024;

#[derive(Debug, Deserialize)]
pub struct AuthQuery {
    state: Option<String>,
    room: Option<String>,
}

#[tracing::instrument(name = "token_auth_url", skip_all)]
pub async fn token_auth_url(
    state: State,
    req: HttpRequest,
    query: web::Query<AuthQuery>,
) -> Result<HttpResponse, AppError> {
    let jitsi_state = match query.state.as_deref() {
        Some(raw) if raw.len() > MAX_STATE_BYTES => return Err(AppError::BadRequest("state")),
        Some(raw) => serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw)
            .map_err(|_| AppError::BadRequest("state"))?,
        None => serde_json::Map::new(),
    };
    let text = |key: &str| jitsi_state.get(key).and_then(|v| v.as_str()).filter(|s| !s.is_empty());
    let room = text("room").or(query.room.as_deref().filter(|r| !r.is_empty())).ok_or(AppError::BadRequest("room"))?;
    let target = RoomTarget::parse(text("tenant"), room)?;
    let overrides = ConfigOverrides::from_state(&jitsi_state);
    // The visitor pressed "log in" in Jitsi: no landing page.
    enter(&state, &req, target, overrides, WithoutSession::SignIn).await
}
