//! Busy times from a host's own calendar: an iCalendar feed (RFC 5545) turned into the UTC
//! intervals in which the host is not free.
//!
//! Parsed with `icalendar`'s parser; recurrences expanded with `rrule`. What counts:
//! - every VEVENT that is not `TRANSP:TRANSPARENT` (free time) nor `STATUS:CANCELLED`;
//! - RRULE (UNTIL applied here, so DATE and zoned UNTIL values both work), RDATE, EXDATE;
//! - overrides (`RECURRENCE-ID`): the override replaces its occurrence; a cancelled or
//!   transparent override just removes it;
//! - all-day events (DATE values) block the whole local day(s) in the host's zone;
//! - DATE-TIME values in UTC (`Z`), floating (read in the host's zone) or with a TZID: an IANA
//!   name (also as the tail of a vendor path like `/mozilla.org/…/Europe/Berlin`), the
//!   VTIMEZONE's `X-LIC-LOCATION`, a common Windows/Outlook name, or else the IANA zone whose
//!   offsets equal those the feed's VTIMEZONE rules give over the coming year; a TZID none of
//!   these resolve falls back to the host's zone.
//!
//! What a read may cost is bounded ([`Limits`]): events are parsed one at a time, recurrences
//! are computed lazily and only up to the window's end (a DTSTART long ago is moved forward by
//! whole periods first), and the busy intervals are merged as they come into a set of bounded
//! size. A limit reached either ends the window early ([`Cut`], the host is told) or refuses the
//! calendar ([`FeedError::TooManyOccurrences`]).
//!
//! Events SmartCal wrote itself (UID `{booking_id}@smartcal`, see [`crate::ics`]) are skipped:
//! those bookings are already busy time, and a stale copy must not block a freed slot.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{read_components, unfold, Component, Property};

/// Onsets computed per VTIMEZONE observance at most (yearly rules since 1601 need about 430).
const MAX_OCCURRENCES: u16 = 1000;

/// A span of time in which the host is busy: `[start, end)` in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BusyInterval {
    /// Start (inclusive).
    pub start: DateTime<Utc>,
    /// End (exclusive).
    pub end: DateTime<Utc>,
}

/// Why a feed could not be read at all (single broken events are skipped, not errors).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// Not iCalendar text.
    #[error("not an iCalendar feed: {0}")]
    Syntax(String),
    /// Its events repeat more often than [`Limits::max_steps`] allows to compute.
    #[error("the calendar is not used: its events repeat more than the limit of {0} occurrences")]
    TooManyOccurrences(u32),
    /// The caller's time for reading it ran out (rules that look long for rare occurrences
    /// cost time no count of occurrences sees).
    #[error("the calendar is not used: reading it took longer than the time limit")]
    TooSlow,
}

/// Where the iCalendar parser failed, from its message, without the text it quotes.
fn syntax_error_at(parser_message: &str) -> String {
    let line = parser_message
        .split("at line ")
        .nth(1)
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty());
    match line {
        Some(n) => format!("the text is not valid iCalendar (line {n} of the unfolded text)"),
        None => "the text is not valid iCalendar".into(),
    }
}

/// What reading one calendar may cost at most (a feed of events repeating every minute once
/// took gigabytes and a minute of CPU). A read stops early, and says why, rather than exceed
/// them; [`LIMITS`] are the ones the server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Recurrences computed per calendar at most, all events together and counting those
    /// before the window (every event counts at least one). Beyond it the calendar is refused
    /// ([`FeedError::TooManyOccurrences`]).
    pub max_steps: u32,
    /// Occurrences of one recurring event inside the window at most: reaching it ends the
    /// window at that occurrence ([`Cut::EventOccurrences`]).
    pub max_event_occurrences: u32,
    /// Busy intervals (merged) at most: reaching it ends the window at the first one left out
    /// ([`Cut::Intervals`]).
    pub max_intervals: usize,
}

/// The limits the server reads calendars with (about a second of work in a debug build).
pub const LIMITS: Limits = Limits {
    max_steps: 200_000,
    max_event_occurrences: 5_000,
    max_intervals: 5_000,
};

/// VTIMEZONEs read per calendar at most (each unnamed one is matched against every IANA zone).
const MAX_ZONES: usize = 20;
/// Observances (STANDARD/DAYLIGHT) of one VTIMEZONE evaluated at most: the latest ones.
const MAX_OBSERVANCES: usize = 10;

/// Why a read ended before the end of its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// One recurring event has more occurrences than this in the window.
    EventOccurrences(u32),
    /// The calendar has more busy intervals than this in the window.
    Intervals(usize),
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cut::EventOccurrences(n) => {
                write!(f, "an event repeats more than the limit of {n} times")
            }
            Cut::Intervals(n) => write!(f, "it has more than the limit of {n} busy times"),
        }
    }
}

/// A calendar's busy time as far as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedBusy {
    /// Sorted busy intervals; overlapping or touching ones are merged.
    pub intervals: Vec<BusyInterval>,
    /// The busy time is complete from the window's start up to here: its end unless `cut`.
    pub complete_until: DateTime<Utc>,
    /// Why the read ended early, if it did.
    pub cut: Option<Cut>,
}

/// Reads the busy time of one calendar (one feed, or the documents of one CalDAV calendar) in
/// a window, within [`Limits`]: recurrences are computed lazily, only up to the window's end,
/// and merged into a bounded interval set as they come, so memory does not grow with them.
pub struct BusyReader {
    host_tz: Tz,
    from: DateTime<Utc>,
    /// The window's end, moved earlier when a limit cuts it.
    end: DateTime<Utc>,
    limits: Limits,
    steps: u32,
    cut: Option<Cut>,
    /// Disjoint, non-touching intervals: start → end.
    merged: BTreeMap<DateTime<Utc>, DateTime<Utc>>,
}

