//! Running the planned scenarios through cucumber: the two phases (exclusive and shared),
//! retries, interruption, and the reports written while the run goes on and at its end.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

use cucumber::{World as _, gherkin};
use futures::FutureExt as _;

use super::collector::ResultWriter;
use super::outputs::Outputs;
use super::plan::{self, Plan, ScenarioKey};
use super::{Prepared, RunError, RunOptions, RunOutcome, prepare};
use crate::doctor;
use crate::domain::exit;
use crate::domain::results::{Attempt, Executed, Outcome, RunReport, TargetSummary};
use crate::domain::results::{Results, Transcripts, Warnings};
use crate::finesse::FinesseClient;
use crate::mock_profile::MockProfile as _;
use crate::profile::Deployment;
use crate::report::{console, incomplete};
use crate::scenario::context::{INTERRUPTED, RunContext};
use crate::steps::{self, FinesseWorld};
use finesse_mock::MockServer;

/// Runs the suite. Errors are setup problems (exit 2); everything else is in the outcome.
pub async fn run(opts: RunOptions) -> Result<RunOutcome, RunError> {
    // Before anything else: a report that cannot be written must not hide a run's findings.
    opts.reports.check().map_err(RunError)?;
    let started = SystemTime::now();
    let clock = Instant::now();
    let Prepared {
        features,
        mock,
        twin,
        profile,
        redactor,
        client,
        probe,
        mut plan,
    } = prepare(opts.target, opts.builtin_features, &opts.feature_dirs).await?;
    // The doctor's checks first, against a lab only: the embedded mock's profile is made from
    // the mock itself. Scenarios they rule out are reported inconclusive, not run.
    let preflight = match (&mock, &probe.unreachable) {
        (None, None) if opts.preflight => {
            Some(doctor::check_with(&client, &profile, Default::default()).await)
        }
        _ => None,
    };
    if let Some(r) = &preflight {
        doctor::preflight::mark(&mut plan.scenarios, &r.findings, &profile);
    }
    if opts.readonly {
        plan.read_only();
    }
    if let Some(shard) = opts.shard {
        plan.shard(shard);
    }
    // Before "Running": from then on a Ctrl-C stops the run cleanly.
    let interrupts = opts.handle_signals.then(Interrupts::listen);
    let plan = Arc::new(plan);
    if opts.print
        && let Some(r) = &preflight
    {
        crate::out!(
            "{}",
            doctor::preflight::console(r, &plan.scenarios, &redactor)
        );
    }
    if opts.print {
        let dep = probe
            .facts
            .deployment
            .map(|d| d.to_string())
            .unwrap_or_else(|| "unknown deployment".into());
        let shard = opts
            .shard
            .map(|s| format!(", shard {s}"))
            .unwrap_or_default();
        crate::outln!(
            "Running {} scenarios against {} ({}, {dep}{shard})",
            plan.applicable().count(),
            profile.name,
            redactor.redact(&profile.base_url)
        );
    }
    let target = TargetSummary {
        profile: profile.name.clone(),
        base_url: redactor.redact(&profile.base_url),
        deployment: probe.facts.deployment.map(|d| d.to_string()),
        version: probe.facts.version.clone(),
        system_info: probe.system_info.clone(),
        shard: opts.shard.map(|s| s.to_string()),
    };
    let outputs = Arc::new(Outputs::new(&opts.reports, redactor.clone()));
    let results: Results = Arc::new(Mutex::new(HashMap::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let finish = |results: HashMap<ScenarioKey, Executed>,
                  missing: Outcome,
                  unreachable: Option<String>|
     -> Result<RunOutcome, RunError> {
        let interrupted = stop.load(Ordering::SeqCst);
        let report = super::assemble::assemble(
            &plan,
            settle_interrupted(results),
            missing,
            target.clone(),
            started,
            clock.elapsed(),
        );
        let incomplete = interrupted.then(|| incomplete::interrupted(not_run(&report)));
        let report_errors = outputs.write_final(&report, incomplete.as_deref());
        if opts.print {
            crate::out!("{}", console::summary(&report, &redactor));
            if let Some(why) = &incomplete {
                crate::outln!("Run did not complete: {why}");
            }
            outputs.print_paths(&report, &report_errors);
        }
        // After the summary: the run's findings are never hidden by a report that failed.
        for e in &report_errors {
            eprintln!("error: {}", redactor.redact(&e.message));
        }
        let exit_code = if interrupted {
            exit::INTERRUPTED
        } else if unreachable.is_some() {
            exit::UNREACHABLE
        } else {
            exit::of_counts(&report.counts())
        };
        Ok(RunOutcome {
            report,
            exit_code,
            unreachable,
        })
    };
    // A target whose every answer stopped during the preflight (a hung application server
    // behind a front end that serves SystemInfo) is unreachable: nothing would run.
    let gone = client.health().down().map(str::to_string);
    if let Some(why) = probe.unreachable.or(gone) {
        let line = redactor.redact(&why);
        let missing = Outcome::Error {
            step: None,
            message: format!("not run: {line}"),
        };
        return finish(HashMap::new(), missing, Some(line));
    }
    let deployment = probe.facts.deployment.unwrap_or(Deployment::Ucce);
    let transcripts: Transcripts = Arc::new(Mutex::new(HashMap::new()));
    let warnings: Warnings = Arc::new(Mutex::new(HashMap::new()));
    // The pools leave out the identities the preflight found bad.
    let usable = match &preflight {
        Some(r) => doctor::preflight::usable_profile(&profile, &r.findings),
        None => profile.clone(),
    };
    let ctx = Arc::new(
        RunContext::new(
            usable,
            (deployment, probe.facts.version.clone()),
            client,
            plan.index(),
            (transcripts.clone(), warnings.clone()),
        )
        .with_stop(stop.clone())
        .keeping_transcripts(opts.transcripts),
    );
    // Against the embedded mock, the exclusive scenarios get a second, identical mock and
    // run alongside the rest; against a lab they go first, on their own.
    let has_both =
        plan.applicable().any(|s| s.exclusive) && plan.applicable().any(|s| !s.exclusive);
    let twin_server = match (twin, has_both) {
        (Some(cfg), true) => MockServer::start(cfg).await.ok(),
        _ => None,
    };
    let twin_ctx = match &twin_server {
        Some(twin) => {
            let p = twin.profile();
            let c = FinesseClient::for_profile(&p, redactor.clone())
                .map_err(|e| RunError(e.to_string()))?;
            Some(Arc::new(
                RunContext::new(
                    p,
                    (deployment, probe.facts.version.clone()),
                    c,
                    plan.index(),
                    (transcripts.clone(), warnings.clone()),
                )
                .with_stop(stop.clone())
                .keeping_transcripts(opts.transcripts),
            ))
        }
        None => None,
    };
    // The report as it stands, with `missing` for the scenarios without a result yet.
    let snapshot: Arc<dyn Fn(Outcome) -> RunReport + Send + Sync> = {
        let (results, plan, target) = (results.clone(), plan.clone(), target.clone());
        Arc::new(move |missing| {
            let so_far = results.lock().map(|r| r.clone()).unwrap_or_default();
            super::assemble::assemble(
                &plan,
                settle_interrupted(so_far),
                missing,
                target.clone(),
                started,
                clock.elapsed(),
            )
        })
    };
    let progress: Arc<dyn Fn() + Send + Sync> = {
        let (snapshot, outputs, redactor) = (snapshot.clone(), outputs.clone(), redactor.clone());
        let wanted = outputs.wants_progress();
        Arc::new(move || {
            if !wanted {
                return;
            }
            let report = snapshot(Outcome::Skipped {
                reason: "not run yet: the run was still going when this report was written".into(),
            });
            let why = incomplete::still_running(not_run(&report));
            if let Err(e) = outputs.write_progress(&report, &why) {
                eprintln!("warning: {}", redactor.redact(&e.message));
            }
        })
    };
    // What a second interrupt writes before the process ends.
    let write_now: Arc<dyn Fn() + Send + Sync> = {
        let (snapshot, outputs, redactor) = (snapshot.clone(), outputs.clone(), redactor.clone());
        Arc::new(move || {
            let report = snapshot(Outcome::Skipped {
                reason: INTERRUPTED.into(),
            });
            let why = incomplete::stopped(not_run(&report));
            for e in outputs.write_now(&report, &why) {
                eprintln!("error: {}", redactor.redact(&e.message));
            }
        })
    };
    let signals =
        interrupts.map(|i| tokio::spawn(watch_signals(i, stop.clone(), opts.print, write_now)));
    let phases = Phases {
        ctx: &ctx,
        twin: twin_ctx.as_ref(),
        features: &features,
        plan: &plan,
        concurrency: opts.concurrency.unwrap_or(profile.max_concurrency).max(1),
        results: &results,
        transcripts: &transcripts,
        warnings: &warnings,
        redactor: &redactor,
        print: opts.print,
        verbose: opts.verbose,
        progress: &progress,
    };
    let all: HashSet<ScenarioKey> = plan.applicable().map(|s| s.key.clone()).collect();
    phases.run(&all).await;
    let mut earlier: HashMap<ScenarioKey, Vec<Attempt>> = HashMap::new();
    for attempt in 1..=opts.retry {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let failed = take_failed(&results);
        if failed.is_empty() {
            break;
        }
        if opts.print {
            crate::outln!(
                "Retry {attempt} of {}: {} failed scenario(s)",
                opts.retry,
                failed.len()
            );
        }
        let keys: HashSet<ScenarioKey> = failed.keys().cloned().collect();
        for (key, e) in failed {
            earlier.entry(key).or_default().push(Attempt {
                outcome: e.outcome,
                duration: e.duration,
                transcript: e.transcript,
            });
        }
        phases.run(&keys).await;
    }
    if let Some(s) = signals {
        s.abort();
    }
    ctx.notifiers.close_all().await;
    if let Some(t) = &twin_ctx {
        t.notifiers.close_all().await;
    }
    drop(twin_server);
    drop(mock);
    let mut results = results
        .lock()
        .map(|mut r| std::mem::take(&mut *r))
        .unwrap_or_default();
    for (key, attempts) in earlier {
        if let Some(e) = results.get_mut(&key) {
            e.earlier = attempts;
        }
    }
    let missing = if stop.load(Ordering::SeqCst) {
        Outcome::Skipped {
            reason: INTERRUPTED.into(),
        }
    } else {
        Outcome::Error {
            step: None,
            message: "not run: the run ended before this scenario finished".into(),
        }
    };
    // Scenarios that met a target that had stopped answering errored, and the run says so.
    let gone = ctx.client.health().down().map(|why| redactor.redact(why));
    finish(results, missing, gone)
}

/// Scenarios listed as not run (yet): skipped with a reason that says so.
fn not_run(report: &RunReport) -> usize {
    report
        .scenarios()
        .filter(
            |s| matches!(&s.outcome, Outcome::Skipped { reason } if reason.starts_with("not run")),
        )
        .count()
}

/// Scenarios refused at setup because the run was stopping did not run: skipped, not failed.
fn settle_interrupted(
    mut results: HashMap<ScenarioKey, Executed>,
) -> HashMap<ScenarioKey, Executed> {
    for e in results.values_mut() {
        if let Some((_, message)) = e.outcome.problem()
            && message.contains(INTERRUPTED)
        {
            e.outcome = Outcome::Skipped {
                reason: INTERRUPTED.into(),
            };
        }
    }
    results
}

/// Removes the results that did not pass (to be retried: a lab's hiccup can make any of the
/// three verdicts) and returns them.
fn take_failed(results: &Results) -> HashMap<ScenarioKey, Executed> {
    let Ok(mut r) = results.lock() else {
        return HashMap::new();
    };
    let keys: Vec<ScenarioKey> = r
        .iter()
        .filter(|(_, e)| {
            e.outcome
                .problem()
                .is_some_and(|(_, message)| !message.contains(INTERRUPTED))
        })
        .map(|(k, _)| k.clone())
        .collect();
    keys.into_iter()
        .filter_map(|k| r.remove(&k).map(|e| (k, e)))
        .collect()
}

/// The signals that stop a run: Ctrl-C (SIGINT) and SIGTERM (what a CI timeout sends).
/// Listened to from the moment this is made, before the run says it is running, so that an
/// early signal is never the default one that kills the process without a report.
struct Interrupts {
    #[cfg(unix)]
    int: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
}

impl Interrupts {
    fn listen() -> Interrupts {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Interrupts {
                int: signal(SignalKind::interrupt()).ok(),
                term: signal(SignalKind::terminate()).ok(),
            }
        }
        #[cfg(not(unix))]
        Interrupts {}
    }

    /// Waits for the next signal; false when none can come.
    async fn next(&mut self) -> bool {
        #[cfg(unix)]
        {
            match (self.int.as_mut(), self.term.as_mut()) {
                (Some(i), Some(t)) => tokio::select! {
                    r = i.recv() => r.is_some(),
                    r = t.recv() => r.is_some(),
                },
                (Some(i), None) => i.recv().await.is_some(),
                (None, Some(t)) => t.recv().await.is_some(),
                (None, None) => tokio::signal::ctrl_c().await.is_ok(),
            }
        }
        #[cfg(not(unix))]
        tokio::signal::ctrl_c().await.is_ok()
    }
}

/// On the first signal: stop starting scenarios and let the running ones finish and restore
/// what they changed. On a second: write the reports as they stand (`write_now`: JUnit,
/// JSON, HTML, marked as not complete) and end the process.
async fn watch_signals(
    mut signals: Interrupts,
    stop: Arc<AtomicBool>,
    print: bool,
    write_now: Arc<dyn Fn() + Send + Sync>,
) {
    for round in 0..2 {
        if !signals.next().await {
            return;
        }
        if round == 0 {
            stop.store(true, Ordering::SeqCst);
            if print {
                eprintln!(
                    "interrupted: no new scenarios start; the running ones finish and put their users back (interrupt again to stop at once)"
                );
            }
        } else {
            eprintln!(
                "interrupted again: writing the reports as they stand and stopping now; users may be left changed"
            );
            write_now();
            std::process::exit(exit::INTERRUPTED);
        }
    }
}

/// What one pass over a set of scenarios needs.
struct Phases<'a> {
    ctx: &'a Arc<RunContext>,
    twin: Option<&'a Arc<RunContext>>,
    features: &'a [gherkin::Feature],
    plan: &'a Plan,
    concurrency: usize,
    results: &'a Results,
    transcripts: &'a Transcripts,
    warnings: &'a Warnings,
    redactor: &'a Arc<crate::redact::Redactor>,
    print: bool,
    verbose: bool,
    progress: &'a Arc<dyn Fn() + Send + Sync>,
}

