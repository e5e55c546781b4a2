//! Steps that act on calls: make, answer, hold, retrieve, drop, monitor, barge, leave, and
//! the reservation actions.

use cucumber::{given, when};

use super::setup::{expect_accepted, monitoring_dialog};
use super::*;

#[when("the agent calls the second agent")]
async fn calls(w: &mut FinesseWorld) -> StepResult {
    let (a, b) = (w.id(Role::Agent)?, w.id(Role::SecondAgent)?);
    w.remember_voice(&b).await?;
    w.post_dialog(&a, make_call(extension(&a)?, Some(extension(&b)?)))
        .await
        .map(drop)
}

#[when(regex = r"^the (agent|second agent) calls the ICD number$")]
async fn calls_icd(w: &mut FinesseWorld, role: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let number = w
        .ctx()?
        .profile
        .test_data
        .icd_number
        .clone()
        .ok_or_else(|| StepError::precondition("the profile sets no test_data.icd_number"))?;
    // The routed agent's state changes too; the cleanup restores every leased user.
    for other in w.roles.values().cloned().collect::<Vec<_>>() {
        w.remember_voice(&other).await?;
    }
    w.post_dialog(&who, make_call(extension(&who)?, Some(number)))
        .await
        .map(drop)
}

#[when(regex = r"^the agent (calls their own extension|makes a call without a destination)$")]
async fn bad_call(w: &mut FinesseWorld, how: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let to = if how.starts_with("calls") {
        Some(extension(&a)?)
    } else {
        None
    };
    w.post_dialog(&a, make_call(extension(&a)?, to))
        .await
        .map(drop)
}

#[when(regex = r"^the (agent|second agent|supervisor) (answers|holds|retrieves|drops) the call$")]
#[given(regex = r"^the (agent|second agent|supervisor) (answers|holds|retrieves|drops) the call$")]
async fn call_action(w: &mut FinesseWorld, role: String, verb: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let call = w.call_of(&who).await?;
    let action = match verb.as_str() {
        "answers" => "ANSWER",
        "holds" => "HOLD",
        "retrieves" => "RETRIEVE",
        _ => "DROP",
    };
    w.act(&who, call.dialog_id().unwrap_or_default(), action)
        .await
}

/// SILENT_MONITOR from the supervisor's own extension, or "from the second agent's
/// extension" to check that fromAddress must be the supervisor's own (p.98).
#[when(
    regex = r"^the (supervisor|second supervisor) silently monitors the (agent|second agent|other-team agent|supervisor)( from the second agent's extension)?$"
)]
async fn monitors(
    w: &mut FinesseWorld,
    sup: String,
    agent: String,
    other_from: String,
) -> StepResult {
    let (s, a) = (w.id(Role::parse(&sup)?)?, w.id(Role::parse(&agent)?)?);
    let from = if other_from.is_empty() {
        extension(&s)?
    } else {
        extension(&w.id(Role::SecondAgent)?)?
    };
    let req = new_dialog("SILENT_MONITOR", from, Some(extension(&a)?));
    w.post_dialog(&s, req).await.map(drop)
}

/// BARGE_CALL with `associatedDialogUri` pointing at the supervisor's monitoring session, or
/// "without monitoring it" at the agent's call itself; or without that field, or with one
/// that is no Dialog URI (p.102's Parameter Missing and Invalid Input).
#[when(
    regex = r"^the (supervisor|second supervisor) barges in on the (agent|second agent|other-team agent)'s call( without monitoring it| without an associatedDialogUri| with a malformed associatedDialogUri)?$"
)]
pub(super) async fn barge(
    w: &mut FinesseWorld,
    sup: String,
    agent: String,
    how: String,
) -> StepResult {
    let (s, a) = (w.id(Role::parse(&sup)?)?, w.id(Role::parse(&agent)?)?);
    let req = barge_request(w, &s, &a, how.trim()).await?;
    w.post_dialog(&s, req).await.map(drop)
}

