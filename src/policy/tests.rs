use super::*;

fn list(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn user(groups: &[&str]) -> Identity {
    Identity {
        user_id: None,
        subject: "s".into(),
        name: None,
        email: None,
        email_verified: false,
        picture: None,
        groups: list(groups),
    }
}

fn target(tenant: Option<&str>, room: &str) -> RoomTarget {
    RoomTarget::parse(tenant, room).unwrap()
}

fn who(groups: &[&str]) -> Matcher {
    Matcher::new(&list(groups), &[], GroupComparison::default())
}

fn feature(name: &str) -> Feature {
    Feature::parse(name).unwrap()
}

fn policy() -> AccessPolicy {
    let mut p = AccessPolicy::new(who(&["employees"]), who(&["moderators"]));
    p.tenants
        .insert("partners".to_string(), Rule { allowed: Some(who(&["employees", "contractors"])), ..Rule::default() });
    p.rooms.insert(
        RoomKey { tenant: None, room: "all-hands".into() },
        Rule { moderators: Some(who(&["executives"])), ..Rule::default() },
    );
    p
}

fn grants(p: &AccessPolicy, groups: &[&str], t: &RoomTarget) -> Option<Grants> {
    match p.decide(&user(groups), t) {
        Decision::Allowed(grants) => Some(grants),
        Decision::Denied => None,
    }
}

fn moderator(p: &AccessPolicy, groups: &[&str], t: &RoomTarget) -> Option<bool> {
    grants(p, groups, t).map(|g| g.moderator)
}

#[test]
fn global_groups_decide_sign_in_and_moderation() {
    let p = policy();
    let room = target(None, "standup");
    assert_eq!(moderator(&p, &["employees"], &room), Some(false));
    assert_eq!(moderator(&p, &["employees", "moderators"], &room), Some(true));
    assert_eq!(moderator(&p, &["contractors"], &room), None);
    assert_eq!(moderator(&p, &[], &room), None);
    assert_eq!(moderator(&p, &["moderators"], &room), None, "a moderator group alone lets nobody in");
    assert_eq!(moderator(&p, &["Employees", "/employees"], &room), None, "exact by default");
}

#[test]
fn a_tenant_rule_widens_who_may_sign_in_there_only() {
    let p = policy();
    assert_eq!(moderator(&p, &["contractors"], &target(Some("Partners"), "x")), Some(false));
    assert_eq!(moderator(&p, &["contractors"], &target(Some("other"), "x")), None);
    let reasoned = p.reasoned(&user(&["contractors"]), &target(Some("partners"), "x"));
    assert_eq!((reasoned.allowed_by, reasoned.moderator_by), (Source::Tenant, Source::Global));
}

#[test]
fn a_room_rule_replaces_the_broader_field_unless_it_extends_it() {
    let mut p = policy();
    let room = target(None, "All-Hands");
    assert_eq!(moderator(&p, &["employees", "moderators"], &room), Some(false), "replaced");
    assert_eq!(moderator(&p, &["employees", "executives"], &room), Some(true));
    assert_eq!(p.reasoned(&user(&["employees", "moderators"]), &room).moderator_by, Source::Room);
    // The same room under a tenant is another room.
    assert_eq!(moderator(&p, &["employees", "executives"], &target(Some("partners"), "all-hands")), Some(false));

    p.rooms.get_mut(&RoomKey { tenant: None, room: "all-hands".into() }).unwrap().extend = true;
    assert_eq!(moderator(&p, &["employees", "moderators"], &room), Some(true), "extended: global moderators too");
    assert_eq!(p.reasoned(&user(&["employees", "moderators"]), &room).moderator_by, Source::Global);
    assert_eq!(moderator(&p, &["employees", "executives"], &room), Some(true));
}

#[test]
fn precedence_is_room_then_tenant_then_global() {
    let mut p = policy();
    p.tenants.insert("sales".into(), Rule { moderators: Some(who(&["sales-leads"])), ..Rule::default() });
    p.rooms.insert(
        RoomKey { tenant: Some("sales".into()), room: "board".into() },
        Rule { moderators: Some(who(&["board"])), ..Rule::default() },
    );
    let (weekly, board) = (target(Some("sales"), "weekly"), target(Some("sales"), "board"));
    assert_eq!(moderator(&p, &["employees", "sales-leads"], &weekly), Some(true));
    assert_eq!(moderator(&p, &["employees", "moderators"], &weekly), Some(false), "the tenant's rule replaces");
    assert_eq!(moderator(&p, &["employees", "sales-leads"], &board), Some(false), "the room's rule replaces");
    assert_eq!(moderator(&p, &["employees", "board"], &board), Some(true));
    assert_eq!(AccessPolicy::source_label(Source::Room, &board), "room:sales/board");
    assert_eq!(AccessPolicy::source_label(Source::Tenant, &board), "tenant:sales");
}

#[test]
fn lobby_bypass_follows_its_own_rules() {
    let mut p = policy();
    let room = target(None, "standup");
    assert!(!grants(&p, &["employees"], &room).unwrap().lobby_bypass, "nobody by default");
    p.global.lobby_bypass = Some(who(&["employees"]));
    assert!(grants(&p, &["employees"], &room).unwrap().lobby_bypass);
    p.rooms.insert(
        RoomKey { tenant: None, room: "interviews".into() },
        Rule { lobby_bypass: Some(Matcher::nobody()), ..Rule::default() },
    );
    assert!(!grants(&p, &["employees"], &target(None, "interviews")).unwrap().lobby_bypass);
}

#[test]
fn without_feature_rules_tokens_carry_no_features() {
    let p = policy();
    assert_eq!(grants(&p, &["employees", "moderators"], &target(None, "x")).unwrap().features, None);
    assert!(!p.has_feature_rules());
}

#[test]
fn with_a_feature_rule_every_feature_is_explicit() {
    let mut p = policy();
    p.global.features.insert(feature("recording"), who(&["recorders"]));
    p.global.features.insert(feature("screen-sharing"), who(&["*"]));
    let room = target(None, "x");
    let member = grants(&p, &["employees"], &room).unwrap().features.unwrap();
    assert!(!member.has(feature("recording")));
    assert!(member.has(feature("screen-sharing")), "named for anyone");
    assert!(!member.has(feature("livestreaming")), "unnamed: a member does not get it");
    let recorder = grants(&p, &["employees", "recorders"], &room).unwrap().features.unwrap();
    assert!(recorder.has(feature("recording")));
    let moderator = grants(&p, &["employees", "moderators"], &room).unwrap().features.unwrap();
    assert!(moderator.has(feature("livestreaming")), "unnamed: follows the moderator flag");
    assert!(!moderator.has(feature("recording")), "named: only the named groups, moderators too");
    let reasoned = p.reasoned(&user(&["employees"]), &room);
    assert!(reasoned.features_by.contains(&(feature("recording"), Some(Source::Global))));
    assert!(reasoned.features_by.contains(&(feature("lobby"), None)));
}

#[test]
fn a_room_can_take_one_feature_away_and_keep_the_rest() {
    let mut p = policy();
    p.global.features.insert(feature("recording"), who(&["*"]));
    p.global.features.insert(feature("transcription"), who(&["*"]));
    p.rooms.insert(
        RoomKey { tenant: None, room: "hr".into() },
        Rule { features: [(feature("recording"), Matcher::nobody())].into(), ..Rule::default() },
    );
    let hr = grants(&p, &["employees"], &target(None, "hr")).unwrap().features.unwrap();
    assert!(!hr.has(feature("recording")) && hr.has(feature("transcription")));
}

#[test]
fn case_insensitive_and_path_groups_apply_everywhere() {
    let comparison = GroupComparison { mode: GroupMatch::CaseInsensitive, paths: true };
    let m = |groups: &[&str]| Matcher::new(&list(groups), &[], comparison);
    let mut p = AccessPolicy::new(m(&["Employees"]), m(&["/Employees/Leads"]));
    p.comparison = comparison;
    let room = target(None, "x");
    assert_eq!(moderator(&p, &["/employees/sales"], &room), Some(false));
    assert_eq!(moderator(&p, &["/EMPLOYEES/leads/emea"], &room), Some(true));
    assert_eq!(moderator(&p, &["/staff"], &room), None);
}

#[test]
fn a_user_is_admitted_somewhere_while_any_rule_lets_them_in() {
    let p = policy();
    assert!(p.admits_anywhere(&user(&["employees"])));
    assert!(p.admits_anywhere(&user(&["contractors"])), "the partners tenant admits contractors");
    assert!(!p.admits_anywhere(&user(&["moderators"])), "moderator groups alone admit nobody");
    assert!(!p.admits_anywhere(&user(&[])));
}

#[test]
fn star_means_anyone_authenticated() {
    let mut p = policy();
    p.global.allowed = Some(who(&["*"]));
    assert_eq!(moderator(&p, &[], &target(None, "x")), Some(false));
}

#[test]
fn visitors_and_hidden_participants_follow_their_rules_and_moderators_are_never_visitors() {
    let mut p = policy();
    p.global.visitor = Some(who(&["employees"]));
    p.global.hidden_from_recorder = Some(who(&["executives"]));
    let room = target(None, "x");
    let member = grants(&p, &["employees"], &room).unwrap();
    assert!(member.visitor && !member.hidden_from_recorder);
    let moderator = grants(&p, &["employees", "moderators", "executives"], &room).unwrap();
    assert!(!moderator.visitor && moderator.hidden_from_recorder);
}
