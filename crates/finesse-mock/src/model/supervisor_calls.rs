//! The effects of silent monitoring and barge, applied after the processing delay
//! (G12.5 p.98–102, reference §6.5); their checks are in `calls` and `supervision`.

use super::agent_state::AgentState;
use super::dialogs::{DialogKind, DialogState, Participant, ParticipantState};
use super::endings::other_platform;
use super::supervision;
use super::{CtiError, Finesse};
use crate::deviations::Deviation;

impl Finesse {
    pub(super) fn apply_monitor(
        &mut self,
        supervisor: &str,
        agent: &str,
    ) -> Result<(), (String, String, CtiError)> {
        let source = format!("/finesse/api/User/{supervisor}/Dialogs");
        if self.dev(Deviation::SilentMonitorNotStarted) {
            return Ok(());
        }
        let (Some(sup_ext), Some(agent_ext)) =
            (self.extension_of(supervisor), self.extension_of(agent))
        else {
            return Err((
                supervisor.into(),
                source,
                super::agent_state::CF_INVALID_OBJECT_STATE,
            ));
        };
        // A monitoring session is no call to monitor (§6.5), unless a deviation says so.
        let monitorable = |kind: DialogKind| {
            kind.is_call()
                || (matches!(kind, DialogKind::Monitor { .. })
                    && self.dev(Deviation::MonitorCallMonitorable))
        };
        let call = self
            .live_dialogs_of(&agent_ext)
            .find(|d| {
                monitorable(d.kind)
                    && d.participant(&agent_ext).is_some_and(|p| {
                        matches!(p.state, ParticipantState::Active | ParticipantState::Held)
                    })
            })
            .map(|d| d.id);
        let without_call = call.is_none() && self.dev(Deviation::MonitorWithoutCall);
        if !without_call {
            supervision::check_monitored_agent(
                self.deployment,
                self.state_of(agent),
                call.is_some(),
            )
            .map_err(|cti| (supervisor.to_string(), source, cti))?;
        }
        // Under `monitor-without-call` the session watches no call (id 0).
        let call = call.unwrap_or(0);
        let participants = vec![Participant::new(
            &sup_ext,
            Some(supervisor),
            ParticipantState::Active,
        )];
        self.new_dialog(
            DialogKind::Monitor { monitored: call },
            &sup_ext,
            &agent_ext,
            DialogState::Active,
            participants,
        );
        let current = self.state_of(supervisor);
        let platform = if self.dev(Deviation::MonitoringStatesSwapped) {
            other_platform(self.deployment)
        } else {
            self.deployment
        };
        let next = supervision::monitoring_state(platform, current);
        self.set_call_state(supervisor, next);
        Ok(())
    }

    pub(super) fn apply_barge(
        &mut self,
        supervisor: &str,
        agent: &str,
        call: u64,
        monitor: Option<u64>,
    ) -> Result<(), (String, String, CtiError)> {
        let source = format!("/finesse/api/User/{supervisor}/Dialogs");
        let gone = (
            supervisor.to_string(),
            source,
            super::agent_state::CF_INVALID_OBJECT_STATE,
        );
        if self.dev(Deviation::BargeNotJoined) {
            return Ok(());
        }
        let (Some(sup_ext), Some(agent_ext)) =
            (self.extension_of(supervisor), self.extension_of(agent))
        else {
            return Err(gone);
        };
        // The call may have ended between the 202 and now: then there is nothing to join.
        if !self
            .dialogs
            .get(&call)
            .is_some_and(|d| !d.is_over() && d.involves(&agent_ext))
        {
            return Err(gone);
        }
        // The monitoring session becomes the supervisor's seat in the conference.
        if let Some(m) = monitor.and_then(|id| self.dialogs.get_mut(&id)) {
            for p in m.participants.iter_mut() {
                p.set_state(ParticipantState::Dropped);
            }
            m.state = DialogState::Dropped;
        }
        let Some(d) = self.dialogs.get_mut(&call) else {
            return Err(gone);
        };
        if d.controller.is_none() {
            // A two-party call becomes a conference controlled by the agent (p.101).
            d.controller = Some(agent_ext);
        }
        d.associated = monitor;
        d.participants.push(Participant::new(
            &sup_ext,
            Some(supervisor),
            ParticipantState::Active,
        ));
        let icd = d.is_icd();
        let current = self.state_of(supervisor);
        let next = if self.dev(Deviation::BargedSupervisorNotReady) {
            AgentState::NotReady
        } else {
            supervision::barged_state(self.deployment, icd, current)
        };
        self.set_call_state(supervisor, next);
        Ok(())
    }
}
