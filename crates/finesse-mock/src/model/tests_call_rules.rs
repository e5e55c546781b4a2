//! Call, barge-outcome and preview rules for the self-check, each shown kept and then
//! lifted by its deviation (the lab is `tests_dialog_rules`').

use super::test_support::*;
use super::*;
use Deployment::{Ucce, Uccx};

// ---- calls ----

#[test]
fn make_call_deviations_never_rings_to_self_and_without_destination() {
    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("1002", false);
    lab.dev(Deviation::CallNeverRings, true);
    assert_eq!(
        lab.post("1001", make(&ext("1001"), &ext("1002")))
            .map(|a| a.status),
        Ok(202)
    );
    assert!(lab.dialogs("1001").is_empty() && lab.dialogs("1002").is_empty());
    assert_eq!(lab.state("1001"), "NOT_READY");

    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("2001", false);
    let e = lab
        .post("1001", make(&ext("1001"), &ext("1001")))
        .expect_err("to self");
    assert_eq!(kind(&e), (400, "Invalid Destination"));
    lab.dev(Deviation::CallToSelfAllowed, true);
    assert_eq!(
        lab.post("1001", make(&ext("1001"), &ext("1001")))
            .map(|a| a.status),
        Ok(202)
    );
    assert_eq!(lab.dialogs("1001").len(), 1, "a call is placed");
    let e = lab
        .post("2001", monitor("2001", "2001"))
        .expect_err("monitoring oneself");
    assert_eq!(kind(&e), (400, "Invalid Destination"), "MAKE_CALL only");

    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("2001", false);
    let no_to = || post_body("MAKE_CALL", &ext("1001"), None, None);
    let e = lab.post("1001", no_to()).expect_err("no toAddress");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Parameter Missing"), Some("toAddress"))
    );
    lab.dev(Deviation::CallWithoutDestinationAccepted, true);
    assert_eq!(lab.post("1001", no_to()).map(|a| a.status), Ok(202));
    let calls = lab.dialogs("1001");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].state, "FAILED", "then fails");
    let id = calls[0].id.clone();
    assert_eq!(lab.p_state(&id, "1001"), Some("FAILED"));
    let e = lab
        .post(
            "2001",
            post_body("SILENT_MONITOR", &ext("2001"), None, None),
        )
        .expect_err("monitor without toAddress");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Parameter Missing"), Some("toAddress")),
        "MAKE_CALL only"
    );
}

#[test]
fn action_deviations_answer_hold_and_unlisted() {
    // answer-ignored and hold-ignored: accepted, the participant stays as it was.
    {
        let mut lab = Lab::new(Ucce);
        let call = lab.ringing("1001", "1002");
        lab.dev(Deviation::AnswerIgnored, true);
        let before = lab.errors();
        assert_eq!(lab.put("1002", &call, "ANSWER").map(|a| a.status), Ok(202));
        assert_eq!(lab.errors(), before, "no async failure");
        assert_eq!(
            lab.p_state(&call, "1002"),
            Some("ALERTING"),
            "still ringing"
        );
        assert_eq!(lab.raw(&call).state.as_str(), "ALERTING");
        assert_eq!(lab.state("1002"), "NOT_READY");

        let mut lab = Lab::new(Ucce);
        let call = lab.connected("1001", "1002");
        lab.dev(Deviation::HoldIgnored, true);
        assert_eq!(lab.put("1002", &call, "HOLD").map(|a| a.status), Ok(202));
        assert_eq!(lab.p_state(&call, "1002"), Some("ACTIVE"));
        assert_eq!(lab.state("1002"), "TALKING");
        // Only HOLD is ignored: DROP still works.
        lab.put("1002", &call, "DROP").expect("drop");
        assert!(lab.dialogs("1001").is_empty());
    }
    // An unlisted action fails asynchronously unless action-not-in-list-applied.
    {
        let mut lab = Lab::new(Ucce);
        let call = lab.ringing("1001", "1002");
        let before = lab.errors();
        lab.put("1002", &call, "HOLD").expect("accepted");
        assert_eq!(lab.p_state(&call, "1002"), Some("ALERTING"));
        assert_eq!(lab.errors(), before + 1, "Generic Error");

        lab.dev(Deviation::ActionNotInListApplied, true);
        lab.put("1002", &call, "HOLD").expect("accepted");
        assert_eq!(lab.p_state(&call, "1002"), Some("HELD"), "carried out");
        assert_eq!(lab.errors(), before + 1, "no new failure");
    }
}

