//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod shape;

use std::collections::BTreeSet;
use std::path::Path;

use finesse_conformance::profile::Deployment;
use finesse_conformance::report::{Outcome, RunReport};
use finesse_conformance::suite::{self, RunOptions};
use finesse_mock::{Deviations, MockConfig};
use quick_xml::events::Event;

/// Runs the built-in suite in-process against a fresh embedded mock.
pub async fn run_mock(deployment: Deployment, deviations: Deviations) -> RunReport {
    let cfg = MockConfig {
        deployment: Some(deployment),
        deviations,
        ..MockConfig::default()
    };
    suite::run(RunOptions::embedded(cfg))
        .await
        .expect("the suite runs")
        .report
}

pub type Id = (String, String);

fn id(s: &finesse_conformance::report::ScenarioReport) -> Id {
    (s.classname.clone(), s.name.clone())
}

/// Scenarios whose verdict is fail (findings).
pub fn failing(r: &RunReport) -> BTreeSet<Id> {
    r.scenarios()
        .filter(|s| matches!(s.outcome, Outcome::Failed { .. }))
        .map(id)
        .collect()
}

/// Scenarios that ran but could not be checked: inconclusive or error.
pub fn unchecked(r: &RunReport) -> BTreeSet<Id> {
    r.scenarios()
        .filter(|s| {
            matches!(
                s.outcome,
                Outcome::Inconclusive { .. } | Outcome::Error { .. }
            )
        })
        .map(id)
        .collect()
}

pub fn passed(r: &RunReport) -> BTreeSet<Id> {
    r.scenarios()
        .filter(|s| s.outcome == Outcome::Passed)
        .map(id)
        .collect()
}

/// Scenarios that ran (were not skipped) and carry `@rule:<rule>`.
pub fn tagged(r: &RunReport, rule: &str) -> BTreeSet<Id> {
    let tag = format!("rule:{rule}");
    r.scenarios()
        .filter(|s| !matches!(s.outcome, Outcome::Skipped { .. }) && s.tags.contains(&tag))
        .map(id)
        .collect()
}

/// Every scenario that did not pass or skip, with its verdict, step and message.
pub fn failure_messages(r: &RunReport) -> Vec<String> {
    r.scenarios()
        .filter_map(|s| {
            let verdict = s.outcome.verdict()?;
            let (step, message) = s.outcome.problem()?;
            Some(format!(
                "{verdict}: {} › {} at {step:?}: {message}",
                s.classname, s.name
            ))
        })
        .collect()
}

/// Checks a JUnit document against the rules of ../shared/schemas/junit-10.xsd that our
/// reports touch: element nesting, required attributes, allowed attributes, the time format.
/// (xmllint, when installed, checks the real schema too: see `xmllint`.)
pub fn check_junit_shape(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let allowed_children = |parent: &str| -> &'static [&'static str] {
        match parent {
            "" => &["testsuites"],
            "testsuites" => &["testsuite"],
            "testsuite" => &[
                "testsuite",
                "properties",
                "testcase",
                "system-out",
                "system-err",
            ],
            "properties" => &["property"],
            "testcase" => &[
                "skipped",
                "error",
                "failure",
                "rerunFailure",
                "rerunError",
                "flakyFailure",
                "flakyError",
                "system-out",
                "system-err",
            ],
            "flakyFailure" | "flakyError" | "rerunFailure" | "rerunError" => {
                &["stackTrace", "system-out", "system-err"]
            }
            _ => &[],
        }
    };
    let attrs_for = |el: &str| -> (&'static [&'static str], &'static [&'static str]) {
        match el {
            "testsuites" => (&[], &["name", "time", "tests", "failures", "errors"]),
            "testsuite" => (
                &["name", "tests", "failures", "errors"],
                &[
                    "name",
                    "tests",
                    "failures",
                    "errors",
                    "group",
                    "time",
                    "skipped",
                    "timestamp",
                    "hostname",
                    "id",
                    "package",
                    "file",
                    "log",
                    "url",
                ],
            ),
            "testcase" => (&["name"], &["name", "time", "classname", "group"]),
            "property" => (&["name", "value"], &["name", "value"]),
            "failure" | "error" | "skipped" => (&[], &["type", "message"]),
            "flakyFailure" | "flakyError" | "rerunFailure" | "rerunError" => {
                (&["type"], &["type", "message"])
            }
            _ => (&[], &[]),
        }
    };
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                let parent = stack.last().map(String::as_str).unwrap_or("");
                if !allowed_children(parent).contains(&name.as_str()) {
                    return Err(format!("<{name}> is not allowed inside <{parent}>"));
                }
                let (required, allowed) = attrs_for(&name);
                let mut seen = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| format!("bad attribute: {e}"))?;
                    let key = AsRef::<str>::as_ref(&a.key).to_string();
                    if !allowed.contains(&key.as_str()) {
                        return Err(format!("attribute {key} is not allowed on <{name}>"));
                    }
                    if name == "testsuite" && key == "time" {
                        let v = a.value.to_string();
                        if !v
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                        {
                            return Err(format!("testsuite time {v} is not a SUREFIRE_TIME"));
                        }
                    }
                    seen.push(key);
                }
                if let Some(missing) = required.iter().find(|r| !seen.iter().any(|s| s == *r)) {
                    return Err(format!("<{name}> lacks the required attribute {missing}"));
                }
                if matches!(ev, Event::Start(_)) {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed elements: {stack:?}"))
    }
}

/// Validates with xmllint against the real schema when xmllint is installed (CI installs
/// it); returns false when it is not installed.
pub fn xmllint(path: &Path) -> bool {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/junit-10.xsd");
    if !schema.exists() {
        return false;
    }
    let Ok(out) = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(path)
        .output()
    else {
        return false;
    };
    assert!(
        out.status.success(),
        "xmllint rejects {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// The harness binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_finesse-conformance");

/// A fresh folder `<prefix>-<name>-<pid>` in the system's temp dir.
pub fn temp_dir(prefix: &str, name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("{prefix}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Runs the binary with `args` and extra environment, without a backtrace setting.
pub async fn run_bin(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(args).env_remove("RUST_BACKTRACE");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().await.expect("the binary runs")
}

/// stdout and stderr as text.
pub fn text(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Waits for `cond`, polling every 20 ms, until `within` has passed; its last answer.
pub async fn until(within: std::time::Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + within;
    while std::time::Instant::now() < deadline {
        if cond() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    cond()
}
