//! A redis-server speaking TLS with a certificate from a CA made here (openssl),
//! so only a client given that CA trusts it. It also listens in plain text on
//! another port, for the tests' own checks. Files live in a temporary folder
//! removed on drop; the server is killed on drop.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::redis_server::RunningRedis;
use super::{free_port, TempDir, REDIS_PASSWORD};

pub struct TlsRedis {
    pub tls_port: u16,
    pub plain_port: u16,
    _server: RunningRedis,
    dir: TempDir,
}

impl TlsRedis {
    pub fn start() -> TlsRedis {
        let dir = TempDir::new("redis-tls");
        make_certificates(dir.path());
        let tls_port = free_port();
        let plain_port = free_port();
        let d = dir.path().display();
        let line = format!(
            "redis-server --bind 127.0.0.1 --port {plain_port} --tls-port {tls_port} --tls-cert-file {d}/server.pem \
             --tls-key-file {d}/server.key --tls-ca-cert-file {d}/ca.pem --tls-auth-clients no --dir {d} \
             --appendonly no --loglevel warning --requirepass {REDIS_PASSWORD}"
        );
        let mut command: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        command.extend(["--save".to_owned(), String::new()]);
        let server = RunningRedis::spawn_command(&command, &plain_port.to_string(), Some(REDIS_PASSWORD))
            .unwrap_or_else(|failure| panic!("the TLS redis-server did not start: {failure}"));
        TlsRedis { tls_port, plain_port, _server: server, dir }
    }

    /// The CA that signed the server's certificate (PEM).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }
}

/// A CA (`ca.pem`), and a certificate for 127.0.0.1 and localhost that it
/// signed (`server.pem`, `server.key`), written to `dir`.
pub fn make_certificates(dir: &Path) {
    let openssl = |args: &str| {
        let output = Command::new("openssl")
            .args(args.split_whitespace())
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .expect("openssl must be installed (Debian's openssl)");
        assert!(output.status.success(), "openssl {args}: {}", String::from_utf8_lossy(&output.stderr));
    };
    let ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    openssl(&format!(
        "req -x509 {ec} -keyout ca.key -out ca.pem -days 1 -subj /CN=redis-test-CA \
         -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"
    ));
    openssl(&format!("req {ec} -keyout server.key -out server.csr -subj /CN=localhost"));
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 -extfile server.ext",
    );
}
