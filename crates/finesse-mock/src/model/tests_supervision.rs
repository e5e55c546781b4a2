//! Monitor, barge, preview, reservation and wrap-up rules through the model's operations
//! (no HTTP); the lab is `tests_calls`'.

use super::test_support::*;
use super::*;
use crate::documents::DialogRequest;

#[test]
fn silent_monitoring_sets_the_supervisor_state_per_platform_and_ends_with_drop() {
    for (dep, sup_state) in [
        (Deployment::Ucce, "TALKING"),
        (Deployment::Uccx, "NOT_READY"),
    ] {
        let mut lab = Lab::new(dep);
        lab.connected("1001", "1002");
        lab.signed_in("2001", false);
        assert_eq!(
            lab.post("2001", monitor("2001", "1002")).map(|a| a.status),
            Ok(202)
        );
        let m = lab.dialogs("2001").remove(0);
        assert_eq!(m.call_type(), Some("SUPERVISOR_MONITOR"));
        assert_eq!(lab.state("2001"), sup_state, "{dep}");
        lab.put("2001", &m.id, "DROP").expect("end monitoring");
        assert!(lab.dialogs("2001").is_empty());
        assert_eq!(lab.state("2001"), "NOT_READY");
        assert_eq!(lab.dialogs("1002").len(), 1, "the call goes on");
    }
}

#[test]
fn silent_monitoring_preconditions() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("2001", true);
    let e = lab
        .post("2001", monitor("2001", "1001"))
        .expect_err("supervisor READY");
    assert_eq!((e.status, e.error_type.as_str()), (400, "Invalid State"));
    lab.set("2001", "NOT_READY");
    assert!(
        lab.post("2001", monitor("2001", "1001")).is_ok(),
        "accepted"
    );
    assert!(lab.dialogs("2001").is_empty(), "no call to monitor");
    assert_eq!(
        lab.m.async_errors().last().map(|e| e.error_data.as_str()),
        Some("13145")
    );
    lab.signed_in("1101", false);
    let e = lab
        .post("2001", monitor("2001", "1101"))
        .expect_err("other team");
    assert_eq!(e.status, 401);
    let e = lab
        .post("1001", monitor("1001", "1002"))
        .expect_err("not a supervisor");
    assert_eq!(e.status, 401);
}

#[test]
fn monitoring_ends_when_the_call_ends() {
    let mut lab = Lab::new(Deployment::Ucce);
    let id = lab.connected("1001", "1002");
    lab.signed_in("2001", false);
    lab.post("2001", monitor("2001", "1002")).expect("monitor");
    lab.put("1001", &id, "DROP").expect("drop");
    assert!(lab.dialogs("2001").is_empty());
    assert_eq!(lab.state("2001"), "NOT_READY");
}

#[test]
fn barge_turns_the_call_into_a_conference_controlled_by_the_agent() {
    for (dep, sup_after) in [
        (Deployment::Ucce, "TALKING"),
        (Deployment::Uccx, "NOT_READY"),
    ] {
        let (mut lab, call, m) = monitored_call(dep);
        assert_eq!(
            lab.post("2001", barge_on("2001", "1002", &m))
                .map(|a| a.status),
            Ok(202)
        );
        let d = lab.dialogs("2001").remove(0);
        assert_eq!(d.id, call, "the supervisor is on the call");
        assert_eq!(d.call_type(), Some("CONFERENCE"));
        assert_eq!(d.participants.len(), 3);
        assert_eq!(lab.state("2001"), sup_after, "{dep}: non-ICD call");
        assert_eq!(
            lab.state("1002"),
            if dep == Deployment::Ucce {
                "TALKING"
            } else {
                "NOT_READY"
            }
        );
        // Ending the barge: the supervisor drops; the agents stay on the call.
        lab.put("2001", &call, "DROP").expect("end barge");
        assert!(lab.dialogs("2001").is_empty());
        assert_eq!(lab.dialogs("1001").len(), 1);
    }
}

