//! One self-contained HTML report: summary, failures (with the guide's words and the
//! exchange), then what could not be checked (inconclusive, errors: not Finesse findings),
//! lab warnings, flaky scenarios, skipped scenarios and why, passes. Inline CSS only and no
//! script, so it opens from a CI artifact or a mail attachment with nothing else around it.
//!
//! Text is redacted before it is escaped: an HTML-escaped secret would no longer match.

use std::fmt::Write as _;
use std::path::Path;

use super::evidence::{annotated, rules_of};
use crate::domain::catalogue::Rule;
use crate::domain::results::{Counts, HARNESS_VERSION, Outcome, RunReport, ScenarioReport};
use crate::domain::verdict::Verdict;
use crate::redact::Redactor;

const CSS: &str = "
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1b1f24;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin:.2rem 0}code,pre{font:12.5px/1.4 ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:.6rem;overflow:auto;white-space:pre-wrap;word-break:break-word}
table{border-collapse:collapse}th,td{text-align:left;padding:.25rem .6rem;border-bottom:1px solid #eaeef2;vertical-align:top}
.verdict{font-weight:700;font-size:1.1rem}.verdict.failed{color:#b3261e}.verdict.passed{color:#1a7f37}.verdict.incomplete{color:#bc4c00}
.counts td{font-size:1.3rem;font-weight:600}#count-failed{color:#b3261e}#count-passed{color:#1a7f37}#count-flaky,#count-warned{color:#9a6700}
#count-inconclusive{color:#8250df}#count-errors{color:#bc4c00}
dl.target{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem}dl.target dt{color:#57606a}dl.target dd{margin:0}
article{border:1px solid #d0d7de;border-left-width:5px;border-radius:4px;padding:.5rem .9rem;margin:.8rem 0}
article.failure{border-left-color:#b3261e}article.flaky{border-left-color:#9a6700}
article.inconclusive{border-left-color:#8250df}article.error{border-left-color:#bc4c00}
.not-a-finding{font-weight:600;color:#57606a}ul.warnings{color:#9a6700}
.where,.statement-meta{color:#57606a}.rule{margin:.4rem 0 .4rem .8rem}.rule p{margin:.15rem 0}
summary{cursor:pointer;font-weight:600}td.reason{min-width:14rem}.none{color:#57606a;font-style:italic}
";

/// Escapes text for HTML content and double-quoted attributes; drops control characters
/// that HTML does not allow.
pub(crate) fn esc(text: &str) -> String {
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

fn total(c: &Counts) -> usize {
    c.passed + c.failed + c.inconclusive + c.errors + c.skipped
}

/// The run's verdict as the gate sees it (exit 1, 4 or 0): its CSS class and its word.
fn overall(c: &Counts) -> (&'static str, &'static str) {
    if c.failed > 0 {
        ("failed", "FAILED")
    } else if c.inconclusive + c.errors > 0 {
        ("incomplete", "INCOMPLETE")
    } else {
        ("passed", "PASSED")
    }
}

/// One section per verdict that is not a pass, in the order the report shows them.
struct Section {
    verdict: Verdict,
    id: &'static str,
    title: &'static str,
    /// Said once under the heading.
    intro: &'static str,
    none: &'static str,
}

const SECTIONS: [Section; 3] = [
    Section {
        verdict: Verdict::Fail,
        id: "failures",
        title: "Failures",
        intro: "Findings: a check found Finesse doing what the guide forbids.",
        none: "No scenario failed.",
    },
    Section {
        verdict: Verdict::Inconclusive,
        id: "inconclusive",
        title: "Inconclusive",
        intro: "Not Finesse findings: a precondition could not be reached (a user, a state, a call the scenario needs), so these scenarios never got to what they check. Fix the lab or the profile and run them again.",
        none: "Every scenario that ran reached what it checks.",
    },
    Section {
        verdict: Verdict::Error,
        id: "errors",
        title: "Errors",
        intro: "Not Finesse findings: the harness or the lab's infrastructure broke (no answer, a timeout, TLS, a step the harness does not know).",
        none: "Nothing broke.",
    },
];

pub(crate) fn render(report: &RunReport, rules: &[Rule], redactor: &Redactor) -> String {
    let t = |s: &str| esc(&redactor.redact(s));
    let c = report.counts();
    let (_, verdict) = overall(&c);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Finesse conformance: {verdict} ({} failed, {} inconclusive, {} errors of {}), {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>Finesse conformance report</h1>\n",
        c.failed,
        c.inconclusive,
        c.errors,
        total(&c),
        t(&report.target.profile)
    );
    summary(&mut out, report, redactor);
    for section in &SECTIONS {
        problems(&mut out, report, section, rules, redactor);
    }
    warnings(&mut out, report, redactor);

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
    let page = render(report, rules, redactor);
    super::files::write("the HTML report", path, page.as_bytes())
}

/// The page; with `incomplete`, the reason the run did not complete, said first.
pub(crate) fn render_marked(
    report: &RunReport,
    rules: &[Rule],
    redactor: &Redactor,
    incomplete: Option<&str>,
) -> String {
    let page = render(report, rules, redactor);
    let Some(why) = incomplete else {
        return page;
    };
    const TITLE: &str = "<h1>Finesse conformance report</h1>\n";
    let note = format!(
        "<p class=\"verdict incomplete\" id=\"run-incomplete\">Run did not complete: {}</p>\n",
        esc(&redactor.redact(why))
    );
    match page.find(TITLE) {
        Some(at) => {
            let at = at + TITLE.len();
            format!("{}{note}{}", &page[..at], &page[at..])
        }
        None => format!("{note}{page}"),
    }
}

fn summary(out: &mut String, report: &RunReport, redactor: &Redactor) {
    let t = |s: &str| esc(&redactor.redact(s));
    let c = report.counts();
    let (class, verdict) = overall(&c);
    let _ = write!(
        out,
        "<section id=\"summary\">\n<p class=\"verdict {class}\" id=\"verdict\">{verdict}</p>\n<table class=\"counts\">\n<tr><th>Scenarios</th><th>Passed</th><th>Failed</th><th>Inconclusive</th><th>Errors</th><th>Skipped</th><th>Flaky</th><th>Lab warnings</th></tr>\n<tr><td id=\"count-total\">{}</td><td id=\"count-passed\">{}</td><td id=\"count-failed\">{}</td><td id=\"count-inconclusive\">{}</td><td id=\"count-errors\">{}</td><td id=\"count-skipped\">{}</td><td id=\"count-flaky\">{}</td><td id=\"count-warned\">{}</td></tr>\n</table>\n<p class=\"where\">Failed: Finesse did what the guide forbids (findings). Inconclusive: a precondition could not be reached; errors: the harness or the lab's infrastructure broke; neither is a Finesse finding, but neither shows that Finesse conforms. Passed includes the flaky scenarios (passed on a retry). Skipped scenarios do not apply to this target. Lab warnings count the scenarios whose cleanup could not put the lab back; their verdicts stand.</p>\n<dl class=\"target\">\n",
        total(&c),
        c.passed,
        c.failed,
        c.inconclusive,
        c.errors,
        c.skipped,
        c.flaky,
        c.warned
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
        "<p class=\"where\"><span class=\"classname\">{}</span> · <code class=\"location\">{}</code> · <span class=\"citation\">{citation}</span> · {}</p>\n",
        t(&s.classname),
        file_line(s, redactor),
        ms(s.duration)
    )
}

/// The scenario's feature file and line, `features/x.feature:12`.
fn file_line(s: &ScenarioReport, redactor: &Redactor) -> String {
    format!("{}:{}", esc(&redactor.redact(&s.key.0)), s.line())
}

/// `n × reason` for each distinct reason, most frequent first (many scenarios often share
/// one: a capability the target lacks, an unreachable host, a user who cannot sign in).
fn reason_list(out: &mut String, class: &str, reasons: &[&str], redactor: &Redactor) {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for why in reasons {
        match counted.iter_mut().find(|(r, _)| r == why) {
            Some((_, n)) => *n += 1,
            None => counted.push((why, 1)),
        }
    }
    counted.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let _ = writeln!(out, "<ul class=\"{class}\">");
    for (why, n) in counted {
        let _ = writeln!(out, "<li>{n} × {}</li>", esc(&redactor.redact(why)));
    }
    out.push_str("</ul>\n");
}

/// The section of every scenario with `section.verdict`, one article each.
fn problems(
    out: &mut String,
    report: &RunReport,
    section: &Section,
    rules: &[Rule],
    redactor: &Redactor,
) {
    let listed: Vec<&ScenarioReport> = report
        .scenarios()
        .filter(|s| s.outcome.verdict() == Some(section.verdict))
        .collect();
    let _ = write!(
        out,
        "<section id=\"{}\">\n<h2>{} ({})</h2>\n",
        section.id,
        section.title,
        listed.len()
    );
    if listed.is_empty() {
        let _ = writeln!(out, "<p class=\"none\">{}</p>", section.none);
        out.push_str("</section>\n");
        return;
    }
    let _ = writeln!(out, "<p class=\"where\">{}</p>", section.intro);
    if section.verdict != Verdict::Fail {
        // Grouped by the precondition that failed (its messages differ by user), or for an
        // error by its message (an unreachable target gives every scenario the same one);
        // shown only when it does group.
        let reasons: Vec<String> = listed
            .iter()
            .filter_map(|s| s.outcome.problem())
            .map(|(step, message)| match (section.verdict, step) {
                (Verdict::Inconclusive, Some(step)) => format!("precondition: {step}"),
                _ => message.to_string(),
            })
            .collect();
        let mut distinct: Vec<&String> = reasons.iter().collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() < reasons.len() {
            let reasons: Vec<&str> = reasons.iter().map(String::as_str).collect();
            reason_list(out, "reasons", &reasons, redactor);
        }
    }
    for (i, s) in listed.iter().enumerate() {
        article(out, i, s, rules, redactor);
    }
    out.push_str("</section>\n");
}

/// One scenario that did not pass: what went wrong, where, and the exchange.
fn article(out: &mut String, i: usize, s: &ScenarioReport, rules: &[Rule], redactor: &Redactor) {
    let t = |x: &str| esc(&redactor.redact(x));
    let (class, step_label, not_a_finding) = match s.outcome {
        Outcome::Inconclusive { .. } => (
            "inconclusive",
            "Precondition that failed",
            Some("Not a Finesse finding: a precondition could not be reached."),
        ),
        Outcome::Error { .. } => (
            "error",
            "Step that broke",
            Some("Not a Finesse finding: the harness or the lab's infrastructure broke."),
        ),
        _ => ("failure", "Failed step", None),
    };
    let _ = write!(
        out,
        "<article class=\"{class}\" id=\"{class}-{i}\">\n<h3 class=\"scenario-name\">{}</h3>\n{}",
        t(&s.name),
        location(s, redactor)
    );
    if let Some(text) = not_a_finding {
        let _ = writeln!(out, "<p class=\"not-a-finding\">{text}</p>");
    }
    if let Some((step, message)) = s.outcome.problem() {
        if let Some(step) = step {
            let _ = writeln!(
                out,
                "<p class=\"step\">{step_label}: <code>{}</code></p>",
                t(step)
            );
        }
        let _ = writeln!(out, "<pre class=\"message\">{}</pre>", t(message));
    }
    // What the guide says belongs to a finding; the others never got to check it.
    if s.outcome.is_failed() {
        guide_rules(out, s, rules);
    }
    scenario_warnings(out, s, redactor);
    match s.transcript.last_step_exchange() {
        Some(x) => {
            let answer = x
                .status
                .map(|st| st.to_string())
                .unwrap_or_else(|| "no response".into());
            let what = match s.outcome {
                Outcome::Inconclusive { .. } => "The precondition's last request",
                _ => "The failing request",
            };
            let _ = write!(
                out,
                "<details class=\"exchange\" open><summary>{what}: {} {} → {answer}</summary>\n<pre>{}</pre>\n</details>\n",
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
        t(&annotated(&s.transcript, redactor, s.outcome.is_failed()))
    );
    attempts(out, s, redactor);
    out.push_str("</article>\n");
}

/// The catalogue's statement of each rule the scenario names.
fn guide_rules(out: &mut String, s: &ScenarioReport, rules: &[Rule]) {
    let scenario_rules = rules_of(s, rules);
    if scenario_rules.is_empty() {
        out.push_str("<p class=\"none\">The scenario names no rule (no @rule tag).</p>\n");
        return;
    }
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

/// A scenario's lab warnings, where its verdict is shown.
fn scenario_warnings(out: &mut String, s: &ScenarioReport, redactor: &Redactor) {
    if s.warnings.is_empty() {
        return;
    }
    out.push_str("<ul class=\"warnings\">\n");
    for w in &s.warnings {
        let _ = writeln!(
            out,
            "<li>Lab warning (the verdict stands): {}</li>",
            esc(&redactor.redact(w))
        );
    }
    out.push_str("</ul>\n");
}

/// The earlier attempts of a retried scenario, each with its verdict.
fn attempts(out: &mut String, s: &ScenarioReport, redactor: &Redactor) {
    let t = |x: &str| esc(&redactor.redact(x));
    let total = s.earlier.len() + 1;
    for (i, a) in s.earlier.iter().enumerate() {
        let verdict = a
            .outcome
            .verdict()
            .map_or_else(|| "did not pass".to_string(), |v| v.to_string());
        let why = match (&a.outcome, a.outcome.problem()) {
            (_, Some((Some(step), message))) => format!("at step {step}: {message}"),
            (_, Some((None, message))) => message.to_string(),
            (Outcome::Skipped { reason }, None) => reason.clone(),
            _ => "passed".into(),
        };
        let _ = write!(
            out,
            "<details class=\"attempt\"><summary>Attempt {} of {total}: {verdict} ({})</summary>\n<pre class=\"message\">{}</pre>\n<pre>{}</pre>\n</details>\n",
            i + 1,
            ms(a.duration),
            t(&why),
            t(&annotated(&a.transcript, redactor, false))
        );
    }
}

/// Every lab warning of the run, with the scenario it came from and that scenario's verdict.
fn warnings(out: &mut String, report: &RunReport, redactor: &Redactor) {
    let t = |x: &str| esc(&redactor.redact(x));
    let warned: Vec<&ScenarioReport> = report
        .scenarios()
        .filter(|s| !s.warnings.is_empty())
        .collect();
    let _ = write!(
        out,
        "<section id=\"warnings\">\n<h2>Lab warnings ({})</h2>\n",
        warned.len()
    );
    if warned.is_empty() {
        out.push_str(
            "<p class=\"none\">Every cleanup put the lab back as it found it.</p>\n</section>\n",
        );
        return;
    }
    out.push_str("<p class=\"where\">The cleanup after these scenarios could not put the lab back. Their verdicts stand; the users it could not restore were not used again in this run. Check them before the next run.</p>\n<table class=\"warnings\">\n<tr><th>Scenario</th><th>Verdict</th><th>Feature</th><th>Warning</th></tr>\n");
    for s in warned {
        let verdict = match s.outcome.verdict() {
            Some(v) => v.to_string(),
            None if s.outcome == Outcome::Passed => "pass".to_string(),
            None => "skipped".to_string(),
        };
        for w in &s.warnings {
            let _ = writeln!(
                out,
                "<tr class=\"warning\"><td class=\"scenario-name\">{}</td><td>{verdict}</td><td><code>{}</code></td><td class=\"reason\">{}</td></tr>",
                t(&s.name),
                file_line(s, redactor),
                t(w)
            );
        }
    }
    out.push_str("</table>\n</section>\n");
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
    let reasons: Vec<&str> = rows.iter().map(|(_, why)| *why).collect();
    reason_list(out, "skip-reasons", &reasons, redactor);
    out.push_str(
        "<table class=\"skipped\">\n<tr><th>Scenario</th><th>Feature</th><th>Why</th></tr>\n",
    );
    for (s, why) in rows {
        let _ = writeln!(
            out,
            "<tr class=\"skip\"><td class=\"scenario-name\">{}</td><td><code>{}</code></td><td class=\"reason\">{}</td></tr>",
            t(&s.name),
            file_line(s, redactor),
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
            "<tr class=\"pass\"><td class=\"scenario-name\">{}{flaky}</td><td><code>{}</code></td><td class=\"citation\">{}</td><td>{}</td></tr>",
            t(&s.name),
            file_line(s, redactor),
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
        let order = [
            "id=\"summary\"",
            "id=\"failures\"",
            "id=\"inconclusive\"",
            "id=\"errors\"",
            "id=\"warnings\"",
            "id=\"flaky\"",
            "id=\"skipped\"",
            "id=\"passed\"",
        ];
        for pair in order.windows(2) {
            assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
        }
        for (id, n) in [
            ("total", 6),
            ("passed", 2),
            ("failed", 1),
            ("inconclusive", 1),
            ("errors", 1),
            ("skipped", 1),
            ("flaky", 1),
            ("warned", 1),
        ] {
            assert!(
                html.contains(&format!("<td id=\"count-{id}\">{n}</td>")),
                "count-{id} is not {n}: {html}"
            );
        }
        assert!(html.contains("id=\"verdict\">FAILED<"), "{html}");
        // The rule's statement from the catalogue, and the unknown rule said as such.
        assert!(html.contains("An unknown mrdId answers 404"), "{html}");
        assert!(html.contains("not.in.catalogue</code> is not in the rule catalogue"));
        assert!(
            html.contains("the platform has no chat"),
            "skip reason: {html}"
        );
    }

    /// The HTML between the start of the element with `id` and the next `</section>`.
    fn section<'a>(html: &'a str, id: &str) -> &'a str {
        let at = html
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no section {id}"));
        let rest = &html[at..];
        &rest[..rest.find("</section>").unwrap_or(rest.len())]
    }

    #[test]
    fn inconclusive_and_errors_are_shown_apart_as_no_findings() {
        let html = render(&synthetic_report(), &test_rules(), &Redactor::default());
        let failures = section(&html, "failures");
        assert_eq!(failures.matches("<article class=\"failure\"").count(), 1);
        assert!(failures.contains("What the guide says"), "{failures}");
        assert!(!failures.contains("Sign in while on a call"), "{failures}");

        let inconclusive = section(&html, "inconclusive");
        assert_eq!(
            inconclusive
                .matches("<article class=\"inconclusive\"")
                .count(),
            1
        );
        for expected in [
            "Sign in while on a call",
            "Not a Finesse finding: a precondition could not be reached.",
            "Precondition that failed: <code>Given the agent is on a call with the second agent</code>",
            "waited 5s for 1002 to have a ringing call",
            "The precondition's last request: GET http://127.0.0.1:9/finesse/api/User/1002/Dialogs",
            "Lab warning (the verdict stands): cleanup could not restore 1001",
        ] {
            assert!(
                inconclusive.contains(expected),
                "{expected}: {inconclusive}"
            );
        }
        // A scenario that never reached its check is not set against the guide's rules.
        assert!(
            !inconclusive.contains("What the guide says"),
            "{inconclusive}"
        );

        let errors = section(&html, "errors");
        assert_eq!(errors.matches("<article class=\"error\"").count(), 1);
        for expected in [
            "Sign in when the lab is down",
            "Not a Finesse finding: the harness or the lab's infrastructure broke.",
            "Step that broke: <code>When the agent signs in to chat</code>",
            "The failing request: GET http://127.0.0.1:9/finesse/api/User/1001/Media/2 → no response",
        ] {
            assert!(errors.contains(expected), "{expected}: {errors}");
        }

        let warnings = section(&html, "warnings");
        assert_eq!(warnings.matches("<tr class=\"warning\">").count(), 1);
        assert!(
            warnings.contains("<td>inconclusive</td>")
                && warnings.contains("cleanup could not restore 1001"),
            "{warnings}"
        );
        let flaky = section(&html, "flaky");
        assert!(
            flaky.contains("Attempt 1 of 2: inconclusive"),
            "an earlier attempt says its verdict: {flaky}"
        );
    }

    #[test]
    fn inconclusive_scenarios_are_grouped_by_the_precondition_that_failed() {
        let mut report = synthetic_report();
        let html = render(&report, &test_rules(), &Redactor::default());
        assert!(
            !section(&html, "inconclusive").contains("<ul class=\"reasons\">"),
            "one scenario: nothing to group"
        );
        let mut again = report.features[0].scenarios[4].clone();
        again.name = "Sign in again while on a call".into();
        again.outcome = Outcome::Inconclusive {
            step: Some("Given the agent is on a call with the second agent".into()),
            reason: "waited 5s for 1004 to have a ringing call; it has []".into(),
        };
        report.features[0].scenarios.push(again);
        let html = render(&report, &test_rules(), &Redactor::default());
        let inconclusive = section(&html, "inconclusive");
        assert!(
            inconclusive.contains(
                "<li>2 × precondition: Given the agent is on a call with the second agent</li>"
            ),
            "{inconclusive}"
        );
    }

    #[test]
    fn a_run_that_only_could_not_check_is_incomplete_not_failed() {
        let mut report = synthetic_report();
        report.features[0]
            .scenarios
            .retain(|s| !s.outcome.is_failed());
        let html = render(&report, &test_rules(), &Redactor::default());
        assert!(
            html.contains("<p class=\"verdict incomplete\" id=\"verdict\">INCOMPLETE</p>"),
            "{html}"
        );
        assert!(html.contains("<title>Finesse conformance: INCOMPLETE (0 failed, 1 inconclusive, 1 errors of 5), lab</title>"), "{html}");
        assert!(section(&html, "failures").contains("No scenario failed."));
        report.features[0]
            .scenarios
            .retain(|s| s.outcome.verdict().is_none());
        let html = render(&report, &test_rules(), &Redactor::default());
        assert!(html.contains("id=\"verdict\">PASSED<"), "{html}");
        assert!(
            section(&html, "inconclusive")
                .contains("Every scenario that ran reached what it checks.")
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
