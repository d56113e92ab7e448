//! Cleaning free text people type (names, notes, titles) before it is stored and shown to
//! someone else.

/// Whether `c` is an invisible bidirectional formatting character: the embeddings and
/// overrides (U+202A–U+202E), the isolates (U+2066–U+2069), and the marks LRM, RLM and ALM
/// (U+200E, U+200F, U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// `s` without bidi formatting characters: one person's text can then not reorder what is
/// shown around it (a guest name with U+202E "RIGHT-TO-LEFT OVERRIDE" reversing the rest of
/// the host's dashboard row or email line). Letters of right-to-left scripts are kept; they
/// are ordered by the display's own bidi algorithm.
pub fn strip_bidi_controls(s: &str) -> String {
    s.chars().filter(|&c| !is_bidi_control(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_every_bidi_control_and_nothing_else() {
        let controls = [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ];
        for c in controls {
            assert!(is_bidi_control(c), "{c:?}");
            assert_eq!(strip_bidi_controls(&format!("a{c}b")), "ab");
        }
        assert_eq!(
            strip_bidi_controls("Eve \u{202E}moc.liam@\u{202C} x"),
            "Eve moc.liam@ x"
        );
        // Right-to-left letters, joiners and ordinary text stay.
        for kept in ["שלום", "مرحبا", "Zoë\u{200D}", "a\u{200B}b", "line\nbreak"] {
            assert_eq!(strip_bidi_controls(kept), kept);
        }
    }
}
