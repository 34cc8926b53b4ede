//! How sessions end other than by expiry: a sign-out, a back-channel logout
//! from the provider (found through the indexes by the provider's `sid` or the
//! user's `sub`), an administrator's `sessions revoke`. Also the memory of
//! logout tokens already used, so a replayed one is refused.

use std::time::Duration;

use super::{digest, key, SessionHandle, Sessions, StoreError, UserSession, SESSION};

const BY_SUBJECT: &str = "index-sub:";
const BY_PROVIDER_SESSION: &str = "index-sid:";
const LOGOUT_TOKEN: &str = "logout-jti:";

impl Sessions {
    /// End this session now.
    pub async fn end(&self, handle: &SessionHandle, session: &UserSession) -> Result<(), StoreError> {
        self.store.delete(&key(SESSION, &handle.0)).await?;
        for index in indexes(session) {
            self.store.index_remove(&index, &handle.0).await?;
        }
        Ok(())
    }

    /// End the session with this id, if it is still there.
    pub async fn end_by_id(&self, id: &str) -> Result<Option<UserSession>, StoreError> {
        let handle = SessionHandle::of_id(id);
        let session = self.reload(&handle).await?;
        if let Some(session) = &session {
            self.end(&handle, session).await?;
        }
        Ok(session)
    }

    /// Every live session of the provider's user `subject`.
    pub async fn of_subject(&self, subject: &str) -> Result<Vec<(SessionHandle, UserSession)>, StoreError> {
        self.indexed(&key(BY_SUBJECT, &digest(subject))).await
    }

    /// End every session of the provider's user `subject`; returns how many there were.
    pub async fn end_subject(&self, subject: &str) -> Result<usize, StoreError> {
        self.end_all(self.of_subject(subject).await?).await
    }

    /// End every session signed in through the provider's session `sid`.
    pub async fn end_provider_session(&self, sid: &str) -> Result<usize, StoreError> {
        let sessions = self.indexed(&key(BY_PROVIDER_SESSION, &digest(sid))).await?;
        self.end_all(sessions).await
    }

    async fn end_all(&self, sessions: Vec<(SessionHandle, UserSession)>) -> Result<usize, StoreError> {
        for (handle, session) in &sessions {
            self.end(handle, session).await?;
        }
        Ok(sessions.len())
    }

    /// The live sessions an index lists; members that expired are dropped from it.
    async fn indexed(&self, index: &str) -> Result<Vec<(SessionHandle, UserSession)>, StoreError> {
        let mut live = Vec::new();
        for member in self.store.index_members(index).await? {
            let handle = SessionHandle(member);
            match self.reload(&handle).await? {
                Some(session) => live.push((handle, session)),
                None => self.store.index_remove(index, &handle.0).await?,
            }
        }
        live.sort_by_key(|(_, session)| session.signed_in_at);
        Ok(live)
    }

    /// Remember a back-channel logout token's `jti` from `issuer` for `ttl`;
    /// `false` when it was seen before (a replay).
    pub async fn remember_logout_token(&self, issuer: &str, jti: &str, ttl: Duration) -> Result<bool, StoreError> {
        self.store.put_new(&logout_token_key(issuer, jti), "1".into(), ttl).await
    }

    /// Forget it again, so the provider's retry of a logout that failed half-way is not a replay.
    pub async fn forget_logout_token(&self, issuer: &str, jti: &str) -> Result<(), StoreError> {
        self.store.delete(&logout_token_key(issuer, jti)).await
    }
}

fn logout_token_key(issuer: &str, jti: &str) -> String {
    key(LOGOUT_TOKEN, &digest(&format!("{issuer}\n{jti}")))
}

/// The indexes a session is listed in.
pub(super) fn indexes(session: &UserSession) -> Vec<String> {
    let mut indexes = vec![key(BY_SUBJECT, &digest(&session.identity.subject))];
    if let Some(sid) = &session.provider_sid {
        indexes.push(key(BY_PROVIDER_SESSION, &digest(sid)));
    }
    indexes
}
