use super::*;
use serde_json::json;

fn extra(value: Value) -> ExtraClaims {
    serde_json::from_value(value).unwrap()
}

#[test]
fn groups_from_arrays_strings_urls_and_paths() {
    let claims = extra(json!({
        "groups": ["a", "b", 3],
        "single": "solo",
        "https://example.com/groups": ["u"],
        "realm_access": {"roles": ["r1"]},
        "weird": {"x": 1}
    }));
    assert_eq!(claims.groups("groups"), Some(vec!["a".into(), "b".into()]));
    assert_eq!(claims.groups("single"), Some(vec!["solo".into()]));
    assert_eq!(claims.groups("https://example.com/groups"), Some(vec!["u".into()]));
    assert_eq!(claims.groups("realm_access.roles"), Some(vec!["r1".into()]));
    assert_eq!(claims.groups("weird"), None);
    assert_eq!(claims.groups("missing"), None);
}

#[test]
fn id_token_fields_win_over_userinfo() {
    let id = Profile { name: Some("A".into()), groups: None, ..Default::default() };
    let info = Profile {
        name: Some("B".into()),
        email: Some("e".into()),
        groups: Some(vec!["g".into()]),
        ..Default::default()
    };
    let merged = id.or(info).into_identity("s".into(), 1000);
    assert_eq!(merged.name.as_deref(), Some("A"));
    assert_eq!(merged.email.as_deref(), Some("e"));
    assert_eq!(merged.groups, vec!["g".to_string()]);
}

#[test]
fn several_claims_pool_their_groups_and_an_overage_is_seen() {
    let claims = extra(json!({"groups": ["a", "b"], "realm_access": {"roles": ["b", "r"]}}));
    let both = ["groups".to_owned(), "realm_access.roles".to_owned()];
    assert_eq!(claims.groups_from(&both), Some(vec!["a".into(), "b".into(), "r".into()]));
    assert_eq!(claims.groups_from(&["missing".to_owned()]), None);
    let entra =
        extra(json!({"_claim_names": {"groups": "src1"}, "_claim_sources": {"src1": {"endpoint": "https://graph"}}}));
    assert!(entra.groups_overage() && !claims.groups_overage());
    assert_eq!(entra.groups_from(&both), None, "no groups listed");
}

#[test]
fn values_are_cleaned_names_cut_and_groups_capped() {
    let profile = Profile {
        name: Some(format!("Ann\u{202E}nimda\u{0007} {}", "x".repeat(400))),
        email: Some("ann@example.com\n".into()),
        groups: Some((0..1500).map(|i| format!("g{i}")).chain(["\u{2066}".into()]).collect()),
        ..Profile::default()
    };
    let identity = profile.into_identity("s".into(), 1000);
    let name = identity.name.unwrap();
    assert!(name.starts_with("Annnimda x") && name.chars().count() == MAX_NAME_CHARS, "{name}");
    assert_eq!(identity.email.as_deref(), Some("ann@example.com"));
    assert_eq!(identity.groups.len(), 1000);
    assert_eq!(clean("Ümlaut é 日本"), "Ümlaut é 日本", "ordinary text is kept");
}

#[test]
fn a_claim_mapping_picks_the_first_present_name_and_other_fields() {
    let lookup = |claim: &str| match claim {
        "upn" => Some("ann@corp.example".to_owned()),
        "display" => Some("  ".to_owned()),
        "oid" => Some("0f2c".to_owned()),
        "photo" => Some("javascript:alert(1)".to_owned()),
        _ => None,
    };
    let mapping = ClaimMapping {
        name: Some(vec!["missing".into(), "display".into(), "upn".into()]),
        email: Some("upn".into()),
        avatar: Some("photo".into()),
        id: Some("oid".into()),
    };
    let profile = Profile { name: Some("Default".into()), ..Profile::default() }.mapped(&mapping, lookup);
    assert_eq!(profile.name.as_deref(), Some("ann@corp.example"), "blank values are skipped");
    assert_eq!(profile.email.as_deref(), Some("ann@corp.example"));
    assert_eq!(profile.picture, None, "only http(s) pictures");
    assert_eq!(profile.user_id.as_deref(), Some("0f2c"));
    let untouched = Profile { name: Some("Default".into()), ..Profile::default() };
    assert_eq!(untouched.clone().mapped(&ClaimMapping::default(), lookup), untouched);
}
