//! The Notification Service's outbox: which notification, on which node, with which
//! requestId, for each kind of change (no IO).

use std::time::Instant;

use super::test_support::{DELAY, media_login, who};
use super::*;
use crate::documents::DialogRequest;
use crate::fixture::Fixture;

/// A model that publishes, and the time it is at.
struct Lab {
    m: Finesse,
    now: Instant,
}

fn update(state: &str, ext: Option<&str>) -> Result<UserUpdate, String> {
    Ok(UserUpdate {
        state: Some(state.into()),
        extension: ext.map(String::from),
        ..Default::default()
    })
}

impl Lab {
    fn new(dep: Deployment) -> Lab {
        let mut m = Finesse::new(&Fixture::embedded(), dep, DELAY);
        m.set_publishing(true);
        Lab {
            m,
            now: Instant::now(),
        }
    }

    /// Past the processing delay; what was published meanwhile.
    fn tick(&mut self) -> Vec<Notification> {
        self.now += DELAY * 2;
        self.m.take_notifications(self.now)
    }

    fn put_user(&mut self, caller: &str, id: &str, state: &str, rid: &str) -> Vec<Notification> {
        let ext = format!("{id}001");
        let ext = (state == "LOGIN").then_some(ext.as_str());
        self.m
            .put_user(
                Some(&who(caller)),
                id,
                update(state, ext),
                Some(rid.into()),
                self.now,
            )
            .expect(state);
        self.tick()
    }

    fn dialog(&mut self, caller: &str, body: DialogRequest, id: Option<&str>) -> Vec<Notification> {
        match id {
            None => self
                .m
                .post_dialog(
                    Some(&who(caller)),
                    caller,
                    Ok(body),
                    Some("d1".into()),
                    self.now,
                )
                .expect("post"),
            Some(id) => self
                .m
                .put_dialog(
                    Some(&who(caller)),
                    id,
                    Ok(body),
                    Some("d2".into()),
                    self.now,
                )
                .expect("put"),
        };
        self.tick()
    }

    /// 1001 signs in to MRD 5001; what was published once it was processed.
    fn media_sign_in(&mut self, rid: &str) -> Vec<Notification> {
        self.m
            .put_media(
                Some(&who("1001")),
                "1001",
                "5001",
                media_login(),
                Some(rid.into()),
                self.now,
            )
            .expect("accepted");
        self.tick()
    }

    /// The id of `user`'s first dialog.
    fn dialog_id(&mut self, user: &str) -> String {
        self.m
            .user_dialogs(Some(&who(user)), user, self.now)
            .expect("dialogs")
            .dialogs[0]
            .id
            .clone()
    }

    /// `a` and `b` sign in and `a` calls `b`: what the call published, and its dialog id.
    fn ringing(&mut self, a: &str, b: &str) -> (Vec<Notification>, String) {
        self.put_user(a, a, "LOGIN", "a");
        self.put_user(b, b, "LOGIN", "b");
        let notes = self.dialog(a, call(a, b), None);
        (notes, self.dialog_id(b))
    }
}

fn on<'a>(notes: &'a [Notification], node: &str) -> Vec<&'a Notification> {
    notes.iter().filter(|n| n.node == node).collect()
}

fn one<'a>(notes: &'a [Notification], node: &str) -> &'a Notification {
    let found = on(notes, node);
    assert_eq!(found.len(), 1, "one notification on {node}: {notes:#?}");
    found[0]
}

fn call(from: &str, to: &str) -> DialogRequest {
    DialogRequest {
        requested_action: Some("MAKE_CALL".into()),
        from_address: Some(format!("{from}001")),
        to_address: Some(format!("{to}001")),
        ..Default::default()
    }
}

fn action(name: &str, ext: &str) -> DialogRequest {
    DialogRequest {
        requested_action: Some(name.into()),
        target_media_address: Some(format!("{ext}001")),
        ..Default::default()
    }
}

