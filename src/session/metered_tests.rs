use super::*;
use crate::session::MemoryStore;

#[tokio::test]
async fn every_operation_is_counted_under_its_name_and_outcome_without_keys_or_values() {
    let metrics = Arc::new(Metrics::new());
    let store = MeteredStore::new(Arc::new(MemoryStore::default()), metrics.clone());
    let ttl = Duration::from_secs(60);
    store.put("session:secret-key", "secret-value".into(), ttl).await.unwrap();
    assert!(!store.put_new("session:secret-key", "v".into(), ttl).await.unwrap());
    assert_eq!(store.take("session:secret-key").await.unwrap().as_deref(), Some("secret-value"));
    assert_eq!(store.take("session:secret-key").await.unwrap(), None);
    store.ping().await.unwrap();

    let text = metrics.encode().unwrap();
    for line in [
        r#"jitsi_oidc_bridge_store_operations_total{operation="put",outcome="ok"} 1"#,
        r#"jitsi_oidc_bridge_store_operations_total{operation="put_new",outcome="ok"} 1"#,
        r#"jitsi_oidc_bridge_store_operations_total{operation="take",outcome="ok"} 2"#,
        r#"jitsi_oidc_bridge_store_operations_total{operation="ping",outcome="ok"} 1"#,
        r#"jitsi_oidc_bridge_store_operation_duration_seconds_count{operation="take",outcome="ok"} 2"#,
    ] {
        assert!(text.lines().any(|l| l == line), "no {line} in\n{text}");
    }
    assert!(!text.contains("secret"), "{text}");
}
