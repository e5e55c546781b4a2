//! A real third-party XMPP client, slixmpp (`tests/slixmpp_client.py`), against the mock's
//! Notification Service over plain TCP: it signs in with SASL PLAIN, goes online, and must
//! receive the User notification of a state change made through REST.
//!
//! Needs python3 with slixmpp (`pip install slixmpp`); without it the test fails and says
//! so. `FC_SKIP_SLIXMPP=1` skips it deliberately.

mod common;

use std::process::Stdio;
use std::time::Duration;

use finesse_mock::{MockConfig, MockServer};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::time::{Instant, timeout_at};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/slixmpp_client.py");
const WAIT: Duration = Duration::from_secs(30);
const NODE: &str = "/finesse/api/User/1001";

/// None when the test is to be skipped; panics with the install hint when slixmpp is missing.
fn python() -> Option<&'static str> {
    if std::env::var("FC_SKIP_SLIXMPP").is_ok_and(|v| v == "1") {
        eprintln!(
            "note: FC_SKIP_SLIXMPP=1, so the mock's Notification Service was not checked with slixmpp"
        );
        return None;
    }
    let ok = std::process::Command::new("python3")
        .args(["-c", "import slixmpp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "python3 with slixmpp is required: pip install slixmpp (or set FC_SKIP_SLIXMPP=1 to skip this test)"
    );
    Some("python3")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slixmpp_receives_the_user_notification_of_a_rest_state_change() {
    let Some(python) = python() else {
        return;
    };
    let mock = MockServer::start(MockConfig::default())
        .await
        .expect("mock");
    let addr = mock.xmpp_tcp_addr();
    let jid = format!("1001@{}/slixmpp", mock.xmpp_domain());
    let mut child = tokio::process::Command::new(python)
        .arg(SCRIPT)
        .args([
            addr.ip().to_string(),
            addr.port().to_string(),
            jid,
            "mock-pw-1".into(),
            NODE.into(),
            WAIT.as_secs().to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start python3");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let deadline = Instant::now() + WAIT;
    let mut seen = Vec::new();
    let mut event = None;
    loop {
        let line = match timeout_at(deadline, lines.next_line()).await {
            Ok(Ok(Some(l))) => l,
            _ => break,
        };
        seen.push(line.clone());
        if line == "ONLINE" {
            let status = common::mock::raw_request(
                &mock,
                "PUT",
                NODE,
                ("1001", "mock-pw-1"),
                "<User><state>LOGIN</state><extension>1001001</extension></User>",
                "slix-1",
            )
            .await;
            assert_eq!(status, 202);
        } else if let Some(json) = line.strip_prefix("EVENT ") {
            let v: serde_json::Value = serde_json::from_str(json).expect("event JSON");
            if v["node"] == NODE {
                event = v["update"].as_str().map(str::to_string);
                break;
            }
        } else if !line.is_empty() {
            // TIMEOUT, AUTH_FAILED, DISCONNECTED: the script is done.
            break;
        }
    }
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = tokio::time::timeout(Duration::from_secs(5), e.read_to_string(&mut stderr)).await;
    }
    let status = tokio::time::timeout(WAIT, child.wait()).await;
    let update = event.unwrap_or_else(|| {
        panic!("slixmpp saw no notification on {NODE}; its output: {seen:?}; stderr: {stderr}")
    });
    assert!(update.starts_with("<Update>"), "{update}");
    assert!(update.contains("<state>NOT_READY</state>"), "{update}");
    assert!(update.contains("<requestId>slix-1</requestId>"), "{update}");
    assert!(
        matches!(status, Ok(Ok(s)) if s.success()),
        "the script exits 0: {status:?}; stderr: {stderr}"
    );
}
