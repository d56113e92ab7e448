//! Configuration from the environment (and a `.env` file), per SPEC §8. A bad value stops
//! start-up with a message naming the variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::crypto::PasswordBox;

/// Everything the server reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://path` (default `sqlite://data/smartcal.db`) or `postgres://…`.
    pub database_url: String,
    /// `SMARTCAL_BIND`: address to listen on (default `127.0.0.1:8080`; port 0 picks one).
    pub bind: SocketAddr,
    /// `SMARTCAL_PUBLIC_URL`: base of links in emails (default `http://{SMARTCAL_BIND}`), no
    /// trailing slash.
    pub public_url: String,
    /// `JITSI_BASE_URL`: the Jitsi server rooms live on (default `https://meet.jit.si`).
    pub jitsi_base_url: String,
    /// `SMARTCAL_ALLOW_SIGNUP`: whether `POST /auth/signup` is open (default true).
    pub allow_signup: bool,
    /// `SMARTCAL_CORS_ORIGINS`: browser origins allowed to call the API (comma-separated).
    pub cors_origins: Vec<String>,
    /// `SMARTCAL_EMBED_ORIGINS`: the origins that may frame the guest's pages (`/book/*`,
    /// `/booking/*`), as CSP `frame-ancestors` sources; `*` (the default) is any http(s) site,
    /// `none` (an empty list) none. Every other page may not be framed at all.
    pub embed_origins: Vec<String>,
    /// `SMARTCAL_RATE_LIMIT_PER_MINUTE`: per-IP limit on public and auth endpoints; 0 = off.
    pub rate_limit_per_minute: u32,
    /// `SMTP_URL`: where email goes; unset = `.eml` files under `data/outbox/`.
    pub smtp_url: Option<String>,
    /// `MAIL_FROM`: sender address of emails.
    pub mail_from: String,
    /// `SMARTCAL_MAIL_DIR`: where `.eml` files go when `SMTP_URL` is unset (default
    /// `data/outbox`).
    pub mail_dir: PathBuf,
    /// How the outbox worker retries (`SMARTCAL_OUTBOX_*`).
    pub outbox: OutboxSettings,
    /// `SMARTCAL_WEBHOOK_TIMEOUT_MS` (default 10 000, at most half the lease): how long one
    /// webhook POST may take.
    pub webhook_timeout: Duration,
    /// `SMARTCAL_SLOT_CACHE_MS` (default 2 000; 0 = off): how long an answer of `GET
    /// /agendas/{id}/slots` may be served again (see [`crate::slot_cache`]).
    pub slot_cache_ttl: Duration,
    /// `JITSI_JWT_APP_ID` / `JITSI_JWT_SECRET`: self-hosted Jitsi token auth (both or neither).
    pub jitsi_jwt: Option<(String, String)>,
    /// `JAAS_APP_ID` / `JAAS_KEY_ID` / `JAAS_PRIVATE_KEY`: 8x8 JaaS (all or none).
    pub jaas: Option<(String, String, String)>,
    /// The meeting lifecycle around the rooms (SPEC §11): lobby, join window, reservations,
    /// attendance.
    pub meetings: MeetingSettings,
    /// How hosts' calendars are read and written (`SMARTCAL_CALENDAR_*`,
    /// `SMARTCAL_SECRET_KEY`).
    pub calendars: CalendarSettings,
    /// `SMARTCAL_METRICS_TOKEN`: when set, `GET /metrics` wants `Authorization: Bearer` it.
    pub metrics_token: Option<String>,
    /// `SMARTCAL_LOG_FORMAT`: `text` (default, for people) or `json` (one object a line, for
    /// log collectors).
    pub log_format: LogFormat,
    /// `SMARTCAL_OUTBOUND_ALLOW_PRIVATE` (default false): let webhooks, calendar feeds and
    /// CalDAV reach loopback, private, link-local and other special addresses (SPEC §14; see
    /// [`crate::integrations::outbound`]). For tests on loopback and internal calendars.
    pub outbound_allow_private: bool,
    /// `SMARTCAL_CLOCK_OFFSET_SECONDS` (default 0; tests only): shifts this process's clock
    /// (`AppState::now`) by that many seconds, e.g. to make a reminder due now without
    /// waiting for it. Never set it in production: every time SmartCal stores or compares
    /// (bookings, sessions, leases, due emails) is shifted.
    pub clock_offset: chrono::Duration,
}

