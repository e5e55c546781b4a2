//! Evidence folders from a synthetic report whose exchanges carry a canary password in every
//! form it could take. The report builders here are shared with the HTML report's tests.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::*;
use crate::domain::results::{Attempt, FeatureReport, TargetSummary};
use crate::finesse::client::Exchange;

/// Quote, ampersand and angle brackets: every escaping a writer does changes its form.
pub(crate) const CANARY: &str = "C4nary'Pw&<x>\"z";

// The canary's encoded forms, written out by hand rather than computed here: a test that
// rebuilt the encoders it checks could agree with a wrong one.
/// Percent-encoded (RFC 3986 unreserved characters kept).
const PERCENT: &str = "C4nary%27Pw%26%3Cx%3E%22z";
/// XML-escaped, all five predefined entities.
const XML_ESCAPED: &str = "C4nary&apos;Pw&amp;&lt;x&gt;&quot;z";
/// Base64 of the canary alone, and of `agent1:<canary>` (the Basic credentials).
const BASE64: &str = "QzRuYXJ5J1B3Jjx4PiJ6";
const BASIC: &str = "YWdlbnQxOkM0bmFyeSdQdyY8eD4ieg==";

/// Every form of the canary that must never be written (its stem catches partial forms).
pub(crate) fn canary_forms() -> Vec<String> {
    [CANARY, "C4nary", PERCENT, XML_ESCAPED, BASE64, BASIC]
        .map(String::from)
        .to_vec()
}

pub(crate) fn test_rules() -> Vec<Rule> {
    vec![Rule {
        id: "media.unknown-mrd-404".into(),
        release: "12.5".into(),
        page: "p171".into(),
        statement: "An unknown mrdId answers 404 Not Found.".into(),
        endpoint: "PUT /finesse/api/User/{id}/Media/{mrdId}".into(),
        expected: "404 Not Found".into(),
        black_box: true,
        why: None,
    }]
}

const BASE: &str = "http://127.0.0.1:9";
const FAILING_PATH: &str = "/finesse/api/User/1001/Media/9999";

fn failing_url() -> String {
    format!("{BASE}{FAILING_PATH}?pw={CANARY}&enc={PERCENT}")
}

fn failing_body() -> String {
    format!(
        "<Media><state>LOGIN</state><note>it's</note><pw>{XML_ESCAPED}</pw><raw>{CANARY}</raw><b64>{BASE64}</b64></Media>"
    )
}

fn exchange(method: &str, url: String, body: Option<String>, status: u16) -> Entry {
    Entry::Http(Exchange {
        started: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        duration: Duration::from_millis(3),
        user: Some("agent1".into()),
        method: method.into(),
        url,
        request_headers: vec![
            ("Authorization".into(), format!("Basic {BASIC}")),
            ("requestId".into(), "fc-1".into()),
            ("X-Debug".into(), format!("password={CANARY}")),
            ("Content-Type".into(), "application/xml".into()),
        ],
        request_body: body,
        status: Some(status),
        response_headers: vec![("Content-Type".into(), "application/xml".into())],
        response_body: Some(format!(
            "<ApiErrors><ApiError><ErrorType>Invalid Input</ErrorType><ErrorMessage>{XML_ESCAPED}</ErrorMessage></ApiError></ApiErrors>"
        )),
        error: None,
    })
}

fn note(text: &str) -> Entry {
    Entry::Note {
        at: SystemTime::UNIX_EPOCH,
        text: text.into(),
    }
}

fn scenario(name: &str, line: usize, outcome: Outcome) -> ScenarioReport {
    ScenarioReport {
        key: ("features/media/sign_in.feature".into(), line),
        classname: "media.sign_in".into(),
        name: name.into(),
        tags: vec![
            "guide:12.5:p171".into(),
            "rule:media.unknown-mrd-404".into(),
            "rule:not.in.catalogue".into(),
        ],
        outcome,
        duration: Duration::from_millis(40),
        transcript: Transcript::default(),
        steps: Vec::new(),
        earlier: Vec::new(),
        warnings: Vec::new(),
    }
}

/// An exchange that got no answer (an error's last request).
fn unanswered(url: String) -> Entry {
    let Entry::Http(mut x) = exchange("GET", url, None, 0) else {
        unreachable!("exchange() makes an HTTP entry")
    };
    x.status = None;
    x.response_headers.clear();
    x.response_body = None;
    x.error = Some("no response within 2s".into());
    x.duration = Duration::from_secs(2);
    Entry::Http(x)
}

