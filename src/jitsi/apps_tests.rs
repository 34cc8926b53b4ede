use super::*;

fn room(url: &str) -> Url {
    Url::parse(url).unwrap()
}

#[test]
fn each_app_gets_its_own_address_for_the_same_meeting() {
    let schemes = AppSchemes::default();
    let url = room("https://meet.example.com/sales/Caf%C3%A9#jwt=%22a.b.c%22&config.x=1");
    assert_eq!(
        schemes.app_url(JitsiApp::Electron, &url),
        "jitsi-meet://meet.example.com/sales/Caf%C3%A9#jwt=%22a.b.c%22&config.x=1"
    );
    assert_eq!(
        schemes.app_url(JitsiApp::Ios, &url),
        "org.jitsi.meet://meet.example.com/sales/Caf%C3%A9#jwt=%22a.b.c%22&config.x=1"
    );
    let android_room = room("https://meet.example.com:8443/standup?jwt=a.b.c");
    assert_eq!(
        schemes.app_url(JitsiApp::Android, &android_room),
        "intent://meet.example.com:8443/standup?jwt=a.b.c#Intent;scheme=org.jitsi.meet;package=org.jitsi.meet;end"
    );
}

#[test]
fn branded_schemes_are_used_and_checked() {
    let schemes = AppSchemes::new("acme-meet", "com.acme.meet", "com.acme.meet").unwrap();
    let url = room("https://meet.acme.com/standup?jwt=t");
    assert!(schemes.app_url(JitsiApp::Electron, &url).starts_with("acme-meet://meet.acme.com/standup"));
    assert!(schemes
        .app_url(JitsiApp::Android, &url)
        .ends_with("#Intent;scheme=com.acme.meet;package=com.acme.meet;end"));
    for (electron, mobile, package) in [
        ("https", "org.jitsi.meet", "org.jitsi.meet"),
        ("jitsi-meet", "javascript", "org.jitsi.meet"),
        ("1abc", "org.jitsi.meet", "org.jitsi.meet"),
        ("jitsi meet", "org.jitsi.meet", "org.jitsi.meet"),
        ("jitsi-meet", "org.jitsi.meet", "org.jitsi;end"),
        ("jitsi-meet", "org.jitsi.meet", ""),
    ] {
        assert!(AppSchemes::new(electron, mobile, package).is_err(), "{electron} {mobile} {package}");
    }
}
