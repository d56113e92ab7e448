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
//!
//! **Compressed once.** An answer is kept as an [`Answer`]: its JSON and, made on the first
//! request that asks for them, its brotli and gzip forms. A browser's repeated page load is
//! then served compressed without compressing again (a month is about 34 KB of JSON, 3 KB
//! compressed). The budget counts the JSON; the compressed forms add about a tenth.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use actix_web::http::header::ContentEncoding;
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
    body: Arc<Answer>,
    expires: Instant,
}

/// One answer: its JSON, and its compressed forms made once, when first asked for.
#[derive(Debug)]
pub struct Answer {
    json: Bytes,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

impl Answer {
    /// An answer of these JSON bytes.
    pub fn new(json: Bytes) -> Arc<Answer> {
        Arc::new(Answer {
            json,
            brotli: OnceLock::new(),
            gzip: OnceLock::new(),
        })
    }

    /// The JSON.
    pub fn json(&self) -> &Bytes {
        &self.json
    }

    /// The answer in `encoding` (brotli or gzip; made on the first call), or `None` for any
    /// other encoding.
    pub fn encoded(&self, encoding: ContentEncoding) -> Option<&Bytes> {
        match encoding {
            ContentEncoding::Brotli => Some(self.brotli.get_or_init(|| brotli(&self.json))),
            ContentEncoding::Gzip => Some(self.gzip.get_or_init(|| gzip(&self.json))),
            _ => None,
        }
    }

    fn len(&self) -> usize {
        self.json.len()
    }
}

/// Brotli at quality 5: close to the best ratio for JSON of this size at a fraction of the
/// slow qualities' time (it runs once per answer, not once per request).
fn brotli(json: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(json.len() / 8);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        lgwin: 22,
        ..Default::default()
    };
    let mut input = json;
    // Writing to memory cannot fail.
    let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
    Bytes::from(out)
}

fn gzip(json: &[u8]) -> Bytes {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(json.len() / 6),
        flate2::Compression::default(),
    );
    // Writing to memory cannot fail.
    let _ = enc.write_all(json);
    Bytes::from(enc.finish().unwrap_or_default())
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
    pub fn get(&self, key: &Key) -> Option<Arc<Answer>> {
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
    pub fn put(&self, key: Key, host: &str, ticket: Ticket, body: Arc<Answer>) {
        self.put_for_hosts(key, &[host.to_owned()], ticket, body);
    }

    /// Stores an answer read after `ticket` about the time of `hosts` (a team agenda's
    /// members), unless one of them changed (or the cache was flushed) since; a change of any
    /// of them drops it.
    pub fn put_for_hosts(&self, key: Key, hosts: &[String], ticket: Ticket, body: Arc<Answer>) {
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

    fn answer(json: &'static [u8]) -> Arc<Answer> {
        Answer::new(Bytes::from_static(json))
    }

    fn cache() -> SlotCache {
        SlotCache::new(Duration::from_secs(60), false)
    }

    #[test]
    fn serves_what_it_stored_until_the_host_changes() {
        let c = cache();
        let t = c.ticket();
        c.put(key(1), "h1", t, answer(b"a"));
        c.put(key(2), "h2", t, answer(b"b"));
        assert_eq!(
            c.get(&key(1)).map(|a| a.json().clone()).as_deref(),
            Some(&b"a"[..])
        );
        c.changed("h1");
        assert!(c.get(&key(1)).is_none());
        assert_eq!(
            c.get(&key(2)).map(|a| a.json().clone()).as_deref(),
            Some(&b"b"[..])
        );
    }

    #[test]
    fn an_answer_read_before_a_change_is_not_stored_after_it() {
        let c = cache();
        let before = c.ticket();
        c.changed("h1");
        c.put(key(1), "h1", before, answer(b"stale"));
        assert!(c.get(&key(1)).is_none());
        // Another host's answer from the same read is still good.
        c.put(key(2), "h2", before, answer(b"fresh"));
        assert!(c.get(&key(2)).is_some());
        let after = c.ticket();
        c.put(key(1), "h1", after, answer(b"fresh"));
        assert!(c.get(&key(1)).is_some());
    }

    #[test]
    fn off_or_reset_keeps_nothing_and_old_tickets_store_nothing() {
        let c = cache();
        let t = c.ticket();
        c.reset(false);
        c.put(key(1), "h1", t, answer(b"a"));
        assert!(c.get(&key(1)).is_none());
        c.reset(true);
        c.put(key(1), "h1", t, answer(b"a"));
        assert!(c.get(&key(1)).is_none(), "a ticket from before the reset");
        c.put(key(1), "h1", c.ticket(), answer(b"a"));
        assert!(c.get(&key(1)).is_some());
        let zero = SlotCache::new(Duration::ZERO, false);
        zero.put(key(1), "h1", zero.ticket(), answer(b"a"));
        assert!(zero.get(&key(1)).is_none());
    }

    #[test]
    fn answers_expire() {
        let c = SlotCache::new(Duration::from_millis(20), false);
        c.put(key(1), "h1", c.ticket(), answer(b"a"));
        assert!(c.get(&key(1)).is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert!(c.get(&key(1)).is_none());
    }

    #[test]
    fn stays_within_its_memory_budget() {
        let c = cache();
        let body = Answer::new(Bytes::from(vec![b'x'; 100 * 1024]));
        for n in 0..200 {
            c.put(key(n), "h", c.ticket(), body.clone());
        }
        let inner = c.lock();
        assert!(inner.bytes <= MAX_BYTES, "{} bytes", inner.bytes);
        assert_eq!(inner.bytes, inner.entries.len() * body.len());
        assert!(inner.entries.len() >= 70);
    }

    #[test]
    fn compressed_forms_are_made_once_and_decode_to_the_json() {
        use std::io::Read as _;
        let json = Bytes::from(
            serde_json::to_vec(&vec![
                serde_json::json!({"start": "2026-12-07T09:00:00Z"});
                300
            ])
            .unwrap(),
        );
        let a = Answer::new(json.clone());
        let br = a.encoded(ContentEncoding::Brotli).unwrap().clone();
        assert!(br.len() * 10 < json.len(), "{} of {}", br.len(), json.len());
        assert_eq!(
            a.encoded(ContentEncoding::Brotli).unwrap().as_ptr(),
            br.as_ptr(),
            "made once"
        );
        let mut out = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, json);
        let gz = a.encoded(ContentEncoding::Gzip).unwrap();
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, json);
        assert!(a.encoded(ContentEncoding::Zstd).is_none());
        assert!(a.encoded(ContentEncoding::Identity).is_none());
    }
}
