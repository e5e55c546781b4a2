//! Reading JUnit XML back (for `diff` and `merge`): ours, and other producers' within reason
//! (no `<testsuites>` root, no properties, `<error>` elements, no system-out header).
//!
//! The verdicts come back as junit.rs writes them: `<failure>` is a fail, `<error
//! type="inconclusive">` inconclusive, any other `<error>` (ours say `type="error"`; other
//! producers' say anything) an error. Reports written before the verdicts existed have only
//! `<failure>` and `<skipped>`, and read as they always did.
//!
//! A report written before its run completed carries a "run did not complete" testcase
//! (`<error type="incomplete">`, see report::incomplete): it reads as an error, so such a
//! report is never a clean pass; [`Case::is_incomplete_marker`] and [`Report::incomplete`]
//! tell it from the scenarios, for `diff` and `merge`.
//!
//! The model is plain data; every string is already unescaped. Errors are one line that
//! names the file and, where the parser knows it, the byte position.

use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::incomplete;
use super::junit::{ERROR_INCONCLUSIVE, WARNING_PREFIX};
use super::verdict::Verdict;

/// A whole report file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Where it was read from; names it in messages.
    pub source: String,
    /// The `<testsuites name>`, when the root is `<testsuites>`.
    pub name: Option<String>,
    /// Nested testsuites are flattened, in document order.
    pub suites: Vec<Suite>,
}

impl Report {
    /// Why the run that wrote this report did not complete (the marker's message), when it
    /// did not: it was killed, interrupted, or the file was written while it ran.
    pub fn incomplete(&self) -> Option<String> {
        let reasons: Vec<String> = self
            .suites
            .iter()
            .flat_map(|s| &s.cases)
            .filter(|c| c.is_incomplete_marker())
            .map(|c| {
                c.status
                    .problem()
                    .map(|p| p.summary().to_string())
                    .unwrap_or_default()
            })
            .collect();
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suite {
    pub name: String,
    pub file: Option<String>,
    pub timestamp: Option<String>,
    /// Seconds; 0 when missing or unreadable.
    pub time: f64,
    /// In document order; names may repeat in other producers' files.
    pub properties: Vec<(String, String)>,
    pub cases: Vec<Case>,
    pub system_out: Option<String>,
    pub system_err: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Case {
    /// Empty when the producer left it out.
    pub classname: String,
    pub name: String,
    /// Seconds; 0 when missing or unreadable.
    pub time: f64,
    pub status: Status,
    /// `flakyFailure`, `flakyError`, `rerunFailure`, `rerunError`, in document order.
    pub reruns: Vec<Rerun>,
    pub system_out: Option<String>,
    pub system_err: Option<String>,
    /// Our citation header at the start of system-out, when present.
    pub header: Option<Header>,
    /// Lab warnings: the `lab warning: ` lines of the testcase's system-err, without the prefix.
    pub warnings: Vec<String>,
}

impl Case {
    /// The identity of a testcase across reports.
    pub fn key(&self) -> (&str, &str) {
        (&self.classname, &self.name)
    }

    /// The verdict of a testcase that did not pass; None for passed and skipped.
    pub fn verdict(&self) -> Option<Verdict> {
        self.status.verdict()
    }

    /// Whether this is the "run did not complete" marker (report::incomplete), not a
    /// scenario: an `<error type="incomplete">` testcase of that name.
    pub fn is_incomplete_marker(&self) -> bool {
        self.name == incomplete::NAME
            && matches!(&self.status, Status::Error(p) if p.kind.as_deref() == Some(incomplete::ERROR_TYPE))
    }

    /// Failed attempts before a final pass (Surefire's flakyFailure/flakyError).
    pub fn flaky(&self) -> usize {
        self.reruns
            .iter()
            .filter(|r| matches!(r.kind, RerunKind::FlakyFailure | RerunKind::FlakyError))
            .count()
    }
}

/// The final outcome of a testcase: the four verdicts, or skipped. With several result
/// elements, an error outranks a failure, which outranks an inconclusive, which outranks a
/// skip (as in TTCN-3, where error overrides every verdict and fail overrides inconclusive);
/// the first of the winning kind is kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Status {
    #[default]
    Passed,
    /// `<failure>`: a finding.
    Failed(Problem),
    /// `<error type="inconclusive">`: a precondition could not be reached.
    Inconclusive(Problem),
    /// Any other `<error>`: the harness or the infrastructure broke.
    Error(Problem),
    Skipped(Problem),
}

impl Status {
    fn rank(&self) -> u8 {
        match self {
            Status::Passed => 0,
            Status::Skipped(_) => 1,
            Status::Inconclusive(_) => 2,
            Status::Failed(_) => 3,
            Status::Error(_) => 4,
        }
    }

    /// The status an `<error>` element of `type` stands for.
    pub fn of_error(problem: Problem) -> Status {
        if problem.kind.as_deref() == Some(ERROR_INCONCLUSIVE) {
            Status::Inconclusive(problem)
        } else {
            Status::Error(problem)
        }
    }

    /// The problem of a non-passing status.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Status::Passed => None,
            Status::Failed(p) | Status::Inconclusive(p) | Status::Error(p) | Status::Skipped(p) => {
                Some(p)
            }
        }
    }

