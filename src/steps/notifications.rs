//! Notification steps (reference §3.2, §7): the 202 of a state change only means
//! "accepted"; the outcome arrives on the users' XMPP nodes. A notification answers the
//! scenario's request when it carries the request's requestId or, when its requestId is
//! empty (as a real 12.5 lab sends them; G12.5 p22 calls the echo best effort), when it came
//! after the request and its node, source and content fit (see
//! [`crate::finesse::xmpp::correlate`]); the step notes which in the transcript. Only the
//! strict echo step asks for the requestId itself, where the guide documents it. Each user of
//! a scenario that checks notifications is connected by the setup hook before it acts.
//!
//! Without a notification endpoint in the profile, the outcome steps fall back to polling
//! GET (the state steps) or say in the transcript what they could not check; scenarios
//! that only make sense with notifications carry `@requires:notifications` and are skipped.

use std::sync::Arc;
use std::time::Duration;

use cucumber::{then, when};

use super::StepError;
use super::world::{Expect, FinesseWorld, Role, StepResult, fail, user_path};
use crate::finesse::xmpp::correlate::{from_own_node, shows_state};
use crate::finesse::xmpp::{Correlation, Notification, NotificationClient, SentRequest, WaitError};
use crate::profile::Identity;

/// Whether `n` is on one of `id`'s own nodes (User, Dialogs, Media).
fn on_users_nodes(n: &Notification, id: &str) -> bool {
    let own = user_path(id);
    n.node == own || n.node.starts_with(&format!("{own}/"))
}

fn same_text(a: Option<&str>, b: &str) -> bool {
    a.is_some_and(|a| a.trim().eq_ignore_ascii_case(b.trim()))
}

/// A wait that ended without the notification: Finesse's doing (a finding in a `Then` step),
/// unless the connection ended, which says nothing about Finesse's behaviour.
fn wait_failed(e: WaitError) -> StepError {
    match e.ended {
        Some(_) => StepError::infrastructure(e.to_string()),
        None => StepError::new(e.to_string()),
    }
}

/// An absence can only be seen on a connection that stayed up for the whole window: without
/// it the step would pass having watched nothing.
fn absence_unseen(e: WaitError) -> StepResult {
    match e.ended {
        Some(why) => Err(StepError::infrastructure(format!(
            "cannot tell that no notification {} arrived: the notification connection ended ({why})",
            e.what
        ))),
        None => Ok(()),
    }
}

/// A step about what `who` is notified of after this request.
struct Listening {
    who: Identity,
    c: Arc<NotificationClient>,
    req: SentRequest,
}

fn no_endpoint<T>() -> Result<T, StepError> {
    Err(StepError::precondition(
        "the profile has no notification endpoint (capabilities.notifications)",
    ))
}

impl FinesseWorld {
    /// The step's deadline: "within N seconds", else the profile's outcome deadline.
    fn notification_deadline(&self, secs: &str) -> Result<Duration, StepError> {
        if !secs.is_empty() {
            return secs.parse::<u64>().map(Duration::from_secs).map_err(|_| {
                StepError::infrastructure(format!(
                    "\"{secs}\" is not a number of seconds (a feature-file mistake)"
                ))
            });
        }
        Ok(self.ctx()?.profile.timeouts.async_outcome)
    }

    /// `who`'s notification connection; None when the target has no endpoint (fallback).
    fn notifier(&self, who: &Identity) -> Result<Option<Arc<NotificationClient>>, StepError> {
        if !self.ctx()?.notifiers.available() {
            return Ok(None);
        }
        match self.notifiers.get(&who.id) {
            Some(c) => Ok(Some(c.clone())),
            None => Err(StepError::infrastructure(format!(
                "{} has no notification connection (the setup hook opens one for each user of a scenario with notification steps)",
                who.id
            ))),
        }
    }

    /// The request the scenario is about: the last one it sent.
    fn this_request(&self) -> Result<SentRequest, StepError> {
        let Some(id) = &self.last_request_id else {
            return Err(StepError::infrastructure(
                "no request with a requestId has been sent in this scenario (a feature-file mistake)",
            ));
        };
        let (path, body) = self.last_request.clone().unwrap_or_default();
        Ok(SentRequest {
            request_id: id.clone(),
            path,
            body,
        })
    }

