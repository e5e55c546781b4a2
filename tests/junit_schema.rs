//! Our JUnit against our own schema (schemas/junit.xsd), with no file from outside the
//! repository: what the writer writes is valid (checked in Rust always, with xmllint when it
//! is installed, and against the Jenkins xUnit schema when ../shared/schemas is there), and a
//! document broken in each way the schema forbids is refused by both checks alike.

mod common;

use std::path::{Path, PathBuf};

/// What `run` writes for a report with every verdict, flaky attempts, lab warnings and the
/// "run did not complete" marker (the unit tests keep it byte for byte what the writer writes).
const RUN: &str = "tests/fixtures/junit/run.xml";
/// Every element and attribute the writer knows (also kept equal to the writer's output).
const EVERY: &str = "tests/fixtures/junit/every-element.xml";

fn fixture(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    (path, text)
}

#[test]
fn what_the_writer_writes_is_valid_against_our_schema() {
    for name in [RUN, EVERY] {
        let (path, xml) = fixture(name);
        common::check_junit_shape(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Against schemas/junit.xsd, and the Jenkins schema when it is there.
        common::xmllint(&path);
    }
}

/// Each is the every-element document with one change the schema forbids (every occurrence
/// of the first text replaced by the second).
const BROKEN: &[(&str, &str, &str)] = &[
    ("another root", "testsuites", "testrun"),
    (
        "a testcase without its time",
        r#"<testcase name="inconclusive" classname="media.sign_in" time="0.250">"#,
        r#"<testcase name="inconclusive" classname="media.sign_in">"#,
    ),
    (
        "a time with two decimals",
        r#"name="error" classname="media.sign_in" time="0.250""#,
        r#"name="error" classname="media.sign_in" time="0.25""#,
    ),
    (
        "a total that is no number",
        r#"<testsuites name="finesse-conformance" tests="9""#,
        r#"<testsuites name="finesse-conformance" tests="nine""#,
    ),
    (
        "an attribute the dialect does not have",
        r#"<testcase name="skipped" "#,
        r#"<testcase hostname="lab" name="skipped" "#,
    ),
    (
        "an element the dialect does not have",
        r#"<skipped type="not applicable" message="UCCX only"/>"#,
        r#"<skipped type="not applicable" message="UCCX only"/><attachment/>"#,
    ),
    (
        "two result elements in one testcase",
        r#"<error type="error" message="timeout"/>"#,
        r#"<error type="error" message="timeout"/><failure/>"#,
    ),
    (
        "system-out before the result",
        r#"<failure type="failed step" message="again"><![CDATA[again]]></failure>"#,
        r#"<system-out>early</system-out><failure type="failed step" message="again"><![CDATA[again]]></failure>"#,
    ),
    (
        "an empty properties element",
        r#"<property name="finesse.profile" value="lab &amp; co"/>
      <property name="finesse.base_url" value="https://lab:8445/?a=1&amp;b=&quot;2&quot;"/>"#,
        "",
    ),
    (
        "a property without its value",
        r#"<property name="finesse.profile" value="lab &amp; co"/>"#,
        r#"<property name="finesse.profile"/>"#,
    ),
    (
        "text in a testcase",
        r#"<testcase name="no classname" time="0.250">"#,
        r#"<testcase name="no classname" time="0.250">stray words"#,
    ),
    (
        "a rerun without its type",
        r#"<rerunError type="">"#,
        r#"<rerunError>"#,
    ),
    (
        "a testcase outside a testsuite",
        "</testsuites>",
        r#"<testcase name="lost" time="0.000"/></testsuites>"#,
    ),
    (
        "a testsuite without its skipped total",
        r#"<testsuite name="bare" tests="0" failures="0" errors="0" skipped="0""#,
        r#"<testsuite name="bare" tests="0" failures="0" errors="0""#,
    ),
];

#[test]
fn a_broken_document_is_refused_by_the_rust_check_and_by_xmllint_alike() {
    let (_, good) = fixture(EVERY);
    let dir = common::temp_dir("fc-junit-schema", "broken");
    let mut xmllint_ran = false;
    for (i, (what, from, to)) in BROKEN.iter().enumerate() {
        assert!(good.contains(from), "{what}: the fixture has {from:?}");
        let broken = good.replace(from, to);
        let e = common::check_junit_shape(&broken).expect_err(what);
        assert!(!e.is_empty() && !e.contains('\n'), "{what}: {e}");
        let path = dir.join(format!("broken-{i}.xml"));
        std::fs::write(&path, &broken).expect("write");
        match common::xmllint_with(&common::junit_xsd(), &path) {
            None => {}
            Some(result) => {
                xmllint_ran = true;
                assert!(result.is_err(), "{what}: xmllint accepts it too");
            }
        }
    }
    // The unbroken document passes both, so each refusal above is the change's doing.
    common::check_junit_shape(&good).expect("the fixture is valid");
    let path = dir.join("good.xml");
    std::fs::write(&path, &good).expect("write");
    if let Some(result) = common::xmllint_with(&common::junit_xsd(), &path) {
        result.expect("xmllint accepts the fixture");
    }
    if !xmllint_ran {
        eprintln!("xmllint is not installed: only the Rust check ran");
    }
}

#[test]
fn every_document_valid_against_ours_is_valid_against_jenkins_too() {
    // Only where the shared folder is: the check above stands on its own.
    let Some(jenkins) = common::jenkins_xsd() else {
        return;
    };
    for name in [RUN, EVERY] {
        let (path, _) = fixture(name);
        if let Some(result) = common::xmllint_with(&jenkins, &path) {
            result.unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
