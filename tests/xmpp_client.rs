//! The XMPP notification client against a scripted fake Finesse Notification Service:
//! TCP, WebSocket, direct TLS and WebSocket over TLS, each playing the server side of a
//! session with canned stanzas and then pushing a notification.
//!
//! The fake server splits what the client sends with its own small splitter (not the
//! client's framer), so a framing bug in the client cannot hide itself.

mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use finesse_conformance::finesse::ExchangeLog;
use finesse_conformance::finesse::xmpp::{
    NotificationClient, UpdateEvent, XmppError, XmppSettings,
};
use finesse_conformance::profile::{Secret, Tls};
use finesse_conformance::redact::Redactor;
use futures::{SinkExt, StreamExt};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};

const USER: &str = "1001";
const PASSWORD: &str = "C4nary&p@ss<w>rd";
const DOMAIN: &str = "finesse1.lab";
const TEAM_NODE: &str = "/finesse/api/Team/5000/Users";
/// Generous: only reached when something is broken.
const DEADLINE: Duration = Duration::from_secs(10);

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Tcp,
    Ws,
    Tls,
    Wss,
}

/// How the fake server behaves.
#[derive(Clone, Default)]
struct Script {
    /// Sent as a stream error right after the stream opens.
    stream_error: Option<&'static str>,
    /// `<Update>` documents pushed on the team node once the client subscribes.
    push: Vec<String>,
    /// Ping the client after its presence.
    ping_client: bool,
    /// Drop the connection after the pushes.
    drop_after_push: bool,
}

/// The server side of one connection: next client frame, send a frame.
enum Wire {
    Stream { io: Box<dyn Io>, buf: String },
    Ws(Box<tokio_tungstenite::WebSocketStream<Box<dyn Io>>>),
}

impl Wire {
    async fn send(&mut self, text: &str) {
        let result = match self {
            Wire::Stream { io, .. } => io
                .write_all(text.as_bytes())
                .await
                .map_err(|e| e.to_string()),
            Wire::Ws(ws) => ws
                .send(Message::text(text.to_string()))
                .await
                .map_err(|e| e.to_string()),
        };
        // The client may have gone; the test's assertions say whether that was expected.
        let _ = result;
    }

    /// The next thing the client sent: a stream header, a stanza, or a close.
    async fn next(&mut self) -> Option<String> {
        match self {
            Wire::Ws(ws) => loop {
                match ws.next().await? {
                    Ok(Message::Text(t)) => return Some(t.as_str().to_string()),
                    Ok(Message::Close(_)) | Err(_) => return None,
                    Ok(_) => {}
                }
            },
            Wire::Stream { io, buf } => loop {
                if let Some(end) = stanza_end(buf) {
                    let frame: String = buf.drain(..end).collect();
                    return Some(frame.trim().to_string());
                }
                let mut chunk = [0u8; 4096];
                let n = io.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
                buf.push_str(std::str::from_utf8(&chunk[..n]).ok()?);
            },
        }
    }
}

/// Where the first complete client frame in `buf` ends. Enough XML for what this client
/// sends: no `>` inside attribute values, no comments.
fn stanza_end(buf: &str) -> Option<usize> {
    let mut depth = 0;
    let mut at = 0;
    while let Some(lt) = buf[at..].find('<').map(|i| i + at) {
        let gt = buf[lt..].find('>').map(|i| i + lt)?;
        let tag = &buf[lt..=gt];
        at = gt + 1;
        if tag.starts_with("<?") {
            continue;
        }
        if tag.starts_with("<stream:stream") {
            return Some(at);
        }
        if tag.starts_with("</") {
            depth -= 1;
            if depth <= 0 {
                return Some(at);
            }
        } else if tag.ends_with("/>") {
            if depth == 0 {
                return Some(at);
            }
        } else {
            depth += 1;
        }
    }
    None
}

fn attr(stanza: &str, name: &str) -> String {
    let key = format!("{name}='");
    stanza
        .split_once(&key)
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(v, _)| v.to_string())
        .unwrap_or_default()
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    text.split_once(open)
        .and_then(|(_, rest)| rest.split_once(close))
        .map(|(v, _)| v)
        .unwrap_or("")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn tls_acceptor() -> tokio_rustls::TlsAcceptor {
    let dir = fixtures();
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(dir.join("server.pem"))
        .expect("server.pem")
        .collect::<Result<_, _>>()
        .expect("server.pem parses");
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).expect("server.key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xmpp_tls")
}

