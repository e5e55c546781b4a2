//! Checks one parsed feature file before its outlines are expanded: the tags the harness
//! reads, and Scenario Outlines that would run with a literal `<placeholder>` (no Examples,
//! an Examples table without the column, a Background step that Examples never fill).
//! Every problem is reported, each with its file and line.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use cucumber::gherkin;
use regex::Regex;

use super::features::FeatureError;
use super::tags;

/// A `<name>` that cucumber fills from an Examples column (its own template pattern).
static PLACEHOLDER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"<([^>\s](?:[^>\s]?|[^>\t\n\r\v\f]*[^>\s]))>").ok());

fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    PLACEHOLDER
        .as_ref()
        .into_iter()
        .flat_map(move |re| re.captures_iter(text))
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
}

/// Outline keywords of English Gherkin. In other languages an outline without Examples is
/// still caught by the step check: its steps keep a literal `<name>`.
fn is_outline(keyword: &str) -> bool {
    let k = keyword.trim();
    k.eq_ignore_ascii_case("Scenario Outline") || k.eq_ignore_ascii_case("Scenario Template")
}

/// The line that holds `@tag` above an element at `line` (tags sit on the lines before it),
/// or the element's own line.
fn tag_line(lines: &[&str], line: usize, tag: &str) -> usize {
    let wanted = format!("@{tag}");
    (1..line)
        .rev()
        .map(|n| (n, lines.get(n - 1).map(|l| l.trim()).unwrap_or("")))
        .take_while(|(_, l)| l.is_empty() || l.starts_with('@') || l.starts_with('#'))
        .find(|(_, l)| {
            l.starts_with('@')
                && l.split(|c: char| c.is_whitespace() || c == '@')
                    .any(|t| format!("@{t}") == wanted)
        })
        .map(|(n, _)| n)
        .unwrap_or(line)
}

struct Lint<'a> {
    path: &'a str,
    lines: Vec<&'a str>,
    problems: Vec<FeatureError>,
}

impl Lint<'_> {
    fn at(&mut self, line: usize, message: String) {
        self.problems.push(FeatureError {
            file: self.path.to_string(),
            line: Some(line),
            col: None,
            message,
        });
    }

    fn tags(&mut self, tags: &[String], line: usize) {
        for t in tags {
            if let Err(why) = tags::check(t) {
                let at = tag_line(&self.lines, line, t);
                self.at(at, why);
            }
        }
    }

    fn background(&mut self, bg: Option<&gherkin::Background>, scenarios: &[gherkin::Scenario]) {
        let Some(bg) = bg else { return };
        let columns: BTreeSet<&str> = scenarios
            .iter()
            .flat_map(|s| &s.examples)
            .filter_map(|e| e.table.as_ref()?.rows.first())
            .flatten()
            .map(String::as_str)
            .collect();
        for step in &bg.steps {
            // Only names that are Examples columns: a Background step may hold `<` text.
            let unfilled: BTreeSet<&str> = placeholders(&step.value)
                .filter(|p| columns.contains(p))
                .collect();
            for p in unfilled {
                self.at(
                    step.position.line,
                    format!(
                        "Background step \"{}\" uses <{p}>, but Examples fill only Scenario Outline steps, so it would stay a literal <{p}>; move the step into the outline",
                        step.value
                    ),
                );
            }
        }
    }

    fn scenario(&mut self, s: &gherkin::Scenario) {
        self.tags(&s.tags, s.position.line);
        for e in &s.examples {
            self.tags(&e.tags, e.position.line);
        }
        if s.examples.is_empty() {
            if is_outline(&s.keyword) {
                let literal = s
                    .steps
                    .iter()
                    .flat_map(|st| placeholders(&st.value))
                    .next()
                    .map(|p| format!(", so it would run once with a literal <{p}>"))
                    .unwrap_or_default();
                self.at(
                    s.position.line,
                    format!(
                        "Scenario Outline \"{}\" has no Examples{literal}; add an Examples table or make it a plain Scenario",
                        s.name.trim()
                    ),
                );
            }
            return;
        }
        // Where each placeholder first appears: (line, name), in the name, steps, doc
        // strings and step tables, as cucumber fills them.
        let mut used: Vec<(usize, &str)> = placeholders(&s.name)
            .map(|p| (s.position.line, p))
            .collect();
        for st in &s.steps {
            let texts = std::iter::once(st.value.as_str())
                .chain(st.docstring.as_deref())
                .chain(
                    st.table
                        .iter()
                        .flat_map(|t| t.rows.iter().flatten())
                        .map(String::as_str),
                );
            used.extend(texts.flat_map(placeholders).map(|p| (st.position.line, p)));
        }
        for e in &s.examples {
            let Some(header) = e.table.as_ref().and_then(|t| t.rows.first()) else {
                self.at(
                    e.position.line,
                    "Examples has no table; add a header row of column names and a row per run"
                        .into(),
                );
                continue;
            };
            if e.table.as_ref().is_some_and(|t| t.rows.len() < 2) {
                self.at(
                    e.position.line,
                    "Examples has a header but no rows, so the outline would never run; add a row or remove the Examples".into(),
                );
            }
            let mut reported = BTreeSet::new();
            for (line, p) in &used {
                if !header.iter().any(|h| h == p) && reported.insert(*p) {
                    self.at(
                        *line,
                        format!(
                            "<{p}> has no column in the Examples at line {}; add the column or fix the placeholder",
                            e.position.line
                        ),
                    );
                }
            }
        }
    }
}

