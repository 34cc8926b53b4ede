//! `GET /metrics`: the Prometheus scrape, on the main listener or on
//! `server.metrics_listen`.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::error::AppError;
use crate::telemetry::metrics::{Metrics, CONTENT_TYPE};

pub async fn metrics(metrics: web::Data<Metrics>) -> Result<HttpResponse, AppError> {
    let text = metrics.encode().map_err(|e| AppError::Internal(anyhow::anyhow!("encoding metrics: {e}")))?;
    Ok(HttpResponse::Ok().content_type(CONTENT_TYPE).insert_header((header::CACHE_CONTROL, "no-store")).body(text))
}
