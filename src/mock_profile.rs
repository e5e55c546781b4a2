//! The harness profile for an embedded mock: its users, test data and control endpoint, read
//! from the mock's public fixture (the same facts a lab engineer writes into a lab profile).

use std::time::{Duration, Instant};

use finesse_mock::MockServer;
use finesse_mock::fixture::{Category, ReasonCodeDef, UserDef};
use finesse_protocol::{Deployment, Secret};

use crate::auth::TokenGrant;
use crate::profile::{
    Auth, Capabilities, CodeSet, DeploymentSetting, FaultInjection, Identity, MrdData,
    Notifications, Profile, ReasonCodeData, TestData, Timeouts, Tls, TokenSource, Users,
    VersionSetting,
};

/// `mock.profile()`: the profile a run against this mock uses.
pub trait MockProfile {
    fn profile(&self) -> Profile;
    /// SSO mode: a new token pair for user `id`, as the token API would grant it.
    fn token_grant(&self, id: &str) -> Option<TokenGrant>;
}

impl MockProfile for MockServer {
    fn token_grant(&self, id: &str) -> Option<TokenGrant> {
        let g = self.issue_token(id)?;
        Some(TokenGrant {
            access: Secret::new(g.access),
            refresh: Some(Secret::new(g.refresh)),
            expires_in: Some(g.expires_in),
            user_id: Some(g.user_id),
        })
    }

    fn profile(&self) -> Profile {
        let f = self.fixture();
        let users = f.users();
        let delay = self.processing_delay();
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
            auth: match self.token_grant(&u.id) {
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
                f.reason_codes()
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
        let nonvoice = self.deployment() == Deployment::Ucce && !f.mrds().is_empty();
        let agents = |wrap_up: bool| -> Vec<Identity> {
            users
                .iter()
                .filter(|u| u.agent && !u.supervisor && !u.mobile_agent && u.wrap_up == wrap_up)
                .filter(on_a)
                .map(identity)
                .collect()
        };
        Profile {
            name: format!("embedded-mock-{}", self.deployment()),
            base_url: self.url(),
            tls: Tls::default(),
            // Deadlines as generous as a lab's: they cost nothing when things work, and keep a
            // loaded machine (CI, the deviation matrix) from failing on latency alone.
            timeouts: Timeouts {
                request: Duration::from_secs(10),
                async_outcome: (delay * 20).max(self.outcome_deadline()),
                // Long enough that a wrong change made after the processing delay is seen, also
                // on a loaded machine: the deviation matrix once missed an asynchronous error
                // that came later than 60 ms (the DTMF success scenario's absence check).
                settle: (delay * 3).max(Duration::from_millis(150)),
                poll_interval: delay.clamp(Duration::from_millis(5), Duration::from_millis(50)),
                ..Timeouts::default()
            },
            max_concurrency: 64,
            deployment: DeploymentSetting::Fixed(self.deployment()),
            version: VersionSetting::Pinned(self.version().to_string()),
            users: Users {
                agents: agents(false),
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
                wrap_up_agents: agents(true),
                mobile_agents: users
                    .iter()
                    .filter(|u| u.mobile_agent && u.agent && !u.supervisor)
                    .map(identity)
                    .collect(),
                admin: users.iter().find(|u| u.admin).map(identity),
            },
            test_data: TestData {
                icd_number: f
                    .dialed_numbers()
                    .iter()
                    .find(|n| n.team == team_a)
                    .map(|n| n.number.clone()),
                mrd: f.mrds().first().map(|m| MrdData {
                    valid: m.id.clone(),
                    unknown: "9999".into(),
                }),
                reason_codes: ReasonCodeData {
                    not_ready: codes(Category::NotReady),
                    logout: codes(Category::Logout),
                },
                wrap_up_timer: Some(f.wrap_up_timer()),
                // A global reason, so that every agent of team A may apply it.
                mobile_agent_dial_number: Some("4085551234".into()),
                wrap_up_reason: f
                    .wrap_up_reasons()
                    .iter()
                    .find(|r| r.for_all)
                    .map(|r| r.id.clone()),
                out_of_service_device: f.out_of_service_devices().first().cloned(),
                unassigned_queue_id: f
                    .queues()
                    .iter()
                    .find(|q| q.teams.is_empty() && q.users.is_empty())
                    .map(|q| q.id.clone()),
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
