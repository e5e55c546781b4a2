//! What the HTTP client reads from a hostile target, and what the run records of it: bodies
//! over `limits.max_body_bytes` refused on one line, recorded bodies capped, one SystemInfo
//! per run, every redirect hop in the transcript (credentials never sent to another origin),
//! and a password the target echoes back JSON-escaped never written anywhere.
//!
//! The hostile servers are small axum apps on 127.0.0.1; some sit in front of the embedded
//! mock as a proxy that rewrites its answers, so that the whole suite runs against them.

mod common;

use finesse_conformance::mock_profile::MockProfile as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use finesse_conformance::finesse::client::{self, Credentials, Entry, FinesseClient, Request};
use finesse_conformance::profile::{Profile, Secret, Tls};
use finesse_conformance::redact::Redactor;
use finesse_mock::Deviation;

/// The read cap's default (4 MiB), as the README gives it.
const DEFAULT_CAP: usize = 4 * 1024 * 1024;
/// What a report keeps of one body (64 KiB), as the README gives it.
const RECORDED: usize = 64 * 1024;

fn temp_dir(name: &str) -> common::TempDir {
    common::temp_dir("fc-hostile", name)
}

async fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    common::run_bin(args, envs).await
}

use common::mock::{ProfileYaml, files_under, mock_with_password};

/// A profile file for the mock's users at `base_url`, every password `${FC_PW}`.
fn write_profile(dir: &Path, p: &Profile, base_url: &str, extra: &str) -> PathBuf {
    ProfileYaml {
        name: "hostile",
        base_url,
        timeouts: "request: 5s, async_outcome: 2s, settle: 60ms, poll_interval: 10ms",
        max_concurrency: 8,
        agents: 4,
        mrd: false,
        extra,
    }
    .write(dir, p, "FC_PW")
}

/// Serves `app` on 127.0.0.1; returns its base URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

/// What the proxy saw of a request, for its rewrite.
struct Seen {
    method: String,
    /// Path and query.
    path: String,
    /// The password of the request's Basic credentials.
    password: Option<String>,
}

/// The answer as the proxy passes it on: status, content type, body.
type Answer = (u16, String, String);
type Rewrite = dyn Fn(&Seen, Answer) -> Answer + Send + Sync;

/// A proxy in front of `upstream` that rewrites every answer with `rewrite`.
async fn proxy(upstream: String, rewrite: Arc<Rewrite>) -> String {
    let http = client::http_client(&Tls::default(), Duration::from_secs(10)).expect("client");
    let app = Router::new().fallback(move |req: axum::extract::Request| {
        let (http, upstream, rewrite) = (http.clone(), upstream.clone(), rewrite.clone());
        async move {
            let (parts, body) = req.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let path = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default();
            let mut out = http.request(parts.method.clone(), format!("{upstream}{path}"));
            for (k, v) in &parts.headers {
                if k != header::HOST && k != header::CONTENT_LENGTH {
                    out = out.header(k, v);
                }
            }
            let password = parts
                .headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Basic "))
                .and_then(finesse_protocol::base64::decode)
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|pair| pair.split_once(':').map(|(_, p)| p.to_string()));
            let seen = Seen {
                method: parts.method.to_string(),
                path,
                password,
            };
            let answer = match out.body(body).send().await {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let ct = r
                        .headers()
                        .get(header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    (status, ct, r.text().await.unwrap_or_default())
                }
                Err(e) => (502, "text/plain".into(), e.to_string()),
            };
            let (status, ct, body) = rewrite(&seen, answer);
            let mut resp = Response::new(Body::from(body));
            *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            if let Ok(v) = HeaderValue::from_str(&ct) {
                resp.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            resp
        }
    });
    serve(app).await
}

