//! RS256 tokens end to end, checked the way Prosody checks them: the key is
//! fetched from the bridge at `<asap_key_server>/<hex(sha256(kid))>.pem`
//! (jitsi-meet `resources/prosody-plugins/token/util.lib.lua`, `get_public_key`)
//! or read from the JWKS (`cache_keys_url`, `token/jwk.lib.lua`), and the token
//! is verified by an independent verifier (jsonwebtoken) with that key alone.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use sha2::{Digest, Sha256};
use url::Url;

use crate::helpers::*;

const KEY_A: &str = "tests/api/fixtures/signing/rsa-2048-a.pem";
const KEY_B: &str = "tests/api/fixtures/signing/rsa-2048-b.pem";

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path).display().to_string()
}

/// The token of a sign-in redirect, and its header.
fn token_of(response: &reqwest::Response) -> (String, jsonwebtoken::Header) {
    let token = token_in_url(&Url::parse(&location(response)).unwrap()).expect("a token");
    let header = jsonwebtoken::decode_header(&token).unwrap();
    (token, header)
}

/// What Prosody asks its key server for, worked out here from the rule, not from the bridge.
fn asap_path(kid: &str) -> String {
    let hash: String = Sha256::digest(kid.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    format!("/asap/{hash}.pem")
}

fn verify(token: &str, key: &DecodingKey) -> Value {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&["jitsi"]);
    validation.set_issuer(&[APP_ID]);
    validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
    jsonwebtoken::decode::<Value>(token, key, &validation).expect("the token verifies with the published key").claims
}

async fn pem_for(app: &TestApp, kid: &str) -> reqwest::Response {
    app.client.get(format!("{}{}", app.address, asap_path(kid))).send().await.unwrap()
}

