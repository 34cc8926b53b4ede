//! `[ui]`: how the pages look and speak, checked at start-up. A colour that
//! would make text unreadable, a link that is not a web or mail address, a logo
//! the browser cannot show, or a template override that does not compile stop
//! the start with the key and what to fix.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use url::Url;

use super::checks::Problems;
use crate::pages::color::Palette;
use crate::pages::i18n::Language;
use crate::pages::overrides::Overrides;
use crate::pages::{Brand, Link, LogoFile, LOGO_PATH};
use crate::public_url::PublicUrl;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUi {
    /// The pages' language when the browser asks for none the bridge ships: "en", "de", "fr", "es", "it", "nl".
    pub default_language: Option<String>,
    /// Shown at the top of every page and in its title, e.g. "ACME Meet".
    pub product_name: Option<String>,
    /// An https:// image address, or
    pub logo_url: Option<String>,
    /// an image file the bridge serves itself (PNG, SVG, JPEG, WebP, GIF; at most 512 KiB).
    pub logo_file: Option<PathBuf>,
    /// "#rrggbb": buttons and links. Must give white text 4.5:1 (WCAG 2.1 AA).
    pub primary_color: Option<String>,
    /// Shown on every error page.
    pub support_contact: Option<RawLink>,
    /// Footer links on every page (German operators must have an imprint).
    pub privacy_url: Option<String>,
    pub imprint_url: Option<String>,
    /// 403 pages name the groups that would let the visitor in.
    #[serde(default)]
    pub show_required_groups: bool,
    /// A directory of the operator's own page templates (see src/pages/overrides.rs).
    pub templates_dir: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    /// "IT service desk"
    pub text: String,
    /// "mailto:help@example.com", "tel:+49301234567" or "https://help.example.com"
    pub url: String,
}

const MAX_LOGO_BYTES: u64 = 512 * 1024;

/// The brand `raw` describes, or `None` with its problems noted.
pub(super) fn brand(raw: RawUi, public_url: Option<&PublicUrl>, dev: bool, problems: &mut Problems) -> Option<Brand> {
    let before = problems.0.len();
    let default_language = match raw.default_language.as_deref() {
        None => Language::English,
        Some(tag) => problems
            .check(
                "ui.default_language",
                Language::from_tag(tag).filter(|l| l.code().eq_ignore_ascii_case(tag.trim())).ok_or_else(|| {
                    let shipped: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
                    format!("{tag:?} is not a language the pages ship in: use one of {}", shipped.join(", "))
                }),
            )
            .unwrap_or_default(),
    };
    let palette = match raw.primary_color.as_deref() {
        None => Palette::default(),
        Some(text) => problems.check("ui.primary_color", Palette::from_primary(text)).unwrap_or_default(),
    };
    let mut brand = Brand::with_palette(palette);
    brand.default_language = default_language;
    brand.show_required_groups = raw.show_required_groups;
    if let Some(name) = raw.product_name {
        let name = name.trim().to_owned();
        match name.chars().count() {
            0 => problems.push("ui.product_name", "must not be empty: leave it out for the default".into()),
            1..=60 => brand.view.product_name = Some(name),
            n => problems.push("ui.product_name", format!("is {n} characters long: keep it to 60 or fewer")),
        }
    }
    match (raw.logo_url, raw.logo_file) {
        (Some(_), Some(_)) => problems.push("ui.logo_url", "is given with ui.logo_file: keep one of the two".into()),
        (Some(text), None) => {
            if let Some(url) = problems.check("ui.logo_url", web_link(&text, dev)) {
                brand.logo_origin = Some(url.origin().ascii_serialization());
                brand.view.logo_src = Some(url.to_string());
            }
        }
        (None, Some(path)) => {
            if let Some(file) = problems.check("ui.logo_file", logo_file(&path)) {
                brand.view.logo_src = public_url.map(|url| url.path(LOGO_PATH));
                brand.logo_file = Some(file);
            }
        }
        (None, None) => {}
    }
    if let Some(link) = raw.support_contact {
        let text = link.text.trim().to_owned();
        if text.is_empty() {
            problems
                .push("ui.support_contact.text", "must not be empty: say who helps, e.g. \"IT service desk\"".into());
        }
        if let Some(href) = problems.check("ui.support_contact.url", contact_link(&link.url, dev)) {
            brand.view.support = Some(Link { text, href });
        }
    }
    brand.view.privacy_url = raw
        .privacy_url
        .and_then(|text| problems.check("ui.privacy_url", web_link(&text, dev)))
        .map(|url| url.to_string());
    brand.view.imprint_url = raw
        .imprint_url
        .and_then(|text| problems.check("ui.imprint_url", web_link(&text, dev)))
        .map(|url| url.to_string());
    if let Some(dir) = raw.templates_dir {
        match Overrides::load(&dir, &brand.view) {
            Ok(overrides) => brand.overrides = Some(overrides),
            Err(found) => {
                for problem in found {
                    problems.push("ui.templates_dir", format!("{}: {problem}", dir.display()));
                }
            }
        }
    }
    (problems.0.len() == before).then_some(brand)
}