    fn fallback_note(&self, what: &str) {
        self.note(format!(
            "no notification endpoint in the profile: {what} is not checked by notification"
        ));
    }

    /// `role`'s connection and this request. `None` on a target without a notification
    /// endpoint, after noting that `unchecked` is not checked by notification: the
    /// scenario's other steps read the outcome by GET.
    fn listening(&self, role: &str, unchecked: &str) -> Result<Option<Listening>, StepError> {
        let who = self.id(Role::parse(role)?)?;
        let Some(c) = self.notifier(&who)? else {
            self.fallback_note(unchecked);
            return Ok(None);
        };
        let req = self.this_request()?;
        Ok(Some(Listening { who, c, req }))
    }

    /// Where this scenario's notifications start on `c` (the connection outlives scenarios;
    /// steps without a requestId to go by must not see an earlier scenario's).
    fn since(&self, c: &NotificationClient) -> usize {
        self.notify_marks.get(c.user()).copied().unwrap_or(0)
    }

    /// Where the notifications that may answer the last request start on `c`: the mark
    /// taken just before it was sent (the scenario's start if it sent none since connecting).
    fn since_request(&self, c: &NotificationClient) -> usize {
        self.request_marks
            .get(c.user())
            .copied()
            .unwrap_or_else(|| self.since(c))
    }

    /// Waits for a notification that answers `req` (`expected` always, `tied` without a
    /// requestId; see [`SentRequest::correlate`]) and notes how it was tied.
    async fn await_answer(
        &self,
        c: &NotificationClient,
        req: &SentRequest,
        what: &str,
        deadline: Duration,
        expected: impl Fn(&Notification) -> bool,
        tied: impl Fn(&Notification) -> bool,
    ) -> Result<(Notification, Correlation), StepError> {
        let answers = |n: &Notification| req.correlate(n, &expected, &tied);
        let n = c
            .wait_for_since(self.since_request(c), what, deadline, |n| {
                answers(n).is_some()
            })
            .await
            .map_err(wait_failed)?;
        let Some(how) = answers(&n) else {
            return Err(StepError::infrastructure(format!(
                "{} no longer answers the request (a harness bug)",
                n.summary()
            )));
        };
        self.note(how.to_string());
        Ok((n, how))
    }

    /// Passes when no notification answering `req` arrives within the settle window.
    async fn expect_no_answer(
        &self,
        c: &NotificationClient,
        req: &SentRequest,
        what: &str,
        expected: impl Fn(&Notification) -> bool,
        tied: impl Fn(&Notification) -> bool,
    ) -> StepResult {
        let settle = self.ctx()?.profile.timeouts.settle;
        let answers = |n: &Notification| req.correlate(n, &expected, &tied);
        match c
            .wait_for_since(self.since_request(c), what, settle, |n| {
                answers(n).is_some()
            })
            .await
        {
            Ok(n) => fail(format!(
                "expected no notification {what}, got {} ({})",
                n.summary(),
                answers(&n).map_or_else(String::new, |how| how.to_string())
            )),
            Err(e) => absence_unseen(e),
        }
    }

    async fn await_notification(
        &self,
        c: &NotificationClient,
        what: &str,
        deadline: Duration,
        pred: impl Fn(&Notification) -> bool,
    ) -> StepResult {
        c.wait_for_since(self.since(c), what, deadline, pred)
            .await
            .map(drop)
            .map_err(wait_failed)
    }

    /// Passes when nothing matching `pred` arrives within the settle window.
    async fn expect_none(
        &self,
        c: &NotificationClient,
        what: &str,
        pred: impl Fn(&Notification) -> bool,
    ) -> StepResult {
        let settle = self.ctx()?.profile.timeouts.settle;
        match c.wait_for_since(self.since(c), what, settle, pred).await {
            Ok(n) => fail(format!(
                "expected no notification {what}, got {}",
                n.summary()
            )),
            Err(e) => absence_unseen(e),
        }
    }
}

