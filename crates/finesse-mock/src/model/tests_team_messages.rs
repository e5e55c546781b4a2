//! POST /TeamMessage (G12.5 p202): supervisors and administrators create, agents get 401
//! Authorization Failure, and the deviations that break each.

use super::test_support::*;
use super::*;
use crate::documents::{TeamMessagePost, TeamMessageTeams};
use Deployment::Ucce;

fn message(content: &str) -> Result<TeamMessagePost, String> {
    Ok(TeamMessagePost {
        duration: Some("100".into()),
        content: Some(content.into()),
        teams: Some(TeamMessageTeams {
            team: vec!["5000".into()],
        }),
    })
}

fn create(
    lab: &mut Lab,
    by: &str,
    body: Result<TeamMessagePost, String>,
) -> Result<u16, ApiFailure> {
    lab.m
        .create_team_message(Some(&who(by)), body, lab.now)
        .map(|a| a.status)
}

#[test]
fn a_supervisor_or_admin_creates_with_200_unless_team_message_create_202() {
    let mut lab = Lab::new(Ucce);
    assert_eq!(create(&mut lab, "2001", message("hello")), Ok(200));
    assert_eq!(create(&mut lab, ADMIN, message("hello")), Ok(200));
    lab.dev(Deviation::TeamMessageCreate202, true);
    assert_eq!(create(&mut lab, "2001", message("hello")), Ok(202));
}

#[test]
fn an_agent_gets_401_unless_team_message_agent_may_create() {
    let mut lab = Lab::new(Ucce);
    let e = create(&mut lab, "1001", message("hello")).expect_err("agent");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    lab.dev(Deviation::TeamMessageAgentMayCreate, true);
    assert_eq!(create(&mut lab, "1001", message("hello")), Ok(200));
}

#[test]
fn unknown_credentials_get_401_and_out_of_service_503() {
    let mut lab = Lab::new(Ucce);
    let stranger = stranger();
    let e = lab
        .m
        .create_team_message(Some(&stranger), message("hello"), lab.now)
        .expect_err("unknown");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    lab.m.faults.out_of_service = true;
    let e = create(&mut lab, "2001", message("hello")).expect_err("out of service");
    assert_eq!(e.status, 503);
}

#[test]
fn the_mock_checks_the_body_it_was_given() {
    let mut lab = Lab::new(Ucce);
    let at_limit = "é".repeat(team_messages::MAX_CONTENT_CHARS);
    assert_eq!(create(&mut lab, "2001", message(&at_limit)), Ok(200));
    let over = "x".repeat(team_messages::MAX_CONTENT_CHARS + 1);
    let e = create(&mut lab, "2001", message(&over)).expect_err("too long");
    assert_eq!(kind(&e), (400, "Invalid Input"));
    let e = create(&mut lab, "2001", message(" ")).expect_err("blank");
    assert_eq!(kind(&e), (400, "Parameter Missing"));
    let no_teams = Ok(TeamMessagePost {
        teams: None,
        ..message("hello").expect("body")
    });
    let e = create(&mut lab, "2001", no_teams).expect_err("no teams");
    assert_eq!(kind(&e), (400, "Parameter Missing"));
}
