//! The mock Finesse: a stateful simulator that follows the guide, served over HTTP.
//!
//! A crate of its own, with its own binary (`finesse-mock`), for teams that build gadgets and
//! integrations and need a Finesse to develop against. It shares nothing with the harness's
//! client but the vocabulary in `finesse-protocol`: it writes its documents itself, and the
//! golden documents from the guide (`tests/golden/`) check both sides.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use finesse_mock::{MockConfig, MockServer};
//! let mock = MockServer::start(MockConfig::default()).await?;
//! println!("{}", mock.url()); // http://127.0.0.1:<port>
//! # Ok(()) }
//! ```

#![warn(unreachable_pub)]

mod banner;
pub mod cli;
mod control;
mod deviations;
mod documents;
pub mod fixture;
mod http;
mod model;
mod serve;
mod xmpp;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

pub use deviations::{Deviation, Deviations};
pub use fixture::{Fixture, FixtureError};
use model::Finesse;
pub use model::outbox::NotificationRequestIds;
pub use model::{Faults, ServerError};

use finesse_protocol::Deployment;

pub use banner::banner;
pub use model::sso::Grant;

/// How to start a mock.
#[derive(Debug, Clone)]
pub struct MockConfig {
    pub fixture: Fixture,
    /// Overrides the fixture's deployment.
    pub deployment: Option<Deployment>,
    /// How long an accepted write takes to become visible (so that waiting is exercised).
    pub processing_delay: Duration,
    pub deviations: Deviations,
    pub faults: Faults,
    /// 127.0.0.1:0 picks an ephemeral port.
    pub bind: SocketAddr,
    /// The XMPP domain: None keeps the fixture's (`xmpp_domain`); `--xmpp-domain` names one.
    pub xmpp_domain: Option<String>,
    /// Take the domain from the host name each client reaches the mock by (the stand-alone
    /// default: a real Finesse's host name is its XMPP domain, and clients build JIDs from it).
    pub xmpp_domain_follows_host: bool,
    /// The Notification Service's plain XMPP port, on ``bind`'s address (0: ephemeral).
    /// XMPP over WebSocket is served on the REST port at `/ws/`.
    pub xmpp_port: u16,
    /// The deadline the mock's own profile gives for an accepted write to show its outcome.
    pub outcome_deadline: Duration,
    /// The Finesse version the mock's profile pins. SystemInfo carries no version
    /// (reference §8 lists its fields), so a lab profile pins it too, or leaves it unknown.
    pub version: String,
    /// HTTP Basic (default) or single sign-on with Bearer tokens.
    pub auth: MockAuth,
    /// In SSO mode, how long an access token is good for.
    pub token_lifetime: Duration,
    /// Whether notifications echo their request's requestId, or leave it empty as a real
    /// 12.5 lab did (a fidelity mode; see [`NotificationRequestIds`]).
    pub notification_request_ids: NotificationRequestIds,
    /// How long a client may take to send a request's headers (and, on a kept-alive
    /// connection, to start the next request) before the mock closes the connection.
    pub header_read_timeout: Duration,
}

/// The default [`MockConfig::header_read_timeout`]: far above any real client's need, short
/// enough that stalled connections do not pile up.
pub(crate) const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How the mock's users authenticate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MockAuth {
    /// HTTP Basic with the fixture's passwords (SystemInfo `systemAuthMode` NON_SSO).
    #[default]
    Basic,
    /// Bearer access tokens from the mock's stand-in IdS (`systemAuthMode` SSO): see
    /// `GET`/`POST /desktop/sso/token`.
    Sso,
}

/// The default access-token lifetime in SSO mode.
pub(crate) const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// The release the mock follows.
pub const MOCK_VERSION: &str = "12.5(1)";

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            fixture: Fixture::embedded(),
            deployment: None,
            processing_delay: Duration::from_millis(20),
            deviations: Deviations::default(),
            faults: Faults::default(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            xmpp_port: 0,
            xmpp_domain: None,
            xmpp_domain_follows_host: false,
            outcome_deadline: Duration::from_secs(5),
            version: MOCK_VERSION.into(),
            auth: MockAuth::Basic,
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            notification_request_ids: NotificationRequestIds::default(),
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
        }
    }
}

/// A running mock. Dropping it stops the server.
pub struct MockServer {
    addr: SocketAddr,
    xmpp_addr: SocketAddr,
    state: http::AppState,
    fixture: Fixture,
    deployment: Deployment,
    delay: Duration,
    outcome_deadline: Duration,
    version: String,
    token_lifetime: Duration,
    shutdown: Option<oneshot::Sender<()>>,
}

