//! The HTML pages a visitor can see, as askama templates (`templates/`), or
//! the operator's own versions of them (`ui.templates_dir`, see `overrides`).
//! Everything interpolated is escaped.

pub mod brand;
pub mod color;
mod examples;
pub mod i18n;
pub mod overrides;
pub mod reasons;

use std::sync::Arc;

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use askama::Template;
use serde::Serialize;

pub use brand::{Brand, BrandView, Link, LogoFile, LOGO_PATH};

/// A link-button on a page.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub label: String,
    pub href: String,
    pub primary: bool,
}

/// What the pages of the request being served need from outside the
/// handler: where error pages lead, the visitor's language, the brand.
#[derive(Debug, Clone)]
pub struct Ways {
    /// The bridge's index page (under `server.public_url`'s path).
    pub start: String,
    /// "Try again": this page again, or the index page where repeating the
    /// request cannot work (a spent callback, a form post).
    pub retry: String,
    /// The visitor's language (`?lang=`, its cookie, `Accept-Language`, `ui.default_language`).
    pub language: i18n::Language,
    pub brand: Arc<Brand>,
}

/// The [`Ways`] of one request, worked out only if a page is rendered: a
/// signed-in visit answers with a redirect and never needs them.
pub struct LazyWays {
    compute: Box<dyn Fn() -> Ways>,
    computed: std::cell::OnceCell<Ways>,
}

impl std::fmt::Debug for LazyWays {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyWays").field("computed", &self.computed.get()).finish_non_exhaustive()
    }
}

impl LazyWays {
    pub fn new(compute: impl Fn() -> Ways + 'static) -> Self {
        Self { compute: Box::new(compute), computed: std::cell::OnceCell::new() }
    }

    fn get(&self) -> Ways {
        self.computed.get_or_init(|| (self.compute)()).clone()
    }
}

tokio::task_local! {
    static WAYS: LazyWays;
}

/// Serve `work` with `ways` for its pages.
pub async fn with_ways<F: std::future::Future>(ways: LazyWays, work: F) -> F::Output {
    WAYS.scope(ways, work).await
}

/// The ways forward of the request being served: `/`, English and the
/// built-in look outside one.
pub fn ways() -> Ways {
    WAYS.try_with(LazyWays::get).unwrap_or_else(|_| Ways {
        start: "/".to_owned(),
        retry: "/".to_owned(),
        language: i18n::Language::English,
        brand: Arc::new(Brand::plain()),
    })
}

/// The texts and brand of a page, in the language of the request being served.
#[derive(Debug, Clone)]
pub struct Texts {
    language: i18n::Language,
    brand: Arc<Brand>,
}

impl Texts {
    /// The language and brand of the request being served (see `Ways`).
    pub fn current() -> Self {
        let ways = ways();
        Self { language: ways.language, brand: ways.brand }
    }

    pub fn language(&self) -> i18n::Language {
        self.language
    }

    pub fn lang(&self) -> &'static str {
        self.language.code()
    }

    pub fn get(&self, key: &str) -> String {
        self.language.text(key, &[])
    }

    /// The text of `key` with one variable put in.
    pub fn with(&self, key: &str, name: &str, value: &str) -> String {
        self.language.text(key, &[(name, value)])
    }

    /// The text of `key` with two variables put in.
    pub fn with_two(&self, key: &str, a: &str, a_value: &str, b: &str, b_value: &str) -> String {
        self.language.text(key, &[(a, a_value), (b, b_value)])
    }

    pub fn brand(&self) -> &BrandView {
        &self.brand.view
    }

    /// Whether the page has a header: a product name or a logo is configured.
    pub fn has_header(&self) -> bool {
        self.brand.view.product_name.is_some() || self.brand.view.logo_src.is_some()
    }

    pub fn has_footer(&self) -> bool {
        self.brand.view.privacy_url.is_some() || self.brand.view.imprint_url.is_some()
    }
}

/// A page the bridge renders; `NAME` is its template's file name, which an
/// operator's `ui.templates_dir` may replace (see [`overrides::PAGES`]).
pub trait Page: Template + Serialize {
    const NAME: &'static str;
}

