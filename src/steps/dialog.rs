//! Steps about calls and dialogs: make, answer, hold, retrieve, drop; silent monitor and
//! barge; preview reservations (G12.5 p.80–110, reference §6). Like every step, they act
//! only through the Finesse API and the profile's hook.

use cucumber::{given, then, when};

use super::world::{
    Expect, FinesseWorld, Role, StepError, StepResult, creds, fail, mark_of, pause,
};
use crate::finesse::models::{self, Dialog, DialogRequest, Dialogs};
use crate::finesse::{FinesseClient, Request};
use crate::profile::{FaultInjection, Identity};
use crate::scenario::context::RunContext;
use crate::scenario::faults;

pub(super) fn dialog_body(req: &DialogRequest) -> Result<String, StepError> {
    models::to_xml("Dialog", req)
        .map_err(|e| StepError::infrastructure(format!("cannot build the Dialog body: {e}")))
}

pub(super) fn extension(who: &Identity) -> Result<String, StepError> {
    who.extension.clone().ok_or_else(|| {
        StepError::precondition(format!("user {} has no extension in the profile", who.id))
    })
}

fn dialog_path(id: &str) -> String {
    format!("/finesse/api/Dialog/{id}")
}

impl FinesseWorld {
    pub async fn dialogs_of(&self, who: &Identity) -> Result<Vec<Dialog>, StepError> {
        let resp = self
            .send_quietly(
                Request::get(format!("/finesse/api/User/{}/Dialogs", who.id)).as_user(creds(who)),
            )
            .await?;
        if resp.status != 200 {
            return fail(format!(
                "reading {}'s dialogs: expected 200, got {}",
                who.id,
                resp.describe()
            ));
        }
        Ok(resp.parse::<Dialogs>("Dialogs")?.dialogs)
    }

    /// Polls `who`'s dialogs until `pick` finds one, within the async deadline.
    pub async fn wait_dialog(
        &self,
        who: &Identity,
        what: &str,
        pick: impl Fn(&Dialog) -> bool,
    ) -> Result<Dialog, StepError> {
        let ctx = self.ctx()?;
        let t = &ctx.profile.timeouts;
        let start = std::time::Instant::now();
        let wake = self.waker(who, "/Dialogs");
        loop {
            let mark = mark_of(wake.as_ref());
            let dialogs = self.dialogs_of(who).await?;
            if let Some(d) = dialogs.iter().find(|d| pick(d)) {
                return Ok(d.clone());
            }
            if start.elapsed() >= t.async_outcome {
                let seen: Vec<String> = dialogs.iter().map(describe).collect();
                return fail(format!(
                    "waited {} for {} to have {what}; it has {seen:?}",
                    humantime::format_duration(t.async_outcome),
                    who.id
                ));
            }
            let left = t.async_outcome.saturating_sub(start.elapsed());
            pause(wake.as_ref(), mark, t.poll_interval, left).await;
        }
    }

    /// `who`'s call: a dialog it takes part in that is not a supervisor's monitoring session.
    /// `who`'s call: the latest call this scenario set up that `who` is on, else any call of
    /// `who` that is not a monitoring session. Remembered, so that later steps read the same
    /// one (an agent with a consult call out has two).
    pub async fn call_of(&mut self, who: &Identity) -> Result<Dialog, StepError> {
        let ext = extension(who)?;
        let monitors = self.monitors.clone();
        let first = self
            .wait_dialog(who, "a call", |d| is_call_of(d, &ext, &monitors))
            .await?;
        let dialogs = self.dialogs_of(who).await?;
        let known = self.calls.iter().rev().find_map(|k| {
            dialogs
                .iter()
                .find(|d| d.dialog_id() == Some(k.as_str()))
                .cloned()
        });
        let d = known.unwrap_or(first);
        if let Some(id) = d.dialog_id()
            && !self.calls.iter().any(|k| k == id)
        {
            self.calls.push(id.to_string());
        }
        Ok(d)
    }

    pub async fn post_dialog(
        &mut self,
        actor: &Identity,
        req: DialogRequest,
    ) -> Result<&crate::finesse::Response, StepError> {
        self.remember_voice(actor).await?;
        let body = dialog_body(&req)?;
        self.send(
            Request::post(format!("/finesse/api/User/{}/Dialogs", actor.id), body)
                .as_user(creds(actor)),
        )
        .await
    }

