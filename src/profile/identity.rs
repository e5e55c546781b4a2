//! The profile's test users and how each one authenticates.

use std::fmt;

use super::Secret;

#[derive(Debug, Clone, Default)]
pub struct Users {
    pub agents: Vec<Identity>,
    pub supervisors: Vec<Identity>,
    pub other_team_agents: Vec<Identity>,
    /// Agents of the agents' team whose desk settings ask for wrap-up after a call.
    pub wrap_up_agents: Vec<Identity>,
    /// Agents the lab configured as Unified Mobile Agents (CCE), who may sign in as such.
    pub mobile_agents: Vec<Identity>,
    pub admin: Option<Identity>,
}

#[derive(Debug, Clone)]
pub struct Identity {
    pub id: String,
    pub(crate) login_id: Option<String>,
    pub auth: Auth,
    pub extension: Option<String>,
    pub team_id: Option<String>,
}

impl Identity {
    /// Name used for HTTP Basic auth: login_id if set, else id.
    pub fn auth_name(&self) -> &str {
        self.login_id.as_deref().unwrap_or(&self.id)
    }

    /// A user for unit tests: password `p`, no extension, no team.
    #[cfg(test)]
    pub(crate) fn for_tests(id: impl Into<String>) -> Identity {
        Identity {
            id: id.into(),
            login_id: None,
            auth: Auth::Password(Secret::new("p")),
            extension: None,
            team_id: None,
        }
    }
}

/// How an identity authenticates: exactly one of `password`, `token` or `token_command`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// HTTP Basic (and SASL PLAIN) with a password: a non-SSO lab.
    Password(Secret),
    /// A Bearer access token from Cisco IdS: an SSO lab (systemAuthMode SSO).
    Token(TokenSource),
}

/// Where an identity's access token comes from. Debug shows neither the token (a [`Secret`]) nor
/// the command, which might carry a literal credential.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSource {
    /// The profile key it was read from (e.g. `users.agents[0].token_command`), for messages.
    pub(crate) key: String,
    /// The token to start with: `token: ${ENV}`, or what the embedded mock issued.
    pub initial: Option<crate::auth::TokenGrant>,
    /// When `initial` was obtained, as far as the harness knows: when the profile was loaded
    /// (or the mock issued it). Its lifetime counts from here.
    pub(crate) since: std::time::Instant,
    /// `token_command`: a shell command printing a token or the IdS JSON; run when a token is
    /// first needed and again when one cannot be refreshed otherwise. Kept verbatim: the shell
    /// expands its `$VARIABLES` when it runs, so the profile never holds their values.
    pub(crate) command: Option<String>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("key", &self.key)
            .field("initial", &self.initial)
            .field(
                "command",
                &self.command.as_ref().map(|_| crate::redact::MASK),
            )
            .finish()
    }
}

/// Which authentication a profile's identities use (for `doctor` and the run's checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthMode {
    /// Every identity has a password.
    Basic,
    /// Every identity has a token source.
    Sso,
    /// Some of each (a HYBRID deployment, or a profile mistake).
    Mixed,
}

impl fmt::Display for AuthMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthMode::Basic => "Basic",
            AuthMode::Sso => "SSO",
            AuthMode::Mixed => "mixed (Basic and SSO)",
        })
    }
}
