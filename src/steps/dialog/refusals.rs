//! Dialog requests Finesse must refuse for who sends them or for what they leave out: the
//! 401s (credentials it rejects, another user's request; p.32) and the missing parameters
//! of the silent monitor (p.98), the DROP that ends a barge (p.103) and START_RECORDING
//! (p.107). Each request is otherwise the one its owner would send.

use cucumber::when;

use super::*;
use crate::finesse::Credentials;
use crate::steps::world::unknown_credentials;

/// Where a request goes: a new dialog on a user's URI, or an action on a dialog.
enum Target {
    /// The owner's user id.
    Post(String),
    Put(String),
}

/// The request `owner` would send for `what`, and where it goes.
async fn owners_request(
    w: &mut FinesseWorld,
    owner: &Identity,
    what: &str,
) -> Result<(Target, DialogRequest), StepError> {
    let own = extension(owner)?;
    let action = |name: &str| DialogRequest {
        requested_action: Some(name.into()),
        target_media_address: Some(own.clone()),
        ..Default::default()
    };
    Ok(match what {
        "call" => {
            let b = w.id(Role::SecondAgent)?;
            w.remember_voice(&b).await?;
            let req = make_call(own.clone(), Some(extension(&b)?));
            (Target::Post(owner.id.clone()), req)
        }
        "silent monitor" => {
            let a = w.id(Role::Agent)?;
            let req = new_dialog("SILENT_MONITOR", own.clone(), Some(extension(&a)?));
            (Target::Post(owner.id.clone()), req)
        }
        "consult" => {
            let c = w.id(Role::OtherTeamAgent)?;
            let mut req = action("CONSULT_CALL");
            req.to_address = Some(extension(&c)?);
            (agents_call(w).await?, req)
        }
        "recording" => (agents_call(w).await?, action("START_RECORDING")),
        // The supervisor's leg of the barged call is on the agent's call.
        "barge exit" => (agents_call(w).await?, action("DROP")),
        _ => {
            let d = w
                .wait_dialog(owner, "a reservation", |d| d.participant(&own).is_some())
                .await?;
            let id = d.dialog_id().unwrap_or_default().to_string();
            (Target::Put(id), action("ACCEPT"))
        }
    })
}

/// The agent's call, as the dialog an action goes to.
async fn agents_call(w: &mut FinesseWorld) -> Result<Target, StepError> {
    let a = w.id(Role::Agent)?;
    let call = w.call_of(&a).await?;
    Ok(Target::Put(
        call.dialog_id().unwrap_or_default().to_string(),
    ))
}

async fn send_as(
    w: &mut FinesseWorld,
    target: Target,
    req: &DialogRequest,
    who: Credentials,
) -> StepResult {
    let body = dialog_body(req)?;
    let request = match target {
        Target::Post(owner) => Request::post(format!("/finesse/api/User/{owner}/Dialogs"), body),
        Target::Put(id) => Request::put(dialog_path(&id), body),
    };
    w.send(request.as_user(who)).await.map(drop)
}

/// The owner's request, sent with credentials Finesse does not know or with another user's
/// (p.32: Authorization Failure; Invalid Authorization User Specified).
#[when(
    regex = r"^(someone with unknown credentials|the second agent|the second supervisor) sends the (agent|supervisor)'s (call|consult|recording|reservation acceptance|silent monitor|barge exit) request( to the other-team agent)?$"
)]
async fn sends_owners_request(
    w: &mut FinesseWorld,
    sender: String,
    owner: String,
    what: String,
    to: String,
) -> StepResult {
    // The consult's destination must be named, so that the scenario leases it; nothing else
    // has one.
    if (what == "consult") == to.is_empty() {
        return Err(StepError::infrastructure(
            "only the consult request names a destination: write \"the agent's consult request to the other-team agent\"",
        ));
    }
    let owner = w.id(Role::parse(&owner)?)?;
    w.remember_voice(&owner).await?;
    let (target, req) = owners_request(w, &owner, &what).await?;
    let who = if sender.starts_with("someone") {
        unknown_credentials(w)?
    } else {
        creds(&w.id(Role::parse(sender.trim_start_matches("the "))?)?)
    };
    send_as(w, target, &req, who).await
}

/// SILENT_MONITOR from the supervisor's extension that names no agent (p.98).
#[when("the supervisor silently monitors without a toAddress")]
async fn monitors_nobody(w: &mut FinesseWorld) -> StepResult {
    let s = w.id(Role::Supervisor)?;
    let req = new_dialog("SILENT_MONITOR", extension(&s)?, None);
    w.post_dialog(&s, req).await.map(drop)
}

/// The supervisor's DROP (p.103) or the agent's START_RECORDING (p.107) on the agent's
/// call, without the targetMediaAddress both carry.
#[when(
    regex = r"^the (supervisor leaves the call|agent starts recording the call) without a targetMediaAddress$"
)]
async fn without_target(w: &mut FinesseWorld, what: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let (actor, action) = if what.starts_with("supervisor") {
        (w.id(Role::Supervisor)?, "DROP")
    } else {
        (a.clone(), "START_RECORDING")
    };
    let call = w.call_of(&a).await?;
    let req = DialogRequest {
        requested_action: Some(action.into()),
        ..Default::default()
    };
    w.put_dialog(&actor, call.dialog_id().unwrap_or_default(), req)
        .await
        .map(drop)
}

/// The DROP that would end a barge, on a dialog that does not exist (p.103: 404).
#[when("the supervisor leaves an unknown dialog")]
async fn leaves_unknown_dialog(w: &mut FinesseWorld) -> StepResult {
    let s = w.id(Role::Supervisor)?;
    w.act(&s, UNKNOWN_DIALOG, "DROP").await
}

/// A MAKE_CALL body cut off before its end, so no XML parser can read it (p.82: 400).
#[when("the agent sends a malformed call request")]
async fn malformed_call(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    w.remember_voice(&a).await?;
    let body = format!(
        "<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>{}</fromAddress>",
        extension(&a)?
    );
    w.send(Request::post(format!("/finesse/api/User/{}/Dialogs", a.id), body).as_user(creds(&a)))
        .await
        .map(drop)
}
