use std::path::PathBuf;

use crate::config::{Settings, EXAMPLE_TOML};
use crate::pages::i18n::Language;

fn with_ui(ui: &str) -> Result<Settings, Vec<String>> {
    Settings::from_toml(&format!("{EXAMPLE_TOML}\n[ui]\n{ui}")).map_err(|e| e.0)
}

fn problems(ui: &str) -> String {
    match with_ui(ui) {
        Ok(_) => panic!("[ui] {ui} was accepted"),
        Err(problems) => problems.join("\n"),
    }
}

/// A fresh directory under the target folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jitsi-oidc-bridge-ui-tests-{}", std::process::id())).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn without_a_ui_section_the_pages_keep_the_built_in_look() {
    let settings = Settings::from_toml(EXAMPLE_TOML).unwrap();
    assert_eq!(settings.brand.default_language, Language::English);
    let view = &settings.brand.view;
    assert!(view.product_name.is_none() && view.logo_src.is_none() && view.support.is_none());
    assert_eq!(settings.brand.view.accent, "#1d6ae5");
    assert_eq!(settings.brand.image_sources(), "'self'");
}

#[test]
fn a_full_brand_is_read_and_the_logo_host_becomes_an_image_source() {
    let settings = with_ui(
        r##"
default_language = "de"
product_name = "ACME Meet"
logo_url = "https://cdn.example.com/acme.svg"
primary_color = "#003366"
support_contact = { text = "IT-Service", url = "mailto:it@example.com" }
privacy_url = "https://example.com/datenschutz"
imprint_url = "https://example.com/impressum"
show_required_groups = true
"##,
    )
    .unwrap();
    let brand = &settings.brand;
    assert_eq!(brand.default_language, Language::German);
    assert_eq!(brand.view.product_name.as_deref(), Some("ACME Meet"));
    assert_eq!(brand.view.logo_src.as_deref(), Some("https://cdn.example.com/acme.svg"));
    assert_eq!(brand.image_sources(), "'self' https://cdn.example.com");
    assert_eq!(brand.view.accent, "#003366");
    assert_eq!(brand.view.support.as_ref().map(|s| s.href.as_str()), Some("mailto:it@example.com"));
    assert!(brand.show_required_groups);
}

#[test]
fn every_bad_value_is_named_in_one_run() {
    let found = problems(
        r##"
default_language = "pt"
product_name = "  "
logo_url = "javascript:alert(1)"
primary_color = "#ffee00"
support_contact = { text = "", url = "call us" }
privacy_url = "http://example.com/privacy"
imprint_url = "not a url"
"##,
    );
    for key in [
        "ui.default_language",
        "ui.product_name",
        "ui.logo_url",
        "ui.primary_color",
        "ui.support_contact.text",
        "ui.support_contact.url",
        "ui.privacy_url",
        "ui.imprint_url",
    ] {
        assert!(found.contains(&format!("{key}:")), "{key} missing in:\n{found}");
    }
    assert!(found.contains("en, de, fr, es, it, nl"), "{found}");
    assert!(found.contains("4.5:1"), "{found}");
}

#[test]
fn support_contacts_may_be_mail_telephone_or_a_web_page() {
    for url in ["mailto:help@example.com", "tel:+49301234567", "https://help.example.com/jitsi"] {
        assert!(with_ui(&format!("support_contact = {{ text = \"Help\", url = \"{url}\" }}")).is_ok(), "{url}");
    }
    for url in ["mailto:nobody", "tel:call-me", "ftp://example.com", "mailto:a b@example.com"] {
        let found = problems(&format!("support_contact = {{ text = \"Help\", url = \"{url}\" }}"));
        assert!(found.contains("ui.support_contact.url"), "{url}: {found}");
    }
}

