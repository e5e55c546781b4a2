//! The notification rules (features/rules.yaml `notify.*`): each holds without its deviation
//! and breaks with it, shown on what the outbox publishes.

use super::*;
use crate::deviations::Deviation;

fn lab(dep: Deployment, d: Option<Deviation>) -> Lab {
    let mut lab = Lab::new(dep);
    if let Some(d) = d {
        lab.m.deviations.set(d, true);
    }
    lab
}

/// Both variants of a rule: the mock as it should be, then with the deviation.
fn both(d: Deviation) -> [(Option<Deviation>, bool); 2] {
    [(None, false), (Some(d), true)]
}

fn has(notes: &[Notification], node: &str) -> bool {
    !on(notes, node).is_empty()
}

fn errors_on<'a>(notes: &'a [Notification], node: &str) -> Vec<&'a Notification> {
    on(notes, node)
        .into_iter()
        .filter(|n| n.data.starts_with("<apiErrors>"))
        .collect()
}

const USER: &str = "/finesse/api/User/1001";
const MEDIA: &str = "/finesse/api/User/1001/Media/5001";

impl Lab {
    fn not_ready(&mut self, id: &str, reason: &str, rid: &str) -> Vec<Notification> {
        let body = UserUpdate {
            state: Some("NOT_READY".into()),
            reason_code_id: Some(reason.into()),
            ..Default::default()
        };
        self.m
            .put_user(Some(&who(id)), id, Ok(body), Some(rid.into()), self.now)
            .expect("NOT_READY");
        self.tick()
    }

    /// `caller` dials the team's ICD number; the READY `agent` answers. The dialog id.
    fn icd_call(&mut self, caller: &str, agent: &str) -> String {
        self.put_user(caller, caller, "LOGIN", "c1");
        self.put_user(agent, agent, "LOGIN", "a1");
        self.put_user(agent, agent, "READY", "a2");
        let dial = DialogRequest {
            requested_action: Some("MAKE_CALL".into()),
            from_address: Some(format!("{caller}001")),
            to_address: Some("8000".into()),
            ..Default::default()
        };
        self.dialog(caller, dial, None);
        let id = self.dialog_id(agent);
        self.dialog(agent, action("ANSWER", agent), Some(&id));
        id
    }

    fn user_field(&mut self, id: &str) -> (String, Option<String>) {
        let u = self.m.get_user(Some(&who(id)), id, self.now).expect("user");
        (
            u.state.unwrap_or_default(),
            u.reason_code_id.filter(|r| r != "-1"),
        )
    }
}

/// The one apiError of `n`: (errorData, errorMessage).
fn code_of(n: &Notification) -> (String, String) {
    let field = |name: &str| {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        n.data
            .split_once(&open)
            .and_then(|(_, rest)| rest.split_once(&close))
            .map(|(v, _)| v.to_string())
            .unwrap_or_default()
    };
    (field("errorData"), field("errorMessage"))
}

#[test]
fn notify_user_state_changes_go_to_the_user_node_unless_no_user_notification() {
    for (dev, broken) in both(Deviation::NoUserNotification) {
        let mut lab = lab(Deployment::Ucce, dev);
        let notes = lab.put_user("1001", "1001", "LOGIN", "r-1");
        if broken {
            assert!(!has(&notes, USER), "{notes:#?}");
        } else {
            let n = one(&notes, USER);
            assert!(n.data.starts_with("<user>"), "{}", n.data);
            assert!(n.data.contains("<state>NOT_READY</state>"), "{}", n.data);
            assert!(
                n.data.contains("<extension>1001001</extension>"),
                "full user"
            );
        }
        // The team summary goes out either way.
        assert!(has(&notes, "/finesse/api/Team/5000/Users"), "{dev:?}");
        // And so do asynchronous errors on the User node.
        let notes = lab.put_user("1002", "1002", "NOT_READY", "r-2");
        assert_eq!(
            errors_on(&notes, "/finesse/api/User/1002").len(),
            1,
            "{dev:?}"
        );
    }
}

