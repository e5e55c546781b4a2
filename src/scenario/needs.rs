//! What a scenario needs from the target, read from its step texts: which test identities
//! (so they can be leased up front, in one order, without deadlock) and which test data.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::faults::{self, DialerAction};
use crate::profile::{CodeSet, Profile};

/// A reason code of the profile's test data: (category, kind), e.g. ("NOT_READY", "team").
pub(crate) type CodeRef = (String, String);

static CODE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(team|global|system|other team's) (NOT_READY|LOGOUT) reason code").ok()
});

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Needs {
    /// Agents of team A: "the agent" and "the second agent".
    pub(crate) agents: usize,
    /// Supervisors of that team: "the supervisor" and "the second supervisor".
    pub(crate) supervisors: usize,
    pub(crate) other_team_agent: bool,
    pub(crate) codes: BTreeSet<CodeRef>,
    pub(crate) mrd: bool,
    /// A dialled number that routes to a READY agent.
    pub(crate) icd_number: bool,
    /// A phone that exists but is out of service.
    pub(crate) out_of_service_device: bool,
    /// The hook must place preview reservations (Outbound Option, or Direct Preview).
    pub(crate) preview: bool,
    pub(crate) direct_preview: bool,
    /// The hook must fill the conference bridge.
    pub(crate) bridge: bool,
    /// The hook must place progressive reservations.
    pub(crate) progressive: bool,
    /// The profile's administrator (users.admin).
    pub(crate) admin: bool,
    /// An agent with wrap-up, and its timer.
    pub(crate) wrap_up_agent: bool,
    /// A mobile agent (users.mobile_agents) and the number to dial.
    pub(crate) mobile_agent: bool,
    /// A mobile-agent sign-in by anyone: the number to dial.
    pub(crate) mobile_dial_number: bool,
    /// A wrap-up reason the agents may apply (test_data.wrap_up_reason).
    pub(crate) wrap_up_reason: bool,
    /// The scenario checks notifications: its users are connected before it acts.
    pub(crate) notifications: bool,
    /// The hook must take Finesse out of service and back.
    pub(crate) out_of_service: bool,
    /// The hook must stop the Notification Service and start it again.
    pub(crate) notification_service_down: bool,
    /// The hook must put Finesse in PARTIAL_SERVICE and back.
    pub(crate) partial_service: bool,
    /// The hook must make Finesse answer one of its 500 kinds, and clear it.
    pub(crate) db_runtime_exception: bool,
    pub(crate) runtime_exception: bool,
    pub(crate) aws_unavailable: bool,
    /// An agent who signs in with an SSO access token (the Single Sign-On APIs).
    pub(crate) sso_agent: bool,
}

