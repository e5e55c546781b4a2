//! `doctor` against the mock: every check holds on a right profile, and each kind of profile
//! mistake (a user that does not exist, a wrong team, a reason code of the other category, an
//! MRD that does not exist, a hook whose program is missing, an unreachable base URL) is named
//! by its profile key, in seconds, with no secret in the output. And the preflight of `run`:
//! a profile naming a user that does not exist gives no fail, only inconclusive scenarios that
//! name that user (exit 4).

mod common;

use finesse_conformance::mock_profile::MockProfile as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use finesse_conformance::doctor::{self, Line, Options, Report, Status};
use finesse_conformance::domain::exit;
use finesse_conformance::domain::results::Outcome;
use finesse_conformance::profile::{
    Auth, Deployment, FaultCommands, FaultInjection, Identity, MrdData, Profile, Secret,
};
use finesse_conformance::suite::{self, RunOptions, Target};
use finesse_mock::{MockConfig, MockServer};

use common::BIN;
const CANARY: &str = "Canary-9d2b!pw&<x>";

async fn mock(deployment: Deployment) -> MockServer {
    let cfg = MockConfig {
        deployment: Some(deployment),
        ..MockConfig::default()
    };
    MockServer::start(cfg).await.expect("mock")
}

async fn check(p: &Profile) -> Report {
    doctor::check(p, Options::default()).await
}

fn problems(r: &Report) -> Vec<&Line> {
    r.problems().collect()
}

fn problem<'r>(r: &'r Report, subject: &str) -> &'r Line {
    r.lines
        .iter()
        .find(|l| l.status == Status::Problem && l.subject == subject)
        .unwrap_or_else(|| panic!("no problem on {subject}: {:#?}", problems(r)))
}