/// The busy intervals of an iCalendar document that overlap `[from, to)`, sorted and merged,
/// read within [`LIMITS`] (a cut window just ends early; see [`BusyReader`] to know).
/// `host_tz` places all-day events and floating times.
pub fn busy_intervals(
    ics: &str,
    host_tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<BusyInterval>, FeedError> {
    let mut reader = BusyReader::new(host_tz, from, to, LIMITS);
    reader.read(ics, &|| false)?;
    Ok(reader.finish().intervals)
}

impl BusyReader {
    /// A reader of the busy time in `[from, to)`.
    pub fn new(host_tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>, limits: Limits) -> Self {
        BusyReader {
            host_tz,
            from,
            end: to.max(from),
            limits,
            steps: 0,
            cut: None,
            merged: BTreeMap::new(),
        }
    }

    /// The busy intervals read so far, and how far they are complete.
    pub fn finish(self) -> FeedBusy {
        FeedBusy {
            intervals: self
                .merged
                .into_iter()
                .map(|(start, end)| BusyInterval { start, end })
                .collect(),
            complete_until: self.end,
            cut: self.cut,
        }
    }

    /// Adds the busy time of one iCalendar document. Events are parsed one at a time, never
    /// the whole document at once. `out_of_time` is asked between events and every few hundred
    /// occurrences: `true` ends the read with [`FeedError::TooSlow`] (this module has no clock).
    pub fn read(&mut self, ics: &str, out_of_time: &dyn Fn() -> bool) -> Result<(), FeedError> {
        let text = ics.trim_start_matches('\u{feff}');
        if !text.trim_start().starts_with("BEGIN:VCALENDAR") {
            return Err(FeedError::Syntax(
                "the document does not start with BEGIN:VCALENDAR".into(),
            ));
        }
        // Unfolding copies the text: only when a line is folded.
        let unfolded = if text.contains("\n ") || text.contains("\n\t") {
            std::borrow::Cow::Owned(unfold(text))
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        let index = Blocks::scan(&unfolded);
        let mut vtimezones = Vec::new();
        for block in index.named(&unfolded, Kind::Timezone).take(MAX_ZONES) {
            vtimezones.push(parse_block(block)?);
        }
        if out_of_time() {
            return Err(FeedError::TooSlow);
        }
        let zones = Zones::new(&vtimezones, self.host_tz, self.from, out_of_time)?;
        drop(vtimezones);

        // Overrides first: which occurrences of which UID they replace.
        let mut overridden: HashMap<String, HashSet<OccurrenceKey>> = HashMap::new();
        for block in index.named(&unfolded, Kind::Override) {
            self.step()?;
            if out_of_time() {
                return Err(FeedError::TooSlow);
            }
            let ev = parse_block(block)?;
            let Some(rid) = ev.find_prop("RECURRENCE-ID") else {
                continue;
            };
            let uid = prop_value(&ev, "UID").unwrap_or_default();
            if let Some(when) = zones.when(rid) {
                overridden.entry(uid).or_default().insert(when.key());
            }
        }
        let events = index
            .named(&unfolded, Kind::Event)
            .chain(index.named(&unfolded, Kind::Override));
        for block in events {
            self.step()?;
            if out_of_time() {
                return Err(FeedError::TooSlow);
            }
            let ev = parse_block(block)?;
            let uid = prop_value(&ev, "UID").unwrap_or_default();
            if uid.ends_with("@smartcal") || !blocks_time(&ev) {
                continue;
            }
            let Some(start) = ev.find_prop("DTSTART").and_then(|p| zones.when(p)) else {
                continue;
            };
            let length = event_length(&ev, &zones, &start);
            if length <= Duration::zero() {
                continue;
            }
            let is_override = ev.find_prop("RECURRENCE-ID").is_some();
            let skip = if is_override {
                HashSet::new()
            } else {
                let mut skip = exdates(&ev, &zones);
                if let Some(o) = overridden.get(&uid) {
                    skip.extend(o.iter().copied());
                }
                skip
            };
            if is_override || ev.find_prop("RRULE").is_none() {
                self.occurrence(start, length, &skip);
                for when in rdates(&ev, &zones) {
                    self.step()?;
                    self.occurrence(when, length, &skip);
                }
            } else {
                self.expand(&ev, &zones, (&start, length), &skip, out_of_time)?;
            }
        }
        Ok(())
    }

    /// Counts one unit of work against [`Limits::max_steps`].
    fn step(&mut self) -> Result<(), FeedError> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(FeedError::TooManyOccurrences(self.limits.max_steps));
        }
        Ok(())
    }

    /// Adds one occurrence unless it is skipped; whether it lies in the window.
    fn occurrence(&mut self, when: When, length: Duration, skip: &HashSet<OccurrenceKey>) -> bool {
        if skip.contains(&when.key()) {
            return false;
        }
        let (s, e) = when.span(length, self.host_tz);
        self.add(s, e)
    }

    /// Merges `[s, e)` into the set if it reaches into the window; whether it did.
    fn add(&mut self, s: DateTime<Utc>, e: DateTime<Utc>) -> bool {
        if s >= self.end || e <= self.from || s >= e {
            return false;
        }
        let (mut start, mut end) = (s, e);
        if let Some((&ps, &pe)) = self.merged.range(..=start).next_back() {
            if pe >= start {
                start = ps;
                end = end.max(pe);
                self.merged.remove(&ps);
            }
        }
        while let Some((&ns, &ne)) = self.merged.range(start..).next() {
            if ns > end {
                break;
            }
            end = end.max(ne);
            self.merged.remove(&ns);
        }
        self.merged.insert(start, end);
        if self.merged.len() > self.limits.max_intervals {
            if let Some((last, _)) = self.merged.pop_last() {
                self.cut_at(last, Cut::Intervals(self.limits.max_intervals));
            }
        }
        true
    }

    /// Ends the window at `t` (busy time from `t` on is dropped: the rest stays complete).
    fn cut_at(&mut self, t: DateTime<Utc>, why: Cut) {
        if t < self.end {
            self.end = t;
            self.cut = Some(why);
            drop(self.merged.split_off(&t));
        }
    }

    /// The occurrences of a recurring event in the window: RDATEs, and the RRULE (UNTIL
    /// applied here, so DATE and zoned UNTIL values both work) computed lazily up to the
    /// window's end. A rule `rrule` refuses leaves just the first occurrence.
    fn expand(
        &mut self,
        ev: &Component,
        zones: &Zones,
        (start, length): (&When, Duration),
        skip: &HashSet<OccurrenceKey>,
        out_of_time: &dyn Fn() -> bool,
    ) -> Result<(), FeedError> {
        for when in rdates(ev, zones) {
            self.step()?;
            self.occurrence(when, length, skip);
        }
        let Some(rule_text) = prop_value(ev, "RRULE") else {
            self.occurrence(*start, length, skip);
            return Ok(());
        };
        let mut until: Option<When> = None;
        let parts: Vec<&str> = rule_text
            .split(';')
            .filter(|part| match part.split_once('=') {
                Some((k, v)) if k.eq_ignore_ascii_case("UNTIL") => {
                    until = zones.parse(v, None, None).map(|u| match (u, start) {
                        // A floating UNTIL is read in DTSTART's zone.
                        (When::At(t), When::At(s)) if !v.ends_with('Z') => {
                            When::At(local_instant(t.naive_local(), s.timezone()))
                        }
                        (u, _) => u,
                    });
                    false
                }
                _ => true,
            })
            .collect();
        // Rules run on wall-clock time (RFC 5545 §3.3.10): expand DTSTART's local date-time in
        // a floating frame (UTC, which has no DST) and place each occurrence in the zone
        // afterwards, so a weekly 02:00 stays 02:00 even when the first one fell into a DST
        // gap. All-day rules keep the date.
        let (wall, tz) = match start {
            When::Date(d) => (d.and_time(NaiveTime::MIN), Tz::UTC),
            When::At(t) => {
                let raw = ev.find_prop("DTSTART").and_then(|p| {
                    p.val
                        .as_str()
                        .split(',')
                        .next()
                        .map(str::trim)
                        .map(str::to_owned)
                });
                let wall = raw
                    .and_then(|r| {
                        NaiveDateTime::parse_from_str(r.trim_end_matches('Z'), "%Y%m%dT%H%M%S").ok()
                    })
                    .unwrap_or_else(|| t.naive_local());
                (wall, t.timezone())
            }
        };
        let floating = rrule::Tz::Tz(Tz::UTC);
        let to_floating = |t: DateTime<Utc>| {
            Utc.from_utc_datetime(&t.naive_utc())
                .with_timezone(&floating)
        };
        let before_limit = match until {
            Some(When::At(u)) => Some(u.with_timezone(&Utc)),
            Some(When::Date(d)) => Some(
                Utc.from_utc_datetime(&(d + Duration::days(1)).and_time(NaiveTime::MIN))
                    - Duration::seconds(1),
            ),
            None => None,
        };
        // Local and UTC differ by less than a day: widen the floating window by one on each
        // side and apply the real limits to the placed instants.
        let lo = self.from - length - Duration::days(2);
        if before_limit.is_some_and(|until| until < lo) {
            return Ok(()); // ended before the window
        }
        let first = rebased(&parts, wall, lo.naive_utc());
        let set = parts
            .join(";")
            .parse::<rrule::RRule<rrule::Unvalidated>>()
            .and_then(|r| r.build(Utc.from_utc_datetime(&first).with_timezone(&floating)));
        let Ok(set) = set else {
            self.occurrence(*start, length, skip);
            return Ok(());
        };
        let before = |end: DateTime<Utc>| {
            let window_end = end + Duration::days(1);
            before_limit.map_or(window_end, |u| u.min(window_end))
        };
        if before(self.end) < start.instant() {
            self.occurrence(*start, length, skip);
            return Ok(());
        }
        let lo = to_floating(lo);
        let set = set.limit();
        let mut in_window = 0u32;
        for occ in &set {
            self.step()?;
            if self.steps.is_multiple_of(256) && out_of_time() {
                return Err(FeedError::TooSlow);
            }
            if occ < lo {
                continue;
            }
            let limit = before(self.end);
            if occ > to_floating(limit + Duration::days(1)) {
                break;
            }
            let when = match start {
                When::Date(_) => When::Date(occ.date_naive()),
                When::At(_) => When::At(local_instant(occ.naive_utc(), tz)),
            };
            if when.instant() > limit || !self.occurrence(when, length, skip) {
                continue;
            }
            in_window += 1;
            if in_window >= self.limits.max_event_occurrences {
                let (s, _) = when.span(length, self.host_tz);
                self.cut_at(s, Cut::EventOccurrences(self.limits.max_event_occurrences));
                break;
            }
        }
        Ok(())
    }
}

