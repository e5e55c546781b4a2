//! Before and after every scenario: lease identities and take the run lock; afterwards
//! switch faults off, put every user back where it was, and hand the transcript over.
//! The after-hook runs even when a step failed, so a lab is never left changed.

use std::sync::Arc;
use std::time::Duration;

use cucumber::gherkin;

use super::world::{FinesseWorld, Hold, Role};
use crate::domain::key::key_of;
use crate::domain::verdict::{self, Cause};
use crate::profile::Identity;
use crate::scenario::context::RunContext;
use crate::scenario::faults::{self, DialerAction};

/// How long a scenario waits for identities that other scenarios hold: longer than any
/// scenario should keep them, so that hitting it means something is stuck.
const LEASE_WAIT: Duration = Duration::from_secs(300);

pub(crate) async fn before_scenario(
    w: &mut FinesseWorld,
    ctx: Arc<RunContext>,
    feature: &gherkin::Feature,
    scenario: &gherkin::Scenario,
) {
    if let Err(e) = setup(w, ctx, feature, scenario).await {
        // A panic is how a cucumber hook fails; the report shows this message.
        panic!("{e}");
    }
}

async fn setup(
    w: &mut FinesseWorld,
    ctx: Arc<RunContext>,
    feature: &gherkin::Feature,
    scenario: &gherkin::Scenario,
) -> Result<(), String> {
    w.client = Some(ctx.client.with_new_log());
    w.ctx = Some(ctx.clone());
    let Some(planned) = ctx.plan.get(&key_of(feature, scenario)) else {
        return Err("this scenario is not in the run plan".into());
    };
    if ctx.stopping() {
        return Err(crate::scenario::context::INTERRUPTED.into());
    }
    if let Some(why) = ctx.client.health().down() {
        return Err(verdict::tag(
            Cause::Infrastructure,
            &format!("not run: {why}"),
        ));
    }
    // Only @mutates scenarios may write; the rest are safe for --readonly on a shared lab.
    w.client = w.client.take().map(|c| c.read_only(!planned.mutates));
    w.hold = Some(if planned.exclusive {
        Hold::Exclusive(ctx.exclusive.clone().write_owned().await)
    } else {
        Hold::Shared(ctx.exclusive.clone().read_owned().await)
    });
    // One fixed order (agents, supervisors, other team, wrap-up, mobile) so that leases cannot
    // deadlock.
    let needs = &planned.needs;
    let agents = ctx.agents.lease(needs.agents, LEASE_WAIT).await?;
    for (role, id) in [Role::Agent, Role::SecondAgent]
        .into_iter()
        .zip(agents.ids())
    {
        w.roles.insert(role, id.clone());
    }
    w.leases.push(agents);
    let sups = ctx.supervisors.lease(needs.supervisors, LEASE_WAIT).await?;
    for (role, id) in [Role::Supervisor, Role::SecondSupervisor]
        .into_iter()
        .zip(sups.ids())
    {
        w.roles.insert(role, id.clone());
    }
    w.leases.push(sups);
    if needs.other_team_agent {
        let other = ctx.other_team_agents.lease(1, LEASE_WAIT).await?;
        if let Some(id) = other.ids().first() {
            w.roles.insert(Role::OtherTeamAgent, id.clone());
        }
        w.leases.push(other);
    }
    if needs.wrap_up_agent {
        let wrap = ctx.wrap_up_agents.lease(1, LEASE_WAIT).await?;
        if let Some(id) = wrap.ids().first() {
            w.roles.insert(Role::WrapUpAgent, id.clone());
        }
        w.leases.push(wrap);
    }
    if needs.mobile_agent {
        let mobile = ctx.mobile_agents.lease(1, LEASE_WAIT).await?;
        if let Some(id) = mobile.ids().first() {
            w.roles.insert(Role::MobileAgent, id.clone());
        }
        w.leases.push(mobile);
    }
    let who: Vec<String> = w
        .roles
        .iter()
        .map(|(r, i)| format!("{r:?}={}", i.id))
        .collect();
    w.note(format!("scenario uses {}", who.join(", ")));
    if ctx.notifiers.available() {
        connect_notifiers(w, &ctx, needs.notifications).await?;
    }
    Ok(())
}

/// With `open`, every user of the scenario is connected before it acts, so that no
/// notification of its requests can be missed (the run keeps the connections; see
/// suite::notifiers). Without, users that already have a connection use it, to wake the
/// state watches when their notification comes rather than poll.
async fn connect_notifiers(
    w: &mut FinesseWorld,
    ctx: &RunContext,
    open: bool,
) -> Result<(), String> {
    let Some(client) = w.client.clone() else {
        return Ok(());
    };
    let mut users: Vec<_> = w.roles.values().cloned().collect();
    users.sort_by(|a, b| a.id.cmp(&b.id));
    for who in users {
        let log = client.log().clone();
        let c = if open {
            ctx.notifiers.connect(&who, &client, log).await?
        } else {
            match ctx.notifiers.adopt(&who, log).await {
                Some(c) => c,
                None => continue,
            }
        };
        w.notify_marks.insert(who.id.clone(), c.mark());
        w.notifiers.insert(who.id.clone(), c);
    }
    Ok(())
}

