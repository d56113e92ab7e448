//! Jitsi room events as the Jitsi server reports them (SPEC §11), turned into one neutral
//! [`Report`] per request: which room, and what happened in it when to whom.
//!
//! Two reporters, each read from its source:
//!
//! - **prosody `event_sync`** (jitsi-contrib/prosody-plugins `event_sync/mod_event_sync_component.lua`
//!   and its README): `POST {api_prefix}/events/room/created`, `…/room/destroyed`,
//!   `…/occupant/joined`, `…/occupant/left`, `Content-Type: application/json`, plus the
//!   configured `api_headers` (here `Authorization: Bearer …`). Bodies: `event_name`,
//!   `room_name` (the MUC JID's node; for a breakout room still the main room's, with
//!   `is_breakout: true` and `breakout_room_id`), `room_jid`, `is_breakout`; room events
//!   `created_at` and `destroyed_at` plus `all_occupants` (every occupant since creation, with
//!   `joined_at`/`left_at`); occupant events `occupant: {occupant_jid, joined_at, left_at
//!   (left only), name, email, id}` — `name`/`email`/`id` from the token's `context.user`
//!   (all of it with `include_user_info`). Times are prosody's `os.time()`: Unix seconds. It
//!   retries on 5xx only, so whatever it cannot use is answered 200.
//! - **JaaS webhooks** (developer.8x8.com/jaas/docs/webhooks-payload, `…/webhooks-signatures`):
//!   `{idempotencyKey, customerId, appId, eventType, sessionId, timestamp (Unix ms), fqn
//!   ("{AppID}/{room}"), data}`; `ROOM_CREATED`/`ROOM_DESTROYED` data `{conference, isBreakout,
//!   breakoutRoomId}`, `PARTICIPANT_JOINED`/`PARTICIPANT_LEFT` data `{moderator, name, email,
//!   id, participantJid, participantId, …}` from the participant's token. Signed:
//!   `X-Jaas-Signature: t={unix},v1={base64 HMAC-SHA256(secret, "{t}.{raw body}")}` (more `v1`
//!   may come; other schemes are ignored).

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::Value;
use sha2::Sha256;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    RoomCreated,
    Joined,
    Left,
    RoomDestroyed,
}

/// Who, for joins and leaves: one browser tab and the identity its token carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupant {
    /// The occupant's JID or JaaS participant id (with the breakout room, inside one).
    pub session: String,
    /// The token's `context.user.id`.
    pub id: Option<String>,
    /// The token's `context.user.email`.
    pub email: Option<String>,
}

/// One event, at Unix seconds `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    pub kind: Kind,
    pub at: i64,
    /// `None` for the room's own events.
    pub occupant: Option<Occupant>,
}

/// One request's events about one room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The room as stored with bookings: lowercase, without a `[tenant]` prefix.
    pub room: String,
    pub events: Vec<Reported>,
}

/// `event_sync`'s four endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncEvent {
    RoomCreated,
    RoomDestroyed,
    OccupantJoined,
    OccupantLeft,
}

/// The room name as stored: without a `[tenant]` prefix, lowercase.
pub fn room_of(name: &str) -> String {
    let name = name.trim();
    let name = match (name.starts_with('['), name.find(']')) {
        (true, Some(end)) => &name[end + 1..],
        _ => name,
    };
    name.to_lowercase()
}

/// A number or numeric string as whole seconds (Lua may encode numbers as floats).
fn seconds(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<f64>().ok().map(|f| f as i64),
        _ => None,
    }
}

/// A string field, or a number written as one; `None` when absent or empty.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An `event_sync` occupant: its join and (when given) leave.
fn sync_occupant(o: &Value, breakout: Option<&str>, now: i64) -> Vec<Reported> {
    let Some(jid) = text(o.get("occupant_jid")) else {
        return Vec::new();
    };
    let occupant = Occupant {
        session: match breakout {
            Some(b) => format!("{jid}#{b}"),
            None => jid,
        },
        id: text(o.get("id")),
        email: text(o.get("email")),
    };
    let joined = seconds(o.get("joined_at"));
    let left = seconds(o.get("left_at"));
    let mut out = Vec::new();
    if let Some(at) = joined.or(if left.is_none() { Some(now) } else { None }) {
        out.push(Reported {
            kind: Kind::Joined,
            at,
            occupant: Some(occupant.clone()),
        });
    }
    if let Some(at) = left {
        out.push(Reported {
            kind: Kind::Left,
            at,
            occupant: Some(occupant),
        });
    }
    out
}

