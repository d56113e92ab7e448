//! The outbound rule (SPEC §14): webhooks, calendar feeds and CalDAV never reach loopback,
//! private, link-local, CGNAT, multicast, unspecified or other special-purpose addresses, unless
//! the operator sets `SMARTCAL_OUTBOUND_ALLOW_PRIVATE=true`.
//!
//! The rule is applied where a connection is made, not to the URL's text:
//! - a host name goes through [`RuleResolver`] (reqwest's DNS hook), which drops every refused
//!   address it resolves to and fails the attempt when none is left — so a name cannot be made to
//!   point at an internal address between a check and the connection, on the first request or
//!   on any redirect;
//! - a literal IP address never reaches a resolver, so [`Http::request`] checks the URL's own
//!   address when the request is made, and the redirect policy checks every redirect's.
//!
//! Without a proxy: with one, the resolver would only ever see the proxy's address.
//!
//! Errors say what failed without quoting the other side's answer or the transport's details
//! (which would tell an open port from a closed one): see [`describe`].

use std::error::Error as StdError;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use ipnet::IpNet;

/// The special-purpose ranges SmartCal never contacts (IANA's IPv4 and IPv6 special-purpose
/// address registries, less the globally reachable ones). IPv6 forms that carry an IPv4 address
/// (IPv4-mapped, NAT64, 6to4) are judged by that address, see [`is_refused`].
const REFUSED: &[&str] = &[
    // IPv4
    "0.0.0.0/8",       // "this network", unspecified
    "10.0.0.0/8",      // private (RFC 1918)
    "100.64.0.0/10",   // shared address space, CGNAT (RFC 6598)
    "127.0.0.0/8",     // loopback
    "169.254.0.0/16",  // link-local (cloud metadata lives at 169.254.169.254)
    "172.16.0.0/12",   // private
    "192.0.0.0/24",    // IETF protocol assignments
    "192.0.2.0/24",    // documentation
    "192.88.99.0/24",  // 6to4 relay anycast (deprecated)
    "192.168.0.0/16",  // private
    "198.18.0.0/15",   // benchmarking
    "198.51.100.0/24", // documentation
    "203.0.113.0/24",  // documentation
    "224.0.0.0/4",     // multicast
    "240.0.0.0/4",     // reserved, and 255.255.255.255 broadcast
    // IPv6
    "::/96",          // unspecified, loopback, IPv4-compatible (deprecated)
    "100::/64",       // discard-only
    "64:ff9b:1::/48", // local-use IPv4/IPv6 translation
    "2001::/23",      // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
    "2001:db8::/32",  // documentation
    "3fff::/20",      // documentation
    "5f00::/16",      // segment routing SIDs
    "fc00::/7",       // unique local (private)
    "fe80::/10",      // link-local
    "fec0::/10",      // site-local (deprecated)
    "ff00::/8",       // multicast
];

fn refused_nets() -> &'static [IpNet] {
    static NETS: OnceLock<Vec<IpNet>> = OnceLock::new();
    NETS.get_or_init(|| {
        REFUSED
            .iter()
            .map(|n| n.parse().expect("the REFUSED table holds valid networks"))
            .collect()
    })
}

/// Whether the outbound rule refuses `ip`.
pub fn is_refused(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    };
    refused_nets().iter().any(|net| net.contains(&ip))
}

/// The IPv4 address an IPv6 address stands for when the packets end up at it: IPv4-mapped
/// (`::ffff:a.b.c.d`), the well-known NAT64 prefix (`64:ff9b::a.b.c.d`) and 6to4
/// (`2002:aabb:ccdd::/48`).
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let o = v6.octets();
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(Ipv4Addr::new(o[12], o[13], o[14], o[15]));
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(o[2], o[3], o[4], o[5]));
    }
    None
}

