//! A cucumber [`Writer`] that turns runner events into [`Executed`] results, keyed like the
//! plan. It also prints one line per finished scenario when asked to.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use cucumber::event::{self, HookType, Scenario as ScenarioEvent, Step as StepEvent, StepError};
use cucumber::{Event, Writer, cli, gherkin, parser, writer};

use crate::domain::key::{ScenarioKey, key_of};
use crate::domain::results::{
    Executed, INTERRUPTED, Outcome, Results, StepResult, StepStatus, Transcripts, Warnings,
};
use crate::domain::verdict::{self, Cause, Phase};
use crate::redact::Redactor;
use crate::report::console;

pub struct ResultWriter {
    pub(crate) results: Results,
    pub(crate) transcripts: Transcripts,
    pub(crate) warnings: Warnings,
    pub(crate) names: HashMap<ScenarioKey, String>,
    pub(crate) print: bool,
    pub(crate) redactor: Arc<Redactor>,
    verbose: bool,
    running: HashMap<ScenarioKey, Running>,
    on_feature_done: Option<Arc<dyn Fn() + Send + Sync>>,
}

/// A scenario in progress.
struct Running {
    started: Instant,
    outcome: Option<Outcome>,
    steps: Vec<StepResult>,
    step_started: Instant,
}

impl ResultWriter {
    pub fn new(
        results: Results,
        (transcripts, warnings): (Transcripts, Warnings),
        names: HashMap<ScenarioKey, String>,
        print: bool,
        redactor: Arc<Redactor>,
    ) -> Self {
        ResultWriter {
            results,
            transcripts,
            warnings,
            names,
            print,
            redactor,
            verbose: false,
            running: HashMap::new(),
            on_feature_done: None,
        }
    }

    /// Called whenever a feature finishes (the runner rewrites the reports there, so that an
    /// interrupted run still leaves them covering what ran).
    pub(crate) fn on_feature_done(mut self, f: Arc<dyn Fn() + Send + Sync>) -> Self {
        self.on_feature_done = Some(f);
        self
    }

    /// Also print each scenario's transcript.
    pub(crate) fn verbose(mut self, on: bool) -> Self {
        self.verbose = on;
        self
    }

    /// Records the scenario's first failure with its verdict (see domain::verdict).
    fn fail(&mut self, key: &ScenarioKey, phase: Phase, step: Option<String>, message: &str) {
        let (cause, text) = verdict::untag(message);
        let verdict = verdict::classify(phase, cause);
        let text = verdict::strip(text);
        if let Some(r) = self.running.get_mut(key)
            && r.outcome.is_none()
        {
            r.outcome = Some(Outcome::of(verdict, step, text));
        }
    }

