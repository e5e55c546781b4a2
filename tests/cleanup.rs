//! A scenario that fails midway, with a call up, leaves no call behind and every agent back
//! in its starting state; checked black-box through the Finesse API afterwards.

mod common;

use finesse_conformance::domain::results::Outcome;
use finesse_conformance::finesse::models::{Dialogs, User};
use finesse_conformance::finesse::{FinesseClient, Request, client};
use finesse_conformance::mock_profile::MockProfile as _;
use finesse_conformance::profile::Identity;
use finesse_conformance::redact::Redactor;
use finesse_conformance::suite::{self, RunOptions, Target};
use finesse_mock::{MockConfig, MockServer};

async fn get<T: for<'de> serde::Deserialize<'de>>(
    c: &FinesseClient,
    who: &Identity,
    path: String,
    root: &str,
) -> T {
    let creds = client::Credentials::of(who);
    let resp = c
        .send(Request::get(path).as_user(creds))
        .await
        .expect("the mock answers");
    assert_eq!(resp.status, 200, "{}", resp.describe());
    resp.parse(root).expect("XML")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_step_after_the_call_is_up_still_ends_the_call() {
    let mock = MockServer::start(MockConfig::default())
        .await
        .expect("mock");
    let mut profile = mock.profile();
    // Few agents, so that the scenario surely uses the ones checked below.
    profile.users.agents.truncate(2);
    let agents = profile.users.agents.clone();
    let opts = RunOptions {
        target: Target::Profile(Box::new(profile.clone())),
        builtin_features: false,
        feature_dirs: vec![
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/features/call_then_failure.feature"
            )
            .into(),
        ],
        ..RunOptions::embedded(MockConfig::default())
    };
    let report = suite::run(opts).await.expect("runs").report;
    let _ = std::panic::take_hook();
    let outcomes: Vec<_> = report.scenarios().map(|s| s.outcome.clone()).collect();
    assert!(
        matches!(&outcomes[..], [Outcome::Failed { step: Some(step), .. }] if step.contains("599")),
        "the scenario failed at its last step: {outcomes:?}"
    );
    let transcript = report
        .scenarios()
        .map(|s| s.transcript.render())
        .collect::<String>();
    assert!(
        transcript.contains("<requestedAction>DROP</requestedAction>"),
        "the cleanup dropped the call"
    );
    // It put everything back, so it has nothing to warn about (a cleanup that cannot is a lab
    // warning, never a failure: tests/lab_warnings.rs).
    let warnings: Vec<&String> = report.scenarios().flat_map(|s| &s.warnings).collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let http = client::http_client(&profile.tls, profile.timeouts.request).expect("client");
    let c = FinesseClient::new(
        http,
        &mock.url(),
        profile.timeouts.request,
        std::sync::Arc::new(Redactor::default()),
    );
    for a in &agents {
        let dialogs: Dialogs = get(
            &c,
            a,
            format!("/finesse/api/User/{}/Dialogs", a.id),
            "Dialogs",
        )
        .await;
        assert!(
            dialogs.dialogs.is_empty(),
            "{} still has dialogs: {:?}",
            a.id,
            dialogs.dialogs
        );
        let user: User = get(&c, a, format!("/finesse/api/User/{}", a.id), "User").await;
        assert_eq!(
            user.state.as_deref(),
            Some("LOGOUT"),
            "{} is back in its starting state",
            a.id
        );
    }
}
