//! Signing in as a mobile agent (G12.5 p.30–32, DEV/user—sign-in-as-a-mobile-agent): a
//! LOGIN with the extension and a `<mobileAgent>` holding the connection mode and the number
//! the system dials to reach the agent.
//!
//! Synchronous checks (p.32): a missing mode or dialNumber is 400 Parameter Missing; a mode
//! other than CALL_BY_CALL or NAILED_CONNECTION is 400 Invalid Input. Once processed, on
//! Unified CCE an agent who is not configured as a mobile agent is refused asynchronously
//! as Mode Not Allowed (p.32's asynchronous errors). Unified Mobile Agent is a CCE feature:
//! what a UCCX Finesse does with the request is not documented, and the mock refuses it the
//! same way, as if no UCCX agent were configured for it (README, mock fidelity). While signed
//! in this way the User shows `<mobileAgent>` (DEV/user; User—Get User).

use super::Finesse;
use super::agent_state::AgentState;
use super::errors::{ApiFailure, CtiError};
use crate::deviations::Deviation;
use crate::documents::MobileAgentRequest;
use finesse_protocol::Deployment;

/// The connection modes (p.31; the JavaScript library's User.WorkMode).
const MODES: [&str; 2] = ["CALL_BY_CALL", "NAILED_CONNECTION"];

/// The mobile-agent part of an accepted sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MobileAgent {
    pub mode: String,
    pub dial_number: String,
}

/// Deviation switches that lift one check each.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lifts {
    /// Accept a missing mode or dialNumber.
    pub missing: bool,
    /// Accept any mode.
    pub any_mode: bool,
}

/// Checks a sign-in's `<mobileAgent>` (p.31–32).
pub(crate) fn check(req: &MobileAgentRequest, lifts: Lifts) -> Result<MobileAgent, ApiFailure> {
    let value = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (mode, dial_number) = match (value(&req.mode), value(&req.dial_number)) {
        (Some(m), Some(d)) => (m, d),
        (m, d) if lifts.missing => (m.unwrap_or_default(), d.unwrap_or_default()),
        (None, _) => return Err(ApiFailure::parameter_missing("mode")),
        (_, None) => return Err(ApiFailure::parameter_missing("dialNumber")),
    };
    if !MODES.contains(&mode.as_str()) && !lifts.any_mode && !mode.is_empty() {
        return Err(ApiFailure::invalid_input(
            "mode",
            format!("Invalid mobile agent mode {mode}"),
        ));
    }
    Ok(MobileAgent { mode, dial_number })
}

/// The asynchronous refusal of an agent not configured as a mobile agent. p.32 names only
/// the errorType; the CTI code and constant are not documented, so the mock sends none of
/// its own invention: errorData empty and a plain message (README, mock fidelity).
pub(crate) const MODE_NOT_ALLOWED: CtiError = CtiError::new(
    "Mode Not Allowed",
    "",
    "The agent is not configured as a mobile agent",
);

impl Finesse {
    /// Whether `user` may sign in as a mobile agent once the request is processed: a CCE
    /// agent the fixture configures as one.
    pub(super) fn may_sign_in_mobile(&self, user: &str) -> bool {
        let configured = self.dir.user(user).is_some_and(|u| u.mobile_agent);
        (configured && self.deployment == Deployment::Ucce)
            || self.dev(Deviation::UnconfiguredMobileAgentSignsIn)
    }

