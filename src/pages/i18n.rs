//! The languages pages are shown in: the message catalogues
//! (`locales/<lang>/pages.ftl`, Fluent, compiled in) and the choice of one
//! language per request from `?lang=`, the cookie that remembers it, and
//! `Accept-Language` with its q-values (RFC 9110 §12.5.4). Pure: no request
//! types here, the route layer passes the header and query values in.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static CATALOGUES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around `{ $room }` and the like: pages are
        // HTML, and the marks would show up in copied text and in tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the bridge ships a catalogue for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    English,
    German,
    French,
    Spanish,
    Italian,
    Dutch,
}

impl Language {
    pub const ALL: [Language; 6] =
        [Language::English, Language::German, Language::French, Language::Spanish, Language::Italian, Language::Dutch];

    /// The BCP 47 tag: `<html lang>`, `?lang=`, the cookie, the catalogue folder.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
            Language::French => "fr",
            Language::Spanish => "es",
            Language::Italian => "it",
            Language::Dutch => "nl",
        }
    }

    /// The language a tag asks for, by its primary subtag (`de-AT` is German),
    /// case-insensitively; `None` for a language not shipped.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Language::ALL.into_iter().find(|language| language.code().eq_ignore_ascii_case(primary))
    }

    /// The text of `key` in this language with `args` put in; the English
    /// text when a catalogue lacks it (a unit test keeps that from happening).
    pub fn text(self, key: &str, args: &[(&str, &str)]) -> String {
        CATALOGUES.lookup_complete(&self.identifier(), key, Some(&fluent_args(args)))
    }

    /// The text of `key`, or `None` if no catalogue has it (operators' templates).
    pub fn try_text(self, key: &str, args: &[(&str, &str)]) -> Option<String> {
        let args = fluent_args(args);
        CATALOGUES
            .lookup_no_default_fallback(&self.identifier(), key, Some(&args))
            .or_else(|| CATALOGUES.lookup_no_default_fallback(&Language::English.identifier(), key, Some(&args)))
    }

    fn identifier(self) -> LanguageIdentifier {
        // The six codes are valid tags; English if that ever changed.
        self.code().parse().unwrap_or_default()
    }
}

fn fluent_args<'a>(args: &[(&str, &'a str)]) -> HashMap<Cow<'static, str>, FluentValue<'a>> {
    args.iter().map(|(name, value)| (Cow::Owned((*name).to_owned()), FluentValue::from(*value))).collect()
}

/// The language of one request: `?lang=` first, then the remembered choice
/// (cookie), then the best shipped match in `Accept-Language`, else `default`
/// (`ui.default_language`). An unknown `?lang=` or cookie value is ignored.
pub fn choose(
    forced: Option<&str>,
    remembered: Option<&str>,
    accept_language: Option<&str>,
    default: Language,
) -> Language {
    forced
        .and_then(Language::from_tag)
        .or_else(|| remembered.and_then(Language::from_tag))
        .or_else(|| accept_language.and_then(|header| negotiate(header, default)))
        .unwrap_or(default)
}

/// The shipped language the visitor rates highest in `Accept-Language`:
/// `q=0` means "not this one", ties keep the header's order, `*` stands for
/// `default`, and a malformed q-value drops that entry only.
pub fn negotiate(header: &str, default: Language) -> Option<Language> {
    let mut ranked: Vec<(u16, Language)> = header
        .split(',')
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let tag = parts.next()?.trim();
            let weight = parts.find_map(|param| quality(param.trim())).unwrap_or(Some(1000))?;
            let language = if tag == "*" { Some(default) } else { Language::from_tag(tag) }?;
            (weight > 0).then_some((weight, language))
        })
        .collect();
    // Stable: equal weights stay in the order the browser sent them.
    ranked.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    ranked.first().map(|(_, language)| *language)
}

/// `q=0.8` as thousandths (800). `None`: not a q parameter; `Some(None)`: a
/// malformed one (RFC 9110: at most three decimals, between 0 and 1).
fn quality(param: &str) -> Option<Option<u16>> {
    let value = param.strip_prefix("q=").or_else(|| param.strip_prefix("Q="))?;
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let valid = matches!(whole, "0" | "1")
        && fraction.len() <= 3
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && (whole == "0" || fraction.bytes().all(|b| b == b'0'));
    if !valid {
        return Some(None);
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().unwrap_or(0);
    Some(Some(if whole == "1" { 1000 } else { thousandths }))
}

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
