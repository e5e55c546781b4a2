//! The comparison as text for a console and as Markdown for a merge-request comment.

use std::fmt::Write as _;

use super::{Category, Change, Diff, State, one_line};
use crate::report::junit::props;

/// The properties shown at the top, in order (shown when either side has them).
const SHOWN: [&str; 6] = [
    props::PROFILE,
    props::BASE_URL,
    props::DEPLOYMENT,
    props::VERSION,
    props::HARNESS,
    props::SHARD,
];

impl Diff {
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

    pub(crate) fn render_text(&self) -> String {
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

    pub(crate) fn render_markdown(&self) -> String {
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

/// At most `max` characters, with an ellipsis when cut.
pub(super) fn clip(s: &str, max: usize) -> String {
    let s = one_line(s);
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s,
    }
}

/// Text safe inside a Markdown table cell: one line, no cell breaks, no HTML.
pub(super) fn md(s: &str) -> String {
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
