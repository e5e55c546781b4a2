//! The suite can fail: each mock deviation breaks one guide rule, and exactly the scenarios
//! tagged with that rule must then fail, no more and no fewer.

mod common;

use finesse_conformance::mock::{Deviation, Deviations};
use finesse_conformance::profile::Deployment;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_deviation_fails_exactly_the_scenarios_of_its_rule() {
    // One mock per deviation, each on its own port, all at once.
    let runs = Deviation::ALL.map(|d| async move {
        (
            d,
            common::run_mock(Deployment::Ucce, [d].into_iter().collect::<Deviations>()).await,
        )
    });
    let results = futures::future::join_all(runs).await;
    // cucumber swaps the panic hook while it runs; restore the default before asserting.
    let _ = std::panic::take_hook();
    let mut problems = Vec::new();
    for (d, report) in &results {
        let failing = common::failing(report);
        let expected = common::tagged(report, d.rule());
        if expected.is_empty() {
            problems.push(format!("{d}: no scenario carries @rule:{}", d.rule()));
        }
        if failing != expected {
            let extra: Vec<_> = failing.difference(&expected).collect();
            let missed: Vec<_> = expected.difference(&failing).collect();
            problems.push(format!(
                "{d} (rule {}): failed but not tagged {extra:?}; tagged but passed {missed:?}; messages {:#?}",
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
