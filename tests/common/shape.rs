//! Element-tree shapes of XML documents, and their comparison with the golden documents
//! in tests/golden (written from the guide).
//!
//! Read with quick-xml's event reader only, never with the client's serde models, so that
//! a wrong element name in the models cannot hide on both sides of a comparison.
//!
//! A golden document's first comment may hold two machine-read lines:
//! `empty: A/b A/c` (the guide shows these elements present and empty, so a server must
//! send them empty) and `optional: A/d` (the guide shows them only in some deployments or
//! states, so a server may leave them out). Paths start at the root element; attributes
//! are written `A/@name`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use quick_xml::events::{BytesStart, Event};

/// One element: local name, attributes, direct text and children, in document order.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    fn open(e: &BytesStart<'_>) -> Result<Node, String> {
        let name = AsRef::<str>::as_ref(&e.local_name()).to_string();
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| format!("bad attribute on <{name}>: {err}"))?;
            let key = AsRef::<str>::as_ref(&a.key.local_name()).to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| format!("bad attribute value on <{name}>: {err}"))?;
            attrs.push((key, value.into_owned()));
        }
        Ok(Node {
            name,
            attrs,
            text: String::new(),
            children: Vec::new(),
        })
    }

    /// True when the element has no children and no text other than whitespace.
    pub fn is_empty(&self) -> bool {
        self.children.is_empty() && self.text.trim().is_empty()
    }

    /// Every element and attribute path under (and including) this element, each with the
    /// nodes found there.
    fn collect<'a>(&'a self, prefix: &str, out: &mut BTreeMap<String, Vec<&'a Node>>) {
        let path = if prefix.is_empty() {
            self.name.clone()
        } else {
            format!("{prefix}/{}", self.name)
        };
        for (k, _) in &self.attrs {
            // xmlns declarations are namespace plumbing, not content.
            if k != "xmlns" {
                out.entry(format!("{path}/@{k}")).or_default();
            }
        }
        for c in &self.children {
            c.collect(&path, out);
        }
        out.entry(path).or_default().push(self);
    }

    /// The paths of this tree (see the module comment).
    pub fn paths(&self) -> BTreeSet<String> {
        let mut all = BTreeMap::new();
        self.collect("", &mut all);
        all.into_keys().collect()
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Parses a whole document (declaration, comments and whitespace outside the root are
/// skipped). Entity and character references are resolved.
pub fn parse(xml: &str) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let mut attach = |stack: &mut Vec<Node>, node: Node| -> Result<(), String> {
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None if root.is_none() => root = Some(node),
            None => return Err(format!("a second root element <{}>", node.name)),
        }
        Ok(())
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        match event {
            Event::Start(e) => stack.push(Node::open(&e)?),
            Event::Empty(e) => attach(&mut stack, Node::open(&e)?)?,
            Event::End(_) => {
                let node = stack.pop().ok_or("an end tag without a start tag")?;
                attach(&mut stack, node)?;
            }
            Event::Text(t) => match stack.last_mut() {
                Some(top) => top.text.push_str(&t.xml10_content()),
                None if t.trim().is_empty() => {}
                None => return Err(format!("text outside the root: {:?}", &*t)),
            },
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let Some(top) = stack.last_mut() else {
                    return Err("a reference outside the root".into());
                };
                if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    top.text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    top.text.push_str(s);
                } else {
                    return Err(format!("unknown entity &{};", &*r));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}

/// A golden document from tests/golden with its emptiness and optionality rules.
#[derive(Clone, Debug)]
pub struct Golden {
    /// The file name without `.xml`.
    pub name: String,
    /// The file's text, as written.
    pub xml: String,
    pub root: Node,
    /// Paths the guide shows present and empty.
    pub empty: BTreeSet<String>,
    /// Paths the guide shows only sometimes.
    pub optional: BTreeSet<String>,
}

pub fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Every golden document's name, sorted.
pub fn golden_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".xml")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

impl Golden {
    /// Loads `tests/golden/<name>.xml`; panics with the reason if it is unusable, since a
    /// broken golden document is a broken test.
    pub fn load(name: &str) -> Golden {
        let path = golden_dir().join(format!("{name}.xml"));
        let xml = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let root = parse(&xml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rule = |key: &str| -> BTreeSet<String> {
            let comment = xml
                .split_once("<!--")
                .and_then(|(_, rest)| rest.split_once("-->"))
                .map(|(c, _)| c)
                .unwrap_or("");
            comment
                .lines()
                .filter_map(|l| l.trim().strip_prefix(key))
                .flat_map(|l| l.split_whitespace().map(str::to_string))
                .collect()
        };
        let golden = Golden {
            name: name.to_string(),
            empty: rule("empty:"),
            optional: rule("optional:"),
            root,
            xml,
        };
        let paths = golden.root.paths();
        for p in golden.empty.iter().chain(&golden.optional) {
            assert!(
                paths.contains(p),
                "{name}.xml names {p} in its comment, but the document has no such element"
            );
        }
        golden
    }
}

/// Where a server's document departs from a golden one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mismatch {
    /// The root element, when it differs: (golden, actual).
    pub root: Option<(String, String)>,
    /// Golden paths (not optional) the actual document lacks.
    pub missing: Vec<String>,
    /// (golden path, actual path) pairs that differ only in letter case.
    pub renamed: Vec<(String, String)>,
    /// Paths the guide shows empty, with what the server sent there instead.
    pub not_empty: Vec<(String, String)>,
    /// Paths of the actual document the golden one does not have.
    pub extra: Vec<String>,
}

impl Mismatch {
    pub fn is_empty(&self) -> bool {
        *self == Mismatch::default()
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((want, got)) = &self.root {
            writeln!(f, "    root: <{got}> where the guide has <{want}>")?;
        }
        for p in &self.missing {
            writeln!(f, "    missing: {p}")?;
        }
        for (want, got) in &self.renamed {
            writeln!(f, "    renamed: {got} (the guide writes {want})")?;
        }
        for (p, got) in &self.not_empty {
            writeln!(f, "    not empty (the guide sends it empty): {p} = {got:?}")?;
        }
        for p in &self.extra {
            writeln!(f, "    extra (not in the guide's document): {p}")?;
        }
        Ok(())
    }
}

/// Under `Update/data` the guide writes the object's root in either letter case (`user` in
/// the payload templates, `User` in a sample): compare that one name case-insensitively.
fn canonical(path: &str) -> String {
    match path.strip_prefix("Update/data/") {
        Some(rest) => {
            let (head, tail) = rest.split_once('/').unwrap_or((rest, ""));
            let head = head.to_ascii_lowercase();
            if tail.is_empty() {
                format!("Update/data/{head}")
            } else {
                format!("Update/data/{head}/{tail}")
            }
        }
        None => path.to_string(),
    }
}

/// Compares `actual` with `golden`: same root; every golden path (unless optional) present;
/// every `empty` path present with no content; every actual path known to the golden one.
/// Order and repetition of children are not compared (the guide's examples vary).
pub fn compare(golden: &Golden, actual: &str) -> Result<Mismatch, String> {
    let actual = parse(actual)?;
    let mut m = Mismatch::default();
    if actual.name != golden.root.name {
        m.root = Some((golden.root.name.clone(), actual.name.clone()));
        return Ok(m);
    }
    let mut found = BTreeMap::new();
    actual.collect("", &mut found);
    let have: BTreeMap<String, &String> = found.keys().map(|p| (canonical(p), p)).collect();
    let want: BTreeSet<String> = golden.root.paths().iter().map(|p| canonical(p)).collect();
    let optional: BTreeSet<String> = golden.optional.iter().map(|p| canonical(p)).collect();
    let mut missing: Vec<String> = want
        .iter()
        .filter(|p| !have.contains_key(*p) && !optional.contains(*p))
        .cloned()
        .collect();
    let mut extra: Vec<String> = have
        .iter()
        .filter(|(p, _)| !want.contains(*p))
        .map(|(_, original)| (*original).clone())
        .collect();
    // A path missing in one letter case and extra in another is a renamed element; its
    // descendants then differ too, and are reported only through the rename.
    for w in missing.clone() {
        if let Some(e) = extra
            .iter()
            .find(|e| e.eq_ignore_ascii_case(&w) && *e != &w)
            .cloned()
        {
            m.renamed.push((w, e));
        }
    }
    let under = |p: &str, root: &str| p.len() > root.len() && p.starts_with(root);
    for (w, e) in &m.renamed {
        let (wl, el) = (format!("{w}/"), format!("{e}/"));
        missing.retain(|p| p != w && !under(p, &wl));
        extra.retain(|p| p != e && !under(p, &el));
    }
    m.missing = missing;
    m.extra = extra;
    for p in &golden.empty {
        let Some(original) = have.get(&canonical(p)) else {
            continue;
        };
        for node in &found[*original] {
            if !node.is_empty() {
                m.not_empty.push((p.clone(), node.text.trim().to_string()));
            }
        }
    }
    Ok(m)
}
