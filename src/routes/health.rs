//! Probes and the small fixed pages.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde_json::json;

use super::State;
use crate::pages::{self, Index};

/// Liveness: the process serves requests.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// Readiness: the session store answers and the provider's metadata is at hand.
/// The answer names what is down; the why goes to the log only (this endpoint
/// is often reachable from outside).
pub async fn readyz(state: State) -> HttpResponse {
    let store = state.sessions.ping().await.map_err(|e| e.to_string());
    let provider = state.provider.discovered().await.map(|_| ()).map_err(|e| e.to_string());
    let report = |component: &str, result: &Result<(), String>| match result {
        Ok(()) => "ok",
        Err(error) => {
            tracing::warn!(component, %error, "not ready");
            "unavailable"
        }
    };
    let (store_state, provider_state) = (report("session_store", &store), report("identity_provider", &provider));
    let status = if store.is_ok() && provider.is_ok() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    HttpResponse::build(status).json(json!({
        "status": if status == StatusCode::OK { "ok" } else { "unavailable" },
        "session_store": store_state,
        "identity_provider": provider_state,
    }))
}

pub async fn index(state: State) -> HttpResponse {
    pages::html(StatusCode::OK, &Index { jitsi_url: state.jitsi.base().as_url().to_string() })
}

pub async fn robots() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("User-agent: *\nDisallow: /\n")
}
