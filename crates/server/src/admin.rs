//! The operator's command line, beside a running server or without one: `smartcal admin …`
//! (create a host, reset a password, list, disable and enable hosts) and `smartcal backup`.
//! Each works on `DATABASE_URL` directly, on either backend, and returns what to print.

use std::fmt::Write as _;
use std::path::Path;

use smartcal_db::hosts::{self, HostRow};
use smartcal_db::{Backend, DbConn, Pool};
use uuid::Uuid;

use crate::crypto;
use crate::jobs::cache_listener::CHANNEL;
use crate::time::from_unix;
use crate::validate::{slugify, Fields, Invalid};

/// A host to create (`smartcal admin create-host`).
#[derive(Debug, Clone)]
pub struct NewHost {
    /// Their login.
    pub email: String,
    /// Their name as guests see it.
    pub name: String,
    /// Their booking pages' address; derived from the name when absent.
    pub slug: Option<String>,
    /// Their IANA time zone.
    pub time_zone: String,
}

fn invalid(Invalid(errors): Invalid) -> anyhow::Error {
    let text: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    anyhow::anyhow!("{}", text.join("; "))
}

/// The password rules of signup: 8 characters to 1024 bytes.
pub fn check_password(password: &str) -> anyhow::Result<()> {
    if password.chars().count() < 8 {
        anyhow::bail!("the password must be at least 8 characters");
    }
    if password.len() > 1024 {
        anyhow::bail!("the password must be at most 1024 bytes");
    }
    Ok(())
}

/// The host an operator names by email, slug or id.
fn named(c: &mut DbConn, handle: &str) -> anyhow::Result<HostRow> {
    hosts::find_by_handle(c, handle)?
        .ok_or_else(|| anyhow::anyhow!("no host with the email, slug or id {handle:?}"))
}

/// Creates a host who can log in with `password` at once.
pub fn create_host(pool: &Pool, new: &NewHost, password: &str) -> anyhow::Result<String> {
    let mut f = Fields::default();
    let email = f.email("--email", &new.email);
    let name = f.text("--name", &new.name, 1, 100, false);
    let tz = f.time_zone("--time-zone", &new.time_zone);
    let slug = new.slug.as_deref().map(|s| f.slug("--slug", s));
    f.finish().map_err(invalid)?;
    check_password(password)?;
    let password_hash = crypto::hash_password(password)?;
    let mut c = pool.get()?;
    let host = smartcal_db::write_transaction(&mut c, |c| -> anyhow::Result<HostRow> {
        if hosts::find_by_email(c, &email)?.is_some() {
            anyhow::bail!("an account with the email {email} exists already");
        }
        let slug = match slug {
            Some(s) if hosts::slug_exists(c, &s)? => anyhow::bail!("the slug {s:?} is taken"),
            Some(s) => s,
            None => hosts::free_slug(c, &slugify(&name))?
                .ok_or_else(|| anyhow::anyhow!("no free slug; pass --slug"))?,
        };
        let host = HostRow {
            id: Uuid::new_v4().to_string(),
            email,
            name,
            slug,
            time_zone: tz.name().to_owned(),
            password_hash,
            created_at: chrono::Utc::now().timestamp(),
            disabled_at: None,
            locale: "en".into(),
        };
        hosts::insert(c, &host)?;
        Ok(host)
    })?;
    Ok(format!(
        "created host {} ({}), booking pages under /book/{}\n",
        host.email, host.id, host.slug
    ))
}

/// Sets a host's password; every session of theirs ends.
pub fn reset_password(pool: &Pool, handle: &str, password: &str) -> anyhow::Result<String> {
    check_password(password)?;
    let hash = crypto::hash_password(password)?;
    let mut c = pool.get()?;
    let host = named(&mut c, handle)?;
    hosts::set_password_hash(&mut c, &host.id, &hash, None)?;
    Ok(format!(
        "new password set for {}; their sessions have ended\n",
        host.email
    ))
}

/// Every host, one a line: id, email, slug, status, created, name (tab-separated).
pub fn list_hosts(pool: &Pool) -> anyhow::Result<String> {
    let mut c = pool.get()?;
    let mut out = String::from("id\temail\tslug\tstatus\tcreated\tname\n");
    for h in hosts::list_all(&mut c)? {
        let status = match h.disabled_at {
            None => "active".to_owned(),
            Some(t) => format!("disabled since {}", from_unix(t).to_rfc3339()),
        };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            h.id,
            h.email,
            h.slug,
            status,
            from_unix(h.created_at).to_rfc3339(),
            h.name
        );
    }
    Ok(out)
}

/// Disables (or enables) a host. A disabled host cannot log in, their sessions end, their API
/// keys and calendar feed stop working and their booking pages answer 404; their bookings
/// stay, and the upcoming ones are listed for the operator to decide about.
pub fn set_disabled(
    pool: &Pool,
    database_url: &str,
    handle: &str,
    disabled: bool,
) -> anyhow::Result<String> {
    let mut c = pool.get()?;
    let host = named(&mut c, handle)?;
    let now = chrono::Utc::now().timestamp();
    hosts::set_disabled(&mut c, &host.id, disabled.then_some(now))?;
    // Other processes drop their cached slot pages of the host (PostgreSQL); a SQLite server's
    // expire within SMARTCAL_SLOT_CACHE_MS.
    if Backend::from_url(database_url) == Some(Backend::Postgres) {
        let told = smartcal_db::Listener::connect(database_url, CHANNEL)
            .and_then(|mut l| l.notify(std::slice::from_ref(&host.id)));
        if let Err(e) = told {
            tracing::warn!(error = %e, "could not tell the servers; their cached pages expire by themselves");
        }
    }
    if !disabled {
        return Ok(format!("enabled host {}\n", host.email));
    }
    let upcoming = smartcal_db::bookings::upcoming_for_host(&mut c, &host.id, now)?;
    let mut out = format!(
        "disabled host {}: they cannot log in, their sessions, API keys and booking pages stop \
         working\n{} upcoming confirmed booking(s) stay; cancel them (after enable-host, from the \
         dashboard) or tell the guests:\n",
        host.email,
        upcoming.len()
    );
    for b in &upcoming {
        let _ = writeln!(
            out,
            "{}\t{}\t{} <{}>\t{}",
            from_unix(b.start_at).to_rfc3339(),
            b.id,
            b.guest_name,
            b.guest_email,
            b.meeting_url
        );
    }
    Ok(out)
}

/// `smartcal backup PATH`: an online copy of a SQLite database; PostgreSQL points to
/// `pg_dump`.
pub fn backup(database_url: &str, dest: &Path) -> anyhow::Result<String> {
    if Backend::from_url(database_url) == Some(Backend::Postgres) {
        anyhow::bail!(
            "smartcal backup copies SQLite databases; for PostgreSQL use its own tools, e.g. \
             `pg_dump --format=custom --file=smartcal.dump \"$DATABASE_URL\"` (restore with \
             pg_restore)"
        );
    }
    let report = smartcal_db::backup_sqlite(database_url, dest)?;
    Ok(format!(
        "backup written to {} ({} bytes, {} bookings, integrity check ok)\n",
        dest.display(),
        report.bytes,
        report.bookings
    ))
}
