//! The model, the writer and the reader together: what `run` writes (byte for byte), and that
//! writing, reading and writing again changes nothing.

use super::model::{Problem, Rerun, RerunKind, Suite};
use super::*;
use crate::domain::results::HARNESS_VERSION;
use crate::domain::verdict::Verdict;
use crate::report::evidence::tests::{CANARY, synthetic_report};

/// What `run` wrote for the synthetic report before the writer went through the model: the
/// same bytes still (the harness version replaced, so that a release does not change it).
const RUN_XML: &str = include_str!("../../../tests/fixtures/junit/run.xml");

fn canary_redactor() -> Redactor {
    Redactor::new(&[CANARY.to_string()], &["agent1".to_string()])
}

#[test]
fn what_run_writes_is_byte_for_byte_what_it_wrote_before() {
    let why = crate::report::incomplete::still_running(3);
    let xml = render_marked(&synthetic_report(), &canary_redactor(), Some(&why)).expect("renders");
    let xml = xml.replace(
        &format!("value=\"{HARNESS_VERSION}\""),
        "value=\"HARNESS_VERSION\"",
    );
    if xml != RUN_XML {
        let at = xml
            .lines()
            .zip(RUN_XML.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "line {}: wrote {:?}, expected {:?}",
            at + 1,
            xml.lines().nth(at),
            RUN_XML.lines().nth(at)
        );
    }
}

/// A document with every element and attribute the writer knows, and text that needs care:
/// markup characters, quotes, newlines and tabs in attributes, `]]>`, non-ASCII.
fn every_element_kind() -> Document {
    let p = |kind: Option<&str>, message: Option<&str>, text: &str| Problem {
        kind: kind.map(String::from),
        message: message.map(String::from),
        text: text.into(),
    };
    let case = |name: &str, status: Status| Case {
        classname: "media.sign_in".into(),
        name: name.into(),
        time: 0.25,
        status,
        ..Case::default()
    };
    let rerun = |element, kind: &str| Rerun {
        element,
        kind: kind.into(),
        message: Some(format!("{kind} before")),
        stack_trace: Some("Step failed: When x\nfirst try".into()),
        system_out: None,
        system_err: None,
    };
    let mut flaky = case("flaky", Status::Passed);
    flaky.reruns = vec![
        rerun(RerunKind::FlakyFailure, "failed step"),
        rerun(RerunKind::FlakyError, ERROR_INCONCLUSIVE),
    ];
    let mut rerun_failed = case(
        "rerun",
        Status::Failure(p(Some("failed step"), Some("again"), "again")),
    );
    rerun_failed.reruns = vec![
        Rerun {
            system_out: Some("attempt 1 out".into()),
            system_err: Some("attempt 1 err".into()),
            ..rerun(RerunKind::RerunFailure, "failed step")
        },
        Rerun {
            message: None,
            stack_trace: None,
            ..rerun(RerunKind::RerunError, "")
        },
    ];
    let mut failed = case(
        "Unknown MRD [UCCE: mrd=9999] & <more>",
        Status::Failure(p(
            Some("failed step"),
            Some("expected \"404\",\n\tgot 'it' & <400>"),
            "Step failed: Then x\nbody ]]> end — ü",
        )),
    );
    failed.system_out =
        Some("guide: 12.5 p171\nrules: a b\nscenario: f.feature:3\n\n--> GET".into());
    failed.system_err = Some("lab warning: cleanup could not restore 1001\n".into());
    Document {
        source: "every.xml".into(),
        name: Some("finesse-conformance".into()),
        time: 12.5,
        suites: vec![
            Suite {
                name: "Media — sign in".into(),
                file: Some("features/media/sign_in.feature".into()),
                timestamp: Some("2026-01-01T00:00:00".into()),
                time: 1.75,
                properties: vec![
                    ("finesse.profile".into(), "lab & co".into()),
                    (
                        "finesse.base_url".into(),
                        "https://lab:8445/?a=1&b=\"2\"".into(),
                    ),
                ],
                cases: vec![
                    failed,
                    case(
                        "inconclusive",
                        Status::Error(p(Some(ERROR_INCONCLUSIVE), Some("1002 never rang"), "x")),
                    ),
                    case(
                        "error",
                        Status::Error(p(Some("error"), Some("timeout"), "")),
                    ),
                    case("foreign error", Status::Error(p(None, None, "Traceback"))),
                    case(
                        "skipped",
                        Status::Skipped(p(Some("not applicable"), Some("UCCX only"), "")),
                    ),
                    case("skipped with text", Status::Skipped(p(None, None, "why"))),
                    flaky,
                    rerun_failed,
                    Case {
                        classname: String::new(),
                        ..case("no classname", Status::Passed)
                    },
                ],
                system_out: Some("suite out".into()),
                system_err: Some("suite err".into()),
            },
            Suite {
                name: "bare".into(),
                ..Suite::default()
            },
        ],
    }
}

