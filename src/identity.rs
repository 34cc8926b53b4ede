//! Who a signed-in employee is, as read from the identity provider's claims.
//! Stored in the session, fed to the access policy and to token minting.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The provider's `sub`: stable, opaque, unique per provider.
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The provider vouches for `email` (`email_verified`); e-mail domain rules need it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub email_verified: bool,
    /// URL of the user's picture (`picture` claim); Jitsi shows it as the avatar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// `context.user.id` when `oidc.claims.id` names another claim than `sub`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Group names from the configured groups claim, exactly as the provider sent them.
    #[serde(default)]
    pub groups: Vec<String>,
}

impl Identity {
    /// The name to greet the user with: their name, else their e-mail, else the subject.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().or(self.email.as_deref()).unwrap_or(&self.subject)
    }
}
