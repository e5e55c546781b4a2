//! Running the suite: load features, resolve the target, plan, run through cucumber, report.

pub mod applicability;
pub mod context;
pub mod faults;
pub mod features;
pub mod lease;
pub mod needs;
pub mod plan;
pub mod rules;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

use cucumber::{World as _, gherkin};
use futures::FutureExt as _;

use crate::finesse::models::SystemInfo;
use crate::finesse::{FinesseClient, Request, client};
use crate::mock::{MockConfig, MockServer};
use crate::profile::{Deployment, DeploymentSetting, Profile, VersionSetting};
use crate::redact::Redactor;
use crate::report::writer::{ResultWriter, Results, Transcripts};
use crate::report::{RunReport, TargetSummary, console, junit};
use crate::steps::{self, FinesseWorld};
use applicability::TargetFacts;
use context::RunContext;

/// Where the suite runs.
pub enum Target {
    /// Start the embedded mock on 127.0.0.1 and use its own profile.
    EmbeddedMock(Box<MockConfig>),
    /// A live Finesse described by a profile.
    Profile(Box<Profile>),
}

pub struct RunOptions {
    pub target: Target,
    pub builtin_features: bool,
    pub feature_dirs: Vec<PathBuf>,
    pub junit: Option<PathBuf>,
    /// Overrides the profile's max_concurrency.
    pub concurrency: Option<usize>,
    /// Print progress and the summary to stdout.
    pub print: bool,
    /// Also print each scenario's exchanges (redacted).
    pub verbose: bool,
}

impl RunOptions {
    /// The built-in features against a fresh embedded mock, quietly, with no report file.
    pub fn embedded(cfg: MockConfig) -> RunOptions {
        RunOptions {
            target: Target::EmbeddedMock(Box::new(cfg)),
            builtin_features: true,
            feature_dirs: Vec::new(),
            junit: None,
            concurrency: None,
            print: false,
            verbose: false,
        }
    }
}

/// Exit codes (design §7).
pub mod exit {
    pub const PASSED: i32 = 0;
    pub const FAILED: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const UNREACHABLE: i32 = 3;
}

#[derive(Debug)]
pub struct RunOutcome {
    pub report: RunReport,
    pub exit_code: i32,
    /// The one-line reason when the target could not be reached.
    pub unreachable: Option<String>,
}

/// Errors before anything ran (exit code 2).
#[derive(Debug)]
pub struct RunError(pub String);

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RunError {}

/// What the probe learnt about the target.
struct Probe {
    facts: TargetFacts,
    unreachable: Option<String>,
    /// SystemInfo's body as read (for evidence).
    system_info: Option<String>,
}

fn auth_names(p: &Profile) -> Vec<String> {
    let u = &p.users;
    u.agents
        .iter()
        .chain(&u.supervisors)
        .chain(&u.other_team_agents)
        .chain(&u.wrap_up_agents)
        .chain(u.admin.iter())
        .map(|i| i.auth_name().to_string())
        .collect()
}

/// Reads SystemInfo to learn the deployment and version, unless the profile pins them.
async fn probe(client: &FinesseClient, profile: &Profile) -> Probe {
    let mut facts = TargetFacts {
        deployment: match &profile.deployment {
            DeploymentSetting::Fixed(d) => Some(*d),
            DeploymentSetting::Auto => None,
        },
        version: match &profile.version {
            VersionSetting::Pinned(v) => Some(v.clone()),
            VersionSetting::Auto => None,
        },
        capabilities: profile.capabilities.clone(),
    };
    let mut req = Request::get("/finesse/api/SystemInfo");
    if let Some(a) = profile.users.agents.first() {
        req = req.as_user(client::Credentials {
            user: a.auth_name().to_string(),
            password: a.password.clone(),
        });
    }
    let mut system_info = None;
    let info = match client.send(req).await {
        Err(e) => {
            return Probe {
                facts,
                unreachable: Some(e.to_string()),
                system_info: None,
            };
        }
        Ok(r) if r.status == 200 => {
            system_info = Some(client.redactor().redact(&r.body));
            r.parse::<SystemInfo>("SystemInfo")
                .map_err(|e| e.to_string())
        }
        Ok(r) => Err(format!("GET {} answered {}", r.url, r.describe())),
    };
    match info {
        Ok(info) => {
            if facts.deployment.is_none() {
                facts.deployment = info
                    .deployment_type
                    .as_deref()
                    .and_then(|d| d.trim().parse::<Deployment>().ok());
            }
            if facts.version.is_none() {
                facts.version = info.version.filter(|v| !v.trim().is_empty());
            }
            let unreachable = facts.deployment.is_none().then(|| {
                "SystemInfo does not give a deploymentType of UCCE or UCCX (set deployment in the profile)".to_string()
            });
            Probe {
                facts,
                unreachable,
                system_info,
            }
        }
        Err(e) if facts.deployment.is_some() => {
            let e = client.redactor().redact(&e);
            eprintln!("warning: cannot read SystemInfo ({e}); using the profile's deployment");
            Probe {
                facts,
                unreachable: None,
                system_info,
            }
        }
        Err(e) => Probe {
            facts,
            unreachable: Some(format!("{e} (set deployment in the profile to run anyway)")),
            system_info,
        },
    }
}

