//! A run's results as a JUnit [`Document`]: one testsuite per feature, one testcase per
//! scenario or Examples row, redacted on the way in.
//!
//! Every testcase's system-out starts with the header of `case_text`, then a blank line, then
//! the earlier failed attempts (if any) and the transcript.

use super::case_text::{Header, warnings_text};
use super::model::{Case, Document, Problem, Rerun, RerunKind, Status, Suite};
use super::write::xml_safe;
use super::{ERROR_ERROR, ERROR_INCONCLUSIVE, props};
use crate::domain::results::{HARNESS_VERSION, Outcome, RunReport, ScenarioReport, TargetSummary};
use crate::redact::Redactor;

/// The `type` of a `<failure>` and a `<flakyFailure>`.
const FAILED_STEP: &str = "failed step";
/// The `type` of a `<skipped>`.
const NOT_APPLICABLE: &str = "not applicable";

/// The testsuite properties: what was tested and by what.
fn properties(t: &TargetSummary) -> Vec<(&'static str, String)> {
    let mut p = vec![
        (props::PROFILE, t.profile.clone()),
        (props::BASE_URL, t.base_url.clone()),
        (
            props::DEPLOYMENT,
            t.deployment.clone().unwrap_or_else(|| "unknown".into()),
        ),
        (
            props::VERSION,
            t.version.clone().unwrap_or_else(|| "unknown".into()),
        ),
        (props::HARNESS, HARNESS_VERSION.to_string()),
    ];
    if let Some(shard) = &t.shard {
        p.push((props::SHARD, shard.clone()));
    }
    p
}

fn failure_text(step: Option<&str>, message: &str) -> String {
    match step {
        Some(step) => format!("Step failed: {step}\n{message}"),
        None => message.to_string(),
    }
}

/// system-out: header, earlier attempts, transcript.
fn system_out(s: &ScenarioReport) -> String {
    let mut out = Header::of(s).render();
    let total = s.earlier.len() + 1;
    for (i, a) in s.earlier.iter().enumerate() {
        let why = match a.outcome.problem() {
            Some((step, message)) => failure_text(step, message),
            None => format!("{:?}", a.outcome),
        };
        let verdict = a
            .outcome
            .verdict()
            .map_or_else(|| "failed".to_string(), |v| v.to_string());
        out.push_str(&format!(
            "\n=== attempt {} of {total}: {verdict} ({:.0} ms)\n{why}\n{}",
            i + 1,
            a.duration.as_secs_f64() * 1000.0,
            a.transcript.render()
        ));
    }
    if !s.earlier.is_empty() {
        out.push_str(&format!("\n=== attempt {total} of {total}\n"));
    }
    if !s.transcript.is_empty() {
        out.push('\n');
        out.push_str(&s.transcript.render());
    }
    out
}

/// A problem whose message and text are redacted.
fn problem(kind: &str, message: &str, text: &str, r: &Redactor) -> Problem {
    Problem {
        kind: Some(kind.into()),
        message: Some(clean(r, message)),
        text: clean(r, text),
    }
}

/// Redacted text that XML can carry. Control characters go first, so that one inside a
/// secret cannot hide it from the redactor and then vanish in the writer.
fn clean(r: &Redactor, text: &str) -> String {
    r.redact(&xml_safe(text))
}

fn status(outcome: &Outcome, r: &Redactor) -> Status {
    match outcome {
        Outcome::Passed => Status::Passed,
        Outcome::Failed { step, message } => {
            let text = failure_text(step.as_deref(), message);
            Status::Failure(problem(FAILED_STEP, message, &text, r))
        }
        // Both are <error>s, which CI tools count as problems but not as test failures; the
        // type says which (README "Verdicts").
        Outcome::Inconclusive { step, reason } => {
            let lead = "Not a Finesse finding: a precondition could not be reached.";
            let text = match step {
                Some(step) => format!("{lead}\nPrecondition: {step}\n{reason}"),
                None => format!("{lead}\n{reason}"),
            };
            Status::Error(problem(ERROR_INCONCLUSIVE, reason, &text, r))
        }
        Outcome::Error { step, message } => {
            let text = failure_text(step.as_deref(), message);
            Status::Error(problem(ERROR_ERROR, message, &text, r))
        }
        Outcome::Skipped { reason } => Status::Skipped(Problem {
            kind: Some(NOT_APPLICABLE.into()),
            message: Some(clean(r, reason)),
            text: String::new(),
        }),
    }
}

/// Surefire's convention for a test that passed on a rerun (Jenkins shows it as flaky): an
/// earlier fail is a flakyFailure; an earlier inconclusive or error a flakyError.
fn flaky_attempts(s: &ScenarioReport, r: &Redactor) -> Vec<Rerun> {
    if !s.flaky() {
        return Vec::new();
    }
    s.earlier
        .iter()
        .filter_map(|a| {
            let (step, message) = a.outcome.problem()?;
            let (element, kind) = match a.outcome {
                Outcome::Failed { .. } => (RerunKind::FlakyFailure, FAILED_STEP),
                Outcome::Inconclusive { .. } => (RerunKind::FlakyError, ERROR_INCONCLUSIVE),
                _ => (RerunKind::FlakyError, ERROR_ERROR),
            };
            Some(Rerun {
                element,
                kind: kind.into(),
                message: Some(clean(r, message)),
                stack_trace: Some(clean(r, &failure_text(step, message))),
                system_out: None,
                system_err: None,
            })
        })
        .collect()
}

fn testcase(s: &ScenarioReport, r: &Redactor) -> Case {
    Case {
        classname: s.classname.clone(),
        name: s.name.clone(),
        time: s.duration.as_secs_f64(),
        status: status(&s.outcome, r),
        reruns: flaky_attempts(s, r),
        system_out: Some(clean(r, &system_out(s))),
        system_err: (!s.warnings.is_empty()).then(|| clean(r, &warnings_text(&s.warnings))),
    }
}

/// The "run did not complete" marker (see report::incomplete), with the run's properties.
fn incomplete_suite(why: &str, properties: Vec<(String, String)>, timestamp: &str) -> Suite {
    Suite {
        timestamp: Some(timestamp.into()),
        properties,
        ..Suite::incomplete_marker(why)
    }
}

/// The report as a document; with `incomplete`, the reason the run did not complete, as a
/// first testsuite holding one errored testcase (see report::incomplete).
pub(crate) fn document(report: &RunReport, r: &Redactor, incomplete: Option<&str>) -> Document {
    let timestamp = humantime::format_rfc3339_seconds(report.started).to_string();
    // The schema's timestamp has no zone designator.
    let timestamp = timestamp.trim_end_matches('Z');
    let props: Vec<(String, String)> = properties(&report.target)
        .into_iter()
        .map(|(n, v)| (n.to_string(), clean(r, &v)))
        .collect();
    let marker = incomplete.map(|why| incomplete_suite(&clean(r, why), props.clone(), timestamp));
    let features = report.features.iter().map(|f| {
        let mut properties = props.clone();
        properties.push((props::FEATURE.into(), clean(r, &f.path)));
        let time: std::time::Duration = f.scenarios.iter().map(|s| s.duration).sum();
        Suite {
            name: f.name.clone(),
            file: Some(f.path.clone()),
            timestamp: Some(timestamp.into()),
            time: time.as_secs_f64(),
            properties,
            cases: f.scenarios.iter().map(|s| testcase(s, r)).collect(),
            system_out: None,
            system_err: None,
        }
    });
    Document {
        source: String::new(),
        name: Some(super::NAME.into()),
        time: report.duration.as_secs_f64(),
        suites: marker.into_iter().chain(features).collect(),
    }
}
