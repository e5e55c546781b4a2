//! JUnit XML: one testsuite per feature, one testcase per scenario or Examples row. Valid
//! against the Jenkins xUnit schema (../shared/schemas/junit-10.xsd).
//!
//! Written with quick-xml rather than junit-report: junit-report 0.9 has neither testsuite
//! `<properties>` (what was tested, for `diff`) nor Surefire's `<flakyFailure>` (retries).
//!
//! Every testcase's system-out starts with a header that `diff` and `merge` read back:
//! `guide:`, `rules:` and `scenario:` lines, then a blank line, then the earlier failed
//! attempts (if any) and the transcript.

use std::path::Path;

use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesStart, Event};

use super::{
    HARNESS_VERSION, Outcome, RunReport, ScenarioReport, TargetSummary, files, incomplete,
};
use crate::redact::Redactor;

/// Testsuite property names (read back by `diff`).
pub mod props {
    pub const PROFILE: &str = "finesse.profile";
    pub const BASE_URL: &str = "finesse.base_url";
    pub const DEPLOYMENT: &str = "finesse.deployment";
    pub const VERSION: &str = "finesse.version";
    pub const HARNESS: &str = "harness.version";
    pub const SHARD: &str = "run.shard";
    pub const FEATURE: &str = "feature.file";
}

/// The `type` of an `<error>` for an inconclusive scenario.
pub const ERROR_INCONCLUSIVE: &str = "inconclusive";
/// The `type` of an `<error>` for a scenario that errored.
pub const ERROR_ERROR: &str = "error";
/// Starts each lab-warning line in a testcase's system-err.
pub const WARNING_PREFIX: &str = "lab warning: ";

/// Text that XML 1.0 accepts: no control characters but newline, tab and CR.
pub(crate) fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
        .collect()
}

