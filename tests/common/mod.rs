//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod mock;
/// A mock binary started as a process and its banner: the mock crate's own test helper.
#[path = "../../crates/finesse-mock/tests/support/banner.rs"]
pub mod mock_banner;
pub mod shape;

use std::collections::BTreeSet;
use std::path::Path;

use finesse_conformance::domain::results::{Outcome, RunReport};
use finesse_conformance::profile::Deployment;
use finesse_conformance::suite::{self, RunOptions};
use finesse_mock::{Deviations, MockConfig};

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

/// The built-in suite on UCCE against a mock with `deviations`, whose calls that never ring
/// are waited for `outcome_deadline`; the panic hook the run sets is taken back.
pub async fn run_mock_ucce(
    deviations: Deviations,
    outcome_deadline: std::time::Duration,
) -> RunReport {
    let cfg = MockConfig {
        deployment: Some(Deployment::Ucce),
        deviations,
        outcome_deadline,
        ..MockConfig::default()
    };
    let report = suite::run(RunOptions::embedded(cfg))
        .await
        .expect("the suite runs")
        .report;
    let _ = std::panic::take_hook();
    report
}

pub type Id = (String, String);

fn id(s: &finesse_conformance::domain::results::ScenarioReport) -> Id {
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

/// The doctor's line about `subject`.
pub fn doctor_line<'r>(
    r: &'r finesse_conformance::doctor::Report,
    subject: &str,
) -> &'r finesse_conformance::doctor::Line {
    r.lines
        .iter()
        .find(|l| l.subject == subject)
        .unwrap_or_else(|| panic!("no line on {subject}: {:#?}", r.lines))
}

pub mod junit_schema;

/// Checks a JUnit document against the rules of schemas/junit.xsd, in Rust: it runs where
/// xmllint is not installed. (`xmllint` checks the file against the XSD itself.)
pub fn check_junit_shape(xml: &str) -> Result<(), String> {
    junit_schema::check(xml)
}

/// Our schema of the JUnit we write (in the repository).
pub fn junit_xsd() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/junit.xsd")
}

/// The Jenkins xUnit schema in the shared folder beside the repository, when it is there.
pub fn jenkins_xsd() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/junit-10.xsd");
    p.exists().then_some(p)
}

/// Runs xmllint on `path` against `schema`: None when xmllint is not installed, else
/// whether it validates, with xmllint's complaint.
pub fn xmllint_with(schema: &Path, path: &Path) -> Option<Result<(), String>> {
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(path)
        .output()
        .ok()?;
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

/// Validates with xmllint against schemas/junit.xsd, and against the Jenkins xUnit schema when
/// ../shared/schemas is there; returns false when xmllint is not installed (CI installs it;
/// `check_junit_shape` covers the rules without it).
pub fn xmllint(path: &Path) -> bool {
    let schemas = std::iter::once(junit_xsd()).chain(jenkins_xsd());
    let mut ran = false;
    for schema in schemas {
        match xmllint_with(&schema, path) {
            None => return false,
            Some(Ok(())) => ran = true,
            Some(Err(e)) => panic!(
                "xmllint rejects {} against {}: {e}",
                path.display(),
                schema.display()
            ),
        }
    }
    ran
}

/// The harness binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_finesse-conformance");

/// A fresh folder `<prefix>-<name>-<pid>` in the system's temp dir, removed when dropped.
pub fn temp_dir(prefix: &str, name: &str) -> TempDir {
    let d = std::env::temp_dir().join(format!("{prefix}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    TempDir(d)
}

/// A test's folder: removed when the test is done with it, kept when the test fails (a
/// panic is unwinding) so that what it holds can be looked at.
pub struct TempDir(std::path::PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
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

/// Runs `run --profile <profile> --junit <junit> <more…>` with `envs`.
pub async fn run_profile(
    profile: &Path,
    junit: &Path,
    more: &[&str],
    envs: &[(&str, &str)],
) -> std::process::Output {
    let mut args = vec![
        "run",
        "--profile",
        profile.to_str().expect("utf8"),
        "--junit",
        junit.to_str().expect("utf8"),
    ];
    args.extend_from_slice(more);
    run_bin(&args, envs).await
}

/// stdout and stderr as text.
pub fn text(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// stdout and stderr of a run that must have exited with `code` (both shown when not).
#[track_caller]
pub fn exited(o: &std::process::Output, code: i32) -> (String, String) {
    let (stdout, stderr) = text(o);
    assert_eq!(o.status.code(), Some(code), "{stdout}\n{stderr}");
    (stdout, stderr)
}

/// The first of `forms` (the ways a secret may be written) that `text` holds.
pub fn leaked<'f>(text: &str, forms: &'f [String]) -> Option<&'f str> {
    forms.iter().map(String::as_str).find(|f| text.contains(f))
}

/// Asserts that `text` holds every one of `needles`, naming the first it lacks.
#[track_caller]
pub fn assert_contains_all(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "{n:?} is missing from:\n{text}");
    }
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
