//! The binary refuses a wrong configuration at start-up with a message that
//! says what to fix, and `check-config` runs the same validation.

use crate::helpers::run_bridge;

/// A minimal valid configuration (no provider is contacted by the checks).
pub const CONFIG: &str = r#"
[server]
public_url = "https://auth.example.com"
[oidc]
issuer_url = "https://idp.example.com"
client_id = "jitsi"
client_secret = "s3cret"
[jitsi]
base_url = "https://meet.example.com"
app_id = "bridge"
app_secret = "0123456789abcdef0123456789abcdef"
[access]
allowed_groups = ["employees"]
"#;

fn write_config(text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("bridge-{}.toml", crate::helpers::random_suffix()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn check_config_accepts_a_good_file_and_prints_no_secret() {
    let path = write_config(CONFIG);
    let (code, stdout, _) = run_bridge(&["check-config", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("configuration OK") && stdout.contains("https://auth.example.com/callback"));
    assert!(!stdout.contains("0123456789abcdef") && !stdout.contains("s3cret"));
}

#[test]
fn environment_overrides_the_file_and_is_validated_too() {
    let path = write_config(CONFIG);
    let config = path.to_str().unwrap();
    let (code, _, stderr) = run_bridge(&["check-config", "--config", config], &[("BRIDGE_JITSI__APP_SECRET", "short")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("jitsi.app_secret: is shorter than 32 bytes"), "{stderr}");
    let (code, _, stderr) = run_bridge(&["check-config", "--config", config], &[("BRIDGE_JITSI__NO_SUCH_KEY", "1")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no_such_key"), "{stderr}");
}

#[test]
fn the_server_refuses_to_start_on_a_bad_value() {
    let path = write_config(&CONFIG.replace("https://idp.example.com", "http://idp.example.com"));
    // Without check-config: the same validation stops the start, before binding anything.
    let (code, _, stderr) = run_bridge(&["--config", path.to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("oidc.issuer_url: must be https://"), "{stderr}");
}

#[test]
fn a_missing_config_file_is_named() {
    let (code, _, stderr) = run_bridge(&["check-config", "--config", "/nonexistent/bridge.toml"], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent/bridge.toml does not exist"), "{stderr}");
}

#[test]
fn explain_shows_what_a_group_would_get() {
    let path = write_config(&CONFIG.replace(
        "allowed_groups = [\"employees\"]",
        "allowed_groups = [\"employees\"]\nmoderator_groups = [\"leads\"]",
    ));
    let config = path.to_str().unwrap();
    let (code, stdout, _) =
        run_bridge(&["explain", "--room", "sales/Weekly", "--groups", "employees,leads", "--config", config], &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("ALLOWED as a moderator") && stdout.contains("\"room\": \"weekly\""), "{stdout}");
    let (code, stdout, _) =
        run_bridge(&["explain", "--room", "standup", "--groups", "contractors", "--config", config], &[]);
    assert_eq!(code, 2, "refused");
    assert!(stdout.contains("REFUSED (403)"), "{stdout}");

    // For scripts: JSON with the rule behind each field, and exit codes to check a policy in CI.
    let explain = |extra: &[&str]| {
        let mut args = vec!["explain", "--room", "sales/Weekly", "--config", config];
        args.extend_from_slice(extra);
        run_bridge(&args, &[])
    };
    let (code, stdout, _) = explain(&["--groups", "employees,leads", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["outcome"], "moderator");
    assert_eq!(json["decisions"]["moderator"]["rule"], "global");
    assert_eq!(json["token_claims"]["context"]["user"]["moderator"], true);
    assert_eq!(explain(&["--groups", "employees,leads", "--expect", "moderator"]).0, 0);
    assert_eq!(explain(&["--groups", "employees", "--expect", "moderator"]).0, 1, "a member, not a moderator");
    assert_eq!(explain(&["--groups", "employees", "--expect", "member"]).0, 0);
    assert_eq!(explain(&["--groups", "nobody", "--expect", "moderator"]).0, 2, "refused");
    assert_eq!(explain(&["--groups", "nobody", "--expect", "refused"]).0, 0);

    // A real ID token's payload (its signature is not checked, and the output says so).
    let payload = serde_json::json!({"sub": "u-7", "name": "Ann", "groups": ["employees", "leads"]});
    use base64::Engine;
    let token = format!("e30.{}.x", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload.to_string()));
    let token_file = path.with_extension("jwt");
    std::fs::write(&token_file, token).unwrap();
    let (code, stdout, stderr) = explain(&["--id-token", token_file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("signature is not checked"), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((json["user"]["sub"].as_str(), json["outcome"].as_str()), (Some("u-7"), Some("moderator")));
    let (code, _, stderr) = run_bridge(&["explain", "--room", "a?b", "--config", config], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot contain"), "{stderr}");
}

#[test]
fn wildcard_room_next_to_room_rules_is_refused_by_check_config() {
    let wildcard = CONFIG.replace("app_id = \"bridge\"", "app_id = \"bridge\"\nwildcard_room = true");
    let path =
        write_config(&format!("{wildcard}\n[access.rooms.\"all-hands\"]\nmoderator_groups = [\"executives\"]\n"));
    let (code, _, stderr) = run_bridge(&["check-config", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("jitsi.wildcard_room: cannot be combined with [access.rooms] or [access.tenants]"),
        "{stderr}"
    );
    let alone = write_config(&wildcard);
    assert_eq!(run_bridge(&["check-config", "--config", alone.to_str().unwrap()], &[]).0, 0);
}

#[test]
fn sessions_commands_say_plainly_that_the_memory_store_is_out_of_reach() {
    let path = write_config(CONFIG);
    let (code, _, stderr) =
        run_bridge(&["sessions", "list", "--sub", "u-bob", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("sessions live in the running bridge's memory"), "{stderr}");
    let (code, _, stderr) = run_bridge(&["sessions", "list", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("sessions needs --sub SUB"), "{stderr}");
}

#[test]
fn check_config_reports_every_problem_in_one_run() {
    let bad = r#"
[server]
public_url = "https://auth.example.com"
lisen = "0.0.0.0:8080"
[oidc]
issuer_url = "https://idp.example.com"
client_secret = "s"
http_timeout_seconds = "ten"
[jitsi]
base_url = "https://meet.example.com"
app_id = "a"
app_secret = "short"
[access]
allowed_groups = ["employees"]
lobby_bypas_groups = ["x"]
[access.features]
recordng = ["x"]
"#;
    let path = write_config(bad);
    let (code, _, stderr) = run_bridge(&["check-config", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    for expected in [
        "server.lisen: is not a known key; did you mean \"listen\"?",
        "oidc.client_id: is missing",
        "oidc.http_timeout_seconds: invalid type: found string \"ten\", expected u64",
        "jitsi.app_secret: is shorter than 32 bytes",
        "access.lobby_bypas_groups: is not a known key; did you mean \"lobby_bypass_groups\"?",
        "access.features.recordng: \"recordng\" is not a Jitsi feature; did you mean \"recording\"?",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
    assert!(stderr.contains("has 6 problem(s)"), "{stderr}");

    let syntax = write_config("[server\npublic_url = 1\n");
    let (code, _, stderr) = run_bridge(&["check-config", "--config", syntax.to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("line 1, column 8"), "{stderr}");
}

/// The cookbook's setups are configurations the bridge accepts: each README
/// snippet, merged into a minimal file, passes the same checks as at start-up.
#[test]
fn every_policy_cookbook_setup_in_the_readme_is_accepted() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let cookbook = readme.split("### Policy cookbook").nth(1).unwrap().split("\n## ").next().unwrap();
    let snippets: Vec<&str> = cookbook.split("```toml\n").skip(1).map(|s| s.split("```").next().unwrap()).collect();
    assert_eq!(snippets.len(), 5, "Keycloak, Entra ID, Authentik, Google Workspace, e-mail domains");
    for snippet in snippets {
        let mut sections: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        let mut current = String::new();
        for line in snippet.lines() {
            if line.starts_with('[') {
                current = line.to_owned();
            } else if !line.trim().is_empty() {
                sections.entry(current.clone()).or_default().push(line.replace('…', ""));
            }
        }
        let extra = |section: &str| sections.get(section).map(|lines| lines.join("\n")).unwrap_or_default();
        let has = |key: &str| sections.values().flatten().any(|l| l.starts_with(&format!("{key} =")));
        let mut toml = format!(
            "[server]\npublic_url = \"https://auth.example.com\"\n[oidc]\n{}\nclient_id = \"jitsi\"\nclient_secret = \"s\"\n{}\n\
             [jitsi]\nbase_url = \"https://meet.example.com\"\napp_id = \"a\"\napp_secret = \"0123456789abcdef0123456789abcdef\"\n[access]\n{}\n{}\n",
            if has("issuer_url") { String::new() } else { "issuer_url = \"https://idp.example.com\"".into() },
            extra("[oidc]"),
            if has("allowed_groups") || has("allowed_email_domains") { "" } else { "allowed_groups = [\"employees\"]" },
            extra("[access]"),
        );
        for (section, lines) in sections.iter().filter(|(s, _)| !["", "[oidc]", "[access]"].contains(&s.as_str())) {
            toml.push_str(&format!("{section}\n{}\n", lines.join("\n")));
        }
        if let Err(error) = jitsi_oidc_bridge::config::Settings::from_toml(&toml) {
            panic!("{error}\n{toml}");
        }
    }
}

#[test]
fn version_is_printed_without_a_config() {
    for flag in ["--version", "-V"] {
        let (code, stdout, _) = run_bridge(&[flag, "--config", "/nonexistent/bridge.toml"], &[]);
        assert_eq!(code, 0, "{flag}");
        assert_eq!(stdout.trim(), format!("jitsi-oidc-bridge {}", env!("CARGO_PKG_VERSION")), "{flag}");
    }
}

/// `[ui]` mistakes, each named with what to fix, in one run of `check-config`:
/// an unknown key, a language not shipped, a colour too light for white text,
/// a contact that is no link, and an operator template that does not compile
/// (with its file name and line).
#[test]
fn check_config_names_every_ui_problem_and_the_broken_template() {
    let templates = std::env::temp_dir().join(format!("bridge-templates-{}", crate::helpers::random_suffix()));
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("landing.html"), "<h1>\n{{ room }</h1>").unwrap();
    let path = write_config(&format!(
        "{CONFIG}[ui]\nproduct_nam = \"x\"\ndefault_language = \"pt\"\nprimary_color = \"#ffcc00\"\n\
         support_contact = {{ text = \"Help\", url = \"call me\" }}\ntemplates_dir = \"{}\"\n",
        templates.display()
    ));
    let (code, _, stderr) = run_bridge(&["check-config", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(code, 2, "{stderr}");
    for expected in [
        "ui.product_nam: is not a known key; did you mean \"product_name\"?",
        "ui.default_language: \"pt\" is not a language the pages ship in: use one of en, de, fr, es, it, nl",
        "ui.primary_color: #ffcc00 has a contrast of 1.51:1 with white",
        "ui.support_contact.url: \"call me\" is not a URL",
        "landing.html: syntax error",
        "(in landing.html:2)",
    ] {
        assert!(stderr.contains(expected), "{expected:?} missing:\n{stderr}");
    }
}

/// The `[ui]` example in the README is a configuration the bridge accepts
/// (with the test logo and templates in place of the operator's files).
#[test]
fn the_readme_ui_example_is_accepted() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("```toml\n[ui]\n").nth(1).unwrap().split("```").next().unwrap();
    let ui: String = section
        .lines()
        .map(|line| match line.split_once(" =").map(|(key, _)| key.trim()) {
            Some("logo_file") => format!("logo_file = \"{}\"", crate::helpers::fixture("brand/logo.svg").display()),
            Some("templates_dir") => {
                format!("templates_dir = \"{}\"", crate::helpers::fixture("brand/templates").display())
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let path = write_config(&format!("{CONFIG}[ui]\n{ui}\n"));
    let (code, _, stderr) = run_bridge(&["check-config", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr}\n{ui}");
}
