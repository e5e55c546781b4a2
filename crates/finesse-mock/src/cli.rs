//! The mock's command line, shared by the `finesse-mock` binary and the harness's
//! `finesse-conformance mock` command (which flattens the same arguments), so that both
//! serve the same mock with the same flags.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use finesse_protocol::Deployment;

use crate::{
    DEFAULT_TOKEN_LIFETIME, Deviation, Deviations, Fixture, FixtureError, MockAuth, MockConfig,
    MockServer, NotificationRequestIds,
};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DeploymentArg {
    #[value(name = "UCCE", alias = "ucce")]
    Ucce,
    #[value(name = "UCCX", alias = "uccx")]
    Uccx,
}

impl From<DeploymentArg> for Deployment {
    fn from(d: DeploymentArg) -> Self {
        match d {
            DeploymentArg::Ucce => Deployment::Ucce,
            DeploymentArg::Uccx => Deployment::Uccx,
        }
    }
}

/// How the mock's users authenticate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum AuthArg {
    /// HTTP Basic with passwords (systemAuthMode NON_SSO).
    #[default]
    Basic,
    /// Single sign-on: Bearer access tokens (systemAuthMode SSO).
    Sso,
}

impl From<AuthArg> for MockAuth {
    fn from(a: AuthArg) -> Self {
        match a {
            AuthArg::Basic => MockAuth::Basic,
            AuthArg::Sso => MockAuth::Sso,
        }
    }
}

/// A token lifetime in humantime syntax (`90s`, `30min`), at least a second: the IdS JSON
/// counts `expires_in` in whole seconds.
fn lifetime(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text.trim()) {
        Ok(d) if d < Duration::from_secs(1) => {
            Err("must be at least 1s (the token JSON counts expires_in in seconds)".into())
        }
        Ok(d) => Ok(d),
        Err(e) => Err(format!("{e} (use a duration such as 90s or 30min)")),
    }
}

/// The mock's authentication options (also the harness's `run`, for its embedded mock).
#[derive(Args, Debug, Clone)]
pub struct MockAuthArgs {
    /// The embedded mock's authentication: basic (the default), or sso (Bearer tokens; the
    /// mock's profile carries tokens it issued). Not with --profile.
    #[arg(long, value_enum)]
    pub auth: Option<AuthArg>,
    /// In SSO mode, how long the mock's access tokens are good for (e.g. 90s; default 30min; at
    /// least 1s). The harness renews them after 3/4 of that, so a short lifetime exercises
    /// renewal. Not with --profile.
    #[arg(long, value_name = "DURATION", value_parser = lifetime)]
    pub token_lifetime: Option<Duration>,
}

impl MockAuthArgs {
    pub fn auth(&self) -> MockAuth {
        self.auth.unwrap_or_default().into()
    }

    pub fn token_lifetime(&self) -> Duration {
        self.token_lifetime.unwrap_or(DEFAULT_TOKEN_LIFETIME)
    }
}

#[derive(Args, Debug)]
pub struct MockArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8082)]
    pub port: u16,
    /// Plain-TCP XMPP port of the Notification Service (0 picks a free one; Finesse uses
    /// 5222). XMPP over WebSocket is on --port at /ws/.
    #[arg(long, default_value_t = 0)]
    pub xmpp_port: u16,
    /// The XMPP domain (SystemInfo xmppDomain; user JIDs are <id>@<domain>). Default: the host
    /// name a client reaches the mock by, as on a real Finesse, whose host name is its domain.
    #[arg(long, value_name = "NAME")]
    pub xmpp_domain: Option<String>,
    #[arg(long, value_enum, default_value = "UCCE")]
    pub deployment: DeploymentArg,
    /// A fixture YAML file instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub fixture: Option<PathBuf>,
    /// Processing delay for accepted writes, in milliseconds (at most 10000).
    #[arg(long, value_name = "MS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub delay_ms: u64,
    /// Switch on a deviation that breaks one guide rule (repeatable; --list-deviations names them).
    #[arg(long = "deviation", value_name = "NAME")]
    pub deviations: Vec<String>,
    #[command(flatten)]
    pub mock_auth: MockAuthArgs,
    /// Whether notifications echo the requestId (echo) or, as a 12.5 lab does, leave it empty
    /// (empty; only a Media request's asynchronous error keeps it).
    #[arg(long, value_enum, value_name = "MODE", default_value = "echo")]
    pub notification_request_ids: NotificationRequestIds,
    /// The Finesse release the mock follows where releases differ, e.g. 12.6(2) (SystemInfo's
    /// 12.6 fields, …).
    #[arg(long, value_name = "VERSION", default_value = crate::MOCK_VERSION, value_parser = release)]
    pub mock_version: String,
}

