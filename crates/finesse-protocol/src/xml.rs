//! A small owned XML tree, parsed with quick-xml and written back with escaping.
//!
//! Stanzas and Finesse documents are small and parsed once, so a tree is simpler than
//! streaming. Namespaces are resolved (`ns`), for code that checks them exactly ([`Element::is`],
//! [`Element::child`]); lookups that ignore namespace and letter case ([`Element::named`],
//! [`Element::find`]) serve readers that must tolerate servers differing in prefixes and
//! namespaces. Each element remembers where its content lies in the parsed text, so a
//! caller can keep raw inner XML (a notification's `<data>`).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

/// Deeper nesting than any Finesse document; bounds memory and recursion on hostile input.
pub const MAX_DEPTH: usize = 128;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// Local name: `features` for `<stream:features>`.
    pub name: String,
    /// Resolved namespace URI, "" when none.
    pub ns: String,
    /// Attributes with their names as written, values unescaped. The default namespace
    /// declaration is in `ns`, not here; prefix declarations (`xmlns:x`) stay.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// The prefix as written, "" when none (for messages only).
    prefix: String,
    /// Where the element's content (between its tags) lies in the parsed text.
    inner: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn new(name: &str, ns: &str) -> Element {
        Element {
            name: name.into(),
            ns: ns.into(),
            ..Element::default()
        }
    }

    /// Whether this is `name` in namespace `ns`, exactly.
    pub fn is(&self, name: &str, ns: &str) -> bool {
        self.name == name && self.ns == ns
    }

    /// Whether the local name is `name`, ignoring letter case and namespace.
    pub fn named(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The name as written, e.g. `stream:features`.
    pub fn qname(&self) -> String {
        if self.prefix.is_empty() {
            self.name.clone()
        } else {
            format!("{}:{}", self.prefix, self.name)
        }
    }

    /// The attribute named `name` as written (`type`, `xml:lang`).
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

    /// The first child that [`is`](Element::is) `name` in `ns`.
    pub fn child(&self, name: &str, ns: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(name, ns))
    }

    /// The first child [`named`](Element::named) `name`.
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.named(name))
    }

    /// The trimmed text of the first child [`named`](Element::named) `name`, if there is one.
    pub fn find_text(&self, name: &str) -> Option<String> {
        self.find(name).map(|c| c.text().trim().to_string())
    }

    /// The element's own character data (not its children's), unescaped.
    pub fn text(&self) -> Cow<'_, str> {
        let mut texts = self.children.iter().filter_map(|c| match c {
            Node::Text(t) => Some(t.as_str()),
            Node::Element(_) => None,
        });
        match (texts.next(), texts.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(one), None) => Cow::Borrowed(one),
            (Some(a), Some(b)) => Cow::Owned([a, b].into_iter().chain(texts).collect()),
        }
    }

    /// The raw XML between this element's tags, from the text it was parsed from.
    pub fn inner_xml<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.inner.clone()).unwrap_or("")
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
            out.push_str(&format!(" xmlns='{}'", escape(&self.ns)));
        }
        for (k, v) in &self.attrs {
            out.push_str(&format!(" {k}='{}'", escape(v)));
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for c in &self.children {
            match c {
                Node::Element(e) => e.write(&self.ns, out),
                Node::Text(t) => out.push_str(&escape(t)),
            }
        }
        out.push_str(&format!("</{}>", self.name));
    }
}

/// Escapes text for an attribute value (either quote) or element content.
pub fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// Why a text is not an acceptable element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XmlError {
    /// Not well-formed XML; the detail is one line.
    NotWellFormed(String),
    /// Markup that XMPP forbids (RFC 6120 §11.1): a comment, a processing instruction, a
    /// DTD or an entity other than the five predefined ones.
    Restricted(&'static str),
    /// An element prefix with no namespace declaration in scope.
    UnboundPrefix(String),
    /// Elements nested deeper than the limit.
    TooDeep(usize),
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlError::NotWellFormed(d) => write!(f, "not well-formed XML: {d}"),
            XmlError::Restricted(what) => {
                write!(f, "{what}, which XMPP does not allow (RFC 6120 §11.1)")
            }
            XmlError::UnboundPrefix(p) => write!(f, "the namespace prefix {p:?} is not declared"),
            XmlError::TooDeep(limit) => write!(f, "elements nested deeper than {limit}"),
        }
    }
}

impl std::error::Error for XmlError {}

