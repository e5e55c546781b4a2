//! One client's XMPP session as a state machine without IO: frames in, text out.
//!
//! Stream open → SASL PLAIN → stream restart → resource binding → stanzas (RFC 6120),
//! then pubsub items for the nodes the user is subscribed to (reference §7.2).

use std::time::Instant;

use finesse_protocol::xml::{Element, escape};
use finesse_protocol::xmpp_frame::{CLIENT_NS, Frame, STREAM_NS};

use super::iq;
use super::jid::Jid;
use super::pubsub::{self, Subscriptions, Target};
use super::stanzas::{BIND_NS, Condition, FRAMING_NS, Framing, SASL_NS, SESSION_NS};
use crate::model::{Finesse, Notification};

/// What a session needs from the rest of the mock while it handles one frame.
pub(crate) struct Backend<'a> {
    pub model: &'a mut Finesse,
    pub subs: &'a mut Subscriptions,
    pub now: Instant,
}

impl Backend<'_> {
    /// The REST API's credential check, bad-password lockout included (reference §8); in SSO
    /// mode the password is the user's access token.
    fn authenticate(&mut self, name: &str, password: &str) -> Option<String> {
        self.model
            .authenticate_login(name, password, self.now)
            .ok()
            .map(|u| u.id)
    }
}

/// What to do after a frame: write `out` in order (one WebSocket message each), then
/// restart the stream parser, or close the connection.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Step {
    pub out: Vec<String>,
    pub restart: bool,
    pub close: bool,
}

