//! Minting the Jitsi JWT, to the letter of Prosody's token plugin
//! (`token/util.lib.lua`, `luajwtjitsi`, `mod_token_affiliation`):
//! header `{"alg":"HS256","typ":"JWT"}` (or RS256/384/512 with the signing key's
//! `kid`, which Prosody's key server lookup requires); `iss` the app id; `aud` one string;
//! `sub` the XMPP domain or the tenant; `room` in Jitsi's backend-safe form;
//! `exp` always set; `nbf` a little in the past because Prosody allows no leeway;
//! no claim is ever `null`. Pure: the caller passes `now`.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use jsonwebtoken::errors::{new_error, ErrorKind};
use jsonwebtoken::{EncodingKey, Header};
use secrecy::ExposeSecret;
use serde::Serialize;

use super::signing::{KeyRing, Signing};

use crate::identity::Identity;
use crate::jitsi::features::FeatureSet;
use crate::jitsi::room::RoomTarget;

/// Everything needed to mint tokens, built once from the settings.
pub struct TokenSigner {
    key: Key,
    header: Header,
    app_id: String,
    audience: String,
    xmpp_domain: String,
    context_group: Option<String>,
    lifetime: Duration,
    not_before_leeway: Duration,
    wildcard_room: bool,
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSigner")
            .field("app_id", &self.app_id)
            .field("audience", &self.audience)
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

enum Key {
    Secret(EncodingKey),
    Ring(Arc<KeyRing>),
}

/// The settings the signer is built from (a slice of the validated config).
#[derive(Debug, Clone)]
pub struct TokenSettings {
    pub app_id: String,
    pub signing: Signing,
    pub audience: String,
    pub xmpp_domain: String,
    pub context_group: Option<String>,
    pub lifetime: Duration,
    pub not_before_leeway: Duration,
    /// Put `room: "*"` in every token. Only for deployments that want one token per user.
    pub wildcard_room: bool,
}

/// What one token grants: the room, whether its holder is a moderator there,
/// skips the lobby, and which features it switches on.
#[derive(Debug, Clone, Copy)]
pub struct Grant<'a> {
    pub target: &'a RoomTarget,
    pub moderator: bool,
    pub lobby_bypass: bool,
    pub hidden_from_recorder: bool,
    pub visitor: bool,
    /// `None`: no `features` claim (Jitsi's defaults apply).
    pub features: Option<FeatureSet>,
}

impl<'a> Grant<'a> {
    /// A plain grant: moderator or member, nothing else.
    pub fn role(target: &'a RoomTarget, moderator: bool) -> Self {
        Self { target, moderator, lobby_bypass: false, hidden_from_recorder: false, visitor: false, features: None }
    }
}

#[derive(Debug, Serialize, PartialEq)]
pub struct JitsiClaims<'a> {
    pub iss: &'a str,
    pub aud: &'a str,
    pub sub: String,
    pub room: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
    pub context: Context<'a>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Context<'a> {
    pub user: ContextUser<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<&'a str>,
    /// The lower-case tenant of a tenant room. Jitsi's web app drops the token's
    /// features when it names another tenant than the URL (`tokenRespectTenant`,
    /// jitsi-meet `react/features/base/jwt/middleware.ts`), and Prosody with
    /// domain verification logs a mismatch (`token/util.lib.lua`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// Every Jitsi feature, `true` or `false`, when a feature rule is configured.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "features_object")]
    pub features: Option<FeatureSet>,
}

