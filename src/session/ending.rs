//! How sessions end other than by expiry: a sign-out, a back-channel logout
//! from the provider (found through the index of the user's sessions, by the
//! user's `sub` or the provider's `sid`), an administrator's `sessions revoke`.
//! Also the memory of logout tokens already used, so a replayed one is refused.

use std::time::Duration;

use super::keys::{self, UserTag};
use super::{SessionHandle, Sessions, StoreError, UserSession, Write};

impl Sessions {
    /// End this session now: the session and its index entry go in one step.
    pub async fn end(&self, handle: &SessionHandle) -> Result<(), StoreError> {
        self.decoded.forget(&handle.digest);
        let (index, key) = (keys::sessions_of(&handle.tag), handle.key());
        self.store
            .apply(&[Write::Delete { key: &key }, Write::IndexRemove { index: &index, member: &handle.digest }])
            .await
    }

    /// End the session with this id, if it is still there.
    pub async fn end_by_id(&self, id: &str) -> Result<Option<UserSession>, StoreError> {
        let Some((handle, session)) = self.find(id).await? else {
            return Ok(None);
        };
        self.end(&handle).await?;
        Ok(Some(session))
    }

    /// Every live session of the provider's user `subject`.
    pub async fn of_subject(&self, subject: &str) -> Result<Vec<(SessionHandle, UserSession)>, StoreError> {
        let mut sessions = self.of_tag(&self.tags.of(subject)).await?;
        sessions.retain(|(_, session)| session.identity.subject == subject);
        Ok(sessions)
    }

    /// End every session of the provider's user `subject`; returns how many there were.
    pub async fn end_subject(&self, subject: &str) -> Result<usize, StoreError> {
        self.end_all(self.of_subject(subject).await?).await
    }

    /// End every session signed in through the provider's session `sid`, of
    /// `subject` when the logout names one too.
    pub async fn end_provider_session(&self, sid: &str, subject: Option<&str>) -> Result<usize, StoreError> {
        let mut sessions = match subject {
            Some(subject) => self.of_subject(subject).await?,
            None => {
                match self.store.get(&keys::user_of_provider_session(sid)).await?.as_deref().and_then(UserTag::parse) {
                    Some(tag) => self.of_tag(&tag).await?,
                    None => Vec::new(),
                }
            }
        };
        sessions.retain(|(_, session)| session.provider_sid.as_deref() == Some(sid));
        self.end_all(sessions).await
    }

    async fn end_all(&self, sessions: Vec<(SessionHandle, UserSession)>) -> Result<usize, StoreError> {
        for (handle, _) in &sessions {
            self.end(handle).await?;
        }
        Ok(sessions.len())
    }

    /// The live sessions of the users with `tag`; index members whose session
    /// expired are dropped from the index on the way.
    async fn of_tag(&self, tag: &UserTag) -> Result<Vec<(SessionHandle, UserSession)>, StoreError> {
        let index = keys::sessions_of(tag);
        let mut live = Vec::new();
        for digest in self.store.index_members(&index).await? {
            let handle = SessionHandle { tag: tag.clone(), digest };
            match self.reload(&handle).await? {
                Some(session) => live.push((handle, session)),
                None => self.store.index_remove(&index, &handle.digest).await?,
            }
        }
        live.sort_by_key(|(_, session)| session.signed_in_at);
        Ok(live)
    }

    /// Remember a back-channel logout token's `jti` from `issuer` for `ttl`;
    /// `false` when it was seen before (a replay).
    pub async fn remember_logout_token(&self, issuer: &str, jti: &str, ttl: Duration) -> Result<bool, StoreError> {
        self.store.put_new(&keys::logout_token(issuer, jti), "1".into(), ttl).await
    }

    /// Forget it again, so the provider's retry of a logout that failed half-way is not a replay.
    pub async fn forget_logout_token(&self, issuer: &str, jti: &str) -> Result<(), StoreError> {
        self.store.delete(&keys::logout_token(issuer, jti)).await
    }
}