/// The BARGE_CALL body a supervisor `s` sends for agent `a` (see [`barge`] for `how`).
pub(in crate::steps) async fn barge_request(
    w: &mut FinesseWorld,
    s: &Identity,
    a: &Identity,
    how: &str,
) -> Result<DialogRequest, StepError> {
    let associated = match how {
        "without monitoring it" => Some(w.call_of(a).await?),
        "without an associatedDialogUri" | "with a malformed associatedDialogUri" => None,
        _ => Some(monitoring_dialog(w, s, a).await?),
    };
    let uri = match associated {
        Some(d) => Some(
            d.uri
                .clone()
                .unwrap_or_else(|| dialog_path(d.dialog_id().unwrap_or_default())),
        ),
        None if how.starts_with("with a malformed") => Some("not-a-dialog-uri".to_string()),
        None => None,
    };
    Ok(DialogRequest {
        requested_action: Some("BARGE_CALL".into()),
        from_address: Some(extension(s)?),
        to_address: Some(extension(a)?),
        associated_dialog_uri: uri,
        ..Default::default()
    })
}

/// CONSULT_CALL from the agent's call to another agent (p.95): the call goes on hold and the
/// consulted agent rings.
#[given(regex = r"^the agent consults the (other-team agent|second supervisor)$")]
async fn consults(w: &mut FinesseWorld, whom: String) -> StepResult {
    let (a, c) = (w.id(Role::Agent)?, w.id(Role::parse(&whom)?)?);
    w.drive_voice(&c, "NOT_READY").await?;
    let call = w.call_of(&a).await?;
    let req = DialogRequest {
        requested_action: Some("CONSULT_CALL".into()),
        target_media_address: Some(extension(&a)?),
        to_address: Some(extension(&c)?),
        ..Default::default()
    };
    expect_accepted(
        w.put_dialog(&a, call.dialog_id().unwrap_or_default(), req)
            .await?,
        "CONSULT_CALL",
    )?;
    let c_ext = extension(&c)?;
    w.wait_dialog(&c, "the consult call ringing", |d| {
        d.participant(&c_ext).is_some()
    })
    .await
    .map(drop)
}

#[when("the supervisor ends the monitoring")]
async fn end_monitoring(w: &mut FinesseWorld) -> StepResult {
    let (s, a) = (w.id(Role::Supervisor)?, w.id(Role::Agent)?);
    let m = monitoring_dialog(w, &s, &a).await?;
    w.act(&s, m.dialog_id().unwrap_or_default(), "DROP").await
}

#[when("the supervisor leaves the call")]
async fn leave_call(w: &mut FinesseWorld) -> StepResult {
    let (s, a) = (w.id(Role::Supervisor)?, w.id(Role::Agent)?);
    let call = w.call_of(&a).await?;
    w.act(&s, call.dialog_id().unwrap_or_default(), "DROP")
        .await
}

#[when(
    regex = r"^the agent (accepts|closes|rejects|holds|sends an unknown action to) the reservation( without a targetMediaAddress)?$"
)]
async fn reservation_action(w: &mut FinesseWorld, verb: String, without: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let ext = extension(&a)?;
    let d = w
        .wait_dialog(&a, "a reservation", |d| d.participant(&ext).is_some())
        .await?;
    let action = match verb.as_str() {
        "accepts" => "ACCEPT",
        "closes" => "CLOSE",
        "rejects" => "REJECT",
        "holds" => "HOLD",
        _ => "NOT_A_FINESSE_ACTION",
    };
    let target = without.is_empty().then_some(ext);
    let req = DialogRequest {
        requested_action: Some(action.into()),
        target_media_address: target,
        ..Default::default()
    };
    w.put_dialog(&a, d.dialog_id().unwrap_or_default(), req)
        .await
        .map(drop)
}

#[when(regex = r"^the agent (accepts|reads) an unknown dialog$")]
async fn unknown_dialog(w: &mut FinesseWorld, verb: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let path = dialog_path(UNKNOWN_DIALOG);
    let req = if verb == "reads" {
        Request::get(path)
    } else {
        let body = dialog_body(&DialogRequest {
            requested_action: Some("ACCEPT".into()),
            target_media_address: Some(extension(&a)?),
            ..Default::default()
        })?;
        Request::put(path, body)
    };
    w.send(req.as_user(creds(&a))).await.map(drop)
}
