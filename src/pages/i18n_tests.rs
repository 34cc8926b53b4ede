use std::collections::{BTreeSet, HashMap};

use super::*;

/// The catalogue files as shipped, read at compile time.
fn catalogue(language: Language) -> &'static str {
    match language {
        Language::English => include_str!("../../locales/en/pages.ftl"),
        Language::German => include_str!("../../locales/de/pages.ftl"),
        Language::French => include_str!("../../locales/fr/pages.ftl"),
        Language::Spanish => include_str!("../../locales/es/pages.ftl"),
        Language::Italian => include_str!("../../locales/it/pages.ftl"),
        Language::Dutch => include_str!("../../locales/nl/pages.ftl"),
    }
}

/// Each message's key with the variables its text uses.
fn messages(text: &str) -> Vec<(String, BTreeSet<String>)> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with(' '))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, value)| {
            let variables = value.split("{ $").skip(1).filter_map(|rest| rest.split(' ').next()).map(String::from);
            (key.to_owned(), variables.collect())
        })
        .collect()
}

#[test]
fn every_key_exists_in_every_catalogue_with_the_same_variables() {
    let reference = messages(catalogue(Language::English));
    assert!(reference.len() > 50, "the English catalogue was read");
    for language in Language::ALL {
        let theirs = messages(catalogue(language));
        assert_eq!(
            theirs.iter().map(|(key, _)| key).collect::<Vec<_>>(),
            reference.iter().map(|(key, _)| key).collect::<Vec<_>>(),
            "{}: the same keys in the same order as en",
            language.code()
        );
        for ((key, ours), (_, variables)) in reference.iter().zip(&theirs) {
            assert_eq!(variables, ours, "{}: {key} uses the same variables", language.code());
            let identifier = language.identifier();
            // Every variable given: Fluent reports a missing one as an error.
            let args: HashMap<&str, FluentValue<'_>> = ours.iter().map(|name| (name.as_str(), "x".into())).collect();
            let found = CATALOGUES.lookup_no_default_fallback(&identifier, key, Some(&args));
            assert!(found.is_some_and(|text| !text.is_empty()), "{}: {key} is loaded", language.code());
        }
    }
}

#[test]
fn a_text_is_shown_with_its_variables_and_no_isolation_marks() {
    let text = Language::German.text("landing-title", &[("room", "Weekly <Sync>")]);
    assert_eq!(text, "Weekly <Sync> beitreten");
    assert_eq!(Language::French.text("error-status", &[("status", "403")]), "Erreur 403");
}

#[test]
fn accept_language_is_negotiated_by_q_value() {
    let default = Language::English;
    assert_eq!(negotiate("de-DE,de;q=0.9,en;q=0.8", default), Some(Language::German));
    assert_eq!(negotiate("en;q=0.5, fr-CA;q=0.9", default), Some(Language::French));
    assert_eq!(negotiate("ja, nl;q=0.3, it;q=0.2", default), Some(Language::Dutch), "unshipped languages are skipped");
    assert_eq!(negotiate("es;q=0, it", default), Some(Language::Italian), "q=0 refuses a language");
    assert_eq!(negotiate("fr;q=0.7, es;q=0.7", default), Some(Language::French), "ties keep the header order");
    assert_eq!(negotiate("ja, *;q=0.5", Language::Dutch), Some(Language::Dutch), "* stands for the default");
    assert_eq!(
        negotiate("de;q=2, fr;q=0.1234, it;q=abc, nl;q=0.5", default),
        Some(Language::Dutch),
        "bad q-values drop their entry"
    );
    assert_eq!(negotiate("ja, zh-CN", default), None);
    assert_eq!(negotiate("", default), None);
    assert_eq!(negotiate("DE-at;Q=1.000", default), Some(Language::German));
}

#[test]
fn a_forced_language_wins_then_the_cookie_then_the_header_then_the_default() {
    let default = Language::Spanish;
    assert_eq!(choose(Some("nl"), Some("de"), Some("fr"), default), Language::Dutch);
    assert_eq!(choose(Some("xx"), Some("de"), Some("fr"), default), Language::German, "unknown ?lang= is ignored");
    assert_eq!(choose(None, None, Some("fr"), default), Language::French);
    assert_eq!(choose(None, Some("klingon"), Some("ja"), default), Language::Spanish);
}