#[test]
fn drop_leaves_other_party_only_on_an_answered_call() {
    let mut lab = Lab::new(Ucce);
    let call = lab.connected("1001", "1002");
    lab.dev(Deviation::DropLeavesOtherParty, true);
    lab.put("1001", &call, "DROP").expect("drop");
    assert!(lab.dialogs("1001").is_empty(), "the dropping party leaves");
    assert_eq!(lab.state("1001"), "NOT_READY");
    assert_eq!(
        lab.dialog_ids("1002"),
        vec![call.clone()],
        "the other stays"
    );
    assert_eq!(lab.p_state(&call, "1002"), Some("ACTIVE"));
    assert_eq!(lab.state("1002"), "TALKING");
    lab.put("1002", &call, "DROP").expect("the leftover drops");
    assert!(lab.dialogs("1002").is_empty());
    assert_eq!(lab.state("1002"), "NOT_READY");

    // A ringing leftover could not drop it, so the call still ends.
    let mut lab = Lab::new(Ucce);
    let call = lab.ringing("1001", "1002");
    lab.dev(Deviation::DropLeavesOtherParty, true);
    lab.put("1001", &call, "DROP").expect("caller gives up");
    assert!(lab.dialogs("1002").is_empty(), "the call ends");
    assert_eq!(lab.p_state(&call, "1002"), Some("DROPPED"));
}

#[test]
fn unknown_dialog_400_deviations_split_get_and_put() {
    let mut lab = Lab::new(Ucce);
    let call = lab.connected("1001", "1002");
    let get = |lab: &mut Lab| {
        lab.m
            .dialog(Some(&who("1001")), "424242", lab.now)
            .map(|_| ())
    };
    let put = |lab: &mut Lab| lab.put("1001", "424242", "DROP").map(|_| ());
    assert_eq!(get(&mut lab).map_err(|e| e.status), Err(404));
    assert_eq!(put(&mut lab).map_err(|e| e.status), Err(404));
    // Each deviation answers 400 Invalid Input on its own method only.
    for (dev, lifted) in [
        (Deviation::UnknownDialogReturns400, "GET"),
        (Deviation::UnknownDialogPutReturns400, "PUT"),
    ] {
        lab.dev(dev, true);
        for (method, result) in [("GET", get(&mut lab)), ("PUT", put(&mut lab))] {
            if method == lifted {
                let e = result.expect_err(method);
                assert_eq!(
                    (kind(&e), e.data.as_deref()),
                    ((400, "Invalid Input"), Some("dialogId")),
                    "{dev:?}"
                );
            } else {
                let status = result.map_err(|e| e.status);
                assert_eq!(status, Err(404), "{dev:?}: {method} untouched");
            }
        }
        assert!(
            lab.m.dialog(Some(&who("1001")), &call, lab.now).is_ok(),
            "{dev:?}: known dialogs still read"
        );
        lab.dev(dev, false);
    }
}

#[test]
fn call_state_deviations_non_icd_answer_icd_reserve_and_icd_hold() {
    for (dep, normal, swapped) in [
        (Ucce, "TALKING", "NOT_READY"),
        (Uccx, "NOT_READY", "TALKING"),
    ] {
        let mut lab = Lab::new(dep);
        lab.connected("1001", "1002");
        assert_eq!(lab.state("1002"), normal, "{dep}");
        let mut lab = Lab::new(dep);
        lab.dev(Deviation::NonIcdCallStatesSwapped, true);
        lab.connected("1001", "1002");
        assert_eq!(lab.state("1002"), swapped, "{dep}: the answering agent");
        assert_eq!(lab.state("1001"), normal, "{dep}: the caller is untouched");
    }

    for dep in [Ucce, Uccx] {
        for (on, offered) in [(false, "RESERVED"), (true, "READY")] {
            let mut lab = Lab::new(dep);
            lab.dev(Deviation::IcdCallSkipsReserved, on);
            let call = lab.icd_ringing();
            assert_eq!(lab.p_state(&call, "1002"), Some("ALERTING"), "{dep}");
            assert_eq!(lab.state("1002"), offered, "{dep} deviation {on}");
        }
    }

    for (dep, normal, swapped) in [(Ucce, "HOLD", "TALKING"), (Uccx, "TALKING", "HOLD")] {
        for (on, held) in [(false, normal), (true, swapped)] {
            let mut lab = Lab::new(dep);
            lab.dev(Deviation::IcdHoldStatesSwapped, on);
            let call = lab.icd_ringing();
            lab.put("1002", &call, "ANSWER").expect("answer");
            lab.put("1002", &call, "HOLD").expect("hold");
            assert_eq!(lab.p_state(&call, "1002"), Some("HELD"));
            assert_eq!(lab.state("1002"), held, "{dep} deviation {on}");
        }
    }
    // Non-ICD holds keep their platform's state.
    let mut lab = Lab::new(Ucce);
    lab.dev(Deviation::IcdHoldStatesSwapped, true);
    let call = lab.connected("1001", "1002");
    lab.put("1002", &call, "HOLD").expect("hold");
    assert_eq!(lab.state("1002"), "HOLD");
}

