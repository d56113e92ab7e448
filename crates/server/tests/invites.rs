//! Private invites and unlisted agendas (SPEC §9): an invite books exactly once, also when
//! twenty guests race with it; used, expired and revoked invites are refused with a clear
//! problem; an unlisted agenda is reachable only through an invite. Black-box, both backends.

mod common;

use chrono::{Duration, Utc};
use common::*;
use futures::future::join_all;
use smartcal_client::Client;
use smartcal_types::*;

on_both!(
    an_invite_books_once_when_twenty_guests_race_with_it,
    an_unlisted_agenda_is_reached_only_through_a_usable_invite,
    revoked_and_expired_invites_are_refused_and_listed_by_state,
    invites_are_the_hosts_own_and_bad_input_changes_nothing,
    a_booking_of_an_unlisted_agenda_lists_its_move_with_its_own_token,
);

/// An unlisted agenda of a new host; (host client, agenda).
async fn unlisted(app: &TestApp) -> (Client, Agenda) {
    let (host, agenda) = host_with_agenda(app).await;
    let agenda = host
        .update_agenda(
            agenda.id,
            &UpdateAgendaRequest {
                listed: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!agenda.listed);
    (host, agenda)
}

fn with_invite(mut body: CreateBookingRequest, token: &str) -> CreateBookingRequest {
    body.invite = Some(token.to_owned());
    body
}

async fn an_invite_books_once_when_twenty_guests_race_with_it(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = unlisted(&app).await;
    let invite = host
        .create_invite(agenda.id, &CreateInviteRequest::default())
        .await
        .unwrap();
    assert_eq!(invite.invite.state, InviteState::Open);
    // Slots need the invite too (the host's own client is a guest here).
    let today = Utc::now().date_naive();
    let slots = host
        .slots_with_invite(
            agenda.id,
            today + Duration::days(2),
            today + Duration::days(3),
            Some("UTC"),
            Some(&invite.token),
        )
        .await
        .unwrap()
        .slots;
    assert!(slots.len() >= 20);
    // Twenty guests with the one invite, each for another time: one booking.
    let answers = join_all(slots.iter().take(20).enumerate().map(|(n, slot)| {
        let guest = app.client();
        let body = with_invite(guest_booking(agenda.id, slot.start, n), &invite.token);
        async move { guest.create_booking(&body, None).await }
    }))
    .await;
    let booked: Vec<&Booking> = answers.iter().filter_map(|r| r.as_ref().ok()).collect();
    let refused: Vec<(u16, String)> = answers
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| {
            (
                e.status().unwrap_or(0),
                e.problem()
                    .and_then(|p| p.detail.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(booked.len(), 1, "{refused:?}");
    assert_eq!(refused.len(), 19);
    assert!(
        refused
            .iter()
            .all(|(c, d)| *c == 410 && d.contains("already used")),
        "{refused:?}"
    );
    assert_eq!(all_bookings(&host).await.len(), 1);
    let listed = host.list_invites(agenda.id).await.unwrap().items;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, InviteState::Used);
    assert_eq!(listed[0].booking_id, Some(booked[0].id));
    // A used invite opens nothing any more.
    let page = app
        .client()
        .public_agenda_with_invite(
            &host.me().await.unwrap().slug,
            &agenda.slug,
            Some(&invite.token),
        )
        .await
        .unwrap_err();
    assert_eq!(status(page), 410);
}

async fn an_unlisted_agenda_is_reached_only_through_a_usable_invite(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = unlisted(&app).await;
    let me = host.me().await.unwrap();
    let guest = app.client();
    let today = Utc::now().date_naive();
    let (from, to) = (today + Duration::days(2), today + Duration::days(3));
    // Without an invite (or with a made-up one) it does not exist for guests.
    for invite in [None, Some("inv_made_up")] {
        let page = guest
            .public_agenda_with_invite(&me.slug, &agenda.slug, invite)
            .await
            .unwrap_err();
        assert_eq!(status(page), 404, "{invite:?}");
        let slots = guest
            .slots_with_invite(agenda.id, from, to, Some("UTC"), invite)
            .await
            .unwrap_err();
        assert_eq!(status(slots), 404);
    }
    let start = Utc::now() + Duration::days(2);
    let start = start - Duration::seconds(start.timestamp() % 1800) + Duration::minutes(30);
    let booking = guest
        .create_booking(&guest_booking(agenda.id, start, 1), None)
        .await
        .unwrap_err();
    assert_eq!(status(booking), 404);
    assert!(all_bookings(&host).await.is_empty());

    // With an invite: the page, its slots and one booking; the link names the page.
    let invite = host
        .create_invite(
            agenda.id,
            &CreateInviteRequest {
                note: Some("For Jane".into()),
                expires_at: None,
            },
        )
        .await
        .unwrap();
    assert!(
        invite.url.ends_with(&format!(
            "/book/{}/{}?invite={}",
            me.slug, agenda.slug, invite.token
        )),
        "{}",
        invite.url
    );
    let page = guest
        .public_agenda_with_invite(&me.slug, &agenda.slug, Some(&invite.token))
        .await
        .unwrap();
    assert_eq!(page.id, agenda.id);
    let slots = guest
        .slots_with_invite(agenda.id, from, to, Some("UTC"), Some(&invite.token))
        .await
        .unwrap()
        .slots;
    let booked = guest
        .create_booking(
            &with_invite(guest_booking(agenda.id, slots[0].start, 1), &invite.token),
            None,
        )
        .await
        .unwrap();
    assert_eq!(booked.status, BookingStatus::Confirmed);

    // Listing the agenda again opens it to everyone.
    host.update_agenda(
        agenda.id,
        &UpdateAgendaRequest {
            listed: Some(true),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(guest.public_agenda(&me.slug, &agenda.slug).await.is_ok());
    assert!(!slots_in_days(&guest, agenda.id, 2, 3).await.is_empty());
}

async fn revoked_and_expired_invites_are_refused_and_listed_by_state(db: Db) {
    let Some(test_db) = test_db(db) else {
        return;
    };
    let now = Server::start(&test_db, &[]).await;
    let host = Client::new(&now.base).unwrap();
    let me = host.signup(&signup_body("host@example.com")).await.unwrap();
    let agenda = host
        .create_agenda(&agenda_body("Intro call"))
        .await
        .unwrap();
    let revoked = host
        .create_invite(agenda.id, &CreateInviteRequest::default())
        .await
        .unwrap();
    let expiring = host
        .create_invite(
            agenda.id,
            &CreateInviteRequest {
                note: None,
                expires_at: Some(Utc::now() + Duration::hours(1)),
            },
        )
        .await
        .unwrap();
    let open = host
        .create_invite(agenda.id, &CreateInviteRequest::default())
        .await
        .unwrap();
    host.revoke_invite(agenda.id, revoked.id).await.unwrap();
    host.revoke_invite(agenda.id, revoked.id).await.unwrap(); // harmless
    let slot = first_slot(&host, agenda.id).await;
    let guest = Client::new(&now.base).unwrap();
    let refused = guest
        .create_booking(
            &with_invite(guest_booking(agenda.id, slot.start, 1), &revoked.token),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(410));
    assert!(refused
        .problem()
        .unwrap()
        .detail
        .as_deref()
        .unwrap()
        .contains("withdrawn"));
    let listed = host.list_invites(agenda.id).await.unwrap().items;
    assert_eq!(listed.len(), 2, "revoked ones are not listed");
    assert!(listed
        .iter()
        .all(|i| i.state == InviteState::Open && [open.id, expiring.id].contains(&i.id)));
    now.stop().await;

    // Two hours later the expiring one has expired.
    let later = Server::start(&test_db, &[("SMARTCAL_CLOCK_OFFSET_SECONDS", "7200")]).await;
    let host = Client::new(&later.base).unwrap();
    host.login(&LoginRequest {
        email: me.email.clone(),
        password: "correct horse battery".into(),
    })
    .await
    .unwrap();
    let state_of = |items: &[Invite], id| items.iter().find(|i| i.id == id).map(|i| i.state);
    let items = host.list_invites(agenda.id).await.unwrap().items;
    assert_eq!(items.len(), 2);
    assert_eq!(state_of(&items, open.id), Some(InviteState::Open));
    assert_eq!(state_of(&items, expiring.id), Some(InviteState::Expired));
    let guest = Client::new(&later.base).unwrap();
    let refused = guest
        .create_booking(
            &with_invite(guest_booking(agenda.id, slot.start, 1), &expiring.token),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(410));
    assert!(refused
        .problem()
        .unwrap()
        .detail
        .as_deref()
        .unwrap()
        .contains("expired"));
    assert!(
        all_bookings(&host).await.is_empty(),
        "nothing booked by refused invites"
    );
}

async fn invites_are_the_hosts_own_and_bad_input_changes_nothing(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = host_with_agenda(&app).await;
    let other = app.client();
    other
        .signup(&signup_body("other@example.com"))
        .await
        .unwrap();
    let theirs = other
        .create_invite(agenda.id, &CreateInviteRequest::default())
        .await
        .unwrap_err();
    assert_eq!(status(theirs), 404);
    assert_eq!(
        status(other.list_invites(agenda.id).await.unwrap_err()),
        404
    );
    let mine = host
        .create_invite(agenda.id, &CreateInviteRequest::default())
        .await
        .unwrap();
    assert_eq!(
        status(other.revoke_invite(agenda.id, mine.id).await.unwrap_err()),
        404
    );
    // Bad fields: 422 naming them, and no invite made.
    let bad = host
        .create_invite(
            agenda.id,
            &CreateInviteRequest {
                note: Some("x".repeat(201)),
                expires_at: Some(Utc::now() - Duration::minutes(1)),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(bad.status(), Some(422));
    let fields: Vec<_> = bad
        .problem()
        .unwrap()
        .errors
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(fields, ["note", "expires_at"]);
    assert_eq!(host.list_invites(agenda.id).await.unwrap().items.len(), 1);
    // An unknown invite on a listed agenda is refused, and books nothing.
    let slot = first_slot(&host, agenda.id).await;
    let guest = app.client();
    let unknown = guest
        .create_booking(
            &with_invite(guest_booking(agenda.id, slot.start, 1), "inv_nope"),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(status(unknown), 404);
    assert!(all_bookings(&host).await.is_empty());
}

/// The manage page lists the times a booking can move to with the guest's token (no invite:
/// it was spent on the booking), and the booking's own time does not block its neighbours.
async fn a_booking_of_an_unlisted_agenda_lists_its_move_with_its_own_token(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let (host, agenda) = unlisted(&app).await;
    // Buffers: a booking blocks the slots around it, but never for its own move.
    host.update_agenda(
        agenda.id,
        &UpdateAgendaRequest {
            buffer_before_minutes: Some(30),
            buffer_after_minutes: Some(30),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let invite = host
        .create_invite(agenda.id, &CreateInviteRequest::default())
        .await
        .unwrap();
    let today = Utc::now().date_naive();
    let (from, to) = (today + Duration::days(2), today + Duration::days(2));
    let guest = app.client();
    let before = guest
        .slots_with_invite(agenda.id, from, to, Some("UTC"), Some(&invite.token))
        .await
        .unwrap()
        .slots;
    let at = before[10].start;
    let booked = guest
        .create_booking(
            &with_invite(guest_booking(agenda.id, at, 1), &invite.token),
            None,
        )
        .await
        .unwrap();
    let token = booked.manage_token.clone().unwrap();
    let url = |extra: &str| {
        format!(
            "{}?from={from}&to={to}&time_zone=UTC&reschedule={}{extra}",
            app.api(&format!("/agendas/{}/slots", agenda.id)),
            booked.id
        )
    };
    let http = reqwest::Client::new();
    let moving: SlotList = http
        .get(url(&format!("&token={token}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let starts: Vec<_> = moving.slots.iter().map(|s| s.start).collect();
    // Its own time and its buffered neighbours are offered (they are free for this move).
    for near in [at - Duration::minutes(30), at, at + Duration::minutes(30)] {
        assert!(starts.contains(&near), "{near} missing from {starts:?}");
    }
    assert_eq!(starts.len(), before.len());
    // Without the token (or with another's), it is the unlisted agenda's 404.
    for bad in ["", "&token=nope"] {
        let res = http.get(url(bad)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 404, "{bad}");
    }
    // The move itself works with the token.
    let moved = guest
        .reschedule_booking(
            booked.id,
            Some(&token),
            &RescheduleBookingRequest {
                start: at + Duration::minutes(30),
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.start, at + Duration::minutes(30));
}
