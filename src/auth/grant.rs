//! A token grant: an access token, perhaps with a refresh token and a lifetime, as Cisco IdS
//! hands it out through Finesse's `/desktop/sso/token` (G12.5 p190, p193; the developer site's
//! "REST API with SSO guide – Client Integration", step 4, shows the JSON).
//!
//! Nothing here ever puts a token into an error message: a parse error says where the text
//! is wrong, never what it says.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

use finesse_protocol::Secret;

/// What the IdS grants. Debug prints the tokens as `***` (they are [`Secret`]s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenGrant {
    /// The access token, sent as `Authorization: Bearer <token>`.
    pub access: Secret,
    /// The refresh token it pairs with (JSON `refresh_token`), if given.
    pub(crate) refresh: Option<Secret>,
    /// The access token's lifetime (JSON `expires_in`, seconds), if given and positive.
    pub(crate) expires_in: Option<Duration>,
    /// The IdS user name (JSON `user_id`), if given.
    pub(crate) user_id: Option<String>,
}

impl TokenGrant {
    /// A bare access token: no refresh token, lifetime unknown.
    pub(crate) fn bare(access: impl Into<String>) -> Self {
        TokenGrant {
            access: Secret::new(access),
            refresh: None,
            expires_in: None,
            user_id: None,
        }
    }

    /// Every secret of the grant (for redaction).
    pub(crate) fn secrets(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.access.expose()).chain(self.refresh.as_ref().map(Secret::expose))
    }
}

/// Why a text is not a token grant. Never holds any of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum GrantError {
    Empty,
    /// Whitespace inside a text that is not JSON: not one bare token.
    NotOneWord,
    /// Not valid JSON, at this line and column.
    BadJson {
        line: usize,
        column: usize,
    },
    /// JSON, but not an object.
    NotAnObject,
    /// The object has no non-empty string `token`.
    NoToken,
    /// A field that must be a string (`token`, `refresh_token`) is something else.
    NotAString(&'static str),
    /// A token with characters an HTTP header cannot carry (controls, non-ASCII).
    BadCharacters(&'static str),
}

/// Reads after a subject: "its output …", "the answer …".
impl fmt::Display for GrantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GrantError::Empty => f.write_str("is empty"),
            GrantError::NotOneWord => {
                f.write_str("is more than one word; expected a bare access token or the IdS JSON")
            }
            GrantError::BadJson { line, column } => {
                write!(
                    f,
                    "is JSON that does not parse (line {line}, column {column})"
                )
            }
            GrantError::NotAnObject => f.write_str("is JSON that is not an object"),
            GrantError::NoToken => f.write_str("is JSON without a non-empty \"token\""),
            GrantError::NotAString(k) => write!(f, "is JSON whose \"{k}\" is not a string"),
            GrantError::BadCharacters(k) => write!(
                f,
                "has a {k} with characters an HTTP header cannot carry (spaces, controls or non-ASCII)"
            ),
        }
    }
}

impl std::error::Error for GrantError {}

/// Reads what a `token_command` printed: a bare access token, or the IdS JSON
/// (`{"token": …, "refresh_token": …, "expires_in": …}`).
pub(crate) fn parse_output(text: &str) -> Result<TokenGrant, GrantError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(GrantError::Empty);
    }
    if text.starts_with('{') {
        return parse_json(text);
    }
    if text.contains(char::is_whitespace) {
        return Err(GrantError::NotOneWord);
    }
    check_header_safe(text, "token")?;
    Ok(TokenGrant::bare(text))
}

/// Reads the IdS JSON, as the token endpoint answers it (fetch and refresh alike).
pub(crate) fn parse_json(text: &str) -> Result<TokenGrant, GrantError> {
    let value: Value = serde_json::from_str(text.trim()).map_err(|e| GrantError::BadJson {
        line: e.line(),
        column: e.column(),
    })?;
    let Value::Object(map) = value else {
        return Err(GrantError::NotAnObject);
    };
    let string = |key: &'static str| -> Result<Option<String>, GrantError> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(_) => Err(GrantError::NotAString(key)),
        }
    };
    let access = string("token")?.ok_or(GrantError::NoToken)?;
    check_header_safe(&access, "token")?;
    let refresh = string("refresh_token")?;
    if let Some(r) = &refresh {
        check_header_safe(r, "refresh token")?;
    }
    // The developer site shows a number; a string of digits is read too. Anything else (or
    // zero) leaves the lifetime unknown, which only disables the early refresh.
    let expires_in = match map.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
    .filter(|s| *s > 0)
    .map(Duration::from_secs);
    let user_id = match map.get("user_id") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    Ok(TokenGrant {
        access: Secret::new(access),
        refresh: refresh.map(Secret::new),
        expires_in,
        user_id,
    })
}

