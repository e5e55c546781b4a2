use super::super::model::Status;
use super::*;
use crate::report::incomplete;
use crate::report::junit::parse;

fn shard(n: usize, cases: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="finesse-conformance" tests="9" failures="9" errors="0" time="9.000">
  <testsuite name="User" tests="9" failures="9" errors="0" skipped="0" time="1.250" timestamp="2026-01-0{n}T00:00:00" file="features/user.feature">
    <properties>
      <property name="finesse.version" value="12.6(1)"/>
      <property name="run.shard" value="{n}/2"/>
    </properties>
{cases}
  </testsuite>
</testsuites>"#
    )
}

const FAILED: &str = r#"<testcase name="a" classname="user" time="0.500"><failure type="failed step" message="got 400"><![CDATA[Step failed: Then x
got 400 ]]]]><![CDATA[> end]]></failure><system-out><![CDATA[guide: 12.5 p42
rules: user.ready

--> GET]]></system-out></testcase>"#;
const FLAKY: &str = r#"<testcase name="b" classname="user" time="0.750"><flakyFailure type="failed step" message="timeout"><stackTrace>trace</stackTrace></flakyFailure><system-out>out</system-out></testcase>"#;
const SKIPPED: &str = r#"<testcase name="c" classname="user" time="0.000"><skipped type="not applicable" message="UCCX only"/></testcase>"#;

fn reports(texts: &[String]) -> Vec<Document> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| parse(t, &format!("shard{}.xml", i + 1)).expect("parses"))
        .collect()
}

