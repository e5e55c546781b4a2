//! Why an XMPP session failed, or why a wait for a notification ended empty-handed.
//! Each renders as one line that says what went wrong and what to check.

use std::fmt;
use std::time::Duration;

/// A failure of the notification connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XmppError {
    /// Bad settings (URL, CA file); nothing was sent.
    Config { detail: String },
    /// The TCP connection could not be made.
    Connect { url: String, detail: String },
    /// The TLS handshake failed (usually an unknown CA): `detail` in plain words, `advice`
    /// fitting the profile's TLS settings (see [`crate::tls_trust`]).
    Tls {
        url: String,
        detail: String,
        advice: String,
    },
    /// The HTTP upgrade to WebSocket was refused.
    WebSocket { url: String, detail: String },
    /// No answer in time; `waiting_for` names the step.
    Timeout {
        url: String,
        waiting_for: String,
        after: Duration,
    },
    /// SASL refused the credentials (`not-authorized`, …).
    Auth {
        url: String,
        user: String,
        condition: String,
        text: Option<String>,
    },
    /// The server lacks something this client needs (PLAIN, resource binding).
    Unsupported { url: String, detail: String },
    /// The server ended the stream with an error (`service-unavailable`, …).
    Stream {
        url: String,
        condition: String,
        text: Option<String>,
    },
    /// A request (bind, session, subscribe) answered with a stanza error.
    Refused {
        url: String,
        what: String,
        condition: String,
        text: Option<String>,
    },
    /// The server sent something that is not XMPP.
    Protocol { url: String, detail: String },
    /// The server closed the connection; `during` names the step.
    Closed { url: String, during: String },
    /// Reading or writing failed after the connection was made.
    Io { url: String, detail: String },
}

fn with_text(condition: &str, text: &Option<String>) -> String {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!("{condition} ({t})"),
        None => condition.to_string(),
    }
}

impl fmt::Display for XmppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = match self {
            XmppError::Config { detail } => detail.clone(),
            XmppError::Connect { url, detail } => format!(
                "cannot reach the Finesse Notification Service at {url}: {detail} (check the XMPP URL and that the port is open from here: 5223 TLS, 5222 plain is off by default from 12.5, WebSocket /ws/ on 7443, or 8445 from 12.6)"
            ),
            XmppError::Tls {
                url,
                detail,
                advice,
            } => format!("TLS handshake with {url} failed: {detail} ({advice})"),
            XmppError::WebSocket { url, detail } => format!(
                "WebSocket upgrade at {url} failed: {detail} (check the path, /ws/, and the port: 7443 on 12.5, 8445 from 12.6)"
            ),
            XmppError::Timeout {
                url,
                waiting_for,
                after,
            } => format!(
                "no answer from {url} to {waiting_for} within {} (raise timeouts.request, or check the Notification Service)",
                humantime::format_duration(*after)
            ),
            XmppError::Auth {
                url,
                user,
                condition,
                text,
            } => format!(
                "XMPP login as {user} at {url} refused: {} (check the user's id and password in the profile; 5 bad passwords lock the account for 5 minutes)",
                with_text(condition, text)
            ),
            XmppError::Unsupported { url, detail } => {
                format!("the XMPP server at {url} {detail}")
            }
            XmppError::Stream {
                url,
                condition,
                text,
            } => {
                let hint = match condition.as_str() {
                    "service-unavailable" | "system-shutdown" | "remote-connection-failed" => {
                        " (the Finesse Notification Service may be down; Finesse is then out of service, guide p29)"
                    }
                    "host-unknown" | "improper-addressing" => {
                        " (check the XMPP domain: SystemInfo's xmppDomain)"
                    }
                    "conflict" => " (another session took over this user's resource)",
                    "not-authorized" => " (check the user's credentials)",
                    _ => "",
                };
                format!(
                    "the XMPP server at {url} ended the stream: {}{hint}",
                    with_text(condition, text)
                )
            }
            XmppError::Refused {
                url,
                what,
                condition,
                text,
            } => format!("{what} refused by {url}: {}", with_text(condition, text)),
            XmppError::Protocol { url, detail } => format!(
                "{url} does not speak XMPP as expected: {detail} (is this the Notification Service's URL?)"
            ),
            XmppError::Closed { url, during } => {
                format!("{url} closed the XMPP connection while {during}")
            }
            XmppError::Io { url, detail } => format!("XMPP connection to {url} failed: {detail}"),
        };
        // Server texts can hold anything; the error stays on one line.
        f.write_str(&line.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

impl std::error::Error for XmppError {}

/// A wait for a notification that ended without one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitError {
    /// What was awaited, in the caller's words.
    pub(crate) what: String,
    pub(crate) waited: Duration,
    /// One-line summaries of the notifications considered, oldest first.
    pub(crate) received: Vec<String>,
    /// Notifications that could not be read, one line each.
    pub(crate) malformed: Vec<String>,
    /// Why the connection ended, if it did.
    pub(crate) ended: Option<String>,
}