#[test]
fn barge_on_an_icd_call_makes_a_ccx_supervisor_talk() {
    let mut lab = Lab::new(Deployment::Uccx);
    let call = lab.icd_ringing();
    lab.put("1002", &call, "ANSWER").expect("answer");
    lab.signed_in("2001", false);
    lab.post("2001", monitor("2001", "1002")).expect("monitor");
    assert_eq!(lab.state("2001"), "NOT_READY", "CCX monitoring");
    let m = lab.dialogs("2001").remove(0).id;
    lab.post("2001", barge_on("2001", "1002", &m))
        .expect("barge");
    assert_eq!(lab.state("2001"), "TALKING");
    assert_eq!(lab.state("1002"), "TALKING");
}

#[test]
fn barge_preconditions_and_their_deviations() {
    // Not monitoring: the associated dialog is the call, not a monitoring session.
    let (mut lab, call, _) = monitored_call(Deployment::Ucce);
    let e = lab
        .post("2001", barge_on("2001", "1002", &call))
        .expect_err("not monitoring");
    assert_eq!((e.status, e.error_type.as_str()), (400, "Invalid State"));
    lab.m
        .deviations
        .set(Deviation::BargeWithoutMonitoring, true);
    assert!(lab.post("2001", barge_on("2001", "1002", &call)).is_ok());

    let (mut lab, call, m) = monitored_call(Deployment::Ucce);
    lab.put("1002", &call, "HOLD").expect("hold");
    let e = lab
        .post("2001", barge_on("2001", "1002", &m))
        .expect_err("held");
    assert_eq!(e.error_type, "Invalid Destination");
    lab.m.deviations.set(Deviation::BargeOnHold, true);
    assert!(lab.post("2001", barge_on("2001", "1002", &m)).is_ok());

    let (mut lab, _, m) = monitored_call(Deployment::Ucce);
    lab.m.faults.bridge_full = true;
    let e = lab
        .post("2001", barge_on("2001", "1002", &m))
        .expect_err("bridge full");
    assert_eq!((e.status, e.error_type.as_str()), (400, "20700"));
    lab.m.deviations.set(Deviation::BargeBridgeUnlimited, true);
    assert!(lab.post("2001", barge_on("2001", "1002", &m)).is_ok());
}

#[test]
fn barge_through_a_non_controller_is_20999() {
    let (mut lab, _, m) = monitored_call(Deployment::Ucce);
    lab.post("2001", barge_on("2001", "1002", &m))
        .expect("first barge: 1002 controls");
    lab.signed_in("2002", false);
    lab.post("2002", monitor("2002", "1001"))
        .expect("monitor the other agent");
    let m2 = lab
        .dialogs("2002")
        .into_iter()
        .find(|d| d.call_type() == Some("SUPERVISOR_MONITOR"))
        .map(|d| d.id)
        .expect("monitor");
    let e = lab
        .post("2002", barge_on("2002", "1001", &m2))
        .expect_err("1001 does not control the conference");
    assert_eq!((e.status, e.error_type.as_str()), (400, "20999"));
    lab.m.deviations.set(Deviation::BargeViaNonController, true);
    assert!(lab.post("2002", barge_on("2002", "1001", &m2)).is_ok());
}

#[test]
fn barge_on_another_teams_agent_is_refused_unless_the_deviation_is_on() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.connected("1101", "1102");
    lab.signed_in("2001", false);
    let e = lab
        .post("2001", barge_on("2001", "1102", "1"))
        .expect_err("other team");
    assert_eq!(e.status, 401);
    lab.m.deviations.set(Deviation::BargeAnyTeam, true);
    lab.m
        .deviations
        .set(Deviation::BargeWithoutMonitoring, true);
    assert!(lab.post("2001", barge_on("2001", "1102", "1")).is_ok());
}

