//! Dialog rules added for the self-check (issue 4): see the module docs of calls.rs.
//!
//! Each test shows a rule as the mock keeps it, then switches on the deviation that breaks
//! that rule and shows that the rule (and only that rule) is lifted. No HTTP, no sleeps: the
//! lab advances a fake clock past the processing delay.

use std::time::{Duration, Instant};

use super::dialogs::{Dialog, DialogKind};
use super::*;
use crate::documents::DialogRequest;
use crate::fixture::Fixture;
use Deployment::{Ucce, Uccx};

const DELAY: Duration = Duration::from_millis(10);
const ADMIN: &str = "admin";

struct Lab {
    m: Finesse,
    now: Instant,
}

fn who(id: &str) -> Credential {
    Credential::Basic(Basic {
        user: id.into(),
        password: Secret::new("mock-pw-1"),
    })
}

fn ext(id: &str) -> String {
    format!("{id}001")
}

fn uri(dialog: &str) -> String {
    format!("/finesse/api/Dialog/{dialog}")
}

fn post_body(
    action: &str,
    from: &str,
    to: Option<&str>,
    associated: Option<&str>,
) -> Result<DialogRequest, String> {
    Ok(DialogRequest {
        requested_action: Some(action.into()),
        from_address: Some(from.into()),
        to_address: to.map(str::to_string),
        associated_dialog_uri: associated.map(str::to_string),
        ..Default::default()
    })
}

fn make(from: &str, to: &str) -> Result<DialogRequest, String> {
    post_body("MAKE_CALL", from, Some(to), None)
}

fn monitor(sup: &str, agent: &str) -> Result<DialogRequest, String> {
    post_body("SILENT_MONITOR", &ext(sup), Some(&ext(agent)), None)
}

/// `associated` is the raw associatedDialogUri (None leaves the field out).
fn barge(sup: &str, agent: &str, associated: Option<&str>) -> Result<DialogRequest, String> {
    post_body("BARGE_CALL", &ext(sup), Some(&ext(agent)), associated)
}

fn act(action: &str, target: Option<&str>) -> Result<DialogRequest, String> {
    Ok(DialogRequest {
        requested_action: Some(action.into()),
        target_media_address: target.map(str::to_string),
        ..Default::default()
    })
}

impl Lab {
    fn new(dep: Deployment) -> Lab {
        Lab {
            m: {
                let mut m = Finesse::new(&Fixture::embedded(), dep, DELAY);
                if let Some(d) = std::env::var("MUTATE_ON")
                    .ok()
                    .and_then(|n| Deviation::from_name(&n))
                {
                    m.deviations.set(d, true);
                }
                m
            },
            now: Instant::now(),
        }
    }

    fn dev(&mut self, d: Deviation, on: bool) {
        if std::env::var("MUTATE").ok().as_deref() == Some(d.name()) {
            return;
        }
        if on && std::env::var("MUTATE_ON").ok().as_deref() == Some(d.name()) {
            return;
        }
        self.m.deviations.set(d, on);
    }

    fn tick(&mut self) {
        self.now += DELAY * 2;
        self.m.advance(self.now);
    }

    fn state(&mut self, id: &str) -> String {
        self.m
            .get_user(Some(&who(id)), id, self.now)
            .expect("user")
            .state
            .unwrap_or_default()
    }

    fn set(&mut self, id: &str, state: &str) {
        let body = UserUpdate {
            state: Some(state.into()),
            extension: (state == "LOGIN").then(|| ext(id)),
            ..Default::default()
        };
        self.m
            .put_user(Some(&who(id)), id, Ok(body), None, self.now)
            .expect(state);
        self.tick();
    }

    fn signed_in(&mut self, id: &str, ready: bool) {
        self.set(id, "LOGIN");
        if ready {
            self.set(id, "READY");
        }
    }

    fn dialogs(&mut self, id: &str) -> Vec<doc::Dialog> {
        self.m
            .user_dialogs(Some(&who(id)), id, self.now)
            .expect("dialogs")
            .dialogs
    }

    fn dialog_ids(&mut self, id: &str) -> Vec<String> {
        self.dialogs(id).into_iter().map(|d| d.id).collect()
    }

    fn call_id(&mut self, id: &str) -> String {
        self.dialog_ids(id).first().cloned().expect("a dialog")
    }

    fn errors(&self) -> usize {
        self.m.async_errors().len()
    }

    fn last_error_data(&self) -> Option<&str> {
        self.m.async_errors().last().map(|e| e.error_data.as_str())
    }

    /// POST /User/{uri_id}/Dialogs with any credentials.
    fn post_as(
        &mut self,
        creds: &Credential,
        uri_id: &str,
        body: Result<DialogRequest, String>,
    ) -> Result<Accepted, ApiFailure> {
        let r = self
            .m
            .post_dialog(Some(creds), uri_id, body, Some("rq".into()), self.now);
        self.tick();
        r
    }

    fn post(
        &mut self,
        id: &str,
        body: Result<DialogRequest, String>,
    ) -> Result<Accepted, ApiFailure> {
        self.post_as(&who(id), id, body)
    }

    /// PUT /Dialog/{dialog} as `id`, with any (or no) targetMediaAddress.
    fn put_to(
        &mut self,
        id: &str,
        dialog: &str,
        action: &str,
        target: Option<&str>,
    ) -> Result<Accepted, ApiFailure> {
        let r = self
            .m
            .put_dialog(Some(&who(id)), dialog, act(action, target), None, self.now);
        self.tick();
        r
    }

    /// PUT /Dialog/{dialog} as `id` on its own extension.
    fn put(&mut self, id: &str, dialog: &str, action: &str) -> Result<Accepted, ApiFailure> {
        self.put_to(id, dialog, action, Some(&ext(id)))
    }

    /// `a` calls `b` (both NOT_READY) and `b` answers.
    fn connected(&mut self, a: &str, b: &str) -> String {
        self.signed_in(a, false);
        self.signed_in(b, false);
        self.post(a, make(&ext(a), &ext(b))).expect("make call");
        let id = self.call_id(b);
        self.put(b, &id, "ANSWER").expect("answer");
        id
    }

