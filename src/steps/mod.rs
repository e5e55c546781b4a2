//! Step definitions (cucumber-rs). Steps are black-box: they reach the target only through
//! the Finesse API and the profile's fault hook, so the same steps run against a lab or the
//! embedded mock. They sit above the scenario context and below the suite's runner.

mod client_log;
mod dialog;
pub(crate) mod hooks;
mod login_name;
mod media;
mod media_routing;
mod mobile_agent;
mod notifications;
mod queue;
mod reason_codes;
mod response;
mod sso_apis;
mod supervisor;
mod system;
mod system_info;
mod team;
mod team_messages;
mod team_resources;
mod user;
mod user_list;
mod user_workflows;
mod world;
mod wrap_up_reasons;

pub(crate) use world::{FinesseWorld, StepError};

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

/// Rules that a notification step checks wherever it appears: the node's own rule and
/// Finesse's automatic subscription of the user's nodes (reference §7.2). The " for this
/// request" steps correlate by requestId or, without one, by content, so they do not check
/// the echo; only the strict echo step does (`notify.request-id`).
const NOTIFICATION_RULES: [(&str, &[&str]); 7] = [
    (
        "receives a User notification",
        &["notify.user", "notify.auto-subscribed"],
    ),
    (
        "receives a Media notification",
        &["notify.media", "notify.auto-subscribed"],
    ),
    (
        "receives a Dialog notification",
        &["notify.dialog", "notify.auto-subscribed"],
    ),
    (
        "receives an asynchronous error",
        &["notify.async-error", "notify.auto-subscribed"],
    ),
    (
        "receives a SystemInfo notification",
        &["notify.system-info", "notify.auto-subscribed"],
    ),
    (
        "receives a Team notification",
        &["notify.team-explicit-subscription"],
    ),
    (
        "carries the request's requestId",
        &[
            "notify.request-id",
            "notify.async-error",
            "notify.auto-subscribed",
        ],
    ),
];

/// The rules a step of any kind checks by its wording (see [`NOTIFICATION_RULES`]).
pub(crate) fn checked_rules(step: &str) -> Vec<&'static str> {
    NOTIFICATION_RULES
        .iter()
        .filter(|(needle, _)| step.contains(needle) && !step.contains("receives no "))
        .flat_map(|(_, rules)| rules.iter().copied())
        .collect()
}

/// The rules a Given step relies on (see [`IMPLIED`]).
pub(crate) fn implied_rules(given_step: &str) -> Vec<&'static str> {
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
    fn notification_steps_name_the_rules_they_check() {
        assert_eq!(
            checked_rules(
                "the agent receives a User notification with state READY for this request"
            ),
            ["notify.user", "notify.auto-subscribed"]
        );
        assert_eq!(
            checked_rules(
                "the asynchronous error the agent receives for this request carries the request's requestId"
            ),
            [
                "notify.request-id",
                "notify.async-error",
                "notify.auto-subscribed"
            ]
        );
        assert_eq!(
            checked_rules(
                "the supervisor receives a Team notification with the agent's state READY"
            ),
            ["notify.team-explicit-subscription"]
        );
        // An absence cannot fail for want of a notification.
        assert!(
            checked_rules("the agent receives no User notification for this request").is_empty()
        );
        assert!(checked_rules("the agent's state becomes READY").is_empty());
    }

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
