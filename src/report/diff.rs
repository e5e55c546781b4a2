//! `diff`: what changed between two JUnit reports of the suite (say Finesse 12.5 before an
//! upgrade and 12.6 after), scenario by scenario, keyed by (classname, name).
//!
//! Only "regressed" (passed before, fails now) makes `diff` exit 1; the other categories are
//! there to read. A scenario that passed before and is inconclusive or an error now "could
//! not be checked": the lab or the harness kept it from its check, which says nothing about
//! Finesse, so it is listed apart and is no regression. A scenario that appears or becomes
//! applicable and fails is listed with its outcome but is not a regression either: there is
//! no earlier pass to compare with.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::junit::props;
use super::junit_read::{Case, Report, Status};

/// A testcase's outcome, as far as the comparison cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Passed,
    /// Passed only on a retry.
    Flaky,
    Failed,
    Inconclusive,
    Error,
    Skipped,
}

impl State {
    pub fn of(c: &Case) -> State {
        match c.status {
            Status::Passed if c.flaky() > 0 => State::Flaky,
            Status::Passed => State::Passed,
            Status::Failed(_) => State::Failed,
            Status::Inconclusive(_) => State::Inconclusive,
            Status::Error(_) => State::Error,
            Status::Skipped(_) => State::Skipped,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Passed => "passed",
            State::Flaky => "passed on retry",
            State::Failed => "failed",
            State::Inconclusive => "inconclusive",
            State::Error => "error",
            State::Skipped => "skipped",
        }
    }

    fn ok(self) -> bool {
        matches!(self, State::Passed | State::Flaky)
    }

    /// Reached a verdict on Finesse: passed or failed.
    fn checked(self) -> bool {
        self.ok() || self == State::Failed
    }

    /// Ran but never reached its check: inconclusive or an error.
    fn unchecked(self) -> bool {
        matches!(self, State::Inconclusive | State::Error)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Regressed,
    CouldNotBeChecked,
    Fixed,
    NoLongerChecked,
    NowChecked,
    BecameFlaky,
    BecameSkipped,
    BecameApplicable,
    Appeared,
    Disappeared,
}

impl Category {
    /// In the order they are shown.
    pub const ALL: [Category; 10] = [
        Category::Regressed,
        Category::CouldNotBeChecked,
        Category::Fixed,
        Category::NoLongerChecked,
        Category::NowChecked,
        Category::BecameFlaky,
        Category::BecameSkipped,
        Category::BecameApplicable,
        Category::Appeared,
        Category::Disappeared,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Category::Regressed => "Regressed",
            Category::CouldNotBeChecked => "Could not be checked",
            Category::Fixed => "Fixed",
            Category::NoLongerChecked => "No longer checked",
            Category::NowChecked => "Now checked",
            Category::BecameFlaky => "Became flaky",
            Category::BecameSkipped => "Became skipped",
            Category::BecameApplicable => "Became applicable",
            Category::Appeared => "Appeared",
            Category::Disappeared => "Disappeared",
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Category::Regressed => "passed before, fails now",
            Category::CouldNotBeChecked => {
                "passed before, inconclusive or an error now: the lab or the harness kept it from its check (not a regression)"
            }
            Category::Fixed => "failed before, passes now",
            Category::NoLongerChecked => {
                "failed before, inconclusive or an error now: whether the finding remains is unknown"
            }
            Category::NowChecked => {
                "inconclusive or an error before, passes or fails now (no earlier pass to compare with)"
            }
            Category::BecameFlaky => "passed before, passes only on a retry now",
            Category::BecameSkipped => "ran before, does not apply now",
            Category::BecameApplicable => "did not apply before, runs now",
            Category::Appeared => "only in the after report",
            Category::Disappeared => "only in the before report",
        }
    }

