//! Every route template the server answers, matched once per request by the middleware: the
//! route label of the request's log line and metrics, the per-IP limit it counts against, and
//! the methods a path allows (for 405 answers).
//!
//! Matching works on actix's decoded path (`%6cogin` is `login`), the same text actix routes
//! on, so a request is classified as the route that will answer it. The table is built once
//! from the OpenAPI document plus the routes outside `/api/v1`; a match splits the path into
//! segments once and compares them only with templates of the same length (literal segments
//! before parameters, so `/bookings/export` would win over `/bookings/{id}`).

use actix_web::http::Method;
use utoipa::openapi::OpenApi;

use crate::limits::Limit;
use crate::metrics::{Metrics, RouteMetrics};

#[derive(Debug)]
enum Segment {
    /// Exactly this text.
    Literal(Box<str>),
    /// Any non-empty segment starting with `prefix` and ending with `suffix` (`{token}.ics`).
    Param { prefix: Box<str>, suffix: Box<str> },
    /// Everything from here on, `/` included (`/api/docs/{tail}`).
    Rest,
}

impl Segment {
    fn parse(s: &str) -> Segment {
        match (s.find('{'), s.rfind('}')) {
            (Some(open), Some(close)) if open < close => {
                if s[open..].contains(":.*") {
                    Segment::Rest
                } else {
                    Segment::Param {
                        prefix: s[..open].into(),
                        suffix: s[close + 1..].into(),
                    }
                }
            }
            _ => Segment::Literal(s.into()),
        }
    }

    fn matches(&self, s: &str) -> bool {
        match self {
            Segment::Literal(l) => **l == *s,
            Segment::Param { prefix, suffix } => {
                s.len() > prefix.len() + suffix.len()
                    && s.starts_with(&**prefix)
                    && s.ends_with(&**suffix)
            }
            Segment::Rest => true,
        }
    }

    fn is_literal(&self) -> bool {
        matches!(self, Segment::Literal(_))
    }
}

/// One route template.
#[derive(Debug)]
pub struct Route {
    template: Box<str>,
    segments: Vec<Segment>,
    methods: Vec<Method>,
    limit: Option<Limit>,
    metrics: RouteMetrics,
}

impl Route {
    /// The template, as route labels show it (`/api/v1/bookings/{id}`).
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The per-IP limit requests to it count against.
    pub fn limit(&self) -> Option<Limit> {
        self.limit
    }

    /// Its request metrics.
    pub fn metrics(&self) -> &RouteMetrics {
        &self.metrics
    }
}

/// The most segments a matched path has (longer paths match no template).
const MAX_SEGMENTS: usize = 8;

/// Every route, and the label of requests that match none.
#[derive(Debug)]
pub struct RouteTable {
    routes: Vec<Route>,
    /// Route indexes by segment count, most literal first.
    by_len: [Vec<usize>; MAX_SEGMENTS + 1],
    /// Routes ending in a [`Segment::Rest`].
    with_rest: Vec<usize>,
    unmatched: Route,
}

/// The route label of requests no route matched (the SPA's pages, unknown API paths).
pub const UNMATCHED: &str = "unmatched";

/// The routes outside `/api/v1` (see `http::server::serve`), and `GET /api/v1/openapi.json`,
/// which is served beside the document rather than described in it.
const OTHER_ROUTES: [(&str, Method); 8] = [
    ("/api/v1/openapi.json", Method::GET),
    ("/api/docs", Method::GET),
    ("/api/docs/{_:.*}", Method::GET),
    ("/j/{id}", Method::GET),
    ("/embed.js", Method::GET),
    ("/healthz", Method::GET),
    ("/readyz", Method::GET),
    ("/metrics", Method::GET),
];

