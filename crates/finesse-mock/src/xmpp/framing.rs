//! Cuts the RFC 6120 byte stream of a TCP connection into its header, stanzas and close.
//!
//! The stream is one XML document that never ends while the session lasts, so the framer
//! tracks only tag boundaries and depth; each complete stanza is then parsed on its own.

use super::stanzas::{Condition, FRAMING_NS};
use super::xml::{self, Element, STREAM_NS};

/// Bigger stanzas (or WebSocket messages) close the stream: no Finesse client sends
/// anything near it.
pub const MAX_STANZA: usize = 256 * 1024;
/// A longer tag closes the stream too; it also bounds rescanning a tag that arrives in
/// pieces.
const MAX_TAG: usize = 16 * 1024;
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// `<stream:stream …>`, as an element without children.
    Open(Element),
    Stanza(Element),
    /// `</stream:stream>`.
    Close,
}

#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// 0 before the stream header, 1 between stanzas, more inside one.
    depth: usize,
    /// How far `buf` has been scanned.
    pos: usize,
}

enum Markup {
    /// Not complete yet.
    Partial,
    /// Ends before this index.
    Ends(usize),
}

impl Framer {
    pub fn push(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    /// After SASL success both sides start a new stream (RFC 6120 §6.4.6); what the client
    /// already sent stays.
    pub fn restart(&mut self) {
        self.depth = 0;
    }

    fn consume(&mut self, upto: usize) {
        self.buf.drain(..upto);
        self.pos = 0;
    }

    /// The next frame, `None` when more bytes are needed.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, Condition> {
        loop {
            if self.depth <= 1 {
                // Whitespace between stanzas is a keepalive (RFC 6120 §4.6.1).
                let skip = self.buf[self.pos..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                self.consume(self.pos + skip);
            }
            if self.buf.len() > MAX_STANZA {
                return Err(Condition::PolicyViolation);
            }
            let Some(&first) = self.buf.get(self.pos) else {
                return Ok(None);
            };
            if first != b'<' {
                if self.depth <= 1 {
                    return Err(Condition::NotWellFormed);
                }
                match self.buf[self.pos..].iter().position(|&b| b == b'<') {
                    Some(i) => self.pos += i,
                    None => {
                        self.pos = self.buf.len();
                        return Ok(None);
                    }
                }
                continue;
            }
            let end = match markup_end(&self.buf[self.pos..])? {
                Markup::Partial if self.buf.len() - self.pos > MAX_TAG => {
                    return Err(Condition::PolicyViolation);
                }
                Markup::Partial => return Ok(None),
                Markup::Ends(n) => self.pos + n,
            };
            let tag = &self.buf[self.pos..end];
            if tag.starts_with(b"<?") {
                // Only the XML declaration, and only before the stream header.
                if self.depth == 0 && tag.starts_with(b"<?xml ") {
                    self.consume(end);
                    continue;
                }
                return Err(Condition::RestrictedXml);
            }
            if tag.starts_with(b"<![CDATA[") {
                if self.depth < 2 {
                    return Err(Condition::NotWellFormed);
                }
                self.pos = end;
                continue;
            }
            if tag.starts_with(b"<!") {
                return Err(Condition::RestrictedXml);
            }
            if tag.starts_with(b"</") {
                match self.depth {
                    0 => return Err(Condition::NotWellFormed),
                    1 if tag_name(tag) == b"stream:stream" => {
                        self.consume(end);
                        return Ok(Some(Frame::Close));
                    }
                    1 => return Err(Condition::NotWellFormed),
                    _ => {}
                }
                self.depth -= 1;
                self.pos = end;
                if self.depth == 1 {
                    return self.stanza(end).map(Some);
                }
                continue;
            }
            let empty = tag.ends_with(b"/>");
            match self.depth {
                0 if empty => return Err(Condition::NotWellFormed),
                0 => {
                    // The header never closes; read it as an empty element.
                    let mut header = tag[..tag.len() - 1].to_vec();
                    header.extend_from_slice(b"/>");
                    let text =
                        std::str::from_utf8(&header).map_err(|_| Condition::UnsupportedEncoding)?;
                    let el = xml::parse(text)?;
                    self.depth = 1;
                    self.consume(end);
                    return Ok(Some(Frame::Open(el)));
                }
                1 if empty => return self.stanza(end).map(Some),
                _ if empty => self.pos = end,
                _ => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(Condition::PolicyViolation);
                    }
                    self.pos = end;
                }
            }
        }
    }

    /// The stanza that started at the beginning of the buffer and ends before `end`.
    fn stanza(&mut self, end: usize) -> Result<Frame, Condition> {
        let text =
            std::str::from_utf8(&self.buf[..end]).map_err(|_| Condition::UnsupportedEncoding)?;
        let el = xml::parse(text)?;
        self.consume(end);
        Ok(Frame::Stanza(el))
    }
}

