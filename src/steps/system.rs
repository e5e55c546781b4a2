//! Steps that switch faults through the profile's hook, and named API calls.

use cucumber::{given, when};

use super::world::{
    FinesseWorld, Role, StepResult, creds, fail, media_body, media_path, user_body, user_path,
};
use crate::finesse::Request;
use crate::finesse::models::{MediaUpdate, UserUpdate};
use crate::scenario::faults::{self, Fault};

pub(super) async fn switch(w: &mut FinesseWorld, fault: Fault, on: bool) -> StepResult {
    let ctx = w.ctx()?;
    let hook = ctx.profile.capabilities.fault_injection.as_ref().ok_or_else(|| {
        super::StepError::precondition("the profile has no capabilities.fault_injection (tag the scenario @requires:fault_injection)")
    })?;
    let client = w
        .client
        .clone()
        .ok_or_else(|| super::StepError::infrastructure("no client"))?;
    if on {
        // Read what the cleanup must restore while the target still answers.
        let ids: Vec<_> = w.roles.values().cloned().collect();
        for id in &ids {
            w.remember_voice(id).await?;
        }
        // Team and TeamResource steps find the agent's team without a read under the fault.
        // A lab agent without a team only matters to the steps that need one.
        if w.roles.contains_key(&Role::Agent) {
            let _ = w.agents_team().await;
        }
        if ctx.profile.capabilities.nonvoice_media
            && let Some(mrd) = ctx.profile.test_data.mrd.as_ref().map(|m| m.valid.clone())
            && let Ok(agent) = w.id(Role::Agent)
        {
            w.remember_media(&agent, &mrd).await?;
        }
    }
    faults::switch(hook, &client, fault, on, ctx.profile.timeouts.request * 3).await?;
    if on {
        w.faults.push(fault);
    } else {
        w.faults.retain(|f| *f != fault);
    }
    Ok(())
}

#[given("Finesse is out of service")]
async fn out_of_service(w: &mut FinesseWorld) -> StepResult {
    switch(w, Fault::OutOfService, true).await
}

#[given("Finesse is in partial service")]
async fn partial_service(w: &mut FinesseWorld) -> StepResult {
    switch(w, Fault::PartialService, true).await
}

#[given("Finesse meets a database runtime exception")]
async fn db_runtime_exception(w: &mut FinesseWorld) -> StepResult {
    switch(w, Fault::DbRuntimeException, true).await
}

#[given("Finesse meets a runtime exception")]
async fn runtime_exception(w: &mut FinesseWorld) -> StepResult {
    switch(w, Fault::RuntimeException, true).await
}

#[given("the AWS services are unavailable to Finesse")]
async fn aws_unavailable(w: &mut FinesseWorld) -> StepResult {
    switch(w, Fault::AwsUnavailable, true).await
}

#[given("the Notification Service is down")]
async fn notification_down(w: &mut FinesseWorld) -> StepResult {
    switch(w, Fault::NotificationServiceDown, true).await
}

#[when("Finesse is back in service")]
async fn back_in_service(w: &mut FinesseWorld) -> StepResult {
    switch(w, Fault::OutOfService, false).await
}

#[when("the Notification Service is back up")]
async fn notification_up(w: &mut FinesseWorld) -> StepResult {
    switch(w, Fault::NotificationServiceDown, false).await
}

/// A named API call by the agent, for checks that apply to every API.
#[when(
    regex = r"^the agent calls (GET User|PUT User state|GET ReasonCodes|GET ReasonCode|GET Media list|PUT Media state)$"
)]
async fn call(w: &mut FinesseWorld, api: String) -> StepResult {
    let who = w.id(Role::Agent)?;
    let base = user_path(&who.id);
    let req = match api.as_str() {
        "GET User" => Request::get(base),
        "PUT User state" => {
            w.remember_voice(&who).await?;
            Request::put(
                base,
                user_body(&UserUpdate {
                    state: Some("NOT_READY".into()),
                    ..Default::default()
                })?,
            )
        }
        "GET ReasonCodes" => Request::get(format!("{base}/ReasonCodes?category=NOT_READY")),
        "GET ReasonCode" => Request::get(format!(
            "{base}/ReasonCode/{}",
            w.code("NOT_READY", "global")?
        )),
        "GET Media list" => Request::get(format!("{base}/Media")),
        "PUT Media state" => {
            let mrd = w.mrd()?;
            Request::put(
                media_path(&who.id, &mrd),
                media_body(&MediaUpdate {
                    state: Some("READY".into()),
                    ..Default::default()
                })?,
            )
        }
        other => return fail(format!("unknown API \"{other}\"")),
    };
    w.send(req.as_user(creds(&who))).await.map(drop)
}

/// A generic request, so that lab teams can add scenarios without writing Rust:
/// `When the agent sends PUT "/finesse/api/User/{agent}" with body:` and a doc string.
/// `{agent}`, `{second agent}`, `{supervisor}` and `{other-team agent}` become user ids.
#[when(
    regex = r#"^the (agent|second agent|supervisor|other-team agent) sends (GET|PUT|POST|DELETE) "([^"]+)"(?: with body:)?$"#
)]
async fn generic_request(
    w: &mut FinesseWorld,
    role: String,
    method: String,
    path: String,
    step: &cucumber::gherkin::Step,
) -> StepResult {
    let actor = w.id(Role::parse(&role)?)?;
    let mut resolved = path.clone();
    for (placeholder, r) in [
        ("{agent}", Role::Agent),
        ("{second agent}", Role::SecondAgent),
        ("{supervisor}", Role::Supervisor),
        ("{other-team agent}", Role::OtherTeamAgent),
    ] {
        if resolved.contains(placeholder) {
            let id = w.id(r)?;
            if method != "GET" {
                w.remember_voice(&id).await?;
            }
            resolved = resolved.replace(placeholder, &id.id);
        }
    }
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|e| super::StepError::infrastructure(format!("bad method: {e}")))?;
    let mut req = match &step.docstring {
        Some(body) => Request::put(resolved, body.trim().to_string()),
        None => Request::get(resolved),
    };
    req.method = method;
    w.send(req.as_user(creds(&actor))).await.map(drop)
}
