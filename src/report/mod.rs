//! One result model for a run, and the writers that render it (design §5): JUnit, console.
//! Everything in it is already redacted where it came from the target (the client redacts
//! exchanges as it records them); writers redact free text again before writing.

pub mod console;
pub mod coverage;
pub mod cucumber_json;
pub(crate) mod diff;
pub mod evidence;
pub mod files;
pub mod html;
pub mod incomplete;
pub mod junit;
pub mod verdict;
pub mod writer;

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use crate::suite::plan::{Plan, ScenarioKey};

/// A scenario's result: the four conformance verdicts (see [`verdict`]), or skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Outcome {
    #[default]
    Passed,
    /// fail: a `Then` step found Finesse doing what the guide forbids. Only this is a finding.
    Failed {
        step: Option<String>,
        message: String,
    },
    /// inconclusive: the scenario never reached the situation it tests (a precondition failed).
    Inconclusive {
        step: Option<String>,
        reason: String,
    },
    /// error: the harness or the target's infrastructure broke (unreachable, timeout, TLS, bug).
    Error {
        step: Option<String>,
        message: String,
    },
    Skipped {
        reason: String,
    },
}

impl Outcome {
    /// The verdict of a scenario that did not pass; None for passed and skipped.
    pub fn verdict(&self) -> Option<verdict::Verdict> {
        match self {
            Outcome::Failed { .. } => Some(verdict::Verdict::Fail),
            Outcome::Inconclusive { .. } => Some(verdict::Verdict::Inconclusive),
            Outcome::Error { .. } => Some(verdict::Verdict::Error),
            Outcome::Passed | Outcome::Skipped { .. } => None,
        }
    }

    /// The failing step and the message of a fail, inconclusive or error.
    pub fn problem(&self) -> Option<(Option<&str>, &str)> {
        match self {
            Outcome::Failed { step, message }
            | Outcome::Error { step, message }
            | Outcome::Inconclusive {
                step,
                reason: message,
            } => Some((step.as_deref(), message.as_str())),
            Outcome::Passed | Outcome::Skipped { .. } => None,
        }
    }

    /// An outcome of `verdict` at `step` with `message`.
    pub fn of(verdict: verdict::Verdict, step: Option<String>, message: String) -> Outcome {
        match verdict {
            verdict::Verdict::Fail => Outcome::Failed { step, message },
            verdict::Verdict::Inconclusive => Outcome::Inconclusive {
                step,
                reason: message,
            },
            verdict::Verdict::Error => Outcome::Error { step, message },
        }
    }

    pub fn is_failed(&self) -> bool {
        matches!(self, Outcome::Failed { .. })
    }
}

pub use crate::finesse::client::{Entry, Exchange};

/// A scenario's exchanges and harness notes in order. `steps_end` counts the entries made by
/// the steps; the rest came from the cleanup after them.
#[derive(Debug, Clone, Default)]
pub struct Transcript {
    pub entries: Vec<Entry>,
    pub steps_end: usize,
}

