//! Steps about calls and dialogs: make, answer, hold, retrieve, drop; silent monitor and
//! barge; preview reservations (G12.5 p.80–110, reference §6). Like every step, they act
//! only through the Finesse API and the profile's hook.

pub(super) mod act;
mod call_data;
mod consult;
mod cti_errors;
mod dtmf;
mod observe;
mod refusals;
mod setup;
mod sst;

use super::world::{
    Expect, FinesseWorld, Role, StepError, StepResult, creds, fail, mark_of, pause,
};
use crate::finesse::models::{self, Dialog, DialogRequest, Dialogs};
use crate::finesse::{FinesseClient, Request};
use crate::profile::{FaultInjection, Identity};
use crate::scenario::context::RunContext;
use crate::scenario::faults::{self, DialerAction};

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
    pub(crate) async fn dialogs_of(&self, who: &Identity) -> Result<Vec<Dialog>, StepError> {
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
    pub(crate) async fn wait_dialog(
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
    pub(crate) async fn call_of(&mut self, who: &Identity) -> Result<Dialog, StepError> {
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

    pub(crate) async fn post_dialog(
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

    pub(crate) async fn put_dialog(
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
    pub(crate) async fn act(&mut self, actor: &Identity, id: &str, action: &str) -> StepResult {
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
    pub(crate) async fn clear_calls(&self) -> Vec<String> {
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
                        if let Err(e) = faults::dial(
                            hook,
                            client,
                            (&who.id, &ext),
                            DialerAction::Withdraw,
                            ctx.profile.timeouts.request,
                        )
                        .await
                        {
                            problems.push(e.to_string());
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
    new_dialog("MAKE_CALL", from, to)
}

/// A `POST /User/{id}/Dialogs` body: MAKE_CALL, SILENT_MONITOR (G12.5 p80, p98).
fn new_dialog(action: &str, from: String, to: Option<String>) -> DialogRequest {
    DialogRequest {
        requested_action: Some(action.into()),
        from_address: Some(from),
        to_address: to,
        ..Default::default()
    }
}

/// A dialog id no test creates, for requests on a dialog that does not exist.
const UNKNOWN_DIALOG: &str = "987654321";