impl FinesseWorld {
    /// Waits for the notification on `node` (data root `root`) that answers this request with
    /// `state`; `source` says how it is tied when its requestId is empty.
    async fn await_state(
        &self,
        c: &NotificationClient,
        deadline: Duration,
        (node, root, source): (&str, &str, &str),
        state: &str,
    ) -> StepResult {
        let req = self.this_request()?;
        let what = answering(&format!("on {node} with state {state}"), &req, source);
        self.await_answer(
            c,
            &req,
            &what,
            deadline,
            |n| shows_state(n, node, root, state),
            from_own_node,
        )
        .await
        .map(drop)
    }
}

/// What a wait for an answer to `req` describes: the expectation, then how it is tied.
fn answering(expectation: &str, req: &SentRequest, source: &str) -> String {
    format!(
        "{expectation}, with requestId {} or, with an empty one, {source} after the request",
        req.request_id
    )
}

/// The state a User (voice) or Media (the profile's MRD) notification shows; without a
/// notification endpoint, the state read by GET.
#[then(
    regex = r"^(?:within (\d+) seconds )?the (agent|second agent|supervisor|second supervisor|other-team agent|wrap-up agent) receives a (User|Media) notification with state ([A-Z_]+) for this request$"
)]
async fn state_notification(
    w: &mut FinesseWorld,
    secs: String,
    role: String,
    kind: String,
    state: String,
) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let mrd = if kind == "Media" {
        Some(w.mrd()?)
    } else {
        None
    };
    let deadline = w.notification_deadline(&secs)?;
    let Some(c) = w.notifier(&who)? else {
        w.fallback_note(&format!("the {kind} notification"));
        return match &mrd {
            Some(mrd) => w.media_is(&who, mrd, Expect::Becomes(&state)).await,
            None => w.voice_becomes_within(&who, &state, deadline).await,
        };
    };
    let (node, root) = match &mrd {
        Some(mrd) => (format!("{}/Media/{mrd}", user_path(&who.id)), "media"),
        None => (user_path(&who.id), "user"),
    };
    let source = format!("from that {kind}");
    w.await_state(&c, deadline, (&node, root, &source), &state)
        .await
}

#[then(
    regex = r"^(?:within (\d+) seconds )?the (agent|second agent|supervisor|second supervisor|other-team agent|wrap-up agent) receives a Dialog notification for this request$"
)]
async fn dialog_notification(w: &mut FinesseWorld, secs: String, role: String) -> StepResult {
    let deadline = w.notification_deadline(&secs)?;
    let Some(Listening { who, c, req }) = w.listening(&role, "the Dialog notification")? else {
        return Ok(());
    };
    let node = format!("{}/Dialogs", user_path(&who.id));
    let what = answering(
        &format!("with dialog data on {node}"),
        &req,
        &format!("about the dialog {}", req.path),
    );
    w.await_answer(
        &c,
        &req,
        &what,
        deadline,
        |n| n.node == node && (n.data_is("dialog") || n.data_is("dialogs")),
        |n| req.dialog_outcome(n),
    )
    .await
    .map(drop)
}

/// A Dialog notification for this request on `role`'s Dialogs node whose dialog satisfies
/// `check` (`what` describes it); without a notification endpoint, noted and passed (the
/// scenario reads the same by GET).
pub(in crate::steps) async fn dialog_notification_where(
    w: &mut FinesseWorld,
    role: &str,
    what: &str,
    check: impl Fn(&crate::finesse::models::Dialog) -> bool,
) -> StepResult {
    let Some(Listening { who, c, req }) = w.listening(role, "the Dialog notification")? else {
        return Ok(());
    };
    let deadline = w.ctx()?.profile.timeouts.async_outcome;
    let node = format!("{}/Dialogs", user_path(&who.id));
    let what = answering(
        &format!("with a dialog showing {what} on {node}"),
        &req,
        &format!("about the dialog {}", req.path),
    );
    let fits = |n: &Notification| {
        n.node == node
            && n.data_is("dialog")
            && crate::finesse::models::from_xml::<crate::finesse::models::Dialog>(&n.data_xml)
                .is_ok_and(|d| check(&d))
    };
    w.await_answer(&c, &req, &what, deadline, fits, |n| req.dialog_outcome(n))
        .await
        .map(drop)
}

/// Whether one of `n`'s apiErrors has `error_type` and, when given, `code` and `constant`.
fn has_error(n: &Notification, error_type: &str, code: &str, constant: &str) -> bool {
    n.errors.iter().any(|e| {
        same_text(Some(&e.error_type), error_type)
            && (code.is_empty()
                || (same_text(e.error_data.as_deref(), code)
                    && same_text(e.error_message.as_deref(), constant)))
    })
}

