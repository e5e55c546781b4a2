//! The mock's documents against the golden documents in tests/golden (written from the
//! guide, not from the models the mock renders with).
//!
//! The mock runs as its own process (`finesse-conformance mock`) and is driven black-box,
//! over HTTP with the default fixture's Basic credentials, into each state whose document
//! the guide shows: a user signed out, READY, NOT_READY with a reason, a supervisor, a
//! call after MAKE_CALL, Media signed in, reason codes, SystemInfo, error bodies. Each body
//! is compared with its golden document by element tree (tests/common/shape.rs): every
//! golden path present with the same nesting, elements the guide sends empty present and
//! empty, and nothing the guide does not show. Notifications are compared the same way, on
//! the raw `<Update>` XML the harness's XMPP client received.
//!
//! One failure message lists every difference of every document, so that it is the to-do
//! list for whoever brings the mock in line with the guide.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use common::shape::{self, Golden};
use finesse_conformance::finesse::ExchangeLog;
use finesse_conformance::finesse::xmpp::{Notification, NotificationClient, XmppSettings};
use finesse_conformance::profile::Secret;
use finesse_conformance::redact::Redactor;
use tokio::time::Instant;

/// The default fixture's password for every user (fixtures/default.yaml), and its domain.
const PASSWORD: &str = "mock-pw-1";
const DOMAIN: &str = "finesse.mock.local";
/// How long a state change may take to show (the mock's processing delay is 20 ms).
const WAIT: Duration = Duration::from_secs(10);
/// Each request carries a requestId header, as the guide's clients send one.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A mock Finesse in its own process, killed when dropped.
struct MockProcess {
    _child: tokio::process::Child,
    url: String,
    xmpp: String,
    http: reqwest::Client,
}

/// The value after `marker` on the first line of `banner` that has it, up to a space.
fn after<'a>(banner: &'a str, marker: &str) -> Option<&'a str> {
    let line = banner.lines().find(|l| l.contains(marker))?;
    let rest = &line[line.find(marker)? + marker.len()..];
    rest.split_whitespace().next()
}

impl MockProcess {
    async fn start() -> MockProcess {
        Self::start_with(&[]).await
    }

    /// The mock with more arguments, e.g. `--mock-version 12.6(2)`.
    async fn start_with(extra: &[&str]) -> MockProcess {
        let mut cmd = tokio::process::Command::new(common::BIN);
        cmd.args(["mock", "--port", "0", "--xmpp-port", "0"])
            .args(extra)
            .env_remove("RUST_BACKTRACE")
            .stderr(std::process::Stdio::null());
        let (child, banner) = common::mock_banner::start(cmd).await;
        let url = after(&banner, "listening on ")
            .unwrap_or_else(|| panic!("no URL in the mock's banner:\n{banner}"))
            .to_string();
        let xmpp = after(&banner, "XMPP: ")
            .unwrap_or_else(|| panic!("no XMPP address in the mock's banner:\n{banner}"))
            .to_string();
        let http = finesse_conformance::finesse::client::http_client(
            &Default::default(),
            Duration::from_secs(10),
        )
        .expect("an HTTP client");
        MockProcess {
            _child: child,
            url,
            xmpp: format!("tcp://{xmpp}"),
            http,
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        user: &str,
        path: &str,
        body: Option<String>,
    ) -> (u16, String) {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.url))
            .basic_auth(user, Some(PASSWORD))
            .header(
                "requestId",
                format!("golden-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed)),
            );
        if let Some(b) = body {
            req = req.header("Content-Type", "application/xml").body(b);
        }
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status().as_u16();
        (status, resp.text().await.unwrap_or_default())
    }

    async fn get(&self, user: &str, path: &str) -> (u16, String) {
        self.send(reqwest::Method::GET, user, path, None).await
    }

    /// A GET with a `Range` header (TeamResource phone books).
    async fn get_range(&self, user: &str, path: &str, range: &str) -> (u16, String) {
        let resp = self
            .http
            .get(format!("{}{path}", self.url))
            .basic_auth(user, Some(PASSWORD))
            .header("Range", range)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = resp.status().as_u16();
        (status, resp.text().await.unwrap_or_default())
    }