#[test]
fn a_state_change_publishes_the_user_with_the_requests_id_once_it_lands() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.m
        .put_user(
            Some(&who("1001")),
            "1001",
            update("LOGIN", Some("1001001")),
            Some("r-1".into()),
            lab.now,
        )
        .expect("sign in");
    // Not before the processing delay: the write has not taken effect.
    assert!(lab.m.take_notifications(lab.now).is_empty());
    let notes = lab.tick();
    let n = one(&notes, "/finesse/api/User/1001");
    assert_eq!(n.event, "PUT");
    assert_eq!(n.request_id.as_deref(), Some("r-1"));
    assert_eq!(n.source, "/finesse/api/User/1001");
    assert!(n.data.starts_with("<user>"), "{}", n.data);
    assert!(n.data.contains("<state>NOT_READY</state>"), "{}", n.data);
    let xml = n.update_xml();
    assert!(xml.starts_with("<Update><data><user>"), "{xml}");
    assert!(
        xml.ends_with("<event>PUT</event><requestId>r-1</requestId><source>/finesse/api/User/1001</source></Update>"),
        "{xml}"
    );
    // Taken once only.
    assert!(lab.tick().is_empty());
    let ready = lab.put_user("1001", "1001", "READY", "r-2");
    let n = one(&ready, "/finesse/api/User/1001");
    assert!(n.data.contains("<state>READY</state>"));
    assert_eq!(n.request_id.as_deref(), Some("r-2"));
}

#[test]
fn team_members_changes_go_to_the_team_users_node_as_summaries() {
    let mut lab = Lab::new(Deployment::Ucce);
    let notes = lab.put_user("1001", "1001", "LOGIN", "r-1");
    let n = one(&notes, "/finesse/api/Team/5000/Users");
    assert_eq!(n.source, "/finesse/api/User/1001");
    assert_eq!(n.request_id.as_deref(), Some("r-1"));
    assert!(n.data.contains("<state>NOT_READY</state>"));
    assert!(n.data.contains("<firstName>Agent</firstName>"));
    // A summary: no extension, roles or teams.
    assert!(!n.data.contains("<extension>"), "{}", n.data);
    // Team B's agent publishes to Team B's node only.
    let notes = lab.put_user("1103", "1103", "LOGIN", "r-2");
    assert_eq!(on(&notes, "/finesse/api/Team/5001/Users").len(), 1);
    assert!(on(&notes, "/finesse/api/Team/5000/Users").is_empty());
}

#[test]
fn a_supervisors_change_to_an_agent_carries_the_supervisors_request_id() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.put_user("1001", "1001", "LOGIN", "a");
    lab.put_user("1001", "1001", "READY", "b");
    let notes = lab.put_user("2003", "1001", "NOT_READY", "sup-1");
    let n = one(&notes, "/finesse/api/User/1001");
    assert_eq!(n.request_id.as_deref(), Some("sup-1"));
    assert!(
        n.data.contains("<reasonCodeId>999</reasonCodeId>"),
        "{}",
        n.data
    );
}

#[test]
fn an_async_failure_is_published_as_api_errors_on_the_users_node() {
    for (dep, code, constant) in [
        (Deployment::Ucce, "257", "CF_INVALID_PASSWORD_SPECIFIED"),
        (Deployment::Uccx, "1010", "CF_INVALID_PARAMETER"),
    ] {
        let mut lab = Lab::new(dep);
        let notes = lab.put_user("1001", "1001", "NOT_READY", "bad-1");
        assert_eq!(
            notes.len(),
            1,
            "{dep}: only the error, no state change: {notes:#?}"
        );
        let n = &notes[0];
        assert_eq!(n.node, "/finesse/api/User/1001");
        assert_eq!(n.source, "/finesse/api/User/1001");
        assert_eq!(n.request_id.as_deref(), Some("bad-1"));
        // The real User-node error capture writes the event in lower case (§3.2).
        assert_eq!(n.event, "put");
        assert_eq!(
            n.data,
            format!(
                "<apiErrors><apiError><errorData>{code}</errorData><errorMessage>{constant}</errorMessage><errorType>Invalid State</errorType></apiError></apiErrors>"
            )
        );
    }
}