#[then(
    regex = r"^the (agent|second agent|supervisor|second supervisor|other-team agent|wrap-up agent) receives an asynchronous error of type (.+?)(?: with code (\S+) ([A-Z_0-9]+))? for this request$"
)]
async fn async_error(
    w: &mut FinesseWorld,
    role: String,
    error_type: String,
    code: String,
    constant: String,
) -> StepResult {
    let Some(Listening { who, c, req }) = w.listening(&role, "the asynchronous error")? else {
        return Ok(());
    };
    let deadline = w.ctx()?.profile.timeouts.async_outcome;
    let mut what = format!("with an apiError of type {error_type}");
    if !code.is_empty() {
        what.push_str(&format!(" ({code} {constant})"));
    }
    what.push_str(&format!(" on {}'s nodes", who.id));
    let what = answering(&what, &req, &format!("about {}", req.path));
    w.await_answer(
        &c,
        &req,
        &what,
        deadline,
        |n| on_users_nodes(n, &who.id) && has_error(n, &error_type, &code, &constant),
        |n| req.about_object(n),
    )
    .await
    .map(drop)
}

/// For rules whose pages disagree on how Finesse refuses (a synchronous error on one page, an
/// asynchronous one on another): any apiError about the last request on `role`'s nodes.
/// Without a notification endpoint this notes what it could not check and passes.
pub(in crate::steps) async fn any_async_error(w: &mut FinesseWorld, role: &str) -> StepResult {
    let Some(Listening { who, c, req }) = w.listening(role, "the asynchronous error")? else {
        return Ok(());
    };
    let deadline = w.ctx()?.profile.timeouts.async_outcome;
    let what = answering(
        &format!("with an apiError on {}'s nodes", who.id),
        &req,
        &format!("about {}", req.path),
    );
    w.await_answer(
        &c,
        &req,
        &what,
        deadline,
        |n| on_users_nodes(n, &who.id) && n.is_error(),
        |n| req.about_object(n),
    )
    .await
    .map(drop)
}

/// The echo where the guide documents it: a Media request's asynchronous error carries the
/// request's requestId (G12.5 p171 header parameters, p367 sample). Strict: an error that
/// fits but came with an empty requestId fails.
#[then(
    regex = r"^the asynchronous error the (agent|second agent|supervisor) receives for this request carries the request's requestId$"
)]
async fn async_error_carries_request_id(w: &mut FinesseWorld, role: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let Some(c) = w.notifier(&who)? else {
        return no_endpoint();
    };
    let req = w.this_request()?;
    let deadline = w.ctx()?.profile.timeouts.async_outcome;
    let what = answering(
        &format!("with an apiError on {}'s nodes", who.id),
        &req,
        &format!("about {}", req.path),
    );
    let (n, how) = w
        .await_answer(
            &c,
            &req,
            &what,
            deadline,
            |n| on_users_nodes(n, &who.id) && n.is_error(),
            |n| req.about_object(n),
        )
        .await?;
    match how {
        Correlation::RequestId => Ok(()),
        Correlation::Content => fail(format!(
            "the asynchronous error for this request came with an empty requestId, expected {}: {}",
            req.request_id,
            n.summary()
        )),
    }
}

/// An absence, on a target that may or may not echo requestIds (G12.5 p22): nothing on the
/// node may carry this request's requestId, and nothing with an empty one may show the change
/// the request asked for (its state on its own object; on a User node a dialog action asks no
/// state of, any update that does not show the state read just before the request, since one
/// that does is a late delivery of an earlier change). Looking only for the requestId would
/// pass vacuously on a target that never echoes;
/// looking for any update would fail falsely on other users' and timers' changes. Other
/// requests' notifications (another non-empty requestId) never count.
#[then(
    regex = r"^the (agent|second agent|supervisor|second supervisor|other-team agent|wrap-up agent) receives no (User|Media) notification for this request$"
)]
async fn no_notification(w: &mut FinesseWorld, role: String, kind: String) -> StepResult {
    let unchecked = format!("the absence of a {kind} notification");
    let Some(Listening { who, c, req }) = w.listening(&role, &unchecked)? else {
        return Ok(());
    };
    let node = match kind.as_str() {
        "Media" => format!("{}/Media/{}", user_path(&who.id), w.mrd()?),
        _ => user_path(&who.id),
    };
    let what = answering(
        &format!("on {node}"),
        &req,
        "showing the change the request asked for",
    );
    let before = match kind.as_str() {
        "User" => w.states_before.get(&who.id).cloned(),
        _ => None,
    };
    w.expect_no_answer(
        &c,
        &req,
        &what,
        |n| n.node == node,
        |n| req.shows_asked_change(n, &node, before.as_deref()),
    )
    .await
}