/// A release such as 12.6(2): digits first, as `--mock-version` of `run` wants.
fn release(v: &str) -> Result<String, String> {
    if v.starts_with(|c: char| c.is_ascii_digit()) {
        Ok(v.to_string())
    } else {
        Err(format!(
            "\"{v}\" is not a Finesse version (fix: give one such as 12.6(2))"
        ))
    }
}

/// A `--deviation` name that names none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownDeviation {
    pub name: String,
}

impl fmt::Display for UnknownDeviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown deviation {} (`finesse-mock --list-deviations` lists them)",
            self.name
        )
    }
}

impl std::error::Error for UnknownDeviation {}

/// Deviations by name; the error names the first unknown one.
pub fn deviations(names: &[String]) -> Result<Deviations, UnknownDeviation> {
    names
        .iter()
        .map(|n| Deviation::from_name(n).ok_or_else(|| UnknownDeviation { name: n.clone() }))
        .collect()
}

/// Why [`MockArgs::start`] could not start the mock. Each renders as one actionable line.
#[derive(Debug)]
pub enum StartError {
    Fixture(FixtureError),
    Deviation(UnknownDeviation),
    /// A port is taken (or not ours to bind).
    Listen {
        port: u16,
        xmpp_port: u16,
        source: std::io::Error,
    },
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Fixture(e) => e.fmt(f),
            StartError::Deviation(e) => e.fmt(f),
            StartError::Listen {
                port,
                xmpp_port,
                source,
            } => write!(
                f,
                "cannot listen on 127.0.0.1 (REST port {port}, XMPP port {xmpp_port}): {source} (pick another --port or --xmpp-port)"
            ),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Fixture(e) => Some(e),
            StartError::Deviation(e) => Some(e),
            StartError::Listen { source, .. } => Some(source),
        }
    }
}

/// One line per deviation: name, the rule it breaks, what it does.
pub fn deviation_list() -> String {
    Deviation::ALL
        .iter()
        .map(|d| {
            format!(
                "{:<45} rule {:<40} {}\n",
                d.name(),
                d.rule(),
                d.description()
            )
        })
        .collect()
}

impl MockArgs {
    /// The configuration these arguments describe.
    fn config(&self) -> Result<MockConfig, StartError> {
        let fixture = match &self.fixture {
            Some(f) => Fixture::load(f).map_err(StartError::Fixture)?,
            None => Fixture::embedded(),
        };
        Ok(MockConfig {
            fixture,
            deployment: Some(self.deployment.into()),
            processing_delay: Duration::from_millis(self.delay_ms),
            deviations: deviations(&self.deviations).map_err(StartError::Deviation)?,
            bind: SocketAddr::from(([127, 0, 0, 1], self.port)),
            xmpp_port: self.xmpp_port,
            xmpp_domain: self.xmpp_domain.clone(),
            xmpp_domain_follows_host: self.xmpp_domain.is_none(),
            auth: self.mock_auth.auth(),
            token_lifetime: self.mock_auth.token_lifetime(),
            notification_request_ids: self.notification_request_ids,
            version: self.mock_version.clone(),
            ..MockConfig::default()
        })
    }

    /// Starts the mock these arguments describe.
    pub async fn start(&self) -> Result<MockServer, StartError> {
        let cfg = self.config()?;
        MockServer::start(cfg)
            .await
            .map_err(|source| StartError::Listen {
                port: self.port,
                xmpp_port: self.xmpp_port,
                source,
            })
    }
}
