//! How a background job is woken early (after a commit that queued work for it) and told to
//! stop. It sits below the shared state, which holds the outbox worker's signal, and below the
//! jobs that wait on one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
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