    /// The verdict; None for passed and skipped.
    pub fn verdict(&self) -> Option<Verdict> {
        match self {
            Status::Failed(_) => Some(Verdict::Fail),
            Status::Inconclusive(_) => Some(Verdict::Inconclusive),
            Status::Error(_) => Some(Verdict::Error),
            Status::Passed | Status::Skipped(_) => None,
        }
    }
}

/// A `<failure>`, `<error>` or `<skipped>` element.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problem {
    /// The `type` attribute.
    pub kind: Option<String>,
    pub message: Option<String>,
    /// The element's text (our failure detail, or another producer's stack trace).
    pub text: String,
}

impl Problem {
    /// One line for a console or a table: the message, else the text's first line.
    pub fn summary(&self) -> &str {
        self.message
            .as_deref()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| self.text.trim().lines().next().unwrap_or(""))
            .trim()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RerunKind {
    FlakyFailure,
    FlakyError,
    RerunFailure,
    RerunError,
}

impl RerunKind {
    pub fn element(self) -> &'static str {
        match self {
            RerunKind::FlakyFailure => "flakyFailure",
            RerunKind::FlakyError => "flakyError",
            RerunKind::RerunFailure => "rerunFailure",
            RerunKind::RerunError => "rerunError",
        }
    }

    fn from_element(name: &str) -> Option<Self> {
        [
            RerunKind::FlakyFailure,
            RerunKind::FlakyError,
            RerunKind::RerunFailure,
            RerunKind::RerunError,
        ]
        .into_iter()
        .find(|k| k.element() == name)
    }
}

/// An earlier attempt of a retried testcase.
#[derive(Debug, Clone, PartialEq)]
pub struct Rerun {
    pub kind: RerunKind,
    /// Required by the schema; empty when another producer left it out.
    pub kind_attr: String,
    pub message: Option<String>,
    pub stack_trace: Option<String>,
    pub system_out: Option<String>,
    pub system_err: Option<String>,
}

impl Rerun {
    /// The attempt's verdict: a flakyFailure or rerunFailure is a fail; a flakyError or
    /// rerunError of type `inconclusive` is inconclusive, of any other type an error.
    pub fn verdict(&self) -> Verdict {
        match self.kind {
            RerunKind::FlakyFailure | RerunKind::RerunFailure => Verdict::Fail,
            RerunKind::FlakyError | RerunKind::RerunError
                if self.kind_attr == ERROR_INCONCLUSIVE =>
            {
                Verdict::Inconclusive
            }
            RerunKind::FlakyError | RerunKind::RerunError => Verdict::Error,
        }
    }
}