/// The Jitsi meeting lifecycle (SPEC §11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSettings {
    /// `JITSI_LOBBY` (default true; only with token auth): guests wait in the lobby until the
    /// host (a moderator who bypasses it) lets them in.
    pub lobby: bool,
    /// `JITSI_EARLY_JOIN_MINUTES` (default 10): how long before the start a join link mints a
    /// token (the window ends 60 minutes after the end).
    pub early_join_minutes: u32,
    /// `JITSI_OVERTIME_MINUTES` (default 15): how long after the booked end a reserved room
    /// may run (the reservation's `duration`).
    pub overtime_minutes: u32,
    /// `JITSI_NO_SHOW_MINUTES` (default 15): how long after the start a side that has not
    /// joined counts as a no-show.
    pub no_show_minutes: u32,
    /// `JITSI_RESERVATION_SECRET`: the bearer secret of the prosody `reservations` and
    /// `event_sync` modules' requests; unset, those endpoints answer 404.
    pub reservation_secret: Option<String>,
    /// `JAAS_WEBHOOK_SECRET`: verifies JaaS webhooks (`X-Jaas-Signature`); unset, that
    /// endpoint answers 404.
    pub jaas_webhook_secret: Option<String>,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line: timestamp, level, target, message and the event's fields.
    Json,
}

/// How hosts' calendars are read (and written back).
#[derive(Debug, Clone)]
pub struct CalendarSettings {
    /// `SMARTCAL_CALENDAR_SYNC_SECONDS` (default 300): how often each source is read.
    pub sync_interval: Duration,
    /// `SMARTCAL_CALENDAR_TIMEOUT_SECONDS` (default 15): per request.
    pub timeout: Duration,
    /// `SMARTCAL_CALENDAR_MAX_BYTES` (default 10 MiB): larger answers are refused.
    pub max_bytes: u64,
    /// Seals CalDAV passwords; keyed by `SMARTCAL_SECRET_KEY` (without it, CalDAV sources with
    /// a password are refused).
    pub passwords: PasswordBox,
}

/// How the outbox worker delivers: attempts, backoff, lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxSettings {
    /// `SMARTCAL_OUTBOX_MAX_ATTEMPTS` (default 10): attempts before a message is `failed`.
    pub max_attempts: u32,
    /// `SMARTCAL_OUTBOX_RETRY_BASE_MS` (default 30 000): wait after the first failure; doubles.
    pub retry_base: Duration,
    /// `SMARTCAL_OUTBOX_RETRY_MAX_MS` (default 3 600 000): the longest wait between attempts.
    pub retry_max: Duration,
    /// `SMARTCAL_OUTBOX_LEASE_SECONDS` (default 300): how long a claimed message is reserved
    /// for its worker; if that process dies, another delivers the message after this.
    pub lease: Duration,
}

/// A configuration value that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("invalid {variable}: {message}")]
pub struct ConfigError {
    /// The environment variable at fault.
    pub variable: &'static str,
    /// What is wrong with it.
    pub message: String,
}

