//! Call, monitor, barge and preview rules through the model's operations (no HTTP).

use super::test_support::*;
use super::*;
use crate::documents::DialogRequest;

#[test]
fn a_call_alerts_the_callee_who_answers_and_both_are_active() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("1002", false);
    assert_eq!(
        lab.post("1001", make(&ext("1001"), &ext("1002")))
            .map(|a| a.status),
        Ok(202)
    );
    let d = lab.dialogs("1002").remove(0);
    assert_eq!(d.state, "ALERTING");
    assert_eq!(
        d.participant(&ext("1002")).map(|p| p.action_names()),
        Some(vec!["ANSWER"])
    );
    assert_eq!(
        d.participant(&ext("1001")).map(|p| p.state.as_str()),
        Some("INITIATED")
    );
    let id = d.id;
    lab.put("1002", &id, "ANSWER").expect("answer");
    let d = lab.dialogs("1001").remove(0);
    assert_eq!(d.state, "ACTIVE");
    for a in ["1001", "1002"] {
        let p = d.participant(&ext(a)).expect("participant");
        assert_eq!(p.state, "ACTIVE");
        assert_eq!(
            p.action_names(),
            ["HOLD", "DROP", "UPDATE_CALL_DATA", "CONSULT_CALL"]
        );
    }
}

#[test]
fn user_states_follow_the_call_per_platform() {
    for (dep, talking) in [
        (Deployment::Ucce, "TALKING"),
        (Deployment::Uccx, "NOT_READY"),
    ] {
        let mut lab = Lab::new(dep);
        let id = lab.connected("1001", "1002");
        assert_eq!(lab.state("1001"), talking, "{dep} caller");
        assert_eq!(lab.state("1002"), talking, "{dep} callee");
        lab.put("1002", &id, "HOLD").expect("hold");
        assert_eq!(
            lab.participant_state("1001", "1002").as_deref(),
            Some("HELD")
        );
        assert_eq!(
            lab.state("1002"),
            if dep == Deployment::Ucce {
                "HOLD"
            } else {
                "NOT_READY"
            }
        );
        lab.put("1002", &id, "RETRIEVE").expect("retrieve");
        assert_eq!(lab.state("1002"), talking);
        lab.put("1001", &id, "DROP").expect("drop");
        assert!(
            lab.dialogs("1001").is_empty() && lab.dialogs("1002").is_empty(),
            "the call is gone"
        );
        assert_eq!(
            (lab.state("1001"), lab.state("1002")),
            ("NOT_READY".into(), "NOT_READY".into())
        );
    }
}

#[test]
fn make_call_checks_its_addresses() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.signed_in("1001", false);
    let e = lab
        .post("1001", make(&ext("1001"), &ext("1001")))
        .expect_err("to == from");
    assert_eq!(
        (e.status, e.error_type.as_str()),
        (400, "Invalid Destination")
    );
    let e = lab
        .post(
            "1001",
            Ok(DialogRequest {
                requested_action: Some("MAKE_CALL".into()),
                from_address: Some(ext("1001")),
                ..Default::default()
            }),
        )
        .expect_err("no to");
    assert_eq!(
        (e.status, e.error_type.as_str(), e.data.as_deref()),
        (400, "Parameter Missing", Some("toAddress"))
    );
    let e = lab
        .post("1001", make("9999999", &ext("1002")))
        .expect_err("not my extension");
    assert_eq!(e.error_type, "Invalid Input");
    let e = lab
        .post("1001", Ok(DialogRequest::default()))
        .expect_err("no action");
    assert_eq!(e.data.as_deref(), Some("requestedAction"));
    let e = lab
        .m
        .post_dialog(
            Some(&who("1002")),
            "1001",
            make(&ext("1001"), "8000"),
            None,
            lab.now,
        )
        .expect_err("another user's dialogs");
    assert_eq!(e.status, 401);
}

#[test]
fn an_action_not_in_the_list_changes_nothing_and_fails_asynchronously() {
    let mut lab = Lab::new(Deployment::Ucce);
    let id = lab.ringing("1001", "1002");
    assert_eq!(
        lab.put("1002", &id, "HOLD").map(|a| a.status),
        Ok(202),
        "accepted first"
    );
    assert_eq!(
        lab.participant_state("1002", "1002").as_deref(),
        Some("ALERTING")
    );
    let e = lab.m.async_errors().last().expect("async error").clone();
    assert_eq!(
        (e.error_type.as_str(), e.source.as_str()),
        (
            "Generic Error",
            format!("/finesse/api/Dialog/{id}").as_str()
        )
    );
}

