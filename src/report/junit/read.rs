//! The one JUnit reader: XML to a [`Document`], for ours and other producers' reports within
//! reason (no `<testsuites>` root, no properties, nested testsuites, a property's value in
//! its text, several result elements in one testcase, no system-out header).
//!
//! Errors are typed ([`ReadError`]) and display as one line that names the file and, where
//! the parser knows it, the byte position.

use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::model::{Case, Document, Problem, Rerun, RerunKind, Status, Suite};

/// Why a file could not be read as a JUnit report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// No file at that path.
    NotFound { path: String, reason: String },
    /// The file exists but could not be read (permissions, a folder, I/O).
    Unreadable { path: String, reason: String },
    /// Not UTF-8 text; `at` is the first bad byte.
    NotText { source: String, at: usize },
    /// Not well-formed XML (or no XML at all).
    NotXml {
        source: String,
        reason: String,
        at: Option<u64>,
    },
    /// Well-formed XML, but not JUnit: another root element, a testcase outside a testsuite.
    NotJunit {
        source: String,
        reason: String,
        at: Option<u64>,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound { path, reason } | ReadError::Unreadable { path, reason } => {
                write!(f, "cannot read {path}: {reason}")
            }
            ReadError::NotText { source, at } => write!(
                f,
                "not a JUnit report: {source} is not UTF-8 text (bad byte at {at})"
            ),
            ReadError::NotXml { source, reason, at }
            | ReadError::NotJunit { source, reason, at } => {
                write!(f, "not a JUnit report: {source}: {reason}")?;
                match at {
                    Some(at) => write!(f, " at byte {at}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for ReadError {}

impl From<ReadError> for String {
    fn from(e: ReadError) -> String {
        e.to_string()
    }
}

/// Reads and parses a report file.
pub fn read_file(path: &Path) -> Result<Document, ReadError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let reason = e.to_string();
        if e.kind() == std::io::ErrorKind::NotFound {
            ReadError::NotFound {
                path: shown.clone(),
                reason,
            }
        } else {
            ReadError::Unreadable {
                path: shown.clone(),
                reason,
            }
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ReadError::NotText {
        source: shown.clone(),
        at: e.utf8_error().valid_up_to(),
    })?;
    parse(&text, &shown)
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
    doc: Document,
    /// Open element names.
    stack: Vec<String>,
    /// Indices into `doc.suites` of the open testsuites.
    open_suites: Vec<usize>,
    case: Option<Case>,
    rerun: Option<Rerun>,
    /// Attributes of the open failure/error/skipped/property element.
    pending: Vec<(String, String)>,
    /// Text of the open text-capturing element.
    text: Option<String>,
}

type Attrs = Vec<(String, String)>;

fn attrs(e: &BytesStart<'_>) -> Result<Attrs, String> {
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

/// Where the text of a system-out or system-err goes: the innermost open rerun, testcase or
/// testsuite.
fn output<'a>(
    out: bool,
    rerun: Option<&'a mut Rerun>,
    case: Option<&'a mut Case>,
    suite: Option<&'a mut Suite>,
) -> Option<&'a mut Option<String>> {
    match (rerun, case, suite) {
        (Some(r), _, _) => Some(if out {
            &mut r.system_out
        } else {
            &mut r.system_err
        }),
        (None, Some(c), _) => Some(if out {
            &mut c.system_out
        } else {
            &mut c.system_err
        }),
        (None, None, Some(s)) => Some(if out {
            &mut s.system_out
        } else {
            &mut s.system_err
        }),
        (None, None, None) => None,
    }
}

impl State {
    /// Opens an element; an error is "not JUnit".
    fn open(&mut self, name: &str, a: Attrs) -> Result<(), String> {
        if self.stack.is_empty() && !matches!(name, "testsuites" | "testsuite") {
            return Err(format!(
                "the root element is <{name}>, not <testsuites> or <testsuite>"
            ));
        }
        match name {
            "testsuites" => {
                self.doc.name = get(&a, "name");
                self.doc.time = seconds(&a);
            }
            "testsuite" => {
                self.open_suites.push(self.doc.suites.len());
                self.doc.suites.push(Suite {
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
                if let Some(element) = RerunKind::of_element(name) {
                    self.rerun = Some(Rerun {
                        element,
                        kind: get(&a, "type").unwrap_or_default(),
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
            .and_then(|i| self.doc.suites.get_mut(i));
        match name {
            "testsuite" => {
                self.open_suites.pop();
            }
            "testcase" => {
                if let (Some(case), Some(suite)) = (self.case.take(), suite) {
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
                    "failure" => Status::Failure(problem),
                    "error" => Status::Error(problem),
                    _ => Status::Skipped(problem),
                };
                // The first of the kind that says most is kept (see `meaning`).
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
                if let Some(slot) = output(out, self.rerun.as_mut(), self.case.as_mut(), suite) {
                    *slot = text;
                }
            }
            _ => {
                if RerunKind::of_element(name).is_some()
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

use crate::stdout::one_line;

/// Parses a report; `source` names it in errors.
pub(crate) fn parse(xml: &str, source: &str) -> Result<Document, ReadError> {
    let not_xml = |reason: String, at: u64| ReadError::NotXml {
        source: source.to_string(),
        reason,
        at: Some(at),
    };
    let not_junit = |reason: String, at: u64| ReadError::NotJunit {
        source: source.to_string(),
        reason,
        at: Some(at),
    };
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut st = State::default();
    let mut root_seen = false;
    loop {
        let at = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| not_xml(one_line(&e.to_string()), reader.error_position()))?;
        match ev {
            Event::Start(e) | Event::Empty(e) if root_seen && st.stack.is_empty() => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                return Err(not_xml(format!("a second root element <{name}>"), at));
            }
            Event::Start(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                let a = attrs(&e).map_err(|m| not_xml(one_line(&m), at))?;
                st.open(&name, a).map_err(|m| not_junit(m, at))?;
                root_seen = true;
            }
            Event::Empty(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                let a = attrs(&e).map_err(|m| not_xml(one_line(&m), at))?;
                st.open(&name, a).map_err(|m| not_junit(m, at))?;
                st.close(&name);
                root_seen = true;
            }
            Event::End(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                st.close(&name);
            }
            Event::Text(t) => {
                if st.stack.is_empty() && !t.trim().is_empty() {
                    return Err(not_xml("text outside the root element".into(), at));
                }
                st.push_text(&t.xml10_content());
            }
            Event::CData(t) => st.push_text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_xml_entity(&r) {
                        Some(s) => s.to_string(),
                        None => return Err(not_xml(format!("unknown entity &{};", &*r), at)),
                    },
                    Err(e) => return Err(not_xml(one_line(&e.to_string()), at)),
                };
                st.push_text(&resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = st.stack.last() {
        return Err(not_xml(
            format!("the file ends inside <{open}> (truncated?)"),
            reader.buffer_position(),
        ));
    }
    if !root_seen {
        return Err(ReadError::NotXml {
            source: source.to_string(),
            reason: "no <testsuites> or <testsuite> element".into(),
            at: None,
        });
    }
    st.doc.source = source.to_string();
    Ok(st.doc)
}

#[cfg(test)]
mod tests;
