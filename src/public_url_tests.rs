use super::*;

#[test]
fn a_bare_host_serves_from_the_root() {
    let url = PublicUrl::parse("https://auth.example.com/", false).unwrap();
    assert_eq!(url.prefix(), "");
    assert_eq!(url.path("/callback"), "/callback");
    assert_eq!(url.callback().as_str(), "https://auth.example.com/callback");
    assert_eq!(url.cookie_path(), "/");
}

#[test]
fn a_path_prefix_carries_into_every_address() {
    for raw in ["https://meet.example.com/sso", "https://meet.example.com/sso/"] {
        let url = PublicUrl::parse(raw, false).unwrap();
        assert_eq!(url.prefix(), "/sso");
        assert_eq!(url.path("/login?room=a"), "/sso/login?room=a");
        assert_eq!(url.callback().as_str(), "https://meet.example.com/sso/callback");
        assert_eq!(url.url("/signed-out").as_str(), "https://meet.example.com/sso/signed-out");
        assert_eq!(url.cookie_path(), "/sso");
    }
    let nested = PublicUrl::parse("https://meet.example.com/auth/jitsi-sso", false).unwrap();
    assert_eq!(nested.path("/x"), "/auth/jitsi-sso/x");
}

#[test]
fn refuses_urls_that_are_not_a_plain_base() {
    for bad in [
        "auth.example.com",
        "http://auth.example.com",
        "ftp://auth.example.com",
        "https://auth.example.com/?a=b",
        "https://auth.example.com/#x",
        "https://u:p@auth.example.com/",
        "https://auth.example.com/a%20b",
        "https://auth.example.com/a;b",
        "https://auth.example.com//sso",
    ] {
        assert!(PublicUrl::parse(bad, false).is_err(), "{bad}");
    }
    assert!(PublicUrl::parse("http://127.0.0.1:8080", true).is_ok());
}