#[test]
fn dialog_errors_unknown_dialog_missing_target_and_other_extension() {
    let mut lab = Lab::new(Deployment::Ucce);
    let id = lab.connected("1001", "1002");
    let e = lab.put("1001", "424242", "DROP").expect_err("unknown");
    assert_eq!(
        (e.status, e.message.as_str()),
        (404, "Invalid dialogId specified for dialog")
    );
    assert_eq!(
        lab.m
            .dialog(Some(&who("1001")), "424242", lab.now)
            .map_err(|e| e.status),
        Err(404)
    );
    let e = lab
        .m
        .put_dialog(Some(&who("1001")), &id, act("DROP", None), None, lab.now)
        .expect_err("no target");
    assert_eq!(e.data.as_deref(), Some("targetMediaAddress"));
    let e = lab
        .m
        .put_dialog(
            Some(&who("1001")),
            &id,
            act("DROP", Some(&ext("1002"))),
            None,
            lab.now,
        )
        .expect_err("someone else's extension");
    assert_eq!(e.status, 401);
    assert!(
        lab.m.dialog(Some(&who("1002")), &id, lab.now).is_ok(),
        "participants read their dialog"
    );
    assert_eq!(
        lab.m
            .dialog(Some(&who("1005")), &id, lab.now)
            .map_err(|e| e.status),
        Err(401)
    );
}

#[test]
fn an_icd_call_reserves_a_ready_agent_then_talks_on_both_platforms() {
    for dep in [Deployment::Ucce, Deployment::Uccx] {
        let mut lab = Lab::new(dep);
        lab.signed_in("1001", false);
        lab.signed_in("1002", true);
        lab.post("1001", make(&ext("1001"), "8000"))
            .expect("icd call");
        assert_eq!(lab.state("1002"), "RESERVED", "{dep}");
        let d = lab.dialogs("1002").remove(0);
        assert_eq!(d.call_type(), Some("ACD_IN"));
        lab.put("1002", &d.id, "ANSWER").expect("answer");
        assert_eq!(lab.state("1002"), "TALKING", "{dep}");
        lab.put("1002", &d.id, "HOLD").expect("hold");
        assert_eq!(
            lab.state("1002"),
            if dep == Deployment::Ucce {
                "HOLD"
            } else {
                "TALKING"
            },
            "{dep} hold"
        );
        lab.put("1002", &d.id, "DROP").expect("drop");
        assert_eq!(
            lab.state("1002"),
            "READY",
            "{dep}: back to the state before the call"
        );
    }
}

#[test]
fn state_requests_during_a_call_are_pending_on_cce_and_refused_on_ccx() {
    let mut lab = Lab::new(Deployment::Ucce);
    let id = lab.connected("1001", "1002");
    lab.set("1002", "READY");
    assert_eq!(lab.state("1002"), "TALKING", "pending, not applied");
    lab.put("1002", &id, "DROP").expect("drop");
    assert_eq!(
        lab.state("1002"),
        "READY",
        "the pending state after the call"
    );

    let mut lab = Lab::new(Deployment::Uccx);
    let id = lab.icd_ringing();
    lab.put("1002", &id, "ANSWER").expect("answer");
    lab.set("1002", "READY");
    assert_eq!(
        lab.m.async_errors().last().map(|e| e.error_data.as_str()),
        Some("265"),
        "CCX: no pending READY on an ICD call"
    );
    lab.set("1002", "NOT_READY");
    lab.set("1002", "NOT_READY");
    assert_eq!(
        lab.m.async_errors().last().map(|e| e.error_data.as_str()),
        Some("265"),
        "CCX: one pending NOT_READY per call"
    );
    lab.put("1002", &id, "DROP").expect("drop");
    assert_eq!(lab.state("1002"), "NOT_READY");
}

#[test]
fn wrap_up_after_a_call_follows_the_user_setting() {
    let mut lab = Lab::with_wrap_up(Deployment::Ucce, "1002");
    let id = lab.icd_ringing();
    lab.put("1002", &id, "ANSWER").expect("answer");
    lab.put("1002", &id, "DROP").expect("drop");
    assert_eq!(lab.state("1002"), "WORK_READY");
    lab.set("1002", "READY");
    assert_eq!(lab.state("1002"), "READY", "the agent leaves wrap-up");
}
