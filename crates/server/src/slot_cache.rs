//! Answers of `GET /agendas/{id}/slots`, kept for a moment and served again without touching
//! the database: a booking page is read far more often than it changes.
//!
//! **Freshness.** Every change to what a host can be booked for — a booking made, cancelled or
//! moved, an agenda created, edited or deleted, a calendar synced or removed — calls
//! [`SlotCache::changed`] after its commit, which drops that host's answers in this process at
//! once. Other processes on the same PostgreSQL hear of it through `NOTIFY smartcal_schedule`
//! (see [`listen`]) within [`POLL`]; while a process is not listening (starting, or its
//! listening connection lost) it serves no cached answers at all. An answer computed from a
//! read that started before a change is never stored after it (tickets, below). Every answer
//! expires after `SMARTCAL_SLOT_CACHE_MS` (default 2 s), which bounds how long "now" (minimum
//! notice, slots in the past) and anything missed can be off. SQLite is a one-process
//! installation, so local invalidation is the whole story there.
//!
//! **Correctness never depends on it.** Booking checks the slot against the database under the
//! host's lock; a stale page can only lead to a 409 ("just taken"), never a double booking. A
//! request with `Cache-Control: no-cache` (the SPA after a 409) bypasses the cache.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use chrono::NaiveDate;
use uuid::Uuid;

/// The most bytes of answers kept (about a thousand week pages).
const MAX_BYTES: usize = 8 * 1024 * 1024;
/// How often the listening connection is polled for other processes' changes.
pub const POLL: Duration = Duration::from_millis(20);
/// The PostgreSQL channel changes are announced on (payload: the host's id).
pub const CHANNEL: &str = "smartcal_schedule";

/// What identifies one answer: the agenda and the query as parsed (so equivalent spellings
/// share an entry; absent dates mean "from today", which the expiry keeps current).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// The agenda.
    pub agenda: Uuid,
    /// `from`, if given.
    pub from: Option<NaiveDate>,
    /// `to`, if given.
    pub to: Option<NaiveDate>,
    /// `time_zone`, if given.
    pub zone: Option<&'static str>,
}

/// Taken before the database is read; an answer is only stored if its host has not changed
/// since.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

/// The cache of one process.
#[derive(Debug)]
pub struct SlotCache {
    ttl: Duration,
    /// False while changes made by other processes could go unnoticed.
    on: AtomicBool,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    entries: HashMap<Key, Entry>,
    bytes: usize,
    /// Counts changes and flushes; tickets are readings of it.
    clock: u64,
    /// Host → `clock` at its last change (cleared with a flush when it grows large).
    changed: HashMap<String, u64>,
    /// `clock` at the last flush: older tickets store nothing.
    flushed: u64,
}

#[derive(Debug)]
struct Entry {
    host: String,
    body: Bytes,
    expires: Instant,
}

impl SlotCache {
    /// A cache keeping answers for `ttl` (zero: keeps nothing). `on` is false for a cluster
    /// backend until [`listen`] is listening.
    pub fn new(ttl: Duration, on: bool) -> SlotCache {
        SlotCache {
            ttl,
            on: AtomicBool::new(on && !ttl.is_zero()),
            inner: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A stored, unexpired answer.
    pub fn get(&self, key: &Key) -> Option<Bytes> {
        if !self.on.load(Ordering::Acquire) {
            return None;
        }
        let mut inner = self.lock();
        let entry = inner.entries.get(key)?;
        if entry.expires > Instant::now() {
            return Some(entry.body.clone());
        }
        inner.remove(key);
        None
    }

    /// Call before reading the database for an answer that may be stored.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.lock().clock)
    }

    /// Stores an answer read after `ticket`, unless its host changed (or the cache was flushed)
    /// since.
    pub fn put(&self, key: Key, host: &str, ticket: Ticket, body: Bytes) {
        if !self.on.load(Ordering::Acquire) || body.len() > MAX_BYTES / 8 {
            return;
        }
        let mut inner = self.lock();
        let changed_since = inner.changed.get(host).is_some_and(|&at| at > ticket.0);
        if ticket.0 < inner.flushed || changed_since {
            return;
        }
        let now = Instant::now();
        if inner.bytes + body.len() > MAX_BYTES {
            inner.evict(now, body.len());
        }
        inner.remove(&key);
        inner.bytes += body.len();
        inner.entries.insert(
            key,
            Entry {
                host: host.to_owned(),
                body,
                expires: now + self.ttl,
            },
        );
    }

    /// The host's slots changed (call after the commit): drops their answers.
    pub fn changed(&self, host: &str) {
        let mut inner = self.lock();
        inner.clock += 1;
        if inner.changed.len() >= 10_000 {
            inner.flush();
        }
        let clock = inner.clock;
        inner.changed.insert(host.to_owned(), clock);
        let before = inner.entries.len();
        inner.entries.retain(|_, e| e.host != host);
        if inner.entries.len() != before {
            inner.bytes = inner.entries.values().map(|e| e.body.len()).sum();
        }
    }

    /// Drops everything and turns the cache on or off (off while other processes' changes
    /// cannot be heard).
    pub fn reset(&self, on: bool) {
        self.lock().flush();
        self.on.store(on && !self.ttl.is_zero(), Ordering::Release);
    }
}

impl Inner {
    fn remove(&mut self, key: &Key) {
        if let Some(e) = self.entries.remove(key) {
            self.bytes -= e.body.len();
        }
    }

