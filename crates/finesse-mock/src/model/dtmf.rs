//! SEND_DTMF (G12.5 p.92, "Dialog—Send DTMF String"; reference §2.1 D5): a participant sends
//! tones on its call, with the digits in the action parameter `dtmfString`. The page lists 202,
//! 400 Parameter Missing, 400 Invalid Input, 401 Authorization Failure, 401 Invalid
//! Authorization User Specified, 401 Invalid State (the target participant HELD) and 500.
//!
//! Tones leave no trace in the Dialog, so the accepted request changes nothing the API shows.
//! The participant state table (DEV/state-participant-parameter-values) does not list
//! SEND_DTMF for any state, so the mock keeps it out of the actions lists and checks its own
//! preconditions here (like START_RECORDING, p.107).

use super::dialogs::{Dialog, ParticipantState};
use super::{ApiFailure, Finesse};
use crate::deviations::Deviation;
use crate::documents::DialogRequest;

/// The action parameter that carries the digits (p.92).
pub(super) const DTMF_STRING: &str = "dtmfString";

/// Keypad tones: 0–9, `*`, `#` and the A–D column. Which characters Finesse itself refuses
/// synchronously is not documented; the mock answers Invalid Input for any other (README,
/// mock fidelity).
fn is_dtmf(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '*' | '#' | 'A'..='D' | 'a'..='d'))
}

impl Finesse {
    /// The synchronous checks of SEND_DTMF on `dialog` for the caller's own `target`.
    pub(super) fn check_send_dtmf(
        &self,
        dialog: &Dialog,
        target: &str,
        body: &DialogRequest,
    ) -> Result<(), ApiFailure> {
        let digits = body.action_param(DTMF_STRING);
        let digits = digits.as_deref().map(str::trim).unwrap_or_default();
        if digits.is_empty() && !self.dev(Deviation::DtmfWithoutStringAccepted) {
            return Err(ApiFailure::parameter_missing(DTMF_STRING));
        }
        if !is_dtmf(digits) {
            return Err(ApiFailure::invalid_input(
                DTMF_STRING,
                format!("Invalid dtmfString {digits}"),
            ));
        }
        let state = dialog.participant(target).map(|p| p.state);
        if state == Some(ParticipantState::Held) && !self.dev(Deviation::DtmfWhileHeldAllowed) {
            // p.92 lists Invalid State with a 401 status for a HELD target.
            return Err(
                ApiFailure::invalid_state("targetMediaAddress", "The participant is HELD")
                    .with_status(401),
            );
        }
        // Held is allowed only under the deviation; any other state than ACTIVE has no
        // connection to send tones on. The guide names no error for it: the mock answers
        // 400 Invalid State (README, mock fidelity).
        if !matches!(
            state,
            Some(ParticipantState::Active | ParticipantState::Held)
        ) {
            return Err(ApiFailure::invalid_state(
                "targetMediaAddress",
                "The participant is not ACTIVE on the call",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{Lab, ext, kind, who};
    use super::*;
    use crate::documents::{RequestActionParams, RequestCallVariable};
    use finesse_protocol::Deployment::{self, Ucce, Uccx};

    fn dtmf(target: &str, digits: Option<&str>) -> Result<DialogRequest, String> {
        Ok(DialogRequest {
            requested_action: Some("SEND_DTMF".into()),
            target_media_address: Some(target.into()),
            action_params: digits.map(|d| RequestActionParams {
                params: vec![RequestCallVariable {
                    name: Some(DTMF_STRING.into()),
                    value: Some(d.into()),
                }],
            }),
            ..Default::default()
        })
    }

    fn send(lab: &mut Lab, id: &str, call: &str, digits: Option<&str>) -> Result<u16, ApiFailure> {
        let r = lab
            .m
            .put_dialog(Some(&who(id)), call, dtmf(&ext(id), digits), None, lab.now)
            .map(|a| a.status);
        lab.tick();
        r
    }

    fn connected(dep: Deployment) -> (Lab, String) {
        let mut lab = Lab::new(dep);
        let call = lab.connected("1001", "1002");
        (lab, call)
    }

    #[test]
    fn an_active_participant_sends_tones_without_an_async_error() {
        for dep in [Ucce, Uccx] {
            let (mut lab, call) = connected(dep);
            assert_eq!(send(&mut lab, "1002", &call, Some("123*#")), Ok(202));
            assert_eq!(lab.errors(), 0, "{dep:?}");
            assert_eq!(lab.p_state(&call, "1002"), Some("ACTIVE"));
            lab.dev(Deviation::SendDtmfFails, true);
            assert_eq!(send(&mut lab, "1002", &call, Some("1")), Ok(202));
            assert_eq!(lab.errors(), 1, "{dep:?}: fails asynchronously");
        }
    }

    #[test]
    fn the_dtmf_string_is_required_and_must_be_tones() {
        let (mut lab, call) = connected(Ucce);
        for digits in [None, Some(""), Some("  ")] {
            let e = send(&mut lab, "1002", &call, digits).expect_err("missing");
            assert_eq!(
                (kind(&e), e.data.as_deref()),
                ((400, "Parameter Missing"), Some(DTMF_STRING))
            );
        }
        let e = send(&mut lab, "1002", &call, Some("12x")).expect_err("not tones");
        assert_eq!(kind(&e), (400, "Invalid Input"));
        lab.dev(Deviation::DtmfWithoutStringAccepted, true);
        assert_eq!(send(&mut lab, "1002", &call, None), Ok(202));
    }

    #[test]
    fn a_held_participant_gets_401_invalid_state() {
        let (mut lab, call) = connected(Uccx);
        lab.put("1002", &call, "HOLD").expect("hold");
        let e = send(&mut lab, "1002", &call, Some("5")).expect_err("held");
        assert_eq!(kind(&e), (401, "Invalid State"));
        lab.dev(Deviation::DtmfWhileHeldAllowed, true);
        assert_eq!(send(&mut lab, "1002", &call, Some("5")), Ok(202));
        assert_eq!(
            lab.p_state(&call, "1002"),
            Some("HELD"),
            "tones change nothing"
        );
    }

    #[test]
    fn only_the_participant_itself_may_send_and_with_good_credentials() {
        let (mut lab, call) = connected(Ucce);
        let as_other = |lab: &mut Lab, creds: &str| {
            let body = dtmf(&ext("1002"), Some("1"));
            let r = lab
                .m
                .put_dialog(Some(&who(creds)), &call, body, None, lab.now);
            lab.tick();
            r.map(|a| a.status)
        };
        let e = as_other(&mut lab, "nobody").expect_err("unknown user");
        assert_eq!(kind(&e), (401, "Authorization Failure"));
        let e = as_other(&mut lab, "1001").expect_err("the other party");
        assert_eq!(kind(&e), (401, "Invalid Authorization User Specified"));
        lab.dev(Deviation::DialogUnknownCredentialsAccepted, true);
        assert_eq!(as_other(&mut lab, "nobody"), Ok(202));
        lab.dev(Deviation::DialogForOtherUserAllowed, true);
        assert_eq!(as_other(&mut lab, "1001"), Ok(202));
    }

    #[test]
    fn a_ringing_participant_cannot_send_tones() {
        let mut lab = Lab::new(Ucce);
        let call = lab.ringing("1001", "1002");
        let e = send(&mut lab, "1002", &call, Some("1")).expect_err("ringing");
        assert_eq!(kind(&e), (400, "Invalid State"));
    }
}
