//! Room and tenant names, checked against what jitsi-meet itself does. The
//! expected backend-safe forms were computed with jitsi-meet's
//! `getBackendSafeRoomName` (`react/features/base/util/uri.ts`) run in Node.

use super::*;

fn room(name: &str) -> RoomName {
    RoomName::parse(name).unwrap_or_else(|e| panic!("{name:?} should be accepted: {e}"))
}

fn parse_encoded_room(raw: &str) -> Result<RoomName, NameError> {
    RoomTarget::parse_encoded(None, raw).map(|target| target.room)
}

fn bad_character(name: &str) -> Option<char> {
    match RoomName::parse(name) {
        Err(NameError::BadCharacter { kind: NameKind::Room, found }) => Some(found),
        _ => None,
    }
}

// `isRoomValid` (react/features/base/conference/functions.ts) asks only for a
// non-empty string; `parseURIString` (react/features/base/util/uri.ts) strips
// only `_ROOM_EXCLUDE_PATTERN`, so spaces, scripts, emoji and other punctuation stay.
#[test]
fn accepts_what_jitsi_meet_accepts() {
    for ok in [
        "standup",
        "Team-Sync_2",
        "Café",
        "会議室",
        "v1.2",
        "Ünïcödé",
        "Café Ünïcode",
        "a b",
        "a\u{A0}b",
        "a~b",
        "a|b^c`d{e}",
        "ΟΔΟΣ",
        "ＭｅｅｔＩｎｇ",
        "👩\u{200D}💻",
        "❤\u{FE0F}\u{200D}🔥",
        "🇫🇷",
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        "می\u{200C}خواهم",
        "क्\u{200D}ष",
    ] {
        room(ok);
    }
}

// `getBackendSafeRoomName` (react/features/base/util/uri.ts): decodeURIComponent,
// normalizeNFKC, toLowerCase, encodeURIComponent, toLowerCase.
#[test]
fn backend_safe_matches_jitsi_meet() {
    let cases = [
        ("MyRoom", "myroom"),
        ("Café", "caf%c3%a9"),
        ("Café Ünïcode", "caf%c3%a9%20%c3%bcn%c3%afcode"),
        ("ÅNGSTRÖM", "%c3%a5ngstr%c3%b6m"),
        ("a~b.c-d_e", "a~b.c-d_e"),
        ("a|b^c`d{e}", "a%7cb%5ec%60d%7be%7d"),
        ("İstanbul", "i%cc%87stanbul"),
        ("ẞ", "%c3%9f"),
        ("👩\u{200D}💻", "%f0%9f%91%a9%e2%80%8d%f0%9f%92%bb"),
        ("🇫🇷", "%f0%9f%87%ab%f0%9f%87%b7"),
        (
            "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            "%f0%9f%8f%b4%f3%a0%81%a7%f3%a0%81%a2%f3%a0%81%b3%f3%a0%81%a3%f3%a0%81%b4%f3%a0%81%bf",
        ),
        ("می\u{200C}خواهم", "%d9%85%db%8c%e2%80%8c%d8%ae%d9%88%d8%a7%d9%87%d9%85"),
    ];
    for (name, expected) in cases {
        assert_eq!(room(name).backend_safe(), expected, "{name}");
    }
}

// JavaScript's `toLowerCase()` (used by getBackendSafeRoomName) maps a word-final
// capital sigma to 'ς' and any other to 'σ'; `str::to_lowercase` does the same.
#[test]
fn greek_final_sigma_lowers_as_in_javascript() {
    assert_eq!(room("ΟΔΟΣ").backend_safe(), "%ce%bf%ce%b4%ce%bf%cf%82"); // οδος, final ς
    assert_eq!(room("ΟΔΟΣ ΠΑΡΟΣ").backend_safe(), "%ce%bf%ce%b4%ce%bf%cf%82%20%cf%80%ce%b1%cf%81%ce%bf%cf%82");
    assert_eq!(room("ΣΑ").backend_safe(), "%cf%83%ce%b1"); // σα, not final
    assert_eq!(room("Σ").backend_safe(), "%cf%83"); // a lone sigma is not word-final
}