    /// 1001 dials the ICD number 8000; READY 1002 is offered the call (not answered yet).
    fn icd_ringing(&mut self) -> String {
        self.signed_in("1001", false);
        self.signed_in("1002", true);
        self.post("1001", make(&ext("1001"), "8000"))
            .expect("icd call");
        self.call_id("1002")
    }

    /// The model's own record of a dialog (for participant states the user view hides once
    /// a party leaves).
    fn raw(&self, dialog: &str) -> &Dialog {
        let id = dialog.parse::<u64>().expect("numeric dialog id");
        self.m.dialogs.get(&id).expect("dialog exists")
    }

    fn p_state(&self, dialog: &str, user: &str) -> Option<&'static str> {
        self.raw(dialog)
            .participant(&ext(user))
            .map(|p| p.state.as_str())
    }

    fn live_parties(&self, dialog: &str) -> usize {
        self.raw(dialog).live_participants().count()
    }
}

/// 1001 calls 1002, who answers; supervisor 2001 (NOT_READY) silently monitors 1002.
fn monitored_call(dep: Deployment) -> (Lab, String, String) {
    let mut lab = Lab::new(dep);
    let call = lab.connected("1001", "1002");
    lab.signed_in("2001", false);
    lab.post("2001", monitor("2001", "1002")).expect("monitor");
    let m = lab.call_id("2001");
    (lab, call, m)
}

/// `monitored_call`, then 2001 barges in: a three-party conference.
fn barged_call(dep: Deployment) -> (Lab, String) {
    let (mut lab, call, m) = monitored_call(dep);
    lab.post("2001", barge("2001", "1002", Some(&uri(&m))))
        .expect("barge");
    assert_eq!(lab.live_parties(&call), 3, "the supervisor joined");
    (lab, call)
}

fn kind(e: &ApiFailure) -> (u16, &str) {
    (e.status, e.error_type.as_str())
}

// ---- who may post dialogs ----

#[test]
fn dialogs_on_another_users_uri_are_401_unless_dialog_for_other_user_allowed() {
    let mut lab = Lab::new(Ucce);
    for id in ["1001", "1002", "1003"] {
        lab.signed_in(id, false);
    }
    let e = lab
        .post_as(&who("1002"), "1001", make(&ext("1001"), &ext("1003")))
        .expect_err("another user's URI");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((401, "Invalid Authorization User Specified"), Some("1001"))
    );
    assert!(lab.dialogs("1003").is_empty(), "no call placed");

    lab.dev(Deviation::DialogForOtherUserAllowed, true);
    assert_eq!(
        lab.post_as(&who("1002"), "1001", make(&ext("1001"), &ext("1003")))
            .map(|a| a.status),
        Ok(202)
    );
    let calls = lab.dialogs("1003");
    assert_eq!(calls.len(), 1, "the call is placed");
    assert_eq!(calls[0].from_address, ext("1001"), "as the URI's user");
    assert!(lab.dialogs("1002").is_empty(), "not as the caller");
}

#[test]
fn unknown_credentials_are_401_unless_dialog_unknown_credentials_accepted() {
    let stranger = Credential::Basic(Basic {
        user: "nobody".into(),
        password: Secret::new("whatever"),
    });
    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("1002", false);
    let e = lab
        .post_as(&stranger, "1001", make(&ext("1001"), &ext("1002")))
        .expect_err("unknown user name");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    assert!(lab.dialogs("1002").is_empty());

    lab.dev(Deviation::DialogUnknownCredentialsAccepted, true);
    assert_eq!(
        lab.post_as(&stranger, "1001", make(&ext("1001"), &ext("1002")))
            .map(|a| a.status),
        Ok(202)
    );
    let calls = lab.dialogs("1002");
    assert_eq!(calls.len(), 1, "the call is placed as the URI's user");
    assert_eq!(calls[0].from_address, ext("1001"));
    // Only unknown names: a known user with a wrong password still fails.
    let wrong = Credential::Basic(Basic {
        user: "1003".into(),
        password: Secret::new("wrong"),
    });
    let e = lab
        .post_as(&wrong, "1003", make(&ext("1003"), &ext("1002")))
        .expect_err("wrong password");
    assert_eq!(kind(&e), (401, "Authorization Failure"));
    // Only the Dialog API: the User API still refuses the stranger.
    assert_eq!(
        lab.m
            .get_user(Some(&stranger), "1001", lab.now)
            .map_err(|e| e.status)
            .map(|_| ()),
        Err(401)
    );
}

#[test]
fn an_administrator_cannot_call_monitor_or_barge_unless_admin_may_barge() {
    let (mut lab, call, m) = monitored_call(Ucce);
    let from = "9999999";
    let bodies = || {
        [
            make(from, &ext("1002")),
            post_body("SILENT_MONITOR", from, Some(&ext("1002")), None),
            post_body("BARGE_CALL", from, Some(&ext("1002")), Some(&uri(&m))),
        ]
    };
    for body in bodies() {
        let e = lab.post(ADMIN, body).expect_err("admin");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((401, "Invalid Authorization User Specified"), Some(ADMIN))
        );
    }
    lab.dev(Deviation::AdminMayBarge, true);
    for body in bodies() {
        let e = lab.post(ADMIN, body).expect_err("no extension");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Invalid Input"), Some("fromAddress")),
            "falls through to the fromAddress check"
        );
    }
    // The deviation does not let the administrator act on another user's URI.
    let e = lab
        .post_as(&who(ADMIN), "2001", barge("2001", "1002", Some(&uri(&m))))
        .expect_err("another user's URI");
    assert_eq!(e.status, 401);
    assert_eq!(lab.live_parties(&call), 2, "nobody joined the call");
}

// ---- barge request fields ----

