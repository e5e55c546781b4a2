//! The HTML report as a browser shows it: a real run against the mock with two deviations, so
//! that scenarios fail and others are inconclusive (calls that never ring), plus a feature of
//! our own whose Then step has no request to check (a harness error), rendered and opened in headless Chromium.
//! What the DOM holds after the browser parsed the page is checked, not the text we wrote.
//!
//! Chromium is required (`apt-get install -y chromium`); `FC_SKIP_BROWSER=1` skips the
//! browser part deliberately and says so.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use finesse_conformance::domain::catalogue as rules;
use finesse_conformance::domain::results::{Outcome, RunReport};
use finesse_conformance::profile::Deployment;
use finesse_conformance::redact::Redactor;
use finesse_conformance::report::html;
use finesse_conformance::suite::{self, RunOptions};
use finesse_mock::{Deviation, MockConfig};
use regex::Regex;

const BROWSERS: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fc-html-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Text as Chromium serialises a text node: only `&`, `<`, `>` (and no-break spaces) escaped.
fn dom_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// The page's DOM after Chromium loaded it, or None when FC_SKIP_BROWSER=1.
fn browser_dom(page: &Path, work: &Path) -> Option<String> {
    if std::env::var("FC_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!(
            "note: FC_SKIP_BROWSER=1, so the HTML report was not opened in a browser; only its text was checked"
        );
        return None;
    }
    let dom = work.join("dom.html");
    let log = work.join("chromium.log");
    let mut child = None;
    for browser in BROWSERS {
        let spawned = Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--virtual-time-budget=2000",
            ])
            // Its own profile: parallel test runs and a developer's browser do not collide.
            .arg(format!(
                "--user-data-dir={}",
                work.join("profile").display()
            ))
            .arg("--dump-dom")
            .arg(format!("file://{}", page.display()))
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&dom).expect("dom file"))
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn();
        match spawned {
            Ok(c) => {
                child = Some(c);
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => panic!("cannot start {browser}: {e}"),
        }
    }
    let Some(mut child) = child else {
        panic!(
            "chromium is not installed: install it (apt-get install -y chromium) or set FC_SKIP_BROWSER=1 to skip the browser check"
        );
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within 120 s; see {}",
                log.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let text = std::fs::read_to_string(&dom).expect("dom written");
    assert!(
        status.success() && text.contains("</html>"),
        "chromium failed ({status}): {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    Some(text)
}

/// The text of the element with `id`, which holds no markup.
fn by_id(dom: &str, id: &str) -> String {
    let re = Regex::new(&format!(r#"id="{id}"[^>]*>([^<]*)<"#)).expect("regex");
    re.captures(dom)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| panic!("no element with id {id} in the DOM"))
}

/// The DOM between the opening tag with `marker` and the next closing `close`.
fn blocks<'a>(dom: &'a str, marker: &str, close: &str) -> Vec<&'a str> {
    dom.match_indices(marker)
        .map(|(at, _)| {
            let rest = &dom[at..];
            &rest[..rest.find(close).unwrap_or(rest.len())]
        })
        .collect()
}