    fn of(before: Option<State>, after: Option<State>) -> Option<Category> {
        let (b, a) = match (before, after) {
            (None, Some(_)) => return Some(Category::Appeared),
            (Some(_), None) => return Some(Category::Disappeared),
            (Some(b), Some(a)) => (b, a),
            (None, None) => return None,
        };
        if b.ok() && a == State::Failed {
            Some(Category::Regressed)
        } else if b.ok() && a.unchecked() {
            Some(Category::CouldNotBeChecked)
        } else if b == State::Failed && a.ok() {
            Some(Category::Fixed)
        } else if b == State::Failed && a.unchecked() {
            Some(Category::NoLongerChecked)
        } else if b.unchecked() && a.checked() {
            Some(Category::NowChecked)
        } else if b == State::Passed && a == State::Flaky {
            Some(Category::BecameFlaky)
        } else if b != State::Skipped && a == State::Skipped {
            Some(Category::BecameSkipped)
        } else if b == State::Skipped && a != State::Skipped {
            Some(Category::BecameApplicable)
        } else {
            None
        }
    }
}

/// One scenario whose outcome changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub category: Category,
    pub classname: String,
    pub name: String,
    pub before: Option<State>,
    pub after: Option<State>,
    /// From the header of whichever side has one (the after side first).
    pub guide: String,
    pub rules: Vec<String>,
    pub scenario: Option<String>,
    /// Why it fails or is skipped now, or (fixed, disappeared) why it did before.
    pub detail: String,
}

/// One side of the comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Side {
    pub source: String,
    /// Testsuite properties over all suites; differing values are comma-separated.
    pub properties: Vec<(String, String)>,
    /// Why the run that wrote this report did not complete, when it did not (see
    /// report::incomplete): its scenarios that never ran cannot be compared.
    pub incomplete: Option<String>,
}

impl Side {
    fn of(r: &Report) -> Side {
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

    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub before: Side,
    pub after: Side,
    /// Changed scenarios, in the after report's order, then the disappeared ones.
    pub changes: Vec<Change>,
    /// Scenarios in both reports.
    pub compared: usize,
    /// Of those, failing on both sides.
    pub still_failing: usize,
    /// Of those, inconclusive or an error on both sides.
    pub still_unchecked: usize,
}

/// The properties shown at the top, in order (shown when either side has them).
const SHOWN: [&str; 6] = [
    props::PROFILE,
    props::BASE_URL,
    props::DEPLOYMENT,
    props::VERSION,
    props::HARNESS,
    props::SHARD,
];

fn change(category: Category, before: Option<&Case>, after: Option<&Case>) -> Change {
    let any = after.or(before);
    let header = after
        .and_then(|c| c.header.as_ref())
        .or_else(|| before.and_then(|c| c.header.as_ref()));
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
        guide: header.map(|h| h.guide.clone()).unwrap_or_default(),
        rules: header.map(|h| h.rules.clone()).unwrap_or_default(),
        scenario: header.and_then(|h| h.scenario.clone()),
        detail: explaining
            .and_then(|c| c.status.problem())
            .map(|p| p.summary().to_string())
            .unwrap_or_default(),
    }
}

