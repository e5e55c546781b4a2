//! Redaction of secrets from anything the harness writes: transcripts, reports, console.
//!
//! Every profile password is removed in the forms it could take on the wire (plain,
//! URL-encoded, XML-escaped, base64 alone or inside `user:password`), and any
//! `Basic`/`Bearer` credential is masked wherever it appears. SSO tokens obtained during the
//! run are learnt as they arrive. An encoder may escape any subset of a secret's characters
//! (XML `&#233;`, JSON `\u00e9` or `\"`, URL `%c3%a9`), so the needles are also searched in
//! a decoded view of the text (see [`decoded`]), and a match there masks the escaped text.
//!
//! The needles sit in Aho-Corasick automata (the `aho-corasick` crate, which `regex` itself
//! builds on): one pass per automaton finds every occurrence, overlapping ones included.
//! Learnt needles go into automata of doubling size (a binary counter: a full level merges
//! into the next), so that learning a token rebuilds only a small automaton on average and a
//! redaction makes a few passes, however many tokens a long run with short-lived tokens
//! learns. Compiling one regex of every needle on each refresh made such a run ten times
//! slower.

use std::collections::HashSet;
use std::fmt;
use std::sync::{LazyLock, RwLock};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use finesse_protocol::base64::encode as base64;

mod decoded;

pub(crate) const MASK: &str = "***";

static AUTH_VALUE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}").ok());

/// Needles learnt but not yet in a level: at most this many, searched by a small automaton.
const BATCH: usize = 32;

/// Removes known secrets from text. Shared as `Arc<Redactor>`: tokens obtained while the run
/// goes on (an SSO refresh) are added with [`Redactor::learn`], so everything written after
/// that point is redacted of them too.
#[derive(Default)]
pub struct Redactor {
    needles: RwLock<Needles>,
}

#[derive(Default, Clone)]
struct Needles {
    /// Every needle, to add each once.
    known: HashSet<String>,
    /// The profile's passwords and tokens, built once.
    base: Option<Level>,
    /// Learnt needles: level i holds BATCH << i of them, or is empty.
    levels: Vec<Option<Level>>,
    /// The latest learnt needles, fewer than BATCH, rebuilt on every learn.
    tail: Option<Level>,
}

#[derive(Clone)]
struct Level {
    needles: Vec<String>,
    /// None only if the automaton could not be built (then the needles are searched one by
    /// one).
    automaton: Option<AhoCorasick>,
}

impl Level {
    fn new(needles: Vec<String>) -> Option<Level> {
        if needles.is_empty() {
            return None;
        }
        // Standard semantics: overlapping search reports every occurrence.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&needles)
            .ok();
        Some(Level { needles, automaton })
    }

    /// Every occurrence of a needle in `text`, as byte ranges.
    fn find(&self, text: &[u8], out: &mut Vec<(usize, usize)>) {
        match &self.automaton {
            Some(ac) => out.extend(ac.find_overlapping_iter(text).map(|m| (m.start(), m.end()))),
            None => {
                for n in self.needles.iter().map(|n| n.as_bytes()) {
                    out.extend(
                        text.windows(n.len())
                            .enumerate()
                            .filter(|(_, w)| *w == n)
                            .map(|(i, _)| (i, i + n.len())),
                    );
                }
            }
        }
    }
}

/// Every form `secret` could take on the wire, `users` being the names it may pair with.
fn forms(secret: &str, users: &[String]) -> Vec<String> {
    if secret.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        secret.to_string(),
        percent_encode(secret),
        form_encode(secret),
        // `+` for a space is not decoded (a `+` may be itself): both cases of its hex.
        form_encode_lower(secret),
        xml_escape(secret),
        base64(secret.as_bytes()),
    ];
    for u in users {
        out.push(base64(format!("{u}:{secret}").as_bytes()));
        // The SASL PLAIN payload of an XMPP login (RFC 4616).
        out.push(base64(format!("\0{u}\0{secret}").as_bytes()));
    }
    out.retain(|n| n.len() >= 3);
    out
}

impl Needles {
    /// Keeps the forms not known yet.
    fn fresh(&self, forms: Vec<String>) -> Vec<String> {
        let mut seen = HashSet::new();
        forms
            .into_iter()
            .filter(|f| !self.known.contains(f) && seen.insert(f.clone()))
            .collect()
    }

