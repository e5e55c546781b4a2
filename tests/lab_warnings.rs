//! A cleanup that fails after a scenario's verdict is known does not change that verdict: it
//! is a lab warning on the testcase and in the summary, and the users it could not restore
//! are not leased again in the run (issue 12). The mock's Dialogs lists answer 500 here, as on
//! the lab where 70 passing scenarios used to be reported failed because of their cleanup.

use finesse_conformance::domain::exit;
use finesse_conformance::domain::results::Outcome;
use finesse_conformance::mock_profile::MockProfile as _;
use finesse_conformance::suite::{self, RunOptions, Target};
use finesse_mock::{Faults, MockConfig, MockServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cleanup_that_cannot_restore_warns_and_quarantines_instead_of_failing() {
    let mock = MockServer::start(MockConfig::default())
        .await
        .expect("mock");
    mock.set_faults(Faults {
        dialogs_unreadable: true,
        ..Faults::default()
    });
    let mut profile = mock.profile();
    profile.users.agents.truncate(3);
    // One at a time, in file order, so that the later scenarios come after the quarantine.
    profile.max_concurrency = 1;
    let first_two: Vec<String> = profile.users.agents[..2]
        .iter()
        .map(|a| a.id.clone())
        .collect();
    let opts = RunOptions {
        target: Target::Profile(Box::new(profile)),
        builtin_features: false,
        feature_dirs: vec![
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/features/lab_warning.feature"
            )
            .into(),
        ],
        ..RunOptions::embedded(MockConfig::default())
    };
    let outcome = suite::run(opts).await.expect("runs");
    let _ = std::panic::take_hook();
    let report = outcome.report;
    let by_name = |name: &str| {
        report
            .scenarios()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("{name} is in the report"))
    };
    let call = by_name("A call the cleanup cannot see");
    assert_eq!(call.outcome, Outcome::Passed, "its own checks passed");
    let warning = call.warnings.join("\n");
    assert!(
        warning.contains("cleanup could not restore")
            && first_two.iter().all(|id| warning.contains(id.as_str())),
        "the warning names the users it leaves out: {warning}"
    );
    match &by_name("Two agents are needed again").outcome {
        Outcome::Inconclusive { reason, .. } => assert!(
            first_two.iter().any(|id| reason.contains(id.as_str())),
            "the reason names a quarantined user: {reason}"
        ),
        other => panic!("two agents can no longer be leased: {other:?}"),
    }
    assert_eq!(
        by_name("One agent is enough").outcome,
        Outcome::Passed,
        "the third agent still serves"
    );
    assert_eq!(
        by_name("Reading the agent's state needs no dialog").outcome,
        Outcome::Passed,
        "a scenario that made no dialog request does not read the Dialogs list"
    );
    let c = report.counts();
    assert_eq!((c.failed, c.inconclusive, c.warned), (0, 1, 1), "{c:?}");
    assert_eq!(outcome.exit_code, exit::INCOMPLETE);
}
