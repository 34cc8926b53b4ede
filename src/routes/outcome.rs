//! Why a sign-in ended without a token, as the metrics name it.

use crate::error::AppError;
use crate::telemetry::metrics::Refusal;

pub fn refusal_reason(error: &AppError) -> Refusal {
    match error {
        AppError::Forbidden { .. } | AppError::GroupsNotListed => Refusal::Policy,
        AppError::ProviderDenied { .. } => Refusal::ProviderDenied,
        AppError::SignInRejected(_) | AppError::SignInTooWeak(_) => Refusal::Rejected,
        AppError::UnknownLoginState | AppError::LoginExpired { .. } => Refusal::ExpiredState,
        AppError::ForeignBrowser => Refusal::ForeignBrowser,
        AppError::RateLimited { .. } => Refusal::RateLimited,
        AppError::ProviderUnavailable(_) => Refusal::ProviderUnavailable,
        AppError::ProviderFault(_) => Refusal::ProviderFault,
        AppError::Store(_) | AppError::LogoutFailed(_) => Refusal::StoreUnavailable,
        AppError::Internal(_) => Refusal::Internal,
        AppError::BadName(_)
        | AppError::BadRequest(_)
        | AppError::BadAuthRequest(_)
        | AppError::RequestTooLarge(_)
        | AppError::TamperedCookie { .. }
        | AppError::NotFound
        | AppError::LogoutToken(_) => Refusal::BadRequest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oidc::OidcError;
    use crate::session::StoreError;

    #[test]
    fn each_way_a_sign_in_fails_has_its_reason() {
        let cases = [
            (AppError::UnknownLoginState, "expired_state"),
            (AppError::LoginExpired { room: "standup".into(), restart_href: "/standup".into() }, "expired_state"),
            (AppError::ForeignBrowser, "foreign_browser"),
            (AppError::ProviderDenied { error: "access_denied".into(), retry_href: "/r".into() }, "provider_denied"),
            (AppError::from(OidcError::Rejected("nonce".into())), "rejected"),
            (AppError::from(OidcError::Unreachable("down".into())), "provider_unavailable"),
            (AppError::from(OidcError::Fault("junk".into())), "provider_fault"),
            (AppError::Store(StoreError::Unavailable("down".into())), "store_unavailable"),
            (AppError::RateLimited { retry_after: 2 }, "rate_limited"),
            (AppError::BadRequest("state"), "bad_request"),
            (
                AppError::Forbidden {
                    user: "Carol".into(),
                    room: "standup".into(),
                    guest_href: None,
                    switch_account_href: "/login".into(),
                    required: (Vec::new(), Vec::new()),
                },
                "policy",
            ),
        ];
        for (error, reason) in cases {
            assert_eq!(refusal_reason(&error).as_str(), reason, "{error}");
        }
    }
}
