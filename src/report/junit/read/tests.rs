use super::*;
use crate::domain::verdict::Verdict;
use crate::report::junit::ERROR_INCONCLUSIVE;

const OURS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="finesse-conformance" tests="3" failures="1" errors="0" time="1.500">
  <testsuite name="Media — sign in" tests="3" failures="1" errors="0" skipped="1" time="0.700" timestamp="2026-01-01T00:00:00" file="features/media/sign_in.feature">
    <properties>
      <property name="finesse.profile" value="lab &amp; co"/>
      <property name="finesse.deployment" value="UCCE"/>
    </properties>
    <testcase name="Signing in" classname="media.sign_in" time="0.300">
      <failure type="failed step" message="expected status 404, got 400"><![CDATA[Step failed: Then the response status is 404
expected status 404, got 400]]></failure>
      <system-out><![CDATA[guide: 12.5 p171
rules: media.unknown-mrd-404 media.sign-in
scenario: features/media/sign_in.feature:12

--> GET /x with ]]]]><![CDATA[> inside]]></system-out>
    </testcase>
    <testcase name="Retried" classname="media.sign_in" time="0.400">
      <flakyFailure type="failed step" message="first try"><stackTrace><![CDATA[Step failed: When x
first try]]></stackTrace></flakyFailure>
      <system-out><![CDATA[guide: 12.5 p168
rules: 
scenario: features/media/sign_in.feature:20
]]></system-out>
    </testcase>
    <testcase name="Not here" classname="media.sign_in" time="0.000">
      <skipped type="not applicable" message="applies to UCCE only"/>
    </testcase>
  </testsuite>
</testsuites>
"#;

#[test]
fn reads_our_report() {
    let r = parse(OURS, "ours.xml").expect("parses");
    assert_eq!(r.name.as_deref(), Some("finesse-conformance"));
    assert_eq!(r.suites.len(), 1);
    let s = &r.suites[0];
    assert_eq!(s.name, "Media — sign in");
    assert_eq!(s.file.as_deref(), Some("features/media/sign_in.feature"));
    assert_eq!(
        s.properties[0],
        ("finesse.profile".into(), "lab & co".into())
    );
    assert_eq!(s.cases.len(), 3);
    let failed = &s.cases[0];
    assert_eq!(failed.key(), ("media.sign_in", "Signing in"));
    assert!((failed.time - 0.3).abs() < 1e-9);
    let Status::Failure(p) = &failed.status else {
        panic!("{:?}", failed.status)
    };
    assert_eq!(p.summary(), "expected status 404, got 400");
    assert!(
        p.text
            .starts_with("Step failed: Then the response status is 404\n")
    );
    let h = failed.header().expect("header");
    assert_eq!(h.guide, "12.5 p171");
    assert_eq!(h.rules, ["media.unknown-mrd-404", "media.sign-in"]);
    assert_eq!(
        h.scenario.as_deref(),
        Some("features/media/sign_in.feature:12")
    );
    assert!(
        failed
            .system_out
            .as_deref()
            .is_some_and(|o| o.ends_with("with ]]> inside")),
        "the split CDATA joins back: {:?}",
        failed.system_out
    );
    let flaky = &s.cases[1];
    assert_eq!(flaky.status, Status::Passed);
    assert_eq!(flaky.flaky(), 1);
    assert_eq!(flaky.reruns[0].message.as_deref(), Some("first try"));
    assert_eq!(
        flaky.reruns[0].stack_trace.as_deref(),
        Some("Step failed: When x\nfirst try")
    );
    assert_eq!(flaky.header().map(|h| h.rules.len()), Some(0));
    let skipped = &s.cases[2];
    assert!(matches!(&skipped.status, Status::Skipped(p) if p.summary() == "applies to UCCE only"));
    assert_eq!(skipped.header(), None);
}

