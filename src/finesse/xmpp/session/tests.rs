use finesse_protocol::xml;
use finesse_protocol::xmpp_frame::{Framer, ws_frame};

use super::*;
use crate::finesse::xmpp::transport::LIMITS;

const PASSWORD: &str = "C4nary&p@ss<w>";

fn config() -> SessionConfig {
    SessionConfig {
        user: "1001".into(),
        password: Secret::new(PASSWORD),
        domain: "finesse1.lab".into(),
        pubsub: "pubsub.finesse1.lab".into(),
        resource: "fc-test".into(),
        url: "tcp://finesse1.lab:5222".into(),
        keepalive: Duration::from_secs(10),
    }
}

fn stanza(text: &str) -> Frame {
    match ws_frame(text, LIMITS) {
        Ok(f @ Frame::Stanza { .. }) => f,
        other => panic!("not a stanza: {other:?}"),
    }
}

/// The server's stream opening as `framing` sends it (or any other opening `text`).
fn server_open(framing: Framing, text: Option<&str>) -> Frame {
    let text = text.unwrap_or(match framing {
        Framing::WebSocket => "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='finesse1.lab' id='s2' version='1.0'/>",
        Framing::Stream => "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='finesse1.lab' id='s2' version='1.0'>",
    });
    let frame = match framing {
        Framing::WebSocket => ws_frame(text, LIMITS),
        Framing::Stream => {
            let mut framer = Framer::new(LIMITS);
            framer.push(text.as_bytes());
            framer.next_frame().map(|f| f.expect("complete"))
        }
    };
    frame.expect("the opening parses")
}

fn feed(s: &mut Session, text: &str) -> Result<Vec<Action>, XmppError> {
    s.handle(stanza(text))
}

/// The single stanza a step sends.
fn sent(actions: &[Action]) -> Vec<&Outgoing> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(o) => Some(o),
            _ => None,
        })
        .collect()
}

const FEATURES: &str = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>DIGEST-MD5</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
const FEATURES_AFTER: &str = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></stream:features>";

/// Drives a session up to Ready, checking each step, and returns everything it sent.
fn login(s: &mut Session) -> Vec<Outgoing> {
    let mut out = vec![s.start()];
    if s.framing == Framing::Stream {
        assert!(
            out[0]
                .wire
                .starts_with("<?xml version='1.0'?><stream:stream ")
        );
    }
    assert!(out[0].wire.contains("to='finesse1.lab'"));
    let mut step = |s: &mut Session, text: &str| {
        let actions = feed(s, text).expect("step succeeds");
        out.extend(sent(&actions).into_iter().cloned());
        actions
    };
    step(s, FEATURES);
    assert_eq!(s.stage(), Stage::Authenticating);
    let actions = step(s, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    assert_eq!(
        actions[0],
        Action::Restart,
        "restart comes before the new open"
    );
    assert_eq!(s.stage(), Stage::Restarting);
    assert!(s.handle(server_open(s.framing, None)).is_ok());
    step(s, FEATURES_AFTER);
    assert_eq!(s.stage(), Stage::Binding);
    step(
        s,
        "<iq type='result' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>1001@finesse1.lab/fc-test</jid></bind></iq>",
    );
    assert_eq!(s.stage(), Stage::StartingSession);
    let actions = step(s, "<iq type='result' id='sess2'/>");
    assert_eq!(s.stage(), Stage::Ready);
    assert!(actions.contains(&Action::Ready {
        jid: "1001@finesse1.lab/fc-test".into()
    }));
    out
}

#[test]
fn logs_in_binds_starts_the_session_and_sends_presence() {
    let mut s = Session::new(config(), Framing::Stream);
    let out = login(&mut s);
    let wires: Vec<&str> = out.iter().map(|o| o.wire.as_str()).collect();
    assert_eq!(wires.len(), 6, "{wires:#?}");
    assert_eq!(
        wires[1],
        format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{}</auth>",
            finesse_protocol::base64::encode(format!("\u{0}1001\u{0}{PASSWORD}").as_bytes())
        )
    );
    assert_eq!(wires[2], wires[0], "the stream is reopened after login");
    assert_eq!(
        wires[3],
        "<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>fc-test</resource></bind></iq>"
    );
    assert_eq!(
        wires[4],
        "<iq xmlns='jabber:client' type='set' id='sess2'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>"
    );
    assert_eq!(
        wires[5],
        "<presence xmlns='jabber:client'><priority>0</priority></presence>"
    );
    assert_eq!(s.jid(), Some("1001@finesse1.lab/fc-test"));
}