impl MockServer {
    pub async fn start(cfg: MockConfig) -> std::io::Result<MockServer> {
        let deployment = cfg.deployment.unwrap_or(cfg.fixture.deployment);
        let mut finesse = Finesse::new(&cfg.fixture, deployment, cfg.processing_delay);
        finesse.deviations = cfg.deviations.clone();
        finesse.faults = cfg.faults;
        if let Some(d) = &cfg.xmpp_domain {
            finesse.set_xmpp_domain(d);
        }
        finesse.domain_follows_host = cfg.xmpp_domain_follows_host;
        if cfg.auth == MockAuth::Sso {
            finesse.enable_sso(cfg.token_lifetime);
        }
        finesse.request_ids = cfg.notification_request_ids;
        finesse.release = model::Release::parse(&cfg.version);
        let model = Arc::new(Mutex::new(finesse));
        let hub = xmpp::Hub::new(model.clone());
        let state = http::AppState { model, hub };
        let listener = tokio::net::TcpListener::bind(cfg.bind).await?;
        let addr = listener.local_addr()?;
        let xmpp_listener =
            tokio::net::TcpListener::bind(SocketAddr::new(cfg.bind.ip(), cfg.xmpp_port)).await?;
        let xmpp_addr = xmpp_listener.local_addr()?;
        state.lock().ports = Some((addr.port(), xmpp_addr.port()));
        tokio::spawn(xmpp::tcp::accept(xmpp_listener, state.hub.clone()));
        tokio::spawn(state.hub.clone().run_timers());
        let (tx, rx) = oneshot::channel::<()>();
        let app = http::router(state.clone());
        tokio::spawn(serve::serve(listener, app, cfg.header_read_timeout, rx));
        Ok(MockServer {
            addr,
            xmpp_addr,
            state,
            fixture: cfg.fixture,
            deployment,
            delay: cfg.processing_delay,
            outcome_deadline: cfg.outcome_deadline,
            version: cfg.version.clone(),
            token_lifetime: cfg.token_lifetime,
            shutdown: Some(tx),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn control_url(&self) -> String {
        format!("{}/mock", self.url())
    }

    /// The Notification Service's plain XMPP (RFC 6120) endpoint.
    pub fn xmpp_tcp_addr(&self) -> SocketAddr {
        self.xmpp_addr
    }

    /// The Notification Service's XMPP-over-WebSocket (RFC 7395) endpoint.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws/", self.addr)
    }

    /// The `xmppDomain` the mock's SystemInfo reports; user JIDs are `<id>@<domain>`.
    pub fn xmpp_domain(&self) -> String {
        self.state.lock().xmpp_domain().to_string()
    }

    /// Stand-alone: the XMPP domain is the host name each client reaches the mock by.
    pub(crate) fn xmpp_domain_follows_host(&self) -> bool {
        self.state.lock().domain_follows_host
    }

    pub fn deployment(&self) -> Deployment {
        self.deployment
    }

    pub fn fixture(&self) -> &Fixture {
        &self.fixture
    }

    pub fn set_faults(&self, faults: Faults) {
        self.state.lock().faults = faults;
        // Subscribers hear of the change (SystemInfo), and a stopped Notification Service
        // ends their sessions.
        self.state.hub.pump();
    }

    pub(crate) fn notification_request_ids(&self) -> NotificationRequestIds {
        self.state.lock().request_ids
    }

    pub fn set_deviation(&self, d: Deviation, on: bool) {
        self.state.lock().deviations.set(d, on);
    }

    pub(crate) fn auth(&self) -> MockAuth {
        if self.state.lock().sso() {
            MockAuth::Sso
        } else {
            MockAuth::Basic
        }
    }

    /// SSO mode: every access token expires now (refresh tokens stay good), so that the next
    /// request meets an expired token. Also `POST /mock/tokens/expire`.
    pub fn expire_tokens(&self) {
        self.state.lock().expire_tokens(Instant::now());
    }

    /// SSO mode: every token the mock has issued, retired ones included (for leak tests).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.state.lock().issued_tokens()
    }

    /// SSO mode: a new token pair for user `id`, as the token API would grant it.
    pub fn issue_token(&self, id: &str) -> Option<Grant> {
        self.state.lock().issue_token(id, Instant::now())
    }

    /// SSO mode: makes a caller-chosen pair good for user `id` as if just issued (a canary
    /// token in leak tests). False when not in SSO mode or the user is unknown.
    pub fn adopt_token(&self, id: &str, access: &str, refresh: &str) -> bool {
        self.state
            .lock()
            .adopt_token(id, access, refresh, Instant::now())
    }

    /// How long an accepted write takes to become visible.
    pub fn processing_delay(&self) -> Duration {
        self.delay
    }

    /// The deadline the mock's configuration gives a client for an accepted write's outcome.
    pub fn outcome_deadline(&self) -> Duration {
        self.outcome_deadline
    }

    /// The Finesse release the mock follows.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// SSO mode: how long an access token is good for.
    pub(crate) fn token_lifetime(&self) -> Duration {
        self.token_lifetime
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.state.hub.shutdown();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
