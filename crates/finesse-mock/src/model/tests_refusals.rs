//! The dialog refusals of issue 15's last documented errors: the required fields of
//! SILENT_MONITOR (p.98), of the DROP that ends a barge (p.103) and of START_RECORDING
//! (p.107), and START_RECORDING for another user's extension (p.107, p.32). Each test shows
//! the rule, then the deviation that lifts it, and that it lifts nothing else.

use super::test_support::*;
use super::*;
use Deployment::{Ucce, Uccx};

#[test]
fn silent_monitor_without_to_address_is_parameter_missing_unless_monitor_without_agent_accepted() {
    let mut lab = Lab::new(Ucce);
    lab.connected("1001", "1002");
    lab.signed_in("2001", false);
    let nobody = || post_body("SILENT_MONITOR", &ext("2001"), None, None);
    let e = lab.post("2001", nobody()).expect_err("no toAddress");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Parameter Missing"), Some("toAddress"))
    );
    lab.dev(Deviation::MonitorWithoutAgentAccepted, true);
    assert_eq!(lab.post("2001", nobody()).map(|a| a.status), Ok(202));
    assert!(lab.dialogs("2001").is_empty(), "no session starts");
    assert_eq!(lab.state("2001"), "NOT_READY");
    // MAKE_CALL without toAddress is still Parameter Missing.
    let e = lab
        .post("1003", post_body("MAKE_CALL", &ext("1003"), None, None))
        .expect_err("a call without toAddress");
    assert_eq!(kind(&e), (400, "Parameter Missing"));
}

#[test]
fn the_drop_ending_a_barge_needs_its_target_unless_action_target_optional() {
    let (mut lab, call) = barged_call(Ucce);
    let e = lab
        .put_to("2001", &call, "DROP", None)
        .expect_err("no targetMediaAddress");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Parameter Missing"), Some("targetMediaAddress"))
    );
    // The reservation actions' deviation does not lift it.
    lab.dev(Deviation::PreviewTargetOptional, true);
    let e = lab.put_to("2001", &call, "DROP", None).expect_err("DROP");
    assert_eq!(kind(&e), (400, "Parameter Missing"));
    lab.dev(Deviation::PreviewTargetOptional, false);
    assert_eq!(lab.live_parties(&call), 3, "nobody left");

    lab.dev(Deviation::ActionTargetOptional, true);
    assert_eq!(
        lab.put_to("2001", &call, "DROP", None).map(|a| a.status),
        Ok(202)
    );
    assert_eq!(lab.live_parties(&call), 2, "the supervisor left the call");
    // Other actions, and the reservation actions, still need their target.
    let e = lab.put_to("1001", &call, "HOLD", None).expect_err("HOLD");
    assert_eq!(kind(&e), (400, "Parameter Missing"));
    let id = lab.preview("1003", false);
    let e = lab.put_to("1003", &id, "CLOSE", None).expect_err("CLOSE");
    assert_eq!(kind(&e), (400, "Parameter Missing"));
}

#[test]
fn start_recording_needs_its_target_unless_action_target_optional() {
    let mut lab = Lab::new(Uccx);
    let call = lab.connected("1001", "1002");
    let e = lab
        .put_to("1001", &call, "START_RECORDING", None)
        .expect_err("no targetMediaAddress");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Parameter Missing"), Some("targetMediaAddress"))
    );
    lab.dev(Deviation::ActionTargetOptional, true);
    assert_eq!(
        lab.put_to("1001", &call, "START_RECORDING", None)
            .map(|a| a.status),
        Ok(202),
        "recorded for the caller's own extension"
    );
}

#[test]
fn start_recording_for_another_extension_is_401_unless_dialog_for_other_user_allowed() {
    let mut lab = Lab::new(Uccx);
    let call = lab.connected("1001", "1002");
    let for_1001 = |lab: &mut Lab| lab.put_to("1002", &call, "START_RECORDING", Some(&ext("1001")));
    let e = for_1001(&mut lab).expect_err("another user's extension");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((401, "Invalid Authorization User Specified"), Some("1002"))
    );
    lab.dev(Deviation::DialogForOtherUserAllowed, true);
    assert_eq!(for_1001(&mut lab).map(|a| a.status), Ok(202));
}

#[test]
fn a_malformed_new_dialog_body_is_bad_request_unless_malformed_dialog_body_accepted() {
    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    let garbled = || Err::<crate::documents::DialogRequest, _>("unexpected end of input".into());
    let e = lab.post("1001", garbled()).expect_err("not XML");
    assert_eq!(e.status, 400);
    assert_eq!(e.error_type, "Bad Request");
    lab.dev(Deviation::MalformedDialogBodyAccepted, true);
    assert_eq!(lab.post("1001", garbled()).map(|a| a.status), Ok(202));
    assert!(lab.dialogs("1001").is_empty(), "no call placed");
}

#[test]
fn a_participant_reads_its_call_by_id_unless_dialog_get_not_found() {
    let mut lab = Lab::new(Ucce);
    let call = lab.connected("1001", "1002");
    let read = |lab: &mut Lab| {
        lab.m
            .dialog(Some(&who("1001")), &call, lab.now)
            .map(|d| d.id)
            .map_err(|e| e.status)
    };
    assert_eq!(read(&mut lab), Ok(call.clone()));
    lab.dev(Deviation::DialogGetNotFound, true);
    assert_eq!(read(&mut lab), Err(404));
}
