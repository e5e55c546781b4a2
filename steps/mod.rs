//! Step definitions (cucumber-rs). Steps are black-box: they reach the target only through
//! the Finesse API and the profile's fault hook, so the same steps run against a lab or the
//! embedded mock. Compiled into the library through `#[path]` in src/lib.rs.

mod dialog;
pub mod hooks;
mod media;
mod reason_codes;
mod response;
mod supervisor;
mod system;
mod user;
mod world;

pub use world::{Expect, FinesseWorld, Role, StepError, StepResult};

use std::sync::LazyLock;

/// Rules a setup step checks by relying on them: "Given the agent is READY" fails if an agent
/// cannot go READY, so a scenario using it also carries that rule. The plan adds these to the
/// scenario's `@rule:` tags, so that a failure in setup still points at the rule it broke.
static IMPLIED: LazyLock<Vec<(regex::Regex, &'static [&'static str])>> = LazyLock::new(|| {
    let table: [(&str, &'static [&'static str]); 13] = [
        (
            r"^the (agent|second agent|other-team agent|supervisor|second supervisor) is READY$",
            &["user.not-ready-to-ready"],
        ),
        (
            r"is READY in the media routing domain$",
            &["media.change-state", "media.sign-in"],
        ),
        (
            r"is signed in to the media routing domain$",
            &["media.sign-in"],
        ),
        (
            r"is on a call with the",
            &["dialog.make-call", "dialog.answer"],
        ),
        (
            r"is on an ICD call from the",
            &[
                "dialog.make-call",
                "dialog.icd-call-states",
                "dialog.answer",
                "user.not-ready-to-ready",
            ],
        ),
        (
            r"answers a call from the agent$",
            &["dialog.make-call", "dialog.answer"],
        ),
        (
            r"answers an ICD call from the agent$",
            &[
                "dialog.make-call",
                "dialog.icd-call-states",
                "dialog.answer",
                "user.not-ready-to-ready",
            ],
        ),
        (r"is silently monitoring the", &["dialog.silent-monitor"]),
        // The second agent answered the agent's call: monitoring it needs the platform's
        // state for an answered non-ICD call (TALKING on UCCE).
        (
            r"is silently monitoring the second agent$",
            &["dialog.user-states-non-icd"],
        ),
        (
            r"has barged in on the",
            &["dialog.silent-monitor", "dialog.barge"],
        ),
        (
            r"^the (agent|second agent|supervisor) holds the call$",
            &["dialog.hold-retrieve"],
        ),
        (
            r"has a progressive reservation$",
            &["user.not-ready-to-ready"],
        ),
        (
            r"has an? (outbound preview|Direct Preview) reservation$",
            &["dialog.preview-reservation", "user.not-ready-to-ready"],
        ),
    ];
    table
        .into_iter()
        .filter_map(|(re, rules)| regex::Regex::new(re).ok().map(|r| (r, rules)))
        .collect()
});

/// The rules a Given step relies on (see [`IMPLIED`]).
pub fn implied_rules(given_step: &str) -> Vec<&'static str> {
    IMPLIED
        .iter()
        .filter(|(re, _)| re.is_match(given_step))
        .flat_map(|(_, rules)| rules.iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_steps_name_the_rules_they_rely_on() {
        assert_eq!(
            implied_rules("the agent is READY"),
            ["user.not-ready-to-ready"]
        );
        assert_eq!(implied_rules("the agent is NOT_READY"), Vec::<&str>::new());
        assert_eq!(
            implied_rules("the supervisor has barged in on the agent's call"),
            ["dialog.silent-monitor", "dialog.barge"]
        );
        assert!(
            implied_rules("the agent is on a call with the second agent")
                .contains(&"dialog.answer")
        );
    }
}
