//! Lab profiles: one YAML file per live Finesse target (URL, TLS, timeouts,
//! test users, test data, capabilities).
//!
//! Parsing is two-staged: serde-saphyr fills private `Raw*` structs (`raw`; all fields
//! optional, unknown keys denied), then `convert` validates and converts them into the
//! public types (`types`, `identity`), expanding `${ENV}` references (`env`) on the
//! way. Validation happens in our code rather than in serde so that every error can name its
//! key path; `yaml` does the same for serde-saphyr's own errors.

mod convert;
mod credentials;
mod env;
mod error;
mod identity;
mod limits;
mod raw;
mod rules;
mod types;
mod urls;
mod yaml;

#[cfg(test)]
mod tests;

use std::path::Path;

pub(crate) use error::ProfileError;
pub use finesse_protocol::{Deployment, Secret};
pub use identity::{Auth, Identity};
pub(crate) use identity::{AuthMode, TokenSource, Users};
pub(crate) use limits::{DEFAULT_MAX_BODY_BYTES, Limits, MAX_BODY_KEY, describe_size};
pub(crate) use rules::{check_concurrency, parse_version};
pub(crate) use types::{
    Capabilities, DeploymentSetting, Notifications, ReasonCodeData, TestData, Timeouts,
};
pub use types::{CodeSet, FaultCommands, FaultInjection, MrdData, Tls, VersionSetting};
pub(crate) use yaml::parse_yaml;

use convert::Ctx;

#[derive(Debug, Clone)]
pub struct Profile {
    pub(crate) name: String,
    /// No trailing '/'.
    pub base_url: String,
    pub tls: Tls,
    pub timeouts: Timeouts,
    pub max_concurrency: usize,
    pub(crate) deployment: DeploymentSetting,
    pub version: VersionSetting,
    pub users: Users,
    pub test_data: TestData,
    pub capabilities: Capabilities,
    pub(crate) limits: Limits,
}

impl Profile {
    /// Reads and parses a profile file, expanding ${ENV} from the process environment, and
    /// checks that `tls.ca_cert`, if set, holds a usable CA certificate.
    pub(crate) fn load(path: &Path) -> Result<Profile, ProfileError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ProfileError {
            file: origin.clone(),
            key: None,
            message: format!("cannot read file: {e}"),
            fix: Some("check that the path is right and the file is readable".into()),
        })?;
        let profile = Profile::from_yaml_str(&text, &origin, &|name| std::env::var(name).ok())?;
        // The CA file is read now, so that a wrong one is a profile error before anything
        // runs rather than a puzzling handshake failure later.
        if let Some(ca) = &profile.tls.ca_cert {
            crate::tls_trust::load_ca_bundle(ca).map_err(|e| ProfileError {
                file: origin.clone(),
                key: Some("tls.ca_cert".into()),
                message: e.message,
                fix: Some(e.fix),
            })?;
        }
        Ok(profile)
    }

    /// Parses profile text; `origin` names the file in errors; `env` looks variables up.
    pub fn from_yaml_str(
        text: &str,
        origin: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Profile, ProfileError> {
        let ctx = Ctx { file: origin, env };
        ctx.profile(ctx.raw_profile(text)?)
    }

    /// Every identity, in profile order (agents, supervisors, other team, wrap-up, mobile,
    /// admin).
    pub(crate) fn identities(&self) -> impl Iterator<Item = &Identity> {
        let u = &self.users;
        u.agents
            .iter()
            .chain(&u.supervisors)
            .chain(&u.other_team_agents)
            .chain(&u.wrap_up_agents)
            .chain(&u.mobile_agents)
            .chain(u.admin.as_ref())
    }

    /// Every resolved password and token in the profile (for redaction).
    pub fn secrets(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for id in self.identities() {
            let held: Vec<&str> = match &id.auth {
                Auth::Password(p) => vec![p.expose()],
                Auth::Token(t) => t.initial.iter().flat_map(|g| g.secrets()).collect(),
            };
            for s in held {
                if !out.iter().any(|o| o == s) {
                    out.push(s.to_string());
                }
            }
        }
        out
    }

    /// What the redactor needs: every password, paired with every user name (users may share
    /// one), and every token the profile holds, paired with its own user's names only (each
    /// user has its own; pairing them with all would multiply the patterns for nothing).
    pub(crate) fn redaction(&self) -> (Vec<String>, Vec<(String, Vec<String>)>) {
        let mut passwords: Vec<String> = Vec::new();
        let mut tokens = Vec::new();
        for id in self.identities() {
            match &id.auth {
                Auth::Password(p) => {
                    if !passwords.iter().any(|o| o == p.expose()) {
                        passwords.push(p.expose().to_string());
                    }
                }
                Auth::Token(t) => {
                    let names = vec![id.auth_name().to_string(), id.id.clone()];
                    for s in t.initial.iter().flat_map(|g| g.secrets()) {
                        tokens.push((s.to_string(), names.clone()));
                    }
                }
            }
        }
        (passwords, tokens)
    }

    /// Whether the identities sign in with passwords, tokens, or both.
    pub(crate) fn auth_mode(&self) -> AuthMode {
        let (mut basic, mut sso) = (false, false);
        for id in self.identities() {
            match id.auth {
                Auth::Password(_) => basic = true,
                Auth::Token(_) => sso = true,
            }
        }
        match (basic, sso) {
            (true, true) => AuthMode::Mixed,
            (false, true) => AuthMode::Sso,
            _ => AuthMode::Basic,
        }
    }
}

#[cfg(test)]
impl Profile {
    /// A profile for unit tests: these users, defaults everywhere else, and a base URL
    /// nothing listens on.
    pub(crate) fn for_tests(users: Users) -> Profile {
        Profile {
            name: "t".into(),
            base_url: "http://127.0.0.1:1".into(),
            tls: Tls::default(),
            timeouts: Timeouts::default(),
            max_concurrency: 1,
            deployment: DeploymentSetting::Auto,
            version: VersionSetting::Auto,
            users,
            test_data: TestData::default(),
            capabilities: Capabilities::default(),
            limits: Limits::default(),
        }
    }
}