/// One WebSocket message (RFC 7395 §3.3): `<open/>`, `<close/>` or a stanza, each a
/// document of its own. A `<stream:stream>` header is passed on for the session to refuse.
pub fn ws_frame(text: &str) -> Result<Frame, Condition> {
    let el = xml::parse(text)?;
    if el.is("open", FRAMING_NS) || el.is("stream", STREAM_NS) {
        Ok(Frame::Open(el))
    } else if el.is("close", FRAMING_NS) {
        Ok(Frame::Close)
    } else if el.ns == FRAMING_NS {
        Err(Condition::BadFormat)
    } else {
        Ok(Frame::Stanza(el))
    }
}

/// Where the markup at the start of `b` ends: after `>` outside quotes, or after `]]>`.
fn markup_end(b: &[u8]) -> Result<Markup, Condition> {
    if b.starts_with(b"<!--") {
        return Err(Condition::RestrictedXml);
    }
    if b.starts_with(b"<![CDATA[") {
        return Ok(match b.windows(3).position(|w| w == b"]]>") {
            Some(i) => Markup::Ends(i + 3),
            None => Markup::Partial,
        });
    }
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(1) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return Ok(Markup::Ends(i + 1)),
            (None, b'<') => return Err(Condition::NotWellFormed),
            _ => {}
        }
    }
    Ok(Markup::Partial)
}

