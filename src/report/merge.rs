//! `merge`: shard reports into one JUnit document of the same shape as `run` writes.
//!
//! Testcases are copied as they were read, so each keeps its verdict (`<failure>`, `<error
//! type="inconclusive">`, `<error type="error">`), its flaky attempts and its lab warnings;
//! the totals are recomputed from them, inconclusive and errored testcases counting as
//! `errors` as `run` counts them.
//!
//! Shards must be disjoint, so a testcase (classname, name) found in two inputs is an error
//! rather than something to reconcile. Testsuites with the same name and file (one feature
//! split across shards) become one; their properties are kept, and a property whose value
//! differs between shards (`run.shard`, or a base_url) lists every value, comma-separated.

use std::collections::HashMap;
use std::path::PathBuf;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use super::incomplete;
use super::junit_read::{self, Case, Problem, Report, Status, Suite};

/// Reads every input and renders the merged document.
pub fn merge(inputs: &[PathBuf]) -> Result<String, String> {
    let reports = inputs
        .iter()
        .map(|p| junit_read::read_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    render(&combine(&reports)?)
}

/// A suite being assembled, with each property's distinct values.
struct Merging {
    suite: Suite,
    properties: Vec<(String, Vec<String>)>,
}

/// Combines parsed reports; fails on a testcase present in two of them.
pub fn combine(reports: &[Report]) -> Result<Report, String> {
    if reports.is_empty() {
        return Err("merge needs at least one JUnit report".into());
    }
    // testcase key -> index of the report it came from
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut suites: Vec<Merging> = Vec::new();
    // "Run did not complete" markers (report::incomplete): one merged marker, not testcases.
    let mut unfinished: Vec<String> = Vec::new();
    for (i, report) in reports.iter().enumerate() {
        if let Some(why) = report.incomplete() {
            unfinished.push(format!("{}: {why}", report.source));
        }
        for s in &report.suites {
            let scenarios: Vec<Case> = s
                .cases
                .iter()
                .filter(|c| !c.is_incomplete_marker())
                .cloned()
                .collect();
            if scenarios.is_empty() && !s.cases.is_empty() {
                continue;
            }
            let s = &Suite {
                cases: scenarios,
                ..s.clone()
            };
            for c in &s.cases {
                let key = (c.classname.clone(), c.name.clone());
                match seen.get(&key) {
                    Some(&first) if first != i => {
                        let (a, b) = (&reports[first].source, &report.source);
                        let place = if a == b {
                            format!("{a}, which is given twice")
                        } else {
                            format!("both {a} and {b}")
                        };
                        return Err(format!(
                            "testcase \"{} › {}\" is in {place}; shard reports must be disjoint (merge each shard once)",
                            c.classname, c.name
                        ));
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(key, i);
                    }
                }
            }
            let found = suites
                .iter()
                .position(|m| m.suite.name == s.name && m.suite.file == s.file);
            let at = found.unwrap_or_else(|| {
                suites.push(Merging {
                    suite: Suite {
                        name: s.name.clone(),
                        file: s.file.clone(),
                        ..Suite::default()
                    },
                    properties: Vec::new(),
                });
                suites.len() - 1
            });
            if let Some(m) = suites.get_mut(at) {
                add_suite(m, s);
            }
        }
    }
    let marker = (!unfinished.is_empty()).then(|| {
        let why = unfinished.join("; ");
        Suite {
            name: incomplete::CLASSNAME.into(),
            cases: vec![Case {
                classname: incomplete::CLASSNAME.into(),
                name: incomplete::NAME.into(),
                status: Status::Error(Problem {
                    kind: Some(incomplete::ERROR_TYPE.into()),
                    message: Some(why.clone()),
                    text: format!("Run did not complete: {why}"),
                }),
                ..Case::default()
            }],
            ..Suite::default()
        }
    });
    Ok(Report {
        source: "merged".into(),
        name: reports.iter().find_map(|r| r.name.clone()),
        suites: marker
            .into_iter()
            .chain(suites.into_iter().map(|m| {
                let mut suite = m.suite;
                suite.properties = m
                    .properties
                    .into_iter()
                    .map(|(n, v)| (n, v.join(", ")))
                    .collect();
                suite
            }))
            .collect(),
    })
}

fn add_suite(m: &mut Merging, s: &Suite) {
    let to = &mut m.suite;
    to.time += s.time;
    // The earliest start (same-format RFC 3339 strings sort by time).
    to.timestamp = match (to.timestamp.take(), &s.timestamp) {
        (Some(a), Some(b)) => Some(if *b < a { b.clone() } else { a }),
        (a, b) => a.or_else(|| b.clone()),
    };
    for (out, add) in [
        (&mut to.system_out, &s.system_out),
        (&mut to.system_err, &s.system_err),
    ] {
        if let Some(add) = add {
            match out {
                Some(o) => {
                    o.push('\n');
                    o.push_str(add);
                }
                None => *out = Some(add.clone()),
            }
        }
    }
    to.cases.extend(s.cases.iter().cloned());
    for (name, value) in &s.properties {
        match m.properties.iter_mut().find(|(n, _)| n == name) {
            Some((_, values)) if !values.contains(value) => values.push(value.clone()),
            Some(_) => {}
            None => m.properties.push((name.clone(), vec![value.clone()])),
        }
    }
}

use super::junit::{W, cdata, xml_safe};

fn io(e: impl std::fmt::Display) -> String {
    format!("cannot render the merged JUnit XML: {e}")
}

fn secs(s: f64) -> String {
    format!("{s:.3}")
}

fn start(name: &str, attrs: &[(&str, Option<&str>)]) -> BytesStart<'static> {
    let mut e = BytesStart::new(name.to_string());
    for (k, v) in attrs {
        if let Some(v) = v {
            e.push_attribute((*k, xml_safe(v).as_str()));
        }
    }
    e
}