    pub async fn put_dialog(
        &mut self,
        actor: &Identity,
        id: &str,
        req: DialogRequest,
    ) -> Result<&crate::finesse::Response, StepError> {
        self.remember_voice(actor).await?;
        let body = dialog_body(&req)?;
        self.send(Request::put(dialog_path(id), body).as_user(creds(actor)))
            .await
    }

    /// `actor` takes `action` on its own participant of dialog `id`.
    pub async fn act(&mut self, actor: &Identity, id: &str, action: &str) -> StepResult {
        let req = DialogRequest {
            requested_action: Some(action.into()),
            target_media_address: Some(extension(actor)?),
            ..Default::default()
        };
        self.put_dialog(actor, id, req).await.map(drop)
    }

    /// Cleanup: ends every dialog the scenario's users take part in, then waits until none is
    /// left. Each user drops, closes or rejects its own participant; a ringing one is ended by
    /// the other party's drop.
    pub async fn clear_calls(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let users: Vec<Identity> = self.roles.values().cloned().collect();
        let ctx = match self.ctx() {
            Ok(c) => c,
            Err(e) => return vec![e.message],
        };
        let start = std::time::Instant::now();
        let mut withdrawn: Vec<String> = Vec::new();
        loop {
            let mut left = Vec::new();
            for who in &users {
                let Some(ext) = who.extension.clone() else {
                    continue;
                };
                let dialogs = match self.dialogs_of(who).await {
                    Ok(d) => d,
                    Err(e) => {
                        problems.push(e.message);
                        return problems;
                    }
                };
                for d in dialogs {
                    let Some(id) = d.dialog_id() else { continue };
                    let mine = d.participant(&ext);
                    // Wrap-up is after the call: nothing to end (§6.3 WRAP_UP).
                    if mine.is_some_and(|p| p.state.as_deref() == Some("WRAP_UP")) {
                        continue;
                    }
                    left.push(format!("{} in {}", who.id, describe(&d)));
                    let actions = mine.map(|p| p.action_names()).unwrap_or_default();
                    let Some(action) = ["DROP", "CLOSE", "REJECT"]
                        .into_iter()
                        .find(|a| actions.contains(a))
                    else {
                        continue;
                    };
                    let req = DialogRequest {
                        requested_action: Some(action.into()),
                        target_media_address: Some(ext.clone()),
                        ..Default::default()
                    };
                    let Ok(body) = dialog_body(&req) else {
                        continue;
                    };
                    let answer = self
                        .send_quietly(Request::put(dialog_path(id), body).as_user(creds(who)))
                        .await;
                    // A reservation its agent may not end (501, a Direct Preview on CCE): the
                    // dialer withdraws it, through the hook.
                    if answer.is_ok_and(|r| r.status == 501)
                        && !withdrawn.iter().any(|w| w == id)
                        && let (Some(hook), Some(client)) = (
                            ctx.profile.capabilities.fault_injection.as_ref(),
                            self.client.as_ref(),
                        )
                    {
                        withdrawn.push(id.to_string());
                        if let Err(e) = faults::cancel_preview(
                            hook,
                            client,
                            &who.id,
                            &ext,
                            ctx.profile.timeouts.request,
                        )
                        .await
                        {
                            problems.push(e);
                        }
                    }
                }
            }
            if left.is_empty() {
                return problems;
            }
            if start.elapsed() >= ctx.profile.timeouts.async_outcome {
                problems.push(format!(
                    "calls still up after the cleanup: {}",
                    left.join("; ")
                ));
                return problems;
            }
            tokio::time::sleep(ctx.profile.timeouts.poll_interval).await;
        }
    }
}

/// Whether `d` is a call of the user on `ext`, not one of the scenario's monitoring sessions.
fn is_call_of(d: &Dialog, ext: &str, monitors: &[String]) -> bool {
    d.participant(ext).is_some()
        && !d
            .dialog_id()
            .is_some_and(|id| monitors.iter().any(|m| m == id))
}

