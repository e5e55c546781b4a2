//! The simulated Finesse: plain Rust, no HTTP. Every public operation takes `now`, applies
//! the processing that became due, checks the guide's rules in order and returns either a
//! resource, an acceptance, or an [`ApiFailure`].

pub(crate) mod agent_state;
mod call_data;
mod call_effects;
pub(crate) mod call_states;
pub(crate) mod calls;
mod client_log;
mod consult;
mod cti_errors;
pub(crate) mod devices;
mod dialer;
mod dialog_actions;
pub(crate) mod dialogs;
pub(crate) mod directory;
mod dtmf;
mod endings;
pub(crate) mod errors;
pub(crate) mod media;
mod media_api;
mod media_routing;
pub(crate) mod mobile_agent;
pub(crate) mod outbox;
mod processing;
pub(crate) mod queues;
pub(crate) mod reason_codes;
mod release;
mod render;
pub(crate) mod request_body;
pub(crate) mod sso;
mod sso_session;
mod sso_test;
mod sst;
pub(crate) mod supervision;
mod supervisor_calls;
mod team_messages;
pub(crate) mod team_resources;
pub(crate) mod tokens;
mod user_api;
mod user_auth_mode;
pub(crate) mod user_workflows;
pub(crate) mod wrap_up_reasons;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant, SystemTime};

use agent_state::{AgentState, Requested};
use directory::{Access, Directory, Lockouts, UserDef};
pub(crate) use errors::{ApiFailure, AsyncError, CtiError};
use media::{MediaRequest, MediaSession, MrdDef};
pub(crate) use outbox::{Notification, NotificationRequestIds};
use reason_codes::{Catalogue, Lifts};
pub(crate) use release::Release;

use super::deviations::{Deviation, Deviations};
use super::fixture::Fixture;
#[cfg(test)]
use crate::documents::{self as doc, MediaUpdate, UserUpdate};
use finesse_protocol::{Deployment, Secret};

/// Which API a request is for, where a deviation breaks a rule on one API only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    User,
    Media,
    Dialog,
    Other,
}

/// Fault switches (design §4): each makes Finesse out of service.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    pub notification_service_down: bool,
    pub out_of_service: bool,
    /// PARTIAL_SERVICE: a dependency degraded; every API answers 503 as out of service does
    /// (DEV/cisco-finesse-api-errors).
    pub partial_service: bool,
    /// No conference bridge is free (barge gets 20700, G12.5 p.102).
    pub bridge_full: bool,
    /// A server-side failure: every API answers 500 naming its kind (DEV/cisco-finesse-api-errors).
    pub server_error: Option<ServerError>,
    /// The next N User, Media and Dialog requests answer 503 and then service is back: a
    /// transient outage (a failover), for testing `--retry`. Not a guide rule.
    pub fail_next: u32,
    /// Every user's Dialogs list answers 500: a broken lab, for testing that a cleanup that
    /// cannot look for calls warns instead of failing scenarios. Not a guide rule.
    pub dialogs_unreadable: bool,
}

/// The three 500 kinds of the HTTP errors on DEV/cisco-finesse-api-errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerError {
    /// A database error while the database is thought to be operational.
    DbRuntime,
    /// Any other runtime exception (also a CTI link lost but not yet noticed).
    Runtime,
    /// The AWS services Finesse uses are not operational.
    AwsUnavailable,
}

impl ServerError {
    /// The name the guide gives the kind.
    pub fn token(self) -> &'static str {
        match self {
            ServerError::DbRuntime => "DB_RUNTIME_EXCEPTION",
            ServerError::Runtime => "RUNTIME_EXCEPTION",
            ServerError::AwsUnavailable => "AWS_SERVICE_UNAVAILABLE",
        }
    }

    /// The deviation that hides this kind (the API answers as if nothing failed).
    fn hidden_by(self) -> Deviation {
        match self {
            ServerError::DbRuntime => Deviation::DbRuntimeExceptionHidden,
            ServerError::Runtime => Deviation::RuntimeExceptionHidden,
            ServerError::AwsUnavailable => Deviation::AwsUnavailableHidden,
        }
    }
}

/// A write that passed synchronous validation. `status` is 202 (G12.5: accepted, result
/// follows as a notification) unless a deviation changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Accepted {
    pub status: u16,
    /// Echo the request's requestId header (G12.5 p171).
    pub echo_request_id: bool,
}

