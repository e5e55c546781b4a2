//! Named deviations: switches that make the mock break one documented rule each, so that
//! the project's own tests can prove that the scenarios about that rule fail.
//! A deviation is consulted inside the model, at the rule, never by rewriting responses.

use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Deviation {
    StateChangeReturns200,
    MissingStateAccepted,
    CceLogoutFromReady,
    SupervisorAnyTeam,
    SupervisorNotReadyWithoutHardcodedCode,
    SystemReasonCodeAllowed,
    OtherTeamReasonCodeAllowed,
    UnknownMrdReturns400,
    MediaOwnershipNotChecked,
    MediaSignInParametersUnchecked,
    OutOfServiceIgnored,
    BargeWithoutMonitoring,
    BargeAnyTeam,
    BargeBridgeUnlimited,
    BargeViaNonController,
    BargeOnHold,
    BargeWithOutstandingConsult,
}

impl Deviation {
    pub const ALL: [Deviation; 17] = [
        Deviation::StateChangeReturns200,
        Deviation::MissingStateAccepted,
        Deviation::CceLogoutFromReady,
        Deviation::SupervisorAnyTeam,
        Deviation::SupervisorNotReadyWithoutHardcodedCode,
        Deviation::SystemReasonCodeAllowed,
        Deviation::OtherTeamReasonCodeAllowed,
        Deviation::UnknownMrdReturns400,
        Deviation::MediaOwnershipNotChecked,
        Deviation::MediaSignInParametersUnchecked,
        Deviation::OutOfServiceIgnored,
        Deviation::BargeWithoutMonitoring,
        Deviation::BargeAnyTeam,
        Deviation::BargeBridgeUnlimited,
        Deviation::BargeViaNonController,
        Deviation::BargeOnHold,
        Deviation::BargeWithOutstandingConsult,
    ];

    /// (name, rule id, what the mock then does wrong)
    fn info(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Deviation::StateChangeReturns200 => (
                "state-change-returns-200",
                "user.state-change-202",
                "PUT User answers 200 instead of 202 Accepted",
            ),
            Deviation::MissingStateAccepted => (
                "missing-state-accepted",
                "user.state-parameter-missing",
                "PUT User without <state> is accepted instead of 400 Parameter Missing",
            ),
            Deviation::CceLogoutFromReady => (
                "cce-logout-from-ready",
                "user.cce-logout-only-from-not-ready",
                "on UCCE an agent can sign out straight from READY",
            ),
            Deviation::SupervisorAnyTeam => (
                "supervisor-any-team",
                "user.supervisor-own-team-only",
                "a supervisor can change the state of users on other teams",
            ),
            Deviation::SupervisorNotReadyWithoutHardcodedCode => (
                "supervisor-not-ready-without-hardcoded-code",
                "user.supervisor-hardcoded-reason",
                "a supervisor-forced NOT_READY carries no hard-coded reason code",
            ),
            Deviation::SystemReasonCodeAllowed => (
                "system-reason-code-allowed",
                "reasoncode.system-code-not-allowed",
                "system reason codes are accepted for NOT_READY",
            ),
            Deviation::OtherTeamReasonCodeAllowed => (
                "other-team-reason-code-allowed",
                "reasoncode.other-team-code-not-allowed",
                "another team's non-global reason code is accepted",
            ),
            Deviation::UnknownMrdReturns400 => (
                "unknown-mrd-returns-400",
                "media.unknown-mrd-404",
                "an unknown mrdId answers 400 instead of 404",
            ),
            Deviation::MediaOwnershipNotChecked => (
                "media-ownership-not-checked",
                "media.own-objects-only",
                "a user can change another user's Media",
            ),
            Deviation::MediaSignInParametersUnchecked => (
                "media-sign-in-parameters-unchecked",
                "media.sign-in-parameters",
                "media sign-in is accepted without maxDialogLimit or interruptAction, or with a limit above 10",
            ),
            Deviation::BargeWithoutMonitoring => (
                "barge-without-monitoring",
                "dialog.barge-needs-monitoring",
                "a supervisor can barge into a call it is not silently monitoring",
            ),
            Deviation::BargeAnyTeam => (
                "barge-any-team",
                "dialog.barge-own-team-only",
                "a supervisor can barge into the call of an agent on another team",
            ),
            Deviation::BargeBridgeUnlimited => (
                "barge-bridge-unlimited",
                "dialog.barge-bridge-full-20700",
                "a barge succeeds although no conference bridge is free",
            ),
            Deviation::BargeViaNonController => (
                "barge-via-non-controller",
                "dialog.barge-controller-only-20999",
                "a barge through an agent who does not control the conference succeeds",
            ),
            Deviation::BargeOnHold => (
                "barge-on-hold",
                "dialog.barge-agent-held-invalid-destination",
                "a barge succeeds while the agent holds the call",
            ),
            Deviation::BargeWithOutstandingConsult => (
                "barge-with-outstanding-consult",
                "dialog.barge-outstanding-consult-20999",
                "a barge succeeds while the agent has a consult call out",
            ),
            Deviation::OutOfServiceIgnored => (
                "out-of-service-ignored",
                "system.out-of-service-503",
                "APIs answer normally while Finesse is out of service",
            ),
        }
    }

    pub fn name(self) -> &'static str {
        self.info().0
    }

    /// The rule id (`@rule:` tag) that this deviation breaks.
    pub fn rule(self) -> &'static str {
        self.info().1
    }

    pub fn description(self) -> &'static str {
        self.info().2
    }

    pub fn from_name(name: &str) -> Option<Deviation> {
        Deviation::ALL.into_iter().find(|d| d.name() == name)
    }
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The deviations switched on in one mock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deviations(BTreeSet<Deviation>);

impl Deviations {
    pub fn on(&self, d: Deviation) -> bool {
        self.0.contains(&d)
    }

    pub fn set(&mut self, d: Deviation, enabled: bool) {
        if enabled {
            self.0.insert(d);
        } else {
            self.0.remove(&d);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Deviation> + '_ {
        self.0.iter().copied()
    }
}

impl FromIterator<Deviation> for Deviations {
    fn from_iter<T: IntoIterator<Item = Deviation>>(iter: T) -> Self {
        Deviations(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_rules_are_unique_and_round_trip() {
        let mut names = BTreeSet::new();
        for d in Deviation::ALL {
            assert!(names.insert(d.name()), "duplicate name {}", d.name());
            assert_eq!(Deviation::from_name(d.name()), Some(d));
            assert!(d.rule().contains('.'), "rule id {}", d.rule());
        }
        assert_eq!(Deviation::from_name("no-such-deviation"), None);
    }

    #[test]
    fn a_set_switches_deviations_on_and_off() {
        let mut set = Deviations::default();
        assert!(!set.on(Deviation::UnknownMrdReturns400));
        set.set(Deviation::UnknownMrdReturns400, true);
        assert!(set.on(Deviation::UnknownMrdReturns400));
        set.set(Deviation::UnknownMrdReturns400, false);
        assert!(!set.on(Deviation::UnknownMrdReturns400));
    }
}
