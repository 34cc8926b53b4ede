//! The meeting features a token can switch on or off (`context.features`).
//!
//! The names are jitsi-meet's own (`react/features/base/jwt/constants.ts`,
//! `MEET_FEATURES`). How Jitsi reads them decides how the bridge writes them:
//! Prosody allows a feature when the token has no `features` at all, and
//! otherwise only when its value is `true` or `"true"`
//! (`resources/prosody-plugins/util.lib.lua`, `is_feature_allowed`), so an
//! empty `features: {}` allows nothing, even to moderators. The bridge
//! therefore writes no `features` unless a feature rule is configured, and
//! then writes every feature explicitly.

/// Every feature jitsi-meet knows, in its order.
pub const FEATURES: [&str; 20] = [
    "branding",
    "calendar",
    "create-polls",
    "file-upload",
    "flip",
    "inbound-call",
    "livestreaming",
    "live-translation",
    "lobby",
    "moderation",
    "outbound-call",
    "recording",
    "room",
    "screen-sharing",
    "send-groupchat",
    "send-private-message",
    "list-visitors",
    "sip-inbound-call",
    "sip-outbound-call",
    "transcription",
];

/// One of [`FEATURES`], by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Feature(u8);

impl Feature {
    /// The feature of this name; `Err` names the nearest known one.
    pub fn parse(name: &str) -> Result<Self, String> {
        match FEATURES.iter().position(|known| *known == name) {
            Some(index) => Ok(Self(index as u8)),
            None => Err(match crate::suggest::nearest(name, FEATURES) {
                Some(near) => format!("{name:?} is not a Jitsi feature; did you mean {near:?}?"),
                None => format!("{name:?} is not a Jitsi feature; known: {}", FEATURES.join(", ")),
            }),
        }
    }

    pub fn name(self) -> &'static str {
        FEATURES[usize::from(self.0)]
    }

    pub fn all() -> impl Iterator<Item = Feature> {
        (0..FEATURES.len() as u8).map(Feature)
    }

    fn bit(self) -> u32 {
        1 << self.0
    }
}

/// Which features a token grants: one bit per feature.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeatureSet(u32);

impl FeatureSet {
    pub fn with(self, feature: Feature, on: bool) -> Self {
        if on {
            Self(self.0 | feature.bit())
        } else {
            Self(self.0 & !feature.bit())
        }
    }

    pub fn has(self, feature: Feature) -> bool {
        self.0 & feature.bit() != 0
    }

    /// Every feature with its value, in Jitsi's order.
    pub fn entries(self) -> impl Iterator<Item = (&'static str, bool)> {
        Feature::all().map(move |feature| (feature.name(), self.has(feature)))
    }
}

#[cfg(test)]
#[path = "features_tests.rs"]
mod tests;
