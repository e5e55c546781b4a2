//! User—Get List (`GET /Users`): administrators read every user at once.

use cucumber::{then, when};

use super::world::{FinesseWorld, Role, StepResult, creds, fail};
use crate::finesse::Request;
use crate::finesse::models::Users;

#[when(regex = r"^the (administrator|agent) lists the users$")]
async fn lists_users(w: &mut FinesseWorld, who: String) -> StepResult {
    let reader = if who == "administrator" {
        w.admin()?
    } else {
        w.id(Role::Agent)?
    };
    w.send(Request::get("/finesse/api/Users").as_user(creds(&reader)))
        .await
        .map(drop)
}

#[then("the user list holds the agent")]
async fn list_holds_agent(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let list: Users = w.last()?.parse("Users")?;
    if list
        .users
        .iter()
        .any(|u| u.login_id.as_deref() == Some(a.id.as_str()))
    {
        return Ok(());
    }
    fail(format!(
        "expected the agent {} among the {} users listed",
        a.id,
        list.users.len()
    ))
}
