//! Redaction of secrets from anything the harness writes: transcripts, reports, console.
//!
//! Every profile password is removed in the forms it could take on the wire (plain,
//! URL-encoded, XML-escaped, base64 alone or inside `user:password`), and any
//! `Basic`/`Bearer` credential is masked wherever it appears. SSO tokens obtained during the
//! run are learnt as they arrive.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, LazyLock, RwLock};

use regex::Regex;

use crate::base64::encode as base64;

pub const MASK: &str = "***";

static AUTH_VALUE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}").ok());

/// Removes known secrets from text. Shared as `Arc<Redactor>`: tokens obtained while the run
/// goes on (an SSO refresh) are added with [`Redactor::learn`], so everything written after
/// that point is redacted of them too.
#[derive(Default)]
pub struct Redactor {
    /// Swapped whole when a secret is learnt, so that `redact` only clones an Arc.
    needles: RwLock<Arc<Needles>>,
}

#[derive(Default)]
struct Needles {
    /// Every needle, to add each once.
    known: HashSet<String>,
    /// Longest first, so that a secret containing another is removed whole.
    list: Vec<String>,
    /// The needles as one alternation: a single pass per text, however many users share a
    /// password. None only if the pattern could not be built (then the list is used).
    any: Option<Regex>,
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
    /// Whether every one of `forms` is known already.
    fn covers(&self, forms: &[String]) -> bool {
        forms.iter().all(|f| self.known.contains(f))
    }

    fn with(&self, forms: Vec<String>) -> Needles {
        let mut known = self.known.clone();
        let mut list = self.list.clone();
        for f in forms {
            if known.insert(f.clone()) {
                list.push(f);
            }
        }
        list.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let pattern = list
            .iter()
            .map(|n| regex::escape(n))
            .collect::<Vec<_>>()
            .join("|");
        let any = (!list.is_empty())
            .then(|| Regex::new(&pattern).ok())
            .flatten();
        Needles { known, list, any }
    }
}

impl Clone for Redactor {
    fn clone(&self) -> Self {
        Redactor {
            needles: RwLock::new(self.current()),
        }
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the needles: they are the secrets.
        write!(f, "Redactor({} needles)", self.current().list.len())
    }
}

impl Redactor {
    /// `secrets` are plain passwords; `users` are the names they pair with in Basic auth.
    pub fn new(secrets: &[String], users: &[String]) -> Self {
        let all = secrets.iter().flat_map(|s| forms(s, users)).collect();
        Redactor {
            needles: RwLock::new(Arc::new(Needles::default().with(all))),
        }
    }

    fn current(&self) -> Arc<Needles> {
        match self.needles.read() {
            Ok(n) => n.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Adds a secret learnt at run time (an access or refresh token), in every form it could
    /// take, `users` being the names it may pair with (a SASL login, Basic). Idempotent.
    pub fn learn(&self, secret: &str, users: &[String]) {
        self.learn_all(&[(secret.to_string(), users.to_vec())]);
    }

    /// [`Redactor::learn`] for many secrets at once (one rebuild), each with its own names.
    pub fn learn_all(&self, secrets: &[(String, Vec<String>)]) {
        let forms: Vec<String> = secrets
            .iter()
            .flat_map(|(s, users)| forms(s, users))
            .collect();
        // The common case, a token already known, takes no write lock.
        if self.current().covers(&forms) {
            return;
        }
        let mut guard = match self.needles.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if !guard.covers(&forms) {
            let next = guard.with(forms);
            *guard = Arc::new(next);
        }
    }

    pub fn redact(&self, text: &str) -> String {
        let out = match AUTH_VALUE.as_ref() {
            Some(re) => re.replace_all(text, format!("$1 {MASK}")).into_owned(),
            None => text.to_string(),
        };
        let needles = self.current();
        match &needles.any {
            Some(re) => re.replace_all(&out, MASK).into_owned(),
            None => needles
                .list
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

/// `application/x-www-form-urlencoded` value encoding (WHATWG URL, "urlencoded serializing"),
/// as the SSO refresh form carries tokens; here so that redaction knows that form too.
pub fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
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
