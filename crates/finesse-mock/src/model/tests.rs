//! Rules of the whole model, through its public operations (no HTTP).

use std::time::Instant;

use super::test_support::*;
use super::*;

#[test]
fn accepted_writes_answer_202_and_become_visible_only_after_the_delay() {
    let mut m = finesse(Deployment::Ucce);
    let t0 = Instant::now();
    let ack = m
        .put_user(Some(&who("1001")), "1001", login(), Some("r1".into()), t0)
        .expect("login");
    assert_eq!(ack.status, 202);
    assert_eq!(
        user_state(&mut m, "1001", t0 + DELAY / 2),
        "LOGOUT",
        "not yet processed"
    );
    assert_eq!(user_state(&mut m, "1001", t0 + DELAY), "NOT_READY");
    let u = m
        .get_user(Some(&who("1001")), "1001", t0 + DELAY)
        .expect("user");
    assert_eq!(u.extension.as_deref(), Some("1001001"));
    assert_eq!(
        u.reason_code_id.as_deref(),
        Some("-1"),
        "just signed in: no reason"
    );
}

#[test]
fn a_missing_state_is_parameter_missing_unless_the_deviation_is_on() {
    let mut m = finesse(Deployment::Ucce);
    let empty = Ok(UserUpdate::default());
    let err = m
        .put_user(
            Some(&who("1001")),
            "1001",
            empty.clone(),
            None,
            Instant::now(),
        )
        .expect_err("no state");
    assert_eq!(
        (err.status, err.error_type.as_str(), err.data.as_deref()),
        (400, "Parameter Missing", Some("state"))
    );
    assert_eq!(err.message, "State Parameter missing");
    m.deviations.set(Deviation::MissingStateAccepted, true);
    assert!(
        m.put_user(Some(&who("1001")), "1001", empty, None, Instant::now())
            .is_ok()
    );
}

#[test]
fn sign_in_needs_an_extension_and_bad_states_and_bodies_are_rejected() {
    let mut m = finesse(Deployment::Ucce);
    let now = Instant::now();
    let err = m
        .put_user(Some(&who("1001")), "1001", state("LOGIN"), None, now)
        .expect_err("no extension");
    assert_eq!(err.data.as_deref(), Some("extension"));
    let err = m
        .put_user(Some(&who("1001")), "1001", state("DANCING"), None, now)
        .expect_err("bad state");
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (400, "Invalid Input")
    );
    let err = m
        .put_user(
            Some(&who("1001")),
            "1001",
            Err("Malformed XML".into()),
            None,
            now,
        )
        .expect_err("bad body");
    assert_eq!((err.status, err.error_type.as_str()), (400, "Bad Request"));
}

#[test]
fn credentials_unknown_users_and_other_users_are_checked_in_that_order() {
    let mut m = finesse(Deployment::Ucce);
    let now = Instant::now();
    let bad = Credential::Basic(Basic {
        user: "1001".into(),
        password: Secret::new("wrong"),
    });
    assert_eq!(
        m.get_user(Some(&bad), "1001", now).map_err(|e| e.status),
        Err(401)
    );
    assert_eq!(
        m.get_user(None, "1001", now).map_err(|e| e.status),
        Err(401)
    );
    let err = m
        .get_user(Some(&who("1001")), "nobody", now)
        .expect_err("unknown");
    assert_eq!(err.status, 404);
    let err = m
        .put_user(Some(&who("1001")), "1002", state("READY"), None, now)
        .expect_err("other agent");
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (401, "Invalid Authorization User Specified")
    );
}

#[test]
fn out_of_service_and_notification_service_down_give_503_everywhere_but_system_info() {
    for faults in [
        Faults {
            out_of_service: true,
            ..Default::default()
        },
        Faults {
            notification_service_down: true,
            ..Default::default()
        },
    ] {
        let mut m = finesse(Deployment::Ucce);
        m.faults = faults;
        let now = Instant::now();
        let err = m
            .get_user(Some(&who("1001")), "1001", now)
            .expect_err("503");
        assert_eq!(
            (err.status, err.error_type.as_str(), err.message.as_str()),
            (503, "Service Unavailable", "SERVER_OUT_OF_SERVICE")
        );
        assert_eq!(err.data.as_deref(), Some(""), "ErrorData is empty");
        assert_eq!(
            m.put_user(Some(&who("1001")), "1001", login(), None, now)
                .map_err(|e| e.status),
            Err(503)
        );
        assert_eq!(
            m.media_list(Some(&who("1001")), "1001", now)
                .map_err(|e| e.status),
            Err(503)
        );
        assert_eq!(
            m.reason_codes(Some(&who("1001")), "1001", Some("NOT_READY"), now)
                .map_err(|e| e.status),
            Err(503)
        );
        assert_eq!(m.system_info(now, None).status, "OUT_OF_SERVICE");
    }
}

#[test]
fn fail_next_gives_503_to_that_many_requests_then_service_is_back() {
    let mut m = finesse(Deployment::Ucce);
    m.faults.fail_next = 2;
    let now = Instant::now();
    for _ in 0..2 {
        let e = m
            .get_user(Some(&who("1001")), "1001", now)
            .expect_err("503");
        assert_eq!(e.status, 503);
    }
    assert!(m.get_user(Some(&who("1001")), "1001", now).is_ok());
    assert_eq!(m.faults.fail_next, 0);
}

