use super::*;

#[test]
fn colours_are_read_in_both_hex_forms_and_nothing_else() {
    assert_eq!(Rgb::parse("#1D6AE5"), Some(Rgb(0x1d, 0x6a, 0xe5)));
    assert_eq!(Rgb::parse("#fff"), Some(WHITE));
    for bad in ["1d6ae5", "#1d6ae", "#1d6ae5ff", "#ggg", "red", "#", "", "#1d6ae5;} body{"] {
        assert_eq!(Rgb::parse(bad), None, "{bad}");
    }
    assert_eq!(Rgb(0x0a, 0xb0, 0xc0).hex(), "#0ab0c0");
}

#[test]
fn contrast_ratios_match_wcag_reference_values() {
    assert!((Rgb(0, 0, 0).contrast(WHITE) - 21.0).abs() < 1e-9);
    assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
    // The old dark-mode outline: 3.79:1 (the "3.8:1").
    assert!((Rgb(0x1d, 0x6a, 0xe5).contrast(DARK_CANVAS) - 3.79).abs() < 0.01);
    assert!((Rgb(0x1d, 0x6a, 0xe5).contrast(WHITE) - 4.95).abs() < 0.01);
}

#[test]
fn the_default_palette_is_readable_in_both_schemes() {
    let palette = Palette::default();
    assert!(palette.accent.contrast(WHITE) >= MIN_CONTRAST);
    assert!(palette.accent_on_dark.contrast(DARK_CANVAS) >= MIN_CONTRAST);
}

#[test]
fn an_operator_colour_too_light_for_white_text_is_refused_with_a_darker_suggestion() {
    let problem = Palette::from_primary("#ffcc00").unwrap_err();
    assert!(problem.contains("1.") && problem.contains("4.5:1"), "{problem}");
    let suggested = problem.rsplit("for example ").next().and_then(Rgb::parse).unwrap();
    assert!(suggested.contrast(WHITE) >= MIN_CONTRAST, "{problem}");
    assert!(Palette::from_primary("orange").unwrap_err().contains("#rrggbb"));
}

#[test]
fn an_operator_colour_gets_a_lighter_shade_for_dark_mode() {
    for primary in ["#003366", "#8b0000", "#1d6ae5", "#000000", "#595959"] {
        let palette = Palette::from_primary(primary).unwrap();
        assert!(palette.accent.contrast(WHITE) >= MIN_CONTRAST, "{primary}");
        assert!(palette.accent_on_dark.contrast(DARK_CANVAS) >= MIN_CONTRAST, "{primary}");
    }
}
