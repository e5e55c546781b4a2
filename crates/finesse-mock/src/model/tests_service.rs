//! PARTIAL_SERVICE (DEV/cisco-finesse-api-errors): every API answers 503 as out of service
//! does, and SystemInfo tells which state Finesse is in.

use super::test_support::*;
use super::*;
use Deployment::Ucce;

#[test]
fn partial_service_answers_503_unless_partial_service_ignored() {
    let mut lab = Lab::new(Ucce);
    lab.m.faults.partial_service = true;
    let read = |lab: &mut Lab| {
        lab.m
            .get_user(Some(&who("1001")), "1001", lab.now)
            .map(drop)
    };
    let e = read(&mut lab).expect_err("partial service");
    assert_eq!(kind(&e), (503, "Service Unavailable"));
    let si = lab.m.system_info(lab.now, None);
    assert_eq!(si.status, "PARTIAL_SERVICE");
    assert!(si.status_reason.is_some());
    lab.dev(Deviation::PartialServiceIgnored, true);
    assert_eq!(read(&mut lab), Ok(()));
    // The deviation leaves out of service alone.
    lab.m.faults.out_of_service = true;
    assert_eq!(read(&mut lab).map_err(|e| e.status), Err(503));
    assert_eq!(lab.m.system_info(lab.now, None).status, "OUT_OF_SERVICE");
}

/// The three 500 kinds (DEV/cisco-finesse-api-errors, HTTP errors): each answers 500 and
/// names its kind; SystemInfo still answers (the failure is per request, not a service state).
#[test]
fn each_server_error_answers_500_naming_its_kind_unless_hidden() {
    for (kind, hidden) in [
        (ServerError::DbRuntime, Deviation::DbRuntimeExceptionHidden),
        (ServerError::Runtime, Deviation::RuntimeExceptionHidden),
        (ServerError::AwsUnavailable, Deviation::AwsUnavailableHidden),
    ] {
        let mut lab = Lab::new(Ucce);
        lab.m.faults.server_error = Some(kind);
        let read = |lab: &mut Lab| {
            lab.m
                .get_user(Some(&who("1001")), "1001", lab.now)
                .map(drop)
        };
        let e = read(&mut lab).expect_err("server error");
        assert_eq!(kind_of(&e), (500, "Internal Server Error", kind.token()));
        assert_eq!(lab.m.system_info(lab.now, None).status, "IN_SERVICE");
        lab.dev(hidden, true);
        assert_eq!(read(&mut lab), Ok(()), "{kind:?} hidden");
        // Each deviation hides its own kind only.
        for other in [
            ServerError::DbRuntime,
            ServerError::Runtime,
            ServerError::AwsUnavailable,
        ] {
            if other != kind {
                lab.m.faults.server_error = Some(other);
                assert_eq!(read(&mut lab).map_err(|e| e.status), Err(500));
            }
        }
    }
}

fn kind_of(e: &ApiFailure) -> (u16, &str, &str) {
    (e.status, e.error_type.as_str(), e.message.as_str())
}

/// SystemInfo (p333): the heartbeat status is success or failure, unless
/// system-info-heartbeat-status-unknown.
#[test]
fn the_heartbeat_status_is_success_unless_reported_unknown() {
    let mut lab = Lab::new(Ucce);
    assert_eq!(
        lab.m.system_info(lab.now, None).last_cti_heartbeat_status,
        "success"
    );
    lab.m.faults.out_of_service = true;
    assert_eq!(
        lab.m.system_info(lab.now, None).last_cti_heartbeat_status,
        "failure"
    );
    lab.dev(Deviation::SystemInfoHeartbeatStatusUnknown, true);
    assert_eq!(
        lab.m.system_info(lab.now, None).last_cti_heartbeat_status,
        "unknown"
    );
}

/// From 12.6 SystemInfo adds maintenance mode and node ports (DEV/systeminfo); up to 12.5 it
/// has neither, and system-info-lacks-12.6-fields leaves them out of 12.6 too.
#[test]
fn the_12_6_fields_follow_the_release_unless_left_out() {
    let mut lab = Lab::new(Ucce);
    assert_eq!(lab.m.system_info(lab.now, None).since_12_6, None);
    lab.m.release = Release::parse("12.6(2)");
    lab.m.ports = Some((8445, 5222));
    let new = lab
        .m
        .system_info(lab.now, None)
        .since_12_6
        .expect("12.6 fields");
    assert_eq!(new.finesse_time_in_mode, "-1");
    assert_eq!(new.cti_maintenance, Some((String::new(), "-1".into())));
    assert_eq!(
        new.ports,
        ["8445".to_string(), "5222".into(), "5223".into()]
    );
    lab.dev(Deviation::SystemInfoLacks126Fields, true);
    assert_eq!(lab.m.system_info(lab.now, None).since_12_6, None);
    // UCCX: no CTI maintenance fields (they apply to Unified CCE).
    let mut cx = Lab::new(Deployment::Uccx);
    cx.m.release = Release::parse("12.6(1)");
    let new =
        cx.m.system_info(cx.now, None)
            .since_12_6
            .expect("12.6 fields");
    assert_eq!(new.cti_maintenance, None);
}

/// An accepted User write answers 202 up to 12.5 and 200 from 12.6 (the 12.6-era pages allow
/// 200 or 202; the mock's choice); state-change-returns-200 answers what the release does not
/// allow: 200 up to 12.5, 204 from 12.6. Media writes stay 202.
#[test]
fn the_accepted_status_follows_the_release_unless_the_deviation_is_on() {
    let status = |release: &str, dev: bool| {
        let mut lab = Lab::new(Ucce);
        lab.m.release = Release::parse(release);
        lab.dev(Deviation::StateChangeReturns200, dev);
        let ack = lab
            .m
            .put_user(Some(&who("1001")), "1001", login(), None, lab.now)
            .expect("login");
        let media = lab
            .m
            .put_media(
                Some(&who("1001")),
                "1001",
                "5001",
                media_login(),
                None,
                lab.now,
            )
            .expect("media");
        (ack.status, media.status)
    };
    assert_eq!(status("12.5(1)", false), (202, 202));
    assert_eq!(status("12.6(2)", false), (200, 202));
    assert_eq!(status("12.5(1)", true), (200, 202));
    assert_eq!(status("12.6(2)", true), (204, 202));
}
