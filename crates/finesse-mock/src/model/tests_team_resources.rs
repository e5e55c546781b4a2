//! TeamResource—Get Phone Books (developer.cisco.com; "TeamResource API Errors"): the team's
//! phone books within the Range, 206/416, 404 for an unknown team, members only, the
//! 12.6(2) change for a request without Range, and the deviations that break each rule.

use super::team_resources::PhoneBooksPage;
use super::test_support::*;
use super::*;
use Deployment::Ucce;

const ALL: Option<&str> = Some("objects=1-6000");

fn read(
    lab: &mut Lab,
    reader: &str,
    team: &str,
    range: Option<&str>,
) -> Result<PhoneBooksPage, ApiFailure> {
    lab.m
        .team_phone_books(Some(&who(reader)), team, range, lab.now)
}

fn names(p: &PhoneBooksPage) -> Vec<(String, String)> {
    p.books
        .books
        .iter()
        .map(|b| (b.name.clone(), b.kind.clone()))
        .collect()
}

fn contacts(p: &PhoneBooksPage) -> Vec<String> {
    p.books
        .books
        .iter()
        .flat_map(|b| b.contacts.iter().map(|c| c.phone_number.clone()))
        .collect()
}

#[test]
fn a_member_reads_global_then_team_books_unless_team_phone_books_team_first() {
    let mut lab = Lab::new(Ucce);
    let p = read(&mut lab, "1001", "5000", ALL).expect("member");
    assert_eq!(p.status(), 200);
    let want = [("Company", "GLOBAL"), ("Team A partners", "TEAM")];
    assert_eq!(names(&p), want.map(|(a, b)| (a.to_string(), b.to_string())));
    assert_eq!(contacts(&p), ["5551000", "5551001", "5552000"]);
    lab.dev(Deviation::TeamPhoneBooksTeamFirst, true);
    let p = read(&mut lab, "1001", "5000", ALL).expect("member");
    assert_eq!(names(&p)[0].1, "TEAM");
}

#[test]
fn a_range_limits_the_contacts_unless_team_phone_books_ignore_range() {
    let mut lab = Lab::new(Ucce);
    let p = read(&mut lab, "1001", "5000", Some("objects=1-1")).expect("range");
    assert_eq!(
        (p.status(), contacts(&p)),
        (206, vec!["5551000".to_string()])
    );
    let p = read(&mut lab, "1001", "5000", Some("objects=3-3")).expect("range");
    assert_eq!(contacts(&p), ["5552000"], "global contacts come first");
    lab.dev(Deviation::TeamPhoneBooksIgnoreRange, true);
    let p = read(&mut lab, "1001", "5000", Some("objects=1-1")).expect("range");
    assert_eq!(contacts(&p).len(), 3);
}

#[test]
fn a_range_beyond_6000_is_416_unless_team_phone_books_range_unchecked() {
    let mut lab = Lab::new(Ucce);
    let e = read(&mut lab, "1001", "5000", Some("objects=1-6001")).expect_err("too many");
    assert_eq!(kind(&e), (416, "Range Not Satisfiable"));
    lab.dev(Deviation::TeamPhoneBooksRangeUnchecked, true);
    assert_eq!(
        read(&mut lab, "1001", "5000", Some("objects=1-6001")).map(|p| p.status()),
        Ok(200)
    );
}

#[test]
fn without_range_12_5_refuses_and_12_6_2_serves_unless_swapped() {
    let mut lab = Lab::new(Ucce);
    let e = read(&mut lab, "1001", "5000", None).expect_err("12.5 wants a Range");
    assert_eq!(e.status, 416);
    lab.m.release = Release::parse("12.6(2)");
    let p = read(&mut lab, "1001", "5000", None).expect("12.6(2) serves without Range");
    assert_eq!((p.status(), contacts(&p).len()), (200, 3));
    lab.dev(Deviation::TeamPhoneBooksRangeReleaseSwapped, true);
    assert!(read(&mut lab, "1001", "5000", None).is_err());
    lab.m.release = Release::parse("12.5(1)");
    assert!(read(&mut lab, "1001", "5000", None).is_ok());
}

#[test]
fn another_team_is_refused_unless_team_phone_books_open_to_all() {
    let mut lab = Lab::new(Ucce);
    let e = read(&mut lab, "1101", "5000", ALL).expect_err("team B agent");
    assert_eq!(kind(&e), (401, "Invalid Authorization"));
    assert!(
        read(&mut lab, "2001", "5000", ALL).is_ok(),
        "the team's supervisor"
    );
    assert!(
        read(&mut lab, ADMIN, "5000", ALL).is_ok(),
        "an administrator"
    );
    lab.dev(Deviation::TeamPhoneBooksOpenToAll, true);
    assert!(read(&mut lab, "1101", "5000", ALL).is_ok());
}

#[test]
fn an_unknown_team_is_404_unless_team_resource_unknown_team_empty() {
    let mut lab = Lab::new(Ucce);
    let e = read(&mut lab, "1001", "987654321", ALL).expect_err("unknown");
    assert_eq!(kind(&e), (404, "Not Found"));
    lab.dev(Deviation::TeamResourceUnknownTeamEmpty, true);
    let p = read(&mut lab, "1001", "987654321", ALL).expect("empty");
    assert!(p.books.books.is_empty());
}

#[test]
fn unknown_credentials_are_401_unless_unknown_credentials_accepted() {
    let stranger = stranger();
    let mut lab = Lab::new(Ucce);
    let r = |lab: &mut Lab| {
        lab.m
            .team_phone_books(Some(&stranger), "5000", ALL, lab.now)
            .map(drop)
    };
    assert_eq!(
        kind(&r(&mut lab).expect_err("unknown")),
        (401, "Authorization Failure")
    );
    lab.dev(Deviation::UnknownCredentialsAccepted, true);
    assert_eq!(r(&mut lab), Ok(()));
}
