//! The effects of accepted dialog requests, applied after the processing delay: new calls,
//! routing, answer, hold, retrieve, preview accept and consult (reference §4.2–4.5, §6).

use std::time::SystemTime;

use super::agent_state::AgentState;
use super::call_states;
use super::calls::{BAD_DESTINATION, DialogWork, NOT_ALLOWED};
use super::dialogs::{Action, Dialog, DialogKind, DialogState, Participant, ParticipantState};
use super::endings::other_platform;
use super::{CtiError, Finesse, Reason};
use crate::deviations::Deviation;
use finesse_protocol::Deployment;

impl Finesse {
    // ---- effects ----

    pub(super) fn new_dialog(
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
            created: SystemTime::now(),
            call_variables: Vec::new(),
            wrap_up_reason: None,
            queue: None,
        };
        self.dialogs.insert(id, dialog);
        id
    }

    /// Moves `user` to `to`, remembering the state it had before its first call.
    pub(super) fn set_call_state(&mut self, user: &str, to: AgentState) {
        if let Some(v) = self.voice.get_mut(user) {
            if v.before_call.is_none() {
                v.before_call = Some((v.state, v.reason.clone()));
            }
            if v.state != to {
                v.state = to;
                v.changed = Some(SystemTime::now());
            }
        }
    }

    /// The platform whose non-ICD call states apply (`non-icd-call-states-swapped` swaps it).
    pub(super) fn non_icd_platform(&self) -> Deployment {
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
            DialogWork::Make {
                caller,
                from,
                to,
                variables,
            } => self.apply_make(&caller, &from, &to, variables),
            DialogWork::Act {
                dialog,
                action,
                extension,
                to,
            } => self.apply_action(dialog, action, &extension, to.as_deref()),
            DialogWork::Monitor { supervisor, agent } => self.apply_monitor(&supervisor, &agent),
            DialogWork::CallData {
                dialog,
                extension,
                data,
            } => self.apply_call_data(dialog, &extension, data),
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

    pub(super) fn apply_make(
        &mut self,
        caller: &str,
        from: &str,
        to: &str,
        variables: Vec<(String, String)>,
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
        // A phone that is out of service: CTI refuses the call (`cti_errors`).
        if self.out_of_service_device(to) {
            return Err(self.call_out_of_service(caller, from, to));
        }
        if !self.dev(Deviation::CallNeverRings) {
            let id = self.ring(caller, from, to, None);
            if let Some(d) = self.dialogs.get_mut(&id)
                && !self.deviations.on(Deviation::MakeCallVariablesIgnored)
            {
                d.call_variables = variables;
            }
        }
        Ok(())
    }

    /// Places a call from `from` to `to`: another agent's extension rings; a dialled number
    /// routes to a READY agent of its team; anything else fails. `consult_of` marks a consult
    /// call made from that dialog. Returns the new dialog's id.
    pub(super) fn ring(
        &mut self,
        caller: &str,
        from: &str,
        to: &str,
        consult_of: Option<u64>,
    ) -> u64 {
        let state = self.state_of(caller);
        let callee = self.user_on(to);
        let route = self.dialed_numbers.iter().find(|n| n.number == to).cloned();
        let route_team = route.as_ref().map(|r| r.team.clone());
        let mut participants = vec![Participant::new(
            from,
            Some(caller),
            ParticipantState::Initiated,
        )];
        let (kind, dialog_state) = if let Some(callee) = callee {
            participants.push(Participant::new(
                to,
                Some(callee.id.as_str()),
                ParticipantState::Alerting,
            ));
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
                    participants.push(Participant::new(
                        &ext,
                        Some(id.as_str()),
                        ParticipantState::Alerting,
                    ));
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
            participants[0].set_state(ParticipantState::Failed);
            participants[0].state_cause = Some(BAD_DESTINATION.into());
            (DialogKind::Call { icd: false }, DialogState::Failed)
        };
        // A failed call keeps the caller's participant, with DROP, until it drops it (§6.3).
        let failed = dialog_state == DialogState::Failed;
        let queue = route_team.filter(|_| kind == DialogKind::Call { icd: true });
        let id = self.new_dialog(kind, from, to, dialog_state, participants);
        if let Some(d) = self.dialogs.get_mut(&id) {
            d.consult_of = consult_of;
            d.queue = queue;
        }
        if failed {
            return id;
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
        id
    }

    pub(super) fn apply_action(
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
        let listed = self.participant_actions(&dialog, p).contains(&action)
            || self.consult_lifted(action, p);
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
                        q.set_state(ParticipantState::Active);
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
                    q.set_state(to);
                }
                self.set_call_state(&user, state);
            }
            Action::Drop | Action::Close | Action::Reject => self.drop_participant(id, ext),
            Action::Accept if self.dev(Deviation::PreviewAcceptNoCustomer) => {
                if let Some(d) = self.dialogs.get_mut(&id) {
                    d.state = DialogState::Accepted;
                    if let Some(q) = d.participant_mut(ext) {
                        q.set_state(ParticipantState::Accepted);
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
                        q.set_state(ParticipantState::Accepted);
                    }
                    customer = d.from_address.clone();
                }
                let participants = vec![
                    Participant::new(ext, Some(user.as_str()), ParticipantState::Active),
                    Participant::new(&customer, None, ParticipantState::Active),
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
            // A consult and its completion (p.95, p.86): `consult.rs`.
            Action::ConsultCall => self.apply_consult(id, ext, &user, to),
            Action::Transfer | Action::Conference => {
                return self.apply_completion(id, action, ext, &user);
            }
            Action::ParticipantDrop if self.dev(Deviation::ParticipantDropIgnored) => {}
            Action::ParticipantDrop => self.drop_participant(id, ext),
            // Recording leaves no trace in the Dialog the REST API shows; nothing to change.
            Action::StartRecording => {}
            // Call data is in the actions lists but not simulated.
            Action::UpdateCallData => {}
            // Tones leave no trace in the Dialog (p.92).
            Action::SendDtmf if self.dev(Deviation::SendDtmfFails) => {
                return Err((user, source, NOT_ALLOWED));
            }
            Action::SendDtmf => {}
            Action::TransferSst => return self.apply_transfer_sst(id, ext, to, &user),
            Action::MakeCall | Action::SilentMonitor | Action::BargeCall => {}
        }
        Ok(())
    }
}
