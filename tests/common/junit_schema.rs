//! The rules of schemas/junit.xsd in Rust, so that a JUnit document is checked against our
//! dialect even where xmllint is not installed: the root, which element may hold which and in
//! what order, required and allowed attributes, the number and time formats, and no text
//! where the schema allows none. tests/junit_schema.rs shows that this check and xmllint with
//! the XSD refuse the same broken documents.

use quick_xml::events::{BytesStart, Event};

/// An attribute value's form.
#[derive(Clone, Copy)]
enum Form {
    Text,
    /// A whole number, digits only.
    Count,
    /// Seconds with three decimals.
    Seconds,
}

/// `(name, required, form)`
type Attr = (&'static str, bool, Form);

/// One step of a sequence: any of `names`, between `min` and `max` times.
struct Particle {
    names: &'static [&'static str],
    min: usize,
    max: usize,
}

const fn opt(names: &'static [&'static str]) -> Particle {
    Particle {
        names,
        min: 0,
        max: 1,
    }
}

const fn many(names: &'static [&'static str], min: usize) -> Particle {
    Particle {
        names,
        min,
        max: usize::MAX,
    }
}

/// What an element may hold: attributes, child elements in sequence, text or not.
struct Rule {
    attrs: &'static [Attr],
    children: &'static [Particle],
    text: bool,
}

const STRING: Rule = Rule {
    attrs: &[],
    children: &[],
    text: true,
};
const RESULT: Rule = Rule {
    attrs: &[("type", false, Form::Text), ("message", false, Form::Text)],
    children: &[],
    text: true,
};
const ATTEMPT: Rule = Rule {
    attrs: &[("type", true, Form::Text), ("message", false, Form::Text)],
    children: &[
        opt(&["stackTrace"]),
        opt(&["system-out"]),
        opt(&["system-err"]),
    ],
    text: false,
};
const ATTEMPTS: &[&str] = &["flakyFailure", "flakyError", "rerunFailure", "rerunError"];

const TESTSUITES: Rule = Rule {
    attrs: &[
        ("name", true, Form::Text),
        ("tests", true, Form::Count),
        ("failures", true, Form::Count),
        ("errors", true, Form::Count),
        ("time", true, Form::Seconds),
    ],
    children: &[many(&["testsuite"], 0)],
    text: false,
};
const TESTSUITE: Rule = Rule {
    attrs: &[
        ("name", true, Form::Text),
        ("tests", true, Form::Count),
        ("failures", true, Form::Count),
        ("errors", true, Form::Count),
        ("skipped", true, Form::Count),
        ("time", true, Form::Seconds),
        ("timestamp", false, Form::Text),
        ("file", false, Form::Text),
    ],
    children: &[
        opt(&["properties"]),
        many(&["testcase"], 0),
        opt(&["system-out"]),
        opt(&["system-err"]),
    ],
    text: false,
};
const PROPERTIES: Rule = Rule {
    attrs: &[],
    children: &[many(&["property"], 1)],
    text: false,
};
const PROPERTY: Rule = Rule {
    attrs: &[("name", true, Form::Text), ("value", true, Form::Text)],
    children: &[],
    text: false,
};
const TESTCASE: Rule = Rule {
    attrs: &[
        ("name", true, Form::Text),
        ("classname", false, Form::Text),
        ("time", true, Form::Seconds),
    ],
    children: &[
        opt(&["failure", "error", "skipped"]),
        many(ATTEMPTS, 0),
        opt(&["system-out"]),
        opt(&["system-err"]),
    ],
    text: false,
};

fn rule(name: &str) -> Option<&'static Rule> {
    Some(match name {
        "testsuites" => &TESTSUITES,
        "testsuite" => &TESTSUITE,
        "properties" => &PROPERTIES,
        "property" => &PROPERTY,
        "testcase" => &TESTCASE,
        "failure" | "error" | "skipped" => &RESULT,
        "flakyFailure" | "flakyError" | "rerunFailure" | "rerunError" => &ATTEMPT,
        "stackTrace" | "system-out" | "system-err" => &STRING,
        _ => return None,
    })
}

