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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::deviations::Deviation;
    use crate::documents::DialogRequest;
    use finesse_protocol::Deployment::{Ucce, Uccx};

    fn consult_body(target: &str, to: Option<&str>) -> Result<DialogRequest, String> {
        Ok(DialogRequest {
            requested_action: Some("CONSULT_CALL".into()),
            target_media_address: Some(ext(target)),
            to_address: to.map(ext),
            ..Default::default()
        })
    }

    /// 1001 calls 1002, who answers; 1001 consults 1003 (signed in, NOT_READY).
    fn consulting(lab: &mut Lab) -> String {
        let call = lab.connected("1001", "1002");
        lab.signed_in("1003", false);
        lab.m
            .put_dialog(
                Some(&who("1001")),
                &call,
                consult_body("1001", Some("1003")),
                None,
                lab.now,
            )
            .expect("consult");
        lab.tick();
        call
    }

    /// `consulting`, and 1003 answers the consult call.
    fn answered(lab: &mut Lab) -> String {
        let call = consulting(lab);
        let c = lab.call_id("1003");
        lab.put("1003", &c, "ANSWER").expect("answer");
        call
    }

    fn actions(lab: &mut Lab, viewer: &str, dialog: &str) -> Vec<String> {
        let e = ext(viewer);
        lab.dialogs(viewer)
            .into_iter()
            .find(|d| d.id == dialog)
            .and_then(|d| {
                d.participant(&e)
                    .map(|p| p.actions.iter().map(|a| a.to_string()).collect())
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_consult_holds_the_call_and_rings_the_consulted_agent() {
        let mut lab = Lab::new(Ucce);
        let call = consulting(&mut lab);
        assert_eq!(lab.p_state(&call, "1001"), Some("HELD"));
        let c = lab.call_id("1003");
        assert_ne!(c, call);
        assert_eq!(lab.p_state(&c, "1003"), Some("ALERTING"));
        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::ConsultLeavesCallActive, true);
        let call = consulting(&mut lab);
        assert_eq!(lab.p_state(&call, "1001"), Some("ACTIVE"));
        assert_eq!(
            lab.dialogs("1003").len(),
            1,
            "the consulted agent still rings"
        );
    }

    #[test]
    fn consult_errors_are_synchronous() {
        let mut lab = Lab::new(Ucce);
        let call = lab.connected("1001", "1002");
        lab.signed_in("1003", false);
        let put = |lab: &mut Lab, user: &str, body| {
            let r = lab
                .m
                .put_dialog(Some(&who(user)), &call, body, None, lab.now);
            lab.tick();
            r
        };
        let e = put(&mut lab, "1001", consult_body("1001", None)).expect_err("no toAddress");
        assert_eq!(kind(&e), (400, "Parameter Missing"));
        let e = put(&mut lab, "1001", consult_body("1002", Some("1003"))).expect_err("other");
        assert_eq!(kind(&e), (401, "Invalid Authorization User Specified"));
        let e = put(&mut lab, "1003", consult_body("1003", Some("1004"))).expect_err("not on it");
        assert_eq!(kind(&e), (400, "Invalid Input"));
        assert!(lab.dialogs("1003").is_empty());

        lab.dev(Deviation::ConsultWithoutDestinationAccepted, true);
        lab.dev(Deviation::ConsultForOtherParticipantAllowed, true);
        lab.dev(Deviation::ConsultByNonParticipantAccepted, true);
        assert!(put(&mut lab, "1001", consult_body("1001", None)).is_ok());
        assert!(put(&mut lab, "1001", consult_body("1002", Some("1003"))).is_ok());
        assert!(put(&mut lab, "1003", consult_body("1003", Some("1004"))).is_ok());
    }

    #[test]
    fn transfer_and_conference_are_offered_once_the_consult_is_answered() {
        let mut lab = Lab::new(Ucce);
        let call = consulting(&mut lab);
        assert!(!actions(&mut lab, "1001", &call).contains(&"TRANSFER".to_string()));
        let c = lab.call_id("1003");
        lab.put("1003", &c, "ANSWER").expect("answer");
        let list = actions(&mut lab, "1001", &call);
        assert!(list.contains(&"TRANSFER".to_string()));
        assert!(list.contains(&"CONFERENCE".to_string()));
    }

    #[test]
    fn a_transfer_joins_the_caller_with_the_consulted_agent() {
        for dep in [Ucce, Uccx] {
            let mut lab = Lab::new(dep);
            let call = answered(&mut lab);
            lab.put("1001", &call, "TRANSFER").expect("transfer");
            assert!(lab.dialogs("1001").is_empty());
            assert_eq!(lab.dialog_ids("1003"), std::slice::from_ref(&call));
            assert_eq!(lab.dialog_ids("1002"), std::slice::from_ref(&call));
            assert_eq!(lab.p_state(&call, "1003"), Some("ACTIVE"));
            assert_eq!(lab.state("1001"), "NOT_READY");
            let d = &lab.dialogs("1003")[0];
            assert_eq!(
                (d.from_address.as_str(), d.to_address.as_str()),
                ("1001001", "1002001")
            );
        }
        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::TransferNotCompleted, true);
        let call = answered(&mut lab);
        lab.put("1001", &call, "TRANSFER").expect("transfer");
        assert_eq!(lab.dialogs("1001").len(), 2);
    }

    #[test]
    fn a_transfer_without_a_consult_fails_with_generic_error() {
        let mut lab = Lab::new(Ucce);
        let call = lab.connected("1001", "1002");
        lab.put("1001", &call, "TRANSFER").expect("accepted");
        assert_eq!(lab.errors(), 1);
        assert_eq!(lab.p_state(&call, "1001"), Some("ACTIVE"));
        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::TransferWithoutConsultIgnored, true);
        let call = lab.connected("1001", "1002");
        lab.put("1001", &call, "TRANSFER").expect("accepted");
        assert_eq!(lab.errors(), 0);
    }

    #[test]
    fn a_conference_puts_three_parties_on_the_original_call() {
        let mut lab = Lab::new(Ucce);
        let call = answered(&mut lab);
        lab.put("1001", &call, "CONFERENCE").expect("conference");
        for id in ["1001", "1002", "1003"] {
            assert_eq!(lab.dialog_ids(id), std::slice::from_ref(&call));
            assert_eq!(lab.p_state(&call, id), Some("ACTIVE"));
        }
        assert_eq!(lab.live_parties(&call), 3);
        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::ConferenceNotJoined, true);
        let call = answered(&mut lab);
        lab.put("1001", &call, "CONFERENCE").expect("conference");
        assert!(lab.dialogs("1003").is_empty());
        assert_eq!(lab.live_parties(&call), 2);
    }

    #[test]
    fn a_consult_from_a_held_or_ringing_call_fails() {
        let mut lab = Lab::new(Ucce);
        let call = lab.connected("1001", "1002");
        lab.signed_in("1003", false);
        lab.put("1001", &call, "HOLD").expect("hold");
        lab.m
            .put_dialog(
                Some(&who("1001")),
                &call,
                consult_body("1001", Some("1003")),
                None,
                lab.now,
            )
            .expect("accepted");
        lab.tick();
        assert_eq!(lab.errors(), 1);
        assert!(lab.dialogs("1003").is_empty());
        lab.dev(Deviation::ConsultFromHeldOrRingingApplied, true);
        lab.m
            .put_dialog(
                Some(&who("1001")),
                &call,
                consult_body("1001", Some("1003")),
                None,
                lab.now,
            )
            .expect("accepted");
        lab.tick();
        assert_eq!(lab.dialogs("1003").len(), 1);
    }

    #[test]
    fn only_the_conference_controller_adds_parties() {
        for (dep, data) in [(Ucce, "20999"), (Uccx, "22")] {
            let mut lab = Lab::new(dep);
            let call = answered(&mut lab);
            lab.put("1001", &call, "CONFERENCE").expect("conference");
            lab.signed_in("1004", false);
            lab.m
                .put_dialog(
                    Some(&who("1003")),
                    &call,
                    consult_body("1003", Some("1004")),
                    None,
                    lab.now,
                )
                .expect("consult");
            lab.tick();
            let c = lab.call_id("1004");
            lab.put("1004", &c, "ANSWER").expect("answer");
            lab.put("1003", &call, "CONFERENCE").expect("accepted");
            assert_eq!(lab.last_error_data(), Some(data));
            assert_eq!(lab.live_parties(&call), 3);
            lab.dev(Deviation::ConferenceByNonControllerAllowed, true);
            lab.put("1003", &call, "CONFERENCE").expect("accepted");
            assert_eq!(lab.live_parties(&call), 4);
        }
    }

    #[test]
    fn no_completion_on_the_original_call_after_retrieving_it() {
        for action in ["TRANSFER", "CONFERENCE"] {
            let mut lab = Lab::new(Ucce);
            let call = answered(&mut lab);
            lab.put("1001", &call, "RETRIEVE").expect("retrieve");
            lab.put("1001", &call, action).expect("accepted");
            assert_eq!(lab.errors(), 1, "{action}");
            assert_eq!(lab.live_parties(&call), 2);
            lab.dev(Deviation::CompletionAfterRetrieveAllowed, true);
            lab.put("1001", &call, action).expect("accepted");
            assert_eq!(lab.errors(), 1, "{action} completes");
        }
    }
}
