//! The input rules the server and the SPA both apply, in one place so they cannot drift: what
//! an email address must look like and what a new password must be, each with the one message
//! a person is shown when it is not (the server's per-field `errors[].message`, and the SPA's
//! check before it sends anything).
//!
//! Messages are fragments that follow the field's name ("must be …"), like every field message
//! of the API; the SPA shows them as a sentence under the field.

/// What an address that [`parse_email`] refuses is told.
pub const EMAIL_RULE: &str = "must be an email address like name@example.com";

/// What an empty required field is told (a login's email or password).
pub const REQUIRED: &str = "must not be empty";

/// A new password's least length, in characters (signup, reset, change).
pub const PASSWORD_MIN_CHARS: usize = 8;

/// A new password's greatest length, in bytes (argon2 hashes it; a megabyte would be a chore).
pub const PASSWORD_MAX_BYTES: usize = 1024;

/// What a new password that is too short is told.
pub const PASSWORD_TOO_SHORT: &str = "must be at least 8 characters";

/// What a new password that is too long is told.
pub const PASSWORD_TOO_LONG: &str = "must be at most 1024 bytes";

/// The characters besides letters and digits an unquoted local part may hold (RFC 5322 atext).
const LOCAL_SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~";

/// An email address as SmartCal stores it: trimmed and lowercased, or [`EMAIL_RULE`].
///
/// Accepted is `local@domain` where the local part is dot-separated runs of letters, digits
/// (any script) and ``!#$%&'*+-/=?^_`{|}~`` (at most 64 bytes), and the domain is at least two
/// dot-separated labels of letters, digits and inner hyphens (each at most 63 bytes); at most
/// 254 bytes in all. Refused are quoted local parts, IP literals, comments and whitespace:
/// legal in RFC 5322, but not what a person types into a form, and some mail servers refuse
/// them. Every accepted address parses with the mail library the server delivers with (the
/// server's tests check that), so an accepted address never makes an email undeliverable.
pub fn parse_email(v: &str) -> Result<String, &'static str> {
    let e = v.trim().to_lowercase();
    let Some((local, domain)) = e.split_once('@') else {
        return Err(EMAIL_RULE);
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.split('.').all(|atom| {
            !atom.is_empty()
                && atom
                    .chars()
                    .all(|c| c.is_alphanumeric() || LOCAL_SPECIALS.contains(c))
        });
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if e.len() <= 254 && local_ok && domain_ok {
        Ok(e)
    } else {
        Err(EMAIL_RULE)
    }
}

/// Whether `password` may become a host's password: [`PASSWORD_MIN_CHARS`] characters to
/// [`PASSWORD_MAX_BYTES`] bytes, else what is wrong with it.
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < PASSWORD_MIN_CHARS {
        Err(PASSWORD_TOO_SHORT)
    } else if password.len() > PASSWORD_MAX_BYTES {
        Err(PASSWORD_TOO_LONG)
    } else {
        Ok(())
    }
}

/// Addresses both sides test the rule with: this crate against [`parse_email`], the server
/// against its field check and its mail library.
pub mod examples {
    /// Refused, each with [`super::EMAIL_RULE`].
    pub const BAD_EMAILS: &[&str] = &[
        "",
        "x",
        "a@b",
        "a b@c.de",
        "@c.de",
        "a@@c.de",
        "a@c..de",
        "a@.c.de",
        // What the mailer cannot send to (issue 13, finding 8).
        "a:b@example.com",
        "a..b@example.com",
        ".a@example.com",
        "a.@example.com",
        "a@-x.com",
        "a@x-.com",
        // And what a browser's own `type=email` check lets through.
        "a@b.c.",
        "\"quoted\"@example.com",
        "a@[127.0.0.1]",
        "a@127.0.0.1]",
        "jane@example.com (Jane)",
        "Jane <jane@example.com>",
        "a\u{a0}b@example.com",
        "a\u{202e}b@example.com",
        "a@ex_ample.com",
    ];

    /// Accepted as they are (already trimmed and lowercase).
    pub const GOOD_EMAILS: &[&str] = &[
        "jane@example.com",
        "jane.doe+tag@sub.example.co.uk",
        "o'brien@example.ie",
        "x@xn--bcher-kva.example",
        "dörte@sörensen.example",
        "!#$%&'*+-/=?^_`{|}~@example.com",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(
            parse_email(" Jane@Example.COM "),
            Ok("jane@example.com".to_owned())
        );
    }

    #[test]
    fn the_example_bad_emails_are_refused_with_the_one_message() {
        for bad in examples::BAD_EMAILS {
            assert_eq!(parse_email(bad), Err(EMAIL_RULE), "{bad:?}");
        }
    }

    #[test]
    fn the_example_good_emails_are_accepted() {
        for good in examples::GOOD_EMAILS {
            assert_eq!(parse_email(good), Ok((*good).to_owned()), "{good:?}");
        }
    }

    #[test]
    fn lengths_are_bounded() {
        let local = "a".repeat(64);
        assert!(parse_email(&format!("{local}@example.com")).is_ok());
        assert!(parse_email(&format!("a{local}@example.com")).is_err());
        let label = "b".repeat(63);
        assert!(parse_email(&format!("a@{label}.com")).is_ok());
        assert!(parse_email(&format!("a@b{label}.com")).is_err());
        let long = format!("a@{}.com", vec!["c".repeat(60); 5].join("."));
        assert!(long.len() > 254);
        assert!(parse_email(&long).is_err());
    }

    #[test]
    fn new_passwords() {
        assert_eq!(check_new_password("1234567"), Err(PASSWORD_TOO_SHORT));
        assert_eq!(check_new_password("12345678"), Ok(()));
        // Characters, not bytes: seven umlauts are 14 bytes but still too short.
        assert_eq!(check_new_password("äääääää"), Err(PASSWORD_TOO_SHORT));
        assert_eq!(check_new_password(&"x".repeat(1024)), Ok(()));
        assert_eq!(
            check_new_password(&"x".repeat(1025)),
            Err(PASSWORD_TOO_LONG)
        );
        assert!(PASSWORD_TOO_SHORT.contains(&PASSWORD_MIN_CHARS.to_string()));
        assert!(PASSWORD_TOO_LONG.contains(&PASSWORD_MAX_BYTES.to_string()));
    }
}
