//! Race soak: 200 concurrent guests racing for 20 times of one host spread over four agendas,
//! on SQLite, PostgreSQL, and two processes sharing one PostgreSQL database. Afterwards: no two
//! bookings of the host overlap, every 201 a guest saw is stored, and every booking's two
//! emails arrived exactly once (over real SMTP).

use std::collections::{HashMap, HashSet};

use futures::future::join_all;
use mail_parser::MessageParser;
use smartcal_client::Client;
use smartcal_types::*;
use uuid::Uuid;

mod common;
use common::smtp::{Mode, Sink};
use common::*;

const GUESTS: usize = 200;
const TIMES: usize = 20;
const AGENDAS: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_sqlite() {
    let sink = Sink::start(0, Mode::Accept).await;
    let app = spawn_with(Db::Sqlite, &[("SMTP_URL", &sink.url())])
        .await
        .unwrap();
    soak(std::slice::from_ref(&app.base), &sink).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_postgres() {
    let sink = Sink::start(0, Mode::Accept).await;
    let Some(app) = spawn_with(Db::Postgres, &[("SMTP_URL", &sink.url())]).await else {
        return;
    };
    soak(std::slice::from_ref(&app.base), &sink).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_two_processes_on_postgres() {
    let Some(db) = test_db(Db::Postgres) else {
        return;
    };
    let sink = Sink::start(0, Mode::Accept).await;
    let url = sink.url();
    let a = Server::start(&db, &[("SMTP_URL", url.as_str())]).await;
    let b = Server::start(&db, &[("SMTP_URL", url.as_str())]).await;
    soak(&[a.base.clone(), b.base.clone()], &sink).await;
}

async fn soak(bases: &[String], sink: &Sink) {
    let host = Client::new(&bases[0]).unwrap();
    host.signup(&signup_body(&format!(
        "{}@example.com",
        Uuid::new_v4().simple()
    )))
    .await
    .unwrap();
    let mut agendas = vec![];
    for i in 0..AGENDAS {
        agendas.push(
            host.create_agenda(&agenda_body(&format!("Agenda {i}")))
                .await
                .unwrap(),
        );
    }
    // Every agenda offers the same half hours: the first TIMES of them are raced for.
    let times: Vec<Slot> = slots_in_days(&host, agendas[0].id, 2, 3)
        .await
        .into_iter()
        .take(TIMES)
        .collect();
    assert_eq!(times.len(), TIMES);
    let clients: Vec<Client> = (0..GUESTS)
        .map(|i| Client::new(&bases[i % bases.len()]).unwrap())
        .collect();
    let answers = join_all(clients.iter().enumerate().map(|(i, c)| {
        let body = guest_booking(agendas[i % AGENDAS].id, times[i % TIMES].start, i);
        async move { c.create_booking(&body, None).await }
    }))
    .await;
    let mut won: Vec<Booking> = vec![];
    for a in answers {
        match a {
            Ok(b) => won.push(b),
            Err(e) => assert_eq!(e.status(), Some(409), "only 201 or 409: {e:?}"),
        }
    }
    assert_eq!(won.len(), TIMES, "each time booked exactly once");

    let mut stored = all_bookings(&host).await;
    let ids: HashSet<Uuid> = stored.iter().map(|b| b.id).collect();
    assert!(
        won.iter().all(|b| ids.contains(&b.id)),
        "every 201 is stored"
    );
    assert_eq!(stored.len(), TIMES);
    stored.sort_by_key(|b| b.start);
    for pair in stored.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "overlap: {:?} {:?}",
            pair[0].id,
            pair[1].id
        );
    }

    // Two emails per booking, each exactly once.
    let got = sink.wait_for(2 * TIMES, 60).await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let all = sink.received();
    assert_eq!(
        got.len().max(all.len()),
        2 * TIMES,
        "no email missing or doubled"
    );
    let mut per_booking: HashMap<String, usize> = HashMap::new();
    let mut message_ids = HashSet::new();
    for r in &all {
        let m = MessageParser::default().parse(&r.data).unwrap();
        assert!(
            message_ids.insert(m.message_id().unwrap().to_owned()),
            "a message twice"
        );
        let text = m.body_text(0).unwrap().into_owned();
        let booking = stored
            .iter()
            .find(|b| text.contains(&b.meeting_url))
            .expect("the email names a stored booking's room");
        *per_booking.entry(booking.id.to_string()).or_default() += 1;
    }
    assert_eq!(per_booking.len(), TIMES);
    assert!(per_booking.values().all(|&n| n == 2), "{per_booking:?}");
}
