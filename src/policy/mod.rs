//! Who may sign in, who becomes a moderator, who skips the lobby and which
//! meeting features a token switches on, decided from the user's claims and
//! the room they asked for. Pure: no I/O, no clock.
//!
//! Precedence: for each field, a room rule beats its tenant's rule, which
//! beats the global rule. A rule's field replaces the broader one, unless the
//! rule says `extend = true`: then a user matched by either gets it. Features
//! are decided one by one the same way; a feature no rule names follows the
//! moderator flag (see `jitsi::features`).

mod matcher;

use std::collections::{BTreeMap, HashMap};

pub use matcher::{GroupComparison, GroupMatch, Matcher};

use crate::identity::Identity;
use crate::jitsi::features::{Feature, FeatureSet};
use crate::jitsi::{RoomTarget, TenantName};

/// What one rule (global, a tenant's or a room's) says; `None`: ask the broader rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    pub allowed: Option<Matcher>,
    pub moderators: Option<Matcher>,
    pub lobby_bypass: Option<Matcher>,
    /// `context.user["hidden-from-recorder"]`: kept out of recordings.
    pub hidden_from_recorder: Option<Matcher>,
    /// `context.user.role = "visitor"`: joins as a visitor (Jitsi's visitors mode).
    pub visitor: Option<Matcher>,
    pub features: BTreeMap<Feature, Matcher>,
    /// Add to the broader rule instead of replacing it.
    pub extend: bool,
}

/// A room rule's key: the room's backend-safe name, under a tenant or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoomKey {
    pub tenant: Option<String>,
    pub room: String,
}

impl RoomKey {
    pub fn of(target: &RoomTarget) -> Self {
        Self { tenant: target.tenant.as_ref().map(TenantName::lowercase), room: target.room.backend_safe() }
    }

    /// `room` or `tenant/room`, as the configuration names it.
    pub fn label(&self) -> String {
        match &self.tenant {
            Some(tenant) => format!("{tenant}/{}", self.room),
            None => self.room.clone(),
        }
    }
}

/// Which rule decided a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Global,
    Tenant,
    Room,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPolicy {
    /// The global rule; its `allowed` and `moderators` are always set.
    pub global: Rule,
    /// Keyed by lower-case tenant name.
    pub tenants: HashMap<String, Rule>,
    pub rooms: HashMap<RoomKey, Rule>,
    pub comparison: GroupComparison,
}

/// What a token for this user in this room carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grants {
    pub moderator: bool,
    pub lobby_bypass: bool,
    pub hidden_from_recorder: bool,
    /// A visitor, not a participant; never together with `moderator`.
    pub visitor: bool,
    /// `None`: no feature rule is configured, so the token has no `features`.
    pub features: Option<FeatureSet>,
}

impl Grants {
    /// The token grant for `target` that these grants make.
    pub fn for_room(self, target: &RoomTarget) -> crate::jitsi::Grant<'_> {
        crate::jitsi::Grant {
            target,
            moderator: self.moderator,
            lobby_bypass: self.lobby_bypass,
            hidden_from_recorder: self.hidden_from_recorder,
            visitor: self.visitor,
            features: self.features,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// No rule for this room lets the user in.
    Denied,
    Allowed(Grants),
}

/// A decision with the rule behind each field, for `explain` and refusal logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reasoned {
    pub decision: Decision,
    pub allowed_by: Source,
    pub moderator_by: Source,
    pub lobby_bypass_by: Source,
    pub hidden_from_recorder_by: Source,
    pub visitor_by: Source,
    /// Per feature: the rule that named it, or `None` (follows the moderator flag).
    pub features_by: Vec<(Feature, Option<Source>)>,
}

impl AccessPolicy {
    /// A policy with only a global rule: who may sign in and who moderates.
    pub fn new(allowed: Matcher, moderators: Matcher) -> Self {
        Self {
            global: Rule { allowed: Some(allowed), moderators: Some(moderators), ..Rule::default() },
            tenants: HashMap::new(),
            rooms: HashMap::new(),
            comparison: GroupComparison::default(),
        }
    }

    pub fn decide(&self, user: &Identity, target: &RoomTarget) -> Decision {
        self.reasoned(user, target).decision
    }