#[test]
fn notify_dialog_add_change_remove_go_to_dialogs_nodes_unless_no_dialog_notification() {
    for (dev, broken) in both(Deviation::NoDialogNotification) {
        let mut lab = lab(Deployment::Ucce, dev);
        let (posted, id) = lab.ringing("1001", "1002");
        let put = lab.dialog("1002", action("ANSWER", "1002"), Some(&id));
        let deleted = lab.dialog("1001", action("DROP", "1001"), Some(&id));
        for (notes, event) in [(posted, "POST"), (put, "PUT"), (deleted, "DELETE")] {
            for user in ["1001", "1002"] {
                let node = format!("/finesse/api/User/{user}/Dialogs");
                let events: Vec<&str> = on(&notes, &node).iter().map(|n| n.event).collect();
                let expected = if broken { vec![] } else { vec![event] };
                assert_eq!(events, expected, "{dev:?} {node}");
            }
        }
        // A CTI error still reaches the Dialogs node.
        lab.dialog("1001", call("1001", "1002"), None);
        let id = lab.dialog_id("1002");
        let refused = lab.dialog("1002", action("HOLD", "1002"), Some(&id));
        let errors = errors_on(&refused, "/finesse/api/User/1002/Dialogs");
        assert_eq!(errors.len(), 1, "{dev:?}: {refused:#?}");
    }
}

#[test]
fn notify_media_state_changes_go_to_the_media_node_unless_no_media_notification() {
    for (dev, broken) in both(Deviation::NoMediaNotification) {
        let mut lab = lab(Deployment::Ucce, dev);
        let notes = lab.media_sign_in("m-1");
        if broken {
            assert!(!has(&notes, MEDIA), "{notes:#?}");
        } else {
            let n = one(&notes, MEDIA);
            assert!(n.data.starts_with("<media>"), "{}", n.data);
            assert!(n.data.contains("<state>NOT_READY</state>"), "{}", n.data);
        }
        // A media error still reaches the Media node.
        let again = lab.media_sign_in("m-2");
        assert_eq!(errors_on(&again, MEDIA).len(), 1, "{dev:?}: {again:#?}");
    }
}

#[test]
fn notify_request_id_is_carried_by_every_item_a_request_caused() {
    for (dev, broken) in both(Deviation::NotificationWithoutRequestId) {
        let mut lab = lab(Deployment::Ucce, dev);
        let mut notes = lab.put_user("1001", "1001", "LOGIN", "r-1");
        notes.extend(lab.put_user("1002", "1002", "NOT_READY", "r-2"));
        assert!(notes.len() >= 3, "user, team and error: {notes:#?}");
        for n in &notes {
            let xml = n.update_xml();
            if broken {
                assert_eq!(n.request_id, None, "{xml}");
                assert!(xml.contains("<requestId/>"), "{xml}");
            } else {
                let rid = if n.node.contains("1002") {
                    "r-2"
                } else {
                    "r-1"
                };
                assert_eq!(n.request_id.as_deref(), Some(rid), "{xml}");
                assert!(
                    xml.contains(&format!("<requestId>{rid}</requestId>")),
                    "{xml}"
                );
            }
        }
    }
}

#[test]
fn notify_async_errors_are_published_with_the_request_id_unless_not_published() {
    for (dev, broken) in both(Deviation::AsyncErrorNotPublished) {
        let mut lab = lab(Deployment::Ucce, dev);
        let notes = lab.put_user("1001", "1001", "NOT_READY", "bad-1");
        // Recorded either way.
        assert_eq!(lab.m.async_errors().len(), 1, "{dev:?}");
        if broken {
            assert!(notes.is_empty(), "{notes:#?}");
        } else {
            let n = one(&notes, USER);
            assert!(n.data.starts_with("<apiErrors><apiError>"), "{}", n.data);
            assert_eq!(n.request_id.as_deref(), Some("bad-1"));
            assert!(n.update_xml().contains("<requestId>bad-1</requestId>"));
        }
    }
}