/// `body` with `filler` inserted just before its root's end tag (a comment or a child the
/// parser skips), or unchanged when it has none.
fn inflate(body: &str, filler: &str) -> String {
    match body.trim_end().rfind("</") {
        Some(at) if body.trim_start().starts_with('<') => {
            format!("{}{filler}{}", &body[..at], &body[at..])
        }
        _ => body.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Item 3: bodies over the read cap, and what the reports keep.

/// 7 MB of nested XML (above the 4 MiB default): a SystemInfo that gives its deployment.
fn huge_xml() -> String {
    let mut body = String::from(
        "<SystemInfo><deploymentType>UCCE</deploymentType><status>IN_SERVICE</status>",
    );
    let nest = "<a>".repeat(1000) + &"</a>".repeat(1000);
    while body.len() < 7_000_000 {
        body.push_str(&nest);
    }
    body + "</SystemInfo>"
}

/// A target that answers [`huge_xml`] to everything, announced with Content-Length or
/// streamed chunked.
async fn huge_system_info(chunked: bool) -> String {
    let app = Router::new().fallback(move || async move {
        let body = huge_xml();
        let mut resp = if chunked {
            let bytes = axum::body::Bytes::from(body);
            let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = (0..bytes.len())
                .step_by(64 * 1024)
                .map(|i| Ok(bytes.slice(i..(i + 64 * 1024).min(bytes.len()))))
                .collect();
            Response::new(Body::from_stream(futures::stream::iter(chunks)))
        } else {
            Response::new(Body::from(body))
        };
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xml"),
        );
        resp
    });
    serve(app).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_cap_is_refused_on_one_line_naming_url_size_and_key() {
    let mock = mock_with_password("pw").await;
    for chunked in [false, true] {
        let url = huge_system_info(chunked).await;
        let dir = temp_dir(if chunked { "huge-chunked" } else { "huge" });
        // deployment auto: the run needs SystemInfo, so a refused one ends it as unreachable.
        let profile = write_profile(&dir, &mock.profile(), &url, "")
            .to_str()
            .expect("utf8")
            .to_string();
        std::fs::write(
            &profile,
            std::fs::read_to_string(&profile)
                .expect("profile")
                .replace("deployment: UCCE", "deployment: auto"),
        )
        .expect("rewrite");
        let junit = dir.join("junit.xml");
        let out = run(
            &[
                "run",
                "--profile",
                &profile,
                "--junit",
                junit.to_str().expect("utf8"),
            ],
            &[("FC_PW", "pw")],
        )
        .await;
        let (_, stderr) = common::exited(&out, 3);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{stderr}");
        let line = errors[0];
        assert!(
            line.contains(&format!("{url}/finesse/api/SystemInfo"))
                && line.contains("limits.max_body_bytes")
                && line.contains(&DEFAULT_CAP.to_string()),
            "{line}"
        );
        if chunked {
            assert!(line.contains("more than"), "{line}");
        } else {
            // The announced size is named: nothing was read to learn it.
            assert!(line.contains(&huge_xml().len().to_string()), "{line}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
        // Every scenario is an error, not a finding, and the JUnit stays small.
        let xml = std::fs::read_to_string(&junit).expect("junit");
        assert!(!xml.contains("<failure"), "no finding");
        assert!(
            xml.contains("limits.max_body_bytes"),
            "the reason is in the report"
        );
        assert!(xml.len() < 2_000_000, "JUnit of {} bytes", xml.len());
    }
}

/// Runs the built-in feature `name` (under features/) alone, copied into `dir`/features,
/// with `profile` (every password `pw`), the JUnit to `junit`, and `more` options.
async fn run_one_feature(
    dir: &Path,
    name: &str,
    profile: &Path,
    junit: &Path,
    more: &[&str],
) -> Output {
    let features = dir.join("features");
    std::fs::create_dir_all(&features).expect("features dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("features")
        .join(name);
    let file = from.file_name().expect("a file name");
    std::fs::copy(&from, features.join(file)).expect("copy the feature");
    let mut args = vec![
        "--no-builtin",
        "--features",
        features.to_str().expect("utf8"),
    ];
    args.extend_from_slice(more);
    common::run_profile(profile, junit, &args, &[("FC_PW", "pw")]).await
}

/// A step that meets a body over the cap makes its scenario an error, not a finding.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_cap_in_a_step_is_an_error_not_a_finding() {
    let mock = mock_with_password("pw").await;
    // Only the list without a category (a step's request, which the preflight never sends)
    // answers 5 MiB.
    let rewrite: Arc<Rewrite> = Arc::new(|seen: &Seen, (status, ct, body): Answer| {
        if seen.method == "GET" && seen.path.ends_with("/ReasonCodes") {
            let pad = format!("<!--{}-->", "x".repeat(5 << 20));
            (status, ct, format!("<ApiErrors>{pad}</ApiErrors>"))
        } else {
            (status, ct, body)
        }
    });
    let url = proxy(mock.url(), rewrite).await;
    let dir = temp_dir("step-too-large");
    let profile = write_profile(&dir, &mock.profile(), &url, "");
    let junit = dir.join("junit.xml");
    let feature = "user/change_state_with_reason_code.feature";
    let out = run_one_feature(&dir, feature, &profile, &junit, &[]).await;
    // Nothing failed, something errored.
    common::exited(&out, 4);
    let xml = std::fs::read_to_string(&junit).expect("junit");
    let case = xml
        .split("<testcase ")
        .find(|c| c.contains("Listing reason codes needs a category"))
        .expect("the testcase");
    assert!(case.contains("<error type=\"error\""), "{case:.2000}");
    assert!(!case.contains("<failure"), "{case:.2000}");
    assert!(
        case.contains("limits.max_body_bytes") && case.contains("/ReasonCodes"),
        "{case:.2000}"
    );
    assert!(xml.len() < 2_000_000, "JUnit of {} bytes", xml.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raising_the_key_lets_a_big_body_through() {
    let mock = mock_with_password("pw").await;
    let url = huge_system_info(true).await;
    let dir = temp_dir("raised");
    // `list` reads SystemInfo and notes when it cannot.
    for (extra, refused) in [("", true), ("limits:\n  max_body_bytes: 16 MiB\n", false)] {
        let profile = write_profile(&dir, &mock.profile(), &url, extra);
        let profile = profile.to_str().expect("utf8");
        let out = run(&["list", "--profile", profile], &[("FC_PW", "pw")]).await;
        let (stdout, stderr) = common::exited(&out, 0);
        let head: String = stdout.lines().take(2).collect::<Vec<_>>().join("\n");
        assert_eq!(
            head.contains("note:") && head.contains("limits.max_body_bytes"),
            refused,
            "{extra}: {head}\n{stderr}"
        );
    }
}

/// Bodies of 256 KiB (under the read cap, four times the recording cap) for every GET, and
/// a SystemInfo as big: the reports keep at most 64 KiB of each body, with a marker giving
/// the size, and the evidence holds one SystemInfo for the run. One feature file runs (the
/// agent-state one, where the deviation makes a supervisor scenario fail), to keep the
/// traffic modest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn big_bodies_are_truncated_in_every_report_and_system_info_is_kept_once() {
    const BIG: usize = 256 * 1024;
    let mock = mock_with_password("pw").await;
    // Scenarios that fail, so that evidence folders with findings are written.
    mock.set_deviation(Deviation::SupervisorAnyTeam, true);
    let rewrite: Arc<Rewrite> = Arc::new(|seen: &Seen, (status, ct, body): Answer| {
        if seen.method == "GET" && status == 200 && !body.trim().is_empty() {
            let filler = format!("<!--{}-->", "<nest>".repeat(BIG / 6));
            (status, ct, inflate(&body, &filler))
        } else {
            (status, ct, body)
        }
    });
    let url = proxy(mock.url(), rewrite).await;
    let dir = temp_dir("big");
    let extra = format!(
        "capabilities:\n  fault_injection:\n    control_url: {}\n",
        mock.control_url()
    );
    let profile = write_profile(&dir, &mock.profile(), &url, &extra);
    let reports = dir.join("reports");
    let junit = reports.join("junit.xml");
    let json = reports.join("cucumber.json");
    let more = ["--json", json.to_str().expect("utf8")];
    let feature = "user/change_agent_state.feature";
    let out = run_one_feature(&dir, feature, &profile, &junit, &more).await;
    common::exited(&out, 1);
    let xml = std::fs::read_to_string(&junit).expect("junit");
    let exchanges = xml.matches("&lt;-- ").count() + xml.matches("<-- ").count();
    assert!(exchanges > 20, "{exchanges} exchanges");
    // Bodies were 256 KiB on the wire; each is kept truncated, saying how big it was.
    assert!(
        xml.contains("bytes in all"),
        "a truncation marker with the original size"
    );
    // Each report holds each exchange's capped body once (the failing one twice in HTML),
    // Cucumber JSON as base64 (a third more); uncapped, the JUnit alone was 77 MB here.
    let bound = exchanges * (RECORDED + 4096) * 4 / 3 + 2_000_000;
    let files = files_under(&reports);
    assert!(files.len() > 5, "{files:?}");
    for f in &files {
        let size = std::fs::metadata(f).expect("metadata").len() as usize;
        assert!(
            size < bound,
            "{} is {size} bytes (bound {bound} for {exchanges} exchanges)",
            f.display()
        );
        // No run of the filler longer than the recording cap survives anywhere.
        let content = std::fs::read_to_string(f).unwrap_or_default();
        let longest = content
            .split(|c: char| !"<nest>&lt;gt;".contains(c))
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(longest <= RECORDED * 2, "{}: {longest}", f.display());
    }
    // One SystemInfo for the run, at the evidence root; the folders name it.
    let evidence = reports.join("evidence");
    let copies: Vec<&PathBuf> = files
        .iter()
        .filter(|f| {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.contains("systeminfo") || name.contains("system-info")
        })
        .collect();
    assert_eq!(copies, vec![&evidence.join("system-info.xml")], "{files:?}");
    let info = std::fs::read_to_string(evidence.join("system-info.xml")).expect("system info");
    assert!(
        info.contains("<deploymentType>UCCE</deploymentType>"),
        "{info:.300}"
    );
    assert!(info.len() < RECORDED + 4096, "{} bytes", info.len());
    let findings: Vec<&PathBuf> = files.iter().filter(|f| f.ends_with("finding.md")).collect();
    assert!(!findings.is_empty(), "{files:?}");
    for f in findings {
        let md = std::fs::read_to_string(f).expect("finding");
        assert!(md.contains("../system-info.xml"), "{md}");
    }
}

// ---------------------------------------------------------------------------------------
// Item 6: redirects.

fn agent() -> Credentials {
    Credentials::basic("agent1", Secret::new("pw-redirect"))
}

fn finesse_client(base: &str) -> FinesseClient {
    let http = client::http_client(&Tls::default(), Duration::from_secs(5)).expect("client");
    FinesseClient::new(
        http,
        base,
        Duration::from_secs(5),
        Arc::new(Redactor::new(&["pw-redirect".into()], &["agent1".into()])),
    )
}

/// A recorded exchange's status, URL and Location.
type Hop = (Option<u16>, String, Option<String>);
/// The Authorization headers a server was sent, with the path when it matters.
type Received = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// Each recorded exchange, and the notes.
fn hops(c: &FinesseClient) -> (Vec<Hop>, Vec<String>) {
    let mut http = Vec::new();
    let mut notes = Vec::new();
    for e in c.log().entries() {
        match e {
            Entry::Http(x) => {
                let location = x
                    .response_headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("location"))
                    .map(|(_, v)| v.clone());
                http.push((x.status, x.url, location));
            }
            Entry::Note { text, .. } => notes.push(text),
        }
    }
    (http, notes)
}

fn redirect(to: &str, status: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_redirect_hop_is_recorded_and_credentials_stay_on_the_origin() {
    // The other origin records the Authorization headers it is sent.
    let seen_elsewhere: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let seen = seen_elsewhere.clone();
    let elsewhere = serve(Router::new().fallback(move |h: HeaderMap| {
        let seen = seen.clone();
        async move {
            let auth = h
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            seen.lock().expect("lock").push(auth);
            "<User><state>READY</state></User>"
        }
    }))
    .await;
    let seen_here: Received = Arc::default();
    let here_log = seen_here.clone();
    let other = elsewhere.clone();
    let app = Router::new().fallback(move |uri: axum::http::Uri, h: HeaderMap| {
        let (log, other) = (here_log.clone(), other.clone());
        async move {
            let auth = h
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            log.lock()
                .expect("lock")
                .push((uri.path().to_string(), auth));
            match uri.path() {
                "/finesse/api/User/1001" => redirect("/moved/User/1001", StatusCode::FOUND),
                "/moved/User/1001" => redirect(
                    &format!("{other}/finesse/api/User/1001"),
                    StatusCode::TEMPORARY_REDIRECT,
                ),
                "/loop" => redirect("/loop", StatusCode::FOUND),
                _ => redirect("http://127.0.0.1:1/nowhere", StatusCode::SEE_OTHER),
            }
        }
    });
    let base = serve(app).await;
    let c = finesse_client(&base);
    let r = c
        .send(Request::get("/finesse/api/User/1001").as_user(agent()))
        .await
        .expect("an answer");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.url,
        format!("{elsewhere}/finesse/api/User/1001"),
        "the final URL"
    );
    let (http, notes) = hops(&c);
    assert_eq!(
        http,
        vec![
            (
                Some(302),
                format!("{base}/finesse/api/User/1001"),
                Some("/moved/User/1001".to_string())
            ),
            (
                Some(307),
                format!("{base}/moved/User/1001"),
                Some(format!("{elsewhere}/finesse/api/User/1001"))
            ),
            (
                Some(200),
                format!("{elsewhere}/finesse/api/User/1001"),
                None
            ),
        ]
    );
    assert!(
        notes.iter().any(|n| n.contains("another origin")),
        "the transcript says why no credentials went there: {notes:?}"
    );
    // The first origin got the credentials on both hops; the other origin never did.
    let here = seen_here.lock().expect("lock").clone();
    assert_eq!(here.len(), 2, "{here:?}");
    assert!(
        here.iter()
            .all(|(_, a)| a.as_deref().is_some_and(|a| a.starts_with("Basic ")))
    );
    assert_eq!(*seen_elsewhere.lock().expect("lock"), vec![None]);
    // The rendered transcript shows each 3xx and where it pointed.
    let rendered = c.log().render();
    assert!(
        rendered.contains("<-- 302") && rendered.contains("<-- 307"),
        "{rendered}"
    );
    assert!(
        rendered.contains("location: /moved/User/1001"),
        "{rendered}"
    );

    // A redirect loop ends on one line naming the URL, every hop recorded.
    let c = finesse_client(&base);
    let e = c
        .send(Request::get("/loop").as_user(agent()))
        .await
        .expect_err("a loop is an error");
    let line = e.to_string();
    assert!(
        !line.contains('\n') && line.contains(&format!("{base}/loop")),
        "{line}"
    );
    assert!(line.contains("redirect"), "{line}");
    let (http, _) = hops(&c);
    assert!(
        http.len() >= 10 && http.iter().all(|h| h.0 == Some(302)),
        "{http:?}"
    );

    // An error after a redirect names the URL that failed, not the first one.
    let c = finesse_client(&base);
    let e = c
        .send(Request::get("/elsewhere").as_user(agent()))
        .await
        .expect_err("port 1 is closed");
    let line = e.to_string();
    assert!(line.contains("http://127.0.0.1:1/nowhere"), "{line}");
    let (http, _) = hops(&c);
    assert_eq!(http.first().and_then(|h| h.0), Some(303), "{http:?}");
}

// ---------------------------------------------------------------------------------------
// Item 9: a password echoed back in the encodings a body can carry.

/// A canary with characters that every encoding changes: é (non-ASCII), a double quote, a
/// backslash, a slash, & and <, a space.
const CANARY: &str = "Canary-3b9c-\u{e9}\"\\/p w&<x>";
/// Its start: no output may hold even this much of it.
const PREFIX: &str = "Canary-3b9c";

/// JSON string escaping as a strict encoder writes it: `\uXXXX` for non-ASCII, `\/`.
fn json_escaped(s: &str, upper: bool) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&if upper {
                        format!("\\u{unit:04X}")
                    } else {
                        format!("\\u{unit:04x}")
                    });
                }
            }
        }
    }
    out
}

