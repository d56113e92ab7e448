//! An agenda's settings as a host writes them: defaults, bounds and normalisation, shared by
//! the host's own agendas and the team agendas.

use smartcal_db::agendas::AgendaRow;
use smartcal_db::hosts::HostRow;
use smartcal_db::{teams, DbConn};
use smartcal_domain::clock_time::{format_hhmm, weekday_name};
use smartcal_types::{
    Agenda, AvailabilityInterval, CreateAgendaRequest, DateOverride, TimeInterval,
    UpdateAgendaRequest,
};
use uuid::Uuid;

use crate::http::error::ApiError;
use crate::validate::{slugify, Fields};
use crate::views;

/// Members one team agenda may book.
pub const MAX_AGENDA_MEMBERS: usize = 20;
/// Live agendas a host may have (more: 422 on `title`).
pub const MAX_AGENDAS: i64 = 50;
/// The most guests one start of an agenda can seat.
pub const MAX_SEATS: u32 = 1000;
/// Weekly availability intervals per agenda at most (six per weekday).
pub const MAX_WEEKLY_INTERVALS: usize = 42;
/// Intervals of all date overrides of an agenda together at most (two per day of a year).
pub const MAX_OVERRIDE_INTERVALS: usize = 732;

fn normalize_availability(
    rules: &[smartcal_domain::slots::WeeklyRule],
) -> Vec<AvailabilityInterval> {
    rules
        .iter()
        .map(|r| AvailabilityInterval {
            weekday: weekday_name(r.weekday).into(),
            start: format_hhmm(r.interval.start),
            end: format_hhmm(r.interval.end),
        })
        .collect()
}

fn normalize_overrides(items: &[smartcal_domain::slots::DateOverride]) -> Vec<DateOverride> {
    items
        .iter()
        .map(|o| DateOverride {
            date: o.date,
            intervals: o
                .intervals
                .iter()
                .map(|iv| TimeInterval {
                    start: format_hhmm(iv.start),
                    end: format_hhmm(iv.end),
                })
                .collect(),
        })
        .collect()
}

/// Validates the full set of an agenda's settings into `row` (create and patch share this).
pub fn apply_settings(row: &mut AgendaRow, req: &UpdateAgendaRequest, f: &mut Fields) {
    if let Some(t) = &req.title {
        row.title = f.text("title", t, 1, 200, false);
    }
    if let Some(s) = &req.slug {
        row.slug = f.slug("slug", s);
    }
    if let Some(d) = &req.description {
        row.description = f.text("description", d, 0, 5000, true);
    }
    if let Some(d) = req.duration_minutes {
        let most = smartcal_db::bookings::MAX_BOOKING_MINUTES as u32;
        row.duration_minutes = f.range("duration_minutes", d, 5, most) as i32;
    }
    if let Some(tz) = &req.time_zone {
        row.time_zone = f.time_zone("time_zone", tz).name().to_owned();
    }
    // What a slot page costs grows with these: bounded (README, "Host calendars").
    if let Some(a) = &req.availability {
        if a.len() > MAX_WEEKLY_INTERVALS {
            f.bad(
                "availability",
                format!("at most {MAX_WEEKLY_INTERVALS} weekly intervals"),
            );
        } else {
            let rules = f.availability(a);
            row.availability =
                serde_json::to_string(&normalize_availability(&rules)).unwrap_or_default();
        }
    }
    if let Some(o) = &req.date_overrides {
        if o.iter().map(|d| d.intervals.len()).sum::<usize>() > MAX_OVERRIDE_INTERVALS {
            f.bad(
                "date_overrides",
                format!("at most {MAX_OVERRIDE_INTERVALS} intervals in all overrides together"),
            );
        }
        let items = f.overrides(o);
        row.date_overrides =
            serde_json::to_string(&normalize_overrides(&items)).unwrap_or_default();
    }
    if let Some(v) = req.buffer_before_minutes {
        row.buffer_before_minutes = f.range("buffer_before_minutes", v, 0, 720) as i32;
    }
    if let Some(v) = req.buffer_after_minutes {
        row.buffer_after_minutes = f.range("buffer_after_minutes", v, 0, 720) as i32;
    }
    if let Some(v) = req.min_notice_minutes {
        row.min_notice_minutes = f.range("min_notice_minutes", v, 0, 525_600) as i32;
    }
    if let Some(v) = req.horizon_days {
        row.horizon_days = f.range("horizon_days", v, 1, 730) as i32;
    }
    if let Some(v) = req.slot_step_minutes {
        row.slot_step_minutes = f.range("slot_step_minutes", v, 5, 720) as i32;
    }
    if let Some(v) = req.max_bookings_per_day {
        row.max_bookings_per_day = v.map(|n| f.range("max_bookings_per_day", n, 1, 1000) as i32);
    }
    if let Some(v) = req.max_bookings_per_week {
        row.max_bookings_per_week = v.map(|n| f.range("max_bookings_per_week", n, 1, 5000) as i32);
    }
    if let Some(v) = req.max_bookings_per_month {
        row.max_bookings_per_month =
            v.map(|n| f.range("max_bookings_per_month", n, 1, 20000) as i32);
    }
    if let Some(q) = &req.questions {
        let q = smartcal_domain::questions::tidy_questions(q);
        for (field, message) in smartcal_domain::questions::check_questions(&q) {
            f.bad(field, message);
        }
        row.questions = serde_json::to_string(&q).unwrap_or_default();
    }
    if let Some(c) = req.requires_confirmation {
        row.requires_confirmation = c;
    }
    // 0–5 distinct values of 5–10080 minutes (a week), stored ascending.
    if let Some(r) = &req.reminders_minutes {
        let mut sorted = r.clone();
        sorted.sort_unstable();
        if r.len() > 5 {
            f.bad(
                "reminders_minutes",
                format!("at most 5 reminders (got {})", r.len()),
            );
        }
        if let Some(v) = r.iter().find(|&&v| !(5..=10_080).contains(&v)) {
            f.bad(
                "reminders_minutes",
                format!("each reminder must be 5–10080 minutes before the start (got {v})"),
            );
        }
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            f.bad(
                "reminders_minutes",
                format!("{} minutes is given twice: each reminder once", w[0]),
            );
        }
        row.reminders_minutes = serde_json::to_string(&sorted).unwrap_or_default();
    }
    if let Some(l) = req.listed {
        row.listed = l;
    }
    if let Some(a) = req.active {
        row.active = a;
    }
    if let Some(n) = req.seats {
        row.seats = f.range("seats", n, 1, MAX_SEATS) as i32;
    }
}

