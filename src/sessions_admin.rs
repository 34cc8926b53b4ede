//! `jitsi-oidc-bridge sessions list|revoke --sub SUB`: an administrator's view
//! of one user's sessions across every replica (they share Redis), and "sign
//! out everywhere". Shows no token, cookie or session id: only a short label
//! derived from the store key.

use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;

use crate::config::{Settings, StoreSettings};
use crate::session::{SessionHandle, StoreError, UserSession};
use crate::startup::build_sessions;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionsCommand {
    List,
    Revoke,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionsAdminError {
    #[error("sessions live in the running bridge's memory (no session.redis_url or [session.redis]), so this command cannot reach them; restarting the bridge ends them all")]
    MemoryStore,
    #[error("the session store could not be opened: {0:#}")]
    Setup(anyhow::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Run `command` for `subject` and return the report to print.
pub async fn run(settings: &Settings, command: SessionsCommand, subject: &str) -> Result<String, SessionsAdminError> {
    if matches!(settings.store, StoreSettings::Memory) {
        return Err(SessionsAdminError::MemoryStore);
    }
    // Listing and revoking open no sealed token, but the key is the bridge's all the same.
    let secret = settings.cookie_secret.as_ref().map(ExposeSecret::expose_secret).unwrap_or_default();
    let sessions = build_sessions(settings, secret.as_bytes()).map_err(SessionsAdminError::Setup)?;
    match command {
        SessionsCommand::List => Ok(list_report(subject, &sessions.of_subject(subject).await?)),
        SessionsCommand::Revoke => {
            let ended = sessions.end_subject(subject).await?;
            Ok(format!("ended {ended} session(s) of {subject:?}; their next visit signs in again"))
        }
    }
}

fn list_report(subject: &str, sessions: &[(SessionHandle, UserSession)]) -> String {
    if sessions.is_empty() {
        return format!("no live session of {subject:?}");
    }
    let mut report = format!("{} live session(s) of {subject:?}:", sessions.len());
    for (handle, session) in sessions {
        let groups =
            if session.identity.groups.is_empty() { "-".to_owned() } else { session.identity.groups.join(",") };
        report.push_str(&format!(
            "\n  {}  signed in {}  claims checked {}  provider session {}  groups {}",
            handle.label(),
            timestamp(session.signed_in_at),
            timestamp(session.claims_checked_at),
            if session.provider_sid.is_some() { "known" } else { "unknown" },
            groups,
        ));
    }
    report
}

fn timestamp(unix: u64) -> String {
    i64::try_from(unix)
        .ok()
        .and_then(|secs| DateTime::<Utc>::from_timestamp(secs, 0))
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| unix.to_string())
}