#[test]
fn preview_reservations_accept_close_and_reject() {
    for action in ["ACCEPT", "CLOSE", "REJECT"] {
        let mut lab = Lab::new(Deployment::Ucce);
        let id = lab.preview("1001", false);
        assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND_PREVIEW");
        let d = lab.dialogs("1001").remove(0);
        assert_eq!(d.call_type(), Some("OUTBOUND_PREVIEW"));
        assert_eq!(
            d.participant(&ext("1001")).map(|p| p.action_names()),
            Some(vec!["ACCEPT", "CLOSE", "REJECT"])
        );
        assert_eq!(lab.put("1001", &id, action).map(|a| a.status), Ok(202));
        if action == "ACCEPT" {
            assert_eq!(lab.state("1001"), "TALKING");
            let calls = lab.dialogs("1001");
            assert_eq!(
                calls.len(),
                1,
                "the reservation is gone, the dialer's call is up"
            );
            assert_eq!(calls[0].call_type(), Some("OUTBOUND"));
            assert_ne!(calls[0].id, id);
            assert_eq!(
                lab.m
                    .dialog(Some(&who("1001")), &id, lab.now)
                    .map_err(|e| e.status),
                Err(404),
                "ACCEPTED is over"
            );
            let call = calls[0].id.clone();
            lab.put("1001", &call, "DROP").expect("hang up");
        }
        assert!(lab.dialogs("1001").is_empty(), "{action}");
        assert_eq!(lab.state("1001"), "READY", "{action}: back to READY");
    }
}

#[test]
fn preview_rules_per_platform() {
    let mut lab = Lab::new(Deployment::Ucce);
    let id = lab.preview("1001", true);
    let e = lab.put("1001", &id, "ACCEPT").expect_err("CCE");
    assert_eq!((e.status, e.error_type.as_str()), (501, "Not Implemented"));
    assert_eq!(
        lab.put("1001", &id, "HOLD").map(|a| a.status),
        Ok(202),
        "accepted, then Generic Error"
    );
    assert_eq!(
        lab.m.async_errors().last().map(|e| e.error_type.as_str()),
        Some("Generic Error")
    );
    assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND_PREVIEW");
    assert_eq!(
        lab.m.cancel_preview("1001", lab.now),
        Ok(1),
        "the dialer withdraws it"
    );
    assert!(lab.dialogs("1001").is_empty());
    assert_eq!(lab.state("1001"), "READY");
    let mut lab = Lab::new(Deployment::Uccx);
    lab.signed_in("1001", true);
    assert!(
        lab.m.place_preview("1001", false, lab.now).is_err(),
        "no Outbound Option on CCX"
    );
    let id = lab
        .m
        .place_preview("1001", true, lab.now)
        .expect("direct preview on CCX")
        .to_string();
    assert_eq!(lab.put("1001", &id, "CLOSE").map(|a| a.status), Ok(202));
    let mut lab = Lab::new(Deployment::Ucce);
    lab.signed_in("1001", false);
    assert!(
        lab.m.place_preview("1001", false, lab.now).is_err(),
        "the agent must be READY"
    );
}

#[test]
fn a_supervisor_signing_an_agent_out_ends_its_calls() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.connected("1001", "1002");
    lab.signed_in("2001", false);
    lab.put_user("2001", "1002", state("LOGOUT"))
        .expect("logout");
    assert_eq!(lab.state("1002"), "LOGOUT");
    assert!(lab.dialogs("1001").is_empty());
    assert_eq!(lab.state("1001"), "NOT_READY");
}

#[test]
fn a_consult_holds_the_call_and_makes_a_barge_20999() {
    let (mut lab, call, m) = monitored_call(Deployment::Ucce);
    lab.signed_in("1005", false);
    let consult = Ok(DialogRequest {
        requested_action: Some("CONSULT_CALL".into()),
        target_media_address: Some(ext("1002")),
        to_address: Some(ext("1005")),
        ..Default::default()
    });
    let missing = Ok(DialogRequest {
        requested_action: Some("CONSULT_CALL".into()),
        target_media_address: Some(ext("1002")),
        ..Default::default()
    });
    let e = lab
        .m
        .put_dialog(Some(&who("1002")), &call, missing, None, lab.now)
        .expect_err("no toAddress");
    assert_eq!(e.data.as_deref(), Some("toAddress"));
    lab.m
        .put_dialog(Some(&who("1002")), &call, consult, None, lab.now)
        .expect("consult");
    lab.tick();
    assert_eq!(
        lab.participant_state("1001", "1002").as_deref(),
        Some("HELD"),
        "the original call is held"
    );
    assert_eq!(lab.dialogs("1005").len(), 1, "the consulted agent rings");
    let e = lab
        .post("2001", barge_on("2001", "1002", &m))
        .expect_err("outstanding consult");
    assert_eq!((e.status, e.error_type.as_str()), (400, "20999"));
    lab.m
        .deviations
        .set(Deviation::BargeWithOutstandingConsult, true);
    let e = lab
        .post("2001", barge_on("2001", "1002", &m))
        .expect_err("now the plain hold rule");
    assert_eq!(
        e.error_type, "Invalid Destination",
        "the deviation lifts only the consult rule"
    );
}