#[test]
fn a_document_with_every_element_kind_reads_back_as_written_and_writes_the_same_bytes() {
    let doc = every_element_kind();
    let xml = doc.to_xml().expect("writes");
    let back = parse(&xml, "every.xml").expect("reads");
    assert_eq!(back, doc, "read(write(d)) == d");
    assert_eq!(
        back.to_xml().expect("writes"),
        xml,
        "write(read(write(d))) == write(d)"
    );
    for element in [
        "<testsuites ",
        "<testsuite ",
        "<properties>",
        "<property ",
        "<testcase ",
        "<failure ",
        "<error ",
        "<skipped ",
        "<flakyFailure ",
        "<flakyError ",
        "<rerunFailure ",
        "<rerunError ",
        "<stackTrace>",
        "<system-out>",
        "<system-err>",
    ] {
        assert!(xml.contains(element), "{element} is written: {xml}");
    }
}

#[test]
fn what_run_writes_round_trips_to_the_same_bytes() {
    let why = crate::report::incomplete::interrupted(2);
    let xml = render_marked(&synthetic_report(), &canary_redactor(), Some(&why)).expect("renders");
    let back = parse(&xml, "run.xml").expect("reads");
    assert_eq!(back.to_xml().expect("writes"), xml);
}

#[test]
fn text_xml_cannot_carry_is_dropped_and_line_ends_are_written_as_newlines() {
    let mut doc = every_element_kind();
    let weird = "a\u{1}b\u{FFFF}c\r\nd\re\u{7f}";
    doc.suites[0].cases[0].system_out = Some(weird.into());
    doc.suites[0].cases[0].status = Status::Failure(Problem {
        kind: None,
        message: Some(weird.into()),
        text: weird.into(),
    });
    let xml = doc.to_xml().expect("writes");
    let back = parse(&xml, "weird.xml").expect("what is written is XML");
    let case = &back.suites[0].cases[0];
    assert_eq!(case.system_out.as_deref(), Some("abc\nd\ne"));
    let Status::Failure(p) = &case.status else {
        panic!("{:?}", case.status)
    };
    assert_eq!(p.text, "abc\nd\ne");
    // In an attribute a CR is a character reference, so it survives.
    assert_eq!(p.message.as_deref(), Some("abc\r\nd\re"));
    assert_eq!(
        back.to_xml().expect("writes"),
        xml,
        "stable after one write"
    );
}

#[test]
fn a_secret_split_by_a_control_character_is_still_redacted() {
    let mut report = synthetic_report();
    let split = "C4nary'Pw&<x>\u{1}\"z";
    report.features[0].scenarios[0].outcome = crate::domain::results::Outcome::Failed {
        step: None,
        message: format!("got {split}"),
    };
    report.features[0].scenarios[0].warnings = vec![format!("left {split}")];
    let xml = render(&report, &canary_redactor()).expect("renders");
    let back = parse(&xml, "r.xml").expect("reads");
    let case = &back.suites[0].cases[0];
    let Status::Failure(p) = &case.status else {
        panic!("{:?}", case.status)
    };
    assert_eq!(p.message.as_deref(), Some("got ***"));
    assert_eq!(p.text, "got ***");
    assert_eq!(case.warnings(), ["left ***"]);
}