fn err(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

impl Config {
    /// Reads the process environment (after loading `.env` if present).
    pub fn from_env() -> Result<Config, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Builds the configuration from any key → value lookup (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/smartcal.db".into());
        if smartcal_db::Backend::from_url(&database_url).is_none() {
            return Err(err(
                "DATABASE_URL",
                format!("{database_url:?} is neither postgres://… nor sqlite://path"),
            ));
        }
        let bind: SocketAddr = get("SMARTCAL_BIND")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e| err("SMARTCAL_BIND", format!("expected host:port ({e})")))?;
        let public_url = match get("SMARTCAL_PUBLIC_URL") {
            Some(u) => http_url("SMARTCAL_PUBLIC_URL", &u)?,
            None => format!("http://{bind}"),
        };
        let jitsi_base_url = http_url(
            "JITSI_BASE_URL",
            &get("JITSI_BASE_URL").unwrap_or_else(|| "https://meet.jit.si".into()),
        )?;
        let allow_signup = match get("SMARTCAL_ALLOW_SIGNUP") {
            None => true,
            Some(v) => parse_bool(&v).ok_or_else(|| {
                err(
                    "SMARTCAL_ALLOW_SIGNUP",
                    format!("{v:?} is not true or false"),
                )
            })?,
        };
        let outbound_allow_private = match get("SMARTCAL_OUTBOUND_ALLOW_PRIVATE") {
            None => false,
            Some(v) => parse_bool(&v).ok_or_else(|| {
                err(
                    "SMARTCAL_OUTBOUND_ALLOW_PRIVATE",
                    format!("{v:?} is not true or false"),
                )
            })?,
        };
        let cors_origins = match get("SMARTCAL_CORS_ORIGINS") {
            None => vec![],
            Some(v) => v
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(|o| http_url("SMARTCAL_CORS_ORIGINS", o))
                .collect::<Result<_, _>>()?,
        };
        let embed_origins = match get("SMARTCAL_EMBED_ORIGINS") {
            None => vec!["*".to_owned()],
            // No site at all (CSP `frame-ancestors 'none'`).
            Some(v) if v == "none" || v == "'none'" => vec![],
            Some(v) => v
                .split([',', ' '])
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(|o| {
                    if o == "*" {
                        Ok(o.to_owned())
                    } else {
                        http_url("SMARTCAL_EMBED_ORIGINS", o)
                    }
                })
                .collect::<Result<_, _>>()?,
        };
        let rate_limit_per_minute = match get("SMARTCAL_RATE_LIMIT_PER_MINUTE") {
            None => 120,
            Some(v) => v.parse().map_err(|_| {
                err(
                    "SMARTCAL_RATE_LIMIT_PER_MINUTE",
                    format!("{v:?} is not a whole number (0 turns limits off)"),
                )
            })?,
        };
        let smtp_url = get("SMTP_URL");
        if let Some(u) = &smtp_url {
            let parsed = url::Url::parse(u).map_err(|e| err("SMTP_URL", e.to_string()))?;
            if !matches!(parsed.scheme(), "smtp" | "smtps") {
                return Err(err("SMTP_URL", "expected smtp://… or smtps://…"));
            }
            if let Err(e) = lettre::SmtpTransport::from_url(u) {
                return Err(err("SMTP_URL", e.to_string()));
            }
        }
        let mail_from = get("MAIL_FROM").unwrap_or_else(|| "SmartCal <smartcal@localhost>".into());
        if let Err(e) = mail_from.parse::<lettre::message::Mailbox>() {
            return Err(err(
                "MAIL_FROM",
                format!("{mail_from:?} is not an address like `SmartCal <cal@example.com>` ({e})"),
            ));
        }
        let mail_dir =
            PathBuf::from(get("SMARTCAL_MAIL_DIR").unwrap_or_else(|| "data/outbox".into()));
        let number =
            |variable: &'static str, default: u64, min: u64| -> Result<u64, ConfigError> {
                match get(variable) {
                    None => Ok(default),
                    Some(v) => v.parse::<u64>().ok().filter(|n| *n >= min).ok_or_else(|| {
                        err(variable, format!("{v:?} is not a whole number ≥ {min}"))
                    }),
                }
            };
        let outbox = OutboxSettings {
            max_attempts: u32::try_from(number("SMARTCAL_OUTBOX_MAX_ATTEMPTS", 10, 1)?)
                .map_err(|_| err("SMARTCAL_OUTBOX_MAX_ATTEMPTS", "too large"))?,
            retry_base: Duration::from_millis(number("SMARTCAL_OUTBOX_RETRY_BASE_MS", 30_000, 1)?),
            retry_max: Duration::from_millis(number("SMARTCAL_OUTBOX_RETRY_MAX_MS", 3_600_000, 1)?),
            lease: Duration::from_secs(number("SMARTCAL_OUTBOX_LEASE_SECONDS", 300, 2)?),
        };
        // Unset: 10 s, or half the lease when that is shorter.
        let default_timeout = (outbox.lease / 2).min(Duration::from_secs(10));
        let webhook_timeout = Duration::from_millis(number(
            "SMARTCAL_WEBHOOK_TIMEOUT_MS",
            default_timeout.as_millis() as u64,
            1,
        )?);
        if webhook_timeout >= outbox.lease {
            return Err(err(
                "SMARTCAL_WEBHOOK_TIMEOUT_MS",
                "must be shorter than SMARTCAL_OUTBOX_LEASE_SECONDS",
            ));
        }
        let slot_cache_ttl = Duration::from_millis(number("SMARTCAL_SLOT_CACHE_MS", 2_000, 0)?);
        let calendars = CalendarSettings {
            sync_interval: Duration::from_secs(number("SMARTCAL_CALENDAR_SYNC_SECONDS", 300, 1)?),
            timeout: Duration::from_secs(number("SMARTCAL_CALENDAR_TIMEOUT_SECONDS", 15, 1)?),
            max_bytes: number("SMARTCAL_CALENDAR_MAX_BYTES", 10 * 1024 * 1024, 1024)?,
            passwords: match get("SMARTCAL_SECRET_KEY") {
                None => PasswordBox::default(),
                Some(k) if k.len() < 32 => {
                    return Err(err(
                        "SMARTCAL_SECRET_KEY",
                        "use at least 32 characters (e.g. `openssl rand -hex 32`)",
                    ))
                }
                Some(k) => PasswordBox::from_secret(&k),
            },
        };
        let jitsi_jwt = match (get("JITSI_JWT_APP_ID"), get("JITSI_JWT_SECRET")) {
            (Some(a), Some(s)) => Some((a, s)),
            (None, None) => None,
            (Some(_), None) => {
                return Err(err("JITSI_JWT_SECRET", "required with JITSI_JWT_APP_ID"))
            }
            (None, Some(_)) => {
                return Err(err("JITSI_JWT_APP_ID", "required with JITSI_JWT_SECRET"))
            }
        };
        let jaas = match (
            get("JAAS_APP_ID"),
            get("JAAS_KEY_ID"),
            get("JAAS_PRIVATE_KEY"),
        ) {
            (Some(a), Some(k), Some(p)) => Some((a, k, p)),
            (None, None, None) => None,
            (None, _, _) => {
                return Err(err(
                    "JAAS_APP_ID",
                    "JaaS needs JAAS_APP_ID, JAAS_KEY_ID and JAAS_PRIVATE_KEY",
                ))
            }
            (_, None, _) => {
                return Err(err(
                    "JAAS_KEY_ID",
                    "JaaS needs JAAS_APP_ID, JAAS_KEY_ID and JAAS_PRIVATE_KEY",
                ))
            }
            (_, _, None) => {
                return Err(err(
                    "JAAS_PRIVATE_KEY",
                    "JaaS needs JAAS_APP_ID, JAAS_KEY_ID and JAAS_PRIVATE_KEY",
                ))
            }
        };
        let secret = |variable: &'static str| -> Result<Option<String>, ConfigError> {
            match get(variable) {
                None => Ok(None),
                Some(v) if v.len() >= 16 && v.chars().all(|c| c.is_ascii_graphic()) => Ok(Some(v)),
                Some(_) => Err(err(
                    variable,
                    "use at least 16 visible ASCII characters (e.g. `openssl rand -hex 24`)",
                )),
            }
        };
        let small = |variable: &'static str, default: u64| -> Result<u32, ConfigError> {
            let n = number(variable, default, 0)?;
            u32::try_from(n)
                .ok()
                .filter(|n| *n <= 24 * 60)
                .ok_or_else(|| err(variable, "at most 1440 minutes"))
        };
        let meetings = MeetingSettings {
            lobby: match get("JITSI_LOBBY") {
                None => true,
                Some(v) => parse_bool(&v).ok_or_else(|| err("JITSI_LOBBY", "true or false"))?,
            },
            early_join_minutes: small("JITSI_EARLY_JOIN_MINUTES", 10)?,
            overtime_minutes: small("JITSI_OVERTIME_MINUTES", 15)?,
            no_show_minutes: small("JITSI_NO_SHOW_MINUTES", 15)?,
            reservation_secret: secret("JITSI_RESERVATION_SECRET")?,
            jaas_webhook_secret: secret("JAAS_WEBHOOK_SECRET")?,
        };
        let metrics_token = get("SMARTCAL_METRICS_TOKEN");
        if let Some(t) = &metrics_token {
            if t.len() < 16 || !t.chars().all(|c| c.is_ascii_graphic()) {
                return Err(err(
                    "SMARTCAL_METRICS_TOKEN",
                    "use at least 16 visible ASCII characters (e.g. `openssl rand -hex 24`)",
                ));
            }
        }
        let log_format = match get("SMARTCAL_LOG_FORMAT").map(|v| v.to_ascii_lowercase()) {
            None => LogFormat::Text,
            Some(v) if v == "text" => LogFormat::Text,
            Some(v) if v == "json" => LogFormat::Json,
            Some(v) => {
                return Err(err(
                    "SMARTCAL_LOG_FORMAT",
                    format!("{v:?} is neither text nor json"),
                ))
            }
        };
        let clock_offset = match get("SMARTCAL_CLOCK_OFFSET_SECONDS") {
            None => chrono::Duration::zero(),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|s| s.abs() <= 100 * 366 * 86_400)
                .map(chrono::Duration::seconds)
                .ok_or_else(|| {
                    err(
                        "SMARTCAL_CLOCK_OFFSET_SECONDS",
                        format!("{v:?} is not a whole number of seconds within a century"),
                    )
                })?,
        };
        Ok(Config {
            database_url,
            bind,
            public_url,
            jitsi_base_url,
            allow_signup,
            cors_origins,
            embed_origins,
            rate_limit_per_minute,
            slot_cache_ttl,
            smtp_url,
            mail_from,
            mail_dir,
            outbox,
            webhook_timeout,
            jitsi_jwt,
            jaas,
            meetings,
            calendars,
            metrics_token,
            log_format,
            outbound_allow_private,
            clock_offset,
        })
    }
}

