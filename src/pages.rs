//! The HTML pages a visitor can see, as askama templates (`templates/`).
//! Everything interpolated is escaped by askama.

pub mod i18n;

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use askama::Template;

/// A link-button on a page.
#[derive(Debug, Clone)]
pub struct Action {
    pub label: String,
    pub href: String,
    pub primary: bool,
}

/// Where the error pages of the request being served lead, known to the
/// routes and read where an error is rendered without them.
#[derive(Debug, Clone)]
pub struct Ways {
    /// The bridge's index page (under `server.public_url`'s path).
    pub start: String,
    /// "Try again": this page again, or the index page where repeating the
    /// request cannot work (a spent callback, a form post).
    pub retry: String,
    /// The visitor's language (`?lang=`, its cookie, `Accept-Language`).
    pub language: i18n::Language,
}

tokio::task_local! {
    static WAYS: Ways;
}

/// Serve `work` with `ways` for its error pages.
pub async fn with_ways<F: std::future::Future>(ways: Ways, work: F) -> F::Output {
    WAYS.scope(ways, work).await
}

/// The ways forward of the request being served: `/` outside one.
pub fn ways() -> Ways {
    WAYS.try_with(Clone::clone).unwrap_or_else(|_| Ways {
        start: "/".to_owned(),
        retry: "/".to_owned(),
        language: i18n::Language::English,
    })
}

/// The texts of a page in the language of the request being served.
#[derive(Debug, Clone, Copy)]
pub struct Texts(i18n::Language);

impl Texts {
    /// The language chosen for the request being served (see `Ways`).
    pub fn current() -> Self {
        Self(ways().language)
    }

    pub fn lang(&self) -> &'static str {
        self.0.code()
    }

    pub fn get(&self, key: &str) -> String {
        self.0.text(key, &[])
    }

    /// The text of `key` with one variable put in.
    pub fn with(&self, key: &str, name: &'static str, value: &str) -> String {
        self.0.text(key, &[(name, value)])
    }
}

/// Shown to a visitor without a session when guests are welcome.
#[derive(Template, Debug)]
#[template(path = "landing.html")]
pub struct Landing {
    pub t: Texts,
    pub room: String,
    pub sign_in_href: String,
    pub guest_href: String,
}

/// Every error the visitor sees.
#[derive(Template, Debug)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// `<html lang>` and the catalogue the texts come from.
    pub lang: &'static str,
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
#[derive(Template, Debug)]
#[template(path = "sign_out.html")]
pub struct SignOut {
    pub t: Texts,
    /// Where the form posts: the bridge's `/logout`.
    pub action: String,
    /// Empty without a session (there is nothing to end then).
    pub csrf: String,
    /// `room` or `tenant/room`, to offer signing in again there afterwards.
    pub room: Option<String>,
}

#[derive(Template, Debug)]
#[template(path = "signed_out.html")]
pub struct SignedOut {
    pub t: Texts,
    pub sign_in_href: String,
    /// "Back to the meeting", when the room is known.
    pub meeting_href: Option<String>,
    /// The provider's session was ended too (we came back from its sign-out).
    pub at_provider: bool,
}

/// After a sign-in from a desktop or mobile app: open the app, or go on here.
#[derive(Template, Debug)]
#[template(path = "open_app.html")]
pub struct OpenApp {
    pub app: &'static str,
    pub room: String,
    pub app_url: String,
    pub browser_url: String,
}

/// Jitsi's inline sign-in popup: posts the outcome to its opener (see
/// `templates/popup.js`) and closes.
#[derive(Template, Debug)]
#[template(path = "popup.html")]
pub struct Popup {
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
pub fn popup_content_security_policy() -> &'static str {
    static POLICY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use base64::Engine as _;
        use sha2::Digest as _;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(POPUP_SCRIPT.as_bytes()));
        format!("{}; script-src 'sha256-{hash}'", content_security_policy(None))
    });
    &POLICY
}

#[derive(Template, Debug)]
#[template(path = "index.html")]
pub struct Index {
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
pub fn content_security_policy(redirect_origin: Option<&str>) -> String {
    let form_action = match redirect_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action {form_action}; frame-ancestors 'none'; base-uri 'none'"
    )
}

/// Render a page with `status`; a template failure (a bug) becomes a plain 500.
pub fn html(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(body) => HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body),
        Err(error) => {
            tracing::error!(%error, "a page template failed to render");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("Internal error while rendering the page.")
        }
    }
}
