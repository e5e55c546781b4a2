use super::*;

const HEADER: &str = "<?xml version='1.0'?><stream:stream to='d' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' version='1.0'>";

const LIMITS: Limits = Limits {
    max_stanza: 4096,
    max_tag: 256,
    max_depth: 8,
};

fn framer() -> Framer {
    Framer::new(LIMITS)
}

fn frames(f: &mut Framer) -> Result<Vec<Frame>, FrameError> {
    let mut out = Vec::new();
    while let Some(fr) = f.next_frame()? {
        out.push(fr);
    }
    Ok(out)
}

fn names(frames: &[Frame]) -> Vec<String> {
    frames
        .iter()
        .map(|f| match f {
            Frame::Open(h) => format!("open {}", h.attr("id").unwrap_or("")),
            Frame::Stanza { el, .. } => el.qname(),
            Frame::Close => "close".into(),
        })
        .collect()
}

fn nwf(r: Result<impl fmt::Debug, FrameError>) -> bool {
    matches!(r, Err(FrameError::Xml(XmlError::NotWellFormed(_))))
}

#[test]
fn reads_header_stanzas_and_close_in_any_chunking() {
    let text = format!(
        "{HEADER} <stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>\n<presence/><message a=\"x>y\" b='/>'><body>x &gt; y<![CDATA[</body> <x/>]]></body></message></stream:stream>"
    );
    // Byte by byte, in odd chunks and all at once give the same frames.
    for chunk in [1, 7, text.len()] {
        let mut f = framer();
        let mut got = Vec::new();
        for part in text.as_bytes().chunks(chunk) {
            f.push(part);
            got.extend(frames(&mut f).expect("frames"));
        }
        assert_eq!(
            names(&got),
            ["open s1", "stream:features", "presence", "message", "close"],
            "chunk {chunk}"
        );
        let Frame::Open(h) = &got[0] else {
            panic!("header first: {got:?}")
        };
        assert!(h.is("stream", STREAM_NS));
        assert_eq!(h.attr("to"), Some("d"));
        let Frame::Stanza { el, .. } = &got[1] else {
            panic!("{got:?}")
        };
        assert!(el.is("features", STREAM_NS));
        let Frame::Stanza { el, raw } = &got[3] else {
            panic!("{got:?}")
        };
        assert!(el.is("message", CLIENT_NS));
        assert_eq!(el.attr("a"), Some("x>y"));
        assert_eq!(el.attr("b"), Some("/>"));
        assert_eq!(
            el.child("body", CLIENT_NS).map(|b| b.text().into_owned()),
            Some("x > y</body> <x/>".into())
        );
        assert!(
            raw.starts_with("<message") && raw.ends_with("</message>"),
            "{raw}"
        );
    }
}

#[test]
fn a_restart_expects_a_new_header_and_keeps_received_bytes() {
    let mut f = framer();
    f.push(format!("{HEADER}<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>").as_bytes());
    assert_eq!(names(&frames(&mut f).expect("ok")), ["open s1", "success"]);
    f.restart();
    let second = HEADER.replace("s1", "s2");
    f.push(format!("{second}<stream:features/>  ").as_bytes());
    assert_eq!(
        names(&frames(&mut f).expect("ok")),
        ["open s2", "stream:features"]
    );
    // Stanzas of the new stream follow as usual.
    f.push(b" <iq type='result'/>");
    assert_eq!(names(&frames(&mut f).expect("ok")), ["iq"]);
    // After the close, only a new header may come.
    f.push(b"</stream:stream><iq>");
    assert_eq!(f.next_frame(), Ok(Some(Frame::Close)));
    assert!(matches!(f.next_frame(), Ok(Some(Frame::Open(ref e))) if e.name == "iq"));
}

#[test]
fn whitespace_keepalives_leave_nothing_behind() {
    let mut f = framer();
    f.push(HEADER.as_bytes());
    f.push(b" \n \t ");
    assert_eq!(names(&frames(&mut f).expect("ok")), ["open s1"]);
    assert!(f.buf.is_empty());
}

#[test]
fn the_close_repeats_the_header_name_whatever_the_prefix() {
    let mut f = framer();
    f.push(b"<s:stream xmlns:s='http://etherx.jabber.org/streams' xmlns='jabber:client' version='1.0'><iq/></s:stream>");
    let got = frames(&mut f).expect("frames");
    assert!(matches!(&got[0], Frame::Open(h) if h.is("stream", STREAM_NS)));
    assert_eq!(names(&got[1..]), ["iq", "close"]);
    let mut f = framer();
    f.push(format!("{HEADER}</s:stream>").as_bytes());
    assert!(nwf(frames(&mut f)));
}