/// The built-in suite with two deviations and one feature of our own whose only step checks a
/// response no request produced (undefined steps are refused before the run, issue 13).
async fn run(work: &Path) -> RunReport {
    let own = work.join("features");
    std::fs::create_dir_all(&own).expect("features dir");
    std::fs::write(
        own.join("own.feature"),
        "Feature: Our own\n\n  Scenario: A check with nothing to check\n    Then the response status is 200\n",
    )
    .expect("feature");
    let cfg = MockConfig {
        deployment: Some(Deployment::Ucce),
        deviations: [Deviation::UnknownMrdReturns400, Deviation::CallNeverRings]
            .into_iter()
            .collect(),
        // How long the calls that never ring are waited for.
        outcome_deadline: Duration::from_secs(2),
        ..MockConfig::default()
    };
    let mut opts = RunOptions::embedded(cfg);
    opts.feature_dirs = vec![own];
    let out = suite::run(opts).await.expect("the suite runs");
    let _ = std::panic::take_hook();
    out.report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_shows_the_summary_the_failures_and_why_scenarios_were_skipped() {
    let work = temp_dir("browser");
    let report = run(&work).await;
    let counts = report.counts();
    assert!(counts.failed > 0, "the deviation fails some scenarios");
    assert!(counts.inconclusive > 0, "calls that never ring: {counts:?}");
    assert_eq!(counts.errors, 1, "the check without a request: {counts:?}");
    assert!(counts.skipped > 0, "some scenarios do not apply to UCCE");
    let catalogue = rules::embedded().expect("catalogue");
    let page = work.join("report.html");
    html::write(&report, &catalogue, &Redactor::default(), &page).expect("written");

    let written = std::fs::read_to_string(&page).expect("read back");
    for external in ["src=\"http", "href=\"http", "<link", "@import", "url("] {
        assert!(
            !written.contains(external),
            "the report is not self-contained: {external}"
        );
    }

    let Some(dom) = browser_dom(&page, &work) else {
        return;
    };
    for (id, n) in [
        ("failed", counts.failed),
        ("passed", counts.passed),
        ("inconclusive", counts.inconclusive),
        ("errors", counts.errors),
        ("skipped", counts.skipped),
        ("flaky", counts.flaky),
        ("warned", counts.warned),
        (
            "total",
            counts.passed + counts.failed + counts.inconclusive + counts.errors + counts.skipped,
        ),
    ] {
        assert_eq!(by_id(&dom, &format!("count-{id}")), n.to_string(), "{id}");
    }
    assert_eq!(by_id(&dom, "target-deployment"), "UCCE");
    assert_eq!(by_id(&dom, "verdict"), "FAILED");
    // Failures first, then what could not be checked, then the rest.
    let at = |id: &str| {
        dom.find(&format!("<section id=\"{id}\""))
            .unwrap_or_else(|| panic!("no section {id} in the DOM"))
    };
    let order = [
        "summary",
        "failures",
        "inconclusive",
        "errors",
        "warnings",
        "flaky",
        "skipped",
        "passed",
    ];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }

    // Every failed scenario has its own block with its name, citation and rule statement.
    let failures = blocks(&dom, "<article class=\"failure\"", "</article>");
    assert_eq!(failures.len(), counts.failed, "one block per failure");
    let failed = report
        .scenarios()
        .find(|s| matches!(s.outcome, Outcome::Failed { .. }))
        .expect("a failure");
    let block = failures
        .iter()
        .find(|b| b.contains(&format!(">{}<", dom_text(&failed.name))))
        .unwrap_or_else(|| panic!("{} is not shown as a failure", failed.name));
    assert!(
        block.contains(&format!("Guide {}", failed.citation())),
        "citation {} missing: {block}",
        failed.citation()
    );
    let rule = catalogue
        .iter()
        .find(|r| r.id == "media.unknown-mrd-404")
        .expect("rule in catalogue");
    assert!(
        failures
            .iter()
            .any(|b| b.contains(&dom_text(&rule.statement))),
        "the rule's statement is shown"
    );
    // The response body is text in a <pre>: the browser made no <apierrors> element of it.
    assert!(dom.contains("&lt;ApiErrors&gt;"), "the XML body is shown");
    assert!(!dom.to_lowercase().contains("<apierrors"), "unescaped XML");

    // Each inconclusive scenario: not a finding, the precondition that failed and why.
    let inconclusive = blocks(&dom, "<article class=\"inconclusive\"", "</article>");
    assert_eq!(inconclusive.len(), counts.inconclusive, "one block each");
    for s in report
        .scenarios()
        .filter(|s| matches!(s.outcome, Outcome::Inconclusive { .. }))
    {
        let Outcome::Inconclusive { step, reason } = &s.outcome else {
            continue;
        };
        let block = inconclusive
            .iter()
            .find(|b| b.contains(&format!(">{}<", dom_text(&s.name))))
            .unwrap_or_else(|| panic!("{} is not shown as inconclusive", s.name));
        assert!(
            block.contains("Not a Finesse finding: a precondition could not be reached."),
            "{block}"
        );
        if let Some(step) = step {
            assert!(
                block.contains(&format!(
                    "Precondition that failed: <code>{}</code>",
                    dom_text(step)
                )),
                "{block}"
            );
        }
        assert!(block.contains(&dom_text(reason)), "{block}");
        assert!(!block.contains("What the guide says"), "{block}");
    }
    let errors = blocks(&dom, "<article class=\"error\"", "</article>");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains(">A check with nothing to check<")
            && errors[0].contains("Not a Finesse finding: the harness")
            && errors[0].contains("no request has been sent in this scenario"),
        "{}",
        errors[0]
    );
    let warnings = blocks(&dom, "<section id=\"warnings\"", "</section>");
    assert!(
        warnings[0].contains("Every cleanup put the lab back"),
        "{}",
        warnings[0]
    );

    let skipped = blocks(&dom, "<section id=\"skipped\"", "</section>");
    let reason = report
        .scenarios()
        .find_map(|s| match &s.outcome {
            Outcome::Skipped { reason } => Some(reason.clone()),
            _ => None,
        })
        .expect("a skip");
    assert!(
        skipped
            .first()
            .is_some_and(|s| s.contains(&format!(">{}<", dom_text(&reason)))),
        "the skip reason {reason:?} is shown"
    );
    let _ = std::fs::remove_dir_all(&work);
}
