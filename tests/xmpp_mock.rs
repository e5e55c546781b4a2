//! The mock's Notification Service through its sockets, with a tiny hand-written client:
//! plain TCP (RFC 6120) and WebSocket (RFC 7395), SASL PLAIN, binding, presence, then a
//! state change through REST and its pubsub notification.
//!
//! The client here is deliberately separate from the harness's own XMPP client, so that
//! the two cannot share a mistake.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use finesse_mock::{MockConfig, MockServer};
use futures::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout_at};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const PASSWORD: &str = "mock-pw-1";
const WAIT: Duration = Duration::from_secs(10);
const FRAMING_NS: &str = "urn:ietf:params:xml:ns:xmpp-framing";

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

enum Link {
    Tcp(TcpStream),
    Ws(Box<Ws>),
}

/// A minimal XMPP client: writes what it is told, and waits for text to arrive.
struct Client {
    link: Link,
    domain: String,
    /// Everything received so far, and how much of it earlier waits have consumed.
    seen: String,
    read: usize,
    closed: bool,
}

impl Client {
    async fn tcp(addr: SocketAddr, domain: &str) -> Client {
        let stream = TcpStream::connect(addr)
            .await
            .expect("connect to the XMPP port");
        Client::new(Link::Tcp(stream), domain)
    }

    async fn ws(url: &str, domain: &str) -> Result<Client, tokio_tungstenite::tungstenite::Error> {
        let mut req = url.into_client_request()?;
        req.headers_mut()
            .insert("Sec-WebSocket-Protocol", "xmpp".parse().expect("header"));
        let (ws, resp) = tokio_tungstenite::connect_async(req).await?;
        assert_eq!(
            resp.headers()
                .get("Sec-WebSocket-Protocol")
                .and_then(|v| v.to_str().ok()),
            Some("xmpp"),
            "the server agrees to the xmpp subprotocol"
        );
        Ok(Client::new(Link::Ws(Box::new(ws)), domain))
    }

    fn new(link: Link, domain: &str) -> Client {
        Client {
            link,
            domain: domain.to_string(),
            seen: String::new(),
            read: 0,
            closed: false,
        }
    }

    fn is_ws(&self) -> bool {
        matches!(self.link, Link::Ws(_))
    }

