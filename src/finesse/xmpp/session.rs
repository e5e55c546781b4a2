//! The client side of an XMPP session as a state machine without IO: it is fed what the
//! server sent and answers with what to send and what happened. The transports and the
//! notification client drive it; tests drive it with canned stanzas.
//!
//! Steps (RFC 6120, reference §7.2): open the stream, SASL PLAIN, restart the stream,
//! bind a resource, start the session if the server asks for it, send presence with
//! priority 0. Then: notifications, answers to server pings, keepalive pings, pubsub
//! subscribe/unsubscribe on request.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use finesse_protocol::xml::{Element, escape};
use finesse_protocol::xmpp_frame::{FRAMING_NS, Frame, STREAM_NS};

use super::error::XmppError;
use super::notification::{self, Notification, NotificationError};
use crate::profile::Secret;

const SASL_NS: &str = "urn:ietf:params:xml:ns:xmpp-sasl";
const BIND_NS: &str = "urn:ietf:params:xml:ns:xmpp-bind";
const SESSION_NS: &str = "urn:ietf:params:xml:ns:xmpp-session";
const STANZAS_NS: &str = "urn:ietf:params:xml:ns:xmpp-stanzas";
const PUBSUB_NS: &str = "http://jabber.org/protocol/pubsub";
const PING_NS: &str = "urn:xmpp:ping";
/// Ids of our keepalive pings start with this, so their answers are recognised.
const PING_PREFIX: &str = "ping-";
/// Keepalive pings left unanswered before the server is declared gone (Finesse itself
/// allows two retries, guide p9).
pub(crate) const MAX_UNANSWERED_PINGS: u32 = 3;

/// What the session needs to know. The password is only ever put in the SASL payload.
#[derive(Clone, Debug)]
pub(crate) struct SessionConfig {
    /// The Finesse user id: the JID's local part and the SASL authentication id.
    pub(crate) user: String,
    pub(crate) password: Secret,
    /// SystemInfo's xmppDomain.
    pub(crate) domain: String,
    /// SystemInfo's xmppPubSubDomain, usually `pubsub.<domain>`.
    pub(crate) pubsub: String,
    /// The resource to bind (distinct from the agent desktop's, so it is not replaced).
    pub(crate) resource: String,
    /// Where the session runs, for error messages.
    pub(crate) url: String,
    /// The keepalive interval, for the message when pings go unanswered.
    pub(crate) keepalive: Duration,
}

/// How streams are opened and closed on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Framing {
    /// RFC 7395: `<open/>` and `<close/>` elements, one per WebSocket message.
    WebSocket,
    /// RFC 6120: a `<stream:stream>` header and `</stream:stream>`.
    Stream,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    Opening,
    Authenticating,
    Restarting,
    Binding,
    StartingSession,
    Ready,
    Closing,
    Closed,
}

impl Stage {
    /// What the session waits for at this stage, for timeout and close messages.
    pub(crate) fn waiting_for(self) -> &'static str {
        match self {
            Stage::Opening => "the stream opening (stream features)",
            Stage::Authenticating => "the SASL PLAIN login",
            Stage::Restarting => "the stream restart after login",
            Stage::Binding => "the resource bind",
            Stage::StartingSession => "the session request",
            Stage::Ready => "notifications",
            Stage::Closing => "the stream close",
            Stage::Closed => "nothing (closed)",
        }
    }
}

/// A stanza to send, and how it may appear in a transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outgoing {
    pub(crate) wire: String,
    /// None: not worth a transcript line (keepalive pings).
    pub(crate) shown: Option<String>,
}

impl Outgoing {
    fn shown(wire: String) -> Self {
        Outgoing {
            shown: Some(wire.clone()),
            wire,
        }
    }
}

/// An `<error>` inside an iq answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StanzaError {
    pub(crate) condition: String,
    pub(crate) text: Option<String>,
}

impl fmt::Display for StanzaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(t) => write!(f, "{} ({t})", self.condition),
            None => f.write_str(&self.condition),
        }
    }
}

