//! The request bodies the mock accepts: one well-formed XML document whose root element is
//! the resource's. A malformed body is 400 Bad Request (reference U1: "400 BR (malformed)",
//! G12.5 p.29–30 and p.74). What "well-formed" means is XML 1.0's document production
//! (§2.1, §2.8): an optional prolog, exactly one root element, and after it nothing but
//! comments, processing instructions and white space. The guide names no rule of its own
//! here; the mock follows XML's, so a body with trailing junk or a second root element is
//! refused like any other malformed body.

use quick_xml::events::Event;

/// Parses a request body whose root element must be `root` (any letter case, as Finesse
/// takes `<user>` for `<User>`). Tolerant parsing would otherwise take any XML, an HTML error
/// page included, as a request with every field missing.
pub(crate) fn parse<T: for<'de> serde::Deserialize<'de>>(
    body: &str,
    root: &str,
) -> Result<T, String> {
    if body.trim().is_empty() {
        return Err("The request body is empty".into());
    }
    let malformed = |e: String| format!("Malformed request body: {e}");
    let found = well_formed(body).map_err(malformed)?;
    if !found.eq_ignore_ascii_case(root) {
        return Err(malformed(format!(
            "the root element is <{found}>, not <{root}>"
        )));
    }
    quick_xml::de::from_str(body).map_err(|e| malformed(e.to_string()))
}

/// The root element's name if `xml` is one well-formed XML document; else what is wrong, in
/// a few words.
pub(crate) fn well_formed(xml: &str) -> Result<String, String> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let mut reader = quick_xml::Reader::from_str(xml);
    // Open elements, innermost last; quick-xml checks that each end tag matches.
    let mut open: Vec<String> = Vec::new();
    let mut root: Option<String> = None;
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            format!(
                "not well-formed XML at byte {}: {e}",
                reader.error_position()
            )
        })?;
        let outside = open.is_empty();
        match event {
            Event::Start(e) | Event::Empty(e) if outside && root.is_some() => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                return Err(format!(
                    "a second root element <{name}> at byte {at}; a document has exactly one"
                ));
            }
            Event::Start(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                if outside {
                    root = Some(name.clone());
                }
                open.push(name);
            }
            Event::Empty(e) if outside => {
                root = Some(AsRef::<str>::as_ref(&e.name()).to_string());
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(t)
                if outside && !t.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) =>
            {
                let place = if root.is_some() { "after" } else { "before" };
                return Err(format!("text {place} the root element at byte {at}"));
            }
            Event::CData(_) | Event::GeneralRef(_) if outside => {
                let place = if root.is_some() { "after" } else { "before" };
                return Err(format!(
                    "character data {place} the root element at byte {at}"
                ));
            }
            Event::Decl(_) if at != 0 => {
                return Err(format!(
                    "an XML declaration at byte {at}; it may only open the document"
                ));
            }
            Event::DocType(_) if root.is_some() => {
                return Err(format!(
                    "a DOCTYPE at byte {at}, after the root element; it belongs before it"
                ));
            }
            Event::Eof => break,
            // Comments and processing instructions may stand anywhere; everything inside
            // the root element is the resource's business.
            _ => {}
        }
    }
    match (root, open.first()) {
        (None, _) => Err("no root element".into()),
        (Some(_), Some(unclosed)) => Err(format!("<{unclosed}> is never closed")),
        (Some(root), None) => Ok(root),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = "<User><state>READY</state></User>";

    #[test]
    fn one_root_with_a_prolog_and_trailing_misc_is_well_formed() {
        for ok in [
            USER.to_string(),
            "<User/>".to_string(),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{USER}"),
            format!("\u{feff}{USER}"),
            format!("<!-- before -->\n<?pi x?>\n{USER}\n"),
            format!("{USER}\r\n\t <!-- after --> <?pi after?>\n"),
            format!("<!DOCTYPE User>{USER}"),
            "<User><a>x &amp; y</a><![CDATA[<b>]]></User>".to_string(),
        ] {
            assert_eq!(well_formed(&ok).as_deref(), Ok("User"), "{ok}");
        }
    }

    #[test]
    fn trailing_junk_a_second_root_or_an_unclosed_root_is_malformed() {
        for (bad, says) in [
            (format!("{USER}junk"), "text after the root element"),
            (format!("{USER}<User/>"), "second root element <User>"),
            (format!("{USER}<!-- c --><Other>x</Other>"), "second root"),
            (format!("junk{USER}"), "text before the root element"),
            (format!("{USER}&amp;"), "after the root element"),
            (format!("{USER}<![CDATA[x]]>"), "after the root element"),
            (
                format!("\n<?xml version=\"1.0\"?>{USER}"),
                "XML declaration",
            ),
            (format!("{USER}<!DOCTYPE User>"), "DOCTYPE"),
            (
                "<User><state>READY</state>".to_string(),
                "<User> is never closed",
            ),
            ("<User></Other>".to_string(), "not well-formed"),
            ("<!-- only a comment -->".to_string(), "no root element"),
        ] {
            let e = well_formed(&bad).expect_err(&bad);
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn parse_refuses_what_is_not_well_formed_before_reading_fields() {
        let r: Result<crate::documents::UserUpdate, _> = parse(&format!("{USER}junk"), "User");
        let e = r.expect_err("junk");
        assert!(e.starts_with("Malformed request body: "), "{e}");
        let r: Result<crate::documents::UserUpdate, _> = parse("  \n", "User");
        assert_eq!(r.expect_err("empty"), "The request body is empty");
        let r: Result<crate::documents::UserUpdate, _> = parse("<Dialog/>", "User");
        assert!(r.expect_err("wrong root").contains("not <User>"));
        let u: crate::documents::UserUpdate =
            parse(&format!("{USER}\n"), "User").expect("well-formed");
        assert_eq!(u.state.as_deref(), Some("READY"));
    }
}
