//! Redaction of secrets from anything the harness writes: transcripts, reports, console.
//!
//! Every profile password is removed in the forms it could take on the wire (plain,
//! URL-encoded, XML-escaped, base64 alone or inside `user:password`), and any
//! `Basic`/`Bearer` credential is masked wherever it appears.

use std::sync::LazyLock;

use regex::Regex;

use crate::base64::encode as base64;

pub const MASK: &str = "***";

static AUTH_VALUE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}").ok());

#[derive(Clone, Debug, Default)]
pub struct Redactor {
    needles: Vec<String>,
    /// The needles as one alternation: a single pass per text, however many users share a
    /// password. None only if the pattern could not be built (then the needles are used).
    any: Option<Regex>,
}

impl Redactor {
    /// `secrets` are plain passwords; `users` are the names they pair with in Basic auth.
    pub fn new(secrets: &[String], users: &[String]) -> Self {
        let mut needles = Vec::new();
        for s in secrets.iter().filter(|s| !s.is_empty()) {
            needles.push(s.clone());
            needles.push(percent_encode(s));
            needles.push(xml_escape(s));
            needles.push(base64(s.as_bytes()));
            for u in users {
                needles.push(base64(format!("{u}:{s}").as_bytes()));
                // The SASL PLAIN payload of an XMPP login (RFC 4616).
                needles.push(base64(format!("\0{u}\0{s}").as_bytes()));
            }
        }
        // Longest first, so that a secret containing another is removed whole.
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        needles.dedup();
        needles.retain(|n| n.len() >= 3);
        let pattern = needles
            .iter()
            .map(|n| regex::escape(n))
            .collect::<Vec<_>>()
            .join("|");
        let any = (!needles.is_empty())
            .then(|| Regex::new(&pattern).ok())
            .flatten();
        Redactor { needles, any }
    }

    pub fn redact(&self, text: &str) -> String {
        let out = match AUTH_VALUE.as_ref() {
            Some(re) => re.replace_all(text, format!("$1 {MASK}")).into_owned(),
            None => text.to_string(),
        };
        match &self.any {
            Some(re) => re.replace_all(&out, MASK).into_owned(),
            None => self
                .needles
                .iter()
                .fold(out, |acc, n| acc.replace(n.as_str(), MASK)),
        }
    }
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_removed_in_every_encoding() {
        let canary = "C4nary&p@ss<word>";
        let r = Redactor::new(&[canary.to_string()], &["agent1".to_string()]);
        let basic = base64(format!("agent1:{canary}").as_bytes());
        let sasl = base64(format!("\0agent1\0{canary}").as_bytes());
        let text = format!(
            "plain {canary} url {} xml {} b64 {} header Authorization: Basic {basic} other {basic} sasl <auth>{sasl}</auth>",
            percent_encode(canary),
            xml_escape(canary),
            base64(canary.as_bytes())
        );
        let out = r.redact(&text);
        assert!(!out.contains("C4nary"), "{out}");
        assert!(!out.contains(&basic), "{out}");
        assert!(out.contains("sasl <auth>***</auth>"), "{out}");
        assert!(!out.contains(&percent_encode(canary)), "{out}");
        assert!(out.contains("Basic ***"), "{out}");
    }

    #[test]
    fn unrelated_text_is_untouched() {
        let r = Redactor::new(&["s3cret!".to_string()], &[]);
        assert_eq!(
            r.redact("<User><state>READY</state></User>"),
            "<User><state>READY</state></User>"
        );
    }
}
