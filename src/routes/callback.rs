//! `GET /callback`: the provider sends the browser back here. Each sign-in
//! ends here counted as completed or refused, with the reason.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::outcome::refusal_reason;
use super::sign_in::{deliver_token, forbidden, refusal_response};
use super::{bridge_room_path, unix_now, State};
use crate::error::AppError;
use crate::jitsi::RoomTarget;
use crate::oidc::Callback;
use crate::session::cookie::{CookieValue, Which};
use crate::session::{digest, NewSession, SpentLogin};

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    iss: Option<String>,
}

#[tracing::instrument(name = "callback", level = "debug", skip_all)]
pub async fn callback(
    state: State,
    req: HttpRequest,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, AppError> {
    let finished = finish_sign_in(&state, &req, &query).await;
    if let Err(error) = &finished {
        state.metrics.sign_in_refused(refusal_reason(error));
    }
    finished
}

/// `Err` for a sign-in that fails; a policy refusal is `Ok` (its page), counted here.
async fn finish_sign_in(state: &State, req: &HttpRequest, query: &CallbackQuery) -> Result<HttpResponse, AppError> {
    let login_state = query.state.as_deref().filter(|s| !s.is_empty()).ok_or(AppError::BadRequest("state"))?;
    // Taken, not read: a state works once, whatever happens next.
    let Some(pending) = state.sessions.take_login(login_state).await? else {
        return refused_before(state, req, login_state).await;
    };
    match state.cookies.read(req, Which::LoginBinding) {
        CookieValue::Valid(binding) if digest(&binding) == pending.browser_binding => {}
        _ => return Err(AppError::ForeignBrowser),
    }
    let retry_href = bridge_room_path(&state.public_url, &pending.destination.target);
    if let Some(error) = &query.error {
        // The provider's error code goes to the log: keep it to the characters RFC 6749 allows.
        let error = error.chars().filter(|c| c.is_ascii_graphic()).take(64).collect();
        return Err(AppError::ProviderDenied { error, retry_href });
    }
    state.provider.check_callback_issuer(query.iss.as_deref())?;
    let code = query.code.as_deref().filter(|c| !c.is_empty()).ok_or(AppError::BadRequest("code"))?;
    let signed_in = state
        .provider
        .finish_login(Callback { code, pkce_verifier: &pending.pkce_verifier, nonce: &pending.nonce })
        .await?;
    let identity = &signed_in.identity;
    tracing::info!(user = %identity.subject, groups = identity.groups.len(), "signed in at the provider");

    // Refused visitors get no session: they sign in afresh next time, so a
    // group change at the provider takes effect at once.
    let mut response = match deliver_token(state, identity, &pending.destination).await {
        Ok(response) => response,
        Err(refusal) => {
            state.metrics.sign_in_refused(refusal_reason(&refusal));
            if let AppError::Forbidden { .. } = refusal {
                let spent = SpentLogin {
                    destination: pending.destination.clone(),
                    user: identity.display_name().to_owned(),
                    browser_binding: pending.browser_binding.clone(),
                };
                // The page is shown either way; only a reload would then say "expired".
                if let Err(error) = state.sessions.remember_refusal(login_state, &spent).await {
                    tracing::warn!(%error, "could not keep the refusal for a reload");
                }
            }
            return Ok(refusal_response(state, &pending.destination, &refusal));
        }
    };
    let new = NewSession {
        identity: signed_in.identity,
        provider_sid: signed_in.provider_sid,
        nonce: pending.nonce,
        tokens: signed_in.tokens,
    };
    let session_id = state.sessions.create(new, unix_now()).await?;
    // Switching accounts: the session this browser had before ends now, not at its TTL.
    if let CookieValue::Valid(previous) = state.cookies.read(req, Which::Session) {
        state.sessions.end_by_id(&previous).await?;
    }
    response.add_cookie(&state.cookies.build(Which::Session, &session_id)).map_err(|e| AppError::Internal(e.into()))?;
    state.metrics.sign_in_completed();
    Ok(response)
}

/// A state already used: the same refusal page again if that sign-in was
/// refused in this browser (a reload of the 403 page), else "expired" with
/// "Start again" for the room this browser last started a sign-in for.
async fn refused_before(state: &State, req: &HttpRequest, login_state: &str) -> Result<HttpResponse, AppError> {
    let Some(spent) = state.sessions.refusal_for(login_state).await? else {
        return Err(expired(state, req));
    };
    match state.cookies.read(req, Which::LoginBinding) {
        CookieValue::Valid(binding) if digest(&binding) == spent.browser_binding => {}
        _ => return Err(expired(state, req)),
    }
    let refusal = forbidden(state, &spent.user, &spent.destination);
    Ok(refusal_response(state, &spent.destination, &refusal))
}

/// "This sign-in link has expired", with the room of the last-room cookie
/// when it holds one. Its value is checked again as a room path: the cookie
/// is signed, and even so it only ever leads to a room page of this bridge.
fn expired(state: &State, req: &HttpRequest) -> AppError {
    let CookieValue::Valid(path) = state.cookies.read(req, Which::LastRoom) else {
        return AppError::UnknownLoginState;
    };
    let target = path
        .strip_prefix(state.public_url.prefix())
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|encoded| percent_encoding::percent_decode_str(encoded).decode_utf8().ok())
        .and_then(|decoded| RoomTarget::parse_path(&decoded).ok());
    match target {
        Some(target) => AppError::LoginExpired {
            room: target.display_path(),
            restart_href: bridge_room_path(&state.public_url, &target),
        },
        None => AppError::UnknownLoginState,
    }
}