impl Phases<'_> {
    fn writer(&self) -> ResultWriter {
        let names: HashMap<_, _> = self
            .plan
            .scenarios
            .iter()
            .map(|s| (s.key.clone(), s.name.clone()))
            .collect();
        ResultWriter::new(
            self.results.clone(),
            (self.transcripts.clone(), self.warnings.clone()),
            names,
            self.print,
            self.redactor.clone(),
        )
        .verbose(self.verbose)
        .on_feature_done(self.progress.clone())
    }

    fn keys(&self, only: &HashSet<ScenarioKey>, exclusive: bool) -> HashSet<ScenarioKey> {
        self.plan
            .applicable()
            .filter(|s| s.exclusive == exclusive && only.contains(&s.key))
            .map(|s| s.key.clone())
            .collect()
    }

    /// Runs the scenarios in `only`: the exclusive ones one at a time, the rest
    /// concurrently; on the twin mock both at once, against a lab exclusive ones first.
    async fn run(&self, only: &HashSet<ScenarioKey>) {
        let (exclusive, shared) = (self.keys(only, true), self.keys(only, false));
        let pass = |ctx: Arc<RunContext>, keys: HashSet<ScenarioKey>| {
            let run = (!keys.is_empty()).then(|| {
                run_phase(
                    ctx,
                    self.features.to_vec(),
                    keys,
                    self.writer(),
                    self.concurrency,
                )
            });
            futures::future::OptionFuture::from(run)
        };
        match self.twin {
            Some(twin) => {
                futures::future::join(
                    pass(twin.clone(), exclusive),
                    pass(self.ctx.clone(), shared),
                )
                .await;
            }
            None => {
                pass(self.ctx.clone(), exclusive).await;
                pass(self.ctx.clone(), shared).await;
            }
        }
    }
}

