//! Finesse notifications: the XEP-0060 event message (reference §7.3) and the `<Update>`
//! document escaped inside it (§7.4), including asynchronous errors (§3.2).
//!
//! Plain data and pure parsing: no IO. Parsing is tolerant in the ways real servers
//! differ (namespaces, letter case of names and of `event`, child order, missing or extra
//! children) and strict where a difference would hide a bug (a payload that is not XML, or
//! whose root is not `<Update>`).

use std::fmt;

use finesse_protocol::xml::{self, Element};

/// `<event>` of an `<Update>`, compared case-insensitively (captures use `put` and `PUT`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdateEvent {
    /// Modified.
    Put,
    /// Added.
    Post,
    /// Removed.
    Delete,
    /// Anything else, as sent.
    Other(String),
}

impl UpdateEvent {
    pub(crate) fn parse(text: &str) -> Self {
        let t = text.trim();
        if t.eq_ignore_ascii_case("PUT") {
            UpdateEvent::Put
        } else if t.eq_ignore_ascii_case("POST") {
            UpdateEvent::Post
        } else if t.eq_ignore_ascii_case("DELETE") {
            UpdateEvent::Delete
        } else {
            UpdateEvent::Other(t.to_string())
        }
    }
}

impl fmt::Display for UpdateEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpdateEvent::Put => f.write_str("PUT"),
            UpdateEvent::Post => f.write_str("POST"),
            UpdateEvent::Delete => f.write_str("DELETE"),
            UpdateEvent::Other(s) => write!(f, "{s:?}"),
        }
    }
}

/// One `<apiError>` of an asynchronous error (any letter case, any child order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AsyncError {
    pub error_type: String,
    pub error_message: Option<String>,
    pub error_data: Option<String>,
    /// Media errors only.
    pub(crate) error_media: Option<String>,
    pub(crate) peripheral_error_code: Option<String>,
    pub(crate) peripheral_error_text: Option<String>,
    pub(crate) peripheral_error_msg: Option<String>,
    /// Any other child, as (local name, text).
    pub(crate) other: Vec<(String, String)>,
}

impl AsyncError {
    fn from_element(el: &Element) -> Self {
        let mut e = AsyncError::default();
        for c in el.elements() {
            let text = c.text().trim().to_string();
            let slot = match c.name.to_ascii_lowercase().as_str() {
                "errortype" => {
                    e.error_type = text;
                    continue;
                }
                "errormessage" => &mut e.error_message,
                "errordata" => &mut e.error_data,
                "errormedia" => &mut e.error_media,
                "peripheralerrorcode" => &mut e.peripheral_error_code,
                "peripheralerrortext" => &mut e.peripheral_error_text,
                "peripheralerrormsg" => &mut e.peripheral_error_msg,
                _ => {
                    e.other.push((c.name.clone(), text));
                    continue;
                }
            };
            *slot = Some(text);
        }
        e
    }

    /// `Invalid State (22): CF_INVALID_OBJECT_STATE`.
    pub fn summary(&self) -> String {
        let mut s = self.error_type.clone();
        if let Some(d) = self.error_data.as_deref().filter(|d| !d.is_empty()) {
            s.push_str(&format!(" ({d})"));
        }
        if let Some(m) = self.error_message.as_deref().filter(|m| !m.is_empty()) {
            s.push_str(&format!(": {m}"));
        }
        s
    }
}

/// One Finesse notification: where it was published and the `<Update>` it carried.
#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    /// The pubsub node, e.g. `/finesse/api/User/1001`.
    pub node: String,
    /// The `id` of the pubsub `<item>`, if any.
    pub(crate) item_id: Option<String>,
    /// `<event>`; None when the Update has none.
    pub event: Option<UpdateEvent>,
    /// `<requestId>`; None when missing or empty (unsolicited events).
    pub request_id: Option<String>,
    /// `<source>`, trimmed; empty when missing.
    pub source: String,
    /// Local name of the root element inside `<data>` as written (`user`, `User`,
    /// `apiErrors`); None when `<data>` is missing or empty.
    pub data_root: Option<String>,
    /// The raw XML inside `<data>`, untouched.
    pub data_xml: String,
    /// The errors when `<data>` holds `<apiErrors>`; empty otherwise.
    pub errors: Vec<AsyncError>,
    /// The whole `<Update>` document as received (un-escaped), for transcripts.
    pub update: String,
}

