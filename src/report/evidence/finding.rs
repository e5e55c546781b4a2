//! `finding.md`: a summary to paste into a TAC case — what the guide says against what the
//! server did, on which target, when.

use crate::domain::catalogue::Rule;
use crate::domain::results::{HARNESS_VERSION, Outcome, RunReport, ScenarioReport};
use crate::finesse::client::Exchange;
use crate::redact::Redactor;

/// Text safe in running Markdown and in table cells: one line, punctuation escaped.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn longest_run(text: &str, of: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == of { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// An inline code span, whatever backticks `text` holds.
pub(super) fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let ticks = "`".repeat(longest_run(&text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A fenced block whose fence is longer than any backtick run inside.
pub(super) fn fence(text: &str, info: &str) -> String {
    let ticks = "`".repeat((longest_run(text, '`') + 1).max(3));
    let text = text.trim_end_matches('\n');
    format!("{ticks}{info}\n{text}\n{ticks}\n")
}

fn ms(d: std::time::Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

pub(super) fn markdown(
    report: &RunReport,
    s: &ScenarioReport,
    rules: &[Rule],
    redactor: &Redactor,
) -> String {
    let r = |t: &str| redactor.redact(t);
    let t = &report.target;
    let unknown = || "unknown".to_string();
    let (step, message) = match &s.outcome {
        Outcome::Passed => (None, "passed".to_string()),
        Outcome::Skipped { reason } => (None, format!("skipped: {}", r(reason))),
        other => match other.problem() {
            Some((step, message)) => (step.map(r), r(message)),
            None => (None, String::new()),
        },
    };
    let scenario_rules = super::rules_of(s, rules);
    let mut out = format!("# Finding: {}\n\n", esc(&r(&s.name)));
    out.push_str(&format!(
        "A check of the Cisco Finesse REST API against the Web Services Developer Guide failed on Finesse {} ({}). Found by finesse-conformance {HARNESS_VERSION}.\n\n",
        esc(&t.version.clone().unwrap_or_else(unknown)),
        esc(&t.deployment.clone().unwrap_or_else(unknown)),
    ));
    let ids: Vec<String> = scenario_rules.iter().map(|(id, _)| code(id)).collect();
    out.push_str("| | |\n|---|---|\n");
    for (k, v) in [
        (
            "Scenario",
            format!("{} › {}", esc(&r(&s.classname)), esc(&r(&s.name))),
        ),
        (
            "Feature file",
            code(&format!("{}:{}", r(&s.key.0), s.line())),
        ),
        ("Guide", esc(&cited(&s.citation()))),
        ("Rules", none_if_empty(ids.join(", "))),
        (
            "Failed step",
            step.as_deref().map(code).unwrap_or_else(|| "none".into()),
        ),
    ] {
        out.push_str(&format!("| {k} | {v} |\n"));
    }

    out.push_str("\n## What the guide says\n\n");
    if scenario_rules.is_empty() {
        out.push_str(&format!(
            "The scenario names no rule; it transcribes {}.\n",
            esc(&cited(&s.citation()))
        ));
    }
    for (id, rule) in &scenario_rules {
        match rule {
            Some(rule) => out.push_str(&format!(
                "### {} — release {}, {}\n\n{}\n\n- Endpoint: {}\n- Expected: {}\n\n",
                code(id),
                esc(&rule.release),
                esc(&rule.page),
                esc(&rule.statement),
                code(&rule.endpoint),
                esc(&rule.expected)
            )),
            None => out.push_str(&format!(
                "### {}\n\nThis rule is not in the catalogue (features/rules.yaml).\n\n",
                code(id)
            )),
        }
    }

    out.push_str("## What the server did\n\n");
    if let Some(step) = &step {
        out.push_str(&format!("The step {} failed:\n\n", code(step)));
    }
    out.push_str(&fence(&message, "text"));
    match s.transcript.last_step_exchange() {
        Some(x) => out.push_str(&exchange(x, redactor)),
        None => out.push_str("\nNo request was recorded before the failure.\n"),
    }

    out.push_str("\n## Target\n\n| | |\n|---|---|\n");
    let mut rows = vec![
        ("Profile", esc(&r(&t.profile))),
        ("Base URL", code(&r(&t.base_url))),
        (
            "Deployment",
            esc(&t.deployment.clone().unwrap_or_else(unknown)),
        ),
        (
            "Finesse version",
            esc(&t.version.clone().unwrap_or_else(unknown)),
        ),
        ("Harness", format!("finesse-conformance {HARNESS_VERSION}")),
    ];
    if let Some(shard) = &t.shard {
        rows.push(("Shard", esc(shard)));
    }
    for (k, v) in rows {
        out.push_str(&format!("| {k} | {v} |\n"));
    }

    out.push_str("\n## Timing\n\n");
    out.push_str(&format!(
        "- Run started {} and took {:.2} s.\n- The scenario took {} (attempt {} of {}).\n",
        humantime::format_rfc3339_seconds(report.started),
        report.duration.as_secs_f64(),
        ms(s.duration),
        s.earlier.len() + 1,
        s.earlier.len() + 1,
    ));
    if let Some(x) = s.transcript.last_step_exchange() {
        out.push_str(&format!(
            "- The failing request was sent at {} and took {}.\n",
            humantime::format_rfc3339_millis(x.started),
            ms(x.duration)
        ));
    }

    out.push_str(&format!(
        "\n## Files\n\n- {}: every request and response of the scenario in order, with timestamps and durations; the failing request and the start of the cleanup are marked.\n- {}: the failing request as a curl command (set {} to the password of the user it names).\n- {}: the target's SystemInfo, as read at the start of the run (one file for the run, beside this folder).\n",
        code(super::TRANSCRIPT),
        code(super::REPRODUCE),
        code("FINESSE_PASSWORD"),
        code(&format!("../{}", super::SYSTEM_INFO)),
    ));
    out
}

/// The note of an inconclusive or errored scenario: it says plainly that this is not a
/// finding against Finesse, what went wrong instead, and the exchange that shows it.
pub(super) fn not_a_finding(report: &RunReport, s: &ScenarioReport, redactor: &Redactor) -> String {
    let r = |t: &str| redactor.redact(t);
    let (what, fix) = match s.outcome {
        Outcome::Inconclusive { .. } => (
            "inconclusive: the scenario could not reach the situation it tests, because a precondition failed",
            "Fix the lab or the profile (users, teams, extensions, reason codes, phones) so that the precondition holds; `finesse-conformance doctor --profile …` checks most of them.",
        ),
        _ => (
            "an error: the harness or the target's infrastructure broke (no answer, a timeout, TLS, a harness bug)",
            "Check that the target is reachable and answering, then run again; if the harness is at fault, report it to its maintainers.",
        ),
    };
    let mut out = format!(
        "# Not a Finesse finding: {}

",
        esc(&r(&s.name))
    );
    out.push_str(&format!(
        "This scenario's verdict is {what}. It says nothing about whether Finesse follows the guide. Do not attach it to a TAC case.

"
    ));
    out.push_str(
        "| | |
|---|---|
",
    );
    out.push_str(&format!(
        "| Scenario | {} › {} |
| Feature file | {} |
| Guide | {} |
| Target | {} ({}) |
",
        esc(&r(&s.classname)),
        esc(&r(&s.name)),
        code(&format!("{}:{}", r(&s.key.0), s.line())),
        esc(&cited(&s.citation())),
        code(&r(&report.target.base_url)),
        esc(&report
            .target
            .deployment
            .clone()
            .unwrap_or_else(|| "unknown".into())),
    ));
    if let Some((step, message)) = s.outcome.problem() {
        out.push_str(
            "
## What went wrong

",
        );
        match (step, &s.outcome) {
            (Some(step), Outcome::Inconclusive { .. }) => out.push_str(&format!(
                "The precondition {} failed:

",
                code(&r(step))
            )),
            (Some(step), _) => out.push_str(&format!(
                "The step {} broke:

",
                code(&r(step))
            )),
            (None, _) => {}
        }
        out.push_str(&fence(&r(message), "text"));
    }
    out.push_str(&format!(
        "
{fix}
"
    ));
    if let Some(x) = s.transcript.last_step_exchange() {
        out.push_str(
            &exchange(x, redactor)
                .replace(&format!("; {} sends it again", code(super::REPRODUCE)), ""),
        );
    }
    out.push_str(&format!(
        "
Every exchange of the scenario is in {}.
",
        code(super::TRANSCRIPT)
    ));
    out
}

fn cited(citation: &str) -> String {
    if citation.is_empty() {
        "no guide page (the scenario has no @guide tag)".to_string()
    } else {
        format!("Cisco Finesse Web Services Developer Guide, {citation}")
    }
}

fn none_if_empty(text: String) -> String {
    if text.is_empty() {
        "none".to_string()
    } else {
        text
    }
}

/// The failing request and its response, headers and bodies.
fn exchange(x: &Exchange, redactor: &Redactor) -> String {
    let r = |t: &str| redactor.redact(t);
    let who = x
        .user
        .as_deref()
        .map(|u| format!(" as {}", esc(&r(u))))
        .unwrap_or_default();
    let mut request = format!("{} {}\n", r(&x.method), r(&x.url));
    for (k, v) in &x.request_headers {
        request.push_str(&format!("{}: {}\n", r(k), r(v)));
    }
    if let Some(body) = x.request_body.as_deref().filter(|b| !b.is_empty()) {
        request.push_str(&format!("\n{}\n", r(body)));
    }
    let status = match (x.status, &x.error) {
        (Some(st), _) => format!("It answered **{st}** in {}:", ms(x.duration)),
        (None, Some(e)) => format!("No response after {}: {}", ms(x.duration), code(&r(e))),
        (None, None) => format!("No response after {}.", ms(x.duration)),
    };
    let mut response = String::new();
    for (k, v) in &x.response_headers {
        response.push_str(&format!("{}: {}\n", r(k), r(v)));
    }
    match x.response_body.as_deref().filter(|b| !b.is_empty()) {
        Some(body) => response.push_str(&format!("\n{}\n", r(body))),
        None if x.status.is_some() => response.push_str("\n(empty body)\n"),
        None => {}
    }
    let mut out = format!(
        "\nThe failing step's last request (sent{who}; {} sends it again):\n\n{}",
        code(super::REPRODUCE),
        fence(&request, "http")
    );
    out.push_str(&format!("\n{status}\n\n"));
    if !response.is_empty() {
        out.push_str(&fence(&response, "http"));
    }
    out
}
