//! The provider's side of signing out: where to send the browser so the
//! provider's own session ends too (RP-Initiated Logout 1.0), and checking the
//! logout tokens it posts when a session ends there (Back-Channel Logout 1.0).

use std::str::FromStr;

use url::Url;

use super::logout_token::{verify_logout_token, LogoutClaims, LogoutTokenError, LogoutTokenRules};
use super::provider::{Discovered, Provider};
use super::OidcError;

/// Logout tokens older than this are refused (the provider sends them as the session ends).
const LOGOUT_TOKEN_MAX_AGE_SECONDS: u64 = 300;

impl Provider {
    /// The provider's end-session URL for this sign-out, or `None` when it has
    /// none (the bridge then shows its own signed-out page). `id_token_hint`
    /// tells the provider whose session it is; `state` comes back to
    /// `post_logout_redirect_uri` unchanged.
    pub async fn end_session_url(
        &self,
        id_token_hint: Option<&str>,
        post_logout_redirect_uri: &Url,
        state: Option<&str>,
    ) -> Result<Option<Url>, OidcError> {
        let discovered = self.discovered().await?;
        let Some(endpoint) = &discovered.metadata.additional_metadata().end_session_endpoint else {
            return Ok(None);
        };
        let mut url = endpoint.url().clone();
        {
            let mut query = url.query_pairs_mut();
            if let Some(hint) = id_token_hint {
                query.append_pair("id_token_hint", hint);
            }
            query.append_pair("client_id", &self.settings().client_id);
            query.append_pair("post_logout_redirect_uri", post_logout_redirect_uri.as_str());
            if let Some(state) = state {
                query.append_pair("state", state);
            }
        }
        Ok(Some(url))
    }

    /// Verify a back-channel logout token at `now`, re-reading the provider's
    /// keys once when it names one we do not have.
    pub async fn verify_logout_token(&self, token: &str, now: u64) -> Result<LogoutClaims, OidcError> {
        let discovered = self.discovered().await?;
        match self.check_logout_token(&discovered, token, now) {
            Err(LogoutTokenError::UnknownKey) => {
                let refreshed = self.force_refresh().await?;
                self.check_logout_token(&refreshed, token, now)
            }
            other => other,
        }
        .map_err(|error| OidcError::Rejected(error.to_string()))
    }

    fn check_logout_token(
        &self,
        discovered: &Discovered,
        token: &str,
        now: u64,
    ) -> Result<LogoutClaims, LogoutTokenError> {
        let algorithms = signing_algorithms(discovered);
        let rules = LogoutTokenRules {
            issuer: &self.settings().issuer_url,
            client_id: &self.settings().client_id,
            algorithms: &algorithms,
            now,
            leeway: self.settings().clock_skew.as_secs(),
            max_age: LOGOUT_TOKEN_MAX_AGE_SECONDS,
        };
        verify_logout_token(token, &discovered.logout_keys, &rules)
    }
}

/// The provider's ID-token algorithms, as jsonwebtoken names them (the same
/// keys sign its logout tokens). Names jsonwebtoken does not know are skipped.
fn signing_algorithms(discovered: &Discovered) -> Vec<jsonwebtoken::Algorithm> {
    Provider::id_token_algorithms(discovered)
        .iter()
        .filter_map(|alg| serde_json::to_value(alg).ok())
        .filter_map(|name| name.as_str().and_then(|name| jsonwebtoken::Algorithm::from_str(name).ok()))
        .collect()
}
