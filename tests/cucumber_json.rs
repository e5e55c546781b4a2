//! Cucumber JSON of a real run: every scenario is an element whose steps give its outcome
//! to readers that only look at steps (Allure, Xray, cucumber-html-reporter), and whose
//! `@verdict:` tag tells the four verdicts apart. The deviation leaves some scenarios
//! inconclusive (their calls never ring) and fails others.

mod common;

use std::time::Duration;

use finesse_conformance::domain::results::Outcome;
use finesse_conformance::redact::Redactor;
use finesse_conformance::report::cucumber_json;
use finesse_mock::Deviation;
use serde_json::Value;

/// The status a reader derives from the steps and hooks, in cucumber-html-reporter's order:
/// failed, then ambiguous, undefined, pending, skipped, and passed only when all passed.
fn derived(element: &Value) -> &'static str {
    let statuses: Vec<&str> = ["before", "steps", "after"]
        .iter()
        .filter_map(|k| element.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(|s| s.pointer("/result/status").and_then(Value::as_str))
        .collect();
    ["failed", "ambiguous", "undefined", "pending", "skipped"]
        .into_iter()
        .find(|s| statuses.contains(s))
        .unwrap_or("passed")
}

fn verdict_tags(element: &Value) -> Vec<&str> {
    element["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .filter(|t| t.starts_with("@verdict:"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scenario_reads_back_with_its_outcome() {
    let report = common::run_mock_ucce(
        [Deviation::CallNeverRings].into_iter().collect(),
        // The calls that never ring are waited for this long.
        Duration::from_secs(2),
    )
    .await;
    let c = report.counts();
    assert!(
        c.failed > 0 && c.inconclusive > 0,
        "the deviation fails some scenarios and leaves others inconclusive: {c:?}"
    );
    let json = cucumber_json::render(&report, &Redactor::default()).expect("renders");
    let v: Value = serde_json::from_str(&json).expect("valid JSON");
    let features = v.as_array().expect("an array of features");
    assert_eq!(features.len(), report.features.len());
    let mut outlines = 0;
    let mut tagged = std::collections::BTreeMap::new();
    for (f, fr) in features.iter().zip(&report.features) {
        assert_eq!(f["uri"], fr.path.as_str());
        let elements = f["elements"].as_array().expect("elements");
        assert_eq!(elements.len(), fr.scenarios.len());
        for (e, s) in elements.iter().zip(&fr.scenarios) {
            assert_eq!(e["name"], s.name.as_str());
            let (want, tag) = match s.outcome {
                Outcome::Passed => ("passed", Some("@verdict:pass")),
                Outcome::Failed { .. } => ("failed", Some("@verdict:fail")),
                // Not counted as failures by the readers: skipped (a precondition that did
                // not hold) and pending (the run could not tell).
                Outcome::Inconclusive { .. } => ("skipped", Some("@verdict:inconclusive")),
                Outcome::Error { .. } => ("pending", Some("@verdict:error")),
                Outcome::Skipped { .. } => ("skipped", None),
            };
            assert_eq!(derived(e), want, "{}", s.name);
            assert_eq!(
                verdict_tags(e),
                tag.into_iter().collect::<Vec<_>>(),
                "{}",
                s.name
            );
            if let Some(tag) = tag {
                *tagged.entry(tag).or_insert(0) += 1;
            }
            if let Some((_, message)) = s.outcome.problem() {
                let messages: Vec<&str> = ["before", "steps", "after"]
                    .iter()
                    .filter_map(|k| e.get(*k).and_then(Value::as_array))
                    .flatten()
                    .filter_map(|st| st.pointer("/result/error_message").and_then(Value::as_str))
                    .collect();
                let verdict = s.outcome.verdict().expect("a verdict").to_string();
                assert!(
                    messages
                        .iter()
                        .any(|m| m.starts_with(&verdict) && m.contains(message)),
                    "{}: {messages:?}",
                    s.name
                );
            }
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
    // The four verdicts can be counted from the tags alone, and match the run's counts.
    let count = |tag: &str| tagged.get(tag).copied().unwrap_or(0);
    assert_eq!(
        (
            count("@verdict:pass"),
            count("@verdict:fail"),
            count("@verdict:inconclusive"),
            count("@verdict:error")
        ),
        (c.passed, c.failed, c.inconclusive, c.errors)
    );
}
