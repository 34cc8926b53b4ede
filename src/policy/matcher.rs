//! Whether a user belongs to a list of groups or e-mail domains, with the
//! group comparison the administrator chose. Rule names are normalised once,
//! when the configuration is read; a visit compares without allocating.

use serde::Deserialize;

use crate::identity::Identity;

/// `access.group_match`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupMatch {
    /// Case and all, as the provider sends them.
    #[default]
    Exact,
    /// Ignoring case (Unicode lower case), for providers whose group names
    /// differ in case from what the administrator typed.
    CaseInsensitive,
}

/// How group names compare: `access.group_match` and `oidc.groups_are_paths`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupComparison {
    pub mode: GroupMatch,
    /// Keycloak's full-path groups: `/employees/sales` is a member of
    /// `employees/sales` and of `employees` (a rule names a group or any of its
    /// ancestors, with or without the leading `/`).
    pub paths: bool,
}

impl GroupComparison {
    /// The names a user's group is compared as: itself, and with paths on,
    /// each ancestor, all in the comparison's case (for `explain`).
    pub fn as_compared(self, group: &str) -> Vec<String> {
        let path = if self.paths { group.trim_start_matches('/') } else { group };
        let mut names: Vec<&str> = vec![path];
        if self.paths {
            names.extend(path.match_indices('/').map(|(end, _)| &path[..end]));
        }
        names.into_iter().map(|name| self.normalise(name)).collect()
    }

    /// A rule's group name as it is compared.
    fn normalise(self, name: &str) -> String {
        let name = if self.paths { name.trim_start_matches('/') } else { name };
        match self.mode {
            GroupMatch::Exact => name.to_owned(),
            GroupMatch::CaseInsensitive => name.to_lowercase(),
        }
    }

    /// Whether the user's group `group` is the rule's (normalised) `wanted`.
    fn is_member(self, group: &str, wanted: &str) -> bool {
        if !self.paths {
            return self.same(group, wanted);
        }
        let path = group.trim_start_matches('/');
        // The group itself, or an ancestor: a prefix that ends where a segment ends.
        self.same(path, wanted) || path.match_indices('/').any(|(end, _)| self.same(&path[..end], wanted))
    }

    fn same(self, group: &str, wanted: &str) -> bool {
        match self.mode {
            GroupMatch::Exact => group == wanted,
            GroupMatch::CaseInsensitive => group.chars().flat_map(char::to_lowercase).eq(wanted.chars()),
        }
    }
}

/// A rule's "who": anyone authenticated, members of some groups, people with
/// a verified e-mail address in some domains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matcher {
    anyone: bool,
    groups: Vec<String>,
    email_domains: Vec<String>,
}

impl Matcher {
    /// `groups` may hold `"*"`: anyone the provider authenticates.
    pub fn new(groups: &[String], email_domains: &[String], comparison: GroupComparison) -> Self {
        Self {
            anyone: groups.iter().any(|g| g == "*"),
            groups: groups.iter().filter(|g| *g != "*").map(|g| comparison.normalise(g)).collect(),
            email_domains: email_domains.iter().map(|d| d.trim_start_matches('@').to_lowercase()).collect(),
        }
    }

    pub fn nobody() -> Self {
        Self::default()
    }

    pub fn is_nobody(&self) -> bool {
        !self.anyone && self.groups.is_empty() && self.email_domains.is_empty()
    }

    pub fn matches(&self, user: &Identity, comparison: GroupComparison) -> bool {
        self.anyone
            || self.groups.iter().any(|wanted| user.groups.iter().any(|group| comparison.is_member(group, wanted)))
            || (!self.email_domains.is_empty() && self.email_domain_matches(user))
    }

    /// Only a verified address counts: anyone can type an unverified one.
    fn email_domain_matches(&self, user: &Identity) -> bool {
        let Some(domain) = user.email.as_deref().filter(|_| user.email_verified).and_then(|e| e.rsplit_once('@'))
        else {
            return false;
        };
        self.email_domains.iter().any(|wanted| domain.1.eq_ignore_ascii_case(wanted))
    }

