//! `jitsi-oidc-bridge explain`: what a user with given groups would get in a
//! room under the current configuration, without signing anyone in. For
//! administrators checking their group mapping.

use crate::config::Settings;
use crate::identity::Identity;
use crate::jitsi::{Client, Delivery, Grant, RoomTarget, TokenSigner};
use crate::policy::Decision;

/// A readable report: the decision, and the token claims when allowed.
pub fn explain(settings: &Settings, groups: &[String], target: &RoomTarget, now: u64) -> String {
    let user = Identity {
        subject: "<the user's sub>".into(),
        name: Some("<the user's name>".into()),
        email: None,
        picture: None,
        groups: groups.to_vec(),
    };
    let groups_text = if groups.is_empty() { "no groups".to_owned() } else { groups.join(", ") };
    match settings.policy.decide(&user, target) {
        Decision::Denied => format!(
            "room {}: a user with {groups_text} is REFUSED (403){}",
            target.display_path(),
            if settings.guests { "; they are offered to join as a guest" } else { "" }
        ),
        Decision::Allowed { moderator } => {
            let signer = TokenSigner::new(&settings.token);
            let claims = signer.claims(&user, Grant { target, moderator }, now);
            let json = serde_json::to_string_pretty(&claims).unwrap_or_else(|e| format!("<claims: {e}>"));
            let redirect = match settings.jitsi.deliver(target, "<token>", &Default::default(), Client::Browser) {
                Delivery::Redirect(url)
                | Delivery::App { browser_url: url, .. }
                | Delivery::Popup { browser_url: url, .. } => url,
            };
            format!(
                "room {}: a user with {groups_text} is ALLOWED as {}\nredirect: {}\ntoken claims:\n{json}",
                target.display_path(),
                if moderator { "a moderator (owner)" } else { "a member" },
                redirect,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        let rooms = "[access.rooms.\"sales/weekly\"]\nmoderator_groups = [\"sales-leads\"]";
        Settings::from_toml(&format!("{}\n{rooms}", crate::config::EXAMPLE_TOML)).unwrap()
    }

    #[test]
    fn reports_refusals_and_the_claims_of_allowed_users() {
        let settings = settings();
        let room = RoomTarget::parse(Some("sales"), "Weekly").unwrap();
        let refused = explain(&settings, &["contractors".into()], &room, 1_000);
        assert!(refused.contains("REFUSED (403)") && refused.contains("join as a guest"), "{refused}");

        let report = explain(&settings, &["employees".into(), "sales-leads".into()], &room, 1_000);
        assert!(report.contains("ALLOWED as a moderator"), "{report}");
        assert!(report.contains("\"sub\": \"sales\"") && report.contains("\"room\": \"weekly\""), "{report}");
        assert!(
            report.contains(
                "https://meet.example.com/sales/Weekly#jwt=%22%3Ctoken%3E%22&config.prejoinConfig.enabled=false"
            ),
            "{report}"
        );
        // A global moderator is a member here: the room rule replaces the global one.
        let member = explain(&settings, &["employees".into(), "moderators".into()], &room, 1_000);
        assert!(member.contains("ALLOWED as a member"), "{member}");
    }
}
