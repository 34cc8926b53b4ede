//! `GET /{room}`, `GET /{tenant}/{room}` and `GET /login?room=&tenant=`.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::sign_in::{enter, start_login, WithoutSession};
use super::State;
use crate::error::AppError;
use crate::jitsi::{Destination, RoomTarget};

#[tracing::instrument(name = "room", level = "debug", skip_all)]
pub async fn room(state: State, req: HttpRequest, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let target = RoomTarget::parse(None, &path)?;
    enter(&state, &req, Destination::browser(target), WithoutSession::OfferChoice).await
}

#[tracing::instrument(name = "tenant_room", level = "debug", skip_all)]
pub async fn tenant_room(
    state: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (tenant, room) = path.into_inner();
    let target = RoomTarget::parse(Some(&tenant), &room)?;
    enter(&state, &req, Destination::browser(target), WithoutSession::OfferChoice).await
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    room: Option<String>,
    tenant: Option<String>,
    /// "login": sign in again with other credentials, even if signed in here.
    prompt: Option<String>,
}

/// The landing page's "Sign in": straight to the provider (or the room, if signed in).
#[tracing::instrument(name = "login", level = "debug", skip_all)]
pub async fn login(state: State, req: HttpRequest, query: web::Query<LoginQuery>) -> Result<HttpResponse, AppError> {
    let room = query.room.as_deref().ok_or(AppError::BadRequest("room"))?;
    let tenant = query.tenant.as_deref().filter(|t| !t.is_empty());
    let target = RoomTarget::parse(tenant, room)?;
    match query.prompt.as_deref() {
        None => enter(&state, &req, Destination::browser(target), WithoutSession::SignIn).await,
        Some("login") => start_login(&state, &req, Destination::browser(target), true).await,
        Some(_) => Err(AppError::BadRequest("prompt")),
    }
}