    /// The groups it names (as compared), for 403 pages that show them.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    pub fn email_domains(&self) -> &[String] {
        &self.email_domains
    }

    /// What this matcher names, for `explain` and refusal logs.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.anyone {
            parts.push("anyone signed in".to_owned());
        }
        if !self.groups.is_empty() {
            parts.push(format!("groups {}", self.groups.join(", ")));
        }
        if !self.email_domains.is_empty() {
            parts.push(format!("verified e-mail in {}", self.email_domains.join(", ")));
        }
        if parts.is_empty() {
            "nobody".to_owned()
        } else {
            parts.join("; ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(groups: &[&str], email: Option<&str>, verified: bool) -> Identity {
        Identity {
            user_id: None,
            subject: "s".into(),
            name: None,
            email: email.map(str::to_owned),
            email_verified: verified,
            picture: None,
            groups: groups.iter().map(|g| g.to_string()).collect(),
        }
    }

    fn list(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn exact_matching_minds_case_and_slashes() {
        let exact = GroupComparison::default();
        let m = Matcher::new(&list(&["employees"]), &[], exact);
        assert!(m.matches(&user(&["employees"], None, false), exact));
        assert!(!m.matches(&user(&["Employees", "/employees", "employees-x"], None, false), exact));
    }

    #[test]
    fn case_insensitive_matching_folds_unicode() {
        let ci = GroupComparison { mode: GroupMatch::CaseInsensitive, paths: false };
        let m = Matcher::new(&list(&["Vertrieb-Über"]), &[], ci);
        assert!(m.matches(&user(&["VERTRIEB-ÜBER"], None, false), ci));
        assert!(m.matches(&user(&["vertrieb-über"], None, false), ci));
        assert!(!m.matches(&user(&["vertrieb"], None, false), ci));
    }

    #[test]
    fn path_groups_match_the_group_and_its_ancestors_only() {
        let paths = GroupComparison { mode: GroupMatch::Exact, paths: true };
        let employees = Matcher::new(&list(&["employees"]), &[], paths);
        let sales = Matcher::new(&list(&["/employees/sales"]), &[], paths);
        let keycloak_user = user(&["/employees/sales/emea"], None, false);
        assert!(employees.matches(&keycloak_user, paths));
        assert!(sales.matches(&keycloak_user, paths));
        assert!(
            !Matcher::new(&list(&["sales"]), &[], paths).matches(&keycloak_user, paths),
            "a path segment is not a group"
        );
        assert!(!employees.matches(&user(&["/employees-old"], None, false), paths), "a prefix must end at a /");
        let both = GroupComparison { mode: GroupMatch::CaseInsensitive, paths: true };
        assert!(Matcher::new(&list(&["EMPLOYEES"]), &[], both).matches(&keycloak_user, both));
    }

    #[test]
    fn explain_sees_a_group_as_it_is_compared() {
        let both = GroupComparison { mode: GroupMatch::CaseInsensitive, paths: true };
        assert_eq!(both.as_compared("/Staff/Sales/EMEA"), ["staff/sales/emea", "staff", "staff/sales"]);
        assert_eq!(GroupComparison::default().as_compared("/Staff"), ["/Staff"]);
    }

    #[test]
    fn email_domains_count_only_verified_addresses() {
        let m = Matcher::new(&[], &list(&["example.com", "@Example.org"]), GroupComparison::default());
        let c = GroupComparison::default();
        assert!(m.matches(&user(&[], Some("ann@example.com"), true), c));
        assert!(m.matches(&user(&[], Some("ann@EXAMPLE.ORG"), true), c));
        assert!(!m.matches(&user(&[], Some("ann@example.com"), false), c), "unverified");
        assert!(!m.matches(&user(&[], Some("ann@evil-example.com"), true), c));
        assert!(!m.matches(&user(&[], Some("ann@example.com.evil.net"), true), c));
        assert!(!m.matches(&user(&[], None, true), c));
    }

    #[test]
    fn star_is_anyone_and_an_empty_matcher_nobody() {
        let c = GroupComparison::default();
        assert!(Matcher::new(&list(&["*"]), &[], c).matches(&user(&[], None, false), c));
        assert!(!Matcher::nobody().matches(&user(&["x"], Some("a@b.c"), true), c));
        assert!(Matcher::nobody().is_nobody());
    }
}