#[test]
fn barge_associated_dialog_uri_missing_or_malformed_and_their_deviations() {
    let (mut lab, call, _m) = monitored_call(Ucce);
    let missing = || barge("2001", "1002", None);
    let malformed = || barge("2001", "1002", Some("not-a-dialog-uri"));
    let e = lab.post("2001", missing()).expect_err("missing");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Parameter Missing"), Some("associatedDialogUri"))
    );
    let e = lab.post("2001", malformed()).expect_err("malformed");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Invalid Input"), Some("associatedDialogUri"))
    );

    lab.dev(Deviation::BargeMalformedUriAccepted, true);
    let e = lab.post("2001", malformed()).expect_err("fails later");
    assert_eq!(
        kind(&e),
        (400, "Invalid State"),
        "no longer Invalid Input: no monitoring session is named"
    );
    let e = lab.post("2001", missing()).expect_err("still missing");
    assert_eq!(e.error_type, "Parameter Missing", "only the URI rule lifts");

    lab.dev(Deviation::BargeMalformedUriAccepted, false);
    lab.dev(Deviation::BargeWithoutAssociatedDialogAccepted, true);
    let e = lab.post("2001", missing()).expect_err("fails later");
    assert_eq!(
        kind(&e),
        (400, "Invalid State"),
        "no longer Parameter Missing"
    );
    let e = lab.post("2001", malformed()).expect_err("still malformed");
    assert_eq!(e.error_type, "Invalid Input", "only the missing rule lifts");
    assert_eq!(lab.live_parties(&call), 2, "nobody joined the call");
}

// ---- silent monitor ----

#[test]
fn monitoring_supervisor_state_rules_ready_and_busy() {
    // A READY supervisor: 400 Invalid State unless monitor-from-ready-allowed.
    {
        let mut lab = Lab::new(Ucce);
        lab.connected("1001", "1002");
        lab.signed_in("2001", true);
        let e = lab
            .post("2001", monitor("2001", "1002"))
            .expect_err("supervisor READY");
        assert_eq!(kind(&e), (400, "Invalid State"));
        assert!(lab.dialogs("2001").is_empty());

        lab.dev(Deviation::MonitorFromReadyAllowed, true);
        assert_eq!(
            lab.post("2001", monitor("2001", "1002")).map(|a| a.status),
            Ok(202)
        );
        let sessions = lab.dialogs("2001");
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].call_type(), Some("SUPERVISOR_MONITOR"));
        assert_eq!(lab.state("2001"), "TALKING", "UCCE monitoring state");
    }
    // A TALKING supervisor: 400 Invalid State unless monitor-while-talking-allowed.
    {
        let mut lab = Lab::new(Ucce);
        lab.connected("1001", "1002");
        lab.connected("1003", "1004");
        lab.signed_in("2001", false);
        lab.post("2001", monitor("2001", "1002"))
            .expect("first monitor");
        assert_eq!(lab.state("2001"), "TALKING");
        let e = lab
            .post("2001", monitor("2001", "1004"))
            .expect_err("already TALKING");
        assert_eq!(kind(&e), (400, "Invalid State"));
        assert_eq!(lab.dialogs("2001").len(), 1);

        lab.dev(Deviation::MonitorWhileTalkingAllowed, true);
        assert!(lab.post("2001", monitor("2001", "1004")).is_ok());
        let sessions = lab.dialogs("2001");
        assert_eq!(sessions.len(), 2, "a second session");
        assert!(
            sessions
                .iter()
                .all(|d| d.call_type() == Some("SUPERVISOR_MONITOR"))
        );
        // The READY rule is a different one and stays.
        lab.signed_in("2002", true);
        let e = lab
            .post("2002", monitor("2002", "1004"))
            .expect_err("READY");
        assert_eq!(kind(&e), (400, "Invalid State"));
    }
}

#[test]
fn monitor_addressing_rules_from_address_and_team() {
    // fromAddress must be the supervisor's extension unless monitor-from-any-extension.
    {
        let mut lab = Lab::new(Ucce);
        lab.connected("1001", "1002");
        lab.signed_in("2001", false);
        let foreign = || post_body("SILENT_MONITOR", &ext("2002"), Some(&ext("1002")), None);
        let e = lab.post("2001", foreign()).expect_err("not my extension");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Invalid Input"), Some("fromAddress"))
        );
        assert!(lab.dialogs("2001").is_empty());

        lab.dev(Deviation::MonitorFromAnyExtension, true);
        assert_eq!(lab.post("2001", foreign()).map(|a| a.status), Ok(202));
        let sessions = lab.dialogs("2001");
        assert_eq!(sessions.len(), 1, "the session starts");
        assert_eq!(sessions[0].call_type(), Some("SUPERVISOR_MONITOR"));
        // MAKE_CALL keeps its fromAddress rule.
        let e = lab
            .post("2001", make(&ext("2002"), &ext("1003")))
            .expect_err("make call from another extension");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Invalid Input"), Some("fromAddress"))
        );
    }
    // The agent must be on the supervisor's team unless monitor-any-team (monitoring only).
    {
        let mut lab = Lab::new(Ucce);
        lab.connected("1101", "1102");
        lab.signed_in("2001", false);
        let e = lab
            .post("2001", monitor("2001", "1102"))
            .expect_err("other team");
        assert_eq!(kind(&e), (401, "Invalid Authorization User Specified"));

        lab.dev(Deviation::MonitorAnyTeam, true);
        lab.post("2001", monitor("2001", "1102"))
            .expect("other team");
        let sessions = lab.dialogs("2001");
        assert_eq!(sessions.len(), 1, "the session starts");
        assert_eq!(sessions[0].to_address, ext("1102"));
        // Barge keeps its own team rule.
        let m = sessions[0].id.clone();
        let e = lab
            .post("2001", barge("2001", "1102", Some(&uri(&m))))
            .expect_err("barge on another team");
        assert_eq!(e.status, 401);
    }
}

