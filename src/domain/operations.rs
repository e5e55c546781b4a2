//! The guide's desktop operations and error tables (`features/operations.yaml`), and how many
//! of them some scenario checks: the figures `finesse-conformance operations` prints and the
//! README quotes. Plain data and counting; the command gathers the scenarios' @rule tags.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::embedded_files;

pub(crate) const OPERATIONS_PATH: &str = "features/operations.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operations {
    operations: Vec<Operation>,
    error_tables: Vec<ErrorTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Operation {
    group: String,
    name: String,
    success: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorTable {
    table: String,
    rows: Vec<ErrorRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorRow {
    error: String,
    checks: Vec<String>,
}

/// A rule, and where it applies only to one API, the feature file its scenario must be in
/// (`"user.bad-credentials-401 in team/get_team.feature"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Check<'a> {
    rule: &'a str,
    feature: Option<&'a str>,
}

impl<'a> Check<'a> {
    fn parse(text: &'a str) -> Check<'a> {
        match text.split_once(" in ") {
            Some((rule, feature)) => Check {
                rule: rule.trim(),
                feature: Some(feature.trim()),
            },
            None => Check {
                rule: text.trim(),
                feature: None,
            },
        }
    }

    fn met_by(self, tagged: &Tagged) -> bool {
        tagged
            .iter()
            .any(|(rule, file)| rule == self.rule && self.feature.is_none_or(|f| f == file))
    }
}

/// (rule id, feature file under `features/`) for every @rule tag of a scenario.
pub type Tagged = BTreeSet<(String, String)>;

/// Covered out of documented.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figure {
    pub covered: usize,
    pub total: usize,
}

impl Figure {
    fn add(&mut self, covered: bool) {
        self.total += 1;
        self.covered += usize::from(covered);
    }
}

#[derive(Debug, Default)]
pub struct Counts {
    pub operations: Figure,
    pub errors: Figure,
    /// Per operation group and per error table, in file order.
    pub groups: Vec<(String, Figure)>,
    pub tables: Vec<(String, Figure)>,
    pub uncovered_operations: Vec<String>,
    pub uncovered_errors: Vec<String>,
}

impl Operations {
    pub fn parse(text: &str, path: &str) -> Result<Operations, String> {
        serde_saphyr::from_str(text).map_err(|e| format!("{path}: {e}"))
    }

    pub fn embedded() -> Result<Operations, String> {
        let text = embedded_files()
            .iter()
            .find(|(p, _)| *p == OPERATIONS_PATH)
            .map(|(_, t)| *t)
            .ok_or_else(|| format!("{OPERATIONS_PATH} is not embedded in this build"))?;
        Operations::parse(text, OPERATIONS_PATH)
    }

    fn checks(&self) -> impl Iterator<Item = (&str, Check<'_>)> {
        let ops = self
            .operations
            .iter()
            .flat_map(|o| o.success.iter().map(move |c| (o.name.as_str(), c)));
        let rows = self.error_tables.iter().flat_map(|t| {
            t.rows
                .iter()
                .flat_map(|r| r.checks.iter().map(|c| (r.error.as_str(), c)))
        });
        ops.chain(rows).map(|(what, c)| (what, Check::parse(c)))
    }

    /// Checks that name a rule the catalogue does not have, or a feature file that does not
    /// exist: the file must not count what nothing checks.
    pub fn problems(&self, rules: &BTreeSet<&str>, features: &BTreeSet<&str>) -> Vec<String> {
        self.checks()
            .filter_map(|(what, c)| {
                if !rules.contains(c.rule) {
                    Some(format!("{what}: no rule {} in the catalogue", c.rule))
                } else {
                    c.feature
                        .filter(|f| !features.contains(f))
                        .map(|f| format!("{what}: no feature file {f}"))
                }
            })
            .collect()
    }

    pub fn count(&self, tagged: &Tagged) -> Counts {
        let any = |checks: &[String]| checks.iter().any(|c| Check::parse(c).met_by(tagged));
        let mut c = Counts::default();
        let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
        for op in &self.operations {
            let covered = any(&op.success);
            c.operations.add(covered);
            let i = *groups.entry(&op.group).or_insert_with(|| {
                c.groups.push((op.group.clone(), Figure::default()));
                c.groups.len() - 1
            });
            c.groups[i].1.add(covered);
            if !covered {
                c.uncovered_operations.push(op.name.clone());
            }
        }
        for table in &self.error_tables {
            let mut f = Figure::default();
            for row in &table.rows {
                let covered = any(&row.checks);
                f.add(covered);
                c.errors.add(covered);
                if !covered {
                    c.uncovered_errors
                        .push(format!("{}: {}", table.table, row.error));
                }
            }
            c.tables.push((table.table.clone(), f));
        }
        c
    }
}

impl Counts {
    /// The report `operations` prints: the two figures, then each group and table, then
    /// what nothing checks yet.
    pub fn markdown(&self) -> String {
        let mut s = String::from("# Operations and documented errors with a scenario\n\n");
        s.push_str(&format!(
            "- desktop operations with a scenario: {}/{}\n- documented desktop error responses with a scenario: {}/{}\n\n",
            self.operations.covered, self.operations.total, self.errors.covered, self.errors.total
        ));
        s.push_str("| operation group | with a scenario |\n|---|---|\n");
        for (g, f) in &self.groups {
            s.push_str(&format!("| {g} | {}/{} |\n", f.covered, f.total));
        }
        s.push_str("\n| error table | rows with a scenario |\n|---|---|\n");
        for (t, f) in &self.tables {
            s.push_str(&format!("| {t} | {}/{} |\n", f.covered, f.total));
        }
        s.push_str("\n## Operations without a scenario\n\n");
        for o in &self.uncovered_operations {
            s.push_str(&format!("- {o}\n"));
        }
        s.push_str("\n## Error rows without a scenario\n\n");
        for e in &self.uncovered_errors {
            s.push_str(&format!("- {e}\n"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "operations:\n  - { group: User, name: \"Get\", success: [a.get] }\n  - { group: User, name: \"List\", success: [] }\n  - { group: Team, name: \"Team\", success: [t.get] }\nerror_tables:\n  - table: T\n    rows:\n      - { error: \"401 AF\", checks: [a.bad in team.feature] }\n      - { error: \"404\", checks: [t.unknown] }\n";

    fn tagged(pairs: &[(&str, &str)]) -> Tagged {
        pairs
            .iter()
            .map(|(r, f)| (r.to_string(), f.to_string()))
            .collect()
    }

    #[test]
    fn counts_operations_and_error_rows_that_a_tagged_scenario_checks() {
        let ops = Operations::parse(FILE, "t").expect("parses");
        let c = ops.count(&tagged(&[
            ("a.get", "user.feature"),
            ("a.bad", "user.feature"),
            ("t.unknown", "team.feature"),
        ]));
        assert_eq!((c.operations.covered, c.operations.total), (1, 3));
        assert_eq!(
            c.groups,
            vec![
                (
                    "User".to_string(),
                    Figure {
                        covered: 1,
                        total: 2
                    }
                ),
                (
                    "Team".to_string(),
                    Figure {
                        covered: 0,
                        total: 1
                    }
                )
            ]
        );
        // a.bad is tagged, but not in team.feature, where the row asks for it.
        assert_eq!((c.errors.covered, c.errors.total), (1, 2));
        assert_eq!(c.uncovered_errors, vec!["T: 401 AF".to_string()]);
        assert_eq!(c.uncovered_operations, vec!["List", "Team"]);
        let md = c.markdown();
        assert!(
            md.contains("desktop operations with a scenario: 1/3"),
            "{md}"
        );
    }

    #[test]
    fn a_feature_qualified_check_needs_its_file() {
        let ops = Operations::parse(FILE, "t").expect("parses");
        let c = ops.count(&tagged(&[("a.bad", "team.feature")]));
        assert_eq!(c.errors.covered, 1);
    }

    #[test]
    fn checks_must_name_known_rules_and_feature_files() {
        let ops = Operations::parse(FILE, "t").expect("parses");
        let rules = BTreeSet::from(["a.get", "a.bad", "t.get"]);
        let files = BTreeSet::from(["user.feature"]);
        assert_eq!(
            ops.problems(&rules, &files),
            vec![
                "401 AF: no feature file team.feature".to_string(),
                "404: no rule t.unknown in the catalogue".to_string()
            ]
        );
    }

    #[test]
    fn unknown_fields_are_refused_with_the_path() {
        let e = Operations::parse("operations: []\nerror_tables: []\nextra: 1\n", "ops.yaml")
            .expect_err("unknown field");
        assert!(e.starts_with("ops.yaml:"), "{e}");
    }
}
