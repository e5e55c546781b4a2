//! UPDATE_CALL_DATA (developer site "Dialog—Update Call Variable Data" and "Dialog API
//! Errors"; reference §2.1 D4, §6.1): a participant sets call variables (callVariable1–10),
//! ECC variables (`user.…`) and the wrap-up reason of its call. The new values show in the
//! Dialog and so in the Dialog notification that follows.
//!
//! Dialog API Errors: an unknown or repeated variable name is 400 Invalid Input, and so is an
//! attempt to set one of the Outbound Option variables (BACampaign, BAAccountNumber, …). The
//! page does not limit that last rule to one platform; the mock refuses them on both (README,
//! mock fidelity). UPDATE_CALL_DATA is in the participant's actions list (§6.3), so a
//! participant whose state does not offer it fails asynchronously (p.109), as other actions.

use super::calls::NOT_ALLOWED;
use super::dialogs::{Action, allowed_actions, is_call_variable_name};
use super::{ApiFailure, CtiError, Finesse};
use crate::deviations::Deviation;
use crate::documents::DialogRequest;

/// The Outbound Option variables a client may not set (Dialog API Errors).
const OUTBOUND_VARIABLES: &[&str] = &[
    "BACampaign",
    "BAAccountNumber",
    "BAResponse",
    "BAStatus",
    "BADialedListID",
    "BATimeZone",
    "BABuddyName",
    "BACustomerNumber",
];

/// Whether `name` is an Outbound Option variable, bare or as an ECC variable (`user.BA…`).
fn is_outbound_variable(name: &str) -> bool {
    let bare = name.strip_prefix("user.").unwrap_or(name);
    OUTBOUND_VARIABLES.contains(&bare)
}

/// What an accepted UPDATE_CALL_DATA sets once it lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallData {
    pub variables: Vec<(String, String)>,
    /// `Some` when the request names a wrap-up reason (an empty one clears it).
    pub wrap_up_reason: Option<String>,
}

impl Finesse {
    /// The synchronous checks of UPDATE_CALL_DATA's body.
    pub(super) fn check_call_data(&self, body: &DialogRequest) -> Result<CallData, ApiFailure> {
        // Without mediaProperties there is nothing to update; the guide names no error for
        // it, so the mock answers as for any missing parameter (README, mock fidelity).
        let Some(props) = &body.media_properties else {
            return Err(ApiFailure::parameter_missing("mediaProperties"));
        };
        let invalid = |msg: String| ApiFailure::invalid_input("mediaProperties", msg);
        let variables = body.call_variables();
        for (i, (name, _)) in variables.iter().enumerate() {
            if is_outbound_variable(name) {
                if self.dev(Deviation::OutboundVariablesWritable) {
                    continue;
                }
                return Err(invalid(format!(
                    "The Outbound Option variable {name} cannot be set"
                )));
            }
            let unchecked = self.dev(Deviation::CallDataNamesUnchecked);
            if !is_call_variable_name(name) && !unchecked {
                return Err(invalid(format!("Invalid call variable name {name}")));
            }
            if variables[..i].iter().any(|(n, _)| n == name) && !unchecked {
                return Err(invalid(format!("Call variable {name} is given twice")));
            }
        }
        Ok(CallData {
            variables,
            wrap_up_reason: props.wrap_up_reason.clone(),
        })
    }

