//! The suite proves that it can fail. The built-in features run against the embedded mock
//! once per deviation (each breaks one guide rule), every run on its own mock and port, all in
//! this process. A deviation is caught when its run fails and every failing scenario carries
//! the rule's `@rule:` tag; a scenario that no deviation fails is vacuous.

pub mod coverage;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use futures::StreamExt as _;

use crate::domain::results::{Outcome, RunReport, ScenarioReport};
use crate::domain::verdict;
use crate::profile::Deployment;
use crate::suite::{self, RunOptions};
use finesse_mock::{Deviation, Deviations, MockAuth, MockConfig};

/// A scenario, the same across deployments: (classname, name).
pub(crate) type ScenarioId = (String, String);

pub(crate) fn id(s: &ScenarioReport) -> ScenarioId {
    (s.classname.clone(), s.name.clone())
}

pub(crate) const DEPLOYMENTS: [Deployment; 2] = [Deployment::Ucce, Deployment::Uccx];

/// The releases the mock follows in the matrix: its default first, then the newest release
/// whose differences have scenarios (`@since:12.6`), so that their deviations are caught too.
pub(crate) const RELEASES: [&str; 2] = [finesse_mock::MOCK_VERSION, "12.6(2)"];

/// A deployment and the release the mock follows.
/// And how its users sign in: the Single Sign-On scenarios run only against the SSO mock,
/// so the matrix adds one SSO baseline (UCCE, default release), used for the deviations whose
/// rules have scenarios only there.
pub(crate) type Target = (Deployment, &'static str, MockAuth);

/// "UCCE", or "UCCE 12.6(2)" for a release other than the mock's default.
pub(crate) fn target_name((deployment, release, auth): Target) -> String {
    let name = if release == finesse_mock::MOCK_VERSION {
        deployment.to_string()
    } else {
        format!("{deployment} {release}")
    };
    if auth == MockAuth::Sso {
        format!("{name} SSO")
    } else {
        name
    }
}

pub struct Run {
    pub(crate) deviation: Option<Deviation>,
    pub(crate) target: Target,
    pub(crate) report: RunReport,
}

impl Run {
    /// The scenarios of the run that `keep` keeps.
    fn scenarios(&self, keep: impl Fn(&ScenarioReport) -> bool) -> BTreeSet<ScenarioId> {
        self.report
            .scenarios()
            .filter(|s| keep(s))
            .map(id)
            .collect()
    }

    pub(crate) fn failing(&self) -> BTreeSet<ScenarioId> {
        self.scenarios(|s| s.outcome.is_failed())
    }

    /// Scenarios that ran (were not skipped) and carry `@rule:<rule>`.
    pub(crate) fn tagged(&self, rule: &str) -> BTreeSet<ScenarioId> {
        let tag = format!("rule:{rule}");
        self.scenarios(|s| !matches!(s.outcome, Outcome::Skipped { .. }) && s.tags.contains(&tag))
    }

    /// Scenarios that could not reach what they test (inconclusive) or broke (error).
    pub(crate) fn unchecked(&self) -> BTreeSet<ScenarioId> {
        self.scenarios(|s| {
            matches!(
                s.outcome.verdict(),
                Some(verdict::Verdict::Inconclusive | verdict::Verdict::Error)
            )
        })
    }

    /// Every scenario that did not pass, with its verdict, step and message.
    pub(crate) fn failure_messages(&self) -> Vec<String> {
        self.report
            .scenarios()
            .filter_map(|s| {
                let (step, message) = s.outcome.problem()?;
                Some(format!(
                    "{} › {} [{}] at {}: {message}",
                    s.classname,
                    s.name,
                    s.outcome
                        .verdict()
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                    step.unwrap_or("(hook)")
                ))
            })
            .collect()
    }
}

/// What one deviation's run(s) showed.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub deviation: Deviation,
    pub(crate) target: Target,
    /// Failing scenarios that do not carry the rule's tag: the failure points elsewhere.
    pub stray: BTreeSet<ScenarioId>,
    /// Scenarios tagged with the rule that still passed.
    pub(crate) missed: BTreeSet<ScenarioId>,
    pub failed: usize,
    /// Step and message of each stray failure, for the report.
    pub(crate) stray_failures: Vec<String>,
    /// Scenarios the deviation left inconclusive or errored: they could not check anything.
    pub(crate) unchecked: usize,
}