/// An element with optional attributes and a CDATA body (empty element when the body is).
fn element(
    w: &mut W,
    name: &str,
    attrs: &[(&str, Option<&str>)],
    body: &str,
) -> Result<(), String> {
    let e = start(name, attrs);
    if body.is_empty() {
        return w.write_event(Event::Empty(e)).map_err(io);
    }
    w.write_event(Event::Start(e)).map_err(io)?;
    cdata(w, &xml_safe(body))?;
    w.write_event(Event::End(BytesEnd::new(name))).map_err(io)
}

fn end(w: &mut W, name: &str) -> Result<(), String> {
    w.write_event(Event::End(BytesEnd::new(name))).map_err(io)
}

fn outputs(w: &mut W, out: &Option<String>, err: &Option<String>) -> Result<(), String> {
    if let Some(o) = out {
        element(w, "system-out", &[], o)?;
    }
    if let Some(e) = err {
        element(w, "system-err", &[], e)?;
    }
    Ok(())
}

fn testcase(w: &mut W, c: &Case) -> Result<(), String> {
    let time = secs(c.time);
    let classname = Some(c.classname.as_str()).filter(|s| !s.is_empty());
    w.write_event(Event::Start(start(
        "testcase",
        &[
            ("name", Some(&c.name)),
            ("classname", classname),
            ("time", Some(&time)),
        ],
    )))
    .map_err(io)?;
    let problem = match &c.status {
        Status::Passed => None,
        Status::Failed(p) => Some(("failure", p)),
        // The type attribute (inconclusive or error) goes with the problem.
        Status::Inconclusive(p) | Status::Error(p) => Some(("error", p)),
        Status::Skipped(p) => Some(("skipped", p)),
    };
    if let Some((name, p)) = problem {
        let attrs = [
            ("type", p.kind.as_deref()),
            ("message", p.message.as_deref()),
        ];
        element(w, name, &attrs, &p.text)?;
    }
    for r in &c.reruns {
        let name = r.kind.element();
        w.write_event(Event::Start(start(
            name,
            &[
                ("type", Some(&r.kind_attr)),
                ("message", r.message.as_deref()),
            ],
        )))
        .map_err(io)?;
        if let Some(t) = &r.stack_trace {
            element(w, "stackTrace", &[], t)?;
        }
        outputs(w, &r.system_out, &r.system_err)?;
        end(w, name)?;
    }
    outputs(w, &c.system_out, &c.system_err)?;
    end(w, "testcase")
}

/// Counts of a set of cases: (tests, failures, errors, skipped).
fn counts<'a>(cases: impl Iterator<Item = &'a Case>) -> (usize, usize, usize, usize) {
    cases.fold((0, 0, 0, 0), |(t, f, e, s), c| match c.status {
        Status::Passed => (t + 1, f, e, s),
        Status::Failed(_) => (t + 1, f + 1, e, s),
        Status::Inconclusive(_) | Status::Error(_) => (t + 1, f, e + 1, s),
        Status::Skipped(_) => (t + 1, f, e, s + 1),
    })
}

