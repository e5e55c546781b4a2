//! A decoded view of a text, for finding a secret however it was escaped.
//!
//! A body can carry a password escaped in many ways, and an encoder may escape any subset of
//! its characters: XML (`&amp;`, `&#233;`, `&#xE9;`), JSON (`\u00e9`, `\"`, `\\`, `\/`) and
//! URL (`%C3%A9`, either case). Listing every combination as a needle would not end, so the
//! text is decoded, one layer of one syntax per view, and the needles are searched in each
//! view; a match maps back to the escaped text it came from. One syntax per view: in XML a
//! backslash is only a backslash, and decoding `\/` there would hide a password holding it.

/// The escapes one view decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Syntax {
    Xml,
    Json,
    Url,
}

impl Syntax {
    pub(super) const ALL: [Syntax; 3] = [Syntax::Xml, Syntax::Json, Syntax::Url];

    fn lead(self) -> u8 {
        match self {
            Syntax::Xml => b'&',
            Syntax::Json => b'\\',
            Syntax::Url => b'%',
        }
    }
}

/// The text with every escape replaced by what it stands for, and where the escapes were.
pub(super) struct Decoded {
    pub(crate) bytes: Vec<u8>,
    /// One per escape, in order: (start, end) in `bytes`, then (start, end) in the text.
    escapes: Vec<(usize, usize, usize, usize)>,
}

/// The view of `text` with the escapes of `syntax` decoded; None when it holds none (the
/// text is its own view).
pub(super) fn decode(text: &str, syntax: Syntax) -> Option<Decoded> {
    let src = text.as_bytes();
    let lead = syntax.lead();
    if !src.contains(&lead) {
        return None;
    }
    let mut bytes = Vec::with_capacity(src.len());
    let mut escapes = Vec::new();
    let mut i = 0;
    while i < src.len() {
        // The text between escapes is copied as it is, a run at a time.
        let run = src[i..]
            .iter()
            .position(|&b| b == lead)
            .unwrap_or(src.len() - i);
        bytes.extend_from_slice(&src[i..i + run]);
        i += run;
        if i == src.len() {
            break;
        }
        let found = match syntax {
            Syntax::Xml => xml(&src[i..]),
            Syntax::Json => json(&src[i..]),
            Syntax::Url => percent(&src[i..]),
        };
        match found {
            Some((len, value)) => {
                let start = bytes.len();
                value.push_to(&mut bytes);
                escapes.push((start, bytes.len(), i, i + len));
                i += len;
            }
            None => {
                bytes.push(src[i]);
                i += 1;
            }
        }
    }
    if escapes.is_empty() {
        return None;
    }
    Some(Decoded { bytes, escapes })
}

impl Decoded {
    /// The range of the text that decodes to `start..end` of the view.
    pub(super) fn original(&self, start: usize, end: usize) -> (usize, usize) {
        (
            self.map(start, false),
            self.map(end.saturating_sub(1), true),
        )
    }

    /// Where view byte `at` came from: its escape's start (or end, for `after`), or the
    /// same byte of the text, shifted by the escapes before it.
    fn map(&self, at: usize, after: bool) -> usize {
        let n = self.escapes.partition_point(|e| e.0 <= at);
        let Some(&(_, d1, o0, o1)) = n.checked_sub(1).and_then(|k| self.escapes.get(k)) else {
            return at + usize::from(after);
        };
        if at < d1 {
            return if after { o1 } else { o0 };
        }
        o1 + (at - d1) + usize::from(after)
    }
}

/// What one escape stands for: a character, or one byte of a percent-encoded sequence.
enum Value {
    Char(char),
    Byte(u8),
}

impl Value {
    fn push_to(&self, out: &mut Vec<u8>) {
        match self {
            Value::Char(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Value::Byte(b) => out.push(*b),
        }
    }
}

/// `&name;`, `&#233;` or `&#xE9;` at the start of `s`: its length and value.
fn xml(s: &[u8]) -> Option<(usize, Value)> {
    // The longest reference worth reading: `&#x10FFFF;` or `&#1114111;`.
    let end = s.iter().take(12).position(|&b| b == b';')?;
    let body = std::str::from_utf8(&s[1..end]).ok()?;
    let c = match body {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = body.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((end + 1, Value::Char(c)))
}

/// A JSON string escape at the start of `s` (`\"`, `\n`, `\u00e9`, a surrogate pair).
fn json(s: &[u8]) -> Option<(usize, Value)> {
    let c = match s.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = |at: usize| -> Option<u32> {
                let hex = std::str::from_utf8(s.get(at..at + 4)?).ok()?;
                u32::from_str_radix(hex, 16).ok()
            };
            let first = unit(2)?;
            if (0xD800..0xDC00).contains(&first) {
                if s.get(6..8)? != b"\\u" {
                    return None;
                }
                let second = unit(8).filter(|u| (0xDC00..0xE000).contains(u))?;
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Some((12, Value::Char(char::from_u32(code)?)));
            }
            return Some((6, Value::Char(char::from_u32(first)?)));
        }
        _ => return None,
    };
    Some((2, Value::Char(c)))
}

/// `%HH` at the start of `s`, either case.
fn percent(s: &[u8]) -> Option<(usize, Value)> {
    let hex = std::str::from_utf8(s.get(1..3)?).ok()?;
    let byte = u8::from_str_radix(hex, 16).ok()?;
    Some((3, Value::Byte(byte)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str, syntax: Syntax) -> String {
        decode(text, syntax)
            .map(|d| String::from_utf8_lossy(&d.bytes).into_owned())
            .unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn every_escape_decodes() {
        let xml = "a &amp; &lt;b&gt; &quot;&apos; &#233;&#xE9;&#xe9; \\/ %41";
        assert_eq!(view(xml, Syntax::Xml), "a & <b> \"' ééé \\/ %41");
        let json = r#"\" \\ \/ \n \u00e9\u00E9 \ud83d\ude00 &amp;"#;
        assert_eq!(view(json, Syntax::Json), "\" \\ / \n éé \u{1F600} &amp;");
        assert_eq!(view("%C3%A9%c3%a9 100% \\/", Syntax::Url), "éé 100% \\/");
        // Not escapes: left as they are.
        let junk = "&nbsp; &#xZZ; \\q \\u12 %G1 &";
        for s in Syntax::ALL {
            assert_eq!(view(junk, s), junk);
        }
        assert!(decode("plain text", Syntax::Xml).is_none());
    }

    #[test]
    fn a_match_maps_back_to_its_escapes() {
        let text = "x=S3cr\\u00e9t\\\"&y";
        let d = decode(text, Syntax::Json).expect("escapes");
        let needle = "S3cr\u{e9}t\"".as_bytes();
        let at = d
            .bytes
            .windows(needle.len())
            .position(|w| w == needle)
            .expect("found");
        let (start, end) = d.original(at, at + needle.len());
        assert_eq!(&text[start..end], "S3cr\\u00e9t\\\"");
        // Plain bytes after escapes shift by what the escapes saved.
        let y = d.bytes.iter().position(|&b| b == b'y').expect("y");
        assert_eq!(d.original(y, y + 1), (text.len() - 1, text.len()));
    }
}