/// An absolute http(s) URL, returned without trailing slashes.
fn http_url(variable: &'static str, value: &str) -> Result<String, ConfigError> {
    let parsed = url::Url::parse(value).map_err(|e| err(variable, format!("{value:?}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(err(variable, format!("{value:?} is not an http(s) URL")));
    }
    Ok(value.trim_end_matches('/').to_owned())
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let c = with(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://data/smartcal.db");
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert_eq!(c.jitsi_base_url, "https://meet.jit.si");
        assert!(c.allow_signup);
        assert!(!c.outbound_allow_private);
        assert!(
            with(&[("SMARTCAL_OUTBOUND_ALLOW_PRIVATE", "true")])
                .unwrap()
                .outbound_allow_private
        );
        assert_eq!(c.metrics_token, None);
        assert_eq!(c.log_format, LogFormat::Text);
        assert_eq!(
            with(&[("SMARTCAL_LOG_FORMAT", "JSON")]).unwrap().log_format,
            LogFormat::Json
        );
        assert_eq!(c.calendars.sync_interval, Duration::from_secs(300));
        assert!(!c.calendars.passwords.can_encrypt());
        let keyed = with(&[("SMARTCAL_SECRET_KEY", &"k".repeat(40))]).unwrap();
        assert!(keyed.calendars.passwords.can_encrypt());
        assert_eq!(c.clock_offset, chrono::Duration::zero());
        assert_eq!(
            with(&[("SMARTCAL_CLOCK_OFFSET_SECONDS", "-3600")])
                .unwrap()
                .clock_offset,
            chrono::Duration::hours(-1)
        );
    }

    #[test]
    fn trailing_slash_tolerated() {
        let c = with(&[("JITSI_BASE_URL", "https://localhost:8443/")]).unwrap();
        assert_eq!(c.jitsi_base_url, "https://localhost:8443");
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (k, v) in [
            ("DATABASE_URL", "mysql://x"),
            ("SMARTCAL_BIND", "nonsense"),
            ("JITSI_BASE_URL", "ftp://x"),
            ("SMARTCAL_ALLOW_SIGNUP", "maybe"),
            ("SMARTCAL_OUTBOUND_ALLOW_PRIVATE", "perhaps"),
            ("SMARTCAL_RATE_LIMIT_PER_MINUTE", "-1"),
            ("SMTP_URL", "http://x"),
            ("SMARTCAL_CORS_ORIGINS", "not a url"),
            ("SMARTCAL_OUTBOX_MAX_ATTEMPTS", "0"),
            ("SMARTCAL_OUTBOX_RETRY_BASE_MS", "soon"),
            ("SMARTCAL_OUTBOX_LEASE_SECONDS", "1"),
            ("SMARTCAL_WEBHOOK_TIMEOUT_MS", "900000"),
            ("SMARTCAL_SECRET_KEY", "short"),
            ("SMARTCAL_CALENDAR_SYNC_SECONDS", "x"),
            ("SMARTCAL_CALENDAR_MAX_BYTES", "10"),
            ("SMARTCAL_METRICS_TOKEN", "short"),
            ("SMARTCAL_LOG_FORMAT", "xml"),
            ("SMARTCAL_CLOCK_OFFSET_SECONDS", "soon"),
        ] {
            let e = with(&[(k, v)]).unwrap_err();
            assert_eq!(e.variable, k, "{k}={v}");
        }
    }
}
