//! `oidc.userinfo`: when the bridge asks the provider's userinfo endpoint.

use serde::Deserialize;

/// When to ask userinfo for claims. Asking costs a round trip to the provider
/// on every sign-in, so by default the bridge asks only when the ID token
/// lacks what the bridge needs: the groups claim, or any display name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", from = "RawUserinfo")]
pub enum UserinfoMode {
    /// Only when the ID token lacks the groups claim or a display name.
    #[default]
    WhenNeeded,
    /// On every sign-in and re-read (claims the ID token has still win).
    Always,
    /// Never; claims come from the ID token alone.
    Never,
}

/// The file's spelling: a mode's name, or a boolean as earlier versions took it
/// (`true`: when needed, `false`: never).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawUserinfo {
    Switch(bool),
    Mode(Named),
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Named {
    WhenNeeded,
    Always,
    Never,
}

impl From<RawUserinfo> for UserinfoMode {
    fn from(raw: RawUserinfo) -> Self {
        match raw {
            RawUserinfo::Switch(true) | RawUserinfo::Mode(Named::WhenNeeded) => Self::WhenNeeded,
            RawUserinfo::Switch(false) | RawUserinfo::Mode(Named::Never) => Self::Never,
            RawUserinfo::Mode(Named::Always) => Self::Always,
        }
    }
}

impl UserinfoMode {
    /// Whether to ask userinfo after an ID token that has (or lacks) what is needed.
    pub fn asks(self, id_token_is_complete: bool) -> bool {
        match self {
            Self::Always => true,
            Self::WhenNeeded => !id_token_is_complete,
            Self::Never => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        userinfo: UserinfoMode,
    }

    fn parse(value: &str) -> Result<UserinfoMode, serde_json::Error> {
        serde_json::from_str::<Holder>(&format!(r#"{{"userinfo": {value}}}"#)).map(|h| h.userinfo)
    }

    #[test]
    fn modes_and_the_old_booleans() {
        assert_eq!(parse(r#""when-needed""#).unwrap(), UserinfoMode::WhenNeeded);
        assert_eq!(parse(r#""always""#).unwrap(), UserinfoMode::Always);
        assert_eq!(parse(r#""never""#).unwrap(), UserinfoMode::Never);
        assert_eq!(parse("true").unwrap(), UserinfoMode::WhenNeeded);
        assert_eq!(parse("false").unwrap(), UserinfoMode::Never);
        assert!(parse(r#""sometimes""#).is_err());
    }

    #[test]
    fn when_needed_asks_only_for_an_incomplete_id_token() {
        assert!(UserinfoMode::WhenNeeded.asks(false));
        assert!(!UserinfoMode::WhenNeeded.asks(true));
        assert!(UserinfoMode::Always.asks(true));
        assert!(!UserinfoMode::Never.asks(false));
    }
}