impl Needs {
    pub(crate) fn of_steps<'a>(steps: impl IntoIterator<Item = &'a str>) -> Needs {
        let mut n = Needs::default();
        for s in steps {
            if s.contains("the second agent") {
                n.agents = 2;
            } else if s.contains("the agent") || s.contains("the agent's") {
                n.agents = n.agents.max(1);
            }
            if s.contains("the second supervisor") {
                n.supervisors = 2;
            } else if s.contains("the supervisor") {
                n.supervisors = n.supervisors.max(1);
            }
            n.icd_number |= s.contains("ICD call") || s.contains("ICD number");
            n.out_of_service_device |= s.contains("out-of-service phone");
            n.direct_preview |= s.contains("Direct Preview reservation");
            n.preview |= s.contains("outbound preview reservation");
            n.bridge |= s.contains("conference bridge is full");
            n.admin |= s.contains("the administrator");
            n.progressive |= s.contains("progressive reservation");
            n.wrap_up_agent |= s.contains("the wrap-up agent");
            n.wrap_up_reason |= s.contains("test wrap-up reason");
            n.mobile_agent |= s.contains("the mobile agent");
            n.mobile_dial_number |= s.contains("signs in as a mobile agent");
            n.other_team_agent |= s.contains("the other-team agent");
            n.mrd |= s.contains("media") || s.contains("Media notification");
            n.out_of_service |= s.contains("out of service") || s.contains("back in service");
            n.notification_service_down |= s.contains("Notification Service is");
            n.partial_service |= s.contains("partial service");
            n.db_runtime_exception |= s.contains("database runtime exception");
            n.runtime_exception |= s.contains("meets a runtime exception");
            n.aws_unavailable |= s.contains("AWS services are unavailable");
            n.sso_agent |= s.contains("SSO access token");
            n.notifications |= s.contains("notification")
                || s.contains("asynchronous error")
                || s.contains("subscribes to");
            if let Some(re) = CODE.as_ref() {
                for c in re.captures_iter(s) {
                    n.codes.insert((c[2].to_string(), c[1].to_string()));
                }
            }
        }
        n
    }

    /// Why the profile cannot serve this scenario, if it cannot.
    pub(crate) fn unmet(&self, p: &Profile) -> Option<String> {
        let u = &p.users;
        if u.agents.len() < self.agents {
            return Some(format!(
                "needs {} agents on one team; the profile lists {} (users.agents)",
                self.agents,
                u.agents.len()
            ));
        }
        if u.supervisors.len() < self.supervisors {
            let n = self.supervisors;
            return Some(format!(
                "needs {n} supervisors of the agents' team; the profile lists {} (users.supervisors)",
                u.supervisors.len()
            ));
        }
        if self.wrap_up_agent
            && (u.wrap_up_agents.is_empty() || p.test_data.wrap_up_timer.is_none())
        {
            return Some("needs an agent with wrap-up (users.wrap_up_agents) and its timer (test_data.wrap_up_timer)".into());
        }
        if self.mobile_agent
            && (u.mobile_agents.is_empty() || p.test_data.mobile_agent_dial_number.is_none())
        {
            return Some("needs an agent configured as a mobile agent (users.mobile_agents) and the number to dial (test_data.mobile_agent_dial_number)".into());
        }
        if self.mobile_dial_number && p.test_data.mobile_agent_dial_number.is_none() {
            return Some(
                "needs the number to dial for a mobile agent (test_data.mobile_agent_dial_number)"
                    .into(),
            );
        }
        if self.wrap_up_reason && p.test_data.wrap_up_reason.is_none() {
            return Some(
                "needs a wrap-up reason the agents may apply (test_data.wrap_up_reason)".into(),
            );
        }
        if self.sso_agent
            && !u
                .agents
                .iter()
                .any(|a| matches!(a.auth, crate::profile::Auth::Token(_)))
        {
            return Some("needs an agent who signs in with an SSO access token (users.agents[i].token or token_command); the profile's agents sign in with passwords, as on a Finesse without single sign-on".into());
        }
        if self.admin && u.admin.is_none() {
            return Some("needs an administrator (users.admin)".into());
        }
        if self.other_team_agent && u.other_team_agents.is_empty() {
            return Some("needs an agent on another team (users.other_team_agents)".into());
        }
        if self.mrd && p.test_data.mrd.is_none() {
            return Some("needs a media routing domain (test_data.mrd)".into());
        }
        if self.icd_number && p.test_data.icd_number.is_none() {
            return Some(
                "needs a dialled number that routes to the agents' team (test_data.icd_number)"
                    .into(),
            );
        }
        if self.out_of_service_device && p.test_data.out_of_service_device.is_none() {
            return Some(
                "needs a phone that exists but is out of service (test_data.out_of_service_device)"
                    .into(),
            );
        }
        let hook = p.capabilities.fault_injection.as_ref();
        for (needed, action, kind) in [
            (
                self.preview,
                DialerAction::Preview { direct: false },
                "preview",
            ),
            (
                self.direct_preview,
                DialerAction::Preview { direct: true },
                "preview",
            ),
            (self.progressive, DialerAction::Progressive, "progressive"),
        ] {
            let can =
                |h| faults::can_dial(h, action) && faults::can_dial(h, DialerAction::Withdraw);
            if needed && !hook.is_some_and(can) {
                return Some(format!(
                    "needs a hook that places and withdraws {kind} reservations (capabilities.fault_injection.commands.{} and {})",
                    action.key(),
                    DialerAction::Withdraw.key()
                ));
            }
        }
        if self.partial_service
            && !hook.is_some_and(|h| faults::can(h, faults::Fault::PartialService))
        {
            return Some("needs a hook that puts Finesse in partial service and back (capabilities.fault_injection.commands.partial_service and full_service)".into());
        }
        for (needed, fault, what, keys) in [
            (
                self.db_runtime_exception,
                faults::Fault::DbRuntimeException,
                "makes Finesse's database requests fail",
                "db_runtime_exception and db_runtime_exception_clear",
            ),
            (
                self.runtime_exception,
                faults::Fault::RuntimeException,
                "makes Finesse meet a runtime exception",
                "runtime_exception and runtime_exception_clear",
            ),
            (
                self.aws_unavailable,
                faults::Fault::AwsUnavailable,
                "makes the AWS services Finesse uses unavailable",
                "aws_unavailable and aws_available",
            ),
        ] {
            if needed && !hook.is_some_and(|h| faults::can(h, fault)) {
                return Some(format!(
                    "needs a hook that {what} and back (capabilities.fault_injection.commands.{keys})"
                ));
            }
        }
        if self.bridge && !hook.is_some_and(|h| faults::can(h, faults::Fault::BridgeFull)) {
            return Some("needs a hook that fills the conference bridge (capabilities.fault_injection.commands.conference_bridge_full and _free)".into());
        }
        for (cat, kind) in &self.codes {
            if code_id(p, cat, kind).is_none() {
                let key = if kind == "other team's" {
                    "other_team"
                } else {
                    kind.as_str()
                };
                return Some(format!(
                    "needs test_data.reason_codes.{cat}.{key}, which the profile does not set"
                ));
            }
        }
        None
    }
}

