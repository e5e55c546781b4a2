//! Reading, driving and checking a user's voice and Media states, with the settle and
//! wait rules every state step shares.

use std::time::{Duration, Instant};

use super::*;
use crate::finesse::models::{Media, MediaUpdate, User, UserUpdate};

impl FinesseWorld {
    /// The agent's team id, from the agent's User (read once per scenario).
    pub(crate) async fn agents_team(&mut self) -> Result<String, StepError> {
        if let Some(t) = &self.agent_team {
            return Ok(t.clone());
        }
        let a = self.id(Role::Agent)?;
        match self.read_user(&a).await?.team_id {
            Some(t) if !t.trim().is_empty() => {
                self.agent_team = Some(t.clone());
                Ok(t)
            }
            _ => Err(StepError::precondition(format!(
                "the agent {}'s User names no teamId",
                a.id
            ))),
        }
    }

    pub(crate) async fn read_user(&self, who: &Identity) -> Result<User, StepError> {
        let resp = self
            .send_quietly(Request::get(user_path(&who.id)).as_user(creds(who)))
            .await?;
        if resp.status != 200 {
            return fail(format!(
                "reading {}'s User: expected 200, got {}",
                who.id,
                resp.describe()
            ));
        }
        Ok(resp.parse::<User>("User")?)
    }

    pub(crate) async fn state_of(&self, who: &Identity) -> Result<String, StepError> {
        Ok(self.read_user(who).await?.state.unwrap_or_default())
    }

    /// Records `who`'s state before the scenario first changes it, for the cleanup; returns
    /// the state when it read it now (so the caller need not read it again).
    pub(crate) async fn remember_voice(
        &mut self,
        who: &Identity,
    ) -> Result<Option<String>, StepError> {
        if self.voice_baseline.iter().any(|(i, _)| i.id == who.id) {
            return Ok(None);
        }
        let state = self.state_of(who).await?;
        self.voice_baseline.push((who.clone(), state.clone()));
        Ok(Some(state))
    }

    /// PUT /User/{target} by `actor`; this is "the response".
    pub(crate) async fn put_user(
        &mut self,
        actor: &Identity,
        target: &Identity,
        body: String,
    ) -> Result<&Response, StepError> {
        // Best effort: with Finesse out of service there is nothing to read, nor to settle.
        let before = match self.remember_voice(target).await? {
            Some(state) => Some(state),
            None => self.state_of(target).await.ok(),
        };
        let resp = self
            .send(Request::put(user_path(&target.id), body).as_user(creds(actor)))
            .await?;
        if let (true, Some(before)) = (matches!(resp.status, 200 | 202), before) {
            self.unsettle(target, None, before);
        }
        self.last()
    }

    fn unsettle(&self, who: &Identity, mrd: Option<&str>, before: String) {
        if let Ok(mut u) = self.unsettled.lock() {
            u.push((who.clone(), mrd.map(str::to_string), before));
        }
    }

    /// A step observed `who`'s state (in `mrd`): its earlier writes have an outcome.
    fn settle(&self, who: &Identity, mrd: Option<&str>) {
        if let Ok(mut u) = self.unsettled.lock() {
            u.retain(|(i, m, _)| !(i.id == who.id && m.as_deref() == mrd));
        }
    }

    /// Gives accepted writes nobody observed the settle window to land, as a "stays" step
    /// would: a change within it means the write landed; none means it was processed or
    /// refused. Either way the cleanup can then restore from what it reads.
    pub(crate) async fn let_writes_land(&self) {
        let pending = self
            .unsettled
            .lock()
            .map(|mut u| std::mem::take(&mut *u))
            .unwrap_or_default();
        for (who, mrd, before) in pending {
            let _ = match mrd {
                None => self.voice_is(&who, Expect::Stays(&before)).await,
                Some(m) => self.media_is(&who, &m, Expect::Stays(&before)).await,
            };
        }
    }

    /// After an accepted dialog request, gives it the settle window to land (a call that
    /// appears in it ends the wait), so that the cleanup sees the call it must end.
    pub(crate) async fn let_dialog_writes_land(&mut self) {
        if !std::mem::take(&mut self.dialog_write) {
            return;
        }
        let users: Vec<Identity> = self.roles.values().cloned().collect();
        let this = &*self;
        let watches = users.iter().map(|who| async move {
            let count = || async move { Ok(this.dialogs_of(who).await?.len().to_string()) };
            let Ok(now) = count().await else { return };
            let what = format!("{}'s dialogs", who.id);
            let wake = this.waker(who, "/Dialogs");
            let _ = this.watch(&what, Expect::Stays(&now), wake, count).await;
        });
        futures::future::join_all(watches).await;
    }