/// What happened, for the driver to act on.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    Send(Outgoing),
    /// A new stream starts: the transport must expect a new stream header.
    Restart,
    /// Bound, session started, presence sent.
    Ready {
        jid: String,
    },
    Notification(Notification),
    Malformed(NotificationError),
    /// The answer to a request made with [`Session::subscribe`] or [`Session::unsubscribe`].
    Reply {
        id: String,
        result: Result<(), StanzaError>,
    },
    /// The server closed the stream after we asked to.
    Closed,
}

#[derive(Debug)]
pub(crate) struct Session {
    cfg: SessionConfig,
    framing: Framing,
    stage: Stage,
    next_id: u64,
    /// Whether the server requires the (RFC 3921) session request.
    session_required: bool,
    bind_id: String,
    session_id: String,
    jid: Option<String>,
    unanswered_pings: u32,
    /// Open requests by id: what was asked, for nothing but bookkeeping.
    requests: HashMap<String, String>,
}

impl Session {
    pub(crate) fn new(cfg: SessionConfig, framing: Framing) -> Self {
        Session {
            cfg,
            framing,
            stage: Stage::Opening,
            next_id: 1,
            session_required: false,
            bind_id: String::new(),
            session_id: String::new(),
            jid: None,
            unanswered_pings: 0,
            requests: HashMap::new(),
        }
    }

    pub(crate) fn stage(&self) -> Stage {
        self.stage
    }

    /// The full JID once bound.
    pub(crate) fn jid(&self) -> Option<&str> {
        self.jid.as_deref()
    }

    /// The first thing to send: the stream opening.
    pub(crate) fn start(&mut self) -> Outgoing {
        self.stage = Stage::Opening;
        self.open()
    }

    fn open(&self) -> Outgoing {
        let to = escape(&self.cfg.domain);
        Outgoing::shown(match self.framing {
            Framing::WebSocket => {
                format!("<open xmlns='{FRAMING_NS}' to='{to}' version='1.0'/>")
            }
            Framing::Stream => format!(
                "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='{to}' version='1.0'>"
            ),
        })
    }

    fn id(&mut self, kind: &str) -> String {
        let id = format!("{kind}{}", self.next_id);
        self.next_id += 1;
        id
    }

    /// Whether a server stanza is keepalive traffic, not worth a transcript line.
    pub(crate) fn is_quiet(&self, el: &Element) -> bool {
        el.named("iq")
            && (el.attr("id").is_some_and(|id| id.starts_with(PING_PREFIX))
                || (el.attr("type") == Some("get") && el.find("ping").is_some()))
    }

    /// Feeds one frame from the server.
    pub(crate) fn handle(&mut self, frame: Frame) -> Result<Vec<Action>, XmppError> {
        // Any traffic shows the server is alive.
        self.unanswered_pings = 0;
        match frame {
            Frame::Open(header) => self.on_open(&header),
            Frame::Close if self.stage == Stage::Closing => {
                self.stage = Stage::Closed;
                Ok(vec![Action::Closed])
            }
            Frame::Close => {
                let during = self.stage.waiting_for();
                self.stage = Stage::Closed;
                Err(XmppError::Closed {
                    url: self.cfg.url.clone(),
                    during: format!("waiting for {during}"),
                })
            }
            Frame::Stanza { el, raw } => self.on_stanza(&el, &raw),
        }
    }

    /// The server's stream opening must be the one its framing uses.
    fn on_open(&self, header: &Element) -> Result<Vec<Action>, XmppError> {
        let (ok, expected) = match self.framing {
            Framing::WebSocket => (header.is("open", FRAMING_NS), "<open/> (RFC 7395)"),
            Framing::Stream => (header.is("stream", STREAM_NS), "<stream:stream> header"),
        };
        if ok {
            return Ok(Vec::new());
        }
        Err(XmppError::Protocol {
            url: self.cfg.url.clone(),
            detail: format!("expected the server's {expected}, got <{}>", header.qname()),
        })
    }

