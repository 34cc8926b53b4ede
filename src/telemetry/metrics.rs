//! The bridge's Prometheus metrics, served at `/metrics`: HTTP requests,
//! sign-ins, tokens, provider calls, session-store operations, rate limiting
//! and build info. One registry per application, not a process-wide one:
//! tests run several bridges in one process and each counts its own. Label
//! values come from the closed sets in [`super::labels`].

use std::borrow::Cow;
use std::time::{Duration, Instant};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};

pub use super::labels::{CallOutcome, Endpoint, Method, Refusal, Role, StoreOperation, StoreOutcome};

/// Every metric name starts with this.
pub const PREFIX: &str = "jitsi_oidc_bridge";
/// `Content-Type` of [`Metrics::encode`]'s output (Prometheus text format 0.0.4).
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;
/// The `route` of a request no declared route matched (a 404, or one refused before routing).
pub const UNMATCHED_ROUTE: &str = "unmatched";

/// Latency buckets for requests and provider calls: 5 ms to 10 s.
const REQUEST_BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Latency buckets for session-store operations: 0.5 ms to 1 s (its timeout is about that).
const STORE_BUCKETS: [f64; 11] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

fn request_histogram() -> Histogram {
    Histogram::new(REQUEST_BUCKETS)
}

fn store_histogram() -> Histogram {
    Histogram::new(STORE_BUCKETS)
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    route: Cow<'static, str>,
    method: Method,
    status: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RouteLabels {
    route: Cow<'static, str>,
    method: Method,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RefusalLabels {
    reason: Refusal,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RoleLabels {
    role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct CallLabels {
    endpoint: Endpoint,
    outcome: CallOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct StoreLabels {
    operation: StoreOperation,
    outcome: StoreOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
    commit: &'static str,
}

pub struct Metrics {
    registry: Registry,
    http_requests: Family<RequestLabels, Counter>,
    http_duration: Histograms<RouteLabels>,
    sign_ins_started: Counter,
    sign_ins_completed: Counter,
    sign_ins_refused: Family<RefusalLabels, Counter>,
    tokens_minted: Family<RoleLabels, Counter>,
    provider_calls: Family<CallLabels, Counter>,
    provider_duration: Histograms<CallLabels>,
    store_operations: Family<StoreLabels, Counter>,
    store_duration: Histograms<StoreLabels>,
    rate_limited: Counter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut metrics = Self {
            registry: Registry::with_prefix(PREFIX),
            http_requests: Family::default(),
            http_duration: Family::new_with_constructor(request_histogram),
            sign_ins_started: Counter::default(),
            sign_ins_completed: Counter::default(),
            sign_ins_refused: Family::default(),
            tokens_minted: Family::default(),
            provider_calls: Family::default(),
            provider_duration: Family::new_with_constructor(request_histogram),
            store_operations: Family::default(),
            store_duration: Family::new_with_constructor(store_histogram),
            rate_limited: Counter::default(),
        };
        metrics.register();
        metrics
    }

    fn register(&mut self) {
        let r = &mut self.registry;
        let seconds = Unit::Seconds;
        r.register(
            "http_requests",
            "HTTP requests answered, by route pattern, method and status",
            self.http_requests.clone(),
        );
        r.register_with_unit(
            "http_request_duration",
            "Time to answer an HTTP request, by route pattern and method",
            seconds.clone(),
            self.http_duration.clone(),
        );
        r.register(
            "sign_ins_started",
            "Visitors sent to the identity provider to sign in",
            self.sign_ins_started.clone(),
        );
        r.register(
            "sign_ins_completed",
            "Sign-ins back from the provider that got a Jitsi token",
            self.sign_ins_completed.clone(),
        );
        r.register(
            "sign_ins_refused",
            "Sign-ins ended without a token, at the start or at the callback, by reason",
            self.sign_ins_refused.clone(),
        );
        r.register("tokens_minted", "Jitsi tokens issued, by role", self.tokens_minted.clone());
        r.register(
            "provider_requests",
            "HTTP calls to the identity provider, by endpoint and outcome",
            self.provider_calls.clone(),
        );
        r.register_with_unit(
            "provider_request_duration",
            "Time of HTTP calls to the identity provider, by endpoint and outcome",
            seconds.clone(),
            self.provider_duration.clone(),
        );
        r.register(
            "store_operations",
            "Session-store operations, by operation and outcome",
            self.store_operations.clone(),
        );
        r.register_with_unit(
            "store_operation_duration",
            "Time of session-store operations, by operation and outcome",
            seconds,
            self.store_duration.clone(),
        );
        r.register(
            "sign_in_starts_rate_limited",
            "Sign-in starts refused by the per-address or the total limit (429)",
            self.rate_limited.clone(),
        );
        // Series that exist from the start read 0 rather than missing, so rates and alerts work at once.
        for &reason in Refusal::ALL {
            let _ = self.sign_ins_refused.get_or_create(&RefusalLabels { reason });
        }
        for &role in Role::ALL {
            let _ = self.tokens_minted.get_or_create(&RoleLabels { role });
        }
        let build = Family::<BuildLabels, Gauge>::default();
        build.get_or_create(&BuildLabels { version: env!("CARGO_PKG_VERSION"), commit: git_commit() }).set(1);
        r.register("build_info", "Always 1; the labels name the running build", build);
    }

    /// The registry in the Prometheus text format.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }

    /// `route`: the pattern the request matched (`/{room}`), or `None` when no route did.
    pub fn http_request(&self, route: Option<Cow<'static, str>>, method: Method, status: u16, elapsed: Duration) {
        let route = route.unwrap_or(Cow::Borrowed(UNMATCHED_ROUTE));
        self.http_duration.get_or_create(&RouteLabels { route: route.clone(), method }).observe(elapsed.as_secs_f64());
        self.http_requests.get_or_create(&RequestLabels { route, method, status }).inc();
    }

    pub fn sign_in_started(&self) {
        self.sign_ins_started.inc();
    }

    pub fn sign_in_completed(&self) {
        self.sign_ins_completed.inc();
    }

    pub fn sign_in_refused(&self, reason: Refusal) {
        if reason == Refusal::RateLimited {
            self.rate_limited.inc();
        }
        self.sign_ins_refused.get_or_create(&RefusalLabels { reason }).inc();
    }

    pub fn token_minted(&self, role: Role) {
        self.tokens_minted.get_or_create(&RoleLabels { role }).inc();
    }

    pub fn provider_call(&self, endpoint: Endpoint, outcome: CallOutcome, started: Instant) {
        let labels = CallLabels { endpoint, outcome };
        self.provider_duration.get_or_create(&labels).observe(started.elapsed().as_secs_f64());
        self.provider_calls.get_or_create(&labels).inc();
    }

    pub fn store_operation(&self, operation: StoreOperation, ok: bool, started: Instant) {
        let outcome = if ok { StoreOutcome::Ok } else { StoreOutcome::Error };
        let labels = StoreLabels { operation, outcome };
        self.store_duration.get_or_create(&labels).observe(started.elapsed().as_secs_f64());
        self.store_operations.get_or_create(&labels).inc();
    }
}

/// The commit the binary was built from, when the build said
/// (`BRIDGE_GIT_COMMIT=$(git rev-parse --short HEAD) cargo build`).
fn git_commit() -> &'static str {
    match option_env!("BRIDGE_GIT_COMMIT") {
        Some(commit) if !commit.is_empty() => commit,
        _ => "unknown",
    }
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
