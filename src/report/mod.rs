//! One result model for a run, and the writers that render it (design §5): JUnit, console.

pub mod console;
pub mod coverage;
pub mod junit;
pub mod writer;

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use crate::suite::plan::{Plan, ScenarioKey};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed {
        step: Option<String>,
        message: String,
    },
    Skipped {
        reason: String,
    },
}

/// What the runner observed for one executed scenario.
#[derive(Debug, Clone)]
pub struct Executed {
    pub outcome: Outcome,
    pub duration: Duration,
    pub transcript: String,
}

#[derive(Debug, Clone)]
pub struct ScenarioReport {
    pub key: ScenarioKey,
    pub classname: String,
    pub name: String,
    pub tags: Vec<String>,
    pub outcome: Outcome,
    pub duration: Duration,
    pub transcript: String,
}

#[derive(Debug, Clone)]
pub struct FeatureReport {
    pub path: String,
    pub name: String,
    pub scenarios: Vec<ScenarioReport>,
}

/// What was tested.
#[derive(Debug, Clone, Default)]
pub struct TargetSummary {
    pub profile: String,
    pub base_url: String,
    pub deployment: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RunReport {
    pub target: TargetSummary,
    pub started: SystemTime,
    pub duration: Duration,
    pub features: Vec<FeatureReport>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl RunReport {
    /// Joins the plan with what ran. An applicable scenario without a result failed with
    /// `missing` (e.g. the target was unreachable, or the run was interrupted).
    pub fn assemble(
        plan: &Plan,
        mut executed: HashMap<ScenarioKey, Executed>,
        missing: &str,
        target: TargetSummary,
        started: SystemTime,
        duration: Duration,
    ) -> RunReport {
        let mut features: Vec<FeatureReport> = Vec::new();
        for s in &plan.scenarios {
            let (outcome, duration, transcript) = match (&s.skip, executed.remove(&s.key)) {
                (Some(reason), _) => (
                    Outcome::Skipped {
                        reason: reason.clone(),
                    },
                    Duration::ZERO,
                    String::new(),
                ),
                (None, Some(e)) => (e.outcome, e.duration, e.transcript),
                (None, None) => (
                    Outcome::Failed {
                        step: None,
                        message: missing.to_string(),
                    },
                    Duration::ZERO,
                    String::new(),
                ),
            };
            let report = ScenarioReport {
                key: s.key.clone(),
                classname: s.classname.clone(),
                name: s.name.clone(),
                tags: s.tags.clone(),
                outcome,
                duration,
                transcript,
            };
            match features.iter_mut().find(|f| f.path == s.key.0) {
                Some(f) => f.scenarios.push(report),
                None => features.push(FeatureReport {
                    path: s.key.0.clone(),
                    name: s.feature.clone(),
                    scenarios: vec![report],
                }),
            }
        }
        RunReport {
            target,
            started,
            duration,
            features,
        }
    }

    pub fn scenarios(&self) -> impl Iterator<Item = &ScenarioReport> {
        self.features.iter().flat_map(|f| f.scenarios.iter())
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for s in self.scenarios() {
            match s.outcome {
                Outcome::Passed => c.passed += 1,
                Outcome::Failed { .. } => c.failed += 1,
                Outcome::Skipped { .. } => c.skipped += 1,
            }
        }
        c
    }
}
