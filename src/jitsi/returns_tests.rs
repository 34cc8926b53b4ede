use super::*;

fn returns(token_in: TokenIn, skip_prejoin: bool) -> Returns {
    let base = JitsiBaseUrl::parse("https://meet.example.com").unwrap();
    Returns::new(base, token_in, skip_prejoin, AppSchemes::default())
}

fn target() -> RoomTarget {
    RoomTarget::parse(Some("sales"), "weekly").unwrap()
}

#[test]
fn a_browser_is_redirected_with_the_token_where_configured() {
    let none = ConfigOverrides::default();
    let fragment = returns(TokenIn::Fragment, true).deliver(&target(), "t.o.k", &none, Client::Browser);
    let expected = "https://meet.example.com/sales/weekly#jwt=%22t.o.k%22&config.prejoinConfig.enabled=false";
    assert_eq!(fragment, Delivery::Redirect(expected.to_owned()));
    let query = returns(TokenIn::Query, false).deliver(&target(), "t.o.k", &none, Client::Browser);
    let expected = "https://meet.example.com/sales/weekly?jwt=t.o.k";
    assert_eq!(query, Delivery::Redirect(expected.to_owned()));
}

#[test]
fn apps_get_their_scheme_and_android_its_token_in_the_query() {
    let none = ConfigOverrides::default();
    let r = returns(TokenIn::Fragment, true);
    let Delivery::App { app_url, browser_url, .. } =
        r.deliver(&target(), "t.o.k", &none, Client::App(JitsiApp::Electron))
    else {
        panic!("an app page");
    };
    assert_eq!(
        app_url,
        "jitsi-meet://meet.example.com/sales/weekly#jwt=%22t.o.k%22&config.prejoinConfig.enabled=false"
    );
    assert_eq!(
        Url::parse(&browser_url).unwrap().fragment(),
        Some("jwt=%22t.o.k%22&config.prejoinConfig.enabled=false")
    );
    let Delivery::App { app_url, .. } = r.deliver(&target(), "t.o.k", &none, Client::App(JitsiApp::Android)) else {
        panic!("an app page");
    };
    assert_eq!(
        app_url,
        "intent://meet.example.com/sales/weekly?jwt=t.o.k#Intent;scheme=org.jitsi.meet;package=org.jitsi.meet;end"
    );
}

#[test]
fn the_popup_posts_to_the_jitsi_origin_only() {
    let r = returns(TokenIn::Fragment, false);
    let Delivery::Popup { token, jitsi_origin, .. } =
        r.deliver(&target(), "t.o.k", &ConfigOverrides::default(), Client::Popup)
    else {
        panic!("a popup page");
    };
    assert_eq!((token.as_str(), jitsi_origin.as_str()), ("t.o.k", "https://meet.example.com"));
}

#[test]
fn guests_keep_their_overrides_and_get_no_prejoin_change() {
    let url = returns(TokenIn::Fragment, true).guest_url(&target(), &ConfigOverrides::default());
    assert_eq!(url.as_str(), "https://meet.example.com/sales/weekly");
}