#[test]
fn unreadable_dialogs_fail_only_the_dialogs_list() {
    let mut m = finesse(Deployment::Ucce);
    m.faults.dialogs_unreadable = true;
    let now = Instant::now();
    let e = m
        .user_dialogs(Some(&who("1001")), "1001", now)
        .expect_err("500");
    assert_eq!(
        (e.status, e.error_type.as_str()),
        (500, "Internal Server Error")
    );
    assert!(m.get_user(Some(&who("1001")), "1001", now).is_ok());
    m.faults.dialogs_unreadable = false;
    assert!(m.user_dialogs(Some(&who("1001")), "1001", now).is_ok());
}

#[test]
fn the_out_of_service_deviation_ignores_only_that_fault() {
    let mut m = finesse(Deployment::Ucce);
    m.deviations.set(Deviation::OutOfServiceIgnored, true);
    m.faults.out_of_service = true;
    assert!(
        m.get_user(Some(&who("1001")), "1001", Instant::now())
            .is_ok()
    );
    m.faults.notification_service_down = true;
    assert!(
        m.get_user(Some(&who("1001")), "1001", Instant::now())
            .is_err()
    );
}

#[test]
fn cce_rejects_sign_out_from_ready_asynchronously_and_ccx_allows_it() {
    for (dep, expected) in [(Deployment::Ucce, "READY"), (Deployment::Uccx, "LOGOUT")] {
        let mut m = finesse(dep);
        let mut clock = Clock(Instant::now());
        ready(&mut m, "1001", &mut clock);
        let ack = m
            .put_user(
                Some(&who("1001")),
                "1001",
                state("LOGOUT"),
                Some("out".into()),
                clock.0,
            )
            .expect("accepted");
        assert_eq!(ack.status, 202);
        let now = clock.settle();
        assert_eq!(user_state(&mut m, "1001", now), expected, "{dep}");
        let errors = m.async_errors();
        if dep == Deployment::Ucce {
            assert_eq!(errors.len(), 1);
            assert_eq!(
                (
                    errors[0].error_type.as_str(),
                    errors[0].request_id.as_deref()
                ),
                ("Invalid State", Some("out"))
            );
        } else {
            assert!(errors.is_empty());
        }
    }
}

#[test]
fn not_ready_from_logout_is_an_async_invalid_state_with_platform_codes() {
    for (dep, code) in [(Deployment::Ucce, "257"), (Deployment::Uccx, "1010")] {
        let mut m = finesse(dep);
        let mut clock = Clock(Instant::now());
        m.put_user(
            Some(&who("1001")),
            "1001",
            state("NOT_READY"),
            None,
            clock.0,
        )
        .expect("accepted");
        let now = clock.settle();
        assert_eq!(user_state(&mut m, "1001", now), "LOGOUT");
        assert_eq!(m.async_errors()[0].error_data, code);
    }
}

#[test]
fn logout_while_signed_out_is_rejected_synchronously() {
    let mut m = finesse(Deployment::Ucce);
    let err = m
        .put_user(
            Some(&who("1001")),
            "1001",
            state("LOGOUT"),
            None,
            Instant::now(),
        )
        .expect_err("already out");
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (400, "Invalid State")
    );
}

#[test]
fn supervisor_forces_not_ready_with_the_hard_coded_code_per_platform_unless_the_deviation() {
    // (platform, supervisor-not-ready-without-hardcoded-code, the code 1001 is left with)
    for (dep, dev, code) in [
        (Deployment::Ucce, false, "999"),
        (Deployment::Uccx, false, "33"),
        (Deployment::Ucce, true, "-1"),
    ] {
        let mut m = finesse(dep);
        m.deviations
            .set(Deviation::SupervisorNotReadyWithoutHardcodedCode, dev);
        let mut clock = Clock(Instant::now());
        ready(&mut m, "1001", &mut clock);
        m.put_user(
            Some(&who("2001")),
            "1001",
            state("NOT_READY"),
            None,
            clock.0,
        )
        .expect("forced");
        let now = clock.settle();
        let u = m.get_user(Some(&who("1001")), "1001", now).expect("user");
        assert_eq!(u.state.as_deref(), Some("NOT_READY"));
        assert_eq!(u.reason_code_value(), Some(code), "{dep} deviation {dev}");
    }
}

#[test]
fn supervisors_act_only_on_their_team_without_reason_codes() {
    let mut m = finesse(Deployment::Ucce);
    let mut clock = Clock(Instant::now());
    ready(&mut m, "1101", &mut clock);
    let err = m
        .put_user(
            Some(&who("2001")),
            "1101",
            state("NOT_READY"),
            None,
            clock.0,
        )
        .expect_err("team B");
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (401, "Invalid Supervisor")
    );
    m.deviations.set(Deviation::SupervisorAnyTeam, true);
    assert!(
        m.put_user(
            Some(&who("2001")),
            "1101",
            state("NOT_READY"),
            None,
            clock.0
        )
        .is_ok()
    );
    ready(&mut m, "1002", &mut clock);
    let err = m
        .put_user(
            Some(&who("2001")),
            "1002",
            with_reason("NOT_READY", "12"),
            None,
            clock.0,
        )
        .expect_err("reason");
    assert_eq!(
        err.data.as_deref(),
        Some("finesse.api.reasoncode.not_allowed")
    );
}