/// A DTSTART moved forward by whole periods of the rule to `lo` at the latest: for rules that
/// repeat with a fixed period (SECONDLY…WEEKLY) and no COUNT, the occurrences from `lo` on are
/// the same, and those before it need not be computed one by one.
fn rebased(parts: &[&str], wall: NaiveDateTime, lo: NaiveDateTime) -> NaiveDateTime {
    let mut unit = 0i64;
    let mut interval = 1i64;
    for (k, v) in parts.iter().filter_map(|p| p.split_once('=')) {
        let v = v.trim();
        if k.eq_ignore_ascii_case("COUNT") {
            return wall;
        } else if k.eq_ignore_ascii_case("INTERVAL") {
            interval = v.parse().unwrap_or(1);
        } else if k.eq_ignore_ascii_case("FREQ") {
            unit = match v.to_ascii_uppercase().as_str() {
                "SECONDLY" => 1,
                "MINUTELY" => 60,
                "HOURLY" => 3_600,
                "DAILY" => 86_400,
                "WEEKLY" => 604_800,
                _ => 0,
            };
        }
    }
    let period = unit.saturating_mul(interval.max(1));
    let gap = (lo - wall).num_seconds();
    if period <= 0 || gap <= period {
        return wall;
    }
    wall + Duration::seconds(gap / period * period)
}

/// What a component directly inside a VCALENDAR is, as far as reading busy time cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Timezone,
    /// A VEVENT without RECURRENCE-ID.
    Event,
    /// A VEVENT with RECURRENCE-ID.
    Override,
}

/// Where the components of a document are (byte ranges of their BEGIN to END lines), found in
/// one pass over its lines without parsing them.
struct Blocks(Vec<(Kind, usize, usize)>);

impl Blocks {
    fn scan(text: &str) -> Blocks {
        let mut found = Vec::new();
        let mut depth = 0usize;
        let mut open: Option<(Kind, usize)> = None;
        let mut pos = 0usize;
        for line in text.split_inclusive('\n') {
            let at = pos;
            pos += line.len();
            let b = line.as_bytes();
            if starts_with_ignore_case(b, b"BEGIN:") {
                depth += 1;
                if depth == 2 {
                    let name = line[6..].trim();
                    open = if name.eq_ignore_ascii_case("VEVENT") {
                        Some((Kind::Event, at))
                    } else if name.eq_ignore_ascii_case("VTIMEZONE") {
                        Some((Kind::Timezone, at))
                    } else {
                        None
                    };
                }
            } else if starts_with_ignore_case(b, b"END:") {
                if depth == 2 {
                    if let Some((kind, start)) = open.take() {
                        found.push((kind, start, pos));
                    }
                }
                depth = depth.saturating_sub(1);
            } else if depth == 2 && starts_with_ignore_case(b, b"RECURRENCE-ID") {
                if let Some((kind @ Kind::Event, _)) = &mut open {
                    *kind = Kind::Override;
                }
            }
        }
        Blocks(found)
    }

