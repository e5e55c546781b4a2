//! The World: one scenario's leased identities, client, last response and what it changed,
//! with the helpers that steps share (send, read state, drive to a state, wait).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cucumber::World;
use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard};

use crate::domain::verdict::{self, Cause};
use crate::finesse::models::{self, MediaUpdate, UserUpdate};
use crate::finesse::xmpp::NotificationClient;
use crate::finesse::{ClientError, Credentials, FinesseClient, Request, Response};
use crate::profile::Identity;
use crate::scenario::context::RunContext;
use crate::scenario::faults::{Fault, HookError};
use crate::scenario::lease::Lease;
use crate::scenario::needs;

mod states;

/// A failed step: one line that says what was expected and what happened, and, when the
/// step knows it, why (a broken precondition, a broken lab, a finding); see domain::verdict.
#[derive(Debug, Clone)]
pub(crate) struct StepError {
    pub(crate) message: String,
    pub(crate) cause: Option<Cause>,
}

impl StepError {
    /// A failure whose meaning follows from the step's kind (a `Then` step's is a finding).
    pub(crate) fn new(message: impl Into<String>) -> Self {
        StepError {
            message: message.into(),
            cause: None,
        }
    }

    /// The scenario could not be set up (inconclusive wherever it happens).
    pub(crate) fn precondition(message: impl Into<String>) -> Self {
        StepError::new(message).because(Cause::Precondition)
    }

    /// The harness or the target's infrastructure broke (an error wherever it happens).
    pub(crate) fn infrastructure(message: impl Into<String>) -> Self {
        StepError::new(message).because(Cause::Infrastructure)
    }

    /// States the cause, unless one is known already (the innermost cause wins).
    pub(crate) fn because(mut self, cause: Cause) -> Self {
        self.cause.get_or_insert(cause);
        self
    }
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cause {
            Some(c) => f.write_str(&verdict::tag(c, &self.message)),
            None => f.write_str(&self.message),
        }
    }
}

impl From<ClientError> for StepError {
    fn from(e: ClientError) -> Self {
        // A body that is not the document the guide promises is Finesse's doing; everything
        // else means no answer came (or the harness refused to send), which says nothing
        // about Finesse's behaviour.
        let cause = match &e {
            ClientError::NotXml { .. } => None,
            // The harness holds no token the target takes: the scenario cannot be set up,
            // as with wrong credentials.
            ClientError::Token { .. } => Some(Cause::Precondition),
            _ => Some(Cause::Infrastructure),
        };
        StepError {
            message: e.to_string(),
            cause,
        }
    }
}

/// The hook is the lab's fault switch and dialer: when it fails, the scenario never reached
/// what it tests, whatever the step.
impl From<HookError> for StepError {
    fn from(e: HookError) -> Self {
        StepError::precondition(e.to_string())
    }
}

impl From<String> for StepError {
    fn from(e: String) -> Self {
        StepError::new(e)
    }
}

pub(crate) type StepResult = Result<(), StepError>;

pub(super) fn fail<T>(msg: impl Into<String>) -> Result<T, StepError> {
    Err(StepError::new(msg))
}

/// The test identities a scenario talks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Agent,
    SecondAgent,
    Supervisor,
    SecondSupervisor,
    OtherTeamAgent,
    WrapUpAgent,
    MobileAgent,
}

impl Role {
    pub(crate) fn parse(s: &str) -> Result<Role, StepError> {
        match s.trim().trim_start_matches("the ").trim_end_matches("'s") {
            "agent" | "their" => Ok(Role::Agent),
            "second agent" => Ok(Role::SecondAgent),
            "supervisor" => Ok(Role::Supervisor),
            "second supervisor" => Ok(Role::SecondSupervisor),
            "other-team agent" => Ok(Role::OtherTeamAgent),
            "wrap-up agent" => Ok(Role::WrapUpAgent),
            "mobile agent" => Ok(Role::MobileAgent),
            other => fail(format!("unknown role \"{other}\" in the step")),
        }
    }
}

