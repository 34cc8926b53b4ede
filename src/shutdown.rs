//! Graceful shutdown. On SIGTERM (or SIGINT) `/readyz` fails at once; after
//! `server.shutdown_delay_seconds`, during which the listener still accepts so
//! load balancers can notice, every response closes its connection (clients
//! reconnect, to another replica); then the servers stop gracefully: the
//! listeners close, idle keep-alive connections close, busy ones close after
//! their current response, and requests in flight get
//! `server.shutdown_timeout_seconds` to finish before their connections are
//! dropped. A second signal cuts the delay short.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use actix_web::web;
use tokio::signal::unix::{signal, Signal, SignalKind};

/// Whether the process is on its way out; shared by the signal task and `/readyz`.
#[derive(Debug, Default)]
pub struct Lifecycle {
    stopping: AtomicBool,
}

impl Lifecycle {
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub fn begin_stopping(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }
}

/// SIGTERM and SIGINT, listened to from now on (their default action, ending
/// the process at once, no longer applies).
#[derive(Debug)]
pub struct StopSignals {
    term: Signal,
    interrupt: Signal,
}

impl StopSignals {
    pub fn listen() -> std::io::Result<Self> {
        Ok(Self { term: signal(SignalKind::terminate())?, interrupt: signal(SignalKind::interrupt())? })
    }

    async fn next(&mut self) {
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.interrupt.recv() => {}
        }
    }
}

/// Wait for a stop signal, then fail readiness, wait `delay`, and stop
/// `servers` gracefully, in order (the main one first, so `/metrics` on its
/// own listener is scraped until the end).
pub async fn stop_on_signal(
    mut signals: StopSignals,
    lifecycle: Arc<Lifecycle>,
    delay: Duration,
    servers: Vec<ServerHandle>,
) {
    signals.next().await;
    lifecycle.begin_stopping();
    tracing::info!(
        delay_seconds = delay.as_secs(),
        "stop signal: readiness fails now; the listener closes after the delay"
    );
    tokio::select! {
        _ = tokio::time::sleep(delay) => {}
        _ = signals.next() => tracing::info!("second stop signal: closing the listener now"),
    }
    for server in servers {
        server.stop(true).await;
    }
    tracing::info!("stopped");
}

/// Middleware: once stopping, answer with `Connection: close`, so keep-alive
/// connections end after their current response. Reads `web::Data<Lifecycle>`.
pub async fn close_connections_when_stopping(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let lifecycle = req.app_data::<web::Data<Lifecycle>>().cloned();
    let mut response = next.call(req).await?;
    if lifecycle.is_some_and(|l| l.is_stopping()) {
        response.response_mut().head_mut().set_connection_type(ConnectionType::Close);
    }
    Ok(response)
}
