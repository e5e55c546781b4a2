//! Calls in the model: MAKE_CALL, ANSWER, HOLD, RETRIEVE, DROP, silent monitor, barge and
//! preview reservations (reference §6, G12.5 p.80–110). Requests are checked here
//! synchronously; their effects are applied after the processing delay, in `apply`.

use std::time::Instant;

use super::agent_state::{AgentState, Requested};
use super::call_states;
use super::dialogs::{
    Action, Dialog, DialogKind, DialogState, Participant, ParticipantState, allowed_actions,
};
use super::directory::{Directory, UserDef};
use super::errors::{ApiFailure, CtiError};
use super::supervision::{self, BargeFacts, BargeLifts};
use super::{Accepted, Api, Credential, Finesse, Reason, Voice, Work};
use crate::deviations::Deviation;
use crate::documents::{self as models, DialogRequest};
use finesse_protocol::Deployment;

/// A number that routes calls to a READY agent of a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialedNumber {
    pub number: String,
    pub team: String,
}

/// A dialog request that passed synchronous checks, applied after the processing delay.
#[derive(Debug, Clone)]
pub enum DialogWork {
    Make {
        caller: String,
        from: String,
        to: String,
    },
    Act {
        dialog: u64,
        action: Action,
        extension: String,
        /// CONSULT_CALL's toAddress.
        to: Option<String>,
    },
    Monitor {
        supervisor: String,
        agent: String,
    },
    Barge {
        supervisor: String,
        agent: String,
        call: u64,
        monitor: Option<u64>,
    },
}

