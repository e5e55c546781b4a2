//! Steps about a user's wrap-up reasons: the list and one by id (G12.5 p.54, p.244).
//! "The test wrap-up reason" is the profile's `test_data.wrap_up_reason`.

use cucumber::{then, when};

use super::world::{FinesseWorld, StepError, StepResult, creds, fail, user_path};
use crate::finesse::Request;
use crate::finesse::models::{WrapUpReason, WrapUpReasons};

/// The profile's wrap-up reason id (the scenario is skipped without it: scenario/needs.rs).
fn test_reason(w: &FinesseWorld) -> Result<String, StepError> {
    match w.ctx()?.profile.test_data.wrap_up_reason.clone() {
        Some(id) => Ok(id),
        None => fail("the profile sets no test_data.wrap_up_reason"),
    }
}

#[when(regex = r"^the agent lists (their|the second agent's) wrap-up reasons$")]
async fn list(w: &mut FinesseWorld, whose: String) -> StepResult {
    let (who, of) = w.actor_and_target("agent", &whose)?;
    let path = format!("{}/WrapUpReasons", user_path(&of.id));
    w.send(Request::get(path).as_user(creds(&who)))
        .await
        .map(drop)
}

#[when(regex = r"^the agent reads (their|the second agent's) test wrap-up reason$")]
async fn read(w: &mut FinesseWorld, whose: String) -> StepResult {
    let (who, of) = w.actor_and_target("agent", &whose)?;
    let id = test_reason(w)?;
    let path = format!("{}/WrapUpReason/{id}", user_path(&of.id));
    w.send(Request::get(path).as_user(creds(&who)))
        .await
        .map(drop)
}

/// The unknown id: the profile's unknown reason-code id, which no configuration object has.
#[when("the agent reads an unknown wrap-up reason")]
async fn read_unknown(w: &mut FinesseWorld) -> StepResult {
    let who = w.id(super::world::Role::Agent)?;
    let id = w.ctx()?.profile.test_data.unknown_reason_code_id.clone();
    let path = format!("{}/WrapUpReason/{id}", user_path(&who.id));
    w.send(Request::get(path).as_user(creds(&who)))
        .await
        .map(drop)
}

#[then("the list holds the test wrap-up reason")]
async fn list_holds(w: &mut FinesseWorld) -> StepResult {
    let id = test_reason(w)?;
    let list: WrapUpReasons = w.last()?.parse("WrapUpReasons")?;
    let ids: Vec<&str> = list
        .reasons
        .iter()
        .filter_map(WrapUpReason::database_id)
        .collect();
    if ids.contains(&id.as_str()) {
        Ok(())
    } else {
        fail(format!(
            "expected the list to hold wrap-up reason {id}; it holds ids {ids:?}"
        ))
    }
}

/// G12.5 p.54 and the object page (p.244): uri (ending in the id), label and forAll.
#[then("the wrap-up reason has a uri ending in its id, a label and forAll")]
async fn fields(w: &mut FinesseWorld) -> StepResult {
    let id = test_reason(w)?;
    let r: WrapUpReason = w.last()?.parse("WrapUpReason")?;
    let present = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let missing: Vec<&str> = [("uri", &r.uri), ("label", &r.label), ("forAll", &r.for_all)]
        .into_iter()
        .filter(|(_, v)| !present(v))
        .map(|(k, _)| k)
        .collect();
    if !missing.is_empty() {
        return fail(format!("the WrapUpReason lacks {}", missing.join(", ")));
    }
    match r.database_id() {
        Some(got) if got == id => Ok(()),
        other => fail(format!(
            "expected the uri to end in the id {id}, got {:?} (id {other:?})",
            r.uri
        )),
    }
}

/// p.54 lists both "404 Not Found" and "400 Finesse API Error" for a wrap-up reason that
/// does not exist: either passes, nothing else does.
#[then("the wrap-up reason is not found")]
async fn not_found(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    let types: Vec<String> = r
        .api_errors()
        .map(|e| {
            e.errors
                .into_iter()
                .map(|x| x.error_type.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    let finesse_api_error = r.status == 400 && types.iter().any(|t| t == "Finesse API Error");
    if r.status == 404 || finesse_api_error {
        Ok(())
    } else {
        fail(format!(
            "expected 404 Not Found or 400 Finesse API Error, got {}",
            r.describe()
        ))
    }
}
