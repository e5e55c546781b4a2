//! `diff` and `merge` as a user runs them, on real reports of the suite: a run with a mock
//! deviation regresses exactly the scenarios of that deviation's rule that fail, the scenarios
//! it leaves inconclusive are listed apart as "could not be checked" (no regression), and a
//! report split in two merges back into the same testcases with their verdicts.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use finesse_conformance::domain::results::{Outcome, RunReport};
use finesse_conformance::redact::Redactor;
use finesse_conformance::report::junit;
use finesse_mock::{Deviation, Deviations};

/// Makes calls never ring: the scenarios that check a call fail, and those that need one to
/// set up are inconclusive.
const DEVIATION: Deviation = Deviation::CallNeverRings;

/// The tests here each run whole suites; run at once they load the 2 cores enough for the
/// short outcome deadline of `run_mock` to fail a baseline, so they take turns.
static SUITES: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The built-in suite on UCCE against a mock with `deviations`.
async fn run_mock(deviations: Deviations) -> RunReport {
    // How long the calls that never ring are waited for.
    common::run_mock_ucce(deviations, Duration::from_secs(2)).await
}

use common::BIN;

fn temp_dir(name: &str) -> common::TempDir {
    common::temp_dir("fc-diff", name)
}

fn write_junit(path: &Path, report: &RunReport) {
    let xml = junit::render(report, &Redactor::default()).expect("renders");
    std::fs::write(path, xml).expect("writes");
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

fn bin(args: &[&str]) -> Output {
    std::process::Command::new(BIN)
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `classname › name` lines under a heading of the text output (`REGRESSED`, …).
fn listed_in_text(text: &str, heading: &str) -> BTreeSet<common::Id> {
    let heading = format!("{heading} (");
    text.lines()
        .skip_while(|l| !l.starts_with(&heading))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("      "))
        .filter_map(|l| l.trim().split_once(" › "))
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diff_names_exactly_the_scenarios_a_deviation_breaks() {
    let _turn = SUITES.lock().await;
    let dev = DEVIATION;
    let (before, after) = tokio::join!(
        run_mock(Deviations::default()),
        run_mock([dev].into_iter().collect::<Deviations>()),
    );
    assert!(
        common::failing(&before).is_empty() && common::unchecked(&before).is_empty(),
        "the baseline does not pass: {:#?}",
        common::failure_messages(&before)
    );
    let tag = format!("rule:{}", dev.rule());
    let expected: BTreeSet<common::Id> = after
        .scenarios()
        .filter(|s| matches!(s.outcome, Outcome::Failed { .. }) && s.tags.contains(&tag))
        .map(|s| (s.classname.clone(), s.name.clone()))
        .collect();
    assert!(!expected.is_empty(), "the deviation run has no failure");
    let dir = temp_dir("regressed");
    let (b, a) = (dir.join("before.xml"), dir.join("after.xml"));
    write_junit(&b, &before);
    write_junit(&a, &after);

    let out = bin(&["diff", s(&b), s(&a)]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert_eq!(listed_in_text(&text, "REGRESSED"), expected, "{text}");
    assert_eq!(
        common::failing(&after),
        expected,
        "a failure outside the rule would be a regression too"
    );
    // What the deviation kept from its check is listed apart, and is no regression.
    let unchecked = common::unchecked(&after);
    assert!(
        !unchecked.is_empty(),
        "the deviation leaves scenarios inconclusive"
    );
    assert_eq!(
        listed_in_text(&text, "COULD NOT BE CHECKED"),
        unchecked,
        "{text}"
    );
    assert!(unchecked.is_disjoint(&expected));
    assert!(text.contains("passed → inconclusive: "), "{text}");
    assert!(
        text.contains(&format!(
            "{} regressed, {} could not be checked,",
            expected.len(),
            unchecked.len()
        )),
        "{text}"
    );
    for other in [
        "FIXED",
        "NO LONGER CHECKED",
        "NOW CHECKED",
        "BECAME FLAKY",
        "BECAME SKIPPED",
        "BECAME APPLICABLE",
        "APPEARED",
        "DISAPPEARED",
    ] {
        assert!(!text.contains(&format!("{other} (")), "{other}: {text}");
    }
    assert!(text.contains(&format!("rules {}", dev.rule())), "{text}");
    assert!(text.contains("guide 12.5 p"), "{text}");

    let out = bin(&["diff", s(&b), s(&a), "--format", "markdown"]);
    let md = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{md}");
    assert!(
        md.contains(&format!("### Regressed ({})", expected.len())),
        "{md}"
    );
    assert!(
        md.contains(&format!("### Could not be checked ({})", unchecked.len())),
        "{md}"
    );
    assert!(
        md.contains("| scenario | guide | rules | outcome | detail |\n|---|---|---|---|---|\n"),
        "{md}"
    );
    assert!(md.contains(&format!("`{}`", dev.rule())), "{md}");

    let out = bin(&["diff", s(&b), s(&b)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 regressed"), "{}", stdout(&out));

    let written = dir.join("diff.md");
    let out = bin(&[
        "diff",
        s(&b),
        s(&a),
        "--format",
        "markdown",
        "-o",
        s(&written),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&written).expect("written"), md);

    // Without the failures only what could not be checked is left: that is no regression,
    // so diff exits 0.
    let mut unchecked_only = after.clone();
    for f in &mut unchecked_only.features {
        f.scenarios.retain(|s| !s.outcome.is_failed());
    }
    let u = dir.join("unchecked.xml");
    write_junit(&u, &unchecked_only);
    let out = bin(&["diff", s(&b), s(&u)]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(listed_in_text(&text, "REGRESSED").is_empty(), "{text}");
    assert_eq!(
        listed_in_text(&text, "COULD NOT BE CHECKED"),
        unchecked,
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_split_in_two_merges_back_into_the_same_testcases() {
    let _turn = SUITES.lock().await;
    let report = run_mock([DEVIATION].into_iter().collect::<Deviations>()).await;
    assert!(report.features.len() > 2);
    let c = report.counts();
    assert!(c.failed > 0 && c.inconclusive > 0, "{c:?}");
    // Shard-like: the first feature's scenarios are split across the two files too.
    let (mut one, mut two) = (report.clone(), report.clone());
    let half = report.features[0].scenarios.len() / 2;
    let mid = report.features.len() / 2;
    one.features.truncate(mid);
    one.features[0].scenarios.truncate(half);
    two.features.drain(1..mid);
    two.features[0].scenarios.drain(..half);
    let dir = temp_dir("merge");
    let (whole, a, b, all) = (
        dir.join("whole.xml"),
        dir.join("one.xml"),
        dir.join("two.xml"),
        dir.join("all.xml"),
    );
    write_junit(&whole, &report);
    write_junit(&a, &one);
    write_junit(&b, &two);

    let out = bin(&["merge", s(&a), s(&b), "-o", s(&all)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let xml = std::fs::read_to_string(&all).expect("merged file");
    common::check_junit_shape(&xml).expect("the merged report has the JUnit shape");
    common::xmllint(&all);

    let original = junit::read_file(&whole).expect("reads");
    let merged = junit::read_file(&all).expect("reads");
    // Suite times are sums of rounded testcase times, so they may differ in the last digit;
    // the merged root's time is the sum of the suites' (shards may run in parallel).
    let comparable = |mut r: junit::Document| {
        r.source.clear();
        r.time = 0.0;
        r.suites.iter_mut().for_each(|s| s.time = 0.0);
        r
    };
    assert_eq!(
        comparable(merged),
        comparable(original),
        "the same suites, properties and testcases, in order"
    );
    assert!(
        xml.contains(&format!(
            r#"tests="{}" failures="{}" errors="{}""#,
            c.passed + c.failed + c.inconclusive + c.errors + c.skipped,
            c.failed,
            c.inconclusive + c.errors
        )),
        "totals are recomputed, inconclusive and errored testcases as errors"
    );
    assert_eq!(
        xml.matches(r#"<error type="inconclusive""#).count(),
        c.inconclusive,
        "each inconclusive testcase keeps its type"
    );

    // Shards must be disjoint.
    let out = bin(&["merge", s(&a), s(&whole), "-o", s(&all)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: ") && err.contains("disjoint"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn unreadable_or_invalid_inputs_exit_2_with_one_line() {
    let dir = temp_dir("invalid");
    let good = dir.join("good.xml");
    std::fs::write(
        &good,
        r#"<testsuite name="s" tests="1" failures="0" errors="0"><testcase name="t"/></testsuite>"#,
    )
    .expect("write");
    let not_xml = dir.join("notes.txt");
    std::fs::write(&not_xml, "just some words\n").expect("write");
    let broken = dir.join("broken.xml");
    std::fs::write(&broken, "<testsuites><testsuite name=\"s\"></testcase>").expect("write");
    let missing = dir.join("missing.xml");
    let out_file = dir.join("out.xml");
    for (args, names) in [
        (vec!["diff", s(&good), s(&not_xml)], "notes.txt"),
        (vec!["diff", s(&broken), s(&good)], "broken.xml"),
        (vec!["diff", s(&good), s(&missing)], "missing.xml"),
        (
            vec!["merge", s(&good), s(&broken), "-o", s(&out_file)],
            "broken.xml",
        ),
    ] {
        let out = bin(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(names), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    assert!(
        !out_file.exists(),
        "nothing is written when an input is bad"
    );
}

/// The built-in suite on UCCE against a mock that follows `release`.
async fn run_release(release: &str) -> RunReport {
    let cfg = finesse_mock::MockConfig {
        deployment: Some(finesse_conformance::profile::Deployment::Ucce),
        version: release.to_string(),
        ..finesse_mock::MockConfig::default()
    };
    let report =
        finesse_conformance::suite::run(finesse_conformance::suite::RunOptions::embedded(cfg))
            .await
            .expect("the suite runs")
            .report;
    let _ = std::panic::take_hook();
    report
}

/// An upgrade check (issue 16): a 12.5(1) run and a 12.6(2) run of the mock both pass, and
/// `diff` lists exactly the scenarios tagged `@since:`/`@until:`, as became applicable or
/// became skipped, with nothing regressed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diff_of_a_12_5_and_a_12_6_run_names_exactly_the_version_tagged_scenarios() {
    let _turn = SUITES.lock().await;
    let before = run_release("12.5(1)").await;
    let after = run_release("12.6(2)").await;
    for (name, r) in [("12.5(1)", &before), ("12.6(2)", &after)] {
        assert!(
            common::failing(r).is_empty() && common::unchecked(r).is_empty(),
            "the {name} run does not pass: {:#?}",
            common::failure_messages(r)
        );
    }
    let versioned = |r: &RunReport, skipped: bool| -> BTreeSet<common::Id> {
        r.scenarios()
            .filter(|s| {
                s.tags
                    .iter()
                    .any(|t| t.starts_with("since:") || t.starts_with("until:"))
            })
            .filter(|s| matches!(s.outcome, Outcome::Skipped { .. }) == skipped)
            .map(|s| (s.classname.clone(), s.name.clone()))
            .collect()
    };
    // Version-tagged scenarios that run in one release and not in the other.
    let became_applicable: BTreeSet<_> = versioned(&before, true)
        .intersection(&versioned(&after, false))
        .cloned()
        .collect();
    let became_skipped: BTreeSet<_> = versioned(&before, false)
        .intersection(&versioned(&after, true))
        .cloned()
        .collect();
    assert!(
        !became_applicable.is_empty() && !became_skipped.is_empty(),
        "the suite has scenarios for 12.6 differences in both directions: {became_applicable:?} {became_skipped:?}"
    );
    let dir = temp_dir("releases");
    let (b, a) = (dir.join("12.5.xml"), dir.join("12.6.xml"));
    write_junit(&b, &before);
    write_junit(&a, &after);
    let out = bin(&["diff", s(&b), s(&a)]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert_eq!(
        listed_in_text(&text, "BECAME APPLICABLE"),
        became_applicable,
        "{text}"
    );
    assert_eq!(
        listed_in_text(&text, "BECAME SKIPPED"),
        became_skipped,
        "{text}"
    );
    for other in [
        "REGRESSED",
        "COULD NOT BE CHECKED",
        "FIXED",
        "NO LONGER CHECKED",
        "NOW CHECKED",
        "BECAME FLAKY",
        "APPEARED",
        "DISAPPEARED",
    ] {
        assert!(!text.contains(&format!("{other} (")), "{other}: {text}");
    }
}
