//! Host calendars: reading a host's busy times from their own calendars, on a schedule.
//!
//! A source is an iCalendar feed (GET, with `If-None-Match` / `If-Modified-Since`) or a CalDAV
//! calendar (a `calendar-query` REPORT over a time range). A sync thread in every `smartcal
//! serve` process claims due sources with a lease (see `smartcal_db::calendars`), so several
//! processes never read one source at once; a source is also read right after it is added and
//! on "sync now". The busy intervals of the last successful read are stored; a failed read
//! records its error and keeps them. Slots and bookings take them as busy time
//! ([`busy`], used by `routes::agendas::busy_around`).
//!
//! CalDAV passwords are stored encrypted (ChaCha20-Poly1305) under a key derived from
//! `SMARTCAL_SECRET_KEY`; without that variable CalDAV sources with a password are refused.

use std::io::Read;
use std::time::Duration;

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use smartcal_db::calendars::{self, Fetched, SourceRow};
use smartcal_db::{DbConn, DbError};
use smartcal_domain::busy_ical;
use smartcal_domain::slots::Busy;

use crate::state::AppState;
use crate::time::from_unix;

/// How far ahead busy times are read (the longest booking horizon, and some).
const AHEAD_DAYS: i64 = 400;
/// Busy intervals kept per source at most.
const MAX_INTERVALS: usize = 20_000;
/// Sources read per round of the sync thread.
const BATCH: i64 = 10;

/// Calendar settings, from the environment (validated at start-up).
#[derive(Clone)]
pub struct Settings {
    /// `SMARTCAL_CALENDAR_SYNC_SECONDS` (default 300): how often each source is read.
    pub sync_interval: Duration,
    /// `SMARTCAL_CALENDAR_TIMEOUT_SECONDS` (default 15): per request.
    pub timeout: Duration,
    /// `SMARTCAL_CALENDAR_MAX_BYTES` (default 10 MiB): larger answers are refused.
    pub max_bytes: u64,
    /// Key for CalDAV passwords, derived from `SMARTCAL_SECRET_KEY`.
    key: Option<[u8; 32]>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("sync_interval", &self.sync_interval)
            .field("timeout", &self.timeout)
            .field("max_bytes", &self.max_bytes)
            .field("key", &self.key.map(|_| "<set>"))
            .finish()
    }
}

impl Settings {
    /// Reads the settings from the process environment (`.env` included).
    pub fn from_env() -> anyhow::Result<Settings> {
        Settings::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads the settings through `get` (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<Settings> {
        let seconds = |name: &str, default: u64, min: u64| -> anyhow::Result<u64> {
            match get(name).filter(|v| !v.trim().is_empty()) {
                None => Ok(default),
                Some(v) => match v.trim().parse::<u64>() {
                    Ok(n) if n >= min => Ok(n),
                    _ => anyhow::bail!("{name}: expected a whole number ≥ {min}, got {v:?}"),
                },
            }
        };
        let key = match get("SMARTCAL_SECRET_KEY").filter(|v| !v.is_empty()) {
            None => None,
            Some(k) if k.len() < 32 => {
                anyhow::bail!(
                    "SMARTCAL_SECRET_KEY: use at least 32 characters (e.g. `openssl rand -hex 32`)"
                )
            }
            Some(k) => {
                let mut h = Sha256::new();
                h.update(b"smartcal calendar passwords v1\0");
                h.update(k.as_bytes());
                Some(h.finalize().into())
            }
        };
        Ok(Settings {
            sync_interval: Duration::from_secs(seconds("SMARTCAL_CALENDAR_SYNC_SECONDS", 300, 1)?),
            timeout: Duration::from_secs(seconds("SMARTCAL_CALENDAR_TIMEOUT_SECONDS", 15, 1)?),
            max_bytes: seconds("SMARTCAL_CALENDAR_MAX_BYTES", 10 * 1024 * 1024, 1024)?,
            key,
        })
    }

    /// Whether passwords can be stored.
    pub fn can_encrypt(&self) -> bool {
        self.key.is_some()
    }

    /// Encrypts a password: base64 of nonce ‖ ciphertext.
    pub fn encrypt(&self, plain: &str) -> Option<String> {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.key?));
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .ok()?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Some(base64::engine::general_purpose::STANDARD.encode(out))
    }