/// XML character references for everything but letters and digits.
fn xml_numeric(s: &str, hex: bool) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else if hex {
                format!("&#x{:X};", c as u32)
            } else {
                format!("&#{};", c as u32)
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_echoed_json_escaped_appears_in_no_output() {
    let mock = mock_with_password(CANARY).await;
    mock.set_deviation(Deviation::SupervisorAnyTeam, true);
    // Error answers become JSON that echoes the password, placed so that the 80-character
    // snippet a failure message quotes ends inside it; successful XML answers carry it in
    // comments, JSON-escaped and as character references.
    let rewrite: Arc<Rewrite> = Arc::new(|seen: &Seen, (status, ct, body): Answer| {
        let Some(pw) = seen.password.as_deref() else {
            return (status, ct, body);
        };
        if status >= 400 {
            let head = "{\"error\":\"refused\",\"detail\":\"wrong password for this user: ";
            let body = format!(
                "{head}{}\",\"again\":\"{}\"}}",
                json_escaped(pw, false),
                json_escaped(pw, true)
            );
            return (status, "application/json".into(), body);
        }
        if seen.method == "GET" {
            let filler = format!(
                "<!-- {{\"echo\":\"{}\"}} {} {} -->",
                json_escaped(pw, false),
                xml_numeric(pw, false),
                xml_numeric(pw, true)
            );
            return (status, ct, inflate(&body, &filler));
        }
        (status, ct, body)
    });
    let url = proxy(mock.url(), rewrite).await;
    let dir = temp_dir("canary");
    let extra = format!(
        "capabilities:\n  nonvoice_media: true\n  fault_injection:\n    control_url: {}\n",
        mock.control_url()
    );
    let profile = write_profile(&dir, &mock.profile(), &url, &extra);
    let reports = dir.join("reports");
    let junit = reports.join("junit.xml");
    let json = reports.join("cucumber.json");
    let out = common::run_profile(
        &profile,
        &junit,
        &["--json", json.to_str().expect("utf8"), "-v"],
        &[("FC_PW", CANARY)],
    )
    .await;
    let (stdout, stderr) = common::exited(&out, 1);
    let xml = std::fs::read_to_string(&junit).expect("junit");
    assert!(xml.contains("<failure"), "findings are reported");
    assert!(
        xml.contains("wrong password for this user: ***"),
        "the echo reached the report, redacted"
    );
    let forms = [
        PREFIX.to_string(),
        json_escaped(CANARY, false),
        json_escaped(CANARY, true),
        xml_numeric(CANARY, false),
        xml_numeric(CANARY, true),
    ];
    let files = files_under(&reports);
    assert!(files.len() > 5, "{files:?}");
    assert_eq!(common::leaked(&stdout, &forms), None, "stdout");
    assert_eq!(common::leaked(&stderr, &forms), None, "stderr");
    for path in &files {
        let content = String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
        assert_eq!(common::leaked(&content, &forms), None, "{}", path.display());
    }
}
