//! What the server writes: stream headers, features and errors for each framing, and
//! stanza errors (RFC 6120 §4.9, §8.3; RFC 7395 §3).

use finesse_protocol::xml::{XmlError, escape};
use finesse_protocol::xmpp_frame::FrameError;
pub(crate) use finesse_protocol::xmpp_frame::{FRAMING_NS, STREAM_NS};

pub(crate) const SASL_NS: &str = "urn:ietf:params:xml:ns:xmpp-sasl";
pub(crate) const BIND_NS: &str = "urn:ietf:params:xml:ns:xmpp-bind";
pub(crate) const SESSION_NS: &str = "urn:ietf:params:xml:ns:xmpp-session";
pub(crate) const STREAM_ERRORS_NS: &str = "urn:ietf:params:xml:ns:xmpp-streams";
pub(crate) const STANZA_ERRORS_NS: &str = "urn:ietf:params:xml:ns:xmpp-stanzas";
pub(crate) const PING_NS: &str = "urn:xmpp:ping";
pub(crate) const ROSTER_NS: &str = "jabber:iq:roster";
pub(crate) const DISCO_INFO_NS: &str = "http://jabber.org/protocol/disco#info";
pub(crate) const PUBSUB_NS: &str = "http://jabber.org/protocol/pubsub";
pub(crate) const PUBSUB_ERRORS_NS: &str = "http://jabber.org/protocol/pubsub#errors";

/// Stream error conditions the mock uses (RFC 6120 §4.9.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Condition {
    BadFormat,
    BadNamespacePrefix,
    HostUnknown,
    InvalidNamespace,
    NotAuthorized,
    NotWellFormed,
    PolicyViolation,
    ResourceConstraint,
    RestrictedXml,
    ServiceUnavailable,
    SystemShutdown,
    UnsupportedEncoding,
    UnsupportedStanzaType,
    UnsupportedVersion,
}

impl Condition {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Condition::BadFormat => "bad-format",
            Condition::BadNamespacePrefix => "bad-namespace-prefix",
            Condition::HostUnknown => "host-unknown",
            Condition::InvalidNamespace => "invalid-namespace",
            Condition::NotAuthorized => "not-authorized",
            Condition::NotWellFormed => "not-well-formed",
            Condition::PolicyViolation => "policy-violation",
            Condition::ResourceConstraint => "resource-constraint",
            Condition::RestrictedXml => "restricted-xml",
            Condition::ServiceUnavailable => "service-unavailable",
            Condition::SystemShutdown => "system-shutdown",
            Condition::UnsupportedEncoding => "unsupported-encoding",
            Condition::UnsupportedStanzaType => "unsupported-stanza-type",
            Condition::UnsupportedVersion => "unsupported-version",
        }
    }
}

/// The stream error for what the framer refused (RFC 6120 §4.9.3, RFC 7395 §3.3).
impl From<FrameError> for Condition {
    fn from(e: FrameError) -> Condition {
        match e {
            FrameError::Xml(XmlError::NotWellFormed(_)) => Condition::NotWellFormed,
            FrameError::Xml(XmlError::Restricted(_)) => Condition::RestrictedXml,
            FrameError::Xml(XmlError::UnboundPrefix(_)) => Condition::BadNamespacePrefix,
            FrameError::Xml(XmlError::TooDeep(_))
            | FrameError::StanzaTooLarge(_)
            | FrameError::TagTooLong(_) => Condition::PolicyViolation,
            FrameError::NotUtf8 => Condition::UnsupportedEncoding,
            FrameError::UnknownFraming(_) => Condition::BadFormat,
        }
    }
}

/// How the stream is carried: RFC 6120 over TCP, or RFC 7395 over WebSocket, where every
/// message is a document of its own and the stream is opened with `<open/>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    Tcp,
    WebSocket,
}

impl Framing {
    pub(crate) fn header(self, id: &str, domain: &str) -> String {
        let (id, domain) = (escape(id), escape(domain));
        match self {
            Framing::Tcp => format!(
                "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='{}' id='{id}' from='{domain}' version='1.0' xml:lang='en'>",
                STREAM_NS
            ),
            Framing::WebSocket => format!(
                "<open xmlns='{FRAMING_NS}' id='{id}' from='{domain}' version='1.0' xml:lang='en'/>"
            ),
        }
    }

    /// A `stream:` element: over WebSocket it must declare the prefix itself.
    fn stream_element(self, name: &str, inner: &str) -> String {
        match self {
            Framing::Tcp => format!("<stream:{name}>{inner}</stream:{name}>"),
            Framing::WebSocket => format!(
                "<stream:{name} xmlns:stream='{}'>{inner}</stream:{name}>",
                STREAM_NS
            ),
        }
    }

