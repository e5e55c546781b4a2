//! Where the Notification Service listens, as a URL:
//! `wss://host:8445/ws/` (12.6), `wss://host:7443/ws/` (12.5), `tls://host:5223` (direct
//! TLS), `tcp://host:5222` (plain, off by default from 12.5), `ws://host:7071/ws/`.
//! Without a port, the Finesse 12.5 default for the scheme is used.

use std::fmt;

use super::error::XmppError;
use super::session::Framing;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    Ws,
    Wss,
    Tcp,
    Tls,
}

impl Scheme {
    pub(crate) fn uses_tls(self) -> bool {
        matches!(self, Scheme::Wss | Scheme::Tls)
    }

    pub(crate) fn framing(self) -> Framing {
        match self {
            Scheme::Ws | Scheme::Wss => Framing::WebSocket,
            Scheme::Tcp | Scheme::Tls => Framing::Stream,
        }
    }

    /// Finesse 12.5's ports (reference §7.1).
    fn default_port(self) -> u16 {
        match self {
            Scheme::Ws => 7071,
            Scheme::Wss => 7443,
            Scheme::Tcp => 5222,
            Scheme::Tls => 5223,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Scheme::Ws => "ws",
            Scheme::Wss => "wss",
            Scheme::Tcp => "tcp",
            Scheme::Tls => "tls",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub(crate) scheme: Scheme,
    /// Host name or IP address (IPv6 without brackets).
    pub(crate) host: String,
    pub(crate) port: u16,
    /// The WebSocket path (`/ws/`); empty for TCP.
    pub(crate) path: String,
}

impl Endpoint {
    pub(crate) fn parse(url: &str) -> Result<Endpoint, XmppError> {
        // Credentials in a URL are refused, and never echoed.
        let shown = match url.split_once("://") {
            Some((s, r)) if r.contains('@') => {
                format!("{s}://***@{}", r.rsplit('@').next().unwrap_or(""))
            }
            _ => url.to_string(),
        };
        let bad = |why: &str| XmppError::Config {
            detail: format!(
                "invalid XMPP URL {shown:?}: {why} (expected e.g. wss://finesse:8445/ws/, wss://finesse:7443/ws/, tls://finesse:5223 or tcp://finesse:5222)"
            ),
        };
        let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("no scheme"))?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "ws" => Scheme::Ws,
            "wss" => Scheme::Wss,
            "tcp" | "xmpp" => Scheme::Tcp,
            "tls" | "xmpps" => Scheme::Tls,
            _ => return Err(bad("the scheme must be ws, wss, tcp or tls")),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(bad("credentials do not belong in the URL"));
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6.split_once(']').ok_or_else(|| bad("unclosed ["))?;
            (host, after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let port = match port {
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| bad("the port is not a number from 1 to 65535"))?,
            None => scheme.default_port(),
        };
        let path = match scheme.framing() {
            Framing::WebSocket if path.is_empty() => "/ws/".to_string(),
            Framing::WebSocket => path.to_string(),
            Framing::Stream if path.is_empty() || path == "/" => String::new(),
            Framing::Stream => return Err(bad("tcp and tls URLs take no path")),
        };
        Ok(Endpoint {
            scheme,
            host: host.to_string(),
            port,
            path,
        })
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        write!(
            f,
            "{}://{host}:{}{}",
            self.scheme.name(),
            self.port,
            self.path
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_finesse_urls() {
        let cases = [
            (
                "wss://fin.lab:8445/ws/",
                Scheme::Wss,
                "fin.lab",
                8445,
                "/ws/",
            ),
            ("wss://fin.lab", Scheme::Wss, "fin.lab", 7443, "/ws/"),
            (
                "WS://127.0.0.1:7071/ws",
                Scheme::Ws,
                "127.0.0.1",
                7071,
                "/ws",
            ),
            ("tls://fin.lab", Scheme::Tls, "fin.lab", 5223, ""),
            ("tcp://[::1]:5222/", Scheme::Tcp, "::1", 5222, ""),
            ("xmpp://fin.lab", Scheme::Tcp, "fin.lab", 5222, ""),
        ];
        for (url, scheme, host, port, path) in cases {
            let e = Endpoint::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(
                (e.scheme, e.host.as_str(), e.port, e.path.as_str()),
                (scheme, host, port, path),
                "{url}"
            );
        }
        assert_eq!(
            Endpoint::parse("tcp://[::1]:5222").map(|e| e.to_string()),
            Ok("tcp://[::1]:5222".to_string())
        );
        assert_eq!(
            Endpoint::parse("wss://fin.lab").map(|e| e.to_string()),
            Ok("wss://fin.lab:7443/ws/".to_string())
        );
    }

    #[test]
    fn rejects_bad_urls_with_an_example() {
        for url in [
            "fin.lab:5222",
            "http://fin.lab",
            "tcp://",
            "tcp://fin.lab:0",
            "tcp://fin.lab:99999",
            "tcp://fin.lab:x",
            "tls://fin.lab:5223/ws/",
            "wss://user:pw@fin.lab/ws/",
            "tcp://[::1",
        ] {
            let e = Endpoint::parse(url).expect_err(url).to_string();
            assert!(e.starts_with("invalid XMPP URL"), "{e}");
            assert!(e.contains("wss://finesse:8445/ws/"), "{e}");
            assert!(!e.contains('\n'));
            assert!(!e.contains("pw@"), "{e}");
        }
    }
}
