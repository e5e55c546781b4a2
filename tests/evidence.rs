//! Vendor evidence from a real run: the mock's users all have a canary password, deviations
//! make built-in scenarios fail or leave them inconclusive (calls that never ring), and a
//! scenario of our own carries the canary in its name and its step text (which reach the
//! report unredacted, as a lab team's feature file could). Only a fail gets a finding; the
//! others get a note that they are none. No file the evidence folders or the HTML report hold
//! may contain the canary in any form, and the reproducer of a failure sends the same request
//! and gets the same answer.

mod common;

use finesse_conformance::mock_profile::MockProfile as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use finesse_conformance::domain::catalogue;
use finesse_conformance::domain::results::Outcome;
use finesse_conformance::redact::Redactor;
use finesse_conformance::report::{evidence, html};
use finesse_conformance::suite::{self, RunOptions, Target};
use finesse_mock::{Deviation, MockConfig, MockServer};

/// A quote, an ampersand and angle brackets: each escaping a writer applies changes its form.
const CANARY: &str = "Canary-5e1d'pw&<x>";

// The canary's encoded forms, written out by hand rather than computed here: a test that
// rebuilt the encoders it checks could agree with a wrong one.
const PERCENT: &str = "Canary-5e1d%27pw%26%3Cx%3E";
const XML_ESCAPED: &str = "Canary-5e1d&apos;pw&amp;&lt;x&gt;";
const BASE64: &str = "Q2FuYXJ5LTVlMWQncHcmPHg+";
/// Base64 of `agent1001:<canary>`, the first agent's Basic credentials.
const BASIC: &str = "YWdlbnQxMDAxOkNhbmFyeS01ZTFkJ3B3Jjx4Pg==";
const LOGIN: &str = "agent1001";

fn temp_dir(name: &str) -> common::TempDir {
    common::temp_dir("fc-evidence-it", name)
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        out.push(p.clone());
        if p.is_dir() {
            files_under(&p, out);
        }
    }
}

