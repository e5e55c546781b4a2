//! What arrives on an XMPP connection, one frame at a time, for both transports and both
//! ends: WebSocket (RFC 7395: each message one `<open/>`, `<close/>` or stanza) and TCP
//! (RFC 6120: one endless `<stream:stream>` document, cut here into header, stanzas and
//! close).
//!
//! The TCP framer tracks only tag boundaries and depth to find where each stanza ends;
//! each complete stanza is then parsed on its own as restricted XML (RFC 6120 §11.1) in
//! the stream's namespaces (`jabber:client`, the `stream` prefix).

use std::fmt;

use crate::xml::{self, Element, Rules, XmlError};

pub const CLIENT_NS: &str = "jabber:client";
pub const STREAM_NS: &str = "http://etherx.jabber.org/streams";
/// RFC 7395 framing namespace (`<open/>`, `<close/>`).
pub const FRAMING_NS: &str = "urn:ietf:params:xml:ns:xmpp-framing";

/// What a side accepts before it gives up on a peer; each side sets its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest stanza (or WebSocket message), in bytes.
    pub max_stanza: usize,
    /// The longest single tag, in bytes; it also bounds rescanning a tag that arrives in
    /// pieces.
    pub max_tag: usize,
    /// The deepest nesting of elements inside a stanza.
    pub max_depth: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// The peer opened (or reopened) its stream: `<stream:stream …>` as an element without
    /// children, or `<open/>`. Which one it is, is for the session to check.
    Open(Element),
    /// One top-level element, with the text it was parsed from.
    Stanza { el: Element, raw: String },
    /// The peer closed its stream.
    Close,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameError {
    /// Not well-formed, restricted XML, an undeclared prefix or too deep.
    Xml(XmlError),
    /// A stanza that is not UTF-8.
    NotUtf8,
    /// A stanza over [`Limits::max_stanza`].
    StanzaTooLarge(usize),
    /// A tag over [`Limits::max_tag`].
    TagTooLong(usize),
    /// An element of the framing namespace other than `<open/>` and `<close/>`.
    UnknownFraming(String),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Xml(e) => e.fmt(f),
            FrameError::NotUtf8 => f.write_str("a stanza that is not UTF-8"),
            FrameError::StanzaTooLarge(n) => write!(f, "a stanza larger than {}", size(*n)),
            FrameError::TagTooLong(n) => write!(f, "a tag longer than {}", size(*n)),
            FrameError::UnknownFraming(name) => {
                write!(
                    f,
                    "<{name}> in the framing namespace (RFC 7395 has only open and close)"
                )
            }
        }
    }
}

impl std::error::Error for FrameError {}

impl From<XmlError> for FrameError {
    fn from(e: XmlError) -> Self {
        FrameError::Xml(e)
    }
}

