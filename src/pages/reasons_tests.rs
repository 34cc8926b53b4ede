use super::*;
use crate::jitsi::RoomName;

fn refusal(name: &str) -> NameError {
    RoomName::parse(name).unwrap_err()
}

#[test]
fn every_refused_room_name_is_explained_in_every_language() {
    let refused = ["", " ", " lead", "a@b", "a\u{200b}b", "a\u{ff1a}b", "..", &"x".repeat(101)];
    for language in Language::ALL {
        for name in refused {
            let text = super::name(&refusal(name), language);
            assert!(text.ends_with('.') && !text.contains("name-"), "{language:?} {name:?}: {text}");
        }
    }
}

#[test]
fn the_refused_character_is_shown_as_the_visitor_can_recognise_it() {
    let german = |name: &str| super::name(&refusal(name), Language::German);
    assert!(german("a@b").starts_with("Der Raumname enthält „@“"), "{}", german("a@b"));
    assert!(german("a\u{200b}b").contains("unsichtbares Zeichen (U+200B)"), "{}", german("a\u{200b}b"));
    assert!(german("a\u{ff1a}b").contains("„\u{ff1a}“, das als „:“ gilt"), "{}", german("a\u{ff1a}b"));
    let french = super::name(&refusal("a b "), Language::French);
    assert_eq!(french, "Le nom de la salle commence ou se termine par une espace.");
    let english = super::name(&NameError::TooLong { kind: NameKind::Room, max: 100 }, Language::English);
    assert_eq!(english, "The room name is longer than 100 characters.");
}

#[test]
fn requests_jitsi_could_not_have_sent_are_explained() {
    let error = AuthRequestError::RoomSafeMismatch { room: "Alpha".into(), room_safe: "beta".into() };
    assert_eq!(
        auth_request(&error, Language::English),
        "The room Alpha does not match the room Jitsi named for it (beta)."
    );
    assert_eq!(auth_request(&AuthRequestError::NoRoom, Language::Dutch), "Het verzoek van Jitsi noemt geen ruimte.");
}