/// Everything known before the first scenario runs.
struct Prepared {
    features: Vec<gherkin::Feature>,
    /// Kept alive for the run.
    mock: Option<MockServer>,
    /// How to start a second, identical embedded mock (see `run`).
    twin: Option<MockConfig>,
    profile: Profile,
    redactor: Arc<Redactor>,
    client: FinesseClient,
    probe: Probe,
    plan: plan::Plan,
}

async fn prepare(target: Target, builtin: bool, dirs: &[PathBuf]) -> Result<Prepared, RunError> {
    let features = features::load(builtin, dirs).map_err(|e| RunError(e.to_string()))?;
    let (mock, twin, profile) = match target {
        Target::EmbeddedMock(cfg) => {
            let twin = MockConfig {
                bind: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
                ..(*cfg).clone()
            };
            let mock = MockServer::start(*cfg).await.map_err(|e| {
                RunError(format!("cannot start the embedded mock on 127.0.0.1: {e}"))
            })?;
            let profile = mock.profile();
            (Some(mock), Some(twin), profile)
        }
        Target::Profile(p) => (None, None, *p),
    };
    let redactor = Arc::new(Redactor::new(&profile.secrets(), &auth_names(&profile)));
    let http = client::http_client(&profile.tls, profile.timeouts.request)
        .map_err(|e| RunError(e.to_string()))?;
    let client = FinesseClient::new(
        http,
        &profile.base_url,
        profile.timeouts.request,
        redactor.clone(),
    );
    let probe = probe(&client, &profile).await;
    let plan = plan::build(&features, &probe.facts, &profile);
    Ok(Prepared {
        features,
        mock,
        twin,
        profile,
        redactor,
        client,
        probe,
        plan,
    })
}

/// The `list` output: every scenario, its tags, and whether it applies to the target.
pub async fn plan_for_listing(
    target: Target,
    builtin: bool,
    dirs: &[PathBuf],
) -> Result<String, RunError> {
    let p = prepare(target, builtin, dirs).await?;
    let dep = p
        .probe
        .facts
        .deployment
        .map(|d| d.to_string())
        .unwrap_or_else(|| "unknown".into());
    let mut out = format!(
        "Target: {} ({}), deployment {dep}\n",
        p.profile.name,
        p.redactor.redact(&p.profile.base_url)
    );
    if let Some(why) = &p.probe.unreachable {
        out.push_str(&format!(
            "note: {} (scenarios are listed as they would be planned)\n",
            p.redactor.redact(why)
        ));
    }
    let mut current = String::new();
    for s in &p.plan.scenarios {
        if s.key.0 != current {
            current = s.key.0.clone();
            out.push_str(&format!("\n{current}\n"));
        }
        let tags: Vec<String> = s.tags.iter().map(|t| format!("@{t}")).collect();
        match &s.skip {
            None => out.push_str(&format!("  [applies] {} (line {})\n", s.name, s.key.1)),
            Some(why) => out.push_str(&format!(
                "  [skipped] {} (line {}): {why}\n",
                s.name, s.key.1
            )),
        }
        out.push_str(&format!("            {}\n", tags.join(" ")));
    }
    let applies = p.plan.applicable().count();
    out.push_str(&format!(
        "\n{} scenarios: {applies} apply, {} skipped\n",
        p.plan.scenarios.len(),
        p.plan.scenarios.len() - applies
    ));
    Ok(out)
}

