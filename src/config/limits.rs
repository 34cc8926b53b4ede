//! `[limits]` and `server.trusted_proxies`: bounds on what anonymous visitors
//! can make the bridge do.

use super::checks::Problems;
use super::RawConfig;

/// Bounds on sign-in starts (`[limits]`, `server.trusted_proxies`); a rate of 0 means none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitSettings {
    pub starts_per_minute_per_address: u32,
    pub burst_per_address: u32,
    pub starts_per_second_total: u32,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

pub(super) fn limit_settings(raw: &RawConfig, problems: &mut Problems) -> LimitSettings {
    let trusted_proxies: Vec<ipnet::IpNet> = raw
        .server
        .trusted_proxies
        .iter()
        .filter_map(|entry| {
            let parsed = entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("{entry:?} is not an address or CIDR range such as \"10.0.0.0/8\""));
            problems.check("server.trusted_proxies", parsed)
        })
        .collect();
    let l = &raw.limits;
    problems.range("limits.sign_in_starts_per_minute", u64::from(l.sign_in_starts_per_minute), 0, 100_000);
    problems.range("limits.sign_in_burst", u64::from(l.sign_in_burst), 1, 100_000);
    problems.range("limits.sign_in_starts_per_second", u64::from(l.sign_in_starts_per_second), 0, 1_000_000);
    LimitSettings {
        starts_per_minute_per_address: l.sign_in_starts_per_minute,
        burst_per_address: l.sign_in_burst,
        starts_per_second_total: l.sign_in_starts_per_second,
        trusted_proxies,
    }
}