#[test]
fn the_plain_payload_is_base64_of_nul_user_nul_password_and_never_shown() {
    let payload = plain_payload("1001", PASSWORD);
    let decoded = finesse_protocol::base64::decode(&payload).expect("base64");
    assert_eq!(decoded, format!("\u{0}1001\u{0}{PASSWORD}").into_bytes());
    let mut s = Session::new(config(), Framing::Stream);
    let out = login(&mut s);
    assert!(out[1].wire.contains(&payload));
    assert_eq!(
        out[1].shown.as_deref(),
        Some("<auth mechanism='PLAIN'>***</auth>")
    );
    for o in &out {
        let shown = o.shown.as_deref().unwrap_or("");
        assert!(
            !shown.contains(&payload) && !shown.contains(PASSWORD),
            "{shown}"
        );
    }
    assert!(
        !format!("{s:?}").contains(PASSWORD),
        "Debug leaks the password"
    );
}

#[test]
fn websocket_framing_opens_and_closes_with_framing_elements() {
    let mut s = Session::new(config(), Framing::WebSocket);
    assert_eq!(
        s.start().wire,
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='finesse1.lab' version='1.0'/>"
    );
    let mut s = Session::new(config(), Framing::WebSocket);
    login(&mut s);
    let close = s.close().expect("close");
    assert_eq!(
        close.wire,
        "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"
    );
    assert_eq!(s.close(), None, "closing twice sends nothing");
    assert_eq!(s.handle(Frame::Close), Ok(vec![Action::Closed]));
    assert_eq!(s.stage(), Stage::Closed);
}

#[test]
fn an_opening_of_the_other_framing_or_no_stream_is_refused() {
    for (framing, text, got) in [
        (Framing::Stream, "<html>", "<html>"),
        (
            Framing::Stream,
            "<stream:stream xmlns:stream='urn:other'>",
            "<stream:stream>",
        ),
        (
            Framing::WebSocket,
            "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>",
            "<stream:stream>",
        ),
    ] {
        let mut s = Session::new(config(), framing);
        s.start();
        let e = s
            .handle(server_open(framing, Some(text)))
            .expect_err("refused");
        let msg = e.to_string();
        assert!(msg.contains("expected the server's"), "{msg}");
        assert!(msg.contains(&format!("got {got}")), "{msg}");
    }
}

#[test]
fn optional_session_is_skipped() {
    let mut s = Session::new(config(), Framing::Stream);
    s.start();
    feed(&mut s, FEATURES).expect("auth");
    feed(&mut s, "<success/>").expect("success");
    feed(
        &mut s,
        "<features><bind/><session><optional/></session></features>",
    )
    .expect("bind");
    // No JID in the answer: the one asked for is assumed.
    let actions = feed(&mut s, "<iq type='result' id='bind1'/>").expect("bound");
    assert_eq!(s.stage(), Stage::Ready);
    assert!(sent(&actions)[0].wire.starts_with("<presence"));
    assert_eq!(s.jid(), Some("1001@finesse1.lab/fc-test"));
}

#[test]
fn bad_credentials_are_an_auth_error() {
    let mut s = Session::new(config(), Framing::Stream);
    s.start();
    feed(&mut s, FEATURES).expect("auth");
    let e = feed(
        &mut s,
        "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/><text xml:lang='en'>Bad password</text></failure>",
    )
    .expect_err("refused");
    assert_eq!(
        e,
        XmppError::Auth {
            url: "tcp://finesse1.lab:5222".into(),
            user: "1001".into(),
            condition: "not-authorized".into(),
            text: Some("Bad password".into()),
        }
    );
    assert!(!e.to_string().contains(PASSWORD));
}

