//! The one shape of every background job: a thread that runs rounds until it is told to stop,
//! sleeping between rounds until woken or its pause is over; and the lease names jobs claim
//! rows under (unique per job and process start, so several processes share the work).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Wakes a job early (e.g. after a commit that queued messages), and tells it to stop.
#[derive(Debug, Clone, Default)]
pub struct Signal {
    inner: Arc<(Mutex<bool>, Condvar)>,
    stop: Arc<AtomicBool>,
}

impl Signal {
    /// There is new work.
    pub fn wake(&self) {
        let (flag, cv) = &*self.inner;
        if let Ok(mut woken) = flag.lock() {
            *woken = true;
            cv.notify_all();
        }
    }

    /// Finish the current round's item, then end.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake();
    }

    /// Whether the job was told to stop.
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Sleeps until woken, stopped, or `timeout` passes.
    pub fn wait(&self, timeout: Duration) {
        let (flag, cv) = &*self.inner;
        let Ok(woken) = flag.lock() else { return };
        if let Ok((mut woken, _)) = cv.wait_timeout_while(woken, timeout, |w| !*w) {
            *woken = false;
        }
    }
}

/// A background job: one round of work at a time.
pub trait Job: Send + 'static {
    /// Does what is due; `Ok(true)` when more is waiting right now (the next round starts at
    /// once), `Ok(false)` when the job may rest. An error (the database unreachable, say) is
    /// logged and the job rests before trying again.
    fn round(&mut self) -> Result<bool, String>;
}

/// Runs `make()`'s job on a thread named `smartcal-{name}` until `signal` stops it, resting
/// `pause` between rounds (less when woken). The job is made on its own thread: blocking HTTP
/// clients must be built and dropped outside any async runtime.
pub fn spawn<J: Job>(
    name: &'static str,
    signal: Signal,
    pause: Duration,
    make: impl FnOnce() -> Result<J, String> + Send + 'static,
) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name(format!("smartcal-{name}"))
        .spawn(move || {
            let mut job = match make() {
                Ok(job) => job,
                Err(error) => {
                    tracing::error!(job = name, %error, "background job cannot start");
                    return;
                }
            };
            tracing::debug!(job = name, "background job started");
            while !signal.stopping() {
                match job.round() {
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(error) => tracing::warn!(job = name, %error, "background job round failed"),
                }
                signal.wait(pause);
            }
            tracing::debug!(job = name, "background job stopped");
        })
}

/// A lease owner's name, unique per call: `{pid}-{uuid}`.
pub fn lease_owner() -> String {
    format!("{}-{}", std::process::id(), uuid::Uuid::new_v4())
}
