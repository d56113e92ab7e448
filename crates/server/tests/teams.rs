//! Seats and teams (SPEC §10): many guests in one start's room, collective and round-robin
//! team agendas, and never a double booking of any member, whatever races — in one process on
//! SQLite and PostgreSQL, and in two processes on one PostgreSQL database.
//! Black-box: the real app on a random port.

mod common;

use common::*;
use futures::future::join_all;
use smartcal_client::Client;
use smartcal_types::*;
use uuid::Uuid;

on_both!(
    fifty_guests_racing_for_ten_seats_get_exactly_ten,
    seated_guests_share_a_room_but_never_see_each_other,
    a_cancelled_seat_frees_one_seat,
    a_seat_moves_to_another_starts_meeting_and_its_room,
    a_seated_start_blocks_the_hosts_other_agendas_like_one_meeting,
    seats_out_of_range_are_refused_and_change_nothing,
    a_team_is_made_joined_and_left,
    team_input_errors_change_nothing,
    a_collective_agenda_offers_only_times_every_member_has,
    a_collective_booking_is_every_members,
    a_collective_bookings_reminders_reach_every_member,
    round_robin_spreads_bookings_by_the_fairness_rule,
    round_robin_books_the_free_member_when_one_is_busy,
    collective_bookings_of_overlapping_teams_never_double_book_a_member,
    removing_a_member_keeps_their_bookings_and_takes_them_off_the_agenda,
);

async fn host(base: &str, name: &str) -> (Client, Host) {
    let c = Client::new(base).unwrap();
    let me = c
        .signup(&SignupRequest {
            name: name.into(),
            ..signup_body(&format!(
                "{}-{}@example.com",
                name.to_lowercase(),
                Uuid::new_v4().simple()
            ))
        })
        .await
        .unwrap();
    (c, me)
}

async fn seated_agenda(base: &str, seats: u32) -> (Client, Agenda) {
    let (host, _) = host(base, "Alex").await;
    let agenda = host
        .create_agenda(&CreateAgendaRequest {
            seats: Some(seats),
            ..agenda_body("Workshop")
        })
        .await
        .unwrap();
    assert_eq!(agenda.seats, seats);
    (host, agenda)
}

async fn book(
    c: &Client,
    agenda: Uuid,
    start: chrono::DateTime<chrono::Utc>,
    n: usize,
) -> Result<Booking, u16> {
    c.create_booking(&guest_booking(agenda, start, n), None)
        .await
        .map_err(status)
}

async fn race(
    base: &[String],
    agenda: Uuid,
    start: chrono::DateTime<chrono::Utc>,
    n: usize,
) -> Vec<u16> {
    let clients: Vec<Client> = (0..n)
        .map(|i| Client::new(&base[i % base.len()]).unwrap())
        .collect();
    join_all(clients.iter().enumerate().map(|(i, c)| async move {
        book(c, agenda, start, i)
            .await
            .map(|_| 201)
            .unwrap_or_else(|s| s)
    }))
    .await
}

async fn seats_left_at(
    c: &Client,
    agenda: Uuid,
    start: chrono::DateTime<chrono::Utc>,
) -> Option<u32> {
    slots_in_days(c, agenda, 1, 4)
        .await
        .into_iter()
        .find(|s| s.start == start)
        .map(|s| {
            s.seats_left
                .expect("a seated agenda's slots carry seats_left")
        })
}

async fn fifty_guests_racing_for_ten_seats_get_exactly_ten(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = seated_agenda(&app.base, 10).await;
    let slot = first_slot(&host, agenda.id).await;
    assert_eq!(slot.seats_left, Some(10));
    let codes = race(std::slice::from_ref(&app.base), agenda.id, slot.start, 50).await;
    assert_eq!(tally(&codes), (10, 40));
    assert_eq!(
        seats_left_at(&host, agenda.id, slot.start).await,
        None,
        "a full start is not offered"
    );
    let all = all_bookings(&host).await;
    assert_eq!(all.len(), 10);
    assert!(all
        .iter()
        .all(|b| b.start == slot.start && b.status == BookingStatus::Confirmed));
}

