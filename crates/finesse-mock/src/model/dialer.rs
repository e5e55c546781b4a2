//! What a dialer does, driven by the control endpoint: preview reservations (CCE Outbound
//! Option, CCX Direct Preview) and progressive reservations (reference §4.4, §6.6).

use std::time::{Instant, SystemTime};

use super::Finesse;
use super::agent_state::AgentState;
use super::dialogs::{DialogKind, DialogState, Participant, ParticipantState};
use crate::deviations::Deviation;
use finesse_protocol::Deployment;

/// The simulated Outbound Option / Direct Preview dialer port (reference §6.6).
const DIALER_PORT: &str = "7001";

impl Finesse {
    /// Places a preview reservation on a READY agent, as a dialer would (control endpoint).
    /// `direct` makes it a CCX Direct Preview; Outbound Option preview exists on CCE only.
    pub(crate) fn place_preview(
        &mut self,
        user: &str,
        direct: bool,
        now: Instant,
    ) -> Result<u64, String> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        self.advance(now);
        if !direct && self.deployment == Deployment::Uccx {
            return Err(
                "Outbound Option preview exists on UCCE only; use direct=true on UCCX".into(),
            );
        }
        let ext = self
            .extension_of(user)
            .ok_or_else(|| format!("user {user} is not signed in"))?;
        let state = self.voice.get(user).map(|v| v.state);
        if state != Some(AgentState::Ready) {
            return Err(format!(
                "user {user} must be READY for a reservation (is {})",
                state.map(AgentState::as_str).unwrap_or("unknown")
            ));
        }
        let id = self.new_dialog(
            DialogKind::Preview { direct },
            DIALER_PORT,
            &ext,
            DialogState::Alerting,
            vec![Participant::new(
                &ext,
                Some(user),
                ParticipantState::Alerting,
            )],
        );
        let reserved = if self.dev(Deviation::PreviewReservationPlainReserved) {
            AgentState::Reserved
        } else {
            AgentState::ReservedOutboundPreview
        };
        self.set_call_state(user, reserved);
        Ok(id)
    }

    /// Reserves a READY agent for an Outbound Option progressive or predictive call, as a
    /// dialer would (control endpoint): RESERVED_OUTBOUND, with no dialog until a customer
    /// answers (reference §4.4). UCCE only in the mock; the reference describes CCX's
    /// RESERVED_OUTBOUND too, but nothing the suite checks needs it.
    pub(crate) fn place_progressive(&mut self, user: &str, now: Instant) -> Result<(), String> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        self.advance(now);
        if self.deployment == Deployment::Uccx {
            return Err("the mock places progressive reservations on UCCE only".into());
        }
        let Some(v) = self.voice.get_mut(user) else {
            return Err(format!("user {user} is not an agent"));
        };
        if v.state != AgentState::Ready {
            return Err(format!(
                "user {user} must be READY for a reservation (is {})",
                v.state.as_str()
            ));
        }
        v.state = AgentState::ReservedOutbound;
        v.changed = Some(SystemTime::now());
        Ok(())
    }

    /// Withdraws the user's reservations, as a dialer does (control endpoint); the agent
    /// returns to the state it had before (§4.4): READY after a progressive one.
    pub(crate) fn cancel_preview(&mut self, user: &str, now: Instant) -> Result<usize, String> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        self.advance(now);
        if let Some(v) = self.voice.get_mut(user)
            && v.state == AgentState::ReservedOutbound
        {
            v.state = AgentState::Ready;
            v.changed = Some(SystemTime::now());
        }
        let ext = self
            .extension_of(user)
            .ok_or_else(|| format!("user {user} is not signed in"))?;
        let ids: Vec<u64> = self
            .live_dialogs_of(&ext)
            .filter(|d| matches!(d.kind, DialogKind::Preview { .. }))
            .map(|d| d.id)
            .collect();
        for id in &ids {
            self.drop_participant(*id, &ext);
        }
        Ok(ids.len())
    }
}
