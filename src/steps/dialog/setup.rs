//! Steps that set calls up: calls between agents, ICD calls, monitoring, barge, consult, and
//! the dialer's reservations.

use cucumber::{given, when};

use super::act::barge;
use super::observe::supervisor_on_call;
use super::*;

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

pub(super) fn expect_accepted(r: &crate::finesse::Response, what: &str) -> StepResult {
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
    let req = new_dialog("SILENT_MONITOR", extension(&s)?, Some(extension(&a)?));
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
    crate::steps::system::switch(w, faults::Fault::BridgeFull, true).await
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
    let direct = kind == "Direct Preview";
    faults::dial(
        &hook,
        &client,
        (&a.id, &extension(&a)?),
        DialerAction::Preview { direct },
        ctx.profile.timeouts.request * 3,
    )
    .await?;
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

/// Outbound Option progressive reservation through the hook: the agent goes from READY to
/// RESERVED_OUTBOUND (reference §4.4). The cleanup withdraws it.
#[given("the agent has a progressive reservation")]
async fn has_progressive(w: &mut FinesseWorld) -> StepResult {
    let (a, ctx, hook, client) = ready_for_a_dialer(w).await?;
    faults::dial(
        &hook,
        &client,
        (&a.id, &extension(&a)?),
        DialerAction::Progressive,
        ctx.profile.timeouts.request * 3,
    )
    .await?;
    w.voice_is(&a, Expect::Becomes("RESERVED_OUTBOUND")).await
}
