//! What the bridge binary writes at the default log level, run as an operator
//! runs it (`RUST_LOG` unset, stderr into a file): one access line per
//! request, no colour codes, and never a token, an authorization code or a
//! cookie value.

use std::time::{Duration, Instant};

use url::Url;

use crate::helpers::*;

fn log_text(file: &std::path::Path) -> String {
    std::fs::read_to_string(file).unwrap_or_default()
}

#[tokio::test]
async fn at_the_default_level_a_visit_writes_one_plain_access_line_and_no_secret() {
    let dir = TempDir::new("bridge-log");
    let log = dir.path().join("bridge.log");
    let options = Options { separate_processes: true, process_log: Some(log.clone()), ..Options::default() };
    let apps = spawn_replicas(2, options).await;
    let app = &apps[1];
    let response = app.sign_in("/standup", "bob").await;
    let token = token_in_url(&Url::parse(&location(&response)).unwrap()).expect("a token");
    let cookie = app.cookie("jitsi-sso").expect("a session cookie");

    let rooms = ["log-visit-one", "log-visit-two", "log-visit-three"];
    for room in rooms {
        assert_eq!(app.get(&format!("/{room}")).await.status(), 302);
    }
    // The writer thread writes a moment later; wait for the last visit's line.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !log_text(&log).contains("/log-visit-three") {
        assert!(Instant::now() < deadline, "no access line:\n{}", log_text(&log));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let text = log_text(&log);
    for room in rooms {
        let lines: Vec<_> = text.lines().filter(|line| line.contains(&format!("/{room}"))).collect();
        assert_eq!(lines.len(), 1, "one line per visit:\n{text}");
        assert!(lines[0].contains("served") && lines[0].contains("status=302"), "{}", lines[0]);
    }
    assert!(!text.contains('\u{1b}'), "no colour codes into a file:\n{text}");
    for secret in [token.as_str(), cookie.as_str(), "code=", "bob-pw"] {
        assert!(!text.contains(secret), "the log holds no {secret:.12}…:\n{text}");
    }
}