/// As [`no_notification`]: no apiError with this requestId, and none with an empty one about
/// the object the request acted on.
#[then(
    regex = r"^the (agent|second agent|supervisor|second supervisor|other-team agent|wrap-up agent) receives no asynchronous error for this request$"
)]
async fn no_async_error(w: &mut FinesseWorld, role: String) -> StepResult {
    let unchecked = "the absence of an asynchronous error";
    let Some(Listening { who, c, req }) = w.listening(&role, unchecked)? else {
        return Ok(());
    };
    let what = answering(
        &format!("with an apiError on {}'s nodes", who.id),
        &req,
        &format!("about {}", req.path),
    );
    w.expect_no_answer(
        &c,
        &req,
        &what,
        |n| on_users_nodes(n, &who.id) && n.is_error(),
        |n| req.about_object(n),
    )
    .await
}

/// Where an asynchronous error goes matters to a desktop that listens on one node: media
/// errors on the Media node naming the MRD (G12.5 p367), call-operation errors on the
/// Dialogs node (reference §3.2).
#[then(
    regex = r"^the asynchronous error for this request arrives on the (agent|second agent)'s (Media|Dialogs) node(?: and (names the media routing domain))?$"
)]
async fn async_error_node(
    w: &mut FinesseWorld,
    role: String,
    kind: String,
    names_mrd: String,
) -> StepResult {
    let unchecked = "the node of the asynchronous error";
    let Some(Listening { who, c, req }) = w.listening(&role, unchecked)? else {
        return Ok(());
    };
    let mrd = if kind == "Media" {
        Some(w.mrd()?)
    } else {
        None
    };
    let node = match &mrd {
        Some(m) => format!("{}/Media/{m}", user_path(&who.id)),
        None => format!("{}/Dialogs", user_path(&who.id)),
    };
    let mut what = format!("with an apiError on {node}");
    if !names_mrd.is_empty() {
        what.push_str(&format!(
            " naming media routing domain {}",
            mrd.as_deref().unwrap_or("")
        ));
    }
    let what = answering(&what, &req, &format!("about {}", req.path));
    let deadline = w.ctx()?.profile.timeouts.async_outcome;
    w.await_answer(
        &c,
        &req,
        &what,
        deadline,
        |n| {
            n.node == node
                && n.is_error()
                && n.errors.iter().any(|e| {
                    names_mrd.is_empty()
                        || same_text(e.error_media.as_deref(), mrd.as_deref().unwrap_or(""))
                })
        },
        |n| req.about_object(n),
    )
    .await
    .map(drop)
}

#[then(
    regex = r"^the (agent|second agent|supervisor|second supervisor|other-team agent|wrap-up agent) receives a SystemInfo notification with status ([A-Z_]+)$"
)]
async fn system_info_notification(
    w: &mut FinesseWorld,
    role: String,
    status: String,
) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let Some(c) = w.notifier(&who)? else {
        return no_endpoint();
    };
    let deadline = w.ctx()?.profile.timeouts.async_outcome;
    let node = "/finesse/api/SystemInfo";
    let what = format!("on {node} with status {status}");
    w.await_notification(&c, &what, deadline, |n| {
        n.node == node && same_text(n.data_field("status").as_deref(), &status)
    })
    .await
}

fn team_node(w: &FinesseWorld) -> Result<String, StepError> {
    let agent = w.id(Role::Agent)?;
    match agent.team_id.as_deref() {
        Some(team) => Ok(format!("/finesse/api/Team/{team}/Users")),
        None => Err(StepError::precondition(format!(
            "the profile gives no team_id for agent {}; the Team node needs it",
            agent.id
        ))),
    }
}

