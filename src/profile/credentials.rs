//! An identity's credentials: exactly one of `password`, `token` and `token_command`, the
//! first two only as one `${NAME}` reference so that no secret is written in a profile.

use super::convert::Ctx;
use super::env::is_env_name;
use super::raw::RawIdentity;
use super::{Auth, ProfileError, Secret, TokenSource};

const PASSWORD_FIX: &str = "put it in an environment variable and write ${NAME}, e.g. password: ${FINESSE_AGENT1_PASSWORD}";
const TOKEN_FIX: &str = "put it in an environment variable and write ${NAME}, e.g. token: ${FINESSE_AGENT1_TOKEN}, or use token_command";

#[derive(Clone, Copy)]
enum SecretKind {
    Password,
    Token,
}

impl SecretKind {
    fn noun(self) -> &'static str {
        match self {
            SecretKind::Password => "password",
            SecretKind::Token => "token",
        }
    }

    fn fix(self) -> &'static str {
        match self {
            SecretKind::Password => PASSWORD_FIX,
            SecretKind::Token => TOKEN_FIX,
        }
    }
}

impl Ctx<'_> {
    /// A password or token: exactly one `${NAME}` reference to a non-empty variable.
    fn env_secret(&self, key: &str, raw: String, kind: SecretKind) -> Result<Secret, ProfileError> {
        let fix = kind.fix();
        // Must be exactly `${NAME}`; the raw text is never echoed (it may be a real secret).
        let name = raw.strip_prefix("${").and_then(|r| r.strip_suffix('}'));
        let Some(name) = name.filter(|n| is_env_name(n)) else {
            let msg = if raw.contains("${") {
                "must be exactly one ${NAME} reference and nothing else".to_string()
            } else {
                format!("literal {}s are not allowed", kind.noun())
            };
            return Err(self.err(Some(key), msg, fix));
        };
        let value = self.lookup(key, name)?;
        if value.is_empty() {
            let msg = format!("environment variable {name} is set but empty");
            let fix = format!("export {name}=<the {}> before running", kind.noun());
            return Err(self.err(Some(key), msg, &fix));
        }
        Ok(Secret::new(value))
    }

    /// Exactly one of `password`, `token` and `token_command`.
    pub(super) fn auth(&self, key: &str, raw: &mut RawIdentity) -> Result<Auth, ProfileError> {
        match (
            raw.password.take(),
            raw.token.take(),
            raw.token_command.take(),
        ) {
            (Some(p), None, None) => {
                let k = format!("{key}.password");
                Ok(Auth::Password(self.env_secret(
                    &k,
                    p,
                    SecretKind::Password,
                )?))
            }
            (None, Some(t), None) => {
                let k = format!("{key}.token");
                let token = self.env_secret(&k, t, SecretKind::Token)?;
                // A bare token, or the IdS JSON as the token API returns it (then with its
                // refresh token and lifetime). The value is never echoed.
                let grant = crate::auth::grant::parse_output(token.expose()).map_err(|_| {
                    let msg = "the variable must hold an access token (one word of printable ASCII) or the IdS JSON";
                    self.err(Some(&k), msg, "put only the token in it, or use token_command")
                })?;
                Ok(Auth::Token(TokenSource {
                    key: k,
                    initial: Some(grant),
                    since: std::time::Instant::now(),
                    command: None,
                }))
            }
            (None, None, Some(c)) => {
                let k = format!("{key}.token_command");
                if c.trim().is_empty() {
                    let fix = "give the command that prints the access token, or remove the key";
                    return Err(self.err(Some(&k), "is empty", fix));
                }
                Ok(Auth::Token(TokenSource {
                    key: k,
                    initial: None,
                    since: std::time::Instant::now(),
                    command: Some(c),
                }))
            }
            (None, None, None) => Err(self.err(
                Some(&format!("{key}.password")),
                "is required but missing (or token, or token_command, on an SSO lab)",
                PASSWORD_FIX,
            )),
            (p, t, c) => {
                let given: Vec<&str> = [
                    p.as_ref().map(|_| "password"),
                    t.as_ref().map(|_| "token"),
                    c.as_ref().map(|_| "token_command"),
                ]
                .into_iter()
                .flatten()
                .collect();
                Err(self.err(
                    Some(key),
                    format!("has {}; an identity takes exactly one", given.join(" and ")),
                    "keep password (Basic) or token / token_command (SSO), not both",
                ))
            }
        }
    }
}
