//! Queues (skill groups of Unified CCE): `GET /Queue/{id}` and `GET /User/{id}/Queues`
//! (developer.cisco.com "Queue—Get Queue", "Queue—Get List of Queues for User", "Queue API
//! Parameters", "Queue API Errors"). CCE only: a CCX mock has no queues.
//!
//! Mock choices (the guide is silent): the statistics are computed when read from the
//! assigned agents' current states and the waiting routed calls; TALKING counts as inbound
//! on a call the agent did not place and as outbound on one it did; agentsTalkingInternal and
//! agentsBusyOther are always 0; agentsLoggedOn counts every assigned agent not in LOGOUT;
//! a queue's waiting calls are the unanswered routed calls of a team one of its agents is on.

use std::collections::HashSet;
use std::time::Instant;

use serde::Deserialize;

use super::agent_state::AgentState;
use super::dialogs::{DialogKind, DialogState};
use super::directory::UserDef;
use super::{ApiFailure, Credential, Finesse};
use crate::deviations::Deviation;
use crate::documents as doc;

/// A queue of the fixture, assigned to the agents of `teams` and to `users`. A queue with
/// neither is assigned to no one (its numeric statistics read -1).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default)]
    pub users: Vec<String>,
}

impl QueueDef {
    /// Whether `user` is assigned to this queue.
    fn has(&self, user: &UserDef) -> bool {
        self.users.contains(&user.id)
            || user
                .team
                .as_ref()
                .is_some_and(|t| user.agent && self.teams.contains(t))
    }

    fn assigned_to_anyone(&self) -> bool {
        !self.teams.is_empty() || !self.users.is_empty()
    }
}

/// Fixture check: unique queue ids, known teams and users. The error names the entry.
pub(crate) fn check_queues(
    queues: &[QueueDef],
    team_ids: &HashSet<&str>,
    user_ids: &HashSet<&str>,
) -> Result<(), (String, String)> {
    let mut ids = HashSet::new();
    for (i, q) in queues.iter().enumerate() {
        if !ids.insert(q.id.as_str()) {
            return Err((
                format!("queues[{i}].id"),
                format!("duplicate queue id {}", q.id),
            ));
        }
        if let Some(t) = q.teams.iter().find(|t| !team_ids.contains(t.as_str())) {
            return Err((
                format!("queues[{i}].teams"),
                format!("team {t} is not in teams"),
            ));
        }
        if let Some(u) = q.users.iter().find(|u| !user_ids.contains(u.as_str())) {
            return Err((
                format!("queues[{i}].users"),
                format!("user {u} is not in users"),
            ));
        }
    }
    Ok(())
}

