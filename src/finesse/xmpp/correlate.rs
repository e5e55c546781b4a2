//! Which notification answers a request (reference §7.4; G12.5 p22, p171).
//!
//! Finesse may tag the notifications a request causes with the request's `requestId` header,
//! but the guide calls that correlation best effort (G12.5 p22), the Media pages say the
//! requestId is not part of the events a request causes (p171), and a real 12.5 lab left it
//! empty on every User notification, errors included. So a notification answers a request
//! when it carries the request's requestId; or, when its requestId is empty, when it came
//! after the request was sent (the caller looks only at those) and its node, source and
//! content are what the request brings about. A notification with another, non-empty
//! requestId belongs to another request and never answers this one.
//!
//! Plain data and pure functions: no IO, no waiting.

use std::fmt;

use super::notification::{Notification, UpdateEvent};
use finesse_protocol::xml;

/// How a notification was tied to the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Correlation {
    /// It carried the request's requestId.
    RequestId,
    /// Its requestId was empty: it came after the request, on the expected node, and its
    /// source and content are what the request brings about.
    Content,
}

impl fmt::Display for Correlation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Correlation::RequestId => "notification correlated by requestId",
            Correlation::Content => {
                "notification correlated by node, source and content: the target sent an empty requestId"
            }
        })
    }
}

/// The request a scenario is about, as its notifications can be matched to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SentRequest {
    /// The `requestId` header it carried.
    pub(crate) request_id: String,
    /// The API path it went to, e.g. `/finesse/api/User/1001` or `/finesse/api/Dialog/7`.
    pub(crate) path: String,
    /// Its XML body, if it had one.
    pub(crate) body: Option<String>,
}

impl SentRequest {
    /// How `n` answers this request, if it does. `expected` is what the step asks of the
    /// notification however it is tied (node, data, state); `tied` is what ties one without
    /// a requestId to this request (its source, the change the request asked for).
    pub(crate) fn correlate(
        &self,
        n: &Notification,
        expected: impl Fn(&Notification) -> bool,
        tied: impl Fn(&Notification) -> bool,
    ) -> Option<Correlation> {
        match n.request_id.as_deref() {
            Some(r) if r == self.request_id => expected(n).then_some(Correlation::RequestId),
            // Another request's notification, however well its content fits.
            Some(_) => None,
            None => (expected(n) && tied(n)).then_some(Correlation::Content),
        }
    }

    /// The `<state>` the body asked for (User and Media requests), upper case.
    pub(crate) fn asked_state(&self) -> Option<String> {
        let body = self.body.as_deref()?;
        let root = xml::parse(body.trim()).ok()?;
        root.find_text("state")
            .filter(|s| !s.is_empty())
            .map(|s| s.to_ascii_uppercase())
    }

    /// Whether the request was sent to the object `node` publishes (a PUT on the User or
    /// Media object whose node it is).
    pub(crate) fn targets_node(&self, node: &str) -> bool {
        self.path.trim_end_matches('/') == node.trim_end_matches('/')
    }

    /// Whether `n` shows the change the request asked for on `node`'s object: the state it
    /// asked for (LOGIN: any signed-in state). A request that asked `node` for no state (a
    /// dialog action seen on a User node) changes it some other way: an update counts unless
    /// it shows the state `before`, which the object had just before the request was sent.
    /// Such an update is a late delivery of an earlier change (the target had already made
    /// it when the request went out), not this request's doing.
    pub(crate) fn shows_asked_change(
        &self,
        n: &Notification,
        node: &str,
        before: Option<&str>,
    ) -> bool {
        let asked = self.asked_state().filter(|_| self.targets_node(node));
        let shown = n.data_field("state").map(|s| s.trim().to_ascii_uppercase());
        match (asked.as_deref(), shown.as_deref()) {
            (None, shown) => {
                before.is_none_or(|b| shown != Some(b.trim().to_ascii_uppercase().as_str()))
            }
            (Some("LOGIN"), Some(s)) => s != "LOGOUT",
            (Some(a), Some(s)) => a == s,
            (Some(_), None) => false,
        }
    }

    /// Whether `n` is about the object the request acted on: its source is the request's
    /// path, or its data carries that path as a URI (a dialog added to or removed from a
    /// list is named there). A request that creates a dialog (POST …/Dialogs) does not know
    /// the dialog's id, so any Dialogs collection or Dialog source counts for it.
    pub(crate) fn about_object(&self, n: &Notification) -> bool {
        let path = self.path.trim_end_matches('/');
        let source = n.source.trim_end_matches('/');
        if source == path || n.data_xml.contains(&format!(">{path}<")) {
            return true;
        }
        path.ends_with("/Dialogs")
            && (source.ends_with("/Dialogs") || source.starts_with("/finesse/api/Dialog/"))
    }