async fn jwks(app: &TestApp) -> Value {
    let response = app.client.get(format!("{}/.well-known/jitsi-jwks.json", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let cache = response.headers()["cache-control"].to_str().unwrap().to_owned();
    assert_eq!(cache, "public, max-age=300", "half of the default 600 s publish delay");
    response.json().await.unwrap()
}

fn jwk_key(set: &Value, kid: &str) -> Option<DecodingKey> {
    let jwk = set["keys"].as_array()?.iter().find(|k| k["kid"] == kid)?;
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk.clone()).unwrap();
    DecodingKey::from_jwk(&jwk).ok()
}

fn kids(set: &Value) -> Vec<String> {
    set["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn an_rs256_token_verifies_with_the_key_served_where_prosody_looks_and_with_the_jwks() {
    let options = Options {
        signing: Some(format!("algorithm = \"RS256\"\nkey_file = \"{}\"", fixture(KEY_A))),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    let response = app.sign_in("/standup", "alice").await;
    assert_eq!(response.status(), 302);
    let (token, header) = token_of(&response);
    assert_eq!((header.alg, header.typ.as_deref()), (Algorithm::RS256, Some("JWT")));
    let kid = header.kid.expect("Prosody's key server lookup needs a kid");
    assert_eq!(kid, "jitsi-oidc-bridge/089d3d0013ddaeb0", "prefix + openssl's fingerprint (fixtures/signing/README)");

    let pem = pem_for(&app, &kid).await;
    assert_eq!(pem.status(), 200);
    assert_eq!(pem.headers()["content-type"], "application/x-pem-file");
    let pem = pem.text().await.unwrap();
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"), "{pem}");
    let claims = verify(&token, &DecodingKey::from_rsa_pem(pem.as_bytes()).unwrap());
    assert_eq!(claims["room"], "standup");
    assert_eq!(claims["context"]["user"]["moderator"], true);

    let set = jwks(&app).await;
    assert_eq!(kids(&set), std::slice::from_ref(&kid));
    verify(&token, &jwk_key(&set, &kid).expect("the kid in the JWKS"));

    // Only published keys are served; a name that is not a key's is 404.
    assert_eq!(pem_for(&app, "jitsi-oidc-bridge/0000000000000000").await.status(), 404);
    assert_eq!(app.get("/asap/..%2Fbridge.toml").await.status(), 404);
}

#[tokio::test]
async fn with_a_shared_secret_there_are_no_keys_to_serve_and_asap_is_a_tenant_again() {
    let app = spawn_app().await;
    let jwks = app.get("/.well-known/jitsi-jwks.json").await;
    // Not a key set: Jitsi's tenant rules refuse ".well-known" as a tenant name.
    assert_eq!(jwks.status(), 400);
    let response = app.sign_in("/asap/standup", "bob").await;
    assert_eq!(response.status(), 302, "a tenant named asap keeps working with HS256");
}

/// Set a key file's age, as if it had been put there `ago` earlier.
fn age(path: &Path, ago: Duration) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - ago).unwrap();
}

/// Make every bridge in this test process re-read its keys (SIGHUP), and wait
/// until `app`'s JWKS shows `expected` keys.
async fn hangup_until(app: &TestApp, expected: usize) -> Value {
    let status = std::process::Command::new("kill").args(["-HUP", &std::process::id().to_string()]).status();
    assert!(status.unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let set = jwks(app).await;
        if set["keys"].as_array().unwrap().len() == expected {
            return set;
        }
        assert!(Instant::now() < deadline, "the keys were not re-read: {set}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn keys_rotate_without_a_restart_a_new_key_signs_only_after_its_publish_delay() {
    let dir = TempDir::new("bridge-signing-keys");
    let (a, b) = (dir.path().join("a.pem"), dir.path().join("b.pem"));
    std::fs::copy(fixture(KEY_A), &a).unwrap();
    age(&a, Duration::from_secs(3_600));
    let options = Options {
        signing: Some(format!(
            "algorithm = \"RS256\"\nkeys_dir = \"{}\"\npublish_before_use_seconds = 600",
            dir.path().display()
        )),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    let (_, first) = token_of(&app.sign_in("/standup", "bob").await);
    let kid_a = first.kid.unwrap();

    // A new key: published at once, not used before it has been published for 600 s.
    std::fs::copy(fixture(KEY_B), &b).unwrap();
    let set = hangup_until(&app, 2).await;
    let kid_b = kids(&set).into_iter().find(|kid| *kid != kid_a).unwrap();
    assert_eq!(pem_for(&app, &kid_b).await.status(), 200, "published before use");
    let (token, header) = token_of(&app.get("/standup").await);
    assert_eq!(header.kid.as_deref(), Some(kid_a.as_str()), "b is too new to sign");
    let pem_a = pem_for(&app, &kid_a).await.text().await.unwrap();
    verify(&token, &DecodingKey::from_rsa_pem(pem_a.as_bytes()).unwrap());

    // Once b has been published long enough, it signs; a is still published, so
    // tokens it signed before keep verifying.
    age(&b, Duration::from_secs(601));
    hangup_until(&app, 2).await;
    let (token, header) = token_of(&app.get("/standup").await);
    assert_eq!(header.kid.as_deref(), Some(kid_b.as_str()));
    let pem_b = pem_for(&app, &kid_b).await.text().await.unwrap();
    verify(&token, &DecodingKey::from_rsa_pem(pem_b.as_bytes()).unwrap());
    assert_eq!(pem_for(&app, &kid_a).await.status(), 200, "the old key stays published while it is in the directory");

    // A key removed from the directory stops being published.
    std::fs::remove_file(&a).unwrap();
    let set = hangup_until(&app, 1).await;
    assert_eq!(kids(&set), [kid_b]);
    assert_eq!(pem_for(&app, &kid_a).await.status(), 404);
}

fn problems_with(signing: &str, with_secret: bool) -> String {
    let secret = if with_secret { format!("app_secret = \"{APP_SECRET}\"\n") } else { String::new() };
    let toml = format!(
        r#"
[server]
listen = "127.0.0.1:0"
public_url = "http://127.0.0.1:8080"
dev_mode = true
[oidc]
issuer_url = "http://127.0.0.1:9"
client_id = "c"
client_secret = "s"
[jitsi]
base_url = "https://meet.example.com"
app_id = "a"
{secret}[jitsi.signing]
{signing}
[access]
allowed_groups = ["employees"]
"#
    );
    match jitsi_oidc_bridge::config::Settings::from_toml(&toml) {
        Ok(_) => panic!("accepted:\n{toml}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn bad_key_files_and_mixed_settings_are_refused_at_start_each_with_what_to_fix() {
    let key = |name: &str| fixture(&format!("tests/api/fixtures/signing/{name}"));
    let rs = |line: String| format!("algorithm = \"RS256\"\n{line}");
    let cases = [
        (rs(format!("key_file = \"{}\"", key("missing.pem"))), "jitsi.signing.key_file: cannot read"),
        (rs(format!("key_file = \"{}\"", key("rsa-1024.pem"))), "is a 1024-bit RSA key; use one of at least 2048 bits"),
        (rs(format!("key_file = \"{}\"", key("ec-p256.pem"))), "is not an RSA private key"),
        (rs(format!("key_file = \"{}\"", key("rsa-2048-a.pub.pem"))), "holds a PUBLIC KEY, not the private key"),
        (rs(String::new()), "RS256 needs key_file or keys_dir"),
        (
            rs(format!("key_file = \"{}\"\nkeys_dir = \"{}\"", key("rsa-2048-a.pem"), key(""))),
            "key_file and keys_dir are both given",
        ),
        (
            format!("algorithm = \"HS256\"\nkey_file = \"{}\"", key("rsa-2048-a.pem")),
            "jitsi.signing.key_file: is only for RS256/RS384/RS512",
        ),
    ];
    for (signing, expected) in cases {
        let problems = problems_with(&signing, false);
        assert!(problems.contains(expected), "{signing}\n-> {problems}");
    }
    let both = problems_with(&rs(format!("key_file = \"{}\"", key("rsa-2048-a.pem"))), true);
    assert!(both.contains("jitsi.app_secret: is not used with RS256: remove it"), "{both}");
    let unknown = problems_with("algorithm = \"ES256\"", true);
    assert!(unknown.contains("ES256"), "{unknown}");
}

#[test]
fn keys_generate_writes_a_private_key_the_bridge_then_signs_with() {
    let dir = TempDir::new("bridge-keys-generate");
    let out = dir.path().join("keys");
    let (code, stdout, stderr) = run_bridge(&["keys", "generate", "--out", &out.display().to_string()], &[]);
    assert_eq!(code, 0, "{stderr}");
    let file = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o700);
    }
    let kid = stdout.lines().find_map(|l| l.trim().strip_prefix("kid ")).expect("the kid is printed").to_owned();
    assert!(stdout.contains(&asap_path(&kid)), "{stdout}");
    let pem = std::fs::read_to_string(&file).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
    let key = jitsi_oidc_bridge::jitsi::signing::SigningKey::read(&file, "jitsi-oidc-bridge/").unwrap();
    assert_eq!(key.kid(), kid);
}

#[test]
fn check_config_names_the_signing_key_and_refuses_a_bad_one() {
    let dir = TempDir::new("bridge-check-signing");
    let config = dir.path().join("bridge.toml");
    let write = |key: &str| {
        let toml = format!(
            "[server]\npublic_url = \"http://127.0.0.1:8080\"\ndev_mode = true\n[oidc]\nissuer_url = \"http://127.0.0.1:9\"\n\
             client_id = \"c\"\nclient_secret = \"s\"\n[jitsi]\nbase_url = \"https://meet.example.com\"\napp_id = \"a\"\n\
             [jitsi.signing]\nalgorithm = \"RS256\"\nkey_file = \"{}\"\n[access]\nallowed_groups = [\"employees\"]\n",
            fixture(&format!("tests/api/fixtures/signing/{key}"))
        );
        std::fs::write(&config, toml).unwrap();
    };
    let path = config.display().to_string();
    write("rsa-2048-a.pem");
    let (code, stdout, stderr) = run_bridge(&["check-config", "--config", &path], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("tokens RS256 signed with kid jitsi-oidc-bridge/089d3d0013ddaeb0"), "{stdout}");
    assert!(stdout.contains("/asap/<hex(sha256(kid))>.pem"), "{stdout}");
    write("rsa-1024.pem");
    let (code, _, stderr) = run_bridge(&["check-config", "--config", &path], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("jitsi.signing.key_file:") && stderr.contains("1024-bit"), "{stderr}");
}
