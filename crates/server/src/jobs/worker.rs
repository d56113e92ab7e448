//! The one shape of every background job: a thread that runs rounds until it is told to stop,
//! sleeping between rounds until woken or its pause is over; and the lease names jobs claim
//! rows under (unique per job and process start, so several processes share the work).

use std::thread::JoinHandle;
use std::time::Duration;

pub use crate::signal::Signal;

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
