//! Steps about non-voice Media Routing Domains (G12.5 p.167–171).

use cucumber::{given, then, when};

use super::StepError;
use super::world::{
    Expect, FinesseWorld, Role, StepResult, creds, fail, media_body, media_path,
    unknown_credentials,
};
use crate::finesse::Request;
use crate::finesse::models::{Media, MediaList, MediaUpdate};

/// The agent sends `body` as an update of their own Media in the test MRD.
async fn agent_sends(w: &mut FinesseWorld, body: String) -> StepResult {
    let (who, mrd) = (w.id(Role::Agent)?, w.mrd()?);
    w.put_media(&who, &who, &mrd, body).await.map(drop)
}

/// The agent's Media in the test MRD, and how messages name it ("1001's Media 5000").
async fn agents_media(w: &FinesseWorld) -> Result<(Media, String), StepError> {
    let (who, mrd) = (w.id(Role::Agent)?, w.mrd()?);
    let media = w.read_media(&who, &mrd).await?;
    Ok((media, format!("{}'s Media {mrd}", who.id)))
}

fn sign_in_update() -> MediaUpdate {
    MediaUpdate {
        state: Some("LOGIN".into()),
        max_dialog_limit: Some("3".into()),
        interrupt_action: Some("ACCEPT".into()),
        dialog_logout_action: Some("CLOSE".into()),
        ..Default::default()
    }
}

#[given(
    regex = r"^the (agent|second agent) is (signed in to|signed out of) the media routing domain$"
)]
async fn signed_in(w: &mut FinesseWorld, role: String, how: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let mrd = w.mrd()?;
    let target = if how == "signed in to" {
        "NOT_READY"
    } else {
        "LOGOUT"
    };
    w.drive_media(&who, &mrd, target).await
}

#[given(regex = r"^the (agent|second agent) is (READY|NOT_READY) in the media routing domain$")]
async fn media_state(w: &mut FinesseWorld, role: String, state: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let mrd = w.mrd()?;
    w.drive_media(&who, &mrd, &state).await
}

#[when(
    regex = r"^the agent signs in to the media routing domain(?: without (maxDialogLimit|interruptAction|dialogLogoutAction)| with maxDialogLimit (\d+))?$"
)]
async fn media_sign_in(w: &mut FinesseWorld, without: String, limit: String) -> StepResult {
    let mut update = sign_in_update();
    match without.as_str() {
        "maxDialogLimit" => update.max_dialog_limit = None,
        "interruptAction" => update.interrupt_action = None,
        "dialogLogoutAction" => update.dialog_logout_action = None,
        _ => {}
    }
    if !limit.is_empty() {
        update.max_dialog_limit = Some(limit);
    }
    agent_sends(w, media_body(&update)?).await
}

#[when(
    regex = r"^the (agent|supervisor) sets (their|the agent's|the second agent's) media state to ([A-Z_]+)(?: with the (team|global|system|other team's) (NOT_READY|LOGOUT) reason code| (without) a reason code)?$"
)]
async fn set_media_state(
    w: &mut FinesseWorld,
    actor: String,
    whose: String,
    state: String,
    kind: String,
    category: String,
    _without: String,
) -> StepResult {
    let (actor, target) = w.actor_and_target(&actor, &whose)?;
    let mrd = w.mrd()?;
    let reason_code_id = w.optional_code(&category, &kind)?;
    let update = MediaUpdate {
        state: Some(state),
        reason_code_id,
        ..Default::default()
    };
    w.put_media(&actor, &target, &mrd, media_body(&update)?)
        .await
        .map(drop)
}

#[when("the agent sends a Media update without a state")]
async fn media_without_state(w: &mut FinesseWorld) -> StepResult {
    let update = MediaUpdate {
        reason_code_id: Some(w.code("NOT_READY", "global")?),
        ..Default::default()
    };
    agent_sends(w, media_body(&update)?).await
}

