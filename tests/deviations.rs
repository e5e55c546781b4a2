//! The suite can fail: each mock deviation breaks one guide rule, and exactly the scenarios
//! tagged with that rule must then fail, no more and no fewer.

mod common;

use finesse_conformance::mock::{Deviation, Deviations};
use finesse_conformance::profile::Deployment;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_deviation_fails_exactly_the_scenarios_of_its_rule_on_both_platforms() {
    use futures::StreamExt as _;
    let cases: Vec<(Deviation, Deployment)> = Deviation::ALL
        .into_iter()
        .flat_map(|d| [(d, Deployment::Ucce), (d, Deployment::Uccx)])
        .collect();
    // One mock per case, each on its own port, a few at a time (more only queue on 2 cores).
    let results: Vec<_> = futures::stream::iter(cases)
        .map(|(d, dep)| async move {
            (
                d,
                dep,
                common::run_mock(dep, [d].into_iter().collect::<Deviations>()).await,
            )
        })
        .buffer_unordered(4)
        .collect()
        .await;
    // cucumber swaps the panic hook while it runs; restore the default before asserting.
    let _ = std::panic::take_hook();
    let mut problems = Vec::new();
    for d in Deviation::ALL {
        let tagged_anywhere = results
            .iter()
            .filter(|(x, _, _)| *x == d)
            .any(|(_, _, r)| !common::tagged(r, d.rule()).is_empty());
        if !tagged_anywhere {
            problems.push(format!("{d}: no scenario carries @rule:{}", d.rule()));
        }
    }
    for (d, dep, report) in &results {
        let failing = common::failing(report);
        let expected = common::tagged(report, d.rule());
        if failing != expected {
            let extra: Vec<_> = failing.difference(&expected).collect();
            let missed: Vec<_> = expected.difference(&failing).collect();
            problems.push(format!(
                "{d} on {dep} (rule {}): failed but not tagged {extra:?}; tagged but passed {missed:?}; messages {:#?}",
                d.rule(),
                common::failure_messages(report)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_names_the_step_and_expected_versus_actual() {
    let report = common::run_mock(
        Deployment::Ucce,
        [Deviation::UnknownMrdReturns400].into_iter().collect(),
    )
    .await;
    let _ = std::panic::take_hook();
    let messages = common::failure_messages(&report);
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].contains("Then the response status is 404"),
        "{}",
        messages[0]
    );
    assert!(
        messages[0].contains("expected status 404, got 400"),
        "{}",
        messages[0]
    );
}
