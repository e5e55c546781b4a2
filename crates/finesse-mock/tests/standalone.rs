//! The `finesse-mock` binary on its own, as a gadget developer starts it.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "support/banner.rs"]
mod banner;

const BIN: &str = env!("CARGO_BIN_EXE_finesse-mock");

/// Starts `finesse-mock --port 0 <args>`; returns the child and its banner.
async fn start(args: &[&str]) -> (tokio::process::Child, String) {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(["--port", "0", "--xmpp-port", "0"]).args(args);
    banner::start(cmd).await
}

/// The first word after `label` on the banner line that starts with it.
fn field<'a>(banner: &'a str, label: &str) -> &'a str {
    banner
        .lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no {label} in {banner}"))
}

/// host:port of the REST API.
fn rest_addr(banner: &str) -> String {
    let url = field(banner, "REST API:");
    let rest = url.trim_start_matches("http://");
    rest.split('/').next().unwrap_or(rest).to_string()
}

/// GET SystemInfo with `Host: <host>:<port>`; the body.
async fn system_info(addr: &str, host: &str) -> String {
    let port = addr.rsplit(':').next().expect("port");
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!(
        "GET /finesse/api/SystemInfo HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.expect("write");
    let mut body = String::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_string(&mut body))
        .await
        .expect("answer in time")
        .expect("read");
    body
}

/// Opens a plain XMPP stream to `to`; what the server answers first.
async fn open_stream(addr: &str, to: &str) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let header = format!(
        "<?xml version='1.0'?><stream:stream to='{to}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
    );
    s.write_all(header.as_bytes()).await.expect("write");
    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&got).contains("</stream:features>")
        && !String::from_utf8_lossy(&got).contains("</stream:stream>")
    {
        let n = tokio::time::timeout(
            deadline.saturating_duration_since(Instant::now()),
            s.read(&mut buf),
        )
        .await
        .expect("answer in time")
        .expect("read");
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&got).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_the_mock_and_its_domain_is_the_host_a_client_uses() {
    let (_child, banner) = start(&[]).await;
    assert!(
        banner.contains("listening on http://127.0.0.1:"),
        "{banner}"
    );
    assert!(banner.contains("login agent1001"), "{banner}");
    assert!(
        banner.contains("domain: the host name a client connects by"),
        "{banner}"
    );
    let rest = rest_addr(&banner);
    let xmpp = field(&banner, "XMPP:").to_string();

    // A client that reached the mock as "localhost" is told that is its domain, and its JID
    // domain is accepted on the Notification Service (no host-unknown).
    let info = system_info(&rest, "localhost").await;
    assert!(info.starts_with("HTTP/1.1 200"), "{info}");
    assert!(
        info.contains("<xmppDomain>localhost</xmppDomain>"),
        "{info}"
    );
    assert!(
        info.contains("<xmppPubSubDomain>pubsub.localhost</xmppPubSubDomain>"),
        "{info}"
    );
    let hello = open_stream(&xmpp, "localhost").await;
    assert!(
        hello.contains("from='localhost'") && hello.contains("<mechanism>PLAIN</mechanism>"),
        "{hello}"
    );
    let by_ip = system_info(&rest, "127.0.0.1").await;
    assert!(
        by_ip.contains("<xmppDomain>127.0.0.1</xmppDomain>"),
        "{by_ip}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_named_domain_is_kept_whatever_host_the_client_uses() {
    let (_child, banner) = start(&["--xmpp-domain", "finesse.lab.example"]).await;
    let rest = rest_addr(&banner);
    let xmpp = field(&banner, "XMPP:").to_string();
    let info = system_info(&rest, "localhost").await;
    assert!(
        info.contains("<xmppDomain>finesse.lab.example</xmppDomain>"),
        "{info}"
    );
    assert!(
        open_stream(&xmpp, "localhost")
            .await
            .contains("<host-unknown")
    );
    assert!(
        !open_stream(&xmpp, "finesse.lab.example")
            .await
            .contains("<host-unknown")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_arguments_get_one_line_and_a_non_zero_exit() {
    let out = tokio::process::Command::new(BIN)
        .args(["--port", "0", "--deviation", "no-such-thing"])
        .output()
        .await
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown deviation no-such-thing"), "{err}");
    let list = tokio::process::Command::new(BIN)
        .arg("--list-deviations")
        .output()
        .await
        .expect("run");
    assert!(String::from_utf8_lossy(&list.stdout).contains("state-change-returns-200"));
}
