//! A tiny element builder for the documents the mock writes.
//!
//! Why not quick-xml's `Writer` directly: two of the documents are written in two child orders
//! (a User over REST follows the guide's object page, in a notification the alphabetical order
//! of the real captures), which is a sort of a small tree rather than a second writer. The
//! builder only joins tags; quick-xml escapes every name-free value.

use quick_xml::escape::escape;

/// One element: text content (possibly empty) or child elements, and attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct El {
    name: &'static str,
    attrs: Vec<(&'static str, String)>,
    body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Body {
    Text(String),
    Children(Vec<El>),
}

impl El {
    /// `<name>value</name>`; an empty value gives `<name></name>`, as Finesse writes it.
    pub(super) fn text(name: &'static str, value: impl Into<String>) -> El {
        El {
            name,
            attrs: Vec::new(),
            body: Body::Text(value.into()),
        }
    }

    /// `<name>value</name>`, or `<name></name>` when there is no value.
    pub(super) fn text_or_empty(name: &'static str, value: Option<&str>) -> El {
        El::text(name, value.unwrap_or_default())
    }

    /// An element that holds child elements (none yet).
    pub(super) fn parent(name: &'static str) -> El {
        El {
            name,
            attrs: Vec::new(),
            body: Body::Children(Vec::new()),
        }
    }

    pub(super) fn attr(mut self, name: &'static str, value: impl Into<String>) -> El {
        self.attrs.push((name, value.into()));
        self
    }

    /// Appends a child (an element built with [`El::text`] becomes a parent).
    pub(super) fn child(mut self, el: El) -> El {
        self.push(el);
        self
    }

    /// Appends each child in turn.
    pub(super) fn children(mut self, els: impl IntoIterator<Item = El>) -> El {
        for el in els {
            self.push(el);
        }
        self
    }

    pub(super) fn push(&mut self, el: El) {
        match &mut self.body {
            Body::Children(kids) => kids.push(el),
            Body::Text(_) => self.body = Body::Children(vec![el]),
        }
    }

    /// Children, and theirs, in case-insensitive alphabetical order of their names; children
    /// of one name keep their order (the order the real 12.5 notification captures show).
    pub(super) fn sorted(mut self) -> El {
        if let Body::Children(kids) = &mut self.body {
            let taken = std::mem::take(kids);
            let mut sorted: Vec<El> = taken.into_iter().map(El::sorted).collect();
            sorted.sort_by_cached_key(|e| e.name.to_ascii_lowercase());
            *kids = sorted;
        }
        self
    }

    pub(super) fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            out.push_str(&escape(v.as_str()));
            out.push('"');
        }
        out.push('>');
        match &self.body {
            Body::Text(t) => out.push_str(&escape(t.as_str())),
            Body::Children(kids) => kids.iter().for_each(|k| k.write(out)),
        }
        out.push_str("</");
        out.push_str(self.name);
        out.push('>');
    }

    pub(super) fn to_xml(&self) -> String {
        let mut out = String::with_capacity(512);
        self.write(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_empty_and_nested_elements_are_written_as_finesse_writes_them() {
        let doc = El::parent("User")
            .child(El::text("state", "READY"))
            .child(El::text_or_empty("extension", None))
            .child(El::parent("roles").child(El::text("role", "Agent")));
        assert_eq!(
            doc.to_xml(),
            "<User><state>READY</state><extension></extension>\
             <roles><role>Agent</role></roles></User>"
        );
        assert_eq!(El::parent("teams").to_xml(), "<teams></teams>");
    }

    #[test]
    fn values_and_attributes_are_escaped() {
        let doc = El::parent("ReasonCodes")
            .attr("category", "a\"b")
            .child(El::text("label", "Tom & <Jerry>"));
        assert_eq!(
            doc.to_xml(),
            "<ReasonCodes category=\"a&quot;b\"><label>Tom &amp; &lt;Jerry&gt;</label></ReasonCodes>"
        );
    }

    #[test]
    fn sorting_is_case_insensitive_recursive_and_keeps_repeated_names_in_order() {
        let doc = El::parent("user")
            .child(El::text("uri", "/u"))
            .child(El::parent("roles").children([El::text("role", "B"), El::text("role", "A")]))
            .child(El::text("reasonCodeId", "1"))
            .child(
                El::parent("ReasonCode").children([El::text("uri", "/r"), El::text("code", "9")]),
            )
            .sorted();
        assert_eq!(
            doc.to_xml(),
            "<user><ReasonCode><code>9</code><uri>/r</uri></ReasonCode><reasonCodeId>1</reasonCodeId>\
             <roles><role>B</role><role>A</role></roles><uri>/u</uri></user>"
        );
    }
}
