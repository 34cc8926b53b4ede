//! Signing out: `POST /logout` ends the bridge session and sends the browser
//! on to the provider's end-session endpoint (so a shared PC does not sign the
//! next person in silently), which returns it to `GET /signed-out`.
//!
//! A request from another site must not sign anyone out. `POST /logout` takes
//! a same-site request (by `Sec-Fetch-Site`, else `Origin`) or the form's CSRF
//! token. `GET /logout` shows a page with a sign-out button, except for a
//! top-level navigation from our own site (`Sec-Fetch-Site` same-origin or
//! same-site, `Sec-Fetch-Mode: navigate`, `Sec-Fetch-Dest: document`): that is
//! how Jitsi's `tokenLogoutUrl` arrives (a plain `window.location` navigation,
//! jitsi-meet `react/features/settings/actions.web.ts`), and it can carry no
//! token of ours.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use url::Url;

use super::sign_in::redirect;
use super::{bridge_login_path, bridge_room_path, State};
use crate::error::AppError;
use crate::jitsi::RoomTarget;
use crate::pages::{self, SignOut, SignedOut};
use crate::public_url::PublicUrl;
use crate::session::cookie::{CookieValue, Which};
use crate::session::digest;

#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    csrf: Option<String>,
    /// The room to offer "Sign in again" for, as `room` or `tenant/room`.
    room: Option<String>,
}

impl LogoutForm {
    fn from_urlencoded(body: &[u8]) -> Self {
        let mut form = Self { csrf: None, room: None };
        for (name, value) in url::form_urlencoded::parse(body) {
            match name.as_ref() {
                "csrf" => form.csrf = Some(value.into_owned()),
                "room" => form.room = Some(value.into_owned()),
                _ => {}
            }
        }
        form
    }
}

#[derive(Debug, Deserialize)]
pub struct SignedOutQuery {
    /// What we gave the provider as `state`: the room path, if any.
    state: Option<String>,
}

/// `GET /logout`: a sign-out page, or the sign-out itself for a same-site navigation.
#[tracing::instrument(name = "logout_page", level = "debug", skip_all)]
pub async fn logout_page(
    state: State,
    req: HttpRequest,
    query: web::Query<LogoutForm>,
) -> Result<HttpResponse, AppError> {
    let room = parse_room(query.room.as_deref());
    if is_same_site_navigation(&req) {
        return sign_out(&state, &req, room).await;
    }
    Ok(confirm_page(&state, &req, room, StatusCode::OK))
}

