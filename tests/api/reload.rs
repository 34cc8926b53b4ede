//! Reloading the policy without a restart, through the binary as operators
//! run it: `POST /admin/reload` on the loopback admin listener and SIGHUP.
//! A good file swaps the policy for the next requests; a bad one changes
//! nothing and says why; visits running meanwhile always get an answer.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::*;

async fn moderator_now(app: &TestApp) -> bool {
    let response = app.get("/standup").await;
    assert_eq!(response.status(), 302);
    jitsi_token(&location(&response)).2["context"]["user"]["moderator"].as_bool().unwrap()
}

#[tokio::test]
async fn a_good_file_swaps_the_policy_a_bad_one_changes_nothing_under_concurrent_visits() {
    let dir = TempDir::new("bridge-reload");
    let config = dir.path().join("bridge.toml");
    let admin_port = free_port();
    let options = Options {
        separate_processes: true,
        config_path: Some(config.clone()),
        server_extra: format!("admin_listen = \"127.0.0.1:{admin_port}\""),
        ..Options::default()
    };
    let apps = spawn_replicas(2, options).await;
    let app = &apps[1];
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
    assert!(!moderator_now(app).await, "bob is a member under moderator_groups = [\"moderators\"]");

    // Visits keep coming while the file is reloaded: every one gets its token.
    let stop = Arc::new(AtomicBool::new(false));
    let (served, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let visitor = {
        let (client, address) = (app.client.clone(), app.address.clone());
        let (stop, served, failed) = (stop.clone(), served.clone(), failed.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let response = client.get(format!("{address}/standup")).send().await;
                let good = response.is_ok_and(|r| r.status() == 302 && r.headers().contains_key("location"));
                if good { &served } else { &failed }.fetch_add(1, Ordering::Relaxed);
            }
        })
    };

    let admin = reqwest::Client::new();
    let reload = || async {
        let response = admin.post(format!("http://127.0.0.1:{admin_port}/admin/reload")).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json::<Value>().await.unwrap())
    };
    let write = |text: String| std::fs::write(&config, text).unwrap();

    // A good file: employees moderate now; a change to [jitsi] is reported as needing a restart.
    let good = app.toml.replace("moderator_groups = [\"moderators\"]", "moderator_groups = [\"employees\"]");
    write(good.replace("context_group = \"acme\"", "context_group = \"other\""));
    let (status, report) = reload().await;
    assert_eq!((status, report["status"].as_str()), (200, Some("reloaded")), "{report}");
    assert_eq!(report["restart_needed"], serde_json::json!(["jitsi"]), "{report}");
    assert!(moderator_now(app).await, "the new policy is in force");
    assert_eq!(
        jitsi_token(&location(&app.get("/standup").await)).2["context"]["group"],
        "acme",
        "jitsi waits for a restart"
    );

    // A bad file (a misspelt key): refused with the problem, the policy in force stays.
    write(
        good.replace(
            "allowed_groups = [\"employees\"]",
            "allowed_groups = [\"employees\"]\nlobby_bypas_groups = [\"x\"]",
        ),
    );
    let (status, report) = reload().await;
    assert_eq!((status, report["status"].as_str()), (422, Some("refused")), "{report}");
    let problems = report["problems"].to_string();
    assert!(problems.contains("lobby_bypas_groups"), "{problems}");
    assert!(moderator_now(app).await, "unchanged after a bad file");

    // SIGHUP does the same as the endpoint.
    write(app.toml.clone());
    let status = std::process::Command::new("kill").args(["-HUP", &app.process_id().unwrap().to_string()]).status();
    assert!(status.unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while moderator_now(app).await {
        assert!(Instant::now() < deadline, "SIGHUP did not reload");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    stop.store(true, Ordering::Relaxed);
    visitor.await.unwrap();
    assert!(served.load(Ordering::Relaxed) > 0);
    assert_eq!(failed.load(Ordering::Relaxed), 0, "every visit during the reloads was answered with a token");
}

#[test]
fn the_admin_listener_must_be_loopback() {
    let toml = "[server]\npublic_url = \"https://auth.example.com\"\nadmin_listen = \"0.0.0.0:9091\"\n[oidc]\nissuer_url = \"https://idp.example.com\"\nclient_id = \"c\"\nclient_secret = \"s\"\n[jitsi]\nbase_url = \"https://meet.example.com\"\napp_id = \"a\"\napp_secret = \"0123456789abcdef0123456789abcdef\"\n[access]\nallowed_groups = [\"employees\"]\n";
    let error = jitsi_oidc_bridge::config::Settings::from_toml(toml).unwrap_err().to_string();
    assert!(error.contains("server.admin_listen: must be a loopback address"), "{error}");
}
