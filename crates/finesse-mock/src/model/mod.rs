//! The simulated Finesse: plain Rust, no HTTP. Every public operation takes `now`, applies
//! the processing that became due, checks the guide's rules in order and returns either a
//! resource, an acceptance, or an [`ApiFailure`].

pub mod agent_state;
pub mod call_states;
pub mod calls;
pub mod devices;
pub mod dialogs;
pub mod directory;
pub mod errors;
pub mod media;
pub mod outbox;
pub mod reason_codes;
pub mod request_body;
pub mod sso;
pub mod supervision;
pub mod tokens;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant, SystemTime};

use agent_state::{AgentState, Requested, Transition};
use directory::{Access, Directory, Lockouts, UserDef};
pub use errors::{ApiFailure, AsyncError, CtiError, Peripheral};
use media::{MediaLifts, MediaRequest, MediaSession, MediaState, MrdDef};
pub use outbox::{Notification, NotificationRequestIds};
use reason_codes::{Catalogue, Category, Lifts};

use super::deviations::{Deviation, Deviations};
use super::fixture::Fixture;
use crate::documents::{self as models, MediaUpdate, UserUpdate};
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
    /// No conference bridge is free (barge gets 20700, G12.5 p.102).
    pub bridge_full: bool,
    /// The next N User, Media and Dialog requests answer 503 and then service is back: a
    /// transient outage (a failover), for testing `--retry`. Not a guide rule.
    pub fail_next: u32,
    /// Every user's Dialogs list answers 500: a broken lab, for testing that a cleanup that
    /// cannot look for calls warns instead of failing scenarios. Not a guide rule.
    pub dialogs_unreadable: bool,
}

/// A write that passed synchronous validation. `status` is 202 (G12.5: accepted, result
/// follows as a notification) unless a deviation changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    pub status: u16,
    /// Echo the request's requestId header (G12.5 p171).
    pub echo_request_id: bool,
}

/// Basic credentials as received.
#[derive(Debug, Clone)]
pub struct Basic {
    pub user: String,
    pub password: Secret,
}

/// Credentials as received: HTTP Basic, or a Bearer access token (SSO).
#[derive(Debug, Clone)]
pub enum Credential {
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
    changed: SystemTime,
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
    },
    Media {
        user: String,
        mrd: String,
        request: MediaRequest,
    },
    Dialog(calls::DialogWork),
}

#[derive(Debug, Clone)]
struct Pending {
    due: Instant,
    request_id: Option<String>,
    work: Work,
}

pub struct Finesse {
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
    mrds: Vec<MrdDef>,
    voice: HashMap<String, Voice>,
    media: HashMap<(String, String), MediaSession>,
    dialogs: BTreeMap<u64, dialogs::Dialog>,
    next_dialog: u64,
    dialed_numbers: Vec<calls::DialedNumber>,
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
    /// What the Notification Service last published, and what it has yet to send.
    published: outbox::Published,
    /// SSO mode: the access tokens the mock's stand-in IdS issued; None for Basic auth.
    sso: Option<tokens::Tokens>,
    pub faults: Faults,
    pub deviations: Deviations,
    /// Whether notifications echo their request's requestId (a fidelity mode).
    pub request_ids: NotificationRequestIds,
}

