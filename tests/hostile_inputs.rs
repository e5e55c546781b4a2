//! Hostile and unlucky inputs (issue 13): a CA file that is no CA, TLS failures told in plain
//! words, command-line and profile validation that agree, a mock that holds to its own rule
//! on malformed bodies and does not keep stalled connections, and `diff` on an empty report.

mod common;

use finesse_conformance::mock_profile::MockProfile as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::time::Duration;

use finesse_conformance::profile::Auth;
use finesse_mock::{MockConfig, MockServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use common::BIN;
use common::mock::closed_port;
const PW_VAR: &str = "FC_HOSTILE_PW";

fn temp_dir(name: &str) -> common::TempDir {
    common::temp_dir("fc-hostile", name)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

async fn run(args: &[&str]) -> Output {
    common::run_bin(args, &[(PW_VAR, "pw")]).await
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A plain HTTP client (reqwest is built without a bundled crypto provider).
fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A minimal profile for `base_url`, with `extra` top-level YAML.
fn profile(dir: &Path, name: &str, base_url: &str, extra: &str) -> PathBuf {
    let yaml = format!(
        "base_url: {base_url}\ntimeouts: {{ request: 5s }}\nusers:\n  agents:\n    - {{ id: \"1001\", password: \"${{{PW_VAR}}}\" }}\n{extra}"
    );
    let path = dir.join(name);
    std::fs::write(&path, yaml).expect("write profile");
    path
}

/// Runs `run --profile <file>` with the reports in `dir`; returns the exit code and stderr.
async fn run_profile(dir: &Path, profile: &Path, more: &[&str]) -> (Option<i32>, String) {
    let junit = dir.join("junit.xml");
    let out = common::run_profile(profile, &junit, more, &[(PW_VAR, "pw")]).await;
    (out.status.code(), stderr(&out))
}

/// The only line of `stderr`, which must be an error line.
fn one_error_line(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected:\n{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    lines[0]
}

/// Rust Debug text that must never reach a user.
fn assert_no_debug_text(line: &str) {
    for bad in [
        "Other(",
        "OtherError",
        "CaUsedAsEndEntity",
        "UnknownIssuer",
        "InvalidContentType",
        "NotValidForName",
    ] {
        assert!(!line.contains(bad), "Debug text {bad:?} in: {line}");
    }
}

// ---------------------------------------------------------------------------------------
// Item 7: tls.ca_cert is loaded and checked with the profile.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ca_cert_that_holds_no_certificate_is_a_one_line_profile_error() {
    let dir = temp_dir("ca-cert");
    let garbage = dir.join("garbage.pem");
    std::fs::write(&garbage, "this is not a certificate\n").expect("write");
    let broken = dir.join("broken.pem");
    std::fs::write(
        &broken,
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----\n",
    )
    .expect("write");
    let key = fixtures().join("xmpp_tls/server.key");
    let missing = dir.join("missing.pem");
    let base_url = format!("http://127.0.0.1:{}", closed_port());
    for (file, says) in [
        (&garbage, "no PEM"),
        (&broken, "not a valid X.509 certificate"),
        (&key, "private key"),
        (&missing, "cannot read"),
    ] {
        let extra = format!("tls:\n  ca_cert: {}\n", file.display());
        let p = profile(&dir, "lab.yaml", &base_url, &extra);
        let (code, err) = run_profile(&dir, &p, &[]).await;
        assert_eq!(code, Some(2), "{}: {err}", file.display());
        let line = one_error_line(&err);
        assert!(
            line.contains("lab.yaml") && line.contains("tls.ca_cert"),
            "{line}"
        );
        assert!(line.contains(&file.display().to_string()), "{line}");
        assert!(line.contains(says), "{says:?} expected in: {line}");
    }
}

/// A TLS server presenting `cert` (PEM) with `key`, that drops every connection after the
/// handshake. Returns its port.
async fn tls_server(cert: &Path, key: &Path) -> u16 {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_file_iter(cert)
        .expect("cert file")
        .collect::<Result<Vec<_>, _>>()
        .expect("certs");
    let key = PrivateKeyDer::from_pem_file(key).expect("key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let _ = acceptor.accept(tcp).await;
            });
        }
    });
    port
}

