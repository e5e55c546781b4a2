//! How calls end and what users do afterwards: dropping parties, the state after the last
//! call (pending state, wrap-up), and state requests made during a call (reference §4.2–4.5).

use std::time::SystemTime;

use super::agent_state::{AgentState, Requested};
use super::call_states;
use super::dialogs::{DialogKind, DialogState, ParticipantState};
use super::{CtiError, Finesse, Reason, Voice};
use crate::deviations::Deviation;
use finesse_protocol::Deployment;

impl Finesse {
    /// Removes a participant; a call left with fewer than two parties ends, and so do the
    /// monitoring sessions on it. Users with no call left return to their after-call state.
    pub(super) fn drop_participant(&mut self, id: u64, ext: &str) {
        let mut affected = Vec::new();
        let mut ended = Vec::new();
        if let Some(d) = self.dialogs.get_mut(&id) {
            if let Some(p) = d.participant_mut(ext) {
                p.set_state(ParticipantState::Dropped);
                affected.extend(p.user.clone());
            }
            let agents_left = d.live_participants().count();
            let is_call = d.kind.is_call();
            // The deviation keeps a call whose remaining party had answered (so it can still
            // drop it); a ringing leftover could not, and would outlive the scenario.
            let answered_left = d
                .live_participants()
                .all(|p| matches!(p.state, ParticipantState::Active | ParticipantState::Held));
            let keeps_one = agents_left == 1
                && answered_left
                && self.deviations.on(Deviation::DropLeavesOtherParty);
            if !is_call || (agents_left < 2 && !keeps_one) {
                for p in d
                    .participants
                    .iter_mut()
                    .filter(|p| p.state != ParticipantState::Dropped)
                {
                    p.set_state(ParticipantState::Dropped);
                    affected.extend(p.user.clone());
                }
                d.state = DialogState::Dropped;
                ended.push(id);
            } else if d.live_participants().count() < 3 {
                // Back to a two-party call: no conference to control any more.
                d.controller = None;
            }
        }
        // Monitoring sessions end with the call they monitor (p.99).
        if self.deviations.on(Deviation::MonitorOutlivesCall) {
            ended.clear();
        }
        for m in self.dialogs.values_mut().filter(
            |m| matches!(m.kind, DialogKind::Monitor { monitored } if ended.contains(&monitored)),
        ) {
            for p in m
                .participants
                .iter_mut()
                .filter(|p| p.state != ParticipantState::Dropped)
            {
                p.set_state(ParticipantState::Dropped);
                affected.extend(p.user.clone());
            }
            m.state = DialogState::Dropped;
        }
        for user in affected {
            self.finish_call(&user);
        }
    }

    /// Puts a user with no live dialog back: the pending state, else its state before the
    /// call, with wrap-up if its settings ask for it (§4.2, §4.4).
    pub(super) fn finish_call(&mut self, user: &str) {
        if self.in_call_context(user) {
            return;
        }
        let setting = self.dir.user(user).is_some_and(|u| u.wrap_up);
        let dep = self.deployment;
        let swap_ready = self.dev(Deviation::WrapUpReadyStatesSwapped);
        let ends_in_ready = self.dev(Deviation::WrapUpTimerEndsInReady);
        let mut expiry = None;
        let Some(v) = self.voice.get_mut(user) else {
            return;
        };
        // Wrap-up follows a call the user was connected on, not an offer nobody took (§4.2).
        let wrap_up = setting && std::mem::take(&mut v.talked);
        let Some((before, reason)) = v.before_call.take() else {
            // A request made while the phone only rang still applies once it stops.
            if let Some((state, reason)) = v.pending.take()
                && v.state != AgentState::Logout
            {
                v.state = state;
                v.reason = reason;
                v.changed = Some(SystemTime::now());
            }
            return;
        };
        {
            if v.state == AgentState::Logout {
                return;
            }
            let pending = v.pending.take();
            let pending_state = pending.as_ref().map(|(s, _)| *s);
            let plain = call_states::after_call(dep, before, pending_state, false);
            // `wrap-up-ready-states-swapped`: an agent heading for READY wraps up the other
            // platform's way (UCCE WORK, UCCX WORK_READY).
            let platform = if plain == AgentState::Ready && swap_ready {
                other_platform(dep)
            } else {
                dep
            };
            let next = call_states::after_call(platform, before, pending_state, wrap_up);
            if matches!(next, AgentState::Work | AgentState::WorkReady) {
                // At expiry WORK ends in NOT_READY, WORK_READY in READY (reference §4.4). How
                // a CCX agent heading for READY leaves WORK is not documented: the mock
                // returns it to READY.
                let to = if plain == AgentState::NotReady && ends_in_ready {
                    AgentState::Ready
                } else {
                    plain
                };
                expiry = Some(to);
            }
            v.reason = match (next, pending) {
                (AgentState::NotReady | AgentState::Work, Some((_, r))) => r,
                (AgentState::NotReady | AgentState::Work, None) => reason,
                _ => Reason::None,
            };
            v.state = next;
            v.changed = Some(SystemTime::now());
        }
        if let Some(to) = expiry {
            let at = self.clock + self.wrap_up_timer;
            self.wrap_ups.insert(user.to_string(), (at, to));
        }
    }

