//! Slot computation: which start times of an agenda can be booked.
//!
//! Availability is wall-clock time in the agenda's zone; each interval end is turned into a real
//! UTC instant for its local date, and slots step through real instants from there. So on the
//! days clocks change no slot is lost or doubled, and every slot is a real stretch of time.

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc,
};
use chrono_tz::Tz;

use crate::clock_time::MINUTES_PER_DAY;

/// A stretch of a local day in minutes since midnight: `start < end <= 1440` (1440 = "24:00").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// First minute of the stretch (inclusive).
    pub start: u16,
    /// End of the stretch (exclusive); 1440 means the following midnight.
    pub end: u16,
}

impl Interval {
    /// Builds an interval, rejecting `start >= end` or `end > 1440` with a human message.
    pub fn new(start: u16, end: u16) -> Result<Self, String> {
        let interval = Self { start, end };
        if interval.is_valid() {
            Ok(interval)
        } else {
            Err(format!(
                "an interval must start before it ends and end at 24:00 at the latest (got {}-{})",
                crate::clock_time::format_hhmm(start),
                crate::clock_time::format_hhmm(end)
            ))
        }
    }

    /// Whether `start < end <= 1440`; invalid intervals are ignored by slot computation.
    pub fn is_valid(&self) -> bool {
        self.start < self.end && self.end <= MINUTES_PER_DAY
    }
}

/// One weekly availability interval; a weekday may have several (they may even overlap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyRule {
    /// The local weekday the interval applies to.
    pub weekday: chrono::Weekday,
    /// The hours available on that weekday.
    pub interval: Interval,
}

/// Replaces the weekly hours on one local date: no intervals = a day off, otherwise these hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateOverride {
    /// The local date (agenda zone) the override applies to.
    pub date: NaiveDate,
    /// The hours of that date instead of the weekly ones; empty for a day off.
    pub intervals: Vec<Interval>,
}

/// Everything about an agenda that decides its slots.
#[derive(Debug, Clone)]
pub struct SlotRules {
    /// The agenda's zone: availability is wall-clock time there.
    pub time_zone: Tz,
    /// Length of a meeting.
    pub duration_minutes: u32,
    /// Distance between consecutive slot starts within an interval (0 is treated as 1).
    pub slot_step_minutes: u32,
    /// Free time required before a meeting, relative to other bookings of the host.
    pub buffer_before_minutes: u32,
    /// Free time required after a meeting, relative to other bookings of the host.
    pub buffer_after_minutes: u32,
    /// Slots start no earlier than now + this.
    pub min_notice_minutes: u32,
    /// Slots start no later than now + horizon_days * 24h.
    pub horizon_days: u32,
    /// At most this many bookings of this agenda per local day (agenda zone).
    pub max_bookings_per_day: Option<u32>,
    /// At most this many per local week, Monday to Sunday (agenda zone).
    pub max_bookings_per_week: Option<u32>,
    /// At most this many per local calendar month (agenda zone).
    pub max_bookings_per_month: Option<u32>,
    /// The regular weekly hours.
    pub weekly: Vec<WeeklyRule>,
    /// Exceptions for single dates.
    pub overrides: Vec<DateOverride>,
}

impl SlotRules {
    /// Whether bookings are limited per day, week or month.
    pub fn has_period_limit(&self) -> bool {
        self.max_bookings_per_day.is_some()
            || self.max_bookings_per_week.is_some()
            || self.max_bookings_per_month.is_some()
    }
}

/// How many days of busy time around a range (or a booking's start) its slots depend on: two
/// (no zone shifts its offset by more than a day), or enough to count the agenda's bookings
/// of the whole local weeks (8) or months (33) that the range touches.
pub fn limit_margin_days(rules: &SlotRules) -> i64 {
    if rules.max_bookings_per_month.is_some() {
        33
    } else if rules.max_bookings_per_week.is_some() {
        8
    } else {
        2
    }
}

/// The Monday starting `date`'s week.
fn week_start(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// The first day of `date`'s month.
fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The last day of `date`'s month.
fn month_end(date: NaiveDate) -> NaiveDate {
    month_start(date)
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// A confirmed booking of the host (any of the host's agendas), as busy time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    /// Start of the booking.
    pub start: DateTime<Utc>,
    /// End of the booking (exclusive).
    pub end: DateTime<Utc>,
    /// Whether the booking belongs to the agenda being computed (counts for max per day).
    pub same_agenda: bool,
}

/// A bookable meeting time: `[start, end)` in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    /// Start of the meeting.
    pub start: DateTime<Utc>,
    /// End of the meeting (start + duration).
    pub end: DateTime<Utc>,
}

/// Why a start time cannot be booked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unbookable {
    /// Not a slot of the agenda even without any bookings (the message says why); HTTP 422.
    #[error("{0}")]
    NotASlot(String),
    /// A valid slot, but busy (overlap incl. buffers) or the day's max bookings reached; HTTP 409.
    #[error("this time is no longer available")]
    Taken,
}

