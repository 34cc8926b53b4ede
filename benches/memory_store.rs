//! Does the in-memory store stay fast as it fills? The latency of writing a
//! pending sign-in (what `/login` does) into an empty store and into one
//! holding 1,000,000 pending sign-ins: percentiles of single writes. Under
//! concurrent requests every request waiting for the store's lock also waits
//! out the slowest write, so the tail (p99.9, max) is what `/login` feels.
//! Run: `cargo bench --bench memory_store`.

use std::time::{Duration, Instant};

use jitsi_oidc_bridge::session::{MemoryStore, Store};

const FILL: usize = 1_000_000;
const SAMPLES: usize = 50_000;
/// About what a pending sign-in holds (its JSON, see the limits tests).
const RECORD: usize = 257;
const LOGIN_TTL: Duration = Duration::from_secs(600);

async fn write_latencies(store: &MemoryStore, tag: &str, value: &str) -> Vec<Duration> {
    let mut latencies = Vec::with_capacity(SAMPLES);
    for i in 0..SAMPLES {
        let key = format!("login:{tag}-{i:043}");
        let started = Instant::now();
        store.put(&key, value.to_owned(), LOGIN_TTL).await.ok();
        latencies.push(started.elapsed());
    }
    latencies.sort();
    latencies
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let value = "x".repeat(RECORD);
    let store = MemoryStore::default();
    let empty = write_latencies(&store, "empty", &value).await;
    for i in 0..FILL {
        store.put(&format!("login:fill-{i:043}"), value.clone(), LOGIN_TTL).await.ok();
    }
    let full = write_latencies(&store, "full", &value).await;
    println!("memory store, write of one pending sign-in ({SAMPLES} samples each)");
    for (name, p) in [("p50", 0.5), ("p99", 0.99), ("p99.9", 0.999), ("max", 1.0)] {
        let (a, b) = (percentile(&empty, p), percentile(&full, p));
        println!(
            "{name:>6}: empty {a:>10.2?}  after {FILL} {b:>10.2?}  ratio {:.2}",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
}