    /// An own READY/NOT_READY/LOGOUT request while on a call (§4.2, §4.5).
    pub(super) fn request_during_call(
        &mut self,
        user: &str,
        requested: Requested,
        reason: Option<String>,
    ) -> Result<(), CtiError> {
        // CCX: during a Direct Preview reservation the state changes only through ACCEPT,
        // CLOSE or REJECT (§4.4); the error code is not documented, the mock uses 265.
        let reserved = self.extension_of(user).is_some_and(|ext| {
            self.live_dialogs_of(&ext)
                .any(|d| matches!(d.kind, DialogKind::Preview { .. }))
        });
        if reserved && self.deployment == Deployment::Uccx {
            return Err(call_states::CF_INVALID_AGENT_WORKMODE);
        }
        let icd = self.in_icd_call(user);
        let pending = self
            .voice
            .get(user)
            .and_then(|v| v.pending.as_ref().map(|(s, _)| *s));
        // A second NOT_READY while one is pending: CCE takes the new reason, CCX refuses it
        // (§4.5, stated for ICD calls).
        let reason_change = icd
            && requested == Requested::NotReady
            && pending == Some(AgentState::NotReady)
            && self.dev(Deviation::PendingReasonChangePlatformsSwapped);
        let platform = if (!icd && self.dev(Deviation::PendingStatesSwapped)) || reason_change {
            other_platform(self.deployment)
        } else {
            self.deployment
        };
        // The CCX refusal of READY names the kind of call (§4.5): 265 ICD, 33 non-ICD.
        let icd_code =
            if requested == Requested::Ready && self.dev(Deviation::PendingReadyWrongCode) {
                !icd
            } else {
                icd
            };
        let next = call_states::pending_request(platform, icd_code, requested, pending)?;
        if let Some(v) = self.voice.get_mut(user) {
            v.pending = Some((next, reason.map(Reason::Code).unwrap_or(Reason::None)));
        }
        Ok(())
    }

    /// Ends every dialog `user` takes part in (a supervisor signing the user out).
    pub(super) fn drop_user_calls(&mut self, user: &str) {
        let Some(ext) = self.extension_of(user) else {
            return;
        };
        let ids: Vec<u64> = self.live_dialogs_of(&ext).map(|d| d.id).collect();
        for id in ids {
            self.drop_participant(id, &ext);
        }
    }
}

impl Voice {
    /// A fresh, signed-out voice state.
    pub(super) fn signed_out() -> Voice {
        Voice {
            state: AgentState::Logout,
            reason: Reason::None,
            extension: None,
            // Not changed yet: `stateChangeTime` stays empty until the first change.
            changed: None,
            before_call: None,
            pending: None,
            talked: false,
        }
    }
}

/// The other platform, for deviations that give one platform's behaviour to the other.
pub(super) fn other_platform(d: Deployment) -> Deployment {
    match d {
        Deployment::Ucce => Deployment::Uccx,
        Deployment::Uccx => Deployment::Ucce,
    }
}