pub(crate) enum Hold {
    Shared(#[allow(dead_code)] OwnedRwLockReadGuard<()>),
    Exclusive(#[allow(dead_code)] OwnedRwLockWriteGuard<()>),
}

#[derive(Default, World)]
pub(crate) struct FinesseWorld {
    pub(crate) ctx: Option<Arc<RunContext>>,
    pub(crate) client: Option<FinesseClient>,
    pub(crate) roles: HashMap<Role, Identity>,
    pub(crate) leases: Vec<Lease>,
    pub(crate) hold: Option<Hold>,
    /// State of each user before this scenario first changed it.
    pub(crate) voice_baseline: Vec<(Identity, String)>,
    /// (user, mrd, state) before this scenario first changed it.
    pub(crate) media_baseline: Vec<(Identity, String, String)>,
    pub(crate) faults: Vec<Fault>,
    pub(crate) last: Option<Response>,
    pub(crate) last_request_id: Option<String>,
    /// Calls this scenario set up or acted on, oldest first (dialog ids).
    pub(crate) calls: Vec<String>,
    /// Silent monitoring sessions this scenario started (dialog ids).
    pub(crate) monitors: Vec<String>,
    /// Users a preview reservation was placed on (the cleanup withdraws what is left).
    pub(crate) reserved: Vec<Identity>,
    /// A value a step noted for a later step to compare against (e.g. a stateChangeTime).
    pub(crate) noted: Option<String>,
    /// Accepted writes whose outcome no step has observed yet: (user, MRD or none for voice,
    /// state before the write). The cleanup lets them land before it restores states, so
    /// that a late change cannot reach the next scenario that leases the same user.
    pub(crate) unsettled: std::sync::Mutex<Vec<(Identity, Option<String>, String)>>,
    /// A dialog request was accepted (202): a call may still be coming when the cleanup
    /// looks for calls to end.
    pub(crate) dialog_write: bool,
    /// A non-GET dialog request was sent, whatever its answer (see `touched_dialogs`).
    pub(crate) dialog_requested: std::sync::atomic::AtomicBool,
    /// The notification connection of each user of the scenario (by user id), when the
    /// scenario checks notifications and the target has an endpoint.
    pub(crate) notifiers: HashMap<String, Arc<NotificationClient>>,
    /// How many notifications each connection (by user id) had when the scenario began.
    pub(crate) notify_marks: HashMap<String, usize>,
    /// Each connection's mark (by user id) just before the scenario's last request was sent,
    /// with that request's path and body: its notifications come after the mark.
    pub(crate) request_marks: HashMap<String, usize>,
    pub(crate) last_request: Option<(String, Option<String>)>,
    /// Each connected user's state (by user id) read just before the scenario's last dialog
    /// write: a notification that shows it afterwards is no change the write made.
    pub(crate) states_before: HashMap<String, String>,
    /// Nodes this scenario subscribed to explicitly; the cleanup unsubscribes them.
    pub(crate) subscriptions: Vec<(Arc<NotificationClient>, String)>,
    /// The agent's team id once read (Team and TeamResource steps); a fault switch reads it
    /// beforehand, so that steps under the fault need no User read to find the team.
    pub(crate) agent_team: Option<String>,
}

impl fmt::Debug for FinesseWorld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let roles: Vec<String> = self
            .roles
            .iter()
            .map(|(r, i)| format!("{r:?}={}", i.id))
            .collect();
        f.debug_struct("FinesseWorld")
            .field("roles", &roles)
            .field("last_status", &self.last.as_ref().map(|r| r.status))
            .finish()
    }
}

pub(super) fn creds(id: &Identity) -> Credentials {
    Credentials::of(id)
}

