//! Redis as operators run it, for the tests: a Cluster of three masters, and a
//! master with a replica watched by three sentinels. Every process is the
//! tests' own on loopback (free ports), runs under the wrapper of
//! `redis_server` (so none outlives the test binary), is killed on drop, and
//! keeps its files in a temporary folder removed on drop. Waits are bounded.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::redis_server::RunningRedis;
use super::{free_port, random_suffix};

pub const REDIS_PASSWORD: &str = "redis-test-password";
pub const SENTINEL_PASSWORD: &str = "sentinel-test-password";
pub const MASTER_NAME: &str = "bridge-master";

/// A folder of the test's own, removed with everything in it on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(purpose: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("{purpose}-{}", random_suffix()));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Poll `ready` every 50 ms until it holds; panics with `what` after `limit`.
pub fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ready() {
        assert!(Instant::now() < deadline, "{what}: not within {limit:?} (rerun with REDIS_LOG=1)");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One command to the server at `port`, `None` on any failure (it may be down).
pub fn query<T: redis::FromRedisValue>(port: u16, password: Option<&str>, cmd: &redis::Cmd) -> Option<T> {
    let auth = password.map(|password| format!(":{password}@")).unwrap_or_default();
    let client = redis::Client::open(format!("redis://{auth}127.0.0.1:{port}")).ok()?;
    let mut conn = client.get_connection_with_timeout(Duration::from_millis(500)).ok()?;
    conn.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    cmd.query(&mut conn).ok()
}

/// Start `command` on a free port (from `args_for(port)`), trying other ports if one is taken.
fn start(password: Option<&str>, mut args_for: impl FnMut(u16) -> Vec<String>) -> (u16, RunningRedis) {
    let mut failures = Vec::new();
    for _ in 0..5 {
        let port = free_port();
        match RunningRedis::spawn_command(&args_for(port), &port.to_string(), password) {
            Ok(running) => return (port, running),
            Err(failure) => failures.push(failure),
        }
    }
    panic!("a Redis process did not start: {}", failures.join("; "));
}

/// A command line split at spaces, `''` standing for an empty argument.
fn command_line(line: &str) -> Vec<String> {
    line.split_whitespace().map(|arg| if arg == "''" { String::new() } else { arg.to_owned() }).collect()
}

/// Three masters sharing the 16384 slots, no replicas.
pub struct RedisCluster {
    pub ports: Vec<u16>,
    _nodes: Vec<RunningRedis>,
    _dir: TempDir,
}

impl RedisCluster {
    pub fn start(masters: usize) -> RedisCluster {
        let dir = TempDir::new("redis-cluster");
        let mut ports = Vec::new();
        let mut nodes = Vec::new();
        for _ in 0..masters {
            let (port, node) = start(None, |port| {
                // The bus port is given, not port + 10000, which may exceed 65535.
                let bus = free_port();
                let dir = dir.path().display();
                command_line(&format!(
                    "redis-server --bind 127.0.0.1 --port {port} --cluster-port {bus} --cluster-enabled yes \
                     --cluster-config-file {dir}/nodes-{port}.conf --dir {dir} --save '' --appendonly no --loglevel warning"
                ))
            });
            ports.push(port);
            nodes.push(node);
        }
        let addresses: Vec<String> = ports.iter().map(|port| format!("127.0.0.1:{port}")).collect();
        let mut create = Command::new("redis-cli")
            .args(["--cluster", "create"])
            .args(&addresses)
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-cli must be installed (Debian's redis-tools)");
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = create.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = create.kill();
                panic!("redis-cli --cluster create did not finish within 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "redis-cli --cluster create failed ({status})");
        for port in &ports {
            wait_until("cluster_state:ok on every node", Duration::from_secs(15), || {
                query::<String>(*port, None, redis::cmd("CLUSTER").arg("INFO"))
                    .is_some_and(|info| info.contains("cluster_state:ok"))
            });
        }
        RedisCluster { ports, _nodes: nodes, _dir: dir }
    }

    pub fn node_urls(&self) -> Vec<String> {
        self.ports.iter().map(|port| format!("redis://127.0.0.1:{port}")).collect()
    }

    /// How many keys each node holds.
    pub fn keys_per_node(&self) -> Vec<u64> {
        self.ports.iter().map(|port| query(*port, None, &redis::cmd("DBSIZE")).unwrap_or(0)).collect()
    }
}

/// A master and its replica, both with a password, watched by three sentinels
/// (quorum 2, a master is down after 1 s) that have a password of their own.
pub struct SentinelSetup {
    pub master_port: u16,
    pub replica_port: u16,
    pub sentinel_ports: Vec<u16>,
    master: Option<RunningRedis>,
    _replica: RunningRedis,
    _sentinels: Vec<RunningRedis>,
    _dir: TempDir,
}

impl SentinelSetup {
    pub fn start() -> SentinelSetup {
        let dir = TempDir::new("redis-sentinel");
        // A replica writes the master's snapshot to its folder: this test's, not the working directory.
        let server = |port: u16, replica_of: Option<u16>| {
            let folder = dir.path().join(format!("redis-{port}"));
            std::fs::create_dir_all(&folder).unwrap();
            let replica_of = replica_of.map(|master| format!("--replicaof 127.0.0.1 {master}")).unwrap_or_default();
            command_line(&format!(
                "redis-server --bind 127.0.0.1 --port {port} --dir {} --save '' --appendonly no --loglevel warning \
                 --requirepass {REDIS_PASSWORD} --masterauth {REDIS_PASSWORD} {replica_of}",
                folder.display()
            ))
        };
        let (master_port, master) = start(Some(REDIS_PASSWORD), |port| server(port, None));
        let (replica_port, replica) = start(Some(REDIS_PASSWORD), |port| server(port, Some(master_port)));
        wait_until("the replica in sync with the master", Duration::from_secs(10), || {
            query::<String>(replica_port, Some(REDIS_PASSWORD), redis::cmd("INFO").arg("replication"))
                .is_some_and(|info| info.contains("master_link_status:up"))
        });
        let mut sentinel_ports = Vec::new();
        let mut sentinels = Vec::new();
        for _ in 0..3 {
            let (port, sentinel) = start(Some(SENTINEL_PASSWORD), |port| {
                // Sentinel rewrites its configuration file, so each has one of its own.
                let config = dir.path().join(format!("sentinel-{port}.conf"));
                std::fs::write(&config, sentinel_config(port, master_port, dir.path())).unwrap();
                vec!["redis-sentinel".to_owned(), config.display().to_string()]
            });
            sentinel_ports.push(port);
            sentinels.push(sentinel);
        }
        // A failover needs the sentinels to know the replica and each other (hellos every 2 s).
        for port in &sentinel_ports {
            wait_until("every sentinel knowing the replica and its peers", Duration::from_secs(20), || {
                let known = |what: &str| {
                    query::<Vec<redis::Value>>(
                        *port,
                        Some(SENTINEL_PASSWORD),
                        redis::cmd("SENTINEL").arg(what).arg(MASTER_NAME),
                    )
                    .map_or(0, |list| list.len())
                };
                known("replicas") == 1 && known("sentinels") == 2
            });
        }
        SentinelSetup {
            master_port,
            replica_port,
            sentinel_ports,
            master: Some(master),
            _replica: replica,
            _sentinels: sentinels,
            _dir: dir,
        }
    }

    /// The sentinels as `[session.redis] sentinels` lists them.
    pub fn sentinel_addresses(&self) -> Vec<String> {
        self.sentinel_ports.iter().map(|port| format!("127.0.0.1:{port}")).collect()
    }

    /// Wait until the replica has everything the master acknowledged (`WAIT 1`).
    pub fn wait_for_replication(&self) {
        let synced: Option<i64> = query(self.master_port, Some(REDIS_PASSWORD), redis::cmd("WAIT").arg(1).arg(2000));
        assert_eq!(synced, Some(1), "the replica did not acknowledge the master's writes within 2 s");
    }

    /// SIGKILL the master: a crash, no goodbye to its clients.
    pub fn kill_master(&mut self) {
        let master = self.master.take().expect("the master is running");
        let status = Command::new("kill").args(["-KILL", &master.pid.to_string()]).status().unwrap();
        assert!(status.success(), "kill -KILL {}", master.pid);
        drop(master);
    }

    /// The port the sentinels name as master now.
    pub fn current_master_port(&self) -> Option<u16> {
        let port = self.sentinel_ports[0];
        let cmd = redis::cmd("SENTINEL").arg("get-master-addr-by-name").arg(MASTER_NAME).clone();
        let (_, master_port): (String, u16) = query(port, Some(SENTINEL_PASSWORD), &cmd)?;
        Some(master_port)
    }
}

fn sentinel_config(port: u16, master_port: u16, dir: &Path) -> String {
    format!(
        "port {port}\nbind 127.0.0.1\ndir {dir}\nrequirepass {SENTINEL_PASSWORD}\n\
         sentinel sentinel-pass {SENTINEL_PASSWORD}\n\
         sentinel monitor {MASTER_NAME} 127.0.0.1 {master_port} 2\n\
         sentinel auth-pass {MASTER_NAME} {REDIS_PASSWORD}\n\
         sentinel down-after-milliseconds {MASTER_NAME} 1000\n\
         sentinel failover-timeout {MASTER_NAME} 5000\n\
         sentinel parallel-syncs {MASTER_NAME} 1\n",
        dir = dir.display()
    )
}
