//! Unit tests of `[session.redis]` validation: each bad value is one line naming its key.

use std::time::Duration;

use secrecy::ExposeSecret;

use super::{RedisTopology, Settings, StoreSettings, EXAMPLE_TOML};

const SECRET: &str = "cookie_secret = \"cccccccccccccccccccccccccccccccccccc\"";

fn session(body: &str) -> String {
    format!("{EXAMPLE_TOML}\n[session]\n{SECRET}\n{body}")
}

fn store(body: &str) -> RedisTopology {
    match Settings::from_toml(&session(body)) {
        Ok(Settings { store: StoreSettings::Redis(redis), .. }) => redis.topology,
        Ok(_) => panic!("no Redis from:\n{body}"),
        Err(e) => panic!("refused: {e}\n{body}"),
    }
}

/// The problems, each expected to be one line starting with its key.
fn problems(body: &str) -> Vec<String> {
    match Settings::from_toml(&session(body)) {
        Ok(_) => panic!("should be refused:\n{body}"),
        Err(e) => e.0,
    }
}

fn refused_for(body: &str, key: &str) {
    let all = problems(body);
    assert!(all.iter().any(|p| p.starts_with(&format!("{key}: "))), "{key} missing from {all:#?}");
    assert!(all.iter().all(|p| !p.contains('\n')), "one line each: {all:#?}");
}

#[test]
fn the_shorthand_and_the_table_name_one_server_alike() {
    let short = store("redis_url = \"redis://10.0.0.1:6379/2\"");
    let table = store("redis = { url = \"rediss://10.0.0.1:6379/2\", password = \"pw\" }");
    assert!(matches!(short, RedisTopology::Standalone { tls: false, .. }));
    let RedisTopology::Standalone { url, tls: true, auth } = table else { panic!("{table:?}") };
    assert_eq!(url.expose_secret(), "rediss://10.0.0.1:6379/2");
    assert_eq!(auth.password.map(|p| p.expose_secret().to_owned()).as_deref(), Some("pw"));
}

#[test]
fn sentinel_and_cluster_are_read_with_their_credentials() {
    let sentinel = store(
        "[session.redis]\nsentinels = [\"s1:26379\", \"[::1]:26380\"]\nmaster_name = \"mymaster\"\nusername = \"bridge\"\npassword = \"pw\"\nsentinel_password = \"spw\"\ntls = true\ndb = 3",
    );
    let RedisTopology::Sentinel { sentinels, master_name, db: 3, tls: true, auth, sentinel_auth } = sentinel else {
        panic!("{sentinel:?}")
    };
    assert_eq!(sentinels, [("s1".to_owned(), 26379), ("::1".to_owned(), 26380)]);
    assert_eq!((master_name.as_str(), auth.username.as_deref()), ("mymaster", Some("bridge")));
    assert!(sentinel_auth.password.is_some() && sentinel_auth.username.is_none());

    let cluster =
        store("[session.redis]\ncluster_nodes = [\"rediss://n1:6379\", \"rediss://n2:6379\"]\npassword = \"pw\"");
    assert!(matches!(cluster, RedisTopology::Cluster { ref nodes, tls: true, .. } if nodes.len() == 2));
}

#[test]
fn each_bad_value_is_one_line_naming_its_key() {
    refused_for("redis_url = \"redis://a:6379\"\n[session.redis]\nurl = \"redis://b:6379\"", "session.redis_url");
    refused_for("[session.redis]\nsentinels = [\"s1:26379\"]", "session.redis.master_name");
    refused_for("[session.redis]\nsentinels = []\nmaster_name = \"m\"", "session.redis.sentinels");
    refused_for("[session.redis]\nsentinels = [\"redis://s1:26379\"]\nmaster_name = \"m\"", "session.redis.sentinels");
    refused_for("[session.redis]\nsentinels = [\"s1\"]\nmaster_name = \"m\"", "session.redis.sentinels");
    refused_for("[session.redis]\ncluster_nodes = []", "session.redis.cluster_nodes");
    refused_for("[session.redis]\ncluster_nodes = [\"redis://a:1\", \"rediss://b:1\"]", "session.redis.cluster_nodes");
    refused_for("[session.redis]\ncluster_nodes = [\"redis://a:1/2\"]", "session.redis.cluster_nodes");
    refused_for("[session.redis]\nurl = \"redis://a:1\"\nsentinels = [\"s:1\"]\nmaster_name = \"m\"", "session.redis");
    refused_for("[session.redis]\npassword = \"pw\"", "session.redis");
    refused_for("[session.redis]\nurl = \"http://a:1\"", "session.redis.url");
    refused_for("[session.redis]\nurl = \"redis://a:1\"\nmaster_name = \"m\"", "session.redis.master_name");
    refused_for("[session.redis]\nurl = \"redis://a:1\"\ntls = true", "session.redis.tls");
    refused_for("[session.redis]\nurl = \"redis://:pw@a:1\"\npassword = \"pw\"", "session.redis.password");
    refused_for(
        "[session.redis]\nurl = \"redis://a:1\"\npassword_file = \"/nonexistent/pw\"",
        "session.redis.password_file",
    );
    refused_for("key_prefix = \"{app}:\"\n[session.redis]\ncluster_nodes = [\"redis://a:1\"]", "session.key_prefix");
}

#[test]
fn ca_file_must_be_readable_pem_and_used_with_tls() {
    let dir = std::env::temp_dir();
    let not_pem = dir.join(format!("not-a-ca-{}.pem", std::process::id()));
    std::fs::write(&not_pem, "hello").unwrap();
    let path = not_pem.display();
    refused_for(&format!("[session.redis]\nurl = \"rediss://a:1\"\nca_file = \"{path}\""), "session.redis.ca_file");
    refused_for("[session.redis]\nurl = \"rediss://a:1\"\nca_file = \"/nonexistent/ca.pem\"", "session.redis.ca_file");
    refused_for(&format!("[session.redis]\nurl = \"redis://a:1\"\nca_file = \"{path}\""), "session.redis.ca_file");
    std::fs::remove_file(&not_pem).unwrap();
}

#[test]
fn the_summary_names_the_topology_without_secrets() {
    let body = "[session.redis]\nsentinels = [\"s1:26379\"]\nmaster_name = \"m\"\npassword = \"hunter2-secret\"";
    let settings = Settings::from_toml(&session(body)).unwrap();
    let summary = settings.summary();
    assert!(summary.contains("redis via 1 sentinel(s), master \"m\""), "{summary}");
    assert!(!summary.contains("hunter2") && !format!("{settings:?}").contains("hunter2"));
    let StoreSettings::Redis(redis) = settings.store else { panic!() };
    assert_eq!(redis.timeout, Duration::from_millis(1000));
}