/// An `event_sync` body; `None` when it names no room (nothing to do with it). `now` stands
/// in for a time the body lacks.
pub fn from_event_sync(which: SyncEvent, body: &Value, now: i64) -> Option<Report> {
    let room = room_of(&text(body.get("room_name"))?);
    let breakout = if body.get("is_breakout").and_then(Value::as_bool) == Some(true) {
        Some(text(body.get("breakout_room_id")).unwrap_or_else(|| "breakout".into()))
    } else {
        None
    };
    let mut events = Vec::new();
    match which {
        SyncEvent::RoomCreated => {
            // A breakout room opening is no news about the meeting: its occupants' moves are.
            if breakout.is_none() {
                events.push(Reported {
                    kind: Kind::RoomCreated,
                    at: seconds(body.get("created_at")).unwrap_or(now),
                    occupant: None,
                });
            }
        }
        SyncEvent::RoomDestroyed => {
            let occupants: Vec<&Value> = match body.get("all_occupants") {
                Some(Value::Array(a)) => a.iter().collect(),
                Some(Value::Object(o)) => o.values().collect(), // Lua's empty table: `{}`
                _ => Vec::new(),
            };
            for o in occupants {
                events.extend(sync_occupant(o, breakout.as_deref(), now));
            }
            if breakout.is_none() {
                events.push(Reported {
                    kind: Kind::RoomDestroyed,
                    at: seconds(body.get("destroyed_at")).unwrap_or(now),
                    occupant: None,
                });
            }
        }
        SyncEvent::OccupantJoined | SyncEvent::OccupantLeft => {
            let o = body.get("occupant")?;
            let mut found = sync_occupant(o, breakout.as_deref(), now);
            if which == SyncEvent::OccupantLeft && !found.iter().any(|e| e.kind == Kind::Left) {
                if let Some(j) = found.first().cloned() {
                    found.push(Reported {
                        kind: Kind::Left,
                        at: now,
                        ..j
                    });
                }
            }
            events.extend(found);
        }
    }
    Some(Report { room, events })
}

/// A JaaS webhook body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct JaasBody {
    event_type: String,
    timestamp: Option<Value>,
    fqn: Option<String>,
    #[serde(default)]
    data: Value,
}

/// A JaaS webhook body; `None` for events that say nothing about attendance (or no room).
pub fn from_jaas(body: &[u8], now: i64) -> Option<Report> {
    let b: JaasBody = serde_json::from_slice(body).ok()?;
    let fqn = b.fqn?;
    let room = room_of(fqn.rsplit('/').next().unwrap_or(&fqn));
    // `timestamp` is Unix milliseconds (the documented example: 1600951800112).
    let at = seconds(b.timestamp.as_ref())
        .map(|t| if t > 100_000_000_000 { t / 1000 } else { t })
        .unwrap_or(now);
    let breakout = match b.data.get("isBreakout") {
        Some(Value::Bool(true)) => {
            Some(text(b.data.get("breakoutRoomId")).unwrap_or_else(|| "breakout".into()))
        }
        Some(Value::String(s)) if s == "true" => {
            Some(text(b.data.get("breakoutRoomId")).unwrap_or_else(|| "breakout".into()))
        }
        _ => None,
    };
    let event = match b.event_type.as_str() {
        "ROOM_CREATED" | "ROOM_DESTROYED" if breakout.is_some() => return None,
        "ROOM_CREATED" => Reported {
            kind: Kind::RoomCreated,
            at,
            occupant: None,
        },
        "ROOM_DESTROYED" => Reported {
            kind: Kind::RoomDestroyed,
            at,
            occupant: None,
        },
        "PARTICIPANT_JOINED" | "PARTICIPANT_LEFT" => {
            let session =
                text(b.data.get("participantId")).or_else(|| text(b.data.get("participantJid")))?;
            Reported {
                kind: if b.event_type == "PARTICIPANT_JOINED" {
                    Kind::Joined
                } else {
                    Kind::Left
                },
                at,
                occupant: Some(Occupant {
                    session: match &breakout {
                        Some(r) => format!("{session}#{r}"),
                        None => session,
                    },
                    id: text(b.data.get("id")),
                    email: text(b.data.get("email")),
                }),
            }
        }
        _ => return None,
    };
    Some(Report {
        room,
        events: vec![event],
    })
}

/// How far a JaaS signature's `t` may be from our clock (either way): older ones are replays.
pub const JAAS_TOLERANCE_SECONDS: i64 = 5 * 60;