// `normalizeNFKC` (react/features/base/util/strings.web.ts) inside getBackendSafeRoomName:
// look-alikes fold into one conference, so one policy entry covers them.
#[test]
fn nfkc_look_alikes_share_one_backend_room() {
    assert_eq!(room("ＭｅｅｔＩｎｇ").backend_safe(), "meeting");
    assert_eq!(room("ＭｅｅｔＩｎｇ").backend_safe(), room("meeting").backend_safe());
    assert_eq!(room("ﬁle").backend_safe(), "file");
    assert_eq!(room("Ⅻ").backend_safe(), "xii");
    assert_eq!(room("x²").backend_safe(), "x2");
}

// `_ROOM_EXCLUDE_PATTERN` (react/features/base/util/uri.ts), stripped by
// `_fixPathPart` in parseURIString; plus `%` (the welcome page's
// ROOM_NAME_VALIDATE_PATTERN_STR in react/features/welcome/components/WelcomePage.web.tsx) and `\`.
#[test]
fn refuses_each_character_jitsi_meet_strips() {
    for c in ":?#[]@!$&'()*+,;=></\"%\\".chars() {
        assert_eq!(bad_character(&format!("a{c}b")), Some(c), "{c:?}");
    }
    for bad in ["a/b", "//evil.example/x", "a?b", "a#b", "%2F", "a%2fb", "Caf%C3%A9", "a@b", "[t]room", "a:b"] {
        assert!(RoomName::parse(bad).is_err(), "{bad:?} should be refused");
    }
}

// Same list, after the NFKC step of getBackendSafeRoomName: `＇` would put a raw
// `'` into the XMPP node (encodeURIComponent keeps it), which jxmpp refuses.
#[test]
fn refuses_look_alikes_of_stripped_characters() {
    for (name, found) in [("a／b", '／'), ("a？b", '？'), ("a＇b", '＇'), ("１００％", '％')] {
        assert_eq!(bad_character(name), Some(found), "{name}");
    }
    let message = RoomName::parse("a／b").unwrap_err().to_string();
    assert!(message.contains("'／', which counts as '/'"), "{message}");
}

// Not from jitsi-meet (which keeps them): characters that hide or reorder text
// would let a link show one room name and open another.
#[test]
fn refuses_controls_and_invisible_formatting() {
    let hidden = "\u{0}\n\t\u{7F}\u{85}\u{AD}\u{61C}\u{200B}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\
                  \u{2028}\u{2060}\u{2066}\u{2067}\u{2068}\u{2069}\u{3164}\u{FEFF}\u{E0001}";
    for c in hidden.chars() {
        assert_eq!(bad_character(&format!("é{c}é")), Some(c), "U+{:04X}", u32::from(c));
    }
    let message = RoomName::parse("abc\u{202E}txt.exe").unwrap_err().to_string();
    assert!(message.contains("an invisible character (U+202E)"), "{message}");
}

// A typo in the hand-written Cf table would let a format character through:
// Unicode 16 has 170 of them (regex-syntax's generated general_category.rs).
#[test]
fn format_table_is_unicode_general_category_cf() {
    let count = (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| crate::jitsi::room_chars::is_format(c)).count();
    assert_eq!(count, 170);
}

#[test]
fn joiners_and_tags_only_where_writing_needs_them() {
    for bad in [
        "stand\u{200D}up",
        "stand\u{200C}up",
        "\u{200D}👩",
        "👩\u{200D}",
        "👩\u{200D}\u{200D}💻",
        "a\u{E0041}",
        "🏴\u{E0067}\u{E0062}",
        "🏴\u{E007F}",
        "a\u{E0067}\u{E007F}",
    ] {
        assert!(bad_character(bad).is_some(), "{bad:?} should be refused");
    }
}

// parseStandardURIString (react/features/base/util/uri.ts) strips unencoded
// whitespace, so Jitsi's own UI never makes a name start or end with a space;
// only a hand-written `%20` does, and it would look like another room.
#[test]
fn refuses_empty_blank_and_padded_names() {
    assert_eq!(RoomName::parse(""), Err(NameError::Empty(NameKind::Room)));
    assert_eq!(RoomName::parse("   "), Err(NameError::Blank));
    assert_eq!(RoomName::parse("\u{3000}"), Err(NameError::Blank));
    for padded in [" standup", "standup ", "\u{A0}standup", "stand up\u{3000}"] {
        assert_eq!(RoomName::parse(padded), Err(NameError::OuterSpace), "{padded:?}");
    }
}

