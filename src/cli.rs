//! The command line: parse arguments, call the library, map results to exit codes.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::mock_profile::MockProfile as _;
use finesse_mock::cli::{DeploymentArg, MockArgs, MockAuthArgs, deviation_list, deviations};
use finesse_mock::{MockConfig, MockServer, NotificationRequestIds};
use finesse_protocol::Deployment;

use crate::domain::exit;
use crate::profile::Profile;
use crate::suite::{self, RunOptions, Target};

const EXIT_CODES: &str = "Exit codes:\n  0  every applicable scenario passed\n  1  a scenario failed: Finesse did what the guide forbids (a finding)\n  2  usage, profile or feature-file error (nothing ran)\n  3  the target could not be reached\n  4  nothing failed, but a scenario was inconclusive (a precondition the lab could not\n     reach) or an error (the harness or the lab's infrastructure broke): not findings,\n     but the run does not show that Finesse conforms\n  130  interrupted (Ctrl-C or SIGTERM); the reports cover what ran";

#[derive(Parser, Debug)]
#[command(name = "finesse-conformance", version, about = "Conformance tests for the Cisco Finesse REST API, with a mock Finesse.", after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Run the features against the embedded mock (default) or a live Finesse (--profile).
    #[command(after_help = EXIT_CODES)]
    Run(RunArgs),
    /// Run the mock Finesse on its own, for client development.
    Mock(MockArgs),
    /// List every scenario with its tags and whether it applies to the target.
    List(ListArgs),
    /// List the mock's deviations: switches that each break one guide rule.
    Deviations,
    /// Measure the full suite against the embedded mock: wall time and peak memory;
    /// `bench notifications`: REST state change to XMPP notification latency.
    Bench(BenchArgs),
    /// Run the suite against every deviation and report which guide rules are covered and
    /// caught (reports/coverage.md).
    Coverage(CoverageArgs),
    /// Count the guide's desktop operations and documented error responses that some
    /// scenario checks (features/operations.yaml against the catalogue and the features).
    Operations,
    /// Compare two JUnit reports (e.g. before and after an upgrade), scenario by scenario.
    #[command(after_help = DIFF_EXIT_CODES)]
    Diff(DiffArgs),
    /// Merge the JUnit reports of shards (`run --shard K/N`) into one.
    Merge(MergeArgs),
    /// Check, read-only and in seconds, that a profile matches its lab: reachability and TLS,
    /// SystemInfo, every user's credentials, role and team, reason codes, MRDs, the
    /// notification endpoint, the hook commands. Without --profile it checks the embedded mock.
    #[command(after_help = DOCTOR_EXIT_CODES)]
    Doctor(DoctorArgs),
}

const DOCTOR_EXIT_CODES: &str = "Exit codes:\n  0  every check holds (⚠ doubts are printed but do not fail)\n  2  a check failed (✗ lines say how to fix it), the target is unreachable, or the profile does not load";

#[derive(Args, Debug)]
pub(crate) struct DoctorArgs {
    /// The lab profile to check. Without it the embedded mock is started and checked.
    #[arg(long, value_name = "FILE")]
    pub(crate) profile: Option<PathBuf>,
    /// The embedded mock's deployment (ignored with --profile).
    #[arg(long, value_enum, default_value = "UCCE")]
    pub(crate) deployment: DeploymentArg,
    /// Also run the fault hooks: each fault switched on and off again. This changes the lab
    /// for a moment.
    #[arg(long)]
    pub(crate) run_hooks: bool,
}

#[derive(Args, Debug)]
pub(crate) struct CoverageArgs {
    /// Where to write the Markdown report.
    #[arg(long, value_name = "FILE", default_value = "reports/coverage.md")]
    pub(crate) output: PathBuf,
    /// Suite runs at once, each against its own mock.
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub(crate) parallel: usize,
}

#[derive(Args, Debug, Clone)]
pub(crate) struct TargetArgs {
    /// A YAML profile of a live Finesse (see docs/profile-schema.md). Without it the embedded
    /// mock is started on 127.0.0.1.
    #[arg(long, value_name = "FILE")]
    pub(crate) profile: Option<PathBuf>,
    /// The embedded mock's deployment (ignored with --profile).
    #[arg(long, value_enum, default_value = "UCCE")]
    pub(crate) deployment: DeploymentArg,
    /// Also run the .feature files under DIR (repeatable).
    #[arg(long = "features", value_name = "DIR")]
    pub(crate) features: Vec<PathBuf>,
    /// Run only the --features files, not the built-in ones.
    #[arg(long)]
    pub(crate) no_builtin: bool,
}

