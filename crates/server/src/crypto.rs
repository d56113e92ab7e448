//! Secrets: host passwords (argon2id), random tokens and their stored hashes (session tokens,
//! API keys, guests' manage tokens, feed tokens), and the sealing of CalDAV passwords at rest.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// An argon2id PHC hash of a password.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// Whether `password` matches a stored PHC hash.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the email is unknown, so timing does not reveal accounts.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default())
}

/// 32 random bytes, URL-safe base64, with a readable prefix (e.g. `sc_live_…`).
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// SHA-256 hex: how tokens are stored and looked up.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `given` is `secret`, in time independent of where they differ: their SHA-256
/// digests are compared without an early exit, so neither tells anything about the secret.
pub fn same_secret(given: &str, secret: &str) -> bool {
    let (a, b) = (Sha256::digest(given), Sha256::digest(secret));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |diff, (x, y)| diff | (x ^ y))
        == 0
}

/// Seals CalDAV passwords (ChaCha20-Poly1305) under a key derived from `SMARTCAL_SECRET_KEY`;
/// without that key nothing can be sealed or opened.
#[derive(Clone, Default)]
pub struct PasswordBox {
    key: Option<[u8; 32]>,
}

impl std::fmt::Debug for PasswordBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key = if self.key.is_some() {
            "<set>"
        } else {
            "<none>"
        };
        f.debug_struct("PasswordBox").field("key", &key).finish()
    }
}

impl PasswordBox {
    /// A box keyed by `secret` (the operator's `SMARTCAL_SECRET_KEY`, at least 32 characters).
    pub fn from_secret(secret: &str) -> PasswordBox {
        let mut h = Sha256::new();
        h.update(b"smartcal calendar passwords v1\0");
        h.update(secret.as_bytes());
        PasswordBox {
            key: Some(h.finalize().into()),
        }
    }

    /// Whether passwords can be stored.
    pub fn can_encrypt(&self) -> bool {
        self.key.is_some()
    }

    /// Encrypts a password: base64 of nonce ‖ ciphertext.
    pub fn encrypt(&self, plain: &str) -> Option<String> {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.key?));
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .ok()?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Some(base64::engine::general_purpose::STANDARD.encode(out))
    }

    /// Decrypts what [`PasswordBox::encrypt`] made.
    pub fn decrypt(&self, sealed: &str) -> Result<String, String> {
        let key = self
            .key
            .ok_or("SMARTCAL_SECRET_KEY is not set: cannot read the stored password")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(sealed)
            .map_err(|_| "the stored password is damaged".to_owned())?;
        if bytes.len() < 12 {
            return Err("the stored password is damaged".into());
        }
        let (nonce, ct) = bytes.split_at(12);
        let plain = ChaCha20Poly1305::new(Key::from_slice(&key))
            .decrypt(Nonce::from_slice(nonce), ct)
            .map_err(|_| {
                "the stored password cannot be decrypted: SMARTCAL_SECRET_KEY changed? Enter the password again".to_owned()
            })?;
        String::from_utf8(plain).map_err(|_| "the stored password is damaged".into())
    }

    /// Opens an optional sealed password.
    pub fn open(&self, sealed: Option<&str>) -> Result<Option<String>, String> {
        sealed.map(|s| self.decrypt(s)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_roundtrip() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token("sc_");
        let b = random_token("sc_");
        assert_ne!(a, b);
        assert!(a.starts_with("sc_") && a.len() > 40);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
    }

    #[test]
    fn calendar_passwords_round_trip_and_need_the_key() {
        let s = PasswordBox::from_secret(&"k".repeat(40));
        let sealed = s.encrypt("app password").unwrap();
        assert!(!sealed.contains("app password"));
        assert_eq!(s.decrypt(&sealed).unwrap(), "app password");
        let other = PasswordBox::from_secret(&"o".repeat(40));
        assert!(other.decrypt(&sealed).is_err());
        let none = PasswordBox::default();
        assert!(!none.can_encrypt() && none.encrypt("x").is_none());
    }
}
