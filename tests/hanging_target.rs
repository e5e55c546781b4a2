//! A target that answers SystemInfo but never answers anything else (a hung application
//! server behind a healthy front end) is an unreachable target, found quickly: exit 3, not a
//! run of findings or of one timeout per scenario.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::routing::get;
use finesse_conformance::domain::exit;
use finesse_conformance::profile::Profile;
use finesse_conformance::suite::{self, RunOptions, Target};

const SYSTEM_INFO: &str = "<SystemInfo><deploymentType>UCCE</deploymentType><status>IN_SERVICE</status><xmppDomain>lab.example</xmppDomain></SystemInfo>";

/// Serves SystemInfo; every other request is counted and never answered.
async fn hanging_server() -> (String, Arc<AtomicUsize>) {
    let hung = Arc::new(AtomicUsize::new(0));
    let counter = hung.clone();
    let app = Router::new()
        .route("/finesse/api/SystemInfo", get(|| async { SYSTEM_INFO }))
        .fallback(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            std::future::pending::<&'static str>()
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), hung)
}

fn profile(base_url: &str) -> Profile {
    let ids = |prefix: &str, n: usize| {
        (0..n)
            .map(|i| {
                format!(
                    "    - {{ id: \"{prefix}{i}\", password: \"${{PW}}\", extension: \"10{i}\", team_id: \"1\" }}\n"
                )
            })
            .collect::<String>()
    };
    let yaml = format!(
        "name: hung\nbase_url: {base_url}\ndeployment: UCCE\ntimeouts: {{ request: 1s, async_outcome: 1s }}\n\
         users:\n  agents:\n{}  supervisors:\n{}  other_team_agents:\n{}",
        ids("a", 4),
        ids("s", 1),
        ids("o", 1)
    );
    let env = |name: &str| (name == "PW").then(|| "pw".to_string());
    Profile::from_yaml_str(&yaml, "hung.yaml", &env).expect("profile")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_hangs_after_system_info_is_unreachable_and_found_quickly() {
    let (url, hung) = hanging_server().await;
    let mut opts = RunOptions::embedded(Default::default());
    opts.target = Target::Profile(Box::new(profile(&url)));
    let outcome = suite::run(opts).await.expect("runs");
    let why = outcome.unreachable.clone().unwrap_or_default();
    assert_eq!(
        outcome.exit_code,
        exit::UNREACHABLE,
        "counts {:?}, unreachable {why:?}",
        outcome.report.counts()
    );
    assert!(why.contains("stopped answering"), "{why}");
    // Each unanswered request costs a full request timeout: a handful, not one per scenario.
    let n = hung.load(Ordering::SeqCst);
    assert!(n <= 12, "{n} requests waited for a timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_stops_answering_during_the_scenarios_ends_the_run_as_unreachable() {
    let (url, hung) = hanging_server().await;
    let mut opts = RunOptions::embedded(Default::default());
    opts.target = Target::Profile(Box::new(profile(&url)));
    // Without the preflight the scenarios meet the hung server themselves.
    opts.preflight = false;
    let outcome = suite::run(opts).await.expect("runs");
    let c = outcome.report.counts();
    assert_eq!(outcome.exit_code, exit::UNREACHABLE, "counts {c:?}");
    assert_eq!(c.failed, 0, "no findings from a silent target: {c:?}");
    assert!(
        outcome.report.scenarios().any(|s| s
            .outcome
            .problem()
            .is_some_and(|(_, m)| m.contains("not run: the target stopped answering"))),
        "later scenarios are not started"
    );
    let n = hung.load(Ordering::SeqCst);
    assert!(n <= 12, "{n} requests waited for a timeout");
}
