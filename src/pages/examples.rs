//! Example fields of each page, built from the page types themselves, for the
//! trial render of operators' templates at start-up: a template that uses a
//! field the page does not have is refused before any visitor sees it.

use serde_json::Value;

use super::{Action, ErrorPage, Index, Landing, OpenApp, SignOut, SignedOut, Texts};

/// The fields `page` (a file name from [`super::overrides::PAGES`]) is rendered with.
pub(super) fn page_fields(page: &str) -> Value {
    let t = Texts::current();
    let room = "Team Meeting".to_owned();
    let fields = match page {
        "landing.html" => serde_json::to_value(Landing {
            t,
            room,
            sign_in_href: "/login?room=Team%20Meeting".into(),
            guest_href: "https://meet.example.com/Team%20Meeting".into(),
        }),
        "index.html" => serde_json::to_value(Index {
            t,
            jitsi_url: "https://meet.example.com/".into(),
            form_action: "/".into(),
            room,
            problem: Some("an example problem".into()),
        }),
        "error.html" => serde_json::to_value(ErrorPage {
            t,
            status_text: "Error 403".into(),
            request_id_label: "request id".into(),
            status: 403,
            title: "An example refusal".into(),
            message: "An example message.".into(),
            actions: vec![Action { label: "Go to the start page".into(), href: "/".into(), primary: true }],
            request_id: Some("0123456789abcdef".into()),
        }),
        "sign_out.html" => {
            serde_json::to_value(SignOut { t, action: "/logout".into(), csrf: "example".into(), room: Some(room) })
        }
        "signed_out.html" => serde_json::to_value(SignedOut {
            t,
            sign_in_href: "/login?room=Team%20Meeting".into(),
            meeting_href: Some("/Team%20Meeting".into()),
            at_provider: true,
        }),
        "open_app.html" => serde_json::to_value(OpenApp {
            t,
            app: "desktop app".into(),
            room,
            app_url: "jitsi-meet://meet.example.com/Team%20Meeting".into(),
            browser_url: "https://meet.example.com/Team%20Meeting".into(),
        }),
        _ => Ok(Value::Null),
    };
    fields.unwrap_or(Value::Null)
}
