//! What arrives on an XMPP connection, one frame at a time, for both transports:
//! WebSocket (RFC 7395: one `<open/>`, `<close/>` or stanza per message) and TCP
//! (RFC 6120: one endless `<stream:stream>` document, split here into its stanzas).

use super::xml::{self, Element};

/// RFC 7395 framing namespace.
pub const FRAMING_NS: &str = "urn:ietf:params:xml:ns:xmpp-framing";

/// Larger than any Finesse notification; stops a broken peer from growing memory forever.
pub const MAX_STANZA: usize = 4 << 20;

#[derive(Clone, Debug, PartialEq)]
pub enum Frame {
    /// The server opened (or reopened) its stream; the element is the header.
    Open(Element),
    /// One top-level element, with the text it was parsed from.
    Stanza { el: Element, raw: String },
    /// The server closed its stream.
    Close,
}

impl Frame {
    /// Classifies one WebSocket text message.
    pub fn from_ws_text(text: &str) -> Result<Frame, String> {
        let el = xml::parse(text)?;
        let framing = el.xmlns().is_none_or(|ns| ns == FRAMING_NS);
        Ok(match el.local() {
            "open" if framing => Frame::Open(el),
            "close" if framing => Frame::Close,
            _ => Frame::Stanza {
                el,
                raw: text.to_string(),
            },
        })
    }
}

/// Splits a TCP byte stream into frames. Fed whatever bytes arrive; hands out complete
/// frames only. Tracks just enough syntax (tags, quotes, comments, CDATA) to find where
/// each top-level element ends; the XML itself is checked when each stanza is parsed.
#[derive(Debug, Default)]
pub struct StreamFramer {
    buf: Vec<u8>,
    /// Scanned up to here.
    pos: usize,
    /// Element depth inside the current stanza (0 = between stanzas).
    depth: usize,
    /// Whether the server's stream header has been read.
    in_stream: bool,
}

enum Token {
    /// Declaration, processing instruction, comment or CDATA: skipped.
    Skip,
    Start {
        name: String,
        empty: bool,
    },
    End,
}

impl StreamFramer {
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// After SASL success both sides start a new stream (RFC 6120 §6.4.6): expect a new
    /// header. Bytes already received belong to the new stream and are kept.
    pub fn restart(&mut self) {
        self.in_stream = false;
        self.depth = 0;
    }

    /// The next complete frame, or None until more bytes arrive.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, String> {
        loop {
            if self.depth == 0 {
                self.skip_whitespace();
                // Nothing of a frame is pending: forget what was consumed.
                self.buf.drain(..self.pos);
                self.pos = 0;
                match self.buf.first() {
                    None => return Ok(None),
                    Some(b'<') => {}
                    Some(_) => {
                        return Err(format!("text outside any stanza: {:?}", preview(&self.buf)));
                    }
                }
            } else if let Some(lt) = self.buf[self.pos..].iter().position(|&b| b == b'<') {
                self.pos += lt;
            } else {
                self.pos = self.buf.len();
                return self.incomplete();
            }
            let Some((token, end)) = scan_token(&self.buf, self.pos)? else {
                return self.incomplete();
            };
            self.pos = end;
            if let Some(frame) = self.take(token, end)? {
                return Ok(Some(frame));
            }
        }
    }

    fn take(&mut self, token: Token, end: usize) -> Result<Option<Frame>, String> {
        if !self.in_stream {
            return match token {
                Token::Skip => Ok(None),
                Token::Start { name, .. } if xml::local_name(&name) == "stream" => {
                    let header = self.consume(end)?;
                    self.in_stream = true;
                    // The header never closes; parse it as an empty element.
                    let body = header.trim_end_matches('>').trim_end_matches('/');
                    Ok(Some(Frame::Open(xml::parse(&format!("{body}/>"))?)))
                }
                Token::Start { name, .. } => Err(format!(
                    "expected the server's <stream:stream> header, got <{name}>"
                )),
                Token::End => Err("expected the server's <stream:stream> header".into()),
            };
        }
        match token {
            Token::Skip => Ok(None),
            Token::End if self.depth == 0 => {
                self.consume(end)?;
                self.in_stream = false;
                Ok(Some(Frame::Close))
            }
            Token::End => {
                self.depth -= 1;
                self.stanza_if_done(end)
            }
            Token::Start { empty: true, .. } => self.stanza_if_done(end),
            Token::Start { empty: false, .. } => {
                self.depth += 1;
                Ok(None)
            }
        }
    }

    fn stanza_if_done(&mut self, end: usize) -> Result<Option<Frame>, String> {
        if self.depth > 0 {
            return Ok(None);
        }
        let raw = self.consume(end)?;
        let el = xml::parse(&raw)?;
        Ok(Some(Frame::Stanza { el, raw }))
    }

    /// Removes and returns the first `end` bytes as text.
    fn consume(&mut self, end: usize) -> Result<String, String> {
        let bytes: Vec<u8> = self.buf.drain(..end).collect();
        self.pos = 0;
        String::from_utf8(bytes).map_err(|_| "a stanza that is not UTF-8".to_string())
    }

    fn incomplete(&self) -> Result<Option<Frame>, String> {
        if self.buf.len() > MAX_STANZA {
            return Err(format!("a stanza larger than {} MiB", MAX_STANZA >> 20));
        }
        Ok(None)
    }

    fn skip_whitespace(&mut self) {
        while self
            .buf
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.pos += 1;
        }
    }
}

