//! The four conformance verdicts (ISO 9646 / TTCN-3): pass, fail, inconclusive, error, and how
//! a failed step becomes one of them.
//!
//! Only a `Then` step that found Finesse breaking the guide is a finding (fail). A `Given` step,
//! or the setup a `When` step does before its request, that did not succeed means the scenario
//! never reached the situation it tests (inconclusive). A broken connection, a timeout, a TLS
//! failure or a harness bug says nothing about Finesse's behaviour (error).
//!
//! Steps fail through cucumber, which turns a step's `Err` into a panic carrying the error's
//! text, so a step states its cause as a marker in front of that text ([`tag`]); the result
//! writer reads it back ([`untag`]) together with the step's kind ([`classify`]).

use std::fmt;

/// Why a step or hook failed, as the step knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    /// A check of the guide's rule failed: Finesse did something the guide forbids.
    Finding,
    /// The scenario could not be set up: a user, a state, a call the test needs.
    Precondition,
    /// The target's infrastructure or the harness broke: unreachable, timeout, TLS, a bug.
    Infrastructure,
}

impl Cause {
    fn marker(self) -> &'static str {
        match self {
            Cause::Finding => "\u{1}fc:finding\u{1}",
            Cause::Precondition => "\u{1}fc:precondition\u{1}",
            Cause::Infrastructure => "\u{1}fc:infrastructure\u{1}",
        }
    }
}

/// The kind of step that failed (cucumber's Given/When/Then; `And` takes the kind before it),
/// or the hook around the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Given,
    When,
    Then,
    /// The setup hook: leasing users, opening notification connections.
    Setup,
}

/// What a scenario's failure means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Fail,
    Inconclusive,
    Error,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Fail => "fail",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Error => "error",
        })
    }
}

/// `message` with its cause in front, for a step's error text.
pub(crate) fn tag(cause: Cause, message: &str) -> String {
    // One marker only: a message that already carries one keeps the innermost cause.
    if untag(message).0.is_some() {
        return message.to_string();
    }
    format!("{}{message}", cause.marker())
}

/// The cause a message carries, and the message without its marker.
pub(crate) fn untag(message: &str) -> (Option<Cause>, &str) {
    for cause in [Cause::Finding, Cause::Precondition, Cause::Infrastructure] {
        if let Some(rest) = message.strip_prefix(cause.marker()) {
            return (Some(cause), rest);
        }
    }
    (None, message)
}

/// Removes every marker from a text (a message quoted inside another).
pub(crate) fn strip(text: &str) -> String {
    let mut out = text.to_string();
    for cause in [Cause::Finding, Cause::Precondition, Cause::Infrastructure] {
        out = out.replace(cause.marker(), "");
    }
    out
}

/// The verdict of a failure with `cause` (if the step named one) in `phase`.
///
/// Infrastructure is an error wherever it happens. Otherwise a `Then` step's failure is a
/// finding unless the step said its own precondition failed, and a failure anywhere before
/// the `Then` steps is inconclusive unless the step says it checked a rule there.
pub(crate) fn classify(phase: Phase, cause: Option<Cause>) -> Verdict {
    match (cause, phase) {
        (Some(Cause::Infrastructure), _) => Verdict::Error,
        (Some(Cause::Precondition), _) => Verdict::Inconclusive,
        (Some(Cause::Finding), _) => Verdict::Fail,
        (None, Phase::Then) => Verdict::Fail,
        (None, Phase::Given | Phase::When | Phase::Setup) => Verdict::Inconclusive,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_round_trips_and_never_doubles() {
        let t = tag(Cause::Precondition, "agent 1001 cannot sign in");
        assert_eq!(
            untag(&t),
            (Some(Cause::Precondition), "agent 1001 cannot sign in")
        );
        // A cause already stated deeper in the call chain wins.
        let again = tag(Cause::Finding, &t);
        assert_eq!(untag(&again).0, Some(Cause::Precondition));
        assert_eq!(untag("plain"), (None, "plain"));
        assert_eq!(
            strip(&format!("x {} y", tag(Cause::Infrastructure, "z"))),
            "x z y"
        );
    }

    #[test]
    fn only_then_steps_make_findings_unless_a_step_says_otherwise() {
        assert_eq!(classify(Phase::Then, None), Verdict::Fail);
        assert_eq!(classify(Phase::Given, None), Verdict::Inconclusive);
        assert_eq!(classify(Phase::When, None), Verdict::Inconclusive);
        assert_eq!(classify(Phase::Setup, None), Verdict::Inconclusive);
        assert_eq!(
            classify(Phase::Then, Some(Cause::Precondition)),
            Verdict::Inconclusive
        );
        assert_eq!(classify(Phase::When, Some(Cause::Finding)), Verdict::Fail);
        for phase in [Phase::Given, Phase::When, Phase::Then, Phase::Setup] {
            assert_eq!(classify(phase, Some(Cause::Infrastructure)), Verdict::Error);
        }
    }
}
