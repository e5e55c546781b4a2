//! Calls in the model: who is on which call, the dialog reads, and `POST /User/{id}/Dialogs`
//! (MAKE_CALL, SILENT_MONITOR, BARGE_CALL; reference §6, G12.5 p.80–102), checked here
//! synchronously. Actions on a dialog are in `dialog_actions`; the effects, applied after the
//! processing delay, in `call_effects`, `endings` and `supervisor_calls`.

use std::time::Instant;

use super::dialogs::{self, Action, Dialog, DialogKind, ParticipantState};
use super::directory::{Directory, UserDef};
use super::errors::{ApiFailure, CtiError};
use super::supervision::{self, BargeFacts, BargeLifts};
use super::{Accepted, Api, Credential, Finesse, Work};
use crate::deviations::Deviation;
use crate::documents::{self as doc, DialogRequest};
use finesse_protocol::Deployment;

/// A number that routes calls to a READY agent of a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialedNumber {
    pub number: String,
    pub team: String,
}

/// A dialog request that passed synchronous checks, applied after the processing delay.
#[derive(Debug, Clone)]
pub(crate) enum DialogWork {
    Make {
        caller: String,
        from: String,
        to: String,
        /// The call variables the request set (CCE).
        variables: Vec<(String, String)>,
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
    /// UPDATE_CALL_DATA by the participant on `extension`.
    CallData {
        dialog: u64,
        extension: String,
        data: super::call_data::CallData,
    },
    Barge {
        supervisor: String,
        agent: String,
        call: u64,
        monitor: Option<u64>,
    },
}

/// The async error for an action that is not in the participant's actions list (p.109).
pub(super) const NOT_ALLOWED: CtiError = CtiError::new(
    "Generic Error",
    "",
    "The action is not allowed in the participant's state",
);
/// A call whose destination is not a known device.
pub(super) const BAD_DESTINATION: &str = "BAD_DESTINATION";

pub(super) fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Finesse {
    /// The signed-in user on `extension`, if any.
    pub(super) fn user_on(&self, extension: &str) -> Option<UserDef> {
        let id = self
            .voice
            .iter()
            .find(|(_, v)| v.extension.as_deref() == Some(extension))
            .map(|(id, _)| id.clone())?;
        self.dir.user(&id).cloned()
    }

    pub(super) fn extension_of(&self, user: &str) -> Option<String> {
        self.voice.get(user).and_then(|v| v.extension.clone())
    }

    pub(super) fn live_dialogs_of(&self, extension: &str) -> impl Iterator<Item = &Dialog> {
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
    pub(crate) fn user_dialogs(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<doc::Dialogs, ApiFailure> {
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
        Ok(doc::Dialogs { dialogs })
    }

    /// `GET /Dialog/{id}` (G12.5 p.80). Participants, their supervisors and admins may read
    /// it; who else may is not documented, so the mock refuses with 401.
    pub(crate) fn dialog(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<doc::Dialog, ApiFailure> {
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
        // `dialog-get-not-found`: a live dialog read by id is answered as if it had ended.
        if self.dev(Deviation::DialogGetNotFound) {
            return Err(ApiFailure::dialog_not_found());
        }
        Ok(self.render_dialog(dialog))
    }

    pub(super) fn live_dialog(&self, id: &str) -> Result<&Dialog, ApiFailure> {
        id.trim()
            .parse::<u64>()
            .ok()
            .and_then(|n| self.dialogs.get(&n))
            .filter(|d| !d.is_over())
            .ok_or_else(ApiFailure::dialog_not_found)
    }

    // ---- writes ----

    /// `POST /User/{id}/Dialogs`: MAKE_CALL, SILENT_MONITOR or BARGE_CALL (G12.5 p.80–102).
    pub(crate) fn post_dialog(
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
        let body = match body {
            Ok(b) => b,
            Err(_) if self.dev(Deviation::MalformedDialogBodyAccepted) => {
                return Ok(self.accepted(false));
            }
            Err(e) => return Err(ApiFailure::bad_request(e)),
        };
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
            None if action == Action::SilentMonitor
                && self.dev(Deviation::MonitorWithoutAgentAccepted) =>
            {
                return Ok(self.accepted(false));
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
                variables: self.make_call_variables(&body)?,
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

    /// MAKE_CALL's call variables (G12.5 p.80–82): Unified CCE only, where CCX answers 400
    /// Invalid Input; callVariable1 to callVariable10 and ECC variables (`user.…`), with no
    /// wrap-up reason. Which error an unknown or repeated name gets is not stated for
    /// MAKE_CALL; the mock answers Invalid Input, as UPDATE_CALL_DATA documents for them.
    fn make_call_variables(
        &self,
        body: &DialogRequest,
    ) -> Result<Vec<(String, String)>, ApiFailure> {
        let Some(props) = &body.media_properties else {
            return Ok(Vec::new());
        };
        let invalid = |msg: String| ApiFailure::invalid_input("mediaProperties", msg);
        if self.deployment == Deployment::Uccx && !self.dev(Deviation::MakeCallVariablesOnUccx) {
            return Err(invalid(
                "Call variables cannot be passed with MAKE_CALL on Unified CCX".into(),
            ));
        }
        if props.wrap_up_reason.is_some() {
            return Err(invalid(
                "A wrap-up reason cannot be passed with MAKE_CALL".into(),
            ));
        }
        let variables = body.call_variables();
        for (i, (name, _)) in variables.iter().enumerate() {
            if !dialogs::is_call_variable_name(name) {
                return Err(invalid(format!("Invalid call variable name {name}")));
            }
            if variables[..i].iter().any(|(n, _)| n == name) {
                return Err(invalid(format!("Call variable {name} is given twice")));
            }
        }
        Ok(variables)
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
}