/// The address of a URL whose host is a literal IP address (`http://127.0.0.1/`,
/// `http://[::1]/`, and the spellings URL parsing turns into one, like `http://2130706433/`).
pub fn literal_ip(url: &url::Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

/// For registration: the field error for a URL naming a refused address literally, if it does
/// (`None` as well when the operator allows private addresses).
pub fn refused_literal(url: &url::Url, allow_private: bool) -> Option<String> {
    check(url, allow_private).err().map(|r| r.to_string())
}

/// An outbound request refused by the rule: the host (a name or a literal address) and nothing
/// else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    host: String,
    /// The host is an address itself (no name was resolved).
    literal: bool,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.literal {
            "is a private or local address"
        } else {
            "resolves only to a private or local address"
        };
        write!(
            f,
            "{} {what}, which SmartCal does not contact; an operator can allow it with \
             SMARTCAL_OUTBOUND_ALLOW_PRIVATE=true",
            self.host
        )
    }
}

impl StdError for Refused {}

/// More redirects than allowed.
#[derive(Debug)]
struct TooManyRedirects(usize);

impl fmt::Display for TooManyRedirects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server redirected more than {} times", self.0)
    }
}

impl StdError for TooManyRedirects {}

/// reqwest's DNS hook: resolves with the system resolver and keeps only the addresses the rule
/// allows; a name left with none fails with [`Refused`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleResolver;

impl reqwest::dns::Resolve for RuleResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // Port 0: reqwest puts the URL's port in.
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed = allowed_addrs(&host, found)?;
            Ok::<_, Box<dyn StdError + Send + Sync>>(
                Box::new(allowed.into_iter()) as reqwest::dns::Addrs
            )
        })
    }
}

/// The addresses of `found` the rule allows; none left (of some) is [`Refused`].
pub fn allowed_addrs(host: &str, found: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, Refused> {
    let any = !found.is_empty();
    let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| !is_refused(a.ip())).collect();
    if any && allowed.is_empty() {
        return Err(Refused {
            host: host.to_owned(),
            literal: false,
        });
    }
    Ok(allowed)
}

/// The redirect policy: at most `max` redirects, each to an address the rule allows (names are
/// checked again by the resolver when the redirect connects).
pub fn redirect_policy(max: usize, allow_private: bool) -> reqwest::redirect::Policy {
    if max == 0 {
        return reqwest::redirect::Policy::none();
    }
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > max {
            return attempt.error(TooManyRedirects(max));
        }
        match check(attempt.url(), allow_private) {
            Ok(()) => attempt.follow(),
            Err(refused) => attempt.error(refused),
        }
    })
}

/// The rule for a URL's literal address (a name is the resolver's to check).
pub fn check(url: &url::Url, allow_private: bool) -> Result<(), Refused> {
    match literal_ip(url) {
        Some(ip) if !allow_private && is_refused(ip) => Err(Refused {
            host: ip.to_string(),
            literal: true,
        }),
        _ => Ok(()),
    }
}

/// A blocking HTTP client that only goes where the outbound rule lets it: no cookies, no
/// proxy, the rule on every connection and redirect.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::blocking::Client,
    allow_private: bool,
}

/// How an [`Http`] client behaves.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The whole request, and connecting.
    pub timeout: Duration,
    /// Redirects followed at most (0: none; a redirect is then the answer).
    pub redirects: usize,
    /// `SMARTCAL_OUTBOUND_ALLOW_PRIVATE`: the rule is off.
    pub allow_private: bool,
}

impl Http {
    /// A client as `options` say.
    pub fn new(options: Options) -> Result<Http, String> {
        let mut builder = reqwest::blocking::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.timeout)
            .redirect(redirect_policy(options.redirects, options.allow_private))
            .user_agent(concat!("SmartCal/", env!("CARGO_PKG_VERSION")));
        if !options.allow_private {
            builder = builder.dns_resolver(Arc::new(RuleResolver)).no_proxy();
        }
        let client = builder.build().map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Http {
            client,
            allow_private: options.allow_private,
        })
    }

    /// A request to `url`, refused at once when its host is a literal address the rule refuses.
    pub fn request(
        &self,
        method: reqwest::Method,
        url: &str,
    ) -> Result<reqwest::blocking::RequestBuilder, Refused> {
        if let Ok(parsed) = url::Url::parse(url) {
            check(&parsed, self.allow_private)?;
        }
        Ok(self.client.request(method, url))
    }
}