    /// `jabber:client` on each stanza over WebSocket, where every message stands alone.
    fn ns(&self) -> &'static str {
        if self.is_ws() {
            " xmlns='jabber:client'"
        } else {
            ""
        }
    }

    async fn send(&mut self, text: &str) {
        match &mut self.link {
            Link::Tcp(s) => s.write_all(text.as_bytes()).await.expect("write"),
            Link::Ws(ws) => ws.send(Message::text(text)).await.expect("send"),
        }
    }

    /// Reads until `needle` arrives; returns what arrived up to and including it.
    async fn wait_for(&mut self, needle: &str) -> Result<String, String> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(i) = self.seen[self.read..].find(needle) {
                let end = self.read + i + needle.len();
                let got = self.seen[self.read..end].to_string();
                self.read = end;
                return Ok(got);
            }
            if self.closed {
                return Err(format!(
                    "the server closed the connection before {needle:?}; received: {}",
                    &self.seen[self.read..]
                ));
            }
            let more = match &mut self.link {
                Link::Tcp(s) => {
                    let mut buf = [0u8; 4096];
                    match timeout_at(deadline, s.read(&mut buf)).await {
                        Err(_) => None,
                        Ok(Ok(0)) | Ok(Err(_)) => Some(None),
                        Ok(Ok(n)) => Some(Some(String::from_utf8_lossy(&buf[..n]).into_owned())),
                    }
                }
                Link::Ws(ws) => match timeout_at(deadline, ws.next()).await {
                    Err(_) => None,
                    Ok(Some(Ok(Message::Text(t)))) => Some(Some(t.to_string())),
                    Ok(Some(Ok(Message::Close(_)))) | Ok(Some(Err(_))) | Ok(None) => Some(None),
                    Ok(Some(Ok(_))) => Some(Some(String::new())),
                },
            };
            match more {
                None => {
                    return Err(format!(
                        "no {needle:?} within {WAIT:?}; received: {}",
                        &self.seen[self.read..]
                    ));
                }
                Some(None) => self.closed = true,
                Some(Some(text)) => self.seen.push_str(&text),
            }
        }
    }

    /// Waits until the server has closed the connection.
    async fn wait_closed(&mut self) -> Result<(), String> {
        // NUL never appears in XML: this reads until the end or the deadline.
        match self.wait_for("\u{0}").await {
            Err(_) if self.closed => Ok(()),
            Err(e) => Err(e),
            Ok(_) => Err("a NUL character arrived".into()),
        }
    }

    async fn open(&mut self) -> Result<String, String> {
        let domain = self.domain.clone();
        if self.is_ws() {
            self.send(&format!(
                "<open xmlns='{FRAMING_NS}' to='{domain}' version='1.0'/>"
            ))
            .await;
        } else {
            self.send(&format!(
                "<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
            ))
            .await;
        }
        self.wait_for("</stream:features>").await
    }

    /// SASL PLAIN; the server's verdict element.
    async fn authenticate(&mut self, user: &str, password: &str) -> Result<String, String> {
        let features = self.open().await?;
        assert!(
            features.contains("<mechanism>PLAIN</mechanism>"),
            "{features}"
        );
        let payload = finesse_protocol::base64::encode(format!("\0{user}\0{password}").as_bytes());
        self.send(&format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{payload}</auth>"
        ))
        .await;
        let verdict = self.wait_for("xmpp-sasl'").await?;
        let rest = if verdict.contains("<failure") {
            self.wait_for("</failure>").await?
        } else {
            self.wait_for("/>").await?
        };
        Ok(verdict + &rest)
    }

    /// Authenticates, restarts the stream, binds `desk`, sends initial presence; the JID.
    async fn online(&mut self, user: &str) -> Result<String, String> {
        let verdict = self.authenticate(user, PASSWORD).await?;
        if !verdict.contains("<success") {
            return Err(format!("not authenticated: {verdict}"));
        }
        let features = self.open().await?;
        assert!(
            features.contains("urn:ietf:params:xml:ns:xmpp-bind"),
            "{features}"
        );
        let ns = self.ns();
        self.send(&format!(
            "<iq{ns} type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desk</resource></bind></iq>"
        ))
        .await;
        let bound = self.wait_for("</iq>").await?;
        let jid = between(&bound, "<jid>", "</jid>").ok_or(format!("no jid: {bound}"))?;
        self.send(&format!("<presence{ns}/>")).await;
        self.wait_for("<presence").await?;
        Ok(jid)
    }

    /// The next notification on `node` whose `<Update>` contains `needle`, un-escaped.
    async fn update_on(&mut self, node: &str, needle: &str) -> Result<String, String> {
        loop {
            let msg = self.wait_for("</message>").await?;
            if !msg.contains(&format!("node='{node}'")) {
                continue;
            }
            let escaped = between(
                &msg,
                "<notification xmlns='urn:xmpp:push:0'>",
                "</notification>",
            )
            .ok_or(format!("no notification: {msg}"))?;
            assert!(
                msg.contains("<event xmlns='http://jabber.org/protocol/pubsub#event'>"),
                "{msg}"
            );
            let update = quick_xml::escape::unescape(&escaped)
                .map_err(|e| format!("{e}: {escaped}"))?
                .into_owned();
            if update.contains(needle) {
                return Ok(update);
            }
        }
    }
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(text[from..to].to_string())
}

async fn set_state(mock: &MockServer, user: &str, body: &str, rid: &str) {
    let status = common::mock::raw_request(
        mock,
        "PUT",
        &format!("/finesse/api/User/{user}"),
        (user, PASSWORD),
        body,
        rid,
    )
    .await;
    assert_eq!(status, 202, "PUT {body}");
}

async fn mock() -> MockServer {
    MockServer::start(MockConfig::default())
        .await
        .expect("mock")
}

