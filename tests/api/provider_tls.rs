//! A provider behind a private CA: the real test IdP serving https with a
//! certificate from a CA made here (openssl). The bridge trusts it only with
//! `oidc.ca_file`; without, the provider is unreachable to it (503), which
//! also shows the CA file is what made the difference.

use crate::helpers::*;

/// A throwaway CA and a `localhost` certificate it signed, in a temp dir.
struct PrivateCa {
    dir: TempDir,
}

impl PrivateCa {
    fn create() -> PrivateCa {
        let dir = TempDir::new("provider-ca");
        make_certificates(dir.path());
        PrivateCa { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

async fn start_at(app: &TestApp) -> reqwest::Response {
    app.get("/standup").await
}

#[tokio::test]
async fn a_provider_behind_a_private_ca_is_trusted_with_oidc_ca_file_only() {
    let ca = PrivateCa::create();
    let idp = Idp::start(&[("IDP_TLS_CERT", &ca.path("server.pem")), ("IDP_TLS_KEY", &ca.path("server.key"))]);
    assert!(idp.issuer.starts_with("https://localhost:"), "{}", idp.issuer);
    // Discovery and the authorization redirect need no registered client.
    let options = |oidc_extra: String| Options {
        issuer: Some(idp.issuer.clone()),
        client: Some(("tls-test".to_owned(), "tls-test-secret".to_owned())),
        oidc_extra,
        ..Options::default()
    };

    let trusting = spawn_app_with(options(format!("ca_file = {:?}", ca.path("ca.pem")))).await;
    let response = start_at(&trusting).await;
    assert_eq!(response.status(), 302, "the provider's metadata was read over TLS");
    assert!(location(&response).starts_with(&format!("{}/auth?", idp.issuer)));

    let untrusting = spawn_app_with(options(String::new())).await;
    assert_eq!(start_at(&untrusting).await.status(), 503, "without the CA the certificate is not trusted");
}

#[test]
fn an_unreadable_or_empty_ca_file_stops_the_start() {
    let ca = PrivateCa::create();
    let config = |ca_file: &str| {
        let path = ca.dir.path().join(format!("bridge-{}.toml", random_suffix()));
        std::fs::write(
            &path,
            format!(
                "[server]\npublic_url = \"https://auth.example.com\"\n[oidc]\nissuer_url = \"https://idp.example.com\"\n\
                 client_id = \"c\"\nclient_secret = \"s\"\nca_file = {ca_file:?}\n[jitsi]\nbase_url = \"https://meet.example.com\"\n\
                 app_id = \"a\"\napp_secret = \"0123456789abcdef0123456789abcdef\"\n[access]\nallowed_groups = [\"*\"]\n"
            ),
        )
        .unwrap();
        path.display().to_string()
    };
    let (code, _, _) = run_bridge(&["check-config", "--config", &config(&ca.path("ca.pem"))], &[]);
    assert_eq!(code, 0, "a real CA bundle is accepted");
    let (code, _, stderr) = run_bridge(&["check-config", "--config", &config("/nonexistent/ca.pem")], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("oidc.ca_file: cannot read /nonexistent/ca.pem"), "{stderr}");
    let (code, _, stderr) = run_bridge(&["check-config", "--config", &config(&ca.path("server.ext"))], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("oidc.ca_file:") && stderr.contains("no PEM certificate"), "{stderr}");
}
