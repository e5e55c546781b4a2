//! Queue steps (developer.cisco.com "Queue—Get Queue", "Queue—Get List of Queues for User",
//! "Queue API Parameters", "Queue API Errors"; CCE only). The queue read is the first of the
//! agent's own list, so a lab needs no queue key but for the unassigned one.

use std::time::{Duration, Instant};

use cucumber::{then, when};

use super::world::{FinesseWorld, Role, StepError, StepResult, creds, fail, unknown_credentials};
use crate::finesse::Request;
use crate::finesse::models::{Queue, QueueStatistics, Queues};

/// The guide's statistics interval: a queue's figures may lag its agents by this much.
const STATISTICS_INTERVAL: Duration = Duration::from_secs(10);

fn user_queues_path(id: &str) -> String {
    format!("/finesse/api/User/{id}/Queues")
}

/// Each statistic by name, in the guide's order.
fn fields(s: &QueueStatistics) -> [(&'static str, Option<&str>); 11] {
    [
        ("callsInQueue", s.calls_in_queue.as_deref()),
        (
            "startTimeOfLongestCallInQueue",
            s.start_time_of_longest_call_in_queue.as_deref(),
        ),
        ("agentsReady", s.agents_ready.as_deref()),
        ("agentsNotReady", s.agents_not_ready.as_deref()),
        ("agentsBusyOther", s.agents_busy_other.as_deref()),
        ("agentsLoggedOn", s.agents_logged_on.as_deref()),
        ("agentsTalkingInbound", s.agents_talking_inbound.as_deref()),
        (
            "agentsTalkingOutbound",
            s.agents_talking_outbound.as_deref(),
        ),
        (
            "agentsTalkingInternal",
            s.agents_talking_internal.as_deref(),
        ),
        (
            "agentsWrapUpNotReady",
            s.agents_wrap_up_not_ready.as_deref(),
        ),
        ("agentsWrapUpReady", s.agents_wrap_up_ready.as_deref()),
    ]
}

/// What is wrong with a queue's uri, name and statistics, if anything.
fn incomplete(q: &Queue) -> Option<String> {
    let uri = q.uri.as_deref().unwrap_or_default();
    if !uri.starts_with("/finesse/api/Queue/") {
        return Some(format!("a Queue's uri is {:?}", q.uri));
    }
    if q.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Some(format!("Queue {uri} has no name"));
    }
    let Some(s) = &q.statistics else {
        return Some(format!("Queue {uri} has no statistics"));
    };
    let missing: Vec<_> = fields(s)
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| n)
        .collect();
    if !missing.is_empty() {
        return Some(format!("Queue {uri}'s statistics lack {missing:?}"));
    }
    None
}

/// The agent's queues, read as the agent; the first one's (uri, name).
async fn agents_first_queue(w: &FinesseWorld) -> Result<(String, String), StepError> {
    let a = w.id(Role::Agent)?;
    let r = w
        .send_quietly(Request::get(user_queues_path(&a.id)).as_user(creds(&a)))
        .await?;
    if r.status != 200 {
        return Err(StepError::precondition(format!(
            "could not list the agent {}'s queues: {}",
            a.id,
            r.describe()
        )));
    }
    let list: Queues = r.parse("Queues")?;
    match list.queues.into_iter().next() {
        Some(Queue {
            uri: Some(uri),
            name,
            ..
        }) => Ok((uri, name.unwrap_or_default())),
        _ => Err(StepError::precondition(format!(
            "the agent {} is assigned to no queue (or its first Queue has no uri)",
            a.id
        ))),
    }
}

#[when(regex = r"^(the agent|someone with unknown credentials) reads the agent's queues$")]
async fn reads_queues(w: &mut FinesseWorld, reader: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let who = if reader.starts_with("someone") {
        unknown_credentials(w)?
    } else {
        creds(&a)
    };
    w.send(Request::get(user_queues_path(&a.id)).as_user(who))
        .await
        .map(drop)
}

#[when("the agent reads the queues of an unknown user")]
async fn reads_unknown_users_queues(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let unknown = w.ctx()?.profile.test_data.unknown_user_id.clone();
    w.send(Request::get(user_queues_path(&unknown)).as_user(creds(&a)))
        .await
        .map(drop)
}

/// Reads the first queue of the agent's list by its uri, and notes its uri and name.
#[when(
    regex = r"^(the agent|someone with unknown credentials) reads the first of the agent's queues$"
)]
async fn reads_first_queue(w: &mut FinesseWorld, reader: String) -> StepResult {
    let (uri, name) = agents_first_queue(w).await?;
    let who = if reader.starts_with("someone") {
        unknown_credentials(w)?
    } else {
        creds(&w.id(Role::Agent)?)
    };
    w.noted = Some(format!("{uri}\n{name}"));
    w.send(Request::get(uri).as_user(who)).await.map(drop)
}