/// How many received notifications a wait error lists before summarising the rest.
const LISTED: usize = 5;

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut line = format!(
            "no notification {} within {}",
            self.what,
            humantime::format_duration(self.waited)
        );
        if let Some(why) = &self.ended {
            line.push_str(&format!(" (the notification connection ended: {why})"));
        }
        match self.received.len() {
            0 => line.push_str("; none arrived"),
            n => {
                // The latest are the most telling.
                let shown: Vec<&str> = self
                    .received
                    .iter()
                    .skip(n.saturating_sub(LISTED))
                    .map(String::as_str)
                    .collect();
                let earlier = n.saturating_sub(LISTED);
                let more = if earlier > 0 {
                    format!(" ({earlier} earlier not shown)")
                } else {
                    String::new()
                };
                line.push_str(&format!("; received {n}{more}: {}", shown.join(" | ")));
            }
        }
        if !self.malformed.is_empty() {
            line.push_str(&format!(
                "; {} malformed: {}",
                self.malformed.len(),
                self.malformed.join(" | ")
            ));
        }
        f.write_str(&line.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

impl std::error::Error for WaitError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<XmppError> {
        let url = "tls://finesse.lab:5223".to_string();
        vec![
            XmppError::Config {
                detail: "bad url".into(),
            },
            XmppError::Connect {
                url: url.clone(),
                detail: "Connection refused (os error 111)".into(),
            },
            XmppError::Tls {
                url: url.clone(),
                detail: "the server's certificate does not lead to a trusted CA".into(),
                advice: "set tls.ca_cert to the lab's CA certificate (PEM), or tls.insecure: true for a lab you trust".into(),
            },
            XmppError::WebSocket {
                url: url.clone(),
                detail: "HTTP 404".into(),
            },
            XmppError::Timeout {
                url: url.clone(),
                waiting_for: "the SASL result".into(),
                after: Duration::from_secs(10),
            },
            XmppError::Auth {
                url: url.clone(),
                user: "1001".into(),
                condition: "not-authorized".into(),
                text: Some("bad\ncredentials".into()),
            },
            XmppError::Unsupported {
                url: url.clone(),
                detail: "offers no SASL PLAIN".into(),
            },
            XmppError::Stream {
                url: url.clone(),
                condition: "service-unavailable".into(),
                text: None,
            },
            XmppError::Refused {
                url: url.clone(),
                what: "pubsub subscribe to /finesse/api/Team/1/Users".into(),
                condition: "forbidden".into(),
                text: None,
            },
            XmppError::Protocol {
                url: url.clone(),
                detail: "x".into(),
            },
            XmppError::Closed {
                url: url.clone(),
                during: "binding".into(),
            },
            XmppError::Io {
                url,
                detail: "broken pipe".into(),
            },
        ]
    }

    #[test]
    fn every_error_is_one_line() {
        for e in all() {
            let s = e.to_string();
            assert!(!s.contains('\n'), "{s:?}");
            assert!(!s.is_empty());
        }
    }

    #[test]
    fn errors_say_what_to_do() {
        let shown: Vec<String> = all().iter().map(ToString::to_string).collect();
        assert!(shown[1].contains("Connection refused") && shown[1].contains("port"));
        assert!(shown[2].contains("tls.ca_cert") && shown[2].contains("tls.insecure"));
        assert!(shown[4].contains("within 10s"), "{}", shown[4]);
        assert!(
            shown[5].contains("not-authorized (bad credentials)") && shown[5].contains("password"),
            "{}",
            shown[5]
        );
        assert!(shown[7].contains("Notification Service may be down"));
        assert_eq!(
            shown[8],
            "pubsub subscribe to /finesse/api/Team/1/Users refused by tls://finesse.lab:5223: forbidden"
        );
    }

    #[test]
    fn wait_error_lists_the_latest_arrivals() {
        let mut e = WaitError {
            what: "with state READY".into(),
            waited: Duration::from_millis(1500),
            received: Vec::new(),
            malformed: Vec::new(),
            ended: None,
        };
        assert_eq!(
            e.to_string(),
            "no notification with state READY within 1s 500ms; none arrived"
        );
        e.received = (1..=7).map(|i| format!("PUT /n{i}")).collect();
        e.malformed = vec!["malformed notification on node /x: y".into()];
        e.ended = Some("closed".into());
        let s = e.to_string();
        assert!(
            s.contains("received 7 (2 earlier not shown): PUT /n3 | PUT /n4"),
            "{s}"
        );
        assert!(s.contains("PUT /n7; 1 malformed: malformed notification on node /x"));
        assert!(s.contains("(the notification connection ended: closed)"));
        assert!(!s.contains("/n2 "));
    }
}