impl Step {
    fn send(out: String) -> Step {
        Step {
            out: vec![out],
            ..Step::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for the client's stream header (first, or after SASL success).
    AwaitOpen,
    Sasl,
    /// An empty challenge was sent for PLAIN without an initial response.
    Challenged,
    /// Authenticated on a restarted stream; resource not bound yet.
    Authenticated,
    Bound,
    Closed,
}

pub(crate) struct Session {
    framing: Framing,
    domain: String,
    pubsub_domain: String,
    /// Stand-alone mock: the domain is the host name the client asks for in its first stream
    /// header (a real Finesse's host name is its XMPP domain), not a configured one.
    follow_host: bool,
    id: String,
    streams: u32,
    phase: Phase,
    header_sent: bool,
    user: Option<String>,
    jid: Option<Jid>,
    /// Initial presence with a non-negative priority was sent (RFC 6121 §4.2, §8.5.2).
    available: bool,
    counter: u64,
}

impl Session {
    pub(crate) fn new(framing: Framing, domain: &str, id: &str) -> Session {
        Session {
            framing,
            domain: domain.to_lowercase(),
            pubsub_domain: format!("pubsub.{}", domain.to_lowercase()),
            follow_host: false,
            id: id.to_string(),
            streams: 0,
            phase: Phase::AwaitOpen,
            header_sent: false,
            user: None,
            jid: None,
            available: false,
            counter: 0,
        }
    }

    /// Takes the domain from the first stream header's `to` (see [`Session::follow_host`]).
    pub(crate) fn following_host(mut self) -> Session {
        self.follow_host = true;
        self
    }

    /// The bound full JID.
    #[cfg(test)]
    pub(crate) fn jid(&self) -> Option<&Jid> {
        self.jid.as_ref()
    }

    #[cfg(test)]
    pub(crate) fn is_closed(&self) -> bool {
        self.phase == Phase::Closed
    }

    /// Ends the stream with a stream error (RFC 6120 §4.9): the header first if none was
    /// sent yet, then the error and the close.
    pub(crate) fn fail(&mut self, condition: Condition) -> Step {
        let mut out = Vec::new();
        if self.phase == Phase::Closed {
            return Step {
                close: true,
                ..Step::default()
            };
        }
        if !self.header_sent {
            out.push(self.framing.header(&self.stream_id(), &self.domain));
        }
        out.push(self.framing.error(condition));
        out.push(self.framing.close());
        self.phase = Phase::Closed;
        Step {
            out,
            close: true,
            ..Step::default()
        }
    }

    fn stream_id(&self) -> String {
        format!("{}-{}", self.id, self.streams)
    }

    pub(crate) fn handle(&mut self, frame: Frame, backend: &mut Backend<'_>) -> Step {
        match (self.phase, frame) {
            (Phase::Closed, _) => Step {
                close: true,
                ..Step::default()
            },
            (_, Frame::Close) => {
                self.phase = Phase::Closed;
                Step {
                    out: vec![self.framing.close()],
                    close: true,
                    ..Step::default()
                }
            }
            (Phase::AwaitOpen, Frame::Open(header)) => self.open(&header),
            // A new stream only after SASL success (RFC 6120 §6.4.6).
            (_, Frame::Open(_)) => self.fail(Condition::BadFormat),
            (Phase::AwaitOpen, Frame::Stanza { .. }) => self.fail(Condition::BadFormat),
            (Phase::Sasl | Phase::Challenged, Frame::Stanza { el: s, .. }) => {
                self.sasl(&s, backend)
            }
            (Phase::Authenticated, Frame::Stanza { el: s, .. }) => self.bind(&s),
            (Phase::Bound, Frame::Stanza { el: s, .. }) => self.stanza(&s, backend),
        }
    }

    fn open(&mut self, header: &Element) -> Step {
        let expected = match self.framing {
            Framing::Tcp => header.is("stream", STREAM_NS),
            Framing::WebSocket => header.is("open", FRAMING_NS),
        };
        if !expected {
            return self.fail(Condition::InvalidNamespace);
        }
        if self.follow_host
            && self.streams == 0
            && let Some(host) = header.attr("to").and_then(host_name)
        {
            self.pubsub_domain = format!("pubsub.{host}");
            self.domain = host;
        }
        if header
            .attr("to")
            .is_some_and(|to| to.to_lowercase() != self.domain)
        {
            return self.fail(Condition::HostUnknown);
        }
        if !header.attr("version").is_some_and(|v| v.starts_with("1.")) {
            return self.fail(Condition::UnsupportedVersion);
        }
        self.streams += 1;
        self.header_sent = true;
        let header = self.framing.header(&self.stream_id(), &self.domain);
        // No STARTTLS: the mock's TCP port is plain (as Finesse's 5222 when enabled) and the
        // mock has no certificate; PLAIN is offered without TLS.
        let features = if self.user.is_some() {
            self.phase = Phase::Authenticated;
            format!("<bind xmlns='{BIND_NS}'/><session xmlns='{SESSION_NS}'><optional/></session>")
        } else {
            self.phase = Phase::Sasl;
            format!("<mechanisms xmlns='{SASL_NS}'><mechanism>PLAIN</mechanism></mechanisms>")
        };
        Step {
            out: vec![header, self.framing.features(&features)],
            ..Step::default()
        }
    }

    fn sasl_failure(&mut self, condition: &str) -> Step {
        self.phase = Phase::Sasl;
        Step::send(format!(
            "<failure xmlns='{SASL_NS}'><{condition}/></failure>"
        ))
    }

    fn sasl(&mut self, s: &Element, backend: &mut Backend<'_>) -> Step {
        if s.ns != SASL_NS {
            // Stanzas before authentication (RFC 6120 §6.4.1).
            return self.fail(Condition::NotAuthorized);
        }
        match (s.name.as_str(), self.phase) {
            ("auth", _) => {
                if s.attr("mechanism") != Some("PLAIN") {
                    return self.sasl_failure("invalid-mechanism");
                }
                let payload = s.text();
                if payload.trim().is_empty() {
                    // No initial response: ask for it with an empty challenge (§6.4.2).
                    self.phase = Phase::Challenged;
                    return Step::send(format!("<challenge xmlns='{SASL_NS}'/>"));
                }
                self.plain(payload.trim(), backend)
            }
            ("response", Phase::Challenged) => self.plain(s.text().trim(), backend),
            ("abort", _) => self.sasl_failure("aborted"),
            _ => self.sasl_failure("malformed-request"),
        }
    }

    /// SASL PLAIN (RFC 4616): `authzid NUL authcid NUL password`, base64.
    fn plain(&mut self, payload: &str, backend: &mut Backend<'_>) -> Step {
        // "=" is an empty response (RFC 6120 §6.4.2).
        let payload = if payload == "=" { "" } else { payload };
        let Some(bytes) = finesse_protocol::base64::decode(payload) else {
            return self.sasl_failure("incorrect-encoding");
        };
        let Ok(text) = String::from_utf8(bytes) else {
            return self.sasl_failure("malformed-request");
        };
        let parts: Vec<&str> = text.split('\0').collect();
        let [authzid, authcid, password] = parts[..] else {
            return self.sasl_failure("malformed-request");
        };
        let Some(user) = backend.authenticate(authcid, password) else {
            return self.sasl_failure("not-authorized");
        };
        let account = Jid::new(&user, &self.domain, None);
        if !authzid.is_empty() && Jid::parse(authzid).map(|j| j.bare()) != Some(account) {
            return self.sasl_failure("invalid-authzid");
        }
        self.user = Some(user);
        self.phase = Phase::AwaitOpen;
        Step {
            out: vec![format!("<success xmlns='{SASL_NS}'/>")],
            restart: true,
            close: false,
        }
    }

    fn bind(&mut self, s: &Element) -> Step {
        let bind = s.child("bind", BIND_NS);
        let (Some(bind), Some(user)) = (bind, self.user.clone()) else {
            // No stanzas before a resource is bound (RFC 6120 §7.1).
            return self.fail(Condition::NotAuthorized);
        };
        if !s.is("iq", CLIENT_NS) || s.attr("type") != Some("set") {
            return self.fail(Condition::NotAuthorized);
        }
        let requested = bind
            .child("resource", BIND_NS)
            .map(|r| r.text().trim().to_string())
            .filter(|r| !r.is_empty());
        let resource = match requested {
            Some(r) => r,
            None => {
                self.counter += 1;
                format!("mock-{}-{}", self.id, self.counter)
            }
        };
        let jid = Jid::new(&user, &self.domain, Some(&resource));
        self.phase = Phase::Bound;
        let reply = format!(
            "<iq{} type='result' id='{}'><bind xmlns='{BIND_NS}'><jid>{}</jid></bind></iq>",
            self.framing.stanza_ns(),
            escape(s.attr("id").unwrap_or("")),
            escape(&jid.to_string())
        );
        self.jid = Some(jid);
        Step::send(reply)
    }

    fn stanza(&mut self, s: &Element, backend: &mut Backend<'_>) -> Step {
        if s.ns != CLIENT_NS {
            return self.fail(Condition::UnsupportedStanzaType);
        }
        match s.name.as_str() {
            "iq" => self.iq(s, backend),
            "presence" => self.presence(s),
            // Finesse has no chat: messages go nowhere.
            "message" => Step::default(),
            _ => self.fail(Condition::UnsupportedStanzaType),
        }
    }

    fn iq(&mut self, s: &Element, backend: &mut Backend<'_>) -> Step {
        let (Some(jid), Some(user)) = (self.jid.clone(), self.user.clone()) else {
            return self.fail(Condition::NotAuthorized);
        };
        let kind = s.attr("type").unwrap_or("");
        if matches!(kind, "result" | "error") {
            return Step::default();
        }
        let ctx = iq::Request {
            stanza: s,
            user: &user,
            jid: &jid,
            domain: &self.domain,
            pubsub_domain: &self.pubsub_domain,
        };
        let answer = iq::answer(&ctx, backend.model, backend.subs);
        let ns = self.framing.stanza_ns();
        let id = escape(s.attr("id").unwrap_or(""));
        let from = s
            .attr("to")
            .map(|t| format!(" from='{}'", escape(t)))
            .unwrap_or_default();
        let to = escape(&jid.to_string());
        Step::send(match answer {
            Ok(payload) => {
                format!("<iq{ns} type='result' id='{id}'{from} to='{to}'>{payload}</iq>")
            }
            Err(e) => format!(
                "<iq{ns} type='error' id='{id}'{from} to='{to}'>{}</iq>",
                e.to_xml()
            ),
        })
    }

    fn presence(&mut self, s: &Element) -> Step {
        let Some(jid) = self.jid.clone() else {
            return self.fail(Condition::NotAuthorized);
        };
        // Directed presence has no one to reach in the mock.
        if s.attr("to").is_some() {
            return Step::default();
        }
        match s.attr("type") {
            None => {
                let priority = s
                    .child("priority", CLIENT_NS)
                    .and_then(|p| p.text().trim().parse::<i8>().ok())
                    .unwrap_or(0);
                self.available = priority >= 0;
                // The server sends the presence back to the user's own resources
                // (RFC 6121 §4.2.2), this one included.
                let mut echo = s.clone();
                echo.attrs.retain(|(k, _)| k != "from" && k != "to");
                echo.attrs.push(("from".into(), jid.to_string()));
                echo.attrs.push(("to".into(), jid.to_string()));
                let context = match self.framing {
                    Framing::Tcp => CLIENT_NS,
                    Framing::WebSocket => "",
                };
                Step::send(echo.to_xml(context))
            }
            Some("unavailable") => {
                self.available = false;
                Step::default()
            }
            // Subscription requests and probes: the mock keeps no roster.
            Some(_) => Step::default(),
        }
    }

    /// The event message for `n` if this session is subscribed to its node: bare-JID
    /// subscriptions reach it only while it is available (RFC 6121 §8.5.2.1.1).
    pub(crate) fn deliver(&mut self, n: &Notification, subs: &Subscriptions) -> Option<String> {
        if self.phase != Phase::Bound {
            return None;
        }
        let (jid, user) = (self.jid.as_ref()?, self.user.as_deref()?);
        let auto = pubsub::is_auto(&n.node, user);
        let to = match subs.target(&n.node, jid, auto)? {
            Target::Bare if self.available => jid.bare(),
            Target::Bare => return None,
            Target::Full => jid.clone(),
        };
        self.counter += 1;
        let id = format!("{}-n{}", self.id, self.counter);
        Some(pubsub::event_message(
            n,
            &self.pubsub_domain,
            &to,
            &id,
            self.framing.stanza_ns(),
        ))
    }
}

/// `to` as a domain when it is a plausible host name or address (RFC 7622 domainpart, without
/// the internationalised forms no Finesse host uses), lower-cased.
pub(crate) fn host_name(to: &str) -> Option<String> {
    let ok = !to.is_empty()
        && to.len() <= 253
        && to
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    ok.then(|| to.to_ascii_lowercase())
}

#[cfg(test)]
#[path = "tests_session.rs"]
mod tests;
