//! Answers to a bound client's IQ requests: to the server (ping, roster, legacy session,
//! service discovery) and to the pubsub service (subscribe, unsubscribe).

use finesse_protocol::xml::{Element, escape};

use super::jid::Jid;
use super::pubsub::{self, Subscriptions};
use super::stanzas::{
    BIND_NS, DISCO_INFO_NS, PING_NS, PUBSUB_ERRORS_NS, PUBSUB_NS, ROSTER_NS, SESSION_NS,
    StanzaError,
};
use crate::model::Finesse;

pub(crate) struct Request<'a> {
    pub stanza: &'a Element,
    /// The Finesse user id.
    pub user: &'a str,
    /// The session's full JID.
    pub jid: &'a Jid,
    pub domain: &'a str,
    pub pubsub_domain: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum To {
    /// The server, or the user's own account, which the server answers for.
    Server,
    PubSub,
}

/// The result's payload (possibly empty), or the stanza error.
pub(crate) fn answer(
    r: &Request<'_>,
    model: &Finesse,
    subs: &mut Subscriptions,
) -> Result<String, StanzaError> {
    let kind = r.stanza.attr("type").unwrap_or("");
    if !matches!(kind, "get" | "set") || r.stanza.attr("id").is_none() {
        return Err(StanzaError::bad_request());
    }
    // An IQ get or set carries exactly one payload (RFC 6120 §8.2.3).
    let mut payloads = r.stanza.elements();
    let (Some(payload), None) = (payloads.next(), payloads.next()) else {
        return Err(StanzaError::bad_request());
    };
    let to = match r.stanza.attr("to").map(str::to_lowercase) {
        None => To::Server,
        Some(t) if t == r.domain => To::Server,
        Some(t) if t == r.pubsub_domain => To::PubSub,
        Some(t) if Jid::parse(&t).is_some_and(|j| j.bare() == r.jid.bare()) => To::Server,
        // Other users and other hosts: nobody there answers IQs in the mock.
        Some(_) => return Err(StanzaError::service_unavailable()),
    };
    let ns = payload.ns.as_str();
    match (to, kind, payload.name.as_str()) {
        // XEP-0199: Finesse clients ping the server every 10–20 s (reference §7.2).
        (_, "get", "ping") if ns == PING_NS => Ok(String::new()),
        // The mock keeps no contacts.
        (To::Server, "get", "query") if ns == ROSTER_NS => {
            Ok(format!("<query xmlns='{ROSTER_NS}'/>"))
        }
        // The legacy session establishment of RFC 3921 §3.
        (To::Server, "set", "session") if ns == SESSION_NS => Ok(String::new()),
        // One resource per stream: RFC 6120 dropped binding several on one stream.
        (To::Server, "set", "bind") if ns == BIND_NS => Err(StanzaError::not_allowed()),
        (To::Server, "get", "query") if ns == DISCO_INFO_NS => Ok(format!(
            "<query xmlns='{DISCO_INFO_NS}'><identity category='server' type='im' name='Cisco Finesse Notification Service (mock)'/><feature var='{DISCO_INFO_NS}'/><feature var='{PING_NS}'/></query>"
        )),
        (To::PubSub, "get", "query") if ns == DISCO_INFO_NS => pubsub_info(payload, model),
        (To::PubSub, _, "pubsub") if ns == PUBSUB_NS => {
            pubsub_request(r, kind, payload, model, subs)
        }
        _ => Err(StanzaError::service_unavailable()),
    }
}

fn pubsub_info(query: &Element, model: &Finesse) -> Result<String, StanzaError> {
    let features = format!(
        "<feature var='{DISCO_INFO_NS}'/><feature var='{PUBSUB_NS}'/><feature var='{PUBSUB_NS}#subscribe'/>"
    );
    match query.attr("node") {
        None => Ok(format!(
            "<query xmlns='{DISCO_INFO_NS}'><identity category='pubsub' type='service'/>{features}</query>"
        )),
        Some(node) if pubsub::node_exists(model, node) => Ok(format!(
            "<query xmlns='{DISCO_INFO_NS}' node='{}'><identity category='pubsub' type='leaf'/>{features}</query>",
            escape(node)
        )),
        Some(_) => Err(StanzaError::item_not_found()),
    }
}

/// XEP-0060 §6.1 (subscribe) and §6.2 (unsubscribe); anything else is not implemented.
fn pubsub_request(
    r: &Request<'_>,
    kind: &str,
    pubsub_el: &Element,
    model: &Finesse,
    subs: &mut Subscriptions,
) -> Result<String, StanzaError> {
    let Some(action) = pubsub_el.elements().next() else {
        return Err(StanzaError::bad_request());
    };
    let op = action.name.as_str();
    if kind != "set" || !matches!(op, "subscribe" | "unsubscribe") {
        let feature = match op {
            "subscriptions" => "retrieve-subscriptions",
            "affiliations" => "retrieve-affiliations",
            "items" => "retrieve-items",
            "publish" => "publish",
            "create" => "create-nodes",
            "options" => "subscription-options",
            _ => "subscribe",
        };
        let mut e = StanzaError::feature_not_implemented();
        e.app = Some(format!(
            "<unsupported xmlns='{PUBSUB_ERRORS_NS}' feature='{feature}'/>"
        ));
        return Err(e);
    }
    let Some(node) = action.attr("node").filter(|n| !n.is_empty()) else {
        return Err(StanzaError::bad_request().pubsub("nodeid-required"));
    };
    let jid = action.attr("jid").and_then(Jid::parse);
    let own = |j: &Jid| *j == *r.jid || *j == r.jid.bare();
    let auto = pubsub::is_auto(node, r.user);
    if op == "subscribe" {
        // §6.1.3.1: the JID must be the requester's, bare or full.
        let Some(jid) = jid.filter(own) else {
            return Err(StanzaError::bad_request().pubsub("invalid-jid"));
        };
        pubsub::check_subscribe(model, r.user, node)?;
        subs.subscribe(node, &jid, auto);
        return Ok(format!(
            "<pubsub xmlns='{PUBSUB_NS}'><subscription node='{}' jid='{}' subscription='subscribed'/></pubsub>",
            escape(node),
            escape(&jid.to_string())
        ));
    }
    // §6.2.3: someone else's subscription is forbidden; none at all is not-subscribed.
    let Some(jid) = jid else {
        return Err(StanzaError::bad_request().pubsub("invalid-jid"));
    };
    if !own(&jid) {
        return Err(StanzaError::forbidden());
    }
    if !pubsub::node_exists(model, node) {
        return Err(StanzaError::item_not_found());
    }
    if !subs.unsubscribe(node, &jid, auto) {
        return Err(StanzaError::unexpected_request().pubsub("not-subscribed"));
    }
    Ok(String::new())
}