/// A new agenda of `host` from a create request, validated (every bad field at once).
pub fn new_agenda(
    host: &HostRow,
    req: CreateAgendaRequest,
    now: i64,
) -> Result<AgendaRow, ApiError> {
    let mut row = AgendaRow {
        id: Uuid::new_v4().to_string(),
        host_id: host.id.clone(),
        slug: String::new(),
        title: String::new(),
        description: String::new(),
        duration_minutes: 30,
        time_zone: host.time_zone.clone(),
        availability: "[]".into(),
        date_overrides: "[]".into(),
        buffer_before_minutes: 0,
        buffer_after_minutes: 0,
        min_notice_minutes: 240,
        horizon_days: 60,
        slot_step_minutes: 0,
        max_bookings_per_day: None,
        max_bookings_per_week: None,
        max_bookings_per_month: None,
        questions: "[]".into(),
        requires_confirmation: false,
        reminders_minutes: "[]".into(),
        listed: true,
        active: true,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        seats: 1,
        team_id: None,
        assignment: None,
    };
    let patch = UpdateAgendaRequest {
        title: Some(req.title.clone()),
        slug: Some(req.slug.clone().unwrap_or_else(|| slugify(&req.title))),
        description: req.description,
        duration_minutes: Some(req.duration_minutes),
        time_zone: req.time_zone,
        availability: Some(req.availability),
        date_overrides: Some(req.date_overrides),
        buffer_before_minutes: req.buffer_before_minutes,
        buffer_after_minutes: req.buffer_after_minutes,
        min_notice_minutes: req.min_notice_minutes,
        horizon_days: req.horizon_days,
        slot_step_minutes: Some(req.slot_step_minutes.unwrap_or(req.duration_minutes)),
        max_bookings_per_day: req.max_bookings_per_day.map(Some),
        max_bookings_per_week: req.max_bookings_per_week.map(Some),
        max_bookings_per_month: req.max_bookings_per_month.map(Some),
        questions: req.questions,
        requires_confirmation: req.requires_confirmation,
        reminders_minutes: req.reminders_minutes,
        listed: req.listed,
        active: req.active,
        seats: req.seats,
        member_ids: None,
    };
    let mut f = Fields::default();
    apply_settings(&mut row, &patch, &mut f);
    f.finish()?;
    Ok(row)
}

/// The agenda as its host sees it: a team agenda with its members and its team's page.
pub fn agenda_view(c: &mut DbConn, a: &AgendaRow, host_slug: &str) -> Result<Agenda, ApiError> {
    let mut view = views::agenda(a, host_slug);
    if let Some(team_id) = &a.team_id {
        let team = teams::find(c, team_id)?;
        view.booking_path = format!("/book/team/{}/{}", team.slug, a.slug);
        view.member_ids = teams::agenda_members(c, &a.id)?
            .iter()
            .map(|id| Uuid::parse_str(id).unwrap_or_default())
            .collect();
    }
    Ok(view)
}

/// The members a team agenda books, checked: 1–20 distinct members of the team, ids ascending.
pub fn team_agenda_members(
    c: &mut DbConn,
    team_id: &str,
    ids: &[Uuid],
) -> Result<Vec<String>, ApiError> {
    let members = teams::members(c, team_id)?;
    let mut chosen: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    chosen.sort_unstable();
    chosen.dedup();
    let mut f = Fields::default();
    if chosen.is_empty() || chosen.len() > MAX_AGENDA_MEMBERS {
        f.bad(
            "member_ids",
            format!("1–{MAX_AGENDA_MEMBERS} members of the team"),
        );
    }
    if let Some(stranger) = chosen
        .iter()
        .find(|id| !members.iter().any(|m| &m.id == *id))
    {
        f.bad(
            "member_ids",
            format!("{stranger} is not a member of this team"),
        );
    }
    f.finish()?;
    Ok(chosen)
}
