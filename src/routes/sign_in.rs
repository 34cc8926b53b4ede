//! The steps every entry point shares: find the session, start a sign-in,
//! grant a room.

use std::sync::Arc;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use super::outcome::refusal_reason;
use super::{bridge_login_path, bridge_room_path, unix_now, State};
use crate::error::AppError;
use crate::identity::Identity;
use crate::jitsi::{Client, Delivery, Destination, RoomTarget};
use crate::pages::{self, Landing, OpenApp, Popup, POPUP_SCRIPT};
use crate::policy::{AccessPolicy, Decision, Grants};
use crate::session::cookie::{CookieValue, Which};
use crate::session::refresh::{checked_claims, is_current, Checked};
use crate::session::{digest, random_token, PendingLogin, SessionHandle, UserSession};
use crate::telemetry::metrics::Role;

/// What to do with a visitor who has no session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithoutSession {
    /// Show "Sign in" / "Join as guest" when guests are welcome.
    OfferChoice,
    /// Go to the provider now (the visitor asked to sign in).
    SignIn,
}

/// Send the visitor on to `destination`: with a token if signed in, else per `without`.
pub async fn enter(
    state: &State,
    req: &HttpRequest,
    destination: Destination,
    without: WithoutSession,
) -> Result<HttpResponse, AppError> {
    if let Some((handle, session)) = current_session(state, req, &destination).await? {
        let now = unix_now();
        // Claims confirmed recently are used as they are, without building the
        // re-read's future: that one (provider calls, locks) is large, so it is
        // boxed and a plain visit never moves it around.
        let checked = if is_current(&state.sessions, &session, now) {
            Checked::Current(session)
        } else {
            Box::pin(checked_claims(&state.sessions, &state.provider, &handle, session, now)).await?
        };
        match checked {
            Checked::Current(session) => return grant(state, &handle, &session, &destination).await,
            // The provider no longer stands behind the sign-in: through the provider again.
            Checked::Ended => return Box::pin(start_login(state, req, destination, false)).await,
        }
    }
    if without == WithoutSession::OfferChoice && state.access.get().guests {
        let target = &destination.target;
        let page = Landing {
            t: pages::Texts::current(),
            room: target.display_path(),
            sign_in_href: bridge_login_path(&state.public_url, target, false),
            guest_href: state.jitsi.guest_url(target, &destination.overrides).to_string(),
        };
        return Ok(pages::html(actix_web::http::StatusCode::OK, &page));
    }
    Box::pin(start_login(state, req, destination, false)).await
}

/// A signed-in visitor: to the room with a token, or refused. A user whom no
/// rule admits any more (they lost every allowed group) has no use for the
/// session: it ends with the refusal.
async fn grant(
    state: &State,
    handle: &SessionHandle,
    session: &UserSession,
    destination: &Destination,
) -> Result<HttpResponse, AppError> {
    match deliver_token(state, &session.identity, destination).await {
        Ok(response) => Ok(response),
        Err(refusal @ AppError::Forbidden { .. }) if !state.access.get().policy.admits_anywhere(&session.identity) => {
            state.sessions.end(handle).await?;
            tracing::info!(user = %session.identity.subject, "no allowed group left; session ended");
            let mut response = refusal_response(state, destination, &refusal);
            response
                .add_removal_cookie(&state.cookies.removal(Which::Session))
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok(response)
        }
        Err(refusal @ AppError::Forbidden { .. }) => Ok(refusal_response(state, destination, &refusal)),
        Err(other) => Err(other),
    }
}

/// The signed-in session of this request, if any. A cookie that fails its
/// signature check is an error (the page clears it); one whose session has
/// ended is treated as absent.
async fn current_session(
    state: &State,
    req: &HttpRequest,
    destination: &Destination,
) -> Result<Option<(SessionHandle, Arc<UserSession>)>, AppError> {
    match state.cookies.read(req, Which::Session) {
        CookieValue::Absent => Ok(None),
        CookieValue::Tampered => Err(AppError::TamperedCookie {
            removal: Box::new(state.cookies.removal(Which::Session)),
            retry_href: bridge_room_path(&state.public_url, &destination.target),
        }),
        CookieValue::Valid(id) => Ok(state.sessions.load(&id, unix_now()).await?),
    }
}

