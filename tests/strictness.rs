//! Strictness (issue 4): a step that more than one definition matches does not pass: its
//! scenario is an error (the feature file's fault, not Finesse's, like an undefined step),
//! through the same result writer the suite uses. The built-in steps have no such overlap, so
//! this test brings its own two overlapping definitions.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cucumber::{World, given, then};
use finesse_conformance::domain::results::{Outcome, StepStatus};
use finesse_conformance::redact::Redactor;
use finesse_conformance::suite::collector::ResultWriter;

#[derive(Debug, Default, World)]
struct Sky;

#[given(regex = r"^the sky is (\w+)$")]
fn sky_any(_: &mut Sky, _colour: String) {}

#[given("the sky is blue")]
fn sky_blue(_: &mut Sky) {}

#[then("nothing else happens")]
fn nothing(_: &mut Sky) {}

#[tokio::test]
async fn an_ambiguous_step_makes_its_scenario_an_error() {
    let dir = std::env::temp_dir().join(format!("fc-ambiguous-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("a.feature");
    std::fs::write(
        &file,
        "Feature: a\n  Scenario: ambiguous\n    Given the sky is blue\n    Then nothing else happens\n\n  Scenario: clear\n    Given the sky is grey\n    Then nothing else happens\n",
    )
    .expect("write");
    let results = Arc::new(Mutex::new(HashMap::new()));
    let writer = ResultWriter::new(
        results.clone(),
        (Arc::default(), Arc::default()),
        HashMap::new(),
        false,
        Arc::new(Redactor::new(&[], &[])),
    );
    Sky::cucumber().with_writer(writer).run(&file).await;
    let _ = std::fs::remove_dir_all(&dir);
    let results = results.lock().expect("results");
    let mut outcomes: Vec<(usize, Outcome)> = results
        .iter()
        .map(|((_, line), e)| (*line, e.outcome.clone()))
        .collect();
    let ambiguous_steps: Vec<StepStatus> = results
        .iter()
        .filter(|((_, line), _)| *line == 2)
        .flat_map(|(_, e)| e.steps.iter().map(|s| s.status))
        .collect();
    outcomes.sort_by_key(|(line, _)| *line);
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    match &outcomes[0].1 {
        Outcome::Error { step, message } => {
            assert_eq!(step.as_deref(), Some("Given the sky is blue"));
            assert!(
                message.contains("more than one step definition matches"),
                "{message}"
            );
            assert!(!message.contains('\u{1}'), "no cause marker: {message:?}");
        }
        other => panic!("the ambiguous scenario is not an error: {other:?}"),
    }
    // Cucumber JSON calls the step what it is.
    assert_eq!(
        ambiguous_steps,
        [StepStatus::Ambiguous, StepStatus::Skipped],
        "{outcomes:?}"
    );
    assert!(
        matches!(outcomes[1].1, Outcome::Passed),
        "{:?}",
        outcomes[1]
    );
}
