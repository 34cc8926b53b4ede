//! OpenID Connect, relying-party side: starting a sign-in (authorization code,
//! PKCE S256, state, nonce) and finishing it (code exchange, ID-token checks,
//! userinfo), re-reading a user's claims later, and signing out at the
//! provider (end-session URL, back-channel logout tokens). Knows nothing of
//! rooms, session storage or HTTP handlers.

pub mod claims;
pub mod client_auth;
pub mod flow;
pub mod http;
pub mod logout;
pub mod logout_token;
pub mod provider;
pub mod recheck;

pub use flow::{Callback, LoginStart, SignedIn};
pub use logout_token::LogoutClaims;
pub use provider::Provider;
pub use recheck::Recheck;

/// How a conversation with the provider failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum OidcError {
    /// No answer, a timeout or a 5xx: try again later.
    #[error("the provider could not be reached: {0}")]
    Unreachable(String),
    /// An answer we cannot use (bad metadata, unparseable response).
    #[error("the provider answered with something unusable: {0}")]
    Fault(String),
    /// The sign-in itself does not hold: refused code, token that fails a check.
    #[error("the sign-in did not verify: {0}")]
    Rejected(String),
    /// The provider lists no groups because there are too many (Entra's
    /// "groups overage"): treating the user as group-less would be wrong.
    #[error("the provider sent no groups because the user has too many (groups overage)")]
    GroupsOverage,
    /// The ID token's `acr` is not one of `oidc.required_acr`.
    #[error("the sign-in's acr is {got:?}, and oidc.required_acr wants one of {required}")]
    AcrNotMet { got: Option<String>, required: String },
}

impl OidcError {
    fn from_discovery<E: std::error::Error + 'static>(error: &openidconnect::DiscoveryError<E>) -> Self {
        use openidconnect::DiscoveryError as D;
        match error {
            D::Request(e) => Self::Unreachable(describe(e)),
            // The body is not logged: it is the provider's, and can be large.
            D::Response(status, _, _) => Self::Fault(format!("discovery answered HTTP {status}")),
            D::Parse(e) => Self::Fault(format!("discovery document: {e}")),
            D::Validation(e) => Self::Fault(format!("discovery document: {e}")),
            D::UrlParse(e) => Self::Fault(format!("discovery URL: {e}")),
            D::Other(e) => Self::Fault(e.clone()),
            _ => Self::Fault("discovery failed".into()),
        }
    }
}

/// An error and its causes on one line (reqwest hides the useful part in sources).
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
