//! The mock Finesse: a stateful simulator that follows the guide, served over HTTP.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use finesse_conformance::mock::{MockConfig, MockServer};
//! let mock = MockServer::start(MockConfig::default()).await?;
//! println!("{}", mock.url()); // http://127.0.0.1:<port>
//! let profile = mock.profile(); // a harness profile pointing at it
//! # Ok(()) }
//! ```

pub mod control;
pub mod deviations;
pub mod fixture;
pub mod http;
pub mod model;
mod serve;
pub mod xmpp;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

pub use deviations::{Deviation, Deviations};
pub use fixture::Fixture;
pub use model::{AsyncError, Faults, Finesse, Notification, NotificationRequestIds};

use crate::auth::TokenGrant;
use crate::profile::{
    Auth, Capabilities, CodeSet, Deployment, DeploymentSetting, FaultInjection, Identity, MrdData,
    Notifications, Profile, ReasonCodeData, Secret, TestData, Timeouts, Tls, TokenSource, Users,
    VersionSetting,
};
use model::directory::UserDef;
use model::reason_codes::{Category, ReasonCodeDef};

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
    /// The Notification Service's plain XMPP port, on `bind`'s address (0: ephemeral).
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
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

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
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 60);

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
        if cfg.auth == MockAuth::Sso {
            finesse.enable_sso(cfg.token_lifetime);
        }
        finesse.request_ids = cfg.notification_request_ids;
        let model = Arc::new(Mutex::new(finesse));
        let hub = xmpp::Hub::new(model.clone());
        let state = http::AppState { model, hub };
        let listener = tokio::net::TcpListener::bind(cfg.bind).await?;
        let addr = listener.local_addr()?;
        let xmpp_listener =
            tokio::net::TcpListener::bind(SocketAddr::new(cfg.bind.ip(), cfg.xmpp_port)).await?;
        let xmpp_addr = xmpp_listener.local_addr()?;
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

    pub fn notification_request_ids(&self) -> NotificationRequestIds {
        self.state.lock().request_ids
    }

    pub fn set_deviation(&self, d: Deviation, on: bool) {
        self.state.lock().deviations.set(d, on);
    }

    pub fn async_errors(&self) -> Vec<AsyncError> {
        self.state.lock().async_errors().to_vec()
    }

    pub fn auth(&self) -> MockAuth {
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
    pub fn issue_token(&self, id: &str) -> Option<TokenGrant> {
        let g = self.state.lock().issue_token(id, Instant::now())?;
        Some(TokenGrant {
            access: Secret::new(g.access),
            refresh: Some(Secret::new(g.refresh)),
            expires_in: Some(g.expires_in),
            user_id: Some(g.user_id),
        })
    }

    /// SSO mode: makes a caller-chosen pair good for user `id` as if just issued (a canary
    /// token in leak tests). False when not in SSO mode or the user is unknown.
    pub fn adopt_token(&self, id: &str, access: &str, refresh: &str) -> bool {
        self.state
            .lock()
            .adopt_token(id, access, refresh, Instant::now())
    }

    /// The harness profile for this mock: its users, test data and control endpoint.
    pub fn profile(&self) -> Profile {
        let f = &self.fixture;
        let users = &f.directory.users;
        // "Team A" is the team the first supervisor supervises.
        let team_a = users
            .iter()
            .find(|u| u.supervisor)
            .and_then(|u| u.supervises.first().cloned())
            .unwrap_or_default();
        let on_a = |u: &&UserDef| u.team.as_deref() == Some(team_a.as_str());
        // In SSO mode every identity gets a pair the mock issues now, refresh token included.
        let identity = |u: &UserDef| Identity {
            id: u.id.clone(),
            login_id: Some(u.login_id.clone()),
            auth: match self.issue_token(&u.id) {
                Some(grant) => Auth::Token(TokenSource {
                    key: "the embedded mock's profile".into(),
                    initial: Some(grant),
                    since: Instant::now(),
                    command: None,
                }),
                None => Auth::Password(u.password.clone()),
            },
            extension: u.extension.clone(),
            team_id: u.team.clone(),
        };
        let codes = |cat: Category| {
            let of = |p: &dyn Fn(&ReasonCodeDef) -> bool| {
                f.reason_codes
                    .iter()
                    .find(|c| c.category == cat && p(c))
                    .map(|c| c.id.clone())
            };
            CodeSet {
                team: of(&|c| !c.system && !c.for_all && c.teams.contains(&team_a)),
                global: of(&|c| !c.system && c.for_all),
                system: of(&|c| c.system),
                other_team: of(&|c| !c.system && !c.for_all && !c.teams.contains(&team_a)),
            }
        };
        let nonvoice = self.deployment == Deployment::Ucce && !f.mrds.is_empty();
        Profile {
            name: format!("embedded-mock-{}", self.deployment),
            base_url: self.url(),
            tls: Tls::default(),
            // Deadlines as generous as a lab's: they cost nothing when things work, and keep a
            // loaded machine (CI, the deviation matrix) from failing on latency alone.
            timeouts: Timeouts {
                request: Duration::from_secs(10),
                async_outcome: (self.delay * 20).max(self.outcome_deadline),
                // Long enough that a wrong change made after the processing delay is seen.
                settle: (self.delay * 3).max(Duration::from_millis(60)),
                poll_interval: self
                    .delay
                    .clamp(Duration::from_millis(5), Duration::from_millis(50)),
                ..Timeouts::default()
            },
            max_concurrency: 64,
            deployment: DeploymentSetting::Fixed(self.deployment),
            version: VersionSetting::Pinned(self.version.clone()),
            users: Users {
                agents: users
                    .iter()
                    .filter(|u| u.agent && !u.supervisor && !u.wrap_up)
                    .filter(on_a)
                    .map(identity)
                    .collect(),
                supervisors: users
                    .iter()
                    .filter(|u| u.supervisor && u.supervises.contains(&team_a))
                    .map(identity)
                    .collect(),
                other_team_agents: users
                    .iter()
                    .filter(|u| u.agent && !u.supervisor && !on_a(u))
                    .map(identity)
                    .collect(),
                wrap_up_agents: users
                    .iter()
                    .filter(|u| u.agent && !u.supervisor && u.wrap_up)
                    .filter(on_a)
                    .map(identity)
                    .collect(),
                admin: users.iter().find(|u| u.admin).map(identity),
            },
            test_data: TestData {
                icd_number: f
                    .dialed_numbers
                    .iter()
                    .find(|n| n.team == team_a)
                    .map(|n| n.number.clone()),
                mrd: f.mrds.first().map(|m| MrdData {
                    valid: m.id.clone(),
                    unknown: "9999".into(),
                }),
                reason_codes: ReasonCodeData {
                    not_ready: codes(Category::NotReady),
                    logout: codes(Category::Logout),
                },
                wrap_up_timer: Some(f.wrap_up_timer),
                ..TestData::default()
            },
            capabilities: Capabilities {
                nonvoice_media: nonvoice,
                calls: true,
                outbound_preview: true,
                fault_injection: Some(FaultInjection::MockControl {
                    url: self.control_url(),
                }),
                // The harness connects over WebSocket (12.6 style); the plain TCP
                // listener is there for other clients.
                notifications: Some(Notifications {
                    url: self.ws_url(),
                    domain: Some(self.xmpp_domain()),
                }),
            },
            limits: Default::default(),
        }
    }
}

