//! `diff`: what changed between two JUnit reports of the suite (say Finesse 12.5 before an
//! upgrade and 12.6 after), scenario by scenario, keyed by (classname, name).
//!
//! Only "regressed" (passed before, fails now) makes `diff` exit 1; the other categories are
//! there to read. A scenario that passed before and is inconclusive or an error now "could
//! not be checked": the lab or the harness kept it from its check, which says nothing about
//! Finesse, so it is listed apart and is no regression. A scenario that appears or becomes
//! applicable and fails is listed with its outcome but is not a regression either: there is
//! no earlier pass to compare with.

mod classify;
mod render;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

pub(crate) use classify::{Category, State};

use super::junit::{Case, Document};

/// One scenario whose outcome changed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    pub(crate) category: Category,
    pub(crate) classname: String,
    pub(crate) name: String,
    pub(crate) before: Option<State>,
    pub(crate) after: Option<State>,
    /// From the header of whichever side has one (the after side first).
    pub(crate) guide: String,
    pub(crate) rules: Vec<String>,
    pub(crate) scenario: Option<String>,
    /// Why it fails or is skipped now, or (fixed, disappeared) why it did before.
    pub(crate) detail: String,
}

/// One side of the comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Side {
    pub(crate) source: String,
    /// Testsuite properties over all suites; differing values are comma-separated.
    pub(crate) properties: Vec<(String, String)>,
    /// Why the run that wrote this report did not complete, when it did not (see
    /// report::incomplete): its scenarios that never ran cannot be compared.
    pub(crate) incomplete: Option<String>,
}

impl Side {
    fn of(r: &Document) -> Side {
        let mut props: Vec<(String, Vec<String>)> = Vec::new();
        for (name, value) in r.suites.iter().flat_map(|s| &s.properties) {
            match props.iter_mut().find(|(n, _)| n == name) {
                Some((_, values)) if !values.contains(value) => values.push(value.clone()),
                Some(_) => {}
                None => props.push((name.clone(), vec![value.clone()])),
            }
        }
        Side {
            source: r.source.clone(),
            properties: props.into_iter().map(|(n, v)| (n, v.join(", "))).collect(),
            incomplete: r.incomplete(),
        }
    }

    pub(crate) fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Diff {
    pub(crate) before: Side,
    pub(crate) after: Side,
    /// Changed scenarios, in the after report's order, then the disappeared ones.
    pub(crate) changes: Vec<Change>,
    /// Scenarios in both reports.
    pub(crate) compared: usize,
    /// Of those, failing on both sides.
    pub(crate) still_failing: usize,
    /// Of those, inconclusive or an error on both sides.
    pub(crate) still_unchecked: usize,
}

fn change(category: Category, before: Option<&Case>, after: Option<&Case>) -> Change {
    let any = after.or(before);
    let header = after
        .and_then(Case::header)
        .or_else(|| before.and_then(Case::header));
    // The side that explains the change: the failing, unchecked or skipped one.
    let explaining = match category {
        Category::Fixed | Category::Disappeared => before,
        Category::NowChecked if after.is_some_and(|c| State::of(c).ok()) => before,
        _ => after,
    };
    Change {
        category,
        classname: any.map(|c| c.classname.clone()).unwrap_or_default(),
        name: any.map(|c| c.name.clone()).unwrap_or_default(),
        before: before.map(State::of),
        after: after.map(State::of),
        guide: header.as_ref().map(|h| h.guide.clone()).unwrap_or_default(),
        rules: header.as_ref().map(|h| h.rules.clone()).unwrap_or_default(),
        scenario: header.and_then(|h| h.scenario),
        detail: explaining
            .and_then(|c| c.status.problem())
            .map(|p| p.summary().to_string())
            .unwrap_or_default(),
    }
}

/// Why `before` and `after` cannot be compared, if they cannot: a report without testcases
/// (a run stopped before its first scenario, or an empty file) would list every scenario as
/// appeared or disappeared and exit 0, which says nothing about either run.
pub(crate) fn nothing_to_compare(before: &Document, after: &Document) -> Option<String> {
    let empty = |r: &Document| r.cases().next().is_none();
    let which = match (empty(before), empty(after)) {
        (false, false) => return None,
        (true, false) => format!("BEFORE report {} has", before.source),
        (false, true) => format!("AFTER report {} has", after.source),
        (true, true) => format!(
            "BEFORE report {} and AFTER report {} have",
            before.source, after.source
        ),
    };
    Some(format!(
        "nothing to compare: {which} no testcases (did that run stop before its first scenario? compare two reports of complete runs)"
    ))
}

pub(crate) fn diff(before: &Document, after: &Document) -> Diff {
    // The "run did not complete" marker is no scenario: it is reported on its side.
    fn cases(r: &Document) -> impl Iterator<Item = &Case> {
        r.cases().filter(|c| !c.is_incomplete_marker())
    }
    // First occurrence wins, should a foreign report repeat a name.
    let mut b_index: HashMap<(&str, &str), &Case> = HashMap::new();
    for c in cases(before) {
        b_index.entry(c.key()).or_insert(c);
    }
    let mut a_seen: HashSet<(&str, &str)> = HashSet::new();
    let (mut changes, mut compared, mut still_failing, mut still_unchecked) = (Vec::new(), 0, 0, 0);
    for a in cases(after) {
        if !a_seen.insert(a.key()) {
            continue;
        }
        let b = b_index.get(&a.key()).copied();
        if let Some(b) = b {
            compared += 1;
            let (sb, sa) = (State::of(b), State::of(a));
            if sb == State::Failed && sa == State::Failed {
                still_failing += 1;
            }
            if sb.unchecked() && sa.unchecked() {
                still_unchecked += 1;
            }
        }
        if let Some(cat) = Category::of(b.map(State::of), Some(State::of(a))) {
            changes.push(change(cat, b, Some(a)));
        }
    }
    let mut b_seen: HashSet<(&str, &str)> = HashSet::new();
    for b in cases(before) {
        if !a_seen.contains(&b.key()) && b_seen.insert(b.key()) {
            changes.push(change(Category::Disappeared, Some(b), None));
        }
    }
    Diff {
        before: Side::of(before),
        after: Side::of(after),
        changes,
        compared,
        still_failing,
        still_unchecked,
    }
}

impl Diff {
    /// True when a scenario that passed before fails now (`diff` exits 1).
    pub(crate) fn regressed(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.category == Category::Regressed)
    }

    /// When a report comes from a run that did not complete and nothing regressed: one line
    /// saying so (`diff` exits 2), since the scenarios that never ran could have regressed.
    pub(crate) fn incomplete_error(&self) -> Option<String> {
        if self.regressed() {
            return None;
        }
        let notes = self.incomplete_notes();
        (!notes.is_empty()).then(|| {
            format!(
                "{}; the comparison cannot show that nothing regressed (compare reports of completed runs)",
                notes.join("; ")
            )
        })
    }

    /// One note per side whose run did not complete.
    fn incomplete_notes(&self) -> Vec<String> {
        [("before", &self.before), ("after", &self.after)]
            .iter()
            .filter_map(|(which, side)| {
                side.incomplete.as_ref().map(|why| {
                    format!(
                        "the {which} report {} is from a run that did not complete ({})",
                        side.source,
                        one_line(why)
                    )
                })
            })
            .collect()
    }

    pub(crate) fn in_category(&self, cat: Category) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.category == cat)
    }

    fn count(&self, cat: Category) -> usize {
        self.in_category(cat).count()
    }
}

use crate::stdout::one_line;
