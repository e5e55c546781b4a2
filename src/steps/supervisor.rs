//! Steps for the rarer dialog requests: a supervisor dropping a participant (G12.5 p.104),
//! recording (p.107), and requests Finesse must refuse for who sends them (an administrator,
//! unknown credentials, another user's URI; p.32, p.82, p.102).

use cucumber::when;

use super::dialog::act::barge_request;
use super::dialog::{dialog_body, extension};
use super::world::{FinesseWorld, Role, StepResult, creds, unknown_credentials};
use crate::finesse::Request;
use crate::finesse::models::DialogRequest;

/// An extension no test user has, for requests that must name one not on the call.
const NOBODY: &str = "9999999";

#[when(
    regex = r"^the supervisor drops (the second agent|an extension that is not on the call) from the agent's call$"
)]
async fn participant_drop(w: &mut FinesseWorld, whom: String) -> StepResult {
    let (s, a) = (w.id(Role::Supervisor)?, w.id(Role::Agent)?);
    let target = if whom == "the second agent" {
        extension(&w.id(Role::SecondAgent)?)?
    } else {
        NOBODY.to_string()
    };
    let call = w.call_of(&a).await?;
    let req = DialogRequest {
        requested_action: Some("PARTICIPANT_DROP".into()),
        target_media_address: Some(target),
        ..Default::default()
    };
    w.put_dialog(&s, call.dialog_id().unwrap_or_default(), req)
        .await
        .map(drop)
}

/// START_RECORDING on the agent's call, for the actor's own extension (p.107).
#[when(regex = r"^the (agent|supervisor) starts recording the agent's call$")]
async fn start_recording(w: &mut FinesseWorld, role: String) -> StepResult {
    let (who, a) = (w.id(Role::parse(&role)?)?, w.id(Role::Agent)?);
    let call = w.call_of(&a).await?;
    let req = DialogRequest {
        requested_action: Some("START_RECORDING".into()),
        target_media_address: Some(extension(&who)?),
        ..Default::default()
    };
    w.put_dialog(&who, call.dialog_id().unwrap_or_default(), req)
        .await
        .map(drop)
}

/// The profile's administrator sends the supervisor's barge from its own URI. It has no
/// device, so Finesse must refuse it as no authorized supervisor (§6.5).
#[when("the administrator barges in on the agent's call")]
async fn admin_barge(w: &mut FinesseWorld) -> StepResult {
    let (s, a) = (w.id(Role::Supervisor)?, w.id(Role::Agent)?);
    let admin = w.admin()?;
    let req = barge_request(w, &s, &a, "").await?;
    let body = dialog_body(&req)?;
    w.send(
        Request::post(format!("/finesse/api/User/{}/Dialogs", admin.id), body)
            .as_user(creds(&admin)),
    )
    .await
    .map(drop)
}

/// The supervisor's barge, sent on its URI with credentials Finesse does not know.
#[when("someone with unknown credentials barges in on the agent's call as the supervisor")]
async fn unknown_barge(w: &mut FinesseWorld) -> StepResult {
    let (s, a) = (w.id(Role::Supervisor)?, w.id(Role::Agent)?);
    let req = barge_request(w, &s, &a, "").await?;
    let body = dialog_body(&req)?;
    let who = unknown_credentials(w)?;
    w.send(Request::post(format!("/finesse/api/User/{}/Dialogs", s.id), body).as_user(who))
        .await
        .map(drop)
}

/// MAKE_CALL on the agent's URI, from the agent's extension, with the second agent's
/// credentials.
#[when("the second agent makes a call on the agent's behalf")]
async fn call_for_other(w: &mut FinesseWorld) -> StepResult {
    let (a, b) = (w.id(Role::Agent)?, w.id(Role::SecondAgent)?);
    let req = DialogRequest {
        requested_action: Some("MAKE_CALL".into()),
        from_address: Some(extension(&a)?),
        to_address: Some(extension(&b)?),
        ..Default::default()
    };
    w.remember_voice(&a).await?;
    let body = dialog_body(&req)?;
    w.send(Request::post(format!("/finesse/api/User/{}/Dialogs", a.id), body).as_user(creds(&b)))
        .await
        .map(drop)
}
