//! The Dialog CTI error notification (developer site, "Dialog CTI Error Notification";
//! reference §3.2, §7.5): when CTI refuses a call operation (MAKE_CALL, HOLD, RETRIEVE, ANSWER,
//! END, TRANSFER, CONSULT, CONFERENCE), Finesse publishes apiErrors with errorType `Call
//! Operation Failure`, the CTI code in errorData and its constant in errorMessage, on the
//! acting user's Dialogs node with the Dialog as source. The page's sample is 34
//! CF_RESOURCE_OUT_OF_SERVICE.
//!
//! The mock raises it for a call to a phone the fixture marks out of service
//! (`out_of_service_devices`). The caller's dialog is created and fails at once, so the
//! error has a Dialog to name; its participant is FAILED with stateCause OTHER and may DROP
//! (§6.3), as for any failed call (README, mock fidelity).

use super::dialogs::{DialogKind, DialogState, Participant, ParticipantState};
use super::{CtiError, Finesse};
use crate::deviations::Deviation;

/// The page's sample error: the called resource is out of service.
pub(super) const CF_RESOURCE_OUT_OF_SERVICE: CtiError =
    CtiError::new("Call Operation Failure", "34", "CF_RESOURCE_OUT_OF_SERVICE");

/// What the mock sent before it modelled the notification, for the deviation: a Generic Error
/// with no CTI code.
const GENERIC: CtiError = CtiError::new("Generic Error", "", "The call operation failed");

impl Finesse {
    /// Whether `extension` is a phone that exists but is out of service.
    pub(super) fn out_of_service_device(&self, extension: &str) -> bool {
        self.out_of_service
            .iter()
            .any(|d| d.trim() == extension.trim())
    }

    /// MAKE_CALL from `from` to the out-of-service phone `to`: the dialog fails, and the
    /// error for the caller names it.
    pub(super) fn call_out_of_service(
        &mut self,
        caller: &str,
        from: &str,
        to: &str,
    ) -> (String, String, CtiError) {
        let mut p = Participant::new(from, Some(caller), ParticipantState::Failed);
        p.state_cause = Some("OTHER".into());
        let kind = DialogKind::Call { icd: false };
        let id = self.new_dialog(kind, from, to, DialogState::Failed, vec![p]);
        let cti = if self.dev(Deviation::CtiErrorAsGenericError) {
            GENERIC
        } else {
            CF_RESOURCE_OUT_OF_SERVICE
        };
        (caller.to_string(), format!("/finesse/api/Dialog/{id}"), cti)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{Lab, ext, make};
    use super::*;
    use finesse_protocol::Deployment::{Ucce, Uccx};

    const OOS: &str = "3000099";

    #[test]
    fn a_call_to_an_out_of_service_phone_fails_with_the_cti_error() {
        for dep in [Ucce, Uccx] {
            let mut lab = Lab::new(dep);
            lab.signed_in("1001", false);
            lab.m.set_publishing(true);
            lab.post("1001", make(&ext("1001"), OOS)).expect("accepted");
            let e = lab.m.async_errors().last().expect("an error").clone();
            assert_eq!(
                (e.error_type.as_str(), e.error_data.as_str()),
                ("Call Operation Failure", "34")
            );
            assert_eq!(e.error_message, "CF_RESOURCE_OUT_OF_SERVICE");
            let d = lab.dialogs("1001").remove(0);
            assert_eq!(e.source, format!("/finesse/api/Dialog/{}", d.id));
            assert_eq!(d.participants[0].state, "FAILED");
            assert_eq!(d.participants[0].actions, ["DROP"]);
            let notes = lab.m.take_notifications(lab.now);
            let error = notes
                .iter()
                .find(|n| n.data.contains("apiErrors"))
                .expect("published");
            assert_eq!(error.node, "/finesse/api/User/1001/Dialogs");
            assert!(
                error.data.contains("CF_RESOURCE_OUT_OF_SERVICE"),
                "{}",
                error.data
            );
            lab.put("1001", &d.id, "DROP").expect("drop");
            assert!(lab.dialogs("1001").is_empty(), "{dep:?}");
            assert_eq!(lab.state("1001"), "NOT_READY");
        }
    }

    #[test]
    fn the_deviation_sends_a_generic_error_instead() {
        let mut lab = Lab::new(Ucce);
        lab.signed_in("1001", false);
        lab.dev(Deviation::CtiErrorAsGenericError, true);
        lab.post("1001", make(&ext("1001"), OOS)).expect("accepted");
        let e = lab.m.async_errors().last().expect("an error");
        assert_eq!(
            (e.error_type.as_str(), e.error_data.as_str()),
            ("Generic Error", "")
        );
    }
}