fn secs(d: std::time::Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

/// The testsuite properties: what was tested and by what.
pub fn properties(t: &TargetSummary) -> Vec<(&'static str, String)> {
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

/// The system-out header of a testcase (see the module comment).
pub fn header(s: &ScenarioReport) -> String {
    let rules: Vec<&str> = s.tag_values("rule:").collect();
    format!(
        "guide: {}\nrules: {}\nscenario: {}:{}\n",
        s.citation(),
        rules.join(" "),
        s.key.0,
        s.line()
    )
}

fn failure_text(step: &Option<String>, message: &str) -> String {
    match step {
        Some(step) => format!("Step failed: {step}\n{message}"),
        None => message.to_string(),
    }
}

/// system-out: header, earlier attempts, transcript.
fn system_out(s: &ScenarioReport, redactor: &Redactor) -> String {
    let mut out = header(s);
    let total = s.earlier.len() + 1;
    for (i, a) in s.earlier.iter().enumerate() {
        let why = match a.outcome.problem() {
            Some((step, message)) => failure_text(&step.map(str::to_string), message),
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
    xml_safe(&redactor.redact(&out))
}

pub(crate) type W = Writer<Vec<u8>>;

fn io(e: impl std::fmt::Display) -> String {
    format!("cannot render JUnit XML: {e}")
}

pub(crate) fn cdata(w: &mut W, text: &str) -> Result<(), String> {
    // `]]>` cannot appear inside CDATA: split it across two sections.
    let text = text.replace("]]>", "]]]]><![CDATA[>");
    w.write_event(Event::CData(BytesCData::new(text)))
        .map_err(io)
}

fn element(
    w: &mut W,
    name: &str,
    attrs: &[(&str, &str)],
    body: Option<&str>,
) -> Result<(), String> {
    let mut start = BytesStart::new(name);
    for (k, v) in attrs {
        start.push_attribute((*k, xml_safe(v).as_str()));
    }
    match body {
        None => w.write_event(Event::Empty(start)).map_err(io),
        Some(text) => {
            w.write_event(Event::Start(start)).map_err(io)?;
            cdata(w, text)?;
            w.write_event(Event::End(BytesEnd::new(name))).map_err(io)
        }
    }
}

fn testcase(w: &mut W, s: &ScenarioReport, redactor: &Redactor) -> Result<(), String> {
    let time = secs(s.duration);
    let mut start = BytesStart::new("testcase");
    start.push_attribute(("name", xml_safe(&s.name).as_str()));
    start.push_attribute(("classname", xml_safe(&s.classname).as_str()));
    start.push_attribute(("time", time.as_str()));
    w.write_event(Event::Start(start)).map_err(io)?;
    match &s.outcome {
        Outcome::Passed => {}
        Outcome::Failed { step, message } => {
            let message = xml_safe(&redactor.redact(message));
            let detail = xml_safe(&redactor.redact(&failure_text(step, &message)));
            element(
                w,
                "failure",
                &[("type", "failed step"), ("message", &message)],
                Some(&detail),
            )?;
        }
        // Both are <error>s, which CI tools count as problems but not as test failures; the
        // type says which (README "Verdicts").
        Outcome::Inconclusive { step, reason } => {
            let message = xml_safe(&redactor.redact(reason));
            let detail = match step {
                Some(step) => format!(
                    "Not a Finesse finding: a precondition could not be reached.\nPrecondition: {step}\n{message}"
                ),
                None => format!(
                    "Not a Finesse finding: a precondition could not be reached.\n{message}"
                ),
            };
            element(
                w,
                "error",
                &[("type", ERROR_INCONCLUSIVE), ("message", &message)],
                Some(&xml_safe(&redactor.redact(&detail))),
            )?;
        }
        Outcome::Error { step, message } => {
            let message = xml_safe(&redactor.redact(message));
            let detail = xml_safe(&redactor.redact(&failure_text(step, &message)));
            element(
                w,
                "error",
                &[("type", ERROR_ERROR), ("message", &message)],
                Some(&detail),
            )?;
        }
        Outcome::Skipped { reason } => {
            element(
                w,
                "skipped",
                &[("type", "not applicable"), ("message", reason)],
                None,
            )?;
        }
    }
    // Surefire's convention for a test that passed on a rerun; Jenkins shows it as flaky.
    if s.flaky() {
        for a in &s.earlier {
            let Some((step, message)) = a.outcome.problem() else {
                continue;
            };
            // An earlier fail is a flakyFailure; an earlier inconclusive or error a flakyError.
            let (tag, kind) = match a.outcome {
                Outcome::Failed { .. } => ("flakyFailure", "failed step"),
                Outcome::Inconclusive { .. } => ("flakyError", ERROR_INCONCLUSIVE),
                _ => ("flakyError", ERROR_ERROR),
            };
            let message = xml_safe(&redactor.redact(message));
            let mut start = BytesStart::new(tag);
            start.push_attribute(("type", kind));
            start.push_attribute(("message", message.as_str()));
            w.write_event(Event::Start(start)).map_err(io)?;
            let trace =
                xml_safe(&redactor.redact(&failure_text(&step.map(str::to_string), &message)));
            element(w, "stackTrace", &[], Some(&trace))?;
            w.write_event(Event::End(BytesEnd::new(tag))).map_err(io)?;
        }
    }
    element(w, "system-out", &[], Some(&system_out(s, redactor)))?;
    if !s.warnings.is_empty() {
        let text: String = s
            .warnings
            .iter()
            .map(|w| format!("{WARNING_PREFIX}{w}\n"))
            .collect();
        element(
            w,
            "system-err",
            &[],
            Some(&xml_safe(&redactor.redact(&text))),
        )?;
    }
    w.write_event(Event::End(BytesEnd::new("testcase")))
        .map_err(io)
}

pub fn render(report: &RunReport, redactor: &Redactor) -> Result<String, String> {
    render_marked(report, redactor, None)
}

/// The testsuite of the "run did not complete" marker (see report::incomplete): one
/// testcase with an `<error>`, so that CI tools count a partial report as a problem.
fn incomplete_suite(
    w: &mut W,
    why: &str,
    props: &[(&'static str, String)],
    timestamp: &str,
    redactor: &Redactor,
) -> Result<(), String> {
    let mut start = BytesStart::new("testsuite");
    start.push_attribute(("name", incomplete::CLASSNAME));
    for (k, v) in [
        ("tests", "1"),
        ("failures", "0"),
        ("errors", "1"),
        ("skipped", "0"),
    ] {
        start.push_attribute((k, v));
    }
    start.push_attribute(("time", "0.000"));
    start.push_attribute(("timestamp", timestamp));
    w.write_event(Event::Start(start)).map_err(io)?;
    w.write_event(Event::Start(BytesStart::new("properties")))
        .map_err(io)?;
    for (name, value) in props {
        let value = redactor.redact(value);
        element(w, "property", &[("name", name), ("value", &value)], None)?;
    }
    w.write_event(Event::End(BytesEnd::new("properties")))
        .map_err(io)?;
    let mut case = BytesStart::new("testcase");
    case.push_attribute(("name", incomplete::NAME));
    case.push_attribute(("classname", incomplete::CLASSNAME));
    case.push_attribute(("time", "0.000"));
    w.write_event(Event::Start(case)).map_err(io)?;
    let why = xml_safe(&redactor.redact(why));
    element(
        w,
        "error",
        &[("type", incomplete::ERROR_TYPE), ("message", &why)],
        Some(&format!("Run did not complete: {why}")),
    )?;
    w.write_event(Event::End(BytesEnd::new("testcase")))
        .map_err(io)?;
    w.write_event(Event::End(BytesEnd::new("testsuite")))
        .map_err(io)
}

/// The report; with `incomplete`, the reason the run did not complete, as a first testsuite
/// holding one errored testcase (see report::incomplete).
pub fn render_marked(
    report: &RunReport,
    redactor: &Redactor,
    incomplete: Option<&str>,
) -> Result<String, String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(io)?;
    let c = report.counts();
    let mut root = BytesStart::new("testsuites");
    root.push_attribute(("name", "finesse-conformance"));
    let marker = usize::from(incomplete.is_some());
    root.push_attribute((
        "tests",
        (c.passed + c.failed + c.inconclusive + c.errors + c.skipped + marker)
            .to_string()
            .as_str(),
    ));
    root.push_attribute(("failures", c.failed.to_string().as_str()));
    root.push_attribute((
        "errors",
        (c.inconclusive + c.errors + marker).to_string().as_str(),
    ));
    root.push_attribute(("time", secs(report.duration).as_str()));
    w.write_event(Event::Start(root)).map_err(io)?;
    let timestamp = humantime::format_rfc3339_seconds(report.started).to_string();
    // The schema's timestamp has no zone designator.
    let timestamp = timestamp.trim_end_matches('Z');
    let props = properties(&report.target);
    if let Some(why) = incomplete {
        incomplete_suite(&mut w, why, &props, timestamp, redactor)?;
    }
    for f in &report.features {
        let count = |p: fn(&Outcome) -> bool| f.scenarios.iter().filter(|s| p(&s.outcome)).count();
        let failed = count(|o| matches!(o, Outcome::Failed { .. }));
        let errors = count(|o| matches!(o, Outcome::Inconclusive { .. } | Outcome::Error { .. }));
        let skipped = count(|o| matches!(o, Outcome::Skipped { .. }));
        let time: std::time::Duration = f.scenarios.iter().map(|s| s.duration).sum();
        let mut start = BytesStart::new("testsuite");
        start.push_attribute(("name", xml_safe(&f.name).as_str()));
        start.push_attribute(("tests", f.scenarios.len().to_string().as_str()));
        start.push_attribute(("failures", failed.to_string().as_str()));
        start.push_attribute(("errors", errors.to_string().as_str()));
        start.push_attribute(("skipped", skipped.to_string().as_str()));
        start.push_attribute(("time", secs(time).as_str()));
        start.push_attribute(("timestamp", timestamp));
        start.push_attribute(("file", xml_safe(&f.path).as_str()));
        w.write_event(Event::Start(start)).map_err(io)?;
        w.write_event(Event::Start(BytesStart::new("properties")))
            .map_err(io)?;
        for (name, value) in props
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .chain([(props::FEATURE, f.path.as_str())])
        {
            let value = redactor.redact(value);
            element(
                &mut w,
                "property",
                &[("name", name), ("value", &value)],
                None,
            )?;
        }
        w.write_event(Event::End(BytesEnd::new("properties")))
            .map_err(io)?;
        for s in &f.scenarios {
            testcase(&mut w, s, redactor)?;
        }
        w.write_event(Event::End(BytesEnd::new("testsuite")))
            .map_err(io)?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuites")))
        .map_err(io)?;
    String::from_utf8(w.into_inner()).map_err(|e| format!("JUnit XML is not UTF-8: {e}"))
}

/// Writes text safely (see report::files): a temporary file renamed over the target, never
/// over anything but a regular file, and no temporary file left when the write fails.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    files::write("the report", path, text.as_bytes())
}

pub fn write(report: &RunReport, redactor: &Redactor, path: &Path) -> Result<(), String> {
    write_marked(report, redactor, path, None)
}

/// [`write`] with the "run did not complete" marker when `incomplete` gives its reason.
pub fn write_marked(
    report: &RunReport,
    redactor: &Redactor,
    path: &Path,
    incomplete: Option<&str>,
) -> Result<(), String> {
    let text = render_marked(report, redactor, incomplete)?;
    files::write("the JUnit report", path, text.as_bytes())
}