#[test]
fn only_an_agent_on_a_call_can_be_monitored() {
    // An agent on no call: no session unless monitor-without-call.
    {
        let mut lab = Lab::new(Ucce);
        lab.signed_in("1001", false);
        lab.signed_in("2001", false);
        let before = lab.errors();
        assert_eq!(
            lab.post("2001", monitor("2001", "1001")).map(|a| a.status),
            Ok(202),
            "accepted, then fails"
        );
        assert!(lab.dialogs("2001").is_empty(), "no session");
        assert_eq!(lab.errors(), before + 1);
        assert_eq!(lab.last_error_data(), Some("13145"));
        assert_eq!(lab.state("2001"), "NOT_READY");

        lab.dev(Deviation::MonitorWithoutCall, true);
        lab.post("2001", monitor("2001", "1001")).expect("accepted");
        assert_eq!(lab.errors(), before + 1, "no new failure");
        let m = lab.call_id("2001");
        assert_eq!(
            lab.raw(&m).kind,
            DialogKind::Monitor { monitored: 0 },
            "a session watching no call"
        );
    }
    // A supervisor who is itself monitoring: no session unless monitor-call-monitorable.
    {
        let (mut lab, _call, m) = monitored_call(Ucce);
        lab.signed_in("2002", false);
        let before = lab.errors();
        assert_eq!(
            lab.post("2002", monitor("2002", "2001")).map(|a| a.status),
            Ok(202),
            "2001 is on team 5000: accepted, then fails"
        );
        assert!(lab.dialogs("2002").is_empty(), "no session");
        assert_eq!(lab.errors(), before + 1);
        assert_eq!(lab.last_error_data(), Some("13145"));

        lab.dev(Deviation::MonitorCallMonitorable, true);
        lab.post("2002", monitor("2002", "2001")).expect("accepted");
        let sessions = lab.dialog_ids("2002");
        assert_eq!(sessions.len(), 1, "the session starts");
        let monitored: u64 = m.parse().expect("id");
        assert_eq!(
            lab.raw(&sessions[0]).kind,
            DialogKind::Monitor { monitored }
        );
        // It lifts nothing else: an agent on no call still cannot be monitored.
        lab.signed_in("1003", false);
        lab.signed_in("2003", false);
        lab.post("2003", monitor("2003", "1003")).expect("accepted");
        assert!(lab.dialogs("2003").is_empty());
        assert_eq!(lab.last_error_data(), Some("13145"));
    }
}

#[test]
fn monitor_start_deviations_not_started_and_states_swapped() {
    // silent-monitor-not-started: accepted, but no session and no failure.
    {
        let mut lab = Lab::new(Ucce);
        let call = lab.connected("1001", "1002");
        lab.signed_in("2001", false);
        lab.dev(Deviation::SilentMonitorNotStarted, true);
        let before = lab.errors();
        assert_eq!(
            lab.post("2001", monitor("2001", "1002")).map(|a| a.status),
            Ok(202)
        );
        assert!(lab.dialogs("2001").is_empty(), "no session");
        assert_eq!(
            lab.state("2001"),
            "NOT_READY",
            "the supervisor is untouched"
        );
        assert_eq!(lab.errors(), before, "and no failure is reported");
        assert_eq!(lab.live_parties(&call), 2);
    }
    // monitoring-states-swapped: the supervisor takes the other platform's state.
    {
        for (dep, normal, swapped) in [
            (Ucce, "TALKING", "NOT_READY"),
            (Uccx, "NOT_READY", "TALKING"),
        ] {
            let (mut lab, _, _) = monitored_call(dep);
            assert_eq!(lab.state("2001"), normal, "{dep}");

            let mut lab = Lab::new(dep);
            lab.dev(Deviation::MonitoringStatesSwapped, true);
            lab.connected("1001", "1002");
            lab.signed_in("2001", false);
            lab.post("2001", monitor("2001", "1002")).expect("monitor");
            assert_eq!(lab.dialogs("2001").len(), 1, "{dep}: monitoring");
            assert_eq!(lab.state("2001"), swapped, "{dep}: swapped");
        }
    }
}

#[test]
fn monitoring_end_deviations_drop_ignored_and_outlives_call() {
    // monitor-drop-ignored: DROP on the session changes nothing; DROP on the call still works.
    {
        let (mut lab, call, m) = monitored_call(Ucce);
        lab.dev(Deviation::MonitorDropIgnored, true);
        assert_eq!(lab.put("2001", &m, "DROP").map(|a| a.status), Ok(202));
        assert_eq!(
            lab.dialog_ids("2001"),
            vec![m.clone()],
            "the session goes on"
        );
        assert_eq!(lab.state("2001"), "TALKING");
        // A DROP on the call itself still ends it, and the session with it.
        lab.put("1001", &call, "DROP").expect("drop the call");
        assert!(lab.dialogs("1002").is_empty());
        assert!(
            lab.dialogs("2001").is_empty(),
            "the session ends with the call"
        );
        assert_eq!(lab.state("2001"), "NOT_READY");
    }
    // monitor-outlives-call: the session goes on after the monitored call ends.
    {
        let (mut lab, call, m) = monitored_call(Ucce);
        lab.dev(Deviation::MonitorOutlivesCall, true);
        lab.put("1001", &call, "DROP").expect("drop the call");
        assert!(lab.dialogs("1002").is_empty(), "the call is over");
        assert_eq!(
            lab.dialog_ids("2001"),
            vec![m.clone()],
            "the session is not"
        );
        assert_eq!(lab.state("2001"), "TALKING");
        // The supervisor can still end it.
        lab.put("2001", &m, "DROP").expect("end monitoring");
        assert!(lab.dialogs("2001").is_empty());
        assert_eq!(lab.state("2001"), "NOT_READY");
    }
}

// ---- PARTICIPANT_DROP ----