    /// The `<mobileAgent>` a User shows: while signed in after a mobile-agent sign-in.
    pub(super) fn mobile_agent_of(&self, user: &str) -> Option<(String, String)> {
        let signed_in = self
            .voice
            .get(user)
            .is_some_and(|v| v.state != AgentState::Logout);
        if !signed_in || self.dev(Deviation::MobileAgentNotShown) {
            return None;
        }
        self.mobile_agents
            .get(user)
            .map(|m| (m.mode.clone(), m.dial_number.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(mode: Option<&str>, dial: Option<&str>) -> MobileAgentRequest {
        MobileAgentRequest {
            mode: mode.map(str::to_string),
            dial_number: dial.map(str::to_string),
        }
    }

    #[test]
    fn both_modes_with_a_dial_number_are_accepted() {
        for mode in MODES {
            let m = check(&req(Some(mode), Some(" 4085551234 ")), Lifts::default()).expect("valid");
            assert_eq!(
                (m.mode.as_str(), m.dial_number.as_str()),
                (mode, "4085551234")
            );
        }
    }

    #[test]
    fn a_missing_mode_or_dial_number_is_a_missing_parameter() {
        for (r, field) in [
            (req(None, Some("4085551234")), "mode"),
            (req(Some("CALL_BY_CALL"), None), "dialNumber"),
            (req(Some(" "), Some("4085551234")), "mode"),
        ] {
            let e = check(&r, Lifts::default()).expect_err(field);
            assert_eq!(
                (e.status, e.error_type.as_str(), e.data.as_deref()),
                (400, "Parameter Missing", Some(field))
            );
        }
    }

    #[test]
    fn another_mode_is_invalid_input() {
        let e = check(&req(Some("BICYCLE"), Some("1")), Lifts::default()).expect_err("mode");
        assert_eq!((e.status, e.error_type.as_str()), (400, "Invalid Input"));
    }

    use super::super::test_support::{Lab, ext};
    use crate::documents::UserUpdate;

    /// The embedded fixture's mobile agent and an ordinary agent.
    const MOBILE: &str = "1301";
    const ORDINARY: &str = "1001";

    fn mobile_login(id: &str, mode: &str) -> Result<UserUpdate, String> {
        Ok(UserUpdate {
            state: Some("LOGIN".into()),
            extension: Some(ext(id)),
            mobile_agent: Some(req(Some(mode), Some("4085551234"))),
            ..Default::default()
        })
    }

    fn shown(lab: &mut Lab, id: &str) -> Option<(String, String)> {
        lab.m
            .get_user(Some(&super::super::test_support::who(id)), id, lab.now)
            .expect("user")
            .mobile_agent
    }

    #[test]
    fn a_configured_cce_agent_signs_in_and_shows_its_mode_until_it_signs_out() {
        let mut lab = Lab::new(Deployment::Ucce);
        lab.put_user(MOBILE, MOBILE, mobile_login(MOBILE, "NAILED_CONNECTION"))
            .expect("accepted");
        lab.tick();
        assert_eq!(lab.state(MOBILE), "NOT_READY");
        assert_eq!(
            shown(&mut lab, MOBILE),
            Some(("NAILED_CONNECTION".into(), "4085551234".into()))
        );
        lab.set(MOBILE, "LOGOUT");
        lab.tick();
        assert_eq!(lab.state(MOBILE), "LOGOUT");
        assert_eq!(shown(&mut lab, MOBILE), None);
        // A plain sign-in afterwards is no mobile one.
        lab.set(MOBILE, "LOGIN");
        lab.tick();
        assert_eq!(shown(&mut lab, MOBILE), None);
        lab.dev(Deviation::MobileAgentNotShown, true);
        lab.put_user(MOBILE, MOBILE, mobile_login(MOBILE, "CALL_BY_CALL"))
            .expect("accepted");
        lab.tick();
        assert_eq!(shown(&mut lab, MOBILE), None);
    }

    #[test]
    fn an_agent_not_configured_is_refused_asynchronously_as_mode_not_allowed() {
        for dep in [Deployment::Ucce, Deployment::Uccx] {
            // On UCCX even a configured agent is refused (the feature is CCE's).
            for id in [ORDINARY, MOBILE]
                .into_iter()
                .take(if dep == Deployment::Uccx { 2 } else { 1 })
            {
                let mut lab = Lab::new(dep);
                lab.put_user(id, id, mobile_login(id, "CALL_BY_CALL"))
                    .expect("accepted");
                lab.tick();
                assert_eq!(lab.state(id), "LOGOUT", "{dep} {id}");
                let e = lab.m.async_errors().last().expect("an asynchronous error");
                assert_eq!(e.error_type, "Mode Not Allowed", "{dep} {id}");
            }
        }
        let mut lab = Lab::new(Deployment::Ucce);
        lab.dev(Deviation::UnconfiguredMobileAgentSignsIn, true);
        lab.put_user(ORDINARY, ORDINARY, mobile_login(ORDINARY, "CALL_BY_CALL"))
            .expect("accepted");
        lab.tick();
        assert_eq!(lab.state(ORDINARY), "NOT_READY");
    }

    #[test]
    fn the_synchronous_checks_refuse_before_anything_is_queued() {
        let mut lab = Lab::new(Deployment::Ucce);
        let e = lab
            .put_user(MOBILE, MOBILE, mobile_login(MOBILE, "BY_CARRIER_PIGEON"))
            .expect_err("invalid mode");
        assert_eq!((e.status, e.error_type.as_str()), (400, "Invalid Input"));
        lab.tick();
        assert_eq!(lab.state(MOBILE), "LOGOUT");
        lab.dev(Deviation::MobileAgentInvalidModeAccepted, true);
        assert!(
            lab.put_user(MOBILE, MOBILE, mobile_login(MOBILE, "BY_CARRIER_PIGEON"))
                .is_ok()
        );
        let mut lab = Lab::new(Deployment::Ucce);
        let mut body = mobile_login(MOBILE, "CALL_BY_CALL").expect("body");
        body.mobile_agent = Some(req(Some("CALL_BY_CALL"), None));
        let e = lab
            .put_user(MOBILE, MOBILE, Ok(body.clone()))
            .expect_err("no dial number");
        assert_eq!(e.error_type, "Parameter Missing");
        lab.dev(Deviation::MobileAgentParameterMissingAccepted, true);
        assert!(lab.put_user(MOBILE, MOBILE, Ok(body)).is_ok());
    }

    #[test]
    fn each_lift_breaks_its_check() {
        let missing = Lifts {
            missing: true,
            ..Lifts::default()
        };
        assert!(check(&req(None, None), missing).is_ok());
        let any = Lifts {
            any_mode: true,
            ..Lifts::default()
        };
        assert_eq!(
            check(&req(Some("BICYCLE"), Some("1")), any)
                .expect("any mode")
                .mode,
            "BICYCLE"
        );
    }
}
