//! Claims that stay true: before a token is minted from claims older than
//! `session.recheck_seconds`, the provider is asked again (`Provider::recheck`).
//!
//! - Changed groups apply at once; a provider that refuses (revoked grant,
//!   ended session) ends the session.
//! - While the provider cannot be reached, the old claims serve for at most
//!   `session.recheck_grace_seconds` past their due time; then it is an error (503).
//! - One replica at a time re-reads a session, under a short lock in the store:
//!   providers that rotate refresh tokens refuse a token spent twice, and may
//!   revoke the whole grant when they see that, so two replicas refreshing at
//!   once must not both spend it. The others wait for the result.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{SessionHandle, Sessions, StoreError, UserSession};
use crate::oidc::{OidcError, Provider, Recheck};

/// The claims to mint from, or the news that the session is over.
#[derive(Debug)]
pub enum Checked {
    Current(Arc<UserSession>),
    /// The session has ended (the provider refused it, or it was ended meanwhile).
    Ended,
}

#[derive(Debug, thiserror::Error)]
pub enum RecheckError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The provider could not confirm the claims and the grace period is over.
    #[error("the claims could not be re-read and their grace period is over")]
    Provider(#[source] OidcError),
}

/// How often a waiting replica looks whether the lock holder is done.
const POLL: Duration = Duration::from_millis(50);

/// `session`'s claims as they may be used at `now`, re-read when they are due.
pub async fn checked_claims(
    sessions: &Sessions,
    provider: &Provider,
    handle: &SessionHandle,
    session: Arc<UserSession>,
    now: u64,
) -> Result<Checked, RecheckError> {
    let recheck = sessions.lifetimes().recheck.as_secs();
    if is_fresh(&session, recheck, now) {
        return Ok(Checked::Current(session));
    }
    // Long enough for a refresh and a userinfo call at their timeouts.
    let lock_ttl = provider.settings().http_timeout.saturating_mul(3) + Duration::from_secs(2);
    let deadline = Instant::now() + lock_ttl;
    loop {
        if let Some(owner) = sessions.try_lock(handle, lock_ttl).await? {
            let result = recheck_holding_lock(sessions, provider, handle, now).await;
            if let Err(error) = sessions.unlock(handle, &owner).await {
                tracing::warn!(%error, "could not release a refresh lock; it expires on its own");
            }
            return result;
        }
        if Instant::now() >= deadline {
            break;
        }
        tokio::time::sleep(POLL).await;
        match sessions.reload(handle).await? {
            None => return Ok(Checked::Ended),
            Some(current) if is_fresh(&current, recheck, now) => return Ok(Checked::Current(Arc::new(current))),
            Some(_) => {}
        }
    }
    let stuck = OidcError::Unreachable("another replica's re-read of these claims did not finish".into());
    within_grace(sessions, session, stuck, now)
}

async fn recheck_holding_lock(
    sessions: &Sessions,
    provider: &Provider,
    handle: &SessionHandle,
    now: u64,
) -> Result<Checked, RecheckError> {
    // Another replica may have re-read (and rotated the tokens) just before we got the lock.
    let Some(mut session) = sessions.reload(handle).await? else {
        return Ok(Checked::Ended);
    };
    if is_fresh(&session, sessions.lifetimes().recheck.as_secs(), now) {
        return Ok(Checked::Current(Arc::new(session)));
    }
    let user = session.identity.subject.clone();
    let Some(tokens) = sessions.tokens(handle, &session) else {
        tracing::warn!(%user, session = handle.label(), "no provider tokens to re-read claims with; session ended");
        sessions.end(handle).await?;
        return Ok(Checked::Ended);
    };
    match provider.recheck(&tokens, &session.identity, &session.nonce).await {
        Ok(Recheck::Confirmed { identity, tokens }) => {
            if identity.groups != session.identity.groups {
                tracing::info!(%user, groups = identity.groups.len(), "the provider reports changed groups");
            }
            session.identity = identity;
            if !sessions.save_rechecked(handle, &mut session, &tokens, now).await? {
                return Ok(Checked::Ended);
            }
            tracing::debug!(%user, session = handle.label(), "claims re-read");
            Ok(Checked::Current(Arc::new(session)))
        }
        Ok(Recheck::Refused(reason)) => {
            tracing::warn!(%user, session = handle.label(), %reason, "the provider no longer confirms this sign-in; session ended");
            sessions.end(handle).await?;
            Ok(Checked::Ended)
        }
        Err(error) => within_grace(sessions, Arc::new(session), error, now),
    }
}

/// Claims the provider could not confirm: still usable until `recheck_grace`
/// after they fell due, an error after that (at once with a grace of 0).
fn within_grace(
    sessions: &Sessions,
    session: Arc<UserSession>,
    error: OidcError,
    now: u64,
) -> Result<Checked, RecheckError> {
    let lifetimes = sessions.lifetimes();
    let age = now.saturating_sub(session.claims_checked_at);
    let limit = lifetimes.recheck.as_secs().saturating_add(lifetimes.recheck_grace.as_secs());
    let user = &session.identity.subject;
    if age < limit {
        tracing::warn!(%user, %error, age, limit, "provider unavailable: using claims confirmed {age} s ago, within the grace period");
        Ok(Checked::Current(session))
    } else {
        tracing::error!(%user, %error, age, limit, "provider unavailable and the claims are past their grace period");
        Err(RecheckError::Provider(error))
    }
}

/// Whether `session`'s claims may be used at `now` without asking the provider.
pub fn is_current(sessions: &Sessions, session: &UserSession, now: u64) -> bool {
    is_fresh(session, sessions.lifetimes().recheck.as_secs(), now)
}

/// Claims confirmed less than `recheck` seconds ago (0: always re-read).
fn is_fresh(session: &UserSession, recheck: u64, now: u64) -> bool {
    recheck > 0 && now.saturating_sub(session.claims_checked_at) < recheck
}
