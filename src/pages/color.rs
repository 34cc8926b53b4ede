//! Colours of the pages: an operator's `ui.primary_color` is checked against
//! WCAG 2.1 AA (4.5:1 for text, §1.4.3) before it is used, and its dark-mode
//! shade is derived so links and outlined buttons stay readable on a dark canvas.

/// An sRGB colour, `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// White: the text on primary buttons, and the light-mode canvas.
pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
/// Chromium's dark-mode canvas (`Canvas` with `color-scheme: dark`).
pub const DARK_CANVAS: Rgb = Rgb(0x12, 0x12, 0x12);
/// WCAG 2.1 AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

impl Rgb {
    /// `#rrggbb` or `#rgb`, case-insensitive.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, width: usize| {
            let value = u8::from_str_radix(hex.get(i * width..(i + 1) * width)?, 16).ok()?;
            Some(if width == 1 { value * 17 } else { value })
        };
        let width = match hex.len() {
            3 => 1,
            6 => 2,
            _ => return None,
        };
        Some(Rgb(digit(0, width)?, digit(1, width)?, digit(2, width)?))
    }

    /// `#rrggbb`, as CSS takes it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2.1, "relative luminance").
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// Contrast ratio with `other`, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// This colour moved `step` of the way (0–1) towards `target`.
    fn toward(self, target: Rgb, step: f64) -> Rgb {
        let mix = |from: u8, to: u8| {
            let value = f64::from(from) + (f64::from(to) - f64::from(from)) * step;
            // In 0..=255 by construction; the cast cannot truncate.
            value.round().clamp(0.0, 255.0) as u8
        };
        Rgb(mix(self.0, target.0), mix(self.1, target.1), mix(self.2, target.2))
    }

    /// The nearest shade toward `target` (white or black) that reaches
    /// `MIN_CONTRAST` against `background`, in 2 % steps; `None` if none does.
    pub fn readable_on(self, background: Rgb, target: Rgb) -> Option<Rgb> {
        (0..=50).map(|i| self.toward(target, f64::from(i) / 50.0)).find(|c| c.contrast(background) >= MIN_CONTRAST)
    }
}

/// The accent colours of the pages: buttons and links in light mode, and the
/// lighter shade links and outlines use on a dark canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub accent: Rgb,
    pub accent_on_dark: Rgb,
}

impl Default for Palette {
    fn default() -> Self {
        // #1d6ae5: 4.95:1 against white; #8ab4ff: 8.9:1 against #121212.
        Self { accent: Rgb(0x1d, 0x6a, 0xe5), accent_on_dark: Rgb(0x8a, 0xb4, 0xff) }
    }
}

impl Palette {
    /// The palette for an operator's colour, or why it cannot be used: white
    /// button text and links on white need 4.5:1 against it.
    pub fn from_primary(text: &str) -> Result<Palette, String> {
        let accent = Rgb::parse(text).ok_or_else(|| format!("{text:?} is not a colour: write it as \"#rrggbb\""))?;
        let ratio = accent.contrast(WHITE);
        if ratio < MIN_CONTRAST {
            let darker = accent
                .readable_on(WHITE, Rgb(0, 0, 0))
                .map(|c| format!(", for example {}", c.hex()))
                .unwrap_or_default();
            return Err(format!(
                "{} has a contrast of {ratio:.2}:1 with white; button text and links need 4.5:1 (WCAG 2.1 AA): pick a darker shade{darker}",
                accent.hex()
            ));
        }
        // Mixing toward white always ends at 18.7:1 against the dark canvas.
        let accent_on_dark = accent.readable_on(DARK_CANVAS, WHITE).unwrap_or(WHITE);
        Ok(Palette { accent, accent_on_dark })
    }
}

#[cfg(test)]
#[path = "color_tests.rs"]
mod tests;
