//! `[oidc]`: how the bridge authenticates as a client, and what it adds to
//! the authorization request.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::checks::Problems;
use super::RawOidc;
use crate::jitsi::signing::SigningKey;
use crate::oidc::client_auth::ClientAuth;

/// Parameters the bridge sets itself; an extra one may not replace them.
const RESERVED: [&str; 12] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "response_mode",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
    "request",
    "request_uri",
];

pub(super) fn client_auth(o: &RawOidc, problems: &mut Problems) -> Option<ClientAuth> {
    let secret_given = o.client_secret.is_some() || o.client_secret_file.is_some();
    let method = o.token_endpoint_auth_method.as_str();
    let secret = |problems: &mut Problems| {
        problems.secret("oidc.client_secret", o.client_secret.clone(), o.client_secret_file.as_deref(), 1)
    };
    let no_secret = |problems: &mut Problems| {
        if secret_given {
            problems.push(
                "oidc.client_secret",
                format!("is not used with token_endpoint_auth_method = \"{method}\": remove it"),
            );
        }
    };
    match method {
        "client_secret_basic" => secret(problems).map(ClientAuth::SecretBasic),
        "client_secret_post" => secret(problems).map(ClientAuth::SecretPost),
        "none" => {
            no_secret(problems);
            Some(ClientAuth::None)
        }
        "private_key_jwt" => {
            no_secret(problems);
            let Some(path) = &o.client_assertion_key_file else {
                problems.push(
                    "oidc.client_assertion_key_file",
                    "is required with private_key_jwt: an RSA private key whose public half the provider has (jitsi-oidc-bridge keys generate --out DIR)".into(),
                );
                return None;
            };
            let key = problems.check("oidc.client_assertion_key_file", SigningKey::read(path, ""))?;
            Some(ClientAuth::PrivateKeyJwt(Arc::new(key)))
        }
        other => {
            problems.push(
                "oidc.token_endpoint_auth_method",
                format!(
                    "{other:?} is not supported: use client_secret_basic, client_secret_post, private_key_jwt or none"
                ),
            );
            None
        }
    }
}

/// The extra authorization parameters, checked; `acr_values` is added from
/// `required_acr` when not given, so the provider knows what is asked of it.
pub(super) fn extra_auth_params(
    raw: &BTreeMap<String, String>,
    required_acr: &[String],
    problems: &mut Problems,
) -> Vec<(String, String)> {
    let mut params = Vec::new();
    for (name, value) in raw {
        if RESERVED.contains(&name.as_str()) {
            problems.push(
                &format!("oidc.extra_auth_params.{name}"),
                "is set by the bridge itself (it protects the sign-in): remove it".into(),
            );
        } else if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        {
            problems.push("oidc.extra_auth_params", format!("{name:?} is not a parameter name"));
        } else {
            params.push((name.clone(), value.clone()));
        }
    }
    if !required_acr.is_empty() && !raw.contains_key("acr_values") {
        params.push(("acr_values".to_owned(), required_acr.join(" ")));
    }
    params
}
