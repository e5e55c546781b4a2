use super::*;
use crate::xmpp_frame::{CLIENT_NS, STREAM_NS, parse_stanza};

#[test]
fn parses_names_namespaces_text_and_inner_xml() {
    let xml = r#"<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism><mechanism>a&amp;b&#33;&#x41;<![CDATA[<x/>]]></mechanism></mechanisms><bind/></stream:features>"#;
    let el = parse(xml).expect("parses");
    assert_eq!((el.name.as_str(), el.ns.as_str()), ("features", STREAM_NS));
    assert_eq!(el.qname(), "stream:features");
    // Exact lookups need the namespace; loose ones ignore it and letter case.
    let sasl = "urn:ietf:params:xml:ns:xmpp-sasl";
    let mechs = el.child("mechanisms", sasl).expect("mechanisms");
    assert!(el.child("mechanisms", "").is_none());
    assert_eq!(el.find("MECHANISMS"), Some(mechs));
    let texts: Vec<String> = mechs.elements().map(|c| c.text().into_owned()).collect();
    assert_eq!(texts, ["PLAIN", "a&b!A<x/>"]);
    // The unprefixed child without a declaration of its own has no namespace.
    assert_eq!(el.find("bind").map(|b| b.ns.as_str()), Some(""));
    assert!(mechs.inner_xml(xml).starts_with("<mechanism>PLAIN"));
    assert!(mechs.inner_xml(xml).ends_with("]]></mechanism>"));
    assert_eq!(el.find("bind").map(|b| b.inner_xml(xml)), Some(""));
    assert_eq!(el.find_text("mechanisms").as_deref(), Some(""));
    let m = parse("<m> a <b/> c </m>").expect("mixed");
    assert_eq!(m.text(), " a  c ");
    assert_eq!(
        parse("<r><state> READY </state></r>")
            .expect("ok")
            .find_text("STATE")
            .as_deref(),
        Some("READY")
    );
}

#[test]
fn attributes_are_looked_up_as_written_and_unescaped() {
    let el = parse(r#"<iq xmlns="jabber:client" xmlns:x="urn:x" xml:lang="en" type="result" to="a&amp;b" x:y="1"/>"#)
        .expect("parses");
    assert_eq!(el.attr("type"), Some("result"));
    assert_eq!(el.attr("to"), Some("a&b"));
    assert_eq!(el.attr("xml:lang"), Some("en"));
    assert_eq!(el.attr("x:y"), Some("1"));
    assert_eq!(el.attr("y"), None);
    // The default namespace is the element's, not an attribute; prefix declarations stay.
    assert_eq!(el.attr("xmlns"), None);
    assert_eq!(el.ns, "jabber:client");
    assert_eq!(el.attr("xmlns:x"), Some("urn:x"));
}

#[test]
fn a_document_skips_comments_and_instructions_but_must_be_well_formed() {
    let el =
        parse("<?xml version='1.0'?>\n<!-- c --><Update><?pi x?><event>PUT</event></Update>\n")
            .expect("parses");
    assert_eq!(el.find_text("event").as_deref(), Some("PUT"));
    for bad in [
        "",
        "<a>",
        "<a></b>",
        "<a/><b/>",
        "text",
        "text<a/>",
        "<a>&nope;</a>",
        "<a x='1' x='2'/>",
    ] {
        let e = parse(bad).expect_err(bad);
        assert!(matches!(e, XmlError::NotWellFormed(_)), "{bad:?}: {e:?}");
        assert!(e.to_string().starts_with("not well-formed XML: "), "{e}");
        assert!(!e.to_string().contains('\n'), "{e}");
    }
    assert_eq!(parse("<q:a/>"), Err(XmlError::UnboundPrefix("q".into())));
    let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
    assert_eq!(parse(&deep), Err(XmlError::TooDeep(MAX_DEPTH)));
    let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
    assert!(parse(&ok).is_ok());
}

#[test]
fn a_stanza_inherits_the_stream_namespaces() {
    let iq = parse_stanza("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desk</resource></bind></iq>", MAX_DEPTH)
        .expect("parse");
    assert!(iq.is("iq", CLIENT_NS));
    let bind = iq
        .child("bind", "urn:ietf:params:xml:ns:xmpp-bind")
        .expect("bind");
    assert_eq!(
        bind.child("resource", "urn:ietf:params:xml:ns:xmpp-bind")
            .map(|r| r.text().into_owned()),
        Some("desk".into())
    );
    let features = parse_stanza("<stream:features/>", MAX_DEPTH).expect("prefixed");
    assert!(features.is("features", STREAM_NS));
    let p = parse_stanza("<x:a xmlns:x='urn:x'><x:b/></x:a>", MAX_DEPTH).expect("prefix");
    assert!(p.is("a", "urn:x") && p.child("b", "urn:x").is_some());
    // A document inherits neither.
    assert_eq!(parse("<iq/>").map(|e| e.ns), Ok(String::new()));
}

#[test]
fn a_stanza_refuses_what_xmpp_restricts() {
    let nwf = |e: Result<Element, XmlError>| matches!(e, Err(XmlError::NotWellFormed(_)));
    for (xml, want) in [
        ("<iq><!-- hi --></iq>", XmlError::Restricted("a comment")),
        (
            "<iq>&nbsp;</iq>",
            XmlError::Restricted("an entity reference"),
        ),
        (
            "<?pi x?><iq/>",
            XmlError::Restricted("a processing instruction"),
        ),
        ("<!DOCTYPE iq><iq/>", XmlError::Restricted("a DTD")),
        ("<q:iq/>", XmlError::UnboundPrefix("q".into())),
        ("<iq><a/></iq>", XmlError::TooDeep(1)),
    ] {
        assert_eq!(parse_stanza(xml, 1), Err(want), "{xml}");
    }
    for xml in ["<iq><a></b></iq>", "<iq>", "<iq/><iq/>", "text<iq/>", ""] {
        assert!(nwf(parse_stanza(xml, MAX_DEPTH)), "{xml}");
    }
    // A leading XML declaration is allowed, as in a WebSocket message.
    assert!(parse_stanza("<?xml version='1.0'?><iq/>", MAX_DEPTH).is_ok());
    assert!(
        XmlError::Restricted("a comment")
            .to_string()
            .contains("RFC 6120"),
        "says why"
    );
}

#[test]
fn writes_back_with_namespaces_only_where_they_change() {
    let p = parse_stanza(
        "<presence><priority>0</priority><c xmlns='urn:c' a='&lt;&apos;'>x &amp; y</c></presence>",
        MAX_DEPTH,
    )
    .expect("parse");
    assert_eq!(
        p.to_xml(CLIENT_NS),
        "<presence><priority>0</priority><c xmlns='urn:c' a='&lt;&apos;'>x &amp; y</c></presence>"
    );
    assert_eq!(
        p.to_xml(""),
        "<presence xmlns='jabber:client'><priority>0</priority><c xmlns='urn:c' a='&lt;&apos;'>x &amp; y</c></presence>"
    );
    let mut built = Element::new("iq", CLIENT_NS);
    built.attrs.push(("id".into(), "a\"b".into()));
    assert_eq!(built.to_xml(CLIENT_NS), "<iq id='a&quot;b'/>");
    assert_eq!(escape("<a & 'b'>"), "&lt;a &amp; &apos;b&apos;&gt;");
}
