//! Who may sign in and who becomes a moderator, decided from the user's IdP
//! groups and the room they asked for. Pure: no I/O, no clock.
//!
//! Precedence: a room rule beats its tenant's rule, which beats the global rule.
//! Group names are compared exactly (case and all), as the provider sends them.

use std::collections::HashMap;

use crate::identity::Identity;
use crate::jitsi::{RoomTarget, TenantName};

/// Groups that match, or everybody the provider authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupSet {
    Anyone,
    Only(Vec<String>),
}

impl GroupSet {
    /// `["*"]` means anyone; otherwise the listed group names.
    pub fn from_list(groups: &[String]) -> Self {
        if groups.iter().any(|g| g == "*") {
            Self::Anyone
        } else {
            Self::Only(groups.to_vec())
        }
    }

    pub fn matches(&self, user_groups: &[String]) -> bool {
        match self {
            Self::Anyone => true,
            Self::Only(wanted) => wanted.iter().any(|g| user_groups.contains(g)),
        }
    }
}

/// Overrides for one tenant or one room; `None` falls back to the broader rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    pub allowed: Option<GroupSet>,
    pub moderators: Option<GroupSet>,
}

/// A room rule's key: the room's backend-safe name, under a tenant or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoomKey {
    pub tenant: Option<String>,
    pub room: String,
}

impl RoomKey {
    pub fn of(target: &RoomTarget) -> Self {
        Self { tenant: target.tenant.as_ref().map(TenantName::lowercase), room: target.room.backend_safe() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPolicy {
    pub allowed: GroupSet,
    pub moderators: GroupSet,
    /// Keyed by lower-case tenant name.
    pub tenants: HashMap<String, Rule>,
    pub rooms: HashMap<RoomKey, Rule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Not in any group allowed for this room.
    Denied,
    Allowed {
        moderator: bool,
    },
}

impl AccessPolicy {
    pub fn decide<'a>(&'a self, user: &Identity, target: &RoomTarget) -> Decision {
        let tenant_rule = target.tenant.as_ref().and_then(|t| self.tenants.get(&t.lowercase()));
        // Computing the key normalises the name: skip it when there are no room rules.
        let room_rule = if self.rooms.is_empty() { None } else { self.rooms.get(&RoomKey::of(target)) };
        let pick = |field: fn(&Rule) -> Option<&GroupSet>, global: &'a GroupSet| -> &'a GroupSet {
            room_rule.and_then(field).or_else(|| tenant_rule.and_then(field)).unwrap_or(global)
        };
        let allowed = pick(|r| r.allowed.as_ref(), &self.allowed);
        if !allowed.matches(&user.groups) {
            return Decision::Denied;
        }
        let moderators = pick(|r| r.moderators.as_ref(), &self.moderators);
        Decision::Allowed { moderator: moderators.matches(&user.groups) }
    }

    /// Whether some rule (global, a tenant's or a room's) would let `user` in
    /// somewhere. A session whose user no rule admits any more has no use.
    pub fn admits_anywhere(&self, user: &Identity) -> bool {
        let rules = self.tenants.values().chain(self.rooms.values());
        self.allowed.matches(&user.groups)
            || rules.filter_map(|rule| rule.allowed.as_ref()).any(|allowed| allowed.matches(&user.groups))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn user(list: &[&str]) -> Identity {
        Identity { subject: "s".into(), name: None, email: None, picture: None, groups: groups(list) }
    }

    fn target(tenant: Option<&str>, room: &str) -> RoomTarget {
        RoomTarget::parse(tenant, room).unwrap()
    }

    fn policy() -> AccessPolicy {
        let mut tenants = HashMap::new();
        tenants.insert(
            "partners".to_string(),
            Rule { allowed: Some(GroupSet::from_list(&groups(&["employees", "contractors"]))), moderators: None },
        );
        let mut rooms = HashMap::new();
        rooms.insert(
            RoomKey { tenant: None, room: "all-hands".into() },
            Rule { allowed: None, moderators: Some(GroupSet::from_list(&groups(&["executives"]))) },
        );
        AccessPolicy {
            allowed: GroupSet::from_list(&groups(&["employees"])),
            moderators: GroupSet::from_list(&groups(&["moderators"])),
            tenants,
            rooms,
        }
    }

    #[test]
    fn global_groups_decide_sign_in_and_moderation() {
        let p = policy();
        let room = target(None, "standup");
        assert_eq!(p.decide(&user(&["employees"]), &room), Decision::Allowed { moderator: false });
        assert_eq!(p.decide(&user(&["employees", "moderators"]), &room), Decision::Allowed { moderator: true });
        assert_eq!(p.decide(&user(&["contractors"]), &room), Decision::Denied);
        assert_eq!(p.decide(&user(&[]), &room), Decision::Denied);
        // A moderator group alone does not let anyone in.
        assert_eq!(p.decide(&user(&["moderators"]), &room), Decision::Denied);
        // Exact match: case and prefixes matter.
        assert_eq!(p.decide(&user(&["Employees", "/employees"]), &room), Decision::Denied);
    }

    #[test]
    fn tenant_rule_widens_who_may_sign_in_there_only() {
        let p = policy();
        assert_eq!(
            p.decide(&user(&["contractors"]), &target(Some("Partners"), "x")),
            Decision::Allowed { moderator: false }
        );
        assert_eq!(p.decide(&user(&["contractors"]), &target(Some("other"), "x")), Decision::Denied);
    }

    #[test]
    fn room_rule_replaces_moderators_by_backend_safe_name() {
        let p = policy();
        let room = target(None, "All-Hands");
        assert_eq!(p.decide(&user(&["employees", "moderators"]), &room), Decision::Allowed { moderator: false });
        assert_eq!(p.decide(&user(&["employees", "executives"]), &room), Decision::Allowed { moderator: true });
        // The same room under a tenant is another room.
        assert_eq!(
            p.decide(&user(&["employees", "executives"]), &target(Some("partners"), "all-hands")),
            Decision::Allowed { moderator: false }
        );
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
        p.allowed = GroupSet::from_list(&groups(&["*"]));
        assert_eq!(p.decide(&user(&[]), &target(None, "x")), Decision::Allowed { moderator: false });
    }
}
