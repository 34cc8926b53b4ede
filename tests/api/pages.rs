//! The pages as a visitor (or a link checker) meets them.

use crate::helpers::*;

/// `HEAD` answers like `GET` on every page route: same status, no body.
#[tokio::test]
async fn head_answers_like_get_on_every_page_route() {
    let app = spawn_app().await;
    for path in
        ["/", "/some-room", "/tenant/some-room", "/signed-out", "/logout", "/healthz", "/robots.txt", "/bad%20room!"]
    {
        let url = format!("{}{path}", app.address);
        let get = app.client.get(&url).send().await.unwrap();
        let head = app.client.head(&url).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "HEAD {path}");
        assert_eq!(head.headers().get("content-type"), get.headers().get("content-type"), "HEAD {path}");
        assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} has no body");
    }
}

/// The index page's room-name field: a valid name goes to its room page, a bad
/// one is explained on the index page (checked as a room route checks it).
#[tokio::test]
async fn the_index_form_goes_to_the_room_or_says_what_is_wrong() {
    let app = spawn_app().await;
    let page = app.client.get(format!("{}/", app.address)).send().await.unwrap();
    let body = page.text().await.unwrap();
    assert!(body.contains(r#"<label for="room">"#), "{body}");
    assert!(body.contains(r#"name="room""#), "{body}");

    let go = app.client.get(format!("{}/?room=Weekly%20Sync", app.address)).send().await.unwrap();
    assert_eq!(go.status().as_u16(), 303);
    let location = go.headers()["location"].to_str().unwrap();
    assert!(location.ends_with("/Weekly%20Sync"), "{location}");

    let bad = app.client.get(format!("{}/?room=a%3Fb", app.address)).send().await.unwrap();
    assert_eq!(bad.status().as_u16(), 400);
    let body = bad.text().await.unwrap();
    assert!(body.contains(r#"role="alert""#) && body.contains(r#"value="a?b""#), "{body}");
}

/// A bad room name and an unknown address offer the index page.
#[tokio::test]
async fn bad_name_and_not_found_pages_link_to_the_index() {
    let app = spawn_app().await;
    for path in ["/bad%3Froom", "/a/b/c"] {
        let page = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
        assert!(page.status().is_client_error(), "{path}");
        let body = page.text().await.unwrap();
        assert!(body.contains("Go to the start page"), "{path}: {body}");
        assert!(body.contains("request id"), "{path}: {body}");
    }
}

/// Reloading the 403 page (the callback URL) shows the same refusal, not
/// "expired"; the same URL in another browser still says "expired".
#[tokio::test]
async fn reloading_the_403_page_shows_the_same_page() {
    let app = spawn_app().await;
    let response = app.get("/standup").await;
    let callback = app.login_at_idp(&location(&response), "carol").await;
    let first = app.client.get(&callback).send().await.unwrap();
    assert_eq!(first.status(), 403);
    let first = first.text().await.unwrap();

    let reload = app.client.get(&callback).send().await.unwrap();
    assert_eq!(reload.status(), 403);
    let reload = reload.text().await.unwrap();
    let without_request_id = |page: &str| page.split("request id").next().unwrap_or_default().to_owned();
    assert_eq!(without_request_id(&reload), without_request_id(&first));
    assert!(reload.contains("Use another account"), "{reload}");

    let elsewhere = app.another_browser().client.get(&callback).send().await.unwrap();
    assert_eq!(elsewhere.status(), 400);
}

/// Error pages speak the visitor's language: `Accept-Language` by q-value,
/// `?lang=` forcing it (and remembered in a cookie), `<html lang>` following.
#[tokio::test]
async fn error_pages_follow_the_visitors_language() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = |path: &str, accept: &str| {
        let request = client.get(format!("{}{path}", app.address)).header("accept-language", accept);
        async move {
            let response = request.send().await.unwrap();
            let cookie = response.headers().get("set-cookie").map(|v| v.to_str().unwrap().to_owned());
            (response.status().as_u16(), response.text().await.unwrap(), cookie)
        }
    };
    let (status, german, _) = page("/callback?code=c&state=never-issued", "fr;q=0.5, de-AT, en;q=0.8").await;
    assert_eq!(status, 400);
    assert!(german.contains("<html lang=\"de\">"), "{german}");
    assert!(german.contains("Dieser Anmeldelink ist abgelaufen") && german.contains("Zur Startseite"), "{german}");
    assert!(german.contains("Anfrage-ID"), "{german}");

    let (_, english, _) = page("/callback?code=c&state=never-issued", "ja, zh;q=0.9").await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("This sign-in link has expired"), "{english}");

    let (_, french, cookie) = page("/no/such/page/here?lang=fr", "de").await;
    assert!(french.contains("<html lang=\"fr\">"), "{french}");
    let cookie = cookie.expect("the forced language is remembered");
    assert!(cookie.starts_with("jitsi-lang=fr"), "{cookie}");
    let remembered = client
        .get(format!("{}/callback?code=c&state=never-issued", app.address))
        .header("accept-language", "de")
        .header("cookie", "jitsi-lang=fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(remembered.contains("<html lang=\"fr\">"), "the cookie beats the header: {remembered}");
}

/// The landing and index pages speak the visitor's language too.
#[tokio::test]
async fn the_landing_and_index_pages_follow_the_visitors_language() {
    let app = spawn_app_with(Options { guests: true, ..Options::default() }).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let text = |path: &str, accept: &str| {
        let request = client.get(format!("{}{path}", app.address)).header("accept-language", accept);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let landing = text("/standup", "de-DE,de;q=0.9,en;q=0.5").await;
    assert!(landing.contains("<html lang=\"de\">"), "{landing}");
    assert!(landing.contains("Als Gast beitreten") && landing.contains("standup beitreten"), "{landing}");
    let index = text("/?lang=es", "de").await;
    assert!(index.contains("<html lang=\"es\">"), "{index}");
    let english = text("/standup", "").await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("Join as guest"), "{english}");
}

/// `ui.default_language`: the language for browsers that ask for none the
/// bridge ships; a shipped language they ask for still wins.
#[tokio::test]
async fn the_default_language_is_the_operators_choice() {
    let ui = "[ui]\ndefault_language = \"de\"\n".to_owned();
    let app = spawn_app_with(Options { guests: true, extra_sections: ui, ..Options::default() }).await;
    let text = |accept: &'static str| {
        let request = app.client.get(format!("{}/standup", app.address)).header("accept-language", accept);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    assert!(text("pt-BR, ja;q=0.5").await.contains("<html lang=\"de\">"));
    assert!(text("").await.contains("Als Gast beitreten"));
    assert!(text("fr-CH, de;q=0.5").await.contains("<html lang=\"fr\">"));
}

/// The 403 page names the groups that would let the user in only when the
/// operator says so (`ui.show_required_groups`); it always names the user.
#[tokio::test]
async fn the_403_page_names_the_needed_groups_only_when_the_operator_allows_it() {
    for show in [false, true] {
        let ui = format!("[ui]\nshow_required_groups = {show}\n");
        let access_extra = "[access.rooms.\"board room\"]\nallowed_groups = [\"board\"]\nextend = true\n".to_owned();
        let app = spawn_app_with(Options { extra_sections: ui, access_extra, ..Options::default() }).await;
        let response = app.get("/board%20room").await;
        let callback = app.login_at_idp(&location(&response), "carol").await;
        let page = app.client.get(&callback).send().await.unwrap();
        assert_eq!(page.status(), 403);
        let body = page.text().await.unwrap();
        assert!(body.contains("You are signed in as Carol"), "{body}");
        let named = body.contains("Members of these groups may join: board, employees.");
        assert_eq!(named, show, "show_required_groups = {show}: {body}");
    }
}

/// An operator's brand without recompiling: product name, logo (served by the
/// bridge), colour, support contact on every error page, privacy and imprint links.
#[tokio::test]
async fn a_branded_bridge_shows_the_operators_name_logo_contacts_and_links() {
    let ui = branded_ui("#003366");
    let app = spawn_app_with(Options { guests: true, extra_sections: ui, ..Options::default() }).await;
    let landing = app.client.get(format!("{}/standup", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(landing.contains("<title>Join standup · ACME Meet</title>"), "{landing}");
    assert!(landing.contains(r#"<img src="/@brand/logo""#) && landing.contains("<span>ACME Meet</span>"), "{landing}");
    assert!(landing.contains("--accent: #003366"), "{landing}");
    assert!(landing.contains(r#"href="https://example.com/privacy" id="privacy">Privacy<"#), "{landing}");
    assert!(landing.contains(r#"href="https://example.com/imprint" id="imprint">Imprint<"#), "{landing}");
    assert!(!landing.contains("IT service desk"), "the support contact is for error pages");

    let logo = app.client.get(format!("{}/@brand/logo", app.address)).send().await.unwrap();
    assert_eq!(logo.status(), 200);
    assert_eq!(logo.headers()["content-type"], "image/svg+xml");
    assert!(logo.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert_eq!(logo.bytes().await.unwrap().as_ref(), std::fs::read(fixture("brand/logo.svg")).unwrap());

    for path in ["/bad%3Froom", "/no/such/page", "/callback?code=c&state=never-issued"] {
        let page =
            app.client.get(format!("{}{path}", app.address)).header("accept-language", "de").send().await.unwrap();
        let body = page.text().await.unwrap();
        assert!(
            body.contains(
                r#"<p id="support">Brauchen Sie Hilfe? <a href="mailto:it@example.com">IT service desk</a></p>"#
            ),
            "{path}: {body}"
        );
        assert!(body.contains(">Impressum<") && body.contains(">Datenschutz<"), "{path}: {body}");
    }
}

/// A logo on another host is allowed by the pages' content security policy, and only that host.
#[tokio::test]
async fn a_logo_url_host_becomes_the_only_other_image_source() {
    let ui = "[ui]\nlogo_url = \"https://cdn.example.com/brand/acme.png\"\n".to_owned();
    let app = spawn_app_with(Options { guests: true, extra_sections: ui, ..Options::default() }).await;
    let page = app.client.get(format!("{}/standup", app.address)).send().await.unwrap();
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.contains("img-src 'self' https://cdn.example.com;"), "{policy}");
    let body = page.text().await.unwrap();
    assert!(body.contains(r#"<img src="https://cdn.example.com/brand/acme.png" alt="Logo">"#), "{body}");
}

/// `ui.templates_dir`: the operator's landing page replaces the built-in one,
/// with the page's fields, the texts in the visitor's language and the brand;
/// every other page stays built in.
#[tokio::test]
async fn an_operators_template_replaces_that_page_only() {
    let ui =
        format!("[ui]\nproduct_name = \"ACME & <Co>\"\ntemplates_dir = \"{}\"\n", fixture("brand/templates").display());
    let app = spawn_app_with(Options { guests: true, extra_sections: ui, ..Options::default() }).await;
    let landing =
        app.client.get(format!("{}/Team%20Caf%C3%A9", app.address)).header("accept-language", "it").send().await;
    let body = landing.unwrap().text().await.unwrap();
    assert!(body.contains(r#"<html lang="it" class="acme">"#), "{body}");
    assert!(body.contains("<h1>ACME &amp; &lt;Co&gt;: Partecipa a Team Café</h1>"), "escaped: {body}");
    // minijinja escapes `/` as `&#x2f;` in attributes; the browser reads the same address.
    assert!(body.contains(r#"id="sign-in" href="&#x2f;login?room=Team+Caf%C3%A9""#), "{body}");
    let error = app.client.get(format!("{}/no/such/page", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(error.contains("Page not found") && !error.contains("class=\"acme\""), "{error}");
}
