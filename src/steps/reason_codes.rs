//! Steps about reason-code lists and lookups (G12.5 p.52–53).

use cucumber::{then, when};

use super::world::{FinesseWorld, Role, StepResult, creds, fail, reason_code_path, user_path};
use crate::finesse::Request;
use crate::finesse::models::{ReasonCode, ReasonCodes};

#[when(
    regex = r"^the (agent|other-team agent) lists (their|the second agent's) (NOT_READY|LOGOUT) reason codes$"
)]
async fn list(w: &mut FinesseWorld, role: String, whose: String, category: String) -> StepResult {
    let (who, of) = w.actor_and_target(&role, &whose)?;
    let path = format!("{}/ReasonCodes?category={category}", user_path(&of.id));
    w.send(Request::get(path).as_user(creds(&who)))
        .await
        .map(drop)
}

#[when("the agent lists their reason codes without a category")]
async fn list_without_category(w: &mut FinesseWorld) -> StepResult {
    let who = w.id(Role::Agent)?;
    w.send(Request::get(format!("{}/ReasonCodes", user_path(&who.id))).as_user(creds(&who)))
        .await
        .map(drop)
}

#[then(
    regex = r"^the list (holds|does not hold) the (team|global|system|other team's) (NOT_READY|LOGOUT) reason code$"
)]
async fn list_holds(
    w: &mut FinesseWorld,
    how: String,
    kind: String,
    category: String,
) -> StepResult {
    let id = w.code(&category, &kind)?;
    let list: ReasonCodes = w.last()?.parse("ReasonCodes")?;
    let ids: Vec<&str> = list
        .codes
        .iter()
        .filter_map(ReasonCode::database_id)
        .collect();
    let held = ids.contains(&id.as_str());
    match (how.as_str(), held) {
        ("holds", false) => fail(format!(
            "expected the list to hold the {kind} {category} code (id {id}); it holds ids {ids:?}"
        )),
        ("does not hold", true) => fail(format!(
            "expected the list not to hold the {kind} {category} code (id {id}); it does"
        )),
        _ => Ok(()),
    }
}

#[when(
    regex = r"^the agent reads the (team|global|system|other team's) (NOT_READY|LOGOUT) reason code$"
)]
async fn read_code(w: &mut FinesseWorld, kind: String, category: String) -> StepResult {
    let who = w.id(Role::Agent)?;
    let id = w.code(&category, &kind)?;
    w.send(Request::get(reason_code_path(&who.id, &id)).as_user(creds(&who)))
        .await
        .map(drop)
}

#[when("the agent reads an unknown reason code")]
async fn read_unknown_code(w: &mut FinesseWorld) -> StepResult {
    let who = w.id(Role::Agent)?;
    let id = w.ctx()?.profile.test_data.unknown_reason_code_id.clone();
    w.send(Request::get(reason_code_path(&who.id, &id)).as_user(creds(&who)))
        .await
        .map(drop)
}

#[then(regex = r"^the reason code's category is (NOT_READY|LOGOUT)$")]
async fn category_is(w: &mut FinesseWorld, expected: String) -> StepResult {
    let rc: ReasonCode = w.last()?.parse("ReasonCode")?;
    match rc.category.as_deref().map(str::trim) {
        Some(c) if c == expected => Ok(()),
        other => fail(format!("expected category {expected}, got {other:?}")),
    }
}

/// The fields of a ReasonCode (G12.5 p52, reference §4.7), each present and not empty.
#[then("the reason code has a uri, category, code, label and forAll")]
async fn fields(w: &mut FinesseWorld) -> StepResult {
    let rc: ReasonCode = w.last()?.parse("ReasonCode")?;
    let fields = [
        ("uri", &rc.uri),
        ("category", &rc.category),
        ("code", &rc.code),
        ("label", &rc.label),
        ("forAll", &rc.for_all),
    ];
    let missing: Vec<&str> = fields
        .iter()
        .filter(|(_, v)| v.as_deref().is_none_or(|s| s.trim().is_empty()))
        .map(|(k, _)| *k)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        fail(format!("the ReasonCode lacks {}", missing.join(", ")))
    }
}
