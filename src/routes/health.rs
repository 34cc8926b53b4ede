//! Probes and the small fixed pages.

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::{bridge_room_path, State};
use crate::jitsi::RoomTarget;
use crate::pages::{self, Index};

/// Liveness: the process serves requests.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// Longest wait for the session store's answer to a readiness ping.
const STORE_PING_TIMEOUT: Duration = Duration::from_secs(2);

/// Readiness, from the last real contact with each dependency: the session
/// store answers a ping now (within 2 s), and the provider's metadata and keys
/// were read within `server.readyz_provider_max_age_seconds`. Never waits on
/// the provider: past half that age a re-read starts in the background. Fails
/// at once when the process is stopping. The answer names what is down; the
/// why goes to the log only (this endpoint is often reachable from outside).
pub async fn readyz(state: State) -> HttpResponse {
    if state.lifecycle.is_stopping() {
        return HttpResponse::ServiceUnavailable().json(json!({"status": "shutting_down"}));
    }
    let provider = provider_readiness(&state).await;
    let store = match tokio::time::timeout(STORE_PING_TIMEOUT, state.sessions.ping()).await {
        Ok(answer) => answer.map_err(|e| e.to_string()),
        Err(_) => Err(format!("no answer to a ping within {STORE_PING_TIMEOUT:?}")),
    };
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

async fn provider_readiness(state: &State) -> Result<(), String> {
    let max_age = state.readyz_provider_max_age;
    let age = state.provider.metadata_age().await;
    if age.is_none_or(|age| age > max_age / 2) {
        let state = Arc::clone(state.get_ref());
        tokio::spawn(async move { state.provider.refresh_unless_busy().await });
    }
    match age {
        Some(age) if age <= max_age => Ok(()),
        Some(age) => Err(format!("metadata and keys last read {} s ago", age.as_secs())),
        None => Err("metadata and keys not read yet".into()),
    }
}

/// `?room=` of the index page's form.
#[derive(Debug, Deserialize)]
pub struct IndexQuery {
    room: Option<String>,
}

/// The index page with its room-name field. A submitted name is checked as a
/// room route checks it (`RoomTarget::parse_path`: `room` or `tenant/room`),
/// then the visitor goes to that room's page; a bad name is explained here.
pub async fn index(state: State, query: web::Query<IndexQuery>) -> HttpResponse {
    let page = |status, room: String, problem: Option<String>| {
        let form_action = state.public_url.path("/");
        pages::html(
            status,
            &Index {
                t: crate::pages::Texts::current(),
                jitsi_url: state.jitsi.base().as_url().to_string(),
                form_action,
                room,
                problem,
            },
        )
    };
    let Some(room) = query.into_inner().room.filter(|room| !room.is_empty()) else {
        return page(StatusCode::OK, String::new(), None);
    };
    match RoomTarget::parse_path(room.trim()) {
        Ok(target) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, bridge_room_path(&state.public_url, &target)))
            .finish(),
        Err(error) => {
            let problem = crate::pages::reasons::name(&error, crate::pages::Texts::current().language());
            page(StatusCode::BAD_REQUEST, room, Some(problem))
        }
    }
}

pub async fn robots() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("User-agent: *\nDisallow: /\n")
}

/// `ui.logo_file`, served by the bridge (404 without one). An SVG may carry
/// scripts: its own policy forbids them, should anyone open it directly.
pub async fn logo(state: State) -> HttpResponse {
    let Some(file) = &state.brand.logo_file else {
        return HttpResponse::NotFound().finish();
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, file.content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; sandbox"))
        .body(file.bytes.clone())
}
