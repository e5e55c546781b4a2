//! Steps about a User's voice state (G12.5 p.29–51).

use cucumber::{given, then, when};

use super::world::{
    Expect, FinesseWorld, Role, StepResult, creds, fail, reason_code_path, user_body, user_path,
};
use crate::finesse::Request;
use crate::finesse::models::UserUpdate;
use crate::profile::Users;

fn update(state: &str, reason: Option<String>) -> UserUpdate {
    UserUpdate {
        state: Some(state.to_string()),
        reason_code_id: reason,
        ..Default::default()
    }
}

/// The agent sends `body` as an update of their own User.
async fn agent_sends(w: &mut FinesseWorld, body: String) -> StepResult {
    let who = w.id(Role::Agent)?;
    w.put_user(&who, &who, body).await.map(drop)
}

fn sign_in_body(extension: String) -> Result<String, super::StepError> {
    user_body(&UserUpdate {
        state: Some("LOGIN".into()),
        extension: Some(extension),
        ..Default::default()
    })
}

#[given(
    regex = r"^the (agent|second agent|other-team agent|supervisor|second supervisor|mobile agent) is (LOGOUT|NOT_READY|READY)$"
)]
async fn given_state(w: &mut FinesseWorld, role: String, state: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    w.drive_voice(&who, &state).await
}

#[when("the agent signs in with their extension")]
async fn sign_in(w: &mut FinesseWorld) -> StepResult {
    let who = w.id(Role::Agent)?;
    let ext = who.extension.clone().ok_or_else(|| {
        super::StepError::precondition(format!("user {} has no extension in the profile", who.id))
    })?;
    agent_sends(w, sign_in_body(ext)?).await
}

/// G12.5 p30: signing in on a device that does not exist. The profile's
/// `test_data.unknown_extension` names it; if a test user has that extension, the sign-in could
/// succeed because of the profile, so the scenario cannot tell anything.
#[when("the agent signs in with an unknown extension")]
async fn sign_in_unknown_extension(w: &mut FinesseWorld) -> StepResult {
    let profile = &w.ctx()?.profile;
    let ext = profile.test_data.unknown_extension.clone();
    if let Some(owner) = extension_owner(&profile.users, &ext) {
        return Err(super::StepError::precondition(format!(
            "test_data.unknown_extension {ext} is the extension of test user {owner}: set it to one no phone on the lab has"
        )));
    }
    agent_sends(w, sign_in_body(ext)?).await
}

/// The id of the test user whose extension is `ext`, if any.
fn extension_owner<'a>(users: &'a Users, ext: &str) -> Option<&'a str> {
    users
        .agents
        .iter()
        .chain(&users.supervisors)
        .chain(&users.other_team_agents)
        .chain(&users.wrap_up_agents)
        .chain(&users.mobile_agents)
        .chain(&users.admin)
        .find(|u| u.extension.as_deref().map(str::trim) == Some(ext.trim()))
        .map(|u| u.id.as_str())
}

#[when("the agent signs in without an extension")]
async fn sign_in_without_extension(w: &mut FinesseWorld) -> StepResult {
    agent_sends(w, user_body(&update("LOGIN", None))?).await
}

/// `<actor> sets <whose> state to <STATE> [with the <kind> <CATEGORY> reason code]`.
#[when(
    regex = r"^the (agent|supervisor|wrap-up agent) sets (their|the agent's|the second agent's|the other-team agent's) state to ([A-Z_]+)(?: with the (team|global|system|other team's) (NOT_READY|LOGOUT) reason code)?$"
)]
async fn set_state(
    w: &mut FinesseWorld,
    actor: String,
    whose: String,
    state: String,
    kind: String,
    category: String,
) -> StepResult {
    let (actor, target) = w.actor_and_target(&actor, &whose)?;
    let reason = w.optional_code(&category, &kind)?;
    w.put_user(&actor, &target, user_body(&update(&state, reason))?)
        .await
        .map(drop)
}

/// COMM: using the `<code>` value where the database id belongs.
#[when(
    regex = r"^the agent sets their state to NOT_READY with the (team|global) (NOT_READY|LOGOUT) reason code's code value as the id$"
)]
async fn code_value_as_id(w: &mut FinesseWorld, kind: String, category: String) -> StepResult {
    let who = w.id(Role::Agent)?;
    let id = w.code(&category, &kind)?;
    let path = reason_code_path(&who.id, &id);
    let resp = w
        .send_quietly(Request::get(path).as_user(creds(&who)))
        .await?;
    if resp.status != 200 {
        return fail(format!(
            "reading reason code {id} to learn its code value: {}",
            resp.describe()
        ));
    }
    let rc: crate::finesse::models::ReasonCode = resp.parse("ReasonCode")?;
    let code = rc.code.unwrap_or_default().trim().to_string();
    // The scenario only shows something if the code value is not also a valid id.
    let probe = w
        .send_quietly(Request::get(reason_code_path(&who.id, &code)).as_user(creds(&who)))
        .await?;
    if code.is_empty() || code == id || probe.status == 200 {
        return fail(format!(
            "test data: reason code {id} has code value \"{code}\", which is also a reason code id; pick a code whose value is no id"
        ));
    }
    w.put_user(&who, &who, user_body(&update("NOT_READY", Some(code)))?)
        .await
        .map(drop)
}

