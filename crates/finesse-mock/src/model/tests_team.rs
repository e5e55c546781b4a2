//! GET /Team/{id} (G12.5 p144–145, Team API Errors): the roster's states, the 404 for an
//! unknown team, and the deviations that break them.

use super::test_support::*;
use super::*;
use Deployment::Ucce;

fn member_state(lab: &mut Lab, reader: &str, team: &str, member: &str) -> Option<String> {
    let t = lab.m.team(Some(&who(reader)), team, lab.now).expect("team");
    t.users
        .into_iter()
        .find(|u| u.id == member)
        .and_then(|u| u.state)
}

#[test]
fn the_roster_shows_states_unless_team_roster_states_stale() {
    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    assert_eq!(
        member_state(&mut lab, "2001", "5000", "1001").as_deref(),
        Some("NOT_READY")
    );
    lab.dev(Deviation::TeamRosterStatesStale, true);
    assert_eq!(
        member_state(&mut lab, "2001", "5000", "1001").as_deref(),
        Some("LOGOUT")
    );
    // The member's own User still tells the truth.
    assert_eq!(lab.state("1001"), "NOT_READY");
}

#[test]
fn an_unknown_team_is_404_unless_unknown_team_returns_400() {
    let mut lab = Lab::new(Ucce);
    let read = |lab: &mut Lab| {
        lab.m
            .team(Some(&who("2001")), "987654321", lab.now)
            .map(drop)
    };
    assert_eq!(read(&mut lab).map_err(|e| kind(&e).0), Err(404));
    lab.dev(Deviation::UnknownTeamReturns400, true);
    let e = read(&mut lab).expect_err("still refused");
    assert_eq!(kind(&e), (400, "Invalid Input"));
}

#[test]
fn unknown_credentials_are_401_unless_unknown_credentials_accepted() {
    let stranger = stranger();
    let mut lab = Lab::new(Ucce);
    let read = |lab: &mut Lab| lab.m.team(Some(&stranger), "5000", lab.now).map(drop);
    let e = read(&mut lab).expect_err("unknown name");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    lab.dev(Deviation::UnknownCredentialsAccepted, true);
    assert_eq!(read(&mut lab), Ok(()), "read as the administrator");
}
