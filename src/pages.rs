//! The HTML pages a visitor can see, as askama templates (`templates/`).
//! Everything interpolated is escaped by askama.

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use askama::Template;

/// A link-button on a page.
#[derive(Debug, Clone)]
pub struct Action {
    pub label: &'static str,
    pub href: String,
    pub primary: bool,
}

/// Shown to a visitor without a session when guests are welcome.
#[derive(Template, Debug)]
#[template(path = "landing.html")]
pub struct Landing {
    pub room: String,
    pub sign_in_href: String,
    pub guest_href: String,
}

/// Every error the visitor sees.
#[derive(Template, Debug)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: &'static str,
    pub message: String,
    pub actions: Vec<Action>,
    pub request_id: Option<String>,
}

#[derive(Template, Debug)]
#[template(path = "signed_out.html")]
pub struct SignedOut {}

#[derive(Template, Debug)]
#[template(path = "index.html")]
pub struct Index {
    pub jitsi_url: String,
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
