//! "User—Get User Id from loginName" (12.5(1), Unified CCE only) and "User—Get List" (GET
//! /Users, administrators only).

use super::test_support::*;
use super::*;
use Deployment::{Ucce, Uccx};

fn read(lab: &mut Lab, reader: &str, path_id: &str) -> Result<crate::documents::User, ApiFailure> {
    lab.m.get_user(Some(&who(reader)), path_id, lab.now)
}

#[test]
fn on_ucce_a_login_name_reads_its_user_unless_login_name_lookup_missing() {
    let mut lab = Lab::new(Ucce);
    let u = read(&mut lab, "1001", "agent1001").expect("own login name");
    assert_eq!(
        (u.id.as_str(), u.login_name.as_str()),
        ("1001", "agent1001")
    );
    let u = read(&mut lab, ADMIN, "agent1001").expect("an administrator reads anyone's");
    assert_eq!(u.id, "1001");
    // Another agent's login name: the same refusal as its id.
    let e = read(&mut lab, "1002", "agent1001").expect_err("another agent's");
    assert_eq!(kind(&e), (401, "Invalid Authorization User Specified"));
    // Ids still work, and an unknown name is an unknown user.
    assert_eq!(
        read(&mut lab, "1001", "1001").map(|u| u.id),
        Ok("1001".into())
    );
    assert_eq!(
        read(&mut lab, ADMIN, "nobody")
            .map_err(|e| e.status)
            .map(drop),
        Err(404)
    );

    lab.dev(Deviation::LoginNameLookupMissing, true);
    let e = read(&mut lab, "1001", "agent1001").expect_err("ids only");
    assert_eq!(e.status, 404);
    assert_eq!(
        read(&mut lab, "1001", "1001").map(|u| u.id),
        Ok("1001".into())
    );
}

#[test]
fn on_uccx_a_login_name_is_an_unknown_id() {
    let mut lab = Lab::new(Uccx);
    let e = read(&mut lab, "1001", "agent1001").expect_err("CCE only");
    assert_eq!(e.status, 404);
}

#[test]
fn administrators_list_the_users_unless_a_deviation_breaks_it() {
    let mut lab = Lab::new(Ucce);
    let list = |lab: &mut Lab, who_: &str| {
        lab.m
            .users(Some(&who(who_)), lab.now)
            .map(|u| u.users.len())
            .map_err(|e| (e.status, e.error_type))
    };
    let all = lab.m.dir.users.len();
    assert_eq!(list(&mut lab, ADMIN), Ok(all));
    assert_eq!(
        list(&mut lab, "1001"),
        Err((401, "Authorization Failure".to_string()))
    );
    lab.dev(Deviation::UserListOpen, true);
    assert_eq!(list(&mut lab, "1001"), Ok(all));
    lab.dev(Deviation::UserListEmpty, true);
    assert_eq!(list(&mut lab, ADMIN), Ok(0));
}
