//! `GET /{room}`, `GET /{tenant}/{room}` and `GET /login?room=&tenant=`.

use std::borrow::Cow;

use actix_web::http::Method;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use percent_encoding::percent_decode_str;
use serde::Deserialize;

use super::sign_in::{enter, start_login, WithoutSession};
use super::State;
use crate::error::AppError;
use crate::jitsi::{Destination, RoomTarget};
use crate::telemetry::RouteName;

/// The route names of the two room routes, for the metrics.
#[derive(Debug, Clone, Copy)]
pub struct RoomRoutes {
    pub room: RouteName,
    pub tenant_room: RouteName,
}

/// Whatever no explicit route took: `GET`/`HEAD` `/{room}` or
/// `/{tenant}/{room}` (one or two non-empty segments after the prefix,
/// percent-decoded as actix decodes path parameters), else 404.
#[tracing::instrument(name = "room", level = "debug", skip_all)]
pub async fn any_room(state: State, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let page = req.method() == Method::GET || req.method() == Method::HEAD;
    let rest = req.path().strip_prefix(state.public_url.prefix()).and_then(|rest| rest.strip_prefix('/'));
    let (Some(rest), true) = (rest, page) else {
        return Err(AppError::NotFound);
    };
    let mut segments = rest.split('/');
    let (first, second) = (segments.next().unwrap_or_default(), segments.next());
    if first.is_empty() || second.is_some_and(str::is_empty) || segments.next().is_some() {
        return Err(AppError::NotFound);
    }
    let names = req.app_data::<RoomRoutes>().copied();
    let target = match second {
        None => {
            if let Some(names) = names {
                req.extensions_mut().insert(names.room);
            }
            RoomTarget::parse(None, &decode(first))?
        }
        Some(room) => {
            if let Some(names) = names {
                req.extensions_mut().insert(names.tenant_room);
            }
            RoomTarget::parse(Some(&decode(first)), &decode(room))?
        }
    };
    enter(&state, &req, Destination::browser(target), WithoutSession::OfferChoice).await
}

/// A path segment decoded once, as actix decodes a `{room}` parameter.
fn decode(segment: &str) -> Cow<'_, str> {
    percent_decode_str(segment).decode_utf8_lossy()
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