impl Finesse {
    /// `GET /Queue/{id}`: any user may read any queue (the page's security constraint).
    pub(crate) fn queue(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<doc::Queue, ApiFailure> {
        self.advance(now);
        self.check_service()?;
        let stand_in = self.unknown_name_as_admin();
        self.authenticate_with(creds, now, stand_in)?;
        let Some(q) = self.queues.iter().find(|q| q.id == id) else {
            if self.dev(Deviation::UnknownQueueReturns400) {
                return Err(ApiFailure::invalid_input(
                    "id",
                    format!("Invalid queue id {id}"),
                ));
            }
            return Err(ApiFailure::not_found(id, format!("Queue {id} not found")));
        };
        let mut queue = self.render_queue(q);
        if self.dev(Deviation::QueueGetWrongUri) {
            queue.id = format!("{id}0");
        }
        Ok(queue)
    }

    /// `GET /User/{id}/Queues`: any user may list any user's queues. An agent's are those it
    /// is assigned to; a supervisor's also those of the agents of the teams it supervises.
    pub(crate) fn user_queues(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<doc::Queues, ApiFailure> {
        self.advance(now);
        self.check_service()?;
        let stand_in = self.unknown_name_as_admin();
        self.authenticate_with(creds, now, stand_in)?;
        let Some(user) = self.dir.user(id).cloned() else {
            if self.dev(Deviation::UserQueuesUnknownUserEmpty) {
                return Ok(doc::Queues::default());
            }
            return Err(ApiFailure::user_not_found(id));
        };
        let members: Vec<&UserDef> = self
            .dir
            .users
            .iter()
            .filter(|u| u.team.as_ref().is_some_and(|t| user.supervises.contains(t)))
            .collect();
        let queues = self
            .queues
            .iter()
            .filter(|q| q.has(&user) || members.iter().any(|m| q.has(m)))
            .map(|q| {
                let mut queue = self.render_queue(q);
                if self.dev(Deviation::UserQueuesWithoutStatistics) {
                    queue.statistics = None;
                }
                queue
            })
            .collect();
        Ok(doc::Queues { queues })
    }

    fn render_queue(&self, q: &QueueDef) -> doc::Queue {
        let statistics = if q.assigned_to_anyone() || self.dev(Deviation::UnassignedQueueCounted) {
            self.statistics(q)
        } else {
            doc::QueueStatistics::default()
        };
        doc::Queue {
            id: q.id.clone(),
            name: q.name.clone(),
            statistics: Some(statistics),
        }
    }

    /// The statistics of a queue assigned to someone, from the states now.
    fn statistics(&self, q: &QueueDef) -> doc::QueueStatistics {
        let stale = self.dev(Deviation::QueueStatisticsStale);
        let mut s = doc::QueueStatistics {
            calls_in_queue: Some(0),
            start_time_of_longest_call: None,
            agents_ready: Some(0),
            agents_not_ready: Some(0),
            agents_busy_other: Some(0),
            agents_logged_on: Some(0),
            agents_talking_inbound: Some(0),
            agents_talking_outbound: Some(0),
            agents_talking_internal: Some(0),
            agents_wrap_up_not_ready: Some(0),
            agents_wrap_up_ready: Some(0),
        };
        if stale {
            return s;
        }
        let bump = |n: &mut Option<i64>| *n = Some(n.unwrap_or(0) + 1);
        let assigned = self.dir.users.iter().filter(|u| q.has(u));
        let mut teams = HashSet::new();
        for u in assigned {
            if let Some(t) = &u.team {
                teams.insert(t.clone());
            }
            let Some(v) = self.voice.get(&u.id) else {
                continue;
            };
            if v.state != AgentState::Logout {
                bump(&mut s.agents_logged_on);
            }
            match v.state {
                AgentState::Ready => bump(&mut s.agents_ready),
                AgentState::NotReady => bump(&mut s.agents_not_ready),
                AgentState::Work => bump(&mut s.agents_wrap_up_not_ready),
                AgentState::WorkReady => bump(&mut s.agents_wrap_up_ready),
                AgentState::Talking if self.placed_a_call(v.extension.as_deref()) => {
                    bump(&mut s.agents_talking_outbound)
                }
                AgentState::Talking => bump(&mut s.agents_talking_inbound),
                _ => {}
            }
        }
        let waiting = self.dialogs.values().filter(|d| {
            d.kind == (DialogKind::Call { icd: true })
                && d.state == DialogState::Initiated
                && d.queue.as_ref().is_some_and(|t| teams.contains(t))
        });
        let mut oldest = None;
        for d in waiting {
            bump(&mut s.calls_in_queue);
            oldest = Some(oldest.map_or(d.created, |o: std::time::SystemTime| o.min(d.created)));
        }
        s.start_time_of_longest_call =
            oldest.map(|t| humantime::format_rfc3339_seconds(t).to_string());
        s
    }

    /// Whether the phone `extension` placed an active call.
    fn placed_a_call(&self, extension: Option<&str>) -> bool {
        let Some(ext) = extension else {
            return false;
        };
        self.dialogs
            .values()
            .any(|d| d.state == DialogState::Active && d.from_address == ext)
    }
}
