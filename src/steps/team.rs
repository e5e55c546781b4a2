//! Team steps (G12.5 p144–145, "Team API Errors"): a supervisor reads a team and its roster.
//! The team is the agent's, as the agent's own User names it, so a lab needs no team key.

use cucumber::{then, when};

use super::world::{FinesseWorld, Role, StepResult, creds, fail, unknown_credentials};
use crate::finesse::Request;
use crate::finesse::models::Team;

fn team_path(id: &str) -> String {
    format!("/finesse/api/Team/{id}")
}

#[when(regex = r"^(the supervisor|someone with unknown credentials) reads the agent's team$")]
async fn reads_team(w: &mut FinesseWorld, reader: String) -> StepResult {
    let team = w.agents_team().await?;
    let who = if reader.starts_with("someone") {
        unknown_credentials(w)?
    } else {
        creds(&w.id(Role::Supervisor)?)
    };
    w.send(Request::get(team_path(&team)).as_user(who))
        .await
        .map(drop)
}

#[when("the supervisor reads an unknown team")]
async fn reads_unknown_team(w: &mut FinesseWorld) -> StepResult {
    let s = w.id(Role::Supervisor)?;
    let unknown = w.ctx()?.profile.test_data.unknown_team_id.clone();
    w.send(Request::get(team_path(&unknown)).as_user(creds(&s)))
        .await
        .map(drop)
}

/// The Team just read is the agent's team and shows the agent in `state`.
#[then(regex = r"^the team lists the agent as ([A-Z_]+)$")]
async fn lists_agent(w: &mut FinesseWorld, state: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let expected_team = w.agents_team().await?;
    let team: Team = w.last()?.parse("Team")?;
    if team.id.as_deref() != Some(expected_team.as_str()) {
        return fail(format!(
            "expected Team {expected_team}, got a Team with id {:?}",
            team.id
        ));
    }
    let members = team.users.map(|u| u.users).unwrap_or_default();
    let Some(member) = members
        .iter()
        .find(|u| u.login_id.as_deref() == Some(a.id.as_str()))
    else {
        let ids: Vec<_> = members.iter().filter_map(|u| u.login_id.clone()).collect();
        return fail(format!(
            "expected the agent {} among the members of Team {expected_team}; it lists {ids:?}",
            a.id
        ));
    };
    match member.state.as_deref() {
        Some(s) if s == state => Ok(()),
        other => fail(format!(
            "expected the agent {} in the roster as {state}, got {other:?}",
            a.id
        )),
    }
}