    /// The decision and which rule made each part of it.
    pub fn reasoned(&self, user: &Identity, target: &RoomTarget) -> Reasoned {
        let tenant = target.tenant.as_ref().and_then(|t| self.tenants.get(&t.lowercase()));
        // Computing the key normalises the name: skip it when there are no room rules.
        let room = if self.rooms.is_empty() { None } else { self.rooms.get(&RoomKey::of(target)) };
        let levels = [(room, Source::Room), (tenant, Source::Tenant), (Some(&self.global), Source::Global)];
        let field = |pick: &dyn Fn(&Rule) -> Option<&Matcher>| self.field(&levels, user, pick);

        let (allowed, allowed_by) = field(&|r| r.allowed.as_ref());
        let (moderator, moderator_by) = field(&|r| r.moderators.as_ref());
        let (lobby_bypass, lobby_bypass_by) = field(&|r| r.lobby_bypass.as_ref());
        let (hidden_from_recorder, hidden_from_recorder_by) = field(&|r| r.hidden_from_recorder.as_ref());
        // A moderator must be in the meeting itself, not among its visitors.
        let (visitor, visitor_by) = field(&|r| r.visitor.as_ref());
        let visitor = !moderator && visitor;
        let named = levels.iter().any(|(rule, _)| rule.is_some_and(|r| !r.features.is_empty()));
        let mut features = FeatureSet::default();
        let mut features_by = Vec::new();
        if named {
            for feature in Feature::all() {
                let defined = levels.iter().any(|(rule, _)| rule.is_some_and(|r| r.features.contains_key(&feature)));
                let (on, by) = if defined {
                    let (on, by) = field(&|r| r.features.get(&feature));
                    (on, Some(by))
                } else {
                    (moderator, None)
                };
                features = features.with(feature, on);
                features_by.push((feature, by));
            }
        }
        let decision = if allowed {
            Decision::Allowed(Grants {
                moderator,
                lobby_bypass,
                hidden_from_recorder,
                visitor,
                features: named.then_some(features),
            })
        } else {
            Decision::Denied
        };
        Reasoned {
            decision,
            allowed_by,
            moderator_by,
            lobby_bypass_by,
            hidden_from_recorder_by,
            visitor_by,
            features_by,
        }
    }

    /// One field, from the most specific rule that sets it; an `extend` rule
    /// that does not match hands over to the next rule that sets the field.
    fn field(
        &self,
        levels: &[(Option<&Rule>, Source)],
        user: &Identity,
        pick: &dyn Fn(&Rule) -> Option<&Matcher>,
    ) -> (bool, Source) {
        let mut first = None;
        for (rule, source) in levels {
            let Some(rule) = rule else { continue };
            let Some(matcher) = pick(rule) else { continue };
            first.get_or_insert(*source);
            if matcher.matches(user, self.comparison) {
                return (true, *source);
            }
            if !rule.extend {
                break;
            }
        }
        (false, first.unwrap_or(Source::Global))
    }

    /// The groups and verified e-mail domains that would let someone into
    /// `target`: those of the most specific rule that says who may enter,
    /// and of the rules it extends. For 403 pages (`ui.show_required_groups`).
    pub fn wanted_for(&self, target: &RoomTarget) -> (Vec<String>, Vec<String>) {
        let tenant = target.tenant.as_ref().and_then(|t| self.tenants.get(&t.lowercase()));
        let room = if self.rooms.is_empty() { None } else { self.rooms.get(&RoomKey::of(target)) };
        let (mut groups, mut domains) = (Vec::new(), Vec::new());
        for rule in [room, tenant, Some(&self.global)].into_iter().flatten() {
            let Some(allowed) = &rule.allowed else { continue };
            groups.extend(allowed.groups().iter().filter(|g| !groups.contains(*g)).cloned().collect::<Vec<_>>());
            domains
                .extend(allowed.email_domains().iter().filter(|d| !domains.contains(*d)).cloned().collect::<Vec<_>>());
            if !rule.extend {
                break;
            }
        }
        (groups, domains)
    }

    /// Whether some rule (global, a tenant's or a room's) would let `user` in
    /// somewhere. A session whose user no rule admits any more has no use.
    pub fn admits_anywhere(&self, user: &Identity) -> bool {
        let rules = std::iter::once(&self.global).chain(self.tenants.values()).chain(self.rooms.values());
        rules.filter_map(|rule| rule.allowed.as_ref()).any(|allowed| allowed.matches(user, self.comparison))
    }

    /// The matcher a field of the rule at `source` uses, for explanations.
    pub fn rule_at(&self, source: Source, target: &RoomTarget) -> Option<&Rule> {
        match source {
            Source::Global => Some(&self.global),
            Source::Tenant => target.tenant.as_ref().and_then(|t| self.tenants.get(&t.lowercase())),
            Source::Room => self.rooms.get(&RoomKey::of(target)),
        }
    }

    /// `global`, `tenant:<name>` or `room:<key>`: how `explain` names a rule.
    pub fn source_label(source: Source, target: &RoomTarget) -> String {
        match source {
            Source::Global => "global".to_owned(),
            Source::Tenant => {
                format!("tenant:{}", target.tenant.as_ref().map(TenantName::lowercase).unwrap_or_default())
            }
            Source::Room => format!("room:{}", RoomKey::of(target).label()),
        }
    }

    /// Whether any rule names a feature (then every token lists every feature).
    pub fn has_feature_rules(&self) -> bool {
        let rules = std::iter::once(&self.global).chain(self.tenants.values()).chain(self.rooms.values());
        rules.into_iter().any(|rule| !rule.features.is_empty())
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
