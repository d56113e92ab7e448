//! The API's addresses, built as text: `{base}/api/v1` plus percent-encoded path segments and
//! a form-encoded query. No URL parser (with its international-domain tables) goes into the
//! browser's wasm for this; the base is the page's own origin there, or what an integrator
//! configured.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::ClientError;

/// What a path segment keeps as it is: letters, digits and `-._~` (RFC 3986's unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `{base}/api/v1`, keeping any path prefix of the base URL and dropping its query and
/// fragment. The base must be an `http` or `https` URL with a host.
pub(crate) fn api_root(base_url: &str) -> Result<String, ClientError> {
    let bad = |why: &str| ClientError::Url(format!("{base_url}: {why}"));
    let trimmed = base_url.trim();
    let (scheme, rest) = trimmed
        .split_once("://")
        .ok_or_else(|| bad("not an absolute URL"))?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(bad("scheme must be http or https"));
    }
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(bad("no host"));
    }
    Ok(format!(
        "{}://{}/api/v1",
        scheme.to_ascii_lowercase(),
        rest.trim_end_matches('/')
    ))
}

/// The API root plus percent-encoded path segments and the query parameters that are present.
pub(crate) fn api_url(root: &str, segments: &[&str], query: &[(&str, Option<&str>)]) -> String {
    let mut url = root.to_owned();
    for segment in segments {
        url.push('/');
        url.extend(utf8_percent_encode(segment, SEGMENT));
    }
    let mut present = query
        .iter()
        .filter_map(|(k, v)| v.map(|v| (*k, v)))
        .peekable();
    if present.peek().is_some() {
        url.push('?');
        url.push_str(
            &form_urlencoded::Serializer::new(String::new())
                .extend_pairs(present)
                .finish(),
        );
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(base: &str) -> String {
        api_root(base).unwrap()
    }

    #[test]
    fn api_root_appends_api_v1() {
        assert_eq!(
            root("http://localhost:8080").as_str(),
            "http://localhost:8080/api/v1"
        );
        assert_eq!(
            root("http://localhost:8080/").as_str(),
            "http://localhost:8080/api/v1"
        );
        assert_eq!(
            root("https://x.example/cal/").as_str(),
            "https://x.example/cal/api/v1"
        );
        assert_eq!(
            root("https://x.example/cal?a=b#f").as_str(),
            "https://x.example/cal/api/v1"
        );
    }

    #[test]
    fn api_root_rejects_bad_urls() {
        assert!(matches!(api_root("not a url"), Err(ClientError::Url(_))));
        assert!(matches!(api_root("mailto:a@b.c"), Err(ClientError::Url(_))));
        assert!(matches!(api_root("http://"), Err(ClientError::Url(_))));
        assert!(matches!(api_root("ftp://h"), Err(ClientError::Url(_))));
        assert_eq!(root("HTTPS://h:8443"), "https://h:8443/api/v1");
    }

    #[test]
    fn path_segments_are_encoded() {
        let url = api_url(
            &root("http://h"),
            &["public", "hosts", "a b/c", "agendas", "é?#"],
            &[],
        );
        assert_eq!(
            url.as_str(),
            "http://h/api/v1/public/hosts/a%20b%2Fc/agendas/%C3%A9%3F%23"
        );
    }

    #[test]
    fn query_skips_absent_and_encodes_values() {
        let url = api_url(
            &root("http://h"),
            &["bookings"],
            &[
                ("scope", Some("all")),
                ("cursor", None),
                ("token", Some("a+b&c=d")),
            ],
        );
        assert_eq!(
            url.as_str(),
            "http://h/api/v1/bookings?scope=all&token=a%2Bb%26c%3Dd"
        );
        let url = api_url(&root("http://h"), &["me"], &[("token", None)]);
        assert_eq!(url.as_str(), "http://h/api/v1/me");
    }
}