#[test]
fn pending_states_swapped_follows_the_other_platform_on_non_icd_calls() {
    // UCCE: READY during a non-ICD call is normally pending; swapped, CCX refuses it (33).
    for (on, error, after) in [(false, None, "READY"), (true, Some("33"), "NOT_READY")] {
        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::PendingStatesSwapped, on);
        let call = lab.connected("1001", "1002");
        let before = lab.errors();
        lab.set("1002", "READY");
        assert_eq!(lab.state("1002"), "TALKING", "not applied during the call");
        assert_eq!(
            (lab.errors() - before, error.and(lab.last_error_data())),
            (usize::from(error.is_some()), error),
            "UCCE deviation {on}"
        );
        lab.put("1002", &call, "DROP").expect("drop");
        assert_eq!(lab.state("1002"), after, "UCCE deviation {on}");
    }
    // UCCX: normally refused with 33; swapped, it is applied after the call.
    for (on, error, after) in [(false, Some("33"), "NOT_READY"), (true, None, "READY")] {
        let mut lab = Lab::new(Uccx);
        lab.dev(Deviation::PendingStatesSwapped, on);
        let call = lab.connected("1001", "1002");
        let before = lab.errors();
        lab.set("1002", "READY");
        assert_eq!(
            (lab.errors() - before, error.and(lab.last_error_data())),
            (usize::from(error.is_some()), error),
            "UCCX deviation {on}"
        );
        lab.put("1002", &call, "DROP").expect("drop");
        assert_eq!(lab.state("1002"), after, "UCCX deviation {on}");
    }
    // ICD calls keep their own rule: a pending READY on UCCE is still accepted.
    let mut lab = Lab::new(Ucce);
    lab.dev(Deviation::PendingStatesSwapped, true);
    let call = lab.icd_ringing();
    lab.put("1002", &call, "ANSWER").expect("answer");
    let before = lab.errors();
    lab.set("1002", "READY");
    assert_eq!(lab.errors(), before, "no refusal on an ICD call");
}

// ---- barge outcomes ----

#[test]
fn barge_outcome_deviations_not_joined_not_ready_and_drop_ends_call() {
    // barge-not-joined: accepted, but the supervisor never joins.
    {
        let (mut lab, call, m) = monitored_call(Ucce);
        lab.dev(Deviation::BargeNotJoined, true);
        let before = lab.errors();
        assert_eq!(
            lab.post("2001", barge("2001", "1002", Some(&uri(&m))))
                .map(|a| a.status),
            Ok(202)
        );
        assert_eq!(lab.errors(), before, "no failure reported");
        assert_eq!(lab.live_parties(&call), 2, "not joined");
        assert!(!lab.raw(&call).is_conference());
        assert_eq!(lab.dialog_ids("2001"), vec![m], "still only monitoring");
        assert_eq!(lab.state("2001"), "TALKING");
    }
    // barged-supervisor-not-ready: NOT_READY instead of the platform's state.
    {
        for (on, sup) in [(false, "TALKING"), (true, "NOT_READY")] {
            let (mut lab, call, m) = monitored_call(Ucce);
            lab.dev(Deviation::BargedSupervisorNotReady, on);
            lab.post("2001", barge("2001", "1002", Some(&uri(&m))))
                .expect("barge");
            assert_eq!(lab.live_parties(&call), 3, "joined");
            assert_eq!(lab.state("2001"), sup, "deviation {on}");
            assert_eq!(lab.state("1002"), "TALKING");
        }
    }
    // barge-drop-ends-call: the supervisor leaving ends the call for everyone.
    {
        for on in [false, true] {
            let (mut lab, call) = barged_call(Ucce);
            lab.dev(Deviation::BargeDropEndsCall, on);
            lab.put("2001", &call, "DROP")
                .expect("the supervisor leaves");
            assert!(lab.dialogs("2001").is_empty());
            assert_eq!(lab.state("2001"), "NOT_READY");
            let left: Vec<usize> = ["1001", "1002"]
                .iter()
                .map(|a| lab.dialogs(a).len())
                .collect();
            if on {
                assert_eq!(left, [0, 0], "the call ended for everyone");
                assert_eq!(lab.state("1002"), "NOT_READY");
            } else {
                assert_eq!(left, [1, 1], "the agents stay on the call");
                assert_eq!(lab.live_parties(&call), 2);
            }
        }
    }
}