// `.` and `..` are dropped or resolved as path segments (the url crate skips
// them on push); dots inside a name stay one encoded segment, as Jitsi allows.
#[test]
fn refuses_dot_segments_but_keeps_dots_inside_names() {
    for dots in [".", "..", "...", "．．", "\u{2025}", "%2e%2e"] {
        assert!(RoomName::parse(dots).is_err() && parse_encoded_room(dots).is_err(), "{dots:?}");
    }
    assert_eq!(RoomName::parse(".."), Err(NameError::Dots));
    for ok in ["a..b", "v1..2", ".hidden", "room."] {
        room(ok);
    }
}

#[test]
fn refuses_very_long_names() {
    let long = "a".repeat(MAX_ROOM_CHARS + 1);
    assert_eq!(RoomName::parse(&long), Err(NameError::TooLong { kind: NameKind::Room, max: MAX_ROOM_CHARS }));
    room(&"é".repeat(MAX_ROOM_CHARS));
    // 9 bytes a character once encoded: 900 bytes fit in the XMPP node.
    room(&"会".repeat(MAX_ROOM_CHARS));
    // An emoji is 12 bytes once encoded: 100 of them overflow the node, where
    // Jitsi itself would fail to create the room (jitsi-meet issue 8637).
    assert_eq!(RoomName::parse(&"😀".repeat(MAX_ROOM_CHARS)), Err(NameError::TooLongForServer));
    room(&"😀".repeat(MAX_BACKEND_SAFE_BYTES / 12));
    // NFKC turns U+FDFA into 15 Arabic letters and 3 spaces: 99 bytes once encoded.
    assert_eq!(room("\u{FDFA}").backend_safe().len(), 99);
    assert_eq!(RoomName::parse(&"\u{FDFA}".repeat(10)), Err(NameError::TooLongForServer));
    room(&"\u{FDFA}".repeat(9));
}

// `safeDecodeURIComponent` (react/features/base/util/uri.ts): decodeURIComponent,
// and the text unchanged when it throws a URIError.
#[test]
fn decodes_segments_like_safe_decode_uri_component() {
    let cases = [
        ("Caf%C3%A9%20%C3%9Cn%C3%AFcode", "Café Ünïcode"),
        ("caf%c3%a9", "café"),
        ("Café Ünïcode", "Café Ünïcode"),
        ("%2F", "/"),
        ("a%41%", "a%41%"),
        ("%E0%A4%A", "%E0%A4%A"),
        ("%C0%AF", "%C0%AF"),
        ("%ED%A0%80", "%ED%A0%80"),
        ("%F4%90%80%80", "%F4%90%80%80"),
        ("100%", "100%"),
        ("%252F", "%2F"),
    ];
    for (raw, decoded) in cases {
        assert_eq!(decode_segment(raw), decoded, "{raw}");
    }
}

// The room of Jitsi's tokenAuthUrl state is the segment of the meeting URL,
// still encoded (`_handleLogin` in react/features/authentication/middleware.ts).
#[test]
fn encoded_segments_are_decoded_once_then_checked() {
    assert_eq!(parse_encoded_room("Caf%C3%A9%20%C3%9Cn%C3%AFcode").unwrap().as_str(), "Café Ünïcode");
    assert_eq!(parse_encoded_room("standup").unwrap().as_str(), "standup");
    for bad in ["%2F", "a%2fb", "a%3Fb", "%23", "%252F", "a%41%", "%00", "%E2%80%AE"] {
        assert!(parse_encoded_room(bad).is_err(), "{bad:?} should be refused");
    }
}