/// Why a JaaS webhook is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no X-Jaas-Signature header with t= and v1=")]
    Missing,
    #[error("the signature's timestamp is too far from now")]
    Stale,
    #[error("the signature does not match")]
    Mismatch,
}

/// Checks `X-Jaas-Signature` (`header`) over the raw `body` as JaaS documents it: one `t`,
/// any number of `v1` (other schemes ignored); one `v1` must be the base64 HMAC-SHA256 of
/// `"{t}.{body}"` under `secret`, compared in constant time, and `t` within
/// [`JAAS_TOLERANCE_SECONDS`] of `now`.
pub fn verify_jaas(
    secret: &str,
    header: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut t: Option<&str> = None;
    let mut v1: Vec<&str> = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => t = Some(value.trim()),
            Some(("v1", value)) => v1.push(value.trim()),
            _ => {}
        }
    }
    let (Some(t), false) = (t, v1.is_empty()) else {
        return Err(SignatureError::Missing);
    };
    let stamp: i64 = t.parse().map_err(|_| SignatureError::Missing)?;
    if (now - stamp).abs() > JAAS_TOLERANCE_SECONDS {
        return Err(SignatureError::Stale);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key");
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(body);
    let ok = v1.iter().any(|s| {
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .is_ok_and(|sig| mac.clone().verify_slice(&sig).is_ok())
    });
    if ok {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// The `X-Jaas-Signature` value JaaS would send for `body` at `t` (tests and tools).
pub fn sign_jaas(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    format!("t={t},v1={sig}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn event_sync_readme_examples() {
        // The README's `muc-occupant-left` example.
        let left = json!({
            "event_name": "muc-occupant-left",
            "room_name": "catchup",
            "room_jid": "catchup@conference.meet.mydomain.com",
            "is_breakout": false,
            "active_occupants_count": 3,
            "occupant": {
                "name": "James Barrow",
                "email": "j.barrow@domain.com",
                "id": "00380324-a840-400d-880f-7ee0933b7556",
                "occupant_jid": "14f01c40-5195-4a4d-8efb-f58b49d18741@meet.mydomain.com/OWhl8jSh",
                "joined_at": 1625823996,
                "left_at": 1625824035
            }
        });
        let r = from_event_sync(SyncEvent::OccupantLeft, &left, 0).unwrap();
        assert_eq!(r.room, "catchup");
        assert_eq!(r.events.len(), 2);
        assert_eq!(
            (r.events[0].kind, r.events[0].at),
            (Kind::Joined, 1625823996)
        );
        assert_eq!((r.events[1].kind, r.events[1].at), (Kind::Left, 1625824035));
        let o = r.events[1].occupant.as_ref().unwrap();
        assert_eq!(o.email.as_deref(), Some("j.barrow@domain.com"));
        assert_eq!(
            o.id.as_deref(),
            Some("00380324-a840-400d-880f-7ee0933b7556")
        );
        // A tenant prefix and capitals are not part of the stored room.
        let created = json!({"event_name": "muc-room-created", "room_name": "[acme]CatchUp",
            "room_jid": "[acme]catchup@conference.meet.mydomain.com", "is_breakout": false,
            "created_at": 1625823996});
        let r = from_event_sync(SyncEvent::RoomCreated, &created, 0).unwrap();
        assert_eq!(r.room, "catchup");
        assert_eq!(r.events[0].kind, Kind::RoomCreated);
    }

    #[test]
    fn jaas_signatures_as_documented() {
        let body = br#"{"eventType":"ROOM_CREATED"}"#;
        let header = sign_jaas("whsec", 1_632_490_060, body);
        assert_eq!(
            verify_jaas("whsec", Some(&header), body, 1_632_490_100),
            Ok(())
        );
        // Another scheme and a second v1 are tolerated.
        let extra = format!("{header},v0=abc,v1=Zm9v");
        assert_eq!(
            verify_jaas("whsec", Some(&extra), body, 1_632_490_100),
            Ok(())
        );
        assert_eq!(
            verify_jaas("other", Some(&header), body, 1_632_490_100),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_jaas("whsec", Some(&header), b"{}", 1_632_490_100),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_jaas("whsec", Some(&header), body, 1_632_490_060 + 3600),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify_jaas("whsec", None, body, 0),
            Err(SignatureError::Missing)
        );
        assert!(crate::crypto::same_secret("a", "a") && !crate::crypto::same_secret("a", "b"));
    }
}