/// The way into the meeting with a fresh token for `user`, for the client
/// they came from, or a refusal when the policy does not let them in.
pub async fn deliver_token(
    state: &State,
    user: &Identity,
    destination: &Destination,
) -> Result<HttpResponse, AppError> {
    let target = &destination.target;
    let access = state.access.get();
    let grants = match access.policy.decide(user, target) {
        Decision::Allowed(grants) => grants,
        Decision::Denied => {
            log_refusal(&access.policy, user, target);
            return Err(forbidden(state, user.display_name(), destination));
        }
    };
    let moderator = grants.moderator;
    let token = mint(state, user, target, grants).await?;
    state.metrics.token_minted(if moderator { Role::Moderator } else { Role::Member });
    tracing::debug!(user = %user.subject, room = %target.display_path(), moderator, client = ?destination.client, "granted a room token");
    Ok(respond(destination, state.jitsi.deliver_to(destination, &token)))
}

/// The refusal of `user` for `destination`, with the guest path and "use another account".
pub fn forbidden(state: &State, user: &str, destination: &Destination) -> AppError {
    let target = &destination.target;
    let access = state.access.get();
    let required =
        if state.brand.show_required_groups { access.policy.wanted_for(target) } else { (Vec::new(), Vec::new()) };
    AppError::Forbidden {
        required,
        user: user.to_owned(),
        room: target.display_path(),
        guest_href: access.guests.then(|| state.jitsi.guest_url(target, &destination.overrides).to_string()),
        switch_account_href: bridge_login_path(&state.public_url, target, true),
    }
}

/// The line an administrator needs to fix a mapping: what the provider sent
/// (a count and the first few groups) and which rule refused. No tokens.
fn log_refusal(policy: &AccessPolicy, user: &Identity, target: &RoomTarget) {
    const SHOWN: usize = 5;
    let reasoned = policy.reasoned(user, target);
    let rule = AccessPolicy::source_label(reasoned.allowed_by, target);
    let wanted = policy.rule_at(reasoned.allowed_by, target).and_then(|r| r.allowed.as_ref()).map(|m| m.describe());
    let mut first: Vec<&str> = user.groups.iter().take(SHOWN).map(String::as_str).collect();
    if user.groups.len() > SHOWN {
        first.push("…");
    }
    tracing::info!(
        user = %user.subject,
        room = %target.display_path(),
        groups = user.groups.len(),
        first_groups = %first.join(", "),
        email_verified = user.email_verified,
        %rule,
        wanted = %wanted.unwrap_or_default(),
        "refused: no rule for this room admits the user"
    );
}

/// Sign the room token. An RSA signature takes about a millisecond of CPU, so
/// it runs on the blocking pool, where it does not hold up the other requests
/// of this worker; an HMAC takes about a microsecond and runs here.
async fn mint(state: &State, user: &Identity, target: &RoomTarget, grants: Grants) -> Result<String, AppError> {
    let now = unix_now();
    let signed = if state.signer.signs_with_keys() {
        let (state, user, target) = (state.clone(), user.clone(), target.clone());
        actix_web::web::block(move || state.signer.mint_room_token(&user, grants.for_room(&target), now))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("token signing did not run: {e}")))?
    } else {
        state.signer.mint_room_token(user, grants.for_room(target), now)
    };
    signed.map_err(|e| AppError::Internal(e.into()))
}

