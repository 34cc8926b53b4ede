//! Building the application from settings: every dependency once, then the
//! server (and the metrics server, when `/metrics` has a listener of its own).

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use anyhow::Context as _;
use secrecy::ExposeSecret;

use crate::config::{Settings, StoreSettings};
use crate::jitsi::TokenSigner;
use crate::oidc::Provider;
use crate::pages;
use crate::reload::{Access, LiveAccess, Reloader};
use crate::routes::limits::StartLimits;
use crate::routes::{self, AppState};
use crate::session::cookie::Cookies;
use crate::session::{random_token, MemoryStore, RedisStore, Sessions, Store};
use crate::shutdown::{self, Lifecycle, StopSignals};
use crate::telemetry;
use crate::telemetry::metrics::Metrics;

pub struct Application {
    port: u16,
    server: Server,
    /// `/metrics` on `server.metrics_listen`, and its port.
    metrics_server: Option<(Server, u16)>,
    /// `POST /admin/reload` on `server.admin_listen`.
    admin_server: Option<Server>,
    lifecycle: Arc<Lifecycle>,
    shutdown_delay: Duration,
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
        let metrics = Arc::new(Metrics::new());
        let lifecycle = Arc::new(Lifecycle::default());
        let state = Arc::new(build_state(&settings, metrics.clone(), lifecycle.clone())?);
        warm_up(state.clone());
        if let Some(ring) = &state.keys {
            crate::jitsi::signing::watch(ring.clone())?;
        }
        let reloader = settings
            .config_file
            .as_ref()
            .map(|file| Arc::new(Reloader::new(file.path.clone(), file.sections.clone(), state.access.clone())));
        if let Some(reloader) = &reloader {
            crate::reload::reload_on_hangup(reloader.clone())?;
        }
        let admin_server = match (settings.admin_listen, &reloader) {
            (Some(address), Some(reloader)) => {
                let listener = TcpListener::bind(address)
                    .with_context(|| format!("cannot listen on {address} (server.admin_listen)"))?;
                Some(admin_server(listener, reloader.clone())?)
            }
            (Some(_), None) => {
                tracing::warn!(
                    "server.admin_listen is set but the settings were not read from a file: nothing to reload"
                );
                None
            }
            (None, _) => None,
        };
        let prefix = settings.public_url.prefix().to_owned();
        let metrics_elsewhere = settings.observe.metrics_listen.is_some();
        let publish_keys = state.keys.is_some();
        let image_sources = settings.brand.image_sources();
        let data = web::Data::new(state);
        let (metrics_data, lifecycle_data) = (web::Data::from(metrics.clone()), web::Data::from(lifecycle.clone()));
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(metrics_data.clone())
                .app_data(lifecycle_data.clone())
                .wrap(
                    DefaultHeaders::new()
                        .add(("x-content-type-options", "nosniff"))
                        .add(("x-frame-options", "DENY"))
                        .add(("referrer-policy", "no-referrer"))
                        .add(("content-security-policy", pages::content_security_policy(None, &image_sources))),
                )
                .wrap(from_fn(routes::error_page_ways))
                .wrap(from_fn(routes::limits::bounded_request_head))
                .wrap(from_fn(telemetry::request_id))
                .wrap(from_fn(shutdown::close_connections_when_stopping))
                .wrap(from_fn(telemetry::record_requests))
                .configure(|cfg| routes::configure(cfg, &prefix, metrics_elsewhere, publish_keys))
        })
        // Signals are ours (run_until_stopped): readiness must fail before the listener closes.
        .disable_signals()
        .shutdown_timeout(settings.observe.shutdown_timeout.as_secs())
        .listen(listener)?
        .run();
        let metrics_server = match settings.observe.metrics_listen {
            Some(address) => {
                let listener = TcpListener::bind(address)
                    .with_context(|| format!("cannot listen on {address} (server.metrics_listen)"))?;
                let port = listener.local_addr()?.port();
                Some((metrics_server(listener, metrics)?, port))
            }
            None => None,
        };
        let shutdown_delay = settings.observe.shutdown_delay;
        Ok(Self { port, server, metrics_server, admin_server, lifecycle, shutdown_delay })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of `server.metrics_listen`, when `/metrics` is served there.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(_, port)| *port)
    }

    /// Serve until SIGTERM or SIGINT, then shut down gracefully (see [`shutdown`]).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let mut handles = vec![self.server.handle()];
        handles.extend(self.metrics_server.as_ref().map(|(server, _)| server.handle()));
        handles.extend(self.admin_server.as_ref().map(Server::handle));
        tokio::spawn(shutdown::stop_on_signal(StopSignals::listen()?, self.lifecycle, self.shutdown_delay, handles));
        let metrics = async {
            match self.metrics_server {
                Some((server, _)) => server.await,
                None => Ok(()),
            }
        };
        let admin = async {
            match self.admin_server {
                Some(server) => server.await,
                None => Ok(()),
            }
        };
        let (main, metrics, admin) = tokio::join!(self.server, metrics, admin);
        main.and(metrics).and(admin)
    }
}

