//! The steps every entry point shares: find the session, start a sign-in,
//! grant a room.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use url::Url;

use super::{bridge_login_path, bridge_room_path, unix_now, State};
use crate::error::AppError;
use crate::identity::Identity;
use crate::jitsi::{ConfigOverrides, Grant, RoomTarget};
use crate::pages::{self, Landing};
use crate::policy::Decision;
use crate::session::cookie::{CookieValue, Which};
use crate::session::refresh::{checked_claims, Checked};
use crate::session::{digest, random_token, PendingLogin, SessionHandle, UserSession};

/// What to do with a visitor who has no session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithoutSession {
    /// Show "Sign in" / "Join as guest" when guests are welcome.
    OfferChoice,
    /// Go to the provider now (the visitor asked to sign in).
    SignIn,
}

/// Send the visitor on to `target`: with a token if signed in, else per `without`.
pub async fn enter(
    state: &State,
    req: &HttpRequest,
    target: RoomTarget,
    overrides: ConfigOverrides,
    without: WithoutSession,
) -> Result<HttpResponse, AppError> {
    if let Some((handle, session)) = current_session(state, req, &target).await? {
        let now = unix_now();
        match checked_claims(&state.sessions, &state.provider, &handle, session, now).await? {
            Checked::Current(session) => return grant(state, &handle, &session, &target, &overrides).await,
            // The provider no longer stands behind the sign-in: through the provider again.
            Checked::Ended => return start_login(state, req, target, overrides, false).await,
        }
    }
    if without == WithoutSession::OfferChoice && state.guests {
        let page = Landing {
            room: target.display_path(),
            sign_in_href: bridge_login_path(&target, false),
            guest_href: state.jitsi.room_url(&target, None, &overrides).to_string(),
        };
        return Ok(pages::html(actix_web::http::StatusCode::OK, &page));
    }
    start_login(state, req, target, overrides, false).await
}

/// A signed-in visitor: to the room with a token, or refused. A user whom no
/// rule admits any more (they lost every allowed group) has no use for the
/// session: it ends with the refusal.
async fn grant(
    state: &State,
    handle: &SessionHandle,
    session: &UserSession,
    target: &RoomTarget,
    overrides: &ConfigOverrides,
) -> Result<HttpResponse, AppError> {
    match room_url_with_token(state, &session.identity, target, overrides) {
        Ok(url) => Ok(redirect(&url).finish()),
        Err(refusal @ AppError::Forbidden { .. }) if !state.policy.admits_anywhere(&session.identity) => {
            state.sessions.end(handle, session).await?;
            tracing::info!(user = %session.identity.subject, "no allowed group left; session ended");
            let mut response = refusal.error_response();
            response
                .add_removal_cookie(&state.cookies.removal(Which::Session))
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok(response)
        }
        Err(other) => Err(other),
    }
}

/// The signed-in session of this request, if any. A cookie that fails its
/// signature check is an error (the page clears it); one whose session has
/// ended is treated as absent.
async fn current_session(
    state: &State,
    req: &HttpRequest,
    target: &RoomTarget,
) -> Result<Option<(SessionHandle, UserSession)>, AppError> {
    match state.cookies.read(req, Which::Session) {
        CookieValue::Absent => Ok(None),
        CookieValue::Tampered => Err(AppError::TamperedCookie {
            removal: Box::new(state.cookies.removal(Which::Session)),
            retry_href: bridge_room_path(target),
        }),
        CookieValue::Valid(id) => Ok(state.sessions.load(&id, unix_now()).await?),
    }
}

/// The room URL carrying a fresh token for `user`, or a refusal when the
/// policy does not let them into `target`.
pub fn room_url_with_token(
    state: &State,
    user: &Identity,
    target: &RoomTarget,
    overrides: &ConfigOverrides,
) -> Result<Url, AppError> {
    let moderator = match state.policy.decide(user, target) {
        Decision::Allowed { moderator } => moderator,
        Decision::Denied => {
            return Err(AppError::Forbidden {
                user: user.display_name().to_owned(),
                room: target.display_path(),
                guest_href: state.guests.then(|| state.jitsi.room_url(target, None, overrides).to_string()),
                switch_account_href: bridge_login_path(target, true),
            })
        }
    };
    let token = state
        .signer
        .mint_room_token(user, Grant { target, moderator }, unix_now())
        .map_err(|e| AppError::Internal(e.into()))?;
    tracing::info!(user = %user.subject, room = %target.display_path(), moderator, "granted a room token");
    Ok(state.jitsi.room_url(target, Some(&token), overrides))
}

/// Start the authorization-code flow for `target`, keeping what the callback
/// needs. `switch_account`: make the provider ask for credentials again.
pub async fn start_login(
    state: &State,
    req: &HttpRequest,
    target: RoomTarget,
    overrides: ConfigOverrides,
    switch_account: bool,
) -> Result<HttpResponse, AppError> {
    let start = state.provider.begin_login(switch_account).await?;
    // One binding per browser, shared by its tabs, so parallel sign-ins do not evict each other.
    let binding = match state.cookies.read(req, Which::LoginBinding) {
        CookieValue::Valid(value) => value,
        CookieValue::Absent | CookieValue::Tampered => random_token(),
    };
    let pending = PendingLogin {
        target,
        overrides,
        pkce_verifier: start.pkce_verifier,
        nonce: start.nonce,
        browser_binding: digest(&binding),
    };
    state.sessions.save_login(&start.state, &pending).await?;
    tracing::info!(room = %pending.target.display_path(), "sent to the identity provider");
    Ok(redirect(&start.authorize_url).cookie(state.cookies.build(Which::LoginBinding, &binding)).finish())
}

/// A 302 that no cache keeps and that leaks no referrer.
pub fn redirect(to: &Url) -> actix_web::HttpResponseBuilder {
    let mut builder = HttpResponse::Found();
    builder
        .insert_header((header::LOCATION, to.as_str()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"));
    builder
}
