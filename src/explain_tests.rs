use super::*;

fn settings(extra: &str) -> Settings {
    let rooms = "[access.rooms.\"sales/weekly\"]\nmoderator_groups = [\"sales-leads\"]";
    Settings::from_toml(&format!("{}\n{extra}\n{rooms}", crate::config::EXAMPLE_TOML)).unwrap()
}

fn groups(list: &[&str]) -> Identity {
    sample_user(list.iter().map(|g| g.to_string()).collect(), None)
}

#[test]
fn reports_refusals_and_the_claims_of_allowed_users() {
    let settings = settings("");
    let room = RoomTarget::parse(Some("sales"), "Weekly").unwrap();
    let refused = explain(&settings, &groups(&["contractors"]), &room, 1_000);
    assert_eq!(refused.outcome, Outcome::Refused);
    assert!(
        refused.text().contains("REFUSED (403)") && refused.text().contains("join as a guest"),
        "{}",
        refused.text()
    );

    let report = explain(&settings, &groups(&["employees", "sales-leads"]), &room, 1_000);
    assert_eq!(report.outcome, Outcome::Moderator);
    let text = report.text();
    assert!(text.contains("moderator            true  by rule room:sales/weekly"), "{text}");
    assert!(text.contains("\"sub\": \"sales\"") && text.contains("\"room\": \"weekly\""), "{text}");
    assert!(
        text.contains("https://meet.example.com/sales/Weekly#jwt=%22%3Ctoken%3E%22&config.prejoinConfig.enabled=false"),
        "{text}"
    );
    // A global moderator is a member here: the room rule replaces the global one.
    let member = explain(&settings, &groups(&["employees", "moderators"]), &room, 1_000);
    assert_eq!(member.outcome, Outcome::Member);
    let json: Value = serde_json::from_str(&member.json()).unwrap();
    assert_eq!(json["decisions"]["moderator"]["rule"], "room:sales/weekly");
    assert_eq!(json["decisions"]["allowed"]["rule"], "global");
    assert_eq!(json["outcome"], "member");
}

#[test]
fn features_and_lobby_bypass_are_explained_per_field() {
    let settings = settings(""); // EXAMPLE_TOML's [access] is the last table before the extras
    let with_features = Settings::from_toml(&format!(
        "{}\nlobby_bypass_groups = [\"employees\"]\n[access.features]\nrecording = [\"recorders\"]",
        crate::config::EXAMPLE_TOML
    ))
    .unwrap();
    let room = RoomTarget::parse(None, "standup").unwrap();
    let plain: Value = serde_json::from_str(&explain(&settings, &groups(&["employees"]), &room, 1_000).json()).unwrap();
    assert!(plain["token_claims"]["context"].get("features").is_none(), "no feature rule, no features");
    let report = explain(&with_features, &groups(&["employees", "recorders"]), &room, 1_000);
    let json: Value = serde_json::from_str(&report.json()).unwrap();
    assert_eq!(json["decisions"]["features"]["recording"]["rule"], "global");
    assert_eq!(json["decisions"]["features"]["lobby"]["rule"], "moderator flag (no rule names it)");
    assert_eq!(json["token_claims"]["context"]["features"]["recording"], true);
    assert_eq!(json["token_claims"]["context"]["features"]["lobby"], false);
    assert_eq!(json["token_claims"]["context"]["user"]["lobby_bypass"], true);
    assert_eq!(json["decisions"]["lobby_bypass"]["rule"], "global");
    assert_eq!(json["decisions"]["visitor"]["value"], false);
    assert_eq!(json["decisions"]["hidden_from_recorder"]["rule"], "global");
}

#[test]
fn an_id_token_payload_is_read_without_its_signature() {
    let payload = json!({"sub": "u-1", "preferred_username": "ann", "email": "ann@example.com",
                         "email_verified": true, "realm_access": {"roles": ["jitsi-mod"]}});
    let token = format!("e30.{}.sig", URL_SAFE_NO_PAD.encode(payload.to_string()));
    let user = user_from_id_token(&token, &["realm_access.roles".to_owned()]).unwrap();
    assert_eq!((user.subject.as_str(), user.name.as_deref(), user.email_verified), ("u-1", Some("ann"), true));
    assert_eq!(user.groups, ["jitsi-mod"]);
    assert_eq!(user_from_id_token(&payload.to_string(), &["groups".to_owned()]).unwrap().groups, Vec::<String>::new());
    assert!(user_from_id_token("nonsense", &["groups".to_owned()]).is_err());
}