/// Renders a report as JUnit XML; totals are recomputed from the testcases.
pub fn render(report: &Report) -> Result<String, String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(io)?;
    let (tests, failures, errors, _) = counts(report.suites.iter().flat_map(|s| &s.cases));
    // Shards may have run in parallel, so no wall time is known: the sum of the suites' times.
    let time = secs(report.suites.iter().map(|s| s.time).sum());
    let (tests, failures, errors) = (tests.to_string(), failures.to_string(), errors.to_string());
    w.write_event(Event::Start(start(
        "testsuites",
        &[
            (
                "name",
                Some(report.name.as_deref().unwrap_or("finesse-conformance")),
            ),
            ("tests", Some(&tests)),
            ("failures", Some(&failures)),
            ("errors", Some(&errors)),
            ("time", Some(&time)),
        ],
    )))
    .map_err(io)?;
    for s in &report.suites {
        let (tests, failures, errors, skipped) = counts(s.cases.iter());
        let [tests, failures, errors, skipped] =
            [tests, failures, errors, skipped].map(|n| n.to_string());
        let time = secs(s.time);
        w.write_event(Event::Start(start(
            "testsuite",
            &[
                ("name", Some(&s.name)),
                ("tests", Some(&tests)),
                ("failures", Some(&failures)),
                ("errors", Some(&errors)),
                ("skipped", Some(&skipped)),
                ("time", Some(&time)),
                ("timestamp", s.timestamp.as_deref()),
                ("file", s.file.as_deref()),
            ],
        )))
        .map_err(io)?;
        if !s.properties.is_empty() {
            w.write_event(Event::Start(BytesStart::new("properties")))
                .map_err(io)?;
            for (name, value) in &s.properties {
                element(
                    &mut w,
                    "property",
                    &[("name", Some(name)), ("value", Some(value))],
                    "",
                )?;
            }
            end(&mut w, "properties")?;
        }
        for c in &s.cases {
            testcase(&mut w, c)?;
        }
        outputs(&mut w, &s.system_out, &s.system_err)?;
        end(&mut w, "testsuite")?;
    }
    end(&mut w, "testsuites")?;
    String::from_utf8(w.into_inner()).map_err(|e| format!("merged JUnit XML is not UTF-8: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::junit_read::parse;

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

    fn reports(texts: &[String]) -> Vec<Report> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| parse(t, &format!("shard{}.xml", i + 1)).expect("parses"))
            .collect()
    }

    #[test]
    fn shards_of_one_feature_become_one_suite_with_totals_recomputed() {
        let inputs = reports(&[shard(1, FAILED), shard(2, &format!("{FLAKY}{SKIPPED}"))]);
        let xml = render(&combine(&inputs).expect("combines")).expect("renders");
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
        assert!(
            matches!(&cases[0].status, Status::Failed(p) if p.text.ends_with("got 400 ]]> end"))
        );
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
        let xml = render(&combine(&inputs).expect("combines")).expect("renders");
        assert!(
            xml.contains(
                r#"<testsuites name="finesse-conformance" tests="5" failures="1" errors="2""#
            ),
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
        assert_eq!(cases[1].warnings, ["cleanup could not restore 1001"]);
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
        let e = combine(&inputs).expect_err("duplicate");
        assert!(e.contains("\"user › a\""), "{e}");
        assert!(e.contains("shard1.xml and shard2.xml"), "{e}");
        assert!(!e.contains('\n'));
        let same = reports(&[shard(1, FAILED)]).remove(0);
        let e = combine(&[same.clone(), same]).expect_err("one file twice");
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
        let xml = render(&combine(&[a, b]).expect("combines")).expect("renders");
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
        let merged = combine(&reports(&texts)).expect("two markers are no duplicate");
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
        let xml = render(&merged).expect("renders");
        assert!(xml.contains("errors=\"1\""), "counted: {xml}");
        let back = parse(&xml, "m.xml").expect("parses");
        assert!(back.incomplete().is_some());
        let clean = [shard(1, r#"<testcase classname="user" name="a"/>"#)];
        assert_eq!(
            combine(&reports(&clean)).expect("merges").incomplete(),
            None
        );
    }

    #[test]
    fn no_input_is_an_error() {
        assert!(combine(&[]).is_err());
    }
}