async fn seated_guests_share_a_room_but_never_see_each_other(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = seated_agenda(&app.base, 3).await;
    let slot = first_slot(&host, agenda.id).await;
    let guest = app.client();
    let a = book(&guest, agenda.id, slot.start, 1).await.unwrap();
    assert_eq!(seats_left_at(&host, agenda.id, slot.start).await, Some(2));
    let b = book(&guest, agenda.id, slot.start, 2).await.unwrap();
    assert_eq!(seats_left_at(&host, agenda.id, slot.start).await, Some(1));
    assert_ne!(a.id, b.id);
    assert_eq!(a.room_name, b.room_name, "one room per start");
    assert_eq!(a.meeting_url, b.meeting_url);
    assert_ne!(a.manage_token, b.manage_token);
    // Each guest reaches their own booking with their token, and nobody else's.
    let a_token = a.manage_token.clone().unwrap();
    let seen = guest.get_booking(a.id, Some(&a_token)).await.unwrap();
    assert_eq!(seen.guest_email, "guest1@example.com");
    assert_eq!(
        guest
            .get_booking(b.id, Some(&a_token))
            .await
            .map_err(status)
            .unwrap_err(),
        404
    );
    // Each guest got their own confirmation; no email names the other guest.
    let mails = wait_for_mails(&app._db.mail_dir(), "confirmation", "guest", 2).await;
    for m in &mails {
        let other = if m.to.contains("guest1") {
            "guest2@example.com"
        } else {
            "guest1@example.com"
        };
        assert!(
            !m.text.contains(other),
            "a guest's email names another guest"
        );
        assert!(!m.text.contains(if other.starts_with("guest1") {
            "Guest 1"
        } else {
            "Guest 2"
        }));
    }
}

async fn a_cancelled_seat_frees_one_seat(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = seated_agenda(&app.base, 2).await;
    let slot = first_slot(&host, agenda.id).await;
    let guest = app.client();
    let a = book(&guest, agenda.id, slot.start, 1).await.unwrap();
    book(&guest, agenda.id, slot.start, 2).await.unwrap();
    assert_eq!(
        book(&guest, agenda.id, slot.start, 3).await.unwrap_err(),
        409
    );
    guest
        .cancel_booking(
            a.id,
            a.manage_token.as_deref(),
            &CancelBookingRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(seats_left_at(&host, agenda.id, slot.start).await, Some(1));
    let c = book(&guest, agenda.id, slot.start, 3).await.unwrap();
    assert_eq!(
        book(&guest, agenda.id, slot.start, 4).await.unwrap_err(),
        409
    );
    let live: Vec<Booking> = all_bookings(&host)
        .await
        .into_iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .collect();
    assert_eq!(live.len(), 2);
    assert!(
        live.iter().all(|b| b.room_name == c.room_name),
        "the new guest joins the same room"
    );
}

async fn a_seat_moves_to_another_starts_meeting_and_its_room(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = seated_agenda(&app.base, 2).await;
    let slots = slots_in_days(&host, agenda.id, 2, 2).await;
    let (first, second, third) = (slots[0].start, slots[4].start, slots[8].start);
    let guest = app.client();
    let a = book(&guest, agenda.id, first, 1).await.unwrap();
    let b = book(&guest, agenda.id, second, 2).await.unwrap();
    // Into the other start's meeting: its room.
    let moved = guest
        .reschedule_booking(
            a.id,
            a.manage_token.as_deref(),
            &RescheduleBookingRequest { start: second },
        )
        .await
        .unwrap();
    assert_eq!(moved.start, second);
    assert_eq!(moved.room_name, b.room_name);
    assert_eq!(
        seats_left_at(&host, agenda.id, second).await,
        None,
        "both seats now taken"
    );
    assert_eq!(seats_left_at(&host, agenda.id, first).await, Some(2));
    // To an empty start: a room of its own, not the one it shared.
    let alone = guest
        .reschedule_booking(
            a.id,
            a.manage_token.as_deref(),
            &RescheduleBookingRequest { start: third },
        )
        .await
        .unwrap();
    assert_ne!(alone.room_name, b.room_name);
    // A full start refuses the move.
    book(&guest, agenda.id, first, 3).await.unwrap();
    book(&guest, agenda.id, first, 4).await.unwrap();
    let refused = guest
        .reschedule_booking(
            b.id,
            b.manage_token.as_deref(),
            &RescheduleBookingRequest { start: first },
        )
        .await
        .map_err(status)
        .unwrap_err();
    assert_eq!(refused, 409);
}

async fn a_seated_start_blocks_the_hosts_other_agendas_like_one_meeting(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, workshop) = seated_agenda(&app.base, 5).await;
    let call = host.create_agenda(&agenda_body("Call")).await.unwrap();
    let slot = first_slot(&host, workshop.id).await;
    let guest = app.client();
    book(&guest, workshop.id, slot.start, 1).await.unwrap();
    assert_eq!(book(&guest, call.id, slot.start, 2).await.unwrap_err(), 409);
    let call_slots = slots_in_days(&host, call.id, 1, 4).await;
    assert!(call_slots.iter().all(|s| s.start != slot.start));
    assert!(
        call_slots.iter().all(|s| s.seats_left.is_none()),
        "one seat: no seats_left"
    );
    // Still seats left for the workshop.
    assert_eq!(seats_left_at(&host, workshop.id, slot.start).await, Some(4));
}

