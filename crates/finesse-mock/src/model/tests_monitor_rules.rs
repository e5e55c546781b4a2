//! Silent monitor, PARTICIPANT_DROP and START_RECORDING rules for the self-check, each
//! shown kept and then lifted by its deviation (the lab is `tests_dialog_rules`').

use super::dialogs::DialogKind;
use super::test_support::*;
use super::*;
use Deployment::{Ucce, Uccx};

// ---- silent monitor ----

#[test]
fn monitoring_supervisor_state_rules_ready_and_busy() {
    // A READY supervisor: 400 Invalid State unless monitor-from-ready-allowed.
    {
        let mut lab = Lab::new(Ucce);
        lab.connected("1001", "1002");
        lab.signed_in("2001", true);
        let e = lab
            .post("2001", monitor("2001", "1002"))
            .expect_err("supervisor READY");
        assert_eq!(kind(&e), (400, "Invalid State"));
        assert!(lab.dialogs("2001").is_empty());

        lab.dev(Deviation::MonitorFromReadyAllowed, true);
        assert_eq!(
            lab.post("2001", monitor("2001", "1002")).map(|a| a.status),
            Ok(202)
        );
        let sessions = lab.dialogs("2001");
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].call_type(), Some("SUPERVISOR_MONITOR"));
        assert_eq!(lab.state("2001"), "TALKING", "UCCE monitoring state");
    }
    // A TALKING supervisor: 400 Invalid State unless monitor-while-talking-allowed.
    {
        let mut lab = Lab::new(Ucce);
        lab.connected("1001", "1002");
        lab.connected("1003", "1004");
        lab.signed_in("2001", false);
        lab.post("2001", monitor("2001", "1002"))
            .expect("first monitor");
        assert_eq!(lab.state("2001"), "TALKING");
        let e = lab
            .post("2001", monitor("2001", "1004"))
            .expect_err("already TALKING");
        assert_eq!(kind(&e), (400, "Invalid State"));
        assert_eq!(lab.dialogs("2001").len(), 1);

        lab.dev(Deviation::MonitorWhileTalkingAllowed, true);
        assert!(lab.post("2001", monitor("2001", "1004")).is_ok());
        let sessions = lab.dialogs("2001");
        assert_eq!(sessions.len(), 2, "a second session");
        assert!(
            sessions
                .iter()
                .all(|d| d.call_type() == Some("SUPERVISOR_MONITOR"))
        );
        // The READY rule is a different one and stays.
        lab.signed_in("2002", true);
        let e = lab
            .post("2002", monitor("2002", "1004"))
            .expect_err("READY");
        assert_eq!(kind(&e), (400, "Invalid State"));
    }
}

#[test]
fn monitor_addressing_rules_from_address_and_team() {
    // fromAddress must be the supervisor's extension unless monitor-from-any-extension.
    {
        let mut lab = Lab::new(Ucce);
        lab.connected("1001", "1002");
        lab.signed_in("2001", false);
        let foreign = || post_body("SILENT_MONITOR", &ext("2002"), Some(&ext("1002")), None);
        let e = lab.post("2001", foreign()).expect_err("not my extension");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Invalid Input"), Some("fromAddress"))
        );
        assert!(lab.dialogs("2001").is_empty());

        lab.dev(Deviation::MonitorFromAnyExtension, true);
        assert_eq!(lab.post("2001", foreign()).map(|a| a.status), Ok(202));
        let sessions = lab.dialogs("2001");
        assert_eq!(sessions.len(), 1, "the session starts");
        assert_eq!(sessions[0].call_type(), Some("SUPERVISOR_MONITOR"));
        // MAKE_CALL keeps its fromAddress rule.
        let e = lab
            .post("2001", make(&ext("2002"), &ext("1003")))
            .expect_err("make call from another extension");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Invalid Input"), Some("fromAddress"))
        );
    }
    // The agent must be on the supervisor's team unless monitor-any-team (monitoring only).
    {
        let mut lab = Lab::new(Ucce);
        lab.connected("1101", "1102");
        lab.signed_in("2001", false);
        let e = lab
            .post("2001", monitor("2001", "1102"))
            .expect_err("other team");
        assert_eq!(kind(&e), (401, "Invalid Authorization User Specified"));

        lab.dev(Deviation::MonitorAnyTeam, true);
        lab.post("2001", monitor("2001", "1102"))
            .expect("other team");
        let sessions = lab.dialogs("2001");
        assert_eq!(sessions.len(), 1, "the session starts");
        assert_eq!(sessions[0].to_address, ext("1102"));
        // Barge keeps its own team rule.
        let m = sessions[0].id.clone();
        let e = lab
            .post("2001", barge("2001", "1102", Some(&uri(&m))))
            .expect_err("barge on another team");
        assert_eq!(e.status, 401);
    }
}

