//! The URLs a profile names (`base_url`, `fault_injection.control_url`,
//! `notifications.url`): parsed by the `url` crate, then held to what the harness can use.

use url::{ParseError, Url};

/// Why a URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UrlFault {
    Scheme,
    Whitespace,
    QueryOrFragment,
    Credentials,
    UnclosedBracket,
    BadHost,
    NoHost,
    BadPort,
}

impl UrlFault {
    /// The end of the message `"<url>" <why>`.
    pub(super) fn why(self) -> &'static str {
        match self {
            UrlFault::Scheme => "does not start with one of the allowed schemes",
            UrlFault::Whitespace => "contains whitespace",
            UrlFault::QueryOrFragment => "must not have a query or fragment",
            UrlFault::Credentials => "must not contain credentials (put users under users:)",
            UrlFault::UnclosedBracket => "has an unclosed IPv6 bracket",
            UrlFault::BadHost => "has an invalid host",
            UrlFault::NoHost => "has no host",
            UrlFault::BadPort => "has an invalid port",
        }
    }
}

/// Ok if `s` is an http(s) URL with a host; Err says what is wrong.
pub(super) fn check_http_url(s: &str) -> Result<(), &'static str> {
    check_url(s, &["https", "http"]).map_err(|fault| match fault {
        UrlFault::Scheme => "is not an http:// or https:// URL",
        other => other.why(),
    })
}

/// A URL with one of `schemes`, a host, an optional non-zero port, and no credentials, query
/// or fragment.
pub(super) fn check_url(s: &str, schemes: &[&str]) -> Result<(), UrlFault> {
    // Checked on the text: the URL standard, which `url` follows, repairs `https:h` and
    // `https:/h` into `https://h/`, drops tabs and line breaks and encodes spaces; in a
    // profile those are typos to show, not to mend.
    let lower = s.to_ascii_lowercase();
    let scheme_ok = schemes
        .iter()
        .any(|sc| lower.strip_prefix(sc).is_some_and(|r| r.starts_with("://")));
    if !scheme_ok {
        return Err(UrlFault::Scheme);
    }
    if s.contains(char::is_whitespace) {
        return Err(UrlFault::Whitespace);
    }
    let url = Url::parse(s).map_err(|e| match e {
        ParseError::EmptyHost => UrlFault::NoHost,
        ParseError::InvalidPort => UrlFault::BadPort,
        ParseError::InvalidIpv6Address if !s.contains(']') => UrlFault::UnclosedBracket,
        _ => UrlFault::BadHost,
    })?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(UrlFault::QueryOrFragment);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlFault::Credentials);
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(UrlFault::NoHost);
    }
    // `url` accepts port 0, which no server listens on.
    if url.port() == Some(0) {
        return Err(UrlFault::BadPort);
    }
    Ok(())
}
