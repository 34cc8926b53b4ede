//! The `[server]` keys for running under an orchestrator: where `/metrics` is
//! served, how old the provider's metadata may be before `/readyz` says no,
//! and how a SIGTERM is honoured.

use std::net::SocketAddr;
use std::time::Duration;

use super::checks::Problems;
use super::RawServer;

/// Metrics, readiness and shutdown, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObserveSettings {
    /// `None`: `/metrics` is served on the main listener, under the public URL's path.
    pub metrics_listen: Option<SocketAddr>,
    /// `/readyz` fails when the provider's metadata and keys were last read longer ago.
    pub readyz_provider_max_age: Duration,
    /// After the listener closes, how long requests in flight may take to finish.
    pub shutdown_timeout: Duration,
    /// After SIGTERM, how long the listener keeps accepting while `/readyz` says 503.
    pub shutdown_delay: Duration,
}

pub(super) fn observe_settings(
    server: &RawServer,
    listen: Option<SocketAddr>,
    problems: &mut Problems,
) -> ObserveSettings {
    let metrics_listen = server.metrics_listen.as_deref().and_then(|text| {
        let parsed = text
            .parse::<SocketAddr>()
            .map_err(|_| format!("{text:?} is not an address:port such as \"127.0.0.1:9100\""))
            .and_then(|address| match listen {
                Some(main) if main == address && address.port() != 0 => Err(format!(
                    "{address} is server.listen too: give metrics another port, or remove the key to serve /metrics on the main listener"
                )),
                _ => Ok(address),
            });
        problems.check("server.metrics_listen", parsed)
    });
    problems.range("server.readyz_provider_max_age_seconds", server.readyz_provider_max_age_seconds, 1, 86_400);
    problems.range("server.shutdown_timeout_seconds", server.shutdown_timeout_seconds, 0, 3_600);
    problems.range("server.shutdown_delay_seconds", server.shutdown_delay_seconds, 0, 600);
    ObserveSettings {
        metrics_listen,
        readyz_provider_max_age: Duration::from_secs(server.readyz_provider_max_age_seconds),
        shutdown_timeout: Duration::from_secs(server.shutdown_timeout_seconds),
        shutdown_delay: Duration::from_secs(server.shutdown_delay_seconds),
    }
}

#[cfg(test)]
#[path = "observe_tests.rs"]
mod tests;
