//! The `smartcal` binary: `smartcal serve` (the default) runs the whole installation.

use clap::{Parser, Subcommand};
use smartcal_server::config::Config;
use smartcal_server::{demo, Application};
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
/// SMARTCAL_CORS_ORIGINS, SMARTCAL_RATE_LIMIT_PER_MINUTE, RUST_LOG. See the README.
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
}

fn main() {
    tune_malloc();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("smartcal: configuration error: {e}");
            std::process::exit(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(config, demo),
        Command::Demo => smartcal_db::connect(&config.database_url, &Default::default())
            .map_err(anyhow::Error::from)
            .and_then(|pool| demo::seed(&pool, &config.public_url))
            .map(|url| print_demo(&url)),
        Command::Migrate => smartcal_db::connect(&config.database_url, &Default::default())
            .map(|_| println!("migrations applied"))
            .map_err(anyhow::Error::from),
    };
    if let Err(e) = result {
        eprintln!("smartcal: {e:#}");
        std::process::exit(1);
    }
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