    /// Decrypts what [`Settings::encrypt`] made.
    pub fn decrypt(&self, sealed: &str) -> Result<String, String> {
        let key = self
            .key
            .ok_or("SMARTCAL_SECRET_KEY is not set: cannot read the stored password")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(sealed)
            .map_err(|_| "the stored password is damaged".to_owned())?;
        if bytes.len() < 12 {
            return Err("the stored password is damaged".into());
        }
        let (nonce, ct) = bytes.split_at(12);
        let plain = ChaCha20Poly1305::new(Key::from_slice(&key))
            .decrypt(Nonce::from_slice(nonce), ct)
            .map_err(|_| {
                "the stored password cannot be decrypted: SMARTCAL_SECRET_KEY changed? Enter the password again".to_owned()
            })?;
        String::from_utf8(plain).map_err(|_| "the stored password is damaged".into())
    }

    /// An HTTP client with the timeout; no cookies, a few redirects.
    pub fn http(&self) -> Result<reqwest::blocking::Client, String> {
        reqwest::blocking::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!("SmartCal/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))
    }
}

/// The host's busy times from their calendars around `[from, to]`, as slot computation takes
/// them (the agenda's buffers apply, like to bookings).
pub fn busy(
    conn: &mut DbConn,
    host_id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Busy>, DbError> {
    Ok(
        calendars::busy_between(conn, host_id, from.timestamp(), to.timestamp())?
            .into_iter()
            .map(|(s, e)| Busy {
                start: from_unix(s),
                end: from_unix(e),
                same_agenda: false,
            })
            .collect(),
    )
}

/// Starts the sync thread of this process.
pub fn spawn(state: AppState, settings: Settings) -> std::io::Result<()> {
    let owner = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4());
    std::thread::Builder::new()
        .name("smartcal-calendars".into())
        .spawn(move || {
            let pause = settings.sync_interval.min(Duration::from_secs(5));
            loop {
                match sync_due(&state, &settings, &owner, None) {
                    Ok(n) if n as i64 == BATCH => continue,
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "calendars: cannot reach the database"),
                }
                std::thread::sleep(pause);
            }
        })?;
    Ok(())
}

/// Reads one source now (after it was added, or "sync now"). If another process is reading it
/// right now, that read's result is what the host will see.
pub fn sync_now(state: &AppState, settings: &Settings, id: &str) -> Result<(), DbError> {
    let owner = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4());
    let mut c = state.pool.get()?;
    calendars::make_due(&mut c, id, state.now().timestamp())?;
    drop(c);
    sync_due(state, settings, &owner, Some(id)).map(|_| ())
}

/// Claims due sources (or just `only`) and reads them; returns how many were claimed.
fn sync_due(
    state: &AppState,
    settings: &Settings,
    owner: &str,
    only: Option<&str>,
) -> Result<usize, DbError> {
    let now = state.now().timestamp();
    let lease = settings.timeout.as_secs() as i64 * 2 + 30;
    let sources = {
        let mut c = state.pool.get()?;
        calendars::claim_due(&mut c, owner, now, lease, BATCH, only)?
    };
    let http = settings.http();
    for source in &sources {
        let result = match &http {
            Ok(http) => read_source(state, settings, http, source),
            Err(e) => Err(e.clone()),
        };
        let done = state.now().timestamp();
        let next = done + settings.sync_interval.as_secs() as i64;
        let mut c = state.pool.get()?;
        let recorded = match &result {
            Ok(fetched) => {
                let recorded =
                    calendars::record_success(&mut c, source, owner, done, next, fetched)?;
                state.schedule_changed(&source.host_id);
                recorded
            }
            Err(error) => {
                tracing::warn!(source = %source.id, host = %source.host_id, error = %error,
                    "calendar sync failed; keeping its last busy times");
                calendars::record_failure(&mut c, &source.id, owner, done, next, error)?
            }
        };
        if !recorded {
            tracing::warn!(source = %source.id, "calendar lease lost before the result was recorded");
        }
    }
    Ok(sources.len())
}