/// One failed scenario (retried once), one flaky (an inconclusive attempt first), one
/// skipped, one passed, one inconclusive with a lab warning, one error.
pub(crate) fn synthetic_report() -> RunReport {
    let transcript = Transcript {
        entries: vec![
            note("scenario uses agent1"),
            exchange("PUT", failing_url(), Some(failing_body()), 400),
            note("cleanup: restoring states"),
            exchange(
                "PUT",
                format!("{BASE}/finesse/api/User/1001"),
                Some("<User><state>LOGOUT</state></User>".into()),
                202,
            ),
        ],
        steps_end: 2,
    };
    let failure = Outcome::Failed {
        step: Some(format!("Then the response status is 404 (pw {CANARY})")),
        message: format!("expected 404, got 400 Invalid Input ({CANARY})"),
    };
    let attempt = Attempt {
        outcome: failure.clone(),
        duration: Duration::from_millis(30),
        transcript: transcript.clone(),
    };
    let mut failed = scenario("Unknown MRD [UCCE: mrd=9999]", 42, failure);
    failed.transcript = transcript;
    failed.earlier = vec![attempt.clone()];
    let mut flaky = scenario("Sign in to chat", 50, Outcome::Passed);
    flaky.earlier = vec![Attempt {
        outcome: Outcome::Inconclusive {
            step: Some("Given the agent is signed in to chat".into()),
            reason: "no chat MRD answered in time".into(),
        },
        ..attempt
    }];
    let skipped = scenario(
        "Chat on UCCX",
        60,
        Outcome::Skipped {
            reason: "the platform has no chat MRD (UCCX)".into(),
        },
    );
    let passed = scenario("Sign in to email", 70, Outcome::Passed);
    let mut inconclusive = scenario(
        "Sign in while on a call",
        80,
        Outcome::Inconclusive {
            step: Some("Given the agent is on a call with the second agent".into()),
            reason: format!("waited 5s for 1002 to have a ringing call; it has [] ({CANARY})"),
        },
    );
    inconclusive.transcript = Transcript {
        entries: vec![
            note("scenario uses agent1"),
            exchange(
                "GET",
                format!("{BASE}/finesse/api/User/1002/Dialogs?pw={CANARY}"),
                None,
                200,
            ),
        ],
        steps_end: 2,
    };
    inconclusive.warnings = vec![format!(
        "cleanup could not restore 1001 (NOT_READY): 500 ({CANARY})"
    )];
    let mut error = scenario(
        "Sign in when the lab is down",
        90,
        Outcome::Error {
            step: Some("When the agent signs in to chat".into()),
            message: format!("no response from {BASE} within 2s (timeouts.request)"),
        },
    );
    error.transcript = Transcript {
        entries: vec![unanswered(format!("{BASE}/finesse/api/User/1001/Media/2"))],
        steps_end: 1,
    };
    RunReport {
        target: TargetSummary {
            profile: "lab".into(),
            base_url: BASE.into(),
            deployment: Some("UCCE".into()),
            version: Some("12.5(1)".into()),
            system_info: Some(format!(
                "<SystemInfo><deploymentType>UCCE</deploymentType><version>12.5(1)</version><x>{CANARY}</x></SystemInfo>"
            )),
            shard: None,
        },
        started: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        duration: Duration::from_millis(1500),
        features: vec![FeatureReport {
            path: "features/media/sign_in.feature".into(),
            name: "Media — Sign In".into(),
            scenarios: vec![failed, flaky, skipped, passed, inconclusive, error],
        }],
    }
}

