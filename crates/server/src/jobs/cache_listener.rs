//! Keeps this process's slot cache in step with the other processes on a PostgreSQL database,
//! on a connection of its own: every [`POLL`] it sends the changes made here as one `NOTIFY`
//! batch on [`CHANNEL`] and drops the hosts the others announced. The cache is on only while
//! listening; after a lost connection it is flushed, and turned back on once listening again
//! (see `crate::slot_cache`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use smartcal_db::Listener;

use crate::jobs::worker::Job;
use crate::slot_cache::SlotCache;

/// How often the listening connection is polled for other processes' changes.
pub const POLL: Duration = Duration::from_millis(20);
/// The PostgreSQL channel changes are announced on (payload: the host's id).
pub const CHANNEL: &str = "smartcal_schedule";
/// How long a connection may stay quiet before a ping proves it alive.
const QUIET: Duration = Duration::from_secs(1);
/// How long to wait before connecting again.
const RECONNECT: Duration = Duration::from_secs(1);

/// The listener of one process.
pub struct CacheListener {
    cache: Arc<SlotCache>,
    url: String,
    listener: Option<Listener>,
    /// When this process last said something on the connection.
    spoke: Instant,
    /// No connection attempt before this.
    retry_at: Instant,
}

impl CacheListener {
    /// A listener for `cache` on the PostgreSQL database at `url` (connects in its first round).
    pub fn new(cache: Arc<SlotCache>, url: String) -> CacheListener {
        let now = Instant::now();
        CacheListener {
            cache,
            url,
            listener: None,
            spoke: now,
            retry_at: now,
        }
    }

    /// Sends what changed here, hears what changed elsewhere (a failed batch is lost: the
    /// other processes' answers expire on their own).
    fn exchange(&mut self, listener: &mut Listener) -> Result<(), smartcal_db::DbError> {
        let news = self.cache.take_outgoing();
        let quiet = self.spoke.elapsed() >= QUIET;
        if !news.is_empty() {
            listener.notify(&news)?;
        } else if quiet {
            listener.ping()?;
        }
        if !news.is_empty() || quiet {
            self.spoke = Instant::now();
        }
        for host in listener.poll()? {
            self.cache.changed(&host);
        }
        Ok(())
    }
}

impl Job for CacheListener {
    fn round(&mut self) -> Result<bool, String> {
        let Some(mut listener) = self.listener.take() else {
            if Instant::now() >= self.retry_at {
                match Listener::connect(&self.url, CHANNEL) {
                    Ok(listener) => {
                        self.cache.reset(true);
                        self.spoke = Instant::now();
                        self.listener = Some(listener);
                    }
                    Err(e) => {
                        tracing::debug!(error = %e, "slot cache: cannot listen yet");
                        self.retry_at = Instant::now() + RECONNECT;
                    }
                }
            }
            return Ok(false);
        };
        match self.exchange(&mut listener) {
            Ok(()) => self.listener = Some(listener),
            Err(lost) => {
                self.cache.reset(false);
                self.retry_at = Instant::now() + RECONNECT;
                tracing::warn!(error = %lost, "slot cache: lost the listening connection; not caching until it is back");
            }
        }
        Ok(false)
    }
}