#[test]
fn calls_publish_dialog_add_change_and_remove_on_each_participants_dialogs_node() {
    let mut lab = Lab::new(Deployment::Ucce);
    let (notes, id) = lab.ringing("1001", "1002");
    for user in ["1001", "1002"] {
        let node = format!("/finesse/api/User/{user}/Dialogs");
        let n = one(&notes, &node);
        assert_eq!((n.event, n.source.as_str()), ("POST", node.as_str()));
        assert_eq!(n.request_id.as_deref(), Some("d1"));
        assert!(n.data.starts_with("<dialogs><Dialog>"), "{}", n.data);
    }
    let notes = lab.dialog("1002", action("ANSWER", "1002"), Some(&id));
    for user in ["1001", "1002"] {
        let n = one(&notes, &format!("/finesse/api/User/{user}/Dialogs"));
        assert_eq!(n.event, "PUT");
        assert_eq!(n.source, format!("/finesse/api/Dialog/{id}"));
        assert_eq!(n.request_id.as_deref(), Some("d2"));
        assert!(n.data.starts_with("<dialog>"), "{}", n.data);
        assert!(n.data.contains("<state>ACTIVE</state>"), "{}", n.data);
    }
    // The users' states follow the call, with the same requestId.
    assert!(
        one(&notes, "/finesse/api/User/1002")
            .data
            .contains("<state>TALKING</state>")
    );
    let notes = lab.dialog("1001", action("DROP", "1001"), Some(&id));
    for user in ["1001", "1002"] {
        let node = format!("/finesse/api/User/{user}/Dialogs");
        let n = one(&notes, &node);
        assert_eq!((n.event, n.source.as_str()), ("DELETE", node.as_str()));
        assert!(n.data.starts_with("<dialogs><Dialog>"), "{}", n.data);
    }
}

#[test]
fn a_refused_call_is_published_on_the_callers_dialogs_node() {
    // CCX refuses a call from READY asynchronously (README, mock fidelity).
    let mut lab = Lab::new(Deployment::Uccx);
    lab.put_user("1001", "1001", "LOGIN", "a");
    lab.put_user("1001", "1001", "READY", "b");
    let notes = lab.dialog("1001", call("1001", "1002"), None);
    let n = one(&notes, "/finesse/api/User/1001/Dialogs");
    assert_eq!((n.event, n.request_id.as_deref()), ("PUT", Some("d1")));
    assert!(n.data.starts_with("<apiErrors><apiError>"), "{}", n.data);
    assert!(
        n.data
            .contains("<errorMessage>CF_INVALID_OBJECT_STATE</errorMessage>")
    );
}

#[test]
fn the_wrap_up_timer_publishes_without_a_request_id() {
    let mut lab = Lab::new(Deployment::Ucce);
    let (_, id) = lab.ringing("1001", "1201");
    lab.dialog("1201", action("ANSWER", "1201"), Some(&id));
    let dropped = lab.dialog("1001", action("DROP", "1001"), Some(&id));
    assert!(
        one(&dropped, "/finesse/api/User/1201")
            .data
            .contains("<state>WORK</state>")
    );
    let due = lab.m.next_due().expect("the wrap-up timer is due later");
    assert!(due > lab.now);
    lab.now = due;
    let notes = lab.m.take_notifications(lab.now);
    let n = one(&notes, "/finesse/api/User/1201");
    assert!(n.data.contains("<state>NOT_READY</state>"), "{}", n.data);
    assert_eq!(n.request_id, None);
    assert!(n.update_xml().contains("<requestId/>"));
    assert_eq!(lab.m.next_due(), None);
}

