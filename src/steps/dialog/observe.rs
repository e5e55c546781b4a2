//! Steps that check what the dialogs show: participants, actions, sessions, counts.

use cucumber::{given, then, when};

use super::setup::monitoring_dialog;
use super::*;

/// The state of `role`'s own participant in its call.
#[given(
    regex = r"^the (agent|second agent|supervisor|other-team agent)'s participant (becomes|stays) ([A-Z_]+)$"
)]
#[then(
    regex = r"^the (agent|second agent|supervisor|other-team agent)'s participant (becomes|stays) ([A-Z_]+)$"
)]
async fn participant_state(
    w: &mut FinesseWorld,
    role: String,
    how: String,
    state: String,
) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let ext = extension(&who)?;
    let (world, who_ref, ext_ref): (&FinesseWorld, &Identity, &str) = (w, &who, &ext);
    let read = || async move {
        let dialogs = world.dialogs_of(who_ref).await?;
        Ok(pick_call(&dialogs, ext_ref, &world.calls, &world.monitors)
            .and_then(|d| d.participant(ext_ref).and_then(|p| p.state.clone()))
            .unwrap_or_else(|| "no call".into()))
    };
    w.watch(
        &format!("{}'s participant", who.id),
        Expect::from_word(&how, &state),
        w.waker(&who, "/Dialogs"),
        read,
    )
    .await
    .map(drop)
}

/// The actions list of `role`'s participant, in any order (reference §6.3).
#[then(regex = r"^the (agent|second agent|supervisor) may ([A-Z_, ]+)$")]
async fn actions(w: &mut FinesseWorld, role: String, list: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let call = w.call_of(&who).await?;
    actions_are(&who, Some(&call), &list, "")
}

/// `who`'s participant in `dialog` offers exactly the comma-separated `list`, in any order;
/// `on` names the call in the failure ("" or " on the consult call").
pub(super) fn actions_are(
    who: &Identity,
    dialog: Option<&Dialog>,
    list: &str,
    on: &str,
) -> StepResult {
    let ext = extension(who)?;
    let mut got: Vec<String> = dialog
        .and_then(|d| {
            d.participant(&ext)
                .map(|p| p.action_names().into_iter().map(String::from).collect())
        })
        .unwrap_or_default();
    let mut want: Vec<String> = list
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    got.sort();
    want.sort();
    if got != want {
        return fail(format!(
            "expected {}'s actions{on} {want:?}, got {got:?}",
            who.id
        ));
    }
    Ok(())
}

#[then(
    regex = r"^the (agent|second agent|supervisor|second supervisor|other-team agent) has no dialogs$"
)]
async fn no_dialogs(w: &mut FinesseWorld, role: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let (world, who_ref): (&FinesseWorld, &Identity) = (w, &who);
    let read = || async move {
        Ok(world
            .dialogs_of(who_ref)
            .await?
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join("; "))
    };
    let wake = w.waker(&who, "/Dialogs");
    w.watch(
        &format!("{}'s dialogs", who.id),
        Expect::Becomes(""),
        wake,
        read,
    )
    .await
    .map(drop)
}

#[then(
    regex = r"^the (supervisor|second supervisor) (?:has|gets) a silent monitoring session on the (agent|second agent)$"
)]
async fn has_monitoring(w: &mut FinesseWorld, sup: String, agent: String) -> StepResult {
    let (s, a) = (w.id(Role::parse(&sup)?)?, w.id(Role::parse(&agent)?)?);
    monitoring_dialog(w, &s, &a).await.map(drop)
}

/// No monitoring session appears for the settle window.
#[then(regex = r"^the (supervisor|second supervisor) gets no silent monitoring session$")]
async fn no_monitoring(w: &mut FinesseWorld, sup: String) -> StepResult {
    let s = w.id(Role::parse(&sup)?)?;
    let ext = extension(&s)?;
    let (world, s_ref, ext_ref): (&FinesseWorld, &Identity, &str) = (w, &s, &ext);
    let read = || async move {
        let n = world
            .dialogs_of(s_ref)
            .await?
            .iter()
            .filter(|d| {
                d.from_address.as_deref() == Some(ext_ref) && d.participant(ext_ref).is_some()
            })
            .count();
        Ok(n.to_string())
    };
    w.watch(
        &format!("{}'s monitoring sessions", s.id),
        Expect::Stays("0"),
        w.waker(&s, "/Dialogs"),
        read,
    )
    .await
    .map(drop)
}

#[then("the supervisor is on the agent's call")]
pub(super) async fn supervisor_on_call(w: &mut FinesseWorld) -> StepResult {
    let (s, a) = (w.id(Role::Supervisor)?, w.id(Role::Agent)?);
    let s_ext = extension(&s)?;
    let a_ext = extension(&a)?;
    w.wait_dialog(&a, "the supervisor on its call", |d| {
        d.participant(&a_ext).is_some()
            && d.participant(&s_ext)
                .is_some_and(|p| p.state.as_deref() == Some("ACTIVE"))
    })
    .await
    .map(drop)
}

/// "has" waits for the count; "keeps" watches that it does not change.
#[then(regex = r"^the agent's call (has|keeps) (\d+) participants$")]
async fn participant_count(w: &mut FinesseWorld, how: String, n: usize) -> StepResult {
    let a = w.id(Role::Agent)?;
    let ext = extension(&a)?;
    let (world, a_ref, ext_ref): (&FinesseWorld, &Identity, &str) = (w, &a, &ext);
    let read = || async move {
        let dialogs = world.dialogs_of(a_ref).await?;
        let live = pick_call(&dialogs, ext_ref, &world.calls, &world.monitors)
            .map(|d| {
                d.participants
                    .iter()
                    .flat_map(|p| p.participants.iter())
                    .filter(|p| p.state.as_deref() != Some("DROPPED"))
                    .count()
            })
            .unwrap_or(0);
        Ok(live.to_string())
    };
    let n = n.to_string();
    let expect = if how == "keeps" {
        Expect::Stays(&n)
    } else {
        Expect::Becomes(&n)
    };
    w.watch(
        &format!("the participants of {}'s call", a.id),
        expect,
        w.waker(&a, "/Dialogs"),
        read,
    )
    .await
    .map(drop)
}

/// GET /Dialog/{id} on the agent's call (G12.5 p80).
#[when("the agent reads the call by its id")]
async fn reads_call_by_id(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let call = w.call_of(&a).await?;
    let path = dialog_path(call.dialog_id().unwrap_or_default());
    w.send(Request::get(path).as_user(creds(&a)))
        .await
        .map(drop)
}

/// The Dialog just read is the agent's call, with the agent's participant in `state`.
#[then(regex = r"^the dialog read by id has the agent's participant ([A-Z_]+)$")]
async fn read_by_id_shows(w: &mut FinesseWorld, state: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let ext = extension(&a)?;
    let call = w.call_of(&a).await?;
    let d: Dialog = w.last()?.parse("Dialog")?;
    if d.dialog_id() != call.dialog_id() {
        return fail(format!(
            "expected Dialog {:?}, got {:?}",
            call.dialog_id(),
            d.dialog_id()
        ));
    }
    match d
        .participant(&ext)
        .map(|p| p.state.as_deref().unwrap_or_default().to_string())
    {
        Some(s) if s == state => Ok(()),
        other => fail(format!(
            "expected {ext}'s participant {state} in Dialog {:?}, got {other:?}",
            d.dialog_id()
        )),
    }
}