#[test]
fn refuses_what_is_not_an_xmpp_stream() {
    let restricted = |what| Err(FrameError::Xml(XmlError::Restricted(what)));
    for (text, want) in [
        (
            &format!("{HEADER}<!-- c -->") as &str,
            restricted("a comment"),
        ),
        (
            &format!("{HEADER}<iq><!-- c --></iq>"),
            restricted("a comment"),
        ),
        (&format!("{HEADER}<!DOCTYPE x>"), restricted("a DTD")),
        (
            &format!("{HEADER}<?pi?>"),
            restricted("a processing instruction"),
        ),
        (
            &format!("{HEADER}<q:iq/>"),
            Err(FrameError::Xml(XmlError::UnboundPrefix("q".into()))),
        ),
    ] {
        let mut f = framer();
        f.push(text.as_bytes());
        assert_eq!(frames(&mut f), want, "{text}");
    }
    for text in [
        "HTTP/1.1 400 Bad Request\r\n",
        "</stream:stream>",
        "<stream:stream/>",
        &format!("{HEADER}stray text"),
        &format!("{HEADER}</iq>"),
        &format!("{HEADER}<![CDATA[x]]>"),
        &format!("{HEADER}<iq><a></b></iq>"),
        &format!("{HEADER}<iq <a>"),
    ] {
        let mut f = framer();
        f.push(text.as_bytes());
        assert!(nwf(frames(&mut f)), "{text}");
    }
    let mut f = framer();
    f.push(HEADER.as_bytes());
    f.push(b"<iq>\xff\xfe</iq>");
    assert_eq!(frames(&mut f), Err(FrameError::NotUtf8));
    let e = framer_error("HTTP/1.1 400 Bad Request");
    assert_eq!(
        e,
        "not well-formed XML: text outside any stanza: \"HTTP/1.1 400 Bad Request\""
    );
}

fn framer_error(text: &str) -> String {
    let mut f = framer();
    f.push(text.as_bytes());
    frames(&mut f).expect_err("refused").to_string()
}

#[test]
fn limits_size_tag_length_and_depth() {
    // A stanza still arriving, and one that arrives whole.
    let mut f = framer();
    f.push(format!("{HEADER}<message><body>").as_bytes());
    assert_eq!(frames(&mut f).map(|v| v.len()), Ok(1));
    f.push(&vec![b'x'; LIMITS.max_stanza]);
    assert_eq!(
        frames(&mut f),
        Err(FrameError::StanzaTooLarge(LIMITS.max_stanza))
    );
    let mut f = framer();
    let big = format!(
        "<message><body>{}</body></message>",
        "x".repeat(LIMITS.max_stanza)
    );
    f.push(format!("{HEADER}{big}").as_bytes());
    assert_eq!(
        frames(&mut f),
        Err(FrameError::StanzaTooLarge(LIMITS.max_stanza))
    );
    // Many small stanzas together are no large one.
    let mut f = framer();
    f.push(format!("{HEADER}{}", "<presence/>".repeat(LIMITS.max_stanza)).as_bytes());
    assert_eq!(frames(&mut f).map(|v| v.len()), Ok(1 + LIMITS.max_stanza));
    let mut f = framer();
    f.push(format!("{HEADER}{}", "<a>".repeat(LIMITS.max_depth)).as_bytes());
    assert_eq!(frames(&mut f).map(|v| v.len()), Ok(1));
    f.push(b"<a>");
    assert_eq!(
        frames(&mut f),
        Err(FrameError::Xml(XmlError::TooDeep(LIMITS.max_depth)))
    );
    let mut f = framer();
    f.push(format!("{HEADER}<iq id='{}", "x".repeat(LIMITS.max_tag)).as_bytes());
    assert_eq!(frames(&mut f), Err(FrameError::TagTooLong(LIMITS.max_tag)));
    assert_eq!(
        FrameError::StanzaTooLarge(4 << 20).to_string(),
        "a stanza larger than 4 MiB"
    );
    assert_eq!(
        FrameError::TagTooLong(16 * 1024).to_string(),
        "a tag longer than 16 KiB"
    );
}

#[test]
fn websocket_messages_are_whole_documents() {
    let open = ws_frame(
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='d' version='1.0'/>",
        LIMITS,
    );
    assert!(matches!(open, Ok(Frame::Open(e)) if e.attr("to") == Some("d")));
    // A TCP header over WebSocket is an opening too, for the session to refuse.
    let header = ws_frame(
        "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>",
        LIMITS,
    );
    assert!(matches!(header, Ok(Frame::Open(e)) if e.is("stream", STREAM_NS)));
    assert_eq!(
        ws_frame(
            "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>",
            LIMITS
        ),
        Ok(Frame::Close)
    );
    let text = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>";
    assert_eq!(
        ws_frame(text, LIMITS),
        Ok(Frame::Stanza {
            el: parse_stanza(text, 1).expect("parses"),
            raw: text.into()
        })
    );
    // Without the framing namespace, <open/> is a stanza like any other.
    assert!(matches!(
        ws_frame("<open/>", LIMITS),
        Ok(Frame::Stanza { el, .. }) if el.is("open", CLIENT_NS)
    ));
    assert_eq!(
        ws_frame(
            "<bogus xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>",
            LIMITS
        ),
        Err(FrameError::UnknownFraming("bogus".into()))
    );
    assert!(nwf(ws_frame("<presence>", LIMITS)));
    let big = format!("<message>{}</message>", "x".repeat(LIMITS.max_stanza));
    assert_eq!(
        ws_frame(&big, LIMITS),
        Err(FrameError::StanzaTooLarge(LIMITS.max_stanza))
    );
    let deep = "<a>".repeat(LIMITS.max_depth + 1) + &"</a>".repeat(LIMITS.max_depth + 1);
    assert_eq!(
        ws_frame(&deep, LIMITS),
        Err(FrameError::Xml(XmlError::TooDeep(LIMITS.max_depth)))
    );
}
