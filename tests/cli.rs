//! The binary as a user runs it: exit codes, one-line errors, reports written anyway, and
//! no secret in anything it prints or writes.

mod common;

use finesse_conformance::mock_profile::MockProfile as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use finesse_conformance::profile::Profile;
use finesse_mock::{Deviation, MockConfig, MockServer};

use common::BIN;
const CANARY: &str = "Canary-7f3a!pw&<x>";

fn temp_dir(name: &str) -> common::TempDir {
    common::temp_dir("fc-cli", name)
}

async fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    common::run_bin(args, envs).await
}

use common::mock::{ProfileYaml, closed_port, mock_with_password};
use common::text;

/// A profile file for `p` with every password written as `${password_var}`.
fn write_profile(
    dir: &Path,
    p: &Profile,
    base_url: &str,
    password_var: &str,
    extra: &str,
) -> PathBuf {
    ProfileYaml {
        name: "test-profile",
        base_url,
        timeouts: "request: 2s, async_outcome: 1s, settle: 60ms, poll_interval: 10ms",
        max_concurrency: 16,
        agents: 4,
        mrd: true,
        extra,
    }
    .write(dir, p, password_var)
}

/// A run of the built-in suite against some base URL.
struct Ran {
    out: Output,
    took: Duration,
    junit: PathBuf,
    /// Holds the profile and the reports.
    _dir: common::TempDir,
}

