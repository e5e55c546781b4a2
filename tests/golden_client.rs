//! The client's parsing against the golden documents in tests/golden, which are written
//! from the guide and not from our own models (see tests/golden/*.xml for the pages).
//!
//! Each document is parsed as written and in generated variants a real server may send:
//! an XML declaration, children in another order, no whitespace, empty elements written
//! `<x/>`, unknown elements and attributes at several depths. Every variant must give the
//! same values, and those values are compared with literals copied from the document.
//!
//! A second check finds which documented elements the client reads at all: each leaf is
//! changed in turn and the parse is repeated. Elements whose change makes no difference
//! must be listed in `UNREAD` (the client's known gaps), so that a field dropped from a
//! client struct, or a renamed element the client stops seeing, fails here.

mod common;

use std::collections::BTreeSet;

use common::shape::{self, Golden, Node};
use finesse_conformance::finesse::models::{self, ApiErrors, Dialog, Dialogs, Media, MediaList};
use finesse_conformance::finesse::models::{
    PhoneBooks, ReasonCode, ReasonCodes, SystemInfo, User, WrapUpReason, WrapUpReasons,
};
use finesse_conformance::finesse::xmpp::notification::{self, Notification, UpdateEvent};
use finesse_protocol::xml;
use serde::Deserialize;

// ---- the variants ----

/// Writes `node` back as XML: indented or compact, empty elements as `<x></x>` or `<x/>`.
fn write(node: &Node, pretty: bool, self_close: bool, depth: usize, out: &mut String) {
    let indent = if pretty {
        "  ".repeat(depth)
    } else {
        String::new()
    };
    out.push_str(&indent);
    out.push('<');
    out.push_str(&node.name);
    for (k, v) in &node.attrs {
        out.push_str(&format!(
            " {k}=\"{}\"",
            quick_xml::escape::escape(v.as_str())
        ));
    }
    if node.is_empty() && self_close {
        out.push_str("/>");
    } else if node.children.is_empty() {
        out.push('>');
        out.push_str(&quick_xml::escape::escape(node.text.trim()));
        out.push_str(&format!("</{}>", node.name));
    } else {
        out.push('>');
        for c in &node.children {
            if pretty {
                out.push('\n');
            }
            write(c, pretty, self_close, depth + 1, out);
        }
        if pretty {
            out.push('\n');
            out.push_str(&indent);
        }
        out.push_str(&format!("</{}>", node.name));
    }
}

fn render(node: &Node, pretty: bool, self_close: bool) -> String {
    let mut out = String::new();
    write(node, pretty, self_close, 0, &mut out);
    out
}

/// Reorders every element's children: groups of same-named siblings keep their inner
/// order (a list stays a list), the groups are put in the order `order` gives.
fn reorder(node: &Node, order: &dyn Fn(&mut Vec<String>)) -> Node {
    let mut names: Vec<String> = Vec::new();
    for c in &node.children {
        if !names.contains(&c.name) {
            names.push(c.name.clone());
        }
    }
    order(&mut names);
    let children = names
        .iter()
        .flat_map(|n| node.children.iter().filter(move |c| &c.name == n))
        .map(|c| reorder(c, order))
        .collect();
    Node {
        children,
        ..node.clone()
    }
}

/// Adds unknown elements (one plain, one with its own children) before and after the
/// children of every element that has children, and an unknown attribute everywhere.
/// Nothing is added directly inside an Update's `<data>`, which holds exactly one object.
fn with_unknowns(node: &Node, path: &str) -> Node {
    let path = if path.is_empty() {
        node.name.clone()
    } else {
        format!("{path}/{}", node.name)
    };
    let mut out = node.clone();
    out.attrs
        .push(("futureAttribute".into(), "from a later release".into()));
    out.children = node
        .children
        .iter()
        .map(|c| with_unknowns(c, &path))
        .collect();
    if !out.children.is_empty() && path != "Update/data" {
        let plain = Node {
            name: "futureElement".into(),
            attrs: vec![],
            text: "x".into(),
            children: vec![],
        };
        let nested = Node {
            name: "futureCollection".into(),
            attrs: vec![],
            text: String::new(),
            children: vec![plain.clone(), plain.clone()],
        };
        out.children.insert(0, nested);
        out.children.push(plain);
    }
    out
}

/// The document as written and in every variant, each with its description.
fn variants(g: &Golden) -> Vec<(&'static str, String)> {
    let root = &g.root;
    vec![
        ("as written", g.xml.clone()),
        (
            "with an XML declaration",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n{}",
                g.xml
            ),
        ),
        (
            "children in reverse order",
            render(
                &reorder(root, &|n: &mut Vec<String>| n.reverse()),
                true,
                false,
            ),
        ),
        (
            "children in alphabetical order",
            render(
                &reorder(root, &|n: &mut Vec<String>| n.sort()),
                false,
                false,
            ),
        ),
        ("compact", render(root, false, false)),
        ("empty elements as <x/>", render(root, true, true)),
        (
            "unknown elements and attributes at every depth",
            render(&with_unknowns(root, ""), true, true),
        ),
    ]
}

// ---- parsing as the harness does ----

fn user(xml: &str) -> User {
    models::from_xml_root(xml, "User").unwrap_or_else(|e| panic!("User: {e}\n{xml}"))
}

fn dialog(xml: &str) -> Dialog {
    models::from_xml_root(xml, "Dialog").unwrap_or_else(|e| panic!("Dialog: {e}\n{xml}"))
}

fn update(xml: &str, node: &str) -> Notification {
    notification::parse_update(xml, node).unwrap_or_else(|e| panic!("Update: {e}\n{xml}"))
}

/// The members of a Team document, read with the client's User model as the harness reads
/// Team notifications (the client has no Team model: no step reads GET /Team).
#[derive(Debug, Deserialize)]
struct TeamDoc {
    uri: Option<String>,
    id: Option<String>,
    name: Option<String>,
    users: Option<TeamUsers>,
}

#[derive(Debug, Deserialize)]
struct TeamUsers {
    #[serde(rename = "User", default)]
    users: Vec<User>,
}

