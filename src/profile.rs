//! Lab profiles: one YAML file per live Finesse target (URL, TLS, timeouts,
//! test users, test data, capabilities).
//!
//! Parsing is two-staged: serde-saphyr fills private `Raw*` structs (all
//! fields optional, unknown keys denied), then `Ctx` validates and converts
//! them into the public types, expanding `${ENV}` references on the way.
//! Validation happens in our code rather than in serde so that every error
//! can name its key path. serde-saphyr stays private to this module.

use std::{
    fmt,
    path::{Path, PathBuf},
    time::Duration,
};

use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, Spanned, UserMessageFormatter};

#[path = "profile_limits.rs"]
mod limits;
pub use limits::{DEFAULT_MAX_BODY_BYTES, Limits, MAX_BODY_KEY, describe_size};

pub use finesse_protocol::{Deployment, Secret};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeploymentSetting {
    Auto,
    Fixed(Deployment),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSetting {
    Auto,
    Pinned(String),
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    /// No trailing '/'.
    pub base_url: String,
    pub tls: Tls,
    pub timeouts: Timeouts,
    pub max_concurrency: usize,
    pub deployment: DeploymentSetting,
    pub version: VersionSetting,
    pub users: Users,
    pub test_data: TestData,
    pub capabilities: Capabilities,
    pub limits: Limits,
}

#[derive(Debug, Clone, Default)]
pub struct Tls {
    pub ca_cert: Option<PathBuf>,
    pub insecure: bool,
}

#[derive(Debug, Clone)]
pub struct Timeouts {
    pub request: Duration,
    pub async_outcome: Duration,
    pub settle: Duration,
    pub poll_interval: Duration,
    /// How long a `token_command` may run.
    pub token_command: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            request: Duration::from_secs(10),
            async_outcome: Duration::from_secs(5),
            settle: Duration::from_secs(2),
            poll_interval: Duration::from_millis(250),
            token_command: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Identity {
    pub id: String,
    pub login_id: Option<String>,
    pub auth: Auth,
    pub extension: Option<String>,
    pub team_id: Option<String>,
}

impl Identity {
    /// Name used for HTTP Basic auth: login_id if set, else id.
    pub fn auth_name(&self) -> &str {
        self.login_id.as_deref().unwrap_or(&self.id)
    }

    /// The password, for an identity that signs in with one.
    pub fn password(&self) -> Option<&Secret> {
        match &self.auth {
            Auth::Password(p) => Some(p),
            Auth::Token(_) => None,
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
    pub key: String,
    /// The token to start with: `token: ${ENV}`, or what the embedded mock issued.
    pub initial: Option<crate::auth::TokenGrant>,
    /// When `initial` was obtained, as far as the harness knows: when the profile was loaded
    /// (or the mock issued it). Its lifetime counts from here.
    pub since: std::time::Instant,
    /// `token_command`: a shell command printing a token or the IdS JSON; run when a token is
    /// first needed and again when one cannot be refreshed otherwise. Kept verbatim: the shell
    /// expands its `$VARIABLES` when it runs, so the profile never holds their values.
    pub command: Option<String>,
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
pub enum AuthMode {
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

#[derive(Debug, Clone, Default)]
pub struct Users {
    pub agents: Vec<Identity>,
    pub supervisors: Vec<Identity>,
    pub other_team_agents: Vec<Identity>,
    /// Agents of the agents' team whose desk settings ask for wrap-up after a call.
    pub wrap_up_agents: Vec<Identity>,
    pub admin: Option<Identity>,
}

#[derive(Debug, Clone)]
pub struct TestData {
    pub unknown_user_id: String,
    pub unknown_reason_code_id: String,
    pub mrd: Option<MrdData>,
    pub reason_codes: ReasonCodeData,
    /// A dialled number that routes to a READY agent of the agents' team (ICD calls).
    pub icd_number: Option<String>,
    /// The wrap-up timer of the wrap-up agents (how long WORK lasts before it expires).
    pub wrap_up_timer: Option<Duration>,
    /// An extension no phone on the lab has: signing in with it fails as Invalid Device.
    pub unknown_extension: String,
}

const DEFAULT_UNKNOWN_USER_ID: &str = "finesse-conformance-no-such-user";
const DEFAULT_UNKNOWN_REASON_CODE_ID: &str = "987654321";
/// Digits only, so that a lab does not refuse it as malformed (400) before looking it up.
const DEFAULT_UNKNOWN_EXTENSION: &str = "99999999";

impl Default for TestData {
    fn default() -> Self {
        TestData {
            unknown_user_id: DEFAULT_UNKNOWN_USER_ID.to_string(),
            unknown_reason_code_id: DEFAULT_UNKNOWN_REASON_CODE_ID.to_string(),
            mrd: None,
            reason_codes: ReasonCodeData::default(),
            icd_number: None,
            wrap_up_timer: None,
            unknown_extension: DEFAULT_UNKNOWN_EXTENSION.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct MrdData {
    pub valid: String,
    pub unknown: String,
}

#[derive(Debug, Clone, Default)]
pub struct ReasonCodeData {
    pub not_ready: CodeSet,
    pub logout: CodeSet,
}

#[derive(Debug, Clone, Default)]
pub struct CodeSet {
    pub team: Option<String>,
    pub global: Option<String>,
    pub system: Option<String>,
    pub other_team: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Capabilities {
    pub nonvoice_media: bool,
    pub calls: bool,
    pub outbound_preview: bool,
    pub fault_injection: Option<FaultInjection>,
    /// The Notification Service (XMPP); without it 202 outcomes are checked by polling GET
    /// and the scenarios that need notifications are skipped.
    pub notifications: Option<Notifications>,
}

/// Where the harness reads Finesse notifications (reference §7.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notifications {
    /// `wss://host:8445/ws/` (12.6), `wss://host:7443/ws/` (12.5), `tls://host:5223`,
    /// `tcp://host:5222`, or `ws://` for the mock.
    pub url: String,
    /// The XMPP domain; `None` reads SystemInfo's xmppDomain.
    pub domain: Option<String>,
}

impl Capabilities {
    /// For `@requires:<name>` tags: Some(true/false) for a known name
    /// (nonvoice_media, calls, outbound_preview, fault_injection), None for an unknown name.
    pub fn has(&self, name: &str) -> Option<bool> {
        match name {
            "nonvoice_media" => Some(self.nonvoice_media),
            "calls" => Some(self.calls),
            "outbound_preview" => Some(self.outbound_preview),
            "fault_injection" => Some(self.fault_injection.is_some()),
            "notifications" => Some(self.notifications.is_some()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum FaultInjection {
    MockControl { url: String },
    Commands(Box<FaultCommands>),
}

#[derive(Debug, Clone, Default)]
pub struct FaultCommands {
    pub notification_service_down: Option<String>,
    pub notification_service_up: Option<String>,
    pub out_of_service: Option<String>,
    pub in_service: Option<String>,
    /// Fill / free the CUCM conference bridge (barge error 20700).
    pub conference_bridge_full: Option<String>,
    pub conference_bridge_free: Option<String>,
    /// Place an Outbound Option (CCE) or Direct Preview (CCX) reservation on an agent;
    /// `{user}` and `{extension}` are replaced with the agent's id and extension.
    pub preview_reservation: Option<String>,
    pub direct_preview_reservation: Option<String>,
    /// Withdraw the agent's reservation, as a dialer does (used by the cleanup).
    pub cancel_preview_reservation: Option<String>,
    /// Reserve an agent for an Outbound Option progressive or predictive call
    /// (RESERVED_OUTBOUND); `cancel_preview_reservation` withdraws it.
    pub progressive_reservation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub file: String,
    pub key: Option<String>,
    pub message: String,
    pub fix: Option<String>,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Fields are public, so flatten line breaks here to keep the one-line promise.
        write!(f, "profile {}: ", one_line(&self.file))?;
        if let Some(key) = &self.key {
            write!(f, "{}: ", one_line(key))?;
        }
        f.write_str(&one_line(&self.message))?;
        if let Some(fix) = &self.fix {
            write!(f, " (fix: {})", one_line(fix))?;
        }
        Ok(())
    }
}

impl std::error::Error for ProfileError {}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Parses any other YAML document of ours (the mock fixture) with the same one-line,
/// key-naming errors, so that the YAML crate stays behind this module.
pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned>(
    text: &str,
    origin: &str,
) -> Result<T, String> {
    let no_env = |_: &str| None;
    let ctx = Ctx {
        file: origin,
        env: &no_env,
    };
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        ctx.yaml_error(text, &e)
            .to_string()
            .replacen("profile ", "", 1)
    })
}

impl Profile {
    /// Reads and parses a profile file, expanding ${ENV} from the process environment, and
    /// checks that `tls.ca_cert`, if set, holds a usable CA certificate.
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
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
        // Snippets are multi-line; we build our own one-line message instead. Booleans are
        // YAML 1.2's true and false only: `insecure: yes` (or "yes", on, y) is refused rather
        // than read as true.
        let options = serde_saphyr::options! { with_snippet: false, strict_booleans: true };
        let raw: RawProfile = serde_saphyr::from_str_with_options(text, options)
            .map_err(|e| ctx.yaml_error(text, &e))?;
        ctx.profile(raw)
    }

    /// Every identity, in profile order (agents, supervisors, other team, wrap-up, admin).
    pub fn identities(&self) -> impl Iterator<Item = &Identity> {
        let u = &self.users;
        u.agents
            .iter()
            .chain(&u.supervisors)
            .chain(&u.other_team_agents)
            .chain(&u.wrap_up_agents)
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
    pub fn redaction(&self) -> (Vec<String>, Vec<(String, Vec<String>)>) {
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
    pub fn auth_mode(&self) -> AuthMode {
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

// ---------------------------------------------------------------------------
// Raw serde layer. Everything is optional so that "missing" is reported by our
// validation (with a key path) rather than by serde. Scalars are read as
// strings: serde-saphyr hands over the source text, so `12`, `12.50` and
// `"12"` all arrive verbatim.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: Option<String>,
    base_url: Option<String>,
    tls: Option<RawTls>,
    timeouts: Option<RawTimeouts>,
    max_concurrency: Option<usize>,
    deployment: Option<String>,
    version: Option<String>,
    users: Option<RawUsers>,
    test_data: Option<RawTestData>,
    capabilities: Option<RawCapabilities>,
    limits: Option<RawLimits>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_body_bytes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTls {
    ca_cert: Option<String>,
    insecure: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeouts {
    request: Option<String>,
    async_outcome: Option<String>,
    settle: Option<String>,
    poll_interval: Option<String>,
    token_command: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUsers {
    agents: Option<Vec<RawIdentity>>,
    supervisors: Option<Vec<RawIdentity>>,
    other_team_agents: Option<Vec<RawIdentity>>,
    wrap_up_agents: Option<Vec<RawIdentity>>,
    admin: Option<RawIdentity>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentity {
    id: Option<String>,
    login_id: Option<String>,
    password: Option<String>,
    token: Option<String>,
    token_command: Option<String>,
    extension: Option<String>,
    team_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTestData {
    unknown_user_id: Option<String>,
    unknown_reason_code_id: Option<String>,
    mrd: Option<RawMrd>,
    reason_codes: Option<RawReasonCodes>,
    icd_number: Option<String>,
    wrap_up_timer: Option<String>,
    unknown_extension: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMrd {
    valid: Option<String>,
    unknown: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReasonCodes {
    #[serde(rename = "NOT_READY")]
    not_ready: Option<RawCodeSet>,
    #[serde(rename = "LOGOUT")]
    logout: Option<RawCodeSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodeSet {
    team: Option<String>,
    global: Option<String>,
    system: Option<String>,
    other_team: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapabilities {
    nonvoice_media: Option<bool>,
    calls: Option<bool>,
    outbound_preview: Option<bool>,
    fault_injection: Option<RawFaultInjection>,
    notifications: Option<RawNotifications>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotifications {
    url: Option<String>,
    domain: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaultInjection {
    control_url: Option<String>,
    commands: Option<RawFaultCommands>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaultCommands {
    notification_service_down: Option<String>,
    notification_service_up: Option<String>,
    out_of_service: Option<String>,
    in_service: Option<String>,
    conference_bridge_full: Option<String>,
    conference_bridge_free: Option<String>,
    preview_reservation: Option<String>,
    direct_preview_reservation: Option<String>,
    cancel_preview_reservation: Option<String>,
    progressive_reservation: Option<String>,
}

// ---------------------------------------------------------------------------
// Validation and conversion.

struct Ctx<'a> {
    file: &'a str,
    env: &'a dyn Fn(&str) -> Option<String>,
}

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
    fn err(&self, key: Option<&str>, message: impl Into<String>, fix: &str) -> ProfileError {
        ProfileError {
            file: self.file.to_string(),
            key: key.map(str::to_string),
            message: message.into(),
            fix: Some(fix.to_string()),
        }
    }

    fn refused(&self, key: &str, r: Refusal) -> ProfileError {
        self.err(Some(key), r.message, r.fix)
    }

    fn missing(&self, key: &str, fix: &str) -> ProfileError {
        self.err(Some(key), "is required but missing", fix)
    }

    /// Expands every `${NAME}` in `raw`; errors never include the expanded text.
    fn expand(&self, key: &str, raw: &str) -> Result<String, ProfileError> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                let fix = "close the reference as ${NAME}";
                return Err(self.err(Some(key), "`${` has no closing `}`", fix));
            };
            out.push_str(&self.lookup(key, &after[..end])?);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn lookup(&self, key: &str, name: &str) -> Result<String, ProfileError> {
        if !is_env_name(name) {
            let fix = "use letters, digits and _ only, not starting with a digit, e.g. ${FINESSE_LAB_HOST}";
            let msg = format!("`${{{name}}}` is not a valid environment variable reference");
            return Err(self.err(Some(key), msg, fix));
        }
        (self.env)(name).ok_or_else(|| {
            let msg = format!("environment variable {name} is not set");
            self.err(Some(key), msg, &format!("export {name}=... before running"))
        })
    }

    fn opt_string(&self, key: &str, raw: Option<String>) -> Result<Option<String>, ProfileError> {
        let Some(raw) = raw else { return Ok(None) };
        let value = self.expand(key, &raw)?;
        if value.trim().is_empty() {
            let fix = "give it a value or remove the key";
            return Err(self.err(Some(key), "is empty", fix));
        }
        Ok(Some(value))
    }

    fn string_or(
        &self,
        key: &str,
        raw: Option<String>,
        default: &str,
    ) -> Result<String, ProfileError> {
        Ok(self
            .opt_string(key, raw)?
            .unwrap_or_else(|| default.to_string()))
    }

    fn required(&self, key: &str, raw: Option<String>, fix: &str) -> Result<String, ProfileError> {
        self.opt_string(key, raw)?
            .ok_or_else(|| self.missing(key, fix))
    }

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
    fn auth(&self, key: &str, raw: &mut RawIdentity) -> Result<Auth, ProfileError> {
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

    fn http_url(&self, key: &str, raw: Option<String>, fix: &str) -> Result<String, ProfileError> {
        let value = self.required(key, raw, fix)?;
        let value = value.trim_end_matches('/').to_string();
        match check_http_url(&value) {
            Ok(()) => Ok(value),
            Err(why) => Err(self.err(Some(key), format!("{value:?} {why}"), fix)),
        }
    }

    fn duration(
        &self,
        key: &str,
        raw: Option<String>,
        default: Duration,
    ) -> Result<Duration, ProfileError> {
        let Some(text) = self.opt_string(key, raw)? else {
            return Ok(default);
        };
        let fix = "use a duration such as 10s, 500ms or 1m 30s";
        match humantime::parse_duration(text.trim()) {
            Ok(d) if d.is_zero() => Err(self.err(Some(key), "must be greater than zero", fix)),
            Ok(d) => Ok(d),
            Err(e) => Err(self.err(Some(key), format!("invalid duration {text:?}: {e}"), fix)),
        }
    }

    fn identity(&self, key: &str, mut raw: RawIdentity) -> Result<Identity, ProfileError> {
        let id_fix = "add id: <the Finesse user id>";
        let id = self.required(&format!("{key}.id"), raw.id.take(), id_fix)?;
        let login_id = self.opt_string(&format!("{key}.login_id"), raw.login_id.take())?;
        Ok(Identity {
            id,
            login_id,
            auth: self.auth(key, &mut raw)?,
            extension: self.opt_string(&format!("{key}.extension"), raw.extension)?,
            team_id: self.opt_string(&format!("{key}.team_id"), raw.team_id)?,
        })
    }

    fn identities(
        &self,
        key: &str,
        raw: Option<Vec<RawIdentity>>,
    ) -> Result<Vec<Identity>, ProfileError> {
        let raw = raw.unwrap_or_default();
        let iter = raw.into_iter().enumerate();
        iter.map(|(i, r)| self.identity(&format!("{key}[{i}]"), r))
            .collect()
    }

    fn users(&self, raw: Option<RawUsers>) -> Result<Users, ProfileError> {
        let fix = "add at least one agent with id and password under users.agents";
        let raw = raw.ok_or_else(|| self.missing("users", fix))?;
        let agents = self.identities("users.agents", raw.agents)?;
        if agents.is_empty() {
            return Err(self.err(Some("users.agents"), "needs at least one agent", fix));
        }
        let admin = raw
            .admin
            .map(|a| self.identity("users.admin", a))
            .transpose()?;
        Ok(Users {
            agents,
            supervisors: self.identities("users.supervisors", raw.supervisors)?,
            other_team_agents: self.identities("users.other_team_agents", raw.other_team_agents)?,
            wrap_up_agents: self.identities("users.wrap_up_agents", raw.wrap_up_agents)?,
            admin,
        })
    }

    fn code_set(&self, key: &str, raw: Option<RawCodeSet>) -> Result<CodeSet, ProfileError> {
        let Some(raw) = raw else {
            return Ok(CodeSet::default());
        };
        Ok(CodeSet {
            team: self.opt_string(&format!("{key}.team"), raw.team)?,
            global: self.opt_string(&format!("{key}.global"), raw.global)?,
            system: self.opt_string(&format!("{key}.system"), raw.system)?,
            other_team: self.opt_string(&format!("{key}.other_team"), raw.other_team)?,
        })
    }

    fn test_data(&self, raw: Option<RawTestData>) -> Result<TestData, ProfileError> {
        let Some(raw) = raw else {
            return Ok(TestData::default());
        };
        let mrd = match raw.mrd {
            None => None,
            Some(m) => {
                let fix = "give both test_data.mrd.valid and test_data.mrd.unknown, or remove mrd";
                Some(MrdData {
                    valid: self.required("test_data.mrd.valid", m.valid, fix)?,
                    unknown: self.required("test_data.mrd.unknown", m.unknown, fix)?,
                })
            }
        };
        let codes = raw.reason_codes;
        let (not_ready, logout) = codes.map_or((None, None), |c| (c.not_ready, c.logout));
        Ok(TestData {
            unknown_user_id: self.string_or(
                "test_data.unknown_user_id",
                raw.unknown_user_id,
                DEFAULT_UNKNOWN_USER_ID,
            )?,
            unknown_reason_code_id: self.string_or(
                "test_data.unknown_reason_code_id",
                raw.unknown_reason_code_id,
                DEFAULT_UNKNOWN_REASON_CODE_ID,
            )?,
            mrd,
            reason_codes: ReasonCodeData {
                not_ready: self.code_set("test_data.reason_codes.NOT_READY", not_ready)?,
                logout: self.code_set("test_data.reason_codes.LOGOUT", logout)?,
            },
            icd_number: self.opt_string("test_data.icd_number", raw.icd_number)?,
            wrap_up_timer: match raw.wrap_up_timer {
                None => None,
                Some(t) => {
                    Some(self.duration("test_data.wrap_up_timer", Some(t), Duration::ZERO)?)
                }
            },
            unknown_extension: self.string_or(
                "test_data.unknown_extension",
                raw.unknown_extension,
                DEFAULT_UNKNOWN_EXTENSION,
            )?,
        })
    }

    fn fault_injection(&self, raw: RawFaultInjection) -> Result<FaultInjection, ProfileError> {
        const KEY: &str = "capabilities.fault_injection";
        let fix = "keep only control_url (embedded mock) or only commands (real lab)";
        let none_fix =
            "add control_url (embedded mock) or commands (real lab), or remove fault_injection";
        match (raw.control_url, raw.commands) {
            (Some(_), Some(_)) => {
                Err(self.err(Some(KEY), "has both control_url and commands", fix))
            }
            (None, None) => Err(self.err(Some(KEY), "needs control_url or commands", none_fix)),
            (Some(url), None) => {
                let url_fix = "use an http:// or https:// URL, e.g. http://127.0.0.1:9000/mock";
                let url = self.http_url(&format!("{KEY}.control_url"), Some(url), url_fix)?;
                Ok(FaultInjection::MockControl { url })
            }
            (None, Some(c)) => {
                let k = |name: &str| format!("{KEY}.commands.{name}");
                Ok(FaultInjection::Commands(Box::new(FaultCommands {
                    notification_service_down: self
                        .opt_string(&k("notification_service_down"), c.notification_service_down)?,
                    notification_service_up: self
                        .opt_string(&k("notification_service_up"), c.notification_service_up)?,
                    out_of_service: self.opt_string(&k("out_of_service"), c.out_of_service)?,
                    in_service: self.opt_string(&k("in_service"), c.in_service)?,
                    conference_bridge_full: self
                        .opt_string(&k("conference_bridge_full"), c.conference_bridge_full)?,
                    conference_bridge_free: self
                        .opt_string(&k("conference_bridge_free"), c.conference_bridge_free)?,
                    preview_reservation: self
                        .opt_string(&k("preview_reservation"), c.preview_reservation)?,
                    direct_preview_reservation: self.opt_string(
                        &k("direct_preview_reservation"),
                        c.direct_preview_reservation,
                    )?,
                    cancel_preview_reservation: self.opt_string(
                        &k("cancel_preview_reservation"),
                        c.cancel_preview_reservation,
                    )?,
                    progressive_reservation: self
                        .opt_string(&k("progressive_reservation"), c.progressive_reservation)?,
                })))
            }
        }
    }

    fn capabilities(&self, raw: Option<RawCapabilities>) -> Result<Capabilities, ProfileError> {
        let Some(raw) = raw else {
            return Ok(Capabilities::default());
        };
        Ok(Capabilities {
            nonvoice_media: raw.nonvoice_media.unwrap_or(false),
            calls: raw.calls.unwrap_or(false),
            outbound_preview: raw.outbound_preview.unwrap_or(false),
            fault_injection: raw
                .fault_injection
                .map(|f| self.fault_injection(f))
                .transpose()?,
            notifications: raw
                .notifications
                .map(|n| self.notifications(n))
                .transpose()?,
        })
    }

    fn notifications(&self, raw: RawNotifications) -> Result<Notifications, ProfileError> {
        const KEY: &str = "capabilities.notifications.url";
        let fix = "use wss://<host>:8445/ws/ (12.6), wss://<host>:7443/ws/ (12.5), tls://<host>:5223 or tcp://<host>:5222";
        let url = self.required(KEY, raw.url, fix)?;
        let url = url.trim().to_string();
        check_url(&url, &["wss", "ws", "tls", "tcp"])
            .map_err(|why| self.err(Some(KEY), format!("{url:?} {why}"), fix))?;
        Ok(Notifications {
            url,
            domain: self.opt_string("capabilities.notifications.domain", raw.domain)?,
        })
    }

    fn profile(&self, raw: RawProfile) -> Result<Profile, ProfileError> {
        let stem = Path::new(self.file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        let name = match self.opt_string("name", raw.name)? {
            Some(n) => n,
            None => stem
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "profile".into()),
        };
        let url_fix = "use the Finesse server URL, e.g. https://finesse1.lab.example.com:8445";
        let base_url = self.http_url("base_url", raw.base_url, url_fix)?;

        let tls = match raw.tls {
            None => Tls::default(),
            Some(t) => Tls {
                ca_cert: self
                    .opt_string("tls.ca_cert", t.ca_cert)?
                    .map(PathBuf::from),
                insecure: t.insecure.unwrap_or(false),
            },
        };

        let d = Timeouts::default();
        let timeouts = match raw.timeouts {
            None => d,
            Some(t) => Timeouts {
                request: self.duration("timeouts.request", t.request, d.request)?,
                async_outcome: self.duration(
                    "timeouts.async_outcome",
                    t.async_outcome,
                    d.async_outcome,
                )?,
                settle: self.duration("timeouts.settle", t.settle, d.settle)?,
                poll_interval: self.duration(
                    "timeouts.poll_interval",
                    t.poll_interval,
                    d.poll_interval,
                )?,
                token_command: self.duration(
                    "timeouts.token_command",
                    t.token_command,
                    d.token_command,
                )?,
            },
        };

        let max_concurrency = check_concurrency(raw.max_concurrency.unwrap_or(1))
            .map_err(|r| self.refused("max_concurrency", r))?;

        let deployment =
            match self.opt_string("deployment", raw.deployment)? {
                None => DeploymentSetting::Auto,
                Some(s) if s.trim().eq_ignore_ascii_case("auto") => DeploymentSetting::Auto,
                Some(s) => DeploymentSetting::Fixed(s.parse().map_err(|m: String| {
                    self.err(Some("deployment"), m, "use auto, UCCE or UCCX")
                })?),
            };

        let version = match self.opt_string("version", raw.version)? {
            None => VersionSetting::Auto,
            Some(s) => parse_version(&s).map_err(|r| self.refused("version", r))?,
        };

        Ok(Profile {
            name,
            base_url,
            tls,
            timeouts,
            max_concurrency,
            deployment,
            version,
            users: self.users(raw.users)?,
            test_data: self.test_data(raw.test_data)?,
            capabilities: self.capabilities(raw.capabilities)?,
            limits: self.limits(raw.limits)?,
        })
    }

    fn limits(&self, raw: Option<RawLimits>) -> Result<Limits, ProfileError> {
        let mut l = Limits::default();
        if let Some(text) = self.opt_string(MAX_BODY_KEY, raw.and_then(|r| r.max_body_bytes))? {
            let fix = "use a size such as 4194304, 512 KiB or 16 MiB";
            l.max_body_bytes =
                limits::parse_size(&text).map_err(|m| self.err(Some(MAX_BODY_KEY), m, fix))?;
        }
        Ok(l)
    }

    /// " at <file>:<line>:<column>" for an error with a known location.
    fn at(&self, err: &serde_saphyr::Error) -> String {
        match err.location() {
            Some(l) => format!(" at {}:{}:{}", self.file, l.line(), l.column()),
            None => String::new(),
        }
    }

    /// Converts a serde-saphyr error into a one-line error with a key path.
    fn yaml_error(&self, text: &str, err: &serde_saphyr::Error) -> ProfileError {
        // Re-parse into a location-aware tree to find which key the error is at.
        // Typed parsing can stop early (e.g. at an unknown key), so when the text
        // is not valid YAML this untyped parse reports the real syntax error.
        let options = serde_saphyr::options! { with_snippet: false };
        let tree = match serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options) {
            Ok(tree) => tree,
            Err(syntax) => {
                let syntax = syntax.without_snippet();
                let msg = format!("invalid YAML{}: {}", self.at(syntax), describe(syntax));
                return self.err(None, msg, "correct the YAML syntax at that line:column");
            }
        };
        let err = err.without_snippet();
        let at = self.at(err);
        let unknown = matches!(err, serde_saphyr::Error::SerdeUnknownField { .. });
        let key = match err.location() {
            Some(l) => key_path(&tree.value, (l.line(), l.column()), unknown),
            None => String::new(),
        };
        let key = (!key.is_empty()).then_some(key.as_str());
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

/// A value refused by a rule that the profile and the command line share, so that both
/// refuse it in the same words: `<key or flag>: <message> (fix: <fix>)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub fix: &'static str,
}

impl Refusal {
    /// The one-line error for a command-line flag, e.g. `--concurrency: must be at least 1 (fix: ...)`.
    pub fn for_flag(&self, flag: &str) -> String {
        format!("{flag}: {} (fix: {})", one_line(&self.message), self.fix)
    }
}

/// Scenarios run at once: `max_concurrency` in a profile, `--concurrency` on the command line.
pub fn check_concurrency(n: usize) -> Result<usize, Refusal> {
    if n == 0 {
        return Err(Refusal {
            message: "must be at least 1".into(),
            fix: "use 1 to run scenarios one at a time, or a higher number",
        });
    }
    Ok(n)
}

/// A Finesse version: `version` in a profile, `--mock-version` on the command line.
pub fn parse_version(s: &str) -> Result<VersionSetting, Refusal> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("auto") {
        Ok(VersionSetting::Auto)
    } else if looks_like_version(t) {
        Ok(VersionSetting::Pinned(t.to_string()))
    } else {
        Err(Refusal {
            message: format!("{s:?} is not a version"),
            fix: "give a version such as \"12.5\" or \"12.6(1)\" (a profile may also say auto)",
        })
    }
}

fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn looks_like_version(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit()) && !s.contains(char::is_whitespace)
}

/// Ok if `s` is an http(s) URL with a host; Err says what is wrong.
fn check_http_url(s: &str) -> Result<(), &'static str> {
    check_url(s, &["https", "http"]).map_err(|e| {
        if e == BAD_SCHEME {
            "is not an http:// or https:// URL"
        } else {
            e
        }
    })
}

const BAD_SCHEME: &str = "does not start with one of the allowed schemes";

/// A URL with one of `schemes`, a host, an optional valid port, no credentials, query or
/// fragment.
fn check_url(s: &str, schemes: &[&str]) -> Result<(), &'static str> {
    let lower = s.to_ascii_lowercase();
    let Some(rest) = schemes
        .iter()
        .find_map(|sc| lower.strip_prefix(sc).and_then(|r| r.strip_prefix("://")))
    else {
        return Err(BAD_SCHEME);
    };
    if s.contains(char::is_whitespace) {
        return Err("contains whitespace");
    }
    if rest.contains(['?', '#']) {
        return Err("must not have a query or fragment");
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err("must not contain credentials (put users under users:)");
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((h, p)) => (h, p.strip_prefix(':')),
            None => return Err("has an unclosed IPv6 bracket"),
        },
        None => match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    if host.is_empty() {
        return Err("has no host");
    }
    match port.map(str::parse::<u16>) {
        Some(Ok(0) | Err(_)) => Err("has an invalid port"),
        _ => Ok(()),
    }
}

/// Closest valid key by edit distance, if it is plausibly a typo.
fn suggest<'a>(field: &str, expected: &[&'a str]) -> Option<&'a str> {
    let f = field.to_ascii_lowercase();
    let (dist, best) = expected
        .iter()
        .map(|e| (edit_distance(&f, &e.to_ascii_lowercase()), *e))
        .min_by_key(|(d, _)| *d)?;
    let limit = (f.chars().count() / 3).max(2);
    (dist <= limit && dist < f.chars().count()).then_some(best)
}

/// Levenshtein distance (two-row dynamic programming).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Untyped YAML tree with locations, used only to map an error position to a key path.
enum Node {
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar(String),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(String::new()))
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(String::new()))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

fn pos<T>(s: &Spanned<T>) -> (u64, u64) {
    (s.referenced.line(), s.referenced.column())
}

/// Key path (`users.agents[0].password`) of the node at or enclosing `at`.
/// Nodes are in document order, so the owner is the last child starting at or before `at`.
/// A block mapping starts where its first key does, so `at_key` says whether `at`
/// names a key (descend into a mapping starting there) or a value (stop at it).
fn key_path(node: &Node, at: (u64, u64), at_key: bool) -> String {
    let mut path = String::new();
    let mut node = node;
    loop {
        let next = match node {
            Node::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| pos(k) <= at)
                .map(|(k, v)| {
                    let name = match &k.value {
                        Node::Scalar(s) => s.as_str(),
                        _ => "?",
                    };
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                    v
                }),
            Node::Seq(items) => items
                .iter()
                .enumerate()
                .rev()
                .find(|(_, v)| pos(v) <= at)
                .map(|(i, v)| {
                    path.push_str(&format!("[{i}]"));
                    v
                }),
            Node::Scalar(_) => None,
        };
        match next {
            Some(v) if pos(v) < at || (at_key && pos(v) == at) => node = &v.value,
            _ => return path,
        }
    }
}

#[cfg(test)]
#[path = "profile_auth_tests.rs"]
mod auth_tests;

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "canary-Pa55w0rd-7f3e";

    /// Fake environment: every *_PASSWORD variable holds the canary.
    fn env(name: &str) -> Option<String> {
        match name {
            "LAB_HOST" => Some("finesse1.lab.example.com".into()),
            "FINESSE_HOST" | "FINESSE_UCCX_HOST" => Some("lab.example.com".into()),
            "EMPTY_PASSWORD" => Some(String::new()),
            n if n.ends_with("_PASSWORD") => Some(format!("{CANARY}-{n}")),
            _ => None,
        }
    }

    fn parse(text: &str) -> Result<Profile, ProfileError> {
        Profile::from_yaml_str(text, "lab.yaml", &env)
    }

    fn parse_err(text: &str) -> ProfileError {
        match parse(text) {
            Ok(p) => panic!("expected an error, got {p:?}"),
            Err(e) => e,
        }
    }

    /// A valid minimal profile followed by `extra` top-level YAML.
    fn minimal(extra: &str) -> String {
        format!(
            "base_url: https://finesse.example.com:8445/\nusers:\n  agents:\n    - id: \"1001\"\n      password: ${{FINESSE_AGENT1_PASSWORD}}\n{extra}"
        )
    }

    const FULL: &str = r#"
name: ucce-lab-1
base_url: https://finesse1.lab.example.com:8445
tls:
  ca_cert: /etc/ssl/lab-ca.pem
  insecure: true
timeouts:
  request: 11s
  async_outcome: 6s
  settle: 3s
  poll_interval: 100ms
max_concurrency: 3
limits:
  max_body_bytes: 16 MiB
deployment: ucce
version: 12.6(1)
users:
  agents:
    - id: "1001"
      login_id: agent1
      password: ${FINESSE_AGENT1_PASSWORD}
      extension: "1001001"
      team_id: "5000"
  supervisors:
    - id: "2001"
      password: ${FINESSE_SUPERVISOR1_PASSWORD}
  other_team_agents: []
  admin:
    id: admin
    password: ${FINESSE_ADMIN_PASSWORD}
test_data:
  unknown_user_id: no-such-user-424242
  unknown_reason_code_id: "987654321"
  mrd:
    valid: "5001"
    unknown: "9999"
  reason_codes:
    NOT_READY: { team: 12, global: "10", system: 33, other_team: 14 }
    LOGOUT:    { team: 22 }
capabilities:
  nonvoice_media: true
  calls: true
  outbound_preview: false
  fault_injection:
    commands:
      notification_service_down: "ssh admin@lab 'utils service stop Cisco Finesse Notification Service'"
      in_service: "echo in"
"#;

    #[test]
    fn full_example_parses() {
        let p = parse(FULL).expect("full example");
        assert_eq!(p.name, "ucce-lab-1");
        assert_eq!(p.base_url, "https://finesse1.lab.example.com:8445");
        assert_eq!(p.tls.ca_cert, Some(PathBuf::from("/etc/ssl/lab-ca.pem")));
        assert!(p.tls.insecure);
        assert_eq!(p.timeouts.request, Duration::from_secs(11));
        assert_eq!(p.timeouts.async_outcome, Duration::from_secs(6));
        assert_eq!(p.timeouts.settle, Duration::from_secs(3));
        assert_eq!(p.timeouts.poll_interval, Duration::from_millis(100));
        assert_eq!(p.max_concurrency, 3);
        assert_eq!(p.limits.max_body_bytes, 16 << 20);
        assert_eq!(p.deployment, DeploymentSetting::Fixed(Deployment::Ucce));
        assert_eq!(p.version, VersionSetting::Pinned("12.6(1)".into()));
        let a = &p.users.agents[0];
        assert_eq!((a.id.as_str(), a.auth_name()), ("1001", "agent1"));
        assert_eq!(
            a.password().map(|s| s.expose().to_string()),
            Some(format!("{CANARY}-FINESSE_AGENT1_PASSWORD"))
        );
        assert_eq!(a.extension.as_deref(), Some("1001001"));
        assert_eq!(a.team_id.as_deref(), Some("5000"));
        assert_eq!(p.users.supervisors[0].auth_name(), "2001");
        assert!(p.users.other_team_agents.is_empty());
        assert_eq!(p.users.admin.as_ref().map(|a| a.id.as_str()), Some("admin"));
        assert_eq!(p.test_data.unknown_user_id, "no-such-user-424242");
        let mrd = p.test_data.mrd.as_ref().expect("mrd");
        assert_eq!((mrd.valid.as_str(), mrd.unknown.as_str()), ("5001", "9999"));
        let nr = &p.test_data.reason_codes.not_ready;
        assert_eq!(nr.team.as_deref(), Some("12"));
        assert_eq!(nr.global.as_deref(), Some("10"));
        assert_eq!(nr.system.as_deref(), Some("33"));
        assert_eq!(nr.other_team.as_deref(), Some("14"));
        assert_eq!(p.test_data.reason_codes.logout.team.as_deref(), Some("22"));
        assert_eq!(p.test_data.reason_codes.logout.global, None);
        let c = &p.capabilities;
        assert_eq!(c.has("nonvoice_media"), Some(true));
        assert_eq!(c.has("calls"), Some(true));
        assert_eq!(c.has("outbound_preview"), Some(false));
        assert_eq!(c.has("fault_injection"), Some(true));
        assert_eq!(c.has("teleportation"), None);
        match &c.fault_injection {
            Some(FaultInjection::Commands(cmds)) => {
                let down = cmds
                    .notification_service_down
                    .as_deref()
                    .unwrap_or_default();
                assert!(down.starts_with("ssh admin@lab"));
                assert_eq!(cmds.in_service.as_deref(), Some("echo in"));
                assert_eq!(cmds.out_of_service, None);
            }
            other => panic!("unexpected fault injection {other:?}"),
        }
    }

    #[test]
    fn defaults_apply() {
        let p = parse(&minimal("")).expect("minimal");
        assert_eq!(p.name, "lab");
        assert_eq!(p.base_url, "https://finesse.example.com:8445");
        assert!(p.tls.ca_cert.is_none() && !p.tls.insecure);
        assert_eq!(p.timeouts.request, Duration::from_secs(10));
        assert_eq!(p.timeouts.async_outcome, Duration::from_secs(5));
        assert_eq!(p.timeouts.settle, Duration::from_secs(2));
        assert_eq!(p.timeouts.poll_interval, Duration::from_millis(250));
        assert_eq!(p.max_concurrency, 1);
        assert_eq!(p.limits.max_body_bytes, 4 * 1024 * 1024);
        assert_eq!(p.deployment, DeploymentSetting::Auto);
        assert_eq!(p.version, VersionSetting::Auto);
        assert_eq!(p.users.agents[0].auth_name(), "1001");
        assert!(p.users.supervisors.is_empty() && p.users.admin.is_none());
        assert_eq!(
            p.test_data.unknown_user_id,
            "finesse-conformance-no-such-user"
        );
        assert_eq!(p.test_data.unknown_reason_code_id, "987654321");
        assert!(p.test_data.mrd.is_none());
        assert!(p.test_data.reason_codes.not_ready.team.is_none());
        assert_eq!(p.capabilities.has("calls"), Some(false));
        assert_eq!(p.capabilities.has("fault_injection"), Some(false));
        // A partial timeouts section keeps the other defaults.
        let p = parse(&minimal("timeouts:\n  settle: 1m 30s\n")).expect("timeouts");
        assert_eq!(p.timeouts.settle, Duration::from_secs(90));
        assert_eq!(p.timeouts.request, Duration::from_secs(10));
    }

    #[test]
    fn env_references_expand_mid_string() {
        let text = minimal("").replace(
            "https://finesse.example.com:8445/",
            "https://${LAB_HOST}:8445/",
        );
        let p = parse(&format!("{text}name: lab-${{LAB_HOST}}-x\n")).expect("expanded");
        assert_eq!(p.base_url, "https://finesse1.lab.example.com:8445");
        assert_eq!(p.name, "lab-finesse1.lab.example.com-x");
    }

    #[test]
    fn missing_env_var_names_file_key_variable_and_fix() {
        let e = parse_err(&minimal("").replace("FINESSE_AGENT1_PASSWORD", "FINESSE_NOPE"));
        assert_eq!(e.file, "lab.yaml");
        assert_eq!(e.key.as_deref(), Some("users.agents[0].password"));
        assert_eq!(
            e.to_string(),
            "profile lab.yaml: users.agents[0].password: environment variable FINESSE_NOPE is not set (fix: export FINESSE_NOPE=... before running)"
        );
        let e = parse_err(&minimal("name: ${UNSET_NAME}\n"));
        assert_eq!(e.key.as_deref(), Some("name"));
        assert!(e.message.contains("UNSET_NAME"));
    }

    #[test]
    fn bad_references_rejected() {
        let e = parse_err(&minimal("name: lab-${UNCLOSED\n"));
        assert_eq!(e.key.as_deref(), Some("name"));
        assert!(e.message.contains("no closing"), "{e}");
        let e = parse_err(&minimal("name: lab-${1BAD}\n"));
        assert!(
            e.message.contains("not a valid environment variable"),
            "{e}"
        );
    }

    #[test]
    fn literal_password_rejected_without_echo() {
        let e = parse_err(&minimal("").replace("${FINESSE_AGENT1_PASSWORD}", "hunter2-literal"));
        assert_eq!(e.key.as_deref(), Some("users.agents[0].password"));
        assert!(e.message.contains("literal"), "{e}");
        assert!(
            e.to_string()
                .contains("put it in an environment variable and write ${NAME}")
        );
        assert!(!e.to_string().contains("hunter2"));
        // Text around a reference is also rejected.
        let e = parse_err(
            &minimal("").replace("${FINESSE_AGENT1_PASSWORD}", "x${FINESSE_AGENT1_PASSWORD}"),
        );
        assert!(e.message.contains("exactly one"), "{e}");
        // An empty variable is rejected too.
        let e = parse_err(&minimal("").replace("FINESSE_AGENT1_PASSWORD", "EMPTY_PASSWORD"));
        assert!(e.message.contains("EMPTY_PASSWORD is set but empty"), "{e}");
        let e = parse_err("base_url: http://x\nusers:\n  agents:\n    - id: a\n");
        assert_eq!(e.key.as_deref(), Some("users.agents[0].password"));
    }

    #[test]
    fn unknown_keys_get_path_and_suggestion() {
        let e = parse_err(&minimal("").replace("base_url", "base_ur"));
        assert_eq!(e.key.as_deref(), Some("base_ur"));
        assert!(e.to_string().contains("did you mean `base_url`?"), "{e}");
        let e = parse_err(&minimal("").replace("password:", "pasword:"));
        assert_eq!(e.key.as_deref(), Some("users.agents[0].pasword"));
        assert!(e.message.contains("lab.yaml:5:7"), "{e}");
        assert!(
            e.fix
                .as_deref()
                .unwrap_or_default()
                .contains("did you mean `password`?")
        );
        let e = parse_err(&minimal(
            "test_data:\n  reason_codes:\n    NOT_READY: { team: 1, teem: 2 }\n",
        ));
        assert_eq!(
            e.key.as_deref(),
            Some("test_data.reason_codes.NOT_READY.teem")
        );
        assert!(e.to_string().contains("did you mean `team`?"), "{e}");
        // Nothing close: no suggestion, but the valid keys are listed.
        let e = parse_err(&minimal("tls:\n  zzzzzzzz: 1\n"));
        assert_eq!(e.key.as_deref(), Some("tls.zzzzzzzz"));
        assert!(!e.to_string().contains("did you mean"), "{e}");
        assert!(e.to_string().contains("ca_cert, insecure"), "{e}");
    }

    #[test]
    fn bad_values_rejected_with_key() {
        let cases = [
            (
                "timeouts:\n  request: 10 parsecs\n",
                "timeouts.request",
                "invalid duration",
            ),
            (
                "timeouts:\n  settle: 0s\n",
                "timeouts.settle",
                "greater than zero",
            ),
            ("deployment: PCCE\n", "deployment", "unknown deployment"),
            ("version: latest\n", "version", "not a version"),
            ("max_concurrency: 0\n", "max_concurrency", "at least 1"),
            ("max_concurrency: many\n", "max_concurrency", "whole number"),
            ("tls:\n  insecure: maybe\n", "tls.insecure", "true or false"),
            ("tls: [a]\n", "tls", "mapping"),
            (
                "limits:\n  max_body_bytes: 4 parsecs\n",
                "limits.max_body_bytes",
                "not a size",
            ),
            (
                "limits:\n  max_body_bytes: 0\n",
                "limits.max_body_bytes",
                "between 1 KiB and 1 GiB",
            ),
        ];
        for (extra, key, msg) in cases {
            let e = parse_err(&minimal(extra));
            assert_eq!(e.key.as_deref(), Some(key), "{e}");
            assert!(e.message.contains(msg), "{e}");
        }
        let e = parse_err(&minimal("deployment: PCCE\n"));
        assert_eq!(e.fix.as_deref(), Some("use auto, UCCE or UCCX"));
    }

    #[test]
    fn booleans_are_only_true_or_false() {
        for value in ["yes", "\"yes\"", "no", "on", "off", "y", "n", "1", "\"on\""] {
            for key in ["tls.insecure", "capabilities.calls"] {
                let (section, field) = key.split_once('.').expect("dotted");
                let e = parse_err(&minimal(&format!("{section}:\n  {field}: {value}\n")));
                assert_eq!(e.key.as_deref(), Some(key), "{value}: {e}");
                assert!(e.message.contains("true or false"), "{value}: {e}");
                assert!(
                    e.fix
                        .as_deref()
                        .is_some_and(|f| f.contains("write true or false"))
                );
            }
        }
        for (value, on) in [
            ("true", true),
            ("True", true),
            ("FALSE", false),
            ("\"true\"", true),
        ] {
            let p = parse(&minimal(&format!("tls:\n  insecure: {value}\n"))).expect(value);
            assert_eq!(p.tls.insecure, on, "{value}");
        }
    }

    #[test]
    fn concurrency_and_version_rules_are_shared_with_the_command_line() {
        assert_eq!(check_concurrency(3), Ok(3));
        let r = check_concurrency(0).expect_err("zero");
        let e = parse_err(&minimal("max_concurrency: 0\n"));
        assert_eq!(
            (e.message.as_str(), e.fix.as_deref()),
            (r.message.as_str(), Some(r.fix))
        );
        assert!(
            r.for_flag("--concurrency")
                .starts_with("--concurrency: must be at least 1 (fix: ")
        );
        assert_eq!(
            parse_version(" 12.6(1) "),
            Ok(VersionSetting::Pinned("12.6(1)".into()))
        );
        assert_eq!(parse_version("AUTO"), Ok(VersionSetting::Auto));
        let r = parse_version("banana").expect_err("banana");
        let e = parse_err(&minimal("version: banana\n"));
        assert_eq!(
            (e.message.as_str(), e.fix.as_deref()),
            (r.message.as_str(), Some(r.fix))
        );
    }

    #[test]
    fn deployment_and_version_settings() {
        let p = parse(&minimal("deployment: Uccx\nversion: 12.5\n")).expect("uccx");
        assert_eq!(p.deployment, DeploymentSetting::Fixed(Deployment::Uccx));
        assert_eq!(p.version, VersionSetting::Pinned("12.5".into()));
        let p = parse(&minimal("deployment: AUTO\nversion: Auto\n")).expect("auto");
        assert_eq!(
            (p.deployment, p.version),
            (DeploymentSetting::Auto, VersionSetting::Auto)
        );
        assert_eq!("ucce".parse::<Deployment>(), Ok(Deployment::Ucce));
        assert!("pcce".parse::<Deployment>().is_err());
        assert_eq!(Deployment::Uccx.to_string(), "UCCX");
    }

    #[test]
    fn bad_urls_rejected() {
        for url in [
            "ftp://x",
            "finesse.example.com",
            "https://",
            "https://:8445",
            "https://h:port",
            "https://u:p@h",
            "https://h/x?y=1",
        ] {
            let e = parse_err(&minimal("").replace("https://finesse.example.com:8445/", url));
            assert_eq!(e.key.as_deref(), Some("base_url"), "{url}: {e}");
        }
        for url in [
            "http://127.0.0.1:9000",
            "HTTPS://h/finesse//",
            "https://[::1]:8445",
        ] {
            let text = minimal("").replace("https://finesse.example.com:8445/", url);
            let p = parse(&text).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(!p.base_url.ends_with('/'));
        }
        let e = parse_err("users:\n  agents: []\n");
        assert_eq!(e.key.as_deref(), Some("base_url"));
        assert!(e.message.contains("missing"), "{e}");
    }

    #[test]
    fn agents_required() {
        let empty = "base_url: https://h\nusers:\n  agents: []\n";
        assert_eq!(parse_err(empty).key.as_deref(), Some("users.agents"));
        let missing = "base_url: https://h\nusers:\n  supervisors: []\n";
        assert_eq!(parse_err(missing).key.as_deref(), Some("users.agents"));
        assert_eq!(
            parse_err("base_url: https://h\n").key.as_deref(),
            Some("users")
        );
        let not_a_list = "base_url: https://h\nusers:\n  agents:\n    id: a\n";
        let e = parse_err(not_a_list);
        assert_eq!(e.key.as_deref(), Some("users.agents"));
        assert!(e.message.contains("expected a list"), "{e}");
    }

    #[test]
    fn notification_endpoints() {
        let n = |url: &str| format!("capabilities:\n  notifications:\n    url: {url}\n");
        for ok in [
            "wss://finesse1:8445/ws/",
            "wss://finesse1:7443/ws/",
            "tls://finesse1:5223",
            "tcp://finesse1:5222",
            "ws://127.0.0.1:9000/ws/",
        ] {
            let p = parse(&minimal(&n(ok))).expect(ok);
            let got = p.capabilities.notifications.clone().expect("notifications");
            assert_eq!((got.url.as_str(), got.domain), (ok, None));
            assert_eq!(p.capabilities.has("notifications"), Some(true));
        }
        for bad in [
            "https://finesse1:8445/ws/",
            "finesse1:5222",
            "tcp://:5222",
            "tcp://h:0",
        ] {
            let e = parse_err(&minimal(&n(bad)));
            assert_eq!(
                e.key.as_deref(),
                Some("capabilities.notifications.url"),
                "{bad}"
            );
            assert!(
                e.fix.as_deref().is_some_and(|f| f.contains("wss://")),
                "{e}"
            );
        }
        let with_domain =
            "capabilities:\n  notifications: { url: \"tls://f:5223\", domain: lab.local }\n";
        let p = parse(&minimal(with_domain)).expect("domain");
        assert_eq!(
            p.capabilities
                .notifications
                .and_then(|n| n.domain)
                .as_deref(),
            Some("lab.local")
        );
        assert_eq!(
            parse(&minimal(""))
                .expect("none")
                .capabilities
                .has("notifications"),
            Some(false)
        );
    }

    #[test]
    fn fault_injection_variants() {
        let both = "capabilities:\n  fault_injection:\n    control_url: http://127.0.0.1:9000/mock\n    commands: {}\n";
        let e = parse_err(&minimal(both));
        assert_eq!(e.key.as_deref(), Some("capabilities.fault_injection"));
        assert!(e.message.contains("both"), "{e}");
        let neither = "capabilities:\n  fault_injection: {}\n";
        assert!(parse_err(&minimal(neither)).message.contains("needs"));
        let mock =
            "capabilities:\n  fault_injection:\n    control_url: http://127.0.0.1:9000/mock/\n";
        match parse(&minimal(mock)).map(|p| p.capabilities.fault_injection) {
            Ok(Some(FaultInjection::MockControl { url })) => {
                assert_eq!(url, "http://127.0.0.1:9000/mock")
            }
            other => panic!("unexpected {other:?}"),
        }
        let bad = "capabilities:\n  fault_injection:\n    control_url: 127.0.0.1:9000\n";
        let e = parse_err(&minimal(bad));
        assert_eq!(
            e.key.as_deref(),
            Some("capabilities.fault_injection.control_url")
        );
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let e = parse_err("base_url: https://h\nusers:\n  agents:\n    - id: a\n   bad: indent\n");
        assert_eq!(e.key, None);
        assert!(e.message.starts_with("invalid YAML at lab.yaml:5:"), "{e}");
        // Typed parsing stops at the unknown key `a`; the syntax error wins.
        let e = parse_err("a: b: c\n");
        assert!(e.message.starts_with("invalid YAML at lab.yaml:1:5"), "{e}");
        let e = parse_err("base_url: [x\n");
        assert!(e.message.contains("lab.yaml:1:"), "{e}");
    }

    #[test]
    fn integer_and_string_reason_codes_accepted() {
        let extra = "test_data:\n  unknown_reason_code_id: 42\n  reason_codes:\n    LOGOUT:\n      team: 22\n      global: \"20\"\n      system: 035\n";
        let p = parse(&minimal(extra)).expect("codes");
        let l = &p.test_data.reason_codes.logout;
        assert_eq!(l.team.as_deref(), Some("22"));
        assert_eq!(l.global.as_deref(), Some("20"));
        // Ids are kept verbatim, not re-formatted as numbers.
        assert_eq!(l.system.as_deref(), Some("035"));
        assert_eq!(p.test_data.unknown_reason_code_id, "42");
    }

    #[test]
    fn unknown_extension_has_a_default_and_may_be_a_number() {
        let p = parse(&minimal("")).expect("default");
        assert_eq!(p.test_data.unknown_extension, DEFAULT_UNKNOWN_EXTENSION);
        let p = parse(&minimal("test_data:\n  unknown_extension: 4999123\n")).expect("number");
        assert_eq!(p.test_data.unknown_extension, "4999123");
    }

    /// Every error case used for the one-line and no-leak checks.
    fn error_cases() -> Vec<String> {
        let mut v: Vec<String> = [
            "timeouts:\n  request: \"10\\nparsecs\"\n",
            "deployment: \"bad\\nvalue\"\n",
            "base_ur: x\n",
            "max_concurrency: 0\n",
            "name: ${NOT_SET}\n",
            "test_data:\n  mrd: { valid: 1 }\n",
            "capabilities:\n  fault_injection: {}\n",
            "tls:\n  insecure: maybe\n",
            "  : [\n",
        ]
        .iter()
        .map(|extra| minimal(extra))
        .collect();
        v.push(minimal("").replace("${FINESSE_AGENT1_PASSWORD}", CANARY));
        v.push(minimal("").replace("${FINESSE_AGENT1_PASSWORD}", &format!("\"{CANARY}\\nx\"")));
        v.push(minimal("").replace(
            "base_url: https://finesse.example.com:8445/",
            "base_url: \"ftp://a\\nb\"",
        ));
        v
    }

    #[test]
    fn every_error_display_is_one_line_and_leaks_nothing() {
        for text in error_cases() {
            let e = parse(&text)
                .err()
                .unwrap_or_else(|| panic!("no error for {text:?}"));
            let shown = e.to_string();
            assert!(
                !shown.contains('\n') && !shown.contains('\r'),
                "multi-line: {shown:?}"
            );
            assert!(shown.starts_with("profile lab.yaml: "), "{shown}");
            assert!(shown.contains("(fix: "), "{shown}");
            assert!(!shown.contains(CANARY), "leaked: {shown}");
            assert!(!format!("{e:?}").contains(CANARY), "leaked in Debug: {e:?}");
        }
        let e = ProfileError {
            file: "f".into(),
            key: None,
            message: "a\nb".into(),
            fix: None,
        };
        assert_eq!(e.to_string(), "profile f: a b");
    }

    #[test]
    fn passwords_never_in_debug_and_listed_by_secrets() {
        let p = parse(FULL).expect("full");
        let debug = format!("{p:?}");
        assert!(!debug.contains(CANARY), "{debug}");
        assert!(debug.contains("***"));
        let mut secrets = p.secrets();
        secrets.sort();
        let names = ["ADMIN", "AGENT1", "SUPERVISOR1"];
        let want: Vec<String> = names
            .iter()
            .map(|n| format!("{CANARY}-FINESSE_{n}_PASSWORD"))
            .collect();
        assert_eq!(secrets, want);
        let s = Secret::new("x");
        assert_eq!(
            (format!("{s}"), format!("{s:?}"), s.expose()),
            ("***".into(), "***".into(), "x")
        );
    }

    #[test]
    fn load_reports_file_errors() {
        let e = match Profile::load(Path::new("/nonexistent/dir/lab.yaml")) {
            Ok(p) => panic!("{p:?}"),
            Err(e) => e,
        };
        assert_eq!(e.file, "/nonexistent/dir/lab.yaml");
        assert!(e.message.contains("cannot read"), "{e}");
        // A real file: the password variable is (almost certainly) unset in the test process.
        let path = std::env::temp_dir().join(format!("profile-test-{}.yaml", std::process::id()));
        let text = minimal("").replace("FINESSE_AGENT1_PASSWORD", "PROFILE_TEST_UNSET_7E1C_VAR");
        std::fs::write(&path, text).expect("write temp profile");
        let result = Profile::load(&path);
        let _ = std::fs::remove_file(&path);
        let e = result.expect_err("unset variable error");
        assert_eq!(e.file, path.display().to_string());
        assert!(
            e.message.contains("PROFILE_TEST_UNSET_7E1C_VAR is not set"),
            "{e}"
        );
    }

    #[test]
    fn shipped_example_profiles_parse() {
        let ucce = include_str!("../profiles/ucce-lab.example.yaml");
        let p = Profile::from_yaml_str(ucce, "profiles/ucce-lab.example.yaml", &env).expect("ucce");
        assert_eq!(p.deployment, DeploymentSetting::Fixed(Deployment::Ucce));
        assert_eq!(p.base_url, "https://lab.example.com:8445");
        assert!(p.capabilities.nonvoice_media);
        assert!(p.test_data.mrd.is_some());
        assert_eq!(p.secrets().len(), 6);
        assert_eq!(p.users.wrap_up_agents.len(), 1);
        assert_eq!(p.test_data.wrap_up_timer, Some(Duration::from_secs(30)));
        let uccx = include_str!("../profiles/uccx-lab.example.yaml");
        let p = Profile::from_yaml_str(uccx, "profiles/uccx-lab.example.yaml", &env).expect("uccx");
        assert_eq!(p.deployment, DeploymentSetting::Fixed(Deployment::Uccx));
        assert_eq!(p.version, VersionSetting::Pinned("12.5".into()));
        assert!(!p.capabilities.nonvoice_media);
        assert_eq!(p.timeouts.request, Duration::from_secs(15));
    }

    #[test]
    fn edit_distance_and_suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(suggest("Base_URL", &["name", "base_url"]), Some("base_url"));
        assert_eq!(suggest("x", &["id"]), None);
    }
}