/// `sup`'s SILENT_MONITOR of `agent` is accepted and then fails with CTI `code`: one new
/// asynchronous failure, and no session.
fn monitoring_fails(lab: &mut Lab, sup: &str, agent: &str, code: &str) {
    let before = lab.errors();
    assert_eq!(
        lab.post(sup, monitor(sup, agent)).map(|a| a.status),
        Ok(202),
        "accepted, then fails"
    );
    assert!(lab.dialogs(sup).is_empty(), "no session");
    assert_eq!(lab.errors(), before + 1);
    assert_eq!(lab.last_error_data(), Some(code));
}

#[test]
fn only_an_agent_on_a_call_can_be_monitored() {
    // An agent on no call: no session unless monitor-without-call.
    {
        let mut lab = Lab::new(Ucce);
        lab.signed_in("1001", false);
        lab.signed_in("2001", false);
        let before = lab.errors();
        monitoring_fails(&mut lab, "2001", "1001", "13145");
        assert_eq!(lab.state("2001"), "NOT_READY");

        lab.dev(Deviation::MonitorWithoutCall, true);
        lab.post("2001", monitor("2001", "1001")).expect("accepted");
        assert_eq!(lab.errors(), before + 1, "no new failure");
        let m = lab.call_id("2001");
        assert_eq!(
            lab.raw(&m).kind,
            DialogKind::Monitor { monitored: 0 },
            "a session watching no call"
        );
    }
    // A supervisor who is itself monitoring: no session unless monitor-call-monitorable.
    {
        let (mut lab, _call, m) = monitored_call(Ucce);
        lab.signed_in("2002", false);
        // 2001 is on team 5000.
        monitoring_fails(&mut lab, "2002", "2001", "13145");

        lab.dev(Deviation::MonitorCallMonitorable, true);
        lab.post("2002", monitor("2002", "2001")).expect("accepted");
        let sessions = lab.dialog_ids("2002");
        assert_eq!(sessions.len(), 1, "the session starts");
        let monitored: u64 = m.parse().expect("id");
        assert_eq!(
            lab.raw(&sessions[0]).kind,
            DialogKind::Monitor { monitored }
        );
        // It lifts nothing else: an agent on no call still cannot be monitored.
        lab.signed_in("1003", false);
        lab.signed_in("2003", false);
        lab.post("2003", monitor("2003", "1003")).expect("accepted");
        assert!(lab.dialogs("2003").is_empty());
        assert_eq!(lab.last_error_data(), Some("13145"));
    }
}

