//! The administrator's policy through real sign-ins at the test provider:
//! features and lobby bypass in the minted token, case-insensitive and
//! Keycloak path groups, e-mail domains that count only when verified.

use serde_json::Value;

use crate::helpers::*;

async fn claims_after_sign_in(app: &TestApp, room: &str, login: &str) -> Option<Value> {
    let response = app.sign_in(room, login).await;
    match response.status().as_u16() {
        302 => Some(jitsi_token(&location(&response)).2),
        403 => None,
        other => panic!("{login}: unexpected {other}"),
    }
}

#[tokio::test]
async fn features_and_lobby_bypass_are_in_the_token_as_configured() {
    let options = Options {
        access_extra: r#"lobby_bypass_groups = ["employees"]
hidden_from_recorder_groups = ["moderators"]
visitor_groups = ["employees"]
[access.features]
recording = ["moderators"]
screen-sharing = ["*"]
[access.rooms."town-hall".features]
screen-sharing = []
"#
        .into(),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    let alice = claims_after_sign_in(&app, "/standup", "alice").await.unwrap();
    let features = &alice["context"]["features"];
    assert_eq!(features.as_object().unwrap().len(), 20, "every Jitsi feature, explicitly: {features}");
    assert_eq!((features["recording"].as_bool(), features["screen-sharing"].as_bool()), (Some(true), Some(true)));
    assert_eq!(features["livestreaming"], true, "a moderator keeps what no rule names");
    assert_eq!(alice["context"]["user"]["lobby_bypass"], true);
    assert_eq!(alice["context"]["user"]["hidden-from-recorder"], true);
    assert!(alice["context"]["user"].get("role").is_none(), "a moderator is never a visitor");

    let bob = claims_after_sign_in(&app.another_browser(), "/town-hall", "bob").await.unwrap();
    let features = &bob["context"]["features"];
    assert_eq!(features["recording"], false);
    assert_eq!(features["screen-sharing"], false, "the room rule takes it away");
    assert_eq!(features["livestreaming"], false, "a member does not get what no rule names");
    assert_eq!(bob["context"]["user"]["lobby_bypass"], true);
    assert!(bob["context"]["user"].get("hidden-from-recorder").is_none(), "only the named groups");
    assert_eq!(bob["context"]["user"]["role"], "visitor");
}

#[tokio::test]
async fn without_feature_rules_the_token_has_no_features_and_no_lobby_bypass() {
    let app = spawn_app().await;
    let alice = claims_after_sign_in(&app, "/standup", "alice").await.unwrap();
    assert!(alice["context"].get("features").is_none(), "Jitsi's defaults apply: {alice}");
    assert!(alice["context"]["user"].get("lobby_bypass").is_none());
}

#[tokio::test]
async fn keycloak_path_groups_match_case_insensitively_when_configured() {
    let exact = spawn_app().await;
    assert!(
        claims_after_sign_in(&exact, "/standup", "frank").await.is_none(),
        "exact: /Employees/Sales is not employees"
    );

    let options = Options {
        oidc_extra: "groups_are_paths = true".into(),
        access_extra: "group_match = \"case-insensitive\"".into(),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    let frank = claims_after_sign_in(&app, "/standup", "frank").await.expect("/Employees/Sales is in employees");
    assert_eq!(frank["context"]["user"]["moderator"], false, "/Staff/Moderators is not moderators");

    let options = Options {
        oidc_extra: "groups_are_paths = true".into(),
        access_extra:
            "group_match = \"case-insensitive\"\n[access.rooms.standup]\nmoderator_groups = [\"/staff/moderators\"]"
                .into(),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    let frank = claims_after_sign_in(&app, "/standup", "frank").await.unwrap();
    assert_eq!(frank["context"]["user"]["moderator"], true);
}

#[tokio::test]
async fn hidden_from_recorder_and_visitor_role_are_in_the_token_as_configured() {
    let options = Options {
        access_extra: r#"hidden_from_recorder_groups = ["moderators"]
[access.rooms."town-hall"]
visitor_groups = ["employees"]
"#
        .into(),
        ..Options::default()
    };
    let app = spawn_app_with(options).await;
    let alice = claims_after_sign_in(&app, "/town-hall", "alice").await.unwrap();
    assert_eq!(alice["context"]["user"]["hidden-from-recorder"], true);
    assert!(alice["context"]["user"].get("role").is_none(), "a moderator is never a visitor: {alice}");
    let bob = claims_after_sign_in(&app.another_browser(), "/town-hall", "bob").await.unwrap();
    assert_eq!(bob["context"]["user"]["role"], "visitor");
    assert!(bob["context"]["user"].get("hidden-from-recorder").is_none());
    let bob = claims_after_sign_in(&app.another_browser(), "/standup", "bob").await.unwrap();
    assert!(bob["context"]["user"].get("role").is_none(), "only in the town hall: {bob}");
}

#[tokio::test]
async fn an_email_domain_admits_only_verified_addresses() {
    let options =
        Options { access_extra: "allowed_email_domains = [\"partner.example\"]".into(), ..Options::default() };
    let app = spawn_app_with(options).await;
    let heidi = claims_after_sign_in(&app, "/standup", "heidi").await.expect("verified partner.example");
    assert_eq!(heidi["context"]["user"]["moderator"], false);
    assert!(claims_after_sign_in(&app.another_browser(), "/standup", "ivan").await.is_none(), "unverified");
    assert!(claims_after_sign_in(&app.another_browser(), "/standup", "carol").await.is_none(), "other domain");
}

#[test]
fn an_unknown_feature_is_refused_with_the_nearest_name() {
    let config = format!("{}\n[access.features]\nrecordng = [\"x\"]\n", crate::config_check::CONFIG);
    let error = jitsi_oidc_bridge::config::Settings::from_toml(&config).unwrap_err().to_string();
    assert!(
        error.contains("access.features.recordng: \"recordng\" is not a Jitsi feature; did you mean \"recording\"?"),
        "{error}"
    );
}
