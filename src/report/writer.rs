//! A cucumber [`Writer`] that turns runner events into [`Executed`] results, keyed like the
//! plan. It also prints one line per finished scenario when asked to.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use cucumber::event::{self, HookType, Scenario as ScenarioEvent, Step as StepEvent, StepError};
use cucumber::{Event, Writer, cli, gherkin, parser, writer};

use super::{Executed, Outcome, console};
use crate::redact::Redactor;
use crate::suite::plan::{ScenarioKey, key_of};

/// Transcripts handed over by the scenario's after-hook.
pub type Transcripts = Arc<Mutex<HashMap<ScenarioKey, String>>>;
/// Results so far; shared so that a run cut short still reports what ran.
pub type Results = Arc<Mutex<HashMap<ScenarioKey, Executed>>>;

pub struct ResultWriter {
    pub results: Results,
    pub transcripts: Transcripts,
    pub names: HashMap<ScenarioKey, String>,
    pub print: bool,
    pub redactor: Arc<Redactor>,
    verbose: bool,
    running: HashMap<ScenarioKey, (Instant, Option<Outcome>)>,
}

impl ResultWriter {
    pub fn new(
        results: Results,
        transcripts: Transcripts,
        names: HashMap<ScenarioKey, String>,
        print: bool,
        redactor: Arc<Redactor>,
    ) -> Self {
        ResultWriter {
            results,
            transcripts,
            names,
            print,
            redactor,
            verbose: false,
            running: HashMap::new(),
        }
    }

    /// Also print each scenario's transcript.
    pub fn verbose(mut self, on: bool) -> Self {
        self.verbose = on;
        self
    }

    fn fail(&mut self, key: &ScenarioKey, step: Option<String>, message: String) {
        if let Some((_, outcome)) = self.running.get_mut(key)
            && outcome.is_none()
        {
            *outcome = Some(Outcome::Failed { step, message });
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
                self.running.insert(key, (Instant::now(), None));
            }
            ScenarioEvent::Step(step, e) | ScenarioEvent::Background(step, e) => {
                let text = format!("{}{}", step.keyword, step.value);
                match e {
                    StepEvent::Failed(_, _, _, err) => self.fail(&key, Some(text), step_error(err)),
                    // The runner skips a step only when no definition matches it; the harness
                    // is strict about that (an undefined step never passes silently).
                    StepEvent::Skipped => self.fail(
                        &key,
                        Some(text.clone()),
                        format!("no step definition matches \"{}\"", step.value),
                    ),
                    _ => {}
                }
            }
            ScenarioEvent::Hook(which, event::Hook::Failed(_, info)) => {
                let what = match which {
                    HookType::Before => "setup (before the first step)",
                    HookType::After => "cleanup (after the last step)",
                };
                self.fail(&key, None, format!("{what} failed: {}", panic_text(info)));
            }
            ScenarioEvent::Finished => {
                let (start, outcome) = self.running.remove(&key).unwrap_or((Instant::now(), None));
                let outcome = outcome.unwrap_or(Outcome::Passed);
                let transcript = self
                    .transcripts
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
                    if self.verbose && !transcript.is_empty() {
                        for line in self.redactor.redact(&transcript).lines() {
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

fn step_error(err: &StepError) -> String {
    match err {
        StepError::NotFound => "no step definition matches this step".into(),
        StepError::AmbiguousMatch(e) => {
            format!("more than one step definition matches this step: {e}")
        }
        StepError::Panic(info) => panic_text(info),
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
                _ => {}
            }
        }
    }
}

/// Results are keyed, not ordered, so events may arrive as they happen.
impl writer::Normalized for ResultWriter {}
