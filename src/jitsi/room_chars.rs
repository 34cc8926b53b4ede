//! Which characters a room name may hold, and how a refused one is named to
//! the visitor. The rules follow jitsi-meet (`react/features/base/util/uri.ts`)
//! and keep out anything invisible that could disguise a name.

use std::iter::once;

use unicode_normalization::UnicodeNormalization;

use super::room::NameKind;

/// Characters no room name may hold. The first 22 are jitsi-meet's
/// `_ROOM_EXCLUDE_PATTERN` (`react/features/base/util/uri.ts`:
/// `'[\\:\\?#\\[\\]@!$&\'()*+,;=></"]'`, "based on RFC 3986 and the jxmpp
/// library utilized by jicofo"), which `parseURIString` strips from the room
/// segment. `%` keeps decoded names decoded (the welcome page's
/// `ROOM_NAME_VALIDATE_PATTERN_STR = '^[^?&:\u0022\u0027%#]+$'` refuses it too);
/// browsers read `\` as `/`.
const EXCLUDED: &str = ":?#[]@!$&'()*+,;=></\"%\\";

/// Excluded as written, or once NFKC (the form Prosody gets) has turned it into
/// an excluded character: `／` is `/`, `＇` a `'`, which an XMPP node cannot hold.
pub(super) fn is_excluded(c: char) -> bool {
    EXCLUDED.contains(c) || excluded_look_alike(c).is_some()
}

fn excluded_look_alike(c: char) -> Option<char> {
    if c.is_ascii() {
        return None;
    }
    once(c).nfkc().find(|d| EXCLUDED.contains(*d))
}

const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';
const WAVING_BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

/// Unicode general category Cf (format characters), Unicode 16: bidi marks,
/// embeddings, overrides and isolates, zero-width spaces and joiners, the BOM, tags...
pub(super) fn is_format(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{6DD}' | '\u{70F}' | '\u{890}'..='\u{891}' | '\u{8E2}'
        | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}' | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// Controls (Cc), format characters (Cf), line and paragraph separators, and
/// the Hangul fillers that render as nothing.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || is_format(c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

/// The first character that would hide or reorder text. Two format characters
/// are kept where writing needs them: the joiners ZWJ and ZWNJ between two
/// visible non-ASCII characters (emoji sequences like 👩‍💻, Persian, Indic
/// scripts; never inside an ASCII word, where they would only disguise it), and
/// tag characters inside an emoji tag sequence (🏴 + tags + cancel tag: the
/// flags of England, Scotland and Wales).
pub(super) fn first_hidden(name: &str) -> Option<char> {
    let padded: Vec<Option<char>> = once(None).chain(name.chars().map(Some)).chain(once(None)).collect();
    padded.windows(3).find_map(|window| match *window {
        [before, Some(c), after] if !shown_between(before, c, after) => Some(c),
        _ => None,
    })
}

fn shown_between(before: Option<char>, c: char, after: Option<char>) -> bool {
    let tag = |c: char| ('\u{E0020}'..='\u{E007E}').contains(&c);
    let joinable = |c: char| !c.is_ascii() && !c.is_whitespace() && !is_hidden(c);
    match c {
        ZWNJ | ZWJ => before.is_some_and(joinable) && after.is_some_and(joinable),
        c if tag(c) => {
            before.is_some_and(|b| b == WAVING_BLACK_FLAG || tag(b)) && after.is_some_and(|a| tag(a) || a == CANCEL_TAG)
        }
        CANCEL_TAG => before.is_some_and(tag),
        c => !is_hidden(c),
    }
}

/// The refused character in words a visitor can read.
pub(super) fn describe(c: char) -> String {
    match c {
        '\'' => "an apostrophe (')".to_owned(),
        '"' => "a double quote (\")".to_owned(),
        c => match shown(c) {
            Shown::Space => "a space".to_owned(),
            Shown::Invisible(code) => format!("an invisible character ({code})"),
            Shown::SpecialSpace(code) => format!("a special space ({code})"),
            Shown::LookAlike(c, plain) => format!("'{c}', which counts as '{plain}'"),
            Shown::Plain(c) => format!("'{c}'"),
        },
    }
}

/// How a refused character can be shown to a visitor, whatever the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Space,
    /// `U+00A0` and the like, by code point (it looks like a space).
    SpecialSpace(String),
    /// A character that shows nothing, by code point.
    Invisible(String),
    /// A character that counts as a refused one (`：` is `:`).
    LookAlike(char, char),
    Plain(char),
}

pub fn shown(c: char) -> Shown {
    let code = || format!("U+{:04X}", u32::from(c));
    match c {
        ' ' => Shown::Space,
        c if is_hidden(c) => Shown::Invisible(code()),
        c if c.is_whitespace() => Shown::SpecialSpace(code()),
        c => excluded_look_alike(c).map_or(Shown::Plain(c), |plain| Shown::LookAlike(c, plain)),
    }
}

pub(super) fn rule_for(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Room => {
            "which a room name cannot contain: leave out : ? # [ ] @ ! $ & ' ( ) * + , ; = < > / \" % \\ and invisible characters"
        }
        NameKind::Tenant => "which a tenant name cannot contain: use only letters a-z, digits, '-' and '_'",
    }
}