fn size(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

fn malformed(detail: impl fmt::Display) -> FrameError {
    FrameError::Xml(XmlError::NotWellFormed(detail.to_string()))
}

/// Parses one stanza: restricted XML in the stream's namespaces (RFC 6120 §4.8); WebSocket
/// stanzas may rely on them too (RFC 7395 §3.3.3).
pub(crate) fn parse_stanza(text: &str, max_depth: usize) -> Result<Element, XmlError> {
    xml::parse_with(
        text,
        Rules {
            restricted: true,
            inherited: &[("", CLIENT_NS), ("stream", STREAM_NS)],
            max_depth,
        },
    )
}

/// Classifies one WebSocket message (RFC 7395 §3.3), each a document of its own. A
/// `<stream:stream>` header is passed on as [`Frame::Open`] for the session to refuse.
pub fn ws_frame(text: &str, limits: Limits) -> Result<Frame, FrameError> {
    if text.len() > limits.max_stanza {
        return Err(FrameError::StanzaTooLarge(limits.max_stanza));
    }
    let el = parse_stanza(text, limits.max_depth)?;
    if el.is("open", FRAMING_NS) || el.is("stream", STREAM_NS) {
        Ok(Frame::Open(el))
    } else if el.is("close", FRAMING_NS) {
        Ok(Frame::Close)
    } else if el.ns == FRAMING_NS {
        Err(FrameError::UnknownFraming(el.qname()))
    } else {
        Ok(Frame::Stanza {
            el,
            raw: text.to_string(),
        })
    }
}

/// Splits a TCP byte stream into frames. Fed whatever bytes arrive; hands out complete
/// frames only. Cancel-safe for its callers: bytes pushed stay until consumed.
#[derive(Debug)]
pub struct Framer {
    limits: Limits,
    buf: Vec<u8>,
    /// How far `buf` has been scanned.
    pos: usize,
    /// 0 before the stream header, 1 between stanzas, more inside one.
    depth: usize,
    /// The stream header's name as written, which its end tag must repeat.
    header: Vec<u8>,
}

enum Markup {
    /// Not complete yet.
    Partial,
    /// Ends before this index.
    Ends(usize),
}

impl Framer {
    pub fn new(limits: Limits) -> Framer {
        Framer {
            limits,
            buf: Vec::new(),
            pos: 0,
            depth: 0,
            header: Vec::new(),
        }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// After SASL success both sides start a new stream (RFC 6120 §6.4.6): expect a new
    /// header. Bytes already received belong to the new stream and are kept.
    pub fn restart(&mut self) {
        self.depth = 0;
        self.pos = 0;
    }

    fn consume(&mut self, upto: usize) {
        self.buf.drain(..upto);
        self.pos = 0;
    }

    /// More bytes are needed; unless what is pending is already too large.
    fn incomplete(&self) -> Result<Option<Frame>, FrameError> {
        if self.buf.len() > self.limits.max_stanza {
            return Err(FrameError::StanzaTooLarge(self.limits.max_stanza));
        }
        Ok(None)
    }

    /// The next complete frame, or `None` until more bytes arrive.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, FrameError> {
        loop {
            if self.depth <= 1 {
                // Whitespace between stanzas is a keepalive (RFC 6120 §4.6.1).
                let skip = self.buf[self.pos..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                self.consume(self.pos + skip);
            }
            let Some(&first) = self.buf.get(self.pos) else {
                return self.incomplete();
            };
            if first != b'<' {
                if self.depth <= 1 {
                    return Err(malformed(format!(
                        "text outside any stanza: {:?}",
                        preview(&self.buf[self.pos..])
                    )));
                }
                match self.buf[self.pos..].iter().position(|&b| b == b'<') {
                    Some(i) => self.pos += i,
                    None => {
                        self.pos = self.buf.len();
                        return self.incomplete();
                    }
                }
                continue;
            }
            let end = match markup_end(&self.buf[self.pos..])? {
                Markup::Partial if self.buf.len() - self.pos > self.limits.max_tag => {
                    return Err(FrameError::TagTooLong(self.limits.max_tag));
                }
                Markup::Partial => return self.incomplete(),
                Markup::Ends(n) => self.pos + n,
            };
            if let Some(frame) = self.take(end)? {
                return Ok(Some(frame));
            }
        }
    }

    /// Acts on the complete markup from `pos` to `end`.
    fn take(&mut self, end: usize) -> Result<Option<Frame>, FrameError> {
        let tag = &self.buf[self.pos..end];
        if tag.starts_with(b"<?") {
            // Only the XML declaration, and only before the stream header.
            if self.depth == 0 && tag.starts_with(b"<?xml ") {
                self.consume(end);
                return Ok(None);
            }
            return Err(XmlError::Restricted("a processing instruction").into());
        }
        if tag.starts_with(b"<![CDATA[") {
            if self.depth < 2 {
                return Err(malformed("CDATA outside any stanza"));
            }
            self.pos = end;
            return Ok(None);
        }
        if tag.starts_with(b"<!") {
            return Err(XmlError::Restricted("a DTD").into());
        }
        if tag.starts_with(b"</") {
            let name = tag_name(tag);
            match self.depth {
                0 => return Err(malformed("an end tag before the stream header")),
                1 if name == self.header => {
                    self.consume(end);
                    self.depth = 0;
                    return Ok(Some(Frame::Close));
                }
                1 => {
                    return Err(malformed(format!(
                        "</{}> outside any stanza",
                        String::from_utf8_lossy(name)
                    )));
                }
                _ => {}
            }
            self.depth -= 1;
            self.pos = end;
            return if self.depth == 1 {
                self.stanza(end).map(Some)
            } else {
                Ok(None)
            };
        }
        let empty = tag.ends_with(b"/>");
        match self.depth {
            0 if empty => Err(malformed("the stream header closes itself")),
            0 => {
                // The header never closes; read it as an empty element.
                let mut header = tag[..tag.len() - 1].to_vec();
                header.extend_from_slice(b"/>");
                let text = std::str::from_utf8(&header).map_err(|_| FrameError::NotUtf8)?;
                let el = parse_stanza(text, 1)?;
                self.header = tag_name(tag).to_vec();
                self.depth = 1;
                self.consume(end);
                Ok(Some(Frame::Open(el)))
            }
            1 if empty => self.stanza(end).map(Some),
            _ if empty => {
                self.pos = end;
                Ok(None)
            }
            _ => {
                self.depth += 1;
                // Depth 2 is the stanza itself, at nesting 1.
                if self.depth - 1 > self.limits.max_depth {
                    return Err(XmlError::TooDeep(self.limits.max_depth).into());
                }
                self.pos = end;
                Ok(None)
            }
        }
    }

    /// The stanza that starts at the beginning of the buffer and ends before `end`.
    fn stanza(&mut self, end: usize) -> Result<Frame, FrameError> {
        if end > self.limits.max_stanza {
            return Err(FrameError::StanzaTooLarge(self.limits.max_stanza));
        }
        let text = std::str::from_utf8(&self.buf[..end]).map_err(|_| FrameError::NotUtf8)?;
        let el = parse_stanza(text, self.limits.max_depth)?;
        let raw = text.to_string();
        self.consume(end);
        Ok(Frame::Stanza { el, raw })
    }
}

/// Where the markup at the start of `b` (a `<`) ends: after `>` outside quotes, or after
/// `]]>` for CDATA.
fn markup_end(b: &[u8]) -> Result<Markup, FrameError> {
    if b.starts_with(b"<!--") {
        return Err(XmlError::Restricted("a comment").into());
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
            (None, b'<') => return Err(malformed("a '<' inside a tag")),
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

fn preview(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).into_owned()
}

#[cfg(test)]
mod tests;
