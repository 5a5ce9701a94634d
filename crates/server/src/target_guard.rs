//! Where a callback may go in production mode (`--sandbox false`).
//!
//! Merchants name the URLs gyeolje posts to (PayApp `feedbackurl`, iPay
//! `service_url`, InnoPay §4.4 settings), and some of them need no secret to
//! name one (`payrequest`). Without a guard an outsider could make the
//! gateway POST to its own loopback services, to the private network behind
//! it, or to a cloud metadata address. So in production mode a target whose
//! address is loopback, private, link-local (the metadata address
//! 169.254.169.254 among them), unique-local, shared (CGNAT), unspecified,
//! multicast or broadcast is refused, unless its host is listed in
//! `--callback-allow-hosts`. The check is made on the addresses the name
//! resolves to, inside the HTTP client's own resolver, so a name cannot be
//! checked as public and then connected to as private (DNS rebinding); a
//! URL with an address literal is checked before the request is sent. The
//! sandbox (the default, a developer tool) posts anywhere, loopback included.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The production-mode guard; `allow` holds host names or addresses that
/// may be private (lowercase, without port).
#[derive(Clone, Debug, Default)]
pub struct TargetGuard {
    allow: Vec<String>,
}

impl TargetGuard {
    pub fn new(allow: &[String]) -> TargetGuard {
        TargetGuard {
            allow: allow
                .iter()
                .map(|h| h.trim().trim_matches(['[', ']']).to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
        }
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
        self.allow.contains(&host)
    }

    /// Refuses `url` if its host is an address literal that may not be
    /// reached (names are checked when they are resolved).
    pub fn check_url(&self, url: &str) -> Result<(), String> {
        let Some(host) = host_of(url) else {
            return Ok(());
        };
        if self.allows(&host) {
            return Ok(());
        }
        match host.trim_matches(['[', ']']).parse::<IpAddr>() {
            Ok(ip) if is_internal(ip) => Err(refusal(&host)),
            Ok(_) | Err(_) => Ok(()),
        }
    }
}

fn refusal(host: &str) -> String {
    format!(
        "refused: {host} is a loopback, private or link-local address (production mode; allow it with --callback-allow-hosts)"
    )
}

/// The host of an `http(s)://` URL, without user info and port.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        format!("[{}]", v6.split(']').next()?)
    } else {
        host_port.split(':').next()?.to_owned()
    };
    Some(host.to_ascii_lowercase())
}

/// Addresses a production gateway must not post to on a merchant's word.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => internal_v4(v4),
            None => internal_v6(v6),
        },
    }
}

fn internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        // 100.64.0.0/10, shared address space (carrier-grade NAT).
        || (a == 100 && (64..128).contains(&b))
        // 0.0.0.0/8 ("this network").
        || a == 0
}

fn internal_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // fc00::/7 unique local, fe80::/10 link-local.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
}

impl Resolve for TargetGuard {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let allowed = self.allows(&host);
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let usable: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| allowed || !is_internal(a.ip()))
                .collect();
            if usable.is_empty() {
                return Err(refusal(&host).into());
            }
            let addrs: Addrs = Box::new(usable.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "203.0.114.1", "2001:4860::8888", "100.128.0.1"] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn address_literals_are_checked_before_sending() {
        let guard = TargetGuard::new(&["localhost".into(), "[::1]".into()]);
        assert!(guard.check_url("http://127.0.0.1:9000/fb").is_err());
        assert!(guard.check_url("http://user:pw@10.0.0.5/fb").is_err());
        assert!(guard.check_url("http://[fe80::1]:80/x").is_err());
        assert!(guard.check_url("http://[::1]:8080/x").is_ok(), "allowed");
        assert!(
            guard.check_url("https://shop.example/fb").is_ok(),
            "names resolve later"
        );
        assert!(guard.check_url("http://8.8.8.8/fb").is_ok());
        assert_eq!(host_of("http://A.Example:81/p?q"), Some("a.example".into()));
    }
}