#[test]
fn participant_drop_by_a_cce_supervisor_removes_the_named_participant() {
    let (mut lab, call) = barged_call(Ucce);
    let e = lab
        .put_to("1002", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
        .expect_err("an agent");
    assert_eq!(e.status, 401);
    let e = lab
        .put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1005")))
        .expect_err("not on the call");
    assert_eq!(kind(&e), (400, "Invalid Destination"));
    assert_eq!(lab.live_parties(&call), 3, "nothing changed yet");

    let before = lab.errors();
    assert_eq!(
        lab.put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
            .map(|a| a.status),
        Ok(202)
    );
    assert_eq!(lab.errors(), before, "no async failure");
    assert_eq!(lab.p_state(&call, "1001"), Some("DROPPED"));
    assert_eq!(lab.live_parties(&call), 2);
    assert!(lab.dialogs("1001").is_empty(), "1001 has left");
    assert_eq!(lab.state("1001"), "NOT_READY");
    assert_eq!(
        lab.dialog_ids("1002"),
        vec![call.clone()],
        "the others stay"
    );
    assert_eq!(lab.dialog_ids("2001"), vec![call.clone()]);
    // A participant who has left is no longer on the call.
    let e = lab
        .put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
        .expect_err("already dropped");
    assert_eq!(kind(&e), (400, "Invalid Destination"));
}

#[test]
fn participant_drop_deviations_and_ccx() {
    let (mut lab, call) = barged_call(Ucce);
    lab.dev(Deviation::ParticipantDropUnknownTargetAccepted, true);
    assert_eq!(
        lab.put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1005")))
            .map(|a| a.status),
        Ok(202),
        "an extension not on the call"
    );
    assert_eq!(lab.live_parties(&call), 3, "and nobody is dropped");
    let e = lab
        .put_to("1002", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
        .expect_err("agents still may not");
    assert_eq!(e.status, 401);

    let (mut lab, call) = barged_call(Ucce);
    lab.dev(Deviation::ParticipantDropIgnored, true);
    assert_eq!(
        lab.put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
            .map(|a| a.status),
        Ok(202)
    );
    assert_eq!(
        lab.p_state(&call, "1001"),
        Some("ACTIVE"),
        "stays on the call"
    );
    assert_eq!(lab.live_parties(&call), 3);
    assert_eq!(lab.dialog_ids("1001"), vec![call.clone()]);

    let (mut lab, call) = barged_call(Uccx);
    let e = lab
        .put_to("2001", &call, "PARTICIPANT_DROP", Some(&ext("1001")))
        .expect_err("CCE only");
    assert_eq!(kind(&e), (501, "Not Implemented"));
    assert_eq!(lab.live_parties(&call), 3);
}

// ---- START_RECORDING ----

#[test]
fn start_recording_is_ccx_only_for_participants_and_monitoring_supervisors() {
    let mut lab = Lab::new(Ucce);
    let call = lab.connected("1001", "1002");
    let e = lab.put("1002", &call, "START_RECORDING").expect_err("UCCE");
    assert_eq!(kind(&e), (501, "Not Implemented"));
    lab.dev(Deviation::StartRecordingOnCce, true);
    let before = lab.errors();
    assert_eq!(
        lab.put("1002", &call, "START_RECORDING").map(|a| a.status),
        Ok(202)
    );
    assert_eq!(lab.errors(), before, "no async failure");

    let (mut lab, call, _m) = monitored_call(Uccx);
    let before = lab.errors();
    assert_eq!(
        lab.put("1002", &call, "START_RECORDING").map(|a| a.status),
        Ok(202),
        "an ACTIVE participant"
    );
    assert_eq!(
        lab.put("2001", &call, "START_RECORDING").map(|a| a.status),
        Ok(202),
        "the monitoring supervisor"
    );
    assert_eq!(lab.errors(), before, "no async failure");
    lab.signed_in("2002", false);
    let e = lab
        .put("2002", &call, "START_RECORDING")
        .expect_err("neither on nor monitoring the call");
    assert_eq!(kind(&e), (400, "Invalid State"));
    let e = lab
        .put_to("1001", &call, "START_RECORDING", Some(&ext("1002")))
        .expect_err("another participant's extension");
    assert_eq!(e.status, 401);
}

#[test]
fn start_recording_held_and_refused_deviations() {
    let mut lab = Lab::new(Uccx);
    let call = lab.connected("1001", "1002");
    lab.put("1002", &call, "HOLD").expect("hold");
    assert_eq!(lab.p_state(&call, "1002"), Some("HELD"));
    let e = lab.put("1002", &call, "START_RECORDING").expect_err("HELD");
    assert_eq!(kind(&e), (401, "Invalid State"), "p.107: 401 Invalid State");
    assert!(
        lab.put("1001", &call, "START_RECORDING").is_ok(),
        "the ACTIVE party may"
    );
    lab.dev(Deviation::StartRecordingWhileHeldAllowed, true);
    assert_eq!(
        lab.put("1002", &call, "START_RECORDING").map(|a| a.status),
        Ok(202)
    );

    let mut lab = Lab::new(Uccx);
    let call = lab.connected("1001", "1002");
    lab.dev(Deviation::StartRecordingRefused, true);
    let e = lab
        .put("1001", &call, "START_RECORDING")
        .expect_err("refused");
    assert_eq!(kind(&e), (400, "Invalid State"));
}

// ---- calls ----

#[test]
fn make_call_deviations_never_rings_to_self_and_without_destination() {
    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("1002", false);
    lab.dev(Deviation::CallNeverRings, true);
    assert_eq!(
        lab.post("1001", make(&ext("1001"), &ext("1002")))
            .map(|a| a.status),
        Ok(202)
    );
    assert!(lab.dialogs("1001").is_empty() && lab.dialogs("1002").is_empty());
    assert_eq!(lab.state("1001"), "NOT_READY");

    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("2001", false);
    let e = lab
        .post("1001", make(&ext("1001"), &ext("1001")))
        .expect_err("to self");
    assert_eq!(kind(&e), (400, "Invalid Destination"));
    lab.dev(Deviation::CallToSelfAllowed, true);
    assert_eq!(
        lab.post("1001", make(&ext("1001"), &ext("1001")))
            .map(|a| a.status),
        Ok(202)
    );
    assert_eq!(lab.dialogs("1001").len(), 1, "a call is placed");
    let e = lab
        .post("2001", monitor("2001", "2001"))
        .expect_err("monitoring oneself");
    assert_eq!(kind(&e), (400, "Invalid Destination"), "MAKE_CALL only");

    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("2001", false);
    let no_to = || post_body("MAKE_CALL", &ext("1001"), None, None);
    let e = lab.post("1001", no_to()).expect_err("no toAddress");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Parameter Missing"), Some("toAddress"))
    );
    lab.dev(Deviation::CallWithoutDestinationAccepted, true);
    assert_eq!(lab.post("1001", no_to()).map(|a| a.status), Ok(202));
    let calls = lab.dialogs("1001");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].state, "FAILED", "then fails");
    let id = calls[0].id.clone();
    assert_eq!(lab.p_state(&id, "1001"), Some("FAILED"));
    let e = lab
        .post(
            "2001",
            post_body("SILENT_MONITOR", &ext("2001"), None, None),
        )
        .expect_err("monitor without toAddress");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Parameter Missing"), Some("toAddress")),
        "MAKE_CALL only"
    );
}