    fn add(&mut self, fresh: Vec<String>) {
        if fresh.is_empty() {
            return;
        }
        self.known.extend(fresh.iter().cloned());
        let mut tail = self.tail.take().map(|l| l.needles).unwrap_or_default();
        tail.extend(fresh);
        if tail.len() < BATCH {
            self.tail = Level::new(tail);
            return;
        }
        // Carry the full batch up the levels: each occupied level joins it and empties.
        let mut carry = tail;
        for slot in self.levels.iter_mut() {
            match slot.take() {
                Some(level) => carry.extend(level.needles),
                None => {
                    *slot = Level::new(carry);
                    return;
                }
            }
        }
        self.levels.push(Level::new(carry));
    }

    fn all(&self) -> impl Iterator<Item = &Level> {
        self.base
            .iter()
            .chain(self.levels.iter().flatten())
            .chain(self.tail.iter())
    }
}

impl Clone for Redactor {
    fn clone(&self) -> Self {
        Redactor {
            needles: RwLock::new(self.read().clone()),
        }
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the needles: they are the secrets.
        write!(f, "Redactor({} needles)", self.read().known.len())
    }
}

impl Redactor {
    /// `secrets` are plain passwords; `users` are the names they pair with in Basic auth.
    pub fn new(secrets: &[String], users: &[String]) -> Self {
        let mut n = Needles::default();
        let fresh = n.fresh(secrets.iter().flat_map(|s| forms(s, users)).collect());
        n.known.extend(fresh.iter().cloned());
        n.base = Level::new(fresh);
        Redactor {
            needles: RwLock::new(n),
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Needles> {
        self.needles.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a secret learnt at run time (an access or refresh token), in every form it could
    /// take, `users` being the names it may pair with (a SASL login, Basic). Idempotent.
    pub(crate) fn learn(&self, secret: &str, users: &[String]) {
        self.learn_all(&[(secret.to_string(), users.to_vec())]);
    }

    /// [`Redactor::learn`] for many secrets at once, each with its own names.
    pub(crate) fn learn_all(&self, secrets: &[(String, Vec<String>)]) {
        let forms: Vec<String> = secrets
            .iter()
            .flat_map(|(s, users)| forms(s, users))
            .collect();
        // The common case, a token already known, takes no write lock.
        if self.read().fresh(forms.clone()).is_empty() {
            return;
        }
        let mut guard = self.needles.write().unwrap_or_else(|p| p.into_inner());
        let fresh = guard.fresh(forms);
        guard.add(fresh);
    }

    pub(crate) fn redact(&self, text: &str) -> String {
        let out = match AUTH_VALUE.as_ref() {
            Some(re) => re.replace_all(text, format!("$1 {MASK}")).into_owned(),
            None => text.to_string(),
        };
        let mut spans = Vec::new();
        let views: Vec<decoded::Decoded> = decoded::Syntax::ALL
            .into_iter()
            .filter_map(|s| decoded::decode(&out, s))
            .collect();
        for level in self.read().all() {
            level.find(out.as_bytes(), &mut spans);
            for v in &views {
                let mut found = Vec::new();
                level.find(&v.bytes, &mut found);
                spans.extend(found.into_iter().map(|(s, e)| v.original(s, e)));
            }
        }
        if spans.is_empty() {
            return out;
        }
        // On character boundaries, whatever the view's bytes were.
        for (start, end) in spans.iter_mut() {
            *start = out.floor_char_boundary(*start);
            *end = out.ceil_char_boundary(*end);
        }
        // Overlapping or touching occurrences become one mask.
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (start, end) in spans {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        let mut result = String::with_capacity(out.len());
        let mut at = 0;
        for (start, end) in merged {
            result.push_str(out.get(at..start).unwrap_or_default());
            result.push_str(MASK);
            at = end;
        }
        result.push_str(out.get(at..).unwrap_or_default());
        result
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

/// `application/x-www-form-urlencoded` value encoding (WHATWG URL, "urlencoded serializing"),
/// as the SSO refresh form carries tokens; here so that redaction knows that form too.
pub(crate) fn form_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// [`form_encode`] with lowercase hex digits, as some encoders write them.
fn form_encode_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = form_encode(s);
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let (hex, tail) = rest[at..].split_at(3.min(rest.len() - at));
        out.push_str(&hex.to_ascii_lowercase());
        rest = tail.to_string();
    }
    out.push_str(&rest);
    out
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

    /// A password echoed back by a target, escaped as its encoder chose: any subset of the
    /// characters, either hex case.
    #[test]
    fn a_secret_is_removed_however_an_encoder_escaped_it() {
        let pw = "C\u{e9}\"\\/p w&<x>\u{1F600}";
        let r = Redactor::new(&[pw.to_string()], &["agent1".to_string()]);
        let cases = [
            // JSON: strict (\uXXXX, \/), upper-case hex, minimal (raw UTF-8, no \/).
            r#"C\u00e9\"\\\/p w&<x>\ud83d\ude00"#.to_string(),
            r#"C\u00E9\"\\\/p w\u0026\u003Cx\u003E\uD83D\uDE00"#.to_string(),
            "C\u{e9}\\\"\\\\/p w&<x>\u{1F600}".to_string(),
            // Rust's Debug quoting, as in a message that quotes a body.
            format!("{pw:?}").trim_matches('"').to_string(),
            // XML: character references, decimal and hex; escaping only & and <.
            "C&#233;&#34;\\/p w&amp;&lt;x&gt;&#128512;".to_string(),
            "C&#xE9;&quot;\\&#x2f;p w&#x26;&#x3c;x>\u{1F600}".to_string(),
            "C\u{e9}\"\\/p w&amp;&lt;x>\u{1F600}".to_string(),
            // URL: percent-encoding in either case, + for a space.
            "C%c3%a9%22%5c%2fp%20w%26%3cx%3e%f0%9f%98%80".to_string(),
            "C%C3%A9%22%5C%2Fp+w%26%3Cx%3E%F0%9F%98%80".to_string(),
            "C%c3%a9%22%5c%2fp+w%26%3cx%3e%f0%9f%98%80".to_string(),
            // Basic credentials without their scheme word.
            base64(format!("agent1:{pw}").as_bytes()),
        ];
        for c in cases {
            assert_eq!(
                r.redact(&format!("before {c} after")),
                "before *** after",
                "{c}"
            );
        }
        // A learnt token with a slash, echoed in JSON.
        r.learn("tok/en.sig", &[]);
        assert_eq!(r.redact(r#"{"t":"tok\/en.sig"}"#), r#"{"t":"***"}"#);
        // Escapes that spell no secret are left alone.
        let plain = r#"a &amp; b \" c %41 \u00e9"#;
        assert_eq!(r.redact(plain), plain);
    }

    #[test]
    fn a_secret_learnt_at_run_time_is_removed_from_then_on() {
        let r = Redactor::new(&["pw-1".to_string()], &["agent1".to_string()]);
        let token = "eyJhbGci.late-token_value";
        let sasl = base64(format!("\0{}\0{token}", "1001").as_bytes());
        let text = format!("{token} {} {sasl} pw-1", base64(token.as_bytes()));
        assert!(r.redact(&text).contains(token), "not known yet");
        let copy = r.clone();
        r.learn(token, &["1001".to_string(), "agent1".to_string()]);
        r.learn(token, &["1001".to_string()]);
        assert_eq!(r.redact(&text), "*** *** *** ***");
        // A clone taken before keeps what it knew then.
        assert!(copy.redact(&text).contains(token));
        // Debug never lists the needles.
        assert!(!format!("{r:?}").contains("late-token"));
        r.learn("", &[]);
        assert_eq!(r.redact("plain text"), "plain text");
    }

    #[test]
    fn overlapping_secrets_are_removed_whole() {
        let r = Redactor::new(&["abcd".to_string(), "cdefgh".to_string()], &[]);
        assert_eq!(r.redact("x abcdefgh y abcd z"), "x *** y *** z");
        let r = Redactor::new(&["S3cr\u{e9}t".to_string()], &[]);
        assert_eq!(
            r.redact("\u{e9}\u{e9} S3cr\u{e9}t \u{e9}"),
            "\u{e9}\u{e9} *** \u{e9}"
        );
    }

    #[test]
    fn thousands_of_learnt_tokens_stay_cheap_and_are_all_removed() {
        let r = Redactor::new(&["pw-1".to_string()], &["agent1".to_string()]);
        let names = ["1001".to_string(), "agent1001".to_string()];
        let token = |i: usize| format!("eyJ0eXAi.tok-{i:05}.sig");
        let started = std::time::Instant::now();
        for i in 0..3000 {
            r.learn(&token(i), &names);
        }
        let text: String = (0..3000)
            .step_by(97)
            .map(|i| format!("[{}] ", token(i)))
            .collect();
        let out = r.redact(&format!("{text}pw-1"));
        assert!(!out.contains("tok-"), "{out}");
        assert!(out.ends_with("[***] ***"), "{out}");
        let levels = r.read().levels.iter().flatten().count();
        assert!(levels <= 12, "{levels} automata");
        // A generous bound for slow machines (well under a second here).
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn form_values_are_encoded_as_browsers_do() {
        assert_eq!(form_encode("aZ09*-._"), "aZ09*-._");
        assert_eq!(form_encode("a b+c=d&e/f~"), "a+b%2Bc%3Dd%26e%2Ff%7E");
        let r = Redactor::new(&["to ken~".to_string()], &[]);
        assert_eq!(r.redact("token=to+ken%7E&x=1"), "token=***&x=1");
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
