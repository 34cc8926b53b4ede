//! `jitsi-oidc-bridge explain`: what a user would get in a room under the
//! current configuration, without signing anyone in: the decision, the rule
//! behind each part of it, and the exact token claims. For administrators
//! checking a policy by hand or in CI (`--format json`, exit codes).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::config::Settings;
use crate::identity::Identity;
use crate::jitsi::{Client, Delivery, RoomTarget, TokenSigner};
use crate::oidc::claims::ExtraClaims;
use crate::policy::{AccessPolicy, Decision, GroupMatch, Source};

/// The outcome, for the exit code and `--expect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Refused,
    Member,
    Moderator,
}

impl Outcome {
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "refused" => Ok(Self::Refused),
            "member" => Ok(Self::Member),
            "moderator" => Ok(Self::Moderator),
            other => Err(format!("{other:?}: expect refused, member or moderator")),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Refused => "refused",
            Self::Member => "member",
            Self::Moderator => "moderator",
        }
    }
}

/// A user made up from the command line (`--groups`, `--email`).
pub fn sample_user(groups: Vec<String>, email: Option<String>) -> Identity {
    Identity {
        user_id: None,
        subject: "<the user's sub>".into(),
        name: Some("<the user's name>".into()),
        email_verified: email.is_some(),
        email,
        picture: None,
        groups,
    }
}

/// The user a real ID token describes (`--id-token FILE`: the token, or its
/// payload as JSON). Its signature is NOT checked: this reads claims only.
pub fn user_from_id_token(text: &str, groups_claims: &[String]) -> Result<Identity, String> {
    let text = text.trim();
    let payload: Value = if text.starts_with('{') {
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?
    } else {
        let middle = text.split('.').nth(1).ok_or("not a JWT (header.payload.signature) nor a JSON payload")?;
        let bytes = URL_SAFE_NO_PAD.decode(middle.trim_end_matches('=')).map_err(|e| format!("payload: {e}"))?;
        serde_json::from_slice(&bytes).map_err(|e| format!("payload is not JSON: {e}"))?
    };
    let text_claim = |name: &str| payload.get(name).and_then(Value::as_str).map(str::to_owned);
    let extra: ExtraClaims = serde_json::from_value(payload.clone()).map_err(|e| format!("claims: {e}"))?;
    Ok(Identity {
        user_id: None,
        subject: text_claim("sub").ok_or("the token has no sub")?,
        name: text_claim("name").or_else(|| text_claim("preferred_username")),
        email: text_claim("email"),
        email_verified: payload.get("email_verified").and_then(Value::as_bool).unwrap_or(false),
        picture: text_claim("picture"),
        groups: extra.groups_from(groups_claims).unwrap_or_default(),
    })
}

/// What `explain` found.
#[derive(Debug)]
pub struct Explanation {
    pub outcome: Outcome,
    report: Value,
}

