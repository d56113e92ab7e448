//! `smartcal demo` / `serve --demo`: a host and an agenda to try SmartCal in a minute.

use smartcal_db::agendas::{self, AgendaRow};
use smartcal_db::hosts::{self, HostRow};
use smartcal_db::Pool;

/// The demo host's login.
pub const DEMO_EMAIL: &str = "demo@smartcal.local";
/// The demo host's password (a demo: change or delete it on a real install).
pub const DEMO_PASSWORD: &str = "smartcal-demo";

/// Creates the demo host and its "intro" agenda unless they exist; returns the booking URL.
pub fn seed(pool: &Pool, public_url: &str) -> anyhow::Result<String> {
    let mut c = pool.get()?;
    let host = match hosts::find_by_email(&mut c, DEMO_EMAIL)? {
        Some(h) => h,
        None => {
            let now = chrono::Utc::now().timestamp();
            let h = HostRow {
                id: uuid::Uuid::new_v4().to_string(),
                email: DEMO_EMAIL.into(),
                name: "Demo Host".into(),
                slug: "demo".into(),
                time_zone: "Europe/Berlin".into(),
                password_hash: crate::crypto::hash_password(DEMO_PASSWORD)?,
                created_at: now,
                disabled_at: None,
                locale: "en".into(),
            };
            hosts::insert(&mut c, &h)?;
            let availability: Vec<serde_json::Value> = ["mon", "tue", "wed", "thu", "fri"]
                .iter()
                .map(|d| serde_json::json!({"weekday": d, "start": "09:00", "end": "17:00"}))
                .collect();
            agendas::insert(
                &mut c,
                &AgendaRow {
                    id: uuid::Uuid::new_v4().to_string(),
                    host_id: h.id.clone(),
                    slug: "intro".into(),
                    title: "Intro call".into(),
                    description: "A 30-minute video call to get to know each other.".into(),
                    duration_minutes: 30,
                    time_zone: "Europe/Berlin".into(),
                    availability: serde_json::to_string(&availability)?,
                    date_overrides: "[]".into(),
                    buffer_before_minutes: 0,
                    buffer_after_minutes: 10,
                    min_notice_minutes: 60,
                    horizon_days: 60,
                    slot_step_minutes: 30,
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
                },
            )?;
            h
        }
    };
    Ok(format!("{public_url}/book/{}/intro", host.slug))
}