/// What `finesse-conformance mock` prints: where it listens and who can sign in.
pub fn banner(server: &MockServer) -> String {
    let f = server.fixture();
    let mut out = format!(
        "mock Finesse ({}) listening on {}\n  REST API:  {}/finesse/api/\n  XMPP:      {} (plain TCP, SASL PLAIN, domain {})\n  XMPP/WS:   {} (subprotocol xmpp)\n  control:   {} (POST /faults?notification_service=down|up&out_of_service=on|off, POST /deviations?enable=NAME)\n  processing delay for accepted writes: {} ms\n{}",
        server.deployment(),
        server.url(),
        server.url(),
        server.xmpp_tcp_addr(),
        server.xmpp_domain(),
        server.ws_url(),
        server.control_url(),
        server.delay.as_millis(),
        match server.notification_request_ids() {
            NotificationRequestIds::Echo => "",
            NotificationRequestIds::Empty => {
                "  notification requestIds: empty, as a 12.5 lab sends them (only a Media request's asynchronous error keeps its own)\n"
            }
        }
    );
    if server.auth() == MockAuth::Sso {
        let login = f
            .directory
            .users
            .first()
            .map(|u| u.login_id.as_str())
            .unwrap_or("LOGIN");
        out.push_str(&format!(
            "  auth:      SSO (Bearer access tokens, good for {life}). Get one with\n             curl -u {login}:<password> '{url}/desktop/sso/token?cc_username={login}&return_refresh_token=true'\n             (Basic stands in for the identity provider); refresh with POST /desktop/sso/token;\n             POST /mock/tokens/expire expires every access token\n",
            life = humantime::format_duration(server.token_lifetime),
            url = server.url()
        ));
    }
    out.push_str("users:\n");
    for u in &f.directory.users {
        let roles = u.roles().join("+");
        let team = u.team.as_deref().unwrap_or("-");
        let ext = u.extension.as_deref().unwrap_or("-");
        // The embedded fixture's passwords are public test values; a custom fixture's are not
        // printed.
        let pw = if f.embedded {
            u.password.expose()
        } else {
            "(from the fixture file)"
        };
        out.push_str(&format!(
            "  {:<8} login {:<16} password {:<10} extension {:<9} team {:<6} {roles}\n",
            u.id, u.login_id, pw, ext, team
        ));
    }
    out.push_str("Press Ctrl-C to stop.\n");
    out
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.state.hub.shutdown();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
