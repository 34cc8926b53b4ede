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
#[path = "userinfo_tests.rs"]
mod tests;