    /// Like `voice_is(Becomes)` with a deadline of its own (for timers longer than the
    /// outcome deadline).
    pub(crate) async fn voice_becomes_within(
        &self,
        who: &Identity,
        state: &str,
        deadline: Duration,
    ) -> StepResult {
        let ctx = self.ctx()?;
        let start = Instant::now();
        let wake = self.waker(who, "");
        loop {
            let mark = mark_of(wake.as_ref());
            let now = self.state_of(who).await?;
            if now == state {
                self.settle(who, None);
                return Ok(());
            }
            if start.elapsed() >= deadline {
                return fail(format!(
                    "waited {} for {}'s state to become {state}; it stayed {now}",
                    humantime::format_duration(round_ms(deadline)),
                    who.id
                ));
            }
            let left = deadline.saturating_sub(start.elapsed());
            pause(
                wake.as_ref(),
                mark,
                ctx.profile.timeouts.poll_interval,
                left,
            )
            .await;
        }
    }

    pub(crate) async fn voice_is(&self, who: &Identity, expect: Expect<'_>) -> StepResult {
        let wake = self.waker(who, "");
        self.watch(&format!("{}'s state", who.id), expect, wake, || {
            self.state_of(who)
        })
        .await?;
        self.settle(who, None);
        Ok(())
    }

    /// The profile's global reason code for NOT_READY or LOGOUT, used when driving states,
    /// so that setup and cleanup also work on a lab that requires reason codes.
    fn setup_reason(&self, state: &str) -> Option<String> {
        let ctx = self.ctx.as_ref()?;
        needs::code_id(&ctx.profile, state, "global").map(str::to_string)
    }

    /// Drives `who` to LOGOUT, NOT_READY or READY with its own requests (setup and cleanup).
    pub(crate) async fn drive_voice(&mut self, who: &Identity, target: &str) -> StepResult {
        // Each hop starts from the state the last one saw: no read is repeated.
        let mut known = self.remember_voice(who).await?;
        for _ in 0..4 {
            let current = match known.take() {
                Some(state) => state,
                None => self.state_of(who).await?,
            };
            if current == target {
                return Ok(());
            }
            let next = match (current.as_str(), target) {
                ("LOGOUT", _) => "LOGIN",
                ("READY", "LOGOUT" | "NOT_READY") => "NOT_READY",
                // Wrap-up ends with an own request (§4.2 WORK/WORK_READY → READY/NOT_READY).
                ("WORK" | "WORK_READY", "READY") => "READY",
                ("WORK" | "WORK_READY", _) => "NOT_READY",
                ("NOT_READY", "READY") => "READY",
                ("NOT_READY", "LOGOUT") => "LOGOUT",
                (from, to) => {
                    return fail(format!(
                        "cannot drive {} from {from} to {to} with state changes alone",
                        who.id
                    ));
                }
            };
            let update = UserUpdate {
                state: Some(next.into()),
                extension: if next == "LOGIN" {
                    Some(who.extension.clone().ok_or_else(|| {
                        StepError::precondition(format!(
                            "user {} has no extension in the profile",
                            who.id
                        ))
                    })?)
                } else {
                    None
                },
                reason_code_id: self.setup_reason(next),
            };
            let wake = self.waker(who, "");
            let mark = mark_of(wake.as_ref());
            let mut resp = self
                .send_quietly(
                    Request::put(user_path(&who.id), user_body(&update)?).as_user(creds(who)),
                )
                .await?;
            if !matches!(resp.status, 200 | 202) && update.reason_code_id.is_some() {
                // A lab (or the mock with a deviation) may refuse the reason code: the state
                // change itself is what the setup needs.
                let plain = UserUpdate {
                    reason_code_id: None,
                    ..update.clone()
                };
                resp = self
                    .send_quietly(
                        Request::put(user_path(&who.id), user_body(&plain)?).as_user(creds(who)),
                    )
                    .await?;
            }
            if !matches!(resp.status, 200 | 202) {
                return fail(format!(
                    "could not put {} in {target}: {next} answered {}",
                    who.id,
                    resp.describe()
                ));
            }
            // Wait for the state to move on, then drive on from wherever it went: a setup
            // needs the target state, not the rule a scenario checks (sign-in's landing state).
            let what = format!("{}'s state", who.id);
            let read = || self.state_of(who);
            known = Some(self.moves_on(&what, &current, wake, mark, read).await?);
            self.settle(who, None);
        }
        fail(format!("could not put {} in {target}", who.id))
    }

