//! The four verdicts end to end (issue 12): a Then step that finds Finesse breaking the guide
//! fails; a Given the target cannot reach is inconclusive; a harness error (a check with no
//! request to check; an undefined step is refused before the run) is an error;
//! and the JUnit report and the exit code tell them apart.

mod common;

use std::path::PathBuf;

use finesse_conformance::domain::exit;
use finesse_conformance::domain::results::Outcome;
use finesse_conformance::redact::Redactor;
use finesse_conformance::report::junit;
use finesse_conformance::suite::{self, RunOptions};
use finesse_mock::{Deviation, MockConfig};

const FEATURE: &str = r#"Feature: The four verdicts

  @mutates
  Scenario: A finding
    Given the agent is NOT_READY
    When the agent sets their state to READY
    Then the response status is 599

  @mutates
  Scenario: A precondition the target cannot reach
    Given the agent is READY
    Then the agent's state becomes READY

  Scenario: A check with nothing to check
    Then the response status is 200

  Scenario: A pass
    Then the agent's state becomes LOGOUT
"#;

fn feature_dir(name: &str, text: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fc-verdicts-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    std::fs::write(d.join("verdicts.feature"), text).expect("write feature");
    d
}

/// Runs `text` against a mock on which READY from NOT_READY changes nothing.
async fn run(name: &str, text: &str) -> suite::RunOutcome {
    let cfg = MockConfig {
        deviations: [Deviation::ReadyFromNotReadyIgnored].into_iter().collect(),
        outcome_deadline: std::time::Duration::from_millis(800),
        ..MockConfig::default()
    };
    let opts = RunOptions {
        builtin_features: false,
        feature_dirs: vec![feature_dir(name, text)],
        ..RunOptions::embedded(cfg)
    };
    let out = suite::run(opts).await.expect("runs");
    let _ = std::panic::take_hook();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_of_trouble_gets_its_own_verdict_and_junit_element() {
    let out = run("all", FEATURE).await;
    let r = &out.report;
    let outcome = |name: &str| {
        r.scenarios()
            .find(|s| s.name == name)
            .map(|s| s.outcome.clone())
            .unwrap_or_else(|| panic!("{name} ran"))
    };
    assert!(
        matches!(outcome("A finding"), Outcome::Failed { step: Some(s), .. } if s.contains("599")),
        "{:?}",
        outcome("A finding")
    );
    match outcome("A precondition the target cannot reach") {
        Outcome::Inconclusive {
            step: Some(step),
            reason,
        } => {
            assert!(step.contains("the agent is READY"), "{step}");
            assert!(reason.contains("READY"), "the reason says why: {reason}");
            assert!(
                !reason.contains('\u{1}'),
                "no cause marker leaks: {reason:?}"
            );
        }
        other => panic!("a Given that cannot be reached is inconclusive: {other:?}"),
    }
    assert!(
        matches!(
            outcome("A check with nothing to check"),
            Outcome::Error { .. }
        ),
        "{:?}",
        outcome("A check with nothing to check")
    );
    assert_eq!(outcome("A pass"), Outcome::Passed);
    let c = r.counts();
    assert_eq!(
        (c.passed, c.failed, c.inconclusive, c.errors),
        (1, 1, 1, 1),
        "{c:?}"
    );
    assert_eq!(out.exit_code, exit::FAILED, "a finding fails the gate");

    let xml = junit::render(r, &Redactor::default()).expect("junit");
    common::check_junit_shape(&xml).expect("valid JUnit");
    assert_eq!(xml.matches("<failure").count(), 1, "{xml}");
    assert_eq!(
        xml.matches(r#"<error type="inconclusive""#).count(),
        1,
        "{xml}"
    );
    assert_eq!(xml.matches(r#"<error type="error""#).count(), 1, "{xml}");
    assert!(
        xml.contains(r#"failures="1" errors="2""#),
        "suite totals: {xml}"
    );
    let path = std::env::temp_dir().join(format!("fc-verdicts-{}.xml", std::process::id()));
    std::fs::write(&path, &xml).expect("write");
    common::xmllint(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_failed_but_something_unchecked_exits_4() {
    let without_finding = FEATURE
        .split("\n\n")
        .filter(|block| !block.contains("A finding"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let out = run("unchecked", &without_finding).await;
    let c = out.report.counts();
    assert_eq!(c.failed, 0, "{c:?}");
    assert_eq!(out.exit_code, exit::INCOMPLETE);
}