/// Credentials of a user name the target does not know (the profile's unknown user id) with a
/// random password, so that no real account collects a bad-password strike. On an SSO profile,
/// a made-up Bearer token instead: an SSO lab refuses Basic whatever the password.
pub(super) fn unknown_credentials(w: &FinesseWorld) -> Result<Credentials, StepError> {
    let ctx = w.ctx()?;
    let user = ctx.profile.test_data.unknown_user_id.clone();
    let made_up = crate::profile::Secret::new(crate::finesse::client::new_request_id());
    Ok(match ctx.profile.auth_mode() {
        crate::profile::AuthMode::Sso => Credentials::bearer(user, made_up),
        _ => Credentials::basic(user, made_up),
    })
}

pub(super) fn user_path(id: &str) -> String {
    format!("/finesse/api/User/{id}")
}

pub(super) fn media_path(id: &str, mrd: &str) -> String {
    format!("/finesse/api/User/{id}/Media/{mrd}")
}

pub(super) fn user_body(update: &UserUpdate) -> Result<String, StepError> {
    models::to_xml("User", update)
        .map_err(|e| StepError::infrastructure(format!("cannot build the User body: {e}")))
}

pub(super) fn media_body(update: &MediaUpdate) -> Result<String, StepError> {
    models::to_xml("Media", update)
        .map_err(|e| StepError::infrastructure(format!("cannot build the Media body: {e}")))
}

impl FinesseWorld {
    pub(crate) fn ctx(&self) -> Result<Arc<RunContext>, StepError> {
        self.ctx.clone().ok_or_else(|| {
            StepError::infrastructure(
                "the scenario has no run context (the setup hook did not run)",
            )
        })
    }

    fn client(&self) -> Result<FinesseClient, StepError> {
        self.client.clone().ok_or_else(|| {
            StepError::infrastructure("the scenario has no client (the setup hook did not run)")
        })
    }

    pub(crate) fn id(&self, role: Role) -> Result<Identity, StepError> {
        self.roles
            .get(&role)
            .cloned()
            .ok_or_else(|| StepError::infrastructure(format!("no identity leased for {role:?}")))
    }

    /// The profile's administrator (users.admin); a precondition when it names none.
    pub(crate) fn admin(&self) -> Result<Identity, StepError> {
        self.ctx()?
            .profile
            .users
            .admin
            .clone()
            .ok_or_else(|| StepError::precondition("the profile names no users.admin"))
    }

    /// A test-data reason code's database id, e.g. ("NOT_READY", "team").
    pub(crate) fn code(&self, category: &str, kind: &str) -> Result<String, StepError> {
        let ctx = self.ctx()?;
        needs::code_id(&ctx.profile, category, kind)
            .map(str::to_string)
            .ok_or_else(|| {
                StepError::precondition(format!(
                    "the profile sets no {kind} {category} reason code (test_data.reason_codes)"
                ))
            })
    }

    /// The reason code a step names, or none when it names none (`kind` empty).
    pub(crate) fn optional_code(
        &self,
        category: &str,
        kind: &str,
    ) -> Result<Option<String>, StepError> {
        if kind.is_empty() {
            return Ok(None);
        }
        self.code(category, kind).map(Some)
    }

    /// Checks that the reason code id read from `on` is the profile's `kind` `category` code.
    pub(crate) fn expect_code(
        &self,
        (category, kind): (&str, &str),
        got: Option<&str>,
        on: &str,
    ) -> StepResult {
        let expected = self.code(category, kind)?;
        let id = got.map(str::trim).unwrap_or("");
        if id != expected {
            return fail(format!(
                "expected reasonCodeId {expected} ({kind} {category}) on {on}, got \"{id}\""
            ));
        }
        Ok(())
    }

    pub(crate) fn mrd(&self) -> Result<String, StepError> {
        let ctx = self.ctx()?;
        ctx.profile
            .test_data
            .mrd
            .as_ref()
            .map(|m| m.valid.clone())
            .ok_or_else(|| StepError::precondition("the profile sets no test_data.mrd"))
    }

    pub(crate) fn last(&self) -> Result<&Response, StepError> {
        self.last
            .as_ref()
            .ok_or_else(|| StepError::infrastructure("no request has been sent in this scenario"))
    }