/// Basic credentials as received.
#[derive(Debug, Clone)]
pub(crate) struct Basic {
    pub user: String,
    pub password: Secret,
}

/// Credentials as received: HTTP Basic, or a Bearer access token (SSO).
#[derive(Debug, Clone)]
pub(crate) enum Credential {
    Basic(Basic),
    Bearer(Secret),
}

impl From<Basic> for Credential {
    fn from(b: Basic) -> Self {
        Credential::Basic(b)
    }
}

/// The reason attached to a voice state.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reason {
    None,
    Code(String),
    /// Supervisor-forced NOT_READY: the hard-coded code of §4.5.
    Forced(&'static str),
}

#[derive(Debug, Clone)]
struct Voice {
    state: AgentState,
    reason: Reason,
    extension: Option<String>,
    /// When the state last changed; None until the first change (`stateChangeTime` empty).
    changed: Option<SystemTime>,
    /// The state and reason before the first call, to return to afterwards.
    before_call: Option<(AgentState, Reason)>,
    /// A state requested during a call, applied when it ends (§4.2).
    pending: Option<(AgentState, Reason)>,
    /// The user was connected on a call (wrap-up follows only then, §4.4).
    talked: bool,
}

#[derive(Debug, Clone)]
enum Work {
    Voice {
        user: String,
        requested: Requested,
        access: Access,
        reason: Option<String>,
        extension: Option<String>,
        /// A sign-in as a mobile agent (G12.5 p.31).
        mobile: Option<mobile_agent::MobileAgent>,
    },
    Media {
        user: String,
        mrd: String,
        request: MediaRequest,
    },
    /// Change Agent to Routable/Not Routable (media_routing.rs).
    MediaRoutable {
        user: String,
        mrd: String,
        routable: bool,
    },
    Dialog(calls::DialogWork),
}

#[derive(Debug, Clone)]
struct Pending {
    due: Instant,
    request_id: Option<String>,
    work: Work,
}

pub(crate) struct Finesse {
    deployment: Deployment,
    delay: Duration,
    xmpp_domain: String,
    /// Stand-alone: the XMPP domain is the host name each client reaches the mock by (its
    /// `Host` header, its stream's `to`), as a real Finesse's host name is its domain.
    pub domain_follows_host: bool,
    dir: Directory,
    /// The phones a sign-in may name.
    devices: devices::Devices,
    lockouts: Lockouts,
    codes: Catalogue,
    wrap_up_reasons: wrap_up_reasons::WrapUpCatalogue,
    /// Phone books, global or per team (TeamResource—Get Phone Books).
    phone_books: Vec<team_resources::PhoneBookDef>,
    /// Workflows assigned to teams (User—Get List of Workflows).
    workflows: Vec<user_workflows::WorkflowDef>,
    /// Queues (skill groups), CCE only (Queue—Get Queue).
    queues: Vec<queues::QueueDef>,
    mrds: Vec<MrdDef>,
    voice: HashMap<String, Voice>,
    /// Users signed in as mobile agents: their mode and dial number, shown while signed in.
    mobile_agents: HashMap<String, mobile_agent::MobileAgent>,
    media: HashMap<(String, String), MediaSession>,
    dialogs: BTreeMap<u64, dialogs::Dialog>,
    next_dialog: u64,
    dialed_numbers: Vec<calls::DialedNumber>,
    /// Phones that exist but are out of service (`cti_errors`).
    out_of_service: Vec<String>,
    /// Conference bridges of the (simulated) CUCM.
    bridges: usize,
    queue: VecDeque<Pending>,
    async_errors: Vec<AsyncError>,
    /// The wrap-up timer (reference §4.4) and, per user in WORK or WORK_READY, when it
    /// expires and the state it then leaves the user in.
    wrap_up_timer: Duration,
    wrap_ups: HashMap<String, (Instant, AgentState)>,
    /// The model's notion of now while it applies queued work (the work's due time).
    clock: Instant,
    /// When the model started (SystemInfo's last CTI heartbeat while the link is down).
    started: SystemTime,
    /// What the Notification Service last published, and what it has yet to send.
    published: outbox::Published,
    /// SSO mode: the access tokens the mock's stand-in IdS issued; None for Basic auth.
    sso: Option<tokens::Tokens>,
    pub faults: Faults,
    pub deviations: Deviations,
    /// The release the mock follows (`--mock-version`), for the rules that differ by release.
    pub(crate) release: release::Release,
    /// The REST and plain XMPP ports it listens on (12.6 SystemInfo names them).
    pub(crate) ports: Option<(u16, u16)>,
    /// Whether notifications echo their request's requestId (a fidelity mode).
    pub request_ids: NotificationRequestIds,
}

