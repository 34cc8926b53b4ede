//! Re-reading the configuration file without a restart (SIGHUP, or
//! `POST /admin/reload` on `server.admin_listen`). Everything is validated
//! first; only a file without problems replaces the access policy, in one
//! swap. Requests already running keep the policy they took. Sections that
//! changed but are only read at start are named in the log: they need a restart.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use serde_json::{json, Value};

use crate::config::Settings;
use crate::policy::AccessPolicy;

/// What the policy decides with: the rules, and whether guests are offered.
#[derive(Debug)]
pub struct Access {
    pub policy: AccessPolicy,
    pub guests: bool,
}

/// The access policy in force, swapped whole by a reload.
#[derive(Debug)]
pub struct LiveAccess {
    current: RwLock<Arc<Access>>,
}

impl LiveAccess {
    pub fn new(access: Access) -> Self {
        Self { current: RwLock::new(Arc::new(access)) }
    }

    /// The policy in force now; a request keeps the one it took.
    pub fn get(&self) -> Arc<Access> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn replace(&self, access: Access) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(access);
    }
}

/// The sections a reload applies; every other change waits for a restart.
pub const RELOADABLE: [&str; 1] = ["access"];

/// Reloads `path` into `live`.
#[derive(Debug)]
pub struct Reloader {
    path: PathBuf,
    live: Arc<LiveAccess>,
    /// The file's sections as last applied, to tell what else changed.
    applied: Mutex<Value>,
}

impl Reloader {
    pub fn new(path: PathBuf, sections: Value, live: Arc<LiveAccess>) -> Self {
        Self { path, live, applied: Mutex::new(sections) }
    }

    /// Read and check the file; apply it when it has no problem. The report is
    /// also logged: every problem of a refused file, the sections that need a restart.
    pub fn reload(&self) -> (bool, Value) {
        match Settings::load_with_sections(Some(&self.path)) {
            Err(error) => {
                for problem in &error.0 {
                    tracing::error!(%problem, "configuration not reloaded; the policy in force stays");
                }
                (false, json!({"status": "refused", "problems": error.0}))
            }
            Ok((settings, sections)) => {
                let mut applied = self.applied.lock().unwrap_or_else(PoisonError::into_inner);
                let restart: Vec<String> = changed_sections(&applied, &sections)
                    .into_iter()
                    .filter(|section| !RELOADABLE.contains(&section.as_str()))
                    .collect();
                self.live.replace(Access { policy: settings.policy, guests: settings.guests });
                for section in RELOADABLE {
                    applied[section] = sections[section].clone();
                }
                if restart.is_empty() {
                    tracing::info!("configuration reloaded: the new access policy is in force");
                } else {
                    tracing::warn!(
                        restart_needed = ?restart,
                        "configuration reloaded: the new access policy is in force; other changed sections take effect only after a restart"
                    );
                }
                (true, json!({"status": "reloaded", "restart_needed": restart}))
            }
        }
    }
}

/// Reload on every SIGHUP, in the background.
pub fn reload_on_hangup(reloader: Arc<Reloader>) -> std::io::Result<()> {
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    tokio::spawn(async move {
        while hangup.recv().await.is_some() {
            let reloader = reloader.clone();
            if let Err(error) = tokio::task::spawn_blocking(move || reloader.reload()).await {
                tracing::error!(%error, "the reload did not run");
            }
        }
    });
    Ok(())
}

fn changed_sections(before: &Value, after: &Value) -> Vec<String> {
    let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    let mut names = keys(before);
    names.extend(keys(after));
    names.sort();
    names.dedup();
    names.into_iter().filter(|name| before.get(name) != after.get(name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_sections_are_named() {
        let before = json!({"access": {"a": 1}, "oidc": {"x": 1}, "jitsi": {}});
        let after = json!({"access": {"a": 2}, "oidc": {"x": 1}, "session": {}});
        assert_eq!(changed_sections(&before, &after), ["access", "jitsi", "session"]);
    }
}