#[test]
fn media_changes_and_media_errors_go_to_the_media_node() {
    let mut lab = Lab::new(Deployment::Ucce);
    for (rid, expect_error) in [("m-1", false), ("m-2", true)] {
        let notes = lab.media_sign_in(rid);
        let n = one(&notes, "/finesse/api/User/1001/Media/5001");
        assert_eq!(n.source, "/finesse/api/User/1001/Media/5001");
        assert_eq!((n.event, n.request_id.as_deref()), ("PUT", Some(rid)));
        if expect_error {
            // Signed in twice: the ARM error with its MRD (G12.5 p.169, §3.2).
            assert!(
                n.data
                    .contains("<errorData>1</errorData><errorMedia>5001</errorMedia>")
            );
        } else {
            assert!(n.data.starts_with("<media>"), "{}", n.data);
            assert!(n.data.contains("<state>NOT_READY</state>"), "{}", n.data);
        }
    }
}

#[test]
fn system_info_is_published_when_service_status_changes() {
    let mut lab = Lab::new(Deployment::Ucce);
    assert!(lab.tick().is_empty());
    lab.m.faults.out_of_service = true;
    let notes = lab.tick();
    let n = one(&notes, "/finesse/api/SystemInfo");
    assert_eq!((n.event, n.request_id.as_deref()), ("PUT", None));
    assert!(n.data.starts_with("<systemInfo>"), "{}", n.data);
    assert!(n.data.contains("<status>OUT_OF_SERVICE</status>"));
    // No news while the status stays.
    assert!(lab.tick().is_empty());
    lab.m.faults.out_of_service = false;
    assert!(
        one(&lab.tick(), "/finesse/api/SystemInfo")
            .data
            .contains("<status>IN_SERVICE</status>")
    );
}

#[test]
fn item_ids_are_unique() {
    let mut lab = Lab::new(Deployment::Ucce);
    let mut notes = lab.put_user("1001", "1001", "LOGIN", "a");
    notes.extend(lab.put_user("1001", "1001", "READY", "b"));
    let ids: std::collections::BTreeSet<_> = notes.iter().map(|n| n.item_id.clone()).collect();
    assert_eq!(ids.len(), notes.len());
}

#[test]
fn update_xml_escapes_the_request_id() {
    let n = Notification {
        node: "/finesse/api/User/1".into(),
        item_id: "x".into(),
        event: "PUT",
        request_id: Some("a<b&c".into()),
        source: "/finesse/api/User/1".into(),
        data: "<user/>".into(),
    };
    assert!(
        n.update_xml()
            .contains("<requestId>a&lt;b&amp;c</requestId>")
    );
}

#[test]
fn nothing_is_published_while_publishing_is_off_and_then_only_what_follows() {
    let mut lab = Lab::new(Deployment::Ucce);
    lab.m.set_publishing(false);
    assert!(lab.put_user("1001", "1001", "LOGIN", "off-1").is_empty());
    // An asynchronous failure is still recorded, but not published.
    assert!(
        lab.put_user("1002", "1002", "NOT_READY", "off-2")
            .is_empty()
    );
    assert_eq!(lab.m.async_errors().len(), 1);
    lab.m.set_publishing(true);
    // The sign-in that happened while off is not news now.
    assert!(lab.tick().is_empty());
    let notes = lab.put_user("1001", "1001", "READY", "on-1");
    assert_eq!(
        one(&notes, "/finesse/api/User/1001").request_id.as_deref(),
        Some("on-1")
    );
}

#[test]
fn a_dialog_action_refused_by_cti_is_published_on_the_actors_dialogs_node() {
    let mut lab = Lab::new(Deployment::Ucce);
    let (_, id) = lab.ringing("1001", "1002");
    // HOLD while ALERTING is not in the participant's actions list: Generic Error.
    let notes = lab.dialog("1002", action("HOLD", "1002"), Some(&id));
    let n = one(&notes, "/finesse/api/User/1002/Dialogs");
    assert_eq!(n.source, format!("/finesse/api/Dialog/{id}"));
    assert_eq!((n.event, n.request_id.as_deref()), ("PUT", Some("d2")));
    assert!(
        n.data.contains("<errorType>Generic Error</errorType>"),
        "{}",
        n.data
    );
    assert!(on(&notes, "/finesse/api/User/1001/Dialogs").is_empty());
}

/// One test per notification rule and its deviation (features/rules.yaml `notify.*`).
#[path = "tests_notify.rs"]
mod notify;