/// Runs the suite. Errors are setup problems (exit 2); everything else is in the outcome.
pub async fn run(opts: RunOptions) -> Result<RunOutcome, RunError> {
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
        plan,
    } = prepare(opts.target, opts.builtin_features, &opts.feature_dirs).await?;
    if opts.print {
        let dep = probe
            .facts
            .deployment
            .map(|d| d.to_string())
            .unwrap_or_else(|| "unknown deployment".into());
        crate::outln!(
            "Running {} scenarios against {} ({}, {dep})",
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
        shard: None,
    };
    let results: Results = Arc::new(Mutex::new(HashMap::new()));
    let junit_path = opts.junit.clone();
    let finish = |results: HashMap<_, _>,
                  missing: &str,
                  unreachable: Option<String>|
     -> Result<RunOutcome, RunError> {
        let report = RunReport::assemble(
            &plan,
            results,
            missing,
            target.clone(),
            started,
            clock.elapsed(),
        );
        if let Some(path) = &junit_path {
            junit::write(&report, &redactor, path).map_err(RunError)?;
        }
        if opts.print {
            crate::out!("{}", console::summary(&report, &redactor));
        }
        let exit_code = if unreachable.is_some() {
            exit::UNREACHABLE
        } else if report.counts().failed > 0 {
            exit::FAILED
        } else {
            exit::PASSED
        };
        Ok(RunOutcome {
            report,
            exit_code,
            unreachable,
        })
    };
    if let Some(why) = probe.unreachable {
        let line = redactor.redact(&why);
        return finish(HashMap::new(), &format!("not run: {line}"), Some(line));
    }
    let deployment = probe.facts.deployment.unwrap_or(Deployment::Ucce);
    let transcripts: Transcripts = Arc::new(Mutex::new(HashMap::new()));
    let ctx = Arc::new(RunContext::new(
        profile.clone(),
        (deployment, probe.facts.version.clone()),
        client,
        plan.index(),
        transcripts.clone(),
    ));
    let names: HashMap<_, _> = plan
        .scenarios
        .iter()
        .map(|s| (s.key.clone(), s.name.clone()))
        .collect();
    let concurrency = opts.concurrency.unwrap_or(profile.max_concurrency).max(1);
    let phase = |exclusive: bool| -> Option<(HashSet<plan::ScenarioKey>, ResultWriter)> {
        let keys: HashSet<plan::ScenarioKey> = plan
            .applicable()
            .filter(|s| s.exclusive == exclusive)
            .map(|s| s.key.clone())
            .collect();
        let writer = ResultWriter::new(
            results.clone(),
            transcripts.clone(),
            names.clone(),
            opts.print,
            redactor.clone(),
        )
        .verbose(opts.verbose);
        (!keys.is_empty()).then_some((keys, writer))
    };
    // Scenarios that switch faults or need the whole target (exclusive ones) run one at a
    // time, the rest concurrently. Against a lab the exclusive ones go first, on their own.
    // Against the embedded mock they get a second, identical mock and run alongside.
    let twin = match (twin, phase(true).is_some() && phase(false).is_some()) {
        (Some(cfg), true) => MockServer::start(cfg).await.ok(),
        _ => None,
    };
    match twin {
        Some(twin) => {
            let twin_profile = twin.profile();
            let http = client::http_client(&twin_profile.tls, twin_profile.timeouts.request)
                .map_err(|e| RunError(e.to_string()))?;
            let twin_client = FinesseClient::new(
                http,
                &twin_profile.base_url,
                twin_profile.timeouts.request,
                redactor.clone(),
            );
            let twin_ctx = Arc::new(RunContext::new(
                twin_profile,
                (deployment, probe.facts.version.clone()),
                twin_client,
                plan.index(),
                transcripts.clone(),
            ));
            let exclusive = phase(true).map(|(keys, writer)| {
                run_phase(&twin_ctx, features.clone(), keys, writer, concurrency)
            });
            let shared = phase(false)
                .map(|(keys, writer)| run_phase(&ctx, features.clone(), keys, writer, concurrency));
            futures::future::join(
                futures::future::OptionFuture::from(exclusive),
                futures::future::OptionFuture::from(shared),
            )
            .await;
        }
        None => {
            for exclusive in [true, false] {
                if let Some((keys, writer)) = phase(exclusive) {
                    run_phase(&ctx, features.clone(), keys, writer, concurrency).await;
                }
            }
        }
    }
    drop(mock);
    let results = results
        .lock()
        .map(|mut r| std::mem::take(&mut *r))
        .unwrap_or_default();
    finish(
        results,
        "not run: the run ended before this scenario finished",
        None,
    )
}

/// One cucumber run over the scenarios in `keys`.
async fn run_phase(
    ctx: &Arc<RunContext>,
    features: Vec<gherkin::Feature>,
    keys: HashSet<plan::ScenarioKey>,
    writer: ResultWriter,
    concurrency: usize,
) {
    let (before_ctx, after_ctx) = (ctx.clone(), ctx.clone());
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