    /// Sends a request that the scenario is about; it becomes "the response".
    pub(crate) async fn send(&mut self, req: Request) -> Result<&Response, StepError> {
        self.last_request_id = req.request_id.clone();
        self.states_before = self.states_before_dialog_write(&req).await;
        self.request_marks = self
            .notifiers
            .iter()
            .map(|(id, c)| (id.clone(), c.mark()))
            .collect();
        self.last_request = Some((req.path.clone(), req.body.clone()));
        self.mark_dialog_request(&req);
        let dialog = req.path.contains("/Dialog");
        let resp = self.client()?.send(req).await?;
        self.dialog_write |= dialog && resp.status == 202;
        Ok(self.last.insert(resp))
    }

    /// Sends a helper request (reads, setup, cleanup) that does not replace "the response".
    pub(crate) async fn send_quietly(&self, req: Request) -> Result<Response, StepError> {
        self.mark_dialog_request(&req);
        Ok(self.client()?.send(req).await?)
    }

    /// The states of the users with a notification connection, when `req` is a dialog write:
    /// a dialog action asks their User nodes for no state, so only what they were before tells
    /// a change it makes from a late delivery of an earlier one (see
    /// `SentRequest::shows_asked_change`). Reads that fail leave a user out.
    async fn states_before_dialog_write(&self, req: &Request) -> HashMap<String, String> {
        let mut states = HashMap::new();
        if req.method == reqwest::Method::GET || !req.path.contains("/Dialog") {
            return states;
        }
        for who in self.roles.values() {
            if self.notifiers.contains_key(&who.id)
                && !states.contains_key(&who.id)
                && let Ok(state) = self.state_of(who).await
            {
                states.insert(who.id.clone(), state);
            }
        }
        states
    }