fn tag_name(tag: &[u8]) -> &[u8] {
    let start = if tag.starts_with(b"</") { 2 } else { 1 };
    let rest = &tag[start..];
    let len = rest
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
        .unwrap_or(rest.len());
    &rest[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "<?xml version='1.0'?><stream:stream to='d' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    fn frames(f: &mut Framer) -> Result<Vec<Frame>, Condition> {
        let mut out = Vec::new();
        while let Some(fr) = f.next_frame()? {
            out.push(fr);
        }
        Ok(out)
    }

    #[test]
    fn reads_header_stanzas_and_close_in_any_chunking() {
        let text = format!(
            "{HEADER} <iq id='a' type='get'><ping xmlns='urn:xmpp:ping'/></iq>\n<presence/><message><body>x &gt; y</body></message></stream:stream>"
        );
        // Byte by byte and all at once give the same frames.
        for chunk in [1, 7, text.len()] {
            let mut f = Framer::default();
            let mut got = Vec::new();
            for part in text.as_bytes().chunks(chunk) {
                f.push(part);
                got.extend(frames(&mut f).expect("frames"));
            }
            assert_eq!(got.len(), 5, "chunk {chunk}: {got:?}");
            let Frame::Open(h) = &got[0] else {
                panic!("header first: {got:?}")
            };
            assert!(h.is("stream", xml::STREAM_NS));
            assert_eq!(h.attr("to"), Some("d"));
            let Frame::Stanza(iq) = &got[1] else {
                panic!("iq: {got:?}")
            };
            assert!(iq.child("ping", "urn:xmpp:ping").is_some());
            let Frame::Stanza(m) = &got[3] else {
                panic!("message: {got:?}")
            };
            assert_eq!(
                m.child("body", xml::CLIENT_NS).map(Element::text),
                Some("x > y".into())
            );
            assert_eq!(got[4], Frame::Close);
        }
    }

    #[test]
    fn a_restart_expects_a_new_header() {
        let mut f = Framer::default();
        f.push(HEADER.as_bytes());
        f.push(b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AA==</auth>");
        assert_eq!(frames(&mut f).map(|v| v.len()), Ok(2));
        f.restart();
        f.push(HEADER.as_bytes());
        assert!(matches!(f.next_frame(), Ok(Some(Frame::Open(_)))));
    }

    #[test]
    fn quotes_may_hold_a_closing_bracket_and_cdata_may_hold_markup() {
        let mut f = Framer::default();
        f.push(HEADER.as_bytes());
        f.push(b"<message id='a>b'><body><![CDATA[<x/>]]></body></message>");
        let got = frames(&mut f).expect("frames");
        let Frame::Stanza(m) = &got[1] else {
            panic!("{got:?}")
        };
        assert_eq!(m.attr("id"), Some("a>b"));
        assert_eq!(
            m.child("body", xml::CLIENT_NS).map(Element::text),
            Some("<x/>".into())
        );
    }

    #[test]
    fn refuses_what_is_not_an_xmpp_stream() {
        for (text, want) in [
            ("hello", Condition::NotWellFormed),
            (
                &format!("{HEADER}stray text") as &str,
                Condition::NotWellFormed,
            ),
            (&format!("{HEADER}<!-- c -->"), Condition::RestrictedXml),
            (&format!("{HEADER}<!DOCTYPE x>"), Condition::RestrictedXml),
            (&format!("{HEADER}<?pi?>"), Condition::RestrictedXml),
            (&format!("{HEADER}</iq>"), Condition::NotWellFormed),
            (
                &format!("{HEADER}<iq><a></b></iq>"),
                Condition::NotWellFormed,
            ),
            ("<stream:stream/>", Condition::NotWellFormed),
        ] {
            let mut f = Framer::default();
            f.push(text.as_bytes());
            assert_eq!(frames(&mut f), Err(want), "{text}");
        }
        let mut f = Framer::default();
        f.push(HEADER.as_bytes());
        f.push(b"<iq>\xff\xfe</iq>");
        assert_eq!(frames(&mut f), Err(Condition::UnsupportedEncoding));
    }

    #[test]
    fn websocket_messages_are_whole_documents() {
        let open =
            ws_frame("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='d' version='1.0'/>");
        assert!(matches!(open, Ok(Frame::Open(e)) if e.attr("to") == Some("d")));
        assert_eq!(
            ws_frame("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"),
            Ok(Frame::Close)
        );
        assert!(matches!(
            ws_frame("<presence xmlns='jabber:client'/>"),
            Ok(Frame::Stanza(e)) if e.is("presence", xml::CLIENT_NS)
        ));
        assert_eq!(
            ws_frame("<bogus xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"),
            Err(Condition::BadFormat)
        );
        assert_eq!(ws_frame("<presence>"), Err(Condition::NotWellFormed));
    }

    #[test]
    fn limits_size_and_depth() {
        let mut f = Framer::default();
        f.push(HEADER.as_bytes());
        f.push(b"<message><body>");
        f.push(&vec![b'x'; MAX_STANZA + 1]);
        assert_eq!(frames(&mut f), Err(Condition::PolicyViolation));
        let mut f = Framer::default();
        f.push(HEADER.as_bytes());
        f.push("<a>".repeat(MAX_DEPTH + 1).as_bytes());
        assert_eq!(frames(&mut f), Err(Condition::PolicyViolation));
        let mut f = Framer::default();
        f.push(HEADER.as_bytes());
        f.push(format!("<iq id='{}", "x".repeat(MAX_TAG)).as_bytes());
        assert_eq!(frames(&mut f), Err(Condition::PolicyViolation));
    }
}