/// Starts a fake server for one connection. Every client frame is also sent to the
/// returned channel as it arrives, so tests can wait for one with a deadline.
async fn serve(kind: Kind, script: Script) -> (String, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let url = match kind {
        Kind::Tcp => format!("tcp://127.0.0.1:{port}"),
        Kind::Tls => format!("tls://localhost:{port}"),
        Kind::Ws => format!("ws://127.0.0.1:{port}/ws/"),
        Kind::Wss => format!("wss://localhost:{port}/ws/"),
    };
    let (seen, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let Ok((tcp, _)) = listener.accept().await else {
            return;
        };
        let io: Box<dyn Io> = match kind {
            Kind::Tls | Kind::Wss => match tls_acceptor().accept(tcp).await {
                Ok(tls) => Box::new(tls),
                Err(e) => {
                    let _ = seen.send(format!("server TLS handshake failed: {e}"));
                    return;
                }
            },
            Kind::Tcp | Kind::Ws => Box::new(tcp),
        };
        let mut wire = match kind {
            Kind::Tcp | Kind::Tls => Wire::Stream {
                io,
                buf: String::new(),
            },
            Kind::Ws | Kind::Wss => {
                match tokio_tungstenite::accept_hdr_async(io, accept_xmpp_subprotocol).await {
                    Ok(ws) => Wire::Ws(Box::new(ws)),
                    Err(_) => return,
                }
            }
        };
        play(&mut wire, kind, &script, &seen).await;
    });
    (url, rx)
}

/// The WebSocket upgrade as Finesse does it: path `/ws/`, subprotocol `xmpp` (RFC 7395);
/// anything else is refused, which fails the test on the client side.
// The signature is tungstenite's handshake callback, large error type included.
#[allow(clippy::result_large_err)]
fn accept_xmpp_subprotocol(req: &Request, mut resp: Response) -> Result<Response, ErrorResponse> {
    let offered = req
        .headers()
        .get("Sec-WebSocket-Protocol")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if req.uri().path() != "/ws/" || !offered.split(',').any(|p| p.trim() == "xmpp") {
        let mut refusal = ErrorResponse::new(Some(format!(
            "path {} subprotocols {offered:?}",
            req.uri().path()
        )));
        *refusal.status_mut() = tokio_tungstenite::tungstenite::http::StatusCode::BAD_REQUEST;
        return Err(refusal);
    }
    resp.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "xmpp".parse().expect("header value"),
    );
    Ok(resp)
}