async fn seats_out_of_range_are_refused_and_change_nothing(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = seated_agenda(&app.base, 4).await;
    for bad in [0, 1001] {
        let e = host
            .create_agenda(&CreateAgendaRequest {
                seats: Some(bad),
                ..agenda_body("Too many")
            })
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(422));
        assert!(e.to_string().contains("seats"), "{e}");
        let e = host
            .update_agenda(
                agenda.id,
                &UpdateAgendaRequest {
                    seats: Some(bad),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(422));
    }
    assert_eq!(host.get_agenda(agenda.id).await.unwrap().seats, 4);
    assert_eq!(host.list_agendas().await.unwrap().items.len(), 1);
}

/// A team of `n` hosts: (owner client, team, [(client, host)] including the owner first).
async fn team_of(base: &str, n: usize) -> (Team, Vec<(Client, Host)>) {
    let mut members = Vec::new();
    for i in 0..n {
        members.push(host(base, &format!("Member{i}")).await);
    }
    let owner = &members[0].0;
    let team = owner
        .create_team(&CreateTeamRequest {
            name: "Sales".into(),
            slug: format!("sales-{}", &Uuid::new_v4().simple().to_string()[..8]),
        })
        .await
        .unwrap();
    let mut team = team;
    for (_, h) in &members[1..] {
        team = owner.add_team_member(team.id, &h.email).await.unwrap();
    }
    assert_eq!(team.members.len(), n);
    (team, members)
}

async fn team_agenda(
    owner: &Client,
    team: &Team,
    assignment: Assignment,
    members: &[&Host],
) -> Agenda {
    owner
        .create_team_agenda(
            team.id,
            &CreateTeamAgendaRequest {
                agenda: CreateAgendaRequest {
                    slug: Some(format!(
                        "demo-{}",
                        &Uuid::new_v4().simple().to_string()[..6]
                    )),
                    ..agenda_body("Demo")
                },
                assignment,
                member_ids: members.iter().map(|h| h.id).collect(),
            },
        )
        .await
        .unwrap()
}