/// A token on its way: a redirect, or the page that hands it to an app or the popup's opener.
fn respond(destination: &Destination, delivery: Delivery) -> HttpResponse {
    let room = destination.target.display_path();
    match delivery {
        Delivery::Redirect(url) => redirect(&url).finish(),
        Delivery::App { app, app_url, browser_url } => {
            let t = pages::Texts::current();
            let app = t.get(app.label_key());
            pages::html(actix_web::http::StatusCode::OK, &OpenApp { t, app, room, app_url, browser_url })
        }
        Delivery::Popup { token, jitsi_origin, browser_url } => popup_page(Popup {
            t: pages::Texts::current(),
            success: true,
            room,
            jitsi_origin,
            token,
            error: "",
            message: String::new(),
            browser_url,
            script: POPUP_SCRIPT,
        }),
    }
}

/// The answer to a refusal: its error page, or in Jitsi's sign-in popup a
/// page that also tells the waiting meeting window (`oauth-error`).
pub fn refusal_response(state: &State, destination: &Destination, refusal: &AppError) -> HttpResponse {
    if destination.client != Client::Popup || !matches!(refusal, AppError::Forbidden { .. }) {
        return refusal.error_response();
    }
    tracing::warn!(error = %refusal, "refused in the sign-in popup");
    let t = pages::Texts::current();
    let message = refusal.visitor_texts(t.language()).1;
    popup_page(Popup {
        t,
        success: false,
        room: destination.target.display_path(),
        jitsi_origin: state.jitsi.base().as_url().origin().ascii_serialization(),
        token: String::new(),
        error: "access_denied",
        message,
        browser_url: String::new(),
        script: POPUP_SCRIPT,
    })
}

fn popup_page(page: Popup) -> HttpResponse {
    let status = if page.success { actix_web::http::StatusCode::OK } else { actix_web::http::StatusCode::FORBIDDEN };
    let mut response = pages::html(status, &page);
    let policy = pages::popup_content_security_policy(&pages::ways().brand.image_sources());
    if let Ok(csp) = header::HeaderValue::from_str(&policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// Start the authorization-code flow for `target`, keeping what the callback
/// needs. `switch_account`: make the provider ask for credentials again.
pub async fn start_login(
    state: &State,
    req: &HttpRequest,
    destination: Destination,
    switch_account: bool,
) -> Result<HttpResponse, AppError> {
    let started = send_to_provider(state, req, destination, switch_account).await;
    match &started {
        Ok(_) => state.metrics.sign_in_started(),
        Err(error) => state.metrics.sign_in_refused(refusal_reason(error)),
    }
    started
}

async fn send_to_provider(
    state: &State,
    req: &HttpRequest,
    destination: Destination,
    switch_account: bool,
) -> Result<HttpResponse, AppError> {
    // Counted before anything is stored or asked of the provider.
    state.limits.check_start(req).map_err(|retry| AppError::RateLimited { retry_after: retry.0 })?;
    let start = state.provider.begin_login(switch_account).await?;
    // One binding per browser, shared by its tabs, so parallel sign-ins do not evict each other.
    let binding = match state.cookies.read(req, Which::LoginBinding) {
        CookieValue::Valid(value) => value,
        CookieValue::Absent | CookieValue::Tampered => random_token(),
    };
    let pending = PendingLogin {
        destination,
        pkce_verifier: start.pkce_verifier,
        nonce: start.nonce,
        browser_binding: digest(&binding),
    };
    state.sessions.save_login(&start.state, &pending).await?;
    tracing::debug!(room = %pending.destination.target.display_path(), "sent to the identity provider");
    let room = bridge_room_path(&state.public_url, &pending.destination.target);
    Ok(redirect(start.authorize_url.as_str())
        .cookie(state.cookies.build(Which::LoginBinding, &binding))
        .cookie(state.cookies.build(Which::LastRoom, &room))
        .finish())
}

/// A 302 that no cache keeps and that leaks no referrer.
pub fn redirect(to: &str) -> actix_web::HttpResponseBuilder {
    let mut builder = HttpResponse::Found();
    builder
        .insert_header((header::LOCATION, to))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"));
    builder
}