#[derive(Args, Debug)]
pub(crate) struct RunArgs {
    #[command(flatten)]
    pub(crate) target: TargetArgs,
    /// Where to write the JUnit report (rewritten after every feature).
    #[arg(long, value_name = "FILE", default_value = "reports/junit.xml")]
    pub(crate) junit: PathBuf,
    /// Also write Cucumber JSON (for Allure, Xray, cucumber-html-reporter).
    #[arg(long, value_name = "FILE")]
    pub(crate) json: Option<PathBuf>,
    /// Where to write the self-contained HTML report [default: report.html beside the JUnit file].
    #[arg(long, value_name = "FILE")]
    pub(crate) html: Option<PathBuf>,
    /// The folder for one evidence sub-folder per failed scenario [default: evidence/ beside
    /// the JUnit file].
    #[arg(long, value_name = "DIR")]
    pub(crate) evidence: Option<PathBuf>,
    /// Rerun a failed scenario up to N times; a pass on a rerun is reported flaky.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(crate) retry: u32,
    /// Run one deterministic part of the scenarios, e.g. 2/5 (merge the reports with `merge`).
    #[arg(long, value_name = "K/N")]
    pub(crate) shard: Option<suite::Shard>,
    /// Run only the scenarios that change nothing on the target (not tagged @mutates).
    #[arg(long)]
    pub(crate) readonly: bool,
    /// Scenarios run at once (default: the profile's max_concurrency; 64 on the mock).
    #[arg(long, value_name = "N")]
    pub(crate) concurrency: Option<usize>,
    /// Switch on a mock deviation (repeatable); see `deviations`.
    #[arg(long = "deviation", value_name = "NAME")]
    pub(crate) deviations: Vec<String>,
    /// The mock's processing delay for accepted writes, in milliseconds (at most 10000).
    #[arg(long, value_name = "MS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub(crate) delay_ms: u64,
    /// The Finesse version the embedded mock's profile pins (for @since/@until).
    #[arg(long, value_name = "VERSION", default_value = finesse_mock::MOCK_VERSION)]
    pub(crate) mock_version: String,
    #[command(flatten)]
    pub(crate) mock_auth: MockAuthArgs,
    /// Whether the embedded mock's notifications echo the requestId (echo, the default) or,
    /// as a 12.5 lab does, leave it empty (empty; only a Media request's asynchronous error
    /// keeps it).
    #[arg(long, value_enum, value_name = "MODE")]
    pub(crate) notification_request_ids: Option<NotificationRequestIds>,
    /// Also print every scenario's HTTP exchanges (redacted).
    #[arg(short, long)]
    pub(crate) verbose: bool,
}

#[derive(Args, Debug)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) target: TargetArgs,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct BenchArgs {
    #[command(subcommand)]
    pub(crate) what: Option<BenchCommand>,
    /// Timed runs after one warm-up run.
    #[arg(long, default_value_t = 5)]
    pub(crate) runs: usize,
    #[arg(long, value_enum, default_value = "UCCE")]
    pub(crate) deployment: DeploymentArg,
}

/// What `bench` measures instead of the full suite.
#[derive(Subcommand, Debug)]
pub(crate) enum BenchCommand {
    /// Time REST state changes (PUT User) to their User notification over XMPP on the
    /// embedded mock: p50, p99, min, max and mean.
    Notifications(NotificationBenchArgs),
}

#[derive(Args, Debug)]
pub(crate) struct NotificationBenchArgs {
    /// Timed state changes (READY and NOT_READY in turn) after the untimed sign-in.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub(crate) changes: u64,
    #[arg(long, value_enum, default_value = "UCCE")]
    pub(crate) deployment: DeploymentArg,
    /// The mock's processing delay for accepted writes, in milliseconds (at most 10000);
    /// every figure includes it.
    #[arg(long, value_name = "MS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub(crate) delay_ms: u64,
}

fn load_profile(path: &std::path::Path) -> Result<Profile, String> {
    Profile::load(path).map_err(|e| e.to_string())
}

