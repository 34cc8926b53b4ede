//! How the bridge proves to the provider's token endpoint that it is the
//! client (`oidc.token_endpoint_auth_method`): a secret in the Basic header or
//! in the form body, a signed JWT (`private_key_jwt`, RFC 7523), or nothing at
//! all for a public client, which PKCE alone protects.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, Header};
use openidconnect::{AuthType, ClientSecret};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::jitsi::signing::SigningKey;
use crate::session::random_token;

/// RFC 7523's `client_assertion_type` for a JWT.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Seconds a client assertion is good for: one request.
const ASSERTION_LIFETIME: u64 = 60;

#[derive(Clone)]
pub enum ClientAuth {
    /// A public client: no secret, PKCE only.
    None,
    SecretBasic(SecretString),
    SecretPost(SecretString),
    /// A JWT signed with this RSA key, whose public half the provider has.
    PrivateKeyJwt(Arc<SigningKey>),
}

impl std::fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.method())
    }
}

impl ClientAuth {
    /// The method's name as providers register it.
    pub fn method(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::SecretBasic(_) => "client_secret_basic",
            Self::SecretPost(_) => "client_secret_post",
            Self::PrivateKeyJwt(_) => "private_key_jwt",
        }
    }

    pub fn secret(&self) -> Option<ClientSecret> {
        match self {
            Self::SecretBasic(secret) | Self::SecretPost(secret) => {
                Some(ClientSecret::new(secret.expose_secret().to_owned()))
            }
            Self::None | Self::PrivateKeyJwt(_) => None,
        }
    }

    /// Where the client id (and secret) go: the Basic header only for `client_secret_basic`.
    pub fn auth_type(&self) -> AuthType {
        match self {
            Self::SecretBasic(_) => AuthType::BasicAuth,
            _ => AuthType::RequestBody,
        }
    }

    /// For `private_key_jwt`: the form fields that authenticate one request to
    /// `token_endpoint` (`iss` = `sub` = the client id, `aud` = the endpoint,
    /// a fresh `jti`, a minute of validity).
    pub fn assertion(
        &self,
        client_id: &str,
        token_endpoint: &str,
    ) -> Result<Option<[(&'static str, String); 2]>, String> {
        let Self::PrivateKeyJwt(key) = self else { return Ok(None) };
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let claims = json!({
            "iss": client_id,
            "sub": client_id,
            "aud": token_endpoint,
            "jti": random_token(),
            "iat": now,
            "exp": now + ASSERTION_LIFETIME,
        });
        let header = Header { kid: Some(key.kid().to_owned()), ..Header::new(Algorithm::RS256) };
        let jwt =
            jsonwebtoken::encode(&header, &claims, key.encoding()).map_err(|e| format!("client assertion: {e}"))?;
        Ok(Some([("client_assertion_type", JWT_BEARER.to_owned()), ("client_assertion", jwt)]))
    }
}