/// Why `before` and `after` cannot be compared, if they cannot: a report without testcases
/// (a run stopped before its first scenario, or an empty file) would list every scenario as
/// appeared or disappeared and exit 0, which says nothing about either run.
pub fn nothing_to_compare(before: &Report, after: &Report) -> Option<String> {
    let empty = |r: &Report| r.suites.iter().all(|s| s.cases.is_empty());
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

pub fn diff(before: &Report, after: &Report) -> Diff {
    // The "run did not complete" marker is no scenario: it is reported on its side.
    fn cases(r: &Report) -> impl Iterator<Item = &Case> {
        r.suites
            .iter()
            .flat_map(|s| &s.cases)
            .filter(|c| !c.is_incomplete_marker())
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
    pub fn regressed(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.category == Category::Regressed)
    }

    /// When a report comes from a run that did not complete and nothing regressed: one line
    /// saying so (`diff` exits 2), since the scenarios that never ran could have regressed.
    pub fn incomplete_error(&self) -> Option<String> {
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

    pub fn in_category(&self, cat: Category) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.category == cat)
    }

    fn count(&self, cat: Category) -> usize {
        self.in_category(cat).count()
    }

    /// Rows of the property comparison: (name, before, after).
    fn property_rows(&self) -> Vec<(&'static str, &str, &str)> {
        SHOWN
            .iter()
            .filter_map(|&p| {
                let (b, a) = (self.before.property(p), self.after.property(p));
                (b.is_some() || a.is_some()).then(|| (p, b.unwrap_or("—"), a.unwrap_or("—")))
            })
            .collect()
    }

    /// `3 regressed, 2 could not be checked, 1 fixed, …, 150 unchanged (2 still failing, 1 still
    /// not checked)`.
    fn summary(&self) -> String {
        let mut parts: Vec<String> = Category::ALL
            .iter()
            .map(|&c| (c, self.count(c)))
            .filter(|&(c, n)| {
                n > 0 || matches!(c, Category::Regressed | Category::CouldNotBeChecked)
            })
            .map(|(c, n)| format!("{n} {}", c.title().to_lowercase()))
            .collect();
        let changed_in_both = self
            .changes
            .iter()
            .filter(|c| c.before.is_some() && c.after.is_some())
            .count();
        parts.push(format!(
            "{} unchanged ({} still failing, {} still not checked)",
            self.compared - changed_in_both,
            self.still_failing,
            self.still_unchecked
        ));
        parts.join(", ")
    }

    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "before: {}", self.before.source);
        let _ = writeln!(out, "after:  {}", self.after.source);
        for note in self.incomplete_notes() {
            let _ = writeln!(out, "INCOMPLETE: {note}");
        }
        let rows = self.property_rows();
        if !rows.is_empty() {
            let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
            let w1 = rows
                .iter()
                .map(|r| r.1.chars().count())
                .chain(["before".len()])
                .max()
                .unwrap_or(0);
            let _ = writeln!(out, "\n{:w0$}  {:w1$}  after", "", "before");
            for (p, b, a) in &rows {
                let mark = if b != a { "  (changed)" } else { "" };
                let _ = writeln!(out, "{p:w0$}  {b:w1$}  {a}{mark}");
            }
        }
        for cat in Category::ALL {
            let n = self.count(cat);
            if n == 0 {
                continue;
            }
            let _ = writeln!(
                out,
                "\n{} ({n}): {}",
                cat.title().to_uppercase(),
                cat.meaning()
            );
            for c in self.in_category(cat) {
                let _ = writeln!(out, "  {} › {}", c.classname, c.name);
                let mut cite = Vec::new();
                if !c.guide.is_empty() {
                    cite.push(format!("guide {}", c.guide));
                }
                if !c.rules.is_empty() {
                    cite.push(format!("rules {}", c.rules.join(" ")));
                }
                if let Some(s) = &c.scenario {
                    cite.push(s.clone());
                }
                if !cite.is_empty() {
                    let _ = writeln!(out, "      {}", cite.join(" · "));
                }
                let _ = write!(out, "      {}", transition(c));
                if !c.detail.is_empty() {
                    let _ = write!(out, ": {}", one_line(&c.detail));
                }
                out.push('\n');
            }
        }
        let _ = writeln!(
            out,
            "\n{} scenarios compared: {}",
            self.compared,
            self.summary()
        );
        out
    }

    pub fn render_markdown(&self) -> String {
        let mut out = String::new();
        let n = self.count(Category::Regressed);
        let mut verdict = if n == 0 {
            "no regressions".to_string()
        } else {
            format!("{n} regressed")
        };
        let unchecked = self.count(Category::CouldNotBeChecked);
        if unchecked > 0 {
            verdict.push_str(&format!(", {unchecked} could not be checked"));
        }
        let _ = writeln!(out, "## Finesse conformance diff: {verdict}\n");
        for note in self.incomplete_notes() {
            let _ = writeln!(out, "**Incomplete:** {}\n", md(&note));
        }
        let _ = writeln!(out, "| | before | after |\n|---|---|---|");
        let _ = writeln!(
            out,
            "| report | {} | {} |",
            md(&self.before.source),
            md(&self.after.source)
        );
        for (p, b, a) in self.property_rows() {
            let (b, a) = if b != a {
                (format!("**{}**", md(b)), format!("**{}**", md(a)))
            } else {
                (md(b), md(a))
            };
            let _ = writeln!(out, "| {} | {b} | {a} |", md(p));
        }
        for cat in Category::ALL {
            let n = self.count(cat);
            if n == 0 {
                continue;
            }
            let _ = writeln!(out, "\n### {} ({n})\n\n{}\n", cat.title(), cat.meaning());
            let _ = writeln!(
                out,
                "| scenario | guide | rules | outcome | detail |\n|---|---|---|---|---|"
            );
            for c in self.in_category(cat) {
                let rules: Vec<String> = c
                    .rules
                    .iter()
                    .map(|r| format!("`{}`", r.replace('`', "")))
                    .collect();
                let mut scenario = format!("{} › {}", md(&c.classname), md(&c.name));
                if let Some(s) = &c.scenario {
                    scenario.push_str(&format!("<br>{}", md(s)));
                }
                let _ = writeln!(
                    out,
                    "| {scenario} | {} | {} | {} | {} |",
                    md(&c.guide),
                    rules.join(" "),
                    md(&transition(c)),
                    md(&clip(&c.detail, 300))
                );
            }
        }
        let _ = writeln!(
            out,
            "\n{} scenarios compared: {}.",
            self.compared,
            md(&self.summary())
        );
        out
    }
}

