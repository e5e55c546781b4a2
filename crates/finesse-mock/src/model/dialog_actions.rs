//! `PUT /Dialog/{id}`: actions on a participant, checked synchronously (reference §6.3–6.4,
//! G12.5 p.95–110); their effects land after the processing delay (`call_effects`).

use std::time::Instant;

use super::calls::{DialogWork, present};
use super::dialogs::{Action, Dialog, DialogKind, ParticipantState};
use super::directory::UserDef;
use super::{Accepted, ApiFailure, Credential, Finesse, Work};
use crate::deviations::Deviation;
use crate::documents::DialogRequest;
use finesse_protocol::Deployment;

impl Finesse {
    /// `PUT /Dialog/{id}`: an action on a participant (ANSWER, HOLD, RETRIEVE, DROP, ACCEPT,
    /// CLOSE, REJECT…). An action not in the participant's list is accepted and then fails
    /// asynchronously with Generic Error (p.109).
    pub(crate) fn put_dialog(
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
        // `dialog-unknown-credentials-accepted`: an unknown user name acts as the user on the
        // request's targetMediaAddress.
        let stand_in = body
            .as_ref()
            .ok()
            .and_then(|b| present(&b.target_media_address))
            .filter(|_| self.dev(Deviation::DialogUnknownCredentialsAccepted))
            .and_then(|t| self.user_on(t));
        let caller = self.authenticate_with(creds, now, stand_in)?;
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
        let preview_action = matches!(action, Action::Accept | Action::Close | Action::Reject);
        // Two deviations lift the required targetMediaAddress: one for the reservation
        // actions (p.109), one for DROP and START_RECORDING (p.103, p.107).
        let target_optional = if preview_action {
            self.dev(Deviation::PreviewTargetOptional)
        } else {
            matches!(action, Action::Drop | Action::StartRecording)
                && self.dev(Deviation::ActionTargetOptional)
        };
        let target = match present(&body.target_media_address) {
            Some(t) => t.to_string(),
            None if target_optional && own.is_some() => own.clone().unwrap_or_default(),
            None => return Err(ApiFailure::parameter_missing("targetMediaAddress")),
        };
        let to = present(&body.to_address).map(str::to_string);
        let mut call_data = None;
        match action {
            Action::TransferSst => {
                self.check_own_participant(own.as_deref(), &caller, &dialog, &target)?;
                self.check_transfer_sst(&dialog, &target, to.as_deref())?;
            }
            Action::UpdateCallData => {
                self.check_own_participant(own.as_deref(), &caller, &dialog, &target)?;
                call_data = Some(self.check_call_data(&body)?);
            }
            Action::ParticipantDrop => self.check_participant_drop(&caller, &dialog, &target)?,
            Action::StartRecording => {
                self.check_start_recording(own.as_deref(), &caller, &dialog, &target)?
            }
            Action::SendDtmf => {
                self.check_own_participant(own.as_deref(), &caller, &dialog, &target)?;
                self.check_send_dtmf(&dialog, &target, &body)?;
            }
            // Two deviations lift the own-participant checks for CONSULT_CALL only.
            Action::ConsultCall => {
                let other = own.as_deref() != Some(target.as_str())
                    && self.dev(Deviation::ConsultForOtherParticipantAllowed);
                let outsider = !dialog.involves(&target)
                    && self.dev(Deviation::ConsultByNonParticipantAccepted);
                if !other && !outsider {
                    self.check_own_participant(own.as_deref(), &caller, &dialog, &target)?;
                }
            }
            _ => self.check_own_participant(own.as_deref(), &caller, &dialog, &target)?,
        }
        if action == Action::ConsultCall
            && to.is_none()
            && !self.dev(Deviation::ConsultWithoutDestinationAccepted)
        {
            return Err(ApiFailure::parameter_missing("toAddress"));
        }
        // Direct Preview is CCX only: 501 on CCE (G12.5 p.109–110).
        if preview_action
            && matches!(dialog.kind, DialogKind::Preview { direct: true })
            && self.deployment == Deployment::Ucce
            && !self.dev(Deviation::DirectPreviewOnCce)
        {
            return Err(ApiFailure::not_implemented(
                "Direct Preview is not implemented on Unified CCE",
            ));
        }
        let work = match call_data {
            Some(data) => DialogWork::CallData {
                dialog: dialog.id,
                extension: target,
                data,
            },
            None => DialogWork::Act {
                dialog: dialog.id,
                action,
                extension: target,
                to,
            },
        };
        self.enqueue(now, request_id, Work::Dialog(work));
        Ok(self.accepted(false))
    }

    /// The target is the caller's own extension, which must be on the dialog (§6.4).
    fn check_own_participant(
        &self,
        own: Option<&str>,
        caller: &UserDef,
        dialog: &Dialog,
        target: &str,
    ) -> Result<(), ApiFailure> {
        if own != Some(target) && !self.dev(Deviation::DialogForOtherUserAllowed) {
            return Err(ApiFailure::not_this_user(&caller.id));
        }
        if !dialog.involves(target) {
            return Err(ApiFailure::invalid_input(
                "targetMediaAddress",
                "targetMediaAddress is not a participant of the dialog",
            ));
        }
        Ok(())
    }

    /// PARTICIPANT_DROP (CCE, G12.5 p.104): the drop permission follows the server setting
    /// enableDropParticipantFor, whose default lets supervisors only; the mock has that
    /// default. The target must be an agent's extension on the call.
    pub(super) fn check_participant_drop(
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
    pub(super) fn check_start_recording(
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
        if own != Some(target) && !self.dev(Deviation::DialogForOtherUserAllowed) {
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
}