impl Finesse {
    pub fn new(fixture: &Fixture, deployment: Deployment, delay: Duration) -> Self {
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
            // Non-voice MRDs exist only with CCE (reference §5). What a CCX Finesse answers to
            // the Media API is undocumented (§1.12); with no MRDs the mock gives an empty list
            // and 404 for any mrdId.
            mrds: if deployment == Deployment::Ucce {
                fixture.mrds.clone()
            } else {
                Vec::new()
            },
            voice,
            media: HashMap::new(),
            dialogs: BTreeMap::new(),
            next_dialog: 6_873_000,
            dialed_numbers: fixture.dialed_numbers.clone(),
            bridges: fixture.conference_bridges,
            queue: VecDeque::new(),
            async_errors: Vec::new(),
            wrap_up_timer: fixture.wrap_up_timer,
            wrap_ups: HashMap::new(),
            clock: Instant::now(),
            published: outbox::Published::default(),
            sso: None,
            faults: Faults::default(),
            deviations: Deviations::default(),
            request_ids: NotificationRequestIds::default(),
        }
    }

    /// The `xmppDomain` SystemInfo reports (reference §7.2).
    pub fn xmpp_domain(&self) -> &str {
        &self.xmpp_domain
    }

    /// Sets the domain (`--xmpp-domain`).
    pub fn set_xmpp_domain(&mut self, domain: &str) {
        self.xmpp_domain = domain.to_ascii_lowercase();
    }

    /// The domain SystemInfo reports to a client that reached the mock by `host` (its `Host`
    /// header without the port).
    pub fn xmpp_domain_for(&self, host: Option<&str>) -> String {
        match host
            .filter(|_| self.domain_follows_host)
            .and_then(crate::xmpp::host_name)
        {
            Some(h) => h,
            None => self.xmpp_domain.clone(),
        }
    }

    /// Users and teams (the Notification Service authorises subscriptions with them).
    pub fn directory(&self) -> &Directory {
        &self.dir
    }

    /// The media routing domains of this deployment (none on UCCX).
    pub fn mrds(&self) -> &[MrdDef] {
        &self.mrds
    }

    pub fn deployment(&self) -> Deployment {
        self.deployment
    }

    /// Asynchronous failures so far, oldest first (for notifications and tests).
    pub fn async_errors(&self) -> &[AsyncError] {
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
        if oos || self.faults.notification_service_down {
            return Err(ApiFailure::out_of_service());
        }
        Ok(())
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
            Api::User if self.dev(Deviation::UnknownCredentialsAccepted) => {
                self.dir.users.iter().find(|u| u.admin).cloned()
            }
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

    pub fn authenticate(
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
        Accepted {
            status: if self.dev(returns_200) { 200 } else { 202 },
            echo_request_id: !no_echo.is_some_and(|d| self.dev(d)),
        }
    }

    // ---- SystemInfo ----

    /// SystemInfo stays readable while out of service so that clients can watch `status`
    /// (JSLIB reads OUT_OF_SERVICE from it; the guide does not say; README, mock fidelity).
    /// SystemInfo as a client that reached the mock by `host` sees it.
    pub fn system_info(&mut self, now: Instant, host: Option<&str>) -> models::SystemInfo {
        self.advance(now);
        let mut info = self.render_system_info();
        let domain = self.xmpp_domain_for(host);
        info.xmpp_pub_sub_domain = Some(format!("pubsub.{domain}"));
        info.xmpp_domain = Some(domain);
        info
    }

    fn render_system_info(&self) -> models::SystemInfo {
        let in_service = self.check_service().is_ok();
        models::SystemInfo {
            uri: Some("/finesse/api/SystemInfo".into()),
            current_timestamp: Some(
                humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            ),
            deployment_type: Some(self.deployment.to_string()),
            status: Some(
                if in_service {
                    "IN_SERVICE"
                } else {
                    "OUT_OF_SERVICE"
                }
                .into(),
            ),
            status_reason: None,
            // SSO or NON_SSO (reference §8; the SSO client integration's step 1 reads it).
            system_auth_mode: Some(if self.sso.is_some() { "SSO" } else { "NON_SSO" }.into()),
            timezone_offset: Some("0".into()),
            xmpp_domain: Some(self.xmpp_domain.clone()),
            xmpp_pub_sub_domain: Some(format!("pubsub.{}", self.xmpp_domain)),
            primary_node: Some(models::Node {
                host: Some("127.0.0.1".into()),
            }),
            secondary_node: None,
            version: None,
        }
    }

    // ---- User ----

    pub fn get_user(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<models::User, ApiFailure> {
        let (caller, target) = self
            .begin_for(Api::User, creds, id, now)
            .map_err(|e| self.user_api_error(e, id))?;
        if !self.dev(Deviation::AgentActsOnOthers) || caller.supervisor {
            Directory::check_read(&caller, &target)?;
        }
        Ok(self.render_user(&target))
    }

    /// `PUT /User/{id}`: sign in, change state, with or without a reason code (G12.5 p.29–51).
    pub fn put_user(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        body: Result<UserUpdate, String>,
        request_id: Option<String>,
        now: Instant,
    ) -> Result<Accepted, ApiFailure> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        let (caller, target) = self
            .begin_for(Api::User, creds, id, now)
            .map_err(|e| self.user_api_error(e, id))?;
        let access = match Directory::check_write(
            &caller,
            &target,
            self.dev(Deviation::SupervisorAnyTeam),
        ) {
            Err(_) if self.dev(Deviation::AgentActsOnOthers) && !caller.supervisor => Access::Own,
            other => other?,
        };
        let body = match body {
            Err(_) if self.dev(Deviation::MalformedUserBodyAccepted) => {
                return Ok(self.accepted(true));
            }
            other => other.map_err(ApiFailure::bad_request)?,
        };
        let current = self.state_of(&target.id);
        let state = body
            .state
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let reason = body
            .reason_code_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let requested = match state {
            None if self.dev(Deviation::MissingStateAccepted) => return Ok(self.accepted(true)),
            None => return Err(ApiFailure::parameter_missing("state")),
            Some(s) => Requested::parse(s),
        };
        if access == Access::Supervisor {
            let settable = matches!(
                requested,
                Some(Requested::Ready | Requested::NotReady | Requested::Logout)
            );
            if !settable && self.dev(Deviation::SupervisorAnyStateAccepted) {
                return Ok(self.accepted(true));
            }
            let lifts = agent_state::SupervisorLifts {
                reason_with_not_ready: self.dev(Deviation::SupervisorNotReadyReasonAllowed),
                reason_with_others: self.dev(Deviation::SupervisorLogoutReasonAllowed),
                logout_from_any: self.dev(Deviation::SupervisorLogoutFromAnyState),
                not_ready_from_any: self.dev(Deviation::SupervisorNotReadyFromAnyState),
            };
            agent_state::check_supervisor_request_with(
                current,
                requested,
                reason.is_some(),
                lifts,
            )?;
        }
        let Some(requested) = requested else {
            if self.dev(Deviation::InvalidStateValueAccepted) {
                return Ok(self.accepted(true));
            }
            return Err(ApiFailure::invalid_input(
                "state",
                "Invalid State specified for user",
            ));
        };
        if !(self.dev(Deviation::LogoutTwiceAccepted)
            || (access == Access::Supervisor && self.dev(Deviation::SupervisorLogoutFromAnyState)))
        {
            agent_state::check_own_request(current, requested)?;
        }
        let mut extension = None;
        if requested == Requested::Login {
            let ext = body
                .extension
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty());
            extension = match ext {
                Some(e) => Some(e.to_string()),
                None if self.dev(Deviation::SignInWithoutExtensionAccepted) => None,
                None => return Err(ApiFailure::parameter_missing("extension")),
            };
        }
        let mut reason = if access == Access::Supervisor {
            None
        } else {
            reason
        };
        // NOT_READY without a reason code is accepted (COMM) — unless the deviation refuses it
        // while codes are configured (p51 "required if configured").
        if access == Access::Own
            && reason.is_none()
            && requested == Requested::NotReady
            && current != AgentState::Logout
            && self.dev(Deviation::NotReadyRequiresReasonCode)
            && !self
                .codes
                .usable(reason_codes::Category::NotReady, &target.teams())
                .is_empty()
        {
            return Err(ApiFailure::parameter_missing("reasonCodeId"));
        }
        // p46, reference §4.4: a UCCE agent leaving RESERVED_OUTBOUND for NOT_READY must give
        // a reason code while NOT_READY codes are configured. The error is not stated;
        // Parameter Missing is the closest documented one.
        if access == Access::Own
            && reason.is_none()
            && requested == Requested::NotReady
            && current == AgentState::ReservedOutbound
            && self.deployment == Deployment::Ucce
            && !self.dev(Deviation::ReservedOutboundCodeOptional)
            && !self
                .codes
                .usable(reason_codes::Category::NotReady, &target.teams())
                .is_empty()
        {
            return Err(ApiFailure::parameter_missing("reasonCodeId"));
        }
        if let Some(r) = &reason {
            if requested == Requested::Ready && self.dev(Deviation::ReasonCodeWithReadyAccepted) {
                reason = None;
            } else {
                let known =
                    self.codes
                        .check_use(r, requested, &target.teams(), self.lifts_for(true))?;
                if known.is_none() {
                    reason = None;
                }
            }
        }
        self.enqueue(
            now,
            request_id,
            Work::Voice {
                user: target.id.clone(),
                requested,
                access,
                reason,
                extension,
            },
        );
        Ok(self.accepted(true))
    }

    fn render_user(&self, u: &UserDef) -> models::User {
        let voice = self.voice.get(&u.id);
        let state = voice.map(|v| v.state);
        let (reason_code_id, reason_code) = match (state, voice.map(|v| &v.reason)) {
            (Some(AgentState::NotReady | AgentState::Logout), Some(Reason::Code(id))) => {
                (Some(id.clone()), self.codes.get(id).map(render_reason_code))
            }
            // Where the forced code shows is not documented; the mock puts it in both
            // reasonCodeId and ReasonCode/code (README, mock fidelity).
            (Some(AgentState::NotReady), Some(Reason::Forced(code))) => (
                Some(code.to_string()),
                Some(models::ReasonCode {
                    category: Some("NOT_READY".into()),
                    code: Some(code.to_string()),
                    label: Some("Supervisor Initiated".into()),
                    system_code: Some("true".into()),
                    ..Default::default()
                }),
            ),
            (Some(AgentState::NotReady | AgentState::Logout), _)
                if self.dev(Deviation::SignInReasonNotMinusOne) =>
            {
                (None, None)
            }
            (Some(AgentState::NotReady | AgentState::Logout), _) => (Some("-1".into()), None),
            _ => (None, None),
        };
        let team = u.team.as_deref().and_then(|t| self.dir.team(t));
        models::User {
            uri: Some(format!("/finesse/api/User/{}", u.id)),
            login_id: Some(u.id.clone()),
            login_name: Some(u.login_id.clone()),
            first_name: Some(u.first_name.clone()),
            last_name: Some(u.last_name.clone()),
            extension: voice.and_then(|v| v.extension.clone()),
            roles: Some(models::Roles { role: u.roles() }),
            state: state.map(|s| s.as_str().to_string()),
            state_change_time: voice
                .map(|v| humantime::format_rfc3339_millis(v.changed).to_string()),
            pending_state: None,
            reason_code_id,
            reason_code,
            team_id: team.map(|t| t.id.clone()),
            team_name: team.map(|t| t.name.clone()),
            teams: u.supervisor.then(|| models::Teams {
                teams: u
                    .supervises
                    .iter()
                    .filter_map(|t| self.dir.team(t))
                    .map(|t| models::TeamRef {
                        id: Some(t.id.clone()),
                        name: Some(t.name.clone()),
                        uri: Some(format!("/finesse/api/Team/{}", t.id)),
                    })
                    .collect(),
            }),
        }
    }

    // ---- Reason codes ----

    /// `GET /User/{id}/ReasonCodes?category=` (G12.5 p.52–53): the codes this user may use.
    pub fn reason_codes(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        category: Option<&str>,
        now: Instant,
    ) -> Result<models::ReasonCodes, ApiFailure> {
        let (caller, target) = self.begin(creds, id, now)?;
        if !self.dev(Deviation::OtherUsersReasonCodesReadable) {
            check_own_or_admin(&caller, &target)?;
        }
        let teams = if self.dev(Deviation::ReasonCodeListIgnoresTeam) {
            self.dir.teams.iter().map(|t| t.id.clone()).collect()
        } else {
            target.teams()
        };
        // The list API documents 400 Bad Request and Finesse API Error (§2.1 U12); which one a
        // missing category gets is not said: the mock answers Bad Request.
        let raw = match category.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => c,
            None if self.dev(Deviation::ReasonCodesWithoutCategoryAllowed) => "NOT_READY",
            None => {
                return Err(ApiFailure::bad_request(
                    "The category parameter is required (NOT_READY or LOGOUT)",
                ));
            }
        };
        let cat = Category::parse(raw).ok_or_else(|| {
            ApiFailure::invalid_input("category", format!("Invalid category {raw}"))
        })?;
        Ok(models::ReasonCodes {
            category: Some(cat.as_str().into()),
            codes: self
                .codes
                .usable(cat, &teams)
                .into_iter()
                .map(render_reason_code)
                .collect(),
        })
    }

    /// `GET /User/{id}/ReasonCode/{reasonCodeId}` (G12.5 p.52).
    pub fn reason_code(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        code_id: &str,
        now: Instant,
    ) -> Result<models::ReasonCode, ApiFailure> {
        let (caller, target) = self.begin(creds, id, now)?;
        if !self.dev(Deviation::OtherUsersReasonCodesReadable) {
            check_own_or_admin(&caller, &target)?;
        }
        if self.codes.get(code_id).is_none() && self.dev(Deviation::ReasonCodeGetUnknownReturns200)
        {
            return Ok(models::ReasonCode::default());
        }
        let mislabel = self.dev(Deviation::ReasonCodeGetMislabelled);
        let unlabelled = self.dev(Deviation::ReasonCodeWithoutLabel);
        self.codes
            .get(code_id)
            .map(|d| {
                let mut rc = render_reason_code(d);
                if mislabel {
                    rc.category = Some(
                        if d.category == reason_codes::Category::NotReady {
                            "LOGOUT"
                        } else {
                            "NOT_READY"
                        }
                        .into(),
                    );
                }
                if unlabelled {
                    rc.label = None;
                }
                rc
            })
            .ok_or_else(|| {
                ApiFailure::not_found(
                    code_id,
                    format!("ReasonCode does not exist, codeId={code_id}"),
                )
            })
    }

    // ---- Media ----

    fn find_mrd(&self, mrd: &str) -> Result<MrdDef, ApiFailure> {
        self.mrds
            .iter()
            .find(|m| m.id == mrd)
            .cloned()
            .ok_or_else(|| {
                if self.dev(Deviation::UnknownMrdReturns400) {
                    ApiFailure::invalid_input("mrdId", format!("Invalid mrdId {mrd}"))
                        .with_media(mrd)
                } else {
                    ApiFailure::not_found(mrd, format!("Media Routing Domain {mrd} not found"))
                        .with_media(mrd)
                }
            })
    }

    pub fn media_list(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<models::MediaList, ApiFailure> {
        let (caller, target) = self.begin_for(Api::Media, creds, id, now)?;
        Directory::check_own_media(&caller, &target, false)?;
        let listed = if self.dev(Deviation::MediaListEmpty) {
            &[][..]
        } else {
            &self.mrds[..]
        };
        Ok(models::MediaList {
            media: listed
                .iter()
                .map(|m| self.render_media(&target.id, m))
                .collect(),
        })
    }

    pub fn media(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        mrd: &str,
        now: Instant,
    ) -> Result<models::Media, ApiFailure> {
        let (caller, target) = self.begin_for(Api::Media, creds, id, now)?;
        let mrd = self.find_mrd(mrd)?;
        Directory::check_own_media(&caller, &target, false)?;
        Ok(self.render_media(&target.id, &mrd))
    }

    /// `PUT /User/{id}/Media/{mrdId}` (G12.5 p.168–171).
    pub fn put_media(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        mrd: &str,
        body: Result<MediaUpdate, String>,
        request_id: Option<String>,
        now: Instant,
    ) -> Result<Accepted, ApiFailure> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        let (caller, target) = self.begin_for(Api::Media, creds, id, now)?;
        let mrd = self.find_mrd(mrd)?;
        Directory::check_own_media(
            &caller,
            &target,
            self.dev(Deviation::MediaOwnershipNotChecked),
        )
        .map_err(|e| e.with_media(&mrd.id))?;
        let accepted = self.accepted_for(Api::Media);
        let body = match body {
            Ok(b) => b,
            // Accepted and ignored: the body never reaches the model.
            Err(_) if self.dev(Deviation::MalformedMediaBodyAccepted) => return Ok(accepted),
            Err(e) => return Err(ApiFailure::bad_request(e).with_media(&mrd.id)),
        };
        if body.state.as_deref().is_none_or(|s| s.trim().is_empty())
            && self.dev(Deviation::MediaMissingStateAccepted)
        {
            return Ok(accepted);
        }
        let request = media::validate(
            &body,
            &mrd.id,
            self.dev(Deviation::MediaSignInParametersUnchecked),
            self.dev(Deviation::MediaDialogLogoutActionDefaultTransfer),
        )?;
        let ready_with_reason = request.requested == Requested::Ready
            && self.dev(Deviation::MediaReasonWithReadyAccepted);
        match &request.reason_code_id {
            Some(r) if !ready_with_reason => {
                self.codes
                    .check_use(r, request.requested, &target.teams(), self.lifts())
                    .map_err(|e| e.with_media(&mrd.id))?;
            }
            Some(_) => {}
            // p171: the code is required for NOT_READY or LOGOUT when codes are configured for
            // that category; the guide does not name the error, Parameter Missing is the
            // closest documented one.
            None => {
                if let Some(category) = Category::of(request.requested)
                    && !self.codes.usable(category, &target.teams()).is_empty()
                    && !self.dev(Deviation::MediaReasonCodeOptional)
                {
                    return Err(ApiFailure::parameter_missing("reasonCodeId").with_media(&mrd.id));
                }
            }
        }
        self.enqueue(
            now,
            request_id,
            Work::Media {
                user: target.id.clone(),
                mrd: mrd.id.clone(),
                request,
            },
        );
        Ok(accepted)
    }

    fn media_lifts(&self) -> MediaLifts {
        MediaLifts {
            sign_in_ready: self.dev(Deviation::MediaSignInLandsInReady),
            second_sign_in_resets: self.dev(Deviation::MediaSecondSignInResets),
            ready_ignored: self.dev(Deviation::MediaReadyIgnored),
            change_before_sign_in: self.dev(Deviation::MediaChangeBeforeSignInAllowed),
            ready_twice_restamps: self.dev(Deviation::MediaReadyTwiceRestamps),
        }
    }

    fn render_media(&self, user: &str, mrd: &MrdDef) -> models::Media {
        let s = self
            .media
            .get(&(user.to_string(), mrd.id.clone()))
            .cloned()
            .unwrap_or_default();
        let signed_in = s.state != MediaState::Logout;
        models::Media {
            uri: Some(format!("/finesse/api/User/{user}/Media/{}", mrd.id)),
            id: Some(mrd.id.clone()),
            name: Some(mrd.name.clone()),
            description: Some(mrd.description.clone()),
            state: Some(s.state.as_str().into()),
            state_change_time: s
                .changed
                .map(|t| humantime::format_rfc3339_millis(t).to_string()),
            reason_code_id: s.reason_code_id.clone(),
            reason_code: s
                .reason_code_id
                .as_deref()
                .and_then(|id| self.codes.get(id))
                .map(render_reason_code),
            max_dialog_limit: s.max_dialog_limit.map(|l| l.to_string()),
            interrupt_action: s.interrupt_action.clone(),
            dialog_logout_action: s.dialog_logout_action.clone(),
            interruptible: Some("false".into()),
            routable: Some(signed_in.to_string()),
        }
    }

    // ---- asynchronous processing ----

    fn enqueue(&mut self, now: Instant, request_id: Option<String>, work: Work) {
        self.queue.push_back(Pending {
            due: now + self.delay,
            request_id,
            work,
        });
    }

    /// Applies, in order, every accepted request whose processing delay has passed, and the
    /// wrap-up timers that expired meanwhile.
    /// Each step is published as it lands, so that a notification carries the requestId
    /// of the request that caused it and none for what changed by itself.
    pub fn advance(&mut self, now: Instant) {
        // Changes made outside queued work (faults, the dialer endpoints) are unsolicited.
        self.publish(None);
        while self.queue.front().is_some_and(|p| p.due <= now) {
            if let Some(p) = self.queue.pop_front() {
                self.expire_wrap_ups(p.due);
                self.publish(None);
                self.clock = p.due;
                let request_id = p.request_id.clone();
                self.process(p);
                self.publish(request_id.as_deref());
            }
        }
        self.clock = self.clock.max(now);
        self.expire_wrap_ups(now);
        self.publish(None);
    }

    /// A user still in WORK or WORK_READY when its timer runs out moves on (reference §4.4).
    fn expire_wrap_ups(&mut self, now: Instant) {
        let due: Vec<(String, AgentState)> = self
            .wrap_ups
            .iter()
            .filter(|(_, (at, _))| *at <= now)
            .map(|(u, (_, to))| (u.clone(), *to))
            .collect();
        for (user, to) in due {
            self.touch();
            self.wrap_ups.remove(&user);
            if let Some(v) = self.voice.get_mut(&user)
                && matches!(v.state, AgentState::Work | AgentState::WorkReady)
            {
                v.state = to;
                if to != AgentState::NotReady {
                    v.reason = Reason::None;
                }
                v.changed = SystemTime::now();
            }
        }
    }

    fn process(&mut self, p: Pending) {
        self.touch();
        match p.work {
            Work::Voice {
                user,
                requested,
                access,
                reason,
                extension,
            } => {
                let source = format!("/finesse/api/User/{user}");
                if let Some(refusal) = self.device_refusal(requested, extension.as_deref()) {
                    self.record_async_error(AsyncError {
                        at: Instant::now(),
                        user,
                        source,
                        request_id: p.request_id,
                        error_type: refusal.cti.error_type.into(),
                        error_message: refusal.cti.constant.into(),
                        error_data: refusal.cti.code.into(),
                        error_media: None,
                        peripheral: refusal.peripheral,
                    });
                } else if let Err(cti) =
                    self.apply_voice(&user, requested, access, reason, extension)
                {
                    self.record_async(user, source, p.request_id, cti, None);
                }
            }
            Work::Media { user, mrd, request } => {
                let key = (user.clone(), mrd.clone());
                let session = self.media.get(&key).cloned().unwrap_or_default();
                match media::apply(&session, &request, self.media_lifts()) {
                    Ok(Some(mut next)) => {
                        next.changed = Some(SystemTime::now());
                        self.media.insert(key, next);
                    }
                    Ok(None) => {}
                    Err(cti) => {
                        let source = format!("/finesse/api/User/{user}/Media/{mrd}");
                        self.record_async(user, source, p.request_id, cti, Some(mrd));
                    }
                }
            }
            Work::Dialog(work) => self.apply_dialog(work, p.request_id),
        }
    }

    /// The agent table (§4.2–4.3), with the rules that switched-on deviations break.
    fn own_transition(
        &self,
        from: AgentState,
        requested: Requested,
        with_reason: bool,
    ) -> Transition {
        use AgentState as S;
        let dev = |d| self.dev(d);
        match (requested, from) {
            (Requested::Login, S::Logout) if dev(Deviation::SignInLandsInReady) => {
                Transition::To(S::Ready)
            }
            (Requested::NotReady, S::Logout) if dev(Deviation::NotReadyFromLogoutAllowed) => {
                Transition::To(S::NotReady)
            }
            (Requested::Ready, S::Logout) if dev(Deviation::ReadyFromLogoutAllowed) => {
                Transition::To(S::Ready)
            }
            // The CTI code of this refusal differs per platform (§4.5).
            (Requested::NotReady, S::Logout) if dev(Deviation::LogoutToNotReadyWrongCode) => {
                Transition::Rejected(match self.deployment {
                    Deployment::Ucce => agent_state::CCX_LOGOUT_TO_NOT_READY,
                    Deployment::Uccx => agent_state::CCE_LOGOUT_TO_NOT_READY,
                })
            }
            (Requested::Ready, S::NotReady) if dev(Deviation::ReadyFromNotReadyIgnored) => {
                Transition::Unchanged
            }
            (Requested::NotReady, S::Ready)
                if !with_reason && dev(Deviation::NotReadyWithoutReasonIgnored) =>
            {
                Transition::Unchanged
            }
            (Requested::Logout, S::NotReady)
                if !with_reason && dev(Deviation::LogoutWithoutReasonIgnored) =>
            {
                Transition::Unchanged
            }
            (Requested::Logout, S::Ready)
                if self.deployment == Deployment::Uccx
                    && dev(Deviation::UccxLogoutFromReadyRefused) =>
            {
                Transition::Rejected(agent_state::CF_INVALID_OBJECT_STATE)
            }
            _ => agent_state::own_transition(
                self.deployment,
                from,
                requested,
                dev(Deviation::CceLogoutFromReady),
            ),
        }
    }

    /// The supervisor rules' outcome (p.47), with the rules that deviations break.
    fn supervisor_transition(&self, from: AgentState, requested: Requested) -> Transition {
        match (requested, from) {
            (Requested::Ready, _) if self.dev(Deviation::SupervisorReadyIgnored) => {
                Transition::Unchanged
            }
            (Requested::NotReady, AgentState::NotReady | AgentState::Logout)
                if self.dev(Deviation::SupervisorNotReadyFromAnyState) =>
            {
                Transition::To(AgentState::NotReady)
            }
            _ => agent_state::supervisor_transition(self.deployment, from, requested),
        }
    }

    /// Applies an accepted User state request; Err is the asynchronous CTI failure.
    fn apply_voice(
        &mut self,
        user: &str,
        requested: Requested,
        access: Access,
        reason: Option<String>,
        extension: Option<String>,
    ) -> Result<(), CtiError> {
        let Some(current) = self.voice.get(user).cloned() else {
            return Ok(());
        };
        // On a call, the agent's own READY/NOT_READY is the state after the call (§4.2).
        if access == Access::Own && self.in_call_context(user) {
            return self.request_during_call(user, requested, reason);
        }
        let transition = match access {
            Access::Own => self.own_transition(current.state, requested, reason.is_some()),
            Access::Supervisor => self.supervisor_transition(current.state, requested),
        };
        let to = match transition {
            Transition::To(to) => to,
            Transition::Unchanged => return Ok(()),
            Transition::Rejected(cti) => return Err(cti),
        };
        let forced_again = self.dev(Deviation::SupervisorNotReadyFromAnyState);
        let reason = match (to, access) {
            (AgentState::NotReady, Access::Supervisor)
                if current.state != AgentState::NotReady || forced_again =>
            {
                if self.dev(Deviation::SupervisorNotReadyWithoutHardcodedCode) {
                    Reason::None
                } else {
                    Reason::Forced(agent_state::supervisor_not_ready_code(self.deployment))
                }
            }
            (AgentState::NotReady | AgentState::Logout, _) => {
                let global = reason
                    .as_deref()
                    .and_then(|r| self.codes.get(r))
                    .is_some_and(|d| d.for_all);
                if global
                    && to == AgentState::NotReady
                    && self.dev(Deviation::GlobalReasonCodeNotRecorded)
                {
                    Reason::None
                } else {
                    reason.map(Reason::Code).unwrap_or(Reason::None)
                }
            }
            _ => Reason::None,
        };
        if to == AgentState::Logout {
            // A supervisor may sign out a user who is on a call; the calls end with it.
            self.drop_user_calls(user);
            // Voice sign-out signs the user out of every MRD (G12.5 p.188).
            if !self.dev(Deviation::VoiceLogoutKeepsMrds) {
                for ((u, _), session) in self.media.iter_mut() {
                    if u == user {
                        *session = MediaSession {
                            changed: Some(SystemTime::now()),
                            ..MediaSession::default()
                        };
                    }
                }
            }
        }
        let extension = if to == AgentState::Logout {
            None
        } else {
            extension.or(current.extension)
        };
        let voice = Voice {
            state: to,
            reason,
            extension,
            changed: SystemTime::now(),
            before_call: None,
            pending: None,
            talked: false,
        };
        self.voice.insert(user.to_string(), voice);
        Ok(())
    }

    /// A sign-in whose extension names no phone fails once processed, and the user's state
    /// stays as it was (G12.5 p30; see [`devices`]).
    fn device_refusal(
        &self,
        requested: Requested,
        extension: Option<&str>,
    ) -> Option<devices::DeviceRefusal> {
        let unknown = requested == Requested::Login
            && extension.is_some_and(|e| !self.devices.knows(e))
            && !self.dev(Deviation::UnknownExtensionSignsIn);
        unknown.then(|| devices::invalid_device(self.deployment))
    }

    fn record_async(
        &mut self,
        user: String,
        source: String,
        request_id: Option<String>,
        cti: CtiError,
        media: Option<String>,
    ) {
        let error = AsyncError {
            at: Instant::now(),
            user,
            source,
            request_id,
            error_type: cti.error_type.into(),
            error_message: cti.constant.into(),
            error_data: cti.code.into(),
            error_media: media,
            peripheral: None,
        };
        self.record_async_error(error);
    }

    fn record_async_error(&mut self, error: AsyncError) {
        self.publish_async_error(&error);
        self.async_errors.push(error);
    }
}

/// Reason-code APIs: a user reads its own; admins may read anyone's (reference §4.7).
fn check_own_or_admin(caller: &UserDef, target: &UserDef) -> Result<(), ApiFailure> {
    if caller.id == target.id || caller.admin {
        Ok(())
    } else {
        Err(ApiFailure::not_this_user(&target.id))
    }
}

fn render_reason_code(d: &reason_codes::ReasonCodeDef) -> models::ReasonCode {
    models::ReasonCode {
        uri: Some(format!("/finesse/api/ReasonCode/{}", d.id)),
        id: None,
        category: Some(d.category.as_str().into()),
        code: Some(d.code.clone()),
        label: Some(d.label.clone()),
        for_all: Some(d.for_all.to_string()),
        system_code: Some(d.system.to_string()),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_calls;
#[cfg(test)]
mod tests_dialog_rules;
#[cfg(test)]
mod tests_outbox;
#[cfg(test)]
mod tests_sso;
