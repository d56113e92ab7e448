//! Jitsi join tokens: self-hosted Jitsi with token auth (HS256, `JITSI_JWT_APP_ID` /
//! `JITSI_JWT_SECRET`) and 8x8 JaaS (RS256 with `kid`, `JAAS_APP_ID` / `JAAS_KEY_ID` /
//! `JAAS_PRIVATE_KEY`).
//!
//! A token is minted on every visit of a join link (`/j/{booking_id}` for the host's session,
//! `/j/{booking_id}?token=…` for the guest) inside the meeting's [`JoinWindow`], valid for
//! exactly that window and that booking's room. The claims are the ones Jitsi's token modules
//! read (the README's claim table names each module and its source):
//!
//! - prosody `token_verification` (jitsi-meet `resources/prosody-plugins/token/util.lib.lua`,
//!   `luajwtjitsi.lib.lua`): `iss`, `aud`, `sub`, `room` (never `*`), `nbf`, `exp`, and
//!   `context.user` as the session's user;
//! - `token_affiliation` (jitsi-meet `mod_token_affiliation.lua`, jitsi-contrib
//!   `token_affiliation_legacy`): `context.user.affiliation == "owner"` or
//!   `context.user.moderator == "true"` make an owner (moderator);
//! - jitsi-contrib `token_lobby_bypass`: `context.user.lobby_bypass == true` (a JSON boolean);
//! - jitsi-contrib `token_lobby_ondemand`: `context.user.lobby == true` turns the lobby on and
//!   sends that user to it; token users without it skip it;
//! - 8x8 JaaS (developer.8x8.com/jaas/docs/api-keys-jwt): `aud: "jitsi"`, `iss: "chat"`,
//!   `sub` = app id, `room`, `nbf`, `exp`, `context.user.moderator: "true"|"false"`,
//!   `context.features`. JaaS documents no lobby claim, so its tokens carry none.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};

use crate::config::{Config, MeetingSettings};

/// The join window closes this long after the meeting's end.
pub const AFTER_END: Duration = Duration::hours(1);

/// When a join link mints tokens for a meeting: from `JITSI_EARLY_JOIN_MINUTES` before its
/// start until [`AFTER_END`] after its end; the tokens' `nbf` and `exp` are its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JoinWindow {
    /// The first instant a token is minted (and valid).
    pub opens: DateTime<Utc>,
    /// The first instant no token is minted any more (Jitsi refuses a token at its `exp`).
    pub closes: DateTime<Utc>,
}

impl JoinWindow {
    /// The window of a meeting from `start` to `end`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>, meetings: &MeetingSettings) -> Self {
        JoinWindow {
            opens: start - Duration::minutes(i64::from(meetings.early_join_minutes)),
            closes: end + AFTER_END,
        }
    }

    /// Whether a join link visited at `now` mints a token.
    pub fn contains(&self, now: DateTime<Utc>) -> bool {
        self.opens <= now && now < self.closes
    }
}

/// How rooms are protected.
#[derive(Clone)]
pub enum TokenAuth {
    /// Self-hosted Jitsi with token auth.
    SelfHosted {
        app_id: String,
        /// The Jitsi server's host name (`sub`).
        domain: String,
        key: EncodingKey,
    },
    /// 8x8 Jitsi as a Service.
    Jaas {
        app_id: String,
        key_id: String,
        key: EncodingKey,
    },
}

impl std::fmt::Debug for TokenAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenAuth::SelfHosted { app_id, domain, .. } => {
                write!(f, "SelfHosted({app_id} on {domain})")
            }
            TokenAuth::Jaas { app_id, key_id, .. } => write!(f, "Jaas({app_id}, {key_id})"),
        }
    }
}

