//! Steps about an agent's routable mode in a non-voice MRD
//! (Media—Change Agent to Routable/Not Routable, G12.5 p.172–173).

use cucumber::{given, then, when};

use super::world::{Expect, FinesseWorld, Role, StepResult, media_body};
use crate::finesse::models::MediaUpdate;

fn routable_body(routable: bool) -> Result<String, super::StepError> {
    media_body(&MediaUpdate {
        routable: Some(routable.to_string()),
        ..Default::default()
    })
}

/// The agent's `<routable>` in the test MRD, waited on like a state.
async fn routable_is(w: &FinesseWorld, expect: Expect<'_>) -> StepResult {
    let (who, mrd) = (w.id(Role::Agent)?, w.mrd()?);
    w.watch(
        &format!("{}'s routable mode in {mrd}", who.id),
        expect,
        w.waker(&who, &format!("/Media/{mrd}")),
        || async {
            let media = w.read_media(&who, &mrd).await?;
            Ok(media.routable.unwrap_or_default().trim().to_string())
        },
    )
    .await
    .map(drop)
}

#[when(regex = r"^the agent makes themselves (routable|not routable) in the media routing domain$")]
async fn set_routable(w: &mut FinesseWorld, mode: String) -> StepResult {
    let (who, mrd) = (w.id(Role::Agent)?, w.mrd()?);
    let body = routable_body(mode == "routable")?;
    w.put_media(&who, &who, &mrd, body).await.map(drop)
}

#[when(regex = r#"^the agent sets their media routable to "([^"]*)"$"#)]
async fn set_routable_raw(w: &mut FinesseWorld, value: String) -> StepResult {
    let (who, mrd) = (w.id(Role::Agent)?, w.mrd()?);
    let body = media_body(&MediaUpdate {
        routable: Some(value),
        ..Default::default()
    })?;
    w.put_media(&who, &who, &mrd, body).await.map(drop)
}

/// Signs the agent in (NOT_READY) and sets the wanted routable mode, so the scenario starts
/// from a known mode on any lab (sign-in leaves the agent routable, p.167).
#[given(
    regex = r"^the agent is signed in and (routable|not routable) in the media routing domain$"
)]
async fn signed_in_with_mode(w: &mut FinesseWorld, mode: String) -> StepResult {
    let (who, mrd) = (w.id(Role::Agent)?, w.mrd()?);
    let want = if mode == "routable" { "true" } else { "false" };
    w.drive_media(&who, &mrd, "NOT_READY").await?;
    if w.read_media(&who, &mrd)
        .await?
        .routable
        .as_deref()
        .map(str::trim)
        != Some(want)
    {
        w.put_media(&who, &who, &mrd, routable_body(want == "true")?)
            .await?;
    }
    routable_is(w, Expect::Becomes(want)).await
}

#[then(regex = r"^the agent's media routable (becomes|stays) (true|false)$")]
async fn routable_then(w: &mut FinesseWorld, how: String, value: String) -> StepResult {
    routable_is(w, Expect::from_word(&how, &value)).await
}
