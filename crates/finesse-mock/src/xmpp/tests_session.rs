//! The session state machine, fed stanzas without IO.

use std::time::{Duration, Instant};

use super::*;
use crate::fixture::Fixture;
use crate::xmpp::connection::LIMITS;
use finesse_protocol::Deployment;
use finesse_protocol::xmpp_frame::{Framer, ws_frame};

const DOMAIN: &str = "finesse.mock.local";
const TCP_HEADER: &str = "<?xml version='1.0'?><stream:stream to='finesse.mock.local' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
const WS_OPEN: &str =
    "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='finesse.mock.local' version='1.0'/>";

struct Rig {
    model: Finesse,
    subs: Subscriptions,
    session: Session,
    framer: Framer,
    framing: Framing,
}

fn plain(authzid: &str, user: &str, password: &str) -> String {
    finesse_protocol::base64::encode(format!("{authzid}\0{user}\0{password}").as_bytes())
}

fn auth(user: &str, password: &str) -> String {
    format!(
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{}</auth>",
        plain("", user, password)
    )
}

impl Rig {
    fn new(framing: Framing) -> Rig {
        let mut model = Finesse::new(&Fixture::embedded(), Deployment::Ucce, Duration::ZERO);
        // The hub turns publishing on for an open connection; the rig is one.
        model.set_publishing(true);
        Rig {
            model,
            subs: Subscriptions::default(),
            session: Session::new(framing, DOMAIN, "t"),
            framer: Framer::new(LIMITS),
            framing,
        }
    }

    fn tcp() -> Rig {
        Rig::new(Framing::Tcp)
    }

    /// Feeds text as the client would send it; everything the server wrote, joined.
    fn send(&mut self, text: &str) -> (String, Step) {
        let mut all = Step::default();
        let frames: Vec<Result<Frame, Condition>> = match self.framing {
            Framing::WebSocket => vec![ws_frame(text, LIMITS).map_err(Condition::from)],
            Framing::Tcp => {
                self.framer.push(text.as_bytes());
                let mut v = Vec::new();
                loop {
                    match self.framer.next_frame() {
                        Ok(Some(f)) => v.push(Ok(f)),
                        Ok(None) => break,
                        Err(e) => {
                            v.push(Err(e.into()));
                            break;
                        }
                    }
                }
                v
            }
        };
        for frame in frames {
            let step = match frame {
                Ok(f) => {
                    let mut backend = Backend {
                        model: &mut self.model,
                        subs: &mut self.subs,
                        now: Instant::now(),
                    };
                    self.session.handle(f, &mut backend)
                }
                Err(c) => self.session.fail(c),
            };
            if step.restart {
                self.framer.restart();
            }
            all.out.extend(step.out);
            all.restart |= step.restart;
            all.close |= step.close;
        }
        (all.out.concat(), all)
    }

    fn out(&mut self, text: &str) -> String {
        self.send(text).0
    }

    /// Stream, SASL, restart, bind and initial presence.
    fn online(user: &str, framing: Framing) -> Rig {
        let mut rig = Rig::new(framing);
        let open = match framing {
            Framing::Tcp => TCP_HEADER,
            Framing::WebSocket => WS_OPEN,
        };
        rig.out(open);
        let ok = rig.out(&auth(user, "mock-pw-1"));
        assert!(ok.contains("<success"), "{ok}");
        rig.out(open);
        let bound = rig.out("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desk</resource></bind></iq>");
        assert!(bound.contains("<jid>"), "{bound}");
        rig.out("<presence/>");
        rig
    }

    fn deliver(&mut self, n: &Notification) -> Option<String> {
        self.session.deliver(n, &self.subs)
    }
}

fn note(node: &str) -> Notification {
    Notification {
        node: node.into(),
        item_id: "i1".into(),
        event: "PUT",
        request_id: Some("r1".into()),
        source: node.into(),
        data: "<user><state>READY</state></user>".into(),
    }
}