/// An address a browser opens: https (http only in dev mode), with a host.
fn web_link(text: &str, dev: bool) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("{text:?} is not a URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if dev => {}
        "http" => return Err("must be https:// (http only with server.dev_mode = true)".into()),
        other => return Err(format!("scheme {other:?} is not https")),
    }
    if url.host_str().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{text:?} must name a host, without user name or password"));
    }
    Ok(url)
}

/// A support contact: an e-mail address, a telephone number or a web page.
fn contact_link(text: &str, dev: bool) -> Result<String, String> {
    let text = text.trim();
    if let Some(address) = text.strip_prefix("mailto:") {
        let (local, domain) = address.split('?').next().unwrap_or_default().split_once('@').unzip();
        let plausible = local.is_some_and(|l| !l.is_empty())
            && domain.is_some_and(|d| d.contains('.') && !d.starts_with('.') && !d.ends_with('.'));
        if !plausible || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!("{text:?} is not an e-mail link such as \"mailto:help@example.com\""));
        }
        return Ok(text.to_owned());
    }
    if let Some(number) = text.strip_prefix("tel:") {
        let digits = number.trim_start_matches('+');
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '.') {
            return Err(format!("{text:?} is not a telephone link such as \"tel:+49301234567\""));
        }
        return Ok(text.to_owned());
    }
    web_link(text, dev)
        .map(|url| url.to_string())
        .map_err(|problem| format!("{problem}; or use mailto:help@example.com or tel:+49301234567"))
}

fn logo_file(path: &Path) -> Result<LogoFile, String> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let content_type = match extension.as_str() {
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        _ => return Err(format!("{} is not a PNG, SVG, JPEG, WebP or GIF file (by its extension)", path.display())),
    };
    let size = std::fs::metadata(path).map_err(|e| format!("cannot read {} ({e})", path.display()))?.len();
    if size > MAX_LOGO_BYTES {
        return Err(format!(
            "{} is {size} bytes: a logo of at most {MAX_LOGO_BYTES} bytes loads fast enough",
            path.display()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
    let looks_right = match extension.as_str() {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => bytes.starts_with(&[0xff, 0xd8, 0xff]),
        "gif" => bytes.starts_with(b"GIF8"),
        "webp" => bytes.get(8..12) == Some(b"WEBP".as_slice()),
        _ => String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).contains("<svg"),
    };
    if !looks_right {
        return Err(format!("{} does not hold a {extension} image", path.display()));
    }
    Ok(LogoFile { bytes: actix_web::web::Bytes::from(bytes), content_type })
}

#[cfg(test)]
#[path = "ui_tests.rs"]
mod tests;
