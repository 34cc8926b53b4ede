//! The public halves of the token signing keys, for Prosody (RS256/384/512
//! signing only; with a shared secret both answer 404):
//! - `GET /asap/<hex(sha256(kid))>.pem`: one key as `BEGIN PUBLIC KEY` PEM, for
//!   `asap_key_server = "<public_url>/asap"` (`token/util.lib.lua`, `get_public_key`);
//! - `GET /.well-known/jitsi-jwks.json`: every published key as a JWKS, for
//!   `cache_keys_url`.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde_json::json;

use super::State;
use crate::error::AppError;

/// How long a JWKS may be cached: half the time a new key is published before
/// it signs (at most 5 minutes), so a cached copy always learns a key before
/// it meets a token signed with it.
fn jwks_max_age(state: &State) -> u64 {
    state.keys.as_ref().map_or(0, |ring| (ring.publish_before_use().as_secs() / 2).min(300))
}

pub async fn asap_key(state: State, name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let ring = state.keys.as_ref().ok_or(AppError::NotFound)?;
    let keys = ring.current();
    let key = keys.by_asap_file_name(&name).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/x-pem-file"))
        // A kid never names another key (a new key has a new kid), so the answer never changes.
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(key.public_pem().to_owned()))
}

pub async fn jwks(state: State) -> Result<HttpResponse, AppError> {
    let ring = state.keys.as_ref().ok_or(AppError::NotFound)?;
    let algorithm = state.signing_algorithm.name();
    let keys: Vec<_> = ring.current().published().iter().map(|key| key.jwk(algorithm)).collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, format!("public, max-age={}", jwks_max_age(&state))))
        .json(json!({ "keys": keys })))
}
