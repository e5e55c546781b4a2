//! Cucumber JSON of a real run: every scenario is an element whose steps give its outcome
//! to readers that only look at steps (Allure, Xray, cucumber-html-reporter).

mod common;

use finesse_conformance::mock::{Deviation, Deviations};
use finesse_conformance::profile::Deployment;
use finesse_conformance::redact::Redactor;
use finesse_conformance::report::{Outcome, cucumber_json};
use serde_json::Value;

/// The status a reader derives from the steps and hooks: failed beats skipped beats passed.
fn derived(element: &Value) -> &'static str {
    let statuses: Vec<&str> = ["before", "steps", "after"]
        .iter()
        .filter_map(|k| element.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(|s| s.pointer("/result/status").and_then(Value::as_str))
        .collect();
    if statuses.contains(&"failed") {
        "failed"
    } else if statuses.contains(&"skipped") {
        "skipped"
    } else {
        "passed"
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scenario_reads_back_with_its_outcome() {
    let dev = Deviation::UnknownMrdReturns400;
    let report =
        common::run_mock(Deployment::Ucce, [dev].into_iter().collect::<Deviations>()).await;
    let json = cucumber_json::render(&report, &Redactor::default()).expect("renders");
    let v: Value = serde_json::from_str(&json).expect("valid JSON");
    let features = v.as_array().expect("an array of features");
    assert_eq!(features.len(), report.features.len());
    let mut outlines = 0;
    for (f, fr) in features.iter().zip(&report.features) {
        assert_eq!(f["uri"], fr.path.as_str());
        let elements = f["elements"].as_array().expect("elements");
        assert_eq!(elements.len(), fr.scenarios.len());
        for (e, s) in elements.iter().zip(&fr.scenarios) {
            assert_eq!(e["name"], s.name.as_str());
            let want = match s.outcome {
                Outcome::Passed => "passed",
                Outcome::Failed { .. } => "failed",
                Outcome::Skipped { .. } => "skipped",
            };
            assert_eq!(derived(e), want, "{}", s.name);
            let row = s.name.ends_with(']');
            if row {
                outlines += 1;
            }
            let keyword = if row { "Scenario Outline" } else { "Scenario" };
            assert_eq!(e["keyword"], keyword, "{}", s.name);
            let steps = e["steps"].as_array().expect("steps");
            assert!(!steps.is_empty(), "{}", s.name);
            for st in steps {
                let kw = st["keyword"].as_str().expect("keyword");
                assert!(kw.ends_with(' ') && kw.trim() != "", "{kw:?}");
                assert!(st["line"].as_u64().is_some() && st["result"]["duration"].is_u64());
            }
        }
    }
    assert!(outlines > 0, "the built-in features have Examples rows");
}
