//! A small element tree for stanzas: parsed from one complete element (a TCP stanza or a
//! WebSocket message) with namespaces resolved, and written back.

use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};

use super::stanzas::Condition;

pub const CLIENT_NS: &str = "jabber:client";
pub const STREAM_NS: &str = "http://etherx.jabber.org/streams";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Local name.
    pub name: String,
    /// Resolved namespace URI ("" when none).
    pub ns: String,
    /// Attributes as written (prefixed names kept), values unescaped; the default
    /// namespace declaration is in `ns`, not here.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn new(name: &str, ns: &str) -> Element {
        Element {
            name: name.into(),
            ns: ns.into(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    pub fn is(&self, name: &str, ns: &str) -> bool {
        self.name == name && self.ns == ns
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str, ns: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(name, ns))
    }

    /// The element's own character data.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }

    /// Serialises the element; `context_ns` is the default namespace in scope where it
    /// goes, so that `xmlns` is written only where it changes.
    pub fn to_xml(&self, context_ns: &str) -> String {
        let mut out = String::new();
        self.write(context_ns, &mut out);
        out
    }

    fn write(&self, context_ns: &str, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        if self.ns != context_ns {
            out.push_str(&format!(" xmlns='{}'", escape(self.ns.as_str())));
        }
        for (k, v) in &self.attrs {
            out.push_str(&format!(" {k}='{}'", escape(v.as_str())));
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for c in &self.children {
            match c {
                Node::Element(e) => e.write(&self.ns, out),
                Node::Text(t) => out.push_str(&escape(t.as_str())),
            }
        }
        out.push_str(&format!("</{}>", self.name));
    }
}

/// Namespace declarations in scope: (prefix, uri), "" for the default namespace.
type Scope = Vec<(String, String)>;

fn resolve(scope: &Scope, prefix: &str) -> Option<String> {
    scope
        .iter()
        .rev()
        .find(|(p, _)| p == prefix)
        .map(|(_, u)| u.clone())
}

/// Parses one element. Stanzas inherit `jabber:client` and the `stream` prefix from the
/// stream header (RFC 6120 §4.8), as WebSocket stanzas may too (RFC 7395 §3.3.3).
pub fn parse(text: &str) -> Result<Element, Condition> {
    let inherited: Scope = vec![
        (String::new(), CLIENT_NS.to_string()),
        ("stream".to_string(), STREAM_NS.to_string()),
        (
            "xml".to_string(),
            "http://www.w3.org/XML/1998/namespace".to_string(),
        ),
    ];
    let mut reader = quick_xml::Reader::from_str(text);
    // Stack of open elements with the scope length before each was opened.
    let mut open: Vec<(Element, usize)> = Vec::new();
    let mut scope = inherited;
    let mut root: Option<Element> = None;
    loop {
        let event = reader.read_event().map_err(|_| Condition::NotWellFormed)?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(Condition::NotWellFormed);
            }
            Event::Start(e) => {
                let before = scope.len();
                let el = start(&e, &mut scope)?;
                open.push((el, before));
            }
            Event::Empty(e) => {
                let before = scope.len();
                let el = start(&e, &mut scope)?;
                scope.truncate(before);
                close(el, &mut open, &mut root);
            }
            Event::End(_) => {
                let Some((el, before)) = open.pop() else {
                    return Err(Condition::NotWellFormed);
                };
                scope.truncate(before);
                close(el, &mut open, &mut root);
            }
            Event::Text(t) => {
                let t = t.xml10_content();
                text_node(&mut open, &t)?;
            }
            Event::CData(t) => {
                text_node(&mut open, &t.xml10_content())?;
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => resolve_predefined_entity(&r)
                        .ok_or(Condition::RestrictedXml)?
                        .to_string(),
                    Err(_) => return Err(Condition::NotWellFormed),
                };
                text_node(&mut open, &ch)?;
            }
            // An XML declaration may open a WebSocket message; nothing else of the kind is
            // allowed in XMPP (RFC 6120 §11.1).
            Event::Decl(_) if open.is_empty() && root.is_none() => {}
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {
                return Err(Condition::RestrictedXml);
            }
            Event::Eof => break,
        }
    }
    match (root, open.is_empty()) {
        (Some(r), true) => Ok(r),
        _ => Err(Condition::NotWellFormed),
    }
}