    /// The text of each component of this kind, in order.
    fn named<'a>(&'a self, text: &'a str, kind: Kind) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _, _)| *k == kind)
            .map(move |(_, s, e)| &text[*s..*e])
    }
}

fn starts_with_ignore_case(line: &[u8], prefix: &[u8]) -> bool {
    line.len() >= prefix.len() && line[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// One component's text parsed.
fn parse_block(block: &str) -> Result<Component<'_>, FeedError> {
    read_components(block)
        .map_err(|e| FeedError::Syntax(syntax_error_at(&e)))?
        .into_iter()
        .next()
        .ok_or_else(|| FeedError::Syntax("the text is not valid iCalendar".into()))
}

/// Whether an event takes time: not free (`TRANSP:TRANSPARENT`), not cancelled.
fn blocks_time(ev: &Component) -> bool {
    let transparent =
        prop_value(ev, "TRANSP").is_some_and(|t| t.eq_ignore_ascii_case("TRANSPARENT"));
    let cancelled = prop_value(ev, "STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED"));
    !transparent && !cancelled
}

fn prop_value(c: &Component, name: &str) -> Option<String> {
    c.find_prop(name).map(|p| p.val.as_str().trim().to_owned())
}

fn param<'a>(p: &'a Property, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

/// A DTSTART-like value: a whole day, or a local date-time in a zone (UTC included).
#[derive(Debug, Clone, Copy, PartialEq)]
enum When {
    Date(NaiveDate),
    At(DateTime<Tz>),
}

/// How overrides and EXDATEs name an occurrence: its original day or instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OccurrenceKey {
    Date(NaiveDate),
    Instant(i64),
}

impl When {
    /// The instant it names (a date: its midnight UTC, the frame all-day rules run in).
    fn instant(&self) -> DateTime<Utc> {
        match self {
            When::Date(d) => Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)),
            When::At(t) => t.with_timezone(&Utc),
        }
    }

    fn key(&self) -> OccurrenceKey {
        match self {
            When::Date(d) => OccurrenceKey::Date(*d),
            When::At(t) => OccurrenceKey::Instant(t.timestamp()),
        }
    }

    /// The busy span of an occurrence starting here and lasting `length` (all-day events: whole
    /// local days of the host).
    fn span(&self, length: Duration, host_tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        match self {
            When::Date(d) => {
                let days = (length.num_seconds() + 86_399) / 86_400;
                let end = *d + Duration::days(days.max(1));
                (local_midnight(*d, host_tz), local_midnight(end, host_tz))
            }
            When::At(t) => {
                let s = t.with_timezone(&Utc);
                (s, s + length)
            }
        }
    }
}

/// The first instant of a local day (a day starting in a DST gap starts when the gap ends).
fn local_midnight(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    local_instant(d.and_time(NaiveTime::MIN), tz).with_timezone(&Utc)
}

/// A wall-clock time in a zone: the earlier of two in a fold, shifted past a gap.
fn local_instant(t: NaiveDateTime, tz: Tz) -> DateTime<Tz> {
    let mut probe = t;
    for _ in 0..4 {
        if let Some(x) = tz.from_local_datetime(&probe).earliest() {
            return x;
        }
        probe += Duration::minutes(30);
    }
    Utc.from_utc_datetime(&t).with_timezone(&tz)
}

/// Resolves TZIDs: IANA names, vendor paths, VTIMEZONE `X-LIC-LOCATION`, Windows names.
struct Zones {
    host: Tz,
    known: HashMap<String, Tz>,
}

impl Zones {
    /// The zones of a calendar's VTIMEZONEs (`out_of_time` is asked before each is matched).
    fn new(
        components: &[Component],
        host: Tz,
        from: DateTime<Utc>,
        out_of_time: &dyn Fn() -> bool,
    ) -> Result<Zones, FeedError> {
        let mut known = HashMap::new();
        for vtz in components.iter().filter(|c| c.name == "VTIMEZONE") {
            if out_of_time() {
                return Err(FeedError::TooSlow);
            }
            let Some(id) = prop_value(vtz, "TZID") else {
                continue;
            };
            if let Some(tz) = prop_value(vtz, "X-LIC-LOCATION").and_then(|l| iana(&l)) {
                known.insert(id, tz);
            } else if named_zone(&id).is_none() {
                // A zone only its VTIMEZONE describes: the IANA zone with the same offsets.
                if let Some(tz) = match_vtimezone(vtz, host, from) {
                    known.insert(id, tz);
                }
            }
        }
        Ok(Zones { host, known })
    }

    fn zone(&self, tzid: &str) -> Tz {
        let id = tzid.trim();
        iana(id)
            .or_else(|| self.known.get(id).copied())
            .or_else(|| named_zone(id))
            .unwrap_or(self.host)
    }

    /// The value of a date or date-time property (first value of a list).
    fn when(&self, p: &Property) -> Option<When> {
        let raw = p.val.as_str().split(',').next()?.trim();
        self.parse(raw, param(p, "TZID"), param(p, "VALUE"))
    }