/// `POST /logout`: sign out when the request comes from our own site.
#[tracing::instrument(name = "logout", level = "debug", skip_all)]
pub async fn logout(state: State, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, AppError> {
    // Read by hand: a sign-out posted with no body or content type is still a sign-out.
    let form = LogoutForm::from_urlencoded(&body);
    let room = parse_room(form.room.as_deref());
    let token_ok = form.csrf.as_deref().is_some_and(|csrf| Some(csrf) == csrf_token(&state, &req).as_deref());
    if token_ok || is_same_site_request(&state, &req) {
        return sign_out(&state, &req, room).await;
    }
    tracing::warn!("refused a cross-site sign-out request");
    Ok(confirm_page(&state, &req, room, StatusCode::FORBIDDEN))
}

/// `GET /signed-out`: where the provider sends the browser back after its own sign-out.
pub async fn signed_out(state: State, query: web::Query<SignedOutQuery>) -> HttpResponse {
    let room = parse_room(query.state.as_deref());
    signed_out_page(&state, room.as_ref(), true)
}

async fn sign_out(state: &State, req: &HttpRequest, room: Option<RoomTarget>) -> Result<HttpResponse, AppError> {
    let CookieValue::Valid(id) = state.cookies.read(req, Which::Session) else {
        return Ok(with_cookie_removed(state, signed_out_page(state, room.as_ref(), false)));
    };
    let Some((handle, session)) = state.sessions.find(&id).await? else {
        return Ok(with_cookie_removed(state, signed_out_page(state, room.as_ref(), false)));
    };
    let id_token = state.sessions.tokens(&handle, &session).and_then(|tokens| tokens.id_token);
    state.sessions.end(&handle).await?;
    tracing::info!(user = %session.identity.subject, session = handle.label(), "signed out");

    let post_logout = post_logout_redirect_uri(&state.public_url);
    let room_path = room.as_ref().map(RoomTarget::display_path);
    match state.provider.end_session_url(id_token.as_deref(), &post_logout, room_path.as_deref()).await {
        Ok(Some(end_session)) => Ok(with_cookie_removed(state, redirect(end_session.as_str()).finish())),
        Ok(None) => Ok(with_cookie_removed(state, signed_out_page(state, room.as_ref(), false))),
        Err(error) => {
            // The bridge session is over; only the provider's could not be ended.
            tracing::warn!(%error, "signed out here, but the provider's sign-out page could not be reached");
            Ok(with_cookie_removed(state, signed_out_page(state, room.as_ref(), false)))
        }
    }
}

/// `<public_url>/signed-out`: register it at the provider as a post-logout redirect URI.
pub fn post_logout_redirect_uri(public_url: &PublicUrl) -> Url {
    public_url.url("/signed-out")
}

fn confirm_page(state: &State, req: &HttpRequest, room: Option<RoomTarget>, status: StatusCode) -> HttpResponse {
    let page = SignOut {
        t: pages::Texts::current(),
        action: state.public_url.path("/logout"),
        csrf: csrf_token(state, req).unwrap_or_default(),
        room: room.as_ref().map(RoomTarget::display_path),
    };
    let mut response = pages::html(status, &page);
    // The button's answer redirects to the provider's sign-out page.
    let provider = Url::parse(&state.provider.settings().issuer_url).map(|url| url.origin().ascii_serialization());
    if let Ok(csp) = header::HeaderValue::from_str(&pages::content_security_policy(
        provider.ok().as_deref(),
        &pages::ways().brand.image_sources(),
    )) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

fn signed_out_page(state: &State, room: Option<&RoomTarget>, at_provider: bool) -> HttpResponse {
    let sign_in_href = match room {
        Some(target) => bridge_login_path(&state.public_url, target, false),
        None => state.jitsi.base().as_url().to_string(),
    };
    // The room's page here: it offers signing in or, where allowed, joining as a guest.
    let meeting_href = room.map(|target| bridge_room_path(&state.public_url, target));
    pages::html(StatusCode::OK, &SignedOut { t: pages::Texts::current(), sign_in_href, meeting_href, at_provider })
}

fn with_cookie_removed(state: &State, mut response: HttpResponse) -> HttpResponse {
    if let Err(error) = response.add_removal_cookie(&state.cookies.removal(Which::Session)) {
        tracing::error!(%error, "could not attach the cookie removal");
    }
    response
}

/// Bound to the session it ends: only a page that saw our session cookie can know it.
fn csrf_token(state: &State, req: &HttpRequest) -> Option<String> {
    match state.cookies.read(req, Which::Session) {
        CookieValue::Valid(id) => Some(digest(&format!("sign-out\n{id}"))),
        _ => None,
    }
}

fn header_value<'r>(req: &'r HttpRequest, name: &str) -> Option<&'r str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

fn is_same_site_fetch(req: &HttpRequest) -> Option<bool> {
    header_value(req, "sec-fetch-site").map(|site| matches!(site, "same-origin" | "same-site"))
}

/// A top-level navigation from our own site (how Jitsi's `tokenLogoutUrl` arrives).
fn is_same_site_navigation(req: &HttpRequest) -> bool {
    is_same_site_fetch(req) == Some(true)
        && header_value(req, "sec-fetch-mode") == Some("navigate")
        && header_value(req, "sec-fetch-dest").is_none_or(|dest| dest == "document")
}

/// A request from our own site: `Sec-Fetch-Site` where the browser sends it, else `Origin`.
fn is_same_site_request(state: &State, req: &HttpRequest) -> bool {
    match is_same_site_fetch(req) {
        Some(same) => same,
        None => header_value(req, header::ORIGIN.as_str())
            .and_then(|origin| Url::parse(origin).ok())
            .is_some_and(|origin| origin.origin() == state.public_url.origin()),
    }
}

fn parse_room(path: Option<&str>) -> Option<RoomTarget> {
    path.map(|p| p.trim_start_matches('/')).filter(|p| !p.is_empty()).and_then(|p| RoomTarget::parse_path(p).ok())
}
