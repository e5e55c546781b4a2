//! A small owned XML tree for stanzas and notification payloads.
//!
//! Stanzas are small and parsed once, so a tree is simpler than streaming. Names are kept
//! as written (`stream:features`); lookups use the local name, because servers differ in
//! prefixes and namespaces (reference §7.3). Each element remembers the byte range of its
//! content in the source, so callers can keep raw inner XML (a notification's `<data>`).

use std::ops::Range;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

/// Deeper nesting than any Finesse payload; bounds memory and recursion on hostile input.
const MAX_DEPTH: usize = 128;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Element {
    /// The qualified name as written, e.g. `stream:features`.
    pub name: String,
    /// Attributes as written (qualified keys), values unescaped.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The element's own text (not its children's), unescaped.
    pub text: String,
    /// Where the element's content (between its tags) lies in the parsed source.
    pub inner: Range<usize>,
}

impl Element {
    /// The name without its prefix.
    pub fn local(&self) -> &str {
        local_name(&self.name)
    }

    /// Whether the local name is `name`, ignoring letter case.
    pub fn is(&self, name: &str) -> bool {
        self.local().eq_ignore_ascii_case(name)
    }

    /// The attribute whose local name is `name` (prefix ignored).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| local_name(k) == name && !k.starts_with("xmlns"))
            .map(|(_, v)| v.as_str())
    }

    /// The default namespace declared on this element, if any.
    pub fn xmlns(&self) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == "xmlns")
            .map(|(_, v)| v.as_str())
    }

    /// The first child with local name `name`, ignoring letter case.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(name))
    }

    /// The trimmed text of the first child named `name`, if that child exists.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }

    /// The raw XML between this element's tags, from the source it was parsed from.
    pub fn inner_xml<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.inner.clone()).unwrap_or("")
    }
}

/// `stream:features` → `features`.
pub fn local_name(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// Parses one XML document (or one stanza) into its root element.
pub fn parse(xml: &str) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    // Open elements; the bottom one becomes the root.
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML: {}", one_line(&e.to_string())))?;
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() && stack.is_empty() => {
                let name = qname(&e);
                return Err(format!("more than one root element (a second <{name}>)"));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("elements nested deeper than {MAX_DEPTH}"));
                }
                stack.push(start(&e, after..after)?);
            }
            Event::Empty(e) => {
                let el = start(&e, after..after)?;
                attach(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                if let Some(mut el) = stack.pop() {
                    el.inner.end = before;
                    attach(&mut stack, &mut root, el);
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err("text outside the root element".into()),
                }
            }
            Event::CData(t) => {
                let text = t.xml10_content();
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_xml_entity(&r) {
                        Some(s) => s.to_string(),
                        None => return Err(format!("unknown entity &{};", &*r)),
                    },
                    Err(e) => return Err(one_line(&e.to_string())),
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("the XML ends inside <{}>", open.name));
    }
    root.ok_or_else(|| "no XML element".to_string())
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

fn qname(e: &BytesStart<'_>) -> String {
    AsRef::<str>::as_ref(&e.name()).to_string()
}

fn start(e: &BytesStart<'_>, inner: Range<usize>) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| one_line(&err.to_string()))?;
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| one_line(&err.to_string()))?;
        let key = AsRef::<str>::as_ref(&a.key).to_string();
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name: qname(e),
        attrs,
        children: Vec::new(),
        text: String::new(),
        inner,
    })
}

/// Escapes text for an attribute value or element content.
pub fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// Library error text on one line.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_attributes_text_and_inner_xml() {
        let xml = r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism><mechanism>a&amp;b&#33;</mechanism></mechanisms><bind/></stream:features>"#;
        let el = parse(xml).expect("parses");
        assert_eq!(el.name, "stream:features");
        assert_eq!(el.local(), "features");
        let mechs = el.child("MECHANISMS").expect("mechanisms");
        assert_eq!(mechs.xmlns(), Some("urn:ietf:params:xml:ns:xmpp-sasl"));
        let texts: Vec<&str> = mechs.children.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["PLAIN", "a&b!"]);
        assert!(el.child("bind").is_some());
        assert!(mechs.inner_xml(xml).starts_with("<mechanism>PLAIN"));
        assert!(mechs.inner_xml(xml).ends_with("b&#33;</mechanism>"));
        assert_eq!(el.child("bind").map(|b| b.inner_xml(xml)), Some(""));
    }

    #[test]
    fn attribute_lookup_ignores_prefix_but_not_namespace_declarations() {
        let el = parse(r#"<iq xmlns="jabber:client" xml:lang="en" type="result" id="a1"/>"#)
            .expect("parses");
        assert_eq!(el.attr("type"), Some("result"));
        assert_eq!(el.attr("lang"), Some("en"));
        assert_eq!(el.attr("xmlns"), None);
        assert_eq!(el.xmlns(), Some("jabber:client"));
    }

    #[test]
    fn rejects_malformed_input() {
        for bad in [
            "",
            "<a>",
            "<a></b>",
            "<a/><b/>",
            "text",
            "<a>&nope;</a>",
            "<a x='1' x='2'/>",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().contains("deeper"));
    }
}