    fn flush(&mut self) {
        self.clock += 1;
        self.flushed = self.clock;
        self.changed.clear();
        self.entries.clear();
        self.bytes = 0;
    }

    /// Makes room for `needed` bytes: expired answers first, then any.
    fn evict(&mut self, now: Instant, needed: usize) {
        self.entries.retain(|_, e| e.expires > now);
        self.bytes = self.entries.values().map(|e| e.body.len()).sum();
        while self.bytes + needed > MAX_BYTES {
            let Some(key) = self.entries.keys().next().cloned() else {
                break;
            };
            self.remove(&key);
        }
    }
}

/// Keeps this process's cache in step with the other processes on a PostgreSQL database:
/// listens on [`CHANNEL`] on a connection of its own and drops the hosts it hears of. The
/// cache is on only while listening; after a lost connection it is flushed, and turned back on
/// once listening again.
pub fn listen(cache: std::sync::Arc<SlotCache>, url: String) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("smartcal-slot-cache".into())
        .spawn(move || loop {
            match smartcal_db::Listener::connect(&url, CHANNEL) {
                Ok(mut listener) => {
                    cache.reset(true);
                    let mut last_ping = Instant::now();
                    let lost = loop {
                        std::thread::sleep(POLL);
                        let heard = listener.poll().and_then(|hosts| {
                            if last_ping.elapsed() >= Duration::from_secs(1) {
                                last_ping = Instant::now();
                                listener.ping()?;
                            }
                            Ok(hosts)
                        });
                        match heard {
                            Ok(hosts) => hosts.iter().for_each(|h| cache.changed(h)),
                            Err(e) => break e,
                        }
                    };
                    cache.reset(false);
                    tracing::warn!(error = %lost, "slot cache: lost the listening connection; not caching until it is back");
                }
                Err(e) => {
                    tracing::debug!(error = %e, "slot cache: cannot listen yet");
                }
            }
            std::thread::sleep(Duration::from_secs(1));
        })
        .map(|_| ())
}

/// Tells the other processes on a PostgreSQL database that the host's slots changed (after the
/// commit; SQLite has no others). A failure is only logged: the change is committed, and the
/// other processes' answers expire on their own.
pub fn announce(c: &mut smartcal_db::DbConn, host: &str) {
    if let Err(e) = smartcal_db::notify(c, CHANNEL, host) {
        tracing::warn!(host, error = %e, "slot cache: could not announce a change");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u128) -> Key {
        Key {
            agenda: Uuid::from_u128(n),
            from: None,
            to: None,
            zone: None,
        }
    }

    fn cache() -> SlotCache {
        SlotCache::new(Duration::from_secs(60), true)
    }

    #[test]
    fn serves_what_it_stored_until_the_host_changes() {
        let c = cache();
        let t = c.ticket();
        c.put(key(1), "h1", t, Bytes::from_static(b"a"));
        c.put(key(2), "h2", t, Bytes::from_static(b"b"));
        assert_eq!(c.get(&key(1)).as_deref(), Some(&b"a"[..]));
        c.changed("h1");
        assert_eq!(c.get(&key(1)), None);
        assert_eq!(c.get(&key(2)).as_deref(), Some(&b"b"[..]));
    }

    #[test]
    fn an_answer_read_before_a_change_is_not_stored_after_it() {
        let c = cache();
        let before = c.ticket();
        c.changed("h1");
        c.put(key(1), "h1", before, Bytes::from_static(b"stale"));
        assert_eq!(c.get(&key(1)), None);
        // Another host's answer from the same read is still good.
        c.put(key(2), "h2", before, Bytes::from_static(b"fresh"));
        assert!(c.get(&key(2)).is_some());
        let after = c.ticket();
        c.put(key(1), "h1", after, Bytes::from_static(b"fresh"));
        assert!(c.get(&key(1)).is_some());
    }

    #[test]
    fn off_or_reset_keeps_nothing_and_old_tickets_store_nothing() {
        let c = cache();
        let t = c.ticket();
        c.reset(false);
        c.put(key(1), "h1", t, Bytes::from_static(b"a"));
        assert_eq!(c.get(&key(1)), None);
        c.reset(true);
        c.put(key(1), "h1", t, Bytes::from_static(b"a"));
        assert_eq!(c.get(&key(1)), None, "a ticket from before the reset");
        c.put(key(1), "h1", c.ticket(), Bytes::from_static(b"a"));
        assert!(c.get(&key(1)).is_some());
        let zero = SlotCache::new(Duration::ZERO, true);
        zero.put(key(1), "h1", zero.ticket(), Bytes::from_static(b"a"));
        assert_eq!(zero.get(&key(1)), None);
    }

    #[test]
    fn answers_expire() {
        let c = SlotCache::new(Duration::from_millis(20), true);
        c.put(key(1), "h1", c.ticket(), Bytes::from_static(b"a"));
        assert!(c.get(&key(1)).is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(c.get(&key(1)), None);
    }

    #[test]
    fn stays_within_its_memory_budget() {
        let c = cache();
        let body = Bytes::from(vec![b'x'; 100 * 1024]);
        for n in 0..200 {
            c.put(key(n), "h", c.ticket(), body.clone());
        }
        let inner = c.lock();
        assert!(inner.bytes <= MAX_BYTES, "{} bytes", inner.bytes);
        assert_eq!(inner.bytes, inner.entries.len() * body.len());
        assert!(inner.entries.len() >= 70);
    }
}
