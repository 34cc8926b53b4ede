//! The two halves of a sign-in at the provider.

use openidconnect::core::{CoreAuthPrompt, CoreAuthenticationFlow};
use openidconnect::{
    AccessToken, AccessTokenHash, AuthorizationCode, ClaimsVerificationError, CsrfToken, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RequestTokenError, Scope, SignatureVerificationError, TokenResponse as _,
    UserInfoClaims,
};
use url::Url;

use super::claims::{profile_from, ExtraClaims, Profile};
use super::provider::{Discovered, Provider, TokenResponse};
use super::{describe, OidcError};
use crate::identity::Identity;
use crate::session::{random_token, ProviderTokens};
use crate::telemetry::metrics::Endpoint;

/// Where to send the browser, and what to keep until it comes back.
#[derive(Debug)]
pub struct LoginStart {
    pub authorize_url: Url,
    pub state: String,
    pub pkce_verifier: String,
    pub nonce: String,
}

/// A completed sign-in: who it is, the provider's session, and its tokens.
#[derive(Debug)]
pub struct SignedIn {
    pub identity: Identity,
    /// The ID token's `sid`, when the provider sends one (for back-channel logout).
    pub provider_sid: Option<String>,
    pub tokens: ProviderTokens,
}

/// How an ID token's `nonce` is checked.
#[derive(Debug, Clone, Copy)]
pub(super) enum NonceRule<'a> {
    /// At sign-in: present and equal to the one we sent.
    Exact(&'a str),
    /// After a refresh (OIDC Core 12.2): absent, or the sign-in's unchanged.
    AbsentOrSame(&'a str),
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
        for (name, value) in &self.settings().extra_auth_params {
            request = request.add_extra_param(name.as_str(), value.as_str());
        }
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
    pub async fn finish_login(&self, callback: Callback<'_>) -> Result<SignedIn, OidcError> {
        let discovered = self.discovered().await?;
        let tokens = self.exchange(&discovered, callback).await?;
        let verified = self.verify_id_token_once_more(&discovered, &tokens, NonceRule::Exact(callback.nonce)).await?;
        let required = &self.settings().required_acr;
        if !required.is_empty() && !verified.acr.as_ref().is_some_and(|acr| required.contains(acr)) {
            return Err(OidcError::AcrNotMet { got: verified.acr.clone(), required: required.join(" ") });
        }
        let profile =
            self.with_userinfo(&discovered, verified.profile, tokens.access_token(), &verified.subject).await?;
        if profile.groups.is_none() && profile.groups_overage {
            return Err(OidcError::GroupsOverage);
        }
        Ok(SignedIn {
            identity: profile.into_identity(verified.subject, self.settings().max_groups),
            provider_sid: verified.sid,
            tokens: ProviderTokens {
                access_token: tokens.access_token().secret().clone(),
                refresh_token: tokens.refresh_token().map(|t| t.secret().clone()),
                id_token: tokens.id_token().map(ToString::to_string),
            },
        })
    }

    /// `profile` completed from userinfo, when `oidc.userinfo` asks for it (by
    /// default only when the ID token lacks groups or a display name) and the
    /// provider has the endpoint. Claims the ID token has win.
    pub(super) async fn with_userinfo(
        &self,
        discovered: &Discovered,
        profile: Profile,
        access_token: &AccessToken,
        subject: &str,
    ) -> Result<Profile, OidcError> {
        if self.settings().userinfo.asks(profile.is_complete()) && discovered.metadata.userinfo_endpoint().is_some() {
            Ok(profile.or(self.userinfo(discovered, access_token, subject).await?))
        } else {
            Ok(profile)
        }
    }

    /// Verify the response's ID token; on a key we do not know, re-read the
    /// provider's keys (it may have rotated them) and try once more.
    pub(super) async fn verify_id_token_once_more(
        &self,
        discovered: &Discovered,
        tokens: &TokenResponse,
        nonce: NonceRule<'_>,
    ) -> Result<VerifiedIdToken, OidcError> {
        match self.verify_id_token(discovered, tokens, nonce) {
            Err(OidcError::Rejected(reason)) if reason == UNKNOWN_KEY => {
                let refreshed = self.force_refresh().await?;
                self.verify_id_token(&refreshed, tokens, nonce)
            }
            other => other,
        }
    }

    async fn exchange(&self, discovered: &Discovered, callback: Callback<'_>) -> Result<TokenResponse, OidcError> {
        let request = discovered
            .client
            .exchange_code(AuthorizationCode::new(callback.code.to_owned()))
            .map_err(|e| OidcError::Fault(format!("the provider has no token endpoint ({e})")))?
            .set_pkce_verifier(PkceCodeVerifier::new(callback.pkce_verifier.to_owned()));
        let request = match self.client_assertion(discovered)? {
            Some([(type_name, type_value), (name, value)]) => {
                request.add_extra_param(type_name, type_value).add_extra_param(name, value)
            }
            None => request,
        };
        request.request_async(&self.http.to(Endpoint::Token)).await.map_err(|error| match error {
            RequestTokenError::ServerResponse(response) => {
                OidcError::Rejected(format!("the token endpoint refused the code: {}", response.error()))
            }
            RequestTokenError::Request(e) => OidcError::Unreachable(describe(&e)),
            // Never the body: it may hold tokens.
            RequestTokenError::Parse(e, _) => OidcError::Fault(format!("unreadable token response at {}", e.path())),
            RequestTokenError::Other(e) => OidcError::Fault(e),
        })
    }

    /// For `private_key_jwt`: the assertion fields for one token endpoint request.
    pub(super) fn client_assertion(
        &self,
        discovered: &Discovered,
    ) -> Result<Option<[(&'static str, String); 2]>, OidcError> {
        let endpoint = discovered.metadata.token_endpoint().map(|url| url.url().as_str()).unwrap_or_default();
        self.settings().client_auth.assertion(&self.settings().client_id, endpoint).map_err(OidcError::Fault)
    }

    fn verify_id_token(
        &self,
        discovered: &Discovered,
        tokens: &TokenResponse,
        nonce: NonceRule<'_>,
    ) -> Result<VerifiedIdToken, OidcError> {
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
        let nonce_check = move |found: Option<&Nonce>| -> Result<(), String> {
            let same = |expected: &str| found.is_some_and(|n| constant_time_eq(n.secret(), expected));
            match nonce {
                NonceRule::Exact(expected) if same(expected) => Ok(()),
                NonceRule::AbsentOrSame(expected) if found.is_none() || same(expected) => Ok(()),
                _ => Err("nonce mismatch".into()),
            }
        };
        let claims = id_token.claims(&verifier, nonce_check).map_err(|error| match error {
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
        let profile = profile_from!(claims, &self.settings().groups_claim, &self.settings().claims);
        let sid = claims.additional_claims().claims.get("sid").and_then(|v| v.as_str()).map(str::to_owned);
        let acr = claims.auth_context_ref().map(|acr| acr.to_string());
        Ok(VerifiedIdToken { subject: claims.subject().to_string(), sid, profile, acr })
    }

    pub(super) async fn userinfo(
        &self,
        discovered: &Discovered,
        access_token: &AccessToken,
        subject: &str,
    ) -> Result<Profile, OidcError> {
        let request = discovered
            .client
            .user_info(access_token.clone(), Some(openidconnect::SubjectIdentifier::new(subject.to_owned())))
            .map_err(|e| OidcError::Fault(format!("userinfo: {e}")))?;
        let claims: UserInfoClaims<ExtraClaims, openidconnect::core::CoreGenderClaim> =
            request.request_async(&self.http.to(Endpoint::Userinfo)).await.map_err(|error| {
                use openidconnect::UserInfoError as U;
                match error {
                    U::Request(e) => OidcError::Unreachable(describe(&e)),
                    // The access token is no longer good: the provider has ended the grant.
                    U::Response(status, _, _) if status.as_u16() == 401 => {
                        OidcError::Rejected("userinfo refused the access token (HTTP 401)".into())
                    }
                    U::Response(status, _, _) => OidcError::Fault(format!("userinfo answered HTTP {status}")),
                    U::ClaimsVerification(e) => OidcError::Rejected(format!("userinfo: {e}")),
                    other => OidcError::Fault(format!("userinfo: {other}")),
                }
            })?;
        Ok(profile_from!(&claims, &self.settings().groups_claim, &self.settings().claims))
    }
}

/// What a verified ID token says.
#[derive(Debug)]
pub(super) struct VerifiedIdToken {
    pub subject: String,
    pub sid: Option<String>,
    pub profile: Profile,
    /// The authentication context class the provider says it used.
    pub acr: Option<String>,
}

/// Compares without an early exit, so timing tells nothing about the nonce.
fn constant_time_eq(a: &str, b: &str) -> bool {
    use sha2::{Digest, Sha256};
    Sha256::digest(a.as_bytes()) == Sha256::digest(b.as_bytes())
}

const UNKNOWN_KEY: &str = "the ID token is signed with a key the provider does not list";
