//! The one JUnit writer: a [`Document`] as XML, in the dialect schemas/junit.xsd describes.
//!
//! Totals are counted from the testcases (`errors` counts every `<error>`, inconclusive ones
//! too, as CI tools count them as problems but not as test failures). Texts go in CDATA
//! sections; an empty text makes an empty element. Text that XML 1.0 cannot carry (control
//! characters) is dropped, and line ends are written as `\n`, as every XML reader would read
//! them anyway: so what is written reads back as the same document, and writes back to the
//! same bytes.

use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesStart, Event};

use super::model::{Case, Document, Problem, Rerun, Status, Suite};

type W = Writer<Vec<u8>>;

/// Text that XML 1.0 accepts: no control characters but newline, tab and CR, and none of
/// the two noncharacters it excludes.
pub(crate) fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|c| {
            (!c.is_control() || matches!(c, '\n' | '\t' | '\r'))
                && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
        .collect()
}

fn io(e: impl std::fmt::Display) -> String {
    format!("cannot render JUnit XML: {e}")
}

fn secs(s: f64) -> String {
    format!("{s:.3}")
}

/// Counts of a set of cases: (tests, failures, errors, skipped).
fn counts<'a>(cases: impl Iterator<Item = &'a Case>) -> [usize; 4] {
    cases.fold([0; 4], |[t, f, e, s], c| match c.status {
        Status::Passed => [t + 1, f, e, s],
        Status::Failure(_) => [t + 1, f + 1, e, s],
        Status::Error(_) => [t + 1, f, e + 1, s],
        Status::Skipped(_) => [t + 1, f, e, s + 1],
    })
}

/// A start tag with the attributes that have a value (escaped by quick-xml, newlines and
/// tabs included, so they read back unchanged).
fn start<'a>(name: &'a str, attrs: &[(&str, Option<&str>)]) -> BytesStart<'a> {
    let mut e = BytesStart::new(name);
    for (k, v) in attrs {
        if let Some(v) = v {
            e.push_attribute((*k, xml_safe(v).as_str()));
        }
    }
    e
}

fn end(w: &mut W, name: &str) -> Result<(), String> {
    w.write_event(Event::End(BytesEnd::new(name))).map_err(io)
}

/// An element with attributes and a text body (an empty element when the body is empty).
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
    let text = xml_safe(body).replace("\r\n", "\n").replace('\r', "\n");
    // `]]>` cannot appear inside CDATA: split it across two sections.
    let text = text.replace("]]>", "]]]]><![CDATA[>");
    w.write_event(Event::CData(BytesCData::new(text)))
        .map_err(io)?;
    end(w, name)
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

fn problem(w: &mut W, name: &str, p: &Problem) -> Result<(), String> {
    let attrs = [
        ("type", p.kind.as_deref()),
        ("message", p.message.as_deref()),
    ];
    element(w, name, &attrs, &p.text)
}

fn rerun(w: &mut W, r: &Rerun) -> Result<(), String> {
    let name = r.element.element();
    let attrs = [
        ("type", Some(r.kind.as_str())),
        ("message", r.message.as_deref()),
    ];
    w.write_event(Event::Start(start(name, &attrs)))
        .map_err(io)?;
    if let Some(t) = &r.stack_trace {
        element(w, "stackTrace", &[], t)?;
    }
    outputs(w, &r.system_out, &r.system_err)?;
    end(w, name)
}

fn testcase(w: &mut W, c: &Case) -> Result<(), String> {
    let time = secs(c.time);
    let classname = Some(c.classname.as_str()).filter(|s| !s.is_empty());
    let attrs = [
        ("name", Some(c.name.as_str())),
        ("classname", classname),
        ("time", Some(&time)),
    ];
    w.write_event(Event::Start(start("testcase", &attrs)))
        .map_err(io)?;
    match &c.status {
        Status::Passed => {}
        Status::Failure(p) => problem(w, "failure", p)?,
        Status::Error(p) => problem(w, "error", p)?,
        Status::Skipped(p) => problem(w, "skipped", p)?,
    }
    for r in &c.reruns {
        rerun(w, r)?;
    }
    outputs(w, &c.system_out, &c.system_err)?;
    end(w, "testcase")
}

fn testsuite(w: &mut W, s: &Suite) -> Result<(), String> {
    let [tests, failures, errors, skipped] = counts(s.cases.iter()).map(|n| n.to_string());
    let time = secs(s.time);
    let attrs = [
        ("name", Some(s.name.as_str())),
        ("tests", Some(&tests)),
        ("failures", Some(&failures)),
        ("errors", Some(&errors)),
        ("skipped", Some(&skipped)),
        ("time", Some(&time)),
        ("timestamp", s.timestamp.as_deref()),
        ("file", s.file.as_deref()),
    ];
    w.write_event(Event::Start(start("testsuite", &attrs)))
        .map_err(io)?;
    if !s.properties.is_empty() {
        w.write_event(Event::Start(BytesStart::new("properties")))
            .map_err(io)?;
        for (name, value) in &s.properties {
            let attrs = [
                ("name", Some(name.as_str())),
                ("value", Some(value.as_str())),
            ];
            element(w, "property", &attrs, "")?;
        }
        end(w, "properties")?;
    }
    for c in &s.cases {
        testcase(w, c)?;
    }
    outputs(w, &s.system_out, &s.system_err)?;
    end(w, "testsuite")
}

/// The document as JUnit XML.
pub(crate) fn xml(doc: &Document) -> Result<String, String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(io)?;
    let [tests, failures, errors, _] = counts(doc.cases()).map(|n| n.to_string());
    let time = secs(doc.time);
    let attrs = [
        // A document read from a bare `<testsuite>` has no name: ours.
        ("name", Some(doc.name.as_deref().unwrap_or(super::NAME))),
        ("tests", Some(&tests)),
        ("failures", Some(&failures)),
        ("errors", Some(&errors)),
        ("time", Some(&time)),
    ];
    w.write_event(Event::Start(start("testsuites", &attrs)))
        .map_err(io)?;
    for s in &doc.suites {
        testsuite(&mut w, s)?;
    }
    end(&mut w, "testsuites")?;
    String::from_utf8(w.into_inner()).map_err(|e| format!("JUnit XML is not UTF-8: {e}"))
}