    /// The effect of an accepted UPDATE_CALL_DATA for the participant on `ext`: variables
    /// already on the dialog take the new value, others are added; a named wrap-up reason
    /// replaces the old one.
    pub(super) fn apply_call_data(
        &mut self,
        id: u64,
        ext: &str,
        data: CallData,
    ) -> Result<(), (String, String, CtiError)> {
        let Some(dialog) = self.dialogs.get(&id) else {
            return Ok(());
        };
        let Some(p) = dialog.participant(ext) else {
            return Ok(());
        };
        let user = p.user.clone().unwrap_or_default();
        let listed = allowed_actions(dialog.kind, p.state).contains(&Action::UpdateCallData);
        if !listed && !self.dev(Deviation::ActionNotInListApplied) {
            return Err((user, format!("/finesse/api/Dialog/{id}"), NOT_ALLOWED));
        }
        if self.dev(Deviation::CallDataNotStored) {
            return Ok(());
        }
        let Some(d) = self.dialogs.get_mut(&id) else {
            return Ok(());
        };
        for (name, value) in data.variables {
            match d.call_variables.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = value,
                None => d.call_variables.push((name, value)),
            }
        }
        if let Some(reason) = data.wrap_up_reason {
            d.wrap_up_reason = Some(reason);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{Lab, ext, kind, who};
    use super::*;
    use crate::documents::{RequestCallVariable, RequestCallVariables, RequestMediaProperties};
    use finesse_protocol::Deployment::{self, Ucce, Uccx};

    fn update(
        target: &str,
        vars: &[(&str, &str)],
        wrap_up: Option<&str>,
    ) -> Result<DialogRequest, String> {
        let variables = vars
            .iter()
            .map(|(n, v)| RequestCallVariable {
                name: Some((*n).into()),
                value: Some((*v).into()),
            })
            .collect();
        Ok(DialogRequest {
            requested_action: Some("UPDATE_CALL_DATA".into()),
            target_media_address: Some(target.into()),
            media_properties: Some(RequestMediaProperties {
                call_variables: Some(RequestCallVariables { variables }),
                wrap_up_reason: wrap_up.map(str::to_string),
            }),
            ..Default::default()
        })
    }

    fn send(
        lab: &mut Lab,
        id: &str,
        call: &str,
        vars: &[(&str, &str)],
        wrap_up: Option<&str>,
    ) -> Result<u16, ApiFailure> {
        let body = update(&ext(id), vars, wrap_up);
        let r = lab
            .m
            .put_dialog(Some(&who(id)), call, body, None, lab.now)
            .map(|a| a.status);
        lab.tick();
        r
    }

    fn shown(lab: &mut Lab, viewer: &str, name: &str) -> Option<String> {
        let d = lab.dialogs(viewer).into_iter().next()?;
        d.media_properties
            .call_variables
            .into_iter()
            .find(|v| v.name == name)
            .map(|v| v.value)
    }

    fn connected(dep: Deployment) -> (Lab, String) {
        let mut lab = Lab::new(dep);
        let call = lab.connected("1001", "1002");
        (lab, call)
    }

    #[test]
    fn call_variables_ecc_variables_and_the_wrap_up_reason_are_set() {
        for dep in [Ucce, Uccx] {
            let (mut lab, call) = connected(dep);
            let vars = [("callVariable1", "one"), ("user.account", "42")];
            assert_eq!(send(&mut lab, "1002", &call, &vars, Some("Sale")), Ok(202));
            assert_eq!(lab.errors(), 0);
            // Both participants see them.
            assert_eq!(
                shown(&mut lab, "1001", "callVariable1").as_deref(),
                Some("one")
            );
            assert_eq!(
                shown(&mut lab, "1002", "user.account").as_deref(),
                Some("42")
            );
            let d = lab.dialogs("1001").remove(0);
            assert_eq!(d.media_properties.wrap_up_reason.as_deref(), Some("Sale"));
            // A later update replaces a value and keeps the others.
            send(&mut lab, "1001", &call, &[("callVariable1", "uno")], None).expect("again");
            assert_eq!(
                shown(&mut lab, "1002", "callVariable1").as_deref(),
                Some("uno")
            );
            assert_eq!(
                shown(&mut lab, "1002", "user.account").as_deref(),
                Some("42")
            );
            let d = lab.dialogs("1001").remove(0);
            assert_eq!(d.media_properties.wrap_up_reason.as_deref(), Some("Sale"));
            lab.dev(Deviation::CallDataNotStored, true);
            send(&mut lab, "1001", &call, &[("callVariable2", "x")], None).expect("accepted");
            assert_eq!(
                shown(&mut lab, "1001", "callVariable2").as_deref(),
                Some("")
            );
        }
    }

    #[test]
    fn unknown_repeated_and_outbound_names_are_invalid_input() {
        let (mut lab, call) = connected(Ucce);
        let bad: [&[(&str, &str)]; 3] = [
            &[("callVariable11", "x")],
            &[("callVariable2", "a"), ("callVariable2", "b")],
            &[("callVariable3", "ok"), ("nonsense", "x")],
        ];
        for vars in bad {
            let e = send(&mut lab, "1002", &call, vars, None).expect_err("invalid");
            assert_eq!(kind(&e), (400, "Invalid Input"), "{vars:?}");
        }
        assert_eq!(
            shown(&mut lab, "1002", "callVariable3").as_deref(),
            Some("")
        );
        for name in ["BACampaign", "user.BAStatus", "BACustomerNumber"] {
            let e = send(&mut lab, "1002", &call, &[(name, "x")], None).expect_err(name);
            assert_eq!(kind(&e), (400, "Invalid Input"));
        }
        lab.dev(Deviation::CallDataNamesUnchecked, true);
        for vars in bad {
            assert_eq!(send(&mut lab, "1002", &call, vars, None), Ok(202));
        }
        let e = send(&mut lab, "1002", &call, &[("BACampaign", "x")], None).expect_err("BA");
        assert_eq!(kind(&e), (400, "Invalid Input"), "another rule");
        lab.dev(Deviation::CallDataNamesUnchecked, false);
        lab.dev(Deviation::OutboundVariablesWritable, true);
        assert_eq!(
            send(&mut lab, "1002", &call, &[("BACampaign", "x")], None),
            Ok(202)
        );
        let e = send(&mut lab, "1002", &call, bad[0], None).expect_err("still checked");
        assert_eq!(kind(&e), (400, "Invalid Input"));
    }

    #[test]
    fn a_ringing_participant_fails_asynchronously() {
        let mut lab = Lab::new(Uccx);
        let call = lab.ringing("1001", "1002");
        assert_eq!(
            send(&mut lab, "1002", &call, &[("callVariable1", "x")], None),
            Ok(202)
        );
        assert_eq!(lab.errors(), 1, "ALERTING offers only ANSWER");
        assert_eq!(
            shown(&mut lab, "1002", "callVariable1").as_deref(),
            Some("")
        );
    }
}