#[test]
fn monitor_start_deviations_not_started_and_states_swapped() {
    // silent-monitor-not-started: accepted, but no session and no failure.
    {
        let mut lab = Lab::new(Ucce);
        let call = lab.connected("1001", "1002");
        lab.signed_in("2001", false);
        lab.dev(Deviation::SilentMonitorNotStarted, true);
        let before = lab.errors();
        assert_eq!(
            lab.post("2001", monitor("2001", "1002")).map(|a| a.status),
            Ok(202)
        );
        assert!(lab.dialogs("2001").is_empty(), "no session");
        assert_eq!(
            lab.state("2001"),
            "NOT_READY",
            "the supervisor is untouched"
        );
        assert_eq!(lab.errors(), before, "and no failure is reported");
        assert_eq!(lab.live_parties(&call), 2);
    }
    // monitoring-states-swapped: the supervisor takes the other platform's state.
    {
        for (dep, normal, swapped) in [
            (Ucce, "TALKING", "NOT_READY"),
            (Uccx, "NOT_READY", "TALKING"),
        ] {
            let (mut lab, _, _) = monitored_call(dep);
            assert_eq!(lab.state("2001"), normal, "{dep}");

            let mut lab = Lab::new(dep);
            lab.dev(Deviation::MonitoringStatesSwapped, true);
            lab.connected("1001", "1002");
            lab.signed_in("2001", false);
            lab.post("2001", monitor("2001", "1002")).expect("monitor");
            assert_eq!(lab.dialogs("2001").len(), 1, "{dep}: monitoring");
            assert_eq!(lab.state("2001"), swapped, "{dep}: swapped");
        }
    }
}

#[test]
fn monitoring_end_deviations_drop_ignored_and_outlives_call() {
    // monitor-drop-ignored: DROP on the session changes nothing; DROP on the call still works.
    {
        let (mut lab, call, m) = monitored_call(Ucce);
        lab.dev(Deviation::MonitorDropIgnored, true);
        assert_eq!(lab.put("2001", &m, "DROP").map(|a| a.status), Ok(202));
        assert_eq!(
            lab.dialog_ids("2001"),
            vec![m.clone()],
            "the session goes on"
        );
        assert_eq!(lab.state("2001"), "TALKING");
        // A DROP on the call itself still ends it, and the session with it.
        lab.put("1001", &call, "DROP").expect("drop the call");
        assert!(lab.dialogs("1002").is_empty());
        assert!(
            lab.dialogs("2001").is_empty(),
            "the session ends with the call"
        );
        assert_eq!(lab.state("2001"), "NOT_READY");
    }
    // monitor-outlives-call: the session goes on after the monitored call ends.
    {
        let (mut lab, call, m) = monitored_call(Ucce);
        lab.dev(Deviation::MonitorOutlivesCall, true);
        lab.put("1001", &call, "DROP").expect("drop the call");
        assert!(lab.dialogs("1002").is_empty(), "the call is over");
        assert_eq!(
            lab.dialog_ids("2001"),
            vec![m.clone()],
            "the session is not"
        );
        assert_eq!(lab.state("2001"), "TALKING");
        // The supervisor can still end it.
        lab.put("2001", &m, "DROP").expect("end monitoring");
        assert!(lab.dialogs("2001").is_empty());
        assert_eq!(lab.state("2001"), "NOT_READY");
    }
}

// ---- PARTICIPANT_DROP ----