/// What the client makes of a golden document, as text, for the read-detection check;
/// raw XML kept by the client (a notification's `update` and `data_xml`) is left out.
fn parsed(name: &str, xml: &str) -> Result<String, String> {
    fn dbg<T: std::fmt::Debug>(r: Result<T, String>) -> Result<String, String> {
        r.map(|v| format!("{v:?}"))
    }
    match name {
        n if n.starts_with("user-") => dbg(models::from_xml_root::<User>(xml, "User")),
        "dialog" => dbg(models::from_xml_root::<Dialog>(xml, "Dialog")),
        "dialogs" => dbg(models::from_xml_root::<Dialogs>(xml, "Dialogs")),
        "media" => dbg(models::from_xml_root::<Media>(xml, "Media")),
        "media-list" => dbg(models::from_xml_root::<MediaList>(xml, "MediaList")),
        "reason-code" => dbg(models::from_xml_root::<ReasonCode>(xml, "ReasonCode")),
        "reason-codes" => dbg(models::from_xml_root::<ReasonCodes>(xml, "ReasonCodes")),
        "wrap-up-reason" => dbg(models::from_xml_root::<WrapUpReason>(xml, "WrapUpReason")),
        "wrap-up-reasons" => dbg(models::from_xml_root::<WrapUpReasons>(xml, "WrapUpReasons")),
        "phone-books" => dbg(models::from_xml_root::<PhoneBooks>(xml, "PhoneBooks")),
        "workflows" => dbg(models::from_xml_root::<models::Workflows>(xml, "Workflows")),
        "queue" => dbg(models::from_xml_root::<models::Queue>(xml, "Queue")),
        "queues" => dbg(models::from_xml_root::<models::Queues>(xml, "Queues")),
        n if n.starts_with("system-info") => {
            dbg(models::from_xml_root::<SystemInfo>(xml, "SystemInfo"))
        }
        n if n.starts_with("api-errors") => {
            dbg(models::from_xml_root::<ApiErrors>(xml, "ApiErrors"))
        }
        "team" => dbg(models::from_xml_root::<TeamDoc>(xml, "Team")),
        "team-message" => dbg(models::from_xml_root::<models::TeamMessage>(
            xml,
            "TeamMessage",
        )),
        "auth-mode" => dbg(models::from_xml_root::<models::UserAuthMode>(
            xml,
            "UserAuthMode",
        )),
        n if n.starts_with("update-") => {
            let n = notification::parse_update(xml, "/node").map_err(|e| e.to_string())?;
            let data = match n.data_root.as_deref().map(str::to_ascii_lowercase) {
                Some(r) if r == "user" => {
                    format!("{:?}", models::from_xml_root::<User>(&n.data_xml, "User"))
                }
                Some(r) if r == "dialog" => {
                    format!(
                        "{:?}",
                        models::from_xml_root::<Dialog>(&n.data_xml, "Dialog")
                    )
                }
                _ => String::new(),
            };
            Ok(format!(
                "{:?} {:?} {:?} {:?} {:?} {data}",
                n.event, n.request_id, n.source, n.data_root, n.errors
            ))
        }
        other => Err(format!("no parser for tests/golden/{other}.xml: add one")),
    }
}

// ---- the literal checks, one per document ----

/// Asserts an embedded ReasonCode's category, code, label and id, and its uri naming the id.
fn assert_reason_code(rc: &ReasonCode, [category, code, label, id]: [&str; 4]) {
    let uri = format!("/finesse/api/ReasonCode/{id}");
    assert_eq!(
        [
            rc.category.as_deref(),
            rc.code.as_deref(),
            rc.label.as_deref(),
            rc.id.as_deref(),
            rc.uri.as_deref()
        ],
        [
            Some(category),
            Some(code),
            Some(label),
            Some(id),
            Some(uri.as_str())
        ],
        "category, code, label, id and uri"
    );
}

fn check_user_signed_out(xml: &str) {
    let u = user(xml);
    assert_eq!(u.uri.as_deref(), Some("/finesse/api/User/1001"));
    assert_eq!(u.login_id.as_deref(), Some("1001"));
    assert_eq!(u.login_name.as_deref(), Some("agent1001"));
    assert_eq!(u.state.as_deref(), Some("LOGOUT"));
    assert_eq!(u.state_change_time.as_deref().unwrap_or(""), "");
    assert_eq!(u.pending_state.as_deref().unwrap_or(""), "");
    assert_eq!(u.reason_code_id.as_deref(), Some("-1"));
    assert_eq!(u.reason_code, None);
    assert_eq!(u.reason_code_value(), Some("-1"));
    // Signed out: Finesse sends the extension element empty.
    assert_eq!(u.extension.as_deref().unwrap_or(""), "");
    assert_eq!(u.first_name.as_deref(), Some("Agent"));
    assert_eq!(u.last_name.as_deref(), Some("A01"));
    assert_eq!(u.team_id.as_deref(), Some("5000"));
    assert_eq!(u.team_name.as_deref(), Some("Team A"));
    assert_eq!(u.roles.map(|r| r.role), Some(vec!["Agent".to_string()]));
    assert_eq!(u.teams, None);
}

fn check_user_ready(xml: &str) {
    let u = user(xml);
    assert_eq!(u.uri.as_deref(), Some("/finesse/api/User/1001"));
    assert_eq!(u.state.as_deref(), Some("READY"));
    assert_eq!(
        u.state_change_time.as_deref(),
        Some("2026-03-02T09:15:27.418Z")
    );
    assert_eq!(u.pending_state.as_deref().unwrap_or(""), "");
    assert_eq!(u.reason_code_id.as_deref().unwrap_or(""), "");
    assert_eq!(u.reason_code, None);
    assert_eq!(u.extension.as_deref(), Some("1001001"));
    assert_eq!(u.login_name.as_deref(), Some("agent1001"));
    assert_eq!(u.team_id.as_deref(), Some("5000"));
}

fn check_user_mobile_agent(xml: &str) {
    let u = user(xml);
    assert_eq!(u.state.as_deref(), Some("NOT_READY"));
    assert_eq!(
        u.state_change_time.as_deref(),
        Some("2026-03-02T10:02:44.120Z")
    );
    assert_eq!(u.reason_code_id.as_deref(), Some("-1"));
    assert_eq!(u.extension.as_deref(), Some("1301001"));
    assert_eq!(u.login_name.as_deref(), Some("agent1301"));
    assert_eq!(u.team_id.as_deref(), Some("5000"));
    let m = u.mobile_agent.clone().expect("the mobileAgent node");
    assert_eq!(
        (m.mode.as_deref(), m.dial_number.as_deref()),
        (Some("CALL_BY_CALL"), Some("4085551234"))
    );
}