/// The limit of an API path (`api`: the template after `/api/v1/`).
fn limit_of(api: &str) -> Option<Limit> {
    if api == "auth/login" || api == "auth/signup" || api.starts_with("auth/password-reset") {
        Some(Limit::Auth)
    } else if api.starts_with("public/")
        || api == "agendas/{id}/slots"
        || api == "bookings"
        || api.starts_with("bookings/")
        || api == "openapi.json"
        // What a Jitsi server calls carries a shared secret (or a signature), not a host's
        // credentials: counted per address like guests' calls, so a wrong secret cannot be
        // tried faster; calls with the right bearer secret pass once the address is at its
        // limit (prosody's event_sync does not retry a 429).
        || api.starts_with("jitsi/")
    {
        Some(Limit::Public)
    } else {
        None
    }
}

impl RouteTable {
    /// The table of `doc`'s paths (under `/api/v1`) and the routes outside it.
    pub fn new(doc: &OpenApi, metrics: &Metrics) -> RouteTable {
        let mut templates: Vec<(String, Vec<Method>)> = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    (Method::GET, item.get.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, on)| on.then_some(m))
                .collect();
                (format!("/api/v1{path}"), methods)
            })
            .collect();
        templates.extend(
            OTHER_ROUTES
                .iter()
                .map(|(t, m)| ((*t).to_owned(), vec![m.clone()])),
        );
        let routes: Vec<Route> = templates
            .into_iter()
            .map(|(template, methods)| Route {
                segments: template[1..].split('/').map(Segment::parse).collect(),
                limit: template.strip_prefix("/api/v1/").and_then(limit_of),
                metrics: metrics.route(&template),
                template: template.into(),
                methods,
            })
            .collect();
        let mut by_len: [Vec<usize>; MAX_SEGMENTS + 1] = Default::default();
        let mut with_rest = Vec::new();
        for (i, r) in routes.iter().enumerate() {
            if matches!(r.segments.last(), Some(Segment::Rest)) {
                with_rest.push(i);
            } else if r.segments.len() <= MAX_SEGMENTS {
                by_len[r.segments.len()].push(i);
            }
        }
        for list in &mut by_len {
            // Literal segments before parameters, position by position.
            list.sort_by_key(|&i| {
                routes[i]
                    .segments
                    .iter()
                    .map(|s| !s.is_literal())
                    .collect::<Vec<_>>()
            });
        }
        RouteTable {
            routes,
            by_len,
            with_rest,
            unmatched: Route {
                template: UNMATCHED.into(),
                segments: Vec::new(),
                methods: Vec::new(),
                limit: None,
                metrics: metrics.route(UNMATCHED),
            },
        }
    }

    /// The route `path` (actix's decoded path) is answered by; the "unmatched" route if none.
    pub fn find(&self, path: &str) -> &Route {
        self.position(path)
            .map_or(&self.unmatched, |i| &self.routes[i])
    }

    /// The methods `path` answers to (empty: no such path), for 405 answers.
    pub fn methods_for(&self, path: &str) -> &[Method] {
        self.position(path)
            .map_or(&[], |i| self.routes[i].methods.as_slice())
    }

    fn position(&self, path: &str) -> Option<usize> {
        let rest = path.strip_prefix('/')?;
        // The first MAX_SEGMENTS segments, split on bytes (`/` is ASCII, so every cut is a
        // character boundary); `n` is MAX_SEGMENTS + 1 when there are more.
        let bytes = rest.as_bytes();
        let mut segments = [""; MAX_SEGMENTS];
        let mut n = 0;
        let mut start = 0;
        loop {
            if n == MAX_SEGMENTS {
                n += 1;
                break;
            }
            let end = memchr::memchr(b'/', &bytes[start..]).map_or(bytes.len(), |p| start + p);
            segments[n] = rest.get(start..end).unwrap_or("");
            n += 1;
            if end == bytes.len() {
                break;
            }
            start = end + 1;
        }
        let same = |i: &&usize, count: usize| {
            self.routes[**i]
                .segments
                .iter()
                .take(count)
                .zip(&segments)
                .all(|(t, s)| t.matches(s))
        };
        if n <= MAX_SEGMENTS {
            if let Some(&i) = self.by_len[n].iter().find(|i| same(i, n)) {
                return Some(i);
            }
        }
        // A Rest route: its fixed segments, then anything (one segment at least, maybe empty).
        self.with_rest
            .iter()
            .find(|i| {
                let fixed = self.routes[**i].segments.len() - 1;
                n > fixed && same(i, fixed)
            })
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RouteTable {
        RouteTable::new(&crate::http::openapi::api_doc(), &Metrics::new())
    }

    fn template(t: &RouteTable, path: &str) -> String {
        t.find(path).template().to_owned()
    }

    #[test]
    fn paths_match_their_templates() {
        let t = table();
        for (path, want) in [
            ("/api/v1/bookings", "/api/v1/bookings"),
            ("/api/v1/bookings/abc", "/api/v1/bookings/{id}"),
            (
                "/api/v1/bookings/abc/cancel",
                "/api/v1/bookings/{id}/cancel",
            ),
            ("/api/v1/agendas/x/slots", "/api/v1/agendas/{id}/slots"),
            ("/api/v1/calendar/tok.ics", "/api/v1/calendar/{token}.ics"),
            (
                "/api/v1/calendar-feed/rotate",
                "/api/v1/calendar-feed/rotate",
            ),
            ("/api/v1/openapi.json", "/api/v1/openapi.json"),
            ("/api/docs/", "/api/docs/{_:.*}"),
            ("/api/docs/swagger-ui.css", "/api/docs/{_:.*}"),
            ("/j/room", "/j/{id}"),
            ("/metrics", "/metrics"),
            ("/", UNMATCHED),
            ("/book/demo/intro", UNMATCHED),
            ("/api/v1/bookings/a/b/c/d/e/f/g/h/i", UNMATCHED),
            ("/api/v1/calendar/.ics", UNMATCHED),
            ("/api/v1//slots", UNMATCHED),
            ("api/v1/bookings", UNMATCHED),
        ] {
            assert_eq!(template(&t, path), want, "{path}");
        }
    }

    #[test]
    fn limits_follow_the_route_not_the_spelling() {
        let t = table();
        let limit = |p: &str| t.find(p).limit();
        assert_eq!(limit("/api/v1/auth/login"), Some(Limit::Auth));
        assert_eq!(limit("/api/v1/auth/signup"), Some(Limit::Auth));
        assert_eq!(limit("/api/v1/auth/password-reset"), Some(Limit::Auth));
        assert_eq!(
            limit("/api/v1/auth/password-reset/confirm"),
            Some(Limit::Auth)
        );
        assert_eq!(limit("/api/v1/public/hosts/alex"), Some(Limit::Public));
        assert_eq!(limit("/api/v1/agendas/x/slots"), Some(Limit::Public));
        assert_eq!(
            limit("/api/v1/public/hosts/a/agendas/b"),
            Some(Limit::Public)
        );
        assert_eq!(limit("/api/v1/bookings/x/reschedule"), Some(Limit::Public));
        assert_eq!(limit("/api/v1/jitsi/conference"), Some(Limit::Public));
        assert_eq!(limit("/api/v1/jitsi/conference/x"), Some(Limit::Public));
        assert_eq!(
            limit("/api/v1/jitsi/events/occupant/joined"),
            Some(Limit::Public)
        );
        assert_eq!(limit("/api/v1/jitsi/jaas/webhook"), Some(Limit::Public));
        assert_eq!(limit("/api/v1/agendas/x"), None);
        assert_eq!(limit("/api/v1/auth/logout"), None);
        assert_eq!(limit("/healthz"), None);
    }

    #[test]
    fn methods_for_405() {
        let t = table();
        assert_eq!(t.methods_for("/api/v1/auth/login"), [Method::POST]);
        assert!(t.methods_for("/api/v1/nothing").is_empty());
        assert!(t.methods_for("/api/v1/bookings/x").contains(&Method::GET));
    }
}