/// A transport error as the host should read it: what failed, never the other side's words or
/// the socket's (a refused connection and a silent port read the same).
pub fn describe(e: &reqwest::Error) -> String {
    let mut src: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(s) = src {
        if let Some(refused) = s.downcast_ref::<Refused>() {
            return refused.to_string();
        }
        if let Some(too_many) = s.downcast_ref::<TooManyRedirects>() {
            return too_many.to_string();
        }
        src = s.source();
    }
    tracing::debug!(error = ?e, "outbound request failed");
    if e.is_connect() {
        "cannot connect to the server".into()
    } else if e.is_timeout() {
        "timed out: the server did not answer in time".into()
    } else if e.is_redirect() {
        "the server's redirect cannot be followed".into()
    } else if e.is_body() || e.is_decode() {
        "reading the server's answer failed".into()
    } else {
        "the server's answer is not valid HTTP".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn special_addresses_are_refused() {
        for a in [
            "127.0.0.1",
            "127.255.255.254",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.0.8",
            "198.18.0.1",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
            "fd00::1",
            "fc00::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
        ] {
            assert!(is_refused(ip(a)), "{a} must be refused");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for a in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.1",
            "172.15.255.255",
            "172.32.0.1",
            "169.253.1.1",
            "192.169.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:1.1.1.1",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(!is_refused(ip(a)), "{a} must be allowed");
        }
    }

    #[test]
    fn literal_hosts_are_found_in_every_spelling() {
        for (u, want) in [
            ("http://127.0.0.1:8080/x", Some("127.0.0.1")),
            ("http://2130706433/", Some("127.0.0.1")),
            ("http://0x7f.1/", Some("127.0.0.1")),
            ("http://127.1/", Some("127.0.0.1")),
            ("https://[::1]/", Some("::1")),
            ("https://[::ffff:7f00:1]/", Some("::ffff:127.0.0.1")),
            ("http://localhost/", None),
            ("https://example.com/", None),
        ] {
            let url = url::Url::parse(u).unwrap();
            assert_eq!(literal_ip(&url), want.map(ip), "{u}");
            assert_eq!(
                refused_literal(&url, false).is_some(),
                want.is_some(),
                "{u}"
            );
            assert_eq!(refused_literal(&url, true), None, "{u}");
        }
    }

    #[test]
    fn resolved_addresses_are_filtered() {
        let a = |s: &str| SocketAddr::new(ip(s), 443);
        assert_eq!(
            allowed_addrs("mixed.example", vec![a("10.0.0.1"), a("1.1.1.1")]).unwrap(),
            vec![a("1.1.1.1")]
        );
        let refused = allowed_addrs("inside.example", vec![a("127.0.0.1"), a("::1")]).unwrap_err();
        let text = refused.to_string();
        assert!(text.starts_with("inside.example resolves only to a private or local address"));
        assert!(text.contains("SMARTCAL_OUTBOUND_ALLOW_PRIVATE=true"));
    }

    /// The hook itself, on a real lookup: `localhost` is refused, whatever it resolves to.
    #[test]
    fn the_resolver_refuses_localhost() {
        use reqwest::dns::Resolve;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let name: reqwest::dns::Name = "localhost".parse().unwrap();
        let result = rt.block_on(RuleResolver.resolve(name));
        let err = match result {
            Ok(addrs) => panic!("resolved to {:?}", addrs.collect::<Vec<_>>()),
            Err(e) => e,
        };
        assert!(err.downcast_ref::<Refused>().is_some(), "{err}");
    }
}
