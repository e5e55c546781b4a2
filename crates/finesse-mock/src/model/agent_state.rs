//! Voice agent states and the rules for changing them (reference §4.1–4.6, G12.5 p.42–47).
//!
//! Everything here is a plain function of (deployment, current state, request) so that each
//! row of the guide's tables is one unit-tested case.

use super::errors::{ApiFailure, CtiError};
use finesse_protocol::Deployment;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AgentState {
    Logout,
    NotReady,
    Ready,
    Reserved,
    ReservedOutbound,
    ReservedOutboundPreview,
    Talking,
    Hold,
    Work,
    WorkReady,
}

impl AgentState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AgentState::Logout => "LOGOUT",
            AgentState::NotReady => "NOT_READY",
            AgentState::Ready => "READY",
            AgentState::Reserved => "RESERVED",
            AgentState::ReservedOutbound => "RESERVED_OUTBOUND",
            AgentState::ReservedOutboundPreview => "RESERVED_OUTBOUND_PREVIEW",
            AgentState::Talking => "TALKING",
            AgentState::Hold => "HOLD",
            AgentState::Work => "WORK",
            AgentState::WorkReady => "WORK_READY",
        }
    }
}

/// The states a client may ask for through `PUT /User/{id}` (G12.5 p.45–46).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Requested {
    Login,
    Ready,
    NotReady,
    Logout,
}

impl Requested {
    pub(crate) fn parse(s: &str) -> Option<Requested> {
        match s {
            "LOGIN" => Some(Requested::Login),
            "READY" => Some(Requested::Ready),
            "NOT_READY" => Some(Requested::NotReady),
            "LOGOUT" => Some(Requested::Logout),
            _ => None,
        }
    }
}

/// What the CTI side does with an accepted request once it is processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transition {
    To(AgentState),
    Unchanged,
    Rejected(CtiError),
}

/// The real capture of READY for a signed-out agent (reference §3.4, PKG).
pub(crate) const CF_INVALID_OBJECT_STATE: CtiError =
    CtiError::new("Invalid State", "22", "CF_INVALID_OBJECT_STATE");
/// LOGOUT → NOT_READY on CCE (reference §4.5).
pub(crate) const CCE_LOGOUT_TO_NOT_READY: CtiError =
    CtiError::new("Invalid State", "257", "CF_INVALID_PASSWORD_SPECIFIED");
/// LOGOUT → NOT_READY on CCX (reference §4.5).
pub(crate) const CCX_LOGOUT_TO_NOT_READY: CtiError =
    CtiError::new("Invalid State", "1010", "CF_INVALID_PARAMETER");

/// A CCX agent trying to leave RESERVED_OUTBOUND (reference §4.4: async Internal Server
/// Error; no CTI code is given).
pub(crate) const CCX_LEAVE_RESERVED_OUTBOUND: CtiError = CtiError::new(
    "Internal Server Error",
    "",
    "The agent cannot leave RESERVED_OUTBOUND",
);

/// Synchronous checks of an agent's request on its own User (reference §3.5): the only
/// documented one is LOGOUT while already signed out, answered 400 Invalid State.
pub(crate) fn check_own_request(
    current: AgentState,
    requested: Requested,
) -> Result<(), ApiFailure> {
    if current == AgentState::Logout && requested == Requested::Logout {
        return Err(ApiFailure::invalid_state(
            "state",
            "The user is already signed out",
        ));
    }
    Ok(())
}