impl Transcript {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The readable text form (JUnit system-out, `-v`).
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (i, e) in self.entries.iter().enumerate() {
            if i == self.steps_end && i > 0 {
                out.push_str("--- cleanup\n");
            }
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&e.render());
        }
        out
    }

    /// The last HTTP exchange a step made: the request a failed step was checking.
    pub fn last_step_exchange(&self) -> Option<&Exchange> {
        let end = self.steps_end.min(self.entries.len());
        self.entries[..end].iter().rev().find_map(|e| match e {
            Entry::Http(x) => Some(x),
            Entry::Note { .. } => None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Passed,
    Failed,
    /// Not reached because an earlier step failed.
    Skipped,
    /// No step definition matches the step (the feature file's fault: an error).
    Undefined,
    /// More than one step definition matches the step (the feature file's fault: an error).
    Ambiguous,
}

/// One step as it ran (Cucumber JSON needs them).
#[derive(Debug, Clone)]
pub struct StepResult {
    pub keyword: String,
    pub text: String,
    pub line: usize,
    pub status: StepStatus,
    pub duration: Duration,
    pub error: Option<String>,
}

/// What the runner observed for one executed scenario.
#[derive(Debug, Clone, Default)]
pub struct Executed {
    pub outcome: Outcome,
    pub duration: Duration,
    pub transcript: Transcript,
    pub steps: Vec<StepResult>,
    /// Earlier attempts that failed (`--retry`), oldest first.
    pub earlier: Vec<Attempt>,
    /// Lab warnings: what the cleanup could not put back after the verdict was known.
    pub warnings: Vec<String>,
}

/// A failed attempt of a scenario that was retried.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub outcome: Outcome,
    pub duration: Duration,
    pub transcript: Transcript,
}

#[derive(Debug, Clone)]
pub struct ScenarioReport {
    pub key: ScenarioKey,
    pub classname: String,
    pub name: String,
    /// Tags as written, without `@` (scenario, rule and feature tags merged).
    pub tags: Vec<String>,
    pub outcome: Outcome,
    pub duration: Duration,
    pub transcript: Transcript,
    pub steps: Vec<StepResult>,
    /// Failed attempts before the final one; non-empty with a pass means flaky.
    pub earlier: Vec<Attempt>,
    /// Lab warnings from the cleanup; they never change the verdict.
    pub warnings: Vec<String>,
}

impl ScenarioReport {
    /// Passed only on a retry.
    pub fn flaky(&self) -> bool {
        self.outcome == Outcome::Passed && !self.earlier.is_empty()
    }

    /// Values of the tags that start with `prefix` (e.g. `guide:` or `rule:`).
    pub fn tag_values<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.tags
            .iter()
            .filter_map(move |t| t.trim_start_matches('@').strip_prefix(prefix))
    }

    /// The guide citation, e.g. "12.5 p171" (from `@guide:12.5:p171` tags).
    pub fn citation(&self) -> String {
        self.tag_values("guide:")
            .map(|g| g.replacen(':', " ", 1))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The feature file line of the scenario (or Examples row).
    pub fn line(&self) -> usize {
        self.key.1
    }
}

#[derive(Debug, Clone)]
pub struct FeatureReport {
    pub path: String,
    pub name: String,
    pub scenarios: Vec<ScenarioReport>,
}

/// What was tested, and by what.
#[derive(Debug, Clone, Default)]
pub struct TargetSummary {
    pub profile: String,
    pub base_url: String,
    pub deployment: Option<String>,
    pub version: Option<String>,
    /// The target's SystemInfo body as read at the start (redacted), for evidence.
    pub system_info: Option<String>,
    /// `--shard K/N` when the run was one shard.
    pub shard: Option<String>,
}

/// The harness's own version, recorded in every report.
pub const HARNESS_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone)]
pub struct RunReport {
    pub target: TargetSummary,
    pub started: SystemTime,
    pub duration: Duration,
    pub features: Vec<FeatureReport>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Includes the flaky ones.
    pub passed: usize,
    pub failed: usize,
    pub inconclusive: usize,
    pub errors: usize,
    pub skipped: usize,
    /// Passed only on a retry (also counted in `passed`).
    pub flaky: usize,
    /// Scenarios with a lab warning (a cleanup that could not restore something).
    pub warned: usize,
}

impl RunReport {
    /// Joins the plan with what ran. An applicable scenario without a result gets `missing`
    /// (failed when the target was unreachable, skipped when the run was interrupted).
    pub fn assemble(
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

    pub fn scenarios(&self) -> impl Iterator<Item = &ScenarioReport> {
        self.features.iter().flat_map(|f| f.scenarios.iter())
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for s in self.scenarios() {
            if s.flaky() {
                c.flaky += 1;
            }
            if !s.warnings.is_empty() {
                c.warned += 1;
            }
            match s.outcome {
                Outcome::Passed => c.passed += 1,
                Outcome::Failed { .. } => c.failed += 1,
                Outcome::Inconclusive { .. } => c.inconclusive += 1,
                Outcome::Error { .. } => c.errors += 1,
                Outcome::Skipped { .. } => c.skipped += 1,
            }
        }
        c
    }
}
