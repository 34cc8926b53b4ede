//! The binary: parse the command line, load settings, run.

use std::path::PathBuf;
use std::process::ExitCode;

use jitsi_oidc_bridge::config::Settings;
use jitsi_oidc_bridge::explain::{explain, sample_user, user_from_id_token, Outcome};
use jitsi_oidc_bridge::jitsi::signing::generate::generate;
use jitsi_oidc_bridge::jitsi::RoomTarget;
use jitsi_oidc_bridge::routes::unix_now;
use jitsi_oidc_bridge::sessions_admin::{self, SessionsCommand};
use jitsi_oidc_bridge::startup::Application;
use jitsi_oidc_bridge::telemetry;

const USAGE: &str = "usage: jitsi-oidc-bridge [COMMAND] [--config PATH]

  (no command)                 run the bridge
  -V, --version                print the version, then exit
  check-config                 validate the configuration and print a summary, then exit
  explain --room [TENANT/]ROOM [--groups G1,G2] [--email ADDRESS] [--id-token FILE]
          [--format text|json] [--expect refused|member|moderator]
                               show what a user would get in this room: refused, member or
                               moderator, the rule behind each field, features, lobby bypass and
                               the token's claims. --id-token reads a real ID token's claims (its
                               signature is NOT checked); --email counts as verified.
                               Exit code: 2 refused, 0 allowed; with --expect, 0 when it holds,
                               else 1 (2 if refused)
  sessions list --sub SUB      list the sessions of the provider's user SUB (no tokens shown)
  sessions revoke --sub SUB    end every session of SUB on every replica (sign out everywhere)
  keys generate --out DIR [--kid-prefix P]
                               write a new 2048-bit RSA signing key (PKCS#8 PEM, mode 0600) into
                               DIR for jitsi.signing (RS256); needs no configuration

The config file is PATH, else $JITSI_OIDC_BRIDGE_CONFIG, else ./bridge.toml;
BRIDGE_<SECTION>__<KEY> environment variables override it.";

#[derive(Debug, Default)]
struct ExplainArgs {
    room: String,
    groups: Vec<String>,
    email: Option<String>,
    id_token: Option<PathBuf>,
    json: bool,
    expect: Option<Outcome>,
}

#[derive(Debug)]
enum Command {
    Run,
    Version,
    CheckConfig,
    Explain(ExplainArgs),
    Sessions { command: SessionsCommand, subject: String },
    GenerateKey { out: PathBuf, kid_prefix: String },
}

fn main() -> ExitCode {
    let (command, config) = match parse_args(std::env::args().skip(1)) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => return usage_error(&message),
    };
    if matches!(command, Command::Version) {
        // Before the settings: the version is asked for where no config exists yet.
        println!("jitsi-oidc-bridge {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    if let Command::GenerateKey { out, kid_prefix } = &command {
        return generate_key(out, kid_prefix);
    }
    let settings = match Settings::load(config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("jitsi-oidc-bridge: {error}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Version => ExitCode::SUCCESS,
        Command::CheckConfig => {
            println!("configuration OK\n{}", settings.summary());
            ExitCode::SUCCESS
        }
        Command::Explain(args) => explain_command(&settings, args),
        Command::Sessions { command, subject } => sessions(&settings, command, &subject),
        Command::GenerateKey { .. } => ExitCode::SUCCESS,
        Command::Run => {
            let _logs = telemetry::init(settings.log_format);
            match run(settings) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("jitsi-oidc-bridge: {error:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// `Ok(None)`: help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<(Command, Option<PathBuf>)>, String> {
    let mut command = Command::Run;
    let (mut room, mut groups, mut subject, mut config) = (None, Vec::new(), None, None);
    let (mut out, mut kid_prefix) = (None, None);
    let mut explain_args = ExplainArgs::default();
    while let Some(arg) = args.next() {
        let mut value = |what: &str| args.next().ok_or_else(|| format!("{arg} needs {what}"));
        match arg.as_str() {
            "check-config" => command = Command::CheckConfig,
            "explain" => command = Command::Explain(ExplainArgs::default()),
            "--email" => explain_args.email = Some(value("an e-mail address")?),
            "--id-token" => explain_args.id_token = Some(PathBuf::from(value("a file")?)),
            "--format" => {
                explain_args.json = match value("text or json")?.as_str() {
                    "json" => true,
                    "text" => false,
                    other => return Err(format!("--format {other:?}: use text or json")),
                }
            }
            "--expect" => explain_args.expect = Some(Outcome::parse(&value("refused, member or moderator")?)?),
            "sessions" => {
                let action = match value("list or revoke")?.as_str() {
                    "list" => SessionsCommand::List,
                    "revoke" => SessionsCommand::Revoke,
                    other => return Err(format!("sessions {other:?}: use list or revoke")),
                };
                command = Command::Sessions { command: action, subject: String::new() };
            }
            "keys" => match value("generate")?.as_str() {
                "generate" => command = Command::GenerateKey { out: PathBuf::new(), kid_prefix: String::new() },
                other => return Err(format!("keys {other:?}: use generate")),
            },
            "--out" => out = Some(PathBuf::from(value("a directory")?)),
            "--kid-prefix" => kid_prefix = Some(value("a prefix")?),
            "--room" => room = Some(value("[TENANT/]ROOM")?),
            "--groups" => {
                groups = value("a comma-separated list")?
                    .split(',')
                    .map(str::trim)
                    .filter(|g| !g.is_empty())
                    .map(String::from)
                    .collect()
            }
            "--sub" => subject = Some(value("the provider's subject (sub) of the user")?),
            "--config" => config = Some(PathBuf::from(value("a path")?)),
            "-h" | "--help" => return Ok(None),
            "-V" | "--version" => command = Command::Version,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let command = match command {
        Command::Explain(_) => Command::Explain(ExplainArgs {
            room: room.ok_or("explain needs --room [TENANT/]ROOM")?,
            groups,
            ..explain_args
        }),
        Command::Sessions { command, .. } => {
            let subject = subject.filter(|s| !s.is_empty()).ok_or("sessions needs --sub SUB")?;
            Command::Sessions { command, subject }
        }
        Command::GenerateKey { .. } => Command::GenerateKey {
            out: out.ok_or("keys generate needs --out DIR")?,
            kid_prefix: kid_prefix.unwrap_or_else(|| "jitsi-oidc-bridge/".to_owned()),
        },
        other => other,
    };
    Ok(Some((command, config)))
}

fn sessions(settings: &Settings, command: SessionsCommand, subject: &str) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("jitsi-oidc-bridge: cannot start a runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(sessions_admin::run(settings, command, subject)) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("jitsi-oidc-bridge: {error}");
            ExitCode::FAILURE
        }
    }
}

fn explain_command(settings: &Settings, args: ExplainArgs) -> ExitCode {
    let target = match RoomTarget::parse_path(&args.room) {
        Ok(target) => target,
        Err(error) => return usage_error(&format!("explain --room: {error}")),
    };
    let user = match &args.id_token {
        None => sample_user(args.groups, args.email),
        Some(path) => {
            let read = std::fs::read_to_string(path).map_err(|e| format!("cannot read {} ({e})", path.display()));
            match read.and_then(|text| user_from_id_token(&text, &settings.oidc.groups_claim)) {
                Ok(user) => {
                    eprintln!("note: the ID token's signature is not checked; only its claims are read");
                    user
                }
                Err(error) => return usage_error(&format!("explain --id-token: {error}")),
            }
        }
    };
    let explanation = explain(settings, &user, &target, unix_now());
    println!("{}", if args.json { explanation.json() } else { explanation.text() });
    match (args.expect, explanation.outcome) {
        (Some(expected), outcome) if expected == outcome => ExitCode::SUCCESS,
        (_, Outcome::Refused) => ExitCode::from(2),
        (Some(expected), outcome) => {
            eprintln!("expected {expected:?}, got {outcome:?}");
            ExitCode::from(1)
        }
        (None, _) => ExitCode::SUCCESS,
    }
}

fn generate_key(out: &std::path::Path, kid_prefix: &str) -> ExitCode {
    match generate(out, kid_prefix) {
        Ok(key) => {
            println!(
                "wrote {}
  kid {}
  served at <public_url>/asap/{}",
                key.path.display(),
                key.kid,
                key.asap_file_name
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("jitsi-oidc-bridge: {error}");
            ExitCode::FAILURE
        }
    }
}

#[actix_web::main]
async fn run(settings: Settings) -> anyhow::Result<()> {
    if settings.dev_mode {
        tracing::warn!("dev mode: plain http allowed and cookies not Secure; never use this in production");
    }
    let summary = settings.summary().replace('\n', "; ");
    let app = Application::build(settings).await?;
    tracing::info!(port = app.port(), metrics_port = ?app.metrics_port(), %summary, "jitsi-oidc-bridge listening");
    app.run_until_stopped().await?;
    Ok(())
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("jitsi-oidc-bridge: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