    fn on_stanza(&mut self, el: &Element, raw: &str) -> Result<Vec<Action>, XmppError> {
        if el.named("error") {
            // Only stream errors are top-level `error` elements.
            self.stage = Stage::Closed;
            let (condition, text) = condition_of(el);
            return Err(XmppError::Stream {
                url: self.cfg.url.clone(),
                condition,
                text,
            });
        }
        match self.stage {
            Stage::Opening => self.on_features(el),
            Stage::Authenticating => self.on_sasl_outcome(el),
            Stage::Restarting => self.on_features_after_login(el),
            Stage::Closed => Ok(Vec::new()),
            _ if el.named("iq") => self.on_iq(el),
            _ if el.named("message") => Ok(notification::notifications_in(el, raw)
                .into_iter()
                .map(|n| match n {
                    Ok(n) => Action::Notification(n),
                    Err(e) => Action::Malformed(e),
                })
                .collect()),
            _ => Ok(Vec::new()),
        }
    }

    fn expect_features<'a>(&self, el: &'a Element) -> Result<&'a Element, XmppError> {
        if el.named("features") {
            return Ok(el);
        }
        Err(XmppError::Protocol {
            url: self.cfg.url.clone(),
            detail: format!(
                "expected <stream:features> while waiting for {}, got <{}>",
                self.stage.waiting_for(),
                el.qname()
            ),
        })
    }

    fn on_features(&mut self, el: &Element) -> Result<Vec<Action>, XmppError> {
        let features = self.expect_features(el)?;
        let mechanisms: Vec<String> = features
            .find("mechanisms")
            .map(|m| {
                m.elements()
                    .filter(|c| c.named("mechanism"))
                    .map(|c| c.text().trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        if !mechanisms.iter().any(|m| m.eq_ignore_ascii_case("PLAIN")) {
            let starttls = features
                .find("starttls")
                .is_some_and(|s| s.find("required").is_some());
            let detail = if starttls {
                "requires STARTTLS, which this client does not do (use tls://host:5223 or wss://host:7443/ws/ instead)".to_string()
            } else {
                format!(
                    "offers no SASL PLAIN login (offers: {}); Finesse logins use PLAIN",
                    if mechanisms.is_empty() {
                        "none".to_string()
                    } else {
                        mechanisms.join(", ")
                    }
                )
            };
            return Err(XmppError::Unsupported {
                url: self.cfg.url.clone(),
                detail,
            });
        }
        let payload = plain_payload(&self.cfg.user, self.cfg.password.expose());
        self.stage = Stage::Authenticating;
        Ok(vec![Action::Send(Outgoing {
            wire: format!("<auth xmlns='{SASL_NS}' mechanism='PLAIN'>{payload}</auth>"),
            // The payload is the password in base64: never shown.
            shown: Some(format!(
                "<auth mechanism='PLAIN'>{}</auth>",
                crate::redact::MASK
            )),
        })])
    }

    fn on_sasl_outcome(&mut self, el: &Element) -> Result<Vec<Action>, XmppError> {
        if el.named("success") {
            self.stage = Stage::Restarting;
            return Ok(vec![Action::Restart, Action::Send(self.open())]);
        }
        if el.named("failure") {
            self.stage = Stage::Closed;
            let (condition, text) = condition_of(el);
            return Err(XmppError::Auth {
                url: self.cfg.url.clone(),
                user: self.cfg.user.clone(),
                condition,
                text,
            });
        }
        Err(XmppError::Protocol {
            url: self.cfg.url.clone(),
            detail: format!(
                "expected <success/> or <failure/> after SASL PLAIN, got <{}>",
                el.qname()
            ),
        })
    }

    fn on_features_after_login(&mut self, el: &Element) -> Result<Vec<Action>, XmppError> {
        let features = self.expect_features(el)?;
        if features.find("bind").is_none() {
            return Err(XmppError::Unsupported {
                url: self.cfg.url.clone(),
                detail: "offers no resource binding after login".into(),
            });
        }
        self.session_required = features
            .find("session")
            .is_some_and(|s| s.find("optional").is_none());
        self.bind_id = self.id("bind");
        self.stage = Stage::Binding;
        Ok(vec![Action::Send(Outgoing::shown(format!(
            "<iq xmlns='jabber:client' type='set' id='{}'><bind xmlns='{BIND_NS}'><resource>{}</resource></bind></iq>",
            self.bind_id,
            escape(&self.cfg.resource)
        )))])
    }

    fn on_iq(&mut self, el: &Element) -> Result<Vec<Action>, XmppError> {
        let id = el.attr("id").unwrap_or("").to_string();
        let kind = el.attr("type").unwrap_or("");
        if kind == "get" || kind == "set" {
            return Ok(vec![Action::Send(self.answer(el, &id, kind))]);
        }
        if kind != "result" && kind != "error" {
            return Ok(Vec::new());
        }
        let outcome = if kind == "result" {
            Ok(())
        } else {
            let (condition, text) = el
                .find("error")
                .map(condition_of)
                .unwrap_or_else(|| ("undefined-condition".into(), None));
            Err(StanzaError { condition, text })
        };
        if self.stage == Stage::Binding && id == self.bind_id {
            return self.on_bound(el, outcome);
        }
        if self.stage == Stage::StartingSession && id == self.session_id {
            return match outcome {
                Ok(()) => Ok(self.go_ready()),
                Err(e) => Err(self.refused("the session request", e)),
            };
        }
        if self.requests.remove(&id).is_some() {
            return Ok(vec![Action::Reply {
                id,
                result: outcome,
            }]);
        }
        // Answers to our pings (and strays) need nothing more.
        Ok(Vec::new())
    }

    /// Answers a server request: pings and roster pushes succeed, anything else is not
    /// offered (RFC 6120 §8.2.3 requires an answer to every get and set).
    fn answer(&self, el: &Element, id: &str, kind: &str) -> Outgoing {
        let to = el
            .attr("from")
            .map(|f| format!(" to='{}'", escape(f)))
            .unwrap_or_default();
        let id = escape(id);
        let ok = (kind == "get" && el.find("ping").is_some())
            || (kind == "set" && el.find("query").is_some_and(|q| q.ns == "jabber:iq:roster"));
        let wire = if ok {
            format!("<iq xmlns='jabber:client' type='result' id='{id}'{to}/>")
        } else {
            format!(
                "<iq xmlns='jabber:client' type='error' id='{id}'{to}><error type='cancel'><service-unavailable xmlns='{STANZAS_NS}'/></error></iq>"
            )
        };
        let quiet = el.find("ping").is_some();
        Outgoing {
            shown: (!quiet).then(|| wire.clone()),
            wire,
        }
    }

    fn on_bound(
        &mut self,
        el: &Element,
        outcome: Result<(), StanzaError>,
    ) -> Result<Vec<Action>, XmppError> {
        if let Err(e) = outcome {
            return Err(self.refused("the resource bind", e));
        }
        let jid = el
            .find("bind")
            .and_then(|b| b.find_text("jid"))
            .filter(|j| !j.is_empty())
            // A server may omit the JID; ours is then the one we asked for.
            .unwrap_or_else(|| {
                format!(
                    "{}@{}/{}",
                    self.cfg.user, self.cfg.domain, self.cfg.resource
                )
            });
        self.jid = Some(jid);
        if self.session_required {
            self.session_id = self.id("sess");
            self.stage = Stage::StartingSession;
            return Ok(vec![Action::Send(Outgoing::shown(format!(
                "<iq xmlns='jabber:client' type='set' id='{}'><session xmlns='{SESSION_NS}'/></iq>",
                self.session_id
            )))]);
        }
        Ok(self.go_ready())
    }

    fn go_ready(&mut self) -> Vec<Action> {
        self.stage = Stage::Ready;
        // Finesse ties presence to the agent's sign-in; priority 0 as its samples send.
        vec![
            Action::Send(Outgoing::shown(
                "<presence xmlns='jabber:client'><priority>0</priority></presence>".into(),
            )),
            Action::Ready {
                jid: self.jid.clone().unwrap_or_default(),
            },
        ]
    }

    fn refused(&self, what: &str, e: StanzaError) -> XmppError {
        XmppError::Refused {
            url: self.cfg.url.clone(),
            what: what.to_string(),
            condition: e.condition,
            text: e.text,
        }
    }

    /// A pubsub subscribe request for `node` (reference §7.2); the answer comes back as
    /// [`Action::Reply`] with the returned id.
    pub(crate) fn subscribe(&mut self, node: &str) -> Result<(String, Outgoing), XmppError> {
        self.pubsub_request("subscribe", node)
    }

    /// Removes our subscription to `node` (subscriptions outlive the connection).
    pub(crate) fn unsubscribe(&mut self, node: &str) -> Result<(String, Outgoing), XmppError> {
        self.pubsub_request("unsubscribe", node)
    }

    fn pubsub_request(&mut self, verb: &str, node: &str) -> Result<(String, Outgoing), XmppError> {
        let Some(jid) = self.jid.clone().filter(|_| self.stage == Stage::Ready) else {
            return Err(XmppError::Closed {
                url: self.cfg.url.clone(),
                during: format!(
                    "a pubsub {verb} to {node} was requested (the session is not ready)"
                ),
            });
        };
        let id = self.id(&verb[..3]);
        self.requests.insert(id.clone(), format!("{verb} {node}"));
        // The full JID, so that a subscription left behind delivers to nobody else.
        let wire = format!(
            "<iq xmlns='jabber:client' type='set' id='{id}' to='{}'><pubsub xmlns='{PUBSUB_NS}'><{verb} node='{}' jid='{}'/></pubsub></iq>",
            escape(&self.cfg.pubsub),
            escape(node),
            escape(&jid)
        );
        Ok((id, Outgoing::shown(wire)))
    }

    /// A keepalive ping (XEP-0199), or an error when too many went unanswered.
    pub(crate) fn keepalive(&mut self) -> Result<Option<Outgoing>, XmppError> {
        if self.stage != Stage::Ready {
            return Ok(None);
        }
        if self.unanswered_pings >= MAX_UNANSWERED_PINGS {
            return Err(XmppError::Timeout {
                url: self.cfg.url.clone(),
                waiting_for: format!("{MAX_UNANSWERED_PINGS} keepalive pings"),
                after: self.cfg.keepalive * MAX_UNANSWERED_PINGS,
            });
        }
        self.unanswered_pings += 1;
        let id = self.id(PING_PREFIX);
        Ok(Some(Outgoing {
            wire: format!(
                "<iq xmlns='jabber:client' type='get' id='{id}' to='{}'><ping xmlns='{PING_NS}'/></iq>",
                escape(&self.cfg.domain)
            ),
            shown: None,
        }))
    }

    /// Asks the server to close the stream; None if it is closed already.
    pub(crate) fn close(&mut self) -> Option<Outgoing> {
        if matches!(self.stage, Stage::Closing | Stage::Closed) {
            return None;
        }
        self.stage = Stage::Closing;
        Some(Outgoing::shown(match self.framing {
            Framing::WebSocket => format!("<close xmlns='{FRAMING_NS}'/>"),
            Framing::Stream => "</stream:stream>".to_string(),
        }))
    }

    /// Marks the session over (the transport is gone).
    pub(crate) fn abandon(&mut self) {
        self.stage = Stage::Closed;
    }
}

/// SASL PLAIN (RFC 4616): base64 of `authzid NUL authcid NUL password`, authzid empty.
pub(crate) fn plain_payload(user: &str, password: &str) -> String {
    finesse_protocol::base64::encode(format!("\0{user}\0{password}").as_bytes())
}

/// The defined condition and optional text of a stream, SASL or stanza error.
fn condition_of(el: &Element) -> (String, Option<String>) {
    let condition = el
        .elements()
        .find(|c| !c.named("text"))
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "undefined-condition".into());
    let text = el.find_text("text").filter(|t| !t.is_empty());
    (condition, text)
}

#[cfg(test)]
mod tests;
