//! `GET /auth?room={room}&state={state}`: the target of Jitsi Meet's
//! `tokenAuthUrl`. The request is read the way jitsi-meet writes it
//! (`crate::jitsi::auth_request`): the raw room, Jitsi's state with its
//! overrides and app flags, and the `nonce` its inline sign-in popup appends.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::sign_in::{enter, WithoutSession};
use super::State;
use crate::error::AppError;
use crate::jitsi::AuthRequest;

#[derive(Debug, Deserialize)]
pub struct AuthQuery {
    state: Option<String>,
    room: Option<String>,
    nonce: Option<String>,
}

#[tracing::instrument(name = "token_auth_url", level = "debug", skip_all)]
pub async fn token_auth_url(
    state: State,
    req: HttpRequest,
    query: web::Query<AuthQuery>,
) -> Result<HttpResponse, AppError> {
    let request =
        AuthRequest { state: query.state.as_deref(), room: query.room.as_deref(), nonce: query.nonce.as_deref() };
    let destination = request.destination()?;
    // The visitor pressed "log in" in Jitsi (or Jitsi sent them back for a
    // fresh token): no landing page.
    enter(&state, &req, destination, WithoutSession::SignIn).await
}