async fn a_team_is_made_joined_and_left(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (team, members) = team_of(&app.base, 3).await;
    let (owner, me) = &members[0];
    assert_eq!(team.owner_id, me.id);
    assert!(team.members[0].owner);
    // Every member sees it; a stranger does not.
    let (member, _) = &members[1];
    assert_eq!(member.list_teams().await.unwrap().items.len(), 1);
    let (stranger, _) = host(&app.base, "Stranger").await;
    assert_eq!(
        stranger
            .get_team(team.id)
            .await
            .map_err(status)
            .unwrap_err(),
        404
    );
    assert!(stranger.list_teams().await.unwrap().items.is_empty());
    // Only the owner changes it.
    let e = member
        .add_team_member(team.id, &members[2].1.email)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    let agenda = team_agenda(owner, &team, Assignment::Collective, &[me, &members[1].1]).await;
    assert_eq!(agenda.assignment, Some(Assignment::Collective));
    assert_eq!(
        agenda.booking_path,
        format!("/book/team/{}/{}", team.slug, agenda.slug)
    );
    let public = app
        .client()
        .public_team_agenda(&team.slug, &agenda.slug)
        .await
        .unwrap();
    assert_eq!(public.id, agenda.id);
    assert_eq!(public.host_name, "Sales");
    assert_eq!(public.team_slug.as_deref(), Some(team.slug.as_str()));
    // A team agenda is not the owner's own: not in their list, not on their page.
    assert!(owner.list_agendas().await.unwrap().items.is_empty());
    assert_eq!(
        member.list_team_agendas(team.id).await.unwrap().items.len(),
        1
    );
    owner
        .remove_team_member(team.id, members[2].1.id)
        .await
        .unwrap();
    assert_eq!(owner.get_team(team.id).await.unwrap().members.len(), 2);
    assert_eq!(
        members[2]
            .0
            .get_team(team.id)
            .await
            .map_err(status)
            .unwrap_err(),
        404
    );
}