    /// A write the guide answers 202; anything else stops the test with the body.
    async fn write(&self, method: reqwest::Method, user: &str, path: &str, body: &str) {
        let (status, text) = self
            .send(method.clone(), user, path, Some(body.into()))
            .await;
        assert!(
            (200..300).contains(&status),
            "{method} {path} as {user} answered {status}: {text}"
        );
    }

    async fn put(&self, user: &str, path: &str, body: &str) {
        self.write(reqwest::Method::PUT, user, path, body).await;
    }

    /// GETs `path` until `done` holds for the body, within [`WAIT`]; the last body.
    async fn get_until(&self, user: &str, path: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let (status, body) = self.get(user, path).await;
            if status == 200 && done(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "GET {path} as {user} did not reach the expected state within {WAIT:?}: {status} {body}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// PUTs `body` to `path`, then GETs it until it shows each `(element, text)` of `shows`;
    /// that body.
    async fn put_until(
        &self,
        user: &str,
        path: &str,
        body: &str,
        shows: &[(&str, &str)],
    ) -> String {
        self.put(user, path, body).await;
        self.get_until(user, path, |b| {
            shows.iter().all(|(name, text)| has(b, name, text))
        })
        .await
    }

    /// Signs `id` in on its fixture extension and waits for NOT_READY.
    async fn sign_in(&self, login: &str, id: &str, extension: &str) {
        self.put_until(
            login,
            &format!("/finesse/api/User/{id}"),
            &format!("<User><state>LOGIN</state><extension>{extension}</extension></User>"),
            &[("state", "NOT_READY")],
        )
        .await;
    }

    async fn notifications(&self, id: &str) -> NotificationClient {
        let mut s = XmppSettings::new(&self.xmpp, id, Secret::new(PASSWORD), DOMAIN);
        s.timeout = WAIT;
        NotificationClient::connect(
            &s,
            &[],
            ExchangeLog::default(),
            Arc::new(Redactor::new(&[PASSWORD.to_string()], &[])),
        )
        .await
        .unwrap_or_else(|e| panic!("XMPP as {id}: {e}"))
    }
}

/// Whether `xml`'s root has a child `name` with text `value` (read with the shape parser,
/// not the client's models).
fn has(xml: &str, name: &str, value: &str) -> bool {
    shape::parse(xml)
        .ok()
        .and_then(|root| root.child(name).map(|c| c.text.trim() == value))
        .unwrap_or(false)
}

/// Differences found, per document and state.
#[derive(Default)]
struct Findings(Vec<String>);

impl Findings {
    fn compare(&mut self, golden: &str, what: &str, status: u16, want_status: u16, body: &str) {
        let g = Golden::load(golden);
        if status != want_status {
            self.0.push(format!(
                "{golden}.xml vs {what}: answered {status}, not {want_status}: {body}\n"
            ));
            return;
        }
        match shape::compare(&g, body) {
            Ok(m) if m.is_empty() => {}
            Ok(m) => self.0.push(format!("{golden}.xml vs {what}:\n{m}")),
            Err(e) => self
                .0
                .push(format!("{golden}.xml vs {what}: not XML ({e}): {body}\n")),
        }
    }

    fn assert_none(self, about: &str) {
        assert!(
            self.0.is_empty(),
            "{about}: the mock departs from the guide's documents (tests/golden):\n\n{}",
            self.0.join("\n")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mocks_rest_documents_match_the_guides_in_every_state() {
    let mock = MockProcess::start().await;
    let mut f = Findings::default();

    // A user no one has signed in yet.
    let (s, b) = mock.get("agent1001", "/finesse/api/User/1001").await;
    f.compare("user-signed-out", "GET User 1001 (signed out)", s, 200, &b);

    // Signed in, then READY, then NOT_READY with a team reason code (database id 12).
    let user = "/finesse/api/User/1001";
    mock.sign_in("agent1001", "1001", "1001001").await;
    let ready = "<User><state>READY</state></User>";
    let b = mock
        .put_until("agent1001", user, ready, &[("state", "READY")])
        .await;
    f.compare("user-ready", "GET User 1001 (READY)", 200, 200, &b);
    let not_ready = "<User><state>NOT_READY</state><reasonCodeId>12</reasonCodeId></User>";
    let b = mock
        .put_until(
            "agent1001",
            user,
            not_ready,
            &[("state", "NOT_READY"), ("reasonCodeId", "12")],
        )
        .await;
    f.compare(
        "user-not-ready-reason",
        "GET User 1001 (NOT_READY, reason 12)",
        200,
        200,
        &b,
    );

    // A supervisor just signed in.
    mock.sign_in("supervisor2001", "2001", "2001001").await;
    let (s, b) = mock.get("supervisor2001", "/finesse/api/User/2001").await;
    f.compare(
        "user-supervisor",
        "GET User 2001 (supervisor, NOT_READY)",
        s,
        200,
        &b,
    );

    // A call: 1003 calls 1004, 1004 answers; both TALKING.
    mock.sign_in("agent1003", "1003", "1003001").await;
    mock.sign_in("agent1004", "1004", "1004001").await;
    let id = make_answered_call(&mock).await;
    let (s, b) = mock
        .get("agent1003", &format!("/finesse/api/Dialog/{id}"))
        .await;
    f.compare(
        "dialog",
        "GET Dialog (answered MAKE_CALL, both ACTIVE)",
        s,
        200,
        &b,
    );
    let (s, b) = mock
        .get("agent1003", "/finesse/api/User/1003/Dialogs")
        .await;
    f.compare(
        "dialogs",
        "GET User 1003 Dialogs (on the answered call)",
        s,
        200,
        &b,
    );

    // Media: signed in to MRD 5001 and READY (the list), then NOT_READY with reason 11.
    let media = "/finesse/api/User/1005/Media/5001";
    let sign_in = "<Media><maxDialogLimit>3</maxDialogLimit><state>LOGIN</state>\
                   <interruptAction>ACCEPT</interruptAction>\
                   <dialogLogoutAction>TRANSFER</dialogLogoutAction></Media>";
    mock.put_until("agent1005", media, sign_in, &[("state", "NOT_READY")])
        .await;
    let ready = "<Media><state>READY</state></Media>";
    mock.put_until("agent1005", media, ready, &[("state", "READY")])
        .await;
    let (s, b) = mock.get("agent1005", "/finesse/api/User/1005/Media").await;
    f.compare(
        "media-list",
        "GET User 1005 Media (5001 READY, 5002 signed out)",
        s,
        200,
        &b,
    );
    let not_ready = "<Media><state>NOT_READY</state><reasonCodeId>11</reasonCodeId></Media>";
    let b = mock
        .put_until(
            "agent1005",
            media,
            not_ready,
            &[("state", "NOT_READY"), ("reasonCodeId", "11")],
        )
        .await;
    f.compare(
        "media",
        "GET User 1005 Media 5001 (NOT_READY, reason 11)",
        200,
        200,
        &b,
    );

    // A UCCE agent the fixture configures as a mobile agent, signed in as one (G12.5 p.31).
    let mobile = "/finesse/api/User/1301";
    let b = mock
        .put_until(
            "agent1301",
            mobile,
            "<User><state>LOGIN</state><extension>1301001</extension><mobileAgent>\
             <mode>CALL_BY_CALL</mode><dialNumber>4085551234</dialNumber></mobileAgent></User>",
            &[("state", "NOT_READY")],
        )
        .await;
    f.compare(
        "user-mobile-agent",
        "GET User 1301 (signed in as a mobile agent)",
        200,
        200,
        &b,
    );

    // Reason codes and SystemInfo.
    let (s, b) = mock
        .get(
            "agent1001",
            "/finesse/api/User/1001/ReasonCodes?category=NOT_READY",
        )
        .await;
    f.compare(
        "reason-codes",
        "GET ReasonCodes?category=NOT_READY",
        s,
        200,
        &b,
    );
    let (s, b) = mock
        .get("agent1001", "/finesse/api/User/1001/ReasonCode/22")
        .await;
    f.compare("reason-code", "GET ReasonCode 22 (LOGOUT)", s, 200, &b);
    let (s, b) = mock
        .get("agent1001", "/finesse/api/User/1001/WrapUpReasons")
        .await;
    f.compare("wrap-up-reasons", "GET WrapUpReasons", s, 200, &b);
    let (s, b) = mock
        .get("agent1001", "/finesse/api/User/1001/WrapUpReason/31")
        .await;
    f.compare("wrap-up-reason", "GET WrapUpReason 31", s, 200, &b);
    let (s, b) = mock
        .get_range(
            "agent1001",
            "/finesse/api/TeamResource/5000/PhoneBooks",
            "objects=1-6000",
        )
        .await;
    f.compare("phone-books", "GET TeamResource PhoneBooks", s, 200, &b);
    let (s, b) = mock
        .get("agent1001", "/finesse/api/User/1001/Workflows")
        .await;
    f.compare("workflows", "GET User Workflows", s, 200, &b);
    let (s, b) = mock.get("agent1001", "/finesse/api/Queue/10").await;
    f.compare("queue", "GET Queue 10", s, 200, &b);
    let (s, b) = mock.get("agent1001", "/finesse/api/User/1001/Queues").await;
    f.compare("queues", "GET User 1001 Queues", s, 200, &b);
    let (s, b) = mock.get("agent1001", "/finesse/api/SystemInfo").await;
    f.compare("system-info", "GET SystemInfo", s, 200, &b);

    // Error bodies: another user's object; a Media request without its state.
    let (s, b) = mock.get("agent1001", "/finesse/api/User/1002").await;
    f.compare(
        "api-errors",
        "GET User 1002 as 1001 (401 Invalid Authorization User Specified)",
        s,
        401,
        &b,
    );
    let (s, b) = mock
        .send(
            reqwest::Method::PUT,
            "agent1005",
            media,
            Some("<Media><reasonCodeId>11</reasonCodeId></Media>".into()),
        )
        .await;
    f.compare(
        "api-errors-media",
        "PUT Media 5001 without state (400 Parameter Missing)",
        s,
        400,
        &b,
    );

    f.assert_none("REST documents");
}

/// 1003 calls 1004001 and 1004 answers; returns the dialog id once both are ACTIVE.
async fn make_answered_call(mock: &MockProcess) -> String {
    mock.write(
        reqwest::Method::POST,
        "agent1003",
        "/finesse/api/User/1003/Dialogs",
        "<Dialog><requestedAction>MAKE_CALL</requestedAction>\
         <fromAddress>1003001</fromAddress><toAddress>1004001</toAddress></Dialog>",
    )
    .await;
    let id = ringing_dialog(mock, "agent1004", "1004").await;
    let path = format!("/finesse/api/Dialog/{id}");
    mock.put(
        "agent1004",
        &path,
        "<Dialog><requestedAction>ANSWER</requestedAction>\
         <targetMediaAddress>1004001</targetMediaAddress></Dialog>",
    )
    .await;
    mock.get_until("agent1003", &path, |b| has(b, "state", "ACTIVE"))
        .await;
    id
}

/// The id of the dialog ringing at user `id` (read with the shape parser).
async fn ringing_dialog(mock: &MockProcess, login: &str, id: &str) -> String {
    let list = mock
        .get_until(login, &format!("/finesse/api/User/{id}/Dialogs"), |b| {
            b.contains("ALERTING")
        })
        .await;
    shape::parse(&list)
        .ok()
        .and_then(|l| {
            l.child("Dialog")
                .and_then(|d| d.child("id"))
                .map(|i| i.text.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no dialog id in {list}"))
}

/// The first notification whose raw Update satisfies `pred`.
async fn wait(c: &NotificationClient, what: &str, pred: impl Fn(&Notification) -> bool) -> String {
    c.wait_for(what, WAIT, pred)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .update
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mocks_notifications_match_the_guides() {
    let mock = MockProcess::start().await;
    let mut f = Findings::default();
    let agent = mock.notifications("1006").await;
    let callee = mock.notifications("1007").await;

    // User notification for the user's own sign-in (the raw <Update>, not parsed structs).
    mock.put(
        "agent1006",
        "/finesse/api/User/1006",
        "<User><state>LOGIN</state><extension>1006001</extension></User>",
    )
    .await;
    let update = wait(&agent, "User 1006 NOT_READY", |n| {
        n.node == "/finesse/api/User/1006" && n.data_field("state").as_deref() == Some("NOT_READY")
    })
    .await;
    f.compare(
        "update-user",
        "the User notification of a sign-in",
        200,
        200,
        &update,
    );

    // Dialog notification (PUT, source /finesse/api/Dialog/{id}) when the called agent
    // answers a MAKE_CALL.
    mock.sign_in("agent1007", "1007", "1007001").await;
    mock.write(
        reqwest::Method::POST,
        "agent1006",
        "/finesse/api/User/1006/Dialogs",
        "<Dialog><requestedAction>MAKE_CALL</requestedAction>\
         <fromAddress>1006001</fromAddress><toAddress>1007001</toAddress></Dialog>",
    )
    .await;
    let id = ringing_dialog(&mock, "agent1007", "1007").await;
    mock.put(
        "agent1007",
        &format!("/finesse/api/Dialog/{id}"),
        "<Dialog><requestedAction>ANSWER</requestedAction>\
         <targetMediaAddress>1007001</targetMediaAddress></Dialog>",
    )
    .await;
    let source = format!("/finesse/api/Dialog/{id}");
    let update = wait(&callee, "a Dialog PUT with the call ACTIVE", |n| {
        n.node == "/finesse/api/User/1007/Dialogs"
            && n.source == source
            && n.data_is("dialog")
            && n.data_field("state").as_deref() == Some("ACTIVE")
    })
    .await;
    f.compare(
        "update-dialog",
        "the Dialog notification of an answered call",
        200,
        200,
        &update,
    );

    f.assert_none("notifications");
}

/// The mock serves no GET /Team/{id} yet (api-map: Team—Get Team, no REST route).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mocks_team_document_matches_the_guides() {
    let mock = MockProcess::start().await;
    let mut f = Findings::default();
    mock.sign_in("agent1001", "1001", "1001001").await;
    let (s, b) = mock.get("supervisor2001", "/finesse/api/Team/5000").await;
    f.compare("team", "GET Team 5000 as its supervisor", s, 200, &b);
    f.assert_none("Team document");
}

/// GET /UserAuthMode needs no credentials; the helper's Basic header changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mocks_user_auth_mode_document_matches_the_guides() {
    let mock = MockProcess::start().await;
    let mut f = Findings::default();
    let (s, b) = mock
        .get("agent1001", "/finesse/api/UserAuthMode/agent1001")
        .await;
    f.compare("auth-mode", "GET UserAuthMode of agent1001", s, 200, &b);
    f.assert_none("UserAuthMode document");
}

/// From 12.6(1) SystemInfo adds maintenance mode, node ports and CTI servers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mocks_12_6_system_info_matches_the_guides() {
    let mock = MockProcess::start_with(&["--mock-version", "12.6(2)"]).await;
    let mut f = Findings::default();
    let (s, b) = mock.get("agent1001", "/finesse/api/SystemInfo").await;
    f.compare("system-info-12.6", "GET SystemInfo (12.6(2))", s, 200, &b);
    f.assert_none("SystemInfo 12.6");
}

#[test]
fn the_banner_parser_finds_both_addresses() {
    let banner = "mock Finesse (UCCE) listening on http://127.0.0.1:41234\n  REST API:  \
                  http://127.0.0.1:41234/finesse/api/\n  XMPP:      127.0.0.1:41235 (plain TCP)\n";
    assert_eq!(
        after(banner, "listening on "),
        Some("http://127.0.0.1:41234")
    );
    assert_eq!(after(banner, "XMPP: "), Some("127.0.0.1:41235"));
    assert_eq!(after(banner, "nothing"), None);
}