/// `passed → failed`, with `absent` for a missing side.
fn transition(c: &Change) -> String {
    let label = |s: Option<State>| s.map(State::label).unwrap_or("absent");
    format!("{} → {}", label(c.before), label(c.after))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, with an ellipsis when cut.
fn clip(s: &str, max: usize) -> String {
    let s = one_line(s);
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s,
    }
}

/// Text safe inside a Markdown table cell: one line, no cell breaks, no HTML.
fn md(s: &str) -> String {
    let mut out = String::new();
    for ch in one_line(s).chars() {
        match ch {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::junit_read::parse;

    #[test]
    fn a_report_without_testcases_leaves_nothing_to_compare() {
        let some = report("a.xml", "12.5", &[("login", "pass")]);
        let none = parse(r#"<testsuites name="x"></testsuites>"#, "none.xml").expect("parses");
        let hollow = parse(
            r#"<testsuite name="s" tests="0" failures="0" errors="0"/>"#,
            "hollow.xml",
        )
        .expect("parses");
        assert_eq!(nothing_to_compare(&some, &some), None);
        let after = nothing_to_compare(&some, &none).expect("after empty");
        assert!(after.contains("AFTER report none.xml"), "{after}");
        let before = nothing_to_compare(&hollow, &some).expect("before empty");
        assert!(before.contains("BEFORE report hollow.xml"), "{before}");
        let both = nothing_to_compare(&none, &hollow).expect("both empty");
        assert!(
            both.contains("none.xml") && both.contains("hollow.xml") && both.contains("have"),
            "{both}"
        );
        // Only skipped testcases still compare: a run on another deployment skips much.
        let skipped = report("s.xml", "12.5", &[("login", "skip")]);
        assert_eq!(nothing_to_compare(&some, &skipped), None);
    }

    /// A report with one suite; `cases` are (name, outcome) with outcome one of
    /// pass, flaky, fail, inconclusive, error, foreign (an error of another producer), skip.
    fn report(source: &str, version: &str, cases: &[(&str, &str)]) -> Report {
        let body: String = cases
            .iter()
            .map(|(name, outcome)| {
                let result = match *outcome {
                    "fail" => format!(r#"<failure message="{name} broke"/>"#),
                    "inconclusive" => {
                        r#"<error type="inconclusive" message="no free agent"/>"#.to_string()
                    }
                    "error" => r#"<error type="error" message="crashed"/>"#.to_string(),
                    "foreign" => r#"<error message="crashed"/>"#.to_string(),
                    "skip" => r#"<skipped message="UCCX only"/>"#.to_string(),
                    "flaky" => r#"<flakyFailure type="t" message="slow"/>"#.to_string(),
                    _ => String::new(),
                };
                format!(
                    r#"<testcase classname="user.state" name="{name}">{result}<system-out>guide: 12.5 p42
rules: user.{name} user.other
scenario: features/user/state.feature:1

transcript</system-out></testcase>"#
                )
            })
            .collect();
        let xml = format!(
            r#"<testsuites><testsuite name="User" tests="0" failures="0" errors="0">
<properties><property name="finesse.profile" value="lab"/><property name="finesse.version" value="{version}"/></properties>
{body}</testsuite></testsuites>"#
        );
        parse(&xml, source).expect("parses")
    }

    fn names(d: &Diff, cat: Category) -> Vec<&str> {
        d.in_category(cat).map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn every_category_is_recognised() {
        let before = report(
            "b.xml",
            "12.5(1)",
            &[
                ("reg", "pass"),
                ("regflaky", "flaky"),
                ("inc", "pass"),
                ("err", "pass"),
                ("foreign", "flaky"),
                ("fix", "fail"),
                ("lost", "fail"),
                ("lost2", "fail"),
                ("nowpass", "inconclusive"),
                ("nowfail", "error"),
                ("flake", "pass"),
                ("skip", "fail"),
                ("appl", "skip"),
                ("gone", "fail"),
                ("same", "pass"),
                ("stillbad", "fail"),
                ("stilloff", "inconclusive"),
            ],
        );
        let after = report(
            "a.xml",
            "12.6(1)",
            &[
                ("reg", "fail"),
                ("regflaky", "fail"),
                ("inc", "inconclusive"),
                ("err", "error"),
                ("foreign", "foreign"),
                ("fix", "pass"),
                ("lost", "inconclusive"),
                ("lost2", "error"),
                ("nowpass", "pass"),
                ("nowfail", "fail"),
                ("flake", "flaky"),
                ("skip", "skip"),
                ("appl", "fail"),
                ("new", "pass"),
                ("same", "pass"),
                ("stillbad", "fail"),
                ("stilloff", "error"),
            ],
        );
        let d = diff(&before, &after);
        assert!(d.regressed());
        assert_eq!(names(&d, Category::Regressed), ["reg", "regflaky"]);
        assert_eq!(
            names(&d, Category::CouldNotBeChecked),
            ["inc", "err", "foreign"]
        );
        assert_eq!(names(&d, Category::Fixed), ["fix"]);
        assert_eq!(names(&d, Category::NoLongerChecked), ["lost", "lost2"]);
        assert_eq!(names(&d, Category::NowChecked), ["nowpass", "nowfail"]);
        assert_eq!(names(&d, Category::BecameFlaky), ["flake"]);
        assert_eq!(names(&d, Category::BecameSkipped), ["skip"]);
        assert_eq!(names(&d, Category::BecameApplicable), ["appl"]);
        assert_eq!(names(&d, Category::Appeared), ["new"]);
        assert_eq!(names(&d, Category::Disappeared), ["gone"]);
        assert_eq!(d.compared, 16);
        assert_eq!(d.still_failing, 1);
        assert_eq!(d.still_unchecked, 1);
        let detail = |cat, name: &str| {
            d.in_category(cat)
                .find(|c| c.name == name)
                .map(|c| c.detail.clone())
                .expect("listed")
        };
        assert_eq!(detail(Category::CouldNotBeChecked, "inc"), "no free agent");
        assert_eq!(detail(Category::NowChecked, "nowpass"), "no free agent");
        assert_eq!(detail(Category::NowChecked, "nowfail"), "nowfail broke");
        let reg = &d.changes[0];
        assert_eq!(reg.guide, "12.5 p42");
        assert_eq!(reg.rules, ["user.reg", "user.other"]);
        assert_eq!(reg.detail, "reg broke");
        let fix = d.in_category(Category::Fixed).next().expect("fixed");
        assert_eq!(fix.detail, "fix broke", "a fix explains what failed before");
        assert_eq!(d.before.property(props::VERSION), Some("12.5(1)"));
        assert_eq!(d.after.property(props::VERSION), Some("12.6(1)"));
    }

    #[test]
    fn a_report_of_a_run_that_did_not_complete_is_flagged_not_compared() {
        let before = report("b.xml", "12.5(1)", &[("a", "pass"), ("b", "pass")]);
        let clean = report("a.xml", "12.5(1)", &[("a", "pass"), ("b", "skip")]);
        assert_eq!(diff(&before, &clean).incomplete_error(), None);
        // The same after report, with the marker a killed run's JUnit carries.
        let marker = format!(
            r#"<testsuite name="finesse-conformance" tests="1" failures="0" errors="1"><testcase classname="finesse-conformance" name="{}"><error type="incomplete" message="killed half-way"/></testcase></testsuite>"#,
            crate::report::incomplete::NAME
        );
        let mut killed = report("k.xml", "12.5(1)", &[("a", "pass"), ("b", "skip")]);
        let m = parse(&format!("<testsuites>{marker}</testsuites>"), "k.xml").expect("parses");
        killed.suites.splice(0..0, m.suites);
        let d = diff(&before, &killed);
        assert!(
            d.changes
                .iter()
                .all(|c| c.name != crate::report::incomplete::NAME),
            "the marker is no scenario: {:?}",
            d.changes
        );
        assert!(!d.regressed());
        let e = d.incomplete_error().expect("flagged");
        assert!(
            e.contains("after report k.xml") && e.contains("killed half-way"),
            "{e}"
        );
        assert!(!e.contains('\n'), "{e}");
        assert!(d.render_text().contains("INCOMPLETE: "));
        assert!(d.render_markdown().contains("**Incomplete:**"));
        // A regression found in what did run is still a regression (exit 1, not 2).
        let regressed = report("k2.xml", "12.5(1)", &[("a", "fail")]);
        let mut regressed_killed = regressed.clone();
        regressed_killed
            .suites
            .splice(0..0, killed.suites[..1].iter().cloned());
        let d = diff(&before, &regressed_killed);
        assert!(d.regressed());
        assert_eq!(d.incomplete_error(), None);
    }

    #[test]
    fn identical_reports_have_no_changes() {
        let r = report(
            "r.xml",
            "12.5(1)",
            &[("a", "pass"), ("b", "fail"), ("c", "skip")],
        );
        let d = diff(&r, &r);
        assert!(!d.regressed());
        assert!(d.changes.is_empty());
        assert!(
            d.render_text().contains(
                "3 scenarios compared: 0 regressed, 0 could not be checked, 3 unchanged (1 still failing, 0 still not checked)"
            ),
            "{}",
            d.render_text()
        );
    }

    #[test]
    fn text_lists_each_change_with_its_citation_and_the_properties() {
        let d = diff(
            &report("b.xml", "12.5(1)", &[("a", "pass")]),
            &report("a.xml", "12.6(1)", &[("a", "fail")]),
        );
        let t = d.render_text();
        assert!(t.contains("before: b.xml\nafter:  a.xml\n"), "{t}");
        assert!(
            t.contains("finesse.version  12.5(1)  12.6(1)  (changed)"),
            "{t}"
        );
        assert!(t.contains("finesse.profile  lab      lab\n"), "{t}");
        assert!(
            t.contains("REGRESSED (1): passed before, fails now\n  user.state › a\n"),
            "{t}"
        );
        assert!(
            t.contains("guide 12.5 p42 · rules user.a user.other · features/user/state.feature:1"),
            "{t}"
        );
        assert!(t.contains("passed → failed: a broke"), "{t}");
        assert!(!t.contains("FIXED"), "empty categories are left out: {t}");
    }

    #[test]
    fn markdown_has_the_property_table_and_one_table_per_category() {
        let d = diff(
            &report("b.xml", "12.5(1)", &[("a", "pass"), ("b", "fail")]),
            &report("a.xml", "12.6(1)", &[("a", "fail"), ("b", "pass")]),
        );
        let m = d.render_markdown();
        assert!(
            m.starts_with("## Finesse conformance diff: 1 regressed\n"),
            "{m}"
        );
        assert!(
            m.contains("| finesse.version | **12.5(1)** | **12.6(1)** |"),
            "{m}"
        );
        assert!(m.contains("### Regressed (1)"), "{m}");
        assert!(m.contains("### Fixed (1)"), "{m}");
        assert!(!m.contains("### Appeared"), "{m}");
        assert_eq!(m.matches("|---|---|---|---|---|").count(), 2, "{m}");
        assert!(
            m.contains("| user.state › a<br>features/user/state.feature:1 | 12.5 p42 | `user.a` `user.other` | passed → failed | a broke |"),
            "{m}"
        );
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(md("a|b\n<c>*d*"), "a\\|b &lt;c&gt;\\*d\\*");
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("ab", 3), "ab");
    }

    #[test]
    fn reports_without_headers_or_properties_still_compare() {
        let b = parse(
            r#"<testsuite name="x" tests="1" failures="0" errors="0"><testcase name="t"/></testsuite>"#,
            "b.xml",
        )
        .expect("parses");
        let a = parse(
            r#"<testsuite name="x" tests="1" failures="0" errors="1"><testcase name="t"><error>boom
at line 3</error></testcase></testsuite>"#,
            "a.xml",
        )
        .expect("parses");
        let d = diff(&b, &a);
        // Another producer's <error> is an error: the test could not be checked.
        assert!(!d.regressed());
        assert_eq!(d.changes[0].category, Category::CouldNotBeChecked);
        assert_eq!(d.changes[0].detail, "boom");
        assert_eq!(d.changes[0].guide, "");
        let t = d.render_text();
        assert!(t.contains("passed → error: boom"), "{t}");
        assert!(!t.contains("finesse.profile"), "{t}");
    }

    #[test]
    fn what_could_not_be_checked_is_listed_apart_and_is_no_regression() {
        let d = diff(
            &report(
                "b.xml",
                "12.5(1)",
                &[("a", "pass"), ("b", "pass"), ("c", "pass")],
            ),
            &report(
                "a.xml",
                "12.6(1)",
                &[("a", "inconclusive"), ("b", "error"), ("c", "pass")],
            ),
        );
        assert!(!d.regressed(), "only a fail after a pass regresses");
        let t = d.render_text();
        assert!(
            t.contains("COULD NOT BE CHECKED (2): passed before, inconclusive or an error now"),
            "{t}"
        );
        assert!(t.contains("passed → inconclusive: no free agent"), "{t}");
        assert!(t.contains("passed → error: crashed"), "{t}");
        assert!(!t.contains("REGRESSED"), "{t}");
        assert!(
            t.contains("3 scenarios compared: 0 regressed, 2 could not be checked, 1 unchanged"),
            "{t}"
        );
        let m = d.render_markdown();
        assert!(
            m.starts_with("## Finesse conformance diff: no regressions, 2 could not be checked\n"),
            "{m}"
        );
        assert!(m.contains("### Could not be checked (2)"), "{m}");
        // Reports from before the verdicts (only failure and skipped) still compare.
        let old = parse(
            r#"<testsuite name="x" tests="2" failures="1" errors="0"><testcase name="a"/><testcase name="b"><failure message="f"/></testcase></testsuite>"#,
            "old.xml",
        )
        .expect("parses");
        let new = parse(
            r#"<testsuite name="x" tests="2" failures="0" errors="2"><testcase name="a"><error type="inconclusive" message="i"/></testcase><testcase name="b"><error type="error" message="e"/></testcase></testsuite>"#,
            "new.xml",
        )
        .expect("parses");
        let d = diff(&old, &new);
        assert_eq!(names(&d, Category::CouldNotBeChecked), ["a"]);
        assert_eq!(names(&d, Category::NoLongerChecked), ["b"]);
        assert!(!d.regressed());
    }
}
