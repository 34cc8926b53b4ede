//! The tests' own redis-server processes on free loopback ports: never the
//! machine's Redis on 6379, which other work shares and may fill with millions
//! of keys. Keys are listed with SCAN, never KEYS.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::free_port;

pub async fn redis_connection(url: &str) -> redis::aio::MultiplexedConnection {
    redis::Client::open(url).unwrap().get_multiplexed_async_connection().await.unwrap()
}

/// The keys matching `pattern`, each once. SCAN, not KEYS, which would stall a
/// server for everyone on it while it walks every key.
pub async fn scan_keys(conn: &mut redis::aio::MultiplexedConnection, pattern: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut cursor = 0_u64;
    loop {
        let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(pattern)
            .arg("COUNT")
            .arg(1000)
            .query_async(conn)
            .await
            .unwrap();
        keys.extend(batch);
        if next == 0 {
            break;
        }
        cursor = next;
    }
    // SCAN may return a key twice when the keyspace is resized under it.
    keys.sort();
    keys.dedup();
    keys
}

/// The URL of the tests' shared Redis, started on first use.
pub fn redis_url() -> String {
    RedisServer::shared().url()
}

/// A redis-server of the tests' own, on loopback, keeping nothing on disk.
///
/// It runs under a `sh` wrapper that reads a pipe from this process and kills
/// redis-server when the pipe closes: on `stop`, on drop, and when the test
/// binary ends in any way (panic, Ctrl-C, `kill -9`), since the kernel closes
/// the pipe with the process. So no server outlives the tests.
pub struct RedisServer {
    port: u16,
    running: Option<RunningRedis>,
}

impl RedisServer {
    /// The server the whole test binary shares.
    pub fn shared() -> &'static RedisServer {
        static SHARED: OnceLock<RedisServer> = OnceLock::new();
        SHARED.get_or_init(RedisServer::start)
    }

    /// Start on a free port, trying another if some process takes it first.
    pub fn start() -> RedisServer {
        let mut failures = Vec::new();
        for _ in 0..5 {
            let port = free_port();
            match RunningRedis::spawn(port) {
                Ok(running) => return RedisServer { port, running: Some(running) },
                Err(failure) => failures.push(failure),
            }
        }
        panic!("redis-server did not start: {}", failures.join("; "));
    }

    /// Start on `port`, which must be free.
    pub fn start_on(port: u16) -> RedisServer {
        let running = RunningRedis::spawn(port).unwrap_or_else(|failure| panic!("{failure}"));
        RedisServer { port, running: Some(running) }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Kill the server (an outage); returns once it is gone and the port is free.
    pub fn stop(&mut self) {
        self.running = None;
    }

    /// Stop the server if it runs, then start an empty one on the same port.
    pub fn restart(&mut self) {
        self.stop();
        *self = RedisServer::start_on(self.port);
    }
}

/// The wrapper around one redis-server or redis-sentinel (its command line in
/// `$@`). It prints the server's pid, so the tests can tell it from another
/// process that took the port first, and exits with the server, so a server
/// that could not bind is noticed at once.
const REDIS_WRAPPER: &str = r#"
exec 3<&0 </dev/null
"$@" >&2 3<&- &
redis=$!
echo "$redis"
{ cat <&3 >/dev/null; kill "$redis" 2>/dev/null; } >/dev/null &
watcher=$!
exec 3<&-
wait "$redis"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
"#;

/// A redis-server's wrapper process and the pipe that keeps it alive.
pub(super) struct RunningRedis {
    wrapper: Child,
    lifeline: Option<ChildStdin>,
    /// The server's own pid (not the wrapper's).
    pub(super) pid: u32,
}

impl RunningRedis {
    /// `Err` when the server exited at start-up (its port was taken); worth another port.
    fn spawn(port: u16) -> Result<RunningRedis, String> {
        let port = port.to_string();
        let args =
            ["--bind", "127.0.0.1", "--port", &port, "--save", "", "--appendonly", "no", "--loglevel", "warning"];
        let command: Vec<String> = std::iter::once("redis-server").chain(args).map(String::from).collect();
        Self::spawn_command(&command, &port, None)
    }

    /// Run `command` (redis-server or redis-sentinel and its arguments), which
    /// must serve `port`, with `password` if it requires one.
    pub(super) fn spawn_command(
        command: &[String],
        port: &str,
        password: Option<&str>,
    ) -> Result<RunningRedis, String> {
        let port: u16 = port.parse().map_err(|_| format!("{port:?} is not a port"))?;
        let log = if std::env::var_os("REDIS_LOG").is_some() { Stdio::inherit() } else { Stdio::null() };
        let mut wrapper = Command::new("sh")
            .args(["-c", REDIS_WRAPPER, "redis-wrapper"])
            .args(command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("sh must be installed to run the tests' redis-server");
        let stdout = wrapper.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("reading redis-server's pid from its wrapper");
        let pid: u32 = line.trim().parse().unwrap_or_else(|_| panic!("redis-server's wrapper said {line:?}"));
        let mut running = RunningRedis { lifeline: wrapper.stdin.take(), wrapper, pid };
        let deadline = Instant::now() + Duration::from_secs(5);
        while !answers_as(port, pid, password) {
            match running.wrapper.try_wait().expect("waiting for redis-server's wrapper") {
                Some(status) if status.code() == Some(127) => {
                    panic!("redis-server not found: the tests start their own; install Debian's redis-server")
                }
                Some(status) => return Err(format!("redis-server on 127.0.0.1:{port} exited ({status})")),
                None => {}
            }
            assert!(
                Instant::now() < deadline,
                "redis-server on 127.0.0.1:{port} did not answer PING within 5 s; rerun with REDIS_LOG=1"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(running)
    }
}

impl Drop for RunningRedis {
    fn drop(&mut self) {
        drop(self.lifeline.take());
        let _ = self.wrapper.wait();
    }
}

/// Whether redis-server `pid` answers PING at `port`.
fn answers_as(port: u16, pid: u32, password: Option<&str>) -> bool {
    let check = || -> redis::RedisResult<bool> {
        let auth = password.map(|password| format!(":{password}@")).unwrap_or_default();
        let client = redis::Client::open(format!("redis://{auth}127.0.0.1:{port}/0"))?;
        let mut conn = client.get_connection_with_timeout(Duration::from_millis(500))?;
        conn.set_read_timeout(Some(Duration::from_millis(500)))?;
        let pong: String = redis::cmd("PING").query(&mut conn)?;
        let info: String = redis::cmd("INFO").arg("server").query(&mut conn)?;
        Ok(pong == "PONG" && info.lines().any(|line| line == format!("process_id:{pid}")))
    };
    check().unwrap_or(false)
}
