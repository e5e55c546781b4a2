//! Consult, transfer and conference in the model (`consult.rs`): each rule as the mock keeps
//! it, then the deviation that breaks it.

use super::test_support::*;
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
