//! Password reset emails: rendered when the host asks (the link's token is known only then),
//! stored with the reset link's row (see `smartcal_db::password_resets`: the outbox's rows
//! each belong to a booking, a reset email has none), and delivered by the outbox worker the
//! way booking emails are — claimed with a lease, retried with backoff up to
//! `SMARTCAL_OUTBOX_MAX_ATTEMPTS`, sent once across processes, same `Message-ID` on a retry.

use lettre::message::Mailbox;
use smartcal_db::hosts::HostRow;
use smartcal_db::password_resets::{self, PasswordResetRow};
use smartcal_db::DbError;
use smartcal_domain::account_email;
use smartcal_domain::retry::{backoff, may_retry};
use uuid::Uuid;

use crate::integrations::mail::{to_mime, MailMessage, Mailer};
use crate::state::AppState;
use crate::time::from_unix;

/// How long a reset link works.
pub const VALID_MINUTES: u32 = 60;

/// Reset emails claimed per round.
const BATCH: i64 = 20;

/// The link a reset email carries.
pub fn reset_url(st: &AppState, token: &str) -> String {
    format!(
        "{}/reset-password?token={token}",
        st.config.public_url.trim_end_matches('/')
    )
}

/// A new reset link for `host` with `token` (stored as `token_hash`), its email rendered and
/// due at once; store it with `password_resets::create`, then wake `AppState::outbox`.
pub fn row(
    st: &AppState,
    host: &HostRow,
    token: &str,
    token_hash: String,
    now: i64,
) -> PasswordResetRow {
    let rendered = account_email::password_reset(
        crate::views::locale(&host.locale),
        &host.name,
        &reset_url(st, token),
        VALID_MINUTES,
    );
    let message = MailMessage {
        to_name: host.name.clone(),
        to_email: host.email.clone(),
        // Filled in with the sender when it is sent: nobody else to reply to.
        reply_to_name: String::new(),
        reply_to_email: String::new(),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        ics: String::new(),
        ics_method: String::new(),
    };
    PasswordResetRow::new(
        Uuid::new_v4().to_string(),
        host.id.clone(),
        token_hash,
        serde_json::to_string(&message).unwrap_or_default(),
        now,
        now + i64::from(VALID_MINUTES) * 60,
    )
}

/// The name the email is delivered under (the file mailer's `{name}.eml`, shaped like a
/// booking email's: `{queued}-password_reset-host-{id}`).
fn file_name(row: &PasswordResetRow) -> String {
    format!(
        "{}-password_reset-host-{}",
        from_unix(row.created_at).format("%Y%m%dT%H%M%SZ"),
        row.id
    )
}

/// Why one attempt failed, and whether a later one could work.
struct Failed {
    message: String,
    permanent: bool,
}

fn send(mailer: &Mailer, from: &Mailbox, row: &PasswordResetRow) -> Result<(), Failed> {
    let never = |message: String| Failed {
        message,
        permanent: true,
    };
    let mut message: MailMessage = serde_json::from_str(&row.mail_payload)
        .map_err(|e| never(format!("unreadable reset email: {e}")))?;
    message.reply_to_name = from.name.clone().unwrap_or_default();
    message.reply_to_email = from.email.to_string();
    let mime = to_mime(from, &row.id, &message).map_err(never)?;
    mailer.send(&file_name(row), &mime).map_err(|e| Failed {
        message: e.0,
        permanent: false,
    })
}

/// Claims and sends one batch of due reset emails as `owner` (the outbox worker's lease name);
/// returns how many were claimed.
pub fn deliver_due(
    st: &AppState,
    mailer: &Mailer,
    from: &Mailbox,
    owner: &str,
) -> Result<usize, DbError> {
    let now = st.now().timestamp();
    let settings = &st.config.outbox;
    let lease = settings.lease.as_secs() as i64;
    let rows = {
        let mut c = st.pool.get()?;
        password_resets::claim_mail(&mut c, owner, now, lease, BATCH)?
    };
    for row in &rows {
        if st.outbox.stopping() {
            break; // the lease runs out and another process (or the next start) sends it
        }
        let result = send(mailer, from, row);
        let attempts = row.mail_attempts as u32 + 1;
        let retry_at = match &result {
            Err(f) if !f.permanent && may_retry(attempts, settings.max_attempts) => {
                let wait = backoff(attempts, settings.retry_base, settings.retry_max);
                tracing::warn!(id = %row.id, kind = "password_reset", attempts,
                    retry_in_ms = wait.as_millis() as u64, error = %f.message,
                    "delivery failed; will retry");
                Some(now + wait.as_secs().max(1) as i64)
            }
            Err(f) => {
                tracing::error!(id = %row.id, kind = "password_reset", attempts,
                    error = %f.message, "delivery failed for good");
                None
            }
            Ok(()) => None,
        };
        let mut c = st.pool.get()?;
        let recorded = match &result {
            Ok(()) => password_resets::mark_mail_sent(&mut c, &row.id, owner, now)?,
            Err(f) => {
                password_resets::mark_mail_failed(&mut c, &row.id, owner, &f.message, retry_at)?
            }
        };
        if !recorded {
            tracing::warn!(id = %row.id, "reset email lease lost before the result was recorded");
        } else if result.is_ok() {
            tracing::info!(id = %row.id, kind = "password_reset", "delivered");
        }
    }
    Ok(rows.len())
}
