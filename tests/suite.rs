//! The built-in suite against the embedded mock, in both deployments.

mod common;

use std::collections::BTreeSet;

use finesse_conformance::domain::results::Outcome;
use finesse_conformance::profile::Deployment;
use finesse_conformance::redact::Redactor;
use finesse_conformance::report::junit;
use finesse_mock::Deviations;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_applicable_scenario_passes_on_ucce_and_uccx() {
    for dep in [Deployment::Ucce, Deployment::Uccx] {
        let report = common::run_mock(dep, Deviations::default()).await;
        let _ = std::panic::take_hook();
        let c = report.counts();
        // The baseline passes outright: nothing failed, nothing inconclusive, nothing broke.
        assert_eq!(
            (c.failed, c.inconclusive, c.errors),
            (0, 0, 0),
            "{dep}: {:#?}",
            common::failure_messages(&report)
        );
        assert!(c.passed >= 35, "{dep}: only {} scenarios passed", c.passed);
        // Every skipped scenario says why.
        for s in report.scenarios() {
            if let Outcome::Skipped { reason } = &s.outcome {
                assert!(!reason.is_empty(), "{} has no skip reason", s.name);
            }
        }
        // Testcase names are unique within their class, so reports diff cleanly.
        let mut seen = BTreeSet::new();
        for s in report.scenarios() {
            assert!(
                seen.insert((s.classname.clone(), s.name.clone())),
                "duplicate testcase {} › {}",
                s.classname,
                s.name
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uccx_skips_the_media_features_with_a_reason() {
    let report = common::run_mock(Deployment::Uccx, Deviations::default()).await;
    let _ = std::panic::take_hook();
    let media: Vec<_> = report
        .scenarios()
        .filter(|s| s.classname.starts_with("media."))
        .collect();
    assert!(!media.is_empty());
    for s in media {
        assert_eq!(
            s.outcome,
            Outcome::Skipped {
                reason: "applies to UCCE only; the target is UCCX".into()
            },
            "{}",
            s.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_junit_report_is_valid_and_carries_transcripts() {
    let report = common::run_mock(Deployment::Uccx, Deviations::default()).await;
    let _ = std::panic::take_hook();
    let xml = junit::render(&report, &Redactor::default()).expect("render");
    common::check_junit_shape(&xml).expect("JUnit shape");
    let dir = std::env::temp_dir().join(format!("fc-junit-{}", std::process::id()));
    let path = dir.join("junit.xml");
    junit::write(&report, &Redactor::default(), &path).expect("write");
    common::xmllint(&path);
    assert!(xml.contains("classname=\"user.change_agent_state\""));
    assert!(
        xml.contains("<system-out><![CDATA[guide: 12.5 p"),
        "transcripts in system-out"
    );
    assert!(
        xml.contains("PUT http://127.0.0.1:"),
        "the exchange is in the transcript"
    );
    assert!(
        xml.contains("/finesse/api/User/"),
        "redaction leaves the API paths alone"
    );
    assert!(xml.contains(
        "<skipped type=\"not applicable\" message=\"applies to UCCE only; the target is UCCX\""
    ));
    let _ = std::fs::remove_dir_all(dir);
}