#[test]
fn a_client_authenticates_binds_and_gets_answers_over_tcp() {
    let mut rig = Rig::tcp();
    let hello = rig.out(TCP_HEADER);
    assert!(
        hello.starts_with("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='t-1' from='finesse.mock.local' version='1.0'"),
        "{hello}"
    );
    // SASL PLAIN only, and no STARTTLS on the mock's plain port.
    assert!(hello.ends_with("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"), "{hello}");
    assert!(!hello.contains("starttls"));
    // The REST login name works as well as the id; the JID uses the id (reference §7.2).
    let (out, step) = rig.send(&auth("agent1001", "mock-pw-1"));
    assert_eq!(out, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    assert!(step.restart && !step.close);
    let again = rig.out(TCP_HEADER);
    assert!(again.contains("id='t-2'"), "a new stream: {again}");
    assert!(again.ends_with("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></stream:features>"), "{again}");
    let bound = rig.out("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desk</resource></bind></iq>");
    assert_eq!(
        bound,
        "<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>1001@finesse.mock.local/desk</jid></bind></iq>"
    );
    assert_eq!(
        rig.session.jid().map(ToString::to_string).as_deref(),
        Some("1001@finesse.mock.local/desk")
    );
    assert_eq!(
        rig.out(
            "<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>"
        ),
        "<iq type='result' id='s1' to='1001@finesse.mock.local/desk'></iq>"
    );
    assert_eq!(
        rig.out("<presence><priority>0</priority></presence>"),
        "<presence from='1001@finesse.mock.local/desk' to='1001@finesse.mock.local/desk'><priority>0</priority></presence>"
    );
    assert_eq!(
        rig.out(
            "<iq type='get' id='p1' to='finesse.mock.local'><ping xmlns='urn:xmpp:ping'/></iq>"
        ),
        "<iq type='result' id='p1' from='finesse.mock.local' to='1001@finesse.mock.local/desk'></iq>"
    );
    assert_eq!(
        rig.out("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>"),
        "<iq type='result' id='r1' to='1001@finesse.mock.local/desk'><query xmlns='jabber:iq:roster'/></iq>"
    );
    let unknown = rig.out("<iq type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>");
    assert!(unknown.starts_with("<iq type='error' id='v1'"), "{unknown}");
    assert!(unknown.contains("<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"));
    let set =
        rig.out("<iq type='set' id='v2' to='1002@finesse.mock.local'><x xmlns='urn:x'/></iq>");
    assert!(set.contains("service-unavailable"), "{set}");
    // Messages and results from the client need no answer.
    assert_eq!(
        rig.out("<message to='1002@finesse.mock.local'><body>hi</body></message>"),
        ""
    );
    assert_eq!(rig.out("<iq type='result' id='x'/>"), "");
    let (bye, step) = rig.send("</stream:stream>");
    assert_eq!(bye, "</stream:stream>");
    assert!(step.close && rig.session.is_closed());
}

#[test]
fn bad_credentials_are_not_authorized_and_a_retry_may_succeed() {
    let mut rig = Rig::tcp();
    rig.out(TCP_HEADER);
    let (out, step) = rig.send(&auth("1001", "wrong"));
    assert_eq!(
        out,
        "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>"
    );
    assert!(!step.restart && !step.close);
    assert!(
        rig.out(&auth("nobody", "mock-pw-1"))
            .contains("<not-authorized/>")
    );
    assert!(rig.out(&auth("1001", "mock-pw-1")).contains("<success"));
}

#[test]
fn the_rest_apis_lockout_applies_to_xmpp_too() {
    let mut rig = Rig::tcp();
    rig.out(TCP_HEADER);
    for _ in 0..5 {
        assert!(rig.out(&auth("1001", "wrong")).contains("not-authorized"));
    }
    // Five bad passwords lock the user for five minutes (reference §8).
    assert!(
        rig.out(&auth("1001", "mock-pw-1"))
            .contains("not-authorized")
    );
}

#[test]
fn sasl_details_follow_rfc_6120_and_4616() {
    let mut rig = Rig::tcp();
    rig.out(TCP_HEADER);
    assert!(
        rig.out("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='DIGEST-MD5'/>")
            .contains("<invalid-mechanism/>")
    );
    assert!(
        rig.out("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>!!!</auth>")
            .contains("<incorrect-encoding/>")
    );
    let odd = finesse_protocol::base64::encode(b"only-one-part");
    assert!(
        rig.out(&format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{odd}</auth>"
        ))
        .contains("<malformed-request/>")
    );
    let other = plain("1002@finesse.mock.local", "1001", "mock-pw-1");
    assert!(
        rig.out(&format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{other}</auth>"
        ))
        .contains("<invalid-authzid/>")
    );
    // No initial response: an empty challenge, then the response.
    assert_eq!(
        rig.out("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'/>"),
        "<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
    );
    let own = plain("1001@finesse.mock.local", "1001", "mock-pw-1");
    assert!(
        rig.out(&format!(
            "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{own}</response>"
        ))
        .contains("<success")
    );
}

