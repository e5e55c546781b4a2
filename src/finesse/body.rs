//! Bounds on bodies: how much of a response the client reads (the profile's
//! `limits.max_body_bytes`), and how much of a body a transcript keeps.
//!
//! The guide bounds no size, and a runaway target once turned 7 MB answers into gigabytes of
//! reports. Reading stops at the cap (a bigger body is refused, never buffered whole), and a
//! recorded body keeps its first [`RECORDED_BODY_BYTES`] with a marker giving the whole size.
//! Recording always redacts first and cuts afterwards: a secret cut in half would no longer
//! match, and its first half would be written out.

use crate::redact::Redactor;

/// What a transcript keeps of one body: whole, any Finesse resource a lab was seen to send;
/// cut, a run against a runaway target writes megabytes of reports, not gigabytes.
pub(crate) const RECORDED_BODY_BYTES: usize = 64 * 1024;

/// How much of a body a one-line message quotes.
const SNIPPET_CHARS: usize = 80;

/// Why a body was not read whole.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Longer than the cap: `announced` is its Content-Length when that gave it away
    /// (nothing was read then).
    TooLarge {
        announced: Option<u64>,
    },
    Transport(reqwest::Error),
}

/// Reads `resp`'s body, chunk by chunk, refusing one longer than `limit` bytes: a
/// Content-Length over it is refused before anything is read, and a streamed body as soon
/// as it passes the limit, so at most `limit` bytes are ever held.
pub(crate) async fn read_capped(
    mut resp: reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    if let Some(n) = resp.content_length().filter(|n| *n > limit) {
        return Err(ReadError::TooLarge { announced: Some(n) });
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(ReadError::Transport)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(ReadError::TooLarge { announced: None });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A body as reports show it: redacted first, then cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recorded {
    /// At most [`RECORDED_BODY_BYTES`] of the redacted body, and a marker when cut.
    pub(crate) text: String,
    /// Its first characters on one line, for a one-line message.
    pub(crate) snippet: String,
}

/// Redacts `body`, then keeps what a transcript and a message may show of it.
pub(crate) fn record(redactor: &Redactor, body: &str) -> Recorded {
    let redacted = redactor.redact(body);
    Recorded {
        snippet: snippet(&redacted),
        text: cut(redacted, body.len()),
    }
}

/// `redacted` cut to [`RECORDED_BODY_BYTES`] at a character boundary, with a marker that
/// gives `original` (the size of the body as received).
fn cut(mut redacted: String, original: usize) -> String {
    if redacted.len() <= RECORDED_BODY_BYTES {
        return redacted;
    }
    let at = redacted.floor_char_boundary(RECORDED_BODY_BYTES);
    redacted.truncate(at);
    redacted.push_str(&format!(
        "\n[… truncated by finesse-conformance: {original} bytes in all, the first {at} shown]"
    ));
    redacted
}

/// The first [`SNIPPET_CHARS`] characters of `text` with its whitespace runs as one space;
/// reads no further than it needs.
fn snippet(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() >= SNIPPET_CHARS {
            break;
        }
    }
    out.chars().take(SNIPPET_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "S3cr\u{e9}t-pass\u{e9}word";

    fn redactor() -> Redactor {
        Redactor::new(&[PW.to_string()], &["agent1".to_string()])
    }

    #[test]
    fn a_small_body_is_kept_whole() {
        let r = record(&redactor(), "<User>\n  <state>READY</state>\n</User>");
        assert_eq!(r.text, "<User>\n  <state>READY</state>\n</User>");
        assert_eq!(r.snippet, "<User> <state>READY</state> </User>");
    }

    #[test]
    fn a_big_body_is_cut_at_a_character_boundary_with_its_size() {
        // Two-byte characters straddle the cut.
        let body = "\u{e9}".repeat(RECORDED_BODY_BYTES);
        let r = record(&redactor(), &body);
        assert!(r.text.len() < RECORDED_BODY_BYTES + 200, "{}", r.text.len());
        assert!(
            r.text.ends_with(&format!(
                "[… truncated by finesse-conformance: {} bytes in all, the first {} shown]",
                body.len(),
                RECORDED_BODY_BYTES
            )),
            "{}",
            &r.text[r.text.len() - 120..]
        );
    }

    /// A secret across the cut, or across the end of the snippet, is masked whole: neither
    /// shows a recognisable start of it.
    #[test]
    fn a_secret_is_redacted_before_it_is_cut() {
        let start = &PW[..6];
        for at in [RECORDED_BODY_BYTES - 5, SNIPPET_CHARS - 5] {
            let body = format!("{}{PW}{}", "x".repeat(at), "y".repeat(RECORDED_BODY_BYTES));
            let r = record(&redactor(), &body);
            assert!(!r.text.contains(start), "text cut at {at}");
            assert!(!r.snippet.contains(start), "snippet of a body cut at {at}");
        }
        let r = record(
            &redactor(),
            &format!("{}{PW}", "x".repeat(SNIPPET_CHARS - 5)),
        );
        assert!(r.snippet.ends_with("xxx***"), "{}", r.snippet);
    }
}
