//! Dialog rules added for the self-check (issue 4): see the module docs of calls.rs.
//!
//! Each test shows a rule as the mock keeps it, then switches on the deviation that breaks
//! that rule and shows that the rule (and only that rule) is lifted. No HTTP, no sleeps: the
//! lab advances a fake clock past the processing delay.

use std::time::{Duration, Instant};

use super::dialogs::Dialog;
use super::*;
use crate::documents::DialogRequest;
use crate::fixture::Fixture;
use Deployment::Ucce;

pub(super) const DELAY: Duration = Duration::from_millis(10);
pub(super) const ADMIN: &str = "admin";

pub(super) struct Lab {
    pub(super) m: Finesse,
    pub(super) now: Instant,
}

pub(super) fn who(id: &str) -> Credential {
    Credential::Basic(Basic {
        user: id.into(),
        password: Secret::new("mock-pw-1"),
    })
}

pub(super) fn ext(id: &str) -> String {
    format!("{id}001")
}

pub(super) fn uri(dialog: &str) -> String {
    format!("/finesse/api/Dialog/{dialog}")
}

pub(super) fn post_body(
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

pub(super) fn make(from: &str, to: &str) -> Result<DialogRequest, String> {
    post_body("MAKE_CALL", from, Some(to), None)
}

pub(super) fn monitor(sup: &str, agent: &str) -> Result<DialogRequest, String> {
    post_body("SILENT_MONITOR", &ext(sup), Some(&ext(agent)), None)
}

/// `associated` is the raw associatedDialogUri (None leaves the field out).
pub(super) fn barge(
    sup: &str,
    agent: &str,
    associated: Option<&str>,
) -> Result<DialogRequest, String> {
    post_body("BARGE_CALL", &ext(sup), Some(&ext(agent)), associated)
}

pub(super) fn act(action: &str, target: Option<&str>) -> Result<DialogRequest, String> {
    Ok(DialogRequest {
        requested_action: Some(action.into()),
        target_media_address: target.map(str::to_string),
        ..Default::default()
    })
}

impl Lab {
    pub(super) fn new(dep: Deployment) -> Lab {
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

    pub(super) fn dev(&mut self, d: Deviation, on: bool) {
        if std::env::var("MUTATE").ok().as_deref() == Some(d.name()) {
            return;
        }
        if on && std::env::var("MUTATE_ON").ok().as_deref() == Some(d.name()) {
            return;
        }
        self.m.deviations.set(d, on);
    }

    pub(super) fn tick(&mut self) {
        self.now += DELAY * 2;
        self.m.advance(self.now);
    }

    pub(super) fn state(&mut self, id: &str) -> String {
        self.m
            .get_user(Some(&who(id)), id, self.now)
            .expect("user")
            .state
            .unwrap_or_default()
    }

    pub(super) fn set(&mut self, id: &str, state: &str) {
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

    pub(super) fn signed_in(&mut self, id: &str, ready: bool) {
        self.set(id, "LOGIN");
        if ready {
            self.set(id, "READY");
        }
    }

    pub(super) fn dialogs(&mut self, id: &str) -> Vec<doc::Dialog> {
        self.m
            .user_dialogs(Some(&who(id)), id, self.now)
            .expect("dialogs")
            .dialogs
    }

    pub(super) fn dialog_ids(&mut self, id: &str) -> Vec<String> {
        self.dialogs(id).into_iter().map(|d| d.id).collect()
    }

    pub(super) fn call_id(&mut self, id: &str) -> String {
        self.dialog_ids(id).first().cloned().expect("a dialog")
    }

    pub(super) fn errors(&self) -> usize {
        self.m.async_errors().len()
    }

    pub(super) fn last_error_data(&self) -> Option<&str> {
        self.m.async_errors().last().map(|e| e.error_data.as_str())
    }

    /// POST /User/{uri_id}/Dialogs with any credentials.
    pub(super) fn post_as(
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

    pub(super) fn post(
        &mut self,
        id: &str,
        body: Result<DialogRequest, String>,
    ) -> Result<Accepted, ApiFailure> {
        self.post_as(&who(id), id, body)
    }

    /// PUT /Dialog/{dialog} as `id`, with any (or no) targetMediaAddress.
    pub(super) fn put_to(
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
    pub(super) fn put(
        &mut self,
        id: &str,
        dialog: &str,
        action: &str,
    ) -> Result<Accepted, ApiFailure> {
        self.put_to(id, dialog, action, Some(&ext(id)))
    }

    /// `a` calls `b` (both NOT_READY) and `b` answers.
    pub(super) fn connected(&mut self, a: &str, b: &str) -> String {
        self.signed_in(a, false);
        self.signed_in(b, false);
        self.post(a, make(&ext(a), &ext(b))).expect("make call");
        let id = self.call_id(b);
        self.put(b, &id, "ANSWER").expect("answer");
        id
    }

    /// 1001 dials the ICD number 8000; READY 1002 is offered the call (not answered yet).
    pub(super) fn icd_ringing(&mut self) -> String {
        self.signed_in("1001", false);
        self.signed_in("1002", true);
        self.post("1001", make(&ext("1001"), "8000"))
            .expect("icd call");
        self.call_id("1002")
    }

    /// The model's own record of a dialog (for participant states the user view hides once
    /// a party leaves).
    pub(super) fn raw(&self, dialog: &str) -> &Dialog {
        let id = dialog.parse::<u64>().expect("numeric dialog id");
        self.m.dialogs.get(&id).expect("dialog exists")
    }

    pub(super) fn p_state(&self, dialog: &str, user: &str) -> Option<&'static str> {
        self.raw(dialog)
            .participant(&ext(user))
            .map(|p| p.state.as_str())
    }

    pub(super) fn live_parties(&self, dialog: &str) -> usize {
        self.raw(dialog).live_participants().count()
    }
}

/// 1001 calls 1002, who answers; supervisor 2001 (NOT_READY) silently monitors 1002.
pub(super) fn monitored_call(dep: Deployment) -> (Lab, String, String) {
    let mut lab = Lab::new(dep);
    let call = lab.connected("1001", "1002");
    lab.signed_in("2001", false);
    lab.post("2001", monitor("2001", "1002")).expect("monitor");
    let m = lab.call_id("2001");
    (lab, call, m)
}

/// `monitored_call`, then 2001 barges in: a three-party conference.
pub(super) fn barged_call(dep: Deployment) -> (Lab, String) {
    let (mut lab, call, m) = monitored_call(dep);
    lab.post("2001", barge("2001", "1002", Some(&uri(&m))))
        .expect("barge");
    assert_eq!(lab.live_parties(&call), 3, "the supervisor joined");
    (lab, call)
}

pub(super) fn kind(e: &ApiFailure) -> (u16, &str) {
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
