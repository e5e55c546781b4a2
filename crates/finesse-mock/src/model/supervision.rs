//! Supervisor call features: silent monitor (G12.5 p.98–99) and barge (p.101–102),
//! reference §6.5. The team rule is checked by the directory.

use super::agent_state::AgentState;
use super::errors::{ApiFailure, CtiError};
use finesse_protocol::Deployment;

/// An agent in the wrong state for silent monitoring: async 13145 on CCE, 88049 on CCX
/// (§3.4; the errorType is not given, the mock uses Invalid State).
pub(crate) const CCE_MONITOR_WRONG_STATE: CtiError =
    CtiError::new("Invalid State", "13145", "13145");
pub(crate) const CCX_MONITOR_WRONG_STATE: CtiError =
    CtiError::new("Invalid State", "88049", "88049");

/// Deviation switches that lift the monitoring supervisor's state rules.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MonitorLifts {
    /// `monitor-while-talking-allowed`: TALKING or HOLD.
    pub busy: bool,
    /// `monitor-from-ready-allowed`.
    pub ready: bool,
}

/// The supervisor must be NOT_READY (p.98); one already TALKING or on HOLD (p.99), or READY,
/// gets 400 Invalid State (the guide does not name READY's error; the mock uses the same).
pub(crate) fn check_monitoring_supervisor(
    state: AgentState,
    lifts: MonitorLifts,
) -> Result<(), ApiFailure> {
    let lifted = match state {
        AgentState::Talking | AgentState::Hold => lifts.busy,
        AgentState::Ready => lifts.ready,
        _ => false,
    };
    if state == AgentState::NotReady || lifted {
        Ok(())
    } else {
        Err(ApiFailure::invalid_state(
            "state",
            format!(
                "A supervisor in {} cannot start silent monitoring",
                state.as_str()
            ),
        ))
    }
}

/// The monitored agent must be on an active call: TALKING on CCE; on CCX TALKING (ICD) or
/// NOT_READY (non-ICD).
pub(crate) fn check_monitored_agent(
    dep: Deployment,
    agent: AgentState,
    on_active_call: bool,
) -> Result<(), CtiError> {
    let ok = on_active_call
        && match dep {
            Deployment::Ucce => agent == AgentState::Talking,
            Deployment::Uccx => matches!(agent, AgentState::Talking | AgentState::NotReady),
        };
    if ok {
        Ok(())
    } else {
        Err(match dep {
            Deployment::Ucce => CCE_MONITOR_WRONG_STATE,
            Deployment::Uccx => CCX_MONITOR_WRONG_STATE,
        })
    }
}

/// The supervisor while monitoring: TALKING on CCE, unchanged (NOT_READY) on CCX.
pub(crate) fn monitoring_state(dep: Deployment, current: AgentState) -> AgentState {
    match dep {
        Deployment::Ucce => AgentState::Talking,
        Deployment::Uccx => current,
    }
}

/// The supervisor after barging: TALKING, except on CCX for a non-ICD call, where it stays.
pub(crate) fn barged_state(dep: Deployment, icd: bool, current: AgentState) -> AgentState {
    match (dep, icd) {
        (Deployment::Uccx, false) => current,
        _ => AgentState::Talking,
    }
}

/// What a barge request finds.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BargeFacts {
    /// The supervisor monitors this agent's call through `associatedDialogUri`.
    pub monitoring: bool,
    /// The agent's participant on the call is HELD.
    pub agent_held: bool,
    /// The call is a conference and the agent is not its controller.
    pub agent_not_controller: bool,
    /// The agent has a consult call out from this call.
    pub outstanding_consult: bool,
    /// No conference bridge is free.
    pub bridge_full: bool,
}

/// Deviation switches that lift individual barge preconditions.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BargeLifts {
    pub monitoring: bool,
    pub held: bool,
    pub controller: bool,
    pub consult: bool,
    pub bridge: bool,
}