#[test]
fn action_deviations_answer_hold_and_unlisted() {
    // answer-ignored and hold-ignored: accepted, the participant stays as it was.
    {
        let mut lab = Lab::new(Ucce);
        lab.signed_in("1001", false);
        lab.signed_in("1002", false);
        lab.post("1001", make(&ext("1001"), &ext("1002")))
            .expect("make");
        let call = lab.call_id("1002");
        lab.dev(Deviation::AnswerIgnored, true);
        let before = lab.errors();
        assert_eq!(lab.put("1002", &call, "ANSWER").map(|a| a.status), Ok(202));
        assert_eq!(lab.errors(), before, "no async failure");
        assert_eq!(
            lab.p_state(&call, "1002"),
            Some("ALERTING"),
            "still ringing"
        );
        assert_eq!(lab.raw(&call).state.as_str(), "ALERTING");
        assert_eq!(lab.state("1002"), "NOT_READY");

        let mut lab = Lab::new(Ucce);
        let call = lab.connected("1001", "1002");
        lab.dev(Deviation::HoldIgnored, true);
        assert_eq!(lab.put("1002", &call, "HOLD").map(|a| a.status), Ok(202));
        assert_eq!(lab.p_state(&call, "1002"), Some("ACTIVE"));
        assert_eq!(lab.state("1002"), "TALKING");
        // Only HOLD is ignored: DROP still works.
        lab.put("1002", &call, "DROP").expect("drop");
        assert!(lab.dialogs("1001").is_empty());
    }
    // An unlisted action fails asynchronously unless action-not-in-list-applied.
    {
        let mut lab = Lab::new(Ucce);
        lab.signed_in("1001", false);
        lab.signed_in("1002", false);
        lab.post("1001", make(&ext("1001"), &ext("1002")))
            .expect("make");
        let call = lab.call_id("1002");
        let before = lab.errors();
        lab.put("1002", &call, "HOLD").expect("accepted");
        assert_eq!(lab.p_state(&call, "1002"), Some("ALERTING"));
        assert_eq!(lab.errors(), before + 1, "Generic Error");

        lab.dev(Deviation::ActionNotInListApplied, true);
        lab.put("1002", &call, "HOLD").expect("accepted");
        assert_eq!(lab.p_state(&call, "1002"), Some("HELD"), "carried out");
        assert_eq!(lab.errors(), before + 1, "no new failure");
    }
}

#[test]
fn drop_leaves_other_party_only_on_an_answered_call() {
    let mut lab = Lab::new(Ucce);
    let call = lab.connected("1001", "1002");
    lab.dev(Deviation::DropLeavesOtherParty, true);
    lab.put("1001", &call, "DROP").expect("drop");
    assert!(lab.dialogs("1001").is_empty(), "the dropping party leaves");
    assert_eq!(lab.state("1001"), "NOT_READY");
    assert_eq!(
        lab.dialog_ids("1002"),
        vec![call.clone()],
        "the other stays"
    );
    assert_eq!(lab.p_state(&call, "1002"), Some("ACTIVE"));
    assert_eq!(lab.state("1002"), "TALKING");
    lab.put("1002", &call, "DROP").expect("the leftover drops");
    assert!(lab.dialogs("1002").is_empty());
    assert_eq!(lab.state("1002"), "NOT_READY");

    // A ringing leftover could not drop it, so the call still ends.
    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", false);
    lab.signed_in("1002", false);
    lab.post("1001", make(&ext("1001"), &ext("1002")))
        .expect("make");
    let call = lab.call_id("1002");
    lab.dev(Deviation::DropLeavesOtherParty, true);
    lab.put("1001", &call, "DROP").expect("caller gives up");
    assert!(lab.dialogs("1002").is_empty(), "the call ends");
    assert_eq!(lab.p_state(&call, "1002"), Some("DROPPED"));
}

#[test]
fn unknown_dialog_400_deviations_split_get_and_put() {
    let mut lab = Lab::new(Ucce);
    let call = lab.connected("1001", "1002");
    let get = |lab: &mut Lab| {
        lab.m
            .dialog(Some(&who("1001")), "424242", lab.now)
            .map(|_| ())
    };
    let put = |lab: &mut Lab| lab.put("1001", "424242", "DROP").map(|_| ());
    assert_eq!(get(&mut lab).map_err(|e| e.status), Err(404));
    assert_eq!(put(&mut lab).map_err(|e| e.status), Err(404));

    lab.dev(Deviation::UnknownDialogReturns400, true);
    let e = get(&mut lab).expect_err("GET");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Invalid Input"), Some("dialogId"))
    );
    assert_eq!(
        put(&mut lab).map_err(|e| e.status),
        Err(404),
        "PUT untouched"
    );

    lab.dev(Deviation::UnknownDialogReturns400, false);
    lab.dev(Deviation::UnknownDialogPutReturns400, true);
    let e = put(&mut lab).expect_err("PUT");
    assert_eq!(
        (kind(&e), e.data.as_deref()),
        ((400, "Invalid Input"), Some("dialogId"))
    );
    assert_eq!(
        get(&mut lab).map_err(|e| e.status),
        Err(404),
        "GET untouched"
    );
    assert!(
        lab.m.dialog(Some(&who("1001")), &call, lab.now).is_ok(),
        "known dialogs still read"
    );
}