    fn on_scenario<W>(
        &mut self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        ev: &ScenarioEvent<W>,
    ) {
        let key = key_of(feature, scenario);
        match ev {
            ScenarioEvent::Started => {
                let now = Instant::now();
                self.running.insert(
                    key,
                    Running {
                        started: now,
                        outcome: None,
                        steps: Vec::new(),
                        step_started: now,
                    },
                );
            }
            ScenarioEvent::Step(step, e) | ScenarioEvent::Background(step, e) => {
                let text = format!("{}{}", step.keyword, step.value);
                let phase = match step.ty {
                    gherkin::StepType::Given => Phase::Given,
                    gherkin::StepType::When => Phase::When,
                    gherkin::StepType::Then => Phase::Then,
                };
                let (status, error) = match e {
                    StepEvent::Started => {
                        if let Some(r) = self.running.get_mut(&key) {
                            r.step_started = Instant::now();
                        }
                        return;
                    }
                    StepEvent::Passed(..) => (StepStatus::Passed, None),
                    StepEvent::Failed(_, _, _, err) => {
                        let (status, message) = step_error(err);
                        self.fail(&key, phase, Some(text), &message);
                        (status, Some(clean(&message)))
                    }
                    // The runner skips a step only when no definition matches it; the harness
                    // is strict about that (an undefined step never passes silently). It is a
                    // fault of the feature file, not of Finesse: an error.
                    StepEvent::Skipped => {
                        let message = verdict::tag(
                            Cause::Infrastructure,
                            &format!("no step definition matches \"{}\"", step.value),
                        );
                        self.fail(&key, phase, Some(text), &message);
                        (StepStatus::Undefined, Some(clean(&message)))
                    }
                };
                if let Some(r) = self.running.get_mut(&key) {
                    r.steps.push(StepResult {
                        keyword: step.keyword.trim().to_string(),
                        text: step.value.clone(),
                        line: step.position.line,
                        status,
                        duration: r.step_started.elapsed(),
                        error,
                    });
                }
            }
            ScenarioEvent::Hook(which, event::Hook::Failed(_, info)) => {
                let what = match which {
                    HookType::Before => "setup (before the first step)",
                    // The cleanup reports what it could not restore as warnings; a panic in
                    // it is a harness bug.
                    HookType::After => "cleanup (after the last step)",
                };
                let raw = panic_text(info);
                let (cause, text) = verdict::untag(&raw);
                let cause = match which {
                    HookType::Before => cause,
                    HookType::After => Some(Cause::Infrastructure),
                };
                let message = format!("{what} failed: {text}");
                let message = match cause {
                    Some(c) => verdict::tag(c, &message),
                    None => message,
                };
                self.fail(&key, Phase::Setup, None, &message);
            }
            ScenarioEvent::Finished => {
                let Some(run) = self.running.remove(&key) else {
                    return;
                };
                let mut steps = run.steps;
                // Steps after a failure never ran: list them as skipped.
                let ran: Vec<usize> = steps.iter().map(|s| s.line).collect();
                for st in scenario
                    .steps
                    .iter()
                    .filter(|st| !ran.contains(&st.position.line))
                {
                    steps.push(StepResult {
                        keyword: st.keyword.trim().to_string(),
                        text: st.value.clone(),
                        line: st.position.line,
                        status: StepStatus::Skipped,
                        duration: std::time::Duration::ZERO,
                        error: None,
                    });
                }
                let start = run.started;
                let outcome = match run.outcome {
                    // Refused at setup because the run is stopping: it did not run, so it is
                    // skipped, here and in the summary, not a failure.
                    Some(o) if o.problem().is_some_and(|(_, m)| m.contains(INTERRUPTED)) => {
                        Outcome::Skipped {
                            reason: INTERRUPTED.into(),
                        }
                    }
                    o => o.unwrap_or(Outcome::Passed),
                };
                let transcript = self
                    .transcripts
                    .lock()
                    .map(|mut t| t.remove(&key).unwrap_or_default())
                    .unwrap_or_default();
                let warnings = self
                    .warnings
                    .lock()
                    .map(|mut t| t.remove(&key).unwrap_or_default())
                    .unwrap_or_default();
                let duration = start.elapsed();
                if self.print {
                    let name = self
                        .names
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| scenario.name.clone());
                    let outcome = match outcome.clone() {
                        Outcome::Failed { step, message } => Outcome::Failed {
                            step,
                            message: self.redactor.redact(&message),
                        },
                        Outcome::Error { step, message } => Outcome::Error {
                            step,
                            message: self.redactor.redact(&message),
                        },
                        Outcome::Inconclusive { step, reason } => Outcome::Inconclusive {
                            step,
                            reason: self.redactor.redact(&reason),
                        },
                        o => o,
                    };
                    crate::outln!(
                        "{}",
                        console::scenario_line(
                            &key.0,
                            &name,
                            &outcome,
                            duration.as_secs_f64() * 1000.0
                        )
                    );
                    for w in &warnings {
                        crate::outln!("          lab warning: {}", self.redactor.redact(w));
                    }
                    if self.verbose && !transcript.is_empty() {
                        for line in self.redactor.redact(&transcript.render()).lines() {
                            crate::outln!("          | {line}");
                        }
                    }
                }
                if let Ok(mut r) = self.results.lock() {
                    r.insert(
                        key,
                        Executed {
                            outcome,
                            duration,
                            transcript,
                            steps,
                            earlier: Vec::new(),
                            warnings,
                        },
                    );
                }
            }
            _ => {}
        }
    }
}

fn panic_text(info: &event::Info) -> String {
    info.downcast_ref::<String>()
        .cloned()
        .or_else(|| info.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".into())
}

/// A message as reports show it: without the verdict marker.
fn clean(message: &str) -> String {
    verdict::strip(message)
}

/// The step's status and its error text. A step that no definition or more than one
/// definition matches is the feature file's fault, like an undefined step: an error.
fn step_error(err: &StepError) -> (StepStatus, String) {
    match err {
        StepError::NotFound => (
            StepStatus::Undefined,
            verdict::tag(
                Cause::Infrastructure,
                "no step definition matches this step",
            ),
        ),
        StepError::AmbiguousMatch(e) => (
            StepStatus::Ambiguous,
            verdict::tag(
                Cause::Infrastructure,
                &format!("more than one step definition matches this step: {e}"),
            ),
        ),
        StepError::Panic(info) => (StepStatus::Failed, panic_text(info)),
    }
}

impl<W: 'static> Writer<W> for ResultWriter {
    type Cli = cli::Empty;

    async fn handle_event(&mut self, ev: parser::Result<Event<event::Cucumber<W>>>, _: &Self::Cli) {
        let Ok(ev) = ev else { return };
        if let event::Cucumber::Feature(f, fe) = ev.value {
            match fe {
                event::Feature::Scenario(s, e) => self.on_scenario(&f, &s, &e.event),
                event::Feature::Rule(_, event::Rule::Scenario(s, e)) => {
                    self.on_scenario(&f, &s, &e.event)
                }
                event::Feature::Finished => {
                    if let Some(done) = &self.on_feature_done {
                        done();
                    }
                }
                _ => {}
            }
        }
    }
}

/// Results are keyed, not ordered, so events may arrive as they happen.
impl writer::Normalized for ResultWriter {}