    /// Whether Dialogs update `n` can be this request's outcome: it is about the object the
    /// request acted on and, for an action on an existing dialog, changes or removes it. A
    /// POST adds the dialog to the list, which happened before anyone could act on it, so a
    /// late delivery of the dialog's arrival does not pass for the action's outcome.
    pub(crate) fn dialog_outcome(&self, n: &Notification) -> bool {
        let acts_on_dialog = self.path.starts_with("/finesse/api/Dialog/");
        self.about_object(n) && !(acts_on_dialog && n.event == Some(UpdateEvent::Post))
    }
}

/// Whether `n` is `node`'s own object with `state`: on `node`, with `node` as its source
/// (User and Media notifications, reference §7.5), data `root`, and that state.
pub(crate) fn shows_state(n: &Notification, node: &str, root: &str, state: &str) -> bool {
    n.node == node
        && n.data_is(root)
        && n.data_field("state")
            .is_some_and(|s| s.trim().eq_ignore_ascii_case(state.trim()))
}

/// Whether `n`'s source is the node it was published on (User and Media notifications).
pub(crate) fn from_own_node(n: &Notification) -> bool {
    n.source.trim_end_matches('/') == n.node.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finesse::xmpp::notification::parse_update;

    const USER: &str = "/finesse/api/User/1001";

    fn note(node: &str, source: &str, rid: &str, data: &str) -> Notification {
        let update = format!(
            "<Update><data>{data}</data><event>PUT</event><requestId>{rid}</requestId><source>{source}</source></Update>"
        );
        parse_update(&update, node).expect("parses")
    }

    fn user(state: &str, rid: &str) -> Notification {
        note(
            USER,
            USER,
            rid,
            &format!("<user><state>{state}</state></user>"),
        )
    }

    fn put_user(state: &str) -> SentRequest {
        SentRequest {
            request_id: "fc-7".into(),
            path: USER.into(),
            body: Some(format!("<User><state>{state}</state></User>")),
        }
    }

    fn ready(n: &Notification) -> bool {
        shows_state(n, USER, "user", "READY")
    }

    #[test]
    fn the_requests_own_id_correlates_by_request_id() {
        let r = put_user("READY");
        assert_eq!(
            r.correlate(&user("READY", "fc-7"), ready, |_| false),
            Some(Correlation::RequestId),
            "the content tie is not needed with the requestId"
        );
        // The requestId alone is not enough: the step's expectation still applies.
        assert_eq!(
            r.correlate(&user("NOT_READY", "fc-7"), ready, |_| true),
            None
        );
    }

    #[test]
    fn an_empty_request_id_correlates_by_content_only_when_tied() {
        let r = put_user("READY");
        let n = user("READY", "");
        assert_eq!(n.request_id, None);
        assert_eq!(
            r.correlate(&n, ready, from_own_node),
            Some(Correlation::Content)
        );
        assert_eq!(r.correlate(&n, ready, |_| false), None);
        assert_eq!(r.correlate(&user("NOT_READY", ""), ready, |_| true), None);
    }

    #[test]
    fn another_requests_id_never_correlates() {
        let r = put_user("READY");
        assert_eq!(r.correlate(&user("READY", "fc-8"), ready, |_| true), None);
    }

    #[test]
    fn the_correlation_says_how_in_the_transcript() {
        assert_eq!(
            Correlation::RequestId.to_string(),
            "notification correlated by requestId"
        );
        assert!(
            Correlation::Content
                .to_string()
                .contains("by node, source and content: the target sent an empty requestId")
        );
    }

    #[test]
    fn the_asked_state_comes_from_the_body() {
        assert_eq!(put_user("ready").asked_state().as_deref(), Some("READY"));
        let media = SentRequest {
            request_id: "r".into(),
            path: format!("{USER}/Media/5001"),
            body: Some(
                "<Media><state>NOT_READY</state><reasonCodeId>10</reasonCodeId></Media>".into(),
            ),
        };
        assert_eq!(media.asked_state().as_deref(), Some("NOT_READY"));
        for body in [
            None,
            Some("<Dialog><requestedAction>HOLD</requestedAction></Dialog>"),
            Some("not xml <"),
        ] {
            let r = SentRequest {
                body: body.map(str::to_string),
                ..put_user("READY")
            };
            assert_eq!(r.asked_state(), None, "{body:?}");
        }
    }

    #[test]
    fn the_asked_change_is_the_asked_state_on_the_requests_own_node() {
        let r = put_user("READY");
        assert!(r.shows_asked_change(&user("READY", ""), USER, None));
        assert!(!r.shows_asked_change(&user("NOT_READY", ""), USER, None));
        // Sign-in asks for no resting state: any signed-in state shows it.
        let login = put_user("LOGIN");
        assert!(login.shows_asked_change(&user("NOT_READY", ""), USER, None));
        assert!(login.shows_asked_change(&user("READY", ""), USER, None));
        assert!(!login.shows_asked_change(&user("LOGOUT", ""), USER, None));
        // A dialog request asks the User node for no state: any update is a change.
        let hold = SentRequest {
            request_id: "r".into(),
            path: "/finesse/api/Dialog/7".into(),
            body: Some("<Dialog><requestedAction>HOLD</requestedAction></Dialog>".into()),
        };
        assert!(hold.shows_asked_change(&user("HOLD", ""), USER, None));
        // Known to be TALKING when the hold went out: a TALKING update is a late delivery of
        // the answer, a HOLD update is the hold's doing.
        assert!(!hold.shows_asked_change(&user("TALKING", ""), USER, Some("talking")));
        assert!(hold.shows_asked_change(&user("HOLD", ""), USER, Some("TALKING")));
        // A User request seen on the Media node asks that node for nothing in particular.
        let media_node = format!("{USER}/Media/5001");
        let m = note(
            &media_node,
            &media_node,
            "",
            "<media><state>LOGOUT</state></media>",
        );
        assert!(put_user("LOGOUT").shows_asked_change(&m, &media_node, None));
    }

    #[test]
    fn the_object_acted_on_is_the_source_or_a_uri_in_the_data() {
        let dialog = SentRequest {
            request_id: "r".into(),
            path: "/finesse/api/Dialog/12".into(),
            body: None,
        };
        let dialogs = format!("{USER}/Dialogs");
        let changed = note(&dialogs, "/finesse/api/Dialog/12", "", "<dialog/>");
        assert!(dialog.about_object(&changed));
        let removed = note(
            &dialogs,
            &dialogs,
            "",
            "<dialogs><Dialog><uri>/finesse/api/Dialog/12</uri></Dialog></dialogs>",
        );
        assert!(dialog.about_object(&removed));
        // Another dialog, even one whose id starts alike, is not it.
        let other = note(
            &dialogs,
            &dialogs,
            "",
            "<dialogs><Dialog><uri>/finesse/api/Dialog/123</uri></Dialog></dialogs>",
        );
        assert!(!dialog.about_object(&other));
        assert!(!dialog.about_object(&note(&dialogs, "/finesse/api/Dialog/123", "", "<dialog/>")));
        // A User error is about the User the request was sent to.
        let error = note(
            USER,
            USER,
            "",
            "<apiErrors><apiError><errorType>Invalid State</errorType></apiError></apiErrors>",
        );
        assert!(put_user("READY").about_object(&error));
        assert!(!dialog.about_object(&error));
    }

    #[test]
    fn an_action_on_a_dialog_changes_or_removes_it_but_never_adds_it() {
        let close = SentRequest {
            request_id: "r".into(),
            path: "/finesse/api/Dialog/12".into(),
            body: Some("<Dialog><requestedAction>CLOSE</requestedAction></Dialog>".into()),
        };
        let dialogs = format!("{USER}/Dialogs");
        let listed = "<dialogs><Dialog><uri>/finesse/api/Dialog/12</uri></Dialog></dialogs>";
        let with_event = |event: &str, source: &str, data: &str| {
            let update = format!(
                "<Update><data>{data}</data><event>{event}</event><requestId/><source>{source}</source></Update>"
            );
            parse_update(&update, &dialogs).expect("parses")
        };
        assert!(!close.dialog_outcome(&with_event("POST", &dialogs, listed)));
        assert!(close.dialog_outcome(&with_event("DELETE", &dialogs, listed)));
        assert!(close.dialog_outcome(&with_event("PUT", "/finesse/api/Dialog/12", "<dialog/>")));
        // A request that creates a dialog is answered by its arrival.
        let call = SentRequest {
            path: format!("{USER}/Dialogs"),
            ..close
        };
        assert!(call.dialog_outcome(&with_event("POST", &dialogs, listed)));
    }

    #[test]
    fn a_request_that_creates_a_dialog_is_about_any_dialog() {
        let call = SentRequest {
            request_id: "r".into(),
            path: format!("{USER}/Dialogs"),
            body: Some("<Dialog><requestedAction>MAKE_CALL</requestedAction></Dialog>".into()),
        };
        let callee = "/finesse/api/User/1002/Dialogs";
        assert!(call.about_object(&note(callee, callee, "", "<dialogs/>")));
        assert!(call.about_object(&note(callee, "/finesse/api/Dialog/9", "", "<dialog/>")));
        assert!(!call.about_object(&note(USER, USER, "", "<user/>")));
    }

    #[test]
    fn a_state_notification_is_on_its_own_node_with_that_state() {
        let n = user(" ready ", "");
        assert!(shows_state(&n, USER, "User", "READY"));
        assert!(!shows_state(&n, USER, "media", "READY"));
        assert!(!shows_state(&n, "/finesse/api/User/1002", "user", "READY"));
        assert!(from_own_node(&n));
        let team = note("/finesse/api/Team/5000/Users", USER, "", "<user/>");
        assert!(!from_own_node(&team));
    }
}
