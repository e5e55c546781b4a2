//! JUnit XML through junit-report: one testsuite per feature, one testcase per scenario or
//! Examples row. Valid against the Jenkins xUnit schema (../shared/schemas/junit-10.xsd).

use std::path::Path;

use junit_report::{OffsetDateTime, Report, TestCaseBuilder, TestSuiteBuilder};

use super::{Outcome, RunReport};
use crate::redact::Redactor;

fn duration(d: std::time::Duration) -> junit_report::Duration {
    junit_report::Duration::try_from(d).unwrap_or(junit_report::Duration::ZERO)
}

/// Text that is safe inside CDATA and XML 1.0: no `]]>`, no control characters.
fn xml_safe(text: &str) -> String {
    text.replace("]]>", "]]&gt;")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
        .collect()
}

pub fn render(report: &RunReport, redactor: &Redactor) -> Result<String, String> {
    let started = OffsetDateTime::from(report.started);
    let mut out = Report::new();
    for f in &report.features {
        let mut suite = TestSuiteBuilder::new(&xml_safe(&f.name));
        suite.set_timestamp(started);
        for s in &f.scenarios {
            let name = xml_safe(&s.name);
            let mut case = match &s.outcome {
                Outcome::Passed => TestCaseBuilder::success(&name, duration(s.duration)),
                Outcome::Failed { step, message } => {
                    let message = xml_safe(&redactor.redact(message));
                    let mut b = TestCaseBuilder::failure(
                        &name,
                        duration(s.duration),
                        "failed step",
                        &message,
                    );
                    let detail = match step {
                        Some(step) => format!("Step failed: {}\n{message}", xml_safe(step)),
                        None => message.clone(),
                    };
                    b.set_trace(&detail);
                    b
                }
                Outcome::Skipped { reason } => {
                    TestCaseBuilder::skipped_with_cause(&name, "not applicable", &xml_safe(reason))
                }
            };
            case.set_classname(&s.classname);
            if !s.transcript.is_empty() {
                case.set_system_out(&xml_safe(&redactor.redact(&s.transcript)));
            }
            suite.add_testcase(case.build());
        }
        out.add_testsuite(suite.build());
    }
    let mut buf = Vec::new();
    out.write_xml(&mut buf)
        .map_err(|e| format!("cannot render JUnit XML: {e}"))?;
    String::from_utf8(buf).map_err(|e| format!("JUnit XML is not UTF-8: {e}"))
}

/// Writes the report atomically (temp file, then rename), so that a reader never sees half
/// a file, even if the run is killed while writing.
pub fn write(report: &RunReport, redactor: &Redactor, path: &Path) -> Result<(), String> {
    let xml = render(report, redactor)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("xml.tmp");
    std::fs::write(&tmp, xml).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
