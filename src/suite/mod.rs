//! Running the suite: load features, resolve the target, plan, run through cucumber, report.

mod assemble;
pub mod collector;
mod feature_files;
mod feature_lint;
pub(crate) mod features;
pub(crate) mod outputs;
pub(crate) mod plan;
pub(crate) mod rule_index;
pub(crate) mod runner;
mod step_check;
pub(crate) mod tags;

pub(crate) use outputs::ReportPaths;
pub use plan::Shard;
pub use runner::run;

use std::path::PathBuf;
use std::sync::Arc;

use cucumber::gherkin;

use crate::domain::results::RunReport;
use crate::finesse::models::SystemInfo;
use crate::finesse::{FinesseClient, Request, client};
use crate::mock_profile::MockProfile as _;
use crate::profile::{Deployment, DeploymentSetting, Profile, VersionSetting};
use crate::redact::Redactor;
use crate::scenario::applicability::TargetFacts;
use finesse_mock::{MockConfig, MockServer};

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
    /// Where reports go; `None` paths are not written.
    pub reports: ReportPaths,
    /// Overrides the profile's max_concurrency.
    pub concurrency: Option<usize>,
    /// Print progress and the summary to stdout.
    pub print: bool,
    /// Also print each scenario's exchanges (redacted).
    pub verbose: bool,
    /// Reruns of a failed scenario; one that passes on a rerun is reported flaky.
    pub retry: u32,
    /// Run one deterministic part of the scenarios.
    pub shard: Option<Shard>,
    /// Run only the scenarios that change nothing (not tagged `@mutates`).
    pub readonly: bool,
    /// Stop cleanly on Ctrl-C / SIGTERM (the CLI; not in-process tests).
    pub handle_signals: bool,
    /// Keep each scenario's exchanges in the report (evidence, JUnit system-out).
    pub transcripts: bool,
    /// Run the doctor's checks before the scenarios, against a profile (see doctor::preflight).
    pub preflight: bool,
}

impl RunOptions {
    /// The built-in features against a fresh embedded mock, quietly, with no report file.
    pub fn embedded(cfg: MockConfig) -> RunOptions {
        RunOptions {
            target: Target::EmbeddedMock(Box::new(cfg)),
            builtin_features: true,
            feature_dirs: Vec::new(),
            reports: ReportPaths::default(),
            concurrency: None,
            print: false,
            verbose: false,
            retry: 0,
            shard: None,
            readonly: false,
            handle_signals: false,
            transcripts: true,
            preflight: true,
        }
    }
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
pub struct RunError(pub(crate) String);

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RunError {}

/// What the probe learnt about the target.
pub(crate) struct Probe {
    facts: TargetFacts,
    unreachable: Option<String>,
    /// SystemInfo's body as read (for evidence).
    system_info: Option<String>,
}

pub use crate::scenario::redactor_for;

/// Gets the access token of every identity whose profile gives a `token_command`, before
/// anything runs: a command that fails is a profile problem, reported once, on one line.
async fn obtain_tokens(client: &FinesseClient, profile: &Profile) -> Result<(), RunError> {
    for id in profile.identities() {
        if let crate::profile::Auth::Token(t) = &id.auth
            && t.command.is_some()
        {
            client
                .secret_for(&client::Credentials::of(id))
                .await
                .map_err(|e| RunError(client.redactor().redact(&e.to_string())))?;
        }
    }
    Ok(())
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
    // As the first identity that the target does not refuse: one wrong user in the profile
    // must not make the whole lab unreachable (the preflight names that user afterwards).
    let u = &profile.users;
    let mut who = u
        .agents
        .iter()
        .chain(&u.supervisors)
        .chain(&u.other_team_agents)
        .chain(&u.wrap_up_agents)
        .chain(&u.mobile_agents)
        .chain(u.admin.iter());
    let mut answer = client
        .send(Request::get("/finesse/api/SystemInfo").maybe_as_user(who.next()))
        .await;
    while matches!(&answer, Ok(r) if r.status == 401) {
        let Some(next) = who.next() else { break };
        answer = client
            .send(Request::get("/finesse/api/SystemInfo").maybe_as_user(Some(next)))
            .await;
    }
    let mut system_info = None;
    let info = match answer {
        Err(e) => {
            return Probe {
                facts,
                unreachable: Some(e.to_string()),
                system_info: None,
            };
        }
        Ok(r) if r.status == 200 => {
            // Kept once for the run's evidence, cut as a transcript's body is.
            system_info = Some(crate::finesse::body::record(client.redactor(), &r.body).text);
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
pub(crate) struct Prepared {
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

pub(crate) async fn prepare(
    target: Target,
    builtin: bool,
    dirs: &[PathBuf],
) -> Result<Prepared, RunError> {
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
    let redactor = Arc::new(redactor_for(&profile));
    let client = FinesseClient::for_profile(&profile, redactor.clone())
        .map_err(|e| RunError(e.to_string()))?;
    obtain_tokens(&client, &profile).await?;
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