    pub(crate) fn features(self, inner: &str) -> String {
        self.stream_element("features", inner)
    }

    pub(crate) fn error(self, condition: Condition) -> String {
        self.stream_element(
            "error",
            &format!("<{} xmlns='{STREAM_ERRORS_NS}'/>", condition.as_str()),
        )
    }

    pub(crate) fn close(self) -> String {
        match self {
            Framing::Tcp => "</stream:stream>".into(),
            Framing::WebSocket => format!("<close xmlns='{FRAMING_NS}'/>"),
        }
    }

    /// Over WebSocket each stanza is a document, so it names its namespace.
    pub(crate) fn stanza_ns(self) -> &'static str {
        match self {
            Framing::Tcp => "",
            Framing::WebSocket => " xmlns='jabber:client'",
        }
    }
}

/// A stanza error (RFC 6120 §8.3), with an application condition where XEP-0060 has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StanzaError {
    pub condition: &'static str,
    pub kind: &'static str,
    pub app: Option<String>,
}

impl StanzaError {
    fn new(condition: &'static str, kind: &'static str) -> Self {
        StanzaError {
            condition,
            kind,
            app: None,
        }
    }

    /// With a pubsub#errors condition (XEP-0060 §6–7).
    pub(crate) fn pubsub(mut self, app: &str) -> Self {
        self.app = Some(format!("<{app} xmlns='{PUBSUB_ERRORS_NS}'/>"));
        self
    }

    pub(crate) fn service_unavailable() -> Self {
        Self::new("service-unavailable", "cancel")
    }

    pub(crate) fn bad_request() -> Self {
        Self::new("bad-request", "modify")
    }

    pub(crate) fn forbidden() -> Self {
        Self::new("forbidden", "auth")
    }

    pub(crate) fn item_not_found() -> Self {
        Self::new("item-not-found", "cancel")
    }

    pub(crate) fn not_allowed() -> Self {
        Self::new("not-allowed", "cancel")
    }

    pub(crate) fn unexpected_request() -> Self {
        Self::new("unexpected-request", "cancel")
    }

    pub(crate) fn feature_not_implemented() -> Self {
        Self::new("feature-not-implemented", "cancel")
    }

    pub(crate) fn to_xml(&self) -> String {
        format!(
            "<error type='{}'><{} xmlns='{STANZA_ERRORS_NS}'/>{}</error>",
            self.kind,
            self.condition,
            self.app.as_deref().unwrap_or("")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_framing_writes_its_own_stream_elements() {
        assert!(Framing::Tcp.header("s1", "d").starts_with("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='d'"));
        assert_eq!(
            Framing::WebSocket.header("s1", "d"),
            "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' id='s1' from='d' version='1.0' xml:lang='en'/>"
        );
        assert_eq!(
            Framing::Tcp.error(Condition::SystemShutdown),
            "<stream:error><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
        );
        assert!(
            Framing::WebSocket
                .features("")
                .starts_with("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>")
        );
        assert_eq!(Framing::Tcp.close(), "</stream:stream>");
        assert_eq!(
            Framing::WebSocket.close(),
            "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"
        );
    }

    #[test]
    fn framing_errors_become_stream_errors() {
        let xml = |e| FrameError::Xml(e);
        for (e, want) in [
            (
                xml(XmlError::NotWellFormed("x".into())),
                Condition::NotWellFormed,
            ),
            (
                xml(XmlError::Restricted("a comment")),
                Condition::RestrictedXml,
            ),
            (
                xml(XmlError::UnboundPrefix("q".into())),
                Condition::BadNamespacePrefix,
            ),
            (xml(XmlError::TooDeep(1)), Condition::PolicyViolation),
            (FrameError::StanzaTooLarge(1), Condition::PolicyViolation),
            (FrameError::TagTooLong(1), Condition::PolicyViolation),
            (FrameError::NotUtf8, Condition::UnsupportedEncoding),
            (FrameError::UnknownFraming("x".into()), Condition::BadFormat),
        ] {
            assert_eq!(Condition::from(e.clone()), want, "{e:?}");
        }
    }

    #[test]
    fn stanza_errors_carry_type_condition_and_pubsub_condition() {
        assert_eq!(
            StanzaError::bad_request().pubsub("invalid-jid").to_xml(),
            "<error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><invalid-jid xmlns='http://jabber.org/protocol/pubsub#errors'/></error>"
        );
    }
}