#[test]
fn a_cce_agent_calling_from_ready_is_not_ready_with_50006() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.signed_in("1001", true);
    lab.signed_in("1002", false);
    lab.post("1001", make(&ext("1001"), &ext("1002")))
        .expect("call from READY");
    assert_eq!(lab.state("1001"), "NOT_READY");
    let u = lab
        .m
        .get_user(Some(&who("1001")), "1001", lab.now)
        .expect("user");
    assert_eq!(u.reason_code_value(), Some("50006"));
    let mut lab = Lab::new(Deployment::Uccx);
    lab.signed_in("1001", true);
    lab.signed_in("1002", false);
    lab.post("1001", make(&ext("1001"), &ext("1002")))
        .expect("accepted");
    assert!(
        lab.dialogs("1002").is_empty(),
        "CCX refuses a call from READY (mock choice)"
    );
}

#[test]
fn a_request_made_while_ringing_applies_when_the_ringing_stops() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.ringing("1001", "1002");
    lab.set("1002", "READY");
    assert_eq!(
        lab.state("1002"),
        "NOT_READY",
        "pending while the phone rings"
    );
    let id = lab.call_id("1001");
    lab.put("1001", &id, "DROP").expect("caller gives up");
    assert_eq!(lab.state("1002"), "READY", "the request is not lost");
}

#[test]
fn the_ccx_caller_of_an_icd_number_is_on_an_ordinary_call() {
    let mut lab = Lab::new(Deployment::Uccx);
    lab.signed_in("1001", false);
    lab.signed_in("1002", true);
    lab.post("1001", make(&ext("1001"), "8000")).expect("icd");
    lab.set("1001", "READY");
    assert_eq!(
        lab.m.async_errors().last().map(|e| e.error_data.as_str()),
        Some("33"),
        "non-ICD for the caller: CF_RESOURCE_BUSY"
    );
}

#[test]
fn a_ccx_agent_cannot_change_state_during_a_reservation() {
    let mut lab = Lab::new(Deployment::Uccx);
    lab.signed_in("1001", true);
    lab.m
        .place_preview("1001", true, lab.now)
        .expect("reservation");
    for s in ["NOT_READY", "READY"] {
        lab.set("1001", s);
        assert_eq!(
            lab.m.async_errors().last().map(|e| e.error_data.as_str()),
            Some("265"),
            "{s}"
        );
    }
    assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND_PREVIEW");
}

#[test]
fn no_wrap_up_after_an_offer_nobody_took() {
    let mut lab = Lab::with_wrap_up(Deployment::Ucce, "1002");
    lab.signed_in("1001", false);
    lab.signed_in("1002", true);
    lab.post("1001", make(&ext("1001"), "8000")).expect("icd");
    assert_eq!(lab.state("1002"), "RESERVED");
    let id = lab.call_id("1001");
    lab.put("1001", &id, "DROP").expect("abandoned");
    assert_eq!(
        lab.state("1002"),
        "READY",
        "RESERVED → READY when the call is never taken"
    );
}

#[test]
fn a_barge_on_a_call_that_ended_meanwhile_changes_nothing() {
    let (mut lab, call, m) = monitored_call(Deployment::Ucce);
    // The drop is queued first; the barge still passes the synchronous checks (the call is
    // up until the drop is processed) and is processed after it.
    lab.m
        .put_dialog(
            Some(&who("1001")),
            &call,
            act("DROP", Some(&ext("1001"))),
            None,
            lab.now,
        )
        .expect("drop");
    let r = lab.m.post_dialog(
        Some(&who("2001")),
        "2001",
        barge_on("2001", "1002", &m),
        None,
        lab.now,
    );
    assert!(r.is_ok(), "accepted");
    lab.tick();
    assert!(
        lab.dialogs("2001").is_empty(),
        "the supervisor is not left in a dead call"
    );
    assert_eq!(lab.state("2001"), "NOT_READY");
}