/// Runs the built-in suite against `base_url` with a profile, in a fresh folder `name`, for
/// `mock`'s users (password `pw`).
async fn run_against(mock: &MockServer, name: &str, base_url: &str) -> Ran {
    let dir = temp_dir(name);
    let profile = write_profile(&dir, &mock.profile(), base_url, "FC_PW", "");
    let junit = dir.join("junit.xml");
    let started = Instant::now();
    let out = common::run_profile(&profile, &junit, &[], &[("FC_PW", "pw")]).await;
    Ran {
        out,
        took: started.elapsed(),
        junit,
        _dir: dir,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_port_exits_3_with_one_line_and_a_junit_of_errored_scenarios() {
    let mock = mock_with_password("pw").await;
    let url = format!("http://127.0.0.1:{}", closed_port());
    let ran = run_against(&mock, "closed", &url).await;
    assert!(ran.took < Duration::from_secs(10), "took {:?}", ran.took);
    let (stdout, stderr) = common::exited(&ran.out, 3);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains(&url), "{}", errors[0]);
    let xml = std::fs::read_to_string(&ran.junit).expect("junit written");
    common::check_junit_shape(&xml).expect("valid shape");
    common::xmllint(&ran.junit);
    // Not findings: the scenarios never ran, so they are errors, and none is a failure.
    let errors = xml.matches("<error type=\"error\" ").count();
    assert!(errors >= 35, "scenarios are listed as errors: {errors}");
    assert!(!xml.contains("<failure"), "{xml}");
    assert!(xml.contains("not run: cannot reach"), "the error says why");
    assert!(
        stdout.contains(&format!("0 failed, 0 inconclusive, {errors} errors")),
        "{stdout}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_canary_password_never_appears_in_output_reports_or_help() {
    let mock = mock_with_password(CANARY).await;
    // Make some scenarios fail, so failure messages and transcripts are written too.
    mock.set_deviation(Deviation::SupervisorAnyTeam, true);
    mock.set_deviation(Deviation::MediaOwnershipNotChecked, true);
    let dir = temp_dir("canary");
    let extra = format!(
        "capabilities:\n  nonvoice_media: true\n  fault_injection:\n    control_url: {}\n",
        mock.control_url()
    );
    let profile = write_profile(&dir, &mock.profile(), &mock.url(), "FC_CANARY_PW", &extra);
    let junit = dir.join("junit.xml");
    let env = [("FC_CANARY_PW", CANARY)];
    let p = profile.to_str().expect("utf8");
    let outs = [
        run(
            &[
                "run",
                "--profile",
                p,
                "--junit",
                junit.to_str().expect("utf8"),
                "-v",
            ],
            &env,
        )
        .await,
        run(&["--help"], &env).await,
        run(&["run", "--help"], &env).await,
        run(&["list", "--profile", p], &env).await,
    ];
    assert_eq!(
        outs[0].status.code(),
        Some(1),
        "some scenarios fail: {}",
        text(&outs[0]).0
    );
    let report = std::fs::read_to_string(&junit).expect("junit");
    assert!(report.contains("<failure"), "failures are in the report");
    assert!(
        report.contains("Authorization: Basic ***"),
        "the header shows, redacted"
    );
    let forms = [
        CANARY.to_string(),
        finesse_protocol::base64::encode(CANARY.as_bytes()),
        finesse_protocol::base64::encode(format!("agent1001:{CANARY}").as_bytes()),
        finesse_protocol::base64::encode(format!("1001:{CANARY}").as_bytes()),
        "Canary-7f3a".to_string(),
    ];
    for (i, o) in outs.iter().enumerate() {
        let (stdout, stderr) = text(o);
        assert_eq!(
            common::leaked(&stdout, &forms),
            None,
            "stdout of output {i}"
        );
        assert_eq!(
            common::leaked(&stderr, &forms),
            None,
            "stderr of output {i}"
        );
    }
    assert_eq!(common::leaked(&report, &forms), None, "the JUnit report");
    assert!(
        text(&outs[0]).0.contains("FAILED"),
        "progress lines show failures"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_against_a_plain_http_port_is_one_line_and_exit_3() {
    let mock = mock_with_password("pw").await;
    let url = format!("https://127.0.0.1:{}", mock.addr().port());
    let ran = run_against(&mock, "tls", &url).await;
    let (_, stderr) = common::exited(&ran.out, 3);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .expect("an error line");
    assert!(
        line.contains("TLS") && line.contains("speaks no TLS") && line.contains("base_url"),
        "{line}"
    );
    assert!(ran.junit.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_times_out_with_exit_3() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    // Accept connections and hold them without answering.
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    let mock = mock_with_password("pw").await;
    let ran = run_against(&mock, "timeout", &format!("http://127.0.0.1:{port}")).await;
    let (_, stderr) = common::exited(&ran.out, 3);
    assert!(
        stderr.contains("no response from") && stderr.contains("timeouts.request"),
        "{stderr}"
    );
    assert!(ran.took < Duration::from_secs(8), "took {:?}", ran.took);
}

async fn html_server() -> u16 {
    use axum::Router;
    let app = Router::new().fallback(|| async {
        (
            [("content-type", "text/html")],
            "<html><body>502 Bad Gateway</body></html>",
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_answers_html_fails_the_scenarios_without_a_panic() {
    let port = html_server().await;
    let mock = mock_with_password("pw").await;
    let ran = run_against(&mock, "html", &format!("http://127.0.0.1:{port}")).await;
    // The profile pins UCCE, so the run goes ahead and every scenario fails on the body.
    let (stdout, stderr) = common::exited(&ran.out, 1);
    assert!(
        stderr.contains("warning: cannot read SystemInfo"),
        "{stderr}"
    );
    let xml = std::fs::read_to_string(&ran.junit).expect("junit");
    assert!(
        xml.contains("the root element is &lt;html&gt;, not &lt;User&gt;")
            || xml.contains("the root element is <html>, not <User>"),
        "the failure names the body problem"
    );
    assert!(!stderr.contains("panicked") && !stdout.contains("panicked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_errors_exit_2_with_one_line_naming_file_and_key() {
    let dir = temp_dir("profile");
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "base_url: http://127.0.0.1:1\nusers:\n  agents:\n    - { id: \"1\", pasword: x }\n",
    )
    .expect("write");
    let out = run(&["run", "--profile", bad.to_str().expect("utf8")], &[]).await;
    let (_, stderr) = common::exited(&out, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("bad.yaml")
            && stderr.contains("users.agents[0]")
            && stderr.contains("pasword"),
        "{stderr}"
    );
    let missing = dir.join("missing-env.yaml");
    std::fs::write(&missing, "base_url: http://127.0.0.1:1\nusers:\n  agents:\n    - { id: \"1\", password: \"${FC_NOT_SET_ANYWHERE}\" }\n").expect("write");
    let out = run(&["run", "--profile", missing.to_str().expect("utf8")], &[]).await;
    let (_, stderr) = common::exited(&out, 2);
    assert!(
        stderr.contains("FC_NOT_SET_ANYWHERE") && stderr.contains("export"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_feature_file_exits_2_naming_file_and_line() {
    let dir = temp_dir("features");
    std::fs::write(dir.join("broken.feature"), "Feature: broken\n  Scenario: s\n    Given the agent is READY\n  this line is not gherkin\n").expect("write");
    let out = run(
        &[
            "run",
            "--no-builtin",
            "--features",
            dir.to_str().expect("utf8"),
            "--junit",
            dir.join("j.xml").to_str().expect("utf8"),
        ],
        &[],
    )
    .await;
    let (_, stderr) = common::exited(&out, 2);
    assert!(stderr.contains("broken.feature:4"), "{stderr}");
}

/// Runs the features in `dir` alone, the JUnit to `junit`.
async fn run_features(dir: &Path, junit: &Path) -> Output {
    let (dir, junit) = (dir.to_str().expect("utf8"), junit.to_str().expect("utf8"));
    run(
        &["run", "--no-builtin", "--features", dir, "--junit", junit],
        &[],
    )
    .await
}

/// A harness error (here a check with no request to check) is not Finesse's fault: an error,
/// and with nothing failed the run exits 4. (An undefined step is refused before the run with
/// exit 2: tests/hostile_features.rs.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_harness_error_is_an_error_and_exits_4() {
    let dir = temp_dir("undefined");
    std::fs::write(
        dir.join("u.feature"),
        "Feature: u\n  Scenario: s\n    Then the response status is 200\n",
    )
    .expect("write");
    let junit = dir.join("j.xml");
    let out = run_features(&dir, &junit).await;
    let (stdout, _) = common::exited(&out, 4);
    assert!(
        stdout.contains("no request has been sent in this scenario"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nErrors (the harness or the lab's infrastructure broke):\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 scenarios: 0 passed, 0 failed, 0 inconclusive, 1 errors, 0 skipped"),
        "{stdout}"
    );
    assert!(!stdout.contains("Failures ("), "{stdout}");
    let xml = std::fs::read_to_string(&junit).expect("junit");
    assert_eq!(xml.matches("<error type=\"error\"").count(), 1, "{xml}");
    assert!(!xml.contains("<failure"), "{xml}");
    common::check_junit_shape(&xml).expect("valid JUnit");
    common::xmllint(&junit);
    // One more scenario that fails outright turns the same run's exit code to 1.
    std::fs::write(
        dir.join("f.feature"),
        "Feature: f\n  Scenario: s\n    When the agent sends GET \"/finesse/api/User/{agent}\"\n    Then the response status is 599\n",
    )
    .expect("write");
    let out = run_features(&dir, &junit).await;
    let (stdout, _) = common::exited(&out, 1);
    assert!(
        stdout.contains("1 failed, 0 inconclusive, 1 errors"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_shows_tags_and_why_a_scenario_does_not_apply() {
    let out = run(&["list", "--deployment", "UCCX"], &[]).await;
    let (stdout, _) = common::exited(&out, 0);
    assert!(stdout.contains("@guide:12.5:p171"));
    assert!(
        stdout.contains("[skipped] NOT_READY with a reason code is accepted and becomes visible"),
        "{stdout}"
    );
    assert!(stdout.contains("applies to UCCE only; the target is UCCX"));
    assert!(stdout.contains("[applies] An agent signs in and lands in NOT_READY"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deviations_lists_every_switch_with_its_rule() {
    let out = run(&["deviations"], &[]).await;
    let (stdout, _) = text(&out);
    for d in Deviation::ALL.iter().copied() {
        assert!(
            stdout.contains(d.name()) && stdout.contains(d.rule()),
            "{d}"
        );
    }
}

/// What `mock` with `args` prints up to its "Press Ctrl-C" line.
async fn mock_banner(args: &[&str]) -> String {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(["mock", "--port", "0"]).args(args);
    common::mock_banner::start(cmd).await.1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mock_command_prints_its_url_and_users() {
    let all = mock_banner(&[]).await;
    assert!(all.contains("listening on http://127.0.0.1:"), "{all}");
    assert!(
        all.contains("login agent1001")
            && all.contains("Supervisor")
            && all.contains("Administrator"),
        "{all}"
    );
    assert!(!all.contains("notification requestIds"), "{all}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mock_can_leave_notification_request_ids_empty_and_refuses_other_modes() {
    let all = mock_banner(&["--notification-request-ids", "empty"]).await;
    assert!(
        all.contains("notification requestIds: empty, as a 12.5 lab sends them"),
        "{all}"
    );
    for cmd in ["mock", "run"] {
        let out = run(&[cmd, "--notification-request-ids", "sometimes"], &[]).await;
        let (_, err) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(err.contains("echo") && err.contains("empty"), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lab_teams_generic_step_feature_runs_and_can_fail() {
    let dir = temp_dir("generic");
    let features = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/features");
    let junit = dir.join("j.xml");
    let args = [
        "run",
        "--no-builtin",
        "--features",
        features,
        "--junit",
        junit.to_str().expect("utf8"),
    ];
    let out = run(&args, &[]).await;
    let (stdout, _) = common::exited(&out, 0);
    assert!(stdout.contains("1 passed"), "{stdout}");
    let mut broken = args.to_vec();
    broken.extend(["--deviation", "state-change-returns-200"]);
    let out = run(&broken, &[]).await;
    let (stdout, _) = common::exited(&out, 1);
    assert!(stdout.contains("expected status 202, got 200"), "{stdout}");
}

/// `finesse-conformance deviations | head -1`: the reader goes away before the list is
/// printed. That must not panic (the standard `println!` does on EPIPE).
#[test]
fn a_closed_stdout_is_no_panic() {
    let mut child = std::process::Command::new(BIN)
        .arg("deviations")
        .env_remove("RUST_BACKTRACE")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("it ends");
    let (_, stderr) = text(&out);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// Users' states and open dialogs, read through the API as each user.
async fn lab_snapshot(url: &str, p: &Profile, password: &str) -> Vec<(String, String, bool)> {
    let http = finesse_conformance::finesse::client::http_client(
        &Default::default(),
        Duration::from_secs(5),
    )
    .expect("client");
    let mut out = Vec::new();
    for u in p.users.agents[..4]
        .iter()
        .chain(&p.users.supervisors[..2])
        .chain(&p.users.other_team_agents[..2])
    {
        let get = |path: String| {
            http.get(format!("{url}{path}"))
                .basic_auth(u.auth_name(), Some(password))
                .send()
        };
        let user = get(format!("/finesse/api/User/{}", u.id))
            .await
            .expect("GET User")
            .text()
            .await
            .expect("body");
        let state = user
            .split("<state>")
            .nth(1)
            .and_then(|s| s.split("</state>").next())
            .unwrap_or("?")
            .to_string();
        let dialogs = get(format!("/finesse/api/User/{}/Dialogs", u.id))
            .await
            .expect("GET Dialogs")
            .text()
            .await
            .expect("body");
        out.push((u.id.clone(), state, dialogs.contains("<Dialog>")));
    }
    out
}

/// Waits for `path` to exist, with a deadline.
async fn appears(path: &Path, within: Duration) -> bool {
    common::until(within, || path.exists()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_run_leaves_a_valid_junit_and_restores_the_agents() {
    let cfg = MockConfig {
        processing_delay: Duration::from_millis(120),
        ..MockConfig::default()
    };
    let mock = MockServer::start(common::mock::with_password(cfg, "pw"))
        .await
        .expect("mock");
    let url = mock.url();
    let dir = temp_dir("interrupt");
    let profile = write_profile(&dir, &mock.profile(), &url, "FC_PW", "");
    let before = lab_snapshot(&url, &mock.profile(), "pw").await;
    let junit = dir.join("junit.xml");
    let child = tokio::process::Command::new(BIN)
        .args([
            "run",
            "--profile",
            profile.to_str().expect("utf8"),
            "--junit",
            junit.to_str().expect("utf8"),
            "--concurrency",
            "2",
        ])
        .env("FC_PW", "pw")
        .env_remove("RUST_BACKTRACE")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let pid = child.id().expect("pid").to_string();
    // The first feature has finished once the report exists: interrupt mid-run.
    assert!(
        appears(&junit, Duration::from_secs(60)).await,
        "no JUnit after the first feature"
    );
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(kill.success());
    let out = tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
        .await
        .expect("the run stops after the running scenarios finish")
        .expect("exit");
    let (_, stderr) = common::exited(&out, 130);
    assert!(stderr.contains("interrupted"), "{stderr}");
    let xml = std::fs::read_to_string(&junit).expect("junit");
    common::check_junit_shape(&xml).expect("valid JUnit");
    common::xmllint(&junit);
    assert!(xml.contains("not run: the run was interrupted"), "{xml}");
    let ran = xml.matches("<testcase ").count() - xml.matches("<skipped ").count();
    assert!(ran > 0, "what ran is in the report");
    assert_eq!(
        lab_snapshot(&url, &mock.profile(), "pw").await,
        before,
        "every user is back in its state, with no call up"
    );
}
