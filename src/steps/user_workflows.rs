//! User—Get List of Workflows (developer.cisco.com; deprecated from 12.5(1), still
//! documented): `GET /finesse/api/User/{id}/Workflows`. Any user can get its own workflows.

use cucumber::{then, when};

use super::world::{FinesseWorld, StepResult, creds, fail, user_path};
use crate::finesse::Request;
use crate::finesse::models::Workflows;

#[when(regex = r"^the agent lists (their|the second agent's) workflows$")]
async fn list(w: &mut FinesseWorld, whose: String) -> StepResult {
    let (who, of) = w.actor_and_target("agent", &whose)?;
    let path = format!("{}/Workflows", user_path(&of.id));
    w.send(Request::get(path).as_user(creds(&who)))
        .await
        .map(drop)
}

/// 200 with `<Workflows>`; each Workflow has a name and a TriggerSet with its type and name
/// (the example's shape). A lab whose team has no workflow passes with an empty list.
#[then("the response lists workflows, each with a name and a TriggerSet")]
async fn lists(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    if r.status != 200 {
        return fail(format!(
            "expected 200 with the user's workflows, got {}",
            r.describe()
        ));
    }
    let list: Workflows = r.parse("Workflows")?;
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_string();
    for wf in &list.workflows {
        let name = text(&wf.name);
        if name.is_empty() {
            return fail(format!("a Workflow has no name: {wf:?}"));
        }
        match &wf.trigger_set {
            Some(t) if !text(&t.kind).is_empty() && !text(&t.name).is_empty() => {}
            other => {
                return fail(format!(
                    "workflow \"{name}\" has no TriggerSet with a type and a name: {other:?}"
                ));
            }
        }
    }
    Ok(())
}

/// Refused: a 4xx (the page lists 401 Authorization Failure without its trigger).
#[then("the workflows are not served")]
async fn not_served(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    if (400..500).contains(&r.status) {
        return Ok(());
    }
    fail(format!(
        "expected a refusal (4xx) of another user's workflows, got {}",
        r.describe()
    ))
}
