//! Logging, request ids and metrics. Every response carries `x-request-id`;
//! error pages show it so a visitor's report can be matched to the log line.
//! Nothing here ever logs a query string (it may hold an authorization code or
//! a token), nor puts a visitor's text in a metric label.
//!
//! At the default level (`info`) a request writes one access line, plus a line
//! for what an administrator audits (sign-ins, sign-outs, refusals, errors);
//! the steps of a request are `debug`. Lines go to stderr through a writer
//! thread, so a slow log sink never stalls a worker (lines beyond its buffer
//! are dropped, not waited for), with colours only when stderr is a terminal.

mod labels;
mod line;
pub mod metrics;
mod requests;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use tracing::Instrument;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

use crate::config::LogFormat;
pub use requests::{record_requests, RouteName};

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// What the log writer gathers before a write(2) when lines queue up.
const LOG_BUFFER_BYTES: usize = 64 * 1024;

/// The request being served: its id, method and path, for the error pages
/// and for every log line written while serving it.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub id: String,
    pub method: actix_web::http::Method,
    pub path: String,
}

tokio::task_local! {
    static REQUEST: RequestContext;
}

/// The id of the request being served, if called while serving one.
pub fn current_request_id() -> Option<String> {
    REQUEST.try_with(|request| request.id.clone()).ok()
}

/// Whether log lines get the request from a `request` span (JSON, and the
/// coloured terminal format) or, cheaper, from [`RequestContext`] (the plain line).
static REQUEST_SPANS: AtomicBool = AtomicBool::new(true);

/// Keeps the log writer thread running; dropping it flushes what is buffered,
/// so hold it until the process ends.
#[must_use = "logs are lost once the guard is dropped"]
pub struct LogGuard {
    _writer: Option<WorkerGuard>,
}

impl std::fmt::Debug for LogGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogGuard")
    }
}

/// Install the global subscriber; `RUST_LOG` overrides the default level.
/// Safe to call more than once (later calls do nothing).
///
/// `RUST_LOG` takes levels per target (`info`, `warn,jitsi_oidc_bridge=debug`):
/// a static filter, decided once per call site, with no regular expressions
/// in the binary. A value that does not parse is reported and `info` is used.
pub fn init(format: LogFormat) -> LogGuard {
    let (filter, unreadable) = match std::env::var("RUST_LOG") {
        Ok(value) if !value.trim().is_empty() => match log_filter(&value) {
            Ok(filter) => (filter, None),
            Err(error) => (default_filter(), Some(error)),
        },
        _ => (default_filter(), None),
    };
    // The writer thread flushes whenever it has emptied its queue: one line
    // costs one write(2) when the server is quiet, and a busy server's lines
    // leave in batches instead of a system call each.
    let stderr = std::io::BufWriter::with_capacity(LOG_BUFFER_BYTES, std::io::stderr());
    let (writer, guard) = tracing_appender::non_blocking(stderr);
    let terminal = std::io::stderr().is_terminal();
    let layer = tracing_subscriber::fmt::layer().with_writer(writer).with_ansi(terminal);
    let layer = match format {
        LogFormat::Json => layer.json().with_filter(filter).boxed(),
        // Colours for a person at a terminal; elsewhere the same line, plain and cheaper.
        LogFormat::Pretty if terminal => layer.with_filter(filter).boxed(),
        LogFormat::Pretty => {
            REQUEST_SPANS.store(false, Ordering::Relaxed);
            layer.event_format(line::PlainLine).with_filter(filter).boxed()
        }
    };
    let installed = tracing_subscriber::registry().with(layer).try_init().is_ok();
    if let (true, Some(error)) = (installed, unreadable) {
        tracing::warn!(%error, "RUST_LOG is not a list of `level` or `target=level`; logging at info");
    }
    LogGuard { _writer: installed.then_some(guard) }
}

fn default_filter() -> Targets {
    Targets::new().with_default(LevelFilter::INFO)
}

/// `RUST_LOG` as levels: `level` for every target, `target=level` for one. A
/// bare word must be a level: a misspelt level (`debgu`) would otherwise
/// name a target and silently turn every other line off.
fn log_filter(value: &str) -> Result<Targets, String> {
    let level = |text: &str| {
        text.trim()
            .parse::<LevelFilter>()
            .map_err(|_| format!("{:?} is not a level (trace, debug, info, warn, error, off)", text.trim()))
    };
    value.split(',').filter(|part| !part.trim().is_empty()).try_fold(Targets::new(), |filter, part| {
        Ok(match part.split_once('=') {
            Some((target, lvl)) if !target.trim().is_empty() => {
                filter.with_target(target.trim().to_owned(), level(lvl)?)
            }
            Some(_) => return Err(format!("{part:?} names no target")),
            None => filter.with_default(level(part)?),
        })
    })
}

/// Middleware: assign a request id (keeping a sane incoming one from a proxy),
/// serve the request with it (every log line written meanwhile names it),
/// echo it in the response, and write the request's access line.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_owned)
        .unwrap_or_else(new_request_id);
    let header = HeaderValue::from_str(&id).ok();
    let context = RequestContext { id, method: req.method().clone(), path: req.path().to_owned() };
    let served = async move {
        let mut response = next.call(req).await?;
        if let Some(value) = header {
            response.headers_mut().insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
        }
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        tracing::info!(status = response.status().as_u16(), micros, "served");
        Ok(response)
    };
    if REQUEST_SPANS.load(Ordering::Relaxed) {
        let span =
            tracing::info_span!("request", request_id = %context.id, method = %context.method, path = %context.path);
        REQUEST.scope(context, served.instrument(span)).await
    } else {
        REQUEST.scope(context, served).await
    }
}

/// The request being served, for the plain log line (see `line.rs`).
pub(crate) fn with_current_request<T>(read: impl FnOnce(&RequestContext) -> T) -> Option<T> {
    REQUEST.try_with(read).ok()
}

fn new_request_id() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bytes = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let mut id = String::with_capacity(16);
    for byte in bytes {
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    id
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