pub fn explain(settings: &Settings, user: &Identity, target: &RoomTarget, now: u64) -> Explanation {
    let policy = &settings.policy;
    let reasoned = policy.reasoned(user, target);
    let label = |source: Source| AccessPolicy::source_label(source, target);
    let wanted = |source: Source, pick: fn(&crate::policy::Rule) -> Option<&crate::policy::Matcher>| {
        policy.rule_at(source, target).and_then(pick).map(|m| m.describe()).unwrap_or_else(|| "nobody".into())
    };
    let r = &reasoned;
    let (decision, features_by) = (&r.decision, &r.features_by);
    let (allowed_by, moderator_by, lobby_bypass_by) = (&r.allowed_by, &r.moderator_by, &r.lobby_bypass_by);
    let (hidden_from_recorder_by, visitor_by) = (&r.hidden_from_recorder_by, &r.visitor_by);
    let comparison = policy.comparison;
    let mut report = json!({
        "room": target.display_path(),
        "user": {
            "sub": user.subject,
            "groups": user.groups,
            "email": user.email,
            "email_verified": user.email_verified,
        },
        "groups_as_compared": user.groups.iter().flat_map(|g| comparison.as_compared(g)).collect::<Vec<_>>(),
        "group_match": match comparison.mode { GroupMatch::Exact => "exact", GroupMatch::CaseInsensitive => "case-insensitive" },
        "groups_are_paths": comparison.paths,
        "decisions": {
            "allowed": {"value": !matches!(decision, Decision::Denied), "rule": label(*allowed_by), "wanted": wanted(*allowed_by, |r| r.allowed.as_ref())},
        },
    });
    let outcome = match decision {
        Decision::Denied => Outcome::Refused,
        Decision::Allowed(grants) => {
            let decisions = &mut report["decisions"];
            decisions["moderator"] = json!({"value": grants.moderator, "rule": label(*moderator_by), "wanted": wanted(*moderator_by, |r| r.moderators.as_ref())});
            decisions["lobby_bypass"] = json!({"value": grants.lobby_bypass, "rule": label(*lobby_bypass_by), "wanted": wanted(*lobby_bypass_by, |r| r.lobby_bypass.as_ref())});
            decisions["hidden_from_recorder"] = json!({"value": grants.hidden_from_recorder, "rule": label(*hidden_from_recorder_by), "wanted": wanted(*hidden_from_recorder_by, |r| r.hidden_from_recorder.as_ref())});
            decisions["visitor"] = json!({"value": grants.visitor, "rule": label(*visitor_by), "wanted": wanted(*visitor_by, |r| r.visitor.as_ref())});
            if let Some(features) = grants.features {
                let each: serde_json::Map<String, Value> = features_by
                    .iter()
                    .map(|(feature, by)| {
                        let rule = by.map_or_else(|| "moderator flag (no rule names it)".to_owned(), label);
                        (feature.name().to_owned(), json!({"value": features.has(*feature), "rule": rule}))
                    })
                    .collect();
                decisions["features"] = Value::Object(each);
            }
            let signer = TokenSigner::new(&settings.token);
            let grant = grants.for_room(target);
            report["token_claims"] = serde_json::to_value(signer.claims(user, grant, now)).unwrap_or(Value::Null);
            let redirect = match settings.jitsi.deliver(target, "<token>", &Default::default(), Client::Browser) {
                Delivery::Redirect(url)
                | Delivery::App { browser_url: url, .. }
                | Delivery::Popup { browser_url: url, .. } => url,
            };
            report["redirect"] = json!(redirect);
            if grants.moderator {
                Outcome::Moderator
            } else {
                Outcome::Member
            }
        }
    };
    report["outcome"] = json!(outcome.name());
    if matches!(outcome, Outcome::Refused) && settings.guests {
        report["guest"] = json!("offered: the refusal page lets them join as a guest");
    }
    Explanation { outcome, report }
}

impl Explanation {
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(&self.report).unwrap_or_default()
    }

    pub fn text(&self) -> String {
        let r = &self.report;
        let groups = r["user"]["groups"]
            .as_array()
            .map(|g| g.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        let mut out = format!(
            "room {}: a user with {} is {}\n",
            r["room"].as_str().unwrap_or(""),
            if groups.is_empty() { "no groups".to_owned() } else { format!("groups {groups}") },
            match self.outcome {
                Outcome::Refused => "REFUSED (403)".to_owned(),
                Outcome::Member => "ALLOWED as a member".to_owned(),
                Outcome::Moderator => "ALLOWED as a moderator (owner)".to_owned(),
            }
        );
        let compared = r["groups_as_compared"]
            .as_array()
            .map(|g| g.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        out.push_str(&format!(
            "groups compared ({}{}): {}\n",
            r["group_match"].as_str().unwrap_or(""),
            if r["groups_are_paths"] == true { ", as paths: a group and its ancestors" } else { "" },
            if compared.is_empty() { "none" } else { &compared }
        ));
        if let Some(email) = r["user"]["email"].as_str() {
            out.push_str(&format!(
                "e-mail: {email} ({})\n",
                if r["user"]["email_verified"] == true { "verified" } else { "not verified: domain rules ignore it" }
            ));
        }
        for field in ["allowed", "moderator", "lobby_bypass", "hidden_from_recorder", "visitor"] {
            let d = &r["decisions"][field];
            if d.is_null() {
                continue;
            }
            out.push_str(&format!(
                "  {field:<20} {:<5} by rule {} (wants {})\n",
                d["value"].to_string(),
                d["rule"].as_str().unwrap_or(""),
                d["wanted"].as_str().unwrap_or("")
            ));
        }
        if let Some(features) = r["decisions"]["features"].as_object() {
            out.push_str("  features:\n");
            for (name, d) in features {
                out.push_str(&format!(
                    "    {name:<21} {:<5} by {}\n",
                    d["value"].to_string(),
                    d["rule"].as_str().unwrap_or("")
                ));
            }
        }
        if let Some(guest) = r["guest"].as_str() {
            out.push_str(&format!("guest: {guest}\n"));
        }
        if let Some(redirect) = r["redirect"].as_str() {
            out.push_str(&format!("redirect: {redirect}\n"));
        }
        if !r["token_claims"].is_null() {
            out.push_str(&format!(
                "token claims:\n{}\n",
                serde_json::to_string_pretty(&r["token_claims"]).unwrap_or_default()
            ));
        }
        out
    }
}

#[cfg(test)]
#[path = "explain_tests.rs"]
mod tests;
