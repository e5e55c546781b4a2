//! TeamMessage steps (G12.5 p202, "TeamMessage—Create a Team Message"): a supervisor
//! broadcasts a message to the agent's team with POST /TeamMessage; agents and unknown
//! credentials are refused.
//!
//! Only the Create page has been read, so no step lists, reads or deletes a message. A
//! created message therefore stays on a lab until its duration runs out: the body asks for
//! the shortest display this suite can justify, `DURATION_SECONDS`.

use cucumber::when;

use super::world::{FinesseWorld, Role, StepResult, creds, unknown_credentials};
use crate::finesse::Request;

const TEAM_MESSAGE_PATH: &str = "/finesse/api/TeamMessage";

/// Seconds the message is displayed ("TeamMessage API Parameters": duration). Short, because
/// the suite cannot delete the message without the Delete page's URI.
const DURATION_SECONDS: u32 = 10;

/// The body p202 prints, for one team.
fn team_message_body(team: &str) -> String {
    format!(
        "<TeamMessage><duration>{DURATION_SECONDS}</duration>\
         <content>finesse-conformance team message</content>\
         <teams><team>{team}</team></teams></TeamMessage>"
    )
}

#[when(
    regex = r"^(the supervisor|the agent|someone with unknown credentials) creates a team message for the agent's team$"
)]
async fn creates_team_message(w: &mut FinesseWorld, sender: String) -> StepResult {
    let team = w.agents_team().await?;
    let who = match sender.as_str() {
        "the supervisor" => creds(&w.id(Role::Supervisor)?),
        "the agent" => creds(&w.id(Role::Agent)?),
        _ => unknown_credentials(w)?,
    };
    let req = Request::post(TEAM_MESSAGE_PATH, team_message_body(&team));
    w.send(req.as_user(who)).await.map(drop)
}
