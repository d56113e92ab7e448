//! Host calendars read on a schedule: a source is an iCalendar feed (GET, with
//! `If-None-Match` / `If-Modified-Since`) or a CalDAV calendar (a `calendar-query` REPORT over a
//! time range).
//!
//! The sync job of every `smartcal serve` process claims due sources with a lease (see
//! `smartcal_db::calendars`), so several processes never read one source at once; a source is
//! also read right after it is added and on "sync now" ([`sync_now`] marks it due and wakes the
//! [`THREADS`] sync threads: no request ever waits for a calendar server). The busy intervals of
//! the last successful read are stored; a failed read records its error and keeps them. Slots
//! and bookings take them as busy time (`crate::schedule`).
//!
//! What a read may cost is bounded: the answer's size (`SMARTCAL_CALENDAR_MAX_BYTES`), the work
//! of expanding its recurrences and the busy intervals kept per source
//! ([`busy_ical::LIMITS`]), and the busy rows of all of a host's sources together
//! ([`MAX_HOST_BUSY`]). A read cut by a limit keeps the busy times up to the cut and says so in
//! the source's `last_error`.

use std::time::Duration;

use smartcal_db::calendars::{self, CalendarKind, Fetched, HostCap, SourceRow};
use smartcal_db::{DbConn, DbError};
use smartcal_domain::busy_ical::{self, BusyReader};

use crate::integrations::caldav::{self, Collection};
use crate::integrations::feeds::{self, Feed};
use crate::jobs::worker::{lease_owner, Job};
use crate::state::AppState;

/// How far ahead busy times are read (the longest booking horizon, and some).
const AHEAD_DAYS: i64 = 400;
/// Busy rows (intervals, split into days) that all of a host's sources keep together at most.
pub const MAX_HOST_BUSY: i64 = 10_000;
/// Sources read per round of one thread (one: the other threads take the next ones).
const BATCH: i64 = 1;
/// Sync threads per process.
pub const THREADS: usize = 4;
/// How long computing one source's busy times may take (after the download, on a sync thread);
/// beyond it the read fails with a clear error and the last good busy times stay.
pub const MAX_READ_TIME: Duration = Duration::from_secs(1);

/// The scheduled sync of one process.
pub struct Sync {
    state: AppState,
    owner: String,
}

impl Sync {
    /// The job (call on its thread).
    pub fn new(state: AppState) -> Sync {
        Sync {
            state,
            owner: lease_owner(),
        }
    }

    /// How long the job rests between rounds.
    pub fn pause(state: &AppState) -> Duration {
        state
            .config
            .calendars
            .sync_interval
            .min(Duration::from_secs(5))
    }
}

impl Job for Sync {
    fn round(&mut self) -> Result<bool, String> {
        match sync_due(&self.state, &self.owner) {
            Ok(n) => Ok(n as i64 == BATCH),
            Err(e) => Err(format!("calendars: cannot reach the database: {e}")),
        }
    }
}

/// Has a source read as soon as possible (after it was added, or "sync now"): marks it due
/// and wakes this process's sync threads; a sync thread of any process may read it. Only
/// database work: the caller never waits for the calendar server. If another process is
/// reading it right now, that read's result is what the host will see first.
pub fn sync_now(c: &mut DbConn, state: &AppState, id: &str) -> Result<(), DbError> {
    calendars::make_due(c, id, state.now().timestamp())?;
    state.calendars.wake();
    Ok(())
}

/// Claims due sources and reads them; returns how many were claimed.
fn sync_due(state: &AppState, owner: &str) -> Result<usize, DbError> {
    let settings = &state.config.calendars;
    let now = state.now().timestamp();
    let lease = settings.timeout.as_secs() as i64 * 2 + 30;
    let sources = {
        let mut c = state.pool.get()?;
        calendars::claim_due(&mut c, owner, now, lease, BATCH)?
    };
    if sources.len() as i64 == BATCH {
        // More may be due: let another sync thread look while this one reads.
        state.calendars.wake();
    }
    let http = feeds::client(settings.timeout, state.config.outbound_allow_private);
    for source in &sources {
        let result = match &http {
            Ok(http) => read_source(state, http, source),
            Err(e) => Err(e.clone()),
        };
        let done = state.now().timestamp();
        let next = done + settings.sync_interval.as_secs() as i64;
        let mut c = state.pool.get()?;
        let recorded = match &result {
            Ok(fetched) => {
                let describe = |first_left_out: i64| {
                    format!(
                        "only the busy times before {} are used: the host's calendars together \
                         reached the limit of {MAX_HOST_BUSY} busy times",
                        crate::time::from_unix(first_left_out).format("%Y-%m-%d %H:%M UTC")
                    )
                };
                let cap = HostCap {
                    max_rows: MAX_HOST_BUSY,
                    describe: &describe,
                };
                let recorded =
                    calendars::record_success(&mut c, source, owner, done, next, fetched, &cap)?;
                state.schedule_changed(&source.host_id);
                recorded
            }
            Err(error) => {
                state.metrics.calendar_sync_failed();
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
    http: &crate::integrations::outbound::Http,
    source: &SourceRow,
) -> Result<Fetched, String> {
    let settings = &state.config.calendars;
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
    let (documents, etag, last_modified) = match source.kind {
        CalendarKind::Caldav => {
            let password = settings.passwords.open(source.password_enc.as_deref())?;
            let at = Collection {
                url: &source.url,
                username: source.username.as_deref(),
                password: password.as_deref(),
            };
            (
                caldav::query(http, at, settings.max_bytes, from, to)?,
                None,
                None,
            )
        }
        CalendarKind::Ical => match feeds::fetch(
            http,
            &source.url,
            source.etag.as_deref(),
            source.last_modified.as_deref(),
            source.last_sync_at.is_some(),
            settings.max_bytes,
        )? {
            Feed::Unchanged => return Ok(Fetched::Unchanged),
            Feed::Changed {
                body,
                etag,
                last_modified,
            } => (vec![body], etag, last_modified),
        },
    };
    // All documents of the source into one bounded, merged set.
    let mut reader = BusyReader::new(host_tz, from, to, busy_ical::LIMITS);
    let started = std::time::Instant::now();
    let out_of_time = || started.elapsed() > MAX_READ_TIME;
    for doc in &documents {
        reader.read(doc, &out_of_time).map_err(|e| e.to_string())?;
    }
    drop(documents);
    let read = reader.finish();
    let note = read.cut.map(|cut| {
        format!(
            "only the busy times before {} are used: {cut}",
            read.complete_until.format("%Y-%m-%d %H:%M UTC")
        )
    });
    // A cut read is read in full next time (no 304), so its note stays current.
    let (etag, last_modified) = if note.is_some() {
        (None, None)
    } else {
        (etag, last_modified)
    };
    Ok(Fetched::Changed {
        busy: read
            .intervals
            .iter()
            .map(|b| (b.start.timestamp(), b.end.timestamp()))
            .collect(),
        etag,
        last_modified,
        note,
    })
}
