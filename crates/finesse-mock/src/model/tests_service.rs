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