// ---- preview ----

#[test]
fn preview_reservation_accept_and_reject_deviations() {
    // preview-reservation-plain-reserved and preview-accept-no-customer.
    {
        for (on, reserved) in [(false, "RESERVED_OUTBOUND_PREVIEW"), (true, "RESERVED")] {
            let mut lab = Lab::new(Ucce);
            lab.dev(Deviation::PreviewReservationPlainReserved, on);
            let id = lab.preview("1001", false);
            assert_eq!(lab.state("1001"), reserved, "deviation {on}");
            lab.put("1001", &id, "CLOSE").expect("close");
            assert_eq!(lab.state("1001"), "READY");
        }

        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::PreviewAcceptNoCustomer, true);
        let id = lab.preview("1001", false);
        assert_eq!(lab.put("1001", &id, "ACCEPT").map(|a| a.status), Ok(202));
        assert!(lab.dialogs("1001").is_empty(), "no call to the customer");
        assert_eq!(
            lab.raw(&id).state.as_str(),
            "ACCEPTED",
            "the reservation ended"
        );
        assert_eq!(lab.state("1001"), "READY", "not TALKING");
    }
    // reject-keeps-reservation: REJECT only; CLOSE still ends the reservation.
    {
        let mut lab = Lab::new(Ucce);
        let id = lab.preview("1001", false);
        lab.put("1001", &id, "REJECT").expect("reject");
        assert!(lab.dialogs("1001").is_empty(), "REJECT ends it normally");
        assert_eq!(lab.state("1001"), "READY");

        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::RejectKeepsReservation, true);
        let id = lab.preview("1001", false);
        assert_eq!(lab.put("1001", &id, "REJECT").map(|a| a.status), Ok(202));
        assert_eq!(
            lab.dialog_ids("1001"),
            vec![id.clone()],
            "the reservation stays"
        );
        assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND_PREVIEW");
        lab.put("1001", &id, "CLOSE").expect("close");
        assert!(lab.dialogs("1001").is_empty(), "CLOSE still ends it");
        assert_eq!(lab.state("1001"), "READY");
    }
}

#[test]
fn preview_request_deviations_target_optional_and_unknown_action() {
    // targetMediaAddress is required unless preview-target-optional (own extension).
    {
        let mut lab = Lab::new(Ucce);
        let id = lab.preview("1001", false);
        let e = lab
            .put_to("1001", &id, "CLOSE", None)
            .expect_err("no target");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Parameter Missing"), Some("targetMediaAddress"))
        );
        lab.dev(Deviation::PreviewTargetOptional, true);
        let e = lab
            .put_to(ADMIN, &id, "CLOSE", None)
            .expect_err("a user without an extension");
        assert_eq!(e.error_type, "Parameter Missing");
        assert_eq!(
            lab.put_to("1001", &id, "CLOSE", None).map(|a| a.status),
            Ok(202)
        );
        assert!(
            lab.dialogs("1001").is_empty(),
            "closed for 1001's extension"
        );
        assert_eq!(lab.state("1001"), "READY");
    }
    // An unknown requestedAction is 400 Invalid Input unless unknown-dialog-action-ignored.
    {
        let mut lab = Lab::new(Ucce);
        let id = lab.preview("1001", false);
        let e = lab.put("1001", &id, "TELEPORT").expect_err("unknown");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Invalid Input"), Some("requestedAction"))
        );
        lab.dev(Deviation::UnknownDialogActionIgnored, true);
        let before = lab.errors();
        assert_eq!(lab.put("1001", &id, "TELEPORT").map(|a| a.status), Ok(202));
        assert_eq!(lab.errors(), before, "no async failure");
        assert_eq!(lab.dialog_ids("1001"), vec![id.clone()]);
        assert_eq!(lab.p_state(&id, "1001"), Some("ALERTING"));
        assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND_PREVIEW");
    }
}

#[test]
fn direct_preview_on_cce_accepts_the_ccx_only_actions() {
    let mut lab = Lab::new(Ucce);
    let id = lab.preview("1001", true);
    let e = lab.put("1001", &id, "ACCEPT").expect_err("CCX only");
    assert_eq!(kind(&e), (501, "Not Implemented"));
    assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND_PREVIEW");
    lab.dev(Deviation::DirectPreviewOnCce, true);
    assert_eq!(lab.put("1001", &id, "ACCEPT").map(|a| a.status), Ok(202));
    let calls = lab.dialogs("1001");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].call_type(), Some("OUTBOUND"), "the dialer's call");
    assert_eq!(lab.state("1001"), "TALKING");
}