/// Runs the CLI and returns the process exit code.
pub async fn main(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Run(a) => run(a).await,
        Command::Mock(a) => mock(a).await,
        Command::List(a) => list(a).await,
        Command::Deviations => {
            crate::out!("{}", deviation_list());
            Ok(exit::PASSED)
        }
        Command::Bench(a) => bench(a).await,
        Command::Coverage(a) => coverage(a).await,
        Command::Operations => operations(),
        Command::Diff(a) => diff_reports(a),
        Command::Merge(a) => merge_reports(a),
        Command::Doctor(a) => doctor(a).await,
    };
    result.unwrap_or_else(|e| {
        // Several problems (e.g. in feature files) are one line each.
        for line in e.lines() {
            eprintln!("error: {line}");
        }
        exit::USAGE
    })
}

/// `name` in the JUnit file's folder: every report of a run lands together.
fn beside(junit: &std::path::Path, name: &str) -> PathBuf {
    junit
        .parent()
        .map(|d| d.join(name))
        .unwrap_or_else(|| PathBuf::from(name))
}

/// `--concurrency` and `--mock-version`, checked by the rules (and in the words) of the
/// profile's `max_concurrency` and `version`.
fn checked_concurrency_and_mock_version(a: &RunArgs) -> Result<(Option<usize>, String), String> {
    use crate::profile::{VersionSetting, check_concurrency, parse_version};
    let concurrency = a
        .concurrency
        .map(check_concurrency)
        .transpose()
        .map_err(|r| r.for_flag("--concurrency"))?;
    let version = match parse_version(&a.mock_version).map_err(|r| r.for_flag("--mock-version"))? {
        VersionSetting::Pinned(v) => v,
        VersionSetting::Auto => {
            return Err("--mock-version: the mock reports one version, it cannot detect one (fix: give a version such as 12.5(1))".into());
        }
    };
    Ok((concurrency, version))
}

async fn run(a: RunArgs) -> Result<i32, String> {
    let (concurrency, mock_version) = checked_concurrency_and_mock_version(&a)?;
    let devs = deviations(&a.deviations).map_err(|e| e.to_string())?;
    let target = match &a.target.profile {
        Some(p) => {
            if devs.iter().next().is_some() {
                return Err("--deviation applies to the embedded mock only; drop --profile".into());
            }
            if a.notification_request_ids.is_some() {
                return Err(
                    "--notification-request-ids applies to the embedded mock only; drop --profile"
                        .into(),
                );
            }
            if a.mock_auth.auth.is_some() || a.mock_auth.token_lifetime.is_some() {
                return Err("--auth and --token-lifetime apply to the embedded mock only; a profile says how its users sign in (password, token or token_command); drop --profile".into());
            }
            Target::Profile(Box::new(load_profile(p)?))
        }
        None => Target::EmbeddedMock(Box::new(MockConfig {
            deployment: Some(a.target.deployment.into()),
            deviations: devs,
            processing_delay: Duration::from_millis(a.delay_ms),
            version: mock_version,
            auth: a.mock_auth.auth(),
            token_lifetime: a.mock_auth.token_lifetime(),
            notification_request_ids: a.notification_request_ids.unwrap_or_default(),
            ..MockConfig::default()
        })),
    };
    let opts = RunOptions {
        target,
        builtin_features: !a.target.no_builtin,
        feature_dirs: a.target.features.clone(),
        reports: suite::ReportPaths {
            junit: Some(a.junit.clone()),
            json: a.json.clone(),
            html: Some(
                a.html
                    .clone()
                    .unwrap_or_else(|| beside(&a.junit, "report.html")),
            ),
            evidence: Some(
                a.evidence
                    .clone()
                    .unwrap_or_else(|| beside(&a.junit, "evidence")),
            ),
        },
        concurrency,
        print: true,
        verbose: a.verbose,
        retry: a.retry,
        shard: a.shard,
        readonly: a.readonly,
        handle_signals: true,
        transcripts: true,
        preflight: true,
    };
    let outcome = suite::run(opts).await.map_err(|e| e.to_string())?;
    if let Some(why) = &outcome.unreachable {
        eprintln!("error: {why}");
    }
    Ok(outcome.exit_code)
}