    /// Every value of a (possibly repeated, comma-separated) list property such as EXDATE.
    fn all(&self, ev: &Component, name: &str) -> Vec<When> {
        ev.properties
            .iter()
            .filter(|p| p.name.as_str().eq_ignore_ascii_case(name))
            .flat_map(|p| {
                p.val
                    .as_str()
                    .split(',')
                    .filter_map(|raw| self.parse(raw.trim(), param(p, "TZID"), param(p, "VALUE")))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn parse(&self, raw: &str, tzid: Option<&str>, value: Option<&str>) -> Option<When> {
        let is_date = value.is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || raw.len() == 8;
        if is_date {
            return NaiveDate::parse_from_str(raw, "%Y%m%d")
                .ok()
                .map(When::Date);
        }
        if let Some(utc) = raw.strip_suffix('Z') {
            let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
            return Some(When::At(Utc.from_utc_datetime(&t).with_timezone(&Tz::UTC)));
        }
        let t = NaiveDateTime::parse_from_str(raw, "%Y%m%dT%H%M%S").ok()?;
        let tz = tzid.map_or(self.host, |id| self.zone(id));
        Some(When::At(local_instant(t, tz)))
    }
}

/// A TZID that names its zone: IANA, Windows, or an IANA name at the end of a vendor path
/// ("/mozilla.org/20050126_1/Europe/Berlin").
fn named_zone(id: &str) -> Option<Tz> {
    iana(id).or_else(|| windows_zone(id)).or_else(|| {
        let parts: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
        (1..parts.len())
            .rev()
            .find_map(|n| iana(&parts[parts.len() - n..].join("/")))
    })
}

/// The IANA zone whose UTC offsets equal a VTIMEZONE's on every day of the year from `from`
/// (the host's zone preferred), found by evaluating the VTIMEZONE's STANDARD/DAYLIGHT
/// observances (DTSTART, RRULE, TZOFFSETFROM/TO).
fn match_vtimezone(vtz: &Component, host: Tz, from: DateTime<Utc>) -> Option<Tz> {
    let end = from + Duration::days(366);
    // Every onset (UTC) with the offset from then on, sorted.
    let mut onsets: Vec<(DateTime<Utc>, i32)> = Vec::new();
    let mut observances: Vec<&Component> = vtz
        .components
        .iter()
        .filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT")
        .collect();
    // The latest observances decide the coming year (old ones are history).
    observances.sort_by_key(|c| std::cmp::Reverse(prop_value(c, "DTSTART")));
    observances.truncate(MAX_OBSERVANCES);
    for obs in observances {
        let to = prop_value(obs, "TZOFFSETTO").and_then(|v| parse_offset(&v))?;
        let before = prop_value(obs, "TZOFFSETFROM").and_then(|v| parse_offset(&v))?;
        let start = prop_value(obs, "DTSTART")
            .and_then(|v| NaiveDateTime::parse_from_str(&v, "%Y%m%dT%H%M%S").ok())?;
        let mut locals = vec![start];
        if let Some(rule) = prop_value(obs, "RRULE") {
            let mut until = None;
            let parts: Vec<&str> = rule
                .split(';')
                .filter(|p| match p.split_once('=') {
                    Some((k, v)) if k.eq_ignore_ascii_case("UNTIL") => {
                        until =
                            NaiveDateTime::parse_from_str(v.trim_end_matches('Z'), "%Y%m%dT%H%M%S")
                                .ok()
                                .or_else(|| {
                                    NaiveDate::parse_from_str(v, "%Y%m%d")
                                        .ok()
                                        .map(|d| d.and_time(NaiveTime::MIN))
                                });
                        false
                    }
                    _ => true,
                })
                .collect();
            let floating = rrule::Tz::Tz(Tz::UTC);
            let dtstart = Utc.from_utc_datetime(&start).with_timezone(&floating);
            let limit = until.map_or(end.naive_utc(), |u| u.min(end.naive_utc()));
            if let Ok(set) = parts
                .join(";")
                .parse::<rrule::RRule<rrule::Unvalidated>>()
                .and_then(|r| r.build(dtstart))
            {
                let result = set
                    .before(Utc.from_utc_datetime(&limit).with_timezone(&floating))
                    .all(MAX_OCCURRENCES);
                locals = result.dates.iter().map(|d| d.naive_utc()).collect();
            }
        }
        for l in locals {
            onsets.push((
                Utc.from_utc_datetime(&(l - Duration::seconds(before.into()))),
                to,
            ));
        }
    }
    if onsets.is_empty() {
        return None;
    }
    onsets.sort_unstable();
    let offset_at = |t: DateTime<Utc>| {
        let i = onsets.partition_point(|(u, _)| *u <= t);
        onsets[i.saturating_sub(1)].1
    };
    let probes: Vec<(DateTime<Utc>, i32)> = (0..366)
        .map(|d| {
            let t = from + Duration::days(d);
            (t, offset_at(t))
        })
        .collect();
    let fits = |tz: &Tz| {
        probes.iter().all(|(t, off)| {
            use chrono::Offset;
            tz.offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc()
                == *off
        })
    };
    std::iter::once(host)
        .chain(chrono_tz::TZ_VARIANTS.iter().copied())
        .find(|tz| fits(tz))
}

/// A UTC offset such as `+0100`, `-0430`, `+053000`, in seconds.
fn parse_offset(v: &str) -> Option<i32> {
    let v = v.trim();
    let (sign, digits) = match v.as_bytes().first()? {
        b'+' => (1, &v[1..]),
        b'-' => (-1, &v[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let s: i32 = if digits.len() == 6 {
        digits[4..6].parse().ok()?
    } else {
        0
    };
    Some(sign * (h * 3600 + m * 60 + s))
}

fn iana(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

/// The common Windows (Outlook/Exchange) zone names, mapped to their CLDR primary IANA zone.
fn windows_zone(name: &str) -> Option<Tz> {
    let iana_name = match name {
        "UTC" | "Coordinated Universal Time" => "UTC",
        "GMT Standard Time" => "Europe/London",
        "Greenwich Standard Time" => "Atlantic/Reykjavik",
        "W. Europe Standard Time" => "Europe/Berlin",
        "Romance Standard Time" => "Europe/Paris",
        "Central Europe Standard Time" => "Europe/Budapest",
        "Central European Standard Time" => "Europe/Warsaw",
        "E. Europe Standard Time" => "Europe/Chisinau",
        "FLE Standard Time" => "Europe/Kiev",
        "GTB Standard Time" => "Europe/Bucharest",
        "Russian Standard Time" => "Europe/Moscow",
        "Turkey Standard Time" => "Europe/Istanbul",
        "Israel Standard Time" => "Asia/Jerusalem",
        "South Africa Standard Time" => "Africa/Johannesburg",
        "Arabian Standard Time" => "Asia/Dubai",
        "India Standard Time" => "Asia/Kolkata",
        "China Standard Time" => "Asia/Shanghai",
        "Singapore Standard Time" => "Asia/Singapore",
        "Tokyo Standard Time" => "Asia/Tokyo",
        "Korea Standard Time" => "Asia/Seoul",
        "AUS Eastern Standard Time" => "Australia/Sydney",
        "New Zealand Standard Time" => "Pacific/Auckland",
        "Eastern Standard Time" => "America/New_York",
        "Central Standard Time" => "America/Chicago",
        "Mountain Standard Time" => "America/Denver",
        "US Mountain Standard Time" => "America/Phoenix",
        "Pacific Standard Time" => "America/Los_Angeles",
        "Alaskan Standard Time" => "America/Anchorage",
        "Hawaiian Standard Time" => "Pacific/Honolulu",
        "Atlantic Standard Time" => "America/Halifax",
        "Canada Central Standard Time" => "America/Regina",
        "E. South America Standard Time" => "America/Sao_Paulo",
        _ => return None,
    };
    iana(iana_name)
}

/// How long each occurrence lasts: DTEND − DTSTART, else DURATION, else a day for all-day
/// events and nothing for instants (RFC 5545 §3.6.1).
fn event_length(ev: &Component, zones: &Zones, start: &When) -> Duration {
    if let Some(end) = ev.find_prop("DTEND").and_then(|p| zones.when(p)) {
        return match (start, end) {
            (When::Date(s), When::Date(e)) => e - *s,
            (When::At(s), When::At(e)) => e.with_timezone(&Utc) - s.with_timezone(&Utc),
            (When::Date(s), When::At(e)) => e.date_naive() - *s,
            (When::At(s), When::Date(e)) => e - s.date_naive(),
        };
    }
    if let Some(d) = prop_value(ev, "DURATION").and_then(|d| parse_duration(&d)) {
        return d;
    }
    match start {
        When::Date(_) => Duration::days(1),
        When::At(_) => Duration::zero(),
    }
}

/// An RFC 5545 DURATION such as `PT1H30M`, `P1D`, `P2W`, `-PT15M`.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let rest = rest.strip_prefix('P')?;
    let mut total = 0i64;
    let mut num = String::new();
    let mut in_time = false;
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => num.push(c),
            _ => {
                let n: i64 = num.parse().ok()?;
                num.clear();
                total += n * match (c, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
            }
        }
    }
    if !num.is_empty() {
        return None;
    }
    Some(Duration::seconds(sign * total))
}

fn rdates(ev: &Component, zones: &Zones) -> Vec<When> {
    zones.all(ev, "RDATE")
}

fn exdates(ev: &Component, zones: &Zones) -> HashSet<OccurrenceKey> {
    zones.all(ev, "EXDATE").iter().map(When::key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BERLIN: Tz = chrono_tz::Europe::Berlin;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn cal(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
    }

    fn busy(events: &str, from: &str, to: &str) -> Vec<(String, String)> {
        busy_intervals(&cal(events), BERLIN, utc(from), utc(to))
            .unwrap()
            .into_iter()
            .map(|b| (b.start.to_rfc3339(), b.end.to_rfc3339()))
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (utc(a).to_rfc3339(), utc(b).to_rfc3339())
    }

    #[test]
    fn a_single_event_with_tzid() {
        let ev = "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Europe/Berlin:20261201T100000\r\nDTEND;TZID=Europe/Berlin:20261201T113000\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(ev, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            vec![pair("2026-12-01T09:00:00Z", "2026-12-01T10:30:00Z")]
        );
        // Outside the window: nothing.
        assert!(busy(ev, "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z").is_empty());
    }

    #[test]
    fn weekly_rule_keeps_local_time_across_dst() {
        // Mondays 10:00 Berlin from 19 Oct 2026; DST ends 25 Oct 2026.
        let ev = "BEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID=Europe/Berlin:20261019T100000\r\nDTEND;TZID=Europe/Berlin:20261019T110000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(ev, "2026-10-01T00:00:00Z", "2026-12-01T00:00:00Z"),
            vec![
                pair("2026-10-19T08:00:00Z", "2026-10-19T09:00:00Z"),
                pair("2026-10-26T09:00:00Z", "2026-10-26T10:00:00Z"),
                pair("2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z"),
            ]
        );
    }

    #[test]
    fn until_exdate_and_override() {
        let ev = concat!(
            "BEGIN:VEVENT\r\nUID:m\r\nDTSTART:20261102T090000Z\r\nDURATION:PT1H\r\n",
            "RRULE:FREQ=DAILY;UNTIL=20261106T090000Z\r\n",
            "EXDATE:20261103T090000Z\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:m\r\nRECURRENCE-ID:20261104T090000Z\r\n",
            "DTSTART:20261104T150000Z\r\nDTEND:20261104T153000Z\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:m\r\nRECURRENCE-ID:20261105T090000Z\r\n",
            "DTSTART:20261105T090000Z\r\nDTEND:20261105T100000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            busy(ev, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"),
            vec![
                pair("2026-11-02T09:00:00Z", "2026-11-02T10:00:00Z"),
                pair("2026-11-04T15:00:00Z", "2026-11-04T15:30:00Z"),
                pair("2026-11-06T09:00:00Z", "2026-11-06T10:00:00Z"),
            ]
        );
    }

    #[test]
    fn all_day_events_block_the_hosts_local_days() {
        let ev = "BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261226\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(ev, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            vec![pair("2026-12-23T23:00:00Z", "2026-12-25T23:00:00Z")]
        );
        let yearly = "BEGIN:VEVENT\r\nUID:y\r\nDTSTART;VALUE=DATE:20200101\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(yearly, "2026-12-01T00:00:00Z", "2027-02-01T00:00:00Z"),
            vec![pair("2026-12-31T23:00:00Z", "2027-01-01T23:00:00Z")]
        );
    }

    #[test]
    fn free_cancelled_and_own_events_are_ignored() {
        let ev = concat!(
            "BEGIN:VEVENT\r\nUID:t\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:0f0e@smartcal\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nEND:VEVENT\r\n",
        );
        assert!(busy(ev, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z").is_empty());
    }

    #[test]
    fn windows_vendor_and_floating_zones() {
        let ev = concat!(
            "BEGIN:VTIMEZONE\r\nTZID:Custom Zone\r\nX-LIC-LOCATION:America/New_York\r\nEND:VTIMEZONE\r\n",
            "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=W. Europe Standard Time:20261201T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20261202T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:3\r\nDTSTART;TZID=Custom Zone:20261203T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:4\r\nDTSTART:20261204T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            busy(ev, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"),
            vec![
                pair("2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z"),
                pair("2026-12-02T15:00:00Z", "2026-12-02T16:00:00Z"),
                pair("2026-12-03T15:00:00Z", "2026-12-03T16:00:00Z"),
                pair("2026-12-04T09:00:00Z", "2026-12-04T10:00:00Z"),
            ]
        );
    }

    #[test]
    fn a_custom_vtimezone_is_matched_by_its_rules() {
        // Outlook-style custom zone with US rules and no IANA hint.
        let ev = concat!(
            "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\n",
            "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n",
            "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n",
            "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n",
            "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n",
            "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=Customized Time Zone:20270310T100000\r\nDURATION:PT1H\r\n",
            "RRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n",
        );
        // 10 and 11 March 2027 are still EST (UTC-5); 15 March is EDT (UTC-4).
        let got = busy(ev, "2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z");
        assert_eq!(
            got,
            vec![
                pair("2027-03-10T15:00:00Z", "2027-03-10T16:00:00Z"),
                pair("2027-03-11T15:00:00Z", "2027-03-11T16:00:00Z"),
            ]
        );
        let summer = ev.replace("20270310T100000", "20270315T100000");
        assert_eq!(
            busy(&summer, "2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z")[0],
            pair("2027-03-15T14:00:00Z", "2027-03-15T15:00:00Z")
        );
        assert_eq!(parse_offset("+053000"), Some(5 * 3600 + 30 * 60));
        assert_eq!(parse_offset("0100"), None);
    }

    #[test]
    fn a_first_occurrence_in_a_dst_gap_does_not_move_the_others() {
        // 29 March 2026 02:00 does not exist in Berlin (it is 03:00); the week after it does.
        let ev = "BEGIN:VEVENT\r\nUID:gap\r\nDTSTART;TZID=Europe/Berlin:20260329T020000\r\nDURATION:PT45M\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\nEND:VEVENT\r\n";
        assert_eq!(
            busy(ev, "2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z"),
            vec![
                pair("2026-03-29T01:00:00Z", "2026-03-29T01:45:00Z"),
                pair("2026-04-05T00:00:00Z", "2026-04-05T00:45:00Z"),
            ]
        );
    }

    /// `n` events repeating every minute, forever, from `day` on.
    fn minutely_bomb(n: usize, day: &str) -> String {
        let mut events = String::new();
        for i in 0..n {
            events.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:bomb-{i}\r\nDTSTART:{day}T{:02}{:02}{:02}Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n",
                (i / 3600) % 24, (i / 60) % 60, i % 60
            ));
        }
        cal(&events)
    }