impl TokenAuth {
    /// From the configuration: JaaS wins over self-hosted when both are set; `None` = open rooms.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<TokenAuth>> {
        if let Some((app_id, key_id, pem)) = &config.jaas {
            let pem = if pem.trim_start().starts_with("-----BEGIN") {
                pem.replace("\\n", "\n")
            } else {
                std::fs::read_to_string(pem)
                    .map_err(|e| anyhow::anyhow!("JAAS_PRIVATE_KEY: cannot read {pem}: {e}"))?
            };
            let key = EncodingKey::from_rsa_pem(pem.as_bytes())
                .map_err(|e| anyhow::anyhow!("JAAS_PRIVATE_KEY: not an RSA private key ({e})"))?;
            return Ok(Some(TokenAuth::Jaas {
                app_id: app_id.clone(),
                key_id: key_id.clone(),
                key,
            }));
        }
        if let Some((app_id, secret)) = &config.jitsi_jwt {
            let domain = url::Url::parse(&config.jitsi_base_url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            return Ok(Some(TokenAuth::SelfHosted {
                app_id: app_id.clone(),
                domain,
                key: EncodingKey::from_secret(secret.as_bytes()),
            }));
        }
        Ok(None)
    }

    /// Where this installation's rooms live: JaaS rooms are under `https://8x8.vc/{app_id}`.
    pub fn room_base(auth: Option<&TokenAuth>, config: &Config) -> String {
        match auth {
            Some(TokenAuth::Jaas { app_id, .. }) => format!("https://8x8.vc/{app_id}"),
            _ => config.jitsi_base_url.clone(),
        }
    }
}

/// Who joins.
#[derive(Debug, Clone)]
pub struct Participant {
    /// A stable id (host id, or `guest-{booking id}` for its guest).
    pub id: String,
    pub name: String,
    pub email: String,
    /// The host: moderator and past the lobby. The guest is neither.
    pub host: bool,
}

/// The `context` claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Context {
    pub user: User,
    /// JaaS feature permissions (`"true"`/`"false"` strings); self-hosted tokens have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<serde_json::Value>,
}

/// `context.user`: who the token's holder is and what the token modules grant them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub name: String,
    pub email: String,
    /// `"true"` for the host. JaaS documents the strings `"true"`/`"false"`;
    /// `token_affiliation` accepts `"true"` as well as `true`, so both backends get the string.
    pub moderator: String,
    /// Self-hosted only, for `token_affiliation`: `"owner"` (moderator) for the host,
    /// `"member"` for the guest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// Self-hosted only, for `token_lobby_bypass`, which tests `== true` (a JSON boolean):
    /// the host walks past the lobby.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lobby_bypass: Option<bool>,
    /// Self-hosted only, for `token_lobby_ondemand` (`== true`): with `JITSI_LOBBY` on, the
    /// guest's arrival turns the room's lobby on and the guest waits there; the host, without
    /// it, is kept out of the lobby.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lobby: Option<bool>,
}

/// A join token's claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub aud: String,
    pub iss: String,
    pub sub: String,
    /// The booking's room, exactly (Jitsi lowercases room names; ours are lowercase).
    pub room: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub context: Context,
}

/// The claims for `who` joining `room` within `window`; `lobby` is `JITSI_LOBBY` (pure).
pub fn claims(
    auth: &TokenAuth,
    room: &str,
    window: &JoinWindow,
    who: &Participant,
    lobby: bool,
    now: DateTime<Utc>,
) -> Claims {
    let user = |affiliation, lobby_bypass, lobby| User {
        id: who.id.clone(),
        name: who.name.clone(),
        email: who.email.clone(),
        moderator: who.host.to_string(),
        affiliation,
        lobby_bypass,
        lobby,
    };
    let (iss, sub, user, features) = match auth {
        TokenAuth::SelfHosted { app_id, domain, .. } => (
            app_id.clone(),
            domain.clone(),
            user(
                Some(if who.host { "owner" } else { "member" }.to_owned()),
                Some(who.host),
                Some(lobby && !who.host),
            ),
            None,
        ),
        TokenAuth::Jaas { app_id, .. } => (
            "chat".to_owned(),
            app_id.clone(),
            user(None, None, None),
            Some(serde_json::json!({
                "livestreaming": "false", "recording": "false",
                "transcription": "false", "outbound-call": "false"
            })),
        ),
    };
    Claims {
        aud: "jitsi".into(),
        iss,
        sub,
        room: room.to_owned(),
        iat: now.timestamp(),
        nbf: window.opens.timestamp(),
        exp: window.closes.timestamp(),
        context: Context { user, features },
    }
}