#[test]
fn tolerates_a_bare_testsuite_with_errors_and_no_header() {
    let xml = r#"<testsuite name="pytest" tests="2" failures="0" errors="1">
  <testcase classname="t.mod" name="a" time="1,234.5"><error message="boom">Traceback &lt;here&gt;&#10;line 2</error></testcase>
  <testcase name="b"><system-out>plain output</system-out><failure>only text</failure><error type="E"/></testcase>
</testsuite>"#;
    let r = parse(xml, "py.xml").expect("parses");
    assert_eq!(r.name, None);
    let s = &r.suites[0];
    assert!(s.properties.is_empty());
    let a = &s.cases[0];
    assert!((a.time - 1234.5).abs() < 1e-9);
    let Status::Error(p) = &a.status else {
        panic!("{:?}", a.status)
    };
    assert_eq!(p.summary(), "boom");
    assert_eq!(p.text, "Traceback <here>\nline 2");
    let b = &s.cases[1];
    assert_eq!(b.classname, "");
    assert!(matches!(&b.status, Status::Error(p) if p.kind.as_deref() == Some("E")));
    assert_eq!(b.header(), None);
    assert_eq!(b.system_out.as_deref(), Some("plain output"));
}

#[test]
fn nested_suites_are_flattened() {
    let xml = r#"<testsuites><testsuite name="outer" tests="1" failures="0" errors="0">
<testsuite name="inner" tests="1" failures="0" errors="0"><testcase name="x"/></testsuite>
<testcase name="y"/></testsuite></testsuites>"#;
    let r = parse(xml, "n.xml").expect("parses");
    let names: Vec<_> = r
        .suites
        .iter()
        .map(|s| (s.name.as_str(), s.cases.len()))
        .collect();
    assert_eq!(names, [("outer", 1), ("inner", 1)]);
}

#[test]
fn malformed_xml_names_the_file_and_position() {
    let e = parse(
        "<testsuites><testsuite name=\"a\"></testcase></testsuites>",
        "bad.xml",
    )
    .expect_err("mismatched end tag");
    assert!(matches!(e, ReadError::NotXml { at: Some(_), .. }), "{e:?}");
    let e = e.to_string();
    assert!(e.starts_with("not a JUnit report: bad.xml: "), "{e}");
    assert!(e.contains("at byte "), "{e}");
    assert!(!e.contains('\n'), "{e}");
    let e = parse("<testsuites><testsuite name=\"a\">", "cut.xml").expect_err("truncated");
    assert!(matches!(e, ReadError::NotXml { .. }), "{e:?}");
    let e = e.to_string();
    assert!(e.contains("cut.xml") && e.contains("at byte"), "{e}");
}

#[test]
fn a_file_that_is_not_junit_is_refused() {
    for (text, xml, why) in [
        ("", false, "no <testsuites>"),
        ("just some words", false, "text outside the root"),
        ("{\"json\": true}", false, "text outside the root"),
        (
            "<testsuite name=\"a\"/><testsuite name=\"b\"/>",
            false,
            "a second root",
        ),
        ("<html><body/></html>", true, "the root element is <html>"),
        (
            "<testsuites><testcase name=\"t\"/></testsuites>",
            true,
            "<testcase> outside a <testsuite>",
        ),
    ] {
        let e = parse(text, "x.txt").expect_err(text);
        if xml {
            assert!(matches!(e, ReadError::NotJunit { .. }), "{text}: {e:?}");
        } else {
            assert!(matches!(e, ReadError::NotXml { .. }), "{text}: {e:?}");
        }
        let e = e.to_string();
        assert!(e.starts_with("not a JUnit report: x.txt"), "{e}");
        assert!(e.contains(why), "{text}: {e}");
    }
}