/// The barge preconditions of p.101–102, in the order the mock checks them.
pub(crate) fn check_barge(f: BargeFacts, lifts: BargeLifts) -> Result<(), ApiFailure> {
    if !f.monitoring && !lifts.monitoring {
        return Err(ApiFailure::invalid_state(
            "associatedDialogUri",
            "The supervisor is not silently monitoring this call",
        ));
    }
    // A consult puts the original call on hold, so the consult case (20999) is told apart
    // before the plain hold (Invalid Destination).
    if f.outstanding_consult && !lifts.consult {
        return Err(ApiFailure::barge_code(
            "20999",
            "The agent has an outstanding consult call",
        ));
    }
    if f.agent_held && !lifts.held {
        return Err(ApiFailure::invalid_destination("The agent is on hold"));
    }
    if f.agent_not_controller && !lifts.controller {
        return Err(ApiFailure::barge_code(
            "20999",
            "Barge via non-conference-controller",
        ));
    }
    if f.bridge_full && !lifts.bridge {
        return Err(ApiFailure::barge_code(
            "20700",
            "Conference resource limit violation",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgentState as S;
    use Deployment::{Ucce, Uccx};

    #[test]
    fn a_supervisor_on_a_call_cannot_start_monitoring() {
        let none = MonitorLifts::default();
        assert!(check_monitoring_supervisor(S::NotReady, none).is_ok());
        for s in [S::Talking, S::Hold, S::Ready] {
            let e = check_monitoring_supervisor(s, none).expect_err("busy");
            assert_eq!((e.status, e.error_type.as_str()), (400, "Invalid State"));
        }
    }

    #[test]
    fn monitor_lifts_lift_their_own_states_only() {
        let busy = MonitorLifts {
            busy: true,
            ready: false,
        };
        assert!(check_monitoring_supervisor(S::Talking, busy).is_ok());
        assert!(check_monitoring_supervisor(S::Hold, busy).is_ok());
        assert!(check_monitoring_supervisor(S::Ready, busy).is_err());
        let ready = MonitorLifts {
            busy: false,
            ready: true,
        };
        assert!(check_monitoring_supervisor(S::Ready, ready).is_ok());
        assert!(check_monitoring_supervisor(S::Talking, ready).is_err());
    }

    #[test]
    fn the_monitored_agent_must_be_on_a_call_in_the_platform_state() {
        assert!(check_monitored_agent(Ucce, S::Talking, true).is_ok());
        assert_eq!(
            check_monitored_agent(Ucce, S::NotReady, true),
            Err(CCE_MONITOR_WRONG_STATE)
        );
        assert!(
            check_monitored_agent(Uccx, S::NotReady, true).is_ok(),
            "CCX non-ICD call"
        );
        assert!(
            check_monitored_agent(Uccx, S::Talking, true).is_ok(),
            "CCX ICD call"
        );
        assert_eq!(
            check_monitored_agent(Uccx, S::NotReady, false),
            Err(CCX_MONITOR_WRONG_STATE)
        );
    }

    #[test]
    fn supervisor_states_follow_p102() {
        assert_eq!(monitoring_state(Ucce, S::NotReady), S::Talking);
        assert_eq!(monitoring_state(Uccx, S::NotReady), S::NotReady);
        assert_eq!(barged_state(Ucce, false, S::Talking), S::Talking);
        assert_eq!(barged_state(Uccx, true, S::NotReady), S::Talking);
        assert_eq!(barged_state(Uccx, false, S::NotReady), S::NotReady);
    }

    #[test]
    fn barge_preconditions_give_the_documented_errors() {
        let ok = BargeFacts {
            monitoring: true,
            ..Default::default()
        };
        assert!(check_barge(ok, BargeLifts::default()).is_ok());
        let e =
            check_barge(BargeFacts::default(), BargeLifts::default()).expect_err("not monitoring");
        assert_eq!((e.status, e.error_type.as_str()), (400, "Invalid State"));
        let e = check_barge(
            BargeFacts {
                agent_held: true,
                ..ok
            },
            BargeLifts::default(),
        )
        .expect_err("held");
        assert_eq!(e.error_type, "Invalid Destination");
        let e = check_barge(
            BargeFacts {
                agent_not_controller: true,
                ..ok
            },
            BargeLifts::default(),
        )
        .expect_err("controller");
        assert_eq!((e.status, e.error_type.as_str()), (400, "20999"));
        let e = check_barge(
            BargeFacts {
                outstanding_consult: true,
                agent_held: true,
                ..ok
            },
            BargeLifts::default(),
        )
        .expect_err("consult");
        assert_eq!(
            (e.error_type.as_str(), e.message.as_str()),
            ("20999", "The agent has an outstanding consult call")
        );
        let e = check_barge(
            BargeFacts {
                bridge_full: true,
                ..ok
            },
            BargeLifts::default(),
        )
        .expect_err("bridge");
        assert_eq!((e.status, e.error_type.as_str()), (400, "20700"));
    }

    #[test]
    fn each_lift_lifts_one_precondition() {
        let all = BargeFacts {
            monitoring: false,
            agent_held: true,
            agent_not_controller: true,
            outstanding_consult: true,
            bridge_full: true,
        };
        let lifts = BargeLifts {
            monitoring: true,
            held: true,
            controller: true,
            consult: true,
            bridge: true,
        };
        assert!(check_barge(all, lifts).is_ok());
        let e = check_barge(
            all,
            BargeLifts {
                bridge: false,
                ..lifts
            },
        )
        .expect_err("bridge stays");
        assert_eq!(e.error_type, "20700");
    }
}
