//! Single-step transfer steps (TRANSFER_SST, G12.5 p.96): a participant sends its call to
//! another destination without consulting first.

use cucumber::when;

use super::*;

/// TRANSFER_SST from the agent's call: to another agent's extension, to the agent's own
/// extension, or without a toAddress.
#[when(
    regex = r"^the (agent|second agent) transfers the call in a single step (to the other-team agent|to their own extension|without a destination)$"
)]
async fn transfers_sst(w: &mut FinesseWorld, role: String, whom: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let to = match whom.as_str() {
        "to the other-team agent" => {
            let t = w.id(Role::OtherTeamAgent)?;
            // The destination's state changes too; the cleanup restores it.
            w.remember_voice(&t).await?;
            Some(extension(&t)?)
        }
        "to their own extension" => Some(extension(&who)?),
        _ => None,
    };
    let call = w.call_of(&who).await?;
    let req = DialogRequest {
        requested_action: Some("TRANSFER_SST".into()),
        target_media_address: Some(extension(&who)?),
        to_address: to,
        ..Default::default()
    };
    w.put_dialog(&who, call.dialog_id().unwrap_or_default(), req)
        .await
        .map(drop)
}
