//! Issue 6 in the harness: the built-in suite against a target without a notification
//! endpoint (202 outcomes fall back to polling GET; scenarios that need notifications are
//! skipped with a reason), and notification exchanges in transcripts, redacted.

mod common;

use finesse_conformance::domain::results::{Outcome, RunReport};
use finesse_conformance::mock_profile::MockProfile as _;
use finesse_conformance::profile::Deployment;
use finesse_conformance::suite::{self, RunOptions, Target};
use finesse_mock::{Deviation, Deviations, MockConfig, MockServer, NotificationRequestIds};
use finesse_protocol::base64::encode;

async fn run_builtin(profile: finesse_conformance::profile::Profile) -> RunReport {
    let opts = RunOptions {
        target: Target::Profile(Box::new(profile)),
        ..RunOptions::embedded(MockConfig::default())
    };
    let out = suite::run(opts).await.expect("runs");
    let _ = std::panic::take_hook();
    out.report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_notification_endpoint_outcomes_are_polled_and_notification_scenarios_skip() {
    let mock = MockServer::start(MockConfig {
        deployment: Some(Deployment::Ucce),
        ..MockConfig::default()
    })
    .await
    .expect("mock");
    let mut profile = mock.profile();
    profile.capabilities.notifications = None;
    let report = run_builtin(profile).await;
    let c = report.counts();
    assert_eq!(
        (c.failed, c.inconclusive, c.errors),
        (0, 0, 0),
        "{:#?}",
        common::failure_messages(&report)
    );
    let needing: Vec<_> = report
        .scenarios()
        .filter(|s| s.tags.iter().any(|t| t == "requires:notifications"))
        .collect();
    assert!(
        needing.len() >= 5,
        "only {} scenarios need notifications",
        needing.len()
    );
    let mut for_want_of_notifications = 0;
    for s in &needing {
        match &s.outcome {
            Outcome::Skipped { reason } if reason.contains("notifications") => {
                for_want_of_notifications += 1
            }
            // The other deployment's rows are skipped for that first.
            Outcome::Skipped { reason } if reason.starts_with("applies to UCCX only") => {}
            other => panic!("{} ran without an endpoint: {other:?}", s.name),
        }
    }
    assert!(
        for_want_of_notifications >= 5,
        "{for_want_of_notifications}"
    );
    // A 202 scenario still ran, and its transcript says what it polled instead.
    let polled = report
        .scenarios()
        .find(|s| s.name == "A NOT_READY agent becomes READY")
        .expect("the READY scenario");
    assert_eq!(polled.outcome, Outcome::Passed);
    let text: String = polled
        .transcript
        .entries
        .iter()
        .map(|e| e.render())
        .collect();
    assert!(
        text.contains("no notification endpoint in the profile"),
        "{text}"
    );
    assert!(!text.contains("xmpp "), "connected anyway: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notification_exchanges_are_in_the_transcript_without_the_password() {
    const CANARY: &str = "Canary-Xmpp-7f3a9";
    let mut cfg = MockConfig {
        deployment: Some(Deployment::Ucce),
        ..MockConfig::default()
    };
    cfg.fixture.set_passwords(CANARY);
    let mock = MockServer::start(cfg).await.expect("mock");
    let profile = mock.profile();
    let report = run_builtin(profile).await;
    let s = report
        .scenarios()
        .find(|s| s.name == "A NOT_READY agent becomes READY")
        .expect("the READY scenario");
    assert_eq!(
        s.outcome,
        Outcome::Passed,
        "{:#?}",
        common::failure_messages(&report)
    );
    let text: String = s.transcript.entries.iter().map(|e| e.render()).collect();
    // The connection may have been opened by an earlier scenario of the same user; the
    // notification and its correlation are always this scenario's.
    assert!(
        text.contains("notification on /finesse/api/User/"),
        "{text}"
    );
    assert!(text.contains("awaited notification"), "{text}");
    let all: String = report
        .scenarios()
        .flat_map(|s| s.transcript.entries.iter().map(|e| e.render()))
        .collect();
    assert!(
        all.contains("<auth mechanism='PLAIN'>"),
        "no SASL exchange recorded"
    );
    assert!(!all.contains(CANARY), "the password leaked");
    for u in mock.fixture().users() {
        let plain = encode(format!("\0{}\0{CANARY}", u.id).as_bytes());
        assert!(
            !all.contains(&plain),
            "{}'s SASL PLAIN payload leaked",
            u.id
        );
    }
}

/// Issue 12: a target that leaves `<requestId>` empty, as a real 12.5 lab did on User
/// notifications and errors. Every scenario still passes, tied to its request by node, source
/// and content, and the transcripts say so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_request_ids_notifications_are_correlated_by_content_and_everything_passes() {
    for deployment in [Deployment::Ucce, Deployment::Uccx] {
        let cfg = MockConfig {
            deployment: Some(deployment),
            notification_request_ids: NotificationRequestIds::Empty,
            ..MockConfig::default()
        };
        let out = suite::run(RunOptions::embedded(cfg)).await.expect("runs");
        let _ = std::panic::take_hook();
        let report = out.report;
        let c = report.counts();
        assert_eq!(
            (c.failed, c.inconclusive, c.errors),
            (0, 0, 0),
            "{deployment}: {:#?}",
            common::failure_messages(&report)
        );
        assert!(c.passed > 100, "{deployment}: {c:?}");
        let notes = |s: &finesse_conformance::domain::results::ScenarioReport| -> String {
            s.transcript.entries.iter().map(|e| e.render()).collect()
        };
        let by_content = report
            .scenarios()
            .filter(|s| notes(s).contains("correlated by node, source and content"))
            .count();
        assert!(by_content >= 20, "{deployment}: only {by_content}");
        // A User state change is one of them, and nothing in it claims a requestId.
        let ready = report
            .scenarios()
            .find(|s| s.name == "A NOT_READY agent becomes READY")
            .expect("the READY scenario");
        let text = notes(ready);
        assert!(
            text.contains("the target sent an empty requestId"),
            "{text}"
        );
        assert!(!text.contains("correlated by requestId"), "{text}");
        // A Media request's asynchronous error keeps the echo (UCCE has non-voice media).
        if deployment == Deployment::Ucce {
            let strict = report
                .scenarios()
                .find(|s| {
                    s.name == "A media request's asynchronous error carries the request's requestId"
                })
                .expect("the strict echo scenario");
            assert_eq!(strict.outcome, Outcome::Passed);
            assert!(notes(strict).contains("correlated by requestId"));
        }
    }
}

/// The strict step is the one place the echo is required: a target that drops every
/// requestId fails it, and only it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_strict_echo_step_fails_a_media_error_without_its_request_id() {
    let cfg = MockConfig {
        deployment: Some(Deployment::Ucce),
        deviations: [Deviation::NotificationWithoutRequestId]
            .into_iter()
            .collect::<Deviations>(),
        ..MockConfig::default()
    };
    let out = suite::run(RunOptions::embedded(cfg)).await.expect("runs");
    let _ = std::panic::take_hook();
    let failed: Vec<_> = out
        .report
        .scenarios()
        .filter(|s| matches!(s.outcome, Outcome::Failed { .. }))
        .collect();
    let names: Vec<&str> = failed.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["A media request's asynchronous error carries the request's requestId"]
    );
    match &failed[0].outcome {
        Outcome::Failed { message, .. } => {
            assert!(
                message.contains("came with an empty requestId"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(failed[0].tags.iter().any(|t| t == "rule:notify.request-id"));
}