#[test]
fn a_logo_file_must_be_an_image_of_a_sensible_size() {
    let dir = scratch("logo");
    let png = dir.join("logo.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n0000").unwrap();
    let settings = with_ui(&format!("logo_file = {:?}", png.display().to_string())).unwrap();
    assert_eq!(settings.brand.view.logo_src.as_deref(), Some("/@brand/logo"));
    assert_eq!(settings.brand.logo_file.as_ref().map(|f| f.content_type), Some("image/png"));

    let fake = dir.join("fake.png");
    std::fs::write(&fake, b"<html>").unwrap();
    assert!(problems(&format!("logo_file = {:?}", fake.display().to_string())).contains("does not hold a png image"));
    let text = dir.join("logo.txt");
    std::fs::write(&text, b"x").unwrap();
    assert!(problems(&format!("logo_file = {:?}", text.display().to_string())).contains("PNG, SVG"));
    let big = dir.join("big.png");
    std::fs::write(&big, vec![0u8; 600 * 1024]).unwrap();
    assert!(problems(&format!("logo_file = {:?}", big.display().to_string())).contains("at most"));
    let both = format!("logo_file = {:?}\nlogo_url = \"https://cdn.example.com/l.png\"", png.display().to_string());
    assert!(problems(&both).contains("keep one of the two"));
}

#[test]
fn template_overrides_that_do_not_compile_or_use_unknown_names_are_refused_by_name() {
    let dir = scratch("broken-templates");
    std::fs::write(dir.join("landing.html"), "<h1>{{ room }</h1>").unwrap();
    std::fs::write(dir.join("error.html"), "<h1>{{ titel }}</h1>").unwrap();
    std::fs::write(dir.join("signed_out.html"), "{{ t(\"no-such-text\") }}").unwrap();
    std::fs::write(dir.join("landng.html"), "typo").unwrap();
    let found = problems(&format!("templates_dir = {:?}", dir.display().to_string()));
    assert!(found.contains("landing.html: syntax error"), "{found}");
    assert!(found.contains("landng.html: not a page the bridge shows"), "{found}");

    // With the syntax and the name fixed, the trial render finds the rest.
    std::fs::write(dir.join("landing.html"), "<h1>{{ room }}</h1>").unwrap();
    std::fs::remove_file(dir.join("landng.html")).unwrap();
    let found = problems(&format!("templates_dir = {:?}", dir.display().to_string()));
    assert!(found.contains("error.html: undefined value"), "{found}");
    assert!(found.contains("signed_out.html") && found.contains("no-such-text"), "{found}");
    assert!(!found.contains("landing.html"), "{found}");
}

#[test]
fn a_template_override_renders_with_the_page_fields_texts_and_brand() {
    let dir = scratch("good-templates");
    std::fs::write(
        dir.join("_frame.html"),
        "<!doctype html><html lang=\"{{ lang }}\"><style>{{ builtin_style }}</style><body>{% block body %}{% endblock %}</body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("landing.html"),
        "{% extends \"_frame.html\" %}{% block body %}<p>{{ brand.product_name }}</p><h1>{{ t(\"landing-title\", room=room) }}</h1><a href=\"{{ sign_in_href }}\">{{ t(\"action-sign-in\") }}</a>{% endblock %}",
    )
    .unwrap();
    let settings =
        with_ui(&format!("product_name = \"ACME <Meet>\"\ntemplates_dir = {:?}", dir.display().to_string())).unwrap();
    let overrides = settings.brand.overrides.as_ref().unwrap();
    assert!(overrides.has("landing.html") && !overrides.has("error.html") && !overrides.has("_frame.html"));
    let fields = serde_json::json!({"room": "<Team & Co>", "sign_in_href": "/login?room=x&y=1", "guest_href": "/"});
    let html = overrides.render("landing.html", &fields, Language::German, &settings.brand.view).unwrap();
    assert!(html.starts_with("<!doctype html><html lang=\"de\">"), "{html}");
    assert!(html.contains("<p>ACME &lt;Meet&gt;</p>"), "{html}");
    assert!(html.contains("&lt;Team &amp; Co&gt; beitreten"), "{html}");
    assert!(
        html.contains("href=\"&#x2f;login?room=x&amp;y=1\"") || html.contains("href=\"/login?room=x&amp;y=1\""),
        "{html}"
    );
    assert!(html.contains("Anmelden"), "{html}");
}
