//! One self-contained HTML report: summary, failures (with the guide's words and the
//! exchange), flaky scenarios, skipped scenarios and why, passes. Inline CSS only and no
//! script, so it opens from a CI artifact or a mail attachment with nothing else around it.
//!
//! Text is redacted before it is escaped: an HTML-escaped secret would no longer match.

use std::fmt::Write as _;
use std::path::Path;

use super::evidence::{annotated, rules_of};
use super::{HARNESS_VERSION, Outcome, RunReport, ScenarioReport};
use crate::redact::Redactor;
use crate::suite::rules::Rule;

const CSS: &str = "
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1b1f24;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin:.2rem 0}code,pre{font:12.5px/1.4 ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:.6rem;overflow:auto;white-space:pre-wrap;word-break:break-word}
table{border-collapse:collapse}th,td{text-align:left;padding:.25rem .6rem;border-bottom:1px solid #eaeef2;vertical-align:top}
.verdict{font-weight:700;font-size:1.1rem}.verdict.failed{color:#b3261e}.verdict.passed{color:#1a7f37}
.counts td{font-size:1.3rem;font-weight:600}#count-failed{color:#b3261e}#count-passed{color:#1a7f37}#count-flaky{color:#9a6700}
dl.target{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem}dl.target dt{color:#57606a}dl.target dd{margin:0}
article{border:1px solid #d0d7de;border-left-width:5px;border-radius:4px;padding:.5rem .9rem;margin:.8rem 0}
article.failure{border-left-color:#b3261e}article.flaky{border-left-color:#9a6700}
.where,.statement-meta{color:#57606a}.rule{margin:.4rem 0 .4rem .8rem}.rule p{margin:.15rem 0}
summary{cursor:pointer;font-weight:600}table.skipped td.reason{min-width:14rem}.none{color:#57606a;font-style:italic}
";

/// Escapes text for HTML content and double-quoted attributes; drops control characters
/// that HTML does not allow.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn ms(d: std::time::Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

pub fn render(report: &RunReport, rules: &[Rule], redactor: &Redactor) -> String {
    let t = |s: &str| esc(&redactor.redact(s));
    let c = report.counts();
    let total = c.passed + c.failed + c.skipped;
    let verdict = if c.failed > 0 { "failed" } else { "passed" };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Finesse conformance: {} ({} of {total} failed), {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>Finesse conformance report</h1>\n",
        verdict.to_uppercase(),
        c.failed,
        t(&report.target.profile)
    );
    summary(&mut out, report, redactor);

    let failed: Vec<&ScenarioReport> = report
        .scenarios()
        .filter(|s| matches!(s.outcome, Outcome::Failed { .. }))
        .collect();
    let _ = write!(
        out,
        "<section id=\"failures\">\n<h2>Failures ({})</h2>\n",
        failed.len()
    );
    if failed.is_empty() {
        out.push_str("<p class=\"none\">No scenario failed.</p>\n");
    }
    for (i, s) in failed.iter().enumerate() {
        failure(&mut out, i, s, rules, redactor);
    }
    out.push_str("</section>\n");

    let flaky: Vec<&ScenarioReport> = report.scenarios().filter(|s| s.flaky()).collect();
    let _ = write!(
        out,
        "<section id=\"flaky\">\n<h2>Flaky ({})</h2>\n",
        flaky.len()
    );
    if flaky.is_empty() {
        out.push_str("<p class=\"none\">No scenario needed a retry to pass.</p>\n");
    }
    for s in &flaky {
        let _ = write!(
            out,
            "<article class=\"flaky\">\n<h3 class=\"scenario-name\">{}</h3>\n{}<p>Passed on attempt {} of {}.</p>\n",
            t(&s.name),
            location(s, redactor),
            s.earlier.len() + 1,
            s.earlier.len() + 1
        );
        attempts(&mut out, s, redactor);
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");

    skipped(&mut out, report, redactor);
    passed(&mut out, report, redactor);
    let _ = write!(
        out,
        "<footer><p class=\"where\">Written by finesse-conformance {HARNESS_VERSION}. Passwords are removed from everything shown.</p></footer>\n</body>\n</html>\n"
    );
    out
}

pub fn write(
    report: &RunReport,
    rules: &[Rule],
    redactor: &Redactor,
    path: &Path,
) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, render(report, rules, redactor))
        .map_err(|e| format!("cannot write the HTML report {}: {e}", path.display()))
}

fn summary(out: &mut String, report: &RunReport, redactor: &Redactor) {
    let t = |s: &str| esc(&redactor.redact(s));
    let c = report.counts();
    let total = c.passed + c.failed + c.skipped;
    let verdict = if c.failed > 0 { "failed" } else { "passed" };
    let _ = write!(
        out,
        "<section id=\"summary\">\n<p class=\"verdict {verdict}\" id=\"verdict\">{}</p>\n<table class=\"counts\">\n<tr><th>Scenarios</th><th>Passed</th><th>Failed</th><th>Skipped</th><th>Flaky</th></tr>\n<tr><td id=\"count-total\">{total}</td><td id=\"count-passed\">{}</td><td id=\"count-failed\">{}</td><td id=\"count-skipped\">{}</td><td id=\"count-flaky\">{}</td></tr>\n</table>\n<p class=\"where\">Passed includes the flaky scenarios (passed on a retry). Skipped scenarios do not apply to this target.</p>\n<dl class=\"target\">\n",
        verdict.to_uppercase(),
        c.passed,
        c.failed,
        c.skipped,
        c.flaky
    );
    let target = &report.target;
    let unknown = || "unknown".to_string();
    let mut rows = vec![
        ("profile", "Profile", t(&target.profile)),
        ("base-url", "Base URL", t(&target.base_url)),
        (
            "deployment",
            "Deployment",
            t(&target.deployment.clone().unwrap_or_else(unknown)),
        ),
        (
            "version",
            "Finesse version",
            t(&target.version.clone().unwrap_or_else(unknown)),
        ),
        (
            "harness",
            "Harness",
            format!("finesse-conformance {HARNESS_VERSION}"),
        ),
        (
            "started",
            "Started",
            humantime::format_rfc3339_seconds(report.started).to_string(),
        ),
        (
            "duration",
            "Duration",
            format!("{:.2} s", report.duration.as_secs_f64()),
        ),
    ];
    if let Some(shard) = &target.shard {
        rows.push(("shard", "Shard", t(shard)));
    }
    for (id, label, value) in rows {
        let _ = writeln!(out, "<dt>{label}</dt><dd id=\"target-{id}\">{value}</dd>");
    }
    out.push_str("</dl>\n</section>\n");
}

/// Class name, feature file and line, citation.
fn location(s: &ScenarioReport, redactor: &Redactor) -> String {
    let t = |x: &str| esc(&redactor.redact(x));
    let citation = s.citation();
    let citation = if citation.is_empty() {
        "no guide page".to_string()
    } else {
        format!("Guide {}", esc(&citation))
    };
    format!(
        "<p class=\"where\"><span class=\"classname\">{}</span> · <code class=\"location\">{}:{}</code> · <span class=\"citation\">{citation}</span> · {}</p>\n",
        t(&s.classname),
        t(&s.key.0),
        s.line(),
        ms(s.duration)
    )
}

fn failure(out: &mut String, i: usize, s: &ScenarioReport, rules: &[Rule], redactor: &Redactor) {
    let t = |x: &str| esc(&redactor.redact(x));
    let _ = write!(
        out,
        "<article class=\"failure\" id=\"failure-{i}\">\n<h3 class=\"scenario-name\">{}</h3>\n{}",
        t(&s.name),
        location(s, redactor)
    );
    if let Outcome::Failed { step, message } = &s.outcome {
        if let Some(step) = step {
            let _ = writeln!(
                out,
                "<p class=\"step\">Failed step: <code>{}</code></p>",
                t(step)
            );
        }
        let _ = writeln!(out, "<pre class=\"message\">{}</pre>", t(message));
    }
    let scenario_rules = rules_of(s, rules);
    if scenario_rules.is_empty() {
        out.push_str("<p class=\"none\">The scenario names no rule (no @rule tag).</p>\n");
    } else {
        out.push_str("<div class=\"rules\">\n<h4>What the guide says</h4>\n");
        for (id, rule) in scenario_rules {
            match rule {
                Some(r) => {
                    let _ = writeln!(
                        out,
                        "<div class=\"rule\" data-rule=\"{}\"><p><code>{}</code> <span class=\"statement-meta\">release {}, {}</span></p><p class=\"statement\">{}</p><p class=\"expected\">Expected: {} <span class=\"statement-meta\">({})</span></p></div>",
                        esc(id),
                        esc(id),
                        esc(&r.release),
                        esc(&r.page),
                        esc(&r.statement),
                        esc(&r.expected),
                        esc(&r.endpoint)
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "<div class=\"rule\" data-rule=\"{}\"><p><code>{}</code> is not in the rule catalogue.</p></div>",
                        esc(id),
                        esc(id)
                    );
                }
            }
        }
        out.push_str("</div>\n");
    }
    match s.transcript.last_step_exchange() {
        Some(x) => {
            let answer = x
                .status
                .map(|st| st.to_string())
                .unwrap_or_else(|| "no response".into());
            let _ = write!(
                out,
                "<details class=\"exchange\" open><summary>The failing request: {} {} → {answer}</summary>\n<pre>{}</pre>\n</details>\n",
                t(&x.method),
                t(&x.url),
                t(&x.render())
            );
        }
        None => out.push_str("<p class=\"none\">No request was recorded before the failure.</p>\n"),
    }
    let _ = write!(
        out,
        "<details class=\"transcript\"><summary>Full transcript ({} entries)</summary>\n<pre>{}</pre>\n</details>\n",
        s.transcript.entries.len(),
        t(&annotated(&s.transcript, redactor))
    );
    attempts(out, s, redactor);
    out.push_str("</article>\n");
}

/// The earlier failed attempts of a retried scenario.
fn attempts(out: &mut String, s: &ScenarioReport, redactor: &Redactor) {
    let t = |x: &str| esc(&redactor.redact(x));
    let total = s.earlier.len() + 1;
    for (i, a) in s.earlier.iter().enumerate() {
        let why = match (&a.outcome, a.outcome.problem()) {
            (o, Some((Some(step), message))) => format!(
                "{} at step {step}: {message}",
                o.verdict().map(|v| v.to_string()).unwrap_or_default()
            ),
            (_, Some((None, message))) => message.to_string(),
            (Outcome::Skipped { reason }, None) => reason.clone(),
            _ => "passed".into(),
        };
        let _ = write!(
            out,
            "<details class=\"attempt\"><summary>Attempt {} of {total} failed ({})</summary>\n<pre class=\"message\">{}</pre>\n<pre>{}</pre>\n</details>\n",
            i + 1,
            ms(a.duration),
            t(&why),
            t(&annotated(&a.transcript, redactor))
        );
    }
}

fn skipped(out: &mut String, report: &RunReport, redactor: &Redactor) {
    let t = |x: &str| esc(&redactor.redact(x));
    let rows: Vec<(&ScenarioReport, &str)> = report
        .scenarios()
        .filter_map(|s| match &s.outcome {
            Outcome::Skipped { reason } => Some((s, reason.as_str())),
            _ => None,
        })
        .collect();
    let _ = write!(
        out,
        "<section id=\"skipped\">\n<h2>Skipped ({})</h2>\n",
        rows.len()
    );
    if rows.is_empty() {
        out.push_str("<p class=\"none\">Every scenario applied to this target.</p>\n</section>\n");
        return;
    }
    // Most skips share a handful of reasons (a missing capability, the other platform).
    let mut reasons: Vec<(&str, usize)> = Vec::new();
    for (_, why) in &rows {
        match reasons.iter_mut().find(|(r, _)| r == why) {
            Some((_, n)) => *n += 1,
            None => reasons.push((why, 1)),
        }
    }
    out.push_str("<ul class=\"skip-reasons\">\n");
    for (why, n) in reasons {
        let _ = writeln!(out, "<li>{n} × {}</li>", t(why));
    }
    out.push_str("</ul>\n<table class=\"skipped\">\n<tr><th>Scenario</th><th>Feature</th><th>Why</th></tr>\n");
    for (s, why) in rows {
        let _ = writeln!(
            out,
            "<tr class=\"skip\"><td class=\"scenario-name\">{}</td><td><code>{}:{}</code></td><td class=\"reason\">{}</td></tr>",
            t(&s.name),
            t(&s.key.0),
            s.line(),
            t(why)
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn passed(out: &mut String, report: &RunReport, redactor: &Redactor) {
    let t = |x: &str| esc(&redactor.redact(x));
    let rows: Vec<&ScenarioReport> = report
        .scenarios()
        .filter(|s| s.outcome == Outcome::Passed)
        .collect();
    let _ = write!(
        out,
        "<section id=\"passed\">\n<h2>Passed ({})</h2>\n<details><summary>Show the scenarios that passed</summary>\n<table class=\"passed\">\n<tr><th>Scenario</th><th>Feature</th><th>Guide</th><th>Time</th></tr>\n",
        rows.len()
    );
    for s in rows {
        let flaky = if s.flaky() { " (flaky)" } else { "" };
        let _ = writeln!(
            out,
            "<tr class=\"pass\"><td class=\"scenario-name\">{}{flaky}</td><td><code>{}:{}</code></td><td class=\"citation\">{}</td><td>{}</td></tr>",
            t(&s.name),
            t(&s.key.0),
            s.line(),
            esc(&s.citation()),
            ms(s.duration)
        );
    }
    out.push_str("</table>\n</details>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::evidence::tests::{CANARY, canary_forms, synthetic_report, test_rules};

    #[test]
    fn text_is_escaped_and_sections_come_in_order() {
        let mut report = synthetic_report();
        report.features[0].scenarios[0].name = "<script>alert('x')</script> & co".into();
        let html = render(&report, &test_rules(), &Redactor::default());
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"),
            "{html}"
        );
        assert!(!html.contains("<script"), "no script element: {html}");
        let at = |needle: &str| {
            html.find(needle)
                .unwrap_or_else(|| panic!("{needle} missing from {html}"))
        };
        assert!(at("id=\"summary\"") < at("id=\"failures\""));
        assert!(at("id=\"failures\"") < at("id=\"flaky\""));
        assert!(at("id=\"flaky\"") < at("id=\"skipped\""));
        assert!(at("id=\"skipped\"") < at("id=\"passed\""));
        assert!(html.contains("<td id=\"count-failed\">1</td>"), "{html}");
        assert!(html.contains("<td id=\"count-flaky\">1</td>"), "{html}");
        assert!(html.contains("<td id=\"count-skipped\">1</td>"), "{html}");
        // The rule's statement from the catalogue, and the unknown rule said as such.
        assert!(html.contains("An unknown mrdId answers 404"), "{html}");
        assert!(html.contains("not.in.catalogue</code> is not in the rule catalogue"));
        assert!(
            html.contains("the platform has no chat"),
            "skip reason: {html}"
        );
    }

    #[test]
    fn the_report_references_nothing_outside_itself() {
        let html = render(&synthetic_report(), &test_rules(), &Redactor::default());
        for external in ["src=", "href=", "<link", "@import", "url(", "<script"] {
            assert!(!html.contains(external), "{external} in the report");
        }
    }

    #[test]
    fn no_form_of_the_password_reaches_the_page() {
        let report = synthetic_report();
        let redactor = Redactor::new(&[CANARY.to_string()], &["agent1".to_string()]);
        let html = render(&report, &test_rules(), &redactor);
        for form in canary_forms() {
            assert!(!html.contains(&form), "{form} in the HTML report");
        }
        // The same page without redaction shows it: the check above can fail.
        let leaky = render(&report, &test_rules(), &Redactor::default());
        assert!(canary_forms().iter().any(|f| leaky.contains(f)));
    }
}