impl Finesse {
    pub(crate) fn new(fixture: &Fixture, deployment: Deployment, delay: Duration) -> Self {
        let voice = fixture
            .directory
            .users
            .iter()
            .filter(|u| u.agent || u.supervisor)
            .map(|u| (u.id.clone(), Voice::signed_out()))
            .collect();
        Finesse {
            deployment,
            delay,
            xmpp_domain: fixture.xmpp_domain.clone(),
            domain_follows_host: false,
            dir: fixture.directory.clone(),
            devices: devices::Devices::new(&fixture.directory.users, &fixture.devices),
            lockouts: Lockouts::default(),
            codes: Catalogue::new(fixture.reason_codes.clone()),
            wrap_up_reasons: wrap_up_reasons::WrapUpCatalogue::new(fixture.wrap_up_reasons.clone()),
            phone_books: fixture.phone_books.clone(),
            workflows: fixture.workflows.clone(),
            // The Queue APIs are CCE only; a CCX mock has no queues (404 for any id).
            queues: if deployment == Deployment::Ucce {
                fixture.queues.clone()
            } else {
                Vec::new()
            },
            // Non-voice MRDs exist only with CCE (reference §5). What a CCX Finesse answers to
            // the Media API is undocumented (§1.12); with no MRDs the mock gives an empty list
            // and 404 for any mrdId.
            mrds: if deployment == Deployment::Ucce {
                fixture.mrds.clone()
            } else {
                Vec::new()
            },
            voice,
            mobile_agents: HashMap::new(),
            media: HashMap::new(),
            dialogs: BTreeMap::new(),
            next_dialog: 6_873_000,
            dialed_numbers: fixture.dialed_numbers.clone(),
            out_of_service: fixture.out_of_service_devices.clone(),
            bridges: fixture.conference_bridges,
            queue: VecDeque::new(),
            async_errors: Vec::new(),
            wrap_up_timer: fixture.wrap_up_timer,
            wrap_ups: HashMap::new(),
            clock: Instant::now(),
            started: SystemTime::now(),
            published: outbox::Published::default(),
            sso: None,
            faults: Faults::default(),
            deviations: Deviations::default(),
            release: release::Release::default(),
            ports: None,
            request_ids: NotificationRequestIds::default(),
        }
    }

    /// The `xmppDomain` SystemInfo reports (reference §7.2).
    pub(crate) fn xmpp_domain(&self) -> &str {
        &self.xmpp_domain
    }

    /// Sets the domain (`--xmpp-domain`).
    pub(crate) fn set_xmpp_domain(&mut self, domain: &str) {
        self.xmpp_domain = domain.to_ascii_lowercase();
    }

    /// The domain SystemInfo reports to a client that reached the mock by `host` (its `Host`
    /// header without the port).
    pub(crate) fn xmpp_domain_for(&self, host: Option<&str>) -> String {
        match host
            .filter(|_| self.domain_follows_host)
            .and_then(crate::xmpp::host_name)
        {
            Some(h) => h,
            None => self.xmpp_domain.clone(),
        }
    }

    /// Users and teams (the Notification Service authorises subscriptions with them).
    pub(crate) fn directory(&self) -> &Directory {
        &self.dir
    }

    /// The media routing domains of this deployment (none on UCCX).
    pub(crate) fn mrds(&self) -> &[MrdDef] {
        &self.mrds
    }

    pub(crate) fn deployment(&self) -> Deployment {
        self.deployment
    }

    /// Asynchronous failures so far, oldest first (for notifications and tests).
    pub(crate) fn async_errors(&self) -> &[AsyncError] {
        &self.async_errors
    }

    fn dev(&self, d: Deviation) -> bool {
        self.deviations.on(d)
    }

    // ---- preconditions shared by every API ----