async fn doctor(a: DoctorArgs) -> Result<i32, String> {
    let opts = crate::doctor::Options {
        run_hooks: a.run_hooks,
    };
    // Kept alive while the checks run.
    let mut _mock = None;
    let profile = match &a.profile {
        Some(p) => load_profile(p)?,
        None => {
            let cfg = MockConfig {
                deployment: Some(a.deployment.into()),
                ..MockConfig::default()
            };
            let m = MockServer::start(cfg)
                .await
                .map_err(|e| format!("cannot start the embedded mock on 127.0.0.1: {e}"))?;
            let p = m.profile();
            _mock = Some(m);
            p
        }
    };
    let report = crate::doctor::check(&profile, opts).await;
    crate::out!("{}", report.render(&crate::doctor::redactor(&profile)));
    Ok(report.exit_code())
}

async fn mock(a: MockArgs) -> Result<i32, String> {
    let server = a.start().await.map_err(|e| e.to_string())?;
    crate::out!("{}", finesse_mock::banner(&server));
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| format!("cannot wait for Ctrl-C: {e}"))?;
    crate::outln!("stopping the mock Finesse");
    Ok(exit::PASSED)
}

async fn list(a: ListArgs) -> Result<i32, String> {
    let plan = suite::plan_for_listing(
        match &a.target.profile {
            Some(p) => Target::Profile(Box::new(load_profile(p)?)),
            None => Target::EmbeddedMock(Box::new(MockConfig {
                deployment: Some(a.target.deployment.into()),
                ..MockConfig::default()
            })),
        },
        !a.target.no_builtin,
        &a.target.features,
    )
    .await
    .map_err(|e| e.to_string())?;
    crate::out!("{plan}");
    Ok(exit::PASSED)
}

fn operations() -> Result<i32, String> {
    use crate::domain::operations::{OPERATIONS_PATH, Operations};
    let catalogue = crate::domain::catalogue::embedded()?;
    let ops = Operations::embedded()?;
    let (tagged, files) = crate::suite::rule_index::embedded()?;
    let ids = catalogue.iter().map(|r| r.id.as_str()).collect();
    let problems = ops.problems(&ids, &files.iter().map(String::as_str).collect());
    if !problems.is_empty() {
        return Err(format!("{OPERATIONS_PATH}: {}", problems.join("; ")));
    }
    crate::out!("{}", ops.count(&tagged).markdown());
    Ok(exit::PASSED)
}

async fn coverage(a: CoverageArgs) -> Result<i32, String> {
    let catalogue = crate::domain::catalogue::embedded()?;
    let matrix = crate::selfcheck::run(a.parallel).await;
    let failures = matrix.baseline_failures();
    if !failures.is_empty() {
        return Err(format!(
            "the suite fails without any deviation, fix that first: {}",
            failures.join("; ")
        ));
    }
    let c = crate::selfcheck::coverage::build(&catalogue, &matrix);
    let md = crate::selfcheck::coverage::markdown(&c, matrix.elapsed.as_secs_f64());
    crate::out!("{md}");
    if let Some(dir) = a.output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&a.output, &md)
        .map_err(|e| format!("cannot write {}: {e}", a.output.display()))?;
    crate::outln!("Coverage report: {}", a.output.display());
    let complete = c.rules.complete() && c.deviations.complete() && c.scenarios.complete();
    Ok(if complete { exit::PASSED } else { exit::FAILED })
}

/// Peak resident memory of this process (Linux), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn bench(a: BenchArgs) -> Result<i32, String> {
    if let Some(BenchCommand::Notifications(n)) = a.what {
        return bench_notifications(n).await;
    }
    let mut walls = Vec::new();
    let mut scenarios = 0;
    for i in 0..=a.runs {
        let opts = RunOptions::embedded(MockConfig {
            deployment: Some(a.deployment.into()),
            ..MockConfig::default()
        });
        let start = Instant::now();
        let outcome = suite::run(opts).await.map_err(|e| e.to_string())?;
        let wall = start.elapsed();
        let c = outcome.report.counts();
        if c.failed > 0 {
            return Err(format!(
                "benchmark run {i} had {} failed scenarios; fix them first",
                c.failed
            ));
        }
        scenarios = c.passed;
        if i > 0 {
            walls.push(wall);
        }
    }
    walls.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let median = walls.get(walls.len() / 2).map(ms).unwrap_or_default();
    let min = walls.first().map(ms).unwrap_or_default();
    let max = walls.last().map(ms).unwrap_or_default();
    let deployment: Deployment = a.deployment.into();
    crate::outln!(
        "suite against the embedded mock ({deployment}): {scenarios} scenarios passed per run"
    );
    crate::outln!(
        "wall time over {} runs (after 1 warm-up): median {median:.0} ms, min {min:.0} ms, max {max:.0} ms",
        walls.len()
    );
    match peak_rss_kib() {
        Some(kib) => crate::outln!("peak RSS of the process: {:.1} MB", kib as f64 / 1024.0),
        None => crate::outln!("peak RSS: not available on this platform"),
    }
    Ok(exit::PASSED)
}

