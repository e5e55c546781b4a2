//! Finesse's XEP-0060 service on `pubsub.<xmppDomain>`: which nodes exist, who may
//! subscribe to what (reference §7.2), the subscriptions, and the event message (§7.3).

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::escape::{escape, partial_escape};

use super::jid::Jid;
use super::stanzas::StanzaError;
use crate::deviations::Deviation;
use crate::model::Finesse;
use crate::model::outbox::{Notification, SYSTEM_INFO_NODE, USER_NODE_PREFIX};

pub(crate) const EVENT_NS: &str = "http://jabber.org/protocol/pubsub#event";
/// The namespace of `<notification>` in the real 12.x capture (§7.3).
pub(crate) const NOTIFICATION_NS: &str = "urn:xmpp:push:0";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeRef<'a> {
    User(&'a str),
    Dialogs(&'a str),
    Media(&'a str, &'a str),
    SystemInfo,
    TeamUsers(&'a str),
    Queue(&'a str),
}

pub(crate) fn parse_node(node: &str) -> Option<NodeRef<'_>> {
    if node == SYSTEM_INFO_NODE {
        return Some(NodeRef::SystemInfo);
    }
    if let Some(rest) = node.strip_prefix(USER_NODE_PREFIX) {
        let parts: Vec<&str> = rest.split('/').collect();
        return match parts[..] {
            [id] if !id.is_empty() => Some(NodeRef::User(id)),
            [id, "Dialogs"] if !id.is_empty() => Some(NodeRef::Dialogs(id)),
            [id, "Media", mrd] if !id.is_empty() && !mrd.is_empty() => {
                Some(NodeRef::Media(id, mrd))
            }
            _ => None,
        };
    }
    if let Some(rest) = node.strip_prefix("/finesse/api/Team/") {
        return match rest.split_once('/') {
            Some((id, "Users")) if !id.is_empty() => Some(NodeRef::TeamUsers(id)),
            _ => None,
        };
    }
    match node.strip_prefix("/finesse/api/Queue/") {
        Some(id) if !id.is_empty() && !id.contains('/') => Some(NodeRef::Queue(id)),
        _ => None,
    }
}

/// The nodes Finesse subscribes each user to (reference §7.2): its own User, Dialogs and
/// Media nodes, and SystemInfo.
pub(crate) fn is_auto(node: &str, user: &str) -> bool {
    match parse_node(node) {
        Some(NodeRef::User(id) | NodeRef::Dialogs(id) | NodeRef::Media(id, _)) => id == user,
        Some(NodeRef::SystemInfo) => true,
        _ => false,
    }
}

/// Whether the node exists in this mock (it has no queues).
pub(crate) fn node_exists(model: &Finesse, node: &str) -> bool {
    let dir = model.directory();
    match parse_node(node) {
        Some(NodeRef::User(id) | NodeRef::Dialogs(id)) => dir.user(id).is_some(),
        Some(NodeRef::Media(id, mrd)) => {
            dir.user(id).is_some() && model.mrds().iter().any(|m| m.id == mrd)
        }
        Some(NodeRef::SystemInfo) => true,
        Some(NodeRef::TeamUsers(team)) => dir.team(team).is_some(),
        Some(NodeRef::Queue(_)) | None => false,
    }
}

/// Whether `user` may subscribe to `node`: unknown nodes are `item-not-found`; a user's own
/// nodes and SystemInfo are open to it; a supervisor may add its teams' Users nodes;
/// everything else is `forbidden` (the guide names only the team node as an explicit
/// subscription; which error a refusal gets is the mock's choice).
pub(crate) fn check_subscribe(model: &Finesse, user: &str, node: &str) -> Result<(), StanzaError> {
    if !node_exists(model, node) {
        return Err(StanzaError::item_not_found());
    }
    let dir = model.directory();
    let allowed = match parse_node(node) {
        Some(NodeRef::User(id) | NodeRef::Dialogs(id) | NodeRef::Media(id, _)) => id == user,
        Some(NodeRef::SystemInfo) => true,
        Some(NodeRef::TeamUsers(team)) => dir
            .user(user)
            .is_some_and(|u| u.supervisor && u.supervises.iter().any(|t| t == team)),
        Some(NodeRef::Queue(_)) | None => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(StanzaError::forbidden())
    }
}

/// Where a node's item goes for one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A bare-JID subscription: to the account's available resources (RFC 6121 §8.5.2).
    Bare,
    /// A subscription of this very resource.
    Full,
}

/// Subscriptions beyond the automatic ones, and automatic ones withdrawn. They outlive the
/// session, as on Finesse ("subscriptions persist on the node", §7.2).
#[derive(Debug, Default)]
pub(crate) struct Subscriptions {
    explicit: BTreeMap<String, BTreeSet<Jid>>,
    opted_out: BTreeSet<(String, Jid)>,
    /// The `no-auto-subscription` deviation: Finesse subscribes nobody by itself, so only
    /// explicit subscriptions count, on a user's own nodes too.
    no_auto: bool,
}

impl Subscriptions {
    /// Takes the model's deviations into account; the hub calls it under the model's lock
    /// before it answers a stanza or publishes, since deviations can change at run time.
    pub(crate) fn follow(&mut self, model: &Finesse) {
        self.no_auto = model.deviations.on(Deviation::NoAutoSubscription);
    }

    /// Whether a node `is_auto` for a user is subscribed without a request (§7.2).
    fn automatic(&self, auto: bool) -> bool {
        auto && !self.no_auto
    }

    pub(crate) fn subscribe(&mut self, node: &str, jid: &Jid, auto: bool) {
        if self.automatic(auto) && jid.is_bare() {
            self.opted_out.remove(&(node.to_string(), jid.clone()));
        } else {
            self.explicit
                .entry(node.to_string())
                .or_default()
                .insert(jid.clone());
        }
    }

    /// False when `jid` was not subscribed.
    pub(crate) fn unsubscribe(&mut self, node: &str, jid: &Jid, auto: bool) -> bool {
        if self.automatic(auto) && jid.is_bare() {
            return self.opted_out.insert((node.to_string(), jid.clone()));
        }
        let Some(set) = self.explicit.get_mut(node) else {
            return false;
        };
        let removed = set.remove(jid);
        if set.is_empty() {
            self.explicit.remove(node);
        }
        removed
    }

    pub(crate) fn target(&self, node: &str, full: &Jid, auto: bool) -> Option<Target> {
        let bare = full.bare();
        let explicit = self.explicit.get(node);
        let auto_on =
            self.automatic(auto) && !self.opted_out.contains(&(node.to_string(), bare.clone()));
        if auto_on || explicit.is_some_and(|s| s.contains(&bare)) {
            Some(Target::Bare)
        } else if explicit.is_some_and(|s| s.contains(full)) {
            Some(Target::Full)
        } else {
            None
        }
    }
}

/// The event message of §7.3: the `<Update>` text-escaped inside `<notification>`.
pub(crate) fn event_message(
    n: &Notification,
    from: &str,
    to: &Jid,
    id: &str,
    stanza_ns: &str,
) -> String {
    format!(
        "<message{stanza_ns} from='{}' to='{}' id='{}'><event xmlns='{EVENT_NS}'><items node='{}'><item id='{}'><notification xmlns='{NOTIFICATION_NS}'>{}</notification></item></items></event></message>",
        escape(from),
        escape(to.to_string()),
        escape(id),
        escape(n.node.as_str()),
        escape(n.item_id.as_str()),
        partial_escape(n.update_xml())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;
    use finesse_protocol::Deployment;

    fn model() -> Finesse {
        Finesse::new(
            &Fixture::embedded(),
            Deployment::Ucce,
            std::time::Duration::ZERO,
        )
    }

    #[test]
    fn node_names_follow_the_resource_paths() {
        assert_eq!(
            parse_node("/finesse/api/User/1001"),
            Some(NodeRef::User("1001"))
        );
        assert_eq!(
            parse_node("/finesse/api/User/1001/Media/5001"),
            Some(NodeRef::Media("1001", "5001"))
        );
        assert_eq!(
            parse_node("/finesse/api/Team/5000/Users"),
            Some(NodeRef::TeamUsers("5000"))
        );
        for bad in [
            "/finesse/api/User/",
            "/finesse/api/User/1/Queues",
            "/finesse/api/Team/5000",
            "x",
        ] {
            assert_eq!(parse_node(bad), None, "{bad}");
        }
        assert!(is_auto("/finesse/api/User/1001/Dialogs", "1001"));
        assert!(is_auto("/finesse/api/SystemInfo", "1001"));
        assert!(!is_auto("/finesse/api/User/1002", "1001"));
        assert!(!is_auto("/finesse/api/Team/5000/Users", "2003"));
    }

    #[test]
    fn supervisors_may_subscribe_to_their_teams_users_only() {
        let m = model();
        let team_a = "/finesse/api/Team/5000/Users";
        assert_eq!(check_subscribe(&m, "2003", team_a), Ok(()));
        assert_eq!(
            check_subscribe(&m, "2003", "/finesse/api/Team/5001/Users"),
            Err(StanzaError::forbidden())
        );
        assert_eq!(
            check_subscribe(&m, "1001", team_a),
            Err(StanzaError::forbidden())
        );
        assert_eq!(
            check_subscribe(&m, "1001", "/finesse/api/User/1002"),
            Err(StanzaError::forbidden())
        );
        assert_eq!(
            check_subscribe(&m, "1001", "/finesse/api/User/1001"),
            Ok(())
        );
        assert_eq!(check_subscribe(&m, "1001", SYSTEM_INFO_NODE), Ok(()));
        for unknown in [
            "/finesse/api/Team/9999/Users",
            "/finesse/api/User/nobody",
            "/finesse/api/User/1001/Media/9999",
            "/finesse/api/Queue/1",
            "/nothing",
        ] {
            assert_eq!(
                check_subscribe(&m, "2003", unknown),
                Err(StanzaError::item_not_found()),
                "{unknown}"
            );
        }
    }

    #[test]
    fn subscriptions_reach_the_bare_or_the_full_jid() {
        let full = Jid::new("2003", "d", Some("desk"));
        let other = Jid::new("2003", "d", Some("phone"));
        let node = "/finesse/api/Team/5000/Users";
        let mut s = Subscriptions::default();
        assert_eq!(s.target(node, &full, false), None);
        s.subscribe(node, &full, false);
        assert_eq!(s.target(node, &full, false), Some(Target::Full));
        assert_eq!(s.target(node, &other, false), None);
        s.subscribe(node, &full.bare(), false);
        assert_eq!(s.target(node, &other, false), Some(Target::Bare));
        assert!(s.unsubscribe(node, &full.bare(), false));
        assert!(!s.unsubscribe(node, &full.bare(), false));
        // Automatic subscriptions hold until withdrawn, and can be taken again.
        let own = "/finesse/api/User/2003";
        assert_eq!(s.target(own, &full, true), Some(Target::Bare));
        assert!(s.unsubscribe(own, &full.bare(), true));
        assert_eq!(s.target(own, &full, true), None);
        s.subscribe(own, &full.bare(), true);
        assert_eq!(s.target(own, &full, true), Some(Target::Bare));
    }

    #[test]
    fn the_event_message_escapes_the_update_inside_notification() {
        let n = Notification {
            node: "/finesse/api/User/1001".into(),
            item_id: "i1".into(),
            event: "PUT",
            request_id: Some("r".into()),
            source: "/finesse/api/User/1001".into(),
            data: "<user><firstName>A&amp;B</firstName></user>".into(),
        };
        let to = Jid::new("1001", "d", None);
        let msg = event_message(&n, "pubsub.d", &to, "m1", "");
        assert!(msg.starts_with("<message from='pubsub.d' to='1001@d' id='m1'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='/finesse/api/User/1001'><item id='i1'><notification xmlns='urn:xmpp:push:0'>&lt;Update&gt;&lt;data&gt;&lt;user&gt;&lt;firstName&gt;A&amp;amp;B"), "{msg}");
        // One parse gives back the Update document.
        let parsed = finesse_protocol::xml::parse(&msg).expect("well-formed");
        let text = parsed
            .child("event", EVENT_NS)
            .and_then(|e| e.child("items", EVENT_NS))
            .and_then(|i| i.child("item", EVENT_NS))
            .and_then(|i| i.child("notification", NOTIFICATION_NS))
            .map(|n| n.text())
            .expect("notification");
        assert_eq!(text, n.update_xml());
    }
}
