//! The text of the emails about a host's account: the password reset link.
//!
//! Pure rendering like [`crate::email`]: the link and its validity are arguments, every
//! interpolated value is HTML-escaped, and the HTML part uses inline styles only.

use smartcal_i18n::Locale;

use crate::email::{escape_html, messages, RenderedEmail};

/// The email carrying a password reset link (`reset_url`, valid `valid_minutes`) to the host
/// named `host_name`, in the host's language.
pub fn password_reset(
    locale: Locale,
    host_name: &str,
    reset_url: &str,
    valid_minutes: u32,
) -> RenderedEmail {
    let m = messages(locale.language());
    let name: String = host_name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let url: String = reset_url.chars().filter(|c| !c.is_control()).collect();
    let subject = m.text("email-reset-subject");
    let hello = m.format("email-reset-hello", &[("name", name.as_str().into())]);
    let asked = m.text("email-reset-asked");
    let minutes = [("minutes", valid_minutes.into())];
    let logout = m.text("email-reset-logout");
    let ignore = m.text("email-reset-ignore");
    let text = format!(
        "{hello}\n\n{asked}\n{choose}\n\n{url}\n\n{logout}\n{ignore}\n",
        choose = m.format("email-reset-choose", &minutes),
    );
    let p = "margin:0 0 16px;font-size:15px;line-height:1.5;color:#374151;";
    let link = escape_html(&url);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{locale}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\">\n\
         <div style=\"width:100%;background:#f3f4f6;padding:24px 0;\">\n\
         <div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;box-sizing:border-box;\">\n\
         <h1 style=\"margin:0 0 16px;font-size:20px;line-height:1.3;color:#111827;\">{title}</h1>\n\
         <p style=\"{p}\">{hello} {asked}</p>\n\
         <p style=\"margin:24px 0 8px;\"><a href=\"{link}\" style=\"display:inline-block;padding:12px 24px;background:#2563eb;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;font-size:16px;\">{button}</a></p>\n\
         <p style=\"margin:0 0 16px;font-size:13px;color:#6b7280;word-break:break-all;\">{link}</p>\n\
         <p style=\"{p}\">{validity} {logout}</p>\n\
         <p style=\"{p}\">{ignore}</p>\n\
         </div>\n</div>\n</body>\n</html>\n",
        title = escape_html(&subject),
        hello = escape_html(&hello),
        asked = escape_html(&asked),
        button = escape_html(&m.text("email-reset-button")),
        validity = escape_html(&m.format("email-reset-validity", &minutes)),
        logout = escape_html(&logout),
        ignore = escape_html(&ignore),
    );
    RenderedEmail {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_and_its_validity_are_in_both_parts_and_the_name_is_escaped() {
        let url = "https://cal.example.com/reset-password?token=abc&x=1";
        let e = password_reset(
            smartcal_i18n::Locale::english(),
            "Alex <b>\r\nBcc: x",
            url,
            60,
        );
        assert!(e.text.contains(url) && e.text.contains("60 minutes"));
        assert!(e.text.contains("Hello Alex <b>  Bcc: x,"), "{}", e.text);
        assert!(e.html.contains("token=abc&amp;x=1"));
        assert!(e.html.contains("Alex &lt;b&gt;") && !e.html.contains("<b>"));
        assert!(!e.subject.contains('\n'));
    }
}
