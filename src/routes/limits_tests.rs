use actix_web::test::TestRequest;

use super::*;

fn limits(per_minute: u32, burst: u32, total: u32, trusted: &[&str]) -> StartLimits {
    StartLimits::new(&LimitSettings {
        starts_per_minute_per_address: per_minute,
        burst_per_address: burst,
        starts_per_second_total: total,
        trusted_proxies: trusted.iter().map(|t| t.parse().unwrap()).collect(),
    })
}

fn from(peer: &str, forwarded: Option<&str>) -> HttpRequest {
    let mut req = TestRequest::default().peer_addr(std::net::SocketAddr::new(peer.parse().unwrap(), 40000));
    if let Some(forwarded) = forwarded {
        req = req.insert_header(("x-forwarded-for", forwarded));
    }
    req.to_http_request()
}

#[test]
fn an_address_gets_its_burst_then_waits() {
    let limits = limits(30, 10, 0, &[]);
    let req = from("203.0.113.7", None);
    for _ in 0..10 {
        assert_eq!(limits.check_start(&req), Ok(()));
    }
    let Err(RetryAfter(seconds)) = limits.check_start(&req) else { panic!("the 11th start at once is refused") };
    assert!((1..=2).contains(&seconds), "30 a minute: one every 2 s, got {seconds}");
    assert_eq!(limits.check_start(&from("203.0.113.8", None)), Ok(()), "another address is not affected");
}

#[test]
fn the_total_bounds_all_addresses_together() {
    let limits = limits(0, 1, 5, &[]);
    for i in 0..5 {
        assert_eq!(limits.check_start(&from(&format!("198.51.100.{i}"), None)), Ok(()));
    }
    assert_eq!(limits.check_start(&from("198.51.100.99", None)), Err(RetryAfter(1)));
}

#[test]
fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    let limits = limits(30, 10, 0, &["10.0.0.0/8"]);
    let behind = from("10.1.2.3", Some("198.51.100.1, 203.0.113.9, 10.0.0.5"));
    assert_eq!(limits.client_address(&behind), Some("203.0.113.9".parse().unwrap()), "nearest untrusted hop");
    let direct = from("203.0.113.50", Some("198.51.100.1"));
    assert_eq!(limits.client_address(&direct), Some("203.0.113.50".parse().unwrap()), "a client cannot pick its key");
    let garbage = from("10.1.2.3", Some("not-an-address"));
    assert_eq!(limits.client_address(&garbage), Some("10.1.2.3".parse().unwrap()));
    let mapped = from("::ffff:10.9.9.9", Some("192.0.2.4"));
    assert_eq!(
        limits.client_address(&mapped),
        Some("192.0.2.4".parse().unwrap()),
        "IPv4-mapped proxies are trusted too"
    );
}

#[test]
fn an_ipv6_host_cannot_rotate_within_its_64() {
    let limits = limits(30, 2, 0, &[]);
    assert_eq!(limits.check_start(&from("2001:db8:1:2::1", None)), Ok(()));
    assert_eq!(limits.check_start(&from("2001:db8:1:2::2", None)), Ok(()));
    assert!(limits.check_start(&from("2001:db8:1:2:ffff::3", None)).is_err());
    assert_eq!(limits.check_start(&from("2001:db8:1:3::1", None)), Ok(()));
}
