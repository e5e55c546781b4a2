//! Consult calls and how they complete: CONSULT_CALL holds the original call and rings the
//! consulted party (G12.5 p.95); TRANSFER or CONFERENCE, sent on the held original call once
//! the consult is answered, joins the consulted party to it (p.86, the participant state table
//! p.126–127: a HELD participant gets TRANSFER and CONFERENCE while its user has an active
//! call). Effects land after the processing delay, like every dialog action.

use std::collections::BTreeSet;

use super::agent_state::CF_INVALID_OBJECT_STATE;
use super::call_states;
use super::dialogs::{Action, Dialog, DialogState, Participant, ParticipantState, allowed_actions};
use super::{CtiError, Finesse};
use crate::deviations::Deviation;
use finesse_protocol::Deployment;

/// The error a completion gets without a consult to complete (p.86: transfer without a
/// consult call, or on the original call after retrieving it, is a Generic Error).
const NO_CONSULT: CtiError = CtiError::new(
    "Generic Error",
    "",
    "There is no active call to transfer or conference the held call with",
);

/// CCE's error for a conference by a party that does not control the conference (p.86,
/// Platform-Based API Differences: Generic Error with 20999; the message is the mock's).
const NOT_CONTROLLER_CCE: CtiError = CtiError::new(
    "Generic Error",
    "20999",
    "Conference failed: only the conference controller can add parties",
);

impl Finesse {
    /// A consult from a held or ringing call: not in the participant's actions list, so it
    /// fails as Generic Error (p.95, asynchronous errors). `consult-from-held-or-ringing-applied`
    /// carries it out anyway.
    pub(super) fn consult_lifted(&self, action: Action, p: &Participant) -> bool {
        action == Action::ConsultCall
            && matches!(p.state, ParticipantState::Held | ParticipantState::Alerting)
            && self.dev(Deviation::ConsultFromHeldOrRingingApplied)
    }

    /// The actions participant `p` of `d` may take: the state table (§6.3), plus TRANSFER and
    /// CONFERENCE on a held call while the same extension is active on another call.
    pub(super) fn participant_actions(&self, d: &Dialog, p: &Participant) -> BTreeSet<Action> {
        let mut list = allowed_actions(d.kind, p.state);
        if p.state == ParticipantState::Held
            && d.kind.is_call()
            && self.active_call_besides(d.id, &p.extension).is_some()
        {
            list.insert(Action::Transfer);
            list.insert(Action::Conference);
        }
        list
    }

    /// The other call `ext` is active on: the consult made from `held` if there is one, else
    /// any other live call where it is ACTIVE.
    fn active_call_besides(&self, held: u64, ext: &str) -> Option<u64> {
        let active = |d: &&Dialog| {
            d.id != held
                && d.kind.is_call()
                && !d.is_over()
                && d.participant(ext)
                    .is_some_and(|p| p.state == ParticipantState::Active)
        };
        let calls: Vec<&Dialog> = self.dialogs.values().filter(active).collect();
        calls
            .iter()
            .find(|d| d.consult_of == Some(held))
            .or_else(|| calls.first())
            .map(|d| d.id)
    }

    /// CONSULT_CALL (p.95): the consulting party's leg of the original call goes on hold and
    /// the consult call rings `to` (the check for a missing toAddress is synchronous).
    pub(super) fn apply_consult(&mut self, id: u64, ext: &str, user: &str, to: Option<&str>) {
        if !self.dev(Deviation::ConsultLeavesCallActive)
            && let Some(q) = self
                .dialogs
                .get_mut(&id)
                .and_then(|d| d.participant_mut(ext))
        {
            q.set_state(ParticipantState::Held);
        }
        if let Some(to) = to {
            self.ring(user, ext, to, Some(id));
        }
    }

    /// TRANSFER or CONFERENCE on the held call `id` by `ext`: the parties of the consult call
    /// join the held call, which survives (its addresses stay, as the Dialog notification
    /// page describes for a transfer of the original call), and the consult call ends. A
    /// transfer then drops the transferring party; a conference keeps it, active, as the
    /// conference controller (the party who conferences, p.94).
    pub(super) fn apply_completion(
        &mut self,
        id: u64,
        action: Action,
        ext: &str,
        user: &str,
    ) -> Result<(), (String, String, CtiError)> {
        let source = format!("/finesse/api/Dialog/{id}");
        let held = self
            .dialogs
            .get(&id)
            .and_then(|d| d.participant(ext))
            .is_some_and(|p| p.state == ParticipantState::Held);
        // Only from the held call: after retrieving it, a completion on it is a Generic Error
        // (p.86).
        let from_held = held || self.dev(Deviation::CompletionAfterRetrieveAllowed);
        let other = self.active_call_besides(id, ext);
        let Some(consult) = other.filter(|_| from_held) else {
            if action == Action::Transfer
                && other.is_none()
                && self.dev(Deviation::TransferWithoutConsultIgnored)
            {
                return Ok(());
            }
            return Err((user.to_string(), source, NO_CONSULT));
        };
        // Only the conference controller adds parties to a conference (p.94); the platforms
        // refuse differently (p.86).
        let controller = self.dialogs.get(&id).and_then(|d| d.controller.clone());
        if action == Action::Conference
            && controller.is_some_and(|c| c != ext)
            && !self.dev(Deviation::ConferenceByNonControllerAllowed)
        {
            let cti = match self.deployment {
                Deployment::Ucce => NOT_CONTROLLER_CCE,
                Deployment::Uccx => CF_INVALID_OBJECT_STATE,
            };
            return Err((user.to_string(), source, cti));
        }
        if action == Action::Transfer && self.dev(Deviation::TransferNotCompleted) {
            return Ok(());
        }
        let joining: Vec<Participant> = self
            .dialogs
            .get(&consult)
            .map(|c| {
                c.live_participants()
                    .filter(|p| p.extension != ext)
                    .map(|p| {
                        Participant::new(&p.extension, p.user.as_deref(), ParticipantState::Active)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let joins = !(action == Action::Conference && self.dev(Deviation::ConferenceNotJoined));
        if let Some(d) = self.dialogs.get_mut(&id) {
            if joins {
                for p in joining {
                    if !d.involves(&p.extension) {
                        d.participants.push(p);
                    }
                }
            }
            if action == Action::Conference {
                if let Some(q) = d.participant_mut(ext) {
                    q.set_state(ParticipantState::Active);
                }
                if d.controller.is_none() {
                    d.controller = Some(ext.to_string());
                }
            }
        }
        // The consult call ends: its parties are on the surviving call now, so nobody's call
        // is over (not a drop: nobody hangs up).
        if let Some(c) = self.dialogs.get_mut(&consult) {
            for p in c.participants.iter_mut() {
                p.set_state(ParticipantState::Dropped);
            }
            c.state = DialogState::Dropped;
        }
        if action == Action::Transfer {
            self.drop_participant(id, ext);
        } else {
            let next = call_states::retrieved_state(self.state_of(user));
            self.set_call_state(user, next);
        }
        Ok(())
    }
}