impl Verdict {
    /// Where it ran: "UCCE", or "UCCE 12.6(2)" in a release other than the mock's default.
    pub fn target(&self) -> String {
        target_name(self.target)
    }

    pub(crate) fn caught(&self) -> bool {
        self.failed > 0 && self.stray.is_empty()
    }
}

pub struct Matrix {
    /// The suite without deviations, per deployment.
    pub baselines: Vec<Run>,
    pub runs: Vec<Run>,
    pub elapsed: Duration,
}

async fn run_one(deviation: Option<Deviation>, (deployment, release, auth): Target) -> Run {
    // A deviation often means waiting out a deadline; the mock answers in milliseconds, so a
    // short one keeps the matrix fast while leaving room for a loaded machine.
    let cfg = MockConfig {
        deployment: Some(deployment),
        deviations: deviation.into_iter().collect::<Deviations>(),
        outcome_deadline: Duration::from_millis(2500),
        version: release.to_string(),
        auth,
        ..MockConfig::default()
    };
    let opts = RunOptions {
        transcripts: false,
        ..RunOptions::embedded(cfg)
    };
    let report = match suite::run(opts).await {
        Ok(o) => o.report,
        // Setup errors (features that do not parse) are the same for every run; an empty
        // report makes every check below fail loudly.
        Err(e) => RunReport {
            target: Default::default(),
            started: std::time::SystemTime::now(),
            duration: Duration::ZERO,
            features: vec![crate::domain::results::FeatureReport {
                path: "setup".into(),
                name: "setup".into(),
                scenarios: vec![ScenarioReport {
                    key: ("setup".into(), 0),
                    classname: "setup".into(),
                    name: "the suite could not start".into(),
                    tags: Vec::new(),
                    outcome: Outcome::Failed {
                        step: None,
                        message: e.to_string(),
                    },
                    duration: Duration::ZERO,
                    transcript: Default::default(),
                    steps: Vec::new(),
                    earlier: Vec::new(),
                    warnings: Vec::new(),
                }],
            }],
        },
    };
    Run {
        deviation,
        target: (deployment, release, auth),
        report,
    }
}

/// Runs the baselines (each deployment in each release of [`RELEASES`]), then every deviation
/// in each deployment where its rule has scenarios: in the default release, and in a later
/// one only where that release runs scenarios of the rule the default does not (UCCE when it
/// has none anywhere, so that it is reported as not caught), `parallel` at a time.
pub async fn run(parallel: usize) -> Matrix {
    let start = Instant::now();
    let mut targets: Vec<Target> = DEPLOYMENTS
        .iter()
        .flat_map(|d| RELEASES.iter().map(move |r| (*d, *r, MockAuth::Basic)))
        .collect();
    // Last, so that a rule with scenarios elsewhere is never run against it.
    targets.push((Deployment::Ucce, RELEASES[0], MockAuth::Sso));
    let baselines = run_all(targets.iter().map(|t| (None, *t)).collect(), parallel).await;
    let mut cases = Vec::new();
    for d in Deviation::ALL.iter().copied() {
        let mut chosen: Vec<Target> = Vec::new();
        for dep in DEPLOYMENTS {
            let mut seen: BTreeSet<ScenarioId> = BTreeSet::new();
            for b in baselines.iter().filter(|b| b.target.0 == dep) {
                let tagged = b.tagged(d.rule());
                if !tagged.is_subset(&seen) {
                    chosen.push(b.target);
                    seen.extend(tagged);
                }
            }
        }
        if chosen.is_empty() {
            chosen.push((Deployment::Ucce, RELEASES[0], MockAuth::Basic));
        }
        cases.extend(chosen.into_iter().map(|t| (Some(d), t)));
    }
    let runs = run_all(cases, parallel).await;
    // cucumber swaps the panic hook while it runs; concurrent runs can leave its silent one.
    let _ = std::panic::take_hook();
    Matrix {
        baselines,
        runs,
        elapsed: start.elapsed(),
    }
}

