//! Books the first free slot of an agenda with an API key — what an integration (a CRM, a
//! website form) does on a guest's behalf.
//!
//! ```sh
//! export SMARTCAL_URL=http://127.0.0.1:8080 SMARTCAL_API_KEY=sc_…   # Dashboard → API keys
//! cargo run -p smartcal-client --example book_with_api_key -- <agenda-id> "Jane Doe" jane@example.org
//! ```

use std::process::ExitCode;

use chrono::{Duration, Utc};
use smartcal_client::{Client, ClientError};
use smartcal_types::CreateBookingRequest;
use uuid::Uuid;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(agenda), Some(name), Some(email)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: book_with_api_key <agenda-id> <guest name> <guest email>");
        return ExitCode::from(2);
    };
    let Ok(agenda) = Uuid::parse_str(agenda) else {
        eprintln!("{agenda:?} is not an agenda id");
        return ExitCode::from(2);
    };
    match book(agenda, name, email).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // API errors carry the RFC 9457 problem: title, detail and per-field errors.
            match e.problem() {
                Some(p) => eprintln!(
                    "{} ({}): {}",
                    p.title,
                    p.status,
                    p.detail.clone().unwrap_or_default()
                ),
                None => eprintln!("{e}"),
            }
            ExitCode::FAILURE
        }
    }
}

async fn book(agenda: Uuid, name: &str, email: &str) -> Result<(), ClientError> {
    let url = std::env::var("SMARTCAL_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let key = std::env::var("SMARTCAL_API_KEY").unwrap_or_default();
    let client = Client::new(&url)?.with_api_key(key);

    // Free slots of the next two weeks, shown in the guest's zone.
    let today = Utc::now().date_naive();
    let slots = client
        .slots(
            agenda,
            today,
            today + Duration::days(14),
            Some("Europe/Berlin"),
        )
        .await?;
    let Some(slot) = slots.slots.first() else {
        println!("no free time in the next two weeks");
        return Ok(());
    };

    // The Idempotency-Key makes a retry after a network error safe: the same answer comes back.
    let request = CreateBookingRequest {
        agenda_id: agenda,
        start: slot.start,
        guest_name: name.into(),
        guest_email: email.into(),
        guest_time_zone: Some("Europe/Berlin".into()),
        guest_locale: Some("en".into()),
        notes: None,
        answers: Default::default(),
        invite: None,
    };
    let key = Uuid::new_v4().to_string();
    let booking = client.create_booking(&request, Some(&key)).await?;
    println!(
        "booked {} ({} local) for {}",
        booking.start, slot.local_start, booking.guest_name
    );
    println!("join: {}", booking.join_url);
    println!("both sides get an email with the invitation");
    Ok(())
}