#[when("the supervisor subscribes to the team's Users node")]
async fn subscribe_team(w: &mut FinesseWorld) -> StepResult {
    let sup = w.id(Role::Supervisor)?;
    let Some(c) = w.notifier(&sup)? else {
        return no_endpoint();
    };
    let node = team_node(w)?;
    c.subscribe(&node)
        .await
        .or_else(|e| fail(format!("subscribing to {node}: {e}")))?;
    // Subscriptions outlive the connection on Finesse (§7.2): the cleanup removes it.
    w.subscriptions.push((c, node));
    Ok(())
}

/// A Team/{id}/Users notification about the agent: per-user summaries carry the user's
/// URI as source (reference §7.5). Not correlated by requestId: the reference does not say
/// whether team summaries carry it.
fn is_team_note_for(n: &Notification, node: &str, agent: &str) -> bool {
    n.node == node
        && n.data_is("user")
        && n.source
            .trim_end_matches('/')
            .ends_with(&format!("/User/{agent}"))
}

#[then(regex = r"^the supervisor receives a Team notification with the agent's state ([A-Z_]+)$")]
async fn team_notification(w: &mut FinesseWorld, state: String) -> StepResult {
    let (sup, agent) = (w.id(Role::Supervisor)?, w.id(Role::Agent)?);
    let Some(c) = w.notifier(&sup)? else {
        return no_endpoint();
    };
    let node = team_node(w)?;
    let deadline = w.ctx()?.profile.timeouts.async_outcome;
    let what = format!("on {node} for {} with state {state}", agent.id);
    w.await_notification(&c, &what, deadline, |n| {
        is_team_note_for(n, &node, &agent.id) && same_text(n.data_field("state").as_deref(), &state)
    })
    .await
}

#[then("the supervisor receives no Team notification for the agent")]
async fn no_team_notification(w: &mut FinesseWorld) -> StepResult {
    let (sup, agent) = (w.id(Role::Supervisor)?, w.id(Role::Agent)?);
    let Some(c) = w.notifier(&sup)? else {
        return no_endpoint();
    };
    let node = team_node(w)?;
    let what = format!("on {node} for {}", agent.id);
    w.expect_none(&c, &what, |n| is_team_note_for(n, &node, &agent.id))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(node: &str, source: &str, data: &str) -> Notification {
        let update = format!(
            "<Update><data>{data}</data><event>PUT</event><requestId>r1</requestId><source>{source}</source></Update>"
        );
        crate::finesse::xmpp::notification::parse_update(&update, node).expect("parses")
    }

    #[test]
    fn a_users_nodes_are_its_user_dialogs_and_media_nodes_only() {
        let n = |node: &str| note(node, node, "<user/>");
        assert!(on_users_nodes(&n("/finesse/api/User/1001"), "1001"));
        assert!(on_users_nodes(&n("/finesse/api/User/1001/Dialogs"), "1001"));
        assert!(on_users_nodes(&n("/finesse/api/User/1001/Media/1"), "1001"));
        assert!(!on_users_nodes(&n("/finesse/api/User/10011"), "1001"));
        assert!(!on_users_nodes(&n("/finesse/api/Team/1/Users"), "1001"));
    }

    #[test]
    fn team_notes_are_matched_by_the_members_uri() {
        let node = "/finesse/api/Team/1/Users";
        let n = note(
            node,
            "/finesse/api/User/1001",
            "<user><state>READY</state></user>",
        );
        assert!(is_team_note_for(&n, node, "1001"));
        assert!(!is_team_note_for(&n, node, "100"));
        assert!(!is_team_note_for(&n, "/finesse/api/Team/2/Users", "1001"));
    }

    #[test]
    fn states_compare_without_case_or_padding() {
        assert!(same_text(Some(" ready "), "READY"));
        assert!(!same_text(None, "READY"));
        assert!(!same_text(Some("NOT_READY"), "READY"));
    }

    #[test]
    fn the_role_list_matches_role_parse() {
        let roles =
            "agent|second agent|supervisor|second supervisor|other-team agent|wrap-up agent";
        for r in roles.split('|') {
            assert!(Role::parse(r).is_ok(), "{r}");
        }
    }
}
