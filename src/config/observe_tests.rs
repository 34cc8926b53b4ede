use super::*;
use crate::config::{Settings, EXAMPLE_TOML};

fn with_server(extra: &str) -> Result<Settings, String> {
    let toml = EXAMPLE_TOML.replacen("[server]", &format!("[server]\n{extra}"), 1);
    Settings::from_toml(&toml).map_err(|e| e.to_string())
}

#[test]
fn defaults_serve_metrics_on_the_main_listener_and_drain_for_ten_seconds() {
    let observe = with_server("").unwrap().observe;
    assert_eq!(observe.metrics_listen, None);
    assert_eq!(observe.readyz_provider_max_age, Duration::from_secs(300));
    assert_eq!(observe.shutdown_timeout, Duration::from_secs(10));
    assert_eq!(observe.shutdown_delay, Duration::ZERO);
}

#[test]
fn a_separate_metrics_listener_is_read() {
    let observe = with_server("metrics_listen = \"127.0.0.1:9100\"").unwrap().observe;
    assert_eq!(observe.metrics_listen, Some("127.0.0.1:9100".parse().unwrap()));
}

#[test]
fn bad_values_are_refused_with_the_key_and_the_fix() {
    let cases = [
        ("metrics_listen = \"localhost\"", "server.metrics_listen: \"localhost\" is not an address:port"),
        (
            "listen = \"0.0.0.0:8080\"\nmetrics_listen = \"0.0.0.0:8080\"",
            "server.metrics_listen: 0.0.0.0:8080 is server.listen too",
        ),
        ("readyz_provider_max_age_seconds = 0", "server.readyz_provider_max_age_seconds: 0 is out of range"),
        ("shutdown_timeout_seconds = 99999", "server.shutdown_timeout_seconds: 99999 is out of range"),
        ("shutdown_delay_seconds = 601", "server.shutdown_delay_seconds: 601 is out of range"),
    ];
    for (toml, expected) in cases {
        let error = with_server(toml).unwrap_err();
        assert!(error.contains(expected), "{toml}: {error}");
    }
}
