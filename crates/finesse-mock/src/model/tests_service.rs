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