// `_getTokenAuthState` (react/features/authentication/functions.any.ts):
// `room` is the raw segment and `roomSafe: getBackendSafeRoomName(roomName)`,
// lower case throughout.
#[test]
fn jitsi_state_names_decode_and_match_room_safe() {
    let target = RoomTarget::parse_encoded(Some("sal%65s"), "Caf%C3%A9%20%C3%9Cn%C3%AFcode").unwrap();
    assert_eq!(target.display_path(), "sales/Café Ünïcode");
    assert!(target.room.matches_backend_safe("caf%c3%a9%20%c3%bcn%c3%afcode"));
    assert!(!target.room.matches_backend_safe("CAF%C3%A9%20%C3%BCN%C3%AFCODE"));
    assert!(!target.room.matches_backend_safe("caf%c3%a9"));
    assert_eq!(RoomTarget::parse_encoded(None, "Caf%C3%A9").unwrap(), RoomTarget::parse(None, "Café").unwrap());
}

// config.js maps the tenant into the MUC domain (`conference.<tenant>.domain`),
// and parseURIString takes it from the path before the room.
#[test]
fn tenants_are_dns_label_like() {
    assert!(TenantName::parse("sales-emea").is_ok());
    assert_eq!(TenantName::parse(&decode_segment("sales%2Demea")).unwrap().as_str(), "sales-emea");
    for bad in ["", "a.b", "é", "a/b", "[x]", "a b", &"t".repeat(64)] {
        assert!(TenantName::parse(bad).is_err(), "{bad:?} should be refused");
    }
    assert!(RoomTarget::parse_encoded(Some("a%2Fb"), "room").is_err());
    assert_eq!(TenantName::parse("Sales").unwrap().lowercase(), "sales");
    let message = TenantName::parse("a b").unwrap_err().to_string();
    assert_eq!(
        message,
        "the tenant name contains a space, which a tenant name cannot contain: use only letters a-z, digits, '-' and '_'"
    );
}

#[test]
fn messages_say_what_is_wrong_in_plain_words() {
    let message = RoomName::parse("a?b").unwrap_err().to_string();
    assert!(
        message.starts_with("the room name contains '?', which a room name cannot contain: leave out :"),
        "{message}"
    );
    assert!(RoomName::parse("it's").unwrap_err().to_string().contains("an apostrophe (')"));
    assert_eq!(NameError::OuterSpace.to_string(), "the room name starts or ends with a space");
}

// room_url (src/jitsi/url.rs) pushes the room as one path segment: every
// accepted name comes back out of that segment unchanged, on the same host.
#[test]
fn accepted_names_stay_one_path_segment() {
    let names = ["Café Ünïcode", "a..b", "a|b^c`d{e}", "👩\u{200D}💻", "ΟΔΟΣ", "ＭｅｅｔＩｎｇ", "~"];
    for name in names {
        let mut url = url::Url::parse("https://meet.example.com/base").unwrap();
        url.path_segments_mut().unwrap().push(room(name).as_str());
        assert_eq!(url.host_str(), Some("meet.example.com"));
        let segments: Vec<&str> = url.path_segments().unwrap().collect();
        assert_eq!(segments.len(), 2, "{name}: {url}");
        assert_eq!(decode_segment(segments[1]), name);
        assert_eq!((url.query(), url.fragment()), (None, None));
    }
}

#[test]
fn deserializing_checks_names_too() {
    assert!(serde_json::from_str::<RoomName>("\"Café Ünïcode\"").is_ok());
    assert!(serde_json::from_str::<RoomName>("\"a/b\"").is_err());
    assert!(serde_json::from_str::<TenantName>("\"a.b\"").is_err());
}

/// The ASCII fast path of `backend_safe` gives what NFKC, lower-casing and
/// encoding give, for every printable ASCII character in every position.
#[test]
fn ascii_names_skip_normalisation_and_get_the_same_backend_safe_name() {
    let printable: String = (0x20u8..0x7f).map(char::from).collect();
    let mut names: Vec<String> = printable.chars().map(|c| format!("Room{c}Name")).collect();
    names.extend(["MyRoom", "weekly sync", "A-b_C.d~e", "..x", "UPPER%41"].map(str::to_owned));
    for name in names {
        assert_eq!(super::backend_safe_of_ascii(&name), super::backend_safe_by_nfkc(&name), "{name:?}");
    }
}
