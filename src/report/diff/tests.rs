use super::render::{clip, md};
use super::*;
use crate::report::junit::{Document, parse, props};

#[test]
fn a_report_without_testcases_leaves_nothing_to_compare() {
    let some = report("a.xml", "12.5", &[("login", "pass")]);
    let none = parse(r#"<testsuites name="x"></testsuites>"#, "none.xml").expect("parses");
    let hollow = parse(
        r#"<testsuite name="s" tests="0" failures="0" errors="0"/>"#,
        "hollow.xml",
    )
    .expect("parses");
    assert_eq!(nothing_to_compare(&some, &some), None);
    let after = nothing_to_compare(&some, &none).expect("after empty");
    assert!(after.contains("AFTER report none.xml"), "{after}");
    let before = nothing_to_compare(&hollow, &some).expect("before empty");
    assert!(before.contains("BEFORE report hollow.xml"), "{before}");
    let both = nothing_to_compare(&none, &hollow).expect("both empty");
    assert!(
        both.contains("none.xml") && both.contains("hollow.xml") && both.contains("have"),
        "{both}"
    );
    // Only skipped testcases still compare: a run on another deployment skips much.
    let skipped = report("s.xml", "12.5", &[("login", "skip")]);
    assert_eq!(nothing_to_compare(&some, &skipped), None);
}

/// A report with one suite; `cases` are (name, outcome) with outcome one of
/// pass, flaky, fail, inconclusive, error, foreign (an error of another producer), skip.
fn report(source: &str, version: &str, cases: &[(&str, &str)]) -> Document {
    let body: String = cases
            .iter()
            .map(|(name, outcome)| {
                let result = match *outcome {
                    "fail" => format!(r#"<failure message="{name} broke"/>"#),
                    "inconclusive" => {
                        r#"<error type="inconclusive" message="no free agent"/>"#.to_string()
                    }
                    "error" => r#"<error type="error" message="crashed"/>"#.to_string(),
                    "foreign" => r#"<error message="crashed"/>"#.to_string(),
                    "skip" => r#"<skipped message="UCCX only"/>"#.to_string(),
                    "flaky" => r#"<flakyFailure type="t" message="slow"/>"#.to_string(),
                    _ => String::new(),
                };
                format!(
                    r#"<testcase classname="user.state" name="{name}">{result}<system-out>guide: 12.5 p42
rules: user.{name} user.other
scenario: features/user/state.feature:1

transcript</system-out></testcase>"#
                )
            })
            .collect();
    let xml = format!(
        r#"<testsuites><testsuite name="User" tests="0" failures="0" errors="0">
<properties><property name="finesse.profile" value="lab"/><property name="finesse.version" value="{version}"/></properties>
{body}</testsuite></testsuites>"#
    );
    parse(&xml, source).expect("parses")
}

fn names(d: &Diff, cat: Category) -> Vec<&str> {
    d.in_category(cat).map(|c| c.name.as_str()).collect()
}

#[test]
fn every_category_is_recognised() {
    let before = report(
        "b.xml",
        "12.5(1)",
        &[
            ("reg", "pass"),
            ("regflaky", "flaky"),
            ("inc", "pass"),
            ("err", "pass"),
            ("foreign", "flaky"),
            ("fix", "fail"),
            ("lost", "fail"),
            ("lost2", "fail"),
            ("nowpass", "inconclusive"),
            ("nowfail", "error"),
            ("flake", "pass"),
            ("skip", "fail"),
            ("appl", "skip"),
            ("gone", "fail"),
            ("same", "pass"),
            ("stillbad", "fail"),
            ("stilloff", "inconclusive"),
        ],
    );
    let after = report(
        "a.xml",
        "12.6(1)",
        &[
            ("reg", "fail"),
            ("regflaky", "fail"),
            ("inc", "inconclusive"),
            ("err", "error"),
            ("foreign", "foreign"),
            ("fix", "pass"),
            ("lost", "inconclusive"),
            ("lost2", "error"),
            ("nowpass", "pass"),
            ("nowfail", "fail"),
            ("flake", "flaky"),
            ("skip", "skip"),
            ("appl", "fail"),
            ("new", "pass"),
            ("same", "pass"),
            ("stillbad", "fail"),
            ("stilloff", "error"),
        ],
    );
    let d = diff(&before, &after);
    assert!(d.regressed());
    assert_eq!(names(&d, Category::Regressed), ["reg", "regflaky"]);
    assert_eq!(
        names(&d, Category::CouldNotBeChecked),
        ["inc", "err", "foreign"]
    );
    assert_eq!(names(&d, Category::Fixed), ["fix"]);
    assert_eq!(names(&d, Category::NoLongerChecked), ["lost", "lost2"]);
    assert_eq!(names(&d, Category::NowChecked), ["nowpass", "nowfail"]);
    assert_eq!(names(&d, Category::BecameFlaky), ["flake"]);
    assert_eq!(names(&d, Category::BecameSkipped), ["skip"]);
    assert_eq!(names(&d, Category::BecameApplicable), ["appl"]);
    assert_eq!(names(&d, Category::Appeared), ["new"]);
    assert_eq!(names(&d, Category::Disappeared), ["gone"]);
    assert_eq!(d.compared, 16);
    assert_eq!(d.still_failing, 1);
    assert_eq!(d.still_unchecked, 1);
    let detail = |cat, name: &str| {
        d.in_category(cat)
            .find(|c| c.name == name)
            .map(|c| c.detail.clone())
            .expect("listed")
    };
    assert_eq!(detail(Category::CouldNotBeChecked, "inc"), "no free agent");
    assert_eq!(detail(Category::NowChecked, "nowpass"), "no free agent");
    assert_eq!(detail(Category::NowChecked, "nowfail"), "nowfail broke");
    let reg = &d.changes[0];
    assert_eq!(reg.guide, "12.5 p42");
    assert_eq!(reg.rules, ["user.reg", "user.other"]);
    assert_eq!(reg.detail, "reg broke");
    let fix = d.in_category(Category::Fixed).next().expect("fixed");
    assert_eq!(fix.detail, "fix broke", "a fix explains what failed before");
    assert_eq!(d.before.property(props::VERSION), Some("12.5(1)"));
    assert_eq!(d.after.property(props::VERSION), Some("12.6(1)"));
}

#[test]
fn a_report_of_a_run_that_did_not_complete_is_flagged_not_compared() {
    let before = report("b.xml", "12.5(1)", &[("a", "pass"), ("b", "pass")]);
    let clean = report("a.xml", "12.5(1)", &[("a", "pass"), ("b", "skip")]);
    assert_eq!(diff(&before, &clean).incomplete_error(), None);
    // The same after report, with the marker a killed run's JUnit carries.
    let marker = format!(
        r#"<testsuite name="finesse-conformance" tests="1" failures="0" errors="1"><testcase classname="finesse-conformance" name="{}"><error type="incomplete" message="killed half-way"/></testcase></testsuite>"#,
        crate::report::incomplete::NAME
    );
    let mut killed = report("k.xml", "12.5(1)", &[("a", "pass"), ("b", "skip")]);
    let m = parse(&format!("<testsuites>{marker}</testsuites>"), "k.xml").expect("parses");
    killed.suites.splice(0..0, m.suites);
    let d = diff(&before, &killed);
    assert!(
        d.changes
            .iter()
            .all(|c| c.name != crate::report::incomplete::NAME),
        "the marker is no scenario: {:?}",
        d.changes
    );
    assert!(!d.regressed());
    let e = d.incomplete_error().expect("flagged");
    assert!(
        e.contains("after report k.xml") && e.contains("killed half-way"),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
    assert!(d.render_text().contains("INCOMPLETE: "));
    assert!(d.render_markdown().contains("**Incomplete:**"));
    // A regression found in what did run is still a regression (exit 1, not 2).
    let regressed = report("k2.xml", "12.5(1)", &[("a", "fail")]);
    let mut regressed_killed = regressed.clone();
    regressed_killed
        .suites
        .splice(0..0, killed.suites[..1].iter().cloned());
    let d = diff(&before, &regressed_killed);
    assert!(d.regressed());
    assert_eq!(d.incomplete_error(), None);
}

#[test]
fn identical_reports_have_no_changes() {
    let r = report(
        "r.xml",
        "12.5(1)",
        &[("a", "pass"), ("b", "fail"), ("c", "skip")],
    );
    let d = diff(&r, &r);
    assert!(!d.regressed());
    assert!(d.changes.is_empty());
    assert!(
            d.render_text().contains(
                "3 scenarios compared: 0 regressed, 0 could not be checked, 3 unchanged (1 still failing, 0 still not checked)"
            ),
            "{}",
            d.render_text()
        );
}

#[test]
fn text_lists_each_change_with_its_citation_and_the_properties() {
    let d = diff(
        &report("b.xml", "12.5(1)", &[("a", "pass")]),
        &report("a.xml", "12.6(1)", &[("a", "fail")]),
    );
    let t = d.render_text();
    assert!(t.contains("before: b.xml\nafter:  a.xml\n"), "{t}");
    assert!(
        t.contains("finesse.version  12.5(1)  12.6(1)  (changed)"),
        "{t}"
    );
    assert!(t.contains("finesse.profile  lab      lab\n"), "{t}");
    assert!(
        t.contains("REGRESSED (1): passed before, fails now\n  user.state › a\n"),
        "{t}"
    );
    assert!(
        t.contains("guide 12.5 p42 · rules user.a user.other · features/user/state.feature:1"),
        "{t}"
    );
    assert!(t.contains("passed → failed: a broke"), "{t}");
    assert!(!t.contains("FIXED"), "empty categories are left out: {t}");
}

#[test]
fn markdown_has_the_property_table_and_one_table_per_category() {
    let d = diff(
        &report("b.xml", "12.5(1)", &[("a", "pass"), ("b", "fail")]),
        &report("a.xml", "12.6(1)", &[("a", "fail"), ("b", "pass")]),
    );
    let m = d.render_markdown();
    assert!(
        m.starts_with("## Finesse conformance diff: 1 regressed\n"),
        "{m}"
    );
    assert!(
        m.contains("| finesse.version | **12.5(1)** | **12.6(1)** |"),
        "{m}"
    );
    assert!(m.contains("### Regressed (1)"), "{m}");
    assert!(m.contains("### Fixed (1)"), "{m}");
    assert!(!m.contains("### Appeared"), "{m}");
    assert_eq!(m.matches("|---|---|---|---|---|").count(), 2, "{m}");
    assert!(
            m.contains("| user.state › a<br>features/user/state.feature:1 | 12.5 p42 | `user.a` `user.other` | passed → failed | a broke |"),
            "{m}"
        );
}

#[test]
fn markdown_cells_cannot_break_the_table() {
    assert_eq!(md("a|b\n<c>*d*"), "a\\|b &lt;c&gt;\\*d\\*");
    assert_eq!(clip("abcdef", 3), "abc…");
    assert_eq!(clip("ab", 3), "ab");
}

#[test]
fn reports_without_headers_or_properties_still_compare() {
    let b = parse(
        r#"<testsuite name="x" tests="1" failures="0" errors="0"><testcase name="t"/></testsuite>"#,
        "b.xml",
    )
    .expect("parses");
    let a = parse(
        r#"<testsuite name="x" tests="1" failures="0" errors="1"><testcase name="t"><error>boom
at line 3</error></testcase></testsuite>"#,
        "a.xml",
    )
    .expect("parses");
    let d = diff(&b, &a);
    // Another producer's <error> is an error: the test could not be checked.
    assert!(!d.regressed());
    assert_eq!(d.changes[0].category, Category::CouldNotBeChecked);
    assert_eq!(d.changes[0].detail, "boom");
    assert_eq!(d.changes[0].guide, "");
    let t = d.render_text();
    assert!(t.contains("passed → error: boom"), "{t}");
    assert!(!t.contains("finesse.profile"), "{t}");
}

#[test]
fn what_could_not_be_checked_is_listed_apart_and_is_no_regression() {
    let d = diff(
        &report(
            "b.xml",
            "12.5(1)",
            &[("a", "pass"), ("b", "pass"), ("c", "pass")],
        ),
        &report(
            "a.xml",
            "12.6(1)",
            &[("a", "inconclusive"), ("b", "error"), ("c", "pass")],
        ),
    );
    assert!(!d.regressed(), "only a fail after a pass regresses");
    let t = d.render_text();
    assert!(
        t.contains("COULD NOT BE CHECKED (2): passed before, inconclusive or an error now"),
        "{t}"
    );
    assert!(t.contains("passed → inconclusive: no free agent"), "{t}");
    assert!(t.contains("passed → error: crashed"), "{t}");
    assert!(!t.contains("REGRESSED"), "{t}");
    assert!(
        t.contains("3 scenarios compared: 0 regressed, 2 could not be checked, 1 unchanged"),
        "{t}"
    );
    let m = d.render_markdown();
    assert!(
        m.starts_with("## Finesse conformance diff: no regressions, 2 could not be checked\n"),
        "{m}"
    );
    assert!(m.contains("### Could not be checked (2)"), "{m}");
    // Reports from before the verdicts (only failure and skipped) still compare.
    let old = parse(
            r#"<testsuite name="x" tests="2" failures="1" errors="0"><testcase name="a"/><testcase name="b"><failure message="f"/></testcase></testsuite>"#,
            "old.xml",
        )
        .expect("parses");
    let new = parse(
            r#"<testsuite name="x" tests="2" failures="0" errors="2"><testcase name="a"><error type="inconclusive" message="i"/></testcase><testcase name="b"><error type="error" message="e"/></testcase></testsuite>"#,
            "new.xml",
        )
        .expect("parses");
    let d = diff(&old, &new);
    assert_eq!(names(&d, Category::CouldNotBeChecked), ["a"]);
    assert_eq!(names(&d, Category::NoLongerChecked), ["b"]);
    assert!(!d.regressed());
}
