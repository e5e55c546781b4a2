//! The run plan: every scenario (one per Examples row) with a stable name, its tags, what it
//! needs, and whether it applies to the target. The plan is built before anything runs, so
//! that skipped and unreachable scenarios are reported as exactly as executed ones.

use std::collections::HashMap;

use cucumber::gherkin;

use crate::profile::Profile;
use crate::scenario::applicability::{self, TargetFacts};
use crate::scenario::needs::Needs;

pub(crate) use crate::domain::key::{ScenarioKey, feature_path, key_of};
pub(crate) use crate::scenario::PlannedScenario;

#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub(crate) scenarios: Vec<PlannedScenario>,
}

impl Plan {
    pub(crate) fn index(&self) -> HashMap<ScenarioKey, PlannedScenario> {
        self.scenarios
            .iter()
            .map(|s| (s.key.clone(), s.clone()))
            .collect()
    }

    /// The scenarios to run: they apply, and the preflight did not rule them out.
    pub(crate) fn applicable(&self) -> impl Iterator<Item = &PlannedScenario> {
        self.scenarios
            .iter()
            .filter(|s| s.skip.is_none() && s.inconclusive.is_none())
    }

    /// `--readonly`: scenarios that change the target do not apply.
    pub(crate) fn read_only(&mut self) {
        for s in self.scenarios.iter_mut().filter(|s| s.mutates) {
            s.skip.get_or_insert_with(|| {
                "changes the target (@mutates) and the run is --readonly".into()
            });
        }
    }

    /// `--shard K/N`: keeps every Nth scenario, starting at the Kth, in the plan's order
    /// (features by path, scenarios by line), so shards are disjoint, together complete,
    /// and the same on every runner. Skipped scenarios are sharded too, so each one is
    /// reported by exactly one shard.
    pub(crate) fn shard(&mut self, shard: Shard) {
        let mut all = std::mem::take(&mut self.scenarios);
        all.sort_by(|a, b| a.key.cmp(&b.key));
        self.scenarios = all
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % shard.total == shard.index - 1)
            .map(|(_, s)| s)
            .collect();
    }
}

/// One of N shards, 1-based: `2/5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub total: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("--shard wants K/N with 1 <= K <= N, e.g. 2/5; got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let total: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || total == 0 || index > total {
            return Err(bad());
        }
        Ok(Shard { index, total })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.total)
    }
}

fn classname(path: &str) -> String {
    let p = path.strip_prefix("features/").unwrap_or(path);
    let p = p.strip_suffix(".feature").unwrap_or(p);
    p.trim_start_matches("./").replace(['/', '\\'], ".")
}

/// The row's values, e.g. `[UCCE: outcome=stays, state=READY]`.
fn example_suffix(s: &gherkin::Scenario) -> Option<String> {
    let ex = s.examples.first()?;
    let rows = &ex.table.as_ref()?.rows;
    let (header, values) = (rows.first()?, rows.get(1)?);
    let pairs: Vec<String> = header
        .iter()
        .zip(values)
        .map(|(h, v)| format!("{h}={v}"))
        .collect();
    let label = ex
        .name
        .as_deref()
        .map(|n| format!("{}: ", n.trim()))
        .unwrap_or_default();
    Some(format!("[{label}{}]", pairs.join(", ")))
}

