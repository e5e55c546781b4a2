//! Set-up shared by the model's tests: a model on the embedded fixture with a clock of its own
//! (the [`Lab`]), the fixture users' credentials and extensions, and request bodies. No HTTP,
//! no sleeps: the lab moves its clock past the processing delay.

use std::time::{Duration, Instant};

use super::dialogs::Dialog;
use super::*;
use crate::documents::{DialogRequest, MediaUpdate};
use crate::fixture::Fixture;

/// The processing delay of every lab.
pub(super) const DELAY: Duration = Duration::from_millis(10);
/// The embedded fixture's administrator (no extension, no team).
pub(super) const ADMIN: &str = "admin";

/// The embedded fixture's Basic credentials for user `id`.
pub(super) fn who(id: &str) -> Credential {
    Credential::Basic(Basic {
        user: id.into(),
        password: Secret::new("mock-pw-1"),
    })
}

/// Basic credentials of a user name the fixture does not know.
pub(super) fn stranger() -> Credential {
    Credential::Basic(Basic {
        user: "nobody".into(),
        password: Secret::new("whatever"),
    })
}

/// User `id`'s extension in the embedded fixture.
pub(super) fn ext(id: &str) -> String {
    format!("{id}001")
}

pub(super) fn uri(dialog: &str) -> String {
    format!("/finesse/api/Dialog/{dialog}")
}

/// A failure's status and errorType.
pub(super) fn kind(e: &ApiFailure) -> (u16, &str) {
    (e.status, e.error_type.as_str())
}

/// A `PUT /User` body that asks for `s`.
pub(super) fn state(s: &str) -> Result<UserUpdate, String> {
    Ok(UserUpdate {
        state: Some(s.into()),
        ..Default::default()
    })
}

/// A `PUT /User` body that asks for `s` with reason code `id`.
pub(super) fn with_reason(s: &str, id: &str) -> Result<UserUpdate, String> {
    Ok(UserUpdate {
        state: Some(s.into()),
        reason_code_id: Some(id.into()),
        ..Default::default()
    })
}

/// The `PUT /User/1001` body that signs 1001 in on its extension.
pub(super) fn login() -> Result<UserUpdate, String> {
    Ok(UserUpdate {
        state: Some("LOGIN".into()),
        extension: Some(ext("1001")),
        ..Default::default()
    })
}

/// The `PUT /User/{id}/Media/5001` body that signs in (three dialogs, interrupts accepted).
pub(super) fn media_login() -> Result<MediaUpdate, String> {
    Ok(MediaUpdate {
        state: Some("LOGIN".into()),
        max_dialog_limit: Some("3".into()),
        interrupt_action: Some("ACCEPT".into()),
        ..Default::default()
    })
}

/// A `POST /User/{id}/Dialogs` body.
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

/// Supervisor `sup` silently monitors `agent`.
pub(super) fn monitor(sup: &str, agent: &str) -> Result<DialogRequest, String> {
    post_body("SILENT_MONITOR", &ext(sup), Some(&ext(agent)), None)
}

/// Supervisor `sup` barges in on `agent`; `associated` is the raw associatedDialogUri (None
/// leaves the field out).
pub(super) fn barge(
    sup: &str,
    agent: &str,
    associated: Option<&str>,
) -> Result<DialogRequest, String> {
    post_body("BARGE_CALL", &ext(sup), Some(&ext(agent)), associated)
}

/// Supervisor `sup` barges in on `agent` through the monitoring dialog `dialog`.
pub(super) fn barge_on(sup: &str, agent: &str, dialog: &str) -> Result<DialogRequest, String> {
    barge(sup, agent, Some(&uri(dialog)))
}

/// A `PUT /Dialog/{id}` body.
pub(super) fn act(action: &str, target: Option<&str>) -> Result<DialogRequest, String> {
    Ok(DialogRequest {
        requested_action: Some(action.into()),
        target_media_address: target.map(str::to_string),
        ..Default::default()
    })
}

/// A model on the embedded fixture, for tests that keep their own [`Clock`] (most take a
/// [`Lab`]).
pub(super) fn finesse(dep: Deployment) -> Finesse {
    Finesse::new(&Fixture::embedded(), dep, DELAY)
}

pub(super) struct Clock(pub(super) Instant);

impl Clock {
    /// Moves past the processing delay, so accepted writes become visible.
    pub(super) fn settle(&mut self) -> Instant {
        self.0 += DELAY * 2;
        self.0
    }
}

pub(super) fn user_state(m: &mut Finesse, id: &str, now: Instant) -> String {
    m.get_user(Some(&who(id)), id, now)
        .expect("get user")
        .state
        .unwrap_or_default()
}

