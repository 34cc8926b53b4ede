//! `POST /backchannel-logout`: OpenID Connect Back-Channel Logout 1.0. The
//! provider posts a `logout_token` when a user's session ends there; every
//! bridge session of that provider session (`sid`), or of that user (`sub`)
//! when no `sid` is given, ends on every replica (they share the store).
//! Answers 200, or 400 with a JSON error, as the spec's §2.8 asks.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use super::{unix_now, State};
use crate::error::AppError;
use crate::oidc::{LogoutClaims, OidcError};

/// Logout tokens are a few hundred bytes; anything far bigger is not one.
const MAX_BODY_BYTES: usize = 16 * 1024;

#[tracing::instrument(name = "backchannel_logout", level = "debug", skip_all)]
pub async fn backchannel_logout(state: State, body: web::Bytes) -> Result<HttpResponse, AppError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(AppError::LogoutToken("the request body is too large".into()));
    }
    let token = url::form_urlencoded::parse(&body)
        .find(|(name, _)| name == "logout_token")
        .map(|(_, value)| value.into_owned())
        .filter(|token| !token.is_empty())
        .ok_or_else(|| AppError::LogoutToken("the request has no logout_token".into()))?;
    let now = unix_now();
    let claims = state.provider.verify_logout_token(&token, now).await.map_err(|error| match error {
        OidcError::Rejected(reason) => AppError::LogoutToken(reason),
        // The provider's keys could not be read: its retry may succeed.
        other => AppError::LogoutToken(format!("the logout token could not be checked now: {other}")),
    })?;
    let issuer = &state.provider.settings().issuer_url;
    // Remember the jti until the token could no longer be accepted anyway.
    let remember_for =
        Duration::from_secs(claims.expires_at.saturating_sub(now)) + state.provider.settings().clock_skew;
    let first_use = state
        .sessions
        .remember_logout_token(issuer, &claims.jti, remember_for)
        .await
        .map_err(AppError::LogoutFailed)?;
    if !first_use {
        return Err(AppError::LogoutToken("this logout token was already used".into()));
    }
    match end_sessions(&state, &claims).await {
        Ok(ended) => {
            tracing::info!(
                user = claims.subject.as_deref().unwrap_or("-"),
                by_sid = claims.session_id.is_some(),
                ended,
                "back-channel logout"
            );
            Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).finish())
        }
        Err(error) => {
            // Let the provider's retry through: this token did not do its work.
            if let Err(forget) = state.sessions.forget_logout_token(issuer, &claims.jti).await {
                tracing::warn!(error = %forget, "could not forget a logout token's jti");
            }
            Err(AppError::LogoutFailed(error))
        }
    }
}

async fn end_sessions(state: &State, claims: &LogoutClaims) -> Result<usize, crate::session::StoreError> {
    match (&claims.session_id, &claims.subject) {
        (Some(sid), sub) => state.sessions.end_provider_session(sid, sub.as_deref()).await,
        (None, Some(sub)) => state.sessions.end_subject(sub).await,
        // The verifier refuses tokens with neither.
        (None, None) => Ok(0),
    }
}
