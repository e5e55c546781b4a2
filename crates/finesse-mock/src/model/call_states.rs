//! How a user's voice state follows its calls, on CCE and on CCX (reference §4.2–4.5,
//! G12.5 p.42–47).

use super::agent_state::{AgentState, CF_INVALID_OBJECT_STATE, Requested};
use super::errors::CtiError;
use finesse_protocol::Deployment;

/// CCX rejects a pending READY during an ICD call, and a second pending NOT_READY (§4.5).
pub(crate) const CF_INVALID_AGENT_WORKMODE: CtiError =
    CtiError::new("Invalid State", "265", "CF_INVALID_AGENT_WORKMODE");
/// The reason code CCE gives an agent who calls out from READY (reference §4.2, §4.7).
pub(crate) const OUTBOUND_CALL_REASON: &str = "50006";

/// CCX rejects a pending READY during a non-ICD call (§4.5).
pub(crate) const CF_RESOURCE_BUSY: CtiError =
    CtiError::new("Invalid State", "33", "CF_RESOURCE_BUSY");

/// The caller's state once its call is placed: CCE agents go TALKING (§4.2 "NOT_READY →
/// TALKING"); on CCX TALKING is only for routed calls, so the caller stays as it is.
pub(crate) fn caller_state(dep: Deployment, current: AgentState) -> AgentState {
    match dep {
        Deployment::Ucce => AgentState::Talking,
        Deployment::Uccx => current,
    }
}

/// An ICD call offered to a READY agent reserves it (§4.2 READY → RESERVED).
pub(crate) fn offered_state(icd: bool, current: AgentState) -> AgentState {
    if icd && current == AgentState::Ready {
        AgentState::Reserved
    } else {
        current
    }
}

/// The callee's state once it answers: TALKING, except a CCX agent on a non-ICD call, who
/// stays as it is (§4.5).
pub(crate) fn answered_state(dep: Deployment, icd: bool, current: AgentState) -> AgentState {
    match (dep, icd) {
        (Deployment::Uccx, false) => current,
        _ => AgentState::Talking,
    }
}

/// HOLD shows as a state on CCE only; a CCX agent stays TALKING (§4.5).
pub(crate) fn held_state(dep: Deployment, current: AgentState) -> AgentState {
    match (dep, current) {
        (Deployment::Ucce, AgentState::Talking) => AgentState::Hold,
        _ => current,
    }
}

pub(crate) fn retrieved_state(current: AgentState) -> AgentState {
    if current == AgentState::Hold {
        AgentState::Talking
    } else {
        current
    }
}

/// A READY or NOT_READY request while on a call becomes the state after the call (§4.2),
/// except where CCX refuses it (§4.5). LOGOUT is refused during a call.
pub(crate) fn pending_request(
    dep: Deployment,
    icd: bool,
    requested: Requested,
    pending: Option<AgentState>,
) -> Result<AgentState, CtiError> {
    match (dep, requested) {
        (_, Requested::Logout | Requested::Login) => Err(CF_INVALID_OBJECT_STATE),
        (Deployment::Ucce, Requested::Ready) => Ok(AgentState::Ready),
        (Deployment::Ucce, Requested::NotReady) => Ok(AgentState::NotReady),
        (Deployment::Uccx, Requested::Ready) => Err(if icd {
            CF_INVALID_AGENT_WORKMODE
        } else {
            CF_RESOURCE_BUSY
        }),
        (Deployment::Uccx, Requested::NotReady) if pending == Some(AgentState::NotReady) => {
            Err(CF_INVALID_AGENT_WORKMODE)
        }
        (Deployment::Uccx, Requested::NotReady) => Ok(AgentState::NotReady),
    }
}

/// The state when the last call ends: the pending state, else the state before the call;
/// with wrap-up, WORK (ending in NOT_READY) or, on CCE only, WORK_READY (§4.2, §4.4).
pub(crate) fn after_call(
    dep: Deployment,
    before: AgentState,
    pending: Option<AgentState>,
    wrap_up: bool,
) -> AgentState {
    let next = match pending.unwrap_or(before) {
        AgentState::Ready => AgentState::Ready,
        _ => AgentState::NotReady,
    };
    match (wrap_up, dep, next) {
        (false, _, s) => s,
        (true, Deployment::Ucce, AgentState::Ready) => AgentState::WorkReady,
        (true, _, _) => AgentState::Work,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgentState as S;
    use Deployment::{Ucce, Uccx};

    #[test]
    fn a_caller_goes_talking_on_cce_and_stays_on_ccx() {
        assert_eq!(caller_state(Ucce, S::NotReady), S::Talking);
        assert_eq!(caller_state(Uccx, S::NotReady), S::NotReady);
    }

    #[test]
    fn icd_calls_reserve_a_ready_agent_then_talk_on_both_platforms() {
        assert_eq!(offered_state(true, S::Ready), S::Reserved);
        assert_eq!(offered_state(false, S::Ready), S::Ready);
        for dep in [Ucce, Uccx] {
            assert_eq!(answered_state(dep, true, S::Reserved), S::Talking);
        }
    }

    #[test]
    fn answering_a_non_icd_call_talks_on_cce_only() {
        assert_eq!(answered_state(Ucce, false, S::NotReady), S::Talking);
        assert_eq!(answered_state(Uccx, false, S::NotReady), S::NotReady);
    }

    #[test]
    fn hold_shows_on_cce_only() {
        assert_eq!(held_state(Ucce, S::Talking), S::Hold);
        assert_eq!(held_state(Uccx, S::Talking), S::Talking);
        assert_eq!(retrieved_state(S::Hold), S::Talking);
    }

    #[test]
    fn pending_changes_follow_the_platform_table() {
        assert_eq!(
            pending_request(Ucce, true, Requested::Ready, None),
            Ok(S::Ready)
        );
        assert_eq!(
            pending_request(Ucce, false, Requested::NotReady, Some(S::NotReady)),
            Ok(S::NotReady)
        );
        assert_eq!(
            pending_request(Uccx, true, Requested::Ready, None),
            Err(CF_INVALID_AGENT_WORKMODE)
        );
        assert_eq!(
            pending_request(Uccx, false, Requested::Ready, None),
            Err(CF_RESOURCE_BUSY)
        );
        assert_eq!(
            pending_request(Uccx, true, Requested::NotReady, None),
            Ok(S::NotReady)
        );
        assert_eq!(
            pending_request(Uccx, true, Requested::NotReady, Some(S::NotReady)),
            Err(CF_INVALID_AGENT_WORKMODE)
        );
        assert!(pending_request(Ucce, true, Requested::Logout, None).is_err());
    }

    #[test]
    fn after_the_call_the_pending_or_previous_state_returns_with_or_without_wrap_up() {
        assert_eq!(after_call(Ucce, S::NotReady, None, false), S::NotReady);
        assert_eq!(
            after_call(Ucce, S::NotReady, Some(S::Ready), false),
            S::Ready
        );
        assert_eq!(after_call(Ucce, S::Ready, None, true), S::WorkReady);
        assert_eq!(after_call(Ucce, S::NotReady, None, true), S::Work);
        assert_eq!(
            after_call(Uccx, S::Ready, None, true),
            S::Work,
            "WORK_READY is CCE only"
        );
        assert_eq!(after_call(Ucce, S::Reserved, None, false), S::NotReady);
    }
}
