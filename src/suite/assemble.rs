//! The run's report: the plan joined with what ran.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use super::plan::Plan;
use crate::domain::key::ScenarioKey;
use crate::domain::results::{
    Executed, FeatureReport, Outcome, RunReport, ScenarioReport, TargetSummary,
};

/// Joins the plan with what ran. An applicable scenario without a result gets `missing`
/// (failed when the target was unreachable, skipped when the run was interrupted).
pub(super) fn assemble(
    plan: &Plan,
    mut executed: HashMap<ScenarioKey, Executed>,
    missing: Outcome,
    target: TargetSummary,
    started: SystemTime,
    duration: Duration,
) -> RunReport {
    let mut features: Vec<FeatureReport> = Vec::new();
    for s in &plan.scenarios {
        let e = match (&s.skip, &s.inconclusive, executed.remove(&s.key)) {
            (Some(reason), _, _) => Executed {
                outcome: Outcome::Skipped {
                    reason: reason.clone(),
                },
                ..Executed::default()
            },
            // Ruled out by the preflight: never run.
            (None, Some(reason), _) => Executed {
                outcome: Outcome::Inconclusive {
                    step: None,
                    reason: reason.clone(),
                },
                ..Executed::default()
            },
            (None, None, Some(e)) => e,
            (None, None, None) => Executed {
                outcome: missing.clone(),
                ..Executed::default()
            },
        };
        let report = ScenarioReport {
            key: s.key.clone(),
            classname: s.classname.clone(),
            name: s.name.clone(),
            tags: s.tags.clone(),
            outcome: e.outcome,
            duration: e.duration,
            transcript: e.transcript,
            steps: e.steps,
            earlier: e.earlier,
            warnings: e.warnings,
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
