//! Answers of `GET /agendas/{id}/slots`, kept for a moment and served again without touching
//! the database: a booking page is read far more often than it changes.
//!
//! **Freshness.** Every change to what a host can be booked for — a booking made, cancelled or
//! moved, an agenda edited or deleted, a calendar synced or removed — calls
//! [`SlotCache::changed_here`] after its commit, which drops that host's answers in this process
//! at once. On PostgreSQL the change is also queued for the other processes:
//! `jobs::cache_listener` sends the queue as one `NOTIFY smartcal_schedule` batch every 20 ms
//! and drops what the others announce, so their pages follow within about two polls; while a
//! process is not listening (starting, or its connection lost) it serves no cached answers at
//! all. An answer computed
//! from a read that started before a change is never stored after it (tickets, below). Every answer
//! expires after `SMARTCAL_SLOT_CACHE_MS` (default 2 s), which bounds how long "now" (minimum
//! notice, slots in the past) and anything missed can be off. SQLite is a one-process
//! installation, so local invalidation is the whole story there.
//!
//! **Correctness never depends on it.** Booking checks the slot against the database under the
//! host's lock; a stale page can only lead to a 409 ("just taken"), never a double booking. A
//! request with `Cache-Control: no-cache` (a client that must see the database's state) bypasses
//! the cache.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use chrono::NaiveDate;
use uuid::Uuid;

/// The most bytes of answers kept (about a thousand week pages).
const MAX_BYTES: usize = 8 * 1024 * 1024;

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
    /// Hosts changed here that the other processes have not been told about (PostgreSQL only).
    outgoing: Option<Mutex<Vec<String>>>,
}

/// How many unsent announcements are kept while the database is unreachable; beyond that the
/// other processes' answers expire on their own.
const MAX_OUTGOING: usize = 10_000;

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
    /// Every host whose time the answer shows (a team agenda's members).
    hosts: Box<[String]>,
    body: Bytes,
    expires: Instant,
}

impl SlotCache {
    /// A cache keeping answers for `ttl` (zero: keeps nothing). `shared`: other processes use
    /// the database too (PostgreSQL), so the cache stays off until `jobs::cache_listener` listens to them.
    pub fn new(ttl: Duration, shared: bool) -> SlotCache {
        SlotCache {
            ttl,
            on: AtomicBool::new(!shared && !ttl.is_zero()),
            inner: Mutex::default(),
            outgoing: shared.then(Mutex::default),
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

    /// Stores an answer read after `ticket` about one host's time, unless the host changed (or
    /// the cache was flushed) since.
    pub fn put(&self, key: Key, host: &str, ticket: Ticket, body: Bytes) {
        self.put_for_hosts(key, &[host.to_owned()], ticket, body);
    }

    /// Stores an answer read after `ticket` about the time of `hosts` (a team agenda's
    /// members), unless one of them changed (or the cache was flushed) since; a change of any
    /// of them drops it.
    pub fn put_for_hosts(&self, key: Key, hosts: &[String], ticket: Ticket, body: Bytes) {
        if !self.on.load(Ordering::Acquire) || body.len() > MAX_BYTES / 8 {
            return;
        }
        let mut inner = self.lock();
        let changed_since = hosts
            .iter()
            .any(|h| inner.changed.get(h).is_some_and(|&at| at > ticket.0));
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
                hosts: hosts.into(),
                body,
                expires: now + self.ttl,
            },
        );
    }

    /// A change committed by this process (see the module's doc): drops the host's answers
    /// and queues the news for the other processes.
    pub fn changed_here(&self, host: &str) {
        self.changed(host);
        if let Some(out) = &self.outgoing {
            let mut out = out.lock().unwrap_or_else(|p| p.into_inner());
            if out.len() < MAX_OUTGOING {
                out.push(host.to_owned());
            }
        }
    }

    /// What [`changed_here`](Self::changed_here) queued since the last call.
    pub fn take_outgoing(&self) -> Vec<String> {
        self.outgoing.as_ref().map_or_else(Vec::new, |out| {
            let mut hosts = std::mem::take(&mut *out.lock().unwrap_or_else(|p| p.into_inner()));
            hosts.sort_unstable();
            hosts.dedup();
            hosts
        })
    }

    /// The host's slots changed (here or in another process): drops their answers.
    pub fn changed(&self, host: &str) {
        let mut inner = self.lock();
        inner.clock += 1;
        if inner.changed.len() >= 10_000 {
            inner.flush();
        }
        let clock = inner.clock;
        inner.changed.insert(host.to_owned(), clock);
        let before = inner.entries.len();
        inner
            .entries
            .retain(|_, e| !e.hosts.iter().any(|h| h == host));
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
        SlotCache::new(Duration::from_secs(60), false)
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
        let zero = SlotCache::new(Duration::ZERO, false);
        zero.put(key(1), "h1", zero.ticket(), Bytes::from_static(b"a"));
        assert_eq!(zero.get(&key(1)), None);
    }

    #[test]
    fn answers_expire() {
        let c = SlotCache::new(Duration::from_millis(20), false);
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