/// The markup token at `at` (which holds `<`) and where it ends, or None if incomplete.
fn scan_token(buf: &[u8], at: usize) -> Result<Option<(Token, usize)>, String> {
    let rest = &buf[at..];
    let until = |pat: &[u8], from: usize| {
        rest.get(from..)
            .and_then(|r| r.windows(pat.len()).position(|w| w == pat))
            .map(|i| at + from + i + pat.len())
    };
    if rest.len() < 2 {
        return Ok(None);
    }
    match rest[1] {
        b'?' => Ok(until(b"?>", 2).map(|end| (Token::Skip, end))),
        b'!' if rest.starts_with(b"<!--") => Ok(until(b"-->", 4).map(|end| (Token::Skip, end))),
        b'!' if rest.starts_with(b"<![CDATA[") => {
            Ok(until(b"]]>", 9).map(|end| (Token::Skip, end)))
        }
        b'!' if b"<![CDATA[".starts_with(rest) || b"<!--".starts_with(rest) => Ok(None),
        b'!' => Err(format!("markup XMPP does not allow: {:?}", preview(rest))),
        b'/' => Ok(until(b">", 2).map(|end| (Token::End, end))),
        _ => {
            let mut quote: Option<u8> = None;
            for (i, &b) in rest.iter().enumerate().skip(1) {
                match (quote, b) {
                    (Some(q), _) if b == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(b),
                    (None, b'>') => {
                        let empty = rest[..i].ends_with(b"/");
                        let name_end = rest[1..i]
                            .iter()
                            .position(|c| c.is_ascii_whitespace() || *c == b'/')
                            .map_or(i, |p| p + 1);
                        let name = String::from_utf8_lossy(&rest[1..name_end]).into_owned();
                        return Ok(Some((Token::Start { name, empty }, at + i + 1)));
                    }
                    (None, _) => {}
                }
            }
            Ok(None)
        }
    }
}

