//! The binary: parse the command line, load settings, run.

use std::path::PathBuf;
use std::process::ExitCode;

use jitsi_oidc_bridge::config::Settings;
use jitsi_oidc_bridge::startup::Application;
use jitsi_oidc_bridge::telemetry;

const USAGE: &str = "usage: jitsi-oidc-bridge [check-config] [--config PATH]

  (no command)   run the bridge
  check-config   validate the configuration and print a summary, then exit

The config file is PATH, else $JITSI_OIDC_BRIDGE_CONFIG, else ./bridge.toml;
BRIDGE_<SECTION>__<KEY> environment variables override it.";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut check_only = false;
    let mut config: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "check-config" => check_only = true,
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
