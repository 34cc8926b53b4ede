//! Unit tests of the metric families and their text.

use std::time::{Duration, Instant};

use super::*;

fn has_line(text: &str, line: &str) -> bool {
    text.lines().any(|l| l == line)
}

#[test]
fn a_fresh_registry_names_its_build_and_every_family_in_prometheus_text() {
    let text = Metrics::new().encode().unwrap();
    let build = format!(
        r#"jitsi_oidc_bridge_build_info{{version="{}",commit="{}"}} 1"#,
        env!("CARGO_PKG_VERSION"),
        git_commit()
    );
    assert!(has_line(&text, &build), "{text}");
    // Families with labels appear with their first series; these start at zero.
    for line in [
        "# TYPE jitsi_oidc_bridge_sign_ins_started_total counter",
        "jitsi_oidc_bridge_sign_ins_started_total 0",
        "jitsi_oidc_bridge_sign_ins_completed_total 0",
        "jitsi_oidc_bridge_sign_in_starts_rate_limited_total 0",
        r#"jitsi_oidc_bridge_sign_ins_refused_total{reason="expired_state"} 0"#,
        r#"jitsi_oidc_bridge_tokens_minted_total{role="member"} 0"#,
        r#"jitsi_oidc_bridge_tokens_minted_total{role="moderator"} 0"#,
        "# TYPE jitsi_oidc_bridge_build_info gauge",
    ] {
        assert!(has_line(&text, line), "no {line:?} in\n{text}");
    }
    let refusals = text.lines().filter(|l| l.starts_with("jitsi_oidc_bridge_sign_ins_refused_total{")).count();
    assert_eq!(refusals, Refusal::ALL.len());
    assert!(!text.contains("# EOF"), "Prometheus text, not OpenMetrics");
}

#[test]
fn requests_count_under_their_route_pattern_and_an_unmatched_one_under_a_fixed_name() {
    let metrics = Metrics::new();
    metrics.http_request(Some("/{room}".into()), Method::Get, 302, Duration::from_millis(3));
    metrics.http_request(Some("/{room}".into()), Method::Get, 302, Duration::from_millis(30));
    metrics.http_request(None, Method::of(&actix_web::http::Method::from_bytes(b"BREW").unwrap()), 404, Duration::ZERO);
    let text = metrics.encode().unwrap();
    for line in [
        r#"jitsi_oidc_bridge_http_requests_total{route="/{room}",method="GET",status="302"} 2"#,
        r#"jitsi_oidc_bridge_http_requests_total{route="unmatched",method="other",status="404"} 1"#,
        r#"jitsi_oidc_bridge_http_request_duration_seconds_bucket{route="/{room}",method="GET",le="0.005"} 1"#,
        r#"jitsi_oidc_bridge_http_request_duration_seconds_count{route="/{room}",method="GET"} 2"#,
    ] {
        assert!(has_line(&text, line), "no {line} in\n{text}");
    }
}

#[test]
fn a_rate_limited_start_is_a_refused_sign_in_and_a_rate_limit_rejection() {
    let metrics = Metrics::new();
    metrics.sign_in_started();
    metrics.sign_in_refused(Refusal::RateLimited);
    metrics.sign_in_refused(Refusal::Policy);
    metrics.token_minted(Role::Moderator);
    metrics.provider_call(Endpoint::Jwks, CallOutcome::Timeout, Instant::now());
    let text = metrics.encode().unwrap();
    for line in [
        "jitsi_oidc_bridge_sign_ins_started_total 1",
        r#"jitsi_oidc_bridge_sign_ins_refused_total{reason="rate_limited"} 1"#,
        r#"jitsi_oidc_bridge_sign_ins_refused_total{reason="policy"} 1"#,
        "jitsi_oidc_bridge_sign_in_starts_rate_limited_total 1",
        r#"jitsi_oidc_bridge_tokens_minted_total{role="moderator"} 1"#,
        r#"jitsi_oidc_bridge_provider_requests_total{endpoint="jwks",outcome="timeout"} 1"#,
    ] {
        assert!(has_line(&text, line), "no {line} in\n{text}");
    }
}
