//! One result model for a run (design §5), below the runner, the report writers and the
//! self-check. Everything in it is already redacted where it came from the target (the
//! client redacts exchanges as it records them); writers redact free text again.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use std::sync::{Arc, Mutex};

use super::key::ScenarioKey;
use super::verdict;

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
    pub(crate) fn of(verdict: verdict::Verdict, step: Option<String>, message: String) -> Outcome {
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

pub(crate) use crate::finesse::client::{Entry, Exchange};

/// A scenario's exchanges and harness notes in order. `steps_end` counts the entries made by
/// the steps; the rest came from the cleanup after them.
#[derive(Debug, Clone, Default)]
pub struct Transcript {
    pub entries: Vec<Entry>,
    pub(crate) steps_end: usize,
}

impl Transcript {
    pub(crate) fn is_empty(&self) -> bool {
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
    pub(crate) keyword: String,
    pub(crate) text: String,
    pub(crate) line: usize,
    pub status: StepStatus,
    pub(crate) duration: Duration,
    pub(crate) error: Option<String>,
}

/// What the runner observed for one executed scenario.
#[derive(Debug, Clone, Default)]
pub struct Executed {
    pub outcome: Outcome,
    pub(crate) duration: Duration,
    pub(crate) transcript: Transcript,
    pub steps: Vec<StepResult>,
    /// Earlier attempts that failed (`--retry`), oldest first.
    pub(crate) earlier: Vec<Attempt>,
    /// Lab warnings: what the cleanup could not put back after the verdict was known.
    pub(crate) warnings: Vec<String>,
}

/// A failed attempt of a scenario that was retried.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub outcome: Outcome,
    pub(crate) duration: Duration,
    pub(crate) transcript: Transcript,
}

#[derive(Debug, Clone)]
pub struct ScenarioReport {
    pub(crate) key: ScenarioKey,
    pub classname: String,
    pub name: String,
    /// Tags as written, without `@` (scenario, rule and feature tags merged).
    pub tags: Vec<String>,
    pub outcome: Outcome,
    pub(crate) duration: Duration,
    pub transcript: Transcript,
    pub(crate) steps: Vec<StepResult>,
    /// Failed attempts before the final one; non-empty with a pass means flaky.
    pub earlier: Vec<Attempt>,
    /// Lab warnings from the cleanup; they never change the verdict.
    pub warnings: Vec<String>,
}

impl ScenarioReport {
    /// Passed only on a retry.
    pub(crate) fn flaky(&self) -> bool {
        self.outcome == Outcome::Passed && !self.earlier.is_empty()
    }

    /// Values of the tags that start with `prefix` (e.g. `guide:` or `rule:`).
    pub(crate) fn tag_values<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
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
    pub(crate) fn line(&self) -> usize {
        self.key.1
    }
}

#[derive(Debug, Clone)]
pub struct FeatureReport {
    pub path: String,
    pub(crate) name: String,
    pub scenarios: Vec<ScenarioReport>,
}

/// What was tested, and by what.
#[derive(Debug, Clone, Default)]
pub(crate) struct TargetSummary {
    pub(crate) profile: String,
    pub(crate) base_url: String,
    pub(crate) deployment: Option<String>,
    pub(crate) version: Option<String>,
    /// The target's SystemInfo body as read at the start (redacted), for evidence.
    pub(crate) system_info: Option<String>,
    /// `--shard K/N` when the run was one shard.
    pub(crate) shard: Option<String>,
}

/// The harness's own version, recorded in every report.
pub(crate) const HARNESS_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone)]
pub struct RunReport {
    pub(crate) target: TargetSummary,
    pub(crate) started: SystemTime,
    pub(crate) duration: Duration,
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

/// Transcripts handed over by the scenario's after-hook.
pub(crate) type Transcripts = Arc<Mutex<HashMap<ScenarioKey, Transcript>>>;
/// Results so far; shared so that a run cut short still reports what ran.
pub(crate) type Results = Arc<Mutex<HashMap<ScenarioKey, Executed>>>;
/// Lab warnings handed over by the scenario's after-hook (what it could not restore).
pub(crate) type Warnings = Arc<Mutex<HashMap<ScenarioKey, Vec<String>>>>;

/// The reason given for scenarios that a Ctrl-C or SIGTERM kept from running.
pub(crate) const INTERRUPTED: &str = "not run: the run was interrupted";