/// The lab warnings in a testcase's system-err (see junit.rs).
fn warnings(system_err: Option<&str>) -> Vec<String> {
    system_err
        .map(|text| {
            text.lines()
                .filter_map(|l| l.trim_start().strip_prefix(WARNING_PREFIX))
                .map(|w| w.trim_end().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The system-out header junit.rs writes: `guide:`, `rules:` and `scenario:` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// E.g. `12.5 p171`; empty when the scenario cites nothing.
    pub guide: String,
    pub rules: Vec<String>,
    /// `path:line` of the scenario or Examples row.
    pub scenario: Option<String>,
}

impl Header {
    /// Reads the header from the start of a system-out; None when it does not start with one.
    pub fn parse(system_out: &str) -> Option<Header> {
        let mut header = Header::default();
        let mut seen = false;
        for line in system_out.lines() {
            let Some((key, value)) = line.split_once(':') else {
                break;
            };
            let value = value.trim();
            match key {
                "guide" => header.guide = value.to_string(),
                "rules" => header.rules = value.split_whitespace().map(String::from).collect(),
                "scenario" if !value.is_empty() => header.scenario = Some(value.to_string()),
                "scenario" => {}
                _ => break,
            }
            seen = true;
        }
        seen.then_some(header)
    }
}

/// Reads and parses a report file.
pub fn read_file(path: &Path) -> Result<Report, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not a JUnit report: {} is not UTF-8 text (bad byte at {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    parse(&text, &path.display().to_string())
}

/// The elements whose text is kept.
fn captures_text(name: &str) -> bool {
    matches!(
        name,
        "failure" | "error" | "skipped" | "stackTrace" | "system-out" | "system-err" | "property"
    )
}

/// Parser state: where we are and what is open.
#[derive(Default)]
struct State {
    report: Report,
    /// Open element names.
    stack: Vec<String>,
    /// Indices into `report.suites` of the open testsuites.
    open_suites: Vec<usize>,
    case: Option<Case>,
    rerun: Option<Rerun>,
    /// Attributes of the open failure/error/skipped/property element.
    pending: Vec<(String, String)>,
    /// Text of the open text-capturing element.
    text: Option<String>,
}

fn attrs(e: &BytesStart<'_>) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        out.push((AsRef::<str>::as_ref(&a.key).to_string(), value.into_owned()));
    }
    Ok(out)
}

fn get(attrs: &[(String, String)], key: &str) -> Option<String> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// Seconds from a `time` attribute (Surefire allows `1,234.5`).
fn seconds(attrs: &[(String, String)]) -> f64 {
    get(attrs, "time")
        .and_then(|t| t.replace(',', "").trim().parse::<f64>().ok())
        .filter(|t| t.is_finite() && *t >= 0.0)
        .unwrap_or(0.0)
}

impl State {
    fn open(&mut self, name: &str, a: Vec<(String, String)>) -> Result<(), String> {
        if self.stack.is_empty() && !matches!(name, "testsuites" | "testsuite") {
            return Err(format!(
                "the root element is <{name}>, not <testsuites> or <testsuite>"
            ));
        }
        match name {
            "testsuites" => self.report.name = get(&a, "name"),
            "testsuite" => {
                self.open_suites.push(self.report.suites.len());
                self.report.suites.push(Suite {
                    name: get(&a, "name").unwrap_or_default(),
                    file: get(&a, "file"),
                    timestamp: get(&a, "timestamp"),
                    time: seconds(&a),
                    ..Suite::default()
                });
            }
            "testcase" => {
                if self.open_suites.is_empty() {
                    return Err("<testcase> outside a <testsuite>".into());
                }
                self.case = Some(Case {
                    classname: get(&a, "classname").unwrap_or_default(),
                    name: get(&a, "name").unwrap_or_default(),
                    time: seconds(&a),
                    ..Case::default()
                });
            }
            _ => {
                if let Some(kind) = RerunKind::from_element(name) {
                    self.rerun = Some(Rerun {
                        kind,
                        kind_attr: get(&a, "type").unwrap_or_default(),
                        message: get(&a, "message"),
                        stack_trace: None,
                        system_out: None,
                        system_err: None,
                    });
                }
            }
        }
        if captures_text(name) {
            self.pending = a;
            self.text = Some(String::new());
        }
        self.stack.push(name.to_string());
        Ok(())
    }

    fn close(&mut self, name: &str) {
        self.stack.pop();
        let text = if captures_text(name) {
            self.text.take()
        } else {
            None
        };
        let pending = std::mem::take(&mut self.pending);
        let suite = self
            .open_suites
            .last()
            .copied()
            .and_then(|i| self.report.suites.get_mut(i));
        match name {
            "testsuite" => {
                self.open_suites.pop();
            }
            "testcase" => {
                if let (Some(mut case), Some(suite)) = (self.case.take(), suite) {
                    case.header = case.system_out.as_deref().and_then(Header::parse);
                    case.warnings = warnings(case.system_err.as_deref());
                    suite.cases.push(case);
                }
            }
            "property" => {
                if let (Some(n), Some(suite)) = (get(&pending, "name"), suite) {
                    // Some producers put the value in the element's text.
                    let value = get(&pending, "value").or(text).unwrap_or_default();
                    suite.properties.push((n, value));
                }
            }
            "failure" | "error" | "skipped" => {
                let problem = Problem {
                    kind: get(&pending, "type"),
                    message: get(&pending, "message"),
                    text: text.unwrap_or_default(),
                };
                let status = match name {
                    "failure" => Status::Failed(problem),
                    "error" => Status::of_error(problem),
                    _ => Status::Skipped(problem),
                };
                if let Some(case) = &mut self.case
                    && status.rank() > case.status.rank()
                {
                    case.status = status;
                }
            }
            "stackTrace" => {
                if let Some(r) = &mut self.rerun {
                    r.stack_trace = text;
                }
            }
            "system-out" | "system-err" => {
                let out = name == "system-out";
                if let Some(r) = &mut self.rerun {
                    *(if out {
                        &mut r.system_out
                    } else {
                        &mut r.system_err
                    }) = text;
                } else if let Some(c) = &mut self.case {
                    *(if out {
                        &mut c.system_out
                    } else {
                        &mut c.system_err
                    }) = text;
                } else if let Some(s) = suite {
                    *(if out {
                        &mut s.system_out
                    } else {
                        &mut s.system_err
                    }) = text;
                }
            }
            _ => {
                if RerunKind::from_element(name).is_some()
                    && let (Some(r), Some(c)) = (self.rerun.take(), &mut self.case)
                {
                    c.reruns.push(r);
                }
            }
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some(t) = &mut self.text {
            t.push_str(s);
        }
    }
}

/// Parses a report; `source` names it in errors.
pub fn parse(xml: &str, source: &str) -> Result<Report, String> {
    let fail = |what: String, at: u64| format!("not a JUnit report: {source}: {what} at byte {at}");
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut st = State::default();
    let mut root_seen = false;
    loop {
        let at = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| fail(one_line(&e.to_string()), reader.error_position()))?;
        match ev {
            Event::Start(e) | Event::Empty(e) if root_seen && st.stack.is_empty() => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                return Err(fail(format!("a second root element <{name}>"), at));
            }
            Event::Start(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                let a = attrs(&e).map_err(|m| fail(one_line(&m), at))?;
                st.open(&name, a).map_err(|m| fail(m, at))?;
                root_seen = true;
            }
            Event::Empty(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                let a = attrs(&e).map_err(|m| fail(one_line(&m), at))?;
                st.open(&name, a).map_err(|m| fail(m, at))?;
                st.close(&name);
                root_seen = true;
            }
            Event::End(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                st.close(&name);
            }
            Event::Text(t) => {
                if st.stack.is_empty() && !t.trim().is_empty() {
                    return Err(fail("text outside the root element".into(), at));
                }
                st.push_text(&t.xml10_content());
            }
            Event::CData(t) => st.push_text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_xml_entity(&r) {
                        Some(s) => s.to_string(),
                        None => return Err(fail(format!("unknown entity &{};", &*r), at)),
                    },
                    Err(e) => return Err(fail(one_line(&e.to_string()), at)),
                };
                st.push_text(&resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = st.stack.last() {
        return Err(fail(
            format!("the file ends inside <{open}> (truncated?)"),
            reader.buffer_position(),
        ));
    }
    if !root_seen {
        return Err(format!(
            "not a JUnit report: {source}: no <testsuites> or <testsuite> element"
        ));
    }
    st.report.source = source.to_string();
    Ok(st.report)
}

/// Error text from a library, on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let Status::Failed(p) = &failed.status else {
            panic!("{:?}", failed.status)
        };
        assert_eq!(p.summary(), "expected status 404, got 400");
        assert!(
            p.text
                .starts_with("Step failed: Then the response status is 404\n")
        );
        let h = failed.header.as_ref().expect("header");
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
        assert_eq!(flaky.header.as_ref().map(|h| h.rules.len()), Some(0));
        let skipped = &s.cases[2];
        assert!(
            matches!(&skipped.status, Status::Skipped(p) if p.summary() == "applies to UCCE only")
        );
        assert_eq!(skipped.header, None);
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
        assert_eq!(b.header, None);
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
        assert!(e.starts_with("not a JUnit report: bad.xml: "), "{e}");
        assert!(e.contains("at byte "), "{e}");
        assert!(!e.contains('\n'), "{e}");
        let e = parse("<testsuites><testsuite name=\"a\">", "cut.xml").expect_err("truncated");
        assert!(e.contains("cut.xml") && e.contains("at byte"), "{e}");
    }

    #[test]
    fn a_file_that_is_not_junit_is_refused() {
        for (text, why) in [
            ("", "no <testsuites>"),
            ("just some words", "text outside the root"),
            ("{\"json\": true}", "text outside the root"),
            ("<html><body/></html>", "the root element is <html>"),
            (
                "<testsuite name=\"a\"/><testsuite name=\"b\"/>",
                "a second root",
            ),
        ] {
            let e = parse(text, "x.txt").expect_err(text);
            assert!(e.starts_with("not a JUnit report: x.txt"), "{e}");
            assert!(e.contains(why), "{text}: {e}");
        }
    }

    #[test]
    fn a_binary_file_is_refused_with_its_name() {
        let dir = std::env::temp_dir().join(format!("fc-junit-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("bin.xml");
        std::fs::write(&path, [0x3c, 0xff, 0xfe, 0x00]).expect("write");
        let e = read_file(&path).expect_err("binary");
        assert!(e.contains("bin.xml") && e.contains("not UTF-8"), "{e}");
        let e = read_file(&dir.join("missing.xml")).expect_err("missing");
        assert!(
            e.starts_with("cannot read ") && e.contains("missing.xml"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A report with the four verdicts, written by hand as junit.rs writes them.
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
            matches!(&cases[1].status, Status::Inconclusive(p) if p.summary() == "1002 never rang")
        );
        assert!(matches!(&cases[3].status, Status::Error(p) if p.summary() == "npe"));
        assert_eq!(
            cases[1].warnings,
            [
                "cleanup could not restore 1001 (NOT_READY): 500",
                "user 1002 is left out of the rest of the run"
            ]
        );
        assert!(cases[0].warnings.is_empty());
        let retried = &cases[4];
        assert_eq!(retried.status, Status::Passed);
        assert_eq!(retried.flaky(), 3);
        let attempts: Vec<Verdict> = retried.reruns.iter().map(Rerun::verdict).collect();
        assert_eq!(
            attempts,
            [Verdict::Inconclusive, Verdict::Error, Verdict::Fail]
        );
        assert_eq!(retried.warnings, ["a warning after a pass"]);
    }

    #[test]
    fn a_failure_outranks_an_inconclusive_and_an_error_outranks_both() {
        let xml = r#"<testsuite name="s" tests="2" failures="2" errors="2">
<testcase name="a"><error type="inconclusive" message="i"/><failure message="f"/></testcase>
<testcase name="b"><failure message="f"/><error message="e"/><error type="inconclusive"/></testcase>
</testsuite>"#;
        let r = parse(xml, "r.xml").expect("parses");
        let cases = &r.suites[0].cases;
        assert!(matches!(&cases[0].status, Status::Failed(p) if p.summary() == "f"));
        assert!(matches!(&cases[1].status, Status::Error(p) if p.summary() == "e"));
    }

    #[test]
    fn what_junit_rs_writes_reads_back_with_the_same_verdicts() {
        use crate::redact::Redactor;
        use crate::report::evidence::tests::synthetic_report;
        let report = synthetic_report();
        let xml = crate::report::junit::render(&report, &Redactor::default()).expect("renders");
        let back = parse(&xml, "junit.xml").expect("parses");
        let cases: Vec<&Case> = back.suites.iter().flat_map(|s| &s.cases).collect();
        let written: Vec<_> = report.scenarios().collect();
        assert_eq!(cases.len(), written.len());
        for (c, s) in cases.iter().zip(&written) {
            assert_eq!(c.name, s.name);
            assert_eq!(c.verdict(), s.outcome.verdict(), "{}", s.name);
            assert_eq!(
                matches!(c.status, Status::Skipped(_)),
                matches!(s.outcome, crate::report::Outcome::Skipped { .. })
            );
            assert_eq!(c.warnings, s.warnings, "{}", s.name);
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
        use crate::redact::Redactor;
        use crate::report::evidence::tests::synthetic_report;
        let report = synthetic_report();
        let r = Redactor::default();
        let clean = crate::report::junit::render(&report, &r).expect("renders");
        assert_eq!(parse(&clean, "j.xml").expect("parses").incomplete(), None);
        let why = crate::report::incomplete::still_running(3);
        let marked = crate::report::junit::render_marked(&report, &r, Some(&why)).expect("renders");
        let back = parse(&marked, "j.xml").expect("parses");
        let said = back.incomplete().expect("incomplete");
        assert!(said.contains("3 scenario(s) not run yet"), "{said}");
        let markers: Vec<&Case> = back
            .suites
            .iter()
            .flat_map(|s| &s.cases)
            .filter(|c| c.is_incomplete_marker())
            .collect();
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

    #[test]
    fn header_parsing_stops_at_the_first_other_line() {
        assert_eq!(Header::parse("--> GET /x\nguide: 1"), None);
        assert_eq!(Header::parse(""), None);
        let h = Header::parse("guide: \nrules: a b\n\nguide: ignored").expect("header");
        assert_eq!(h.guide, "");
        assert_eq!(h.rules, ["a", "b"]);
        assert_eq!(h.scenario, None);
    }
}