/// The database id of a test-data reason code.
pub(crate) fn code_id<'p>(p: &'p Profile, category: &str, kind: &str) -> Option<&'p str> {
    let set: &CodeSet = match category {
        "NOT_READY" => &p.test_data.reason_codes.not_ready,
        "LOGOUT" => &p.test_data.reason_codes.logout,
        _ => return None,
    };
    match kind {
        "team" => set.team.as_deref(),
        "global" => set.global.as_deref(),
        "system" => set.system.as_deref(),
        "other team's" | "other_team" => set.other_team.as_deref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_codes_are_read_from_step_texts() {
        let n = Needs::of_steps([
            "the second agent is NOT_READY",
            "the supervisor sets the agent's state to NOT_READY with the team NOT_READY reason code",
            "the list does not hold the other team's LOGOUT reason code",
        ]);
        assert_eq!((n.agents, n.supervisors), (2, 1));
        assert!(!n.other_team_agent && !n.mrd);
        let codes: Vec<_> = n.codes.iter().map(|(c, k)| format!("{c}/{k}")).collect();
        assert_eq!(codes, ["LOGOUT/other team's", "NOT_READY/team"]);
        let m = Needs::of_steps(["the other-team agent is READY in the media routing domain"]);
        assert_eq!((m.agents, m.other_team_agent, m.mrd), (0, true, true));
        let c = Needs::of_steps([
            "the agent is on an ICD call from the second agent",
            "the second supervisor barges in",
            "the conference bridge is full",
        ]);
        assert_eq!(
            (c.agents, c.supervisors, c.icd_number, c.bridge),
            (2, 2, true, true)
        );
        let m = Needs::of_steps([
            "the mobile agent signs in as a mobile agent in mode CALL_BY_CALL",
            "the agent reads their test wrap-up reason",
        ]);
        assert_eq!(
            (
                m.agents,
                m.mobile_agent,
                m.mobile_dial_number,
                m.wrap_up_reason
            ),
            (1, true, true, true)
        );
        let a = Needs::of_steps(["the agent signs in as a mobile agent in mode CALL_BY_CALL"]);
        assert_eq!(
            (a.agents, a.mobile_agent, a.mobile_dial_number),
            (1, false, true)
        );
    }

    #[test]
    fn mobile_agent_and_wrap_up_scenarios_say_which_profile_keys_they_miss() {
        let p = Profile::for_tests(crate::profile::Users {
            agents: vec![crate::profile::Identity::for_tests("a")],
            ..Default::default()
        });
        let why = |steps: &[&str]| Needs::of_steps(steps.iter().copied()).unmet(&p);
        let mobile = why(&["the mobile agent is LOGOUT"]).expect("no mobile agents");
        assert!(mobile.contains("users.mobile_agents"), "{mobile}");
        let dial = why(&["the agent signs in as a mobile agent in mode CALL_BY_CALL"])
            .expect("no dial number");
        assert!(
            dial.contains("test_data.mobile_agent_dial_number"),
            "{dial}"
        );
        let wrap = why(&["the agent reads their test wrap-up reason"]).expect("no reason");
        assert!(wrap.contains("test_data.wrap_up_reason"), "{wrap}");
    }
}