fn check_user_not_ready(xml: &str) {
    let u = user(xml);
    assert_eq!(u.state.as_deref(), Some("NOT_READY"));
    assert_eq!(
        u.state_change_time.as_deref(),
        Some("2026-03-02T09:21:05.002Z")
    );
    assert_eq!(u.reason_code_id.as_deref(), Some("12"));
    assert_eq!(u.extension.as_deref(), Some("1001001"));
    let rc = u.reason_code.clone().expect("the embedded ReasonCode");
    assert_reason_code(&rc, ["NOT_READY", "3", "Team A huddle", "12"]);
    assert_eq!(rc.for_all.as_deref(), Some("false"));
    assert_eq!(rc.system_code.as_deref(), Some("false"));
    assert_eq!(rc.database_id(), Some("12"));
    // The code shown to people, not the database id.
    assert_eq!(u.reason_code_value(), Some("3"));
}

fn check_user_supervisor(xml: &str) {
    let u = user(xml);
    assert_eq!(u.uri.as_deref(), Some("/finesse/api/User/2001"));
    assert_eq!(
        u.roles.map(|r| r.role),
        Some(vec!["Agent".to_string(), "Supervisor".to_string()])
    );
    assert_eq!(u.state.as_deref(), Some("NOT_READY"));
    assert_eq!(u.reason_code_id.as_deref(), Some("-1"));
    assert_eq!(u.extension.as_deref(), Some("2001001"));
    let teams = u.teams.expect("teams").teams;
    let got: Vec<(Option<&str>, Option<&str>, Option<&str>)> = teams
        .iter()
        .map(|t| (t.id.as_deref(), t.name.as_deref(), t.uri.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("5000"), Some("Team A"), Some("/finesse/api/Team/5000")),
            (Some("5001"), Some("Team B"), Some("/finesse/api/Team/5001")),
        ]
    );
}

/// The call of dialog.xml and dialogs.xml (both participants ACTIVE).
fn check_answered_call(d: &Dialog) {
    assert_eq!(d.associated_dialog_uri.as_deref().unwrap_or(""), "");
    assert_eq!(d.id.as_deref(), Some("16817"));
    assert_eq!(d.dialog_id(), Some("16817"));
    assert_eq!(d.media_type.as_deref(), Some("Voice"));
    assert_eq!(d.from_address.as_deref(), Some("1001001"));
    assert_eq!(d.to_address.as_deref(), Some("1002001"));
    assert_eq!(d.call_type(), Some("AGENT_INSIDE"));
    assert_eq!(
        d.media_properties
            .as_ref()
            .and_then(|m| m.dialed_number.as_deref()),
        Some("1002001")
    );
    assert_eq!(d.state.as_deref(), Some("ACTIVE"));
    assert_eq!(d.uri.as_deref(), Some("/finesse/api/Dialog/16817"));
    let parts = &d.participants.as_ref().expect("participants").participants;
    let got: Vec<_> = parts
        .iter()
        .map(|p| {
            (
                p.media_address.as_deref(),
                p.media_address_type.as_deref(),
                p.start_time.as_deref(),
                p.state.as_deref(),
                p.state_cause.as_deref().unwrap_or(""),
                p.state_change_time.as_deref(),
                p.action_names(),
            )
        })
        .collect();
    let actions = vec!["HOLD", "DROP", "UPDATE_CALL_DATA", "CONSULT_CALL"];
    assert_eq!(
        got,
        [
            (
                Some("1001001"),
                Some("AGENT_DEVICE"),
                Some("2026-03-02T09:30:01.120Z"),
                Some("ACTIVE"),
                "",
                Some("2026-03-02T09:30:04.871Z"),
                actions.clone(),
            ),
            (
                Some("1002001"),
                Some("AGENT_DEVICE"),
                Some("2026-03-02T09:30:01.455Z"),
                Some("ACTIVE"),
                "",
                Some("2026-03-02T09:30:04.870Z"),
                actions,
            ),
        ]
    );
    assert!(d.participant("1002001").is_some());
}

fn check_dialog(xml: &str) {
    check_answered_call(&dialog(xml));
}

fn check_dialogs(xml: &str) {
    let list: Dialogs =
        models::from_xml_root(xml, "Dialogs").unwrap_or_else(|e| panic!("Dialogs: {e}\n{xml}"));
    assert_eq!(list.dialogs.len(), 1);
    check_answered_call(&list.dialogs[0]);
}

fn check_media(xml: &str) {
    let m: Media =
        models::from_xml_root(xml, "Media").unwrap_or_else(|e| panic!("Media: {e}\n{xml}"));
    assert_eq!(m.uri.as_deref(), Some("/finesse/api/User/1001/Media/5001"));
    assert_eq!(m.description.as_deref(), Some("Chat"));
    assert_eq!(m.dialog_logout_action.as_deref(), Some("CLOSE"));
    assert_eq!(m.id.as_deref(), Some("5001"));
    assert_eq!(m.interruptible.as_deref(), Some("false"));
    assert_eq!(m.max_dialog_limit.as_deref(), Some("3"));
    assert_eq!(m.name.as_deref(), Some("Cisco_Chat_MRD"));
    assert_eq!(m.reason_code_id.as_deref(), Some("11"));
    assert_eq!(m.routable.as_deref(), Some("true"));
    assert_eq!(m.state.as_deref(), Some("NOT_READY"));
    assert_eq!(
        m.state_change_time.as_deref(),
        Some("2026-03-02T10:02:13.004Z")
    );
    assert_eq!(m.interrupt_action.as_deref(), Some("IGNORE"));
    let rc = m.reason_code.expect("ReasonCode");
    assert_reason_code(&rc, ["NOT_READY", "2", "Lunch", "11"]);
    assert_eq!(rc.for_all.as_deref(), Some("true"));
}

