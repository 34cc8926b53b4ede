use super::*;

#[test]
fn known_names_parse_and_unknown_ones_get_the_nearest_name() {
    assert_eq!(Feature::parse("recording").unwrap().name(), "recording");
    assert_eq!(Feature::parse("send-private-message").unwrap().name(), "send-private-message");
    let typo = Feature::parse("recordng").unwrap_err();
    assert!(typo.contains("did you mean \"recording\""), "{typo}");
    let dash = Feature::parse("screen_sharing").unwrap_err();
    assert!(dash.contains("\"screen-sharing\""), "{dash}");
    let far = Feature::parse("teleport").unwrap_err();
    assert!(far.contains("known: branding"), "{far}");
}

#[test]
fn a_set_lists_every_feature_explicitly() {
    let recording = Feature::parse("recording").unwrap();
    let set = FeatureSet::default().with(recording, true);
    let entries: Vec<_> = set.entries().collect();
    assert_eq!(entries.len(), FEATURES.len());
    assert!(entries.contains(&("recording", true)) && entries.contains(&("lobby", false)));
    assert!(!set.with(recording, false).has(recording));
}
