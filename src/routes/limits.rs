//! How many sign-ins anonymous visitors may start: per visitor address and in
//! total. Every start writes a pending record to the session store and sends
//! a request to the provider, so a flood of starts is what could evict or
//! crowd out signed-in employees; visits of signed-in employees are never
//! counted here.
//!
//! The counters live in this process (`governor`'s GCRA limiters: no I/O, a
//! few atomic operations per check), not in Redis: under a flood the limiter
//! must not add load to the store it protects. With several replicas the
//! total is per replica, which the README says.

use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, ResponseError};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;

use crate::config::LimitSettings;
use crate::error::{AppError, Oversize};

/// Longest request target (path and query) accepted. Jitsi's tokenAuthUrl
/// with its largest state (4 KiB, percent-encoded up to three times that)
/// fits; actix itself would take up to 128 KiB of request head.
pub const MAX_URI_BYTES: usize = 16 * 1024;
/// Most header bytes (names and values) accepted in one request.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Middleware: refuse a request whose target or headers are larger than any
/// browser, Jitsi or provider sends (414 / 431), before a handler reads them.
pub async fn bounded_request_head(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let uri_bytes = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    let header_bytes: usize = req.headers().iter().map(|(name, value)| name.as_str().len() + value.len()).sum();
    let oversize = if uri_bytes > MAX_URI_BYTES {
        Some(Oversize::Uri)
    } else if header_bytes > MAX_HEADER_BYTES {
        Some(Oversize::Headers)
    } else {
        None
    };
    if let Some(what) = oversize {
        let response = AppError::RequestTooLarge(what).error_response();
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

/// How often the per-address table is swept of addresses that are back to a
/// full allowance, so a flood from many addresses cannot grow it for ever.
const SWEEP_EVERY: u32 = 4096;

pub struct StartLimits {
    per_address: Option<DefaultKeyedRateLimiter<IpAddr>>,
    total: Option<DefaultDirectRateLimiter>,
    trusted_proxies: Vec<IpNet>,
    clock: DefaultClock,
    checks: AtomicU32,
}

impl std::fmt::Debug for StartLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartLimits").field("trusted_proxies", &self.trusted_proxies).finish_non_exhaustive()
    }
}

/// Refused: try again in this many seconds (at least one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

impl StartLimits {
    pub fn new(settings: &LimitSettings) -> Self {
        let per_address = NonZeroU32::new(settings.starts_per_minute_per_address).map(|rate| {
            let burst = NonZeroU32::new(settings.burst_per_address).unwrap_or(NonZeroU32::MIN);
            RateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst))
        });
        let total =
            NonZeroU32::new(settings.starts_per_second_total).map(|rate| RateLimiter::direct(Quota::per_second(rate)));
        Self {
            per_address,
            total,
            trusted_proxies: settings.trusted_proxies.clone(),
            clock: DefaultClock::default(),
            checks: AtomicU32::new(0),
        }
    }

    /// Count one sign-in start for this request's visitor, or say when to retry.
    pub fn check_start(&self, req: &HttpRequest) -> Result<(), RetryAfter> {
        if let (Some(limiter), Some(address)) = (&self.per_address, self.client_address(req)) {
            if self.checks.fetch_add(1, Ordering::Relaxed).is_multiple_of(SWEEP_EVERY) {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
            limiter.check_key(&address_key(address)).map_err(|not_until| self.retry_after(&not_until))?;
        }
        if let Some(limiter) = &self.total {
            limiter.check().map_err(|not_until| self.retry_after(&not_until))?;
        }
        Ok(())
    }

    fn retry_after(&self, not_until: &governor::NotUntil<<DefaultClock as Clock>::Instant>) -> RetryAfter {
        let wait = not_until.wait_time_from(self.clock.now());
        RetryAfter((wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1))
    }

    /// The visitor's address: the peer, or, when the peer is a trusted proxy,
    /// the nearest address in `X-Forwarded-For` that is not one of ours (the
    /// entries further left are whatever the client claimed).
    pub fn client_address(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.is_trusted(peer) {
            return Some(peer);
        }
        let forwarded =
            req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
        let mut nearest = peer;
        for entry in forwarded.rsplit(',').map(str::trim).filter(|e| !e.is_empty()) {
            match entry.parse::<IpAddr>() {
                Ok(address) if self.is_trusted(address) => nearest = address,
                Ok(address) => return Some(address),
                // Garbage from the client side: the last hop we trust sent it.
                Err(_) => return Some(nearest),
            }
        }
        Some(nearest)
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.trusted_proxies.iter().any(|net| net.contains(&address))
    }
}

/// IPv4-mapped IPv6 addresses are the IPv4 address they carry.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// One key per IPv4 address, per /64 for IPv6: a single host is given a
/// whole /64 and could otherwise start from a new address every time.
fn address_key(address: IpAddr) -> IpAddr {
    match canonical(address) {
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

#[cfg(test)]
#[path = "limits_tests.rs"]
mod tests;
