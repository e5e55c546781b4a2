//! Accepted requests take effect after the processing delay: the queue, the wrap-up timers,
//! and the voice state rules applied when a User request lands (reference §4.2–4.5).

use std::time::{Instant, SystemTime};

use super::agent_state::{self, AgentState, Requested, Transition};
use super::devices;
use super::directory::Access;
use super::media::{self, MediaSession};
use super::mobile_agent;
use super::{AsyncError, CtiError, Finesse, Pending, Reason, Voice, Work};
use crate::deviations::Deviation;
use finesse_protocol::Deployment;

impl Finesse {
    pub(super) fn enqueue(&mut self, now: Instant, request_id: Option<String>, work: Work) {
        self.queue.push_back(Pending {
            due: now + self.delay,
            request_id,
            work,
        });
    }

    /// Applies, in order, every accepted request whose processing delay has passed, and the
    /// wrap-up timers that expired meanwhile.
    /// Each step is published as it lands, so that a notification carries the requestId
    /// of the request that caused it and none for what changed by itself.
    pub(crate) fn advance(&mut self, now: Instant) {
        // Changes made outside queued work (faults, the dialer endpoints) are unsolicited.
        self.publish(None);
        while self.queue.front().is_some_and(|p| p.due <= now) {
            if let Some(p) = self.queue.pop_front() {
                self.expire_wrap_ups(p.due);
                self.publish(None);
                self.clock = p.due;
                let request_id = p.request_id.clone();
                self.process(p);
                self.publish(request_id.as_deref());
            }
        }
        self.clock = self.clock.max(now);
        self.expire_wrap_ups(now);
        self.publish(None);
    }

    /// A user still in WORK or WORK_READY when its timer runs out moves on (reference §4.4).
    pub(super) fn expire_wrap_ups(&mut self, now: Instant) {
        let due: Vec<(String, AgentState)> = self
            .wrap_ups
            .iter()
            .filter(|(_, (at, _))| *at <= now)
            .map(|(u, (_, to))| (u.clone(), *to))
            .collect();
        for (user, to) in due {
            self.touch();
            self.wrap_ups.remove(&user);
            if let Some(v) = self.voice.get_mut(&user)
                && matches!(v.state, AgentState::Work | AgentState::WorkReady)
            {
                v.state = to;
                if to != AgentState::NotReady {
                    v.reason = Reason::None;
                }
                v.changed = Some(SystemTime::now());
            }
        }
    }

    pub(super) fn process(&mut self, p: Pending) {
        self.touch();
        match p.work {
            Work::Voice {
                user,
                requested,
                access,
                reason,
                extension,
                mobile,
            } => {
                let source = format!("/finesse/api/User/{user}");
                if mobile.is_some() && !self.may_sign_in_mobile(&user) {
                    let cti = mobile_agent::MODE_NOT_ALLOWED;
                    self.record_async(user, source, p.request_id, cti, None);
                } else if let Some(refusal) = self.device_refusal(requested, extension.as_deref()) {
                    self.record_async_error(AsyncError {
                        at: Instant::now(),
                        user,
                        source,
                        request_id: p.request_id,
                        error_type: refusal.cti.error_type.into(),
                        error_message: refusal.cti.constant.into(),
                        error_data: refusal.cti.code.into(),
                        error_media: None,
                        peripheral: refusal.peripheral,
                    });
                } else if let Err(cti) =
                    self.apply_voice(&user, requested, access, reason, extension)
                {
                    self.record_async(user, source, p.request_id, cti, None);
                } else if requested == Requested::Login {
                    // A sign-in replaces the mobile-agent settings of the last one.
                    match mobile {
                        Some(m) => self.mobile_agents.insert(user, m),
                        None => self.mobile_agents.remove(&user),
                    };
                }
            }
            Work::Media { user, mrd, request } => {
                let key = (user.clone(), mrd.clone());
                let session = self.media.get(&key).cloned().unwrap_or_default();
                match media::apply(&session, &request, self.media_lifts()) {
                    Ok(Some(mut next)) => {
                        next.changed = Some(SystemTime::now());
                        self.media.insert(key, next);
                    }
                    Ok(None) => {}
                    Err(cti) => {
                        let source = format!("/finesse/api/User/{user}/Media/{mrd}");
                        self.record_async(user, source, p.request_id, cti, Some(mrd));
                    }
                }
            }
            Work::MediaRoutable {
                user,
                mrd,
                routable,
            } => self.apply_routable(user, mrd, routable, p.request_id),
            Work::Dialog(work) => self.apply_dialog(work, p.request_id),
        }
    }

