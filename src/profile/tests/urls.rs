//! The URLs a profile names.

use super::*;
use crate::profile::urls::{UrlFault, check_url};

#[test]
fn bad_urls_rejected() {
    for url in [
        "ftp://x",
        "finesse.example.com",
        "https://",
        "https://:8445",
        "https://h:port",
        "https://u:p@h",
        "https://h/x?y=1",
    ] {
        let e = parse_err(&minimal("").replace("https://finesse.example.com:8445/", url));
        assert_eq!(e.key.as_deref(), Some("base_url"), "{url}: {e}");
    }
    for url in [
        "http://127.0.0.1:9000",
        "HTTPS://h/finesse//",
        "https://[::1]:8445",
    ] {
        let text = minimal("").replace("https://finesse.example.com:8445/", url);
        let p = parse(&text).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(!p.base_url.ends_with('/'));
    }
    let e = parse_err(&minimal("").replace("https://finesse.example.com:8445/", "https://h:port"));
    assert_eq!(
        e.to_string(),
        "profile lab.yaml: base_url: \"https://h:port\" has an invalid port (fix: use the Finesse server URL, e.g. https://finesse1.lab.example.com:8445)"
    );
    let e = parse_err("users:\n  agents: []\n");
    assert_eq!(e.key.as_deref(), Some("base_url"));
    assert!(e.message.contains("missing"), "{e}");
}

#[test]
fn notification_endpoints() {
    let n = |url: &str| format!("capabilities:\n  notifications:\n    url: {url}\n");
    for ok in [
        "wss://finesse1:8445/ws/",
        "wss://finesse1:7443/ws/",
        "tls://finesse1:5223",
        "tcp://finesse1:5222",
        "ws://127.0.0.1:9000/ws/",
    ] {
        let p = parse(&minimal(&n(ok))).expect(ok);
        let got = p.capabilities.notifications.clone().expect("notifications");
        assert_eq!((got.url.as_str(), got.domain), (ok, None));
        assert_eq!(p.capabilities.has("notifications"), Some(true));
    }
    for bad in [
        "https://finesse1:8445/ws/",
        "finesse1:5222",
        "tcp://:5222",
        "tcp://h:0",
    ] {
        let e = parse_err(&minimal(&n(bad)));
        assert_eq!(
            e.key.as_deref(),
            Some("capabilities.notifications.url"),
            "{bad}"
        );
        assert!(
            e.fix.as_deref().is_some_and(|f| f.contains("wss://")),
            "{e}"
        );
    }
    let with_domain =
        "capabilities:\n  notifications: { url: \"tls://f:5223\", domain: lab.local }\n";
    let p = parse(&minimal(with_domain)).expect("domain");
    assert_eq!(
        p.capabilities
            .notifications
            .and_then(|n| n.domain)
            .as_deref(),
        Some("lab.local")
    );
    assert_eq!(
        parse(&minimal(""))
            .expect("none")
            .capabilities
            .has("notifications"),
        Some(false)
    );
}

#[test]
fn url_faults_are_named() {
    use UrlFault::*;
    let http = ["https", "http"];
    let cases = [
        ("ftp://h", Scheme),
        ("https:/h", Scheme),
        ("https:h", Scheme),
        ("https://h /x", Whitespace),
        ("https://h\t/x", Whitespace),
        ("https://h/x?y=1", QueryOrFragment),
        ("https://h/x#f", QueryOrFragment),
        ("https://u:p@h", Credentials),
        ("https://u@h", Credentials),
        ("https://[::1", UnclosedBracket),
        ("https://[zz]:1", BadHost),
        ("https://<h>", BadHost),
        ("https://", NoHost),
        ("https://:8445", NoHost),
        ("https://h:port", BadPort),
        ("https://h:0", BadPort),
        ("https://h:65536", BadPort),
    ];
    for (url, fault) in cases {
        assert_eq!(check_url(url, &http), Err(fault), "{url}");
    }
    // The URL standard reads an empty port as the scheme's default and an empty user as none.
    for url in [
        "https://h:",
        "https://@h",
        "https://h",
        "HTTPS://h:8445/finesse//",
        "https://[::1]:8445",
        "http://127.0.0.1:9000",
    ] {
        assert_eq!(check_url(url, &http), Ok(()), "{url}");
    }
    let xmpp = ["tcp", "tls"];
    let cases = [
        ("tcp://", NoHost),
        ("tcp://:5222", NoHost),
        ("tcp://h:0", BadPort),
        ("tls://h:99999", BadPort),
        ("tcp://u@h:5222", Credentials),
        ("tcp://h:5222?x", QueryOrFragment),
    ];
    for (url, fault) in cases {
        assert_eq!(check_url(url, &xmpp), Err(fault), "{url}");
    }
    for url in ["tcp://h:5222", "tls://[::1]:5223", "TLS://Finesse1:5223"] {
        assert_eq!(check_url(url, &xmpp), Ok(()), "{url}");
    }
}