    /// Remembers that a dialog was asked for (a call, a monitor, an action on one), so that
    /// the cleanup knows to look for calls.
    fn mark_dialog_request(&self, req: &Request) {
        if req.method != reqwest::Method::GET && req.path.contains("/Dialog") {
            self.dialog_requested
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Whether this scenario may have left a call, a monitor or a reservation behind.
    pub(crate) fn touched_dialogs(&self) -> bool {
        self.dialog_requested
            .load(std::sync::atomic::Ordering::Relaxed)
            || self.dialog_write
            || !self.calls.is_empty()
            || !self.monitors.is_empty()
            || !self.reserved.is_empty()
    }

    pub(crate) fn note(&self, text: impl Into<String>) {
        if let Some(c) = &self.client {
            c.log().note(text);
        }
    }

    // ---- waiting ----

    /// Polls `read` until the state meets `expect`: for `Becomes`, until it equals the state
    /// or the async deadline passes; for `Stays`, for the settle window, failing at the first
    /// other state. `what` names the state in messages, e.g. "1001's state". Returns the
    /// state last read.
    ///
    /// With a `wake`, the reads in between wait for a notification on its node (up to
    /// [`POLL_SPREAD`] poll intervals) rather than one poll interval: the read after it sees
    /// the change, and a target whose notification is lost is still read at the deadline.
    pub(crate) async fn watch<F, Fut>(
        &self,
        what: &str,
        expect: Expect<'_>,
        wake: Option<Wake>,
        read: F,
    ) -> Result<String, StepError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<String, StepError>>,
    {
        let ctx = self.ctx()?;
        let t = &ctx.profile.timeouts;
        let start = Instant::now();
        let deadline = match expect {
            Expect::Stays(_) => t.settle,
            _ => t.async_outcome,
        };
        loop {
            let mark = mark_of(wake.as_ref());
            let state = read().await?;
            match expect {
                Expect::Becomes(e) if state == e => return Ok(state),
                Expect::Leaves(e) if state != e => return Ok(state),
                Expect::Stays(e) if state != e => {
                    return fail(format!(
                        "expected {what} to stay {e}, but it was {state} after {} ms",
                        start.elapsed().as_millis()
                    ));
                }
                Expect::Stays(_) if start.elapsed() >= deadline => return Ok(state),
                Expect::Leaves(e) if start.elapsed() >= t.async_outcome => {
                    return fail(format!(
                        "waited {} for {what} to change from {e}; it did not",
                        humantime::format_duration(round_ms(t.async_outcome))
                    ));
                }
                Expect::Becomes(e) if start.elapsed() >= t.async_outcome => {
                    return fail(format!(
                        "waited {} for {what} to become {e}; it stayed {state}",
                        humantime::format_duration(round_ms(t.async_outcome))
                    ));
                }
                _ => {
                    let left = deadline.saturating_sub(start.elapsed());
                    pause(wake.as_ref(), mark, t.poll_interval, left).await;
                }
            }
        }
    }

    /// After a write made when the state was `from` (with `mark` taken before it): waits
    /// for the write's notification, or one poll interval, then watches the state leave
    /// `from`. Returns the state it went to. Reading at once would only see `from` again.
    pub(crate) async fn moves_on<F, Fut>(
        &self,
        what: &str,
        from: &str,
        wake: Option<Wake>,
        mark: usize,
        read: F,
    ) -> Result<String, StepError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<String, StepError>>,
    {
        let t = &self.ctx()?.profile.timeouts;
        pause(wake.as_ref(), mark, t.poll_interval, t.async_outcome).await;
        self.watch(what, Expect::Leaves(from), wake, read).await
    }

    /// Wakes a watch of `who`'s node `below` its User node ("", "/Dialogs", "/Media/1"),
    /// when `who` has a notification connection in this scenario.
    pub(crate) fn waker(&self, who: &Identity, below: &str) -> Option<Wake> {
        self.notifiers.get(&who.id).map(|c| Wake {
            client: c.clone(),
            node: format!("{}{below}", user_path(&who.id)),
        })
    }

    /// The identity acting and the one acted on: `whose` is "their" or a role's possessive.
    pub(crate) fn actor_and_target(
        &self,
        actor: &str,
        whose: &str,
    ) -> Result<(Identity, Identity), StepError> {
        let actor = self.id(Role::parse(actor)?)?;
        let target = if whose == "their" {
            actor.clone()
        } else {
            self.id(Role::parse(whose)?)?
        };
        Ok((actor, target))
    }
}

/// What [`FinesseWorld::watch`] expects of a state.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Expect<'a> {
    Becomes(&'a str),
    Stays(&'a str),
    /// Any state but this one, within the async deadline.
    Leaves(&'a str),
}

impl<'a> Expect<'a> {
    /// From a step's "becomes" or "stays".
    pub(crate) fn from_word(word: &str, state: &'a str) -> Expect<'a> {
        if word == "stays" {
            Expect::Stays(state)
        } else {
            Expect::Becomes(state)
        }
    }
}

pub(super) fn reason_code_path(user: &str, id: &str) -> String {
    format!("{}/ReasonCode/{id}", user_path(user))
}

fn round_ms(d: Duration) -> Duration {
    Duration::from_millis(d.as_millis().try_into().unwrap_or(u64::MAX))
}

/// How many poll intervals a watch with a [`Wake`] may wait for a notification between
/// two reads. Bounded, so a lost notification costs a read, not the deadline.
pub(super) const POLL_SPREAD: u32 = 8;

/// A notification node whose notifications mean a watched state may have changed.
pub(crate) struct Wake {
    client: Arc<NotificationClient>,
    node: String,
}

/// Where the next read starts: notifications from here on wake the pause after it.
pub(super) fn mark_of(wake: Option<&Wake>) -> usize {
    wake.map_or(0, |w| w.client.mark())
}

/// Waits between two reads of a watch, never past `left`: for a notification on `wake`'s
/// node since `mark` (at most POLL_SPREAD polls), else one poll interval.
pub(super) async fn pause(wake: Option<&Wake>, mark: usize, poll: Duration, left: Duration) {
    match wake.filter(|w| w.client.ended().is_none()) {
        Some(w) => {
            w.client
                .arrives_on(mark, &w.node, (poll * POLL_SPREAD).min(left))
                .await;
        }
        None => tokio::time::sleep(poll.min(left)).await,
    }
}