#[test]
fn notify_team_users_summaries_are_published_unless_no_team_notification() {
    for (dev, broken) in both(Deviation::NoTeamNotification) {
        let mut lab = lab(Deployment::Ucce, dev);
        let notes = lab.put_user("1001", "1001", "LOGIN", "r-1");
        let team = on(&notes, "/finesse/api/Team/5000/Users");
        if broken {
            assert!(team.is_empty(), "{notes:#?}");
        } else {
            assert_eq!(team.len(), 1, "{notes:#?}");
            assert_eq!(team[0].source, USER);
            assert!(team[0].data.contains("<state>NOT_READY</state>"));
        }
        // The member's own node is untouched.
        assert!(has(&notes, USER), "{dev:?}");
    }
}

#[test]
fn notify_system_info_status_changes_are_published_unless_no_system_info_notification() {
    for (dev, broken) in both(Deviation::NoSystemInfoNotification) {
        let mut lab = lab(Deployment::Ucce, dev);
        for (out, status) in [(true, "OUT_OF_SERVICE"), (false, "IN_SERVICE")] {
            lab.m.faults.out_of_service = out;
            let notes = lab.tick();
            if broken {
                assert!(notes.is_empty(), "{notes:#?}");
            } else {
                let n = one(&notes, "/finesse/api/SystemInfo");
                assert!(n.data.contains(&format!("<status>{status}</status>")));
            }
        }
    }
}

#[test]
fn notify_logout_to_not_ready_fails_with_the_platforms_code() {
    for (dev, broken) in both(Deviation::LogoutToNotReadyWrongCode) {
        for (dep, code, constant) in [
            (Deployment::Ucce, "257", "CF_INVALID_PASSWORD_SPECIFIED"),
            (Deployment::Uccx, "1010", "CF_INVALID_PARAMETER"),
        ] {
            let mut lab = lab(dep, dev);
            let notes = lab.put_user("1001", "1001", "NOT_READY", "bad-1");
            let n = one(&notes, USER);
            assert!(n.data.contains("<errorType>Invalid State</errorType>"));
            let got = code_of(n);
            let right = (code.to_string(), constant.to_string());
            assert_eq!(got == right, !broken, "{dep} {dev:?}: {got:?}");
            // Either way the agent stays signed out.
            assert_eq!(lab.user_field("1001").0, "LOGOUT");
        }
    }
}

#[test]
fn notify_ccx_refuses_ready_during_a_call_with_the_code_for_the_kind_of_call() {
    for (dev, broken) in both(Deviation::PendingReadyWrongCode) {
        // ICD call: 1002 answers a call to 8000.
        let mut lab = lab(Deployment::Uccx, dev);
        lab.icd_call("1001", "1002");
        let notes = lab.put_user("1002", "1002", "READY", "r-icd");
        let icd = code_of(one(&notes, "/finesse/api/User/1002"));
        // Non-ICD call: for the caller 1001 the same call is an ordinary one.
        let notes = lab.put_user("1001", "1001", "READY", "r-plain");
        let plain = code_of(one(&notes, USER));
        let workmode = ("265".to_string(), "CF_INVALID_AGENT_WORKMODE".to_string());
        let busy = ("33".to_string(), "CF_RESOURCE_BUSY".to_string());
        if broken {
            assert_eq!((icd, plain), (busy, workmode));
        } else {
            assert_eq!((icd, plain), (workmode, busy));
        }
    }
    // UCCE queues READY instead, with or without the deviation.
    for (dev, _) in both(Deviation::PendingReadyWrongCode) {
        let mut lab = lab(Deployment::Ucce, dev);
        let id = lab.icd_call("1001", "1002");
        let notes = lab.put_user("1002", "1002", "READY", "r-icd");
        assert!(errors_on(&notes, "/finesse/api/User/1002").is_empty());
        lab.dialog("1002", action("DROP", "1002"), Some(&id));
        assert_eq!(lab.user_field("1002").0, "READY", "{dev:?}");
    }
}