#[test]
fn stream_errors_end_the_session_at_any_stage() {
    let error = "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>";
    let mut s = Session::new(config(), Framing::Stream);
    s.start();
    let e = feed(&mut s, error).expect_err("stream error");
    assert!(
        matches!(e, XmppError::Stream { ref condition, .. } if condition == "service-unavailable")
    );
    assert!(
        e.to_string().contains("Notification Service may be down"),
        "{e}"
    );
    let mut s = Session::new(config(), Framing::Stream);
    login(&mut s);
    let e = feed(&mut s, error).expect_err("stream error when ready");
    assert!(matches!(e, XmppError::Stream { .. }));
    assert_eq!(s.stage(), Stage::Closed);
}

#[test]
fn missing_plain_or_required_starttls_is_reported() {
    let mut s = Session::new(config(), Framing::Stream);
    s.start();
    let e = feed(
        &mut s,
        "<features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></features>",
    )
    .expect_err("starttls");
    assert!(e.to_string().contains("requires STARTTLS"), "{e}");
    let mut s = Session::new(config(), Framing::Stream);
    s.start();
    let e = feed(
        &mut s,
        "<features><mechanisms><mechanism>SCRAM-SHA-1</mechanism></mechanisms></features>",
    )
    .expect_err("no plain");
    assert!(e.to_string().contains("offers: SCRAM-SHA-1"), "{e}");
    let mut s = Session::new(config(), Framing::Stream);
    s.start();
    feed(&mut s, FEATURES).expect("auth");
    feed(&mut s, "<success/>").expect("success");
    let e = feed(&mut s, "<features/>").expect_err("no bind");
    assert!(e.to_string().contains("no resource binding"), "{e}");
}

#[test]
fn unexpected_stanzas_and_closes_during_login_are_errors() {
    let mut s = Session::new(config(), Framing::Stream);
    s.start();
    let e = feed(&mut s, "<iq type='result' id='x'/>").expect_err("not features");
    assert!(e.to_string().contains("expected <stream:features>"), "{e}");
    let mut s = Session::new(config(), Framing::Stream);
    s.start();
    feed(&mut s, FEATURES).expect("auth");
    let e = s.handle(Frame::Close).expect_err("closed");
    assert!(
        e.to_string()
            .contains("while waiting for the SASL PLAIN login"),
        "{e}"
    );
    let mut s = Session::new(config(), Framing::Stream);
    s.start();
    feed(&mut s, FEATURES).expect("auth");
    feed(&mut s, "<success/>").expect("success");
    feed(&mut s, FEATURES_AFTER).expect("bind");
    let e = feed(
        &mut s,
        "<iq type='error' id='bind1'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
    )
    .expect_err("bind refused");
    assert_eq!(
        e.to_string(),
        "the resource bind refused by tcp://finesse1.lab:5222: conflict"
    );
}

#[test]
fn subscribes_and_unsubscribes_with_the_full_jid() {
    let mut s = Session::new(config(), Framing::Stream);
    assert!(
        s.subscribe("/finesse/api/Team/5000/Users").is_err(),
        "not ready yet"
    );
    login(&mut s);
    let (id, out) = s.subscribe("/finesse/api/Team/5000/Users").expect("ready");
    assert_eq!(
        out.wire,
        format!(
            "<iq xmlns='jabber:client' type='set' id='{id}' to='pubsub.finesse1.lab'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/Team/5000/Users' jid='1001@finesse1.lab/fc-test'/></pubsub></iq>"
        )
    );
    let reply = feed(
        &mut s,
        &format!("<iq type='result' id='{id}' from='pubsub.finesse1.lab'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscription node='/finesse/api/Team/5000/Users' subscription='subscribed'/></pubsub></iq>"),
    )
    .expect("reply");
    assert_eq!(reply, vec![Action::Reply { id, result: Ok(()) }]);
    let (id, out) = s.unsubscribe("/finesse/api/Queue/1").expect("ready");
    assert!(
        out.wire
            .contains("<unsubscribe node='/finesse/api/Queue/1' jid='1001@finesse1.lab/fc-test'/>")
    );
    let reply = feed(
        &mut s,
        &format!("<iq type='error' id='{id}'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text>no</text></error></iq>"),
    )
    .expect("reply");
    assert_eq!(
        reply,
        vec![Action::Reply {
            id,
            result: Err(StanzaError {
                condition: "forbidden".into(),
                text: Some("no".into())
            })
        }]
    );
    // A second answer to the same id is ignored.
    assert!(
        feed(&mut s, "<iq type='result' id='uns4'/>")
            .expect("stray")
            .is_empty()
    );
}

