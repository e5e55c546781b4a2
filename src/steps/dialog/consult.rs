//! Steps about consult calls and how they complete: CONSULT_CALL from the agent's call
//! (G12.5 p.95), then TRANSFER or CONFERENCE on the held original call (p.86, p.126).
//!
//! "The original call" is the call the scenario set up first; "the consult call" is the other
//! call the agent and the consulted party share. Dialog ids may change when calls are joined
//! (the guide's note on Dialog APIs), so after a transfer or conference the steps find calls by
//! their parties, never by a remembered id.

use cucumber::{given, then, when};

use super::observe::actions_are;
use super::setup::expect_accepted;
use super::*;

/// The first call of this scenario that `who` is still on.
async fn original_call(w: &FinesseWorld, who: &Identity) -> Result<Option<Dialog>, StepError> {
    let dialogs = w.dialogs_of(who).await?;
    Ok(w.calls.iter().find_map(|k| {
        dialogs
            .iter()
            .find(|d| d.dialog_id() == Some(k.as_str()))
            .cloned()
    }))
}

/// The call `who` shares with the agent besides the original one: the consult call, seen by
/// the agent or by the consulted party.
async fn consult_call(w: &FinesseWorld, who: &Identity) -> Result<Option<Dialog>, StepError> {
    let a_ext = extension(&w.id(Role::Agent)?)?;
    let dialogs = w.dialogs_of(who).await?;
    Ok(dialogs.into_iter().find(|d| {
        d.participant(&a_ext).is_some()
            && !d
                .dialog_id()
                .is_some_and(|id| w.calls.iter().any(|k| k == id))
    }))
}

/// CONSULT_CALL on the agent's call from `actor`, naming `target` and `to` (p.95).
async fn send_consult(
    w: &mut FinesseWorld,
    actor: &Identity,
    target: Option<String>,
    to: Option<String>,
) -> StepResult {
    let a = w.id(Role::Agent)?;
    let call = w.call_of(&a).await?;
    let req = DialogRequest {
        requested_action: Some("CONSULT_CALL".into()),
        target_media_address: target,
        to_address: to,
        ..Default::default()
    };
    w.put_dialog(actor, call.dialog_id().unwrap_or_default(), req)
        .await
        .map(drop)
}

/// The consulted party is signed in and NOT_READY, so that the consult can ring it.
async fn ready_to_be_consulted(w: &mut FinesseWorld, whom: &str) -> Result<Identity, StepError> {
    let c = w.id(Role::parse(whom)?)?;
    w.drive_voice(&c, "NOT_READY").await?;
    Ok(c)
}

/// CONSULT_CALL on the agent's call by the agent, or by the second agent while that call
/// still rings at it (p.95 names a consult from a ringing call among its errors).
#[when(
    regex = r"^the (agent|second agent) consults the (other-team agent|supervisor)( without a destination| on behalf of the second agent)?$"
)]
async fn consults(w: &mut FinesseWorld, actor: String, whom: String, how: String) -> StepResult {
    let a = w.id(Role::parse(&actor)?)?;
    let c = ready_to_be_consulted(w, &whom).await?;
    let target = match how.trim() {
        "on behalf of the second agent" => extension(&w.id(Role::SecondAgent)?)?,
        _ => extension(&a)?,
    };
    let to = (how.trim() != "without a destination")
        .then(|| extension(&c))
        .transpose()?;
    send_consult(w, &a, Some(target), to).await
}

/// A user who is not on the agent's call sends CONSULT_CALL on it, naming its own extension.
#[when("the other-team agent consults the supervisor from the agent's call")]
async fn outsider_consults(w: &mut FinesseWorld) -> StepResult {
    let o = w.id(Role::OtherTeamAgent)?;
    w.drive_voice(&o, "NOT_READY").await?;
    let c = ready_to_be_consulted(w, "supervisor").await?;
    send_consult(w, &o, Some(extension(&o)?), Some(extension(&c)?)).await
}