pub(crate) fn build(features: &[gherkin::Feature], facts: &TargetFacts, profile: &Profile) -> Plan {
    let mut scenarios = Vec::new();
    for f in features {
        let path = feature_path(f);
        let mut names: HashMap<String, usize> = HashMap::new();
        let in_rules = f
            .rules
            .iter()
            .flat_map(|r| r.scenarios.iter().map(move |s| (Some(r), s)));
        for (rule, s) in f.scenarios.iter().map(|s| (None, s)).chain(in_rules) {
            let mut tags: Vec<String> = f.tags.clone();
            if let Some(r) = rule {
                tags.extend(r.tags.iter().cloned());
            }
            tags.extend(s.tags.iter().cloned());
            let mut name = s.name.trim().to_string();
            if let Some(sfx) = example_suffix(s) {
                name = format!("{name} {sfx}");
            }
            let seen = names.entry(name.clone()).or_default();
            *seen += 1;
            if *seen > 1 {
                name = format!("{name} (line {})", s.position.line);
            }
            // The steps the scenario runs: the feature's background, the rule's, its own.
            let steps: Vec<&gherkin::Step> = f
                .background
                .iter()
                .chain(rule.iter().flat_map(|r| r.background.iter()))
                .flat_map(|b| b.steps.iter())
                .chain(s.steps.iter())
                .collect();
            let needs = Needs::of_steps(steps.iter().map(|st| st.value.as_str()));
            // Setup steps also check the rules they rely on (steps::implied_rules).
            let givens = steps.iter().filter(|st| st.ty == gherkin::StepType::Given);
            let checked = steps
                .iter()
                .flat_map(|st| crate::steps::checked_rules(&st.value));
            let implied = givens
                .flat_map(|st| crate::steps::implied_rules(&st.value))
                .chain(checked);
            for r in implied {
                let tag = format!("rule:{r}");
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            let skip = applicability::check(&tags, facts)
                .err()
                .or_else(|| needs.unmet(profile));
            // Faults are global, and an ICD call goes to any READY agent of the team: either
            // kind of scenario must run alone.
            let exclusive = needs.icd_number
                || tags
                    .iter()
                    .any(|t| t == "requires:fault_injection" || t == "exclusive");
            let mutates = tags.iter().any(|t| t == "mutates");
            scenarios.push(PlannedScenario {
                key: (path.clone(), s.position.line),
                feature: f.name.clone(),
                classname: classname(&path),
                name,
                tags,
                needs,
                skip,
                inconclusive: None,
                exclusive,
                mutates,
            });
        }
    }
    Plan { scenarios }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Deployment, Identity, Users};
    use crate::suite::features;

    fn profile(agents: usize) -> Profile {
        Profile::for_tests(Users {
            agents: (0..agents)
                .map(|i| Identity::for_tests(i.to_string()))
                .collect(),
            ..Users::default()
        })
    }

    const TEXT: &str = "@guide:12.5:p1\nFeature: F\n  @rule:a\n  Scenario: plain\n    Given the agent is READY\n\n  Scenario Outline: outline\n    Given the second agent is <s>\n\n    @deployment:UCCX\n    Examples: X\n      | s |\n      | READY |\n      | LOGOUT |\n";

    /// The plan of [`TEXT`], read from `path`, for a target of `deployment` and a profile
    /// with `agents` agents.
    fn plan_of(path: &str, deployment: Deployment, agents: usize) -> Plan {
        let f = features::parse(path, TEXT).expect("parse");
        let facts = TargetFacts {
            deployment: Some(deployment),
            ..Default::default()
        };
        build(&[f], &facts, &profile(agents))
    }

    #[test]
    fn names_are_unique_and_carry_example_values_and_tags_merge() {
        let plan = plan_of("features/user/x.feature", Deployment::Ucce, 2);
        let names: Vec<_> = plan.scenarios.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["plain", "outline [X: s=READY]", "outline [X: s=LOGOUT]"]
        );
        assert_eq!(plan.scenarios[0].classname, "user.x");
        // "Given the agent is READY" also checks the rule it relies on.
        assert_eq!(
            plan.scenarios[0].tags,
            ["guide:12.5:p1", "rule:a", "rule:user.not-ready-to-ready"]
        );
        assert_eq!(
            plan.scenarios[1].skip.as_deref(),
            Some("applies to UCCX only; the target is UCCE")
        );
        assert!(plan.scenarios[0].skip.is_none());
    }

    #[test]
    fn scenarios_needing_more_identities_than_the_profile_has_are_skipped() {
        let plan = plan_of("x.feature", Deployment::Uccx, 1);
        assert!(plan.scenarios[0].skip.is_none());
        assert!(
            plan.scenarios[1]
                .skip
                .as_deref()
                .is_some_and(|r| r.contains("needs 2 agents"))
        );
    }

    fn seven() -> Plan {
        let text: String = (0..7)
            .map(|i| {
                format!(
                    "  {}Scenario: s{i}\n    Given the agent is READY\n\n",
                    if i % 2 == 0 { "@mutates\n  " } else { "" }
                )
            })
            .collect();
        let f = features::parse("x.feature", &format!("Feature: F\n{text}")).expect("parse");
        build(&[f], &TargetFacts::default(), &profile(2))
    }

    #[test]
    fn shards_are_disjoint_complete_and_deterministic() {
        let names =
            |p: &Plan| -> Vec<String> { p.scenarios.iter().map(|s| s.name.clone()).collect() };
        let mut seen = Vec::new();
        for k in 1..=3 {
            let mut p = seven();
            p.shard(Shard { index: k, total: 3 });
            let mut again = seven();
            again.shard(Shard { index: k, total: 3 });
            assert_eq!(names(&p), names(&again));
            seen.extend(names(&p));
        }
        seen.sort();
        assert_eq!(seen, (0..7).map(|i| format!("s{i}")).collect::<Vec<_>>());
        assert_eq!("2/5".parse::<Shard>(), Ok(Shard { index: 2, total: 5 }));
        for bad in ["0/5", "6/5", "2", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn read_only_skips_the_mutating_scenarios_with_the_reason() {
        let mut p = seven();
        p.read_only();
        for s in &p.scenarios {
            assert_eq!(s.mutates, s.skip.is_some(), "{}", s.name);
        }
        assert!(
            p.scenarios[0]
                .skip
                .as_deref()
                .is_some_and(|r| r.contains("--readonly"))
        );
    }
}
