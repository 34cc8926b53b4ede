//! Middleware: every HTTP request counted and timed under the route pattern it
//! matched (`/{room}`), never its path: room names are the visitors' own text.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};

use super::metrics::{Method, Metrics};

/// The route pattern a resource was registered under (`/sso/{room}`), kept in
/// the resource's data so the metrics need not match the path a second time.
#[derive(Debug, Clone, Copy)]
pub struct RouteName(pub &'static str);

impl RouteName {
    /// `prefix` + `path`, stored once for the life of the process however
    /// often an application is built (tests build hundreds).
    pub fn of(prefix: &str, path: &str) -> RouteName {
        static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
        let pattern = format!("{prefix}{path}");
        let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(name) = names.get(pattern.as_str()) {
            return RouteName(name);
        }
        let name: &'static str = Box::leak(pattern.into_boxed_str());
        names.insert(name);
        RouteName(name)
    }
}

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
        Ok(response) => {
            let request = response.request();
            // A route registered with its name needs no second match of the path.
            // Set by the room dispatcher, which serves two patterns.
            let named = request.app_data::<RouteName>().copied().or_else(|| request.extensions().get().copied());
            let route = match named {
                Some(name) => Some(Cow::Borrowed(name.0)),
                None => request.match_pattern().map(Cow::Owned),
            };
            (route, response.status().as_u16())
        }
        Err(error) => (None, error.as_response_error().status_code().as_u16()),
    };
    metrics.http_request(route, method, status, started.elapsed());
    result
}