#[test]
fn participant_drop_by_a_cce_supervisor_removes_the_named_participant() {
    let (mut lab, call) = barged_call(Ucce);
    let e = lab
        .put_to("1002", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
        .expect_err("an agent");
    assert_eq!(e.status, 401);
    let e = lab
        .put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1005")))
        .expect_err("not on the call");
    assert_eq!(kind(&e), (400, "Invalid Destination"));
    assert_eq!(lab.live_parties(&call), 3, "nothing changed yet");

    let before = lab.errors();
    assert_eq!(
        lab.put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
            .map(|a| a.status),
        Ok(202)
    );
    assert_eq!(lab.errors(), before, "no async failure");
    assert_eq!(lab.p_state(&call, "1001"), Some("DROPPED"));
    assert_eq!(lab.live_parties(&call), 2);
    assert!(lab.dialogs("1001").is_empty(), "1001 has left");
    assert_eq!(lab.state("1001"), "NOT_READY");
    assert_eq!(
        lab.dialog_ids("1002"),
        vec![call.clone()],
        "the others stay"
    );
    assert_eq!(lab.dialog_ids("2001"), vec![call.clone()]);
    // A participant who has left is no longer on the call.
    let e = lab
        .put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
        .expect_err("already dropped");
    assert_eq!(kind(&e), (400, "Invalid Destination"));
}

#[test]
fn participant_drop_deviations_and_ccx() {
    let (mut lab, call) = barged_call(Ucce);
    lab.dev(Deviation::ParticipantDropUnknownTargetAccepted, true);
    assert_eq!(
        lab.put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1005")))
            .map(|a| a.status),
        Ok(202),
        "an extension not on the call"
    );
    assert_eq!(lab.live_parties(&call), 3, "and nobody is dropped");
    let e = lab
        .put_to("1002", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
        .expect_err("agents still may not");
    assert_eq!(e.status, 401);

    let (mut lab, call) = barged_call(Ucce);
    lab.dev(Deviation::ParticipantDropIgnored, true);
    assert_eq!(
        lab.put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
            .map(|a| a.status),
        Ok(202)
    );
    assert_eq!(
        lab.p_state(&call, "1001"),
        Some("ACTIVE"),
        "stays on the call"
    );
    assert_eq!(lab.live_parties(&call), 3);
    assert_eq!(lab.dialog_ids("1001"), vec![call.clone()]);

    let (mut lab, call) = barged_call(Uccx);
    let e = lab
        .put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
        .expect_err("CCE only");
    assert_eq!(kind(&e), (501, "Not Implemented"));
    assert_eq!(lab.live_parties(&call), 3);
}

// ---- START_RECORDING ----

#[test]
fn start_recording_is_ccx_only_for_participants_and_monitoring_supervisors() {
    let mut lab = Lab::new(Ucce);
    let call = lab.connected("1001", "1002");
    let e = lab.put("1002", &call, "START_RECORDING").expect_err("UCCE");
    assert_eq!(kind(&e), (501, "Not Implemented"));
    lab.dev(Deviation::StartRecordingOnCce, true);
    let before = lab.errors();
    assert_eq!(
        lab.put("1002", &call, "START_RECORDING").map(|a| a.status),
        Ok(202)
    );
    assert_eq!(lab.errors(), before, "no async failure");

    let (mut lab, call, _m) = monitored_call(Uccx);
    let before = lab.errors();
    assert_eq!(
        lab.put("1002", &call, "START_RECORDING").map(|a| a.status),
        Ok(202),
        "an ACTIVE participant"
    );
    assert_eq!(
        lab.put("2001", &call, "START_RECORDING").map(|a| a.status),
        Ok(202),
        "the monitoring supervisor"
    );
    assert_eq!(lab.errors(), before, "no async failure");
    lab.signed_in("2002", false);
    let e = lab
        .put("2002", &call, "START_RECORDING")
        .expect_err("neither on nor monitoring the call");
    assert_eq!(kind(&e), (400, "Invalid State"));
    let e = lab
        .put_to("1001", &call, "START_RECORDING", Some(&ext("1002")))
        .expect_err("another participant's extension");
    assert_eq!(e.status, 401);
}

#[test]
fn start_recording_held_and_refused_deviations() {
    let mut lab = Lab::new(Uccx);
    let call = lab.connected("1001", "1002");
    lab.put("1002", &call, "HOLD").expect("hold");
    assert_eq!(lab.p_state(&call, "1002"), Some("HELD"));
    let e = lab.put("1002", &call, "START_RECORDING").expect_err("HELD");
    assert_eq!(kind(&e), (401, "Invalid State"), "p.107: 401 Invalid State");
    assert!(
        lab.put("1001", &call, "START_RECORDING").is_ok(),
        "the ACTIVE party may"
    );
    lab.dev(Deviation::StartRecordingWhileHeldAllowed, true);
    assert_eq!(
        lab.put("1002", &call, "START_RECORDING").map(|a| a.status),
        Ok(202)
    );

    let mut lab = Lab::new(Uccx);
    let call = lab.connected("1001", "1002");
    lab.dev(Deviation::StartRecordingRefused, true);
    let e = lab
        .put("1001", &call, "START_RECORDING")
        .expect_err("refused");
    assert_eq!(kind(&e), (400, "Invalid State"));
}