/// `{"branding": false, "calendar": false, …}` in Jitsi's order.
fn features_object<S: serde::Serializer>(features: &Option<FeatureSet>, out: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let Some(features) = features else { return out.serialize_none() };
    let mut map = out.serialize_map(Some(crate::jitsi::features::FEATURES.len()))?;
    for (name, on) in features.entries() {
        map.serialize_entry(name, &on)?;
    }
    map.end()
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ContextUser<'a> {
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<&'a str>,
    pub moderator: bool,
    /// Read by `mod_token_affiliation`: "owner" makes a moderator, "member" does not.
    pub affiliation: &'static str,
    /// Read by the community `token_lobby_bypass` module: this user skips the lobby.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lobby_bypass: bool,
    /// Read by lib-jitsi-meet (`JitsiParticipant.isHiddenFromRecorder`): this
    /// participant is left out of recordings.
    #[serde(rename = "hidden-from-recorder", skip_serializing_if = "std::ops::Not::not")]
    pub hidden_from_recorder: bool,
    /// `"visitor"`: Prosody's visitors component reads `context.user.role`
    /// (`prosody-plugins/mod_visitors_component.lua`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
}

impl TokenSigner {
    pub fn new(settings: &TokenSettings) -> Self {
        let key = match &settings.signing {
            Signing::Secret { secret, .. } => Key::Secret(EncodingKey::from_secret(secret.expose_secret().as_bytes())),
            Signing::Keys { ring, .. } => Key::Ring(Arc::clone(ring)),
        };
        Self {
            key,
            header: Header::new(settings.signing.algorithm().jwt()),
            app_id: settings.app_id.clone(),
            audience: settings.audience.clone(),
            xmpp_domain: settings.xmpp_domain.clone(),
            context_group: settings.context_group.clone(),
            lifetime: settings.lifetime,
            not_before_leeway: settings.not_before_leeway,
            wildcard_room: settings.wildcard_room,
        }
    }

    /// Whether tokens are signed with RSA keys (slow: about a millisecond each).
    pub fn signs_with_keys(&self) -> bool {
        matches!(self.key, Key::Ring(_))
    }

    /// The claims a token for this user and grant carries at `now` (Unix seconds).
    pub fn claims<'a>(&'a self, user: &'a Identity, grant: Grant<'_>, now: u64) -> JitsiClaims<'a> {
        let tenant = grant.target.tenant.as_ref().map(|t| t.lowercase());
        let sub = tenant.clone().unwrap_or_else(|| self.xmpp_domain.clone());
        let room = if self.wildcard_room { "*".to_owned() } else { grant.target.room.backend_safe() };
        JitsiClaims {
            iss: &self.app_id,
            aud: &self.audience,
            sub,
            room,
            iat: now,
            nbf: now.saturating_sub(self.not_before_leeway.as_secs()),
            exp: now.saturating_add(self.lifetime.as_secs()),
            context: Context {
                user: ContextUser {
                    id: user.user_id.as_deref().unwrap_or(&user.subject),
                    name: Some(user.display_name()),
                    email: user.email.as_deref(),
                    avatar: user.picture.as_deref(),
                    moderator: grant.moderator,
                    affiliation: if grant.moderator { "owner" } else { "member" },
                    lobby_bypass: grant.lobby_bypass,
                    hidden_from_recorder: grant.hidden_from_recorder,
                    role: grant.visitor.then_some("visitor"),
                },
                group: self.context_group.as_deref(),
                tenant,
                features: grant.features,
            },
        }
    }

    /// Sign a token for this user and grant at `now` (Unix seconds).
    pub fn mint_room_token(
        &self,
        user: &Identity,
        grant: Grant<'_>,
        now: u64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = self.claims(user, grant, now);
        match &self.key {
            Key::Secret(key) => jsonwebtoken::encode(&self.header, &claims, key),
            Key::Ring(ring) => {
                let keys = ring.current();
                let at = SystemTime::UNIX_EPOCH + Duration::from_secs(now);
                let key = keys
                    .signing_key(at, ring.publish_before_use())
                    .ok_or_else(|| new_error(ErrorKind::InvalidRsaKey("no signing key".into())))?;
                let header = Header { kid: Some(key.kid().to_owned()), ..self.header.clone() };
                jsonwebtoken::encode(&header, &claims, key.encoding())
            }
        }
    }
}

#[cfg(test)]
#[path = "token_tests.rs"]
mod tests;
