//! Jitsi room names and meeting URLs.
//!
//! Public Jitsi rooms are open to anyone who knows the name, so names carry a random suffix from
//! a CSPRNG; Jitsi lowercases room names, so everything here is lowercase.

use rand_core::{CryptoRng, RngCore};

/// Length of the random part of a room name: 36^10 ≈ 3.7e15 names, far beyond guessing.
pub const ROOM_SUFFIX_LEN: usize = 10;

/// The characters a room suffix is drawn from.
const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Largest multiple of the alphabet size that fits in a byte: bytes at or above it are rejected
/// so every character is equally likely (no modulo bias).
const ACCEPT_BELOW: u8 = (256 / ALPHABET.len() * ALPHABET.len()) as u8;

/// Draws the unguessable part of a room name: [`ROOM_SUFFIX_LEN`] characters from `[a-z0-9]`,
/// uniformly, by rejection sampling from the given CSPRNG.
pub fn room_suffix<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> String {
    let mut out = String::with_capacity(ROOM_SUFFIX_LEN);
    let mut buf = [0u8; 16];
    while out.len() < ROOM_SUFFIX_LEN {
        rng.fill_bytes(&mut buf);
        for &b in &buf {
            if b < ACCEPT_BELOW && out.len() < ROOM_SUFFIX_LEN {
                out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
    }
    out
}

/// The room name stored with a booking: "smartcal-{agenda_id}-{created_unix}-{suffix}",
/// all lowercase because Jitsi lowercases room names anyway.
pub fn room_name(agenda_id: &str, created_unix: i64, suffix: &str) -> String {
    format!(
        "smartcal-{}-{created_unix}-{}",
        agenda_id.to_lowercase(),
        suffix.to_lowercase()
    )
}

/// The meeting URL "{base}/{room}", tolerating trailing slashes on the configured base URL.
pub fn meeting_url(jitsi_base_url: &str, room_name: &str) -> String {
    format!("{}/{room_name}", jitsi_base_url.trim_end_matches('/'))
}

/// A personal link: the meeting URL plus the Jitsi config fragment
/// `userInfo.displayName="…"` (a percent-encoded JSON string) so the participant joins with
/// their name. Appends with `&` when the URL already has a fragment.
pub fn with_display_name(meeting_url: &str, display_name: &str) -> String {
    let separator = if meeting_url.contains('#') { '&' } else { '#' };
    format!(
        "{meeting_url}{separator}userInfo.displayName={}",
        percent_encode(&json_string(display_name))
    )
}

/// `s` as a JSON string literal, quotes included.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Percent-encodes every byte except RFC 3986 unreserved characters.
fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[test]
    fn suffix_has_length_and_alphabet() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..1000 {
            let s = room_suffix(&mut rng);
            assert_eq!(s.len(), ROOM_SUFFIX_LEN);
            assert!(s
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        }
    }

    #[test]
    fn suffixes_differ_and_are_roughly_uniform() {
        let mut rng = StdRng::seed_from_u64(42);
        let mut counts = [0u32; 36];
        let mut seen = std::collections::HashSet::new();
        let n = 10_000;
        for _ in 0..n {
            let s = room_suffix(&mut rng);
            for b in s.bytes() {
                let i = ALPHABET.iter().position(|&a| a == b).expect("in alphabet");
                counts[i] += 1;
            }
            assert!(seen.insert(s), "duplicate suffix");
        }
        // 100,000 characters over 36 symbols: expected ≈ 2778 each, σ ≈ 52.
        let expected = f64::from(n) * ROOM_SUFFIX_LEN as f64 / 36.0;
        for (i, &c) in counts.iter().enumerate() {
            let dev = (f64::from(c) - expected).abs();
            assert!(dev < 6.0 * 52.0, "symbol {i} count {c} vs {expected}");
        }
        // Chi-squared with 35 degrees of freedom: far below 80 unless biased.
        let chi2: f64 = counts
            .iter()
            .map(|&c| (f64::from(c) - expected).powi(2) / expected)
            .sum();
        assert!(chi2 < 80.0, "chi2 = {chi2}");
    }

    #[test]
    fn room_name_format_is_lowercase() {
        assert_eq!(
            room_name("AbC123", 1_767_225_600, "x1y2z3w4v5"),
            "smartcal-abc123-1767225600-x1y2z3w4v5"
        );
        let mut rng = StdRng::seed_from_u64(1);
        let name = room_name("Agenda-ID", 42, &room_suffix(&mut rng));
        assert_eq!(name, name.to_lowercase());
        assert!(name.starts_with("smartcal-agenda-id-42-"));
        assert_eq!(name.len(), "smartcal-agenda-id-42-".len() + ROOM_SUFFIX_LEN);
    }

    #[test]
    fn meeting_url_tolerates_trailing_slashes() {
        assert_eq!(
            meeting_url("https://meet.jit.si", "room"),
            "https://meet.jit.si/room"
        );
        assert_eq!(
            meeting_url("https://meet.jit.si/", "room"),
            "https://meet.jit.si/room"
        );
        assert_eq!(
            meeting_url("https://localhost:8443//", "room"),
            "https://localhost:8443/room"
        );
    }

    #[test]
    fn display_name_is_json_and_percent_encoded() {
        assert_eq!(
            with_display_name("https://meet.jit.si/room", "Jane Doe"),
            "https://meet.jit.si/room#userInfo.displayName=%22Jane%20Doe%22"
        );
        assert_eq!(
            with_display_name("https://x/r", "Zoë \"Z\" O'Neil\\&#"),
            "https://x/r#userInfo.displayName=%22Zo%C3%AB%20%5C%22Z%5C%22%20O%27Neil%5C%5C%26%23%22"
        );
        assert_eq!(
            with_display_name("https://x/r#config.startWithAudioMuted=true", "A"),
            "https://x/r#config.startWithAudioMuted=true&userInfo.displayName=%22A%22"
        );
    }
}