#[test]
fn call_state_deviations_non_icd_answer_icd_reserve_and_icd_hold() {
    for (dep, normal, swapped) in [
        (Ucce, "TALKING", "NOT_READY"),
        (Uccx, "NOT_READY", "TALKING"),
    ] {
        let mut lab = Lab::new(dep);
        lab.connected("1001", "1002");
        assert_eq!(lab.state("1002"), normal, "{dep}");
        let mut lab = Lab::new(dep);
        lab.dev(Deviation::NonIcdCallStatesSwapped, true);
        lab.connected("1001", "1002");
        assert_eq!(lab.state("1002"), swapped, "{dep}: the answering agent");
        assert_eq!(lab.state("1001"), normal, "{dep}: the caller is untouched");
    }

    for dep in [Ucce, Uccx] {
        for (on, offered) in [(false, "RESERVED"), (true, "READY")] {
            let mut lab = Lab::new(dep);
            lab.dev(Deviation::IcdCallSkipsReserved, on);
            let call = lab.icd_ringing();
            assert_eq!(lab.p_state(&call, "1002"), Some("ALERTING"), "{dep}");
            assert_eq!(lab.state("1002"), offered, "{dep} deviation {on}");
        }
    }

    for (dep, normal, swapped) in [(Ucce, "HOLD", "TALKING"), (Uccx, "TALKING", "HOLD")] {
        for (on, held) in [(false, normal), (true, swapped)] {
            let mut lab = Lab::new(dep);
            lab.dev(Deviation::IcdHoldStatesSwapped, on);
            let call = lab.icd_ringing();
            lab.put("1002", &call, "ANSWER").expect("answer");
            lab.put("1002", &call, "HOLD").expect("hold");
            assert_eq!(lab.p_state(&call, "1002"), Some("HELD"));
            assert_eq!(lab.state("1002"), held, "{dep} deviation {on}");
        }
    }
    // Non-ICD holds keep their platform's state.
    let mut lab = Lab::new(Ucce);
    lab.dev(Deviation::IcdHoldStatesSwapped, true);
    let call = lab.connected("1001", "1002");
    lab.put("1002", &call, "HOLD").expect("hold");
    assert_eq!(lab.state("1002"), "HOLD");
}

#[test]
fn pending_states_swapped_follows_the_other_platform_on_non_icd_calls() {
    // UCCE: READY during a non-ICD call is normally pending; swapped, CCX refuses it (33).
    for (on, error, after) in [(false, None, "READY"), (true, Some("33"), "NOT_READY")] {
        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::PendingStatesSwapped, on);
        let call = lab.connected("1001", "1002");
        let before = lab.errors();
        lab.set("1002", "READY");
        assert_eq!(lab.state("1002"), "TALKING", "not applied during the call");
        assert_eq!(
            (lab.errors() - before, error.and(lab.last_error_data())),
            (usize::from(error.is_some()), error),
            "UCCE deviation {on}"
        );
        lab.put("1002", &call, "DROP").expect("drop");
        assert_eq!(lab.state("1002"), after, "UCCE deviation {on}");
    }
    // UCCX: normally refused with 33; swapped, it is applied after the call.
    for (on, error, after) in [(false, Some("33"), "NOT_READY"), (true, None, "READY")] {
        let mut lab = Lab::new(Uccx);
        lab.dev(Deviation::PendingStatesSwapped, on);
        let call = lab.connected("1001", "1002");
        let before = lab.errors();
        lab.set("1002", "READY");
        assert_eq!(
            (lab.errors() - before, error.and(lab.last_error_data())),
            (usize::from(error.is_some()), error),
            "UCCX deviation {on}"
        );
        lab.put("1002", &call, "DROP").expect("drop");
        assert_eq!(lab.state("1002"), after, "UCCX deviation {on}");
    }
    // ICD calls keep their own rule: a pending READY on UCCE is still accepted.
    let mut lab = Lab::new(Ucce);
    lab.dev(Deviation::PendingStatesSwapped, true);
    let call = lab.icd_ringing();
    lab.put("1002", &call, "ANSWER").expect("answer");
    let before = lab.errors();
    lab.set("1002", "READY");
    assert_eq!(lab.errors(), before, "no refusal on an ICD call");
}

// ---- barge outcomes ----

#[test]
fn barge_outcome_deviations_not_joined_not_ready_and_drop_ends_call() {
    // barge-not-joined: accepted, but the supervisor never joins.
    {
        let (mut lab, call, m) = monitored_call(Ucce);
        lab.dev(Deviation::BargeNotJoined, true);
        let before = lab.errors();
        assert_eq!(
            lab.post("2001", barge("2001", "1002", Some(&uri(&m))))
                .map(|a| a.status),
            Ok(202)
        );
        assert_eq!(lab.errors(), before, "no failure reported");
        assert_eq!(lab.live_parties(&call), 2, "not joined");
        assert!(!lab.raw(&call).is_conference());
        assert_eq!(lab.dialog_ids("2001"), vec![m], "still only monitoring");
        assert_eq!(lab.state("2001"), "TALKING");
    }
    // barged-supervisor-not-ready: NOT_READY instead of the platform's state.
    {
        for (on, sup) in [(false, "TALKING"), (true, "NOT_READY")] {
            let (mut lab, call, m) = monitored_call(Ucce);
            lab.dev(Deviation::BargedSupervisorNotReady, on);
            lab.post("2001", barge("2001", "1002", Some(&uri(&m))))
                .expect("barge");
            assert_eq!(lab.live_parties(&call), 3, "joined");
            assert_eq!(lab.state("2001"), sup, "deviation {on}");
            assert_eq!(lab.state("1002"), "TALKING");
        }
    }
    // barge-drop-ends-call: the supervisor leaving ends the call for everyone.
    {
        for on in [false, true] {
            let (mut lab, call) = barged_call(Ucce);
            lab.dev(Deviation::BargeDropEndsCall, on);
            lab.put("2001", &call, "DROP")
                .expect("the supervisor leaves");
            assert!(lab.dialogs("2001").is_empty());
            assert_eq!(lab.state("2001"), "NOT_READY");
            let left: Vec<usize> = ["1001", "1002"]
                .iter()
                .map(|a| lab.dialogs(a).len())
                .collect();
            if on {
                assert_eq!(left, [0, 0], "the call ended for everyone");
                assert_eq!(lab.state("1002"), "NOT_READY");
            } else {
                assert_eq!(left, [1, 1], "the agents stay on the call");
                assert_eq!(lab.live_parties(&call), 2);
            }
        }
    }
}

