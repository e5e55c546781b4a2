//! Console output: one line per finished scenario, then the summary (design §7).

use crate::domain::results::{Outcome, RunReport};
use crate::domain::verdict::Verdict;
use crate::redact::Redactor;

/// The line printed when a scenario finishes.
pub(crate) fn scenario_line(path: &str, name: &str, outcome: &Outcome, ms: f64) -> String {
    let shown = path.strip_prefix("features/").unwrap_or(path);
    let step_line = |step: &Option<String>, label: &str| {
        step.as_deref()
            .map(|s| format!("\n          {label}: {s}"))
            .unwrap_or_default()
    };
    match outcome {
        Outcome::Passed => format!("  ok      {shown}: {name} ({ms:.0} ms)"),
        Outcome::Failed { step, message } => {
            let step = step_line(step, "step");
            format!("  FAILED  {shown}: {name} ({ms:.0} ms){step}\n          {message}")
        }
        Outcome::Inconclusive { step, reason } => {
            let step = step_line(step, "precondition");
            format!(
                "  INCONCL {shown}: {name} ({ms:.0} ms), not a Finesse finding{step}\n          {reason}"
            )
        }
        Outcome::Error { step, message } => {
            let step = step_line(step, "step");
            format!("  ERROR   {shown}: {name} ({ms:.0} ms){step}\n          {message}")
        }
        Outcome::Skipped { reason } => format!("  skipped {shown}: {name} ({reason})"),
    }
}

/// One block of the summary: the scenarios with `verdict`, each with its step and message.
fn section(out: &mut String, title: &str, report: &RunReport, verdict: Verdict, r: &Redactor) {
    let listed: Vec<_> = report
        .scenarios()
        .filter(|s| s.outcome.verdict() == Some(verdict))
        .collect();
    if listed.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}:\n"));
    for s in listed {
        if let Some((step, message)) = s.outcome.problem() {
            let step = step.map(|st| format!(" at \"{st}\"")).unwrap_or_default();
            out.push_str(&format!(
                "  {} › {}{step}: {}\n",
                s.classname,
                s.name,
                r.redact(message)
            ));
        }
    }
}

pub(crate) fn summary(report: &RunReport, redactor: &Redactor) -> String {
    let c = report.counts();
    let total = c.passed + c.failed + c.inconclusive + c.errors + c.skipped;
    let mut out = String::new();
    section(
        &mut out,
        "Failures (Finesse did what the guide forbids)",
        report,
        Verdict::Fail,
        redactor,
    );
    section(
        &mut out,
        "Inconclusive (a precondition could not be reached; not Finesse findings)",
        report,
        Verdict::Inconclusive,
        redactor,
    );
    section(
        &mut out,
        "Errors (the harness or the lab's infrastructure broke)",
        report,
        Verdict::Error,
        redactor,
    );
    let warned: Vec<_> = report
        .scenarios()
        .filter(|s| !s.warnings.is_empty())
        .collect();
    if !warned.is_empty() {
        out.push_str("\nLab warnings (cleanup could not restore; verdicts unchanged):\n");
        for s in warned {
            for w in &s.warnings {
                out.push_str(&format!(
                    "  {} › {}: {}\n",
                    s.classname,
                    s.name,
                    redactor.redact(w)
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
    let warned = if c.warned > 0 {
        format!(", {} with lab warnings", c.warned)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "\n{total} scenarios: {} passed{flaky}, {} failed, {} inconclusive, {} errors, {} skipped{warned} in {:.2} s against {} ({dep}, {})\n",
        c.passed,
        c.failed,
        c.inconclusive,
        c.errors,
        c.skipped,
        report.duration.as_secs_f64(),
        t.profile,
        redactor.redact(&t.base_url),
    ));
    out
}