    /// Out of service ⇒ 503 on every API (G12.5 p.7); the Notification Service being down
    /// takes Finesse out of service too (reference §1.6, G12.5 p.29, p171).
    fn check_service(&self) -> Result<(), ApiFailure> {
        let oos = self.faults.out_of_service && !self.dev(Deviation::OutOfServiceIgnored);
        let partial = self.faults.partial_service && !self.dev(Deviation::PartialServiceIgnored);
        if oos || partial || self.faults.notification_service_down {
            return Err(ApiFailure::out_of_service());
        }
        if let Some(kind) = self.faults.server_error
            && !self.dev(kind.hidden_by())
        {
            return Err(ApiFailure::server_error(kind));
        }
        Ok(())
    }

    /// `unknown-credentials-accepted`: an unknown user name acts as the administrator.
    fn unknown_name_as_admin(&self) -> Option<UserDef> {
        self.dev(Deviation::UnknownCredentialsAccepted)
            .then(|| self.dir.users.iter().find(|u| u.admin).cloned())
            .flatten()
    }

    /// Service, then credentials, then the target user (404 before ownership, because the
    /// guide lists 404 for an unknown user id on these APIs).
    fn begin(
        &mut self,
        creds: Option<&Credential>,
        target: &str,
        now: Instant,
    ) -> Result<(UserDef, UserDef), ApiFailure> {
        self.begin_for(Api::Other, creds, target, now)
    }

    /// `begin` for one API, so that a deviation can break a rule on that API only.
    fn begin_for(
        &mut self,
        api: Api,
        creds: Option<&Credential>,
        target: &str,
        now: Instant,
    ) -> Result<(UserDef, UserDef), ApiFailure> {
        self.advance(now);
        if self.faults.fail_next > 0 {
            self.faults.fail_next -= 1;
            return Err(ApiFailure::out_of_service());
        }
        // The Media API's 503 for a stopped Notification Service (p171) has its own deviation.
        let ns_only = self.faults.notification_service_down && !self.faults.out_of_service;
        let ignores_ns = match api {
            Api::Media => self.dev(Deviation::MediaIgnoresNotificationService),
            Api::User => self.dev(Deviation::SignInIgnoresNotificationService),
            _ => false,
        };
        if !(ns_only && ignores_ns) {
            self.check_service()?;
        }
        let target_def = self.dir.user(target).cloned();
        // Deviations: an unknown user name authenticates as the administrator on the User
        // API, and as the target user on the Media API (whose objects are own-only).
        let stand_in = match api {
            Api::User => self.unknown_name_as_admin(),
            Api::Media if self.dev(Deviation::MediaUnknownCredentialsAccepted) => {
                target_def.clone()
            }
            Api::Dialog if self.dev(Deviation::DialogUnknownCredentialsAccepted) => {
                target_def.clone()
            }
            _ => None,
        };
        let caller = self.authenticate_with(creds, now, stand_in)?;
        let Some(target) = target_def else {
            if api == Api::Media && self.dev(Deviation::MediaUnknownUserReturns401) {
                return Err(ApiFailure::not_this_user(target));
            }
            return Err(ApiFailure::user_not_found(target));
        };
        Ok((caller, target))
    }

    pub(crate) fn authenticate(
        &mut self,
        creds: Option<&Credential>,
        now: Instant,
    ) -> Result<UserDef, ApiFailure> {
        self.authenticate_with(creds, now, None)
    }

    /// `stand_in` is a deviation: whom an unknown user name authenticates as.
    fn authenticate_with(
        &mut self,
        creds: Option<&Credential>,
        now: Instant,
        stand_in: Option<UserDef>,
    ) -> Result<UserDef, ApiFailure> {
        let Some(c) = creds else {
            return Err(ApiFailure::authorization_failure(""));
        };
        if let Some(who) = stand_in
            && !self.names_a_user(c, now)
        {
            return Ok(who);
        }
        match (c, &self.sso) {
            (Credential::Basic(b), None) => self
                .lockouts
                .authenticate(&self.dir, &b.user, b.password.expose(), now)
                .cloned(),
            (Credential::Bearer(token), Some(tokens)) => tokens
                .user_of(token.expose(), now)
                .and_then(|id| self.dir.user(id))
                .cloned()
                // The same 401 body as for Basic: the mock's choice (README, mock fidelity).
                .ok_or_else(|| ApiFailure::authorization_failure("")),
            // An SSO Finesse takes no passwords, a non-SSO one no tokens.
            (Credential::Basic(b), Some(_)) => Err(ApiFailure::authorization_failure(&b.user)),
            (Credential::Bearer(_), None) => Err(ApiFailure::authorization_failure("")),
        }
    }