fn text_node(open: &mut [(Element, usize)], t: &str) -> Result<(), Condition> {
    match open.last_mut() {
        Some((el, _)) => {
            if let Some(Node::Text(prev)) = el.children.last_mut() {
                prev.push_str(t);
            } else {
                el.children.push(Node::Text(t.to_string()));
            }
            Ok(())
        }
        // Only whitespace may stand outside the element.
        None if t.trim().is_empty() => Ok(()),
        None => Err(Condition::NotWellFormed),
    }
}

fn close(el: Element, open: &mut [(Element, usize)], root: &mut Option<Element>) {
    match open.last_mut() {
        Some((parent, _)) => parent.children.push(Node::Element(el)),
        None => *root = Some(el),
    }
}

fn start(e: &BytesStart<'_>, scope: &mut Scope) -> Result<Element, Condition> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|_| Condition::NotWellFormed)?;
        let key = AsRef::<str>::as_ref(&a.key).to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|_| Condition::NotWellFormed)?
            .into_owned();
        if key == "xmlns" {
            scope.push((String::new(), value));
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            scope.push((prefix.to_string(), value.clone()));
            attrs.push((key, value));
        } else {
            attrs.push((key, value));
        }
    }
    let qname = AsRef::<str>::as_ref(&e.name()).to_string();
    let (prefix, local) = match qname.split_once(':') {
        Some((p, l)) => (p, l),
        None => ("", qname.as_str()),
    };
    let ns = match resolve(scope, prefix) {
        Some(ns) => ns,
        None if prefix.is_empty() => String::new(),
        None => return Err(Condition::BadNamespacePrefix),
    };
    Ok(Element {
        name: local.to_string(),
        ns,
        attrs,
        children: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stanzas_with_inherited_and_declared_namespaces() {
        let iq = parse("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desk</resource></bind></iq>")
            .expect("parse");
        assert!(iq.is("iq", CLIENT_NS));
        assert_eq!(iq.attr("id"), Some("b1"));
        let bind = iq
            .child("bind", "urn:ietf:params:xml:ns:xmpp-bind")
            .expect("bind");
        assert_eq!(
            bind.child("resource", "urn:ietf:params:xml:ns:xmpp-bind")
                .map(Element::text),
            Some("desk".into())
        );
        let close = parse("<stream:features/>").expect("prefixed");
        assert!(close.is("features", STREAM_NS));
        let p = parse("<x:a xmlns:x='urn:x'><x:b/></x:a>").expect("prefix");
        assert!(p.is("a", "urn:x") && p.child("b", "urn:x").is_some());
    }

    #[test]
    fn unescapes_text_and_attributes() {
        let m = parse("<message to='a&amp;b'><body>1 &lt; 2 &#x41;&#66;</body></message>")
            .expect("parse");
        assert_eq!(m.attr("to"), Some("a&b"));
        assert_eq!(
            m.child("body", CLIENT_NS).map(Element::text),
            Some("1 < 2 AB".into())
        );
    }

    #[test]
    fn refuses_what_xmpp_restricts_or_xml_forbids() {
        for (xml, want) in [
            ("<iq><!-- hi --></iq>", Condition::RestrictedXml),
            ("<iq>&nbsp;</iq>", Condition::RestrictedXml),
            ("<?pi x?><iq/>", Condition::RestrictedXml),
            ("<iq><a></b></iq>", Condition::NotWellFormed),
            ("<iq>", Condition::NotWellFormed),
            ("<iq/><iq/>", Condition::NotWellFormed),
            ("text<iq/>", Condition::NotWellFormed),
            ("<q:iq/>", Condition::BadNamespacePrefix),
            ("", Condition::NotWellFormed),
        ] {
            assert_eq!(parse(xml), Err(want), "{xml}");
        }
    }

    #[test]
    fn writes_back_with_namespaces_only_where_they_change() {
        let p = parse("<presence><priority>0</priority><c xmlns='urn:c' a='&lt;'/></presence>")
            .expect("parse");
        assert_eq!(
            p.to_xml(CLIENT_NS),
            "<presence><priority>0</priority><c xmlns='urn:c' a='&lt;'/></presence>"
        );
        assert_eq!(
            p.to_xml(""),
            "<presence xmlns='jabber:client'><priority>0</priority><c xmlns='urn:c' a='&lt;'/></presence>"
        );
    }
}