#[test]
fn shards_of_one_feature_become_one_suite_with_totals_recomputed() {
    let inputs = reports(&[shard(1, FAILED), shard(2, &format!("{FLAKY}{SKIPPED}"))]);
    let xml = merge(&inputs).expect("combines").to_xml().expect("renders");
    assert!(
            xml.contains(r#"<testsuites name="finesse-conformance" tests="3" failures="1" errors="0" time="2.500">"#),
            "{xml}"
        );
    assert!(xml.contains(r#"tests="3" failures="1" errors="0" skipped="1" time="2.500" timestamp="2026-01-01T00:00:00""#), "{xml}");
    assert!(
        xml.contains(r#"<property name="run.shard" value="1/2, 2/2"/>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<property name="finesse.version" value="12.6(1)"/>"#),
        "{xml}"
    );
    let back = parse(&xml, "merged.xml").expect("the merged file parses");
    assert_eq!(back.suites.len(), 1);
    let cases = &back.suites[0].cases;
    let original: Vec<Case> = inputs
        .iter()
        .flat_map(|r| r.suites[0].cases.clone())
        .collect();
    assert_eq!(cases, &original, "every testcase survives unchanged");
    assert!(matches!(&cases[0].status, Status::Failure(p) if p.text.ends_with("got 400 ]]> end")));
    assert_eq!(cases[1].flaky(), 1);
}

const INCONCLUSIVE: &str = r#"<testcase name="d" classname="user" time="0.100"><error type="inconclusive" message="1002 never rang"><![CDATA[Not a Finesse finding]]></error><system-err><![CDATA[lab warning: cleanup could not restore 1001
]]></system-err></testcase>"#;
const ERROR: &str = r#"<testcase name="e" classname="user" time="0.100"><error type="error" message="no response"/></testcase>"#;
const FLAKY_ERROR: &str = r#"<testcase name="f" classname="user" time="0.100"><flakyError type="inconclusive" message="no agent"><stackTrace>t</stackTrace></flakyError></testcase>"#;

#[test]
fn verdicts_and_lab_warnings_survive_and_errors_are_counted() {
    let inputs = reports(&[
        shard(1, &format!("{FAILED}{INCONCLUSIVE}")),
        shard(2, &format!("{ERROR}{FLAKY_ERROR}{SKIPPED}")),
    ]);
    let xml = merge(&inputs).expect("combines").to_xml().expect("renders");
    assert!(
        xml.contains(r#"<testsuites name="finesse-conformance" tests="5" failures="1" errors="2""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"tests="5" failures="1" errors="2" skipped="1""#),
        "{xml}"
    );
    let back = parse(&xml, "merged.xml").expect("parses");
    let cases = &back.suites[0].cases;
    let verdicts: Vec<_> = cases.iter().map(Case::verdict).collect();
    use crate::domain::verdict::Verdict;
    assert_eq!(
        verdicts,
        [
            Some(Verdict::Fail),
            Some(Verdict::Inconclusive),
            Some(Verdict::Error),
            None,
            None
        ]
    );
    assert_eq!(cases[1].warnings(), ["cleanup could not restore 1001"]);
    assert_eq!(cases[3].reruns[0].verdict(), Verdict::Inconclusive);
    let original: Vec<Case> = inputs
        .iter()
        .flat_map(|r| r.suites[0].cases.clone())
        .collect();
    assert_eq!(cases, &original);
}

#[test]
fn a_testcase_in_two_shards_is_an_error() {
    let inputs = reports(&[shard(1, FAILED), shard(2, FAILED)]);
    let e = merge(&inputs).expect_err("duplicate");
    assert!(e.contains("\"user › a\""), "{e}");
    assert!(e.contains("shard1.xml and shard2.xml"), "{e}");
    assert!(!e.contains('\n'));
    let same = reports(&[shard(1, FAILED)]).remove(0);
    let e = merge(&[same.clone(), same]).expect_err("one file twice");
    assert!(e.contains("shard1.xml, which is given twice"), "{e}");
}

#[test]
fn other_producers_reports_merge_too() {
    let a = parse(
            r#"<testsuite name="py" tests="1" failures="0" errors="1"><testcase name="t" classname="m"><error message="boom">tb</error></testcase></testsuite>"#,
            "py.xml",
        )
        .expect("parses");
    let b = parse(&shard(1, SKIPPED), "ours.xml").expect("parses");
    let xml = merge(&[a, b]).expect("combines").to_xml().expect("renders");
    assert!(
        xml.contains(r#"tests="2" failures="0" errors="1""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<error message="boom"><![CDATA[tb]]></error>"#),
        "{xml}"
    );
    let back = parse(&xml, "m.xml").expect("parses");
    assert_eq!(back.suites.len(), 2);
    assert!(back.suites[0].properties.is_empty());
}

#[test]
fn shards_of_runs_that_did_not_complete_merge_into_one_marker() {
    let marker = |why: &str| {
        format!(
            r#"<testsuite name="finesse-conformance" tests="1" failures="0" errors="1"><testcase classname="finesse-conformance" name="{}"><error type="incomplete" message="{why}"/></testcase></testsuite>"#,
            incomplete::NAME
        )
    };
    let with_marker = |n: usize, why: &str, cases: &str| {
        shard(n, cases).replacen("<testsuite ", &format!("{}\n  <testsuite ", marker(why)), 1)
    };
    let texts = [
        with_marker(1, "killed one", r#"<testcase classname="user" name="a"/>"#),
        with_marker(2, "killed two", r#"<testcase classname="user" name="b"/>"#),
    ];
    let merged = merge(&reports(&texts)).expect("two markers are no duplicate");
    let why = merged.incomplete().expect("the merged report says so");
    assert!(
        why.contains("killed one") && why.contains("killed two"),
        "{why}"
    );
    let markers = merged
        .suites
        .iter()
        .flat_map(|s| &s.cases)
        .filter(|c| c.is_incomplete_marker())
        .count();
    assert_eq!(markers, 1);
    let xml = merged.to_xml().expect("renders");
    assert!(xml.contains("errors=\"1\""), "counted: {xml}");
    let back = parse(&xml, "m.xml").expect("parses");
    assert!(back.incomplete().is_some());
    let clean = [shard(1, r#"<testcase classname="user" name="a"/>"#)];
    assert_eq!(merge(&reports(&clean)).expect("merges").incomplete(), None);
}

#[test]
fn no_input_is_an_error() {
    assert!(merge(&[]).is_err());
}
