//! YAML text into the raw serde layer, and serde-saphyr's errors into one-line
//! [`ProfileError`]s that name the key path (`users.agents[0].pasword`) and a fix.
//!
//! `serde_path_to_error` wraps serde-saphyr's deserializer and records the path serde was
//! at when an error arose. serde-saphyr stays private to this module.

use serde::de::{DeserializeOwned, IgnoredAny};
use serde_saphyr::{MessageFormatter, Options, UserMessageFormatter};

use super::ProfileError;
use super::convert::Ctx;
use super::error::one_line;
use super::raw::RawProfile;

/// Parses any other YAML document of ours (the mock fixture) with the same one-line,
/// key-naming errors, so that the YAML crate stays behind this module.
pub(crate) fn parse_yaml<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, String> {
    let no_env = |_: &str| None;
    let ctx = Ctx {
        file: origin,
        env: &no_env,
    };
    let options = serde_saphyr::options! { with_snippet: false };
    ctx.deserialize(text, options)
        .map_err(|e| e.to_string().replacen("profile ", "", 1))
}

impl Ctx<'_> {
    /// The raw profile in `text`.
    pub(super) fn raw_profile(&self, text: &str) -> Result<RawProfile, ProfileError> {
        // Snippets are multi-line; we build our own one-line message instead. Booleans are
        // YAML 1.2's true and false only: `insecure: yes` (or "yes", on, y) is refused rather
        // than read as true.
        let options = serde_saphyr::options! { with_snippet: false, strict_booleans: true };
        self.deserialize(text, options)
    }

    fn deserialize<T: DeserializeOwned>(
        &self,
        text: &str,
        options: Options,
    ) -> Result<T, ProfileError> {
        let mut key = None;
        let parsed = serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = e.path();
                key = (path.iter().len() > 0).then(|| path.to_string());
                e.into_inner()
            })
        });
        parsed.map_err(|e| self.yaml_error(text, &e, key))
    }

    /// " at <file>:<line>:<column>" for an error with a known location.
    fn at(&self, err: &serde_saphyr::Error) -> String {
        match err.location() {
            Some(l) => format!(" at {}:{}:{}", self.file, l.line(), l.column()),
            None => String::new(),
        }
    }

    /// Converts a serde-saphyr error at `key` into a one-line error.
    fn yaml_error(
        &self,
        text: &str,
        err: &serde_saphyr::Error,
        key: Option<String>,
    ) -> ProfileError {
        // Typed parsing can stop early (e.g. at an unknown key), so when the text is not
        // valid YAML a parse that reads every node reports the real syntax error.
        let options = serde_saphyr::options! { with_snippet: false };
        if let Err(syntax) = serde_saphyr::from_str_with_options::<IgnoredAny>(text, options) {
            let syntax = syntax.without_snippet();
            let msg = format!("invalid YAML{}: {}", self.at(syntax), describe(syntax));
            return self.err(None, msg, "correct the YAML syntax at that line:column");
        }
        let err = err.without_snippet();
        let at = self.at(err);
        let key = key.as_deref();
        if let serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } = err
        {
            let valid = expected.join(", ");
            let fix = match suggest(field, expected) {
                Some(s) => format!("did you mean `{s}`? valid keys here: {valid}"),
                None => format!("remove it; valid keys here: {valid}"),
            };
            return self.err(key, format!("unknown key `{field}`{at}"), &fix);
        }
        let fix = match err {
            serde_saphyr::Error::InvalidBooleanStrict { .. } => {
                "write true or false (yes, no, on and off are not accepted)"
            }
            _ => "correct the value; see docs/profile-schema.md",
        };
        self.err(key, format!("{}{at}", describe(err)), fix)
    }
}

/// A user-facing message for a serde-saphyr error, without location.
fn describe(err: &serde_saphyr::Error) -> String {
    use serde_saphyr::Error as E;
    let text = match err {
        E::InvalidScalar {
            ty: "boolean" | "bool",
            ..
        }
        | E::InvalidBooleanStrict { .. } => "expected true or false".to_string(),
        E::InvalidScalar { ty, .. } if ty.starts_with(['u', 'i']) => {
            "expected a whole number (0 or more)".to_string()
        }
        E::Unexpected {
            expected: "sequence start",
            ..
        } => "expected a list".to_string(),
        E::Unexpected {
            expected: "mapping start",
            ..
        } => "expected a mapping of keys to values".to_string(),
        E::Unexpected {
            expected: "string scalar",
            ..
        } => "expected a single value, not a list or mapping".to_string(),
        other => UserMessageFormatter.format_message(other).into_owned(),
    };
    one_line(&text)
}

/// Closest valid key by edit distance (Levenshtein, ignoring case), if it is plausibly a typo.
pub(super) fn suggest<'a>(field: &str, expected: &[&'a str]) -> Option<&'a str> {
    let f = field.to_ascii_lowercase();
    let (dist, best) = expected
        .iter()
        .map(|e| (strsim::levenshtein(&f, &e.to_ascii_lowercase()), *e))
        .min_by_key(|(d, _)| *d)?;
    let limit = (f.chars().count() / 3).max(2);
    (dist <= limit && dist < f.chars().count()).then_some(best)
}