/// Runs the cases on one OS thread per core, each with a single-threaded runtime and
/// `parallel` runs in flight. The matrix is CPU-bound, and a single-threaded runtime spends
/// about a third less CPU per request than a work-stealing one (no cross-thread wake-ups).
async fn run_all(cases: Vec<(Option<Deviation>, Target)>, parallel: usize) -> Vec<Run> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
        .min(cases.len().max(1));
    let mut shares: Vec<Vec<(Option<Deviation>, Target)>> = vec![Vec::new(); threads];
    for (i, case) in cases.into_iter().enumerate() {
        shares[i % threads].push(case);
    }
    let per_thread = parallel.div_ceil(threads).max(1);
    let handles: Vec<std::thread::JoinHandle<Vec<Run>>> = shares
        .into_iter()
        .map(|share| {
            std::thread::spawn(move || {
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(_) => return Vec::new(),
                };
                rt.block_on(
                    futures::stream::iter(share)
                        .map(|(d, dep)| run_one(d, dep))
                        .buffer_unordered(per_thread)
                        .collect::<Vec<Run>>(),
                )
            })
        })
        .collect();
    let joined = tokio::task::spawn_blocking(move || {
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect::<Vec<Run>>()
    })
    .await;
    joined.unwrap_or_default()
}

impl Matrix {
    pub fn verdicts(&self) -> Vec<Verdict> {
        let mut v: Vec<Verdict> = self
            .runs
            .iter()
            .filter_map(|r| {
                let deviation = r.deviation?;
                let failing = r.failing();
                let tagged = r.tagged(deviation.rule());
                let stray: BTreeSet<ScenarioId> = failing.difference(&tagged).cloned().collect();
                let stray_failures = r
                    .report
                    .scenarios()
                    .filter(|s| stray.contains(&id(s)))
                    .filter_map(|s| match &s.outcome {
                        Outcome::Failed { step, message } => Some(format!(
                            "{} › {} at {}: {message}",
                            s.classname,
                            s.name,
                            step.as_deref().unwrap_or("(hook)")
                        )),
                        _ => None,
                    })
                    .collect();
                Some(Verdict {
                    deviation,
                    target: r.target,
                    stray_failures,
                    stray,
                    missed: tagged.difference(&failing).cloned().collect(),
                    failed: failing.len(),
                    unchecked: r.unchecked().len(),
                })
            })
            .collect();
        v.sort_by_key(|x| (x.deviation, x.target.0 == Deployment::Uccx, x.target.1));
        v
    }

    /// Caught when every one of its runs fails, and only in scenarios tagged with its rule.
    pub(crate) fn caught(&self, d: Deviation) -> bool {
        let v: Vec<Verdict> = self
            .verdicts()
            .into_iter()
            .filter(|v| v.deviation == d)
            .collect();
        !v.is_empty() && v.iter().all(Verdict::caught)
    }

    /// Every scenario that ran in a baseline.
    pub(crate) fn scenarios(&self) -> BTreeSet<ScenarioId> {
        self.baselines
            .iter()
            .flat_map(|b| {
                b.report
                    .scenarios()
                    .filter(|s| !matches!(s.outcome, Outcome::Skipped { .. }))
                    .map(id)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Scenarios that some deviation fails.
    pub(crate) fn failable(&self) -> BTreeSet<ScenarioId> {
        self.runs.iter().flat_map(|r| r.failing()).collect()
    }

    /// Scenarios that nothing can fail: vacuous, or their rule lacks a deviation.
    pub(crate) fn vacuous(&self) -> BTreeSet<ScenarioId> {
        let failable = self.failable();
        self.scenarios()
            .into_iter()
            .filter(|s| !failable.contains(s))
            .collect()
    }

    /// Anything but a pass or a skip without any deviation (fail, inconclusive or error): the
    /// suite or the mock is broken.
    pub fn baseline_failures(&self) -> Vec<String> {
        self.baselines
            .iter()
            .flat_map(|b| {
                b.failure_messages()
                    .into_iter()
                    .map(move |m| format!("{}: {m}", target_name(b.target)))
            })
            .collect()
    }
}
