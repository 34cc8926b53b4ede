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