#[test]
fn stanzas_before_authentication_or_binding_end_the_stream() {
    let mut rig = Rig::tcp();
    rig.out(TCP_HEADER);
    let (out, step) = rig.send("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>");
    assert_eq!(
        out,
        "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>"
    );
    assert!(step.close);
    // Nothing more is read from a closed session.
    assert_eq!(rig.send("<presence/>").1.out, Vec::<String>::new());

    let mut rig = Rig::tcp();
    rig.out(TCP_HEADER);
    rig.out(&auth("1001", "mock-pw-1"));
    rig.out(TCP_HEADER);
    assert!(rig.out("<presence/>").contains("<not-authorized"));
}

#[test]
fn a_malformed_stanza_closes_the_stream_with_a_stream_error() {
    let mut rig = Rig::online("1001", Framing::Tcp);
    let (out, step) = rig.send("<iq type='get' id='1'><a></b></iq>");
    assert_eq!(
        out,
        "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>"
    );
    assert!(step.close);
    let mut rig = Rig::online("1001", Framing::Tcp);
    assert!(rig.out("<bogus/>").contains("<unsupported-stanza-type"));
}

#[test]
fn the_stream_header_is_checked() {
    let mut rig = Rig::tcp();
    let out = rig.out("<stream:stream to='elsewhere' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
    // The header goes first, then the error (RFC 6120 §4.9.1.2).
    assert!(
        out.starts_with("<?xml version='1.0'?><stream:stream"),
        "{out}"
    );
    assert!(out.contains("<host-unknown"), "{out}");
    let mut rig = Rig::tcp();
    let out = rig.out(
        "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
    );
    assert!(out.contains("<unsupported-version"), "{out}");
    let mut rig = Rig::new(Framing::WebSocket);
    let out = rig.out("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'/>");
    assert!(out.contains("<invalid-namespace"), "{out}");
}

#[test]
fn websocket_framing_opens_with_open_and_qualifies_each_stanza() {
    let mut rig = Rig::new(Framing::WebSocket);
    let (_, step) = rig.send(WS_OPEN);
    assert_eq!(
        step.out[0],
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' id='t-1' from='finesse.mock.local' version='1.0' xml:lang='en'/>"
    );
    assert!(step.out[1].starts_with(
        "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms"
    ));
    let (_, step) = rig.send(&auth("1001", "mock-pw-1"));
    assert!(step.restart);
    rig.out(WS_OPEN);
    let bound = rig.out("<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    // No resource asked for: the server picks one.
    assert!(bound.starts_with("<iq xmlns='jabber:client' type='result' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>1001@finesse.mock.local/mock-t-"), "{bound}");
    assert!(
        rig.out("<presence xmlns='jabber:client'/>")
            .starts_with("<presence xmlns='jabber:client' from='1001@finesse.mock.local/mock-t-")
    );
    let msg = rig
        .deliver(&note("/finesse/api/User/1001"))
        .expect("delivered");
    assert!(msg.starts_with("<message xmlns='jabber:client' from='pubsub.finesse.mock.local' to='1001@finesse.mock.local'"), "{msg}");
    let (bye, step) = rig.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
    assert_eq!(bye, "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
    assert!(step.close);
    let mut rig = Rig::online("1001", Framing::WebSocket);
    let (out, step) = rig.send("<iq>");
    assert_eq!(
        step.out,
        [
            "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
            "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"
        ],
        "{out}"
    );
}

#[test]
fn items_reach_a_user_on_its_automatic_nodes_while_available() {
    let mut rig = Rig::tcp();
    rig.out(TCP_HEADER);
    rig.out(&auth("1001", "mock-pw-1"));
    rig.out(TCP_HEADER);
    rig.out("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desk</resource></bind></iq>");
    // Bound but not yet available: bare-JID items are not delivered (RFC 6121 §8.5.2).
    assert_eq!(rig.deliver(&note("/finesse/api/User/1001")), None);
    rig.out("<presence/>");
    let msg = rig
        .deliver(&note("/finesse/api/User/1001"))
        .expect("own user node");
    assert!(msg.starts_with("<message from='pubsub.finesse.mock.local' to='1001@finesse.mock.local' id='t-n1'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='/finesse/api/User/1001'><item id='i1'><notification xmlns='urn:xmpp:push:0'>&lt;Update&gt;"), "{msg}");
    for own in [
        "/finesse/api/User/1001/Dialogs",
        "/finesse/api/User/1001/Media/5001",
        "/finesse/api/SystemInfo",
    ] {
        assert!(rig.deliver(&note(own)).is_some(), "{own}");
    }
    for other in ["/finesse/api/User/1002", "/finesse/api/Team/5000/Users"] {
        assert_eq!(rig.deliver(&note(other)), None, "{other}");
    }
    // A negative priority, or unavailable presence, stops delivery.
    rig.out("<presence><priority>-1</priority></presence>");
    assert_eq!(rig.deliver(&note("/finesse/api/User/1001")), None);
    rig.out("<presence/>");
    rig.out("<presence type='unavailable'/>");
    assert_eq!(rig.deliver(&note("/finesse/api/User/1001")), None);
}

fn subscribe(node: &str, jid: &str) -> String {
    format!(
        "<iq type='set' id='s' to='pubsub.finesse.mock.local'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='{node}' jid='{jid}'/></pubsub></iq>"
    )
}

fn unsubscribe(node: &str, jid: &str) -> String {
    format!(
        "<iq type='set' id='u' to='pubsub.finesse.mock.local'><pubsub xmlns='http://jabber.org/protocol/pubsub'><unsubscribe node='{node}' jid='{jid}'/></pubsub></iq>"
    )
}

#[test]
fn a_supervisor_subscribes_to_its_teams_users_and_unsubscribes() {
    let team = "/finesse/api/Team/5000/Users";
    let mut rig = Rig::online("2003", Framing::Tcp);
    assert_eq!(rig.deliver(&note(team)), None);
    let out = rig.out(&subscribe(team, "2003@finesse.mock.local"));
    assert_eq!(
        out,
        "<iq type='result' id='s' from='pubsub.finesse.mock.local' to='2003@finesse.mock.local/desk'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscription node='/finesse/api/Team/5000/Users' jid='2003@finesse.mock.local' subscription='subscribed'/></pubsub></iq>"
    );
    assert!(rig.deliver(&note(team)).is_some());
    assert_eq!(
        rig.out(&unsubscribe(team, "2003@finesse.mock.local")),
        "<iq type='result' id='u' from='pubsub.finesse.mock.local' to='2003@finesse.mock.local/desk'></iq>"
    );
    assert_eq!(rig.deliver(&note(team)), None);
    let again = rig.out(&unsubscribe(team, "2003@finesse.mock.local"));
    assert!(
        again.contains("<unexpected-request")
            && again.contains("<not-subscribed xmlns='http://jabber.org/protocol/pubsub#errors'/>"),
        "{again}"
    );
    // A full-JID subscription reaches that resource even without presence.
    rig.out("<presence type='unavailable'/>");
    rig.out(&subscribe(team, "2003@finesse.mock.local/desk"));
    assert!(rig.deliver(&note(team)).is_some());
}

#[test]
fn subscriptions_outside_a_users_reach_are_refused() {
    const ME: &str = "1001@finesse.mock.local";
    const OTHER: &str = "1002@finesse.mock.local";
    let mut rig = Rig::online("1001", Framing::Tcp);
    // (request, what its error holds)
    let cases = [
        (subscribe("/finesse/api/Team/5000/Users", ME), ["type='error'", "<forbidden"]),
        (subscribe("/finesse/api/User/1002", ME), ["type='error'", "<forbidden"]),
        (subscribe("/finesse/api/Team/9999/Users", ME), ["type='error'", "<item-not-found"]),
        (subscribe("/finesse/api/SystemInfo", OTHER), ["<bad-request", "<invalid-jid"]),
        (
            format!("<iq type='set' id='s' to='pubsub.finesse.mock.local'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe jid='{ME}'/></pubsub></iq>"),
            ["type='error'", "<nodeid-required"],
        ),
        (
            "<iq type='get' id='i' to='pubsub.finesse.mock.local'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='/finesse/api/User/1001'/></pubsub></iq>".to_string(),
            ["<feature-not-implemented", "feature='retrieve-items'"],
        ),
        // Someone else's subscription cannot be withdrawn.
        (unsubscribe("/finesse/api/User/1001", OTHER), ["type='error'", "<forbidden"]),
    ];
    for (request, expected) in cases {
        let answer = rig.out(&request);
        for part in expected {
            assert!(answer.contains(part), "{request}: {answer}");
        }
    }
}

#[test]
fn automatic_subscriptions_can_be_withdrawn_and_taken_again() {
    let own = "/finesse/api/User/1001";
    let mut rig = Rig::online("1001", Framing::Tcp);
    assert!(
        rig.out(&unsubscribe(own, "1001@finesse.mock.local"))
            .contains("type='result'")
    );
    assert_eq!(rig.deliver(&note(own)), None);
    assert!(
        rig.out(&subscribe(own, "1001@finesse.mock.local"))
            .contains("subscription='subscribed'")
    );
    assert!(rig.deliver(&note(own)).is_some());
}

#[test]
fn service_discovery_describes_the_server_and_the_pubsub_nodes() {
    let mut rig = Rig::online("1001", Framing::Tcp);
    let info = rig.out("<iq type='get' id='d' to='pubsub.finesse.mock.local'><query xmlns='http://jabber.org/protocol/disco#info' node='/finesse/api/User/1001'/></iq>");
    assert!(
        info.contains("<identity category='pubsub' type='leaf'/>"),
        "{info}"
    );
    let missing = rig.out("<iq type='get' id='d' to='pubsub.finesse.mock.local'><query xmlns='http://jabber.org/protocol/disco#info' node='/nope'/></iq>");
    assert!(missing.contains("<item-not-found"), "{missing}");
    let server = rig.out("<iq type='get' id='d' to='finesse.mock.local'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    assert!(
        server.contains("<feature var='urn:xmpp:ping'/>"),
        "{server}"
    );
}

#[test]
fn a_failure_before_the_header_sends_the_header_first() {
    let mut rig = Rig::tcp();
    let step = rig.session.fail(Condition::ServiceUnavailable);
    assert!(step.close);
    assert!(step.out[0].starts_with("<?xml version='1.0'?><stream:stream"));
    assert_eq!(
        step.out[1],
        "<stream:error><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
    );
    assert_eq!(step.out[2], "</stream:stream>");
}

#[test]
fn own_nodes_and_system_info_are_subscribed_automatically_unless_no_auto_subscription() {
    use crate::deviations::Deviation;
    let own = [
        "/finesse/api/User/1001",
        "/finesse/api/User/1001/Dialogs",
        "/finesse/api/User/1001/Media/5001",
        "/finesse/api/SystemInfo",
    ];
    for broken in [false, true] {
        let mut rig = Rig::online("1001", Framing::Tcp);
        rig.model
            .deviations
            .set(Deviation::NoAutoSubscription, broken);
        // What the hub does under the model's lock before it publishes or answers.
        rig.subs.follow(&rig.model);
        for node in own {
            assert_eq!(rig.deliver(&note(node)).is_some(), !broken, "{node}");
        }
        // An explicit subscription is delivered either way.
        let user = own[0];
        assert!(
            rig.out(&subscribe(user, "1001@finesse.mock.local"))
                .contains("subscription='subscribed'")
        );
        rig.subs.follow(&rig.model);
        assert!(rig.deliver(&note(user)).is_some(), "broken: {broken}");
        assert!(
            rig.out(&unsubscribe(user, "1001@finesse.mock.local"))
                .contains("type='result'")
        );
        assert_eq!(rig.deliver(&note(user)), None, "withdrawn");
        // The team node needs a subscription in both cases.
        assert_eq!(rig.deliver(&note("/finesse/api/Team/5000/Users")), None);
    }
}

#[test]
fn a_stand_alone_mock_takes_its_domain_from_the_host_the_client_names() {
    // A real Finesse's host name is its XMPP domain; clients that build their JID from the
    // host they connect to must not meet host-unknown.
    let header = |to: &str| {
        format!(
            "<stream:stream to='{to}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
        )
    };
    let mut rig = Rig::tcp();
    rig.session = Session::new(Framing::Tcp, DOMAIN, "t").following_host();
    let hello = rig.out(&header("LocalHost"));
    assert!(hello.contains("from='localhost'"), "{hello}");
    assert!(rig.out(&auth("1001", "mock-pw-1")).contains("<success"));
    // The restarted stream must name the same host.
    rig.out(&header("localhost"));
    let bound = rig.out("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>");
    assert!(bound.contains("<jid>1001@localhost/r</jid>"), "{bound}");
    let pubsub = rig.out("<iq type='set' id='s' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/User/1001' jid='1001@localhost/r'/></pubsub></iq>");
    assert!(pubsub.contains("type='result'"), "{pubsub}");

    // After the first stream the domain is fixed; a host that is not a host name is refused.
    let mut rig = Rig::tcp();
    rig.session = Session::new(Framing::Tcp, DOMAIN, "t").following_host();
    rig.out(&header("127.0.0.1"));
    rig.out(&auth("1001", "mock-pw-1"));
    assert!(rig.out(&header("elsewhere")).contains("<host-unknown"));
    let mut rig = Rig::tcp();
    rig.session = Session::new(Framing::Tcp, DOMAIN, "t").following_host();
    assert!(rig.out(&header("a b")).contains("<host-unknown"));

    // Without following, only the configured domain is served.
    let mut rig = Rig::tcp();
    assert!(rig.out(&header("localhost")).contains("<host-unknown"));
}
