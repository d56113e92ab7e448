//! Host calendars read on a schedule: a source is an iCalendar feed (GET, with
//! `If-None-Match` / `If-Modified-Since`) or a CalDAV calendar (a `calendar-query` REPORT over a
//! time range).
//!
//! The sync job of every `smartcal serve` process claims due sources with a lease (see
//! `smartcal_db::calendars`), so several processes never read one source at once; a source is
//! also read right after it is added and on "sync now" ([`sync_now`]). The busy intervals of the
//! last successful read are stored; a failed read records its error and keeps them. Slots and
//! bookings take them as busy time (`crate::schedule`).

use std::time::Duration;

use smartcal_db::calendars::{self, CalendarKind, Fetched, SourceRow};
use smartcal_db::DbError;
use smartcal_domain::busy_ical;

use crate::integrations::caldav::{self, Collection};
use crate::integrations::feeds::{self, Feed};
use crate::jobs::worker::{lease_owner, Job};
use crate::state::AppState;

/// How far ahead busy times are read (the longest booking horizon, and some).
const AHEAD_DAYS: i64 = 400;
/// Busy intervals kept per source at most.
const MAX_INTERVALS: usize = 20_000;
/// Sources read per round.
const BATCH: i64 = 10;

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
        match sync_due(&self.state, &self.owner, None) {
            Ok(n) => Ok(n as i64 == BATCH),
            Err(e) => Err(format!("calendars: cannot reach the database: {e}")),
        }
    }
}

/// Reads one source now (after it was added, or "sync now"). If another process is reading it
/// right now, that read's result is what the host will see. Blocking: call it off the async
/// workers, on a thread of its own.
pub fn sync_now(state: &AppState, id: &str) -> Result<(), DbError> {
    let mut c = state.pool.get()?;
    calendars::make_due(&mut c, id, state.now().timestamp())?;
    drop(c);
    sync_due(state, &lease_owner(), Some(id)).map(|_| ())
}

/// Claims due sources (or just `only`) and reads them; returns how many were claimed.
fn sync_due(state: &AppState, owner: &str, only: Option<&str>) -> Result<usize, DbError> {
    let settings = &state.config.calendars;
    let now = state.now().timestamp();
    let lease = settings.timeout.as_secs() as i64 * 2 + 30;
    let sources = {
        let mut c = state.pool.get()?;
        calendars::claim_due(&mut c, owner, now, lease, BATCH, only)?
    };
    let http = feeds::client(settings.timeout);
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
                let recorded =
                    calendars::record_success(&mut c, source, owner, done, next, fetched)?;
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
    http: &reqwest::blocking::Client,
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