/// The outcome of an agent's own request, per the UCCE (§4.2) and UCCX (§4.3) tables.
///
/// `cce_logout_from_ready` is the `cce-logout-from-ready` deviation: it lifts the CCE rule
/// that sign-out is only possible from NOT_READY.
pub(crate) fn own_transition(
    dep: Deployment,
    from: AgentState,
    requested: Requested,
    cce_logout_from_ready: bool,
) -> Transition {
    use AgentState as S;
    match (requested, from) {
        (Requested::Login, S::Logout) => Transition::To(S::NotReady),
        (Requested::Login, _) => Transition::Unchanged,
        (Requested::Ready, S::NotReady | S::Work | S::WorkReady) => Transition::To(S::Ready),
        (Requested::Ready, S::Ready) => Transition::Unchanged,
        (Requested::NotReady, S::Ready | S::NotReady | S::Work | S::WorkReady) => {
            Transition::To(S::NotReady)
        }
        (Requested::NotReady, S::Logout) => Transition::Rejected(match dep {
            Deployment::Ucce => CCE_LOGOUT_TO_NOT_READY,
            Deployment::Uccx => CCX_LOGOUT_TO_NOT_READY,
        }),
        (Requested::Logout, S::NotReady) => Transition::To(S::Logout),
        // CCE signs out only from NOT_READY; CCX also from READY (§4.2, §4.3).
        (Requested::Logout, S::Ready) => match dep {
            Deployment::Uccx => Transition::To(S::Logout),
            Deployment::Ucce if cce_logout_from_ready => Transition::To(S::Logout),
            // The CTI code for this rejection is not documented; the mock reuses 22.
            Deployment::Ucce => Transition::Rejected(CF_INVALID_OBJECT_STATE),
        },
        (Requested::Logout, S::Logout) => Transition::Unchanged,
        // A progressive or predictive reservation: a CCE agent may leave it for READY or
        // NOT_READY; a CCX agent cannot (§4.4).
        (Requested::Ready | Requested::NotReady, S::ReservedOutbound) => match dep {
            Deployment::Ucce if requested == Requested::Ready => Transition::To(S::Ready),
            Deployment::Ucce => Transition::To(S::NotReady),
            Deployment::Uccx => Transition::Rejected(CCX_LEAVE_RESERVED_OUTBOUND),
        },
        // Call-related states (TALKING, HOLD, RESERVED…): the model turns a request made
        // during a call into a pending state before it gets here (calls.rs); anything else
        // in those states is rejected by CTI.
        _ => Transition::Rejected(CF_INVALID_OBJECT_STATE),
    }
}

/// States from which a supervisor may sign a team member out (G12.5 p.47).
const SUPERVISOR_LOGOUT_FROM: [AgentState; 9] = [
    AgentState::Ready,
    AgentState::NotReady,
    AgentState::Reserved,
    AgentState::ReservedOutbound,
    AgentState::ReservedOutboundPreview,
    AgentState::Talking,
    AgentState::Hold,
    AgentState::Work,
    AgentState::WorkReady,
];

/// States from which a supervisor may force NOT_READY (G12.5 p.47).
const SUPERVISOR_NOT_READY_FROM: [AgentState; 3] =
    [AgentState::Ready, AgentState::Work, AgentState::WorkReady];