fn preview(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "<?xml version='1.0' encoding='UTF-8'?><stream:stream xmlns:stream=\"http://etherx.jabber.org/streams\" xmlns=\"jabber:client\" from=\"d\" id=\"s1\" version=\"1.0\">";

    fn frames(framer: &mut StreamFramer) -> Vec<Frame> {
        let mut out = Vec::new();
        while let Some(f) = framer.next_frame().expect("frames") {
            out.push(f);
        }
        out
    }

    fn names(frames: &[Frame]) -> Vec<String> {
        frames
            .iter()
            .map(|f| match f {
                Frame::Open(h) => format!("open {}", h.attr("id").unwrap_or("")),
                Frame::Stanza { el, .. } => el.name.clone(),
                Frame::Close => "close".into(),
            })
            .collect()
    }

    #[test]
    fn splits_a_stream_fed_one_byte_at_a_time() {
        let stanzas = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features> \n<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/><message a=\"x>y\" b='/>'><!-- c <x> --><body><![CDATA[</body> <]]></body></message>";
        let text = format!("{HEADER}{stanzas}</stream:stream>");
        let mut f = StreamFramer::default();
        let mut got = Vec::new();
        for b in text.as_bytes() {
            f.push(&[*b]);
            got.extend(frames(&mut f));
        }
        assert_eq!(
            names(&got),
            ["open s1", "stream:features", "success", "message", "close"]
        );
        let Frame::Stanza { el, raw } = &got[3] else {
            panic!("{got:?}")
        };
        assert_eq!(el.attr("a"), Some("x>y"));
        assert_eq!(el.child_text("body"), Some("</body> <"));
        assert!(raw.starts_with("<message") && raw.ends_with("</message>"));
    }

    #[test]
    fn restart_expects_a_new_header_and_keeps_received_bytes() {
        let mut f = StreamFramer::default();
        f.push(format!("{HEADER}<success/>").as_bytes());
        assert_eq!(names(&frames(&mut f)), ["open s1", "success"]);
        f.restart();
        let second = HEADER.replace("s1", "s2");
        f.push(format!("{second}<stream:features/>  ").as_bytes());
        assert_eq!(names(&frames(&mut f)), ["open s2", "stream:features"]);
        // Stanzas of the new stream follow as usual.
        f.push(b" <iq type='result'/>");
        assert_eq!(names(&frames(&mut f)), ["iq"]);
    }

    #[test]
    fn whitespace_keepalives_are_ignored() {
        let mut f = StreamFramer::default();
        f.push(HEADER.as_bytes());
        f.push(b" \n \t ");
        assert_eq!(names(&frames(&mut f)), ["open s1"]);
        assert!(f.buf.is_empty());
    }

    #[test]
    fn garbage_is_an_error() {
        let mut f = StreamFramer::default();
        f.push(b"HTTP/1.1 400 Bad Request\r\n");
        assert!(f.next_frame().unwrap_err().contains("text outside"));
        let mut f = StreamFramer::default();
        f.push(b"<html><body>");
        assert!(f.next_frame().unwrap_err().contains("got <html>"));
        let mut f = StreamFramer::default();
        f.push(format!("{HEADER}<!DOCTYPE x>").as_bytes());
        assert!(f.next_frame().is_ok());
        assert!(f.next_frame().unwrap_err().contains("does not allow"));
        let mut f = StreamFramer::default();
        f.push(format!("{HEADER}<a></b>").as_bytes());
        assert!(f.next_frame().is_ok());
        assert!(f.next_frame().unwrap_err().contains("well-formed"));
    }

    #[test]
    fn oversized_stanzas_are_refused() {
        let mut f = StreamFramer::default();
        f.push(format!("{HEADER}<message><body>").as_bytes());
        assert!(f.next_frame().is_ok());
        f.push(&vec![b'x'; MAX_STANZA]);
        assert!(f.next_frame().unwrap_err().contains("larger than"));
    }

    #[test]
    fn websocket_messages_are_classified() {
        let open = Frame::from_ws_text(
            "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='d' id='w1' version='1.0'/>",
        )
        .expect("open");
        assert!(matches!(open, Frame::Open(ref h) if h.attr("id") == Some("w1")));
        assert_eq!(
            Frame::from_ws_text("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"),
            Ok(Frame::Close)
        );
        let features = Frame::from_ws_text(
            "<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>",
        )
        .expect("features");
        assert!(matches!(features, Frame::Stanza { ref el, .. } if el.local() == "features"));
        assert!(Frame::from_ws_text("<open").is_err());
    }
}