    #[test]
    fn a_minutely_feed_bomb_is_refused_quickly() {
        // Before: 2,000 such events took 51 s and 233 MiB (debug build), 20,000 about ten
        // times that.
        let feed = minutely_bomb(20_000, "20261201");
        let t = std::time::Instant::now();
        let got = busy_intervals(
            &feed,
            BERLIN,
            utc("2026-12-01T00:00:00Z"),
            utc("2028-01-01T00:00:00Z"),
        );
        assert_eq!(got, Err(FeedError::TooManyOccurrences(LIMITS.max_steps)));
        // Bounded generously: the point is refusing instead of expanding for minutes, and a
        // loaded 2-core CI machine can take several times the usual ~0.5 s.
        assert!(
            t.elapsed() < std::time::Duration::from_secs(15),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn rules_that_never_match_are_cut_short_in_time() {
        // Each rule makes `rrule` look through 100,000 days for an occurrence that never comes.
        let mut events = String::new();
        for i in 0..2_000 {
            events.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:never-{i}\r\nDTSTART:20261201T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\n"
            ));
        }
        let t = std::time::Instant::now();
        let mut r = BusyReader::new(
            BERLIN,
            utc("2026-12-01T00:00:00Z"),
            utc("2028-01-01T00:00:00Z"),
            LIMITS,
        );
        let got = r.read(&cal(&events), &|| {
            t.elapsed() > std::time::Duration::from_millis(500)
        });
        eprintln!("never-matching rules: {:?} in {:?}", got, t.elapsed());
        assert_eq!(got, Err(FeedError::TooSlow));
        assert!(
            t.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn one_minutely_event_is_merged_and_cut_at_its_occurrence_limit() {
        let feed = minutely_bomb(3, "20261201");
        let mut r = BusyReader::new(
            BERLIN,
            utc("2026-12-01T00:00:00Z"),
            utc("2028-01-01T00:00:00Z"),
            LIMITS,
        );
        r.read(&feed, &|| false).unwrap();
        let got = r.finish();
        assert_eq!(
            got.cut,
            Some(Cut::EventOccurrences(LIMITS.max_event_occurrences))
        );
        // Back-to-back minutes are one interval, complete up to the cut.
        assert_eq!(got.intervals.len(), 1);
        let cut = utc("2026-12-01T00:00:00Z")
            + Duration::minutes(i64::from(LIMITS.max_event_occurrences) - 1);
        assert_eq!(got.complete_until, cut);
        assert_eq!(got.intervals[0].start, utc("2026-12-01T00:00:00Z"));
        assert!(got.intervals[0].end <= cut + Duration::minutes(1));
    }

    #[test]
    fn too_many_intervals_cut_the_window_at_the_first_left_out() {
        let ev = "BEGIN:VEVENT\r\nUID:h\r\nDTSTART:20261201T000000Z\r\nDURATION:PT30M\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\n";
        let limits = Limits {
            max_intervals: 10,
            ..LIMITS
        };
        let mut r = BusyReader::new(
            BERLIN,
            utc("2026-12-01T00:00:00Z"),
            utc("2027-01-01T00:00:00Z"),
            limits,
        );
        r.read(&cal(ev), &|| false).unwrap();
        let got = r.finish();
        assert_eq!(got.cut, Some(Cut::Intervals(10)));
        assert_eq!(got.intervals.len(), 10);
        assert_eq!(got.complete_until, utc("2026-12-01T10:00:00Z"));
        assert!(got.cut.unwrap().to_string().contains("limit of 10"));
    }

    #[test]
    fn an_old_daily_event_is_not_walked_from_its_start() {
        // Daily since 1990, with its DST-following wall time: the same occurrences as ever,
        // without computing 13,000 past ones (the step limit would refuse that).
        let ev = "BEGIN:VEVENT\r\nUID:old\r\nDTSTART;TZID=Europe/Berlin:19900101T090000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;BYDAY=MO\r\nEXDATE;TZID=Europe/Berlin:20261207T090000\r\nEND:VEVENT\r\n";
        let limits = Limits {
            max_steps: 500,
            ..LIMITS
        };
        let mut r = BusyReader::new(
            BERLIN,
            utc("2026-11-25T00:00:00Z"),
            utc("2026-12-25T00:00:00Z"),
            limits,
        );
        r.read(&cal(ev), &|| false).unwrap();
        let got: Vec<_> = r
            .finish()
            .intervals
            .into_iter()
            .map(|b| (b.start.to_rfc3339(), b.end.to_rfc3339()))
            .collect();
        assert_eq!(
            got,
            vec![
                pair("2026-11-30T08:00:00Z", "2026-11-30T09:00:00Z"),
                pair("2026-12-14T08:00:00Z", "2026-12-14T09:00:00Z"),
                pair("2026-12-21T08:00:00Z", "2026-12-21T09:00:00Z"),
            ]
        );
        // With a COUNT the rule is walked from its start, within the limit.
        let counted = ev.replace("BYDAY=MO", "BYDAY=MO;COUNT=100000");
        let mut r = BusyReader::new(
            BERLIN,
            utc("2026-11-25T00:00:00Z"),
            utc("2026-12-25T00:00:00Z"),
            limits,
        );
        assert_eq!(
            r.read(&cal(&counted), &|| false),
            Err(FeedError::TooManyOccurrences(500))
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(busy_intervals("<html>", BERLIN, Utc::now(), Utc::now()).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1W"), Some(Duration::days(7)));
        assert_eq!(parse_duration("P1DT2H"), Some(Duration::hours(26)));
        assert_eq!(parse_duration("-PT15M"), Some(Duration::minutes(-15)));
        assert_eq!(parse_duration("1H"), None);
    }

    proptest! {
        /// A weekly event in Berlin or New York keeps its wall-clock time every week, whatever
        /// DST does, and an EXDATE removes exactly its occurrence.
        #[test]
        fn weekly_occurrences_keep_wall_time(
            day in 0i64..400, hour in 0u32..24, minute in prop::sample::select(vec![0u32, 15, 30, 45]),
            count in 1u32..60, ex in 0u32..60, ny in any::<bool>(),
        ) {
            let zone: Tz = if ny { chrono_tz::America::New_York } else { BERLIN };
            let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(day);
            let local = date.and_hms_opt(hour, minute, 0).unwrap();
            let ex_date = local + Duration::weeks(ex as i64);
            let ev = format!(
                "BEGIN:VEVENT\r\nUID:p\r\nDTSTART;TZID={z}:{s}\r\nDURATION:PT45M\r\nRRULE:FREQ=WEEKLY;COUNT={count}\r\nEXDATE;TZID={z}:{e}\r\nEND:VEVENT\r\n",
                z = zone.name(), s = local.format("%Y%m%dT%H%M%S"), e = ex_date.format("%Y%m%dT%H%M%S"),
            );
            let got = busy_intervals(&cal(&ev), BERLIN, utc("2025-12-01T00:00:00Z"), utc("2029-01-01T00:00:00Z")).unwrap();
            let expected = if ex < count { count - 1 } else { count };
            prop_assert_eq!(got.len() as u32, expected);
            let first = local_instant(local, zone);
            for b in &got {
                prop_assert_eq!(b.end - b.start, Duration::minutes(45));
                let l = b.start.with_timezone(&zone);
                prop_assert_eq!(l.weekday_from(first), true);
                // Wall time equals DTSTART's, except where it fell into a DST gap.
                if zone.from_local_datetime(&l.date_naive().and_time(local.time())).single().is_some() {
                    prop_assert_eq!(l.time(), local.time());
                }
                prop_assert!(b.start.with_timezone(&zone).date_naive() != ex_date.date() || ex >= count);
            }
        }
    }

    proptest! {
        /// Busy intervals come out sorted, apart (neither overlapping nor touching) and covering
        /// exactly the events' time in the window, whatever order and overlap the events have.
        #[test]
        fn merged_intervals_cover_exactly_the_events(
            events in prop::collection::vec((0i64..3000, 1i64..300), 1..40),
        ) {
            let base = utc("2026-12-01T00:00:00Z");
            let (from, to) = (base + Duration::minutes(100), base + Duration::minutes(2500));
            let text: String = events.iter().enumerate().map(|(i, (s, len))| format!(
                "BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART:{}\r\nDURATION:PT{len}M\r\nEND:VEVENT\r\n",
                (base + Duration::minutes(*s)).format("%Y%m%dT%H%M%SZ")
            )).collect();
            let got = busy_intervals(&cal(&text), BERLIN, from, to).unwrap();
            for w in got.windows(2) {
                prop_assert!(w[0].end < w[1].start);
            }
            for m in 0..3300 {
                let t = base + Duration::minutes(m);
                let busy = events.iter().any(|(s, len)| *s <= m && m < s + len);
                let reaches = got.iter().any(|b| b.start <= t && t < b.end);
                // Inside the window the two agree; intervals reaching out of it are kept whole.
                if t >= from && t < to {
                    prop_assert_eq!(busy, reaches, "minute {}", m);
                } else if reaches {
                    prop_assert!(busy);
                }
            }
        }

        /// A rule with a fixed period that started long ago gives the same busy times in the
        /// window as when it is walked from its start (the DTSTART is moved forward first).
        #[test]
        fn rebasing_an_old_rule_changes_nothing(
            freq in prop::sample::select(vec!["HOURLY", "DAILY", "WEEKLY"]),
            interval in 1u32..5, years in 1i64..4, minute in 0i64..1440,
            by in prop::sample::select(vec!["", ";BYDAY=MO,WE", ";BYHOUR=9,15", ";BYMONTH=1,12"]),
            ny in any::<bool>(),
        ) {
            let zone = if ny { "America/New_York" } else { "Europe/Berlin" };
            let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(0, 0, 0).unwrap()
                - Duration::days(365 * years) + Duration::minutes(minute);
            let ev = format!(
                "BEGIN:VEVENT\r\nUID:r\r\nDTSTART;TZID={zone}:{}\r\nDURATION:PT20M\r\nRRULE:FREQ={freq};INTERVAL={interval}{by}\r\nEND:VEVENT\r\n",
                start.format("%Y%m%dT%H%M%S")
            );
            let (from, to) = (utc("2026-12-01T00:00:00Z"), utc("2027-01-15T00:00:00Z"));
            let wide = Limits { max_steps: 2_000_000, max_event_occurrences: 100_000, max_intervals: 100_000 };
            let mut near = BusyReader::new(BERLIN, from, to, wide);
            near.read(&cal(&ev), &|| false).unwrap();
            // Walked from its start: a window that begins before the DTSTART.
            let mut walked = BusyReader::new(BERLIN, utc("2020-01-01T00:00:00Z"), to, wide);
            walked.read(&cal(&ev), &|| false).unwrap();
            let clip = |v: Vec<BusyInterval>| -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
                v.into_iter()
                    .filter(|b| b.end > from && b.start < to)
                    .map(|b| (b.start.max(from), b.end.min(to)))
                    .collect()
            };
            prop_assert_eq!(clip(near.finish().intervals), clip(walked.finish().intervals));
        }
    }

    trait SameWeekday {
        fn weekday_from(&self, other: DateTime<Tz>) -> bool;
    }
    impl SameWeekday for DateTime<Tz> {
        fn weekday_from(&self, other: DateTime<Tz>) -> bool {
            use chrono::Datelike;
            self.date_naive().weekday() == other.date_naive().weekday()
        }
    }
}