#[test]
fn notify_a_pending_reason_change_is_taken_on_cce_and_refused_with_265_on_ccx() {
    for (dev, broken) in both(Deviation::PendingReasonChangePlatformsSwapped) {
        for dep in [Deployment::Ucce, Deployment::Uccx] {
            let mut lab = lab(dep, dev);
            let id = lab.icd_call("1001", "1002");
            let first = lab.not_ready("1002", "10", "nr-1");
            assert!(errors_on(&first, "/finesse/api/User/1002").is_empty());
            let second = lab.not_ready("1002", "11", "nr-2");
            let errors = errors_on(&second, "/finesse/api/User/1002");
            lab.dialog("1002", action("DROP", "1002"), Some(&id));
            let after = lab.user_field("1002");
            // UCCE takes the change; UCCX refuses it. The deviation swaps the platforms.
            let takes_change = (dep == Deployment::Ucce) != broken;
            if takes_change {
                assert!(errors.is_empty(), "{dep} {dev:?}: {second:#?}");
                assert_eq!(
                    after,
                    ("NOT_READY".into(), Some("11".into())),
                    "{dep} {dev:?}"
                );
            } else {
                assert_eq!(errors.len(), 1, "{dep} {dev:?}: {second:#?}");
                assert_eq!(errors[0].request_id.as_deref(), Some("nr-2"));
                assert_eq!(
                    code_of(errors[0]),
                    ("265".into(), "CF_INVALID_AGENT_WORKMODE".into())
                );
                assert_eq!(
                    after,
                    ("NOT_READY".into(), Some("10".into())),
                    "{dep} {dev:?}"
                );
            }
        }
    }
}

#[test]
fn notify_a_dialog_cti_error_goes_to_the_dialogs_node_with_the_dialog_as_source() {
    for (dev, broken) in both(Deviation::DialogErrorOnUserNode) {
        let mut lab = lab(Deployment::Ucce, dev);
        let (_, id) = lab.ringing("1001", "1002");
        // HOLD while ALERTING is not in the actions list (p109).
        let notes = lab.dialog("1002", action("HOLD", "1002"), Some(&id));
        let (right, wrong) = (
            errors_on(&notes, "/finesse/api/User/1002/Dialogs"),
            errors_on(&notes, "/finesse/api/User/1002"),
        );
        let (found, missing) = if broken {
            (wrong, right)
        } else {
            (right, wrong)
        };
        assert!(missing.is_empty(), "{dev:?}: {notes:#?}");
        assert_eq!(found.len(), 1, "{dev:?}: {notes:#?}");
        assert_eq!(found[0].source, format!("/finesse/api/Dialog/{id}"));
        assert!(
            found[0]
                .data
                .contains("<errorType>Generic Error</errorType>")
        );
    }
}

#[test]
fn notify_a_media_error_names_its_mrd_unless_media_error_without_mrd() {
    for (dev, broken) in both(Deviation::MediaErrorWithoutMrd) {
        let mut lab = lab(Deployment::Ucce, dev);
        lab.media_sign_in("m-1");
        let notes = lab.media_sign_in("m-2");
        let n = one(&notes, MEDIA);
        assert_eq!(n.source, MEDIA);
        assert!(n.data.starts_with("<apiErrors>"), "{}", n.data);
        assert!(n.data.contains("E_ARM_STAT_AGENT_ALREADY_LOGGED_IN"));
        assert_eq!(
            n.data.contains("<errorMedia>5001</errorMedia>"),
            !broken,
            "{dev:?}: {}",
            n.data
        );
    }
}

impl Lab {
    /// `id` signs in with `extension`; what was published once it was processed.
    fn sign_in_on(&mut self, id: &str, extension: &str, rid: &str) -> Vec<Notification> {
        let ack = self
            .m
            .put_user(
                Some(&who(id)),
                id,
                update("LOGIN", Some(extension)),
                Some(rid.into()),
                self.now,
            )
            .expect("the sign-in is accepted before the device is looked up");
        assert_eq!(ack.status, 202);
        self.tick()
    }
}