/// A token goes into a header and a form field: visible ASCII only.
fn check_header_safe(token: &str, what: &'static str) -> Result<(), GrantError> {
    if token.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(GrantError::BadCharacters(what))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of the developer site's example (step 4 of the SSO client integration),
    /// written out here by hand with shortened tokens.
    const IDS_EXAMPLE: &str = r#"{"token":"eyJjdHkiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3Mi.sig1","refresh_token":"eyJjdHkiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJyZWYi.sig2","expires_in":300,"user_id":"sjefferson","realm":"finesse.com","user_principal":"sjefferson@finesse.com"}"#;

    #[test]
    fn the_ids_json_gives_both_tokens_the_lifetime_and_the_user() {
        let g = parse_output(IDS_EXAMPLE).expect("parses");
        assert_eq!(
            g.access.expose(),
            "eyJjdHkiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3Mi.sig1"
        );
        assert_eq!(
            g.refresh.as_ref().map(Secret::expose),
            Some("eyJjdHkiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJyZWYi.sig2")
        );
        assert_eq!(g.expires_in, Some(Duration::from_secs(300)));
        assert_eq!(g.user_id.as_deref(), Some("sjefferson"));
        assert_eq!(g.secrets().count(), 2);
        // Pretty-printed, with surrounding whitespace, the same.
        let pretty = format!(
            "\n  {}\n",
            IDS_EXAMPLE.replace(",\"", ",\n  \"").replace('{', "{\n  ")
        );
        assert_eq!(parse_output(&pretty), Ok(g));
    }

    #[test]
    fn a_bare_token_is_one_word() {
        let g = parse_output("  abc.def-ghi_jkl~=  \n").expect("bare");
        assert_eq!(g, TokenGrant::bare("abc.def-ghi_jkl~="));
        assert_eq!(g.refresh, None);
        assert_eq!(g.expires_in, None);
        assert_eq!(parse_output("two words"), Err(GrantError::NotOneWord));
        assert_eq!(parse_output(" \n\t"), Err(GrantError::Empty));
        assert_eq!(
            parse_output("caf\u{e9}"),
            Err(GrantError::BadCharacters("token"))
        );
    }

    #[test]
    fn optional_fields_may_be_missing_odd_or_zero() {
        let g = parse_json(r#"{"token":"t1"}"#).expect("token only");
        assert_eq!(g, TokenGrant::bare("t1"));
        let g = parse_json(r#"{"token":"t1","expires_in":"120","refresh_token":""}"#)
            .expect("string lifetime");
        assert_eq!(g.expires_in, Some(Duration::from_secs(120)));
        assert_eq!(g.refresh, None, "an empty refresh token is none");
        for odd in [r#""soon""#, "0", "-5", "1.5", "null"] {
            let g = parse_json(&format!(r#"{{"token":"t1","expires_in":{odd}}}"#)).expect(odd);
            assert_eq!(g.expires_in, None, "{odd}");
        }
    }

    #[test]
    fn bad_json_is_refused_without_echoing_it() {
        let secret = "SECRET-TOKEN-VALUE";
        let cases = [
            (format!(r#"{{"token":"{secret}""#), "does not parse"),
            (format!(r#"{{"refresh_token":"{secret}"}}"#), "without"),
            (format!(r#"{{"token":["{secret}"]}}"#), "not a string"),
            (
                format!(r#"{{"token":"{secret}","refresh_token":7}}"#),
                "not a string",
            ),
            (format!(r#"{{"token":"{secret} x"}}"#), "cannot carry"),
            (r#"{"token":""}"#.to_string(), "without"),
        ];
        for (text, want) in cases {
            let e = parse_output(&text).expect_err(&text);
            let shown = e.to_string();
            assert!(shown.contains(want), "{text}: {shown}");
            assert!(!shown.contains(secret) && !format!("{e:?}").contains(secret));
        }
        assert_eq!(parse_json("[1]"), Err(GrantError::NotAnObject));
        assert_eq!(
            parse_json("{\n\"token\": }"),
            Err(GrantError::BadJson {
                line: 2,
                column: 10
            })
        );
    }

    #[test]
    fn debug_never_shows_a_token() {
        let g = parse_output(IDS_EXAMPLE).expect("parses");
        let shown = format!("{g:?}");
        assert!(!shown.contains("eyJ"), "{shown}");
        assert!(shown.contains("***"));
    }
}
