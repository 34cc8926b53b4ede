//! WCAG 2.1 AA contrast (4.5:1 for normal text) of the pages' colours, in light
//! and dark mode, computed from `templates/base.html` as shipped. Chromium's
//! `Canvas` is #ffffff in light and #121212 in dark mode.

const BASE: &str = include_str!("../../templates/base.html");
const LIGHT_CANVAS: &str = "#ffffff";
const DARK_CANVAS: &str = "#121212";

/// Relative luminance, WCAG 2.1 §1.4.3 definition.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let value = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if value <= 0.03928 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The value of `--name: #xxxxxx` in the first rule after `after`.
fn variable(after: &str, name: &str) -> String {
    let rest = &BASE[BASE.find(after).unwrap_or_else(|| panic!("{after} in base.html"))..];
    let start = rest.find(&format!("{name}: #")).unwrap_or_else(|| panic!("{name} after {after}")) + name.len() + 2;
    rest[start..start + 7].to_owned()
}

#[test]
fn page_colours_meet_wcag_aa_in_light_and_dark_mode() {
    let accent = variable(":root {", "--accent");
    let light_text = variable(":root {", "--accent-text");
    let dark_text = variable("prefers-color-scheme: dark", "--accent-text");
    // Links and outlined buttons ("Join as guest"): accent text on the canvas.
    assert!(contrast(&light_text, LIGHT_CANVAS) >= 4.5, "light: {:.2}", contrast(&light_text, LIGHT_CANVAS));
    assert!(contrast(&dark_text, DARK_CANVAS) >= 4.5, "dark: {:.2}", contrast(&dark_text, DARK_CANVAS));
    // Primary buttons: white on the accent, in both modes.
    assert!(contrast("#ffffff", &accent) >= 4.5, "primary: {:.2}", contrast("#ffffff", &accent));
    // The old dark-mode outline colour really was below AA (issue 11: 3.8:1).
    assert!(contrast("#1d6ae5", DARK_CANVAS) < 4.5);
}
