//! `merge`: shard reports into one document of the same shape as `run` writes.
//!
//! Testcases are copied as they were read, so each keeps its verdict (`<failure>`, `<error
//! type="inconclusive">`, `<error type="error">`), its flaky attempts and its lab warnings;
//! the writer recounts the totals from them.
//!
//! Shards must be disjoint, so a testcase (classname, name) found in two inputs is an error
//! rather than something to reconcile. Testsuites with the same name and file (one feature
//! split across shards) become one; their properties are kept, and a property whose value
//! differs between shards (`run.shard`, or a base_url) lists every value, comma-separated.

use std::collections::HashMap;

use super::model::{Case, Document, Suite};

/// A suite being assembled, with each property's distinct values.
struct Merging {
    suite: Suite,
    properties: Vec<(String, Vec<String>)>,
}

/// Fails when a testcase of `report` (the `i`th input) was already seen in another input.
fn check_disjoint(
    seen: &mut HashMap<(String, String), usize>,
    docs: &[Document],
    i: usize,
    cases: &[Case],
) -> Result<(), String> {
    for c in cases {
        let key = (c.classname.clone(), c.name.clone());
        match seen.get(&key) {
            Some(&first) if first != i => {
                let (a, b) = (&docs[first].source, &docs[i].source);
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
    Ok(())
}

/// The one "run did not complete" marker of a merge whose inputs had any.
fn marker(unfinished: &[String]) -> Option<Suite> {
    if unfinished.is_empty() {
        return None;
    }
    Some(Suite::incomplete_marker(&unfinished.join("; ")))
}

/// Merges shard documents; fails on a testcase present in two of them.
pub(crate) fn merge(docs: &[Document]) -> Result<Document, String> {
    if docs.is_empty() {
        return Err("merge needs at least one JUnit report".into());
    }
    // testcase key -> index of the document it came from
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut suites: Vec<Merging> = Vec::new();
    // "Run did not complete" markers (report::incomplete): one merged marker, not testcases.
    let mut unfinished: Vec<String> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        if let Some(why) = doc.incomplete() {
            unfinished.push(format!("{}: {why}", doc.source));
        }
        for s in &doc.suites {
            let scenarios: Vec<Case> = s
                .cases
                .iter()
                .filter(|c| !c.is_incomplete_marker())
                .cloned()
                .collect();
            if scenarios.is_empty() && !s.cases.is_empty() {
                continue;
            }
            check_disjoint(&mut seen, docs, i, &scenarios)?;
            let s = Suite {
                cases: scenarios,
                ..s.clone()
            };
            let at = match suites
                .iter()
                .position(|m| m.suite.name == s.name && m.suite.file == s.file)
            {
                Some(at) => at,
                None => {
                    suites.push(Merging {
                        suite: Suite {
                            name: s.name.clone(),
                            file: s.file.clone(),
                            ..Suite::default()
                        },
                        properties: Vec::new(),
                    });
                    suites.len() - 1
                }
            };
            if let Some(m) = suites.get_mut(at) {
                add_suite(m, s);
            }
        }
    }
    let suites: Vec<Suite> = marker(&unfinished)
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
        .collect();
    Ok(Document {
        source: "merged".into(),
        name: docs.iter().find_map(|d| d.name.clone()),
        // Shards may have run in parallel, so no wall time is known: the sum of the suites'.
        time: suites.iter().map(|s| s.time).sum(),
        suites,
    })
}

fn add_suite(m: &mut Merging, s: Suite) {
    let to = &mut m.suite;
    to.time += s.time;
    // The earliest start (same-format RFC 3339 strings sort by time).
    to.timestamp = match (to.timestamp.take(), s.timestamp) {
        (Some(a), Some(b)) => Some(if b < a { b } else { a }),
        (a, b) => a.or(b),
    };
    for (out, add) in [
        (&mut to.system_out, s.system_out),
        (&mut to.system_err, s.system_err),
    ] {
        if let Some(add) = add {
            match out {
                Some(o) => {
                    o.push('\n');
                    o.push_str(&add);
                }
                None => *out = Some(add),
            }
        }
    }
    to.cases.extend(s.cases);
    for (name, value) in s.properties {
        match m.properties.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) if !values.contains(&value) => values.push(value),
            Some(_) => {}
            None => m.properties.push((name, vec![value])),
        }
    }
}

#[cfg(test)]
mod tests;
