//! The coverage report: one row per catalogue rule (guide page, statement, the scenarios that
//! cover it, whether its deviation is caught), uncovered rules first, then three figures.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::catalogue::Rule;
use crate::selfcheck::{Matrix, ScenarioId};
use finesse_mock::Deviation;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviationStatus {
    Caught(Vec<&'static str>),
    NotCaught(Vec<&'static str>),
    NoDeviation,
    NotBlackBox(String),
}

#[derive(Debug, Clone)]
pub struct Row {
    pub rule: Rule,
    pub(crate) scenarios: BTreeSet<ScenarioId>,
    pub deviation: DeviationStatus,
}

impl Row {
    pub fn covered(&self) -> bool {
        !self.scenarios.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Figure {
    pub(crate) done: usize,
    pub(crate) total: usize,
}

impl Figure {
    pub(crate) fn percent(self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.done as f64 * 100.0 / self.total as f64
        }
    }

    pub(crate) fn complete(self) -> bool {
        self.done == self.total
    }
}

#[derive(Debug, Clone)]
pub struct Coverage {
    pub rows: Vec<Row>,
    /// Black-box rules that some scenario covers.
    pub(crate) rules: Figure,
    /// Rules the catalogue marks as not checkable black-box (counted apart).
    pub(crate) not_black_box: usize,
    pub(crate) deviations: Figure,
    pub(crate) scenarios: Figure,
    /// Scenarios no deviation fails.
    pub vacuous: BTreeSet<ScenarioId>,
    /// `@rule:` tags that the catalogue does not know.
    pub unknown_tags: BTreeSet<String>,
    /// Deviations whose rule the catalogue does not know.
    pub orphan_deviations: Vec<&'static str>,
    /// Why each deviation run that was not caught failed to be: (deviation, deployment,
    /// failing scenarios without the rule's tag, tagged scenarios that passed).
    pub(crate) misses: Vec<Miss>,
    /// (deviation, deployment, scenarios it left inconclusive or errored): they could not
    /// reach what they test, so they count neither as catches nor as stray failures.
    pub(crate) unchecked: Vec<(&'static str, String, usize)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Miss {
    pub(crate) deviation: &'static str,
    pub(crate) deployment: String,
    pub(crate) failed: usize,
    pub(crate) missed: BTreeSet<ScenarioId>,
    pub(crate) stray_failures: Vec<String>,
}

pub fn build(catalogue: &[Rule], matrix: &Matrix) -> Coverage {
    let mut by_rule: BTreeMap<String, BTreeSet<ScenarioId>> = BTreeMap::new();
    for b in &matrix.baselines {
        for s in b.report.scenarios() {
            if matches!(s.outcome, crate::domain::results::Outcome::Skipped { .. }) {
                continue;
            }
            for rule in s.tags.iter().filter_map(|t| t.strip_prefix("rule:")) {
                by_rule
                    .entry(rule.to_string())
                    .or_default()
                    .insert(crate::selfcheck::id(s));
            }
        }
    }
    let known: BTreeSet<&str> = catalogue.iter().map(|r| r.id.as_str()).collect();
    let unknown_tags = by_rule
        .keys()
        .filter(|t| !known.contains(t.as_str()))
        .cloned()
        .collect();
    let orphan_deviations = Deviation::ALL
        .iter()
        .filter(|d| !known.contains(d.rule()))
        .map(|d| d.name())
        .collect();
    let mut rows: Vec<Row> = catalogue
        .iter()
        .map(|rule| {
            let devs: Vec<Deviation> = Deviation::ALL
                .iter()
                .copied()
                .filter(|d| d.rule() == rule.id)
                .collect();
            let names: Vec<&'static str> = devs.iter().map(|d| d.name()).collect();
            let deviation = if !rule.black_box {
                DeviationStatus::NotBlackBox(rule.why.clone().unwrap_or_default())
            } else if devs.is_empty() {
                DeviationStatus::NoDeviation
            } else if devs.iter().all(|d| matrix.caught(*d)) {
                DeviationStatus::Caught(names)
            } else {
                DeviationStatus::NotCaught(names)
            };
            Row {
                rule: rule.clone(),
                scenarios: by_rule.get(&rule.id).cloned().unwrap_or_default(),
                deviation,
            }
        })
        .collect();
    // Uncovered black-box rules first, then by id.
    rows.sort_by_key(|r| (r.covered() || !r.rule.black_box, r.rule.id.clone()));
    let black_box: Vec<&Row> = rows.iter().filter(|r| r.rule.black_box).collect();
    let rules = Figure {
        done: black_box.iter().filter(|r| r.covered()).count(),
        total: black_box.len(),
    };
    let deviations = Figure {
        done: Deviation::ALL.iter().filter(|d| matrix.caught(**d)).count(),
        total: Deviation::ALL.len(),
    };
    let all = matrix.scenarios();
    let vacuous = matrix.vacuous();
    let scenarios = Figure {
        done: all.len() - vacuous.len(),
        total: all.len(),
    };
    let unchecked = matrix
        .verdicts()
        .into_iter()
        .filter(|v| v.unchecked > 0)
        .map(|v| {
            (
                v.deviation.name(),
                crate::selfcheck::target_name(v.target),
                v.unchecked,
            )
        })
        .collect();
    let misses = matrix
        .verdicts()
        .into_iter()
        .filter(|v| !v.caught())
        .map(|v| Miss {
            deviation: v.deviation.name(),
            deployment: crate::selfcheck::target_name(v.target),
            failed: v.failed,
            missed: v.missed,
            stray_failures: v.stray_failures,
        })
        .collect();
    Coverage {
        misses,
        unchecked,
        not_black_box: rows.len() - black_box.len(),
        rows,
        rules,
        deviations,
        scenarios,
        vacuous,
        unknown_tags,
        orphan_deviations,
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub(crate) fn markdown(c: &Coverage, elapsed_secs: f64) -> String {
    let mut out = String::from("# Rule coverage\n\n");
    out.push_str("Each rule of `features/rules.yaml`: the guide page, what it says, the scenarios that check it, and whether the mock deviation that breaks it is caught (the run fails, and only in scenarios tagged with the rule). Uncovered rules come first.\n\n");
    out.push_str("| rule | page | statement | scenarios | deviation |\n|---|---|---|---|---|\n");
    for r in &c.rows {
        let scenarios = if r.scenarios.is_empty() {
            "**none**".to_string()
        } else {
            r.scenarios
                .iter()
                .map(|(cls, name)| format!("{cls} › {name}"))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        let dev = match &r.deviation {
            DeviationStatus::Caught(n) => format!("caught ({})", n.join(", ")),
            DeviationStatus::NotCaught(n) => format!("**not caught** ({})", n.join(", ")),
            DeviationStatus::NoDeviation => "**no deviation**".into(),
            DeviationStatus::NotBlackBox(why) => format!("not black-box: {why}"),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.rule.id,
            cell(&r.rule.citation()),
            cell(&r.rule.statement),
            cell(&scenarios),
            cell(&dev)
        ));
    }
    if !c.vacuous.is_empty() {
        out.push_str("\n## Scenarios that no deviation fails\n\n");
        for (cls, name) in &c.vacuous {
            out.push_str(&format!("- {cls} › {name}\n"));
        }
    }
    if !c.misses.is_empty() {
        out.push_str("\n## Deviation runs that were not caught\n\n");
        for m in &c.misses {
            let why = if m.failed == 0 {
                "nothing failed".to_string()
            } else {
                format!("{} failed, some without the rule's tag", m.failed)
            };
            out.push_str(&format!("- `{}` on {}: {why}\n", m.deviation, m.deployment));
            for f in &m.stray_failures {
                out.push_str(&format!("  - failed without the tag: {}\n", cell(f)));
            }
            for (cls, name) in &m.missed {
                out.push_str(&format!("  - tagged but passed: {cls} › {name}\n"));
            }
        }
    }
    if !c.unchecked.is_empty() {
        out.push_str("\n## Scenarios a deviation leaves inconclusive\n\nA deviation that breaks a rule a scenario's preconditions rely on leaves that scenario inconclusive: it could not reach what it tests. Only fails count as catches.\n\n| deviation | deployment | inconclusive or errored |\n|---|---|---|\n");
        for (d, dep, n) in &c.unchecked {
            out.push_str(&format!("| `{d}` | {dep} | {n} |\n"));
        }
    }
    if !c.unknown_tags.is_empty() {
        out.push_str("\n## `@rule:` tags missing from the catalogue\n\n");
        for t in &c.unknown_tags {
            out.push_str(&format!("- {t}\n"));
        }
    }
    if !c.orphan_deviations.is_empty() {
        out.push_str("\n## Deviations whose rule is not in the catalogue\n\n");
        for d in &c.orphan_deviations {
            out.push_str(&format!("- {d}\n"));
        }
    }
    out.push_str(&format!(
        "\n## Figures\n\n- rules covered: {}/{} ({:.0}%), plus {} rules that cannot be checked black-box\n- deviations caught: {}/{} ({:.0}%)\n- scenarios that some deviation can fail: {}/{} ({:.0}%)\n\nThe matrix ran in {:.1} s.\n",
        c.rules.done,
        c.rules.total,
        c.rules.percent(),
        c.not_black_box,
        c.deviations.done,
        c.deviations.total,
        c.deviations.percent(),
        c.scenarios.done,
        c.scenarios.total,
        c.scenarios.percent(),
        elapsed_secs
    ));
    out
}