/// The scenario of the brief: the agent's own notifications, with the requestId.
async fn user_notifications_arrive(mut c: Client, mock: &MockServer) {
    let jid = c.online("1001").await.expect("online");
    assert_eq!(jid, format!("1001@{}/desk", mock.xmpp_domain()));
    let node = "/finesse/api/User/1001";
    let login = "<User><state>LOGIN</state><extension>1001001</extension></User>";
    set_state(mock, "1001", login, "rq-login").await;
    let update = c
        .update_on(node, "<requestId>rq-login</requestId>")
        .await
        .expect("the sign-in notification");
    common::assert_contains_all(
        &update,
        &[
            "<state>NOT_READY</state>",
            "<event>PUT</event>",
            "<source>/finesse/api/User/1001</source>",
        ],
    );
    set_state(
        mock,
        "1001",
        "<User><state>READY</state></User>",
        "rq-ready",
    )
    .await;
    let update = c
        .update_on(node, "<requestId>rq-ready</requestId>")
        .await
        .expect("the READY notification");
    assert!(update.starts_with("<Update><data><user>"), "{update}");
    assert!(update.contains("<state>READY</state>"), "{update}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tcp_client_gets_its_user_notification_with_the_request_id() {
    let mock = mock().await;
    let c = Client::tcp(mock.xmpp_tcp_addr(), &mock.xmpp_domain()).await;
    user_notifications_arrive(c, &mock).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_client_gets_its_user_notification_with_the_request_id() {
    let mock = mock().await;
    assert!(mock.ws_url().starts_with("ws://127.0.0.1:") && mock.ws_url().ends_with("/ws/"));
    let c = Client::ws(&mock.ws_url(), &mock.xmpp_domain())
        .await
        .expect("WebSocket connection");
    user_notifications_arrive(c, &mock).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_password_is_refused_on_both_transports() {
    let mock = mock().await;
    let mut tcp = Client::tcp(mock.xmpp_tcp_addr(), &mock.xmpp_domain()).await;
    let verdict = tcp.authenticate("1001", "wrong").await.expect("verdict");
    assert!(
        verdict.contains("<failure") && verdict.contains("<not-authorized/>"),
        "{verdict}"
    );
    let mut ws = Client::ws(&mock.ws_url(), &mock.xmpp_domain())
        .await
        .expect("ws");
    let verdict = ws.authenticate("1001", "wrong").await.expect("verdict");
    assert!(verdict.contains("<not-authorized/>"), "{verdict}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_upgrade_without_the_xmpp_subprotocol_is_refused() {
    let mock = mock().await;
    let req = mock.ws_url().into_client_request().expect("request");
    match tokio_tungstenite::connect_async(req).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
            assert_eq!(resp.status(), 400)
        }
        other => panic!(
            "expected a refusal, got {:?}",
            other.map(|(_, r)| r.status())
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_hears_of_its_team_after_subscribing() {
    let mock = mock().await;
    let domain = mock.xmpp_domain();
    let mut sup = Client::tcp(mock.xmpp_tcp_addr(), &domain).await;
    sup.online("2003").await.expect("online");
    sup.send(&format!(
        "<iq type='set' id='sub1' to='pubsub.{domain}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/Team/5000/Users' jid='2003@{domain}'/></pubsub></iq>"
    ))
    .await;
    let answer = sup.wait_for("</iq>").await.expect("answer");
    assert!(answer.contains("subscription='subscribed'"), "{answer}");
    set_state(
        &mock,
        "1002",
        "<User><state>LOGIN</state><extension>1002001</extension></User>",
        "rq-team",
    )
    .await;
    let update = sup
        .update_on(
            "/finesse/api/Team/5000/Users",
            "<requestId>rq-team</requestId>",
        )
        .await
        .expect("team notification");
    assert!(
        update.contains("<source>/finesse/api/User/1002</source>"),
        "{update}"
    );
    assert!(update.contains("<state>NOT_READY</state>"), "{update}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_notification_service_down_connections_are_refused_and_sessions_end() {
    let mock = mock().await;
    let domain = mock.xmpp_domain();
    let mut tcp = Client::tcp(mock.xmpp_tcp_addr(), &domain).await;
    tcp.online("1001").await.expect("tcp online");
    let mut ws = Client::ws(&mock.ws_url(), &domain).await.expect("ws");
    ws.online("1002").await.expect("ws online");

    let status = common::mock::raw_request(
        &mock,
        "POST",
        "/mock/faults?notification_service=down",
        ("admin", PASSWORD),
        "",
        "f1",
    )
    .await;
    assert_eq!(status, 200);
    // Existing sessions end with a stream error.
    for c in [&mut tcp, &mut ws] {
        let err = c.wait_for("</stream:error>").await.expect("stream error");
        assert!(err.contains("<system-shutdown"), "{err}");
        c.wait_closed().await.expect("closed");
    }
    // New connections are refused: TCP with service-unavailable, WebSocket with 503.
    let mut again = Client::tcp(mock.xmpp_tcp_addr(), &domain).await;
    let err = again.wait_for("</stream:error>").await.expect("refusal");
    assert!(err.contains("<service-unavailable"), "{err}");
    again.wait_closed().await.expect("closed");
    match Client::ws(&mock.ws_url(), &domain).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => assert_eq!(resp.status(), 503),
        Err(e) => panic!("expected 503, got {e}"),
        Ok(_) => panic!("expected 503, the upgrade succeeded"),
    }
    // REST stays out of service, as before.
    let status = common::mock::raw_request(
        &mock,
        "GET",
        "/finesse/api/User/1001",
        ("1001", PASSWORD),
        "",
        "g",
    )
    .await;
    assert_eq!(status, 503);
    // And once it is back, clients connect again.
    common::mock::raw_request(
        &mock,
        "POST",
        "/mock/faults?notification_service=up",
        ("admin", PASSWORD),
        "",
        "f2",
    )
    .await;
    let mut back = Client::tcp(mock.xmpp_tcp_addr(), &domain).await;
    back.online("1001").await.expect("online again");
}