#[test]
fn what_run_writes_reads_back_with_the_same_verdicts() {
    let report = synthetic_report();
    let xml = render(&report, &Redactor::default()).expect("renders");
    let back = parse(&xml, "junit.xml").expect("parses");
    let cases: Vec<&Case> = back.cases().collect();
    let written: Vec<_> = report.scenarios().collect();
    assert_eq!(cases.len(), written.len());
    for (c, s) in cases.iter().zip(&written) {
        assert_eq!(c.name, s.name);
        assert_eq!(c.verdict(), s.outcome.verdict(), "{}", s.name);
        assert_eq!(
            matches!(c.status, Status::Skipped(_)),
            matches!(s.outcome, crate::domain::results::Outcome::Skipped { .. })
        );
        assert_eq!(c.warnings(), s.warnings, "{}", s.name);
        let header = c.header().expect("every testcase has the header");
        assert_eq!(header.guide, s.citation());
        let earlier: Vec<Option<Verdict>> = if s.flaky() {
            s.earlier.iter().map(|a| a.outcome.verdict()).collect()
        } else {
            Vec::new()
        };
        let reruns: Vec<Option<Verdict>> = c.reruns.iter().map(|r| Some(r.verdict())).collect();
        assert_eq!(reruns, earlier, "{}", s.name);
    }
    assert!(
        written.iter().any(|s| !s.warnings.is_empty()),
        "the synthetic report has lab warnings"
    );
}

#[test]
fn a_report_of_a_run_that_did_not_complete_reads_as_such() {
    let report = synthetic_report();
    let r = Redactor::default();
    let clean = render(&report, &r).expect("renders");
    assert_eq!(parse(&clean, "j.xml").expect("parses").incomplete(), None);
    let why = crate::report::incomplete::still_running(3);
    let marked = render_marked(&report, &r, Some(&why)).expect("renders");
    let back = parse(&marked, "j.xml").expect("parses");
    let said = back.incomplete().expect("incomplete");
    assert!(said.contains("3 scenario(s) not run yet"), "{said}");
    let markers: Vec<&Case> = back.cases().filter(|c| c.is_incomplete_marker()).collect();
    assert_eq!(markers.len(), 1);
    assert_eq!(
        markers[0].verdict(),
        Some(Verdict::Error),
        "a problem, not a pass"
    );
    // The root and the marker's testsuite count it.
    let root_errors = |xml: &str| -> usize {
        let at = xml.find("<testsuites").expect("root");
        let tag = &xml[at..at + xml[at..].find('>').expect("end")];
        let v = tag.split(" errors=\"").nth(1).expect("errors");
        v.split('"')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("number")
    };
    assert_eq!(root_errors(&marked), root_errors(&clean) + 1);
    assert!(marked.contains("errors=\"1\" skipped=\"0\""), "{marked}");
    // Another producer's error of another type is no marker.
    let foreign = marked.replace("type=\"incomplete\"", "type=\"java.io.IOException\"");
    assert_eq!(parse(&foreign, "f.xml").expect("parses").incomplete(), None);
}

/// tests/junit_schema.rs validates this file against schemas/junit.xsd (and breaks it in
/// every way the schema forbids): it must stay what the writer writes.
const EVERY_XML: &str = include_str!("../../../tests/fixtures/junit/every-element.xml");

#[test]
fn the_every_element_fixture_is_what_the_writer_writes() {
    let xml = every_element_kind().to_xml().expect("writes");
    if std::env::var_os("FC_WRITE_FIXTURES").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/junit/every-element.xml"
        );
        std::fs::write(path, &xml).expect("fixture written");
    }
    assert_eq!(xml, EVERY_XML);
}