/// The consulted party answers the consult call once it rings.
#[when(regex = r"^the (other-team agent|supervisor) answers the consult call$")]
async fn answers(w: &mut FinesseWorld, whom: String) -> StepResult {
    let c = w.id(Role::parse(&whom)?)?;
    let ext = extension(&c)?;
    let d = w
        .wait_dialog(&c, "the consult call ringing", |d| {
            d.participant(&ext)
                .is_some_and(|p| p.state.as_deref() == Some("ALERTING"))
        })
        .await?;
    w.act(&c, d.dialog_id().unwrap_or_default(), "ANSWER").await
}

/// `actor`, on the agent's call, consults `whom`, who answers: `actor` is then active on the
/// consult call and holds the agent's call.
#[given(
    regex = r"^the (agent|other-team agent) has a consult call answered by the (other-team agent|supervisor)$"
)]
async fn consult_answered(w: &mut FinesseWorld, actor: String, whom: String) -> StepResult {
    let a = w.id(Role::parse(&actor)?)?;
    let c = ready_to_be_consulted(w, &whom).await?;
    send_consult(w, &a, Some(extension(&a)?), Some(extension(&c)?)).await?;
    expect_accepted(w.last()?, "CONSULT_CALL")?;
    answers(w, whom).await?;
    expect_accepted(w.last()?, "ANSWER")?;
    let a_ext = extension(&a)?;
    let c_ext = extension(&c)?;
    w.wait_dialog(&a, "the consult call answered", |d| {
        let active = |e: &str| {
            d.participant(e)
                .is_some_and(|p| p.state.as_deref() == Some("ACTIVE"))
        };
        active(&a_ext) && active(&c_ext)
    })
    .await
    .map(drop)
}

/// TRANSFER or CONFERENCE by `actor` on the call it holds (the participant table gives a
/// HELD participant these actions; the forum's consult-and-transfer flow sends them on the
/// original dialog), else on the agent's call.
/// "the original call": on the agent's first call whatever its state.
#[when(regex = r"^the (agent|other-team agent) (transfers|conferences) the (call|original call)$")]
#[given(regex = r"^the (agent|other-team agent) (transfers|conferences) the (call|original call)$")]
async fn completes(w: &mut FinesseWorld, actor: String, verb: String, which: String) -> StepResult {
    let who = w.id(Role::parse(&actor)?)?;
    let ext = extension(&who)?;
    let held = w.dialogs_of(&who).await?.into_iter().find(|d| {
        which == "call"
            && d.participant(&ext)
                .is_some_and(|p| p.state.as_deref() == Some("HELD"))
    });
    let call = match held {
        Some(d) => d,
        None => {
            let a = w.id(Role::Agent)?;
            w.call_of(&a).await?
        }
    };
    let action = if verb == "transfers" {
        "TRANSFER"
    } else {
        "CONFERENCE"
    };
    w.act(&who, call.dialog_id().unwrap_or_default(), action)
        .await
}

/// The state of `role`'s participant in the original or the consult call.
#[then(
    regex = r"^the (agent|other-team agent|supervisor)'s participant in the (original|consult) call (becomes|stays) ([A-Z_]+)$"
)]
async fn participant_in(
    w: &mut FinesseWorld,
    role: String,
    which: String,
    how: String,
    state: String,
) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let ext = extension(&who)?;
    let (world, who_ref, ext_ref, which_ref) = (&*w, &who, ext.as_str(), which.as_str());
    let read = || async move {
        let d = if which_ref == "original" {
            original_call(world, who_ref).await?
        } else {
            consult_call(world, who_ref).await?
        };
        Ok(
            d.and_then(|d| d.participant(ext_ref).and_then(|p| p.state.clone()))
                .unwrap_or_else(|| format!("no {which_ref} call")),
        )
    };
    w.watch(
        &format!("{}'s participant in the {which} call", who.id),
        Expect::from_word(&how, &state),
        w.waker(&who, "/Dialogs"),
        read,
    )
    .await
    .map(drop)
}

/// The actions list of `role`'s participant in the original or the consult call, in any
/// order (the participant state table, p.126–127).
#[then(
    regex = r"^the (agent|other-team agent|supervisor) may ([A-Z_, ]+) on the (original|consult) call$"
)]
async fn actions_in(w: &mut FinesseWorld, role: String, list: String, which: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let d = if which == "original" {
        original_call(w, &who).await?
    } else {
        consult_call(w, &who).await?
    };
    actions_are(&who, d.as_ref(), &list, &format!(" on the {which} call"))
}

