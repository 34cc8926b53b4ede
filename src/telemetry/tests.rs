use super::*;

#[test]
fn rust_log_takes_levels_and_target_levels_and_refuses_a_misspelt_level() {
    let filter = log_filter("warn,jitsi_oidc_bridge=debug").unwrap();
    assert!(filter.would_enable("jitsi_oidc_bridge::routes", &tracing::Level::DEBUG));
    assert!(!filter.would_enable("actix_server", &tracing::Level::INFO));
    assert!(filter.would_enable("actix_server", &tracing::Level::WARN));
    assert!(log_filter("info").unwrap().would_enable("anything", &tracing::Level::INFO));
    for bad in ["debgu", "jitsi_oidc_bridge=loud", "=debug", "[{bad"] {
        assert!(log_filter(bad).is_err(), "{bad}");
    }
}