fn redactor() -> Redactor {
    Redactor::new(&[CANARY.to_string()], &["agent1".to_string()])
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fc-evidence-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn read(folder: &Path, file: &str) -> String {
    std::fs::read_to_string(folder.join(file)).expect("file written")
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The names of the files in a folder, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn each_failed_scenario_gets_a_folder_with_the_evidence() {
    let dir = temp_dir("folder");
    let report = synthetic_report();
    let written = write(&report, &test_rules(), &redactor(), &dir).expect("written");
    assert_eq!(
        written.len(),
        3,
        "the failed, the inconclusive and the errored scenario: {written:?}"
    );
    let folder = &written[0];
    assert_eq!(
        names_in(folder),
        [MARKER, FINDING, REPRODUCE, TRANSCRIPT],
        "a fail has the whole evidence (SystemInfo is beside the folders)"
    );
    assert_eq!(
        folder.file_name().and_then(|n| n.to_str()),
        Some("media-sign-in-unknown-mrd-ucce-mrd-9999")
    );
    assert!(folder.join(MARKER).is_file());

    let transcript = read(folder, TRANSCRIPT);
    let failing = transcript
        .rfind("=== the failing step's last request")
        .expect("failing request marked");
    let cleanup = transcript.rfind("=== cleanup").expect("cleanup marked");
    assert!(failing < cleanup, "{transcript}");
    assert!(
        transcript[failing..cleanup].contains("/Media/9999")
            && transcript[cleanup..].contains("LOGOUT"),
        "{transcript}"
    );
    assert!(transcript.contains("attempt 1 of 2") && transcript.contains("attempt 2 of 2"));
    assert!(
        transcript.contains("2023-11-14T22:13:20.000Z"),
        "timestamps"
    );
    assert!(transcript.contains("(3.0 ms)"), "durations");

    let finding = read(folder, FINDING);
    for expected in [
        "An unknown mrdId answers 404 Not Found.",
        "release 12.5, p171",
        "Expected: 404 Not Found",
        "`features/media/sign_in.feature:42`",
        "Cisco Finesse Web Services Developer Guide, 12.5 p171",
        "It answered **400**",
        "<ErrorType>Invalid Input</ErrorType>",
        "`not.in.catalogue`",
        "This rule is not in the catalogue",
        "12.5(1)",
        "UCCE",
        crate::domain::results::HARNESS_VERSION,
        "attempt 2 of 2",
    ] {
        assert!(finding.contains(expected), "{expected} not in:\n{finding}");
    }
    assert!(finding.contains("`../system-info.xml`"), "{finding}");
    let info = read(&dir, SYSTEM_INFO);
    assert!(
        info.contains("<deploymentType>UCCE</deploymentType>"),
        "{info}"
    );
    assert!(!info.contains(CANARY), "{info}");
    let script = read(folder, REPRODUCE);
    assert!(
        script.contains("-u \"$FINESSE_USER:$FINESSE_PASSWORD\""),
        "{script}"
    );
    assert!(script.contains("Finesse user agent1"), "{script}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inconclusive_and_errored_scenarios_get_a_note_that_they_are_no_finding() {
    let dir = temp_dir("not-a-finding");
    let report = synthetic_report();
    let written = write(&report, &test_rules(), &redactor(), &dir).expect("written");
    let folder = |slug: &str| {
        written
            .iter()
            .find(|f| f.file_name().and_then(|n| n.to_str()) == Some(slug))
            .unwrap_or_else(|| panic!("no folder {slug} in {written:?}"))
    };
    let inconclusive = folder("media-sign-in-sign-in-while-on-a-call");
    let error = folder("media-sign-in-sign-in-when-the-lab-is-down");
    for f in [inconclusive, error] {
        // No finding.md or reproduce.sh: nothing here is for a TAC case.
        assert_eq!(names_in(f), [MARKER, NOT_A_FINDING, TRANSCRIPT], "{f:?}");
    }

    let note = read(inconclusive, NOT_A_FINDING);
    for expected in [
        "# Not a Finesse finding: Sign in while on a call",
        "verdict is inconclusive",
        "Do not attach it to a TAC case",
        "The precondition `Given the agent is on a call with the second agent` failed",
        "waited 5s for 1002 to have a ringing call; it has [] (***)",
        "GET http://127.0.0.1:9/finesse/api/User/1002/Dialogs?pw=***",
        "It answered **200**",
        "`features/media/sign_in.feature:80`",
        "Cisco Finesse Web Services Developer Guide, 12.5 p171",
    ] {
        assert!(note.contains(expected), "{expected} not in:\n{note}");
    }
    assert!(
        !note.contains(REPRODUCE),
        "no reproducer is promised: {note}"
    );
    let transcript = read(inconclusive, TRANSCRIPT);
    assert!(
        transcript.contains(
            "inconclusive (not a Finesse finding): precondition: Given the agent is on a call with the second agent"
        ),
        "{transcript}"
    );
    assert!(
        transcript.contains("lab warning (the verdict stands): cleanup could not restore 1001"),
        "{transcript}"
    );
    assert!(
        transcript.contains("=== the failing step's last request\n")
            && !transcript.contains(REPRODUCE),
        "{transcript}"
    );

    let note = read(error, NOT_A_FINDING);
    for expected in [
        "# Not a Finesse finding: Sign in when the lab is down",
        "verdict is an error",
        "The step `When the agent signs in to chat` broke",
        "no response from http://127.0.0.1:9 within 2s",
        "No response after 2000.0 ms: `no response within 2s`",
    ] {
        assert!(note.contains(expected), "{expected} not in:\n{note}");
    }
    assert!(
        read(error, TRANSCRIPT)
            .contains("error (not a Finesse finding) at step: When the agent signs in to chat")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_file_holds_the_canary_in_any_form() {
    let dir = temp_dir("canary");
    let mut report = synthetic_report();
    report.features[0].scenarios[0].name = format!("Unknown MRD {CANARY}");
    write(&report, &test_rules(), &redactor(), &dir).expect("written");
    let files = files_under(&dir);
    assert!(files.len() >= 5, "{files:?}");
    for f in &files {
        let path = f.display().to_string().to_lowercase();
        assert!(
            !path.contains("c4nary"),
            "the canary in a file name: {path}"
        );
        let text = std::fs::read_to_string(f).expect("utf8");
        for form in canary_forms() {
            assert!(!text.contains(&form), "{form} in {}:\n{text}", f.display());
        }
    }
    // The same report written without the profile's secrets leaks: the check can fail.
    let leaky = temp_dir("canary-leaky");
    write(&report, &test_rules(), &Redactor::default(), &leaky).expect("written");
    let leaked = files_under(&leaky).iter().any(|f| {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        canary_forms().iter().any(|form| text.contains(form))
    });
    assert!(leaked, "the synthetic report carries the canary");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&leaky);
}

#[test]
fn stale_folders_go_and_foreign_ones_stay() {
    let dir = temp_dir("stale");
    let old = dir.join("user-change-state-old-failure");
    std::fs::create_dir_all(&old).expect("mkdir");
    std::fs::write(old.join(MARKER), "").expect("marker");
    // Somebody's own folder under the slug the failing scenario would get.
    let foreign = dir.join("media-sign-in-unknown-mrd-ucce-mrd-9999");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    std::fs::write(foreign.join("notes.txt"), "mine").expect("notes");
    let report = synthetic_report();
    let first = write(&report, &test_rules(), &redactor(), &dir).expect("written");
    assert!(!old.exists(), "the stale folder is removed");
    assert!(
        foreign.join("notes.txt").is_file(),
        "a folder we did not write stays"
    );
    assert_eq!(
        first[0].file_name().and_then(|n| n.to_str()),
        Some("media-sign-in-unknown-mrd-ucce-mrd-9999-2")
    );
    // A second run replaces the first's folder rather than adding a third.
    let second = write(&report, &test_rules(), &redactor(), &dir).expect("written");
    assert_eq!(first, second);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "media-sign-in-sign-in-when-the-lab-is-down",
            "media-sign-in-sign-in-while-on-a-call",
            "media-sign-in-unknown-mrd-ucce-mrd-9999",
            "media-sign-in-unknown-mrd-ucce-mrd-9999-2",
            SYSTEM_INFO,
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// One SystemInfo for the run, however many scenarios failed; a run without a failure
/// removes the one an earlier run wrote, but never somebody else's file of that name.
#[test]
fn system_info_is_written_once_beside_the_folders() {
    let dir = temp_dir("system-info");
    let mut report = synthetic_report();
    let failed = report.features[0].scenarios[0].clone();
    for i in 0..5 {
        let mut again = failed.clone();
        again.name = format!("{} {i}", failed.name);
        report.features[0].scenarios.push(again);
    }
    let written = write(&report, &test_rules(), &redactor(), &dir).expect("written");
    assert!(written.len() >= 6, "{written:?}");
    let infos: Vec<PathBuf> = files_under(&dir)
        .into_iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("system"))
        })
        .collect();
    assert_eq!(infos, [dir.join(SYSTEM_INFO)]);

    // A later run with nothing failed: no SystemInfo, and the stale one is gone.
    let mut clean = synthetic_report();
    clean.features[0]
        .scenarios
        .retain(|s| !s.outcome.is_failed());
    write(&clean, &test_rules(), &redactor(), &dir).expect("written");
    assert!(!dir.join(SYSTEM_INFO).exists());
    // A file of that name we did not write stays.
    std::fs::write(dir.join(SYSTEM_INFO), "<mine/>").expect("write");
    write(&clean, &test_rules(), &redactor(), &dir).expect("written");
    assert_eq!(read(&dir, SYSTEM_INFO), "<mine/>");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn slugs_are_short_lowercase_and_unique() {
    assert_eq!(
        slug(
            "user.change_agent_state",
            "  READY → NOT_READY [UCCE: code=12]!"
        ),
        "user-change-agent-state-ready-not-ready-ucce-code-12"
    );
    assert_eq!(slug("", "→"), "scenario");
    let long = slug("a", &"x".repeat(500));
    assert_eq!(long.len(), MAX_SLUG);
    let dir = temp_dir("slugs");
    let mut taken = HashSet::new();
    assert_eq!(unique(&long, &mut taken, &dir), long);
    let second = unique(&long, &mut taken, &dir);
    assert!(
        second.ends_with("-2") && second.len() <= MAX_SLUG,
        "{second}"
    );
    assert_ne!(second, long);
    assert_eq!(unique("b", &mut taken, &dir), "b");
    assert_eq!(unique("b", &mut taken, &dir), "b-2");
    assert_eq!(unique("b", &mut taken, &dir), "b-3");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_system_info_is_said_in_a_comment() {
    let mut report = synthetic_report();
    report.target.system_info = None;
    let text = system_info_file(&report, &redactor());
    assert!(
        text.starts_with("<!--") && text.trim_end().ends_with("-->"),
        "{text}"
    );
    assert!(text.contains("not read"), "{text}");
}

/// Runs reproduce.sh with a stand-in `curl` that records its arguments and its stdin.
#[cfg(unix)]
fn run_script(script: &Path, envs: &[(&str, &str)]) -> (std::process::Output, Vec<String>, String) {
    use std::os::unix::fs::PermissionsExt as _;
    let bin = script.with_file_name("fake-bin");
    std::fs::create_dir_all(&bin).expect("bin");
    let curl = bin.join("curl");
    let args = bin.join("args");
    let stdin = bin.join("stdin");
    let _ = std::fs::remove_file(&args);
    let _ = std::fs::remove_file(&stdin);
    std::fs::write(
        &curl,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\ncat > '{}'\n",
            args.display(),
            stdin.display()
        ),
    )
    .expect("fake curl");
    std::fs::set_permissions(&curl, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = std::process::Command::new("sh");
    cmd.arg(script)
        .env("PATH", path)
        .env_remove("FINESSE_USER")
        .env_remove("FINESSE_PASSWORD")
        .env_remove("FINESSE_BASE_URL");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("sh runs");
    let args = std::fs::read_to_string(&args)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    (
        out,
        args,
        std::fs::read_to_string(&stdin).unwrap_or_default(),
    )
}

#[cfg(unix)]
#[test]
fn reproduce_sh_sends_the_recorded_request_with_placeholder_credentials() {
    let dir = temp_dir("reproduce");
    let r = redactor();
    let written = write(&synthetic_report(), &test_rules(), &r, &dir).expect("written");
    let script = written[0].join(REPRODUCE);

    let (out, args, body) = run_script(&script, &[("FINESSE_PASSWORD", "secret-from-env")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = |flag: &str| -> Vec<&str> {
        args.windows(2)
            .filter(|w| w[0] == flag)
            .map(|w| w[1].as_str())
            .collect()
    };
    assert_eq!(after("-X"), ["PUT"], "{args:?}");
    assert_eq!(after("-u"), ["agent1:secret-from-env"], "{args:?}");
    assert_eq!(
        after("-H"),
        [
            "requestId: fc-1",
            "X-Debug: password=***",
            "Content-Type: application/xml"
        ],
        "the Authorization header is replaced by -u: {args:?}"
    );
    assert_eq!(after("--data-binary"), ["@-"], "{args:?}");
    assert_eq!(
        args.last().map(String::as_str),
        Some(r.redact(&failing_url()).as_str())
    );
    assert_eq!(body, r.redact(&failing_body()), "the body byte for byte");

    let (_, args, _) = run_script(
        &script,
        &[
            ("FINESSE_PASSWORD", "p"),
            ("FINESSE_USER", "someone"),
            ("FINESSE_BASE_URL", "https://finesse.example:8445"),
        ],
    );
    assert_eq!(
        args.last().map(String::as_str),
        Some(format!("https://finesse.example:8445{FAILING_PATH}?pw=***&enc=***").as_str())
    );
    assert!(args.iter().any(|a| a == "someone:p"), "{args:?}");

    let (out, args, _) = run_script(&script, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(args.is_empty(), "curl is not run without a password");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        "reproduce.sh: set FINESSE_PASSWORD to the password of Finesse user agent1"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
