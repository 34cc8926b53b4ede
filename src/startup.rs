//! Building the application from settings: every dependency once, then the server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use anyhow::Context as _;
use secrecy::ExposeSecret;

use crate::config::{Settings, StoreSettings};
use crate::jitsi::TokenSigner;
use crate::oidc::Provider;
use crate::pages;
use crate::routes::limits::StartLimits;
use crate::routes::{self, AppState};
use crate::session::cookie::Cookies;
use crate::session::{random_token, MemoryStore, RedisStore, Sealer, Sessions, Store};
use crate::telemetry;

pub struct Application {
    port: u16,
    server: Server,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application").field("port", &self.port).finish_non_exhaustive()
    }
}

impl Application {
    /// Bind `settings.listen` and build.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let listener =
            TcpListener::bind(settings.listen).with_context(|| format!("cannot listen on {}", settings.listen))?;
        Self::build_with_listener(settings, listener).await
    }

    /// Build on an already-bound listener (tests bind port 0 first, to know the callback URL).
    pub async fn build_with_listener(settings: Settings, listener: TcpListener) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        let state = Arc::new(build_state(&settings)?);
        warm_up(state.clone());
        let prefix = settings.public_url.prefix().to_owned();
        let data = web::Data::new(state);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .wrap(
                    DefaultHeaders::new()
                        .add(("x-content-type-options", "nosniff"))
                        .add(("x-frame-options", "DENY"))
                        .add(("referrer-policy", "no-referrer"))
                        .add(("content-security-policy", pages::content_security_policy(None))),
                )
                .wrap(from_fn(routes::limits::bounded_request_head))
                .wrap(from_fn(telemetry::request_id))
                .configure(|cfg| routes::configure(cfg, &prefix))
        })
        .shutdown_timeout(10)
        .listen(listener)?
        .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn build_state(settings: &Settings) -> anyhow::Result<AppState> {
    // Without a configured secret (memory store only) cookies and sessions die with the process anyway.
    let cookie_secret = match &settings.cookie_secret {
        Some(secret) => secret.expose_secret().to_owned(),
        None => random_token(),
    };
    let lifetimes = &settings.lifetimes;
    Ok(AppState {
        provider: Provider::new(settings.oidc.clone()).context("identity provider client")?,
        sessions: build_sessions(settings, cookie_secret.as_bytes())?,
        cookies: Cookies::new(
            cookie_secret.as_bytes(),
            !settings.dev_mode,
            settings.public_url.cookie_path(),
            lifetimes.absolute,
            lifetimes.login,
        ),
        signer: TokenSigner::new(&settings.token),
        policy: settings.policy.clone(),
        jitsi: settings.jitsi.clone(),
        guests: settings.guests,
        limits: StartLimits::new(&settings.limits),
        public_url: settings.public_url.clone(),
    })
}

/// The session store the settings name, with the key that seals provider
/// tokens derived from `secret`. Must be called inside a Tokio runtime.
pub fn build_sessions(settings: &Settings, secret: &[u8]) -> anyhow::Result<Sessions> {
    let store: Arc<dyn Store> = match &settings.store {
        StoreSettings::Memory => Arc::new(MemoryStore::default()),
        StoreSettings::Redis(redis) => Arc::new(RedisStore::connect(redis).context("session store")?),
    };
    Ok(Sessions::new(store, settings.lifetimes, Sealer::new(secret)))
}

/// Read the provider's metadata in the background so the first visitor does
/// not wait for it; a failure here is only logged (sign-ins retry it).
fn warm_up(state: Arc<AppState>) {
    tokio::spawn(async move {
        if let Err(error) = state.provider.discovered().await {
            tracing::warn!(%error, "identity provider not reachable yet; sign-ins will retry");
        }
    });
}
