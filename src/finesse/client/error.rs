//! Why a request got no usable answer, one line each, and how a transport error is read.

use std::fmt;
use std::time::Duration;

/// Why a request produced no usable response. Each renders as one actionable line.
#[derive(Clone, Debug)]
pub enum ClientError {
    Connect {
        url: String,
        detail: String,
    },
    /// The handshake failed: `detail` says why in plain words, `advice` what to do about
    /// it given the profile's TLS settings (see [`crate::tls_trust`]).
    Tls {
        url: String,
        detail: String,
        advice: String,
    },
    Timeout {
        url: String,
        after: Duration,
    },
    Http {
        url: String,
        detail: String,
    },
    NotXml {
        method: String,
        url: String,
        status: u16,
        expected: String,
        detail: String,
    },
    Config {
        detail: String,
    },
    /// No usable access token for a user: its `token_command` failed, or the target refused
    /// the token and it could not be renewed.
    Token {
        user: String,
        detail: String,
    },
    /// Not sent: earlier requests in a row got no answer (see health.rs).
    TargetDown {
        url: String,
        why: String,
    },
    /// A write from a scenario that is not tagged `@mutates` (never sent).
    ReadOnly {
        method: String,
        url: String,
    },
    /// A body longer than the profile's `limits.max_body_bytes`, not read. The guide bounds
    /// no size: this is the harness refusing, an error rather than a finding.
    TooLarge {
        method: String,
        url: String,
        status: u16,
        /// The Content-Length, when it gave the size away.
        announced: Option<u64>,
        limit: u64,
    },
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Connect { url, detail } => write!(
                f,
                "cannot reach {url}: {detail} (check base_url and that the host and port are reachable from here)"
            ),
            ClientError::Tls {
                url,
                detail,
                advice,
            } => write!(f, "TLS handshake with {url} failed: {detail} ({advice})"),
            ClientError::Timeout { url, after } => write!(
                f,
                "no response from {url} within {} (raise timeouts.request, or check the server)",
                humantime::format_duration(*after)
            ),
            ClientError::Http { url, detail } => write!(f, "request to {url} failed: {detail}"),
            ClientError::NotXml {
                method,
                url,
                status,
                expected,
                detail,
            } => write!(
                f,
                "{method} {url} answered {status} but the body is not a {expected} XML document: {detail}"
            ),
            ClientError::Config { detail } => write!(f, "{detail}"),
            ClientError::Token { user, detail } => {
                write!(f, "no usable access token for {user}: {detail}")
            }
            ClientError::TargetDown { url, why } => write!(
                f,
                "not sent to {url}: {why} (check the Finesse server: it may be hung behind a front end that still answers)"
            ),
            ClientError::ReadOnly { method, url } => write!(
                f,
                "refused to send {method} {url}: this scenario is not tagged @mutates, so it may only read (tag it @mutates if it must change the target)"
            ),
            ClientError::TooLarge {
                method,
                url,
                status,
                announced,
                limit,
            } => {
                let key = crate::profile::MAX_BODY_KEY;
                let limit = crate::profile::describe_size(*limit);
                let (size, done) = match announced {
                    Some(n) => (
                        format!(
                            "{} by its Content-Length",
                            crate::profile::describe_size(*n)
                        ),
                        "refused to read it",
                    ),
                    None => (format!("more than {limit}"), "stopped reading it there"),
                };
                write!(
                    f,
                    "{method} {url} answered {status} with a body of {size}, over the {key} of {limit}: the harness {done} (raise {key} in the profile if the target really sends bodies this big)"
                )
            }
        }
    }
}

impl std::error::Error for ClientError {}

/// The innermost meaningful cause, on one line.
pub(super) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let parts = crate::stdout::error_causes(e);
    parts.last().cloned().unwrap_or_default().replace('\n', " ")
}

pub(super) fn is_tls_error(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = cur {
        if s.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && io
                .get_ref()
                .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some())
        {
            return true;
        }
        let text = s.to_string().to_ascii_lowercase();
        // rustls errors can arrive wrapped in ways a downcast does not see; their texts are
        // distinctive enough.
        let tls_words = [
            "certificate",
            "handshake",
            "tls",
            "corrupt message",
            "received fatal alert",
            "peer sent",
        ];
        if tls_words.iter().any(|w| text.contains(w)) {
            return true;
        }
        cur = s.source();
    }
    false
}
