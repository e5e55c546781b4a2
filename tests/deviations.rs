//! The suite proves it can fail (issue 4): every mock deviation is caught, each failure points
//! at the deviation's rule, and every scenario fails under some deviation. What is not done
//! yet is listed in tests/selfcheck_gaps.txt; the test fails if that list is not exactly the
//! current gaps, so it can only shrink on purpose.

use std::collections::BTreeSet;

use finesse_conformance::mock::Deviation;
use finesse_conformance::report::coverage;
use finesse_conformance::selfcheck;
use finesse_conformance::suite::rules;

const GAPS: &str = include_str!("selfcheck_gaps.txt");

fn gaps(section: &str) -> BTreeSet<String> {
    let mut inside = false;
    let mut out = BTreeSet::new();
    for line in GAPS.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            inside = name.trim() == section;
        } else if inside && !line.trim().is_empty() && !line.starts_with('#') {
            out.insert(line.trim().to_string());
        }
    }
    out
}

fn compare(
    what: &str,
    actual: &BTreeSet<String>,
    expected: &BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    let new: Vec<_> = actual.difference(expected).collect();
    let done: Vec<_> = expected.difference(actual).collect();
    if !new.is_empty() || !done.is_empty() {
        problems.push(format!(
            "{what}: not in tests/selfcheck_gaps.txt: {new:#?}; listed there but no longer a gap (remove them): {done:#?}"
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_deviation_is_caught_at_its_rule_and_every_scenario_can_fail() {
    let catalogue = rules::embedded().expect("catalogue");
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
                v.deployment,
                v.deviation.rule()
            ));
        }
        if !v.stray.is_empty() {
            problems.push(format!(
                "{} on {}: failures not tagged @rule:{}: {:?}",
                v.deviation,
                v.deployment,
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
    compare(
        "scenarios that no deviation fails",
        &vacuous,
        &gaps("scenarios no deviation fails yet"),
        &mut problems,
    );
    let uncovered: BTreeSet<String> = c
        .rows
        .iter()
        .filter(|r| r.rule.black_box && !r.covered())
        .map(|r| r.rule.id.clone())
        .collect();
    compare(
        "catalogue rules no scenario covers",
        &uncovered,
        &gaps("rules no scenario covers yet"),
        &mut problems,
    );
    let no_dev: BTreeSet<String> = c
        .rows
        .iter()
        .filter(|r| matches!(r.deviation, coverage::DeviationStatus::NoDeviation))
        .map(|r| r.rule.id.clone())
        .collect();
    compare(
        "black-box rules without a deviation",
        &no_dev,
        &gaps("rules without a deviation yet"),
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
    // The matrix stays fast enough to run on every CI build (issue 4: under a minute).
    assert!(Deviation::ALL.len() >= 17);
    println!(
        "self-check matrix: {} runs in {:.1} s",
        matrix.runs.len() + matrix.baselines.len(),
        matrix.elapsed.as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_names_the_step_and_expected_versus_actual() {
    use finesse_conformance::mock::{Deviations, MockConfig};
    use finesse_conformance::profile::Deployment;
    use finesse_conformance::report::Outcome;
    use finesse_conformance::suite::{self, RunOptions};
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