    /// Whether the credentials name a user the mock knows (a user name, or a good token):
    /// the unknown-credentials deviations stand in for the ones that do not.
    fn names_a_user(&self, c: &Credential, now: Instant) -> bool {
        match c {
            Credential::Basic(b) => self.dir.by_auth_name(&b.user).is_some(),
            Credential::Bearer(t) => self
                .sso
                .as_ref()
                .is_some_and(|s| s.user_of(t.expose(), now).is_some()),
        }
    }

    /// The User API's answer for an unknown user: 404, or 401 under `unknown-user-returns-401`.
    fn user_api_error(&self, e: ApiFailure, id: &str) -> ApiFailure {
        if e.status == 404 && self.dev(Deviation::UnknownUserReturns401) {
            ApiFailure::not_this_user(id)
        } else {
            e
        }
    }

    /// The reason-code rules the switched-on deviations lift.
    fn lifts(&self) -> Lifts {
        self.lifts_for(false)
    }

    /// `user_api` adds the deviations that break the User API's reason-code rules only.
    fn lifts_for(&self, user_api: bool) -> Lifts {
        Lifts {
            system_code: self.dev(Deviation::SystemReasonCodeAllowed),
            other_team: self.dev(Deviation::OtherTeamReasonCodeAllowed),
            by_code_value: self.dev(Deviation::ReasonCodeByCodeValue),
            unknown: self.dev(Deviation::UnknownReasonCodeAccepted),
            any_category: self.dev(Deviation::ReasonCodeCategoryUnchecked),
            refuse_team: user_api && self.dev(Deviation::TeamReasonCodeRefused),
            refuse_logout: user_api && self.dev(Deviation::LogoutReasonCodeRefused),
            refuse_system_logout: self.dev(Deviation::SystemLogoutCodeRefused),
        }
    }

    fn accepted(&self, user_api: bool) -> Accepted {
        self.accepted_for(if user_api { Api::User } else { Api::Other })
    }

    /// 202 with the requestId echoed, unless a deviation breaks that on this API.
    fn accepted_for(&self, api: Api) -> Accepted {
        let (returns_200, no_echo) = match api {
            Api::User => (Deviation::StateChangeReturns200, None),
            Api::Media => (
                Deviation::MediaStateChangeReturns200,
                Some(Deviation::MediaRequestIdNotEchoed),
            ),
            Api::Dialog | Api::Other => {
                return Accepted {
                    status: 202,
                    echo_request_id: true,
                };
            }
        };
        // 12.6-era pages allow 200 or 202 for an accepted User write (reference §1.2): from
        // 12.6 the mock answers 200 (its choice), so that clients meet both across releases.
        // The deviation answers what the release does not allow: 200 up to 12.5, 204 from 12.6.
        let newer = api == Api::User && self.release.since("12.6");
        Accepted {
            status: match (self.dev(returns_200), newer) {
                (false, false) => 202,
                (false, true) | (true, false) => 200,
                (true, true) => 204,
            },
            echo_request_id: !no_echo.is_some_and(|d| self.dev(d)),
        }
    }
}

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_call_rules;
#[cfg(test)]
mod tests_calls;
#[cfg(test)]
mod tests_client_log;
#[cfg(test)]
mod tests_consult;
#[cfg(test)]
mod tests_dialog_rules;
#[cfg(test)]
mod tests_documents;
#[cfg(test)]
mod tests_login_name;
#[cfg(test)]
mod tests_media;
#[cfg(test)]
mod tests_media_routing;
#[cfg(test)]
mod tests_monitor_rules;
#[cfg(test)]
mod tests_outbox;
#[cfg(test)]
mod tests_queue;
#[cfg(test)]
mod tests_refusals;
#[cfg(test)]
mod tests_service;
#[cfg(test)]
mod tests_sso;
#[cfg(test)]
mod tests_sso_apis;
#[cfg(test)]
mod tests_supervision;
#[cfg(test)]
mod tests_team;
#[cfg(test)]
mod tests_team_messages;
#[cfg(test)]
mod tests_team_resources;
#[cfg(test)]
mod tests_user_workflows;