/// The server's half of a session.
async fn play(wire: &mut Wire, kind: Kind, script: &Script, seen: &mpsc::UnboundedSender<String>) {
    let ws = matches!(kind, Kind::Ws | Kind::Wss);
    let header = |id: &str| {
        if ws {
            format!(
                "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='{DOMAIN}' id='{id}' version='1.0' xml:lang='en'/>"
            )
        } else {
            format!(
                "<?xml version='1.0' encoding='UTF-8'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' from='{DOMAIN}' id='{id}' xml:lang='en' version='1.0'>"
            )
        }
    };
    let stream_ns = if ws {
        " xmlns:stream='http://etherx.jabber.org/streams'"
    } else {
        ""
    };
    let close = if ws {
        "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"
    } else {
        "</stream:stream>"
    };
    // Opening.
    let Some(_open) = recv(wire, seen).await else {
        return;
    };
    wire.send(&header("s1")).await;
    if let Some(condition) = script.stream_error {
        wire.send(&format!("<stream:error{stream_ns}><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>")).await;
        wire.send(close).await;
        return;
    }
    wire.send(&format!("<stream:features{stream_ns}><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>")).await;
    // SASL PLAIN.
    let Some(auth) = recv(wire, seen).await else {
        return;
    };
    let payload = between(&auth, ">", "</auth>");
    let decoded = finesse_protocol::base64::decode(payload).unwrap_or_default();
    if decoded != format!("\u{0}{USER}\u{0}{PASSWORD}").into_bytes() {
        wire.send("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/><text xml:lang='en'>Bad credentials</text></failure>").await;
        wire.send(close).await;
        return;
    }
    wire.send("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")
        .await;
    // Restart, bind, session, presence.
    let Some(_reopen) = recv(wire, seen).await else {
        return;
    };
    wire.send(&header("s2")).await;
    wire.send(&format!("<stream:features{stream_ns}><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></stream:features>")).await;
    let Some(bind) = recv(wire, seen).await else {
        return;
    };
    let resource = between(&bind, "<resource>", "</resource>").to_string();
    wire.send(&format!("<iq xmlns='jabber:client' type='result' id='{}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>{USER}@{DOMAIN}/{resource}</jid></bind></iq>", attr(&bind, "id"))).await;
    let Some(session) = recv(wire, seen).await else {
        return;
    };
    wire.send(&format!(
        "<iq xmlns='jabber:client' type='result' id='{}'/>",
        attr(&session, "id")
    ))
    .await;
    // Then whatever the client asks.
    while let Some(frame) = recv(wire, seen).await {
        if frame.starts_with("<presence") && script.ping_client {
            wire.send(&format!("<iq xmlns='jabber:client' type='get' id='srv-ping-1' from='{DOMAIN}' to='{USER}@{DOMAIN}/{resource}'><ping xmlns='urn:xmpp:ping'/></iq>")).await;
        } else if frame.contains("<subscribe ") {
            wire.send(&format!(
                "<iq xmlns='jabber:client' type='result' id='{}' from='pubsub.{DOMAIN}'/>",
                attr(&frame, "id")
            ))
            .await;
            for (i, update) in script.push.iter().enumerate() {
                wire.send(&format!("<message xmlns='jabber:client' from='pubsub.{DOMAIN}' to='{USER}@{DOMAIN}' id='m{i}'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='{TEAM_NODE}'><item id='item-{i}'><notification xmlns='urn:xmpp:push:0'>{}</notification></item></items></event></message>", escape(update))).await;
            }
            if script.drop_after_push {
                return;
            }
        } else if frame.contains("<unsubscribe ")
            || (frame.contains("urn:xmpp:ping") && frame.contains("type='get'"))
        {
            wire.send(&format!(
                "<iq xmlns='jabber:client' type='result' id='{}' from='{DOMAIN}'/>",
                attr(&frame, "id")
            ))
            .await;
        } else if frame == "</stream:stream>" || frame.starts_with("<close") {
            wire.send(close).await;
            return;
        }
    }
}

async fn recv(wire: &mut Wire, seen: &mpsc::UnboundedSender<String>) -> Option<String> {
    let frame = wire.next().await?;
    let _ = seen.send(frame.clone());
    Some(frame)
}

/// Waits (up to [`DEADLINE`]) for a client frame containing `needle`.
async fn client_sent(rx: &mut mpsc::UnboundedReceiver<String>, needle: &str) -> String {
    let found = tokio::time::timeout(DEADLINE, async {
        while let Some(frame) = rx.recv().await {
            if frame.contains(needle) {
                return Some(frame);
            }
        }
        None
    })
    .await;
    match found {
        Ok(Some(frame)) => frame,
        other => panic!("the client never sent {needle:?} ({other:?})"),
    }
}

fn redactor() -> Arc<Redactor> {
    Arc::new(Redactor::new(&[PASSWORD.to_string()], &[USER.to_string()]))
}

fn settings(url: &str, password: &str, tls: Tls) -> XmppSettings {
    let mut s = XmppSettings::new(url, USER, Secret::new(password), DOMAIN);
    s.tls = tls;
    s.timeout = DEADLINE;
    s
}

/// Connects with `s` (no subscriptions), which must fail: the error and the transcript.
async fn connect_fails(s: &XmppSettings, redactor: Arc<Redactor>) -> (XmppError, ExchangeLog) {
    let log = ExchangeLog::default();
    let e = NotificationClient::connect(s, &[], log.clone(), redactor)
        .await
        .expect_err("the connection fails");
    (e, log)
}

fn user_update(state: &str, request_id: &str) -> String {
    format!(
        "<Update><data><user><loginId>{USER}</loginId><state>{state}</state></user></data><event>put</event><requestId>{request_id}</requestId><source>/finesse/api/User/{USER}</source></Update>"
    )
}