    // ---- media state ----

    pub(crate) async fn read_media(&self, who: &Identity, mrd: &str) -> Result<Media, StepError> {
        let resp = self
            .send_quietly(Request::get(media_path(&who.id, mrd)).as_user(creds(who)))
            .await?;
        if resp.status != 200 {
            return fail(format!(
                "reading {}'s Media {mrd}: expected 200, got {}",
                who.id,
                resp.describe()
            ));
        }
        Ok(resp.parse::<Media>("Media")?)
    }

    pub(crate) async fn media_state_of(
        &self,
        who: &Identity,
        mrd: &str,
    ) -> Result<String, StepError> {
        Ok(self.read_media(who, mrd).await?.state.unwrap_or_default())
    }

    /// Like [`Self::remember_voice`], for `who`'s session in `mrd`.
    pub(crate) async fn remember_media(
        &mut self,
        who: &Identity,
        mrd: &str,
    ) -> Result<Option<String>, StepError> {
        if self
            .media_baseline
            .iter()
            .any(|(i, m, _)| i.id == who.id && m == mrd)
        {
            return Ok(None);
        }
        let state = self.media_state_of(who, mrd).await?;
        self.media_baseline
            .push((who.clone(), mrd.to_string(), state.clone()));
        Ok(Some(state))
    }

    pub(crate) async fn put_media(
        &mut self,
        actor: &Identity,
        target: &Identity,
        mrd: &str,
        body: String,
    ) -> Result<&Response, StepError> {
        let before = match self.remember_media(target, mrd).await? {
            Some(state) => Some(state),
            None => self.media_state_of(target, mrd).await.ok(),
        };
        let resp = self
            .send(Request::put(media_path(&target.id, mrd), body).as_user(creds(actor)))
            .await?;
        if let (true, Some(before)) = (matches!(resp.status, 200 | 202), before) {
            self.unsettle(target, Some(mrd), before);
        }
        self.last()
    }

    pub(crate) async fn media_is(
        &self,
        who: &Identity,
        mrd: &str,
        expect: Expect<'_>,
    ) -> StepResult {
        self.watch(
            &format!("{}'s media state in {mrd}", who.id),
            expect,
            self.waker(who, &format!("/Media/{mrd}")),
            || self.media_state_of(who, mrd),
        )
        .await?;
        self.settle(who, Some(mrd));
        Ok(())
    }

    /// Drives `who`'s session in `mrd` to LOGOUT, NOT_READY or READY.
    pub(crate) async fn drive_media(
        &mut self,
        who: &Identity,
        mrd: &str,
        target: &str,
    ) -> StepResult {
        let mut known = self.remember_media(who, mrd).await?;
        for _ in 0..3 {
            let current = match known.take() {
                Some(state) => state,
                None => self.media_state_of(who, mrd).await?,
            };
            if current == target {
                return Ok(());
            }
            let update = match current.as_str() {
                "LOGOUT" => MediaUpdate {
                    state: Some("LOGIN".into()),
                    max_dialog_limit: Some("1".into()),
                    interrupt_action: Some("IGNORE".into()),
                    ..Default::default()
                },
                _ => MediaUpdate {
                    state: Some(target.to_string()),
                    reason_code_id: self.setup_reason(target),
                    ..Default::default()
                },
            };
            let next = update.state.clone().unwrap_or_default();
            let wake = self.waker(who, &format!("/Media/{mrd}"));
            let mark = mark_of(wake.as_ref());
            let resp = self
                .send_quietly(
                    Request::put(media_path(&who.id, mrd), media_body(&update)?)
                        .as_user(creds(who)),
                )
                .await?;
            if !matches!(resp.status, 200 | 202) {
                return fail(format!(
                    "could not put {} in {target} in media {mrd}: {next} answered {}",
                    who.id,
                    resp.describe()
                ));
            }
            let what = format!("{}'s media state in {mrd}", who.id);
            let read = || self.media_state_of(who, mrd);
            known = Some(self.moves_on(&what, &current, wake, mark, read).await?);
            self.settle(who, Some(mrd));
        }
        fail(format!(
            "could not put {} in {target} in media {mrd}",
            who.id
        ))
    }
}
