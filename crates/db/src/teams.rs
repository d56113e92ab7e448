//! Teams, their members, the members a team agenda books, and the other hosts of a collective
//! booking.

use diesel::prelude::*;

use crate::agendas::AgendaRow;
use crate::hosts::HostRow;
use crate::schema::{agenda_members, agendas, booking_hosts, bookings, hosts, team_members, teams};
use crate::{DbConn, DbError};

pub use smartcal_types::BookingStatus;

/// A team as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = teams)]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub owner_id: String,
    pub created_at: i64,
}

/// Stores a new team with its owner as first member; a slug in use is a
/// [`DbError::Conflict`].
pub fn insert(conn: &mut DbConn, team: &TeamRow) -> Result<(), DbError> {
    diesel::insert_into(teams::table)
        .values(team)
        .execute(conn)?;
    add_member(conn, &team.id, &team.owner_id, team.created_at)?;
    Ok(())
}

/// One team.
pub fn find(conn: &mut DbConn, id: &str) -> Result<TeamRow, DbError> {
    Ok(teams::table
        .find(id)
        .select(TeamRow::as_select())
        .first(conn)?)
}

/// The team with this slug.
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> Result<TeamRow, DbError> {
    Ok(teams::table
        .filter(teams::slug.eq(slug))
        .select(TeamRow::as_select())
        .first(conn)?)
}

/// The teams the host belongs to, by name.
pub fn of_host(conn: &mut DbConn, host_id: &str) -> Result<Vec<TeamRow>, DbError> {
    Ok(teams::table
        .inner_join(team_members::table)
        .filter(team_members::host_id.eq(host_id))
        .order((teams::name.asc(), teams::id.asc()))
        .select(TeamRow::as_select())
        .load(conn)?)
}

/// How many teams the host owns.
pub fn count_owned(conn: &mut DbConn, host_id: &str) -> Result<i64, DbError> {
    Ok(teams::table
        .filter(teams::owner_id.eq(host_id))
        .count()
        .get_result(conn)?)
}

/// The team's members, in the order they joined.
pub fn members(conn: &mut DbConn, team_id: &str) -> Result<Vec<HostRow>, DbError> {
    Ok(team_members::table
        .inner_join(hosts::table)
        .filter(team_members::team_id.eq(team_id))
        .order((team_members::created_at.asc(), hosts::id.asc()))
        .select(HostRow::as_select())
        .load(conn)?)
}