fn assert_log_is_clean(log: &ExchangeLog) {
    let text = log.render();
    let payload =
        finesse_protocol::base64::encode(format!("\u{0}{USER}\u{0}{PASSWORD}").as_bytes());
    assert!(!text.contains(PASSWORD), "password in the log:\n{text}");
    assert!(
        !text.contains(&payload),
        "PLAIN payload in the log:\n{text}"
    );
    assert!(
        !text.contains("C4nary"),
        "part of the password in the log:\n{text}"
    );
}

/// A whole session: connect → auth → bind → presence → subscribe → notification, then
/// keepalive, a server ping, and a clean close that unsubscribes.
async fn full_session(kind: Kind, tls: Tls) {
    let script = Script {
        push: vec![user_update("NOT_READY", ""), user_update("READY", "fc-42")],
        ping_client: true,
        ..Script::default()
    };
    let (url, mut seen) = serve(kind, script).await;
    let log = ExchangeLog::default();
    let mut s = settings(&url, PASSWORD, tls);
    s.keepalive = Duration::from_millis(100);
    let client = NotificationClient::connect(&s, &[TEAM_NODE.to_string()], log.clone(), redactor())
        .await
        .unwrap_or_else(|e| panic!("{kind:?} connect: {e}"));
    assert!(
        client
            .jid()
            .starts_with(&format!("{USER}@{DOMAIN}/conformance-")),
        "{}",
        client.jid()
    );

    let ready = client
        .wait_for("with state READY", DEADLINE, |n| {
            n.data_field("state").as_deref() == Some("READY")
        })
        .await
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
    assert_eq!(ready.node, TEAM_NODE);
    assert_eq!(ready.event, Some(UpdateEvent::Put));
    assert_eq!(ready.request_id.as_deref(), Some("fc-42"));
    assert!(ready.data_is("User"));
    assert_eq!(client.received().len(), 2);
    let earlier = client.received()[0].clone();
    assert_eq!(earlier.request_id, None);
    // The quiet wait that paces polling: true for a notification on the node since the
    // mark, false for nothing new or another node.
    let short = Duration::from_millis(50);
    assert!(client.arrives_on(0, TEAM_NODE, short).await);
    assert!(!client.arrives_on(client.mark(), TEAM_NODE, short).await);
    assert!(!client.arrives_on(0, "/finesse/api/User/9999", short).await);
    // A wait that cannot succeed names what it waited for and lists what arrived.
    let since = client.mark();
    let e = client
        .wait_for_since(
            since,
            "with state TALKING",
            Duration::from_millis(50),
            |n| n.data_field("state").as_deref() == Some("TALKING"),
        )
        .await
        .expect_err("nothing new arrives");
    assert_eq!(
        e.to_string(),
        "no notification with state TALKING within 50ms; none arrived"
    );
    let e = client
        .wait_for("with state TALKING", Duration::from_millis(50), |n| {
            n.data_field("state").as_deref() == Some("TALKING")
        })
        .await
        .expect_err("no TALKING");
    assert!(e.to_string().contains("received 2: PUT /finesse/api/User/1001 <user> state=NOT_READY | PUT /finesse/api/User/1001 <user> state=READY requestId=fc-42"), "{e}");

    // What the client sent, as the server saw it.
    let presence = client_sent(&mut seen, "<presence").await;
    assert_eq!(
        presence,
        "<presence xmlns='jabber:client'><priority>0</priority></presence>"
    );
    // The server's ping is answered, and the client pings on its own.
    client_sent(&mut seen, "id='srv-ping-1'").await;
    let ping = client_sent(&mut seen, "urn:xmpp:ping").await;
    assert!(
        ping.contains("type='get'") && ping.contains(&format!("to='{DOMAIN}'")),
        "{ping}"
    );

    client
        .close()
        .await
        .unwrap_or_else(|e| panic!("{kind:?} close: {e}"));
    let unsubscribe = client_sent(&mut seen, "<unsubscribe ").await;
    assert!(
        unsubscribe.contains(&format!("node='{TEAM_NODE}'")),
        "{unsubscribe}"
    );

    let text = log.render();
    common::assert_contains_all(
        &text,
        &[
            "xmpp 1001 --> <auth mechanism='PLAIN'>***</auth>",
            &format!("<subscribe node='{TEAM_NODE}' jid='{USER}@{DOMAIN}/conformance-"),
            "xmpp 1001 <-- notification on /finesse/api/Team/5000/Users: <Update><data><user>",
            "awaited notification with state READY",
            "connection ended: closed by the harness",
        ],
    );
    assert!(
        !text.contains("urn:xmpp:ping"),
        "keepalives stay out of the transcript:\n{text}"
    );
    assert_log_is_clean(&log);
}

