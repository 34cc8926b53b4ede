//! Middleware: every HTTP request counted and timed under the route pattern it
//! matched (`/{room}`), never its path: room names are the visitors' own text.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use super::metrics::{Method, Metrics};

/// Reads the application's `web::Data<Metrics>`; without one it only passes the request on.
pub async fn record_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(metrics) = req.app_data::<web::Data<Metrics>>().cloned() else {
        return next.call(req).await;
    };
    let started = Instant::now();
    let method = Method::of(req.method());
    let result = next.call(req).await;
    let (route, status) = match &result {
        Ok(response) => (response.request().match_pattern(), response.status().as_u16()),
        Err(error) => (None, error.as_response_error().status_code().as_u16()),
    };
    metrics.http_request(route.as_deref(), method, status, started.elapsed());
    result
}