/// The problem on `subject`, whose text must contain `words`.
fn problem_says<'r>(r: &'r Report, subject: &str, words: &str) -> &'r Line {
    let line = problem(r, subject);
    assert!(line.text.contains(words), "{line:?}");
    line
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_check_holds_on_the_mocks_own_profile_on_ucce_and_uccx() {
    for d in [Deployment::Ucce, Deployment::Uccx] {
        let m = mock(d).await;
        let r = check(&m.profile()).await;
        assert!(r.holds(), "{d}: {:#?}", problems(&r));
        let doubts: Vec<_> = r
            .lines
            .iter()
            .filter(|l| l.status == Status::Doubt)
            .collect();
        assert!(doubts.is_empty(), "{d}: {doubts:#?}");
        assert!(r.findings.is_empty());
        for subject in [
            "base_url",
            "deployment",
            "status",
            "systemAuthMode",
            "xmppDomain",
            "users.agents[0]",
            "users.supervisors[0]",
            "users.other_team_agents[0]",
            "users.admin",
            "test_data.reason_codes.NOT_READY.other_team",
            "capabilities.notifications",
            "capabilities.fault_injection.control_url",
        ] {
            assert!(
                r.lines
                    .iter()
                    .any(|l| l.status == Status::Ok && l.subject == subject),
                "{d}: no passing check on {subject}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_that_does_not_exist_is_named_in_under_five_seconds() {
    let m = mock(Deployment::Ucce).await;
    let mut p = m.profile();
    p.users.agents[1].id = "9999".into();
    p.users.agents[2].auth = Auth::Password(Secret::new("not-the-password"));
    let started = Instant::now();
    let r = check(&p).await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(r.exit_code(), exit::USAGE);
    let gone = problem(&r, "users.agents[1]");
    assert!(
        gone.text.contains("9999") && gone.text.contains("no user with this id"),
        "{gone:?}"
    );
    let refused = problem(&r, "users.agents[2]");
    assert!(refused.text.contains("password is refused"), "{refused:?}");
    assert!(refused.fix.as_deref().is_some_and(|f| f.contains("lock")));
    assert_eq!(problems(&r).len(), 2, "{:#?}", problems(&r));
    let bad: Vec<String> = r.findings.identities.keys().map(|e| e.key()).collect();
    assert_eq!(bad, ["users.agents[1]", "users.agents[2]"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_on_the_wrong_team_or_in_the_wrong_role_are_named() {
    let m = mock(Deployment::Ucce).await;
    let mut p = m.profile();
    let (agent, other) = (
        p.users.agents[5].clone(),
        p.users.other_team_agents[0].clone(),
    );
    p.users.agents[1] = other.clone();
    p.users.agents[3].team_id = Some("5001".into());
    p.users.supervisors[0] = agent.clone();
    p.users.other_team_agents[0] = agent;
    let r = check(&p).await;
    problem_says(
        &r,
        "users.agents[1]",
        "on team 5001, the agents' team is 5000",
    );
    problem_says(
        &r,
        "users.agents[3]",
        "the profile says team_id 5001; its User's teamId is 5000",
    );
    let sup = problem(&r, "users.supervisors[0]");
    assert!(
        sup.text.contains("no Supervisor role")
            && sup
                .text
                .contains("does not supervise the agents' team 5000"),
        "{sup:?}"
    );
    let elsewhere = problem(&r, "users.other_team_agents[0]");
    assert!(
        elsewhere.text.contains("on the agents' team 5000"),
        "{elsewhere:?}"
    );
    assert_eq!(problems(&r).len(), 4, "{:#?}", problems(&r));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reason_code_of_the_wrong_category_or_a_code_value_is_named() {
    let m = mock(Deployment::Ucce).await;
    let mut p = m.profile();
    // 22 is team A's LOGOUT code; "3" is a <code> value, not a database id.
    p.test_data.reason_codes.not_ready.team = Some("22".into());
    p.test_data.reason_codes.logout.global = Some("3".into());
    let r = check(&p).await;
    let cat = problem(&r, "test_data.reason_codes.NOT_READY.team");
    assert!(
        cat.text
            .contains("22 is a LOGOUT reason code, not NOT_READY"),
        "{cat:?}"
    );
    let value = problem(&r, "test_data.reason_codes.LOGOUT.global");
    assert!(
        value.text.contains("no reason code has database id 3")
            && value.text.contains("database id is 12"),
        "{value:?}"
    );
    assert_eq!(problems(&r).len(), 2, "{:#?}", problems(&r));
    assert!(
        r.findings
            .codes
            .contains_key(&("NOT_READY".into(), "team".into()))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mrds_that_do_or_do_not_exist_are_named() {
    let m = mock(Deployment::Ucce).await;
    let mut p = m.profile();
    p.test_data.mrd = Some(MrdData {
        valid: "5003".into(),
        unknown: "5002".into(),
    });
    let r = check(&p).await;
    let valid = problem(&r, "test_data.mrd.valid");
    assert!(
        valid.text.contains("5003 is no media routing domain"),
        "{valid:?}"
    );
    let unknown = problem(&r, "test_data.mrd.unknown");
    assert!(
        unknown.text.contains("5002 is in the agent's media list"),
        "{unknown:?}"
    );
    assert!(r.findings.mrd.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hook_whose_program_is_missing_is_named_and_nothing_is_run() {
    let m = mock(Deployment::Ucce).await;
    let mut p = m.profile();
    let marker = std::env::temp_dir().join(format!("fc-doctor-hook-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    p.capabilities.fault_injection = Some(FaultInjection::Commands(Box::new(FaultCommands {
        conference_bridge_full: Some("fc-no-such-hook-program --fill".into()),
        conference_bridge_free: Some(format!("touch {}", marker.display())),
        ..FaultCommands::default()
    })));
    let r = check(&p).await;
    let missing = problem(
        &r,
        "capabilities.fault_injection.commands.conference_bridge_full",
    );
    assert!(
        missing
            .text
            .contains("fc-no-such-hook-program is not found on PATH"),
        "{missing:?}"
    );
    let free = common::doctor_line(
        &r,
        "capabilities.fault_injection.commands.conference_bridge_free",
    );
    assert_eq!(free.status, Status::Ok, "{free:?}");
    assert!(!marker.exists(), "hooks run only with --run-hooks");
    assert!(r.findings.hooks.contains_key("conference_bridge_full"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_hooks_switches_each_fault_on_and_off_again() {
    let m = mock(Deployment::Ucce).await;
    let r = doctor::check(&m.profile(), Options { run_hooks: true }).await;
    let ran: Vec<&Line> = r
        .lines
        .iter()
        .filter(|l| l.subject == "--run-hooks" && l.status != Status::Info)
        .collect();
    assert_eq!(ran.len(), 7, "{ran:#?}");
    assert!(ran.iter().all(|l| l.status == Status::Ok), "{ran:#?}");
    // Every fault is off again: a second doctor finds Finesse in service.
    let again = check(&m.profile()).await;
    assert!(again.holds(), "{:#?}", problems(&again));
}

// ---- The binary ----

fn temp_dir(name: &str) -> common::TempDir {
    common::temp_dir("fc-doctor", name)
}

async fn bin(args: &[&str], envs: &[(&str, &str)]) -> (Output, Duration) {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(args).env_remove("RUST_BACKTRACE");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let out = cmd.output().await.expect("the binary runs");
    (out, started.elapsed())
}

use common::text;

/// `doctor --profile <profile>` with `FC_DOCTOR_PW=password`, which must find one problem:
/// exit 2 within 5 s and one ✗ line. That line, stdout and stderr.
async fn doctor_finds_one_problem(profile: &Path, password: &str) -> (String, String, String) {
    let (out, took) = bin(
        &["doctor", "--profile", profile.to_str().expect("utf8")],
        &[("FC_DOCTOR_PW", password)],
    )
    .await;
    let (stdout, stderr) = common::exited(&out, 2);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let bad: Vec<&str> = stdout.lines().filter(|l| l.starts_with('✗')).collect();
    assert_eq!(bad.len(), 1, "{stdout}");
    (bad[0].to_string(), stdout, stderr)
}

/// A YAML profile for `p`'s users (every password `${var}`) at `base_url`.
fn write_yaml(dir: &Path, p: &Profile, base_url: &str, var: &str) -> PathBuf {
    let ident = |i: &Identity| {
        format!(
            "    - {{ id: \"{}\", login_id: \"{}\", password: \"${{{var}}}\", extension: \"{}\", team_id: \"{}\" }}\n",
            i.id,
            i.auth_name(),
            i.extension.clone().unwrap_or_default(),
            i.team_id.clone().unwrap_or_default()
        )
    };
    let list = |ids: &[Identity]| ids.iter().map(ident).collect::<String>();
    let code = |v: &Option<String>| v.clone().unwrap_or_default();
    let (nr, lo) = (
        &p.test_data.reason_codes.not_ready,
        &p.test_data.reason_codes.logout,
    );
    let yaml = format!(
        "name: doctor-test\nbase_url: {base_url}\ntimeouts: {{ request: 2s }}\ndeployment: UCCE\n\
         users:\n  agents:\n{}  supervisors:\n{}  other_team_agents:\n{}\
         test_data:\n  mrd: {{ valid: \"5001\", unknown: \"9999\" }}\n  reason_codes:\n\
         \x20   NOT_READY: {{ team: \"{}\", global: \"{}\", system: \"{}\", other_team: \"{}\" }}\n\
         \x20   LOGOUT: {{ team: \"{}\", global: \"{}\", system: \"{}\", other_team: \"{}\" }}\n",
        list(&p.users.agents[..2]),
        list(&p.users.supervisors[..1]),
        list(&p.users.other_team_agents[..1]),
        code(&nr.team),
        code(&nr.global),
        code(&nr.system),
        code(&nr.other_team),
        code(&lo.team),
        code(&lo.global),
        code(&lo.system),
        code(&lo.other_team),
    );
    let path = dir.join("lab.yaml");
    std::fs::write(&path, yaml).expect("write profile");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_without_a_profile_checks_the_embedded_mock_and_exits_0() {
    let (out, took) = bin(&["doctor"], &[]).await;
    let (stdout, _) = common::exited(&out, 0);
    assert!(stdout.contains("✓ users.agents[0]"), "{stdout}");
    assert!(!stdout.contains('✗'), "{stdout}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let (help, _) = bin(&["doctor", "--help"], &[]).await;
    let (help, _) = text(&help);
    assert!(
        help.contains("Exit codes") && help.contains("--run-hooks"),
        "{help}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_user_in_a_yaml_profile_exits_2_naming_the_entry_and_no_secret() {
    let m = common::mock::mock_with_password(CANARY).await;
    let mut p = m.profile();
    p.users.agents[1].id = "9999".into();
    let dir = temp_dir("wrong-user");
    let path = write_yaml(&dir, &p, &m.url(), "FC_DOCTOR_PW");
    let (bad, stdout, stderr) = doctor_finds_one_problem(&path, CANARY).await;
    assert!(bad.starts_with("✗ users.agents[1]: 9999"), "{bad}");
    assert!(bad.contains("(fix: "), "{bad}");
    let forms = [
        CANARY.to_string(),
        "Canary-9d2b".to_string(),
        finesse_protocol::base64::encode(CANARY.as_bytes()),
        finesse_protocol::base64::encode(format!("agent1001:{CANARY}").as_bytes()),
    ];
    assert_eq!(common::leaked(&stdout, &forms), None, "stdout");
    assert_eq!(common::leaked(&stderr, &forms), None, "stderr");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_base_url_is_one_line_and_exit_2() {
    let m = mock(Deployment::Ucce).await;
    let dir = temp_dir("unreachable");
    let url = format!("http://127.0.0.1:{}", common::mock::closed_port());
    let path = write_yaml(&dir, &m.profile(), &url, "FC_DOCTOR_PW");
    let (bad, stdout, stderr) = doctor_finds_one_problem(&path, "pw").await;
    assert!(
        bad.starts_with("✗ base_url: cannot reach") && bad.contains(&url),
        "{bad}"
    );
    assert!(!stdout.contains("panicked") && !stderr.contains("panicked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tls_failure_is_told_apart_from_a_refused_connection() {
    let m = mock(Deployment::Ucce).await;
    let mut p = m.profile();
    // TLS spoken to a plain HTTP port.
    p.base_url = format!("https://127.0.0.1:{}", m.addr().port());
    let r = check(&p).await;
    let tls = problem(&r, "base_url");
    assert!(tls.text.contains("TLS handshake"), "{tls:?}");
    // No TLS on that port: the fix is the URL, not a CA.
    assert!(
        tls.fix
            .as_deref()
            .is_some_and(|f| f.contains("base_url") && f.contains("speaks no TLS")),
        "{tls:?}"
    );
    assert_eq!(
        problems(&r).len(),
        1,
        "the rest is not run: {:#?}",
        problems(&r)
    );
}

// ---- The preflight of `run` ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_with_a_user_that_does_not_exist_has_no_fail_only_inconclusive_naming_it() {
    let m = mock(Deployment::Ucce).await;
    let mut p = m.profile();
    // A small lab: two agents, and the second one does not exist.
    p.users.agents.truncate(2);
    p.users.agents[1].id = "9999".into();
    p.users.supervisors.truncate(2);
    p.users.other_team_agents.truncate(1);
    p.users.wrap_up_agents.truncate(2);
    p.max_concurrency = 8;
    let started = Instant::now();
    let r = check(&p).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        problems(&r)
            .iter()
            .map(|l| l.subject.as_str())
            .collect::<Vec<_>>(),
        ["users.agents[1]"]
    );
    let opts = RunOptions {
        target: Target::Profile(Box::new(p)),
        ..RunOptions::embedded(MockConfig::default())
    };
    let outcome = suite::run(opts).await.expect("the suite runs");
    let counts = outcome.report.counts();
    let not_passed: Vec<String> = outcome
        .report
        .scenarios()
        .filter_map(|s| match &s.outcome {
            Outcome::Failed { message, .. } | Outcome::Error { message, .. } => {
                Some(format!("{} › {}: {message}", s.classname, s.name))
            }
            _ => None,
        })
        .collect();
    assert!(not_passed.is_empty(), "{not_passed:#?}");
    assert!(counts.inconclusive > 0, "{counts:?}");
    for s in outcome.report.scenarios() {
        if let Outcome::Inconclusive { reason, .. } = &s.outcome {
            assert!(
                reason.contains("users.agents[1] (id 9999)") && reason.contains("preflight"),
                "{} › {}: {reason}",
                s.classname,
                s.name
            );
        }
    }
    assert_eq!(outcome.exit_code, exit::INCOMPLETE, "{counts:?}");
    assert!(
        counts.passed > 50,
        "the rest ran with the good agent: {counts:?}"
    );
}