/// Requests on an unknown MRD or user are sent without the cleanup snapshot, since there
/// is nothing there to restore.
#[when(
    regex = r"^the agent sets the media state of an unknown (media routing domain|user) to ([A-Z_]+) with the (team|global|system|other team's) (NOT_READY|LOGOUT) reason code$"
)]
async fn media_unknown(
    w: &mut FinesseWorld,
    what: String,
    state: String,
    kind: String,
    category: String,
) -> StepResult {
    let who = w.id(Role::Agent)?;
    let ctx = w.ctx()?;
    let td = &ctx.profile.test_data;
    let (user, mrd) = if what == "user" {
        (td.unknown_user_id.clone(), w.mrd()?)
    } else {
        let mrd =
            td.mrd.as_ref().map(|m| m.unknown.clone()).ok_or_else(|| {
                super::StepError::precondition("the profile sets no test_data.mrd")
            })?;
        (who.id.clone(), mrd)
    };
    let update = MediaUpdate {
        state: Some(state),
        reason_code_id: Some(w.code(&category, &kind)?),
        ..Default::default()
    };
    w.send(Request::put(media_path(&user, &mrd), media_body(&update)?).as_user(creds(&who)))
        .await
        .map(drop)
}

#[then(regex = r"^the (agent|second agent)'s media state (becomes|stays) ([A-Z_]+)$")]
async fn media_state_is(
    w: &mut FinesseWorld,
    role: String,
    how: String,
    state: String,
) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let mrd = w.mrd()?;
    w.media_is(&who, &mrd, Expect::from_word(&how, &state))
        .await
}

#[then(
    regex = r"^the agent's media reason code id is the (team|global|system|other team's) (NOT_READY|LOGOUT) reason code$"
)]
async fn media_reason(w: &mut FinesseWorld, kind: String, category: String) -> StepResult {
    let (media, on) = agents_media(w).await?;
    w.expect_code((&category, &kind), media.reason_code_id.as_deref(), &on)
}

#[when("the agent reads their media list")]
async fn read_list(w: &mut FinesseWorld) -> StepResult {
    let who = w.id(Role::Agent)?;
    w.send(Request::get(format!("/finesse/api/User/{}/Media", who.id)).as_user(creds(&who)))
        .await
        .map(drop)
}

#[then("the media list holds the test media routing domain")]
async fn list_holds_mrd(w: &mut FinesseWorld) -> StepResult {
    let mrd = w.mrd()?;
    let list: MediaList = w.last()?.parse("MediaList")?;
    let ids: Vec<&str> = list.media.iter().filter_map(|m| m.id.as_deref()).collect();
    if !ids.contains(&mrd.as_str()) {
        return fail(format!(
            "expected MRD {mrd} in the media list; it holds {ids:?}"
        ));
    }
    Ok(())
}

#[when("the agent sends a malformed Media update")]
async fn malformed(w: &mut FinesseWorld) -> StepResult {
    agent_sends(w, "<Media><state>READY</state>".into()).await
}

#[when("someone with unknown credentials sets the agent's media state to NOT_READY")]
async fn unknown_credentials_put(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let mrd = w.mrd()?;
    let update = MediaUpdate {
        state: Some("NOT_READY".into()),
        reason_code_id: Some(w.code("NOT_READY", "global")?),
        ..Default::default()
    };
    let who = unknown_credentials(w)?;
    w.send(Request::put(media_path(&a.id, &mrd), media_body(&update)?).as_user(who))
        .await
        .map(drop)
}

#[then(regex = r"^the agent's media dialogLogoutAction is (CLOSE|TRANSFER)$")]
async fn dialog_logout_action(w: &mut FinesseWorld, expected: String) -> StepResult {
    let (media, on) = agents_media(w).await?;
    let got = media.dialog_logout_action.as_deref().map(str::trim);
    if got != Some(expected.as_str()) {
        return fail(format!(
            "expected dialogLogoutAction {expected} on {on}, got {got:?}"
        ));
    }
    Ok(())
}

#[given("the agent's media stateChangeTime is noted")]
async fn note_change_time(w: &mut FinesseWorld) -> StepResult {
    let (media, _) = agents_media(w).await?;
    w.noted = Some(media.state_change_time.unwrap_or_default());
    Ok(())
}

#[then("the agent's media stateChangeTime is unchanged")]
async fn change_time_unchanged(w: &mut FinesseWorld) -> StepResult {
    let Some(before) = w.noted.clone() else {
        return fail("no stateChangeTime was noted earlier in this scenario");
    };
    let (media, on) = agents_media(w).await?;
    let now = media.state_change_time.unwrap_or_default();
    if now != before {
        return fail(format!(
            "expected {on} stateChangeTime to stay \"{before}\", got \"{now}\""
        ));
    }
    Ok(())
}