/// The user's call among `dialogs`: the latest of the scenario's calls it is on, else its first.
fn pick_call<'d>(
    dialogs: &'d [Dialog],
    ext: &str,
    calls: &[String],
    monitors: &[String],
) -> Option<&'d Dialog> {
    calls
        .iter()
        .rev()
        .find_map(|k| {
            dialogs
                .iter()
                .find(|d| d.dialog_id() == Some(k.as_str()) && d.participant(ext).is_some())
        })
        .or_else(|| dialogs.iter().find(|d| is_call_of(d, ext, monitors)))
}

fn describe(d: &Dialog) -> String {
    let parts: Vec<String> = d
        .participants
        .iter()
        .flat_map(|p| p.participants.iter())
        .map(|p| {
            format!(
                "{}={}",
                p.media_address.as_deref().unwrap_or("?"),
                p.state.as_deref().unwrap_or("?")
            )
        })
        .collect();
    format!(
        "dialog {} {} [{}]",
        d.dialog_id().unwrap_or("?"),
        d.state.as_deref().unwrap_or("?"),
        parts.join(", ")
    )
}

fn make_call(from: String, to: Option<String>) -> DialogRequest {
    DialogRequest {
        requested_action: Some("MAKE_CALL".into()),
        from_address: Some(from),
        to_address: to,
        ..Default::default()
    }
}

// ---- setting calls up ----

/// Both agents NOT_READY, the agent calls the other one, who answers.
#[given(regex = r"^the agent is on a call with the (second agent|other-team agent)$")]
async fn on_a_call(w: &mut FinesseWorld, other: String) -> StepResult {
    let (a, b) = (w.id(Role::Agent)?, w.id(Role::parse(&other)?)?);
    w.drive_voice(&a, "NOT_READY").await?;
    w.drive_voice(&b, "NOT_READY").await?;
    call_answered(w, &a, &b, None).await
}

/// The agent is READY; the second agent calls the ICD number, which routes to the agent,
/// who answers (RESERVED, then TALKING).
#[given("the agent is on an ICD call from the second agent")]
async fn on_an_icd_call(w: &mut FinesseWorld) -> StepResult {
    let (a, b) = (w.id(Role::Agent)?, w.id(Role::SecondAgent)?);
    w.drive_voice(&b, "NOT_READY").await?;
    w.drive_voice(&a, "READY").await?;
    let number = icd_number(w)?;
    call_answered(w, &b, &a, Some(number)).await
}

/// The agent (NOT_READY) calls the wrap-up agent, who answers: NOT_READY before the call,
/// or READY before an ICD call routed to it.
#[given(regex = r"^the wrap-up agent answers (a call|an ICD call) from the agent$")]
async fn wrap_up_agent_answers(w: &mut FinesseWorld, kind: String) -> StepResult {
    let (a, u) = (w.id(Role::Agent)?, w.id(Role::WrapUpAgent)?);
    w.drive_voice(&a, "NOT_READY").await?;
    if kind == "a call" {
        w.drive_voice(&u, "NOT_READY").await?;
        call_answered(w, &a, &u, None).await
    } else {
        w.drive_voice(&u, "READY").await?;
        let number = icd_number(w)?;
        call_answered(w, &a, &u, Some(number)).await
    }
}

fn icd_number(w: &FinesseWorld) -> Result<String, StepError> {
    w.ctx()?
        .profile
        .test_data
        .icd_number
        .clone()
        .ok_or_else(|| StepError::precondition("the profile sets no test_data.icd_number"))
}

/// `caller` calls `callee`'s extension, or `number` (an ICD number that routes to `callee`);
/// `callee` answers once it rings, and the call is remembered.
async fn call_answered(
    w: &mut FinesseWorld,
    caller: &Identity,
    callee: &Identity,
    number: Option<String>,
) -> StepResult {
    let to = match number {
        Some(n) => n,
        None => extension(callee)?,
    };
    expect_accepted(
        w.post_dialog(caller, make_call(extension(caller)?, Some(to)))
            .await?,
        "MAKE_CALL",
    )?;
    let callee_ext = extension(callee)?;
    let call = w
        .wait_dialog(callee, "a ringing call", |d| {
            d.participant(&callee_ext)
                .is_some_and(|p| p.state.as_deref() == Some("ALERTING"))
        })
        .await?;
    let id = call.dialog_id().unwrap_or_default().to_string();
    w.calls.push(id.clone());
    w.act(callee, &id, "ANSWER").await?;
    expect_accepted(w.last()?, "ANSWER")?;
    w.wait_dialog(callee, "an active call", |d| {
        d.participant(&callee_ext)
            .is_some_and(|p| p.state.as_deref() == Some("ACTIVE"))
    })
    .await
    .map(drop)
}

