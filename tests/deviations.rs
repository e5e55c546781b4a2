//! The suite proves it can fail (issue 4): every mock deviation is caught, each failure points
//! at the deviation's rule, every scenario fails under some deviation, and every black-box
//! rule in the catalogue has a scenario and a deviation. Nothing is allowed as a known gap.

use std::collections::BTreeSet;

use finesse_conformance::domain::catalogue;
use finesse_conformance::selfcheck;
use finesse_conformance::selfcheck::coverage;
use finesse_mock::Deviation;

/// Records a problem when `what` names anything.
fn none(what: &str, names: &BTreeSet<String>, problems: &mut Vec<String>) {
    if !names.is_empty() {
        problems.push(format!("{what}: {names:#?}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_deviation_is_caught_at_its_rule_and_every_scenario_can_fail() {
    let catalogue = catalogue::embedded().expect("catalogue");
    let matrix = selfcheck::run(32).await;
    let mut problems = Vec::new();
    let base = matrix.baseline_failures();
    assert!(
        base.is_empty(),
        "the suite fails without any deviation: {base:#?}"
    );
    for v in matrix.verdicts() {
        // (a) the run fails; (b) every failing scenario carries the rule's tag.
        if v.failed == 0 {
            problems.push(format!(
                "{} on {}: the run passes; nothing catches rule {}",
                v.deviation,
                v.target(),
                v.deviation.rule()
            ));
        }
        if !v.stray.is_empty() {
            problems.push(format!(
                "{} on {}: failures not tagged @rule:{}: {:?}",
                v.deviation,
                v.target(),
                v.deviation.rule(),
                v.stray
            ));
        }
    }
    let c = coverage::build(&catalogue, &matrix);
    // (c) every scenario fails under at least one deviation.
    let vacuous: BTreeSet<String> = c
        .vacuous
        .iter()
        .map(|(cls, name)| format!("{cls} › {name}"))
        .collect();
    none("scenarios that no deviation fails", &vacuous, &mut problems);
    let uncovered: BTreeSet<String> = c
        .rows
        .iter()
        .filter(|r| r.rule.black_box && !r.covered())
        .map(|r| r.rule.id.clone())
        .collect();
    none(
        "catalogue rules no scenario covers",
        &uncovered,
        &mut problems,
    );
    let no_dev: BTreeSet<String> = c
        .rows
        .iter()
        .filter(|r| matches!(r.deviation, coverage::DeviationStatus::NoDeviation))
        .map(|r| r.rule.id.clone())
        .collect();
    none(
        "black-box rules without a deviation",
        &no_dev,
        &mut problems,
    );
    assert!(
        c.unknown_tags.is_empty(),
        "@rule tags missing from features/rules.yaml: {:?}",
        c.unknown_tags
    );
    assert!(
        c.orphan_deviations.is_empty(),
        "deviations whose rule is not in the catalogue: {:?}",
        c.orphan_deviations
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Speed is a figure to read (the coverage command prints it too), not a timed assertion.
    println!(
        "self-check matrix: {} runs in {:.1} s",
        matrix.runs.len() + matrix.baselines.len(),
        matrix.elapsed.as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_names_the_step_and_expected_versus_actual() {
    use finesse_conformance::domain::results::Outcome;
    use finesse_conformance::profile::Deployment;
    use finesse_conformance::suite::{self, RunOptions};
    use finesse_mock::{Deviations, MockConfig};
    let cfg = MockConfig {
        deployment: Some(Deployment::Ucce),
        deviations: [Deviation::UnknownMrdReturns400]
            .into_iter()
            .collect::<Deviations>(),
        ..MockConfig::default()
    };
    let report = suite::run(RunOptions::embedded(cfg))
        .await
        .expect("runs")
        .report;
    let _ = std::panic::take_hook();
    let failed: Vec<_> = report
        .scenarios()
        .filter_map(|s| match &s.outcome {
            Outcome::Failed { step, message } => {
                Some((step.clone().unwrap_or_default(), message.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert!(
        failed[0].0.contains("Then the response status is 404"),
        "{:?}",
        failed[0]
    );
    assert!(
        failed[0].1.contains("expected status 404, got 400"),
        "{:?}",
        failed[0]
    );
}