#[test]
fn sign_in_with_an_unknown_extension_fails_as_invalid_device_unless_unknown_extension_signs_in() {
    for dep in [Deployment::Ucce, Deployment::Uccx] {
        for (dev, broken) in both(Deviation::UnknownExtensionSignsIn) {
            let mut lab = lab(dep, dev);
            let notes = lab.sign_in_on("1001", "99999999", "bad-ext");
            let (state, _) = lab.user_field("1001");
            let errors = errors_on(&notes, USER);
            if broken {
                assert_eq!(state, "NOT_READY", "{dep:?}");
                assert!(errors.is_empty(), "{notes:#?}");
                continue;
            }
            assert_eq!(state, "LOGOUT", "{dep:?}: the agent stays signed out");
            assert_eq!(errors.len(), 1, "{dep:?}: {notes:#?}");
            let n = errors[0];
            assert_eq!(n.source, USER);
            assert_eq!(n.request_id.as_deref(), Some("bad-ext"));
            assert!(
                n.data.contains("<errorType>Invalid Device</errorType>"),
                "{}",
                n.data
            );
            assert_eq!(
                code_of(n),
                ("260".into(), "CF_INVALID_LOGON_DEVICE_SPECIFIED".into())
            );
            assert_eq!(
                n.data.contains(
                    "<peripheralErrorCode>10125</peripheralErrorCode><peripheralErrorMsg>PERERR_TELDRIVE_NODEVICETARGETFORNETTARGETID</peripheralErrorMsg>"
                ),
                dep == Deployment::Ucce,
                "{dep:?}: {}",
                n.data
            );
            // Nothing changed, so nothing else is published about the user.
            assert_eq!(notes.len(), 1, "{notes:#?}");
            assert_eq!(lab.m.async_errors().len(), 1);
        }
    }
}

#[test]
fn any_users_extension_or_a_listed_device_signs_in() {
    let mut lab = lab(Deployment::Ucce, None);
    lab.sign_in_on("1001", "3000001", "listed");
    lab.sign_in_on("1002", " 1003001 ", "another user's");
    assert_eq!(lab.user_field("1001").0, "NOT_READY");
    assert_eq!(lab.user_field("1002").0, "NOT_READY");
    assert!(lab.m.async_errors().is_empty());
    // A signed-in agent asking again with an unknown device keeps its state (p29 forces a
    // sign-in; the device is what fails).
    lab.put_user("1001", "1001", "READY", "r");
    let notes = lab.sign_in_on("1001", "99999999", "again");
    assert_eq!(errors_on(&notes, USER).len(), 1, "{notes:#?}");
    assert_eq!(lab.user_field("1001").0, "READY");
}

#[test]
fn empty_request_ids_leave_every_item_empty_but_a_media_requests_error() {
    use crate::model::NotificationRequestIds as Ids;
    const ERROR: &str = "<apiErrors><apiError/></apiErrors>";
    assert!(Ids::Echo.echoes(USER, "<user/>"));
    assert!(Ids::Empty.echoes(MEDIA, ERROR));
    assert!(
        !Ids::Empty.echoes(MEDIA, "<media/>"),
        "p171: not in the events"
    );
    for node in [
        USER,
        "/finesse/api/User/1001/Dialogs",
        "/finesse/api/Team/5000/Users",
        "/finesse/api/User/1001/Media",
        "/finesse/api/User/1001/Media/5001/Dialogs",
        "/finesse/api/SystemInfo",
    ] {
        assert!(!Ids::Empty.echoes(node, ERROR), "{node}");
    }

    let mut lab = lab(Deployment::Ucce, None);
    lab.m.request_ids = Ids::Empty;
    let mut notes = lab.put_user("1001", "1001", "LOGIN", "r-1");
    notes.extend(lab.put_user("1002", "1002", "NOT_READY", "r-2"));
    notes.extend(lab.put_user("1002", "1002", "LOGIN", "r-3"));
    notes.extend(lab.dialog("1001", call("1001", "1002"), None));
    let media = lab.media_sign_in("m-1");
    for node in [
        USER,
        "/finesse/api/Team/5000/Users",
        "/finesse/api/User/1001/Dialogs",
    ] {
        assert!(has(&notes, node), "{node}: {notes:#?}");
    }
    assert_eq!(errors_on(&notes, "/finesse/api/User/1002").len(), 1);
    assert_eq!(one(&media, MEDIA).request_id, None, "a Media state update");
    notes.extend(media);
    for n in &notes {
        assert_eq!(n.request_id, None, "{}", n.update_xml());
        assert!(n.update_xml().contains("<requestId/>"));
    }
    let again = lab.media_sign_in("m-2");
    let error = errors_on(&again, MEDIA);
    assert_eq!(error.len(), 1, "{again:#?}");
    assert_eq!(error[0].request_id.as_deref(), Some("m-2"));
}