#[tokio::test]
async fn tcp_session_subscribes_and_receives_notifications() {
    full_session(Kind::Tcp, Tls::default()).await;
}

#[tokio::test]
async fn websocket_session_subscribes_and_receives_notifications() {
    full_session(Kind::Ws, Tls::default()).await;
}

fn lab_ca() -> Tls {
    Tls {
        ca_cert: Some(fixtures().join("ca.pem")),
        insecure: false,
    }
}

#[tokio::test]
async fn direct_tls_session_trusts_the_lab_ca() {
    full_session(Kind::Tls, lab_ca()).await;
}

#[tokio::test]
async fn websocket_over_tls_session_trusts_the_lab_ca() {
    full_session(Kind::Wss, lab_ca()).await;
}

#[tokio::test]
async fn insecure_switch_accepts_an_unknown_ca() {
    full_session(
        Kind::Tls,
        Tls {
            ca_cert: None,
            insecure: true,
        },
    )
    .await;
}

#[tokio::test]
async fn unknown_ca_is_a_tls_error_that_names_the_fix() {
    // A CA that did not sign the server's certificate, so the outcome does not depend on
    // the machine's own trust store.
    let wrong_ca = Tls {
        ca_cert: Some(fixtures().join("other-ca.pem")),
        insecure: false,
    };
    for kind in [Kind::Tls, Kind::Wss] {
        let (url, _seen) = serve(kind, Script::default()).await;
        let (e, log) = connect_fails(&settings(&url, PASSWORD, wrong_ca.clone()), redactor()).await;
        assert!(matches!(e, XmppError::Tls { .. }), "{kind:?}: {e:?}");
        let shown = e.to_string();
        // tls.ca_cert is set: the advice is to check that file, not to set it.
        common::assert_contains_all(
            &shown,
            &[
                "does not lead to a trusted CA",
                "check that tls.ca_cert",
                "other-ca.pem",
            ],
        );
        assert!(!shown.contains("UnknownIssuer"), "{shown}");
        assert!(
            log.render()
                .contains("connection failed: TLS handshake with"),
            "{}",
            log.render()
        );
    }
}

#[tokio::test]
async fn tls_to_a_plain_port_is_a_tls_error() {
    // A plain XMPP server greets first; rustls then sees no TLS record.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        if let Ok((mut tcp, _)) = listener.accept().await {
            let _ = tcp.write_all(b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>").await;
            let mut sink = [0u8; 1024];
            while matches!(tcp.read(&mut sink).await, Ok(n) if n > 0) {}
        }
    });
    let url = format!("tls://127.0.0.1:{port}");
    let (e, _) = connect_fails(&settings(&url, PASSWORD, lab_ca()), redactor()).await;
    assert!(matches!(e, XmppError::Tls { .. }), "{e:?}");
}

#[tokio::test]
async fn bad_password_is_an_auth_error() {
    for kind in [Kind::Tcp, Kind::Ws] {
        let (url, _seen) = serve(kind, Script::default()).await;
        let wrong = format!("{PASSWORD}-wrong");
        // A redactor that knows no secret: the client itself must keep them out.
        let redactor = Arc::new(Redactor::default());
        let (e, log) = connect_fails(&settings(&url, &wrong, Tls::default()), redactor).await;
        assert!(
            matches!(&e, XmppError::Auth { condition, .. } if condition == "not-authorized"),
            "{kind:?}: {e:?}"
        );
        let shown = e.to_string();
        assert!(
            shown.starts_with(&format!("XMPP login as {USER} at {url} refused: ")),
            "{shown}"
        );
        assert!(
            shown.contains("not-authorized (Bad credentials)"),
            "{shown}"
        );
        assert!(!shown.contains(&wrong));
        let text = log.render();
        assert!(!text.contains(&wrong), "{text}");
        let payload =
            finesse_protocol::base64::encode(format!("\u{0}{USER}\u{0}{wrong}").as_bytes());
        assert!(!text.contains(&payload), "{text}");
        assert!(text.contains("<not-authorized/>"), "{text}");
        assert_log_is_clean(&log);
    }
}

