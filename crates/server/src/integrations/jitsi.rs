//! Jitsi join tokens: self-hosted Jitsi with token auth (HS256, `JITSI_JWT_APP_ID` /
//! `JITSI_JWT_SECRET`) and 8x8 JaaS (RS256 with `kid`, `JAAS_APP_ID` / `JAAS_KEY_ID` /
//! `JAAS_PRIVATE_KEY`).
//!
//! A token is minted on every visit of a join link (`/j/{booking_id}` for the host's session,
//! `/j/{booking_id}?token=…` for the guest), valid from 15 minutes before the meeting until an
//! hour after it, for that booking's room only; only the host is a moderator.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};

use crate::config::Config;

/// The room opens this long before the start.
pub const EARLY: Duration = Duration::minutes(15);
/// Tokens stay valid this long after the end.
pub const LATE: Duration = Duration::hours(1);

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
    /// A stable id (host id, or the booking id for its guest).
    pub id: String,
    pub name: String,
    pub email: String,
    /// The host moderates; the guest does not.
    pub moderator: bool,
}

/// The `context` claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Context {
    pub user: User,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<serde_json::Value>,
}

/// `context.user`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub name: String,
    pub email: String,
    /// JaaS documents `"true"`/`"false"` strings; self-hosted Jitsi accepts booleans too, so
    /// both get the string form.
    pub moderator: String,
}

/// A join token's claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub aud: String,
    pub iss: String,
    pub sub: String,
    pub room: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub context: Context,
}

/// The claims for `who` joining `room` for a meeting from `start` to `end` (pure).
pub fn claims(
    auth: &TokenAuth,
    room: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    who: &Participant,
    now: DateTime<Utc>,
) -> Claims {
    let (iss, sub, features) = match auth {
        TokenAuth::SelfHosted { app_id, domain, .. } => (app_id.clone(), domain.clone(), None),
        TokenAuth::Jaas { app_id, .. } => (
            "chat".to_owned(),
            app_id.clone(),
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
        nbf: (start - EARLY).timestamp(),
        exp: (end + LATE).timestamp(),
        context: Context {
            user: User {
                id: who.id.clone(),
                name: who.name.clone(),
                email: who.email.clone(),
                moderator: who.moderator.to_string(),
            },
            features,
        },
    }
}

/// Signs the claims: HS256 for self-hosted, RS256 with the JaaS key id for JaaS.
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

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_window_opens_15_minutes_early_and_closes_an_hour_late() {
        let auth = TokenAuth::SelfHosted {
            app_id: "smartcal".into(),
            domain: "meet.example.com".into(),
            key: EncodingKey::from_secret(b"s"),
        };
        let who = Participant {
            id: "h".into(),
            name: "Alex".into(),
            email: "a@example.com".into(),
            moderator: true,
        };
        let c = claims(
            &auth,
            "room-1",
            t("2027-01-05T09:00:00Z"),
            t("2027-01-05T09:30:00Z"),
            &who,
            t("2027-01-01T00:00:00Z"),
        );
        assert_eq!(c.nbf, t("2027-01-05T08:45:00Z").timestamp());
        assert_eq!(c.exp, t("2027-01-05T10:30:00Z").timestamp());
        assert_eq!(
            (c.iss.as_str(), c.sub.as_str(), c.aud.as_str()),
            ("smartcal", "meet.example.com", "jitsi")
        );
        assert_eq!(c.context.user.moderator, "true");
        assert!(c.context.features.is_none());
    }
}
