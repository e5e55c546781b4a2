//! TRANSFER_SST (G12.5 p.96, "Dialog—Initiate a Single Step Transfer"; reference §2.1 D7): a
//! participant active on a call sends it to `toAddress` without consulting first. The
//! transferring agent leaves the call and the destination rings; the other party stays.
//! The page documents 202, 400 Parameter Missing, 400 Invalid Input, 400 Invalid Destination,
//! 401 Authorization Failure, 401 Invalid Authorization User Specified and 500.
//!
//! Applicability: the guide's action table, as a secondary copy shows it, marks TRANSFER_SST
//! Unified CCE only (reference §1, point 12); what UCCX answers is not stated. The mock
//! transfers on both platforms (README, mock fidelity) and the scenarios run on UCCE only.

use super::dialogs::{Dialog, Participant, ParticipantState};
use super::{ApiFailure, CtiError, Finesse};
use crate::deviations::Deviation;

/// A destination that is no signed-in agent's extension: the transfer fails asynchronously.
/// The CTI code is the mock's choice (CSTA's invalid destination); the guide documents none.
const CF_INVALID_DESTINATION: CtiError =
    CtiError::new("Call Operation Failure", "14", "CF_INVALID_DESTINATION");

impl Finesse {
    /// The synchronous checks of TRANSFER_SST from `target` (the caller's own extension).
    pub(super) fn check_transfer_sst(
        &self,
        dialog: &Dialog,
        target: &str,
        to: Option<&str>,
    ) -> Result<(), ApiFailure> {
        let Some(to) = to else {
            if self.dev(Deviation::SstWithoutDestinationAccepted) {
                return Ok(());
            }
            return Err(ApiFailure::parameter_missing("toAddress"));
        };
        // Dialog API Errors: Invalid Destination is a destination that is the caller's own
        // extension.
        if to == target && !self.dev(Deviation::SstToSelfAccepted) {
            return Err(ApiFailure::invalid_destination(
                "toAddress is the extension of the transferring agent",
            ));
        }
        // Only a connected participant can transfer; the guide names no error for another
        // state, the mock answers 400 Invalid State (README, mock fidelity).
        let active = dialog
            .participant(target)
            .is_some_and(|p| p.state == ParticipantState::Active);
        if !active {
            return Err(ApiFailure::invalid_state(
                "targetMediaAddress",
                "Only an ACTIVE participant can transfer the call",
            ));
        }
        Ok(())
    }

    /// The effect: `to`'s agent joins ringing, then `ext` leaves the call.
    pub(super) fn apply_transfer_sst(
        &mut self,
        id: u64,
        ext: &str,
        to: Option<&str>,
        user: &str,
    ) -> Result<(), (String, String, CtiError)> {
        let source = format!("/finesse/api/Dialog/{id}");
        // Without a destination, or to the transferor itself (both only under deviations),
        // there is nobody to send the call to.
        let Some(to) = to.filter(|to| *to != ext) else {
            return Ok(());
        };
        let Some(callee) = self.user_on(to) else {
            return Err((user.to_string(), source, CF_INVALID_DESTINATION));
        };
        if let Some(d) = self.dialogs.get_mut(&id) {
            d.participants.push(Participant::new(
                to,
                Some(callee.id.as_str()),
                ParticipantState::Alerting,
            ));
        }
        if !self.dev(Deviation::SstKeepsTransferor) {
            self.drop_participant(id, ext);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{Lab, ext, kind, who};
    use super::*;
    use crate::documents::DialogRequest;
    use finesse_protocol::Deployment::{Ucce, Uccx};

    fn sst(lab: &mut Lab, id: &str, call: &str, to: Option<&str>) -> Result<u16, ApiFailure> {
        let body = Ok(DialogRequest {
            requested_action: Some("TRANSFER_SST".into()),
            target_media_address: Some(ext(id)),
            to_address: to.map(str::to_string),
            ..Default::default()
        });
        let r = lab
            .m
            .put_dialog(Some(&who(id)), call, body, None, lab.now)
            .map(|a| a.status);
        lab.tick();
        r
    }

    /// 1001 calls 1002, who answers; 1003 is signed in NOT_READY to take the transfer.
    fn call_and_target(lab: &mut Lab) -> String {
        let call = lab.connected("1001", "1002");
        lab.signed_in("1003", false);
        call
    }

    #[test]
    fn the_transferring_agent_leaves_and_the_destination_rings() {
        for dep in [Ucce, Uccx] {
            let mut lab = Lab::new(dep);
            let call = call_and_target(&mut lab);
            assert_eq!(sst(&mut lab, "1002", &call, Some(&ext("1003"))), Ok(202));
            assert!(lab.dialogs("1002").is_empty(), "{dep:?}: 1002 left");
            assert_eq!(lab.p_state(&call, "1003"), Some("ALERTING"));
            assert_eq!(lab.p_state(&call, "1001"), Some("ACTIVE"));
            assert_eq!(lab.state("1002"), "NOT_READY");
            lab.put("1003", &call, "ANSWER").expect("answer");
            assert_eq!(lab.p_state(&call, "1003"), Some("ACTIVE"));
            assert_eq!(lab.live_parties(&call), 2);
        }
    }

    #[test]
    fn an_unknown_destination_fails_asynchronously_and_keeps_the_call() {
        let mut lab = Lab::new(Ucce);
        let call = call_and_target(&mut lab);
        assert_eq!(sst(&mut lab, "1002", &call, Some("5551234")), Ok(202));
        assert_eq!(lab.last_error_data(), Some("14"));
        assert_eq!(lab.p_state(&call, "1002"), Some("ACTIVE"));
    }

    #[test]
    fn sst_errors_and_their_deviations() {
        let mut lab = Lab::new(Ucce);
        let call = call_and_target(&mut lab);
        let e = sst(&mut lab, "1002", &call, None).expect_err("no destination");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Parameter Missing"), Some("toAddress"))
        );
        let e = sst(&mut lab, "1002", &call, Some(&ext("1002"))).expect_err("self");
        assert_eq!(kind(&e), (400, "Invalid Destination"));
        lab.put("1002", &call, "HOLD").expect("hold");
        let e = sst(&mut lab, "1002", &call, Some(&ext("1003"))).expect_err("held");
        assert_eq!(kind(&e), (400, "Invalid State"));
        lab.put("1002", &call, "RETRIEVE").expect("retrieve");
        lab.dev(Deviation::SstWithoutDestinationAccepted, true);
        assert_eq!(sst(&mut lab, "1002", &call, None), Ok(202));
        lab.dev(Deviation::SstToSelfAccepted, true);
        assert_eq!(sst(&mut lab, "1002", &call, Some(&ext("1002"))), Ok(202));
        assert_eq!(lab.p_state(&call, "1002"), Some("ACTIVE"), "nothing moved");
        lab.dev(Deviation::SstKeepsTransferor, true);
        assert_eq!(sst(&mut lab, "1002", &call, Some(&ext("1003"))), Ok(202));
        assert_eq!(
            lab.p_state(&call, "1002"),
            Some("ACTIVE"),
            "stays on the call"
        );
        assert_eq!(lab.p_state(&call, "1003"), Some("ALERTING"));
    }
}