#[test]
fn supervisor_state_rules_are_checked_against_the_visible_state() {
    let mut m = finesse(Deployment::Ucce);
    let mut clock = Clock(Instant::now());
    // Signed out: a supervisor can neither sign out nor force NOT_READY.
    for s in ["LOGOUT", "NOT_READY"] {
        let err = m
            .put_user(Some(&who("2001")), "1003", state(s), None, clock.0)
            .expect_err(s);
        assert_eq!(
            (err.status, err.error_type.as_str()),
            (400, "Invalid State")
        );
    }
    m.put_user(Some(&who("1003")), "1003", login(), None, clock.0)
        .expect("login");
    let now = clock.settle();
    // NOT_READY agent: forcing NOT_READY is refused, sign-out is allowed.
    assert!(
        m.put_user(Some(&who("2001")), "1003", state("NOT_READY"), None, now)
            .is_err()
    );
    let err = m
        .put_user(Some(&who("2001")), "1003", state("WORK"), None, now)
        .expect_err("WORK");
    assert_eq!(err.error_type, "Invalid State");
    m.put_user(Some(&who("2001")), "1003", state("LOGOUT"), None, now)
        .expect("logout");
    let now = clock.settle();
    assert_eq!(user_state(&mut m, "1003", now), "LOGOUT");
}

#[test]
fn reason_codes_use_database_ids_and_the_team_and_system_rules() {
    let mut m = finesse(Deployment::Ucce);
    let mut clock = Clock(Instant::now());
    ready(&mut m, "1004", &mut clock);
    let a = who("1004");
    m.put_user(
        Some(&a),
        "1004",
        with_reason("NOT_READY", "12"),
        None,
        clock.0,
    )
    .expect("team code");
    let now = clock.settle();
    let u = m.get_user(Some(&a), "1004", now).expect("user");
    assert_eq!(
        (u.reason_code_id.as_deref(), u.reason_code_value()),
        (Some("12"), Some("3"))
    );
    for (id, why) in [("16", "system"), ("14", "team B"), ("20", "LOGOUT code")] {
        let err = m
            .put_user(Some(&a), "1004", with_reason("NOT_READY", id), None, now)
            .expect_err(why);
        assert_eq!(
            err.data.as_deref(),
            Some("finesse.api.reasoncode.not_allowed"),
            "{why}"
        );
    }
    let err = m
        .put_user(Some(&a), "1004", with_reason("NOT_READY", "3"), None, now)
        .expect_err("code value");
    assert_eq!(err.message, "ReasonCode does not exist, codeId=3");
    let err = m
        .put_user(Some(&a), "1004", with_reason("READY", "10"), None, now)
        .expect_err("READY");
    assert_eq!(
        err.data.as_deref(),
        Some("finesse.api.reasoncode.not_allowed")
    );
    m.deviations.set(Deviation::SystemReasonCodeAllowed, true);
    m.deviations
        .set(Deviation::OtherTeamReasonCodeAllowed, true);
    assert!(
        m.put_user(Some(&a), "1004", with_reason("NOT_READY", "16"), None, now)
            .is_ok()
    );
    assert!(
        m.put_user(Some(&a), "1004", with_reason("NOT_READY", "14"), None, now)
            .is_ok()
    );
}

#[test]
fn the_reason_code_list_is_per_user_and_needs_a_category() {
    let mut m = finesse(Deployment::Ucce);
    let now = Instant::now();
    let list = m
        .reason_codes(Some(&who("1001")), "1001", Some("NOT_READY"), now)
        .expect("list");
    let ids: Vec<_> = list.codes.iter().filter_map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, ["10", "11", "12", "13"]);
    let b = m
        .reason_codes(Some(&who("1101")), "1101", Some("NOT_READY"), now)
        .expect("team B list");
    assert!(b.codes.iter().any(|c| c.id.as_deref() == Some("14")));
    assert_eq!(
        m.reason_codes(Some(&who("1001")), "1001", None, now)
            .map_err(|e| e.error_type),
        Err("Bad Request".into())
    );
    assert_eq!(
        m.reason_codes(Some(&who("1001")), "1001", Some("READY"), now)
            .map_err(|e| e.status),
        Err(400)
    );
    assert_eq!(
        m.reason_codes(Some(&who("1001")), "1002", Some("LOGOUT"), now)
            .map_err(|e| e.status),
        Err(401)
    );
    assert_eq!(
        m.reason_code(Some(&who("1001")), "1001", "12", now)
            .map(|c| c.code),
        Ok(Some("3".into()))
    );
    assert_eq!(
        m.reason_code(Some(&who("1001")), "1001", "999999", now)
            .map_err(|e| e.status),
        Err(404)
    );
}