/// `POST /admin/reload` alone, on a loopback listener of its own: 200 with what
/// changed, or 422 with every problem of the file (the old policy stays).
fn admin_server(listener: TcpListener, reloader: Arc<Reloader>) -> std::io::Result<Server> {
    let data = web::Data::from(reloader);
    Ok(HttpServer::new(move || {
        App::new().app_data(data.clone()).route(
            "/admin/reload",
            web::post().to(|reloader: web::Data<Reloader>| async move {
                let reloader = reloader.into_inner();
                let (applied, report) = web::block(move || reloader.reload()).await.unwrap_or_else(|e| {
                    (
                        false,
                        serde_json::json!({"status": "refused", "problems": [format!("the reload did not run: {e}")]}),
                    )
                });
                let mut response = if applied {
                    actix_web::HttpResponse::Ok()
                } else {
                    actix_web::HttpResponse::UnprocessableEntity()
                };
                response.json(report)
            }),
        )
    })
    .disable_signals()
    .workers(1)
    .shutdown_timeout(1)
    .listen(listener)?
    .run())
}

/// `GET /metrics` alone, on a listener of its own.
fn metrics_server(listener: TcpListener, metrics: Arc<Metrics>) -> std::io::Result<Server> {
    let data = web::Data::from(metrics);
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .wrap(from_fn(telemetry::record_requests))
            .route("/metrics", web::get().to(routes::metrics))
    })
    .disable_signals()
    .workers(1)
    .shutdown_timeout(1)
    .listen(listener)?
    .run())
}

fn build_state(settings: &Settings, metrics: Arc<Metrics>, lifecycle: Arc<Lifecycle>) -> anyhow::Result<AppState> {
    // Without a configured secret (memory store only) cookies and sessions die with the process anyway.
    let cookie_secret = match &settings.cookie_secret {
        Some(secret) => secret.expose_secret().to_owned(),
        None => random_token(),
    };
    let lifetimes = &settings.lifetimes;
    Ok(AppState {
        provider: Provider::new(settings.oidc.clone(), metrics.clone()).context("identity provider client")?,
        sessions: build_sessions(settings, cookie_secret.as_bytes())?.metered(metrics.clone()),
        cookies: Cookies::new(
            cookie_secret.as_bytes(),
            !settings.dev_mode,
            settings.public_url.cookie_path(),
            lifetimes.absolute,
            lifetimes.login,
        ),
        signer: TokenSigner::new(&settings.token),
        access: Arc::new(LiveAccess::new(Access { policy: settings.policy.clone(), guests: settings.guests })),
        jitsi: settings.jitsi.clone(),
        limits: StartLimits::new(&settings.limits),
        public_url: settings.public_url.clone(),
        metrics,
        lifecycle,
        readyz_provider_max_age: settings.observe.readyz_provider_max_age,
        keys: settings.token.signing.ring().cloned(),
        signing_algorithm: settings.token.signing.algorithm(),
        brand: settings.brand.clone(),
    })
}

/// The session store the settings name, with the key that seals provider
/// tokens derived from `secret`. Must be called inside a Tokio runtime.
pub fn build_sessions(settings: &Settings, secret: &[u8]) -> anyhow::Result<Sessions> {
    let store: Arc<dyn Store> = match &settings.store {
        StoreSettings::Memory => Arc::new(MemoryStore::default()),
        StoreSettings::Redis(redis) => Arc::new(RedisStore::connect(redis).context("session store")?),
    };
    Ok(Sessions::new(store, settings.lifetimes, secret))
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
