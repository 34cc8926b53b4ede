//! The binary: parse the command line, load settings, run.

use std::path::PathBuf;
use std::process::ExitCode;

use jitsi_oidc_bridge::config::Settings;
use jitsi_oidc_bridge::explain::explain;
use jitsi_oidc_bridge::jitsi::RoomTarget;
use jitsi_oidc_bridge::routes::unix_now;
use jitsi_oidc_bridge::startup::Application;
use jitsi_oidc_bridge::telemetry;

const USAGE: &str =
    "usage: jitsi-oidc-bridge [check-config | explain --room [TENANT/]ROOM [--groups G1,G2]] [--config PATH]

  (no command)   run the bridge
  check-config   validate the configuration and print a summary, then exit
  explain        show what a user with these IdP groups would get in this room:
                 refused, member or moderator, and the token's claims

The config file is PATH, else $JITSI_OIDC_BRIDGE_CONFIG, else ./bridge.toml;
BRIDGE_<SECTION>__<KEY> environment variables override it.";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut check_only = false;
    let mut explain_room: Option<String> = None;
    let mut groups: Vec<String> = Vec::new();
    let mut config: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "check-config" => check_only = true,
            "explain" => explain_room = Some(String::new()),
            "--room" => match args.next() {
                Some(room) => explain_room = Some(room),
                None => return usage_error("--room needs [TENANT/]ROOM"),
            },
            "--groups" => match args.next() {
                Some(list) => {
                    groups = list.split(',').map(str::trim).filter(|g| !g.is_empty()).map(String::from).collect()
                }
                None => return usage_error("--groups needs a comma-separated list"),
            },
            "--config" => match args.next() {
                Some(path) => config = Some(PathBuf::from(path)),
                None => return usage_error("--config needs a path"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage_error(&format!("unknown argument {other:?}")),
        }
    }
    let settings = match Settings::load(config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("jitsi-oidc-bridge: {error}");
            return ExitCode::from(2);
        }
    };
    if check_only {
        println!("configuration OK\n{}", settings.summary());
        return ExitCode::SUCCESS;
    }
    if let Some(room) = explain_room {
        return match RoomTarget::parse_path(&room) {
            Ok(target) => {
                println!("{}", explain(&settings, &groups, &target, unix_now()));
                ExitCode::SUCCESS
            }
            Err(error) => usage_error(&format!("explain --room: {error}")),
        };
    }
    telemetry::init(settings.log_format);
    match run(settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("jitsi-oidc-bridge: {error:#}");
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
    tracing::info!(port = app.port(), %summary, "jitsi-oidc-bridge listening");
    app.run_until_stopped().await?;
    Ok(())
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("jitsi-oidc-bridge: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