/// One cucumber run over the scenarios in `keys`.
async fn run_phase(
    ctx: Arc<RunContext>,
    features: Vec<gherkin::Feature>,
    keys: HashSet<plan::ScenarioKey>,
    writer: ResultWriter,
    concurrency: usize,
) {
    let (before_ctx, after_ctx) = (ctx.clone(), ctx);
    FinesseWorld::cucumber::<&str>()
        .with_parser(FeatureList)
        .with_writer(writer)
        .with_default_cli()
        .max_concurrent_scenarios(concurrency)
        .before(move |f, _, s, w| {
            let ctx = before_ctx.clone();
            async move { steps::hooks::before_scenario(w, ctx, f, s).await }.boxed_local()
        })
        .after(move |f, _, s, _, w| {
            let ctx = after_ctx.clone();
            async move {
                if let Some(w) = w {
                    steps::hooks::after_scenario(w, &ctx, f, s).await;
                }
            }
            .boxed_local()
        })
        .filter_run(features, move |f, _, s| keys.contains(&plan::key_of(f, s)))
        .await;
}

/// Feeds already-parsed features to cucumber (they were parsed and expanded by `features`).
struct FeatureList;

impl cucumber::Parser<Vec<gherkin::Feature>> for FeatureList {
    type Cli = cucumber::cli::Empty;
    type Output = futures::stream::Iter<
        std::iter::Map<
            std::vec::IntoIter<gherkin::Feature>,
            fn(gherkin::Feature) -> cucumber::parser::Result<gherkin::Feature>,
        >,
    >;

    fn parse(self, input: Vec<gherkin::Feature>, _: Self::Cli) -> Self::Output {
        futures::stream::iter(input.into_iter().map(Ok as fn(_) -> _))
    }
}