/// Free slots whose start lies in `[range_start, range_end)`, sorted by start, no duplicates.
///
/// A slot must start at or after `now + min_notice`, no later than `now + horizon`, lie inside
/// the availability of its local date and keep its buffers clear of every busy time.
pub fn compute_slots(
    rules: &SlotRules,
    busy: &[Busy],
    range_start: DateTime<Utc>,
    range_end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<Slot> {
    let window = Window::new(rules, now, range_start, range_end);
    let Some(last_start) = window.last_start() else {
        return Vec::new();
    };
    if rules.duration_minutes == 0 {
        return Vec::new();
    }
    let tz = rules.time_zone;
    // A day's slots start on that local date (or just after a gap at its end), so a day of
    // margin on both sides covers every date whose slots can fall in the window.
    let first_date = local_date(window.earliest, tz)
        .pred_opt()
        .unwrap_or(NaiveDate::MIN);
    let last_date = local_date(last_start, tz)
        .succ_opt()
        .unwrap_or(NaiveDate::MAX);
    let index = BusyIndex::new(rules, busy, first_date, last_date);

    let mut slots = Vec::new();
    let mut candidates = Vec::new();
    for date in first_date.iter_days().take_while(|d| *d <= last_date) {
        if index.day_is_full(date) {
            continue;
        }
        candidates.clear();
        day_candidates(rules, date, &mut candidates);
        slots.extend(
            candidates
                .iter()
                .filter(|slot| window.contains(slot.start) && !index.is_blocked(slot)),
        );
    }
    slots.sort_unstable();
    slots.dedup();
    slots
}

/// Whether `start` can be booked now: `Ok(slot)` or why not.
///
/// `NotASlot` when it is not a slot even with no bookings at all; `Taken` when it would be a
/// slot but bookings block it. Agrees exactly with [`compute_slots`].
pub fn check_bookable(
    rules: &SlotRules,
    busy: &[Busy],
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Slot, Unbookable> {
    if start < now {
        return Err(Unbookable::NotASlot("the start is in the past".into()));
    }
    let window = Window::new(rules, now, start, DateTime::<Utc>::MAX_UTC);
    if start < window.earliest {
        return Err(Unbookable::NotASlot(format!(
            "the start is within the minimum notice of {} minutes",
            rules.min_notice_minutes
        )));
    }
    if start > window.horizon {
        return Err(Unbookable::NotASlot(format!(
            "the start is beyond the booking horizon of {} days",
            rules.horizon_days
        )));
    }
    let tz = rules.time_zone;
    let date = local_date(start, tz);
    let first_date = date.pred_opt().unwrap_or(NaiveDate::MIN);
    let last_date = date.succ_opt().unwrap_or(NaiveDate::MAX);

    let mut found = Vec::new();
    let mut candidates = Vec::new();
    if rules.duration_minutes > 0 {
        for day in first_date.iter_days().take_while(|d| *d <= last_date) {
            candidates.clear();
            day_candidates(rules, day, &mut candidates);
            if let Some(slot) = candidates.iter().find(|slot| slot.start == start) {
                found.push((day, *slot));
            }
        }
    }
    if found.is_empty() {
        return Err(Unbookable::NotASlot(
            "the start is outside the agenda's availability".into(),
        ));
    }
    let index = BusyIndex::new(rules, busy, first_date, last_date);
    found
        .into_iter()
        .find(|(day, slot)| !index.day_is_full(*day) && !index.is_blocked(slot))
        .map(|(_, slot)| slot)
        .ok_or(Unbookable::Taken)
}

/// The UTC range `[from, to)` whose busy time alone decides whether `start` can be booked:
/// the meeting with its buffers. `None` when the agenda limits its bookings per day, week or
/// month, which counts the bookings of whole local periods (pass [`check_bookable`] the busy
/// time around those: see [`limit_margin_days`]).
pub fn booking_window(
    rules: &SlotRules,
    start: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if rules.has_period_limit() {
        return None;
    }
    let from = sub_saturating(start, minutes(rules.buffer_before_minutes));
    let to = add_saturating(
        start,
        minutes(rules.duration_minutes) + minutes(rules.buffer_after_minutes),
    );
    Some((from, to))
}

/// `[from 00:00, (to+1) 00:00)` of local dates in `tz`, as UTC instants.
///
/// DST-correct: a midnight that does not exist resolves to the first instant after the gap, an
/// ambiguous one to the earliest instant.
pub fn local_date_range(from: NaiveDate, to: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = local_instant(tz, from, 0).unwrap_or(DateTime::<Utc>::MIN_UTC);
    let end = local_instant(tz, to, MINUTES_PER_DAY).unwrap_or(DateTime::<Utc>::MAX_UTC);
    (start, end)
}

/// The instant at which the wall clock of `tz` first reads `minutes` past midnight of `date`
/// (1440 = the next midnight): a nonexistent time resolves to the first instant after the gap,
/// an ambiguous one to the earliest. `None` only at the edges of chrono's date range.
pub fn local_instant(tz: Tz, date: NaiveDate, minutes: u16) -> Option<DateTime<Utc>> {
    let (date, minutes) = if minutes >= MINUTES_PER_DAY {
        (date.checked_add_days(Days::new(1))?, 0)
    } else {
        (date, minutes)
    };
    let local = date.and_hms_opt(u32::from(minutes / 60), u32::from(minutes % 60), 0)?;
    resolve_local(tz, local)
}

/// Resolves a wall-clock time of `tz` to an instant, with the gap/ambiguity rules above.
fn resolve_local(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(a.min(b).with_timezone(&Utc)),
        LocalResult::None => {
            // In a gap: the first wall-clock minute after it that exists is the gap's end, and
            // its (earliest) instant is the instant the clocks jumped. Time-zone transitions
            // fall on whole minutes, and no gap lasts longer than a day.
            let mut probe = local;
            for _ in 0..(2 * 24 * 60) {
                probe = probe.checked_add_signed(Duration::minutes(1))?;
                match tz.from_local_datetime(&probe) {
                    LocalResult::Single(t) => return Some(t.with_timezone(&Utc)),
                    LocalResult::Ambiguous(a, b) => return Some(a.min(b).with_timezone(&Utc)),
                    LocalResult::None => {}
                }
            }
            None
        }
    }
}

/// The local date of `instant` in `tz`.
fn local_date(instant: DateTime<Utc>, tz: Tz) -> NaiveDate {
    instant.with_timezone(&tz).date_naive()
}

fn minutes(m: u32) -> Duration {
    Duration::minutes(i64::from(m))
}

/// `t + d`, saturating at the end of chrono's range.
fn add_saturating(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `t - d`, saturating at the start of chrono's range.
fn sub_saturating(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t.checked_sub_signed(d).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The instants a slot may start at: notice, horizon and the requested range combined.
struct Window {
    /// Earliest allowed start (inclusive): max(range start, now + notice).
    earliest: DateTime<Utc>,
    /// Latest allowed start by the horizon (inclusive).
    horizon: DateTime<Utc>,
    /// End of the requested range (exclusive).
    range_end: DateTime<Utc>,
}

impl Window {
    fn new(
        rules: &SlotRules,
        now: DateTime<Utc>,
        range_start: DateTime<Utc>,
        range_end: DateTime<Utc>,
    ) -> Self {
        let notice_end = add_saturating(now, minutes(rules.min_notice_minutes));
        let horizon = add_saturating(now, Duration::days(i64::from(rules.horizon_days)));
        Self {
            earliest: range_start.max(notice_end),
            horizon,
            range_end,
        }
    }

    fn contains(&self, start: DateTime<Utc>) -> bool {
        self.earliest <= start && start <= self.horizon && start < self.range_end
    }

    /// An upper bound of the starts the window admits, or `None` when it is empty.
    fn last_start(&self) -> Option<DateTime<Utc>> {
        let last = self.horizon.min(self.range_end);
        (self.earliest <= self.horizon && self.earliest < self.range_end).then_some(last)
    }
}

/// The hours of `date`: its overrides if there are any, otherwise its weekday's weekly rules.
fn for_each_interval(rules: &SlotRules, date: NaiveDate, mut f: impl FnMut(Interval)) {
    let mut overridden = false;
    for o in rules.overrides.iter().filter(|o| o.date == date) {
        overridden = true;
        o.intervals.iter().copied().for_each(&mut f);
    }
    if !overridden {
        let weekday = date.weekday();
        rules
            .weekly
            .iter()
            .filter(|r| r.weekday == weekday)
            .for_each(|r| f(r.interval));
    }
}

/// Appends every slot of `date`'s availability, ignoring bookings, notice and horizon.
fn day_candidates(rules: &SlotRules, date: NaiveDate, out: &mut Vec<Slot>) {
    let tz = rules.time_zone;
    let duration = minutes(rules.duration_minutes);
    let step = minutes(rules.slot_step_minutes.max(1));
    for_each_interval(rules, date, |interval| {
        if !interval.is_valid() {
            return;
        }
        let (Some(open), Some(close)) = (
            local_instant(tz, date, interval.start),
            local_instant(tz, date, interval.end),
        ) else {
            return;
        };
        let mut start = open;
        while let Some(end) = start.checked_add_signed(duration) {
            if end > close {
                break;
            }
            out.push(Slot { start, end });
            match start.checked_add_signed(step) {
                Some(next) => start = next,
                None => break,
            }
        }
    });
}

/// Busy times prepared for fast queries: sorted by start with a running maximum of the ends,
/// plus the local dates of this agenda's bookings for the per-day, -week and -month limits.
struct BusyIndex {
    starts: Vec<DateTime<Utc>>,
    /// `max_end[i]` = the latest end among the first `i + 1` busy times by start.
    max_end: Vec<DateTime<Utc>>,
    /// Sorted local dates of this agenda's bookings (only filled when there is a limit).
    same_agenda_dates: Vec<NaiveDate>,
    max_per_day: Option<u32>,
    max_per_week: Option<u32>,
    max_per_month: Option<u32>,
    before: Duration,
    after: Duration,
}

impl BusyIndex {
    /// Indexes the busy times that can matter for slots of local dates `first..=last`.
    fn new(rules: &SlotRules, busy: &[Busy], first: NaiveDate, last: NaiveDate) -> Self {
        let tz = rules.time_zone;
        let before = minutes(rules.buffer_before_minutes);
        let after = minutes(rules.buffer_after_minutes);
        let (lo, hi) = local_date_range(first, last, tz);
        // Two days of margin: no zone shifts its offset by more than a day.
        let lo = sub_saturating(lo, Duration::days(2));
        let hi = add_saturating(hi, Duration::days(2));
        let (query_lo, query_hi) = (sub_saturating(lo, before), add_saturating(hi, after));

        let mut relevant: Vec<(DateTime<Utc>, DateTime<Utc>)> = busy
            .iter()
            .filter(|b| b.start < b.end && b.end > query_lo && b.start < query_hi)
            .map(|b| (b.start, b.end))
            .collect();
        relevant.sort_unstable();
        let starts = relevant.iter().map(|(s, _)| *s).collect();
        let max_end = relevant
            .iter()
            .scan(DateTime::<Utc>::MIN_UTC, |max, (_, e)| {
                *max = (*max).max(*e);
                Some(*max)
            })
            .collect();

        let mut same_agenda_dates: Vec<NaiveDate> = if rules.has_period_limit() {
            // The whole weeks and months the dates touch count, not only the dates.
            let counted_from = first.min(week_start(first)).min(month_start(first));
            let counted_to = last
                .max(week_start(last) + Days::new(6))
                .max(month_end(last));
            busy.iter()
                .filter(|b| b.same_agenda)
                .map(|b| local_date(b.start, tz))
                .filter(|d| counted_from <= *d && *d <= counted_to)
                .collect()
        } else {
            Vec::new()
        };
        same_agenda_dates.sort_unstable();

        Self {
            starts,
            max_end,
            same_agenda_dates,
            max_per_day: rules.max_bookings_per_day,
            max_per_week: rules.max_bookings_per_week,
            max_per_month: rules.max_bookings_per_month,
            before,
            after,
        }
    }

    /// Whether `[start - before, end + after)` overlaps a busy time (half-open, so a meeting
    /// may start exactly when a buffered booking ends).
    fn is_blocked(&self, slot: &Slot) -> bool {
        let from = sub_saturating(slot.start, self.before);
        let to = add_saturating(slot.end, self.after);
        let n = self.starts.partition_point(|s| *s < to);
        n > 0 && self.max_end[n - 1] > from
    }

    /// Whether this agenda already has its maximum number of bookings on local date `date`, in
    /// its week (Monday to Sunday) or in its month.
    fn day_is_full(&self, date: NaiveDate) -> bool {
        let full = |max: Option<u32>, from: NaiveDate, to: NaiveDate| {
            max.is_some_and(|max| {
                let a = self.same_agenda_dates.partition_point(|d| *d < from);
                let b = self.same_agenda_dates.partition_point(|d| *d <= to);
                (b - a) as u64 >= u64::from(max)
            })
        };
        let week = week_start(date);
        full(self.max_per_day, date, date)
            || full(self.max_per_week, week, week + Days::new(6))
            || full(self.max_per_month, month_start(date), month_end(date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    fn iv(start: &str, end: &str) -> Interval {
        Interval::new(
            crate::clock_time::parse_hhmm(start).unwrap(),
            crate::clock_time::parse_hhmm(end).unwrap(),
        )
        .unwrap()
    }

    fn rules(tz: Tz, weekly: &[(Weekday, &str, &str)]) -> SlotRules {
        SlotRules {
            time_zone: tz,
            duration_minutes: 60,
            slot_step_minutes: 60,
            buffer_before_minutes: 0,
            buffer_after_minutes: 0,
            min_notice_minutes: 0,
            horizon_days: 3650,
            max_bookings_per_day: None,
            max_bookings_per_week: None,
            max_bookings_per_month: None,
            weekly: weekly
                .iter()
                .map(|(weekday, s, e)| WeeklyRule {
                    weekday: *weekday,
                    interval: iv(s, e),
                })
                .collect(),
            overrides: Vec::new(),
        }
    }

    /// A time long before every date used in these tests.
    fn long_ago() -> DateTime<Utc> {
        utc(2025, 1, 1, 0, 0)
    }

    /// The slots of one local date, ignoring notice and horizon.
    fn day_slots(rules: &SlotRules, busy: &[Busy], day: NaiveDate) -> Vec<Slot> {
        let (from, to) = local_date_range(day, day, rules.time_zone);
        compute_slots(rules, busy, from, to, long_ago())
    }

    fn starts(slots: &[Slot]) -> Vec<DateTime<Utc>> {
        slots.iter().map(|s| s.start).collect()
    }

    fn hourly(day: DateTime<Utc>, hours: impl IntoIterator<Item = i64>) -> Vec<DateTime<Utc>> {
        hours
            .into_iter()
            .map(|h| day + Duration::hours(h))
            .collect()
    }

    fn busy(start: DateTime<Utc>, end: DateTime<Utc>, same_agenda: bool) -> Busy {
        Busy {
            start,
            end,
            same_agenda,
        }
    }

    #[test]
    fn berlin_spring_forward_gives_five_real_hours() {
        let r = rules(
            chrono_tz::Europe::Berlin,
            &[(Weekday::Sun, "00:00", "06:00")],
        );
        let slots = day_slots(&r, &[], date(2026, 3, 29));
        // 00:00 CET = 23:00Z, 06:00 CEST = 04:00Z.
        assert_eq!(starts(&slots), hourly(utc(2026, 3, 28, 23, 0), 0..5));
        assert!(slots.iter().all(|s| s.end - s.start == Duration::hours(1)));
    }

    #[test]
    fn berlin_fall_back_gives_seven_real_hours() {
        let r = rules(
            chrono_tz::Europe::Berlin,
            &[(Weekday::Sun, "00:00", "06:00")],
        );
        let slots = day_slots(&r, &[], date(2026, 10, 25));
        // 00:00 CEST = 22:00Z, 06:00 CET = 05:00Z.
        assert_eq!(starts(&slots), hourly(utc(2026, 10, 24, 22, 0), 0..7));
    }

    #[test]
    fn new_york_spring_forward_and_fall_back() {
        let r = rules(
            chrono_tz::America::New_York,
            &[(Weekday::Sun, "00:00", "06:00")],
        );
        // 00:00 EST = 05:00Z, 06:00 EDT = 10:00Z.
        let spring = day_slots(&r, &[], date(2026, 3, 8));
        assert_eq!(starts(&spring), hourly(utc(2026, 3, 8, 5, 0), 0..5));
        // 00:00 EDT = 04:00Z, 06:00 EST = 11:00Z.
        let fall = day_slots(&r, &[], date(2026, 11, 1));
        assert_eq!(starts(&fall), hourly(utc(2026, 11, 1, 4, 0), 0..7));
        // The week after, an ordinary Sunday: six slots.
        let normal = day_slots(&r, &[], date(2026, 11, 8));
        assert_eq!(starts(&normal), hourly(utc(2026, 11, 8, 5, 0), 0..6));
    }

    #[test]
    fn new_york_business_hours_follow_the_wall_clock_across_dst() {
        let r = rules(
            chrono_tz::America::New_York,
            &[(Weekday::Mon, "09:00", "10:00")],
        );
        // Before the switch (EST, -5) and after it (EDT, -4).
        assert_eq!(
            starts(&day_slots(&r, &[], date(2026, 3, 2))),
            vec![utc(2026, 3, 2, 14, 0)]
        );
        assert_eq!(
            starts(&day_slots(&r, &[], date(2026, 3, 9))),
            vec![utc(2026, 3, 9, 13, 0)]
        );
    }

    #[test]
    fn interval_starting_in_the_gap_starts_when_the_clocks_jump() {
        let mut r = rules(
            chrono_tz::Europe::Berlin,
            &[(Weekday::Sun, "02:30", "05:00")],
        );
        r.duration_minutes = 30;
        r.slot_step_minutes = 30;
        // 02:30 does not exist: the interval opens at 03:00 CEST = 01:00Z; 05:00 CEST = 03:00Z.
        let slots = day_slots(&r, &[], date(2026, 3, 29));
        let expected: Vec<_> = (0..4)
            .map(|i| utc(2026, 3, 29, 1, 0) + Duration::minutes(30 * i))
            .collect();
        assert_eq!(starts(&slots), expected);
        // An interval entirely inside the gap has no slots.
        let r = rules(
            chrono_tz::Europe::Berlin,
            &[(Weekday::Sun, "02:00", "03:00")],
        );
        assert!(day_slots(&r, &[], date(2026, 3, 29)).is_empty());
    }

    #[test]
    fn ambiguous_interval_start_uses_the_earliest_instant() {
        let mut r = rules(
            chrono_tz::Europe::Berlin,
            &[(Weekday::Sun, "02:30", "04:00")],
        );
        r.duration_minutes = 30;
        r.slot_step_minutes = 30;
        // 02:30 CEST = 00:30Z (first occurrence); 04:00 CET = 03:00Z.
        let slots = day_slots(&r, &[], date(2026, 10, 25));
        let expected: Vec<_> = (0..5)
            .map(|i| utc(2026, 10, 25, 0, 30) + Duration::minutes(30 * i))
            .collect();
        assert_eq!(starts(&slots), expected);
    }

    #[test]
    fn end_at_24_00_is_the_next_midnight() {
        let r = rules(Tz::UTC, &[(Weekday::Fri, "22:00", "24:00")]);
        let slots = day_slots(&r, &[], date(2026, 1, 2));
        assert_eq!(
            starts(&slots),
            vec![utc(2026, 1, 2, 22, 0), utc(2026, 1, 2, 23, 0)]
        );
        assert_eq!(slots[1].end, utc(2026, 1, 3, 0, 0));
        // The evening before Berlin's fall back: 23:00 CEST - 24:00 CEST.
        let r = rules(
            chrono_tz::Europe::Berlin,
            &[(Weekday::Sat, "23:00", "24:00")],
        );
        let (from, to) = local_date_range(date(2026, 10, 24), date(2026, 10, 25), r.time_zone);
        let slots = compute_slots(&r, &[], from, to, long_ago());
        assert_eq!(
            slots,
            vec![Slot {
                start: utc(2026, 10, 24, 21, 0),
                end: utc(2026, 10, 24, 22, 0)
            }]
        );
    }

    #[test]
    fn several_intervals_per_weekday_are_merged_without_duplicates() {
        let r = rules(
            Tz::UTC,
            &[
                (Weekday::Mon, "09:00", "12:00"),
                (Weekday::Mon, "11:00", "14:00"),
                (Weekday::Mon, "09:00", "10:00"),
                (Weekday::Mon, "16:00", "17:00"),
                (Weekday::Tue, "08:00", "09:00"),
            ],
        );
        let slots = day_slots(&r, &[], date(2026, 1, 5));
        let day = utc(2026, 1, 5, 0, 0);
        assert_eq!(starts(&slots), hourly(day, [9, 10, 11, 12, 13, 16]));
        // Overlapping intervals with different alignment yield both alignments.
        let mut r = rules(
            Tz::UTC,
            &[
                (Weekday::Mon, "09:00", "11:00"),
                (Weekday::Mon, "09:30", "11:00"),
            ],
        );
        r.duration_minutes = 60;
        let slots = day_slots(&r, &[], date(2026, 1, 5));
        let expected: Vec<_> = [540, 570, 600]
            .iter()
            .map(|m| day + Duration::minutes(*m))
            .collect();
        assert_eq!(starts(&slots), expected);
    }

    #[test]
    fn step_and_duration_fit_inside_the_interval() {
        let mut r = rules(Tz::UTC, &[(Weekday::Mon, "09:00", "10:40")]);
        r.duration_minutes = 30;
        r.slot_step_minutes = 20;
        let slots = day_slots(&r, &[], date(2026, 1, 5));
        let day = utc(2026, 1, 5, 9, 0);
        let expected: Vec<_> = [0, 20, 40, 60]
            .iter()
            .map(|m| day + Duration::minutes(*m))
            .collect();
        assert_eq!(starts(&slots), expected);
        // Step 0 behaves like 1 instead of looping forever.
        r.slot_step_minutes = 0;
        assert_eq!(day_slots(&r, &[], date(2026, 1, 5)).len(), 71);
        // A zero duration has no slots.
        r.duration_minutes = 0;
        assert!(day_slots(&r, &[], date(2026, 1, 5)).is_empty());
    }

    #[test]
    fn overrides_replace_the_weekly_hours() {
        let mut r = rules(Tz::UTC, &[(Weekday::Mon, "09:00", "12:00")]);
        r.overrides = vec![
            DateOverride {
                date: date(2026, 1, 5),
                intervals: vec![],
            },
            DateOverride {
                date: date(2026, 1, 12),
                intervals: vec![iv("14:00", "16:00")],
            },
            DateOverride {
                date: date(2026, 1, 10), // a Saturday: no weekly hours
                intervals: vec![iv("10:00", "11:00")],
            },
        ];
        assert!(day_slots(&r, &[], date(2026, 1, 5)).is_empty());
        assert_eq!(
            starts(&day_slots(&r, &[], date(2026, 1, 12))),
            hourly(utc(2026, 1, 12, 0, 0), [14, 15])
        );
        assert_eq!(
            starts(&day_slots(&r, &[], date(2026, 1, 10))),
            vec![utc(2026, 1, 10, 10, 0)]
        );
        assert_eq!(
            starts(&day_slots(&r, &[], date(2026, 1, 19))),
            hourly(utc(2026, 1, 19, 0, 0), [9, 10, 11])
        );
        assert_eq!(
            check_bookable(&r, &[], utc(2026, 1, 5, 9, 0), long_ago()),
            Err(Unbookable::NotASlot(
                "the start is outside the agenda's availability".into()
            ))
        );
    }

    #[test]
    fn range_is_half_open_on_starts() {
        let r = rules(Tz::UTC, &[(Weekday::Mon, "09:00", "17:00")]);
        let slots = compute_slots(
            &r,
            &[],
            utc(2026, 1, 5, 10, 0),
            utc(2026, 1, 5, 13, 0),
            long_ago(),
        );
        assert_eq!(starts(&slots), hourly(utc(2026, 1, 5, 0, 0), [10, 11, 12]));
        assert!(compute_slots(
            &r,
            &[],
            utc(2026, 1, 5, 13, 0),
            utc(2026, 1, 5, 10, 0),
            long_ago()
        )
        .is_empty());
    }

    #[test]
    fn notice_and_horizon_bound_the_slots() {
        let mut r = rules(
            Tz::UTC,
            &[
                (Weekday::Mon, "09:00", "17:00"),
                (Weekday::Tue, "09:00", "17:00"),
            ],
        );
        r.min_notice_minutes = 90;
        r.horizon_days = 1;
        let now = utc(2026, 1, 5, 9, 30);
        let slots = compute_slots(&r, &[], utc(2026, 1, 5, 0, 0), utc(2026, 1, 7, 0, 0), now);
        // From 11:00 Monday (09:30 + 90 min) to 09:30 Tuesday (now + 24h) inclusive.
        let mut expected = hourly(utc(2026, 1, 5, 0, 0), 11..17);
        expected.push(utc(2026, 1, 6, 9, 0));
        assert_eq!(starts(&slots), expected);
        // The horizon bound is inclusive.
        let slots = compute_slots(
            &r,
            &[],
            utc(2026, 1, 5, 0, 0),
            utc(2026, 1, 7, 0, 0),
            utc(2026, 1, 5, 9, 0),
        );
        assert_eq!(slots.last().map(|s| s.start), Some(utc(2026, 1, 6, 9, 0)));
    }

    #[test]
    fn every_unbookable_reason() {
        let mut r = rules(Tz::UTC, &[(Weekday::Mon, "09:00", "17:00")]);
        r.min_notice_minutes = 120;
        r.horizon_days = 14;
        let now = utc(2026, 1, 5, 10, 0);
        let not_a_slot = |s: &str| Err(Unbookable::NotASlot(s.to_owned()));
        assert_eq!(
            check_bookable(&r, &[], utc(2026, 1, 5, 9, 0), now),
            not_a_slot("the start is in the past")
        );
        assert_eq!(
            check_bookable(&r, &[], utc(2026, 1, 5, 11, 0), now),
            not_a_slot("the start is within the minimum notice of 120 minutes")
        );
        assert_eq!(
            check_bookable(&r, &[], utc(2026, 1, 26, 9, 0), now),
            not_a_slot("the start is beyond the booking horizon of 14 days")
        );
        let outside = not_a_slot("the start is outside the agenda's availability");
        assert_eq!(check_bookable(&r, &[], utc(2026, 1, 6, 9, 0), now), outside); // Tuesday
        assert_eq!(
            check_bookable(&r, &[], utc(2026, 1, 12, 9, 15), now),
            outside
        ); // off-step
        assert_eq!(
            check_bookable(&r, &[], utc(2026, 1, 12, 17, 0), now),
            outside
        ); // ends late
        let ok = check_bookable(&r, &[], utc(2026, 1, 5, 12, 0), now);
        assert_eq!(
            ok,
            Ok(Slot {
                start: utc(2026, 1, 5, 12, 0),
                end: utc(2026, 1, 5, 13, 0)
            })
        );
        let b = [busy(
            utc(2026, 1, 5, 12, 30),
            utc(2026, 1, 5, 12, 45),
            false,
        )];
        assert_eq!(
            check_bookable(&r, &b, utc(2026, 1, 5, 12, 0), now),
            Err(Unbookable::Taken)
        );
        assert_eq!(
            Unbookable::Taken.to_string(),
            "this time is no longer available"
        );
        assert_eq!(
            Unbookable::NotASlot("the start is in the past".into()).to_string(),
            "the start is in the past"
        );
    }

    #[test]
    fn back_to_back_bookings_are_fine_without_buffers() {
        let r = rules(Tz::UTC, &[(Weekday::Mon, "09:00", "13:00")]);
        let b = [busy(utc(2026, 1, 5, 10, 0), utc(2026, 1, 5, 11, 0), true)];
        let slots = day_slots(&r, &b, date(2026, 1, 5));
        assert_eq!(starts(&slots), hourly(utc(2026, 1, 5, 0, 0), [9, 11, 12]));
        assert!(check_bookable(&r, &b, utc(2026, 1, 5, 9, 0), long_ago()).is_ok());
        assert!(check_bookable(&r, &b, utc(2026, 1, 5, 11, 0), long_ago()).is_ok());
        assert_eq!(
            check_bookable(&r, &b, utc(2026, 1, 5, 10, 0), long_ago()),
            Err(Unbookable::Taken)
        );
    }

    #[test]
    fn buffers_keep_distance_from_other_bookings() {
        let mut r = rules(Tz::UTC, &[(Weekday::Mon, "08:00", "14:00")]);
        let b = [busy(utc(2026, 1, 5, 10, 0), utc(2026, 1, 5, 11, 0), false)];
        r.buffer_after_minutes = 15;
        assert_eq!(
            starts(&day_slots(&r, &b, date(2026, 1, 5))),
            hourly(utc(2026, 1, 5, 0, 0), [8, 11, 12, 13])
        );
        r.buffer_after_minutes = 0;
        r.buffer_before_minutes = 15;
        assert_eq!(
            starts(&day_slots(&r, &b, date(2026, 1, 5))),
            hourly(utc(2026, 1, 5, 0, 0), [8, 9, 12, 13])
        );
        r.buffer_after_minutes = 60;
        r.buffer_before_minutes = 60;
        // [s - 60, e + 60) must not touch 10:00-11:00: 08:00 ends its buffer exactly at 10:00.
        assert_eq!(
            starts(&day_slots(&r, &b, date(2026, 1, 5))),
            hourly(utc(2026, 1, 5, 0, 0), [8, 12, 13])
        );
        assert_eq!(
            check_bookable(&r, &b, utc(2026, 1, 5, 9, 0), long_ago()),
            Err(Unbookable::Taken)
        );
        // Empty or inverted busy times block nothing.
        let degenerate = [
            busy(utc(2026, 1, 5, 9, 30), utc(2026, 1, 5, 9, 30), false),
            busy(utc(2026, 1, 5, 12, 30), utc(2026, 1, 5, 12, 0), false),
        ];
        r.buffer_after_minutes = 0;
        r.buffer_before_minutes = 0;
        assert_eq!(day_slots(&r, &degenerate, date(2026, 1, 5)).len(), 6);
    }

    #[test]
    fn long_busy_time_blocks_everything_it_covers() {
        let r = rules(Tz::UTC, &[(Weekday::Mon, "08:00", "14:00")]);
        // A long booking that starts early must be found even behind later short ones.
        let b = [
            busy(utc(2026, 1, 5, 7, 0), utc(2026, 1, 5, 12, 0), false),
            busy(utc(2026, 1, 5, 7, 30), utc(2026, 1, 5, 7, 45), false),
            busy(utc(2026, 1, 5, 8, 0), utc(2026, 1, 5, 8, 15), false),
        ];
        assert_eq!(
            starts(&day_slots(&r, &b, date(2026, 1, 5))),
            hourly(utc(2026, 1, 5, 0, 0), [12, 13])
        );
    }

    #[test]
    fn max_bookings_per_day_counts_this_agendas_bookings_on_the_local_date() {
        let mut r = rules(
            chrono_tz::Europe::Berlin,
            &[
                (Weekday::Mon, "09:00", "17:00"),
                (Weekday::Tue, "09:00", "17:00"),
            ],
        );
        r.max_bookings_per_day = Some(2);
        let monday = date(2026, 1, 5);
        // 23:30Z on Sunday is 00:30 Monday in Berlin: it counts for Monday.
        let one = busy(utc(2026, 1, 4, 23, 30), utc(2026, 1, 5, 0, 0), true);
        let other_agenda = busy(utc(2026, 1, 5, 8, 0), utc(2026, 1, 5, 9, 0), false);
        let two = busy(utc(2026, 1, 5, 15, 0), utc(2026, 1, 5, 16, 0), true);
        assert_eq!(day_slots(&r, &[one, other_agenda], monday).len(), 7);
        assert!(day_slots(&r, &[one, two], monday).is_empty());
        assert_eq!(
            check_bookable(&r, &[one, two], utc(2026, 1, 5, 9, 0), long_ago()),
            Err(Unbookable::Taken)
        );
        // Tuesday is unaffected.
        assert_eq!(day_slots(&r, &[one, two], date(2026, 1, 6)).len(), 8);
        // A limit of zero closes every day.
        r.max_bookings_per_day = Some(0);
        assert!(day_slots(&r, &[], monday).is_empty());
    }

    #[test]
    fn weekly_and_monthly_limits_count_local_weeks_from_monday_and_local_months() {
        let all_week: Vec<(Weekday, &str, &str)> = (0u8..7)
            .map(|n| (Weekday::try_from(n).unwrap(), "09:00", "17:00"))
            .collect();
        let mut r = rules(chrono_tz::Europe::Berlin, &all_week);
        r.max_bookings_per_week = Some(2);
        // 2026-03-02 is a Monday. 23:30Z on Sunday 1 March is 00:30 Monday in Berlin.
        let monday = busy(utc(2026, 3, 1, 23, 30), utc(2026, 3, 2, 0, 0), true);
        let friday = busy(utc(2026, 3, 6, 9, 0), utc(2026, 3, 6, 10, 0), true);
        let other_agenda = busy(utc(2026, 3, 4, 9, 0), utc(2026, 3, 4, 10, 0), false);
        let bookings = [monday, friday, other_agenda];
        for day in 2..=8 {
            assert!(
                day_slots(&r, &bookings, date(2026, 3, day)).is_empty(),
                "March {day} is in the full week"
            );
        }
        assert_eq!(
            check_bookable(&r, &bookings, utc(2026, 3, 8, 12, 0), long_ago()),
            Err(Unbookable::Taken)
        );
        assert_eq!(
            day_slots(&r, &bookings, date(2026, 3, 1)).len(),
            8,
            "the week before"
        );
        assert_eq!(
            day_slots(&r, &bookings, date(2026, 3, 9)).len(),
            8,
            "the next Monday"
        );
        assert_eq!(
            day_slots(&r, &[monday], date(2026, 3, 4)).len(),
            8,
            "one of two used"
        );

        r.max_bookings_per_week = None;
        r.max_bookings_per_month = Some(2);
        // The last day of February in Berlin (23:30Z on the 28th is already 1 March).
        let feb = busy(utc(2026, 2, 28, 10, 0), utc(2026, 2, 28, 11, 0), true);
        let march_first = busy(utc(2026, 2, 28, 23, 30), utc(2026, 3, 1, 0, 0), true);
        let late_march = busy(utc(2026, 3, 31, 9, 0), utc(2026, 3, 31, 10, 0), true);
        let bookings = [feb, march_first, late_march];
        assert!(
            day_slots(&r, &bookings, date(2026, 3, 15)).is_empty(),
            "March is full"
        );
        assert!(
            !day_slots(&r, &bookings, date(2026, 2, 27)).is_empty(),
            "February has one"
        );
        assert!(
            !day_slots(&r, &bookings, date(2026, 4, 1)).is_empty(),
            "April is free"
        );
        assert_eq!(
            check_bookable(&r, &bookings, utc(2026, 3, 16, 10, 0), long_ago()),
            Err(Unbookable::Taken)
        );
        assert_eq!(limit_margin_days(&r), 33);
        assert!(booking_window(&r, utc(2026, 3, 16, 10, 0)).is_none());
    }

    #[test]
    fn local_date_range_is_dst_correct() {
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            local_date_range(date(2026, 3, 29), date(2026, 3, 29), berlin),
            (utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0))
        );
        assert_eq!(
            local_date_range(date(2026, 10, 25), date(2026, 10, 26), berlin),
            (utc(2026, 10, 24, 22, 0), utc(2026, 10, 26, 23, 0))
        );
        // Chile skips its midnight: the day starts when the clocks jump, 04:00Z.
        let santiago = chrono_tz::America::Santiago;
        assert_eq!(
            local_date_range(date(2026, 9, 6), date(2026, 9, 6), santiago),
            (utc(2026, 9, 6, 4, 0), utc(2026, 9, 7, 3, 0))
        );
    }

    #[test]
    fn check_bookable_finds_slots_across_a_skipped_midnight() {
        // Saturday 22:00-24:00 in Santiago right before the midnight gap, and Sunday from 00:00.
        let r = rules(
            chrono_tz::America::Santiago,
            &[
                (Weekday::Sat, "22:00", "24:00"),
                (Weekday::Sun, "00:00", "02:00"),
            ],
        );
        let (from, to) = local_date_range(date(2026, 9, 5), date(2026, 9, 6), r.time_zone);
        let slots = compute_slots(&r, &[], from, to, long_ago());
        // Sat 22:00 -04 = 02:00Z, 23:00 = 03:00Z; the gap: Sun opens 01:00 -03 = 04:00Z, ends 02:00 -03 = 05:00Z.
        assert_eq!(starts(&slots), hourly(utc(2026, 9, 6, 0, 0), [2, 3, 4]));
        for slot in &slots {
            assert_eq!(check_bookable(&r, &[], slot.start, long_ago()), Ok(*slot));
        }
    }

    #[test]
    fn interval_constructor_validates() {
        assert!(Interval::new(540, 600).is_ok());
        assert!(Interval::new(600, 600).is_err());
        assert!(Interval::new(600, 540).is_err());
        assert!(Interval::new(0, 1441).is_err());
        assert!(Interval::new(0, 1440).is_ok());
    }

    #[test]
    fn a_buffered_booking_offers_its_own_neighbours_when_moved() {
        // Issue 19: booked at 03:00 with half-hour buffers, the list to move it to lacked
        // 02:30, 03:00 and 03:30. Left out of the busy time (what `reschedule=` does), the
        // booking blocks none of them; another booking still blocks its own.
        let mut r = rules(Tz::UTC, &[(Weekday::Tue, "00:00", "24:00")]);
        r.duration_minutes = 30;
        r.slot_step_minutes = 30;
        r.buffer_before_minutes = 30;
        r.buffer_after_minutes = 30;
        let day = date(2026, 12, 1);
        let at = |h: u32, m: u32| utc(2026, 12, 1, h, m);
        let booking = busy(at(3, 0), at(3, 30), true);
        let other = busy(at(10, 0), at(10, 30), true);

        let counted = starts(&day_slots(&r, &[booking, other], day));
        for blocked in [at(2, 30), at(3, 0), at(3, 30)] {
            assert!(
                !counted.contains(&blocked),
                "{blocked} is blocked by the booking"
            );
        }
        let moving = starts(&day_slots(&r, &[other], day));
        for offered in [at(2, 0), at(2, 30), at(3, 0), at(3, 30), at(4, 0)] {
            assert!(
                moving.contains(&offered),
                "{offered} is offered for the move"
            );
        }
        for blocked in [at(9, 30), at(10, 0), at(10, 30)] {
            assert!(
                !moving.contains(&blocked),
                "{blocked} stays blocked by the other booking"
            );
        }
    }
}

/// Property tests against an independent brute-force model of the slot rules.
#[cfg(test)]
mod proptests {
    use super::*;
    use chrono::{NaiveTime, Offset, Weekday};
    use proptest::prelude::*;

    /// A calendar date as (year, month, day).
    type Ymd = (i32, u32, u32);

    /// Zones under test, each with days its clocks change (2026-2030), so ranges often hit one.
    const ZONES: [(Tz, &[Ymd]); 7] = [
        (
            chrono_tz::Europe::Berlin,
            &[(2026, 3, 29), (2026, 10, 25), (2027, 3, 28), (2030, 10, 27)],
        ),
        (
            chrono_tz::America::New_York,
            &[(2026, 3, 8), (2026, 11, 1), (2029, 3, 11), (2030, 11, 3)],
        ),
        (
            chrono_tz::Australia::Lord_Howe,
            &[(2026, 4, 5), (2026, 10, 4), (2028, 4, 2)],
        ),
        (chrono_tz::Asia::Kolkata, &[(2026, 6, 1)]),
        (
            chrono_tz::Pacific::Chatham,
            &[(2026, 4, 5), (2026, 9, 27), (2029, 9, 30)],
        ),
        (
            chrono_tz::America::Santiago,
            &[(2026, 4, 4), (2026, 9, 5), (2027, 4, 3)],
        ),
        (Tz::UTC, &[(2028, 2, 29)]),
    ];

    /// DTSTART and DTEND of the slot's invitation, read back from the ICS text.
    fn invite_times(slot: &Slot) -> (DateTime<Utc>, DateTime<Utc>) {
        let ics = crate::ics::invitation_ics(&crate::ics::Invitation {
            uid: "p@smartcal".into(),
            sequence: 0,
            method: crate::ics::IcsMethod::Request,
            start: slot.start,
            end: slot.end,
            dtstamp: slot.start,
            summary: "Call".into(),
            description: String::new(),
            meeting_url: "https://meet.example/room".into(),
            organizer_name: "Host".into(),
            organizer_email: "host@example.com".into(),
            attendee_name: "Guest".into(),
            attendee_email: "guest@example.com".into(),
            alarms_minutes: vec![],
        });
        let read = |name: &str| {
            let line = ics
                .split("\r\n")
                .find_map(|l| l.strip_prefix(name))
                .expect("the property is there");
            NaiveDateTime::parse_from_str(line, "%Y%m%dT%H%M%SZ")
                .expect("a UTC date-time")
                .and_utc()
        };
        (read("DTSTART:"), read("DTEND:"))
    }

    fn wall(t: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
        t.with_timezone(&tz).naive_local()
    }

    fn offset_at(t: DateTime<Utc>, tz: Tz) -> i32 {
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    }

    /// Model of the spec's conversion: the first instant at which the wall clock reads
    /// `local` or later, found by walking UTC minute by minute (no `from_local_datetime`).
    fn first_instant_reaching(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
        let as_utc = local.and_utc();
        let guess = as_utc - Duration::seconds(i64::from(offset_at(as_utc, tz)));
        let mut t = guess - Duration::hours(3);
        assert!(wall(t, tz) < local);
        for _ in 0..(8 * 60) {
            if wall(t, tz) >= local {
                return t;
            }
            t += Duration::minutes(1);
        }
        panic!("no instant reaches {local} in {tz}");
    }

    fn local_point(day: NaiveDate, minutes: u16) -> NaiveDateTime {
        day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes))
    }

    fn model_intervals(rules: &SlotRules, day: NaiveDate) -> Vec<Interval> {
        let overrides: Vec<_> = rules.overrides.iter().filter(|o| o.date == day).collect();
        if overrides.is_empty() {
            rules
                .weekly
                .iter()
                .filter(|r| r.weekday == day.weekday())
                .map(|r| r.interval)
                .collect()
        } else {
            overrides
                .iter()
                .flat_map(|o| o.intervals.iter().copied())
                .collect()
        }
    }

    /// (open, close) instants of each interval of `day`, by the model conversion.
    fn model_bounds(
        rules: &SlotRules,
        day: NaiveDate,
    ) -> Vec<(Interval, DateTime<Utc>, DateTime<Utc>)> {
        let tz = rules.time_zone;
        model_intervals(rules, day)
            .into_iter()
            .map(|i| {
                let open = first_instant_reaching(local_point(day, i.start), tz);
                let close = first_instant_reaching(local_point(day, i.end), tz);
                (i, open, close)
            })
            .collect()
    }

    fn blocked_model(rules: &SlotRules, busy: &[Busy], s: DateTime<Utc>, e: DateTime<Utc>) -> bool {
        let from = s - minutes(rules.buffer_before_minutes);
        let to = e + minutes(rules.buffer_after_minutes);
        busy.iter()
            .any(|b| b.start < b.end && b.start < to && from < b.end)
    }

    fn model_slots(
        rules: &SlotRules,
        busy: &[Busy],
        range_start: DateTime<Utc>,
        range_end: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Vec<Slot> {
        let tz = rules.time_zone;
        let earliest = now + minutes(rules.min_notice_minutes);
        let latest = now + Duration::days(i64::from(rules.horizon_days));
        let step = minutes(rules.slot_step_minutes.max(1));
        let duration = minutes(rules.duration_minutes);
        let mut out = Vec::new();
        let first = local_date(range_start, tz) - Days::new(2);
        let last = local_date(range_end, tz) + Days::new(2);
        for day in first.iter_days().take_while(|d| *d <= last) {
            // The limits, counted naively: this agenda's bookings on the same local day, in
            // the same ISO week, in the same month.
            let same_period = |max: Option<u32>, same: &dyn Fn(NaiveDate) -> bool| {
                max.is_some_and(|max| {
                    let count = busy
                        .iter()
                        .filter(|b| b.same_agenda && same(local_date(b.start, tz)))
                        .count();
                    count as u64 >= u64::from(max)
                })
            };
            if same_period(rules.max_bookings_per_day, &|d| d == day)
                || same_period(rules.max_bookings_per_week, &|d| {
                    d.iso_week() == day.iso_week()
                })
                || same_period(rules.max_bookings_per_month, &|d| {
                    (d.year(), d.month()) == (day.year(), day.month())
                })
            {
                continue;
            }
            for (_, open, close) in model_bounds(rules, day) {
                let mut s = open;
                while s + duration <= close {
                    let e = s + duration;
                    if earliest <= s
                        && s <= latest
                        && range_start <= s
                        && s < range_end
                        && !blocked_model(rules, busy, s, e)
                    {
                        out.push(Slot { start: s, end: e });
                    }
                    s += step;
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Minutes of the day, biased to the small hours and late evening where clocks change.
    fn minute_of_day() -> impl Strategy<Value = u16> {
        prop_oneof![
            (0u16..96).prop_map(|q| q * 15),
            0u16..1440,
            (0u16..18).prop_map(|q| q * 15),
            (1380u16..1440),
        ]
    }

    prop_compose! {
        fn interval()(start in minute_of_day(), len in 1u16..=720, to_midnight in 0u8..8) -> Interval {
            let end = if to_midnight == 0 { 1440 } else { (start + len).min(1440) };
            Interval { start: start.min(end - 1), end }
        }
    }

    /// Weekdays, biased to the weekend, when clocks change.
    fn weekday() -> impl Strategy<Value = Weekday> {
        prop_oneof![
            (0u8..7).prop_map(|n| Weekday::try_from(n).unwrap()),
            prop::sample::select(vec![Weekday::Sat, Weekday::Sun]),
        ]
    }

    prop_compose! {
        fn zone_and_start()(
            zone in 0..ZONES.len(),
            dst_pick in any::<prop::sample::Index>(),
            random_day in 0u64..(5 * 365),
            use_dst in any::<bool>(),
            back in 0u64..3,
            minute in 0i64..1440,
            any_zone in prop::option::weighted(0.4, 0..chrono_tz::TZ_VARIANTS.len()),
        ) -> (Tz, DateTime<Utc>) {
            // DST-rich zones on (or just before) their clock changes, or any IANA zone on any
            // day of 2026–2030.
            let (tz, days) = match any_zone {
                Some(i) => (chrono_tz::TZ_VARIANTS[i], &[][..]),
                None => ZONES[zone],
            };
            let day = if use_dst && !days.is_empty() {
                let (y, m, d) = days[dst_pick.index(days.len())];
                NaiveDate::from_ymd_opt(y, m, d).unwrap() - Days::new(back)
            } else {
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(random_day)
            };
            (tz, day.and_time(NaiveTime::MIN).and_utc() + Duration::minutes(minute))
        }
    }

    prop_compose! {
        fn scenario()(
            (tz, start) in zone_and_start(),
            duration in prop_oneof![prop::sample::select(vec![15u32, 30, 45, 60, 90]), 1u32..=240],
            step in prop_oneof![prop::sample::select(vec![5u32, 10, 15, 30, 60]), 1u32..=120],
            before in prop_oneof![Just(0u32), 0u32..=60],
            after in prop_oneof![Just(0u32), 0u32..=60],
            notice in prop_oneof![Just(0u32), 0u32..=2880],
            horizon in 0u32..=30,
            max in prop::option::of(1u32..=3),
            max_week in prop::option::of(1u32..=4),
            max_month in prop::option::of(1u32..=6),
            weekly in prop::collection::vec((weekday(), interval()), 0..10),
            override_specs in prop::collection::vec((0u64..12, prop::collection::vec(interval(), 0..3)), 0..4),
            len_minutes in 1i64..(7 * 1440),
            now_offset in -4320i64..4320,
            busy_specs in prop::collection::vec((-2880i64..(10 * 1440), 1i64..=240, any::<bool>()), 0..25),
        ) -> (SlotRules, Vec<Busy>, DateTime<Utc>, DateTime<Utc>, DateTime<Utc>) {
            let first_day = local_date(start, tz);
            let rules = SlotRules {
                time_zone: tz,
                duration_minutes: duration,
                slot_step_minutes: step,
                buffer_before_minutes: before,
                buffer_after_minutes: after,
                min_notice_minutes: notice,
                horizon_days: horizon,
                max_bookings_per_day: max,
                max_bookings_per_week: max_week,
                max_bookings_per_month: max_month,
                weekly: weekly.into_iter().map(|(weekday, interval)| WeeklyRule { weekday, interval }).collect(),
                overrides: override_specs
                    .into_iter()
                    .map(|(d, intervals)| DateOverride { date: first_day - Days::new(1) + Days::new(d), intervals })
                    .collect(),
            };
            let busy = busy_specs
                .into_iter()
                .map(|(offset, len, same_agenda)| {
                    let b = start + Duration::minutes(offset);
                    Busy { start: b, end: b + Duration::minutes(len), same_agenda }
                })
                .collect();
            let end = start + Duration::minutes(len_minutes);
            (rules, busy, start, end, start + Duration::minutes(now_offset))
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn slots_follow_the_rules((rules, busy, range_start, range_end, now) in scenario()) {
            let tz = rules.time_zone;
            let slots = compute_slots(&rules, &busy, range_start, range_end, now);

            // Exactly what the brute-force model says.
            prop_assert_eq!(&slots, &model_slots(&rules, &busy, range_start, range_end, now));

            // Sorted, unique.
            prop_assert!(slots.windows(2).all(|w| w[0].start < w[1].start));

            let step = minutes(rules.slot_step_minutes.max(1));
            for slot in &slots {
                prop_assert_eq!(slot.end - slot.start, minutes(rules.duration_minutes));
                // Notice, horizon and range.
                prop_assert!(slot.start >= now + minutes(rules.min_notice_minutes));
                prop_assert!(slot.start <= now + Duration::days(i64::from(rules.horizon_days)));
                prop_assert!(range_start <= slot.start && slot.start < range_end);
                // No overlap with busy time, buffers included.
                prop_assert!(!blocked_model(&rules, &busy, slot.start, slot.end));
                // Inside one availability interval of its local day, in wall-clock time.
                let local_start = wall(slot.start, tz);
                let local_end = wall(slot.end, tz);
                let day = local_start.date();
                let inside = [day, day - Days::new(1)].iter().any(|d| {
                    model_bounds(&rules, *d).iter().any(|(i, open, close)| {
                        let on_step = (slot.start - *open).num_seconds() % step.num_seconds() == 0;
                        let instants = *open <= slot.start && slot.end <= *close && on_step;
                        // With no clock change inside the interval the wall clock is exact;
                        // across one it may be off by the size of the shift.
                        let slack = Duration::seconds(
                            (offset_at(*open, tz) - offset_at(*close, tz)).abs().into(),
                        );
                        instants
                            && local_point(*d, i.start) - slack <= local_start
                            && local_end <= local_point(*d, i.end) + slack
                    })
                });
                prop_assert!(inside, "{:?} is not inside an interval", slot);
                // Every slot is bookable, as itself.
                prop_assert_eq!(check_bookable(&rules, &busy, slot.start, now), Ok(*slot));
                // Its invitation names the same instants, in UTC.
                let (dtstart, dtend) = invite_times(slot);
                prop_assert_eq!((dtstart, dtend), (slot.start, slot.end));
            }
        }

        /// Issue 19: a booking never blocks its own reschedule. For any rules and any booking
        /// at a slot bookable beside the other busy time, leaving the booking out (the slots
        /// endpoint's `reschedule=`) only ever adds starts: every start listed while it counts
        /// is still listed, and so is its own start; and each added start is one the booking
        /// itself blocked (by overlap with buffers, or by filling a limit).
        #[test]
        fn a_booking_never_blocks_its_own_reschedule(
            (rules, others, range_start, range_end, now) in scenario(),
            pick in any::<prop::sample::Index>(),
        ) {
            // Without the booking: what the endpoint lists when it is left out.
            let excluded = compute_slots(&rules, &others, range_start, range_end, now);
            if excluded.is_empty() {
                return Ok(());
            }
            let own = excluded[pick.index(excluded.len())];
            let booking = Busy { start: own.start, end: own.end, same_agenda: true };
            let mut with_booking = others.clone();
            with_booking.push(booking);

            let counted = compute_slots(&rules, &with_booking, range_start, range_end, now);
            for slot in &counted {
                prop_assert!(excluded.contains(slot), "{:?} lost by leaving the booking out", slot);
            }
            prop_assert!(excluded.contains(&own), "the booking's own start {:?} is not offered", own);
            // Its own time is never offered while it counts (it blocks itself).
            prop_assert!(!counted.contains(&own));
            // Moving to its own start is a bookable slot for the API's check too.
            prop_assert_eq!(check_bookable(&rules, &others, own.start, now), Ok(own));
            for added in excluded.iter().filter(|s| !counted.contains(s)) {
                let blocked_by_it = blocked_model(&rules, &[booking], added.start, added.end);
                prop_assert!(blocked_by_it || rules.has_period_limit(),
                    "{:?} was blocked by something other than the booking", added);
            }
        }

        #[test]
        fn the_booking_window_holds_all_busy_time_that_matters(
            (rules, busy, range_start, _range_end, now) in scenario(),
            probe_offsets in prop::collection::vec(0i64..(7 * 1440), 1..20),
        ) {
            for probe in probe_offsets.iter().map(|m| range_start + Duration::minutes(*m)) {
                let Some((from, to)) = booking_window(&rules, probe) else {
                    prop_assert!(rules.has_period_limit());
                    continue;
                };
                let inside: Vec<Busy> =
                    busy.iter().filter(|b| b.end > from && b.start < to).copied().collect();
                prop_assert_eq!(
                    check_bookable(&rules, &inside, probe, now),
                    check_bookable(&rules, &busy, probe, now)
                );
            }
        }

        #[test]
        fn check_bookable_agrees_with_compute_slots(
            (rules, busy, range_start, range_end, now) in scenario(),
            probe_offsets in prop::collection::vec(0i64..(7 * 1440), 0..40),
        ) {
            let slots = compute_slots(&rules, &busy, range_start, range_end, now);
            let unbooked = compute_slots(&rules, &[], range_start, range_end, now);
            let mut probes: Vec<DateTime<Utc>> = probe_offsets
                .iter()
                .map(|m| range_start + Duration::minutes(*m))
                .collect();
            probes.extend(unbooked.iter().map(|s| s.start));
            probes.extend(busy.iter().map(|b| b.start));
            probes.push(now);
            for probe in probes.into_iter().filter(|p| range_start <= *p && *p < range_end) {
                let result = check_bookable(&rules, &busy, probe, now);
                match slots.iter().find(|s| s.start == probe) {
                    Some(slot) => prop_assert_eq!(result, Ok(*slot)),
                    None => {
                        let is_candidate = unbooked.iter().any(|s| s.start == probe);
                        match result {
                            Ok(slot) => prop_assert!(false, "{:?} bookable but not listed", slot),
                            Err(Unbookable::Taken) => prop_assert!(is_candidate, "Taken but not a slot: {}", probe),
                            Err(Unbookable::NotASlot(reason)) => prop_assert!(!is_candidate, "NotASlot ({}) but a slot: {}", reason, probe),
                        }
                    }
                }
            }
        }
    }
}