/// Signs the claims: HS256 for self-hosted, RS256 with the JaaS key id for JaaS (both with
/// the `typ: JWT` header `luajwtjitsi` insists on).
pub fn sign(auth: &TokenAuth, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
    let (header, key) = match auth {
        TokenAuth::SelfHosted { key, .. } => (Header::new(Algorithm::HS256), key),
        TokenAuth::Jaas { key_id, key, .. } => {
            let mut h = Header::new(Algorithm::RS256);
            h.kid = Some(key_id.clone());
            (h, key)
        }
    };
    jsonwebtoken::encode(&header, claims, key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};
    use serde_json::{json, Value};

    const JAAS_KEY: &str = include_str!("../../tests/fixtures/jaas-test-key.pem");
    const JAAS_PUBLIC_KEY: &str = include_str!("../../tests/fixtures/jaas-test-key.pub.pem");

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn meetings(lobby: bool, early_join_minutes: u32) -> MeetingSettings {
        MeetingSettings {
            lobby,
            early_join_minutes,
            overtime_minutes: 15,
            no_show_minutes: 15,
            reservation_secret: None,
            jaas_webhook_secret: None,
        }
    }

    fn self_hosted() -> TokenAuth {
        TokenAuth::SelfHosted {
            app_id: "smartcal".into(),
            domain: "meet.example.com".into(),
            key: EncodingKey::from_secret(b"s3cret"),
        }
    }

    fn jaas() -> TokenAuth {
        TokenAuth::Jaas {
            app_id: "vpaas-magic-cookie-test".into(),
            key_id: "vpaas-magic-cookie-test/abc123".into(),
            key: EncodingKey::from_rsa_pem(JAAS_KEY.as_bytes()).unwrap(),
        }
    }

    fn host() -> Participant {
        Participant {
            id: "host-1".into(),
            name: "Alex Host".into(),
            email: "alex@example.com".into(),
            host: true,
        }
    }

    fn guest() -> Participant {
        Participant {
            id: "guest-b1".into(),
            name: "Gabi Guest".into(),
            email: "gabi@example.com".into(),
            host: false,
        }
    }

    const ROOM: &str = "smartcal-a1-1798000000-k3x9q2m7zt";

    fn window() -> JoinWindow {
        JoinWindow::new(
            t("2027-01-05T09:00:00Z"),
            t("2027-01-05T09:30:00Z"),
            &meetings(true, 10),
        )
    }

    /// Signs, then decodes as Jitsi would (signature, `aud`, `nbf`/`exp` at `now`): (header
    /// `typ`, `kid`, the whole payload).
    fn minted(
        auth: &TokenAuth,
        who: &Participant,
        lobby: bool,
    ) -> (Option<String>, Option<String>, Value) {
        let now = t("2027-01-05T08:55:00Z");
        let jwt = sign(auth, &claims(auth, ROOM, &window(), who, lobby, now)).unwrap();
        let header = decode_header(&jwt).unwrap();
        let (alg, key) = match auth {
            TokenAuth::SelfHosted { .. } => (Algorithm::HS256, DecodingKey::from_secret(b"s3cret")),
            TokenAuth::Jaas { .. } => (
                Algorithm::RS256,
                DecodingKey::from_rsa_pem(JAAS_PUBLIC_KEY.as_bytes()).unwrap(),
            ),
        };
        assert_eq!(header.alg, alg);
        let mut v = Validation::new(alg);
        v.set_audience(&["jitsi"]);
        v.validate_exp = false; // the test's meeting is in 2027: the window is checked below
        let payload = decode::<Value>(&jwt, &key, &v).unwrap().claims;
        (header.typ, header.kid, payload)
    }

    fn self_hosted_payload(user: Value) -> Value {
        json!({
            "aud": "jitsi", "iss": "smartcal", "sub": "meet.example.com", "room": ROOM,
            "iat": t("2027-01-05T08:55:00Z").timestamp(),
            "nbf": t("2027-01-05T08:50:00Z").timestamp(),
            "exp": t("2027-01-05T10:30:00Z").timestamp(),
            "context": {"user": user},
        })
    }

    fn jaas_payload(user: Value) -> Value {
        json!({
            "aud": "jitsi", "iss": "chat", "sub": "vpaas-magic-cookie-test", "room": ROOM,
            "iat": t("2027-01-05T08:55:00Z").timestamp(),
            "nbf": t("2027-01-05T08:50:00Z").timestamp(),
            "exp": t("2027-01-05T10:30:00Z").timestamp(),
            "context": {
                "user": user,
                "features": {
                    "livestreaming": "false", "recording": "false",
                    "transcription": "false", "outbound-call": "false"
                }
            },
        })
    }

    #[test]
    fn the_window_opens_early_join_minutes_before_and_closes_an_hour_after() {
        let w = window();
        assert_eq!(
            (w.opens, w.closes),
            (t("2027-01-05T08:50:00Z"), t("2027-01-05T10:30:00Z"))
        );
        assert!(!w.contains(t("2027-01-05T08:49:59Z")));
        assert!(w.contains(t("2027-01-05T08:50:00Z")));
        assert!(w.contains(t("2027-01-05T10:29:59Z")));
        assert!(!w.contains(t("2027-01-05T10:30:00Z")));
        let wide = JoinWindow::new(
            t("2027-01-05T09:00:00Z"),
            t("2027-01-05T09:30:00Z"),
            &meetings(true, 45),
        );
        assert_eq!(wide.opens, t("2027-01-05T08:15:00Z"));
    }

    #[test]
    fn self_hosted_host_is_owner_moderator_and_bypasses_the_lobby() {
        let (typ, kid, payload) = minted(&self_hosted(), &host(), true);
        assert_eq!((typ.as_deref(), kid), (Some("JWT"), None));
        assert_eq!(
            payload,
            self_hosted_payload(json!({
                "id": "host-1", "name": "Alex Host", "email": "alex@example.com",
                "moderator": "true", "affiliation": "owner",
                "lobby_bypass": true, "lobby": false,
            }))
        );
        // The lobby setting never sends the host to the lobby.
        assert_eq!(minted(&self_hosted(), &host(), false).2, payload);
    }

    #[test]
    fn self_hosted_guest_is_a_member_who_waits_in_the_lobby_when_it_is_on() {
        let (typ, _, payload) = minted(&self_hosted(), &guest(), true);
        assert_eq!(typ.as_deref(), Some("JWT"));
        assert_eq!(
            payload,
            self_hosted_payload(json!({
                "id": "guest-b1", "name": "Gabi Guest", "email": "gabi@example.com",
                "moderator": "false", "affiliation": "member",
                "lobby_bypass": false, "lobby": true,
            }))
        );
        let (_, _, off) = minted(&self_hosted(), &guest(), false);
        assert_eq!(off["context"]["user"]["lobby"], json!(false));
        assert_eq!(off["context"]["user"]["lobby_bypass"], json!(false));
    }

    #[test]
    fn jaas_tokens_carry_only_the_documented_claims() {
        let (typ, kid, payload) = minted(&jaas(), &host(), true);
        assert_eq!(
            (typ.as_deref(), kid.as_deref()),
            (Some("JWT"), Some("vpaas-magic-cookie-test/abc123"))
        );
        assert_eq!(
            payload,
            jaas_payload(json!({
                "id": "host-1", "name": "Alex Host", "email": "alex@example.com",
                "moderator": "true",
            }))
        );
        for lobby in [true, false] {
            let (_, _, payload) = minted(&jaas(), &guest(), lobby);
            assert_eq!(
                payload,
                jaas_payload(json!({
                    "id": "guest-b1", "name": "Gabi Guest", "email": "gabi@example.com",
                    "moderator": "false",
                }))
            );
        }
    }
}