#[when(regex = r"^the agent sets their state to ([A-Z_]+) with an unknown reason code id$")]
async fn unknown_reason(w: &mut FinesseWorld, state: String) -> StepResult {
    let id = w.ctx()?.profile.test_data.unknown_reason_code_id.clone();
    agent_sends(w, user_body(&update(&state, Some(id)))?).await
}

/// A User update the guide does not allow: without a state, or XML that is not well formed.
#[when(regex = r"^the agent sends a (User update without a state|malformed User update)$")]
async fn bad_update(w: &mut FinesseWorld, which: String) -> StepResult {
    let body = if which == "malformed User update" {
        "<User><state>READY</state>"
    } else {
        "<User></User>"
    };
    agent_sends(w, body.into()).await
}

#[when("the agent reads the second agent's User")]
async fn read_other(w: &mut FinesseWorld) -> StepResult {
    let (a, b) = (w.id(Role::Agent)?, w.id(Role::SecondAgent)?);
    w.send(Request::get(user_path(&b.id)).as_user(creds(&a)))
        .await
        .map(drop)
}

#[when("the agent reads an unknown user's User")]
async fn read_unknown(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let unknown = w.ctx()?.profile.test_data.unknown_user_id.clone();
    w.send(Request::get(user_path(&unknown)).as_user(creds(&a)))
        .await
        .map(drop)
}

#[when("someone with unknown credentials reads the agent's User")]
async fn read_with_bad_credentials(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let who = super::world::unknown_credentials(w)?;
    w.send(Request::get(user_path(&a.id)).as_user(who))
        .await
        .map(drop)
}

#[then(
    regex = r"^the (agent|second agent|other-team agent|supervisor|second supervisor|wrap-up agent|mobile agent)'s state (becomes|stays) ([A-Z_]+)$"
)]
async fn state_is(w: &mut FinesseWorld, role: String, how: String, state: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    w.voice_is(&who, Expect::from_word(&how, &state)).await
}

/// The reason code shown on the User: its `<code>` when embedded, else `<reasonCodeId>`.
#[then(regex = r"^the agent's reason code is (\S+)$")]
async fn reason_code_value(w: &mut FinesseWorld, expected: String) -> StepResult {
    let who = w.id(Role::Agent)?;
    let user = w.read_user(&who).await?;
    match user.reason_code_value() {
        Some(v) if v.trim() == expected => Ok(()),
        other => fail(format!(
            "expected reason code {expected} on {}, got {other:?} (reasonCodeId {:?})",
            who.id, user.reason_code_id
        )),
    }
}

/// Neither supervisor code (999 on CCE, 33 on CCX, reference §4.5) shows on the User.
#[then("the agent shows no supervisor reason code")]
async fn no_supervisor_code(w: &mut FinesseWorld) -> StepResult {
    let who = w.id(Role::Agent)?;
    let user = w.read_user(&who).await?;
    match user.reason_code_value().map(str::trim) {
        Some(code @ ("999" | "33")) => fail(format!(
            "expected no supervisor-forced reason code on {}, got {code}",
            who.id
        )),
        _ => Ok(()),
    }
}

#[then(
    regex = r"^the agent's reason code id is the (team|global|system|other team's) (NOT_READY|LOGOUT) reason code$"
)]
async fn reason_code_id(w: &mut FinesseWorld, kind: String, category: String) -> StepResult {
    let who = w.id(Role::Agent)?;
    let user = w.read_user(&who).await?;
    w.expect_code((&category, &kind), user.reason_code_id.as_deref(), &who.id)
}

/// WORK or WORK_READY ends when the wrap-up timer runs out: waits for the timer of the
/// profile (test_data.wrap_up_timer) plus the usual outcome deadline.
#[then(regex = r"^the wrap-up agent's state becomes ([A-Z_]+) when the wrap-up timer runs out$")]
async fn after_wrap_up_timer(w: &mut FinesseWorld, state: String) -> StepResult {
    let who = w.id(Role::WrapUpAgent)?;
    let ctx = w.ctx()?;
    let timer = ctx.profile.test_data.wrap_up_timer.ok_or_else(|| {
        super::StepError::precondition("the profile sets no test_data.wrap_up_timer")
    })?;
    let deadline = timer + ctx.profile.timeouts.async_outcome;
    w.voice_becomes_within(&who, &state, deadline).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    #[test]
    fn the_owner_of_an_extension_is_any_test_user_with_it() {
        let text = "base_url: https://f.example.com:8445/\nusers:\n  agents:\n    - { id: \"1001\", password: \"${PW}\", extension: \"1001001\" }\n  supervisors:\n    - { id: \"2001\", password: \"${PW}\", extension: \" 2001001 \" }\n";
        let p = Profile::from_yaml_str(text, "t.yaml", &|_| Some("pw".into())).expect("profile");
        assert_eq!(extension_owner(&p.users, "1001001"), Some("1001"));
        assert_eq!(extension_owner(&p.users, "2001001"), Some("2001"));
        assert_eq!(extension_owner(&p.users, "99999999"), None);
    }
}