pub(crate) async fn after_scenario(
    w: &mut FinesseWorld,
    ctx: &RunContext,
    feature: &gherkin::Feature,
    scenario: &gherkin::Scenario,
) {
    let key = key_of(feature, scenario);
    let steps_end = w.client.as_ref().map_or(0, |c| c.log().entries().len());
    let problems = restore(w, ctx).await;
    if let Some(c) = w.client.as_ref().filter(|_| ctx.keep_transcripts) {
        let transcript = crate::domain::results::Transcript {
            entries: c.log().entries(),
            steps_end,
        };
        if let Ok(mut t) = ctx.transcripts.lock() {
            t.insert(key.clone(), transcript);
        }
    }
    // The verdict is already known: what the cleanup could not put back is a lab warning,
    // and the users concerned are not leased again in this run (while this scenario still
    // holds them, so that nobody gets them in between).
    let mut warnings = Vec::new();
    for p in problems {
        for who in &p.users {
            ctx.quarantine(who, &p.text);
        }
        let users = match p.users.as_slice() {
            [] => String::new(),
            many => format!(" (not leased again in this run: {})", many.join(", ")),
        };
        warnings.push(format!(
            "cleanup could not restore the target: {}{users}",
            p.text
        ));
    }
    if !warnings.is_empty()
        && let Ok(mut m) = ctx.warnings.lock()
    {
        m.insert(key, warnings);
    }
    w.notifiers.clear();
    w.notify_marks.clear();
    w.leases.clear();
    w.hold = None;
}

/// Something the cleanup could not put back, and the users it leaves in doubt.
struct Problem {
    users: Vec<String>,
    text: String,
}

impl Problem {
    fn about(users: &[&Identity], text: impl Into<String>) -> Problem {
        Problem {
            users: users.iter().map(|u| u.id.clone()).collect(),
            text: text.into(),
        }
    }
}

/// Undoes what the scenario changed, newest first; collects problems instead of stopping.
async fn restore(w: &mut FinesseWorld, ctx: &RunContext) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(client) = w.client.clone() else {
        return problems;
    };
    let everyone: Vec<Identity> = w.roles.values().cloned().collect();
    let all: Vec<&Identity> = everyone.iter().collect();
    if let Some(hook) = &ctx.profile.capabilities.fault_injection {
        for fault in std::mem::take(&mut w.faults).into_iter().rev() {
            if let Err(e) = faults::switch(
                hook,
                &client,
                fault,
                false,
                ctx.profile.timeouts.request * 3,
            )
            .await
            {
                // A fault left on breaks the whole target, not one user.
                problems.push(Problem::about(&[], e.to_string()));
            }
        }
    }
    for (c, node) in std::mem::take(&mut w.subscriptions) {
        if let Err(e) = c.unsubscribe(&node).await {
            // A subscription left behind changes no user's state.
            problems.push(Problem::about(
                &[],
                format!("unsubscribing {} from {node}: {e}", c.user()),
            ));
        }
    }
    w.note("cleanup: ending calls and restoring the states this scenario changed");
    w.let_writes_land().await;
    // Only a scenario that touched dialogs can have left a call up: the others need not
    // read the Dialogs lists at all.
    if w.touched_dialogs() {
        w.let_dialog_writes_land().await;
        // Calls first: no call may be left up on a lab, and users return from call states.
        let calls = w.clear_calls().await;
        problems.extend(calls.into_iter().map(|p| Problem::about(&all, p)));
    }
    // A reservation the agent still holds (a listing without reservations, a hook that timed
    // out): the dialer withdraws it.
    if let Some(hook) = &ctx.profile.capabilities.fault_injection {
        for who in std::mem::take(&mut w.reserved) {
            if w.state_of(&who)
                .await
                .is_ok_and(|s| s == "RESERVED_OUTBOUND_PREVIEW" || s == "RESERVED_OUTBOUND")
            {
                let ext = who.extension.clone().unwrap_or_default();
                if let Err(e) = faults::dial(
                    hook,
                    &client,
                    (&who.id, &ext),
                    DialerAction::Withdraw,
                    ctx.profile.timeouts.request,
                )
                .await
                {
                    problems.push(Problem::about(&[&who], e.to_string()));
                }
            }
        }
    }
    // Voice next: a voice sign-out also signs the user out of every MRD (G12.5 p.188), so
    // the media sessions are put back afterwards.
    let (voice, media) = (
        std::mem::take(&mut w.voice_baseline),
        std::mem::take(&mut w.media_baseline),
    );
    for (who, state) in voice {
        if let Err(e) = w.drive_voice(&who, &state).await {
            problems.push(Problem::about(&[&who], e.message));
        }
    }
    for (who, mrd, state) in media {
        if let Err(e) = w.drive_media(&who, &mrd, &state).await {
            problems.push(Problem::about(&[&who], e.message));
        }
    }
    // drive_* re-record baselines; they are done with.
    w.media_baseline.clear();
    w.voice_baseline.clear();
    problems
}
