//! Grants that hold only as long as the provider says so: claims re-read after
//! `session.recheck_seconds` (refresh token, then userinfo), group changes
//! applied at once, a refused refresh ending the session, a provider outage
//! bridged for `recheck_grace_seconds` and no longer, and two replicas
//! refreshing one session at once without spending a rotated refresh token twice.
//! Each test that changes users or stops the provider has a provider of its own.

use std::time::Duration;

use crate::helpers::*;

fn rechecking(seconds: u64, grace: u64) -> Options {
    Options {
        session_extra: format!("recheck_seconds = {seconds}\nrecheck_grace_seconds = {grace}"),
        ..Options::default()
    }
}

/// A bridge on `idp` that re-reads claims older than `seconds`, bridging an outage for `grace`.
async fn app_rechecking(idp: &Idp, seconds: u64, grace: u64) -> TestApp {
    spawn_app_with(Options { issuer: Some(idp.issuer.clone()), ..rechecking(seconds, grace) }).await
}

async fn moderator_flag(response: reqwest::Response) -> bool {
    assert_eq!(response.status(), 302, "{}", response.text().await.unwrap_or_default());
    jitsi_token(&location(&response)).2["context"]["user"]["moderator"].as_bool().unwrap()
}

#[tokio::test]
async fn a_moderator_removed_at_the_provider_gets_a_member_token_once_the_claims_are_due() {
    let idp = Idp::start(&[]);
    let app = app_rechecking(&idp, 2, 3600).await;
    assert!(moderator_flag(app.sign_in("/standup", "alice").await).await);

    idp.set_groups("alice", Some(&["employees"])).await;
    // Claims confirmed less than recheck_seconds ago are used as they are...
    assert!(moderator_flag(app.get("/standup").await).await);
    // ...and re-read once they are due: the removal applies with no new sign-in.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert!(!moderator_flag(app.get("/standup").await).await, "still a moderator after the removal");
    // The re-read kept the session (and its rotated refresh token) working.
    assert!(!moderator_flag(app.get("/retro").await).await);
    let sessions = app.stored_keys().await.into_iter().filter(|k| k.contains(":session:")).count();
    assert_eq!(sessions, 1);
}

#[tokio::test]
async fn a_user_who_lost_every_allowed_group_is_refused_and_signed_out() {
    let idp = Idp::start(&[]);
    let app = app_rechecking(&idp, 0, 3600).await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);

    idp.set_groups("bob", Some(&["contractors"])).await;
    let response = app.get("/standup").await;
    assert_eq!(response.status(), 403);
    let cleared = response.headers().get_all("set-cookie").iter().any(|c| {
        let c = c.to_str().unwrap();
        c.starts_with("jitsi-sso=;") && c.contains("Max-Age=0")
    });
    assert!(cleared, "the 403 clears the session cookie");
    assert!(response.text().await.unwrap().contains("not in a group allowed"));
    assert!(app.stored_keys().await.iter().all(|k| !k.contains(":session:")), "the session is gone");
}

#[tokio::test]
async fn a_refresh_the_provider_refuses_ends_the_session_and_the_visitor_signs_in_again() {
    let idp = Idp::start(&[]);
    let app = app_rechecking(&idp, 0, 3600).await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
    assert_eq!(app.get("/standup").await.status(), 302, "the refresh works while the grant stands");

    assert!(idp.revoke_grants("bob").await >= 1);
    let response = app.get("/standup").await;
    assert_eq!(response.status(), 302);
    assert!(location(&response).starts_with(&idp.issuer), "sent to the provider, not into the room");
    assert!(app.stored_keys().await.iter().all(|k| !k.contains(":session:")), "the session ended");

    // The provider's own session is still there: the new sign-in is silent and fresh.
    let callback = app.login_at_idp(&location(&response), "bob").await;
    let response = app.client.get(callback).send().await.unwrap();
    assert_eq!(jitsi_token(&location(&response)).2["context"]["user"]["id"], "u-bob");
}

#[tokio::test]
async fn without_a_refresh_token_userinfo_confirms_the_claims() {
    let idp = Idp::start(&[]);
    let options = Options { issuer: Some(idp.issuer.clone()), refresh_tokens: false, ..rechecking(0, 3600) };
    let app = spawn_app_with(options).await;
    assert!(moderator_flag(app.sign_in("/standup", "alice").await).await);
    idp.set_groups("alice", Some(&["employees"])).await;
    assert!(!moderator_flag(app.get("/standup").await).await, "userinfo with the access token re-read the groups");
}

#[tokio::test]
async fn an_unreachable_provider_is_bridged_for_the_grace_period_then_503() {
    let idp = Idp::start(&[]);
    let app = app_rechecking(&idp, 0, 3).await;
    assert!(moderator_flag(app.sign_in("/standup", "alice").await).await);

    idp.stop();
    // Claims confirmed under 3 s ago: still used, and the visitor notices nothing.
    assert!(moderator_flag(app.get("/standup").await).await);
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let response = app.get("/standup").await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "30");
    let page = response.text().await.unwrap();
    assert!(page.contains("cannot be reached") && !page.contains("jwt="), "{page}");
}

#[tokio::test]
async fn with_no_grace_an_unreachable_provider_is_503_at_once() {
    let idp = Idp::start(&[]);
    let app = app_rechecking(&idp, 0, 0).await;
    assert_eq!(app.sign_in("/standup", "bob").await.status(), 302);
    idp.stop();
    assert_eq!(app.get("/standup").await.status(), 503);
}

/// Providers that rotate refresh tokens refuse one spent twice, and oidc-provider
/// then revokes the whole grant: without the per-session lock, two replicas
/// re-reading at once would sign the user out.
#[tokio::test]
async fn two_replicas_refreshing_one_session_at_once_spend_each_refresh_token_once() {
    let idp = Idp::start(&[]);
    let options = Options { issuer: Some(idp.issuer.clone()), separate_processes: true, ..rechecking(0, 0) };
    let replicas = spawn_replicas(2, options).await;
    let (a, b) = (&replicas[0], &replicas[1]);
    assert_eq!(a.sign_in("/standup", "bob").await.status(), 302);
    let cookie = a.cookie("jitsi-sso").expect("a session cookie");

    let mut visits = tokio::task::JoinSet::new();
    for i in 0..8 {
        let url = format!("{}/room-{i}", if i % 2 == 0 { &a.address } else { &b.address });
        visits.spawn(visit_with_cookie(url, cookie.clone()));
    }
    while let Some(response) = visits.join_next().await {
        let target = location(&response.unwrap());
        assert!(target.starts_with(JITSI_BASE), "a visit was sent to sign in again: {target}");
        assert_eq!(jitsi_token(&target).2["context"]["user"]["id"], "u-bob");
    }
    // The grant survived: the next re-read still works on either replica.
    for replica in [a, b] {
        let response = visit_with_cookie(format!("{}/after", replica.address), cookie.clone()).await;
        assert!(location(&response).starts_with(JITSI_BASE), "signed out after the concurrent refreshes");
    }
}

async fn visit_with_cookie(url: String, cookie: String) -> reqwest::Response {
    let client = browser(std::sync::Arc::default());
    client.get(url).header("cookie", format!("jitsi-sso={cookie}")).send().await.unwrap()
}