fn check_media_list(xml: &str) {
    let l: MediaList =
        models::from_xml_root(xml, "MediaList").unwrap_or_else(|e| panic!("MediaList: {e}\n{xml}"));
    assert_eq!(l.media.len(), 2);
    let (a, b) = (&l.media[0], &l.media[1]);
    assert_eq!(a.id.as_deref(), Some("5001"));
    assert_eq!(a.state.as_deref(), Some("READY"));
    assert_eq!(a.dialog_logout_action.as_deref(), Some("TRANSFER"));
    assert_eq!(a.interrupt_action.as_deref(), Some("ACCEPT"));
    assert_eq!(a.routable.as_deref(), Some("true"));
    assert_eq!(a.reason_code_id.as_deref().unwrap_or(""), "");
    assert_eq!(b.uri.as_deref(), Some("/finesse/api/User/1001/Media/5002"));
    assert_eq!(b.description.as_deref(), Some("Email"));
    assert_eq!(b.id.as_deref(), Some("5002"));
    assert_eq!(b.interruptible.as_deref(), Some("true"));
    assert_eq!(b.name.as_deref(), Some("Cisco_Email_MRD"));
    assert_eq!((b.state.as_deref(), b.routable.as_deref()), (None, None));
}

fn check_reason_code(xml: &str) {
    let rc: ReasonCode = models::from_xml_root(xml, "ReasonCode")
        .unwrap_or_else(|e| panic!("ReasonCode: {e}\n{xml}"));
    assert_eq!(rc.uri.as_deref(), Some("/finesse/api/ReasonCode/22"));
    assert_eq!(rc.database_id(), Some("22"));
    assert_eq!(rc.category.as_deref(), Some("LOGOUT"));
    assert_eq!(rc.code.as_deref(), Some("3"));
    assert_eq!(rc.label.as_deref(), Some("Team A early leave"));
    assert_eq!(rc.for_all.as_deref(), Some("false"));
    assert!(!models::is_true(rc.for_all.as_deref()));
    assert_eq!(rc.system_code.as_deref(), Some("false"));
}