#[tokio::test]
async fn refused_connection_is_a_connect_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    for url in [
        format!("tcp://127.0.0.1:{port}"),
        format!("ws://127.0.0.1:{port}/ws/"),
    ] {
        let (e, _) = connect_fails(&settings(&url, PASSWORD, Tls::default()), redactor()).await;
        assert!(matches!(e, XmppError::Connect { .. }), "{e:?}");
        let shown = e.to_string();
        assert!(shown.contains("refused"), "{shown}");
        assert!(
            shown.starts_with(&format!(
                "cannot reach the Finesse Notification Service at {url}"
            )),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn notification_service_down_is_a_stream_error() {
    for kind in [Kind::Tcp, Kind::Ws] {
        let script = Script {
            stream_error: Some("service-unavailable"),
            ..Script::default()
        };
        let (url, _seen) = serve(kind, script).await;
        let (e, _) = connect_fails(&settings(&url, PASSWORD, Tls::default()), redactor()).await;
        assert!(
            matches!(&e, XmppError::Stream { condition, .. } if condition == "service-unavailable"),
            "{kind:?}: {e:?}"
        );
        assert!(
            e.to_string().contains("Notification Service may be down"),
            "{e}"
        );
    }
}

#[tokio::test]
async fn a_dropped_connection_ends_waits_early() {
    let script = Script {
        push: vec![user_update("NOT_READY", "")],
        drop_after_push: true,
        ..Script::default()
    };
    let (url, _seen) = serve(Kind::Tcp, script).await;
    let client = NotificationClient::connect(
        &settings(&url, PASSWORD, Tls::default()),
        &[TEAM_NODE.to_string()],
        ExchangeLog::default(),
        redactor(),
    )
    .await
    .expect("connects");
    let started = tokio::time::Instant::now();
    let e = client
        .wait_for("with state READY", DEADLINE, |n| {
            n.data_field("state").as_deref() == Some("READY")
        })
        .await
        .expect_err("never READY");
    assert!(
        started.elapsed() < DEADLINE,
        "the wait did not end with the connection"
    );
    common::assert_contains_all(
        &e.to_string(),
        &[
            "the notification connection ended",
            "closed the XMPP connection while waiting for notifications",
            "received 1: PUT /finesse/api/User/1001 <user> state=NOT_READY",
        ],
    );
    assert!(client.ended().is_some());
    client
        .close()
        .await
        .expect("closing an ended connection is quiet");
}

#[tokio::test]
async fn timeouts_name_the_step() {
    // A server that accepts and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        if let Ok((mut tcp, _)) = listener.accept().await {
            let mut sink = [0u8; 1024];
            while matches!(tcp.read(&mut sink).await, Ok(n) if n > 0) {}
        }
    });
    let mut s = settings(&format!("tcp://127.0.0.1:{port}"), PASSWORD, Tls::default());
    s.timeout = Duration::from_millis(200);
    let (e, _) = connect_fails(&s, redactor()).await;
    assert_eq!(
        e.to_string(),
        format!(
            "no answer from tcp://127.0.0.1:{port} to the stream opening (stream features) within 200ms (raise timeouts.request, or check the Notification Service)"
        )
    );
}

#[tokio::test]
async fn a_refused_websocket_upgrade_names_the_path() {
    let (url, _seen) = serve(Kind::Ws, Script::default()).await;
    let wrong = url.replace("/ws/", "/http-bind/");
    let (e, _) = connect_fails(&settings(&wrong, PASSWORD, Tls::default()), redactor()).await;
    assert!(matches!(e, XmppError::WebSocket { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "WebSocket upgrade at {wrong} failed: the server answered HTTP 400 Bad Request (check the path, /ws/, and the port: 7443 on 12.5, 8445 from 12.6)"
        )
    );
}
