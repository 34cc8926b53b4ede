//! Re-reading the signing keys without a restart: every minute and on SIGHUP.

use std::sync::Arc;
use std::time::Duration;

use tokio::signal::unix::{signal, SignalKind};

use super::KeyRing;

/// How often the key directory is read again without being asked.
pub const REREAD_EVERY: Duration = Duration::from_secs(60);

/// Start re-reading `ring`'s source in the background. A read with any problem
/// keeps the keys in use and logs every problem.
pub fn watch(ring: Arc<KeyRing>) -> std::io::Result<()> {
    let mut hangup = signal(SignalKind::hangup())?;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(REREAD_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        every.tick().await;
        loop {
            let asked = tokio::select! {
                _ = every.tick() => false,
                Some(()) = hangup.recv() => true,
            };
            reload(&ring, asked);
        }
    });
    Ok(())
}

fn reload(ring: &KeyRing, asked: bool) {
    match ring.reload() {
        Ok(outcome) if !outcome.added.is_empty() || !outcome.removed.is_empty() => tracing::info!(
            added = ?outcome.added,
            removed = ?outcome.removed,
            "signing keys re-read: published keys changed"
        ),
        Ok(_) if asked => tracing::info!("signing keys re-read on SIGHUP: unchanged"),
        Ok(_) => {}
        Err(problems) => {
            for problem in problems {
                tracing::error!(%problem, "signing keys not re-read; the keys in use stay");
            }
        }
    }
}
