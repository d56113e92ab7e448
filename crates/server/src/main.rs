//! The `smartcal` binary: `smartcal serve` (the default) runs the whole installation.

use clap::{Parser, Subcommand};
use smartcal_db::PoolOptions;
use smartcal_server::config::{Config, LogFormat};
use smartcal_server::{admin, demo, Application};
use tracing_subscriber::EnvFilter;

/// glibc keeps what is freed: each thread that allocates gets its own arena (up to 8 per core),
/// and after the first large block (argon2's 19 MiB per password hash) is freed, its dynamic
/// mmap threshold rises so the next ones come from — and stay in — an arena. Under load that
/// put the peak RSS at 90–180 MB (docs/BENCHMARKS.md). Two arenas serve the two request
/// workers and the few blocking threads, and a fixed 1 MiB threshold sends big blocks to `mmap`,
/// returned to the system when freed. `MALLOC_ARENA_MAX` / `MALLOC_MMAP_THRESHOLD_` in the
/// environment still win.
#[allow(unsafe_code)] // the workspace's only unsafe block: a libc call with no Rust wrapper
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    for (var, param, value) in [
        ("MALLOC_ARENA_MAX", libc::M_ARENA_MAX, 2),
        ("MALLOC_MMAP_THRESHOLD_", libc::M_MMAP_THRESHOLD, 1 << 20),
    ] {
        if std::env::var_os(var).is_none() {
            // SAFETY: only sets an allocator parameter; called first thing in main, before any
            // other thread exists.
            unsafe {
                libc::mallopt(param, value);
            }
        }
    }
}

/// SmartCal: self-hosted meeting scheduling with Jitsi video rooms.
///
/// Configuration comes from the environment (and `.env`): DATABASE_URL, SMARTCAL_BIND,
/// SMARTCAL_PUBLIC_URL, JITSI_BASE_URL, JITSI_JWT_APP_ID, JITSI_JWT_SECRET, JAAS_APP_ID,
/// JAAS_KEY_ID, JAAS_PRIVATE_KEY, SMTP_URL, MAIL_FROM, SMARTCAL_ALLOW_SIGNUP,
/// SMARTCAL_CORS_ORIGINS, SMARTCAL_RATE_LIMIT_PER_MINUTE, SMARTCAL_METRICS_TOKEN,
/// SMARTCAL_LOG_FORMAT, RUST_LOG. See the README.
#[derive(Parser)]
#[command(name = "smartcal", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server: API under /api/v1, the web app everywhere else.
    Serve {
        /// Also create a demo host and agenda and print the booking link.
        #[arg(long)]
        demo: bool,
    },
    /// Create the demo host and agenda (if missing), print the booking link, and exit.
    Demo,
    /// Apply database migrations and exit (they also run at every start).
    Migrate,
    /// Copy the SQLite database to PATH while the server keeps serving (a consistent online
    /// copy, checked with PRAGMA integrity_check). For PostgreSQL use pg_dump.
    Backup {
        /// Where the copy goes (a new file).
        path: std::path::PathBuf,
    },
    /// Manage host accounts in DATABASE_URL.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a host; the password is read from standard input (one line), never from the
    /// command line.
    CreateHost {
        /// Their login email.
        #[arg(long)]
        email: String,
        /// Their name as guests see it.
        #[arg(long)]
        name: String,
        /// Their booking pages' address (default: from the name).
        #[arg(long)]
        slug: Option<String>,
        /// Their IANA time zone.
        #[arg(long, default_value = "UTC")]
        time_zone: String,
    },
    /// Set a host's password, read from standard input (one line); their sessions end.
    ResetPassword {
        /// The host's email, slug or id.
        host: String,
    },
    /// List every host (tab-separated).
    ListHosts,
    /// Disable a host: no login, sessions and API keys stop, booking pages answer 404;
    /// bookings stay (the upcoming ones are listed).
    DisableHost {
        /// The host's email, slug or id.
        host: String,
    },
    /// Enable a disabled host again.
    EnableHost {
        /// The host's email, slug or id.
        host: String,
    },
}

