//! Console output: one line per finished scenario, then the summary (design §7).

use super::{Outcome, RunReport};
use crate::redact::Redactor;

/// The line printed when a scenario finishes.
pub fn scenario_line(path: &str, name: &str, outcome: &Outcome, ms: f64) -> String {
    let shown = path.strip_prefix("features/").unwrap_or(path);
    match outcome {
        Outcome::Passed => format!("  ok      {shown}: {name} ({ms:.0} ms)"),
        Outcome::Failed { step, message } => {
            let step = step
                .as_deref()
                .map(|s| format!("\n          step: {s}"))
                .unwrap_or_default();
            format!("  FAILED  {shown}: {name} ({ms:.0} ms){step}\n          {message}")
        }
        Outcome::Skipped { reason } => format!("  skipped {shown}: {name} ({reason})"),
    }
}

pub fn summary(report: &RunReport, redactor: &Redactor) -> String {
    let c = report.counts();
    let total = c.passed + c.failed + c.skipped;
    let mut out = String::new();
    let failed: Vec<_> = report
        .scenarios()
        .filter(|s| matches!(s.outcome, Outcome::Failed { .. }))
        .collect();
    if !failed.is_empty() {
        out.push_str("\nFailures:\n");
        for s in failed {
            if let Outcome::Failed { step, message } = &s.outcome {
                let step = step
                    .as_deref()
                    .map(|st| format!(" at \"{st}\""))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "  {} › {}{step}: {}\n",
                    s.classname,
                    s.name,
                    redactor.redact(message)
                ));
            }
        }
    }
    let flaky: Vec<_> = report.scenarios().filter(|s| s.flaky()).collect();
    if !flaky.is_empty() {
        out.push_str("\nFlaky (failed, then passed on a retry):\n");
        for s in flaky {
            out.push_str(&format!(
                "  {} › {} (passed on attempt {})\n",
                s.classname,
                s.name,
                s.earlier.len() + 1
            ));
        }
    }
    let t = &report.target;
    let dep = t.deployment.as_deref().unwrap_or("unknown deployment");
    let flaky = if c.flaky > 0 {
        format!(" ({} flaky)", c.flaky)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "\n{total} scenarios: {} passed{flaky}, {} failed, {} skipped in {:.2} s against {} ({dep}, {})\n",
        c.passed,
        c.failed,
        c.skipped,
        report.duration.as_secs_f64(),
        t.profile,
        redactor.redact(&t.base_url),
    ));
    out
}