/// 1201 (a wrap-up agent of the embedded fixture) answers 1001's call, then 1001 drops it.
fn wrap_up_call(dep: Deployment, ready: bool, swap: bool, ends_in_ready: bool) -> (Lab, String) {
    let mut lab = Lab::new(dep);
    lab.dev(Deviation::WrapUpReadyStatesSwapped, swap);
    lab.dev(Deviation::WrapUpTimerEndsInReady, ends_in_ready);
    let id = lab.connected("1001", "1201");
    if ready {
        // READY asked for during the call: the state the agent heads for afterwards.
        lab.put_user("1201", "1201", state("READY")).expect("ready");
    }
    lab.put("1001", &id, "DROP").expect("drop");
    let after = lab.state("1201");
    (lab, after)
}

#[test]
fn the_wrap_up_timer_ends_work_in_not_ready_and_work_ready_in_ready() {
    let timer = Fixture::embedded().wrap_up_timer;
    let (mut lab, after) = wrap_up_call(Deployment::Ucce, false, false, false);
    assert_eq!(after, "WORK");
    lab.now += timer;
    assert_eq!(lab.state("1201"), "NOT_READY");
    let (mut lab, after) = wrap_up_call(Deployment::Ucce, true, false, false);
    assert_eq!(after, "WORK_READY");
    lab.now += timer;
    assert_eq!(lab.state("1201"), "READY");
    // CCX never shows WORK_READY (§4.4).
    let (_, after) = wrap_up_call(Deployment::Uccx, false, false, false);
    assert_eq!(after, "WORK");
}

#[test]
fn wrap_up_deviations_break_their_own_rule() {
    let timer = Fixture::embedded().wrap_up_timer;
    let (mut lab, after) = wrap_up_call(Deployment::Ucce, false, false, true);
    assert_eq!(after, "WORK");
    lab.now += timer;
    assert_eq!(lab.state("1201"), "READY", "wrap-up-timer-ends-in-ready");
    let (_, after) = wrap_up_call(Deployment::Ucce, true, true, false);
    assert_eq!(
        after, "WORK",
        "UCCE heading for READY shows WORK when swapped"
    );
    let (_, after) = wrap_up_call(Deployment::Ucce, false, true, false);
    assert_eq!(
        after, "WORK",
        "the swap leaves NOT_READY-bound wrap-up alone"
    );
}

fn not_ready(lab: &mut Lab, id: &str) -> Result<Accepted, ApiFailure> {
    lab.put_user(id, id, state("NOT_READY"))
}

#[test]
fn a_progressive_reservation_needs_a_ready_ucce_agent_and_a_withdrawal_returns_to_ready() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.signed_in("1001", false);
    assert!(
        lab.m.place_progressive("1001", lab.now).is_err(),
        "NOT_READY"
    );
    lab.set("1001", "READY");
    lab.m.place_progressive("1001", lab.now).expect("reserve");
    assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND");
    lab.m.cancel_preview("1001", lab.now).expect("withdraw");
    assert_eq!(lab.state("1001"), "READY");

    let mut ccx = Lab::new(Deployment::Uccx);
    ccx.signed_in("1001", true);
    assert!(ccx.m.place_progressive("1001", ccx.now).is_err());
}

#[test]
fn a_ucce_agent_leaves_reserved_outbound_for_not_ready_only_with_a_reason_code() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.signed_in("1001", true);
    lab.m.place_progressive("1001", lab.now).expect("reserve");
    let e = not_ready(&mut lab, "1001").expect_err("no reason code");
    assert_eq!(
        (e.status, e.error_type.as_str(), e.data.as_deref()),
        (400, "Parameter Missing", Some("reasonCodeId"))
    );
    assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND");
    // READY needs no code and is allowed on UCCE.
    lab.set("1001", "READY");
    assert_eq!(lab.state("1001"), "READY");
}

#[test]
fn reserved_outbound_code_optional_lets_not_ready_through_without_a_code() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.m
        .deviations
        .set(Deviation::ReservedOutboundCodeOptional, true);
    lab.signed_in("1001", true);
    lab.m.place_progressive("1001", lab.now).expect("reserve");
    not_ready(&mut lab, "1001").expect("accepted under the deviation");
    assert_eq!(lab.state("1001"), "NOT_READY");
}
