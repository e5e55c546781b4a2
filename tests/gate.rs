//! The CI gate's run options against the mock: retries that report flaky passes, version
//! applicability, read-only runs and sharding.

mod common;

use finesse_conformance::mock_profile::MockProfile as _;
use std::path::PathBuf;

use finesse_conformance::domain::results::{Outcome, RunReport};
use finesse_conformance::profile::{Profile, VersionSetting};
use finesse_conformance::redact::Redactor;
use finesse_conformance::report::junit;
use finesse_conformance::suite::{self, RunOptions, Shard, Target};
use finesse_mock::{Faults, MockConfig, MockServer};

fn feature_dir(name: &str, text: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fc-gate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    std::fs::write(d.join(format!("{name}.feature")), text).expect("write feature");
    d
}

async fn run_features(
    profile: Profile,
    dir: PathBuf,
    tweak: impl FnOnce(&mut RunOptions),
) -> RunReport {
    let mut opts = RunOptions {
        target: Target::Profile(Box::new(profile)),
        builtin_features: false,
        feature_dirs: vec![dir],
        ..RunOptions::embedded(MockConfig::default())
    };
    opts.concurrency = Some(1);
    tweak(&mut opts);
    let out = suite::run(opts).await.expect("runs");
    let _ = std::panic::take_hook();
    out.report
}

