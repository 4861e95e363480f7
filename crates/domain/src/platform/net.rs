//! Which address a request came from. Behind a reverse proxy the socket's
//! peer is the proxy, and the client is named in X-Forwarded-For; that
//! header is believed only from the proxies the configuration trusts, as
//! anyone else could write it to dodge the login throttle.

use std::net::IpAddr;
use std::str::FromStr;

/// An address range, `10.0.0.0/8` or one address, `127.0.0.1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl FromStr for Cidr {
    type Err = String;
    fn from_str(s: &str) -> Result<Cidr, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| format!("{s:?} is not an address or a range such as 10.0.0.0/8"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("{s:?}: the prefix must be 0–{max}"))?,
            None => max,
        };
        Ok(Cidr { addr, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(a), IpAddr::V4(b)) => prefix_eq(&a.octets(), &b.octets(), self.prefix),
            (IpAddr::V6(a), IpAddr::V6(b)) => prefix_eq(&a.octets(), &b.octets(), self.prefix),
            (IpAddr::V6(a), IpAddr::V4(b)) => a.to_ipv4_mapped().is_some_and(|a| self.prefix >= 96 && prefix_eq(&a.octets(), &b.octets(), self.prefix - 96)),
            (IpAddr::V4(a), IpAddr::V6(b)) => b.to_ipv4_mapped().is_some_and(|b| prefix_eq(&a.octets(), &b.octets(), self.prefix)),
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let full = (prefix / 8) as usize;
    let rest = prefix % 8;
    if a[..full] != b[..full] {
        return false;
    }
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[full] & mask == b[full] & mask
    }
}

fn trusted(ip: IpAddr, proxies: &[Cidr]) -> bool {
    proxies.iter().any(|c| c.contains(ip))
}

/// The client's address: the socket's peer, unless the peer is a trusted
/// proxy; then the nearest address in X-Forwarded-For, read from the right,
/// that is not itself a trusted proxy.
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, proxies: &[Cidr]) -> IpAddr {
    let mut client = peer;
    if !trusted(peer, proxies) {
        return client;
    }
    for hop in forwarded_for.unwrap_or("").rsplit(',') {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else { break };
        client = ip;
        if !trusted(ip, proxies) {
            break;
        }
    }
    client
}

/// The address that counts when deciding by address alone (for /metrics).
/// A request that came through a proxy (`proxied`: it carries any of the
/// forwarding headers) counts only behind a trusted proxy, and then only as
/// the client's address named in X-Forwarded-For (`None` when it is absent,
/// unreadable, or every hop is itself a proxy). Behind a proxy on the same
/// machine every request comes from loopback, and loopback must not mean
/// "anyone".
pub fn deciding_address(peer: IpAddr, proxied: bool, forwarded_for: Option<&str>, proxies: &[Cidr]) -> Option<IpAddr> {
    if !proxied {
        return Some(peer);
    }
    if !trusted(peer, proxies) {
        return None;
    }
    for hop in forwarded_for?.rsplit(',') {
        let ip = hop.trim().parse::<IpAddr>().ok()?;
        if !trusted(ip, proxies) {
            return Some(ip);
        }
    }
    None
}

/// Whether the request reached the proxy over TLS: only a trusted proxy's
/// X-Forwarded-Proto counts.
pub fn forwarded_https(peer: Option<IpAddr>, forwarded_proto: Option<&str>, proxies: &[Cidr]) -> bool {
    peer.is_some_and(|p| trusted(p, proxies)) && forwarded_proto.is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges() {
        let c: Cidr = "10.0.0.0/8".parse().unwrap();
        assert!(c.contains(ip("10.200.1.2")) && !c.contains(ip("11.0.0.1")));
        let one: Cidr = "127.0.0.1".parse().unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let v6: Cidr = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        let odd: Cidr = "192.168.0.0/23".parse().unwrap();
        assert!(odd.contains(ip("192.168.1.9")) && !odd.contains(ip("192.168.2.1")));
        assert!("::ffff:10.0.0.0/104".parse::<Cidr>().unwrap().contains(ip("10.1.2.3")));
        for bad in ["", "10.0.0.0/33", "x", "10.0.0/8"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_forwarded_request_from_an_unnamed_proxy_has_no_deciding_address() {
        let none: Vec<Cidr> = vec![];
        assert_eq!(deciding_address(ip("127.0.0.1"), false, None, &none), Some(ip("127.0.0.1")), "a scraper on the machine itself");
        assert_eq!(deciding_address(ip("127.0.0.1"), true, Some("203.0.113.9"), &none), None, "a proxy on the machine, not named");
        assert_eq!(deciding_address(ip("127.0.0.1"), true, None, &none), None, "a proxy that sends no X-Forwarded-For, or an unreadable one");
        let proxies: Vec<Cidr> = vec!["127.0.0.1".parse().unwrap()];
        assert_eq!(deciding_address(ip("127.0.0.1"), true, Some("203.0.113.9"), &proxies), Some(ip("203.0.113.9")), "the client behind a named proxy");
        assert_eq!(deciding_address(ip("127.0.0.1"), true, Some("203.0.113.9, unknown"), &proxies), None, "a hop that is no address");
        assert_eq!(deciding_address(ip("127.0.0.1"), true, Some("127.0.0.1"), &proxies), None, "only proxies: no client named");
        assert_eq!(deciding_address(ip("127.0.0.1"), true, None, &proxies), None);
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxies: Vec<Cidr> = vec!["127.0.0.1".parse().unwrap(), "10.0.0.0/8".parse().unwrap()];
        assert_eq!(client_address(ip("203.0.113.9"), Some("1.2.3.4"), &proxies), ip("203.0.113.9"), "anyone can write the header");
        assert_eq!(client_address(ip("127.0.0.1"), Some("198.51.100.7"), &proxies), ip("198.51.100.7"));
        assert_eq!(client_address(ip("127.0.0.1"), Some("6.6.6.6, 198.51.100.7, 10.1.1.1"), &proxies), ip("198.51.100.7"), "the client wrote the first");
        assert_eq!(client_address(ip("127.0.0.1"), None, &proxies), ip("127.0.0.1"));
        assert_eq!(client_address(ip("127.0.0.1"), Some("garbage"), &[]), ip("127.0.0.1"));
        assert!(forwarded_https(Some(ip("10.0.0.5")), Some("https"), &proxies));
        assert!(!forwarded_https(Some(ip("203.0.113.9")), Some("https"), &proxies));
        assert!(!forwarded_https(None, Some("https"), &proxies));
    }
}