fn main() {
    tune_malloc();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("smartcal: configuration error: {e}");
            std::process::exit(2);
        }
    };
    let command = cli.command.unwrap_or(Command::Serve { demo: false });
    // The operator's commands print their answer on stdout: logs go to stderr there.
    let cli_tool = matches!(command, Command::Backup { .. } | Command::Admin { .. });
    init_logging(config.log_format, cli_tool);
    let result = match command {
        Command::Serve { demo } => serve(config, demo),
        Command::Demo => smartcal_db::connect(&config.database_url, &PoolOptions::one_shot())
            .map_err(anyhow::Error::from)
            .and_then(|pool| demo::seed(&pool, &config.public_url))
            .map(|url| print_demo(&url)),
        Command::Migrate => smartcal_db::connect(&config.database_url, &PoolOptions::one_shot())
            .map(|_| println!("migrations applied"))
            .map_err(anyhow::Error::from),
        Command::Backup { path } => {
            admin::backup(&config.database_url, &path).map(|t| print!("{t}"))
        }
        Command::Admin { command } => run_admin(&config, command).map(|t| print!("{t}")),
    };
    if let Err(e) = result {
        eprintln!("smartcal: {e:#}");
        std::process::exit(1);
    }
}

/// Text lines for people, or (`SMARTCAL_LOG_FORMAT=json`) one JSON object per line with the
/// event's fields at the top level next to `timestamp`, `level`, `target` and `message`; on
/// stdout, or on stderr for `to_stderr`.
/// Colours only on a terminal: a log file or collector gets plain text.
fn init_logging(format: LogFormat, to_stderr: bool) {
    use std::io::IsTerminal;
    if to_stderr {
        install_logging(format, std::io::stderr, std::io::stderr().is_terminal());
    } else {
        install_logging(format, std::io::stdout, std::io::stdout().is_terminal());
    }
}

fn install_logging<W>(format: LogFormat, writer: W, ansi: bool)
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(writer);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .init(),
    }
}

fn run_admin(config: &Config, command: AdminCommand) -> anyhow::Result<String> {
    let pool = smartcal_db::connect(&config.database_url, &PoolOptions::one_shot())?;
    let url = &config.database_url;
    match command {
        AdminCommand::CreateHost {
            email,
            name,
            slug,
            time_zone,
        } => {
            let password = read_password()?;
            let new = admin::NewHost {
                email,
                name,
                slug,
                time_zone,
            };
            admin::create_host(&pool, &new, &password)
        }
        AdminCommand::ResetPassword { host } => {
            let password = read_password()?;
            admin::reset_password(&pool, &host, &password)
        }
        AdminCommand::ListHosts => admin::list_hosts(&pool),
        AdminCommand::DisableHost { host } => admin::set_disabled(&pool, url, &host, true),
        AdminCommand::EnableHost { host } => admin::set_disabled(&pool, url, &host, false),
    }
}

/// The first line of standard input (a prompt goes to the terminal if there is one; the
/// password is echoed there, so prefer piping it in).
fn read_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal, Write};
    if std::io::stdin().is_terminal() {
        eprint!("New password (visible as you type; or pipe it in): ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        anyhow::bail!("no password on standard input");
    }
    admin::check_password(&password)?;
    Ok(password)
}

fn print_demo(url: &str) {
    println!("Demo ready. Book a meeting at: {url}");
    println!(
        "Host dashboard login: {} / {}",
        demo::DEMO_EMAIL,
        demo::DEMO_PASSWORD
    );
}

fn serve(config: Config, with_demo: bool) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let public_url = config.public_url.clone();
        let app = Application::build(config)?;
        if with_demo {
            let url = demo::seed(&app.state().pool, &public_url)?;
            print_demo(&url);
        }
        tracing::info!(port = app.port(), url = %public_url, "SmartCal is listening");
        app.run_until_stopped().await?;
        tracing::info!("stopped");
        Ok(())
    })
}
