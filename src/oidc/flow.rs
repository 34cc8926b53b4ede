//! The two halves of a sign-in at the provider.

use openidconnect::core::{CoreAuthPrompt, CoreAuthenticationFlow};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClaimsVerificationError, CsrfToken, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RequestTokenError, Scope, SignatureVerificationError, TokenResponse as _,
    UserInfoClaims,
};
use url::Url;

use super::claims::{profile_from, ExtraClaims, Profile};
use super::provider::{Discovered, Provider, TokenResponse};
use super::{describe, OidcError};
use crate::identity::Identity;
use crate::session::random_token;

/// Where to send the browser, and what to keep until it comes back.
#[derive(Debug)]
pub struct LoginStart {
    pub authorize_url: Url,
    pub state: String,
    pub pkce_verifier: String,
    pub nonce: String,
}

/// What the callback brought back, with what was kept for it.
#[derive(Debug, Clone, Copy)]
pub struct Callback<'a> {
    pub code: &'a str,
    pub pkce_verifier: &'a str,
    pub nonce: &'a str,
}

impl Provider {
    /// A fresh authorization request: code flow, PKCE S256, random state and
    /// nonce; `prompt=login` when the user wants to sign in with another account.
    pub async fn begin_login(&self, prompt_login: bool) -> Result<LoginStart, OidcError> {
        let discovered = self.discovered().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let scopes = self.settings().scopes.iter().filter(|s| *s != "openid").cloned().map(Scope::new);
        let mut request = discovered
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                || CsrfToken::new(random_token()),
                || Nonce::new(random_token()),
            )
            .add_scopes(scopes)
            .set_pkce_challenge(challenge);
        if prompt_login {
            request = request.add_prompt(CoreAuthPrompt::Login);
        }
        let (authorize_url, state, nonce) = request.url();
        Ok(LoginStart {
            authorize_url,
            state: state.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            nonce: nonce.secret().clone(),
        })
    }

    /// RFC 9207: when the provider names itself in the callback, it must be ours
    /// (defends against mix-up attacks when several providers share a browser).
    pub fn check_callback_issuer(&self, iss: Option<&str>) -> Result<(), OidcError> {
        match iss {
            Some(iss) if iss.trim_end_matches('/') != self.settings().issuer_url.trim_end_matches('/') => {
                Err(OidcError::Rejected("the callback names another issuer".into()))
            }
            _ => Ok(()),
        }
    }

    /// Exchange the code, verify the ID token, read userinfo, and say who signed in.
    pub async fn finish_login(&self, callback: Callback<'_>) -> Result<Identity, OidcError> {
        let discovered = self.discovered().await?;
        let tokens = self.exchange(&discovered, callback).await?;
        let (subject, id_profile) = match self.verify_id_token(&discovered, &tokens, callback.nonce) {
            Err(OidcError::Rejected(reason)) if reason == UNKNOWN_KEY => {
                // The provider may have rotated its keys since we read them.
                let refreshed = self.force_refresh().await?;
                self.verify_id_token(&refreshed, &tokens, callback.nonce)?
            }
            other => other?,
        };
        let profile = if self.settings().userinfo && discovered.metadata.userinfo_endpoint().is_some() {
            id_profile.or(self.userinfo(&discovered, &tokens, &subject).await?)
        } else {
            id_profile
        };
        Ok(profile.into_identity(subject))
    }

    async fn exchange(&self, discovered: &Discovered, callback: Callback<'_>) -> Result<TokenResponse, OidcError> {
        let request = discovered
            .client
            .exchange_code(AuthorizationCode::new(callback.code.to_owned()))
            .map_err(|e| OidcError::Fault(format!("the provider has no token endpoint ({e})")))?
            .set_pkce_verifier(PkceCodeVerifier::new(callback.pkce_verifier.to_owned()));
        request.request_async(&self.http).await.map_err(|error| match error {
            RequestTokenError::ServerResponse(response) => {
                OidcError::Rejected(format!("the token endpoint refused the code: {}", response.error()))
            }
            RequestTokenError::Request(e) => OidcError::Unreachable(describe(&e)),
            // Never the body: it may hold tokens.
            RequestTokenError::Parse(e, _) => OidcError::Fault(format!("unreadable token response at {}", e.path())),
            RequestTokenError::Other(e) => OidcError::Fault(e),
        })
    }

    fn verify_id_token(
        &self,
        discovered: &Discovered,
        tokens: &TokenResponse,
        nonce: &str,
    ) -> Result<(String, Profile), OidcError> {
        let id_token =
            tokens.id_token().ok_or_else(|| OidcError::Rejected("the token response has no ID token".into()))?;
        let skew = chrono::Duration::from_std(self.settings().clock_skew).unwrap_or_default();
        let verifier = discovered
            .client
            .id_token_verifier()
            .set_allowed_algs(Provider::id_token_algorithms(discovered))
            .set_time_fn(move || chrono::Utc::now() - skew)
            .set_issue_time_verifier_fn(move |iat| {
                if iat > chrono::Utc::now() + skew {
                    Err("issued in the future".into())
                } else {
                    Ok(())
                }
            });
        let claims = id_token.claims(&verifier, &Nonce::new(nonce.to_owned())).map_err(|error| match error {
            ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey) => {
                OidcError::Rejected(UNKNOWN_KEY.into())
            }
            other => OidcError::Rejected(format!("ID token: {other}")),
        })?;
        if let Some(expected) = claims.access_token_hash() {
            let alg = id_token.signing_alg().map_err(|e| OidcError::Rejected(format!("ID token: {e}")))?;
            let key = id_token.signing_key(&verifier).map_err(|e| OidcError::Rejected(format!("ID token: {e}")))?;
            let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key)
                .map_err(|e| OidcError::Rejected(format!("at_hash: {e}")))?;
            if actual != *expected {
                return Err(OidcError::Rejected("the access token does not match the ID token's at_hash".into()));
            }
        }
        let profile = profile_from!(claims, &self.settings().groups_claim);
        Ok((claims.subject().to_string(), profile))
    }

    async fn userinfo(
        &self,
        discovered: &Discovered,
        tokens: &TokenResponse,
        subject: &str,
    ) -> Result<Profile, OidcError> {
        let request = discovered
            .client
            .user_info(tokens.access_token().clone(), Some(openidconnect::SubjectIdentifier::new(subject.to_owned())))
            .map_err(|e| OidcError::Fault(format!("userinfo: {e}")))?;
        let claims: UserInfoClaims<ExtraClaims, openidconnect::core::CoreGenderClaim> =
            request.request_async(&self.http).await.map_err(|error| {
                use openidconnect::UserInfoError as U;
                match error {
                    U::Request(e) => OidcError::Unreachable(describe(&e)),
                    U::Response(status, _, _) => OidcError::Fault(format!("userinfo answered HTTP {status}")),
                    U::ClaimsVerification(e) => OidcError::Rejected(format!("userinfo: {e}")),
                    other => OidcError::Fault(format!("userinfo: {other}")),
                }
            })?;
        Ok(profile_from!(&claims, &self.settings().groups_claim))
    }
}

const UNKNOWN_KEY: &str = "the ID token is signed with a key the provider does not list";