fn expect_accepted(r: &crate::finesse::Response, what: &str) -> StepResult {
    if matches!(r.status, 200 | 202) {
        Ok(())
    } else {
        fail(format!(
            "setting up the call: {what} answered {}",
            r.describe()
        ))
    }
}

#[given(
    regex = r"^the (supervisor|second supervisor) is silently monitoring the (agent|second agent)$"
)]
async fn is_monitoring(w: &mut FinesseWorld, sup: String, agent: String) -> StepResult {
    let (s, a) = (w.id(Role::parse(&sup)?)?, w.id(Role::parse(&agent)?)?);
    w.drive_voice(&s, "NOT_READY").await?;
    let req = DialogRequest {
        requested_action: Some("SILENT_MONITOR".into()),
        from_address: Some(extension(&s)?),
        to_address: Some(extension(&a)?),
        ..Default::default()
    };
    expect_accepted(w.post_dialog(&s, req).await?, "SILENT_MONITOR")?;
    monitoring_dialog(w, &s, &a).await.map(drop)
}

/// The supervisor's monitoring session on `agent`: from the supervisor, to the agent.
pub(super) async fn monitoring_dialog(
    w: &mut FinesseWorld,
    sup: &Identity,
    agent: &Identity,
) -> Result<Dialog, StepError> {
    // SILENT_MONITOR names the supervisor's extension as fromAddress and the agent's as
    // toAddress (p.98); the session is the dialog with those, other than the calls in play.
    let (s_ext, a_ext) = (extension(sup)?, extension(agent)?);
    let calls = w.calls.clone();
    let d = w
        .wait_dialog(sup, "a silent monitoring session", |d| {
            d.from_address.as_deref() == Some(s_ext.as_str())
                && d.to_address.as_deref() == Some(a_ext.as_str())
                && !d
                    .dialog_id()
                    .is_some_and(|id| calls.iter().any(|c| c == id))
        })
        .await?;
    if let Some(id) = d.dialog_id()
        && !w.monitors.iter().any(|m| m == id)
    {
        w.monitors.push(id.to_string());
    }
    Ok(d)
}

#[given("the supervisor has barged in on the agent's call")]
async fn has_barged(w: &mut FinesseWorld) -> StepResult {
    is_monitoring(w, "supervisor".into(), "agent".into()).await?;
    barge(w, "supervisor".into(), "agent".into(), String::new()).await?;
    expect_accepted(w.last()?, "BARGE_CALL")?;
    supervisor_on_call(w).await
}

#[given("the conference bridge is full")]
async fn bridge_full(w: &mut FinesseWorld) -> StepResult {
    super::system::switch(w, faults::Fault::BridgeFull, true).await
}

/// The agent READY and recorded as reserved, with what a dialer action needs. Recorded first:
/// even if the hook times out, the cleanup withdraws what it may have placed.
async fn ready_for_a_dialer(
    w: &mut FinesseWorld,
) -> Result<
    (
        Identity,
        std::sync::Arc<RunContext>,
        FaultInjection,
        FinesseClient,
    ),
    StepError,
> {
    let a = w.id(Role::Agent)?;
    w.drive_voice(&a, "READY").await?;
    let ctx = w.ctx()?;
    let hook = ctx
        .profile
        .capabilities
        .fault_injection
        .clone()
        .ok_or_else(|| StepError::precondition("the profile has no hook to place reservations"))?;
    let client = w
        .client
        .clone()
        .ok_or_else(|| StepError::infrastructure("no client"))?;
    w.reserved.push(a.clone());
    Ok((a, ctx, hook, client))
}