const READ_OWN_USER: &str = "@guide:12.5:p33\nFeature: Retry\n\n  @rule:user.unknown-user-404\n  Scenario: The agent reads its own User\n    When the agent sends GET \"/finesse/api/User/{agent}\"\n    Then the response status is 200\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scenario_that_passes_only_on_a_retry_is_flaky_and_does_not_fail_the_gate() {
    let dir = feature_dir("retry", READ_OWN_USER);
    // One transient 503: the first attempt fails, the rerun passes.
    let mock = MockServer::start(MockConfig::default())
        .await
        .expect("mock");
    mock.set_faults(Faults {
        fail_next: 1,
        ..Faults::default()
    });
    // No preflight: its reads would take the one transient 503 before the scenario does.
    let report = run_features(mock.profile(), dir.clone(), |o| {
        o.retry = 2;
        o.preflight = false;
    })
    .await;
    let c = report.counts();
    assert_eq!((c.passed, c.failed, c.flaky), (1, 0, 1), "{report:#?}");
    let s = report.scenarios().next().expect("one scenario");
    assert_eq!(s.earlier.len(), 1);
    assert!(
        matches!(&s.earlier[0].outcome, Outcome::Failed { message, .. } if message.contains("503"))
    );
    let xml = junit::render(&report, &Redactor::default()).expect("junit");
    common::check_junit_shape(&xml).expect("valid");
    assert_eq!(
        xml.matches("<testcase ").count(),
        1,
        "one testcase per scenario"
    );
    assert!(!xml.contains("<failure"), "the final outcome is a pass");
    assert!(xml.contains("<flakyFailure"), "{xml}");
    assert!(xml.contains("=== attempt 1 of 2: fail ("), "{xml}");

    // Without --retry the same transient fault fails the run: the test above can fail.
    mock.set_faults(Faults {
        fail_next: 1,
        ..Faults::default()
    });
    let report = run_features(mock.profile(), dir.clone(), |o| o.preflight = false).await;
    assert_eq!(report.counts().failed, 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn since_and_until_tags_follow_the_targets_version() {
    let text = "Feature: Versions\n\n  @since:12.6\n  Scenario: New in 12.6\n    When the agent sends GET \"/finesse/api/User/{agent}\"\n    Then the response status is 200\n\n  @until:12.5\n  Scenario: Gone after 12.5\n    When the agent sends GET \"/finesse/api/User/{agent}\"\n    Then the response status is 200\n";
    let dir = feature_dir("versions", text);
    let mock = MockServer::start(MockConfig::default())
        .await
        .expect("mock");
    for (version, runs, skipped_reason) in [
        (
            "12.5(1)",
            "Gone after 12.5",
            "applies from Finesse 12.6; the target is 12.5(1)",
        ),
        (
            "12.6(1)",
            "New in 12.6",
            "applies up to Finesse 12.5; the target is 12.6(1)",
        ),
    ] {
        let mut profile = mock.profile();
        profile.version = VersionSetting::Pinned(version.into());
        let report = run_features(profile, dir.clone(), |_| {}).await;
        for s in report.scenarios() {
            match &s.outcome {
                Outcome::Passed => assert_eq!(s.name, runs, "{version}"),
                Outcome::Skipped { reason } => assert_eq!(reason, skipped_reason),
                other => panic!("{}: {other:?}", s.name),
            }
        }
        let xml = junit::render(&report, &Redactor::default()).expect("junit");
        assert!(
            xml.contains(&format!("name=\"finesse.version\" value=\"{version}\"")),
            "{xml}"
        );
        assert!(xml.contains("name=\"finesse.deployment\" value=\"UCCE\""));
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scenario_without_mutates_cannot_write_and_readonly_skips_those_with_it() {
    let text = "Feature: Writes\n\n  Scenario: Untagged but writing\n    When the agent sends PUT \"/finesse/api/User/{agent}\" with body:\n      \"\"\"\n      <User><state>READY</state></User>\n      \"\"\"\n    Then the response status is 202\n\n  @mutates\n  Scenario: Tagged and writing\n    When the agent sends PUT \"/finesse/api/User/{agent}\" with body:\n      \"\"\"\n      <User><state>READY</state></User>\n      \"\"\"\n    Then the response status is 202\n";
    let dir = feature_dir("writes", text);
    let mock = MockServer::start(MockConfig::default())
        .await
        .expect("mock");
    let report = run_features(mock.profile(), dir.clone(), |_| {}).await;
    let outcome = |r: &RunReport, name: &str| {
        r.scenarios()
            .find(|s| s.name == name)
            .map(|s| s.outcome.clone())
            .expect("scenario")
    };
    // A signed-out agent asking for READY: accepted, then refused asynchronously (§4.5).
    assert_eq!(outcome(&report, "Tagged and writing"), Outcome::Passed);
    // The feature file's fault, not Finesse's: an error, not a finding.
    assert!(
        matches!(outcome(&report, "Untagged but writing"), Outcome::Error { message, .. } if message.contains("not tagged @mutates")),
        "{report:#?}"
    );
    let report = run_features(mock.profile(), dir.clone(), |o| o.readonly = true).await;
    assert!(
        matches!(outcome(&report, "Tagged and writing"), Outcome::Skipped { reason } if reason.contains("--readonly"))
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards_of_the_builtin_suite_are_disjoint_and_complete() {
    let whole = suite::run(RunOptions::embedded(MockConfig::default()))
        .await
        .expect("runs")
        .report;
    let names = |r: &RunReport| -> Vec<String> {
        let mut v: Vec<String> = r
            .scenarios()
            .map(|s| format!("{} › {}", s.classname, s.name))
            .collect();
        v.sort();
        v
    };
    let mut parts = Vec::new();
    for k in 1..=3 {
        let mut o = RunOptions::embedded(MockConfig::default());
        o.shard = Some(Shard { index: k, total: 3 });
        let r = suite::run(o).await.expect("runs").report;
        let c = r.counts();
        assert_eq!((c.failed, c.inconclusive, c.errors), (0, 0, 0), "shard {k}");
        let xml = junit::render(&r, &Redactor::default()).expect("junit");
        assert!(xml.contains(&format!("name=\"run.shard\" value=\"{k}/3\"")));
        parts.extend(names(&r));
    }
    let _ = std::panic::take_hook();
    parts.sort();
    assert_eq!(parts, names(&whole));
}