impl Notification {
    /// Whether the data's root element is `name`, ignoring letter case (`user` = `User`).
    pub fn data_is(&self, name: &str) -> bool {
        self.data_root
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case(name))
    }

    pub fn is_error(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The data's root element as a tree (None if there is none).
    pub(crate) fn data_element(&self) -> Option<Element> {
        xml::parse(&self.data_xml).ok()
    }

    /// Trimmed text of the data root's child `name` (any letter case), e.g. a user's `state`.
    pub fn data_field(&self, name: &str) -> Option<String> {
        self.data_element().and_then(|root| root.find_text(name))
    }

    /// One line for transcripts and wait errors:
    /// `PUT /finesse/api/User/1001 <user> state=READY requestId=fc-1`.
    pub(crate) fn summary(&self) -> String {
        let event = self
            .event
            .as_ref()
            .map(|e| e.to_string())
            .unwrap_or_else(|| "(no event)".into());
        let mut s = format!("{event} {}", self.source);
        if self.source.is_empty() {
            s.push_str(&format!("(no source, node {})", self.node));
        }
        match &self.data_root {
            Some(root) => s.push_str(&format!(" <{root}>")),
            None => s.push_str(" (no data)"),
        }
        if self.is_error() {
            let errors: Vec<String> = self.errors.iter().map(AsyncError::summary).collect();
            s.push_str(&format!(" {}", errors.join("; ")));
        } else if let Some(state) = self.data_field("state") {
            s.push_str(&format!(" state={state}"));
        }
        if let Some(id) = &self.request_id {
            s.push_str(&format!(" requestId={id}"));
        }
        s
    }
}

/// Why a notification could not be read. One line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationError {
    pub(crate) node: String,
    pub(crate) detail: String,
}

impl fmt::Display for NotificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "malformed notification on node {}: {}",
            self.node, self.detail
        )
    }
}

impl std::error::Error for NotificationError {}

/// Whether a `<message>` is a pubsub event (it may still hold no Finesse notification).
pub(crate) fn is_event_message(message: &Element) -> bool {
    message.named("message") && message.find("event").is_some()
}

/// Every notification in one `<message>` stanza (`source` is the stanza text the element
/// was parsed from). A message that is not a pubsub event yields nothing.
pub fn notifications_in(
    message: &Element,
    source: &str,
) -> Vec<Result<Notification, NotificationError>> {
    let mut out = Vec::new();
    let Some(event) = message.find("event") else {
        return out;
    };
    for items in event.elements().filter(|c| c.named("items")) {
        let node = items.attr("node").unwrap_or("").to_string();
        for item in items.elements().filter(|c| c.named("item")) {
            let Some(n) = item.find("notification") else {
                continue;
            };
            // Escaped text is the norm; an unescaped `<Update>` child is read as well.
            let payload = if n.elements().next().is_none() {
                n.text().into_owned()
            } else {
                n.inner_xml(source).to_string()
            };
            let parsed = parse_update(&payload, &node).map(|mut note| {
                note.item_id = item.attr("id").map(str::to_string);
                note
            });
            out.push(parsed);
        }
    }
    out
}

