//! Conversions between stored Unix seconds and chrono instants.

use chrono::{DateTime, Utc};

/// A stored Unix-seconds value as an instant (out-of-range values clamp to the epoch).
pub fn from_unix(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}