// ---- preview ----

#[test]
fn preview_reservation_accept_and_reject_deviations() {
    // preview-reservation-plain-reserved and preview-accept-no-customer.
    {
        for (on, reserved) in [(false, "RESERVED_OUTBOUND_PREVIEW"), (true, "RESERVED")] {
            let mut lab = Lab::new(Ucce);
            lab.dev(Deviation::PreviewReservationPlainReserved, on);
            lab.signed_in("1001", true);
            let id = lab
                .m
                .place_preview("1001", false, lab.now)
                .expect("reservation")
                .to_string();
            assert_eq!(lab.state("1001"), reserved, "deviation {on}");
            lab.put("1001", &id, "CLOSE").expect("close");
            assert_eq!(lab.state("1001"), "READY");
        }

        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::PreviewAcceptNoCustomer, true);
        lab.signed_in("1001", true);
        let id = lab
            .m
            .place_preview("1001", false, lab.now)
            .expect("reservation")
            .to_string();
        assert_eq!(lab.put("1001", &id, "ACCEPT").map(|a| a.status), Ok(202));
        assert!(lab.dialogs("1001").is_empty(), "no call to the customer");
        assert_eq!(
            lab.raw(&id).state.as_str(),
            "ACCEPTED",
            "the reservation ended"
        );
        assert_eq!(lab.state("1001"), "READY", "not TALKING");
    }
    // reject-keeps-reservation: REJECT only; CLOSE still ends the reservation.
    {
        let mut lab = Lab::new(Ucce);
        lab.signed_in("1001", true);
        let id = lab
            .m
            .place_preview("1001", false, lab.now)
            .expect("reservation")
            .to_string();
        lab.put("1001", &id, "REJECT").expect("reject");
        assert!(lab.dialogs("1001").is_empty(), "REJECT ends it normally");
        assert_eq!(lab.state("1001"), "READY");

        let mut lab = Lab::new(Ucce);
        lab.dev(Deviation::RejectKeepsReservation, true);
        lab.signed_in("1001", true);
        let id = lab
            .m
            .place_preview("1001", false, lab.now)
            .expect("reservation")
            .to_string();
        assert_eq!(lab.put("1001", &id, "REJECT").map(|a| a.status), Ok(202));
        assert_eq!(
            lab.dialog_ids("1001"),
            vec![id.clone()],
            "the reservation stays"
        );
        assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND_PREVIEW");
        lab.put("1001", &id, "CLOSE").expect("close");
        assert!(lab.dialogs("1001").is_empty(), "CLOSE still ends it");
        assert_eq!(lab.state("1001"), "READY");
    }
}

#[test]
fn preview_request_deviations_target_optional_and_unknown_action() {
    // targetMediaAddress is required unless preview-target-optional (own extension).
    {
        let mut lab = Lab::new(Ucce);
        lab.signed_in("1001", true);
        let id = lab
            .m
            .place_preview("1001", false, lab.now)
            .expect("reservation")
            .to_string();
        let e = lab
            .put_to("1001", &id, "CLOSE", None)
            .expect_err("no target");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Parameter Missing"), Some("targetMediaAddress"))
        );
        lab.dev(Deviation::PreviewTargetOptional, true);
        let e = lab
            .put_to(ADMIN, &id, "CLOSE", None)
            .expect_err("a user without an extension");
        assert_eq!(e.error_type, "Parameter Missing");
        assert_eq!(
            lab.put_to("1001", &id, "CLOSE", None).map(|a| a.status),
            Ok(202)
        );
        assert!(
            lab.dialogs("1001").is_empty(),
            "closed for 1001's extension"
        );
        assert_eq!(lab.state("1001"), "READY");
    }
    // An unknown requestedAction is 400 Invalid Input unless unknown-dialog-action-ignored.
    {
        let mut lab = Lab::new(Ucce);
        lab.signed_in("1001", true);
        let id = lab
            .m
            .place_preview("1001", false, lab.now)
            .expect("reservation")
            .to_string();
        let e = lab.put("1001", &id, "TELEPORT").expect_err("unknown");
        assert_eq!(
            (kind(&e), e.data.as_deref()),
            ((400, "Invalid Input"), Some("requestedAction"))
        );
        lab.dev(Deviation::UnknownDialogActionIgnored, true);
        let before = lab.errors();
        assert_eq!(lab.put("1001", &id, "TELEPORT").map(|a| a.status), Ok(202));
        assert_eq!(lab.errors(), before, "no async failure");
        assert_eq!(lab.dialog_ids("1001"), vec![id.clone()]);
        assert_eq!(lab.p_state(&id, "1001"), Some("ALERTING"));
        assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND_PREVIEW");
    }
}

#[test]
fn direct_preview_on_cce_accepts_the_ccx_only_actions() {
    let mut lab = Lab::new(Ucce);
    lab.signed_in("1001", true);
    let id = lab
        .m
        .place_preview("1001", true, lab.now)
        .expect("direct preview")
        .to_string();
    let e = lab.put("1001", &id, "ACCEPT").expect_err("CCX only");
    assert_eq!(kind(&e), (501, "Not Implemented"));
    assert_eq!(lab.state("1001"), "RESERVED_OUTBOUND_PREVIEW");
    lab.dev(Deviation::DirectPreviewOnCce, true);
    assert_eq!(lab.put("1001", &id, "ACCEPT").map(|a| a.status), Ok(202));
    let calls = lab.dialogs("1001");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].call_type(), Some("OUTBOUND"), "the dialer's call");
    assert_eq!(lab.state("1001"), "TALKING");
}