#[when("the agent reads an unknown queue")]
async fn reads_unknown_queue(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let unknown = w.ctx()?.profile.test_data.unknown_queue_id.clone();
    w.send(Request::get(format!("/finesse/api/Queue/{unknown}")).as_user(creds(&a)))
        .await
        .map(drop)
}

#[when("the agent reads a queue assigned to no user")]
async fn reads_unassigned_queue(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let Some(id) = w.ctx()?.profile.test_data.unassigned_queue_id.clone() else {
        return Err(StepError::precondition(
            "needs a queue assigned to no user (test_data.unassigned_queue_id)",
        ));
    };
    w.send(Request::get(format!("/finesse/api/Queue/{id}")).as_user(creds(&a)))
        .await
        .map(drop)
}

#[then("the list gives each queue its uri, its name and every statistic")]
async fn list_complete(w: &mut FinesseWorld) -> StepResult {
    let list: Queues = w.last()?.parse("Queues")?;
    if list.queues.is_empty() {
        return Err(StepError::precondition(
            "the agent is assigned to no queue: nothing to check",
        ));
    }
    match list.queues.iter().find_map(incomplete) {
        Some(problem) => fail(format!("in the agent's Queues, {problem}")),
        None => Ok(()),
    }
}

#[then("the response is that queue with its name and every statistic")]
async fn that_queue(w: &mut FinesseWorld) -> StepResult {
    let noted = w
        .noted
        .clone()
        .ok_or_else(|| StepError::infrastructure("no queue was read before"))?;
    let (uri, name) = noted.split_once('\n').unwrap_or((noted.as_str(), ""));
    let q: Queue = w.last()?.parse("Queue")?;
    if q.uri.as_deref() != Some(uri) {
        return fail(format!("read {uri}, got a Queue whose uri is {:?}", q.uri));
    }
    if q.name.as_deref() != Some(name) {
        return fail(format!(
            "the list names {uri} {name:?}, the Queue itself {:?}",
            q.name
        ));
    }
    match incomplete(&q) {
        Some(problem) => fail(problem),
        None => Ok(()),
    }
}

#[then("every numeric statistic is -1 and the start time is empty")]
async fn unassigned_values(w: &mut FinesseWorld) -> StepResult {
    let q: Queue = w.last()?.parse("Queue")?;
    let Some(s) = &q.statistics else {
        return fail("the Queue has no statistics");
    };
    let wrong: Vec<String> = fields(s)
        .into_iter()
        .filter(|(n, v)| {
            let v = v.map(str::trim);
            // "Queue—Get Queue" says string statistics are empty, "Queue API Parameters"
            // that this one is -1: either passes.
            if *n == "startTimeOfLongestCallInQueue" {
                v.is_some_and(|t| !t.is_empty() && t != "-1")
            } else {
                v != Some("-1")
            }
        })
        .map(|(n, v)| format!("{n}={v:?}"))
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        fail(format!(
            "a queue assigned to no user should read -1 (start time empty); got {}",
            wrong.join(", ")
        ))
    }
}

/// The first of the agent's queues counts at least one agent in `state` (the agent is one).
/// Finesse refreshes statistics on an interval, so this reads until the deadline.
#[then(regex = r"^the queue counts the agent among its (READY|NOT_READY) agents$")]
async fn counts_agent(w: &mut FinesseWorld, state: String) -> StepResult {
    let ctx = w.ctx()?;
    let a = w.id(Role::Agent)?;
    let noted = w
        .noted
        .clone()
        .ok_or_else(|| StepError::infrastructure("no queue was read before"))?;
    let uri = noted.split('\n').next().unwrap_or_default().to_string();
    let deadline = ctx.profile.timeouts.async_outcome + STATISTICS_INTERVAL;
    let start = Instant::now();
    loop {
        let r = w
            .send_quietly(Request::get(uri.clone()).as_user(creds(&a)))
            .await?;
        let q: Queue = r.parse("Queue")?;
        let s = q.statistics.unwrap_or_default();
        let (name, value) = if state == "READY" {
            ("agentsReady", s.agents_ready)
        } else {
            ("agentsNotReady", s.agents_not_ready)
        };
        let count = value.as_deref().and_then(|v| v.trim().parse::<i64>().ok());
        if count.is_some_and(|n| n >= 1) {
            return Ok(());
        }
        if start.elapsed() >= deadline {
            return fail(format!(
                "the agent {} is {state} and assigned to {uri}, but its {name} stayed {value:?} for {}",
                a.id,
                humantime::format_duration(deadline)
            ));
        }
        let left = deadline.saturating_sub(start.elapsed());
        tokio::time::sleep(ctx.profile.timeouts.poll_interval.min(left)).await;
    }
}
