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
use crate::telemetry::RouteName;

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
            let mut routes = Routes { cfg, prefix };
            if !metrics_elsewhere {
                routes.at("/metrics", guard::Get(), metrics);
            }
            routes.at(crate::pages::LOGO_PATH, page(), health::logo);
            if publish_keys {
                routes.at("/asap/{name}", guard::Get(), keys::asap_key);
                routes.at("/.well-known/jitsi-jwks.json", guard::Get(), keys::jwks);
            }
            bridge_routes(&mut routes);
        }))
        .default_service(web::to(not_found));
}

/// Registers resources under the prefix, each with its [`RouteName`] for the metrics.
struct Routes<'a> {
    cfg: &'a mut web::ServiceConfig,
    prefix: &'a str,
}

impl Routes<'_> {
    /// `handler` for the requests at `path` that `methods` admits; others go on
    /// to the next resource (a room route after an explicit one).
    fn at<F, Args>(&mut self, path: &str, methods: impl guard::Guard + 'static, handler: F) -> &mut Self
    where
        F: actix_web::Handler<Args>,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        let name = RouteName::of(self.prefix, path);
        self.cfg.service(web::resource(path).guard(methods).app_data(name).to(handler));
        self
    }
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// The cookie that remembers a language chosen with `?lang=`.
const LANGUAGE_COOKIE: &str = "jitsi-lang";

/// Gives the pages of a request what they need from it: links to the index
/// page under `server.public_url`'s path and to the page itself, the visitor's
/// language and the brand. Worked out only when a page is rendered.
pub async fn error_page_ways(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    // `?lang=` is looked for only where the query names it.
    let forced = if req.query_string().contains("lang=") {
        url::form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(key, _)| key == "lang")
            .and_then(|(_, value)| Language::from_tag(&value))
    } else {
        None
    };
    // Cheap shared handles only: the request itself must stay unshared while it is routed.
    let seen = Seen {
        state: req.app_data::<State>().cloned(),
        uri: req.uri().clone(),
        get: req.method() == actix_web::http::Method::GET,
        cookies: req.headers().get_all(actix_web::http::header::COOKIE).cloned().collect(),
        accept_language: req.headers().get(actix_web::http::header::ACCEPT_LANGUAGE).cloned(),
    };
    let ways = crate::pages::LazyWays::new(move || seen.ways(forced));
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

/// What the pages of a request need to know of it.
struct Seen {
    state: Option<State>,
    uri: actix_web::http::Uri,
    get: bool,
    cookies: Vec<actix_web::http::header::HeaderValue>,
    accept_language: Option<actix_web::http::header::HeaderValue>,
}

impl Seen {
    fn ways(&self, forced: Option<Language>) -> crate::pages::Ways {
        let (start, brand) = match &self.state {
            Some(state) => (state.public_url.path("/"), state.brand.clone()),
            None => ("/".to_owned(), Arc::new(crate::pages::Brand::plain())),
        };
        let repeatable = self.get && !self.uri.path().ends_with("/callback");
        let retry = match self.uri.path_and_query() {
            Some(target) if repeatable => target.as_str().to_owned(),
            _ => start.clone(),
        };
        let remembered = crate::session::cookie::cookie_in(&self.cookies, LANGUAGE_COOKIE);
        let accept = self.accept_language.as_ref().and_then(|v| v.to_str().ok());
        let language = crate::pages::i18n::choose(
            forced.map(Language::code),
            remembered.as_deref(),
            accept,
            brand.default_language,
        );
        crate::pages::Ways { start, retry, language, brand }
    }
}

/// A page or probe route: `HEAD` answers like `GET` (actix sends no body for
/// `HEAD`), so link checkers and monitors see the same status.
fn page() -> impl guard::Guard {
    guard::Any(guard::Get()).or(guard::Head())
}

fn bridge_routes(routes: &mut Routes<'_>) {
    routes
        .at("", page(), health::index)
        .at("/", page(), health::index)
        .at("/healthz", page(), health::healthz)
        .at("/readyz", page(), health::readyz)
        .at("/favicon.ico", guard::Get(), HttpResponse::NotFound)
        .at("/robots.txt", page(), health::robots)
        .at("/callback", guard::Get(), callback::callback)
        .at("/login", guard::Get(), rooms::login)
        .at("/logout", page(), logout::logout_page)
        .at("/logout", guard::Post(), logout::logout)
        .at("/signed-out", page(), logout::signed_out);
    routes.cfg.service(
        web::resource("/backchannel-logout")
            .app_data(RouteName::of(routes.prefix, "/backchannel-logout"))
            .route(web::post().to(backchannel::backchannel_logout))
            .default_service(web::to(|| async {
                HttpResponse::MethodNotAllowed().insert_header(("allow", "POST")).finish()
            })),
    );
    routes.at("/auth", guard::Get(), auth::token_auth_url);
    // Rooms are what is left: `/{room}` and `/{tenant}/{room}`, told apart by
    // counting segments rather than by a pattern match on every visit.
    let names = rooms::RoomRoutes {
        room: RouteName::of(routes.prefix, "/{room}"),
        tenant_room: RouteName::of(routes.prefix, "/{tenant}/{room}"),
    };
    routes.cfg.app_data(names).default_service(web::to(rooms::any_room));
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