#[test]
fn a_binary_or_missing_file_is_refused_with_its_name() {
    let dir = std::env::temp_dir().join(format!("fc-junit-read-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("bin.xml");
    std::fs::write(&path, [0x3c, 0xff, 0xfe, 0x00]).expect("write");
    let e = read_file(&path).expect_err("binary");
    assert_eq!(
        e,
        ReadError::NotText {
            source: path.display().to_string(),
            at: 1
        }
    );
    let e = e.to_string();
    assert!(e.contains("bin.xml") && e.contains("not UTF-8"), "{e}");
    let e = read_file(&dir.join("missing.xml")).expect_err("missing");
    assert!(matches!(e, ReadError::NotFound { .. }), "{e:?}");
    let e = e.to_string();
    assert!(
        e.starts_with("cannot read ") && e.contains("missing.xml"),
        "{e}"
    );
    // A folder where a file should be is unreadable, not missing.
    let e = read_file(&dir).expect_err("a folder");
    assert!(matches!(e, ReadError::Unreadable { .. }), "{e:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A report with the four verdicts, written by hand as the writer writes them.
const VERDICTS: &str = r#"<testsuites name="finesse-conformance" tests="5" failures="1" errors="3" time="1.000">
  <testsuite name="User" tests="5" failures="1" errors="3" skipped="0" time="1.000" file="features/user.feature">
    <testcase name="finding" classname="user" time="0.100">
      <failure type="failed step" message="expected 404, got 400"><![CDATA[Step failed: Then x]]></failure>
    </testcase>
    <testcase name="no phone" classname="user" time="0.100">
      <error type="inconclusive" message="1002 never rang"><![CDATA[Not a Finesse finding: a precondition could not be reached.
Precondition: Given the agent is on a call
1002 never rang]]></error>
      <system-out><![CDATA[guide: 12.5 p102
rules: dialog.make-call
scenario: features/user.feature:9
]]></system-out>
      <system-err><![CDATA[lab warning: cleanup could not restore 1001 (NOT_READY): 500
lab warning: user 1002 is left out of the rest of the run
]]></system-err>
    </testcase>
    <testcase name="timeout" classname="user" time="0.100">
      <error type="error" message="no response within 5s"><![CDATA[Step failed: When x]]></error>
    </testcase>
    <testcase name="foreign" classname="user" time="0.100">
      <error type="java.lang.NullPointerException" message="npe"/>
    </testcase>
    <testcase name="retried" classname="user" time="0.200">
      <flakyError type="inconclusive" message="no free agent"><stackTrace>x</stackTrace></flakyError>
      <flakyError type="error" message="timeout"><stackTrace>y</stackTrace></flakyError>
      <flakyFailure type="failed step" message="got 400"><stackTrace>z</stackTrace></flakyFailure>
      <system-err>some other output
lab warning: a warning after a pass</system-err>
    </testcase>
  </testsuite>
</testsuites>"#;

#[test]
fn reads_the_four_verdicts_flaky_errors_and_lab_warnings() {
    let r = parse(VERDICTS, "v.xml").expect("parses");
    let cases = &r.suites[0].cases;
    let verdicts: Vec<Option<Verdict>> = cases.iter().map(Case::verdict).collect();
    assert_eq!(
        verdicts,
        [
            Some(Verdict::Fail),
            Some(Verdict::Inconclusive),
            Some(Verdict::Error),
            Some(Verdict::Error),
            None
        ]
    );
    assert!(
        matches!(&cases[1].status, Status::Error(p) if p.summary() == "1002 never rang" && p.kind.as_deref() == Some(ERROR_INCONCLUSIVE))
    );
    assert!(matches!(&cases[3].status, Status::Error(p) if p.summary() == "npe"));
    assert_eq!(
        cases[1].warnings(),
        [
            "cleanup could not restore 1001 (NOT_READY): 500",
            "user 1002 is left out of the rest of the run"
        ]
    );
    assert!(cases[0].warnings().is_empty());
    let retried = &cases[4];
    assert_eq!(retried.status, Status::Passed);
    assert_eq!(retried.flaky(), 3);
    let attempts: Vec<Verdict> = retried.reruns.iter().map(Rerun::verdict).collect();
    assert_eq!(
        attempts,
        [Verdict::Inconclusive, Verdict::Error, Verdict::Fail]
    );
    assert_eq!(retried.warnings(), ["a warning after a pass"]);
}

#[test]
fn a_failure_outranks_an_inconclusive_and_an_error_outranks_both() {
    let xml = r#"<testsuite name="s" tests="2" failures="2" errors="2">
<testcase name="a"><error type="inconclusive" message="i"/><failure message="f"/></testcase>
<testcase name="b"><failure message="f"/><error message="e"/><error type="inconclusive"/></testcase>
</testsuite>"#;
    let r = parse(xml, "r.xml").expect("parses");
    let cases = &r.suites[0].cases;
    assert!(matches!(&cases[0].status, Status::Failure(p) if p.summary() == "f"));
    assert!(matches!(&cases[1].status, Status::Error(p) if p.summary() == "e"));
}