fn check_reason_codes(xml: &str) {
    let l: ReasonCodes = models::from_xml_root(xml, "ReasonCodes")
        .unwrap_or_else(|e| panic!("ReasonCodes: {e}\n{xml}"));
    assert_eq!(l.category.as_deref(), Some("NOT_READY"));
    let got: Vec<_> = l
        .codes
        .iter()
        .map(|c| {
            (
                c.database_id(),
                c.code.as_deref(),
                c.label.as_deref(),
                models::is_true(c.for_all.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("10"), Some("1"), Some("Break"), true),
            (Some("12"), Some("3"), Some("Team A huddle"), true),
        ]
    );
}

/// A wrap-up reason as (database id, label, forAll).
fn wrap_up_fields(r: &WrapUpReason) -> (Option<&str>, Option<&str>, bool) {
    (
        r.database_id(),
        r.label.as_deref(),
        models::is_true(r.for_all.as_deref()),
    )
}

fn check_wrap_up_reason(xml: &str) {
    let r: WrapUpReason = models::from_xml_root(xml, "WrapUpReason")
        .unwrap_or_else(|e| panic!("WrapUpReason: {e}\n{xml}"));
    assert_eq!(r.uri.as_deref(), Some("/finesse/api/WrapUpReason/31"));
    assert_eq!(
        wrap_up_fields(&r),
        (Some("31"), Some("Billing question"), true)
    );
}

fn check_wrap_up_reasons(xml: &str) {
    let l: WrapUpReasons = models::from_xml_root(xml, "WrapUpReasons")
        .unwrap_or_else(|e| panic!("WrapUpReasons: {e}\n{xml}"));
    let got: Vec<_> = l.reasons.iter().map(wrap_up_fields).collect();
    assert_eq!(
        got,
        [
            (Some("31"), Some("Billing question"), true),
            (Some("33"), Some("Team A follow-up"), false),
        ]
    );
}

/// The guide's example statistics, in the guide's order, as the client reads them.
fn queue_figures(q: &models::Queue) -> Vec<Option<String>> {
    let s = q.statistics.clone().unwrap_or_default();
    vec![
        s.calls_in_queue,
        s.start_time_of_longest_call_in_queue,
        s.agents_ready,
        s.agents_not_ready,
        s.agents_busy_other,
        s.agents_logged_on,
        s.agents_talking_inbound,
        s.agents_talking_outbound,
        s.agents_talking_internal,
        s.agents_wrap_up_not_ready,
        s.agents_wrap_up_ready,
    ]
}

const QUEUE_EXAMPLE: [&str; 11] = [
    "3",
    "2012-02-15T17:58:21Z",
    "1",
    "2",
    "0",
    "1",
    "3",
    "4",
    "5",
    "6",
    "7",
];

fn check_queue(xml: &str) {
    let q: models::Queue =
        models::from_xml_root(xml, "Queue").unwrap_or_else(|e| panic!("Queue: {e}\n{xml}"));
    assert_eq!(
        (q.uri.as_deref(), q.name.as_deref()),
        (Some("/finesse/api/Queue/10"), Some("Sales"))
    );
    let want: Vec<Option<String>> = QUEUE_EXAMPLE.iter().map(|v| Some(v.to_string())).collect();
    assert_eq!(queue_figures(&q), want);
}

fn check_queues(xml: &str) {
    let l: models::Queues =
        models::from_xml_root(xml, "Queues").unwrap_or_else(|e| panic!("Queues: {e}\n{xml}"));
    assert_eq!(l.queues.len(), 1);
    let q = &l.queues[0];
    assert_eq!(q.uri.as_deref(), Some("/finesse/api/Queue/1234"));
    let want: Vec<Option<String>> = QUEUE_EXAMPLE.iter().map(|v| Some(v.to_string())).collect();
    assert_eq!(queue_figures(q), want);
}

fn check_phone_books(xml: &str) {
    let l: PhoneBooks = models::from_xml_root(xml, "PhoneBooks")
        .unwrap_or_else(|e| panic!("PhoneBooks: {e}\n{xml}"));
    let got: Vec<_> = l
        .books
        .iter()
        .map(|b| {
            let c = b.contacts.contacts.first();
            (
                b.name.as_deref(),
                b.kind.as_deref(),
                c.and_then(|c| c.first_name.as_deref()),
                c.and_then(|c| c.last_name.as_deref()),
                c.and_then(|c| c.phone_number.as_deref()),
                c.and_then(|c| c.description.as_deref()),
                c.and_then(|c| c.uri.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Some("Company"),
                Some("GLOBAL"),
                Some("Help"),
                Some("Desk"),
                Some("5551000"),
                Some("IT help desk"),
                Some("/finesse/api/PhoneBook/41/Contact/1"),
            ),
            (
                Some("Team A partners"),
                Some("TEAM"),
                Some("Pat"),
                Some("Partner"),
                Some("5552000"),
                Some("Escalations"),
                Some("/finesse/api/PhoneBook/42/Contact/3"),
            ),
        ]
    );
}

fn check_workflows(xml: &str) {
    let l: models::Workflows =
        models::from_xml_root(xml, "Workflows").unwrap_or_else(|e| panic!("Workflows: {e}\n{xml}"));
    let got: Vec<_> = l
        .workflows
        .iter()
        .map(|w| {
            let t = w.trigger_set.as_ref();
            (
                w.name.as_deref(),
                w.description.as_deref(),
                t.and_then(|t| t.kind.as_deref()),
                t.and_then(|t| t.name.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(
            Some("google ring pop"),
            Some("Pops a Google web page when an agent phone rings"),
            Some("SYSTEM"),
            Some("CALL_ARRIVES"),
        )]
    );
}

fn check_system_info(xml: &str) {
    let s: SystemInfo = models::from_xml_root(xml, "SystemInfo")
        .unwrap_or_else(|e| panic!("SystemInfo: {e}\n{xml}"));
    assert_eq!(s.uri.as_deref(), Some("/finesse/api/SystemInfo"));
    assert_eq!(
        s.current_timestamp.as_deref(),
        Some("2026-03-02T10:11:12.345Z")
    );
    assert_eq!(s.deployment_type.as_deref(), Some("UCCE"));
    assert_eq!(s.last_cti_heartbeat_status.as_deref(), Some("success"));
    assert_eq!(
        s.last_success_cti_heartbeat_time.as_deref(),
        Some("1772446270000")
    );
    assert!(matches!(s.cti_version.as_deref(), Some("20" | "24")));
    assert_eq!(s.cti_heartbeat_interval.as_deref(), Some("5"));
    assert_eq!(s.license.as_deref().unwrap_or(""), "");
    assert_eq!(s.peripheral_id.as_deref(), Some("5000"));
    assert_eq!(s.status.as_deref(), Some("IN_SERVICE"));
    assert_eq!(s.status_reason.as_deref().unwrap_or(""), "");
    assert_eq!(s.system_auth_mode.as_deref(), Some("NON_SSO"));
    assert_eq!(s.timezone_offset.as_deref(), Some("0"));
    assert_eq!(s.xmpp_domain.as_deref(), Some("finesse.mock.local"));
    assert_eq!(
        s.xmpp_pub_sub_domain.as_deref(),
        Some("pubsub.finesse.mock.local")
    );
    assert_eq!(
        s.primary_node.and_then(|n| n.host).as_deref(),
        Some("finesse1.mock.local")
    );
    assert_eq!(
        s.secondary_node.and_then(|n| n.host).as_deref(),
        Some("finesse2.mock.local")
    );
}

/// The 12.6 document: the 12.5 checks, and the maintenance fields and node ports it adds.
fn check_system_info_12_6(xml: &str) {
    check_system_info(xml);
    let s: SystemInfo = models::from_xml_root(xml, "SystemInfo")
        .unwrap_or_else(|e| panic!("SystemInfo: {e}\n{xml}"));
    assert_eq!(s.cti_m_mode.as_deref().unwrap_or(""), "");
    assert_eq!(s.cti_time_in_m_mode.as_deref(), Some("-1"));
    assert_eq!(s.finesse_m_mode.as_deref().unwrap_or(""), "");
    assert_eq!(s.finesse_time_in_m_mode.as_deref(), Some("-1"));
    for node in [s.primary_node, s.secondary_node] {
        let n = node.unwrap_or_default();
        assert_eq!(n.https_port.as_deref(), Some("8445"));
        assert_eq!(n.xmpp_port.as_deref(), Some("5222"));
        assert_eq!(n.xmpp_secure_port.as_deref(), Some("5223"));
    }
}

fn api_errors(xml: &str) -> ApiErrors {
    models::from_xml_root(xml, "ApiErrors").unwrap_or_else(|e| panic!("ApiErrors: {e}\n{xml}"))
}

fn check_api_errors(xml: &str) {
    let e = api_errors(xml);
    assert_eq!(e.errors.len(), 1);
    assert_eq!(
        e.errors[0].error_type,
        "Invalid Authorization User Specified"
    );
    assert_eq!(
        e.errors[0].error_message.as_deref(),
        Some("The user specified in the authentication credentials and the uri don't match")
    );
    assert_eq!(e.errors[0].error_data.as_deref(), Some("1002"));
    assert_eq!(e.errors[0].error_media, None);
}

fn check_api_errors_media(xml: &str) {
    let e = api_errors(xml);
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].error_type, "Agent already logged into MRD");
    assert_eq!(
        e.errors[0].error_message.as_deref(),
        Some("E_ARM_STAT_AGENT_ALREADY_LOGGED_IN")
    );
    assert_eq!(e.errors[0].error_data.as_deref(), Some("1"));
    assert_eq!(e.errors[0].error_media.as_deref(), Some("5001"));
}

fn check_auth_mode(xml: &str) {
    let m: models::UserAuthMode = models::from_xml_root(xml, "UserAuthMode")
        .unwrap_or_else(|e| panic!("UserAuthMode: {e}\n{xml}"));
    assert_eq!(m.auth_mode.as_deref(), Some("NON_SSO"));
}

fn check_team_message(xml: &str) {
    let m: models::TeamMessage = models::from_xml_root(xml, "TeamMessage")
        .unwrap_or_else(|e| panic!("TeamMessage: {e}\n{xml}"));
    let id = "be1598bb-bb2a-4dfc-8c01-91ec10b029af";
    assert_eq!(m.uri, Some(format!("/finesse/api/TeamMessage/{id}")));
    assert_eq!(m.id.as_deref(), Some(id));
    let by = m.created_by.expect("createdBy");
    assert_eq!(
        [
            by.id.as_deref(),
            by.first_name.as_deref(),
            by.last_name.as_deref()
        ],
        [Some("1001050"), Some("AGENT"), Some("1001050")]
    );
    assert_eq!(m.created_at.as_deref(), Some("1537418173"));
    assert_eq!(m.duration.as_deref(), Some("100"));
    assert_eq!(m.content.as_deref(), Some("content 4"));
    assert_eq!(m.teams.expect("teams").teams, ["5052", "5000"]);
}

fn check_team(xml: &str) {
    let t: TeamDoc =
        models::from_xml_root(xml, "Team").unwrap_or_else(|e| panic!("Team: {e}\n{xml}"));
    assert_eq!(t.uri.as_deref(), Some("/finesse/api/Team/5000"));
    assert_eq!(t.id.as_deref(), Some("5000"));
    assert_eq!(t.name.as_deref(), Some("Team A"));
    let users = t.users.expect("users").users;
    assert_eq!(users.len(), 2);
    let (a, b) = (&users[0], &users[1]);
    assert_eq!(a.uri.as_deref(), Some("/finesse/api/User/1001"));
    assert_eq!(a.login_id.as_deref(), Some("1001"));
    assert_eq!(a.first_name.as_deref(), Some("Agent"));
    assert_eq!(a.last_name.as_deref(), Some("A01"));
    assert_eq!(a.extension.as_deref(), Some("1001001"));
    assert_eq!(a.pending_state.as_deref().unwrap_or(""), "");
    assert_eq!(a.state.as_deref(), Some("NOT_READY"));
    assert_eq!(
        a.state_change_time.as_deref(),
        Some("2026-03-02T09:21:05.002Z")
    );
    let rc = a.reason_code.as_ref().expect("ReasonCode");
    assert_reason_code(rc, ["NOT_READY", "3", "Team A huddle", "12"]);
    assert_eq!(a.reason_code_value(), Some("3"));
    assert_eq!(b.login_id.as_deref(), Some("1002"));
    assert_eq!(b.state.as_deref(), Some("LOGOUT"));
    assert_eq!(b.extension.as_deref().unwrap_or(""), "");
    assert_eq!(b.reason_code, None);
}

fn check_update_user(xml: &str) {
    let n = update(xml, "/finesse/api/User/1001");
    assert_eq!(n.event, Some(UpdateEvent::Put));
    assert_eq!(n.request_id.as_deref(), Some("fc-1-7"));
    assert_eq!(n.source, "/finesse/api/User/1001");
    assert_eq!(n.data_root.as_deref(), Some("user"));
    assert!(n.data_is("User") && !n.is_error());
    assert_eq!(n.data_field("state").as_deref(), Some("NOT_READY"));
    let u = user(&n.data_xml);
    assert_eq!(u.state.as_deref(), Some("NOT_READY"));
    assert_eq!(
        u.state_change_time.as_deref(),
        Some("2026-03-02T09:12:00.101Z")
    );
    assert_eq!(u.reason_code_id.as_deref(), Some("-1"));
    assert_eq!(u.extension.as_deref(), Some("1001001"));
    assert_eq!(u.pending_state.as_deref().unwrap_or(""), "");
}

fn check_update_dialog(xml: &str) {
    let n = update(xml, "/finesse/api/User/1001/Dialogs");
    assert_eq!(n.event, Some(UpdateEvent::Put));
    assert_eq!(n.request_id.as_deref(), Some("fc-1-9"));
    assert_eq!(n.source, "/finesse/api/Dialog/16817");
    assert_eq!(n.data_root.as_deref(), Some("dialog"));
    let d = dialog(&n.data_xml);
    assert_eq!(d.state.as_deref(), Some("ALERTING"));
    assert_eq!(d.dialog_id(), Some("16817"));
    let callee = d.participant("1002001").expect("the called participant");
    assert_eq!(callee.state.as_deref(), Some("ALERTING"));
    assert_eq!(callee.action_names(), ["ANSWER"]);
    assert_eq!(
        callee.start_time.as_deref(),
        Some("2026-03-02T09:30:01.455Z")
    );
    let caller = d.participant("1001001").expect("the caller");
    assert_eq!(caller.state.as_deref(), Some("INITIATED"));
    assert_eq!(caller.action_names(), ["DROP", "UPDATE_CALL_DATA"]);
    assert_eq!(caller.state_cause.as_deref().unwrap_or(""), "");
}

fn check_update_api_errors(xml: &str) {
    let n = update(xml, "/finesse/api/User/1001/Dialogs");
    assert_eq!(n.event, Some(UpdateEvent::Put));
    assert_eq!(n.request_id, None, "an empty requestId is none");
    assert_eq!(n.source, "/finesse/api/Dialog/16817");
    assert!(n.data_is("apiErrors") && n.is_error());
    assert_eq!(n.errors.len(), 1);
    let e = &n.errors[0];
    assert_eq!(e.error_type, "Call Operation Failure");
    assert_eq!(e.error_data.as_deref(), Some("34"));
    assert_eq!(
        e.error_message.as_deref(),
        Some("CF_RESOURCE_OUT_OF_SERVICE")
    );
    assert_eq!(
        e.summary(),
        "Call Operation Failure (34): CF_RESOURCE_OUT_OF_SERVICE"
    );
}

/// A literal check of one golden document, given the document's text.
type Check = fn(&str);

/// Every golden document with its literal check.
const CASES: &[(&str, Check)] = &[
    ("api-errors", check_api_errors),
    ("api-errors-media", check_api_errors_media),
    ("auth-mode", check_auth_mode),
    ("dialog", check_dialog),
    ("dialogs", check_dialogs),
    ("media", check_media),
    ("media-list", check_media_list),
    ("phone-books", check_phone_books),
    ("queue", check_queue),
    ("queues", check_queues),
    ("reason-code", check_reason_code),
    ("reason-codes", check_reason_codes),
    ("system-info", check_system_info),
    ("system-info-12.6", check_system_info_12_6),
    ("team", check_team),
    ("team-message", check_team_message),
    ("update-api-errors", check_update_api_errors),
    ("update-dialog", check_update_dialog),
    ("update-user", check_update_user),
    ("user-mobile-agent", check_user_mobile_agent),
    ("user-not-ready-reason", check_user_not_ready),
    ("user-ready", check_user_ready),
    ("user-signed-out", check_user_signed_out),
    ("user-supervisor", check_user_supervisor),
    ("wrap-up-reason", check_wrap_up_reason),
    ("wrap-up-reasons", check_wrap_up_reasons),
    ("workflows", check_workflows),
];

/// Runs `check` on every variant of `name`, naming the variant when one fails.
fn check_all_variants(name: &str, check: Check) {
    let g = Golden::load(name);
    for (what, xml) in variants(&g) {
        let outcome = std::panic::catch_unwind(|| check(&xml));
        if let Err(panic) = outcome {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{name}.xml, {what}: {msg}\n--- document ---\n{xml}");
        }
    }
}

#[test]
fn every_golden_document_has_a_check() {
    let names: BTreeSet<String> = shape::golden_names().into_iter().collect();
    let checked: BTreeSet<String> = CASES.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(names, checked, "tests/golden and CASES differ");
}

#[test]
fn user_documents_parse_in_every_variant() {
    for (name, check) in CASES.iter().filter(|(n, _)| n.starts_with("user-")) {
        check_all_variants(name, *check);
    }
}

#[test]
fn dialog_documents_parse_in_every_variant() {
    for (name, check) in CASES.iter().filter(|(n, _)| n.starts_with("dialog")) {
        check_all_variants(name, *check);
    }
}

#[test]
fn media_reason_code_system_info_error_and_team_documents_parse_in_every_variant() {
    for (name, check) in CASES
        .iter()
        .filter(|(n, _)| !n.starts_with("user-") && !n.starts_with("dialog"))
        .filter(|(n, _)| !n.starts_with("update-"))
    {
        check_all_variants(name, *check);
    }
}

#[test]
fn notification_updates_parse_in_every_variant_and_inside_a_pubsub_message() {
    for (name, check) in CASES.iter().filter(|(n, _)| n.starts_with("update-")) {
        check_all_variants(name, *check);
        // As Finesse delivers it: escaped text inside <notification> (reference §7.3).
        let g = Golden::load(name);
        let message = format!(
            "<message from='pubsub.finesse.mock.local' to='1001@finesse.mock.local' id='m1'>\
             <event xmlns='http://jabber.org/protocol/pubsub#event'>\
             <items node='/finesse/api/User/1001'><item id='i1'>\
             <notification xmlns='urn:xmpp:push:0'>{}</notification>\
             </item></items></event></message>",
            xml::escape(&render(&g.root, false, false))
        );
        let el = xml::parse(&message).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut all = notification::notifications_in(&el, &message);
        assert_eq!(all.len(), 1, "{name}");
        let n = all.remove(0).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(n.node, "/finesse/api/User/1001");
        check(&n.update);
    }
}

/// The guide spells some names two ways; the client must read both.
#[test]
fn the_guides_other_spellings_parse_too() {
    // The Team object example (G12.5 p.144) writes the member's code as <reasonCode>,
    // the parameter table and the Team notification (p.361) as <ReasonCode>.
    let team = Golden::load("team")
        .xml
        .replace("<ReasonCode>", "<reasonCode>")
        .replace("</ReasonCode>", "</reasonCode>");
    check_team(&team);
    // The User Notification sample (p.348) writes the data root <User>, the template <user>.
    let upd = Golden::load("update-user")
        .xml
        .replace("<user>", "<User>")
        .replace("</user>", "</User>")
        .replace("<event>put</event>", "<event>PUT</event>");
    let n = update(&upd, "/finesse/api/User/1001");
    assert_eq!(n.data_root.as_deref(), Some("User"));
    assert_eq!(n.event, Some(UpdateEvent::Put));
    assert_eq!(user(&n.data_xml).state.as_deref(), Some("NOT_READY"));
}

/// The guide's documented empty collections (G12.5 p.53: the ReasonCode list may be empty;
/// a user with no call has an empty Dialogs list).
#[test]
fn documented_empty_collections_parse_as_empty() {
    for xml in [
        "<ReasonCodes category=\"LOGOUT\"/>",
        "<ReasonCodes category=\"LOGOUT\"></ReasonCodes>",
    ] {
        let l: ReasonCodes = models::from_xml_root(xml, "ReasonCodes").expect(xml);
        assert_eq!(l.category.as_deref(), Some("LOGOUT"), "{xml}");
        assert!(l.codes.is_empty(), "{xml}");
    }
    for xml in ["<Dialogs/>", "<Dialogs></Dialogs>", "<Dialogs>\n</Dialogs>"] {
        let l: Dialogs = models::from_xml_root(xml, "Dialogs").expect(xml);
        assert!(l.dialogs.is_empty(), "{xml}");
    }
    let l: MediaList = models::from_xml_root("<MediaList/>", "MediaList").expect("MediaList");
    assert!(l.media.is_empty());
}

// ---- which documented elements the client reads ----

/// Documented elements the client does not read (no field in its models), per document.
/// The harness needs none of them today; a field that disappears from a client struct
/// shows up here as a difference.
const UNREAD: &[(&str, &[&str])] = &[
    ("api-errors", &[]),
    ("api-errors-media", &[]),
    ("auth-mode", &[]),
    (
        "dialog",
        &[
            "Dialog/secondaryId",
            "Dialog/mediaProperties/mediaId",
            "Dialog/mediaProperties/DNIS",
            "Dialog/mediaProperties/queueNumber",
            "Dialog/mediaProperties/queueName",
            "Dialog/mediaProperties/callKeyCallId",
            "Dialog/mediaProperties/callKeySequenceNum",
            "Dialog/mediaProperties/callKeyPrefix",
            "Dialog/mediaProperties/wrapUpItems/wrapUpItem",
        ],
    ),
    (
        "dialogs",
        &[
            "Dialogs/Dialog/secondaryId",
            "Dialogs/Dialog/mediaProperties/mediaId",
            "Dialogs/Dialog/mediaProperties/DNIS",
            "Dialogs/Dialog/mediaProperties/queueNumber",
            "Dialogs/Dialog/mediaProperties/queueName",
            "Dialogs/Dialog/mediaProperties/callKeyCallId",
            "Dialogs/Dialog/mediaProperties/callKeySequenceNum",
            "Dialogs/Dialog/mediaProperties/callKeyPrefix",
            "Dialogs/Dialog/mediaProperties/wrapUpItems/wrapUpItem",
        ],
    ),
    ("media", &[]),
    ("media-list", &[]),
    ("reason-code", &[]),
    ("reason-codes", &[]),
    ("system-info", &[]),
    (
        "system-info-12.6",
        &[
            "SystemInfo/ctiServers/ctiServer/host",
            "SystemInfo/ctiServers/ctiServer/connectedDuration",
            "SystemInfo/ctiServers/ctiServer/active",
        ],
    ),
    ("team", &["Team/users/User/dialogs"]),
    ("update-api-errors", &[]),
    (
        "update-dialog",
        &[
            "Update/data/dialog/secondaryId",
            "Update/data/dialog/mediaProperties/mediaId",
            "Update/data/dialog/mediaProperties/DNIS",
            "Update/data/dialog/mediaProperties/queueNumber",
            "Update/data/dialog/mediaProperties/queueName",
            "Update/data/dialog/mediaProperties/callKeyCallId",
            "Update/data/dialog/mediaProperties/callKeySequenceNum",
            "Update/data/dialog/mediaProperties/callKeyPrefix",
        ],
    ),
    (
        "update-user",
        &[
            "Update/data/user/mediaType",
            "Update/data/user/settings/wrapUpOnIncoming",
            "Update/data/user/settings/wrapUpOnOutgoing",
            "Update/data/user/dialogs",
            "Update/data/user/wrapUpTimer",
        ],
    ),
    ("user-mobile-agent", USER_UNREAD),
    ("user-not-ready-reason", USER_UNREAD),
    ("user-ready", USER_UNREAD),
    ("user-signed-out", USER_UNREAD),
    ("user-supervisor", USER_UNREAD),
    // The steps check a workflow's name and TriggerSet; the triggers are not read.
    (
        "workflows",
        &[
            "Workflows/Workflow/TriggerSet/triggers/Trigger/Variable/name",
            "Workflows/Workflow/TriggerSet/triggers/Trigger/Variable/node",
            "Workflows/Workflow/TriggerSet/triggers/Trigger/Variable/type",
            "Workflows/Workflow/TriggerSet/triggers/Trigger/comparator",
            "Workflows/Workflow/TriggerSet/triggers/Trigger/value",
        ],
    ),
];

const USER_UNREAD: &[&str] = &[
    "User/mediaType",
    "User/settings/wrapUpOnIncoming",
    "User/settings/wrapUpOnOutgoing",
    "User/dialogs",
    "User/wrapUpTimer",
];

/// Leaf paths (elements without children, and attributes) whose value the client ignores:
/// changing every occurrence of the leaf leaves the parse unchanged.
fn unread_leaves(g: &Golden) -> BTreeSet<String> {
    fn leaves(node: &Node, prefix: &str, out: &mut BTreeSet<String>) {
        let path = if prefix.is_empty() {
            node.name.clone()
        } else {
            format!("{prefix}/{}", node.name)
        };
        for (k, _) in &node.attrs {
            out.insert(format!("{path}/@{k}"));
        }
        if node.children.is_empty() {
            out.insert(path);
        } else {
            for c in &node.children {
                leaves(c, &path, out);
            }
        }
    }
    fn mutate(node: &Node, prefix: &str, target: &str) -> Node {
        let path = if prefix.is_empty() {
            node.name.clone()
        } else {
            format!("{prefix}/{}", node.name)
        };
        let mut out = node.clone();
        for (k, v) in &mut out.attrs {
            if format!("{path}/@{k}") == target {
                *v = "zz-changed-zz".into();
            }
        }
        if path == target && node.children.is_empty() {
            out.text = "zz-changed-zz".into();
        }
        out.children = node
            .children
            .iter()
            .map(|c| mutate(c, &path, target))
            .collect();
        out
    }
    let base = parsed(&g.name, &render(&g.root, false, false))
        .unwrap_or_else(|e| panic!("{}: {e}", g.name));
    let mut all = BTreeSet::new();
    leaves(&g.root, "", &mut all);
    all.into_iter()
        .filter(|leaf| {
            let changed = render(&mutate(&g.root, "", leaf), false, false);
            parsed(&g.name, &changed).ok().as_ref() == Some(&base)
        })
        .collect()
}

#[test]
fn the_client_reads_every_documented_element_except_its_listed_gaps() {
    let mut problems = Vec::new();
    for name in shape::golden_names() {
        let g = Golden::load(&name);
        let got = unread_leaves(&g);
        let want: BTreeSet<String> = UNREAD
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, l)| l.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        for p in got.difference(&want) {
            problems.push(format!("{name}.xml: the client ignores {p}"));
        }
        for p in want.difference(&got) {
            problems.push(format!(
                "{name}.xml: {p} is listed as unread, but the client reads it"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The shape helper itself: a renamed, a missing, a non-empty and an extra element are
/// each reported, and a faithful copy is not.
#[test]
fn the_shape_comparison_reports_each_kind_of_difference() {
    let g = Golden::load("user-signed-out");
    let same = shape::compare(&g, &g.xml).expect("parses");
    assert!(same.is_empty(), "{same}");
    let bad = g
        .xml
        .replace("<teamName>Team A</teamName>", "<TeamName>Team A</TeamName>")
        .replace("<dialogs>/finesse/api/User/1001/Dialogs</dialogs>", "")
        .replace("<extension></extension>", "<extension>1001001</extension>")
        .replace(
            "<wrapUpTimer>",
            "<skillTargetId>1</skillTargetId><wrapUpTimer>",
        );
    let m = shape::compare(&g, &bad).expect("parses");
    assert_eq!(m.missing, ["User/dialogs"]);
    assert_eq!(
        m.renamed,
        [("User/teamName".to_string(), "User/TeamName".to_string())]
    );
    assert_eq!(
        m.not_empty,
        [("User/extension".to_string(), "1001001".to_string())]
    );
    assert_eq!(m.extra, ["User/skillTargetId"]);
    // An optional element may be left out; a wrong root is reported as such.
    let without = g
        .xml
        .replace("<wrapUpOnOutgoing>NOT_ALLOWED</wrapUpOnOutgoing>", "");
    assert!(shape::compare(&g, &without).expect("parses").is_empty());
    let m = shape::compare(&g, "<user/>").expect("parses");
    assert_eq!(m.root, Some(("User".to_string(), "user".to_string())));
}