fn form_ok(form: Form, v: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match form {
        Form::Text => true,
        Form::Count => digits(v),
        Form::Seconds => v
            .split_once('.')
            .is_some_and(|(i, f)| digits(i) && f.len() == 3 && digits(f)),
    }
}

fn check_attrs(name: &str, e: &BytesStart<'_>, rule: &Rule) -> Result<(), String> {
    let mut seen = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format!("bad attribute on <{name}>: {e}"))?;
        let key = AsRef::<str>::as_ref(&a.key).to_string();
        let Some((_, _, form)) = rule.attrs.iter().find(|(k, _, _)| *k == key) else {
            return Err(format!("attribute {key} is not allowed on <{name}>"));
        };
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("bad attribute value on <{name}>: {e}"))?;
        if !form_ok(*form, &value) {
            return Err(format!(
                "<{name} {key}=\"{value}\"> is not of the schema's form"
            ));
        }
        seen.push(key);
    }
    match rule
        .attrs
        .iter()
        .find(|(k, req, _)| *req && !seen.iter().any(|s| s == k))
    {
        Some((missing, _, _)) => Err(format!("<{name}> lacks the required attribute {missing}")),
        None => Ok(()),
    }
}

/// Whether `children` (in order) follow the rule's sequence.
fn check_children(name: &str, children: &[String], rule: &Rule) -> Result<(), String> {
    let mut at = 0;
    for p in rule.children {
        let mut n = 0;
        while n < p.max
            && children
                .get(at)
                .is_some_and(|c| p.names.contains(&c.as_str()))
        {
            n += 1;
            at += 1;
        }
        if n < p.min {
            return Err(format!(
                "<{name}> needs at least {} <{}>",
                p.min,
                p.names.join("|")
            ));
        }
    }
    match children.get(at) {
        Some(c) => Err(format!(
            "<{c}> is not allowed inside <{name}> there (children: {})",
            children.join(", ")
        )),
        None => Ok(()),
    }
}

/// An open element: its name, rule and the names of its children so far.
struct Open {
    name: String,
    rule: &'static Rule,
    children: Vec<String>,
}

fn open(stack: &mut Vec<Open>, e: &BytesStart<'_>) -> Result<(), String> {
    let name = AsRef::<str>::as_ref(&e.name()).to_string();
    match stack.last_mut() {
        None if name != "testsuites" => {
            return Err(format!("the root is <{name}>, not <testsuites>"));
        }
        None => {}
        Some(parent) => parent.children.push(name.clone()),
    }
    let rule = rule(&name).ok_or_else(|| format!("<{name}> is not in the schema"))?;
    check_attrs(&name, e, rule)?;
    stack.push(Open {
        name,
        rule,
        children: Vec::new(),
    });
    Ok(())
}

fn close(stack: &mut Vec<Open>) -> Result<(), String> {
    match stack.pop() {
        Some(o) => check_children(&o.name, &o.children, o.rule),
        None => Err("an end tag without a start".into()),
    }
}

/// Checks a JUnit document against the rules of schemas/junit.xsd.
pub fn check(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Open> = Vec::new();
    let mut root_seen = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if root_seen && stack.is_empty() {
                    return Err("a second root element".into());
                }
                root_seen = true;
                open(&mut stack, e)?;
                if matches!(ev, Event::Empty(_)) {
                    close(&mut stack)?;
                }
            }
            Event::End(_) => close(&mut stack)?,
            Event::Text(ref t) if t.trim().is_empty() => {}
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => match stack.last() {
                Some(o) if o.rule.text => {}
                Some(o) => return Err(format!("<{}> holds text; the schema allows none", o.name)),
                None => return Err("text outside the root element".into()),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    match (root_seen, stack.last()) {
        (false, _) => Err("no root element".into()),
        (true, Some(o)) => Err(format!("<{}> is not closed", o.name)),
        (true, None) => Ok(()),
    }
}