/// Parses one `<Update>` document (already un-escaped) published on `node`.
pub fn parse_update(update: &str, node: &str) -> Result<Notification, NotificationError> {
    let err = |detail: String| NotificationError {
        node: node.to_string(),
        detail,
    };
    let root = xml::parse(update.trim()).map_err(|e| err(format!("the Update is {e}")))?;
    if !root.named("Update") {
        return Err(err(format!(
            "the root element is <{}>, not <Update>",
            root.qname()
        )));
    }
    let trimmed = update.trim();
    let data = root.find("data");
    let data_el = data.and_then(|d| d.elements().next());
    let data_xml = data
        .map(|d| d.inner_xml(trimmed).trim().to_string())
        .unwrap_or_default();
    let errors = data_el
        .filter(|d| d.named("apiErrors"))
        .map(|d| {
            d.elements()
                .filter(|c| c.named("apiError"))
                .map(AsyncError::from_element)
                .collect()
        })
        .unwrap_or_default();
    Ok(Notification {
        node: node.to_string(),
        item_id: None,
        event: root.find_text("event").map(|e| UpdateEvent::parse(&e)),
        request_id: root.find_text("requestId").filter(|r| !r.is_empty()),
        source: root.find_text("source").unwrap_or_default(),
        data_root: data_el.map(|d| d.name.clone()),
        data_xml,
        errors,
        update: trimmed.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference §7.3, with the elided parts filled in (PKG `XMPP/login.xml` shape).
    const SECTION_7_3: &str = r#"<message from="pubsub.finesse1.lab" to="6021@finesse1.lab" id="A9kG2-11">
  <event xmlns="http://jabber.org/protocol/pubsub#event">
    <items node="/finesse/api/User/6021">
      <item id="a6ca891f-1b2c-4d5e-8f90-123456789abc">
        <notification xmlns="urn:xmpp:push:0">&lt;Update&gt;&lt;data&gt;&lt;user&gt;&lt;dialogs&gt;/finesse/api/User/6021/Dialogs&lt;/dialogs&gt;&lt;extension&gt;1001001&lt;/extension&gt;&lt;loginId&gt;6021&lt;/loginId&gt;&lt;state&gt;NOT_READY&lt;/state&gt;&lt;/user&gt;&lt;/data&gt;&lt;event&gt;PUT&lt;/event&gt;&lt;requestId&gt;fc-1-7&lt;/requestId&gt;&lt;source&gt;/finesse/api/User/6021&lt;/source&gt;&lt;/Update&gt;</notification>
      </item>
    </items>
  </event>
</message>"#;

    /// Reference §3.2, verbatim apart from the placeholders.
    const SECTION_3_2: &str = "<Update>
  <data><apiErrors><apiError>
    <errorData>34</errorData>
    <errorMessage>CF_RESOURCE_OUT_OF_SERVICE</errorMessage>
    <errorType>Call Operation Failure</errorType>
  </apiError></apiErrors></data>
  <event>PUT</event>
  <requestId></requestId>
  <source>/finesse/api/Dialog/16817</source>
</Update>";

    fn one(message: &str) -> Notification {
        let el = xml::parse(message).expect("message parses");
        assert!(is_event_message(&el));
        let mut all = notifications_in(&el, message);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0).expect("notification parses")
    }

    /// Wraps an Update the way Finesse does: escaped inside `<notification>`.
    fn wrap(update: &str, ns: &str) -> String {
        format!(
            "<message from='pubsub.d' to='1001@d'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='/finesse/api/User/1001'><item id='i1'><notification xmlns='{ns}'>{}</notification></item></items></event></message>",
            xml::escape(update)
        )
    }

    #[test]
    fn parses_the_reference_sample() {
        let n = one(SECTION_7_3);
        assert_eq!(n.node, "/finesse/api/User/6021");
        assert_eq!(
            n.item_id.as_deref(),
            Some("a6ca891f-1b2c-4d5e-8f90-123456789abc")
        );
        assert_eq!(n.event, Some(UpdateEvent::Put));
        assert_eq!(n.request_id.as_deref(), Some("fc-1-7"));
        assert_eq!(n.source, "/finesse/api/User/6021");
        assert_eq!(n.data_root.as_deref(), Some("user"));
        assert!(n.data_is("User"));
        assert!(n.data_xml.starts_with("<user><dialogs>"), "{}", n.data_xml);
        assert!(n.data_xml.ends_with("</user>"));
        assert_eq!(n.data_field("state").as_deref(), Some("NOT_READY"));
        assert_eq!(n.data_field("STATE").as_deref(), Some("NOT_READY"));
        assert!(!n.is_error());
        assert_eq!(
            n.summary(),
            "PUT /finesse/api/User/6021 <user> state=NOT_READY requestId=fc-1-7"
        );
    }

    #[test]
    fn parses_the_async_error_sample() {
        let n = one(&wrap(SECTION_3_2, "urn:xmpp:push:0"));
        assert_eq!(n.request_id, None, "empty requestId is None");
        assert_eq!(n.source, "/finesse/api/Dialog/16817");
        assert!(n.data_is("apiErrors"));
        assert_eq!(
            n.errors,
            vec![AsyncError {
                error_type: "Call Operation Failure".into(),
                error_message: Some("CF_RESOURCE_OUT_OF_SERVICE".into()),
                error_data: Some("34".into()),
                ..AsyncError::default()
            }]
        );
        assert_eq!(
            n.summary(),
            "PUT /finesse/api/Dialog/16817 <apiErrors> Call Operation Failure (34): CF_RESOURCE_OUT_OF_SERVICE"
        );
    }

    #[test]
    fn async_errors_in_any_case_and_order_with_peripheral_and_media_fields() {
        // PKG error-invalid-line.xml shape: lower-case `put`, peripheral fields, other order.
        let update = "<Update><data><ApiErrors><APIERROR><ErrorType>Invalid Device</ErrorType><peripheralErrorCode>10125</peripheralErrorCode><errorData>260</errorData><peripheralErrorMsg>PERERR_TELDRIVE_NODEVICETARGETFORNETTARGETID</peripheralErrorMsg><peripheralErrorText></peripheralErrorText><errorMessage>CF_INVALID_LOGON_DEVICE_SPECIFIED</errorMessage><errorMedia>5001</errorMedia><Overrideable>false</Overrideable></APIERROR></ApiErrors></data><event>put</event><requestId/><source>/finesse/api/User/1001</source></Update>";
        let n = one(&wrap(update, "http://jabber.org/protocol/pubsub"));
        assert_eq!(n.event, Some(UpdateEvent::Put));
        let e = &n.errors[0];
        assert_eq!(e.error_type, "Invalid Device");
        assert_eq!(
            e.error_message.as_deref(),
            Some("CF_INVALID_LOGON_DEVICE_SPECIFIED")
        );
        assert_eq!(e.error_data.as_deref(), Some("260"));
        assert_eq!(e.error_media.as_deref(), Some("5001"));
        assert_eq!(e.peripheral_error_code.as_deref(), Some("10125"));
        assert_eq!(e.peripheral_error_text.as_deref(), Some(""));
        assert_eq!(
            e.peripheral_error_msg.as_deref(),
            Some("PERERR_TELDRIVE_NODEVICETARGETFORNETTARGETID")
        );
        assert_eq!(e.other, vec![("Overrideable".into(), "false".into())]);
        // Missing errorData and errorMessage are None, not empty strings.
        let bare = "<Update><data><apiErrors><apiError><errorType>Invalid State</errorType></apiError></apiErrors></data></Update>";
        let e = parse_update(bare, "n").expect("parses").errors;
        assert_eq!(e[0].error_data, None);
        assert_eq!(e[0].summary(), "Invalid State");
    }

    #[test]
    fn events_compare_case_insensitively() {
        for (text, want) in [
            ("PUT", UpdateEvent::Put),
            ("put", UpdateEvent::Put),
            (" Post ", UpdateEvent::Post),
            ("delete", UpdateEvent::Delete),
            ("PATCH", UpdateEvent::Other("PATCH".into())),
        ] {
            assert_eq!(UpdateEvent::parse(text), want, "{text}");
        }
        assert_eq!(UpdateEvent::Other("x y".into()).to_string(), "\"x y\"");
    }

    #[test]
    fn upper_case_data_root_and_any_child_order() {
        let update = "<Update><source>/finesse/api/User/1001</source><requestId>r-9</requestId><event>POST</event><data>\n  <User><state>READY</state></User>\n</data></Update>";
        let n = parse_update(update, "/finesse/api/User/1001").expect("parses");
        assert_eq!(n.data_root.as_deref(), Some("User"));
        assert!(n.data_is("user"));
        assert_eq!(n.data_xml, "<User><state>READY</state></User>");
        assert_eq!(n.event, Some(UpdateEvent::Post));
        assert_eq!(n.request_id.as_deref(), Some("r-9"));
    }

    #[test]
    fn missing_children_are_tolerated() {
        let n = parse_update("<Update/>", "/finesse/api/SystemInfo").expect("parses");
        assert_eq!(
            (&n.event, &n.request_id, n.source.as_str(), &n.data_root),
            (&None, &None, "", &None)
        );
        assert!(n.data_xml.is_empty());
        assert_eq!(
            n.summary().as_str(),
            "(no event) (no source, node /finesse/api/SystemInfo) (no data)"
        );
        let n = parse_update("<Update><data/><event>DELETE</event></Update>", "n").expect("ok");
        assert_eq!(n.data_root, None);
        assert_eq!(n.event, Some(UpdateEvent::Delete));
        // An XML declaration before the Update, as some servers send.
        let n = parse_update(
            "<?xml version='1.0'?>\n<Update><event>PUT</event></Update>",
            "n",
        )
        .expect("declaration");
        assert_eq!(n.event, Some(UpdateEvent::Put));
    }

    #[test]
    fn unescaped_update_child_is_read_too() {
        let msg = "<message><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='/n'><item><notification><Update><data><user><state>READY</state></user></data><event>PUT</event></Update></notification></item></items></event></message>";
        let n = one(msg);
        assert_eq!(n.data_field("state").as_deref(), Some("READY"));
        assert_eq!(n.item_id, None);
    }

    #[test]
    fn several_items_and_malformed_payloads() {
        let good = xml::escape("<Update><event>PUT</event></Update>");
        let msg = format!(
            "<message><event><items node='/a'><item><notification>{good}</notification></item><item><notification>not xml &lt;</notification></item><item><notification>{}</notification></item><item><other/></item></items></event></message>",
            xml::escape("<User/>")
        );
        let el = xml::parse(&msg).expect("parses");
        let all = notifications_in(&el, &msg);
        assert_eq!(all.len(), 3);
        assert!(all[0].is_ok());
        let e = all[1].clone().expect_err("not xml");
        assert!(
            e.to_string()
                .starts_with("malformed notification on node /a: the Update is "),
            "{e}"
        );
        let e = all[2].clone().expect_err("wrong root");
        assert_eq!(
            e.to_string(),
            "malformed notification on node /a: the root element is <User>, not <Update>"
        );
    }

    #[test]
    fn other_messages_hold_no_notifications() {
        let chat = xml::parse("<message type='chat'><body>hi</body></message>").expect("ok");
        assert!(!is_event_message(&chat));
        assert!(notifications_in(&chat, "").is_empty());
    }
}