async fn team_input_errors_change_nothing(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (team, members) = team_of(&app.base, 2).await;
    let (owner, me) = &members[0];
    let (other_owner, _) = host(&app.base, "Other").await;
    // The same slug again.
    let e = other_owner
        .create_team(&CreateTeamRequest {
            name: "Copy".into(),
            slug: team.slug.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(409));
    // Someone who is not a host.
    let e = owner
        .add_team_member(team.id, "nobody@example.com")
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert!(e.to_string().contains("email"), "{e}");
    // Already in.
    let e = owner
        .add_team_member(team.id, &members[1].1.email)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(409));
    // Another host's team.
    let e = other_owner
        .add_team_member(team.id, "x@example.com")
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
    // Members who are not in the team; seats on a team agenda; no members.
    let (outsider, outsider_host) = host(&app.base, "Outsider").await;
    drop(outsider);
    for (ids, seats) in [
        (vec![me.id, outsider_host.id], None),
        (vec![me.id], Some(3)),
        (vec![], None),
    ] {
        let e = owner
            .create_team_agenda(
                team.id,
                &CreateTeamAgendaRequest {
                    agenda: CreateAgendaRequest {
                        seats,
                        ..agenda_body("Bad")
                    },
                    assignment: Assignment::RoundRobin,
                    member_ids: ids,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(422), "{e}");
    }
    assert!(owner
        .list_team_agendas(team.id)
        .await
        .unwrap()
        .items
        .is_empty());
    // The owner cannot leave; the last member of an agenda cannot be removed.
    let agenda = team_agenda(owner, &team, Assignment::RoundRobin, &[&members[1].1]).await;
    assert_eq!(
        owner
            .remove_team_member(team.id, me.id)
            .await
            .map_err(status)
            .unwrap_err(),
        409
    );
    let e = owner
        .remove_team_member(team.id, members[1].1.id)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(409));
    assert!(e.to_string().contains("Demo"), "{e}");
    assert_eq!(owner.get_team(team.id).await.unwrap().members.len(), 2);
    assert_eq!(
        owner.get_agenda(agenda.id).await.unwrap().member_ids,
        vec![members[1].1.id]
    );
    // Members of a personal agenda.
    let own = owner.create_agenda(&agenda_body("Own")).await.unwrap();
    let e = owner
        .update_agenda(
            own.id,
            &UpdateAgendaRequest {
                member_ids: Some(vec![me.id]),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
}

async fn a_collective_agenda_offers_only_times_every_member_has(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (team, members) = team_of(&app.base, 3).await;
    let (owner, _) = &members[0];
    let all: Vec<&Host> = members.iter().map(|(_, h)| h).collect();
    let agenda = team_agenda(owner, &team, Assignment::Collective, &all).await;
    let slots = slots_in_days(owner, agenda.id, 2, 2).await;
    let (busy_one, busy_two) = (slots[2].start, slots[5].start);
    // Two members are busy at two different times with their own agendas.
    for (i, start) in [(1, busy_one), (2, busy_two)] {
        let own = members[i]
            .0
            .create_agenda(&agenda_body("Own"))
            .await
            .unwrap();
        book(&app.client(), own.id, start, i).await.unwrap();
    }
    let after = slots_in_days(owner, agenda.id, 2, 2).await;
    assert!(after
        .iter()
        .all(|s| s.start != busy_one && s.start != busy_two));
    assert_eq!(after.len(), slots.len() - 2);
    assert_eq!(
        book(&app.client(), agenda.id, busy_one, 9)
            .await
            .unwrap_err(),
        409
    );
}

async fn a_collective_booking_is_every_members(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (team, members) = team_of(&app.base, 3).await;
    let (owner, _) = &members[0];
    let all: Vec<&Host> = members.iter().map(|(_, h)| h).collect();
    let agenda = team_agenda(owner, &team, Assignment::Collective, &all).await;
    let slot = first_slot(owner, agenda.id).await;
    let booked = book(&app.client(), agenda.id, slot.start, 1).await.unwrap();
    // Every member sees it and is busy then, for their own agendas too.
    for (c, _) in &members {
        let theirs = all_bookings(c).await;
        assert_eq!(theirs.len(), 1, "every member lists the booking");
        assert_eq!(theirs[0].id, booked.id);
        let own = c.create_agenda(&agenda_body("Own")).await.unwrap();
        assert_eq!(
            book(&app.client(), own.id, slot.start, 7)
                .await
                .unwrap_err(),
            409
        );
    }
    // Every member gets the host's email.
    let mails = wait_for_mails(&app._db.mail_dir(), "confirmation", "host", 3).await;
    let mut to: Vec<String> = mails.iter().map(|m| m.to.clone()).collect();
    to.sort();
    let mut want: Vec<String> = members.iter().map(|(_, h)| h.email.clone()).collect();
    want.sort();
    for w in &want {
        assert!(
            to.iter().any(|t| t.contains(w.as_str())),
            "{w} got no host email: {to:?}"
        );
    }
    // A member cancels it for everyone: everyone's time is free again.
    members[2]
        .0
        .cancel_booking(booked.id, None, &CancelBookingRequest::default())
        .await
        .unwrap();
    assert!(slots_in_days(owner, agenda.id, 1, 4)
        .await
        .iter()
        .any(|s| s.start == slot.start));
}

/// A collective booking's reminder goes to every member, each in their own email, and to the
/// guest once. Booked in one process; a second process whose clock stands two seconds before
/// the reminder's moment sends it.
async fn a_collective_bookings_reminders_reach_every_member(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let first = Server::start(&test_db, &[]).await;
    let (team, members) = team_of(&first.base, 3).await;
    let (owner, _) = &members[0];
    let agenda = owner
        .create_team_agenda(
            team.id,
            &CreateTeamAgendaRequest {
                agenda: CreateAgendaRequest {
                    reminders_minutes: Some(vec![60]),
                    ..agenda_body("Demo")
                },
                assignment: Assignment::Collective,
                member_ids: members.iter().map(|(_, h)| h.id).collect(),
            },
        )
        .await
        .unwrap();
    let slot = first_slot(owner, agenda.id).await;
    let c = Client::new(&first.base).unwrap();
    book(&c, agenda.id, slot.start, 1).await.unwrap();
    first.stop().await;
    let due = slot.start - chrono::Duration::minutes(60);
    let shift = (due - chrono::Utc::now()).num_seconds() - 2;
    let second = Server::start(
        &test_db,
        &[("SMARTCAL_CLOCK_OFFSET_SECONDS", shift.to_string().as_str())],
    )
    .await;
    let dir = test_db.mail_dir();
    let to_hosts = wait_for_mails(&dir, "reminder", "host", 3).await;
    let mut got: Vec<String> = to_hosts.iter().map(|m| m.to.clone()).collect();
    got.sort();
    let mut want: Vec<String> = members.iter().map(|(_, h)| h.email.clone()).collect();
    want.sort();
    assert_eq!(got, want, "one host reminder to each member");
    assert_eq!(wait_for_mails(&dir, "reminder", "guest", 1).await.len(), 1);
    // Nothing more comes: one each.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(written_mails(&dir, "reminder", "host").len(), 3);
    assert_eq!(written_mails(&dir, "reminder", "guest").len(), 1);
    second.stop().await;
}

async fn round_robin_spreads_bookings_by_the_fairness_rule(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (team, members) = team_of(&app.base, 3).await;
    let (owner, _) = &members[0];
    let all: Vec<&Host> = members.iter().map(|(_, h)| h).collect();
    let agenda = team_agenda(owner, &team, Assignment::RoundRobin, &all).await;
    let slots = slots_in_days(owner, agenda.id, 2, 3).await;
    let mut hosts = Vec::new();
    for (i, s) in slots.iter().step_by(2).take(9).enumerate() {
        let b = book(&app.client(), agenda.id, s.start, i).await.unwrap();
        hosts.push(b.host_name);
    }
    // Fewest recent bookings first, ties to the least recently booked: a strict rotation.
    let mut order: Vec<String> = members.iter().map(|(_, h)| h.id.to_string()).collect();
    order.sort();
    let names: Vec<String> = order
        .iter()
        .map(|id| {
            members
                .iter()
                .find(|(_, h)| h.id.to_string() == *id)
                .unwrap()
                .1
                .name
                .clone()
        })
        .collect();
    let expected: Vec<String> = (0..9).map(|i| names[i % 3].clone()).collect();
    assert_eq!(hosts, expected);
    for (c, _) in &members {
        assert_eq!(all_bookings(c).await.len(), 3);
    }
}

async fn round_robin_books_the_free_member_when_one_is_busy(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (team, members) = team_of(&app.base, 2).await;
    let (owner, _) = &members[0];
    let all: Vec<&Host> = members.iter().map(|(_, h)| h).collect();
    let agenda = team_agenda(owner, &team, Assignment::RoundRobin, &all).await;
    let slot = first_slot(owner, agenda.id).await;
    // Whoever the rule would pick first is busy then: the other one gets it.
    let mut ids: Vec<&Host> = all.clone();
    ids.sort_by_key(|h| h.id.to_string());
    let (first, second) = (ids[0], ids[1]);
    let first_client = &members.iter().find(|(_, h)| h.id == first.id).unwrap().0;
    let own = first_client
        .create_agenda(&agenda_body("Own"))
        .await
        .unwrap();
    book(&app.client(), own.id, slot.start, 1).await.unwrap();
    assert!(slots_in_days(owner, agenda.id, 1, 4)
        .await
        .iter()
        .any(|s| s.start == slot.start));
    let b = book(&app.client(), agenda.id, slot.start, 2).await.unwrap();
    assert_eq!(b.host_name, second.name);
    // Now nobody is free then.
    assert!(slots_in_days(owner, agenda.id, 1, 4)
        .await
        .iter()
        .all(|s| s.start != slot.start));
    assert_eq!(
        book(&app.client(), agenda.id, slot.start, 3)
            .await
            .unwrap_err(),
        409
    );
}

/// Collective agendas of overlapping member sets ({A,B}, {B,C}, {C,A}) and each member's own
/// agenda, all racing for one start: every member ends with at most one booking then, and the
/// fixed lock order lets every request finish (no deadlock: each gets a 201 or a 409).
async fn collective_bookings_of_overlapping_teams_never_double_book_a_member(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    race_overlapping_teams(std::slice::from_ref(&app.base)).await;
}

async fn race_overlapping_teams(bases: &[String]) {
    let (team, members) = team_of(&bases[0], 3).await;
    let (owner, _) = &members[0];
    let h: Vec<&Host> = members.iter().map(|(_, h)| h).collect();
    let mut agendas = Vec::new();
    for pair in [[h[0], h[1]], [h[1], h[2]], [h[2], h[0]]] {
        agendas.push(
            team_agenda(owner, &team, Assignment::Collective, &pair)
                .await
                .id,
        );
    }
    for (c, _) in &members {
        agendas.push(c.create_agenda(&agenda_body("Own")).await.unwrap().id);
    }
    let start = first_slot(owner, agendas[0]).await.start;
    let clients: Vec<Client> = (0..36)
        .map(|i| Client::new(&bases[i % bases.len()]).unwrap())
        .collect();
    let codes: Vec<u16> = join_all(clients.iter().enumerate().map(|(i, c)| {
        let agenda = agendas[i % agendas.len()];
        async move {
            book(c, agenda, start, i)
                .await
                .map(|_| 201)
                .unwrap_or_else(|s| s)
        }
    }))
    .await;
    let (ok, _) = tally(&codes);
    assert!(ok >= 1, "someone books");
    for (c, me) in &members {
        let mine: Vec<Booking> = all_bookings(c)
            .await
            .into_iter()
            .filter(|b| b.status == BookingStatus::Confirmed && b.start == start)
            .collect();
        assert!(mine.len() <= 1, "{} is double booked: {mine:?}", me.name);
    }
}

#[tokio::test]
async fn two_processes_on_postgres_never_double_book_a_team_member() {
    let Some(test_db) = test_db(Db::Postgres) else {
        return;
    };
    let mut procs = vec![];
    for _ in 0..2 {
        procs.push(Server::start(&test_db, &[]).await);
    }
    let bases: Vec<String> = procs.iter().map(|p| p.base.clone()).collect();
    race_overlapping_teams(&bases).await;
    // Seats across processes too: 30 racers, 6 seats.
    let (host, agenda) = seated_agenda(&bases[0], 6).await;
    let slot = first_slot(&host, agenda.id).await;
    let codes = race(&bases, agenda.id, slot.start, 30).await;
    assert_eq!(tally(&codes), (6, 24));
}

async fn removing_a_member_keeps_their_bookings_and_takes_them_off_the_agenda(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (team, members) = team_of(&app.base, 3).await;
    let (owner, _) = &members[0];
    let all: Vec<&Host> = members.iter().map(|(_, h)| h).collect();
    let agenda = team_agenda(owner, &team, Assignment::RoundRobin, &all).await;
    let slots = slots_in_days(owner, agenda.id, 2, 2).await;
    let mut by_host = std::collections::HashMap::new();
    for (i, s) in slots.iter().step_by(2).take(3).enumerate() {
        let b = book(&app.client(), agenda.id, s.start, i).await.unwrap();
        by_host.insert(b.host_name.clone(), b);
    }
    let (leaver_client, leaver) = &members[2];
    let kept = by_host[&leaver.name].clone();
    owner.remove_team_member(team.id, leaver.id).await.unwrap();
    // Their booking stays theirs, confirmed.
    let theirs = all_bookings(leaver_client).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].id, kept.id);
    assert_eq!(theirs[0].status, BookingStatus::Confirmed);
    // No new booking goes to them.
    let left: Vec<Uuid> = owner.get_agenda(agenda.id).await.unwrap().member_ids;
    assert!(!left.contains(&leaver.id));
    for (i, s) in slots.iter().skip(1).step_by(2).take(4).enumerate() {
        let b = book(&app.client(), agenda.id, s.start, 10 + i)
            .await
            .unwrap();
        assert_ne!(b.host_name, leaver.name);
    }
}
