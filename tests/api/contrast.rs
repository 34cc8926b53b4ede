//! WCAG 2.1 AA contrast (4.5:1 for normal text) of the colours the pages are
//! served with, in light and dark mode: the built-in palette and an operator's
//! `ui.primary_color`, read back from the served page. Chromium's `Canvas` is
//! #ffffff in light and #121212 in dark mode. (The arithmetic is unit-tested in
//! src/pages/color_tests.rs; this holds the pages to it.)

use jitsi_oidc_bridge::pages::color::{Rgb, DARK_CANVAS, MIN_CONTRAST, WHITE};

use crate::helpers::*;

/// The value of `--name: #xxxxxx` in the first rule after `after` in `page`.
fn variable(page: &str, after: &str, name: &str) -> Rgb {
    let rest = &page[page.find(after).unwrap_or_else(|| panic!("{after} in the page"))..];
    let start = rest.find(&format!("{name}: #")).unwrap_or_else(|| panic!("{name} after {after}")) + name.len() + 2;
    Rgb::parse(&rest[start..start + 7]).unwrap_or_else(|| panic!("{name} is no colour"))
}

fn assert_readable(page: &str) -> (Rgb, Rgb) {
    let accent = variable(page, ":root {", "--accent");
    let light_text = variable(page, ":root {", "--accent-text");
    let dark_text = variable(page, "prefers-color-scheme: dark", "--accent-text");
    // Links and outlined buttons ("Join as guest"): accent text on the canvas.
    assert!(light_text.contrast(WHITE) >= MIN_CONTRAST, "light: {:.2}", light_text.contrast(WHITE));
    assert!(dark_text.contrast(DARK_CANVAS) >= MIN_CONTRAST, "dark: {:.2}", dark_text.contrast(DARK_CANVAS));
    // Primary buttons: white on the accent, in both modes.
    assert!(WHITE.contrast(accent) >= MIN_CONTRAST, "primary: {:.2}", WHITE.contrast(accent));
    (accent, dark_text)
}

#[tokio::test]
async fn the_built_in_colours_meet_wcag_aa_in_light_and_dark_mode() {
    let app = spawn_app_with(Options { guests: true, ..Options::default() }).await;
    let page = app.client.get(format!("{}/standup", app.address)).send().await.unwrap().text().await.unwrap();
    let (accent, _) = assert_readable(&page);
    assert_eq!(accent.hex(), "#1d6ae5");
    // The old dark-mode outline colour really was below AA (issue 11: 3.8:1).
    assert!(accent.contrast(DARK_CANVAS) < MIN_CONTRAST);
}

#[tokio::test]
async fn an_operator_colour_is_served_with_a_readable_dark_mode_shade() {
    let ui = "[ui]\nprimary_color = \"#8b0000\"\n".to_owned();
    let app = spawn_app_with(Options { guests: true, extra_sections: ui, ..Options::default() }).await;
    let page = app.client.get(format!("{}/standup", app.address)).send().await.unwrap().text().await.unwrap();
    let (accent, dark_text) = assert_readable(&page);
    assert_eq!(accent.hex(), "#8b0000");
    assert_ne!(dark_text, accent, "dark red on #121212 is 1.9:1: a lighter shade is used there");
}