/// The supervisor rules of G12.5 p.47, checked synchronously. The team rule is checked by
/// the caller (it needs the directory). `requested` is None for a state outside
/// LOGIN/READY/NOT_READY/LOGOUT, which a supervisor may never set.
pub(crate) fn check_supervisor_request(
    target: AgentState,
    requested: Option<Requested>,
    with_reason: bool,
) -> Result<(), ApiFailure> {
    let requested = match requested {
        Some(r @ (Requested::Ready | Requested::NotReady | Requested::Logout)) => r,
        _ => {
            return Err(ApiFailure::invalid_state(
                "state",
                "A supervisor may only set NOT_READY, READY or LOGOUT",
            ));
        }
    };
    if with_reason {
        // A supervisor must not pass a reason code (p.47: 400 Invalid Input); ErrorData
        // finesse.api.reasoncode.not_allowed is what reference §4.6 reports in practice.
        return Err(ApiFailure::reason_code_not_allowed());
    }
    match requested {
        Requested::Logout if !SUPERVISOR_LOGOUT_FROM.contains(&target) => {
            Err(ApiFailure::invalid_state(
                "state",
                format!(
                    "A supervisor cannot sign out a user in {} state",
                    target.as_str()
                ),
            ))
        }
        Requested::NotReady if !SUPERVISOR_NOT_READY_FROM.contains(&target) => {
            Err(ApiFailure::invalid_state(
                "state",
                format!(
                    "A supervisor cannot set NOT_READY for a user in {} state",
                    target.as_str()
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// Deviation switches that lift one supervisor rule each (p.47).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SupervisorLifts {
    pub reason_with_not_ready: bool,
    pub reason_with_others: bool,
    pub logout_from_any: bool,
    pub not_ready_from_any: bool,
}

/// [`check_supervisor_request`] with rules lifted by deviations.
pub(crate) fn check_supervisor_request_with(
    target: AgentState,
    requested: Option<Requested>,
    with_reason: bool,
    lifts: SupervisorLifts,
) -> Result<(), ApiFailure> {
    let reason_lifted = match requested {
        Some(Requested::NotReady) => lifts.reason_with_not_ready,
        _ => lifts.reason_with_others,
    };
    let from_lifted = match requested {
        Some(Requested::Logout) => lifts.logout_from_any,
        Some(Requested::NotReady) => lifts.not_ready_from_any,
        _ => false,
    };
    match check_supervisor_request(target, requested, with_reason && !reason_lifted) {
        Err(e) if from_lifted && e.error_type == "Invalid State" && requested.is_some() => Ok(()),
        other => other,
    }
}

/// The outcome of a supervisor's accepted request on a team member.
pub(crate) fn supervisor_transition(
    dep: Deployment,
    from: AgentState,
    requested: Requested,
) -> Transition {
    match requested {
        Requested::Logout if SUPERVISOR_LOGOUT_FROM.contains(&from) => {
            Transition::To(AgentState::Logout)
        }
        Requested::NotReady if SUPERVISOR_NOT_READY_FROM.contains(&from) => {
            Transition::To(AgentState::NotReady)
        }
        // READY has no supervisor-specific rule; it follows the agent's table.
        _ => own_transition(dep, from, requested, false),
    }
}

/// The hard-coded reason code of a supervisor-forced NOT_READY (reference §4.5).
pub(crate) fn supervisor_not_ready_code(dep: Deployment) -> &'static str {
    match dep {
        Deployment::Ucce => "999",
        Deployment::Uccx => "33",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgentState as S;
    use Deployment::{Ucce, Uccx};
    use Requested as R;
    use Transition::{Rejected, To, Unchanged};

    #[test]
    fn only_the_four_requestable_states_parse() {
        assert_eq!(Requested::parse("NOT_READY"), Some(Requested::NotReady));
        assert_eq!(Requested::parse("ready"), None);
        assert_eq!(Requested::parse("TALKING"), None);
    }

    /// The UCCE (§4.2) and UCCX (§4.3) tables, row by row: (platforms, from, requested,
    /// cce-logout-from-ready, outcome).
    const OWN_TRANSITIONS: &[(&[Deployment], AgentState, Requested, bool, Transition)] = &[
        // Sign-in leads to NOT_READY; signed in already, nothing changes.
        (BOTH, S::Logout, R::Login, false, To(S::NotReady)),
        (BOTH, S::Ready, R::Login, false, Unchanged),
        // READY and NOT_READY toggle; NOT_READY → NOT_READY changes the reason code (§4.2).
        (BOTH, S::NotReady, R::Ready, false, To(S::Ready)),
        (BOTH, S::Ready, R::NotReady, false, To(S::NotReady)),
        (BOTH, S::NotReady, R::NotReady, false, To(S::NotReady)),
        (BOTH, S::Work, R::Ready, false, To(S::Ready)),
        (BOTH, S::WorkReady, R::NotReady, false, To(S::NotReady)),
        // CCE signs out only from NOT_READY, CCX also from READY; the deviation lifts
        // exactly the CCE rule.
        (BOTH, S::NotReady, R::Logout, false, To(S::Logout)),
        (
            &[Ucce],
            S::Ready,
            R::Logout,
            false,
            Rejected(CF_INVALID_OBJECT_STATE),
        ),
        (&[Uccx], S::Ready, R::Logout, false, To(S::Logout)),
        (&[Ucce], S::Ready, R::Logout, true, To(S::Logout)),
        // NOT_READY while signed out fails with the platform's CTI code.
        (
            &[Ucce],
            S::Logout,
            R::NotReady,
            false,
            Rejected(CCE_LOGOUT_TO_NOT_READY),
        ),
        (
            &[Uccx],
            S::Logout,
            R::NotReady,
            false,
            Rejected(CCX_LOGOUT_TO_NOT_READY),
        ),
        // READY while signed out is rejected.
        (
            BOTH,
            S::Logout,
            R::Ready,
            false,
            Rejected(CF_INVALID_OBJECT_STATE),
        ),
    ];
    const BOTH: &[Deployment] = &[Ucce, Uccx];

    #[test]
    fn own_requests_follow_the_platform_tables() {
        for &(deps, from, requested, lifted, expected) in OWN_TRANSITIONS {
            for &dep in deps {
                assert_eq!(
                    own_transition(dep, from, requested, lifted),
                    expected,
                    "{dep}: {from:?} + {requested:?} (deviation {lifted})"
                );
            }
        }
    }

    #[test]
    fn the_logout_to_not_ready_codes_are_the_platforms() {
        assert_eq!(CCE_LOGOUT_TO_NOT_READY.code, "257");
        assert_eq!(CCX_LOGOUT_TO_NOT_READY.code, "1010");
    }

    #[test]
    fn logout_while_signed_out_is_a_synchronous_invalid_state() {
        let err = check_own_request(S::Logout, Requested::Logout).expect_err("LOGOUT→LOGOUT");
        assert_eq!(
            (err.status, err.error_type.as_str()),
            (400, "Invalid State")
        );
        assert!(check_own_request(S::NotReady, Requested::Logout).is_ok());
        assert!(check_own_request(S::Logout, Requested::Login).is_ok());
    }

    #[test]
    fn supervisor_may_set_only_ready_not_ready_and_logout() {
        for bad in [None, Some(Requested::Login)] {
            let err = check_supervisor_request(S::Ready, bad, false).expect_err("other states");
            assert_eq!(
                (err.status, err.error_type.as_str()),
                (400, "Invalid State")
            );
        }
        for ok in [Requested::Ready, Requested::Logout] {
            assert!(check_supervisor_request(S::NotReady, Some(ok), false).is_ok());
        }
    }

    #[test]
    fn supervisor_must_not_pass_a_reason_code() {
        let err = check_supervisor_request(S::Ready, Some(Requested::NotReady), true)
            .expect_err("reason");
        assert_eq!(err.status, 400);
        assert_eq!(err.error_type, "Invalid Input");
        assert_eq!(
            err.data.as_deref(),
            Some("finesse.api.reasoncode.not_allowed")
        );
    }

    #[test]
    fn supervisor_logout_is_allowed_from_the_listed_states_only() {
        for s in SUPERVISOR_LOGOUT_FROM {
            assert!(
                check_supervisor_request(s, Some(Requested::Logout), false).is_ok(),
                "{s:?}"
            );
            assert_eq!(
                supervisor_transition(Ucce, s, Requested::Logout),
                Transition::To(S::Logout)
            );
        }
        let err = check_supervisor_request(S::Logout, Some(Requested::Logout), false)
            .expect_err("not listed");
        assert_eq!(err.error_type, "Invalid State");
    }

    #[test]
    fn supervisor_not_ready_is_allowed_from_ready_work_and_work_ready_only() {
        for s in [S::Ready, S::Work, S::WorkReady] {
            assert!(check_supervisor_request(s, Some(Requested::NotReady), false).is_ok());
            assert_eq!(
                supervisor_transition(Uccx, s, Requested::NotReady),
                Transition::To(S::NotReady)
            );
        }
        for s in [S::NotReady, S::Logout, S::Talking, S::Hold, S::Reserved] {
            let err = check_supervisor_request(s, Some(Requested::NotReady), false)
                .expect_err("not allowed");
            assert_eq!(err.error_type, "Invalid State", "{s:?}");
        }
    }

    #[test]
    fn supervisor_forced_not_ready_codes_differ_by_platform() {
        assert_eq!(supervisor_not_ready_code(Ucce), "999");
        assert_eq!(supervisor_not_ready_code(Uccx), "33");
    }

    #[test]
    fn supervisor_ready_follows_the_agent_table() {
        assert_eq!(
            supervisor_transition(Ucce, S::NotReady, Requested::Ready),
            Transition::To(S::Ready)
        );
        assert!(matches!(
            supervisor_transition(Ucce, S::Logout, Requested::Ready),
            Transition::Rejected(_)
        ));
    }
}