macro_rules! page_names {
    ($($page:ty => $name:literal),* $(,)?) => {
        $(impl Page for $page { const NAME: &'static str = $name; })*
    };
}

page_names! {
    Landing => "landing.html",
    Index => "index.html",
    ErrorPage => "error.html",
    SignOut => "sign_out.html",
    SignedOut => "signed_out.html",
    OpenApp => "open_app.html",
    Popup => "popup.html",
}

/// Shown to a visitor without a session when guests are welcome.
#[derive(Template, Debug, Serialize)]
#[template(path = "landing.html")]
pub struct Landing {
    #[serde(skip)]
    pub t: Texts,
    pub room: String,
    pub sign_in_href: String,
    pub guest_href: String,
}

/// Every error the visitor sees.
#[derive(Template, Debug, Serialize)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// `<html lang>`, the catalogue the texts come from, the brand.
    #[serde(skip)]
    pub t: Texts,
    /// "Error 403", "Fehler 403"…
    pub status_text: String,
    /// "request id" in the page's language.
    pub request_id_label: String,
    pub status: u16,
    pub title: String,
    pub message: String,
    pub actions: Vec<Action>,
    pub request_id: Option<String>,
}

/// "Sign out?" with a button: what a `GET /logout` from elsewhere gets.
#[derive(Template, Debug, Serialize)]
#[template(path = "sign_out.html")]
pub struct SignOut {
    #[serde(skip)]
    pub t: Texts,
    /// Where the form posts: the bridge's `/logout`.
    pub action: String,
    /// Empty without a session (there is nothing to end then).
    pub csrf: String,
    /// `room` or `tenant/room`, to offer signing in again there afterwards.
    pub room: Option<String>,
}

#[derive(Template, Debug, Serialize)]
#[template(path = "signed_out.html")]
pub struct SignedOut {
    #[serde(skip)]
    pub t: Texts,
    pub sign_in_href: String,
    /// "Back to the meeting", when the room is known.
    pub meeting_href: Option<String>,
    /// The provider's session was ended too (we came back from its sign-out).
    pub at_provider: bool,
}

/// After a sign-in from a desktop or mobile app: open the app, or go on here.
#[derive(Template, Debug, Serialize)]
#[template(path = "open_app.html")]
pub struct OpenApp {
    #[serde(skip)]
    pub t: Texts,
    /// "desktop app", "mobile app", in the page's language.
    pub app: String,
    pub room: String,
    pub app_url: String,
    pub browser_url: String,
}

/// Jitsi's inline sign-in popup: posts the outcome to its opener (see
/// `templates/popup.js`) and closes.
#[derive(Template, Debug, Serialize)]
#[template(path = "popup.html")]
pub struct Popup {
    #[serde(skip)]
    pub t: Texts,
    pub success: bool,
    pub room: String,
    /// The only origin the message is posted to.
    pub jitsi_origin: String,
    /// The Jitsi token, on success.
    pub token: String,
    /// The `error` of an `oauth-error` message.
    pub error: &'static str,
    /// What the visitor reads when refused.
    pub message: String,
    pub browser_url: String,
    pub script: &'static str,
}

/// The popup page's one script, inlined and allowed by its hash.
pub const POPUP_SCRIPT: &str = include_str!("../templates/popup.js");

/// The popup page's policy: the pages' own, plus its script by hash.
pub fn popup_content_security_policy(image_sources: &str) -> String {
    static HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use base64::Engine as _;
        use sha2::Digest as _;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(POPUP_SCRIPT.as_bytes()))
    });
    format!("{}; script-src 'sha256-{}'", content_security_policy(None, image_sources), *HASH)
}

#[derive(Template, Debug, Serialize)]
#[template(path = "index.html")]
pub struct Index {
    #[serde(skip)]
    pub t: Texts,
    pub jitsi_url: String,
    /// Where the room-name form goes: the bridge's `/`.
    pub form_action: String,
    /// The name as typed, shown again with `problem`.
    pub room: String,
    /// Why the submitted name cannot be used.
    pub problem: Option<String>,
}

/// Pages are self-contained: inline styles, no scripts, no frames. Forms post
/// to the bridge only; `redirect_origin` also lets a form's answer redirect
/// there (browsers apply `form-action` to the redirects after a submission).
/// `image_sources`: [`Brand::image_sources`] (the operator's logo host).
pub fn content_security_policy(redirect_origin: Option<&str>, image_sources: &str) -> String {
    let form_action = match redirect_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src {image_sources}; form-action {form_action}; frame-ancestors 'none'; base-uri 'none'"
    )
}

/// Render a page with `status`: the operator's template for it if there is
/// one, else the built-in one. A failure (a bug) becomes a plain 500.
pub fn html<P: Page>(status: StatusCode, page: &P) -> HttpResponse {
    let texts = Texts::current();
    let rendered = match texts.brand.overrides.as_ref().filter(|o| o.has(P::NAME)) {
        Some(overrides) => {
            overrides.render(P::NAME, page, texts.language, &texts.brand.view).map_err(|e| e.to_string())
        }
        None => page.render().map_err(|e| e.to_string()),
    };
    match rendered {
        Ok(body) => HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body),
        Err(error) => {
            tracing::error!(%error, page = P::NAME, "a page template failed to render");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("Internal error while rendering the page.")
        }
    }
}