#[test]
fn notifications_are_reported_and_malformed_ones_too() {
    let mut s = Session::new(config(), Framing::Stream);
    login(&mut s);
    let update = xml::escape(
        "<Update><data><user><state>READY</state></user></data><event>put</event><requestId>r1</requestId><source>/finesse/api/User/1001</source></Update>",
    );
    let msg = format!(
        "<message from='pubsub.finesse1.lab' to='1001@finesse1.lab'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='/finesse/api/User/1001'><item id='1'><notification xmlns='urn:xmpp:push:0'>{update}</notification></item><item id='2'><notification>&lt;Nope/&gt;</notification></item></items></event></message>"
    );
    let actions = feed(&mut s, &msg).expect("message");
    assert_eq!(actions.len(), 2);
    let Action::Notification(n) = &actions[0] else {
        panic!("{actions:?}")
    };
    assert_eq!(n.data_field("state").as_deref(), Some("READY"));
    assert_eq!(n.request_id.as_deref(), Some("r1"));
    assert!(matches!(&actions[1], Action::Malformed(e) if e.detail.contains("<Nope>")));
    let chat = feed(&mut s, "<message type='chat'><body>hi</body></message>").expect("chat");
    assert!(chat.is_empty());
}

#[test]
fn server_requests_are_answered() {
    let mut s = Session::new(config(), Framing::Stream);
    login(&mut s);
    let ping = "<iq type='get' id='p1' from='finesse1.lab'><ping xmlns='urn:xmpp:ping'/></iq>";
    assert!(s.is_quiet(&xml::parse(ping).expect("ping")));
    let actions = feed(&mut s, ping).expect("ping");
    let out = sent(&actions);
    assert_eq!(
        out[0].wire,
        "<iq xmlns='jabber:client' type='result' id='p1' to='finesse1.lab'/>"
    );
    assert_eq!(out[0].shown, None, "pings stay out of transcripts");
    let roster = feed(
        &mut s,
        "<iq type='set' id='r1'><query xmlns='jabber:iq:roster'/></iq>",
    )
    .expect("roster");
    assert_eq!(
        sent(&roster)[0].wire,
        "<iq xmlns='jabber:client' type='result' id='r1'/>"
    );
    let other = feed(
        &mut s,
        "<iq type='get' id='v1' from='x'><query xmlns='jabber:iq:version'/></iq>",
    )
    .expect("version");
    assert!(sent(&other)[0].wire.contains("type='error'"));
    assert!(sent(&other)[0].wire.contains("<service-unavailable "));
}

#[test]
fn keepalive_pings_time_out_only_when_unanswered() {
    let mut s = Session::new(config(), Framing::Stream);
    assert_eq!(
        s.keepalive(),
        Ok(None),
        "no pings before the session is ready"
    );
    login(&mut s);
    let first = s.keepalive().expect("ping").expect("sent");
    assert!(first.wire.contains("<ping xmlns='urn:xmpp:ping'/>"));
    assert!(first.wire.contains("to='finesse1.lab'"));
    assert_eq!(first.shown, None);
    let id = xml::parse(&first.wire)
        .ok()
        .and_then(|e| e.attr("id").map(str::to_string))
        .expect("id");
    let answer = format!("<iq type='result' id='{id}'/>");
    assert!(s.is_quiet(&xml::parse(&answer).expect("answer")));
    assert!(feed(&mut s, &answer).expect("answer").is_empty());
    for _ in 0..MAX_UNANSWERED_PINGS {
        assert!(s.keepalive().expect("ping").is_some());
    }
    let e = s.keepalive().expect_err("unanswered");
    assert!(
        e.to_string().contains("3 keepalive pings within 30s"),
        "{e}"
    );
}

#[test]
fn an_unasked_close_is_an_error() {
    let mut s = Session::new(config(), Framing::Stream);
    login(&mut s);
    let e = s.handle(Frame::Close).expect_err("closed");
    assert_eq!(
        e.to_string(),
        "tcp://finesse1.lab:5222 closed the XMPP connection while waiting for notifications"
    );
}