/// Adds a member; one already in the team is a [`DbError::Conflict`].
pub fn add_member(
    conn: &mut DbConn,
    team_id: &str,
    host_id: &str,
    now: i64,
) -> Result<(), DbError> {
    diesel::insert_into(team_members::table)
        .values((
            team_members::team_id.eq(team_id),
            team_members::host_id.eq(host_id),
            team_members::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes a member from the team and from every agenda of the team; `NotFound` if they were
/// not a member.
pub fn remove_member(conn: &mut DbConn, team_id: &str, host_id: &str) -> Result<(), DbError> {
    let n = diesel::delete(
        team_members::table
            .filter(team_members::team_id.eq(team_id))
            .filter(team_members::host_id.eq(host_id)),
    )
    .execute(conn)?;
    if n == 0 {
        return Err(DbError::NotFound);
    }
    let team_agendas = agendas::table
        .filter(agendas::team_id.eq(team_id))
        .select(agendas::id);
    diesel::delete(
        agenda_members::table
            .filter(agenda_members::host_id.eq(host_id))
            .filter(agenda_members::agenda_id.eq_any(team_agendas)),
    )
    .execute(conn)?;
    Ok(())
}

/// The team's live agendas whose only member is `host_id` (removing them would leave the
/// agenda with nobody to book), by title.
pub fn agendas_only_with(
    conn: &mut DbConn,
    team_id: &str,
    host_id: &str,
) -> Result<Vec<String>, DbError> {
    let agendas = team_agendas(conn, team_id)?;
    let mut titles = Vec::new();
    for a in agendas {
        let m = agenda_members(conn, &a.id)?;
        if m.len() == 1 && m[0] == host_id {
            titles.push(a.title);
        }
    }
    Ok(titles)
}

/// The team's live agendas, by title.
pub fn team_agendas(conn: &mut DbConn, team_id: &str) -> Result<Vec<AgendaRow>, DbError> {
    Ok(agendas::table
        .filter(agendas::team_id.eq(team_id))
        .filter(agendas::deleted_at.is_null())
        .order((agendas::title.asc(), agendas::id.asc()))
        .select(AgendaRow::as_select())
        .load(conn)?)
}

/// A live team agenda by its public address, with its team.
pub fn find_agenda_by_slugs(
    conn: &mut DbConn,
    team_slug: &str,
    agenda_slug: &str,
) -> Result<(AgendaRow, TeamRow), DbError> {
    let team = find_by_slug(conn, team_slug)?;
    let agenda = agendas::table
        .filter(agendas::team_id.eq(&team.id))
        .filter(agendas::slug.eq(agenda_slug))
        .filter(agendas::deleted_at.is_null())
        .select(AgendaRow::as_select())
        .first(conn)?;
    Ok((agenda, team))
}

/// Whether the team has a live agenda with this slug (other than `except_id`).
pub fn agenda_slug_taken(
    conn: &mut DbConn,
    team_id: &str,
    slug: &str,
    except_id: &str,
) -> Result<bool, DbError> {
    let n: i64 = agendas::table
        .filter(agendas::team_id.eq(team_id))
        .filter(agendas::slug.eq(slug))
        .filter(agendas::deleted_at.is_null())
        .filter(agendas::id.ne(except_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The host ids a team agenda books, ascending (the order their locks are taken in).
pub fn agenda_members(conn: &mut DbConn, agenda_id: &str) -> Result<Vec<String>, DbError> {
    Ok(agenda_members::table
        .filter(agenda_members::agenda_id.eq(agenda_id))
        .order(agenda_members::host_id.asc())
        .select(agenda_members::host_id)
        .load(conn)?)
}

/// Replaces a team agenda's members.
pub fn set_agenda_members(
    conn: &mut DbConn,
    agenda_id: &str,
    host_ids: &[String],
) -> Result<(), DbError> {
    diesel::delete(agenda_members::table.filter(agenda_members::agenda_id.eq(agenda_id)))
        .execute(conn)?;
    // One row at a time: a multi-row insert has no form both backends share.
    for h in host_ids {
        diesel::insert_into(agenda_members::table)
            .values((
                agenda_members::agenda_id.eq(agenda_id),
                agenda_members::host_id.eq(h),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records the other hosts of a collective booking.
pub fn add_co_hosts(
    conn: &mut DbConn,
    booking_id: &str,
    host_ids: &[String],
) -> Result<(), DbError> {
    for h in host_ids {
        diesel::insert_into(booking_hosts::table)
            .values((
                booking_hosts::booking_id.eq(booking_id),
                booking_hosts::host_id.eq(h),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The other hosts of a collective booking (none for any other booking), by id.
pub fn co_hosts(conn: &mut DbConn, booking_id: &str) -> Result<Vec<HostRow>, DbError> {
    Ok(booking_hosts::table
        .inner_join(hosts::table)
        .filter(booking_hosts::booking_id.eq(booking_id))
        .order(hosts::id.asc())
        .select(HostRow::as_select())
        .load(conn)?)
}

/// What the round-robin rule weighs for one member: their bookings of the agenda that hold
/// their time made since `since`, and when they were last booked for it (ever).
pub fn round_robin_stats(
    conn: &mut DbConn,
    agenda_id: &str,
    host_id: &str,
    since: i64,
) -> Result<(i64, Option<i64>), DbError> {
    let recent: i64 = bookings::table
        .filter(bookings::agenda_id.eq(agenda_id))
        .filter(bookings::host_id.eq(host_id))
        .filter(bookings::created_at.ge(since))
        .filter(
            bookings::status
                .eq(BookingStatus::Pending)
                .or(bookings::status.eq(BookingStatus::Confirmed)),
        )
        .count()
        .get_result(conn)?;
    let last: Option<i64> = bookings::table
        .filter(bookings::agenda_id.eq(agenda_id))
        .filter(bookings::host_id.eq(host_id))
        .select(diesel::dsl::max(bookings::created_at))
        .first(conn)?;
    Ok((recent, last))
}