/// The dialer (the profile's hook) places a reservation on the READY agent; returns the agent.
async fn place_reservation(w: &mut FinesseWorld, kind: &str) -> Result<Identity, StepError> {
    let (a, ctx, hook, client) = ready_for_a_dialer(w).await?;
    faults::place_preview(
        &hook,
        &client,
        &a.id,
        &extension(&a)?,
        kind == "Direct Preview",
        ctx.profile.timeouts.request * 3,
    )
    .await
    // The hook is the lab's dialer, not Finesse: if it cannot place one, nothing was tested.
    .map_err(StepError::precondition)?;
    Ok(a)
}

/// The reservation as the situation a scenario tests: its outcome is for the Then steps.
#[when(
    regex = r"^the dialer places an? (outbound preview|Direct Preview) reservation on the agent$"
)]
async fn dialer_places(w: &mut FinesseWorld, kind: String) -> StepResult {
    place_reservation(w, &kind).await.map(drop)
}

#[given(regex = r"^the agent has an? (outbound preview|Direct Preview) reservation$")]
async fn has_reservation(w: &mut FinesseWorld, kind: String) -> StepResult {
    let a = place_reservation(w, &kind).await?;
    w.voice_is(&a, Expect::Becomes("RESERVED_OUTBOUND_PREVIEW"))
        .await?;
    let ext = extension(&a)?;
    w.wait_dialog(&a, "a reservation", |d| {
        d.participant(&ext)
            .is_some_and(|p| p.action_names().contains(&"ACCEPT"))
    })
    .await
    .map(drop)
}

// ---- acting on calls ----

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
    let req = DialogRequest {
        requested_action: Some("SILENT_MONITOR".into()),
        from_address: Some(from),
        to_address: Some(extension(&a)?),
        ..Default::default()
    };
    w.post_dialog(&s, req).await.map(drop)
}

/// BARGE_CALL with `associatedDialogUri` pointing at the supervisor's monitoring session, or
/// "without monitoring it" at the agent's call itself; or without that field, or with one
/// that is no Dialog URI (p.102's Parameter Missing and Invalid Input).
#[when(
    regex = r"^the (supervisor|second supervisor) barges in on the (agent|second agent|other-team agent)'s call( without monitoring it| without an associatedDialogUri| with a malformed associatedDialogUri)?$"
)]
async fn barge(w: &mut FinesseWorld, sup: String, agent: String, how: String) -> StepResult {
    let (s, a) = (w.id(Role::parse(&sup)?)?, w.id(Role::parse(&agent)?)?);
    let req = barge_request(w, &s, &a, how.trim()).await?;
    w.post_dialog(&s, req).await.map(drop)
}

/// The BARGE_CALL body a supervisor `s` sends for agent `a` (see [`barge`] for `how`).
pub(super) async fn barge_request(
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
    let path = dialog_path("987654321");
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

// ---- what the dialogs show ----

/// The state of `role`'s own participant in its call.
#[given(regex = r"^the (agent|second agent|supervisor)'s participant (becomes|stays) ([A-Z_]+)$")]
#[then(regex = r"^the (agent|second agent|supervisor)'s participant (becomes|stays) ([A-Z_]+)$")]
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
    let ext = extension(&who)?;
    let call = w.call_of(&who).await?;
    let mut got: Vec<String> = call
        .participant(&ext)
        .map(|p| p.action_names().into_iter().map(String::from).collect())
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
            "expected {}'s actions {want:?}, got {got:?}",
            who.id
        ));
    }
    Ok(())
}

#[then(regex = r"^the (agent|second agent|supervisor|second supervisor) has no dialogs$")]
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
async fn supervisor_on_call(w: &mut FinesseWorld) -> StepResult {
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

/// Outbound Option progressive reservation through the hook: the agent goes from READY to
/// RESERVED_OUTBOUND (reference §4.4). The cleanup withdraws it.
#[given("the agent has a progressive reservation")]
async fn has_progressive(w: &mut FinesseWorld) -> StepResult {
    let (a, ctx, hook, client) = ready_for_a_dialer(w).await?;
    faults::place_progressive(
        &hook,
        &client,
        &a.id,
        &extension(&a)?,
        ctx.profile.timeouts.request * 3,
    )
    .await?;
    w.voice_is(&a, Expect::Becomes("RESERVED_OUTBOUND")).await
}