/// The async error for an action that is not in the participant's actions list (p.109).
const NOT_ALLOWED: CtiError = CtiError {
    error_type: "Generic Error",
    code: "",
    constant: "The action is not allowed in the participant's state",
};
/// A call whose destination is not a known device.
const BAD_DESTINATION: &str = "BAD_DESTINATION";
/// The simulated Outbound Option / Direct Preview dialer port (reference §6.6).
const DIALER_PORT: &str = "7001";

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Finesse {
    /// The signed-in user on `extension`, if any.
    fn user_on(&self, extension: &str) -> Option<UserDef> {
        let id = self
            .voice
            .iter()
            .find(|(_, v)| v.extension.as_deref() == Some(extension))
            .map(|(id, _)| id.clone())?;
        self.dir.user(&id).cloned()
    }

    fn extension_of(&self, user: &str) -> Option<String> {
        self.voice.get(user).and_then(|v| v.extension.clone())
    }

    fn live_dialogs_of(&self, extension: &str) -> impl Iterator<Item = &Dialog> {
        self.dialogs
            .values()
            .filter(move |d| !d.is_over() && d.involves(extension))
    }

    /// Whether `user` takes part in any live dialog (so state requests become pending).
    pub(super) fn in_call_context(&self, user: &str) -> bool {
        self.extension_of(user)
            .is_some_and(|ext| self.live_dialogs_of(&ext).next().is_some())
    }

    /// On a routed call as the agent it was routed to (the caller who dialled the number is on
    /// an ordinary call).
    pub(super) fn in_icd_call(&self, user: &str) -> bool {
        self.extension_of(user).is_some_and(|ext| {
            self.live_dialogs_of(&ext)
                .any(|d| d.is_icd() && d.from_address != ext)
        })
    }

    // ---- reads ----

    /// `GET /User/{id}/Dialogs`: the live dialogs the user takes part in.
    pub fn user_dialogs(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<models::Dialogs, ApiFailure> {
        let (caller, target) = self.begin(creds, id, now)?;
        Directory::check_read(&caller, &target)?;
        if self.faults.dialogs_unreadable {
            return Err(ApiFailure::internal(
                "the Dialogs list cannot be read (mock fault)",
            ));
        }
        let dialogs = match self.extension_of(&target.id) {
            Some(ext) => self
                .live_dialogs_of(&ext)
                .map(|d| self.render_dialog(d))
                .collect(),
            None => Vec::new(),
        };
        Ok(models::Dialogs { dialogs })
    }

    /// `GET /Dialog/{id}` (G12.5 p.80). Participants, their supervisors and admins may read
    /// it; who else may is not documented, so the mock refuses with 401.
    pub fn dialog(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<models::Dialog, ApiFailure> {
        self.advance(now);
        self.check_service()?;
        let caller = self.authenticate(creds, now)?;
        let dialog = match self.live_dialog(id) {
            Err(_) if self.dev(Deviation::UnknownDialogReturns400) => {
                return Err(ApiFailure::invalid_input(
                    "dialogId",
                    format!("Invalid dialog id {id}"),
                ));
            }
            d => d?,
        };
        let allowed = caller.admin
            || dialog
                .live_participants()
                .filter_map(|p| p.user.as_deref())
                .filter_map(|u| self.dir.user(u))
                .any(|u| Directory::check_read(&caller, u).is_ok());
        if !allowed {
            return Err(ApiFailure::not_this_user(&caller.id));
        }
        Ok(self.render_dialog(dialog))
    }

    fn live_dialog(&self, id: &str) -> Result<&Dialog, ApiFailure> {
        id.trim()
            .parse::<u64>()
            .ok()
            .and_then(|n| self.dialogs.get(&n))
            .filter(|d| !d.is_over())
            .ok_or_else(ApiFailure::dialog_not_found)
    }

    // ---- writes ----

    /// `POST /User/{id}/Dialogs`: MAKE_CALL, SILENT_MONITOR or BARGE_CALL (G12.5 p.80–102).
    pub fn post_dialog(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        body: Result<DialogRequest, String>,
        request_id: Option<String>,
        now: Instant,
    ) -> Result<Accepted, ApiFailure> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        let (caller, target) = self.begin_for(Api::Dialog, creds, id, now)?;
        // Credentials and the URI must name the same user (p.32).
        let caller = if caller.id == target.id || self.dev(Deviation::DialogForOtherUserAllowed) {
            target
        } else {
            return Err(ApiFailure::not_this_user(&target.id));
        };
        let body = body.map_err(ApiFailure::bad_request)?;
        let action = present(&body.requested_action)
            .ok_or_else(|| ApiFailure::parameter_missing("requestedAction"))?;
        let action = Action::parse(action)
            .filter(|a| a.creates_dialog())
            .ok_or_else(|| {
                ApiFailure::invalid_input(
                    "requestedAction",
                    format!("Invalid requestedAction {action}"),
                )
            })?;
        // An administrator has no device: no calls, monitoring or barge (§6.5).
        if caller.admin && !caller.supervisor && !self.dev(Deviation::AdminMayBarge) {
            return Err(ApiFailure::not_this_user(&caller.id));
        }
        let from = present(&body.from_address)
            .ok_or_else(|| ApiFailure::parameter_missing("fromAddress"))?
            .to_string();
        let to = match present(&body.to_address) {
            Some(to) => to.to_string(),
            None if action == Action::MakeCall
                && self.dev(Deviation::CallWithoutDestinationAccepted) =>
            {
                String::new()
            }
            None => return Err(ApiFailure::parameter_missing("toAddress")),
        };
        // fromAddress must be the extension the caller is signed in on (§6.4).
        let any_from =
            action == Action::SilentMonitor && self.dev(Deviation::MonitorFromAnyExtension);
        if self.extension_of(&caller.id).as_deref() != Some(from.as_str()) && !any_from {
            return Err(ApiFailure::invalid_input(
                "fromAddress",
                "fromAddress is not the extension the user is signed in on",
            ));
        }
        if to == from && !(action == Action::MakeCall && self.dev(Deviation::CallToSelfAllowed)) {
            return Err(ApiFailure::invalid_destination(
                "toAddress is the same as fromAddress",
            ));
        }
        let work = match action {
            Action::MakeCall => DialogWork::Make {
                caller: caller.id.clone(),
                from,
                to,
            },
            Action::SilentMonitor | Action::BargeCall => {
                let agent =
                    self.check_supervised_agent(&caller, &to, action == Action::BargeCall)?;
                let state = self.state_of(&caller.id);
                if action == Action::SilentMonitor {
                    let lifts = supervision::MonitorLifts {
                        busy: self.dev(Deviation::MonitorWhileTalkingAllowed),
                        ready: self.dev(Deviation::MonitorFromReadyAllowed),
                    };
                    supervision::check_monitoring_supervisor(state, lifts)?;
                    DialogWork::Monitor {
                        supervisor: caller.id.clone(),
                        agent: agent.id.clone(),
                    }
                } else {
                    let associated = match present(&body.associated_dialog_uri) {
                        Some(a) => a,
                        // Without the field the barge has no monitoring session to name.
                        None if self.dev(Deviation::BargeWithoutAssociatedDialogAccepted) => "",
                        None => return Err(ApiFailure::parameter_missing("associatedDialogUri")),
                    };
                    self.check_barge(&from, &to, associated)?
                }
            }
            _ => {
                return Err(ApiFailure::invalid_input(
                    "requestedAction",
                    "Invalid requestedAction",
                ));
            }
        };
        self.enqueue(now, request_id, Work::Dialog(work));
        Ok(self.accepted(false))
    }

    /// The agent signed in on `extension`, on the supervisor's team (401 otherwise).
    fn check_supervised_agent(
        &self,
        supervisor: &UserDef,
        extension: &str,
        barge: bool,
    ) -> Result<UserDef, ApiFailure> {
        if !supervisor.supervisor {
            return Err(ApiFailure::not_this_user(&supervisor.id));
        }
        let agent = self
            .user_on(extension)
            .ok_or_else(|| ApiFailure::invalid_destination("No agent is signed in on toAddress"))?;
        let any_team = if barge {
            self.dev(Deviation::BargeAnyTeam)
        } else {
            self.dev(Deviation::MonitorAnyTeam)
        };
        let on_team = agent
            .team
            .as_ref()
            .is_some_and(|t| supervisor.supervises.contains(t));
        if !on_team && !any_team {
            return Err(ApiFailure::not_this_user(&agent.id));
        }
        Ok(agent)
    }

    /// The barge preconditions of p.101–102, checked synchronously (the page lists them as
    /// HTTP 400 responses).
    fn check_barge(
        &self,
        supervisor_ext: &str,
        agent_ext: &str,
        associated: &str,
    ) -> Result<DialogWork, ApiFailure> {
        // associatedDialogUri is a Dialog URI: /finesse/api/Dialog/{id} (p.101).
        let monitor_id = associated
            .trim()
            .strip_prefix("/finesse/api/Dialog/")
            .and_then(|s| s.parse::<u64>().ok());
        let lenient = self.dev(Deviation::BargeMalformedUriAccepted)
            || (associated.is_empty() && self.dev(Deviation::BargeWithoutAssociatedDialogAccepted));
        if monitor_id.is_none() && !lenient {
            return Err(ApiFailure::invalid_input(
                "associatedDialogUri",
                format!("Invalid associatedDialogUri {}", associated.trim()),
            ));
        }
        let monitor = monitor_id
            .and_then(|id| self.dialogs.get(&id))
            .filter(|d| !d.is_over());
        // The monitored call, when the supervisor monitors this agent through that dialog.
        let monitored = monitor.and_then(|m| match m.kind {
            DialogKind::Monitor { monitored }
                if m.involves(supervisor_ext) && m.to_address == agent_ext =>
            {
                Some(monitored)
            }
            _ => None,
        });
        let call = monitored
            .or_else(|| {
                self.live_dialogs_of(agent_ext)
                    .find(|d| d.kind.is_call())
                    .map(|d| d.id)
            })
            .and_then(|id| self.dialogs.get(&id))
            .ok_or_else(|| ApiFailure::invalid_state("toAddress", "The agent is not on a call"))?;
        let conferences = self
            .dialogs
            .values()
            .filter(|d| !d.is_over() && d.is_conference())
            .count();
        let facts = BargeFacts {
            monitoring: monitored.is_some(),
            agent_held: call
                .participant(agent_ext)
                .is_some_and(|p| p.state == ParticipantState::Held),
            agent_not_controller: call.controller.as_deref().is_some_and(|c| c != agent_ext),
            outstanding_consult: self
                .dialogs
                .values()
                .any(|d| !d.is_over() && d.consult_of == Some(call.id) && d.involves(agent_ext)),
            bridge_full: !call.is_conference()
                && (self.faults.bridge_full || conferences >= self.bridges),
        };
        let lifts = BargeLifts {
            monitoring: self.dev(Deviation::BargeWithoutMonitoring),
            held: self.dev(Deviation::BargeOnHold),
            controller: self.dev(Deviation::BargeViaNonController),
            consult: self.dev(Deviation::BargeWithOutstandingConsult),
            bridge: self.dev(Deviation::BargeBridgeUnlimited),
        };
        supervision::check_barge(facts, lifts)?;
        let supervisor = self
            .user_on(supervisor_ext)
            .map(|u| u.id)
            .unwrap_or_default();
        let agent = self.user_on(agent_ext).map(|u| u.id).unwrap_or_default();
        Ok(DialogWork::Barge {
            supervisor,
            agent,
            call: call.id,
            monitor: monitored.and(monitor_id),
        })
    }

    /// `PUT /Dialog/{id}`: an action on a participant (ANSWER, HOLD, RETRIEVE, DROP, ACCEPT,
    /// CLOSE, REJECT…). An action not in the participant's list is accepted and then fails
    /// asynchronously with Generic Error (p.109).
    pub fn put_dialog(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        body: Result<DialogRequest, String>,
        request_id: Option<String>,
        now: Instant,
    ) -> Result<Accepted, ApiFailure> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        self.advance(now);
        self.check_service()?;
        let caller = self.authenticate(creds, now)?;
        let dialog = match self.live_dialog(id) {
            Ok(d) => d.clone(),
            Err(_) if self.dev(Deviation::UnknownDialogPutReturns400) => {
                return Err(ApiFailure::invalid_input(
                    "dialogId",
                    format!("Invalid dialog id {id}"),
                ));
            }
            Err(e) => return Err(e),
        };
        let body = body.map_err(ApiFailure::bad_request)?;
        let action = present(&body.requested_action)
            .ok_or_else(|| ApiFailure::parameter_missing("requestedAction"))?;
        let action = match Action::parse(action).filter(|a| !a.creates_dialog()) {
            Some(a) => a,
            None if self.dev(Deviation::UnknownDialogActionIgnored) => {
                return Ok(self.accepted(false));
            }
            None => {
                return Err(ApiFailure::invalid_input(
                    "requestedAction",
                    format!("Invalid requestedAction {action}"),
                ));
            }
        };
        let own = self.extension_of(&caller.id);
        let target = match present(&body.target_media_address) {
            Some(t) => t.to_string(),
            None if self.dev(Deviation::PreviewTargetOptional) && own.is_some() => {
                own.clone().unwrap_or_default()
            }
            None => return Err(ApiFailure::parameter_missing("targetMediaAddress")),
        };
        match action {
            Action::ParticipantDrop => self.check_participant_drop(&caller, &dialog, &target)?,
            Action::StartRecording => {
                self.check_start_recording(own.as_deref(), &caller, &dialog, &target)?
            }
            _ => {
                // The target is the caller's own extension, which must be on the dialog (§6.4).
                if own.as_deref() != Some(target.as_str()) {
                    return Err(ApiFailure::not_this_user(&caller.id));
                }
                if !dialog.involves(&target) {
                    return Err(ApiFailure::invalid_input(
                        "targetMediaAddress",
                        "targetMediaAddress is not a participant of the dialog",
                    ));
                }
            }
        }
        let to = present(&body.to_address).map(str::to_string);
        if action == Action::ConsultCall && to.is_none() {
            return Err(ApiFailure::parameter_missing("toAddress"));
        }
        // Direct Preview is CCX only: 501 on CCE (G12.5 p.109–110).
        let preview_action = matches!(action, Action::Accept | Action::Close | Action::Reject);
        if preview_action
            && matches!(dialog.kind, DialogKind::Preview { direct: true })
            && self.deployment == Deployment::Ucce
            && !self.dev(Deviation::DirectPreviewOnCce)
        {
            return Err(ApiFailure::not_implemented(
                "Direct Preview is not implemented on Unified CCE",
            ));
        }
        self.enqueue(
            now,
            request_id,
            Work::Dialog(DialogWork::Act {
                dialog: dialog.id,
                action,
                extension: target,
                to,
            }),
        );
        Ok(self.accepted(false))
    }

    /// PARTICIPANT_DROP (CCE, G12.5 p.104): the drop permission follows the server setting
    /// enableDropParticipantFor, whose default lets supervisors only; the mock has that
    /// default. The target must be an agent's extension on the call.
    fn check_participant_drop(
        &self,
        caller: &UserDef,
        dialog: &Dialog,
        target: &str,
    ) -> Result<(), ApiFailure> {
        // The guide calls the action CCE-only without naming CCX's answer; 501 is how it
        // answers the other one-platform actions (reference §1, point 12).
        if self.deployment == Deployment::Uccx {
            return Err(ApiFailure::not_implemented(
                "PARTICIPANT_DROP is not implemented on Unified CCX",
            ));
        }
        if !caller.supervisor {
            return Err(ApiFailure::not_this_user(&caller.id));
        }
        let on_call = dialog
            .participant(target)
            .is_some_and(|p| p.state != ParticipantState::Dropped && p.user.is_some());
        if !on_call && !self.dev(Deviation::ParticipantDropUnknownTargetAccepted) {
            return Err(ApiFailure::invalid_destination(
                "targetMediaAddress is not an agent on the call",
            ));
        }
        Ok(())
    }

    /// START_RECORDING (CCX, G12.5 p.107): a participant of the call, or a supervisor
    /// silently monitoring it, for its own extension; not while that participant is HELD.
    fn check_start_recording(
        &self,
        own: Option<&str>,
        caller: &UserDef,
        dialog: &Dialog,
        target: &str,
    ) -> Result<(), ApiFailure> {
        if self.deployment == Deployment::Ucce && !self.dev(Deviation::StartRecordingOnCce) {
            return Err(ApiFailure::not_implemented(
                "START_RECORDING is not implemented on Unified CCE",
            ));
        }
        if own != Some(target) {
            return Err(ApiFailure::not_this_user(&caller.id));
        }
        let participant = dialog.participant(target).map(|p| p.state);
        let monitoring = self.dialogs.values().any(|m| {
            !m.is_over()
                && m.involves(target)
                && matches!(m.kind, DialogKind::Monitor { monitored } if monitored == dialog.id)
        });
        if participant == Some(ParticipantState::Held)
            && !self.dev(Deviation::StartRecordingWhileHeldAllowed)
        {
            // p.107 lists Invalid State with a 401 status.
            return Err(
                ApiFailure::invalid_state("targetMediaAddress", "The participant is HELD")
                    .with_status(401),
            );
        }
        let may = participant == Some(ParticipantState::Active)
            || participant == Some(ParticipantState::Held)
            || monitoring;
        if !may || self.dev(Deviation::StartRecordingRefused) {
            return Err(ApiFailure::invalid_state(
                "targetMediaAddress",
                "Only a participant of the call or a supervisor monitoring it can record it",
            ));
        }
        Ok(())
    }

    /// Places a preview reservation on a READY agent, as a dialer would (control endpoint).
    /// `direct` makes it a CCX Direct Preview; Outbound Option preview exists on CCE only.
    pub fn place_preview(&mut self, user: &str, direct: bool, now: Instant) -> Result<u64, String> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        self.advance(now);
        if !direct && self.deployment == Deployment::Uccx {
            return Err(
                "Outbound Option preview exists on UCCE only; use direct=true on UCCX".into(),
            );
        }
        let ext = self
            .extension_of(user)
            .ok_or_else(|| format!("user {user} is not signed in"))?;
        let state = self.voice.get(user).map(|v| v.state);
        if state != Some(AgentState::Ready) {
            return Err(format!(
                "user {user} must be READY for a reservation (is {})",
                state.map(AgentState::as_str).unwrap_or("unknown")
            ));
        }
        let id = self.new_dialog(
            DialogKind::Preview { direct },
            DIALER_PORT,
            &ext,
            DialogState::Alerting,
            vec![Participant {
                extension: ext.clone(),
                user: Some(user.to_string()),
                state: ParticipantState::Alerting,
                state_cause: None,
            }],
        );
        let reserved = if self.dev(Deviation::PreviewReservationPlainReserved) {
            AgentState::Reserved
        } else {
            AgentState::ReservedOutboundPreview
        };
        self.set_call_state(user, reserved);
        Ok(id)
    }

    /// Reserves a READY agent for an Outbound Option progressive or predictive call, as a
    /// dialer would (control endpoint): RESERVED_OUTBOUND, with no dialog until a customer
    /// answers (reference §4.4). UCCE only in the mock; the reference describes CCX's
    /// RESERVED_OUTBOUND too, but nothing the suite checks needs it.
    pub fn place_progressive(&mut self, user: &str, now: Instant) -> Result<(), String> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        self.advance(now);
        if self.deployment == Deployment::Uccx {
            return Err("the mock places progressive reservations on UCCE only".into());
        }
        let Some(v) = self.voice.get_mut(user) else {
            return Err(format!("user {user} is not an agent"));
        };
        if v.state != AgentState::Ready {
            return Err(format!(
                "user {user} must be READY for a reservation (is {})",
                v.state.as_str()
            ));
        }
        v.state = AgentState::ReservedOutbound;
        v.changed = std::time::SystemTime::now();
        Ok(())
    }

    /// Withdraws the user's reservations, as a dialer does (control endpoint); the agent
    /// returns to the state it had before (§4.4): READY after a progressive one.
    pub fn cancel_preview(&mut self, user: &str, now: Instant) -> Result<usize, String> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        self.advance(now);
        if let Some(v) = self.voice.get_mut(user)
            && v.state == AgentState::ReservedOutbound
        {
            v.state = AgentState::Ready;
            v.changed = std::time::SystemTime::now();
        }
        let ext = self
            .extension_of(user)
            .ok_or_else(|| format!("user {user} is not signed in"))?;
        let ids: Vec<u64> = self
            .live_dialogs_of(&ext)
            .filter(|d| matches!(d.kind, DialogKind::Preview { .. }))
            .map(|d| d.id)
            .collect();
        for id in &ids {
            self.drop_participant(*id, &ext);
        }
        Ok(ids.len())
    }

    // ---- effects ----

    fn new_dialog(
        &mut self,
        kind: DialogKind,
        from: &str,
        to: &str,
        state: DialogState,
        participants: Vec<Participant>,
    ) -> u64 {
        self.next_dialog += 1;
        let id = self.next_dialog;
        let dialog = Dialog {
            id,
            kind,
            from_address: from.into(),
            to_address: to.into(),
            state,
            participants,
            controller: None,
            associated: None,
            consult_of: None,
        };
        self.dialogs.insert(id, dialog);
        id
    }

    /// Moves `user` to `to`, remembering the state it had before its first call.
    fn set_call_state(&mut self, user: &str, to: AgentState) {
        if let Some(v) = self.voice.get_mut(user) {
            if v.before_call.is_none() {
                v.before_call = Some((v.state, v.reason.clone()));
            }
            if v.state != to {
                v.state = to;
                v.changed = std::time::SystemTime::now();
            }
        }
    }

    /// The platform whose non-ICD call states apply (`non-icd-call-states-swapped` swaps it).
    fn non_icd_platform(&self) -> Deployment {
        if self.dev(Deviation::NonIcdCallStatesSwapped) {
            other_platform(self.deployment)
        } else {
            self.deployment
        }
    }

    pub(super) fn state_of(&self, user: &str) -> AgentState {
        self.voice
            .get(user)
            .map(|v| v.state)
            .unwrap_or(AgentState::Logout)
    }

    pub(super) fn apply_dialog(&mut self, work: DialogWork, request_id: Option<String>) {
        let result = match work {
            DialogWork::Make { caller, from, to } => self.apply_make(&caller, &from, &to),
            DialogWork::Act {
                dialog,
                action,
                extension,
                to,
            } => self.apply_action(dialog, action, &extension, to.as_deref()),
            DialogWork::Monitor { supervisor, agent } => self.apply_monitor(&supervisor, &agent),
            DialogWork::Barge {
                supervisor,
                agent,
                call,
                monitor,
            } => self.apply_barge(&supervisor, &agent, call, monitor),
        };
        if let Err((user, source, cti)) = result {
            self.record_async(user, source, request_id, cti, None);
        }
    }

    fn apply_make(
        &mut self,
        caller: &str,
        from: &str,
        to: &str,
    ) -> Result<(), (String, String, CtiError)> {
        let source = format!("/finesse/api/User/{caller}/Dialogs");
        let state = self.state_of(caller);
        // CCE lets an agent call from READY (12.5, reason 50006); the harness calls from
        // NOT_READY. Whether CCX allows READY is not documented: the mock refuses it.
        let allowed = state == AgentState::NotReady
            || (state == AgentState::Ready && self.deployment == Deployment::Ucce);
        if !allowed {
            return Err((
                caller.to_string(),
                source,
                super::agent_state::CF_INVALID_OBJECT_STATE,
            ));
        }
        if !self.dev(Deviation::CallNeverRings) {
            self.ring(caller, from, to, None);
        }
        Ok(())
    }

    /// Places a call from `from` to `to`: another agent's extension rings; a dialled number
    /// routes to a READY agent of its team; anything else fails. `consult_of` marks a consult
    /// call made from that dialog.
    fn ring(&mut self, caller: &str, from: &str, to: &str, consult_of: Option<u64>) {
        let state = self.state_of(caller);
        let callee = self.user_on(to);
        let route = self.dialed_numbers.iter().find(|n| n.number == to).cloned();
        let mut participants = vec![Participant {
            extension: from.into(),
            user: Some(caller.into()),
            state: ParticipantState::Initiated,
            state_cause: None,
        }];
        let (kind, dialog_state) = if let Some(callee) = callee {
            participants.push(Participant {
                extension: to.into(),
                user: Some(callee.id.clone()),
                state: ParticipantState::Alerting,
                state_cause: None,
            });
            (DialogKind::Call { icd: false }, DialogState::Alerting)
        } else if let Some(route) = route {
            // ICD: the READY agent of the team who has waited longest gets the call.
            let agent = self
                .voice
                .iter()
                .filter(|(id, v)| v.state == AgentState::Ready && id.as_str() != caller)
                .filter(|(id, _)| {
                    self.dir
                        .user(id)
                        .is_some_and(|u| u.team.as_deref() == Some(route.team.as_str()))
                })
                .min_by_key(|(_, v)| v.changed)
                .map(|(id, v)| (id.clone(), v.extension.clone().unwrap_or_default()));
            match agent {
                Some((id, ext)) => {
                    participants.push(Participant {
                        extension: ext,
                        user: Some(id.clone()),
                        state: ParticipantState::Alerting,
                        state_cause: None,
                    });
                    if !self.dev(Deviation::IcdCallSkipsReserved) {
                        let offered = call_states::offered_state(true, AgentState::Ready);
                        self.set_call_state(&id, offered);
                    }
                    (DialogKind::Call { icd: true }, DialogState::Alerting)
                }
                // Nobody READY: the call waits in the queue.
                None => (DialogKind::Call { icd: true }, DialogState::Initiated),
            }
        } else {
            participants[0].state = ParticipantState::Failed;
            participants[0].state_cause = Some(BAD_DESTINATION.into());
            (DialogKind::Call { icd: false }, DialogState::Failed)
        };
        // A failed call keeps the caller's participant, with DROP, until it drops it (§6.3).
        let failed = dialog_state == DialogState::Failed;
        let id = self.new_dialog(kind, from, to, dialog_state, participants);
        if let Some(d) = self.dialogs.get_mut(&id) {
            d.consult_of = consult_of;
        }
        if failed {
            return;
        }
        if self.deployment == Deployment::Ucce
            && state == AgentState::Ready
            && !self.dev(Deviation::No50006FromReady)
        {
            // CCE 12.5: calling out from READY makes the agent NOT_READY with the hard-coded
            // reason 50006 while the call is in progress (reference §4.2).
            self.set_call_state(caller, AgentState::NotReady);
            if let Some(v) = self.voice.get_mut(caller) {
                v.reason = Reason::Forced(call_states::OUTBOUND_CALL_REASON);
                v.before_call = Some((
                    AgentState::NotReady,
                    Reason::Forced(call_states::OUTBOUND_CALL_REASON),
                ));
            }
        } else {
            let next = call_states::caller_state(self.deployment, state);
            self.set_call_state(caller, next);
        }
    }

    fn apply_action(
        &mut self,
        id: u64,
        action: Action,
        ext: &str,
        to: Option<&str>,
    ) -> Result<(), (String, String, CtiError)> {
        let Some(dialog) = self.dialogs.get(&id).cloned() else {
            return Ok(());
        };
        let Some(p) = dialog.participant(ext) else {
            return Ok(());
        };
        let user = p.user.clone().unwrap_or_default();
        let source = format!("/finesse/api/Dialog/{id}");
        let listed = allowed_actions(dialog.kind, p.state).contains(&action);
        if !action.outside_the_list() && !listed && !self.dev(Deviation::ActionNotInListApplied) {
            return Err((user, source, NOT_ALLOWED));
        }
        let dep = self.deployment;
        match action {
            Action::Answer if self.dev(Deviation::AnswerIgnored) => {}
            Action::Hold if self.dev(Deviation::HoldIgnored) => {}
            Action::Drop
                if matches!(dialog.kind, DialogKind::Monitor { .. })
                    && self.dev(Deviation::MonitorDropIgnored) => {}
            Action::Reject
                if matches!(dialog.kind, DialogKind::Preview { .. })
                    && self.dev(Deviation::RejectKeepsReservation) => {}
            Action::Drop
                if dialog.associated.is_some() && self.dev(Deviation::BargeDropEndsCall) =>
            {
                let all: Vec<String> = dialog
                    .live_participants()
                    .map(|p| p.extension.clone())
                    .collect();
                for e in all {
                    self.drop_participant(id, &e);
                }
            }
            Action::Answer => {
                if let Some(d) = self.dialogs.get_mut(&id) {
                    for q in d.participants.iter_mut().filter(|q| {
                        matches!(
                            q.state,
                            ParticipantState::Alerting | ParticipantState::Initiated
                        )
                    }) {
                        q.state = ParticipantState::Active;
                    }
                    d.state = DialogState::Active;
                }
                let platform = if dialog.is_icd() {
                    dep
                } else {
                    self.non_icd_platform()
                };
                let next =
                    call_states::answered_state(platform, dialog.is_icd(), self.state_of(&user));
                self.set_call_state(&user, next);
                for u in dialog.participants.iter().filter_map(|p| p.user.as_deref()) {
                    if let Some(v) = self.voice.get_mut(u) {
                        v.talked = true;
                    }
                }
            }
            Action::Hold | Action::Retrieve => {
                let (to, state) = if action == Action::Hold {
                    let current = self.state_of(&user);
                    let platform = if dialog.is_icd() && self.dev(Deviation::IcdHoldStatesSwapped) {
                        other_platform(dep)
                    } else {
                        dep
                    };
                    let held = call_states::held_state(platform, current);
                    (ParticipantState::Held, held)
                } else {
                    (
                        ParticipantState::Active,
                        call_states::retrieved_state(self.state_of(&user)),
                    )
                };
                if let Some(q) = self
                    .dialogs
                    .get_mut(&id)
                    .and_then(|d| d.participant_mut(ext))
                {
                    q.state = to;
                }
                self.set_call_state(&user, state);
            }
            Action::Drop | Action::Close | Action::Reject => self.drop_participant(id, ext),
            Action::Accept if self.dev(Deviation::PreviewAcceptNoCustomer) => {
                if let Some(d) = self.dialogs.get_mut(&id) {
                    d.state = DialogState::Accepted;
                    if let Some(q) = d.participant_mut(ext) {
                        q.state = ParticipantState::Accepted;
                    }
                }
                self.finish_call(&user);
            }
            Action::Accept => {
                // The reservation ends ACCEPTED (§6.2) and the dialer's call to the customer
                // arrives as a new dialog; the agent talks (§4.3, §6.6).
                let mut customer = String::new();
                if let Some(d) = self.dialogs.get_mut(&id) {
                    d.state = DialogState::Accepted;
                    if let Some(q) = d.participant_mut(ext) {
                        q.state = ParticipantState::Accepted;
                    }
                    customer = d.from_address.clone();
                }
                let participants = vec![
                    Participant {
                        extension: ext.to_string(),
                        user: Some(user.clone()),
                        state: ParticipantState::Active,
                        state_cause: None,
                    },
                    Participant {
                        extension: customer.clone(),
                        user: None,
                        state: ParticipantState::Active,
                        state_cause: None,
                    },
                ];
                self.new_dialog(
                    DialogKind::Outbound,
                    &customer,
                    ext,
                    DialogState::Active,
                    participants,
                );
                self.set_call_state(&user, AgentState::Talking);
                if let Some(v) = self.voice.get_mut(&user) {
                    v.talked = true;
                }
            }
            // A consult holds the original call and rings the consulted party (p.95); its
            // transfer or conference is not simulated.
            Action::ConsultCall => {
                if let Some(q) = self
                    .dialogs
                    .get_mut(&id)
                    .and_then(|d| d.participant_mut(ext))
                {
                    q.state = ParticipantState::Held;
                }
                let user_id = user.clone();
                if let Some(to) = to {
                    self.ring(&user_id, ext, to, Some(id));
                }
            }
            Action::ParticipantDrop if self.dev(Deviation::ParticipantDropIgnored) => {}
            Action::ParticipantDrop => self.drop_participant(id, ext),
            // Recording leaves no trace in the Dialog the REST API shows; nothing to change.
            Action::StartRecording => {}
            // Call data is in the actions lists but not simulated.
            Action::UpdateCallData => {}
            Action::MakeCall | Action::SilentMonitor | Action::BargeCall => {}
        }
        Ok(())
    }

    /// Removes a participant; a call left with fewer than two parties ends, and so do the
    /// monitoring sessions on it. Users with no call left return to their after-call state.
    fn drop_participant(&mut self, id: u64, ext: &str) {
        let mut affected = Vec::new();
        let mut ended = Vec::new();
        if let Some(d) = self.dialogs.get_mut(&id) {
            if let Some(p) = d.participant_mut(ext) {
                p.state = ParticipantState::Dropped;
                affected.extend(p.user.clone());
            }
            let agents_left = d.live_participants().count();
            let is_call = d.kind.is_call();
            // The deviation keeps a call whose remaining party had answered (so it can still
            // drop it); a ringing leftover could not, and would outlive the scenario.
            let answered_left = d
                .live_participants()
                .all(|p| matches!(p.state, ParticipantState::Active | ParticipantState::Held));
            let keeps_one = agents_left == 1
                && answered_left
                && self.deviations.on(Deviation::DropLeavesOtherParty);
            if !is_call || (agents_left < 2 && !keeps_one) {
                for p in d
                    .participants
                    .iter_mut()
                    .filter(|p| p.state != ParticipantState::Dropped)
                {
                    p.state = ParticipantState::Dropped;
                    affected.extend(p.user.clone());
                }
                d.state = DialogState::Dropped;
                ended.push(id);
            } else if d.live_participants().count() < 3 {
                // Back to a two-party call: no conference to control any more.
                d.controller = None;
            }
        }
        // Monitoring sessions end with the call they monitor (p.99).
        if self.deviations.on(Deviation::MonitorOutlivesCall) {
            ended.clear();
        }
        for m in self.dialogs.values_mut().filter(
            |m| matches!(m.kind, DialogKind::Monitor { monitored } if ended.contains(&monitored)),
        ) {
            for p in m
                .participants
                .iter_mut()
                .filter(|p| p.state != ParticipantState::Dropped)
            {
                p.state = ParticipantState::Dropped;
                affected.extend(p.user.clone());
            }
            m.state = DialogState::Dropped;
        }
        for user in affected {
            self.finish_call(&user);
        }
    }

    /// Puts a user with no live dialog back: the pending state, else its state before the
    /// call, with wrap-up if its settings ask for it (§4.2, §4.4).
    pub(super) fn finish_call(&mut self, user: &str) {
        if self.in_call_context(user) {
            return;
        }
        let setting = self.dir.user(user).is_some_and(|u| u.wrap_up);
        let dep = self.deployment;
        let swap_ready = self.dev(Deviation::WrapUpReadyStatesSwapped);
        let ends_in_ready = self.dev(Deviation::WrapUpTimerEndsInReady);
        let mut expiry = None;
        let Some(v) = self.voice.get_mut(user) else {
            return;
        };
        // Wrap-up follows a call the user was connected on, not an offer nobody took (§4.2).
        let wrap_up = setting && std::mem::take(&mut v.talked);
        let Some((before, reason)) = v.before_call.take() else {
            // A request made while the phone only rang still applies once it stops.
            if let Some((state, reason)) = v.pending.take()
                && v.state != AgentState::Logout
            {
                v.state = state;
                v.reason = reason;
                v.changed = std::time::SystemTime::now();
            }
            return;
        };
        {
            if v.state == AgentState::Logout {
                return;
            }
            let pending = v.pending.take();
            let pending_state = pending.as_ref().map(|(s, _)| *s);
            let plain = call_states::after_call(dep, before, pending_state, false);
            // `wrap-up-ready-states-swapped`: an agent heading for READY wraps up the other
            // platform's way (UCCE WORK, UCCX WORK_READY).
            let platform = if plain == AgentState::Ready && swap_ready {
                other_platform(dep)
            } else {
                dep
            };
            let next = call_states::after_call(platform, before, pending_state, wrap_up);
            if matches!(next, AgentState::Work | AgentState::WorkReady) {
                // At expiry WORK ends in NOT_READY, WORK_READY in READY (reference §4.4). How
                // a CCX agent heading for READY leaves WORK is not documented: the mock
                // returns it to READY.
                let to = if plain == AgentState::NotReady && ends_in_ready {
                    AgentState::Ready
                } else {
                    plain
                };
                expiry = Some(to);
            }
            v.reason = match (next, pending) {
                (AgentState::NotReady | AgentState::Work, Some((_, r))) => r,
                (AgentState::NotReady | AgentState::Work, None) => reason,
                _ => Reason::None,
            };
            v.state = next;
            v.changed = std::time::SystemTime::now();
        }
        if let Some(to) = expiry {
            let at = self.clock + self.wrap_up_timer;
            self.wrap_ups.insert(user.to_string(), (at, to));
        }
    }

    /// An own READY/NOT_READY/LOGOUT request while on a call (§4.2, §4.5).
    pub(super) fn request_during_call(
        &mut self,
        user: &str,
        requested: Requested,
        reason: Option<String>,
    ) -> Result<(), CtiError> {
        // CCX: during a Direct Preview reservation the state changes only through ACCEPT,
        // CLOSE or REJECT (§4.4); the error code is not documented, the mock uses 265.
        let reserved = self.extension_of(user).is_some_and(|ext| {
            self.live_dialogs_of(&ext)
                .any(|d| matches!(d.kind, DialogKind::Preview { .. }))
        });
        if reserved && self.deployment == Deployment::Uccx {
            return Err(call_states::CF_INVALID_AGENT_WORKMODE);
        }
        let icd = self.in_icd_call(user);
        let pending = self
            .voice
            .get(user)
            .and_then(|v| v.pending.as_ref().map(|(s, _)| *s));
        // A second NOT_READY while one is pending: CCE takes the new reason, CCX refuses it
        // (§4.5, stated for ICD calls).
        let reason_change = icd
            && requested == Requested::NotReady
            && pending == Some(AgentState::NotReady)
            && self.dev(Deviation::PendingReasonChangePlatformsSwapped);
        let platform = if (!icd && self.dev(Deviation::PendingStatesSwapped)) || reason_change {
            other_platform(self.deployment)
        } else {
            self.deployment
        };
        // The CCX refusal of READY names the kind of call (§4.5): 265 ICD, 33 non-ICD.
        let icd_code =
            if requested == Requested::Ready && self.dev(Deviation::PendingReadyWrongCode) {
                !icd
            } else {
                icd
            };
        let next = call_states::pending_request(platform, icd_code, requested, pending)?;
        if let Some(v) = self.voice.get_mut(user) {
            v.pending = Some((next, reason.map(Reason::Code).unwrap_or(Reason::None)));
        }
        Ok(())
    }

    /// Ends every dialog `user` takes part in (a supervisor signing the user out).
    pub(super) fn drop_user_calls(&mut self, user: &str) {
        let Some(ext) = self.extension_of(user) else {
            return;
        };
        let ids: Vec<u64> = self.live_dialogs_of(&ext).map(|d| d.id).collect();
        for id in ids {
            self.drop_participant(id, &ext);
        }
    }

    fn apply_monitor(
        &mut self,
        supervisor: &str,
        agent: &str,
    ) -> Result<(), (String, String, CtiError)> {
        let source = format!("/finesse/api/User/{supervisor}/Dialogs");
        if self.dev(Deviation::SilentMonitorNotStarted) {
            return Ok(());
        }
        let (Some(sup_ext), Some(agent_ext)) =
            (self.extension_of(supervisor), self.extension_of(agent))
        else {
            return Err((
                supervisor.into(),
                source,
                super::agent_state::CF_INVALID_OBJECT_STATE,
            ));
        };
        // A monitoring session is no call to monitor (§6.5), unless a deviation says so.
        let monitorable = |kind: DialogKind| {
            kind.is_call()
                || (matches!(kind, DialogKind::Monitor { .. })
                    && self.dev(Deviation::MonitorCallMonitorable))
        };
        let call = self
            .live_dialogs_of(&agent_ext)
            .find(|d| {
                monitorable(d.kind)
                    && d.participant(&agent_ext).is_some_and(|p| {
                        matches!(p.state, ParticipantState::Active | ParticipantState::Held)
                    })
            })
            .map(|d| d.id);
        let without_call = call.is_none() && self.dev(Deviation::MonitorWithoutCall);
        if !without_call {
            supervision::check_monitored_agent(
                self.deployment,
                self.state_of(agent),
                call.is_some(),
            )
            .map_err(|cti| (supervisor.to_string(), source, cti))?;
        }
        // Under `monitor-without-call` the session watches no call (id 0).
        let call = call.unwrap_or(0);
        let participants = vec![Participant {
            extension: sup_ext.clone(),
            user: Some(supervisor.into()),
            state: ParticipantState::Active,
            state_cause: None,
        }];
        self.new_dialog(
            DialogKind::Monitor { monitored: call },
            &sup_ext,
            &agent_ext,
            DialogState::Active,
            participants,
        );
        let current = self.state_of(supervisor);
        let platform = if self.dev(Deviation::MonitoringStatesSwapped) {
            other_platform(self.deployment)
        } else {
            self.deployment
        };
        let next = supervision::monitoring_state(platform, current);
        self.set_call_state(supervisor, next);
        Ok(())
    }

    fn apply_barge(
        &mut self,
        supervisor: &str,
        agent: &str,
        call: u64,
        monitor: Option<u64>,
    ) -> Result<(), (String, String, CtiError)> {
        let source = format!("/finesse/api/User/{supervisor}/Dialogs");
        let gone = (
            supervisor.to_string(),
            source,
            super::agent_state::CF_INVALID_OBJECT_STATE,
        );
        if self.dev(Deviation::BargeNotJoined) {
            return Ok(());
        }
        let (Some(sup_ext), Some(agent_ext)) =
            (self.extension_of(supervisor), self.extension_of(agent))
        else {
            return Err(gone);
        };
        // The call may have ended between the 202 and now: then there is nothing to join.
        if !self
            .dialogs
            .get(&call)
            .is_some_and(|d| !d.is_over() && d.involves(&agent_ext))
        {
            return Err(gone);
        }
        // The monitoring session becomes the supervisor's seat in the conference.
        if let Some(m) = monitor.and_then(|id| self.dialogs.get_mut(&id)) {
            for p in m.participants.iter_mut() {
                p.state = ParticipantState::Dropped;
            }
            m.state = DialogState::Dropped;
        }
        let Some(d) = self.dialogs.get_mut(&call) else {
            return Err(gone);
        };
        if d.controller.is_none() {
            // A two-party call becomes a conference controlled by the agent (p.101).
            d.controller = Some(agent_ext);
        }
        d.associated = monitor;
        d.participants.push(Participant {
            extension: sup_ext,
            user: Some(supervisor.into()),
            state: ParticipantState::Active,
            state_cause: None,
        });
        let icd = d.is_icd();
        let current = self.state_of(supervisor);
        let next = if self.dev(Deviation::BargedSupervisorNotReady) {
            AgentState::NotReady
        } else {
            supervision::barged_state(self.deployment, icd, current)
        };
        self.set_call_state(supervisor, next);
        Ok(())
    }

    // ---- rendering ----

    pub(super) fn render_dialog(&self, d: &Dialog) -> models::Dialog {
        let call_type = match d.kind {
            DialogKind::Call { .. } | DialogKind::Outbound if d.is_conference() => "CONFERENCE",
            DialogKind::Outbound => "OUTBOUND",
            DialogKind::Call { icd: true } => "ACD_IN",
            DialogKind::Call { icd: false } => "AGENT_INSIDE",
            DialogKind::Monitor { .. } => "SUPERVISOR_MONITOR",
            DialogKind::Preview { .. } => "OUTBOUND_PREVIEW",
        };
        let participants = d
            .participants
            .iter()
            .map(|p| models::Participant {
                actions: Some(models::Actions {
                    action: allowed_actions(d.kind, p.state)
                        .into_iter()
                        .map(|a| a.as_str().to_string())
                        .collect(),
                }),
                media_address: Some(p.extension.clone()),
                media_address_type: Some(
                    if p.user.is_some() { "AGENT_DEVICE" } else { "" }.to_string(),
                )
                .filter(|s| !s.is_empty()),
                start_time: None,
                state: Some(p.state.as_str().into()),
                state_cause: p.state_cause.clone(),
                state_change_time: None,
            })
            .collect();
        models::Dialog {
            associated_dialog_uri: d.associated.map(|a| format!("/finesse/api/Dialog/{a}")),
            from_address: Some(d.from_address.clone()),
            id: Some(d.id.to_string()),
            media_properties: Some(models::MediaProperties {
                call_type: Some(call_type.into()),
                dialed_number: Some(d.to_address.clone()),
            }),
            media_type: Some("Voice".into()),
            participants: Some(models::Participants { participants }),
            state: Some(d.state.as_str().into()),
            to_address: Some(d.to_address.clone()),
            uri: Some(format!("/finesse/api/Dialog/{}", d.id)),
        }
    }
}

impl Voice {
    /// A fresh, signed-out voice state.
    pub(super) fn signed_out() -> Voice {
        Voice {
            state: AgentState::Logout,
            reason: Reason::None,
            extension: None,
            changed: std::time::SystemTime::now(),
            before_call: None,
            pending: None,
            talked: false,
        }
    }
}

/// The other platform, for deviations that give one platform's behaviour to the other.
fn other_platform(d: Deployment) -> Deployment {
    match d {
        Deployment::Ucce => Deployment::Uccx,
        Deployment::Uccx => Deployment::Ucce,
    }
}