    /// The agent table (§4.2–4.3), with the rules that switched-on deviations break.
    pub(super) fn own_transition(
        &self,
        from: AgentState,
        requested: Requested,
        with_reason: bool,
    ) -> Transition {
        use AgentState as S;
        let dev = |d| self.dev(d);
        match (requested, from) {
            (Requested::Login, S::Logout) if dev(Deviation::SignInLandsInReady) => {
                Transition::To(S::Ready)
            }
            (Requested::NotReady, S::Logout) if dev(Deviation::NotReadyFromLogoutAllowed) => {
                Transition::To(S::NotReady)
            }
            (Requested::Ready, S::Logout) if dev(Deviation::ReadyFromLogoutAllowed) => {
                Transition::To(S::Ready)
            }
            // The CTI code of this refusal differs per platform (§4.5).
            (Requested::NotReady, S::Logout) if dev(Deviation::LogoutToNotReadyWrongCode) => {
                Transition::Rejected(match self.deployment {
                    Deployment::Ucce => agent_state::CCX_LOGOUT_TO_NOT_READY,
                    Deployment::Uccx => agent_state::CCE_LOGOUT_TO_NOT_READY,
                })
            }
            (Requested::Ready, S::NotReady) if dev(Deviation::ReadyFromNotReadyIgnored) => {
                Transition::Unchanged
            }
            (Requested::NotReady, S::Ready)
                if !with_reason && dev(Deviation::NotReadyWithoutReasonIgnored) =>
            {
                Transition::Unchanged
            }
            (Requested::Logout, S::NotReady)
                if !with_reason && dev(Deviation::LogoutWithoutReasonIgnored) =>
            {
                Transition::Unchanged
            }
            (Requested::Logout, S::Ready)
                if self.deployment == Deployment::Uccx
                    && dev(Deviation::UccxLogoutFromReadyRefused) =>
            {
                Transition::Rejected(agent_state::CF_INVALID_OBJECT_STATE)
            }
            _ => agent_state::own_transition(
                self.deployment,
                from,
                requested,
                dev(Deviation::CceLogoutFromReady),
            ),
        }
    }

    /// The supervisor rules' outcome (p.47), with the rules that deviations break.
    pub(super) fn supervisor_transition(
        &self,
        from: AgentState,
        requested: Requested,
    ) -> Transition {
        match (requested, from) {
            (Requested::Ready, _) if self.dev(Deviation::SupervisorReadyIgnored) => {
                Transition::Unchanged
            }
            (Requested::NotReady, AgentState::NotReady | AgentState::Logout)
                if self.dev(Deviation::SupervisorNotReadyFromAnyState) =>
            {
                Transition::To(AgentState::NotReady)
            }
            _ => agent_state::supervisor_transition(self.deployment, from, requested),
        }
    }

    /// Applies an accepted User state request; Err is the asynchronous CTI failure.
    pub(super) fn apply_voice(
        &mut self,
        user: &str,
        requested: Requested,
        access: Access,
        reason: Option<String>,
        extension: Option<String>,
    ) -> Result<(), CtiError> {
        let Some(current) = self.voice.get(user).cloned() else {
            return Ok(());
        };
        // On a call, the agent's own READY/NOT_READY is the state after the call (§4.2).
        if access == Access::Own && self.in_call_context(user) {
            return self.request_during_call(user, requested, reason);
        }
        let transition = match access {
            Access::Own => self.own_transition(current.state, requested, reason.is_some()),
            Access::Supervisor => self.supervisor_transition(current.state, requested),
        };
        let to = match transition {
            Transition::To(to) => to,
            Transition::Unchanged => return Ok(()),
            Transition::Rejected(cti) => return Err(cti),
        };
        let forced_again = self.dev(Deviation::SupervisorNotReadyFromAnyState);
        let reason = match (to, access) {
            (AgentState::NotReady, Access::Supervisor)
                if current.state != AgentState::NotReady || forced_again =>
            {
                if self.dev(Deviation::SupervisorNotReadyWithoutHardcodedCode) {
                    Reason::None
                } else {
                    Reason::Forced(agent_state::supervisor_not_ready_code(self.deployment))
                }
            }
            (AgentState::NotReady | AgentState::Logout, _) => {
                let global = reason
                    .as_deref()
                    .and_then(|r| self.codes.get(r))
                    .is_some_and(|d| d.for_all);
                if global
                    && to == AgentState::NotReady
                    && self.dev(Deviation::GlobalReasonCodeNotRecorded)
                {
                    Reason::None
                } else {
                    reason.map(Reason::Code).unwrap_or(Reason::None)
                }
            }
            _ => Reason::None,
        };
        if to == AgentState::Logout {
            // A supervisor may sign out a user who is on a call; the calls end with it.
            self.drop_user_calls(user);
            // Voice sign-out signs the user out of every MRD (G12.5 p.188).
            if !self.dev(Deviation::VoiceLogoutKeepsMrds) {
                for ((u, _), session) in self.media.iter_mut() {
                    if u == user {
                        *session = MediaSession {
                            changed: Some(SystemTime::now()),
                            ..MediaSession::default()
                        };
                    }
                }
            }
        }
        let extension = if to == AgentState::Logout {
            None
        } else {
            extension.or(current.extension)
        };
        let voice = Voice {
            state: to,
            reason,
            extension,
            changed: Some(SystemTime::now()),
            before_call: None,
            pending: None,
            talked: false,
        };
        self.voice.insert(user.to_string(), voice);
        Ok(())
    }

    /// A sign-in whose extension names no phone fails once processed, and the user's state
    /// stays as it was (G12.5 p30; see [`devices`]).
    pub(super) fn device_refusal(
        &self,
        requested: Requested,
        extension: Option<&str>,
    ) -> Option<devices::DeviceRefusal> {
        let unknown = requested == Requested::Login
            && extension.is_some_and(|e| !self.devices.knows(e))
            && !self.dev(Deviation::UnknownExtensionSignsIn);
        unknown.then(|| devices::invalid_device(self.deployment))
    }

    pub(super) fn record_async(
        &mut self,
        user: String,
        source: String,
        request_id: Option<String>,
        cti: CtiError,
        media: Option<String>,
    ) {
        let error = AsyncError {
            at: Instant::now(),
            user,
            source,
            request_id,
            error_type: cti.error_type.into(),
            error_message: cti.constant.into(),
            error_data: cti.code.into(),
            error_media: media,
            peripheral: None,
        };
        self.record_async_error(error);
    }

    pub(super) fn record_async_error(&mut self, error: AsyncError) {
        self.publish_async_error(&error);
        self.async_errors.push(error);
    }
}
