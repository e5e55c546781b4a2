//! SEND_DTMF steps (G12.5 p.92): a participant sends tones on its call with the digits in the
//! action parameter `dtmfString`.

use cucumber::{then, when};

use super::*;
use crate::finesse::models::{ActionParams, NameValue};

/// SEND_DTMF on `who`'s call for its own extension, with `digits` (None: no actionParams).
async fn send_dtmf(w: &mut FinesseWorld, role: &str, digits: Option<String>) -> StepResult {
    let who = w.id(Role::parse(role)?)?;
    let call = w.call_of(&who).await?;
    let req = DialogRequest {
        requested_action: Some("SEND_DTMF".into()),
        target_media_address: Some(extension(&who)?),
        action_params: digits.map(|d| ActionParams {
            params: vec![NameValue::new("dtmfString", d)],
        }),
        ..Default::default()
    };
    w.put_dialog(&who, call.dialog_id().unwrap_or_default(), req)
        .await
        .map(drop)
}

#[when(regex = r#"^the (agent|second agent) sends the DTMF string "([^"]*)" on the call$"#)]
async fn sends_dtmf(w: &mut FinesseWorld, role: String, digits: String) -> StepResult {
    send_dtmf(w, &role, Some(digits)).await
}

#[when(regex = r"^the (agent|second agent) sends DTMF on the call without a dtmfString$")]
async fn sends_dtmf_without_string(w: &mut FinesseWorld, role: String) -> StepResult {
    send_dtmf(w, &role, None).await
}

/// p.92 lists 401 Invalid State for a HELD target; the guide's description of the same case
/// elsewhere has the request fail asynchronously. Either passes: a 401 Invalid State, or an
/// accepted request followed by an asynchronous error (the scenario then checks that the
/// participant stays HELD).
#[then(
    regex = r"^the (agent|second agent)'s request is refused as Invalid State, at once or with an asynchronous error$"
)]
async fn refused_invalid_state(w: &mut FinesseWorld, role: String) -> StepResult {
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
    if r.status == 401 && types.iter().any(|t| t == "Invalid State") {
        return Ok(());
    }
    if matches!(r.status, 200 | 202) && r.body.trim().is_empty() {
        return crate::steps::notifications::any_async_error(w, &role).await;
    }
    fail(format!(
        "expected 401 Invalid State, or an accepted request that then fails asynchronously; got {}",
        r.describe()
    ))
}

/// SEND_DTMF or TRANSFER_SST on `owner`'s call for `owner`'s extension, sent with `creds`
/// (another user's, or ones Finesse does not know).
async fn act_for(
    w: &mut FinesseWorld,
    owner: &Identity,
    action: &str,
    creds: crate::finesse::Credentials,
) -> StepResult {
    let call = w.call_of(owner).await?;
    let mut req = DialogRequest {
        requested_action: Some(action.into()),
        target_media_address: Some(extension(owner)?),
        ..Default::default()
    };
    if action == "SEND_DTMF" {
        req.action_params = Some(ActionParams {
            params: vec![NameValue::new("dtmfString", "1")],
        });
    } else {
        let t = w.id(Role::OtherTeamAgent)?;
        req.to_address = Some(extension(&t)?);
    }
    let body = dialog_body(&req)?;
    let path = format!(
        "/finesse/api/Dialog/{}",
        call.dialog_id().unwrap_or_default()
    );
    w.send(Request::put(path, body).as_user(creds))
        .await
        .map(drop)
}

fn action_of(what: &str) -> &'static str {
    if what.starts_with("sends") {
        "SEND_DTMF"
    } else {
        "TRANSFER_SST"
    }
}

/// The documented 401s of p.92 and p.96: credentials Finesse rejects, and a request for an
/// extension that is not the user's own (reference §6.4).
#[when(
    regex = r"^(someone with unknown credentials|the second agent) (sends DTMF|transfers the call in a single step) for the agent$"
)]
async fn acts_for_the_agent(w: &mut FinesseWorld, who: String, what: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let creds = if who.starts_with("someone") {
        crate::steps::world::unknown_credentials(w)?
    } else {
        creds(&w.id(Role::SecondAgent)?)
    };
    act_for(w, &a, action_of(&what), creds).await
}