/// Signs `id` in (on 1001's extension: any user's extension is a known device) and makes
/// it READY.
pub(super) fn ready(m: &mut Finesse, id: &str, clock: &mut Clock) {
    m.put_user(Some(&who(id)), id, login(), None, clock.0)
        .expect("login");
    let now = clock.settle();
    m.put_user(Some(&who(id)), id, state("READY"), None, now)
        .expect("ready");
    let now = clock.settle();
    assert_eq!(user_state(m, id, now), "READY");
}

/// A model and the time it is at.
pub(super) struct Lab {
    pub(super) m: Finesse,
    pub(super) now: Instant,
}

impl Lab {
    pub(super) fn new(dep: Deployment) -> Lab {
        Lab::on(&Fixture::embedded(), dep)
    }

    /// A lab on the embedded fixture in which user `id` wraps up after calls.
    pub(super) fn with_wrap_up(dep: Deployment, id: &str) -> Lab {
        let mut fixture = Fixture::embedded();
        for u in fixture.directory.users.iter_mut().filter(|u| u.id == id) {
            u.wrap_up = true;
        }
        Lab::on(&fixture, dep)
    }

    /// `MUTATE_ON=<deviation>` switches a deviation on in every lab (for mutation runs).
    fn on(fixture: &Fixture, dep: Deployment) -> Lab {
        let mut m = Finesse::new(fixture, dep, DELAY);
        if let Some(d) = std::env::var("MUTATE_ON")
            .ok()
            .and_then(|n| Deviation::from_name(&n))
        {
            m.deviations.set(d, true);
        }
        Lab {
            m,
            now: Instant::now(),
        }
    }

    /// Switches a deviation; `MUTATE=<deviation>` keeps that one off, `MUTATE_ON` on.
    pub(super) fn dev(&mut self, d: Deviation, on: bool) {
        if std::env::var("MUTATE").ok().as_deref() == Some(d.name()) {
            return;
        }
        if on && std::env::var("MUTATE_ON").ok().as_deref() == Some(d.name()) {
            return;
        }
        self.m.deviations.set(d, on);
    }

    /// Moves past the processing delay, so accepted writes land.
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

    /// `PUT /User/{target}` as `id`; the clock then moves on.
    pub(super) fn put_user(
        &mut self,
        id: &str,
        target: &str,
        body: Result<UserUpdate, String>,
    ) -> Result<Accepted, ApiFailure> {
        let r = self
            .m
            .put_user(Some(&who(id)), target, body, None, self.now);
        self.tick();
        r
    }

    /// `id` asks for `state` with `reason` (LOGIN on its own extension).
    pub(super) fn set_with(&mut self, id: &str, state: &str, reason: Option<&str>) {
        let body = UserUpdate {
            state: Some(state.into()),
            extension: (state == "LOGIN").then(|| ext(id)),
            reason_code_id: reason.map(str::to_string),
            mobile_agent: None,
        };
        self.put_user(id, id, Ok(body)).expect(state);
    }

    /// `id` asks for `state` (LOGIN on its own extension).
    pub(super) fn set(&mut self, id: &str, state: &str) {
        self.set_with(id, state, None);
    }

    /// `id` signs in (NOT_READY), and becomes READY if `ready`.
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

    /// The id of `id`'s first dialog.
    pub(super) fn call_id(&mut self, id: &str) -> String {
        self.dialog_ids(id).first().cloned().expect("a dialog")
    }

    /// How many asynchronous errors the model has recorded.
    pub(super) fn errors(&self) -> usize {
        self.m.async_errors().len()
    }

    /// The errorData of the latest asynchronous error.
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

    /// `a` calls `b` (both NOT_READY); the call rings at `b`. The dialog id.
    pub(super) fn ringing(&mut self, a: &str, b: &str) -> String {
        self.signed_in(a, false);
        self.signed_in(b, false);
        self.post(a, make(&ext(a), &ext(b))).expect("make call");
        self.call_id(b)
    }

    /// `a` calls `b` (both NOT_READY) and `b` answers. The dialog id.
    pub(super) fn connected(&mut self, a: &str, b: &str) -> String {
        let id = self.ringing(a, b);
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

    /// The dialer reserves READY `id` for a preview call (`direct`: a direct preview); the
    /// reservation's dialog id.
    pub(super) fn preview(&mut self, id: &str, direct: bool) -> String {
        self.signed_in(id, true);
        self.m
            .place_preview(id, direct, self.now)
            .expect("reservation")
            .to_string()
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

    /// `id`'s state in the first dialog `viewer` sees.
    pub(super) fn participant_state(&mut self, viewer: &str, id: &str) -> Option<String> {
        let e = ext(id);
        self.dialogs(viewer)
            .first()
            .and_then(|d| d.participant(&e).map(|p| p.state.clone()))
    }
}

/// 1001 calls 1002, who answers; supervisor 2001 (NOT_READY) silently monitors 1002. The
/// lab, the call and the monitoring dialog.
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
    lab.post("2001", barge_on("2001", "1002", &m))
        .expect("barge");
    assert_eq!(lab.live_parties(&call), 3, "the supervisor joined");
    (lab, call)
}
