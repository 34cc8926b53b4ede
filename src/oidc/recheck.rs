//! Asking the provider again who a signed-in user is: with the refresh token
//! when there is one (a new ID token, and userinfo when it is on), else
//! userinfo with the stored access token. The answer is either fresh claims
//! or the provider's word that the sign-in no longer holds; an outage is an
//! error for the caller to weigh against its grace period.

use openidconnect::{OAuth2TokenResponse, RefreshToken, RequestTokenError, TokenResponse as _};

use super::flow::NonceRule;
use super::provider::{Discovered, Provider, TokenResponse};
use super::{describe, OidcError};
use crate::config::UserinfoMode;
use crate::identity::Identity;
use crate::session::ProviderTokens;
use crate::telemetry::metrics::Endpoint;

/// What the provider said of a sign-in it was asked about again.
#[derive(Debug)]
pub enum Recheck {
    /// Still good: who the user is now, and the tokens to keep (a refresh may rotate them).
    Confirmed { identity: Identity, tokens: ProviderTokens },
    /// The provider no longer stands behind it: grant revoked or expired, user
    /// signed out or disabled, or an answer that does not verify. Log-safe reason.
    Refused(String),
}

impl Provider {
    /// Re-read `previous`'s claims. `Err` only for an outage or an unusable
    /// answer (`Unreachable`, `Fault`); everything that ends the sign-in is `Refused`.
    pub async fn recheck(
        &self,
        tokens: &ProviderTokens,
        previous: &Identity,
        nonce: &str,
    ) -> Result<Recheck, OidcError> {
        let discovered = self.discovered().await?;
        let outcome = match &tokens.refresh_token {
            Some(refresh_token) => self.recheck_by_refresh(&discovered, tokens, refresh_token, previous, nonce).await,
            None => self.recheck_by_userinfo(&discovered, tokens, previous).await,
        };
        match outcome {
            Err(OidcError::Rejected(reason)) => Ok(Recheck::Refused(reason)),
            other => other,
        }
    }

    async fn recheck_by_refresh(
        &self,
        discovered: &Discovered,
        old: &ProviderTokens,
        refresh_token: &str,
        previous: &Identity,
        nonce: &str,
    ) -> Result<Recheck, OidcError> {
        let response = self.refresh(discovered, refresh_token).await?;
        let subject = previous.subject.clone();
        let id_profile = match response.id_token() {
            Some(_) => {
                let verified =
                    self.verify_id_token_once_more(discovered, &response, NonceRule::AbsentOrSame(nonce)).await?;
                if verified.subject != subject {
                    return Ok(Recheck::Refused("the refreshed ID token names another user".into()));
                }
                Some(verified.profile)
            }
            None => None,
        };
        let identity = match id_profile {
            Some(profile) => self
                .with_userinfo(discovered, profile, response.access_token(), &subject)
                .await?
                .into_identity(subject, self.settings().max_groups),
            None if self.settings().userinfo != UserinfoMode::Never
                && discovered.metadata.userinfo_endpoint().is_some() =>
            {
                self.userinfo(discovered, response.access_token(), &subject)
                    .await?
                    .into_identity(subject, self.settings().max_groups)
            }
            None => {
                tracing::warn!(
                    "the provider's refresh answer has no ID token and userinfo is off: the grant holds, groups stay as they were"
                );
                previous.clone()
            }
        };
        let tokens = ProviderTokens {
            access_token: response.access_token().secret().clone(),
            // A provider that does not rotate refresh tokens sends none back: keep ours.
            refresh_token: response.refresh_token().map(|t| t.secret().clone()).or(old.refresh_token.clone()),
            id_token: response.id_token().map(ToString::to_string).or(old.id_token.clone()),
        };
        Ok(Recheck::Confirmed { identity, tokens })
    }

    async fn recheck_by_userinfo(
        &self,
        discovered: &Discovered,
        tokens: &ProviderTokens,
        previous: &Identity,
    ) -> Result<Recheck, OidcError> {
        if discovered.metadata.userinfo_endpoint().is_none() {
            return Ok(Recheck::Refused("no refresh token and no userinfo endpoint to re-read claims".into()));
        }
        let access_token = openidconnect::AccessToken::new(tokens.access_token.clone());
        let profile = self.userinfo(discovered, &access_token, &previous.subject).await?;
        Ok(Recheck::Confirmed {
            identity: profile.into_identity(previous.subject.clone(), self.settings().max_groups),
            tokens: tokens.clone(),
        })
    }

    async fn refresh(&self, discovered: &Discovered, refresh_token: &str) -> Result<TokenResponse, OidcError> {
        let refresh_token = RefreshToken::new(refresh_token.to_owned());
        let request = discovered
            .client
            .exchange_refresh_token(&refresh_token)
            .map_err(|e| OidcError::Fault(format!("the provider has no token endpoint ({e})")))?;
        let request = match self.client_assertion(discovered)? {
            Some([(type_name, type_value), (name, value)]) => {
                request.add_extra_param(type_name, type_value).add_extra_param(name, value)
            }
            None => request,
        };
        request.request_async(&self.http.to(Endpoint::Refresh)).await.map_err(|error| match error {
            RequestTokenError::ServerResponse(response) => {
                let code = response.error().to_string();
                if code == "invalid_grant" {
                    OidcError::Rejected("the provider refused the refresh token (invalid_grant)".into())
                } else {
                    // invalid_client, unauthorized_client...: our configuration, not the user's sign-in.
                    OidcError::Fault(format!("the token endpoint refused the refresh: {code}"))
                }
            }
            RequestTokenError::Request(e) => OidcError::Unreachable(describe(&e)),
            // Never the body: it may hold tokens.
            RequestTokenError::Parse(e, _) => OidcError::Fault(format!("unreadable refresh response at {}", e.path())),
            RequestTokenError::Other(e) => OidcError::Fault(e),
        })
    }
}