fn malformed(detail: impl fmt::Display) -> XmlError {
    let text = detail.to_string();
    XmlError::NotWellFormed(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// How strictly to read, and what is inherited from outside the text.
#[derive(Clone, Copy)]
pub(crate) struct Rules {
    /// RFC 6120 §11.1: refuse comments, processing instructions, DTDs and other entities
    /// (a leading XML declaration stays allowed); otherwise skip them.
    pub restricted: bool,
    /// Namespace declarations in scope before the text: (prefix, URI), "" for the default.
    pub inherited: &'static [(&'static str, &'static str)],
    pub max_depth: usize,
}

/// Parses one XML document (a Finesse document, an `<Update>`) into its root element.
/// Comments and processing instructions are skipped; only the `xml` prefix is predeclared.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    parse_with(
        text,
        Rules {
            restricted: false,
            inherited: &[],
            max_depth: MAX_DEPTH,
        },
    )
}

/// Namespace declarations in scope: (prefix, URI).
type Scope = Vec<(String, String)>;

pub(crate) fn parse_with(text: &str, rules: Rules) -> Result<Element, XmlError> {
    let mut scope: Scope = std::iter::once(("xml", XML_NS))
        .chain(rules.inherited.iter().copied())
        .map(|(p, u)| (p.to_string(), u.to_string()))
        .collect();
    let mut reader = quick_xml::Reader::from_str(text);
    // Open elements, each with the scope's length before it was opened.
    let mut open: Vec<(Element, usize)> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(malformed)?;
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() && open.is_empty() => {
                return Err(malformed(format!(
                    "more than one root element (a second <{}>)",
                    AsRef::<str>::as_ref(&e.name())
                )));
            }
            Event::Start(_) | Event::Empty(_) if open.len() >= rules.max_depth => {
                return Err(XmlError::TooDeep(rules.max_depth));
            }
            Event::Start(e) => {
                let scope_len = scope.len();
                let el = start(&e, &mut scope, after)?;
                open.push((el, scope_len));
            }
            Event::Empty(e) => {
                let scope_len = scope.len();
                let el = start(&e, &mut scope, after)?;
                scope.truncate(scope_len);
                attach(el, &mut open, &mut root);
            }
            Event::End(_) => {
                let Some((mut el, scope_len)) = open.pop() else {
                    return Err(malformed("an end tag without a start tag"));
                };
                el.inner.end = before;
                scope.truncate(scope_len);
                attach(el, &mut open, &mut root);
            }
            Event::Text(t) => add_text(&mut open, &t.xml10_content())?,
            Event::CData(t) => add_text(&mut open, &t.xml10_content())?,
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_string(),
                        None if rules.restricted => {
                            return Err(XmlError::Restricted("an entity reference"));
                        }
                        None => return Err(malformed(format!("unknown entity &{};", &*r))),
                    },
                    Err(e) => return Err(malformed(e)),
                };
                add_text(&mut open, &resolved)?;
            }
            // An XML declaration may open the text.
            Event::Decl(_) if open.is_empty() && root.is_none() => {}
            Event::Decl(_) if rules.restricted => {
                return Err(XmlError::Restricted("an XML declaration inside the stream"));
            }
            Event::Comment(_) if rules.restricted => return Err(XmlError::Restricted("a comment")),
            Event::PI(_) if rules.restricted => {
                return Err(XmlError::Restricted("a processing instruction"));
            }
            Event::DocType(_) if rules.restricted => return Err(XmlError::Restricted("a DTD")),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    if let Some((el, _)) = open.last() {
        return Err(malformed(format!("the XML ends inside <{}>", el.qname())));
    }
    root.ok_or_else(|| malformed("no element"))
}

fn attach(el: Element, open: &mut [(Element, usize)], root: &mut Option<Element>) {
    match open.last_mut() {
        Some((parent, _)) => parent.children.push(Node::Element(el)),
        None => *root = Some(el),
    }
}

fn add_text(open: &mut [(Element, usize)], t: &str) -> Result<(), XmlError> {
    match open.last_mut() {
        Some((el, _)) => {
            if let Some(Node::Text(prev)) = el.children.last_mut() {
                prev.push_str(t);
            } else {
                el.children.push(Node::Text(t.to_string()));
            }
            Ok(())
        }
        // Only whitespace may stand outside the root element.
        None if t.trim().is_empty() => Ok(()),
        None => Err(malformed("text outside the root element")),
    }
}

fn start(e: &BytesStart<'_>, scope: &mut Scope, content_at: usize) -> Result<Element, XmlError> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(malformed)?;
        let key = AsRef::<str>::as_ref(&a.key).to_string();
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(malformed)?
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
    let (prefix, local) = qname.split_once(':').unwrap_or(("", qname.as_str()));
    let ns = match scope.iter().rev().find(|(p, _)| p == prefix) {
        Some((_, uri)) => uri.clone(),
        None if prefix.is_empty() => String::new(),
        None => return Err(XmlError::UnboundPrefix(prefix.to_string())),
    };
    Ok(Element {
        name: local.to_string(),
        ns,
        attrs,
        children: Vec::new(),
        prefix: prefix.to_string(),
        inner: content_at..content_at,
    })
}

#[cfg(test)]
mod tests;