/// How many dialogs `role` has, waited for (a consult call ends once it is completed).
#[then(regex = r"^the (agent|second agent|other-team agent|supervisor) has (\d+) dialogs?$")]
async fn dialog_count(w: &mut FinesseWorld, role: String, n: usize) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let (world, who_ref) = (&*w, &who);
    let read = || async move { Ok(world.dialogs_of(who_ref).await?.len().to_string()) };
    w.watch(
        &format!("how many dialogs {} has", who.id),
        Expect::Becomes(&n.to_string()),
        w.waker(&who, "/Dialogs"),
        read,
    )
    .await
    .map(drop)
}

/// After a transfer: one call on which exactly these two parties are active.
#[then(regex = r"^the second agent and the (other-team agent|supervisor) are connected$")]
async fn connected(w: &mut FinesseWorld, whom: String) -> StepResult {
    let b = w.id(Role::SecondAgent)?;
    let c = w.id(Role::parse(&whom)?)?;
    let (b_ext, c_ext) = (extension(&b)?, extension(&c)?);
    w.wait_dialog(&b, "a call with only the consulted party", |d| {
        let live: Vec<_> = d
            .participants
            .iter()
            .flat_map(|p| p.participants.iter())
            .filter(|p| p.state.as_deref() != Some("DROPPED"))
            .collect();
        let active = |e: &str| {
            live.iter().any(|p| {
                p.media_address.as_deref() == Some(e) && p.state.as_deref() == Some("ACTIVE")
            })
        };
        live.len() == 2 && active(&b_ext) && active(&c_ext)
    })
    .await
    .map(drop)
}

/// The Dialog notification page: after a consult, a transfer of the original call leaves the
/// original call as the surviving one, with its fromAddress and toAddress. The scenario's
/// original call went from the agent to the second agent.
#[then(
    "the second agent's call still runs from the agent's extension to the second agent's extension"
)]
async fn surviving_addresses(w: &mut FinesseWorld) -> StepResult {
    let (a, b) = (w.id(Role::Agent)?, w.id(Role::SecondAgent)?);
    let (a_ext, b_ext) = (extension(&a)?, extension(&b)?);
    let d = w
        .wait_dialog(&b, "a call", |d| d.participant(&b_ext).is_some())
        .await?;
    let got = (d.from_address.clone(), d.to_address.clone());
    if got != (Some(a_ext.clone()), Some(b_ext.clone())) {
        return fail(format!(
            "expected the surviving call from {a_ext} to {b_ext}, got from {:?} to {:?}",
            got.0, got.1
        ));
    }
    Ok(())
}

/// The consulted party is an active participant of the agent's call.
#[given(regex = r"^the (other-team agent|supervisor) is on the agent's conference$")]
#[then(regex = r"^the (other-team agent|supervisor) is on the agent's conference$")]
async fn on_the_conference(w: &mut FinesseWorld, whom: String) -> StepResult {
    let (a, c) = (w.id(Role::Agent)?, w.id(Role::parse(&whom)?)?);
    let (a_ext, c_ext) = (extension(&a)?, extension(&c)?);
    w.wait_dialog(&a, "the consulted party on its call", |d| {
        d.participant(&a_ext).is_some()
            && d.participant(&c_ext)
                .is_some_and(|p| p.state.as_deref() == Some("ACTIVE"))
    })
    .await
    .map(drop)
}

/// Either refusal p.95 lists for a request from a user who is not on the call: 400 Invalid
/// Input (its targetMediaAddress is no party of the dialog) or a 401.
#[then(r#"the response is 400 "Invalid Input" or 401"#)]
async fn invalid_or_unauthorized(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    let invalid_input = r.status == 400
        && r.api_errors().is_some_and(|e| {
            e.errors
                .iter()
                .any(|x| x.error_type.trim() == "Invalid Input")
        });
    if invalid_input || r.status == 401 {
        Ok(())
    } else {
        fail(format!(
            "expected 400 Invalid Input or 401, got {}",
            r.describe()
        ))
    }
}