/// Reads a source's busy intervals.
fn read_source(
    state: &AppState,
    settings: &Settings,
    http: &reqwest::blocking::Client,
    source: &SourceRow,
) -> Result<Fetched, String> {
    let host_tz = {
        let mut c = state.pool.get().map_err(|e| e.to_string())?;
        let host = smartcal_db::hosts::find(&mut c, &source.host_id).map_err(|e| e.to_string())?;
        host.time_zone
            .parse::<chrono_tz::Tz>()
            .unwrap_or(chrono_tz::UTC)
    };
    let now = state.now();
    let from = now - chrono::Duration::days(1);
    let to = now + chrono::Duration::days(AHEAD_DAYS);
    let (documents, etag, last_modified) = if source.kind == calendars::CALDAV {
        let password = match &source.password_enc {
            Some(sealed) => Some(settings.decrypt(sealed)?),
            None => None,
        };
        let docs = crate::caldav::query(
            http,
            settings,
            &source.url,
            source.username.as_deref(),
            password.as_deref(),
            from,
            to,
        )?;
        (docs, None, None)
    } else {
        let mut req = http.get(&source.url);
        if let Some(etag) = &source.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &source.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
        }
        let resp = req.send().map_err(|e| describe(&e))?;
        if resp.status() == reqwest::StatusCode::NOT_MODIFIED && source.last_sync_at.is_some() {
            return Ok(Fetched::Unchanged);
        }
        if !resp.status().is_success() {
            return Err(format!("the server answered {}", resp.status()));
        }
        let header = |name: reqwest::header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let body = read_capped(resp, settings.max_bytes)?;
        (vec![body], etag, last_modified)
    };
    let mut busy = Vec::new();
    for doc in &documents {
        let found = busy_ical::busy_intervals(doc, host_tz, from, to).map_err(|e| e.to_string())?;
        busy.extend(
            found
                .into_iter()
                .map(|b| (b.start.timestamp(), b.end.timestamp())),
        );
    }
    busy.sort_unstable();
    busy.dedup();
    busy.truncate(MAX_INTERVALS);
    Ok(Fetched::Changed {
        busy,
        etag,
        last_modified,
    })
}

/// A response body as text, refusing more than `max` bytes.
pub fn read_capped(resp: reqwest::blocking::Response, max: u64) -> Result<String, String> {
    if resp.content_length().is_some_and(|n| n > max) {
        return Err(format!("the calendar is larger than {max} bytes"));
    }
    let mut buf = Vec::new();
    resp.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("reading the answer failed: {e}"))?;
    if buf.len() as u64 > max {
        return Err(format!("the calendar is larger than {max} bytes"));
    }
    String::from_utf8(buf).map_err(|_| "the calendar is not UTF-8 text".into())
}

/// A transport error as the host should read it.
pub fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "the calendar server did not answer in time".into()
    } else if e.is_connect() {
        "cannot connect to the calendar server".into()
    } else {
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            msg = format!("{msg}: {s}");
            src = s.source();
        }
        msg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_round_trip_and_need_the_key() {
        let key = "k".repeat(40);
        let s =
            Settings::from_lookup(|k| (k == "SMARTCAL_SECRET_KEY").then(|| key.clone())).unwrap();
        let sealed = s.encrypt("app password").unwrap();
        assert!(!sealed.contains("app password"));
        assert_eq!(s.decrypt(&sealed).unwrap(), "app password");
        let other = Settings::from_lookup(|k| (k == "SMARTCAL_SECRET_KEY").then(|| "o".repeat(40)))
            .unwrap();
        assert!(other.decrypt(&sealed).is_err());
        let none = Settings::from_lookup(|_| None).unwrap();
        assert!(!none.can_encrypt() && none.encrypt("x").is_none());
        assert!(
            Settings::from_lookup(|k| (k == "SMARTCAL_SECRET_KEY").then(|| "short".into()))
                .is_err()
        );
        assert!(Settings::from_lookup(
            |k| (k == "SMARTCAL_CALENDAR_SYNC_SECONDS").then(|| "x".into())
        )
        .is_err());
    }
}
