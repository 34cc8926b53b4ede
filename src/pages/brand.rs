//! The operator's look of the pages (`[ui]`): product name, logo, colour,
//! support contact, privacy and imprint links, template overrides. Checked
//! once at start-up (src/config/ui.rs); read by every page.

use serde::Serialize;

use super::color::Palette;
use super::i18n::Language;
use super::overrides::Overrides;

/// A link a visitor can follow: the support contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub text: String,
    /// `mailto:`, `tel:` or `https:`.
    pub href: String,
}

/// A logo file served by the bridge itself (`ui.logo_file`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoFile {
    /// Shared with every response (a clone is a reference count).
    pub bytes: actix_web::web::Bytes,
    pub content_type: &'static str,
}

/// What templates (built-in or overrides) read of the brand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BrandView {
    /// `ui.product_name`; the pages say "Meeting sign-in" in the visitor's language without it.
    pub product_name: Option<String>,
    /// The logo's address: `ui.logo_url`, or the bridge's own path for `ui.logo_file`.
    pub logo_src: Option<String>,
    /// `#rrggbb`: buttons and links.
    pub accent: String,
    /// `#rrggbb`: links and outlines on a dark canvas.
    pub accent_on_dark: String,
    pub support: Option<Link>,
    pub privacy_url: Option<String>,
    pub imprint_url: Option<String>,
}

/// Everything `[ui]` configures.
#[derive(Debug, Default)]
pub struct Brand {
    pub view: BrandView,
    /// Served at [`LOGO_PATH`] when set.
    pub logo_file: Option<LogoFile>,
    /// The origin of `ui.logo_url`, allowed as an image source by the pages' policy.
    pub logo_origin: Option<String>,
    /// 403 pages say which groups would let the visitor in.
    pub show_required_groups: bool,
    /// Pages speak this when the visitor's browser asks for no shipped language.
    pub default_language: Language,
    pub overrides: Option<Overrides>,
}

/// Where the bridge serves `ui.logo_file`, under `server.public_url`'s path.
/// `@` cannot appear in a room or tenant name (jitsi-meet strips it: uri.ts
/// `_ROOM_EXCLUDE_PATTERN`), so no room is shadowed.
pub const LOGO_PATH: &str = "/@brand/logo";

impl Brand {
    /// The built-in look with `palette`'s colours.
    pub fn plain() -> Self {
        Self::with_palette(Palette::default())
    }

    pub fn with_palette(palette: Palette) -> Self {
        Self {
            view: BrandView {
                accent: palette.accent.hex(),
                accent_on_dark: palette.accent_on_dark.hex(),
                ..BrandView::default()
            },
            ..Self::default()
        }
    }

    /// The `img-src` of the pages' content security policy.
    pub fn image_sources(&self) -> String {
        match &self.logo_origin {
            Some(origin) => format!("'self' {origin}"),
            None => "'self'".to_owned(),
        }
    }
}