/// Every problem of `feature` (parsed from `text`, not yet expanded), in file order.
pub(super) fn lint(path: &str, text: &str, feature: &gherkin::Feature) -> Vec<FeatureError> {
    let mut l = Lint {
        path,
        lines: text.lines().collect(),
        problems: Vec::new(),
    };
    l.tags(&feature.tags, feature.position.line);
    l.background(feature.background.as_ref(), &feature.scenarios);
    for s in &feature.scenarios {
        l.scenario(s);
    }
    for r in &feature.rules {
        l.tags(&r.tags, r.position.line);
        // A feature's Background runs before a rule's scenarios too.
        l.background(feature.background.as_ref(), &r.scenarios);
        l.background(r.background.as_ref(), &r.scenarios);
        for s in &r.scenarios {
            l.scenario(s);
        }
    }
    let mut problems = l.problems;
    problems.sort_by_key(|p| p.line);
    // A feature's Background is checked once per group of scenarios that run it.
    let mut seen = std::collections::HashSet::new();
    problems.retain(|p| seen.insert(p.to_string()));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use cucumber::gherkin::GherkinEnv;

    fn problems(text: &str) -> Vec<String> {
        let f = gherkin::Feature::parse(text, GherkinEnv::default()).expect("gherkin");
        lint("x.feature", text, &f)
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn tag_problems_name_the_line_of_the_tag() {
        let text = "@smoke\n@deployment:\nFeature: F\n\n  # a comment\n  @wip @since:banana\n\n  Scenario: s\n    Given x\n\n  Scenario Outline: o <a>\n    Given <a>\n\n    @requires:teleportation\n    Examples:\n      | a |\n      | 1 |\n";
        let p = problems(text);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].starts_with("x.feature:2: tag @deployment: "), "{p:?}");
        assert!(p[1].starts_with("x.feature:6: tag @since:banana "), "{p:?}");
        assert!(
            p[2].starts_with("x.feature:14: tag @requires:teleportation "),
            "{p:?}"
        );
    }

    #[test]
    fn outlines_that_would_run_with_a_literal_placeholder_are_refused() {
        let no_examples = "Feature: F\n  Scenario Outline: o\n    Given the agent is <state>\n";
        let p = problems(no_examples);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("x.feature:2: "), "{p:?}");
        assert!(p[0].contains("literal <state>"), "{p:?}");

        let missing = "Feature: F\n  Scenario Outline: o <who>\n    Given <a>\n    Then <b> and <b>\n      \"\"\"\n      <c>\n      \"\"\"\n\n    Examples:\n      | a |\n      | 1 |\n";
        let p = problems(missing);
        assert_eq!(p.len(), 3, "every missing column once: {p:?}");
        assert!(p[0].starts_with("x.feature:2: <who> "), "{p:?}");
        assert!(p[1].starts_with("x.feature:4: <b> "), "{p:?}");
        assert!(p[2].starts_with("x.feature:4: <c> "), "{p:?}");
        assert!(p[1].contains("Examples at line 9"), "{p:?}");

        let no_rows =
            "Feature: F\n  Scenario Outline: o\n    Given <a>\n\n    Examples:\n      | a |\n";
        let p = problems(no_rows);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("x.feature:5: Examples has a header but no rows"));

        let background = "Feature: F\n  Background:\n    Given the agent is <a>\n    And a <User> body\n\n  Scenario Outline: o\n    Given <a>\n\n    Examples:\n      | a |\n      | 1 |\n";
        let p = problems(background);
        assert_eq!(p.len(), 1, "only Examples columns count: {p:?}");
        assert!(p[0].starts_with("x.feature:3: Background step"), "{p:?}");
    }

    #[test]
    fn plain_scenarios_and_complete_outlines_pass() {
        let ok = "@guide:12.5:p47\nFeature: F\n  Scenario: xml in a doc string\n    When the agent sends PUT \"/x\" with body:\n      \"\"\"\n      <User><state>READY</state></User>\n      \"\"\"\n\n  Rule: r\n    Scenario Outline: o <a>\n      Given <a>\n\n      @deployment:UCCX\n      Examples:\n        | a |\n        | 1 |\n";
        assert_eq!(problems(ok), Vec::<String>::new());
    }
}
