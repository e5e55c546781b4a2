//! The probe reads SystemInfo as the first identity the target does not refuse: a lab that
//! wants credentials for SystemInfo stays reachable when the profile's first agent is wrong
//! (the preflight names that agent instead of the whole run ending as unreachable).

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use finesse_conformance::profile::Profile;
use finesse_conformance::suite::{self, Target};

/// `good:pw` in base64, the only credentials this SystemInfo accepts.
const GOOD: &str = "Basic Z29vZDpwdw==";

async fn system_info(headers: HeaderMap) -> (StatusCode, String) {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if auth == GOOD {
        (
            StatusCode::OK,
            "<SystemInfo><deploymentType>UCCX</deploymentType><status>IN_SERVICE</status></SystemInfo>".into(),
        )
    } else {
        (StatusCode::UNAUTHORIZED, String::new())
    }
}

#[tokio::test]
async fn a_refused_first_agent_does_not_make_the_lab_unreachable() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = Router::new().route("/finesse/api/SystemInfo", get(system_info));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let yaml = format!(
        "base_url: http://{addr}\ndeployment: auto\nusers:\n  agents:\n    - {{ id: \"wrong\", password: \"${{PW}}\" }}\n    - {{ id: \"good\", password: \"${{PW}}\" }}\n"
    );
    let env = |name: &str| (name == "PW").then(|| "pw".to_string());
    let profile = Profile::from_yaml_str(&yaml, "probe.yaml", &env).expect("profile");
    let listing = suite::plan_for_listing(Target::Profile(Box::new(profile)), true, &[])
        .await
        .expect("plans");
    let head = listing.lines().take(2).collect::<Vec<_>>().join("\n");
    assert!(head.contains("deployment UCCX"), "{head}");
    assert!(!head.contains("note:"), "not unreachable: {head}");
}