/// A feature that fails and names the canary where the client's redaction cannot reach it.
fn leaky_feature(dir: &Path) {
    let feature = format!(
        "@guide:12.5:p42\nFeature: Secrets in a lab team's own feature file\n\n  Scenario: A password in a name {CANARY} {BASIC} {XML_ESCAPED}\n    When the agent sends GET \"/finesse/api/User/{{agent}}?pw={CANARY}&enc={PERCENT}\"\n    Then the response status is 404\n"
    );
    std::fs::write(dir.join("leaky.feature"), feature).expect("feature written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_and_html_hold_no_form_of_the_password_and_reproduce_the_failure() {
    let mut cfg = MockConfig {
        // How long the calls that never ring are waited for.
        outcome_deadline: Duration::from_secs(2),
        ..MockConfig::default()
    };
    cfg.fixture.set_passwords(CANARY);
    let mock = MockServer::start(cfg).await.expect("mock");
    mock.set_deviation(Deviation::UnknownMrdReturns400, true);
    mock.set_deviation(Deviation::CallNeverRings, true);
    let profile = mock.profile();
    let login = profile.users.agents[0].auth_name().to_string();
    let work = temp_dir("canary");
    let features = work.join("features");
    std::fs::create_dir_all(&features).expect("features dir");
    assert_eq!(login, LOGIN, "BASIC is written for the mock's first agent");
    leaky_feature(&features);

    let mut opts = RunOptions::embedded(MockConfig::default());
    opts.target = Target::Profile(Box::new(profile.clone()));
    opts.feature_dirs = vec![features];
    let report = suite::run(opts).await.expect("the suite runs").report;

    let forms = [
        CANARY.to_string(),
        "Canary-5e1d".to_string(),
        PERCENT.to_string(),
        XML_ESCAPED.to_string(),
        BASE64.to_string(),
        BASIC.to_string(),
    ];
    // The report itself carries the canary, so skipping redaction would fail this test.
    let raw = format!("{:?}", report.features);
    assert!(
        forms.iter().filter(|f| raw.contains(f.as_str())).count() >= 4,
        "the leaky scenario did not bring the canary into the report"
    );
    let failed = report
        .scenarios()
        .filter(|s| matches!(s.outcome, Outcome::Failed { .. }))
        .count();
    assert!(failed >= 2, "the deviation and the leaky scenario fail");
    let c = report.counts();
    assert!(c.inconclusive > 0, "calls that never ring: {c:?}");

    // As the suite builds its own: every password, paired with every user name.
    let u = &profile.users;
    let names: Vec<String> = u
        .agents
        .iter()
        .chain(&u.supervisors)
        .chain(&u.other_team_agents)
        .chain(&u.wrap_up_agents)
        .chain(u.admin.iter())
        .map(|i| i.auth_name().to_string())
        .collect();
    let redactor = Redactor::new(&profile.secrets(), &names);
    let catalogue = catalogue::embedded().expect("catalogue");
    let evidence_dir = work.join("evidence");
    let folders = evidence::write(&report, &catalogue, &redactor, &evidence_dir).expect("evidence");
    let not_passed: Vec<_> = report
        .scenarios()
        .filter(|s| s.outcome.verdict().is_some())
        .collect();
    assert_eq!(
        folders.len(),
        not_passed.len(),
        "one folder per scenario that failed, was inconclusive or errored"
    );
    // A finding only for a fail; a note that it is none for the others.
    for (s, folder) in not_passed.iter().zip(&folders) {
        let has = |file: &str| folder.join(file).is_file();
        let fail = s.outcome.is_failed();
        assert_eq!(has(evidence::FINDING), fail, "{}", folder.display());
        assert_eq!(has(evidence::REPRODUCE), fail, "{}", folder.display());
        assert!(
            !has(evidence::SYSTEM_INFO),
            "one for the run: {}",
            folder.display()
        );
        assert_eq!(has(evidence::NOT_A_FINDING), !fail, "{}", folder.display());
        assert!(has(evidence::TRANSCRIPT), "{}", folder.display());
        if !fail {
            let note = std::fs::read_to_string(folder.join(evidence::NOT_A_FINDING)).expect("note");
            assert!(
                note.starts_with("# Not a Finesse finding: ")
                    && note.contains("Do not attach it to a TAC case"),
                "{note}"
            );
        }
    }
    assert!(
        evidence_dir.join(evidence::SYSTEM_INFO).is_file(),
        "the run's SystemInfo, beside the folders"
    );
    html::write(&report, &catalogue, &redactor, &work.join("report.html")).expect("html");

    let mut written = Vec::new();
    files_under(&evidence_dir, &mut written);
    written.push(work.join("report.html"));
    assert!(written.len() > 5 * failed, "{written:?}");
    for path in &written {
        let shown = path.display().to_string();
        let name = path
            .strip_prefix(&work)
            .unwrap_or(path)
            .display()
            .to_string();
        assert!(
            !name.to_lowercase().contains("canary-5e1d"),
            "a file name holds the canary: {shown}"
        );
        if path.is_dir() {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("utf8");
        for f in &forms {
            assert!(!text.contains(f.as_str()), "{shown} holds {f}");
        }
    }

    reproduce_against_the_mock(&report, &folders, &mock);
}

/// Runs the reproducer of an unknown-MRD failure against the still running mock: curl must
/// get the status the suite saw.
fn reproduce_against_the_mock(
    report: &finesse_conformance::domain::results::RunReport,
    folders: &[PathBuf],
    mock: &MockServer,
) {
    let (folder, status) = report
        .scenarios()
        .filter(|s| s.outcome.verdict().is_some())
        .zip(folders)
        .filter(|(s, _)| s.outcome.is_failed())
        .find_map(|(s, folder)| {
            let x = s.transcript.last_step_exchange()?;
            (x.url.contains("/Media/9999") && x.method == "PUT").then_some((folder, x.status))
        })
        .expect("a failed unknown-MRD scenario whose failing request is a Media PUT");
    let out = std::process::Command::new("sh")
        .arg(folder.join(evidence::REPRODUCE))
        .env("FINESSE_PASSWORD", CANARY)
        .env("FINESSE_BASE_URL", mock.url())
        .env_remove("FINESSE_USER")
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("curl: not found") && !stderr.contains("curl: command not found"),
        "curl is not installed: install it (apt-get install -y curl) to check reproduce.sh"
    );
    let first = stdout.lines().next().unwrap_or_default();
    let expected = status.map(|s| s.to_string()).unwrap_or_default();
    assert!(
        first.starts_with("HTTP/") && first.split_whitespace().nth(1) == Some(expected.as_str()),
        "reproduce.sh in {} got {first:?}, the suite saw {expected}: {stderr}",
        folder.display()
    );
}
