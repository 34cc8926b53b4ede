//! The one error type of the HTTP layer and how each case looks to a visitor:
//! a status, a short readable page with a way forward, and the request id.
//! The log keeps the cause chain; the page never shows internals.

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::jitsi::{AuthRequestError, NameError};
use crate::oidc::OidcError;
use crate::pages::i18n::Language;
use crate::pages::{self, reasons, Action, ErrorPage};
use crate::session::refresh::RecheckError;
use crate::session::StoreError;
use crate::telemetry::current_request_id;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadName(#[from] NameError),

    #[error("the request is missing or has a malformed {0}")]
    BadRequest(&'static str),

    /// A `tokenAuthUrl` request that Jitsi could not have sent.
    #[error("{0}")]
    BadAuthRequest(AuthRequestError),

    #[error("the sign-in state is unknown, expired or already used")]
    UnknownLoginState,

    /// As `UnknownLoginState`, in a browser that recently started a sign-in
    /// for `room`: "Start again" goes to `restart_href`.
    #[error("the sign-in state is unknown, expired or already used (last room {room})")]
    LoginExpired { room: String, restart_href: String },

    #[error("the sign-in was started in another browser")]
    ForeignBrowser,

    #[error("the identity provider ended the sign-in with {error:?}")]
    ProviderDenied { error: String, retry_href: String },

    #[error("the identity provider could not be reached")]
    ProviderUnavailable(#[source] OidcError),

    #[error("the identity provider answered with something unusable")]
    ProviderFault(#[source] OidcError),

    #[error("the sign-in response did not verify")]
    SignInRejected(#[source] OidcError),

    #[error("{user} is not in a group allowed into {room}")]
    Forbidden {
        user: String,
        room: String,
        guest_href: Option<String>,
        switch_account_href: String,
        /// The groups and e-mail domains that would let the user in, when the
        /// operator shows them (`ui.show_required_groups`); empty otherwise.
        required: (Vec<String>, Vec<String>),
    },

    /// The provider would not list the user's groups (too many): the policy cannot decide.
    #[error("the identity provider sent no groups, only a pointer to them (Entra ID groups overage: more than 200 in a token); have it send only the groups assigned to the application (Entra: groupMembershipClaims = \"ApplicationGroup\") or use app roles (oidc.groups_claim = \"roles\")")]
    GroupsNotListed,

    /// The provider signed the user in with a weaker method than `oidc.required_acr`.
    #[error("the sign-in method is not the one required")]
    SignInTooWeak(#[source] OidcError),

    #[error("the session store is unavailable")]
    Store(#[from] StoreError),

    /// A request target or header block larger than any real client sends.
    #[error("the request's {0} is too large")]
    RequestTooLarge(Oversize),

    /// Too many sign-ins started from this address, or from everyone at once.
    #[error("too many sign-in starts; retry in {retry_after} s")]
    RateLimited { retry_after: u64 },

    #[error("the session cookie did not verify")]
    TamperedCookie { removal: Box<Cookie<'static>>, retry_href: String },

    #[error("not found")]
    NotFound,

    /// Back-channel logout: the provider's request does not hold (answered in JSON).
    #[error("back-channel logout refused: {0}")]
    LogoutToken(String),

    /// Back-channel logout: valid, but the sessions could not be ended (answered in JSON).
    #[error("back-channel logout failed")]
    LogoutFailed(#[source] StoreError),

    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// Which part of a request was too large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oversize {
    Uri,
    Headers,
}

impl std::fmt::Display for Oversize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Uri => "address",
            Self::Headers => "header block",
        })
    }
}

impl From<OidcError> for AppError {
    fn from(error: OidcError) -> Self {
        match error {
            OidcError::Unreachable(_) => Self::ProviderUnavailable(error),
            OidcError::Fault(_) => Self::ProviderFault(error),
            OidcError::Rejected(_) => Self::SignInRejected(error),
            OidcError::GroupsOverage => Self::GroupsNotListed,
            OidcError::AcrNotMet { .. } => Self::SignInTooWeak(error),
        }
    }
}

impl From<AuthRequestError> for AppError {
    fn from(error: AuthRequestError) -> Self {
        match error {
            AuthRequestError::Name(name) => Self::BadName(name),
            other => Self::BadAuthRequest(other),
        }
    }
}

impl From<RecheckError> for AppError {
    fn from(error: RecheckError) -> Self {
        match error {
            RecheckError::Store(error) => Self::Store(error),
            // Past the grace period an unusable answer is as good as none: 503 either way.
            RecheckError::Provider(error) => Self::ProviderUnavailable(error),
        }
    }
}

impl AppError {
    /// The page's title and text in `language` (the catalogues in `locales/`).
    pub fn visitor_texts(&self, language: Language) -> (String, String) {
        let t = |key: &str, args: &[(&'static str, &str)]| language.text(key, args);
        let pair = |title: &str, message: &str| (t(title, &[]), t(message, &[]));
        match self {
            Self::BadName(e) => (t("error-bad-name-title", &[]), reasons::name(e, language)),
            Self::BadRequest(_) => pair("error-bad-request-title", "error-bad-request-message"),
            Self::BadAuthRequest(e) => (
                t("error-bad-auth-request-title", &[]),
                t("error-bad-auth-request-message", &[("reason", &reasons::auth_request(e, language))]),
            ),
            Self::UnknownLoginState => pair("error-expired-title", "error-expired-message"),
            Self::LoginExpired { room, .. } => {
                (t("error-expired-title", &[]), t("error-expired-room-message", &[("room", room)]))
            }
            Self::ForeignBrowser => pair("error-foreign-browser-title", "error-foreign-browser-message"),
            Self::ProviderDenied { .. } => pair("error-provider-denied-title", "error-provider-denied-message"),
            Self::ProviderUnavailable(_) => pair("error-unavailable-title", "error-provider-unavailable-message"),
            Self::Store(_) => pair("error-unavailable-title", "error-store-unavailable-message"),
            Self::ProviderFault(_) => pair("error-provider-fault-title", "error-provider-fault-message"),
            Self::SignInRejected(_) => pair("error-rejected-title", "error-rejected-message"),
            Self::GroupsNotListed => pair("error-groups-not-listed-title", "error-groups-not-listed-message"),
            Self::SignInTooWeak(_) => pair("error-too-weak-title", "error-too-weak-message"),
            Self::Forbidden { user, room, guest_href, required: (groups, domains), .. } => {
                let mut text = t("error-forbidden-message", &[("user", user), ("room", room)]);
                if !groups.is_empty() {
                    text.push(' ');
                    text.push_str(&t("error-forbidden-required-groups", &[("groups", &groups.join(", "))]));
                }
                if !domains.is_empty() {
                    text.push(' ');
                    text.push_str(&t("error-forbidden-required-domains", &[("domains", &domains.join(", "))]));
                }
                if guest_href.is_some() {
                    text.push(' ');
                    text.push_str(&t("error-forbidden-guest-hint", &[]));
                }
                (t("error-forbidden-title", &[]), text)
            }
            Self::RateLimited { retry_after } => (
                t("error-rate-limited-title", &[]),
                t("error-rate-limited-message", &[("seconds", &retry_after.to_string())]),
            ),
            Self::RequestTooLarge(_) => pair("error-too-large-title", "error-too-large-message"),
            Self::TamperedCookie { .. } => pair("error-tampered-cookie-title", "error-tampered-cookie-message"),
            Self::NotFound => pair("error-not-found-title", "error-not-found-message"),
            Self::LogoutToken(_) | Self::LogoutFailed(_) => (t("error-logout-refused-title", &[]), self.message()),
            Self::Internal(_) => pair("error-internal-title", "error-internal-message"),
        }
    }

    /// For the provider's server, in the back-channel logout's JSON answer.
    fn message(&self) -> String {
        match self {
            Self::LogoutToken(reason) => reason.clone(),
            Self::LogoutFailed(_) => "the sessions could not be ended now; send the logout token again".into(),
            other => other.to_string(),
        }
    }

    fn actions(&self, language: Language) -> Vec<Action> {
        let link =
            |key: &str, href: &String, primary| Action { label: language.text(key, &[]), href: href.clone(), primary };
        match self {
            Self::ProviderDenied { retry_href, .. } | Self::TamperedCookie { retry_href, .. } => {
                vec![link("action-sign-in-again", retry_href, true)]
            }
            Self::LoginExpired { restart_href, .. } => {
                vec![
                    link("action-start-again", restart_href, true),
                    link("action-start-page", &pages::ways().start, false),
                ]
            }
            Self::Forbidden { guest_href, switch_account_href, .. } => {
                let mut actions: Vec<Action> =
                    guest_href.iter().map(|href| link("action-join-as-guest", href, true)).collect();
                actions.push(link("action-use-another-account", switch_account_href, false));
                actions
            }
            // No dead end: a bad name or address, or a sign-in that cannot go on,
            // offers the index page with its room-name field.
            Self::BadName(_)
            | Self::NotFound
            | Self::UnknownLoginState
            | Self::ForeignBrowser
            | Self::BadRequest(_) => {
                vec![link("action-start-page", &pages::ways().start, true)]
            }
            Self::ProviderUnavailable(_) | Self::ProviderFault(_) | Self::Store(_) | Self::Internal(_) => {
                vec![link("action-try-again", &pages::ways().retry, true)]
            }
            _ => Vec::new(),
        }
    }

    /// The cause chain, for the log only.
    fn chain(&self) -> String {
        let mut parts = vec![self.to_string()];
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            parts.push(cause.to_string());
            source = cause.source();
        }
        parts.join(": ")
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadName(_)
            | Self::BadRequest(_)
            | Self::BadAuthRequest(_)
            | Self::UnknownLoginState
            | Self::LoginExpired { .. }
            | Self::ForeignBrowser
            | Self::TamperedCookie { .. }
            | Self::SignInRejected(_)
            | Self::LogoutToken(_)
            | Self::LogoutFailed(_) => StatusCode::BAD_REQUEST,
            Self::ProviderDenied { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } | Self::GroupsNotListed | Self::SignInTooWeak(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::RequestTooLarge(Oversize::Uri) => StatusCode::URI_TOO_LONG,
            Self::RequestTooLarge(Oversize::Headers) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Self::ProviderFault(_) => StatusCode::BAD_GATEWAY,
            Self::ProviderUnavailable(_) | Self::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let chain = self.chain();
        if status.is_server_error() {
            tracing::error!(status = status.as_u16(), error = %chain, "request failed");
        } else {
            tracing::warn!(status = status.as_u16(), error = %chain, "request refused");
        }
        if let Self::LogoutToken(_) | Self::LogoutFailed(_) = self {
            // The provider's server reads this, not a person: OIDC Back-Channel Logout §2.8.
            return HttpResponse::build(status)
                .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
                .json(serde_json::json!({"error": "invalid_request", "error_description": self.message()}));
        }
        let t = pages::Texts::current();
        let language = t.language();
        let (title, message) = self.visitor_texts(language);
        let page = ErrorPage {
            t,
            status_text: language.text("error-status", &[("status", &status.as_u16().to_string())]),
            request_id_label: language.text("request-id", &[]),
            status: status.as_u16(),
            title,
            message,
            actions: self.actions(language),
            request_id: current_request_id(),
        };
        let mut response = pages::html(status, &page);
        if let Self::TamperedCookie { removal, .. } = self {
            if let Err(error) = response.add_cookie(removal) {
                tracing::error!(%error, "could not attach the cookie removal");
            }
        }
        let retry_after = match self {
            Self::RateLimited { retry_after } => Some(*retry_after),
            _ if status == StatusCode::SERVICE_UNAVAILABLE => Some(30),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(actix_web::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
