//! HTTP handlers, thin: they parse the request into checked types, call the
//! core, and turn the result into a response. Explicit routes come before the
//! room catch-alls, so a room cannot be named `callback` or `healthz` (nor
//! `metrics` while metrics are served here). Every route lives under the path
//! prefix of `server.public_url` (empty at the root of a host).

mod auth;
mod backchannel;
mod callback;
mod health;
mod keys;
pub mod limits;
mod logout;
mod metrics;
mod outcome;
mod rooms;
mod sign_in;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::{guard, web, HttpResponse};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::error::AppError;
use crate::jitsi::signing::{KeyRing, SigningAlgorithm};
use crate::jitsi::{Returns, RoomTarget, TokenSigner};
use crate::oidc::Provider;
use crate::pages::i18n::Language;
use crate::public_url::PublicUrl;
use crate::reload::LiveAccess;
use crate::session::cookie::Cookies;
use crate::session::Sessions;
use crate::shutdown::Lifecycle;
use crate::telemetry::metrics::Metrics;

pub use metrics::metrics;

/// Everything a handler may use, built once at start-up.
#[derive(Debug)]
pub struct AppState {
    pub provider: Provider,
    pub sessions: Sessions,
    pub cookies: Cookies,
    pub signer: TokenSigner,
    /// The access policy and the guest offer, swapped whole by a reload.
    pub access: Arc<LiveAccess>,
    /// The Jitsi deployment and the ways back to it.
    pub jitsi: Returns,
    /// Bounds on sign-in starts.
    pub limits: limits::StartLimits,
    /// Where browsers reach the bridge (`server.public_url`).
    pub public_url: PublicUrl,
    pub metrics: Arc<Metrics>,
    /// Set once a stop signal came: `/readyz` fails from then on.
    pub lifecycle: Arc<Lifecycle>,
    /// `/readyz` fails when the provider's metadata was last read longer ago.
    pub readyz_provider_max_age: Duration,
    /// The published signing keys (RS256/384/512 signing only).
    pub keys: Option<Arc<KeyRing>>,
    pub signing_algorithm: SigningAlgorithm,
    /// `[ui]`: the pages' default language, brand and template overrides.
    pub brand: Arc<crate::pages::Brand>,
}

pub type State = web::Data<Arc<AppState>>;

/// Every route, under `prefix` (`""` or `"/sso"`, from [`PublicUrl::prefix`]);
/// `<prefix>/metrics` too unless `metrics_elsewhere` (`server.metrics_listen`).
/// `publish_keys`: serve the signing keys' public halves (RS256/384/512 signing);
/// otherwise `/asap/…` stays a tenant's room like any other.
pub fn configure(cfg: &mut web::ServiceConfig, prefix: &str, metrics_elsewhere: bool, publish_keys: bool) {
    cfg.app_data(web::QueryConfig::default().error_handler(|_, _| AppError::BadRequest("query string").into()))
        .app_data(web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()))
        .service(web::scope(prefix).configure(|cfg| {
            if !metrics_elsewhere {
                cfg.route("/metrics", web::get().to(metrics));
            }
            cfg.route(crate::pages::LOGO_PATH, page().to(health::logo));
            if publish_keys {
                cfg.route("/asap/{name}", web::get().to(keys::asap_key))
                    .route("/.well-known/jitsi-jwks.json", web::get().to(keys::jwks));
            }
            bridge_routes(cfg);
        }))
        .default_service(web::to(not_found));
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// The cookie that remembers a language chosen with `?lang=`.
const LANGUAGE_COOKIE: &str = "jitsi-lang";

/// Lets the error pages link to the index page under `server.public_url`'s
/// path and to the page itself (an error is rendered where no state is at hand).
pub async fn error_page_ways(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let (start, brand) = match req.app_data::<State>() {
        Some(state) => (state.public_url.path("/"), state.brand.clone()),
        None => ("/".to_owned(), Arc::new(crate::pages::Brand::plain())),
    };
    let repeatable = req.method() == actix_web::http::Method::GET && !req.path().ends_with("/callback");
    let retry = match req.uri().path_and_query() {
        Some(target) if repeatable => target.as_str().to_owned(),
        _ => start.clone(),
    };
    let forced = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(key, _)| key == "lang")
        .and_then(|(_, value)| Language::from_tag(&value));
    let remembered = req.cookie(LANGUAGE_COOKIE).map(|c| c.value().to_owned());
    let accept = req.headers().get(actix_web::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let language =
        crate::pages::i18n::choose(forced.map(Language::code), remembered.as_deref(), accept, brand.default_language);
    let ways = crate::pages::Ways { start, retry, language, brand };
    let mut response = crate::pages::with_ways(ways, next.call(req)).await?;
    // `?lang=` is remembered for the next pages.
    if let Some(language) = forced {
        let cookie = actix_web::cookie::Cookie::build(LANGUAGE_COOKIE, language.code())
            .path("/")
            .same_site(actix_web::cookie::SameSite::Lax)
            .max_age(actix_web::cookie::time::Duration::days(365))
            .finish();
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(actix_web::http::header::SET_COOKIE, value);
        }
    }
    Ok(response)
}

/// A page or probe route: `HEAD` answers like `GET` (actix sends no body for
/// `HEAD`), so link checkers and monitors see the same status.
fn page() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

fn bridge_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("", page().to(health::index))
        .route("/", page().to(health::index))
        .route("/healthz", page().to(health::healthz))
        .route("/readyz", page().to(health::readyz))
        .route("/favicon.ico", web::get().to(HttpResponse::NotFound))
        .route("/robots.txt", page().to(health::robots))
        .route("/callback", web::get().to(callback::callback))
        .route("/login", web::get().to(rooms::login))
        .route("/logout", page().to(logout::logout_page))
        .route("/logout", web::post().to(logout::logout))
        .route("/signed-out", page().to(logout::signed_out))
        .service(
            web::resource("/backchannel-logout")
                .route(web::post().to(backchannel::backchannel_logout))
                .default_service(web::to(|| async {
                    HttpResponse::MethodNotAllowed().insert_header(("allow", "POST")).finish()
                })),
        )
        .route("/auth", web::get().to(auth::token_auth_url))
        .route("/{room}", page().to(rooms::room))
        .route("/{tenant}/{room}", page().to(rooms::tenant_room))
        .default_service(web::to(not_found));
}

/// Characters escaped in one path segment of a bridge URL.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

/// This room's page on the bridge: `<prefix>/<tenant>/<room>` or `<prefix>/<room>`.
pub fn bridge_room_path(bridge: &PublicUrl, target: &RoomTarget) -> String {
    let mut path = bridge.prefix().to_owned();
    if let Some(tenant) = &target.tenant {
        path.push('/');
        path.extend(utf8_percent_encode(tenant.as_str(), SEGMENT));
    }
    path.push('/');
    path.extend(utf8_percent_encode(target.room.as_str(), SEGMENT));
    path
}

/// `<prefix>/login?room=..[&tenant=..][&prompt=login]`: start the sign-in for
/// this room straight away; with `prompt=login` the provider asks for
/// credentials again (to switch accounts) instead of reusing its own session.
pub fn bridge_login_path(bridge: &PublicUrl, target: &RoomTarget, switch_account: bool) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("room", target.room.as_str());
    if let Some(tenant) = &target.tenant {
        query.append_pair("tenant", tenant.as_str());
    }
    if switch_account {
        query.append_pair("prompt", "login");
    }
    bridge.path(&format!("/login?{}", query.finish()))
}

pub fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}