async fn bench_notifications(a: NotificationBenchArgs) -> Result<i32, String> {
    let opts = crate::notify_bench::Options {
        changes: usize::try_from(a.changes).map_err(|e| format!("--changes: {e}"))?,
        deployment: a.deployment.into(),
        processing_delay: Duration::from_millis(a.delay_ms),
        deadline: None,
    };
    match crate::notify_bench::run(&opts).await {
        Ok(report) => {
            crate::out!("{}", report.render());
            match peak_rss_kib() {
                Some(kib) => {
                    crate::outln!("  peak RSS of the process: {:.1} MB", kib as f64 / 1024.0)
                }
                None => crate::outln!("  peak RSS: not available on this platform"),
            }
            Ok(exit::PASSED)
        }
        // The measurement failed (not the usage): exit 1, like a failed scenario.
        Err(e) => {
            eprintln!("error: {e}");
            Ok(exit::FAILED)
        }
    }
}

const DIFF_EXIT_CODES: &str = "Exit codes:\n  0  no scenario regressed (a scenario that passed before and is inconclusive or an\n     error now is listed as \"could not be checked\", which is no regression)\n  1  a scenario that passed before fails now\n  2  a report is unreadable, not JUnit XML, or has no testcases (nothing to compare), or\n     (when nothing regressed) comes from a run that did not complete (killed or interrupted)";

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum DiffFormat {
    /// For the console.
    Text,
    /// Headings and tables, for a merge-request comment.
    Markdown,
}

#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
    /// The earlier JUnit report (e.g. the run on the old release).
    #[arg(value_name = "BEFORE")]
    pub(crate) before: PathBuf,
    /// The later JUnit report.
    #[arg(value_name = "AFTER")]
    pub(crate) after: PathBuf,
    /// How to print the comparison.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: DiffFormat,
    /// Write the comparison to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct MergeArgs {
    /// The shards' JUnit reports; a testcase may appear in only one of them.
    #[arg(value_name = "REPORT", required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// Where to write the merged report.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: PathBuf,
}

fn diff_reports(a: DiffArgs) -> Result<i32, String> {
    use crate::report::{diff, junit};
    let before = junit::read_file(&a.before)?;
    let after = junit::read_file(&a.after)?;
    if let Some(why) = diff::nothing_to_compare(&before, &after) {
        return Err(why);
    }
    let d = diff::diff(&before, &after);
    let text = match a.format {
        DiffFormat::Text => d.render_text(),
        DiffFormat::Markdown => d.render_markdown(),
    };
    match &a.output {
        Some(path) => {
            crate::report::junit::write_atomic(path, &text)?;
            let regressed = d.in_category(diff::Category::Regressed).count();
            crate::outln!(
                "{regressed} regressed; comparison written to {}",
                path.display()
            );
        }
        None => crate::out!("{text}"),
    }
    if let Some(e) = d.incomplete_error() {
        eprintln!("error: {e}");
        return Ok(exit::USAGE);
    }
    Ok(if d.regressed() {
        exit::FAILED
    } else {
        exit::PASSED
    })
}

fn merge_reports(a: MergeArgs) -> Result<i32, String> {
    use crate::report::junit;
    let reports = a
        .inputs
        .iter()
        .map(|p| junit::read_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    let merged = junit::merge(&reports)?;
    if let Some(why) = merged.incomplete() {
        eprintln!("warning: the merged report keeps the \"run did not complete\" error: {why}");
    }
    junit::write_atomic(&a.output, &merged.to_xml()?)?;
    let cases: usize = merged.suites.iter().map(|s| s.cases.len()).sum();
    crate::outln!(
        "merged {} reports ({cases} testcases) into {}",
        reports.len(),
        a.output.display()
    );
    Ok(exit::PASSED)
}