/// Runs a profile for `https://127.0.0.1:<port>` with `tls.ca_cert: <ca_cert>`: exit 3 and an
/// error line free of Debug text, which it returns.
async fn tls_refusal(dir: &Path, port: u16, ca_cert: &Path) -> String {
    let extra = format!("tls:\n  ca_cert: {}\n", ca_cert.display());
    let p = profile(
        dir,
        "lab.yaml",
        &format!("https://127.0.0.1:{port}"),
        &extra,
    );
    let (code, err) = run_profile(dir, &p, &[]).await;
    assert_eq!(code, Some(3), "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("error:"))
        .expect("an error line");
    assert_no_debug_text(line);
    line.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ca_certificate_served_as_the_server_certificate_is_told_in_plain_words() {
    let dir = temp_dir("ca-as-server");
    let tls = fixtures().join("hostile_tls");
    let port = tls_server(&tls.join("ca-as-server.pem"), &tls.join("ca-as-server.key")).await;
    let line = tls_refusal(&dir, port, &tls.join("ca-as-server.pem")).await;
    let line = line.as_str();
    assert!(line.contains("TLS handshake"), "{line}");
    assert!(line.contains("CA certificate"), "{line}");
    assert!(
        !line.contains("set tls.ca_cert"),
        "tls.ca_cert is set; the advice must be another: {line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_ca_cert_set_an_unknown_issuer_gets_other_advice_than_setting_it() {
    let dir = temp_dir("wrong-ca");
    let tls = fixtures().join("xmpp_tls");
    let port = tls_server(&tls.join("server.pem"), &tls.join("server.key")).await;
    let other_ca = tls.join("other-ca.pem");
    let line = tls_refusal(&dir, port, &other_ca).await;
    let line = line.as_str();
    assert!(!line.contains("set tls.ca_cert"), "{line}");
    assert!(
        line.contains("tls.ca_cert") && line.contains("other-ca.pem"),
        "the advice names the CA file that was tried: {line}"
    );
}

// ---------------------------------------------------------------------------------------
// Item 10: the command line and the profile refuse the same values with the same words.

/// The text after `key: ` in a one-line error.
fn after_key<'a>(line: &'a str, key: &str) -> &'a str {
    let at = line
        .find(&format!("{key}: "))
        .unwrap_or_else(|| panic!("{key} not named in: {line}"));
    &line[at + key.len() + 2..]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_the_profile_refuses_are_refused_on_the_command_line_in_the_same_words() {
    let dir = temp_dir("same-words");
    let base_url = format!("http://127.0.0.1:{}", closed_port());
    let junit = dir.join("j.xml");
    // The profile's YAML and key, the option and its value, and whether the option is
    // taken beside a profile too (the mock's version is not).
    for (yaml, key, option, value, beside_a_profile) in [
        (
            "max_concurrency: 0\n",
            "max_concurrency",
            "--concurrency",
            "0",
            true,
        ),
        (
            "version: banana\n",
            "version",
            "--mock-version",
            "banana",
            false,
        ),
    ] {
        let bad = profile(&dir, "bad.yaml", &base_url, yaml);
        let (code, err) = run_profile(&dir, &bad, &[]).await;
        assert_eq!(code, Some(2), "{err}");
        let from_profile = after_key(one_error_line(&err), key).to_string();
        if beside_a_profile {
            let fine = profile(&dir, "fine.yaml", &base_url, "");
            let (code, err) = run_profile(&dir, &fine, &[option, value]).await;
            assert_eq!(code, Some(2), "{err}");
            assert_eq!(after_key(one_error_line(&err), option), from_profile);
        }
        // On the embedded mock too (refused before the mock starts).
        let junit = s(&junit);
        let out = run(&[
            "run",
            option,
            value,
            "--readonly",
            "--shard",
            "1/50",
            "--junit",
            junit,
        ])
        .await;
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(after_key(one_error_line(&err), option), from_profile);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_insecure_takes_only_a_yaml_boolean() {
    let dir = temp_dir("insecure");
    let base_url = format!("http://127.0.0.1:{}", closed_port());
    for value in ["\"yes\"", "yes", "on", "\"on\"", "y", "1"] {
        let p = profile(
            &dir,
            "lab.yaml",
            &base_url,
            &format!("tls:\n  insecure: {value}\n"),
        );
        let (code, err) = run_profile(&dir, &p, &[]).await;
        assert_eq!(code, Some(2), "insecure: {value}: {err}");
        let line = one_error_line(&err);
        assert!(
            line.contains("tls.insecure") && line.contains("true or false"),
            "{line}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Item 12: the mock.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mock_answers_400_to_trailing_junk_and_a_second_root_element() {
    let mock = MockServer::start(MockConfig::default())
        .await
        .expect("mock");
    let p = mock.profile();
    let agent = &p.users.agents[0];
    let Auth::Password(pw) = &agent.auth else {
        panic!("the mock signs in with passwords by default")
    };
    let ext = agent.extension.clone().expect("extension");
    let http = http();
    let put = |body: String| {
        http.put(format!("{}/finesse/api/User/{}", mock.url(), agent.id))
            .basic_auth(agent.auth_name(), Some(pw.expose()))
            .header("Content-Type", "application/xml")
            .body(body)
            .send()
    };
    let login = format!("<User><state>LOGIN</state><extension>{ext}</extension></User>");
    for bad in [
        format!("{login}junk"),
        format!("{login}<User/>"),
        format!("{login}<!-- fine --><User><state>READY</state></User>"),
    ] {
        let r = put(bad.clone()).await.expect("answer");
        assert_eq!(r.status().as_u16(), 400, "{bad}");
        let text = r.text().await.expect("body");
        assert!(text.contains("<ApiErrors>"), "{text}");
    }
    // Whitespace, comments and processing instructions may follow the root element.
    let fine = format!("<?xml version=\"1.0\"?>\n{login}\n<!-- done -->\n<?pi x?>\n");
    let r = put(fine).await.expect("answer");
    assert_eq!(r.status().as_u16(), 202);
}

/// Whether the server closes `tcp` within `deadline` (read returns end of file or an error).
async fn closed_within(tcp: &mut tokio::net::TcpStream, deadline: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let until = tokio::time::Instant::now() + deadline;
    loop {
        match tokio::time::timeout_at(until, tcp.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            // A 408 or similar answer before the close is fine: read on.
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mock_closes_connections_that_never_finish_their_headers() {
    let mock = MockServer::start(MockConfig {
        header_read_timeout: Duration::from_millis(300),
        ..MockConfig::default()
    })
    .await
    .expect("mock");
    let mut partial = tokio::net::TcpStream::connect(mock.addr())
        .await
        .expect("connect");
    partial
        .write_all(b"GET /finesse/api/SystemInfo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .expect("write");
    let mut silent = tokio::net::TcpStream::connect(mock.addr())
        .await
        .expect("connect");
    // Generous against a loaded machine, far below "never".
    let deadline = Duration::from_secs(10);
    assert!(
        closed_within(&mut partial, deadline).await,
        "partial headers"
    );
    assert!(
        closed_within(&mut silent, deadline).await,
        "no bytes at all"
    );

    // A complete request is still answered.
    let r = http()
        .get(format!("{}/finesse/api/SystemInfo", mock.url()))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 200);
}

#[test]
fn the_default_header_read_timeout_is_ten_seconds() {
    assert_eq!(
        MockConfig::default().header_read_timeout,
        Duration::from_secs(10)
    );
}

// ---------------------------------------------------------------------------------------
// Item 13a: diff with nothing to compare.

#[test]
fn diff_refuses_a_report_without_testcases() {
    let dir = temp_dir("diff-empty");
    let good = dir.join("good.xml");
    std::fs::write(
        &good,
        r#"<testsuite name="s" tests="1" failures="0" errors="0"><testcase classname="f" name="t"/></testsuite>"#,
    )
    .expect("write");
    let empty = dir.join("empty.xml");
    std::fs::write(
        &empty,
        r#"<testsuites name="finesse-conformance"></testsuites>"#,
    )
    .expect("write");
    let no_cases = dir.join("no-cases.xml");
    std::fs::write(
        &no_cases,
        r#"<testsuites><testsuite name="s" tests="0" failures="0" errors="0"/></testsuites>"#,
    )
    .expect("write");
    for (before, after, named) in [
        (&good, &empty, "empty.xml"),
        (&good, &no_cases, "no-cases.xml"),
        (&empty, &good, "empty.xml"),
    ] {
        let out = std::process::Command::new(BIN)
            .arg("diff")
            .arg(before)
            .arg(after)
            .output()
            .expect("runs");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        let line = one_error_line(&err);
        assert!(
            line.contains(named) && line.contains("no testcases"),
            "{line}"
        );
    }
}
