//! Agendas: a host's bookable meeting types.

use diesel::prelude::*;

use crate::hosts::HostRow;
use crate::schema::{agendas, hosts};
use crate::{DbConn, DbError};
pub use smartcal_types::Assignment;

/// An agenda as stored; availability and overrides are JSON text (see `smartcal-types`).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = agendas, treat_none_as_null = true)]
pub struct AgendaRow {
    pub id: String,
    pub host_id: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub duration_minutes: i32,
    pub time_zone: String,
    pub availability: String,
    pub date_overrides: String,
    pub buffer_before_minutes: i32,
    pub buffer_after_minutes: i32,
    pub min_notice_minutes: i32,
    pub horizon_days: i32,
    pub slot_step_minutes: i32,
    pub max_bookings_per_day: Option<i32>,
    pub max_bookings_per_week: Option<i32>,
    pub max_bookings_per_month: Option<i32>,
    /// JSON: `[Question]`.
    pub questions: String,
    pub requires_confirmation: bool,
    /// JSON: `[u32]`, ascending.
    pub reminders_minutes: String,
    pub listed: bool,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub deleted_at: Option<i64>,
    /// Guests per start, 1–1000.
    pub seats: i32,
    /// A team agenda's team (its `host_id` is then the team's owner).
    pub team_id: Option<String>,
    /// A team agenda's assignment.
    pub assignment: Option<Assignment>,
}

/// Stores a new agenda; a slug the host already uses is a [`DbError::Conflict`].
pub fn insert(conn: &mut DbConn, agenda: &AgendaRow) -> Result<(), DbError> {
    diesel::insert_into(agendas::table)
        .values(agenda)
        .execute(conn)?;
    Ok(())
}

/// Writes every column of an existing agenda.
pub fn update(conn: &mut DbConn, agenda: &AgendaRow) -> Result<(), DbError> {
    let n = diesel::update(agendas::table.find(&agenda.id))
        .set(agenda)
        .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// A live (not deleted) agenda by id, with its host.
pub fn find(conn: &mut DbConn, id: &str) -> Result<(AgendaRow, HostRow), DbError> {
    Ok(agendas::table
        .inner_join(hosts::table)
        .filter(agendas::id.eq(id))
        .filter(agendas::deleted_at.is_null())
        .select((AgendaRow::as_select(), HostRow::as_select()))
        .get_result(conn)?)
}

/// An agenda by id even if deleted (bookings keep pointing at it), with its host.
pub fn find_any(conn: &mut DbConn, id: &str) -> Result<(AgendaRow, HostRow), DbError> {
    Ok(agendas::table
        .inner_join(hosts::table)
        .filter(agendas::id.eq(id))
        .select((AgendaRow::as_select(), HostRow::as_select()))
        .get_result(conn)?)
}

/// A live agenda by its public address, with its host.
pub fn find_by_slugs(
    conn: &mut DbConn,
    host_slug: &str,
    agenda_slug: &str,
) -> Result<(AgendaRow, HostRow), DbError> {
    Ok(agendas::table
        .inner_join(hosts::table)
        .filter(hosts::slug.eq(host_slug))
        .filter(agendas::slug.eq(agenda_slug))
        .filter(agendas::deleted_at.is_null())
        .filter(agendas::team_id.is_null())
        .select((AgendaRow::as_select(), HostRow::as_select()))
        .get_result(conn)?)
}

/// How many live agendas the host has.
pub fn count_live(conn: &mut DbConn, host_id: &str) -> Result<i64, DbError> {
    Ok(agendas::table
        .filter(agendas::host_id.eq(host_id))
        .filter(agendas::deleted_at.is_null())
        .count()
        .get_result(conn)?)
}

/// The host's own live agendas (not the team agendas they made), by title.
pub fn list(conn: &mut DbConn, host_id: &str) -> Result<Vec<AgendaRow>, DbError> {
    Ok(agendas::table
        .filter(agendas::host_id.eq(host_id))
        .filter(agendas::deleted_at.is_null())
        .filter(agendas::team_id.is_null())
        .order((agendas::title.asc(), agendas::id.asc()))
        .select(AgendaRow::as_select())
        .load(conn)?)
}

/// Whether the host has an own live agenda with this slug (other than `except_id`).
pub fn slug_taken(
    conn: &mut DbConn,
    host_id: &str,
    slug: &str,
    except_id: &str,
) -> Result<bool, DbError> {
    let n: i64 = agendas::table
        .filter(agendas::host_id.eq(host_id))
        .filter(agendas::team_id.is_null())
        .filter(agendas::slug.eq(slug))
        .filter(agendas::id.ne(except_id))
        .filter(agendas::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Soft-deletes an agenda: it disappears from lists and booking pages, its bookings stay.
pub fn soft_delete(conn: &mut DbConn, host_id: &str, id: &str, now: i64) -> Result<(), DbError> {
    let n = diesel::update(
        agendas::table
            .filter(agendas::id.eq(id))
            .filter(agendas::host_id.eq(host_id))
            .filter(agendas::deleted_at.is_null()),
    )
    .set((agendas::deleted_at.eq(now), agendas::active.eq(false)))
    .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}
