//! Start-up and shut-down: connect the database (migrating it), build the shared state, start
//! the background jobs, bind and serve; on shutdown stop the server, then every job, and let go
//! of the pool.

use std::net::TcpListener;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use actix_web::dev::{Server, ServerHandle};

use crate::config::Config;
use crate::integrations::jitsi::TokenAuth;
use crate::integrations::mail::Mailer;
use crate::jobs::Jobs;
use crate::slot_cache::SlotCache;
use crate::state::AppState;

/// How long shutting down waits for the HTTP workers to let go of the shared state.
const RELEASE_WAIT: Duration = Duration::from_secs(5);

/// A bound, serving server with its jobs running (port 0 in tests picks a free port).
pub struct Application {
    server: Server,
    port: u16,
    state: AppState,
    jobs: Jobs,
}

impl Application {
    /// Connects the database (running migrations), starts the background jobs and binds the
    /// listener.
    pub fn build(config: Config) -> anyhow::Result<Application> {
        let mailer = Mailer::from_config(&config)?;
        let jitsi = TokenAuth::from_config(&config)?;
        let pool_options = smartcal_db::PoolOptions::for_url(&config.database_url);
        let pool = smartcal_db::connect(&config.database_url, &pool_options)
            .map_err(|e| anyhow::anyhow!("DATABASE_URL: {e}"))?;
        let listener = TcpListener::bind(config.bind)
            .map_err(|e| anyhow::anyhow!("SMARTCAL_BIND {}: {e}", config.bind))?;
        let port = listener.local_addr()?.port();
        let room_base = TokenAuth::room_base(jitsi.as_ref(), &config);
        // On PostgreSQL other processes may change the data: cache only while listening to
        // them (and listen even with no cache here: the other processes may keep one).
        let shared = smartcal_db::Backend::from_url(&config.database_url)
            == Some(smartcal_db::Backend::Postgres);
        let listen_url = shared.then(|| config.database_url.clone());
        let slots = Arc::new(SlotCache::new(config.slot_cache_ttl, shared));
        let state = AppState {
            pool,
            config: Arc::new(config),
            outbox: Default::default(),
            calendars: Default::default(),
            jitsi,
            room_base,
            limits: Arc::default(),
            slots,
            metrics: Arc::default(),
        };
        let jobs = Jobs::start(&state, mailer, listen_url)?;
        let server = crate::http::server::serve(state.clone(), listener)?;
        Ok(Application {
            server,
            port,
            state,
            jobs,
        })
    }

    /// Builds the application and serves it on a thread of its own (with its own runtime)
    /// until the returned [`Running`] is stopped or dropped: for tests and for embedding.
    pub fn start(config: Config) -> anyhow::Result<Running> {
        let (started, answer) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("smartcal-app".into())
            .spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    match Application::build(config) {
                        Ok(app) => {
                            let _ = started.send(Ok((app.port, app.server.handle())));
                            if let Err(e) = app.run_until_stopped().await {
                                tracing::error!(error = %e, "the server stopped with an error");
                            }
                        }
                        Err(e) => {
                            let _ = started.send(Err(e));
                        }
                    }
                })
            })?;
        let (port, handle) = answer
            .recv()
            .map_err(|_| anyhow::anyhow!("the application thread ended before it started"))??;
        Ok(Running {
            port,
            handle,
            thread: Some(thread),
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests reach the pool through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until the server is stopped (SIGINT/SIGTERM, or [`Running::stop`]), letting
    /// in-flight requests finish on SIGTERM (up to 30 s); then stops every background job
    /// after its current item (undelivered rows stay for the next start or another process)
    /// and waits until no worker holds the state, so the pool is closed when this returns.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Application {
            server,
            state,
            mut jobs,
            ..
        } = self;
        let result = server.await;
        jobs.stop();
        let held: Weak<Config> = Arc::downgrade(&state.config);
        drop(state);
        let deadline = Instant::now() + RELEASE_WAIT;
        while held.strong_count() > 0 && Instant::now() < deadline {
            actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        }
        if held.strong_count() > 0 {
            tracing::warn!("HTTP workers still hold the shared state after shutting down");
        }
        result
    }
}

/// An application serving on its own thread ([`Application::start`]); stopping it (or dropping
/// it) stops the server at once, then every job, and returns when the pool is closed.
pub struct Running {
    port: u16,
    handle: ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops everything and waits for it (what dropping does, made explicit).
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(thread) = self.thread.take() {
            // The command is sent at once; the thread ends when all is stopped.
            drop(self.handle.stop(false));
            if thread.join().is_err() {
                tracing::error!("the application thread panicked");
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shut_down();
    }
}
