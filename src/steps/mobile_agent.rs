//! Steps about signing in as a mobile agent (G12.5 p.30–32). "The mobile agent" is a user of
//! the profile's `users.mobile_agents`; the number dialled is `test_data.mobile_agent_dial_number`.

use cucumber::{then, when};

use super::world::{FinesseWorld, Role, StepError, StepResult, fail};

/// The profile's dial number (the scenario is skipped without it: scenario/needs.rs).
fn dial_number(w: &FinesseWorld) -> Result<String, StepError> {
    match w.ctx()?.profile.test_data.mobile_agent_dial_number.clone() {
        Some(n) => Ok(n),
        None => fail("the profile sets no test_data.mobile_agent_dial_number"),
    }
}

/// A LOGIN body with `<mobileAgent>`; `None` leaves that child out.
fn body(extension: &str, mode: Option<&str>, dial: Option<&str>) -> String {
    let child = |name: &str, v: Option<&str>| {
        v.map(|v| format!("<{name}>{}</{name}>", quick_xml::escape::escape(v)))
            .unwrap_or_default()
    };
    format!(
        "<User><state>LOGIN</state>{}<mobileAgent>{}{}</mobileAgent></User>",
        child("extension", Some(extension)),
        child("mode", mode),
        child("dialNumber", dial)
    )
}

/// `<who> signs in as a mobile agent in mode <MODE>` or `… without a mode|dial number`.
#[when(
    regex = r"^the (agent|mobile agent) signs in as a mobile agent (?:in mode (\S+)|without a (mode|dial number))$"
)]
async fn sign_in(w: &mut FinesseWorld, role: String, mode: String, without: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let ext = who.extension.clone().ok_or_else(|| {
        StepError::precondition(format!("user {} has no extension in the profile", who.id))
    })?;
    let dial = dial_number(w)?;
    let mode = (!mode.is_empty()).then_some(mode);
    let (mode, dial) = match without.as_str() {
        "mode" => (None, Some(dial.as_str())),
        "dial number" => (mode.as_deref(), None),
        _ => (mode.as_deref(), Some(dial.as_str())),
    };
    let text = body(&ext, mode, dial);
    w.put_user(&who, &who, text).await.map(drop)
}

/// DEV/user and User—Get User: a mobile agent's User carries `<mobileAgent>` with the mode
/// and the number it signed in with.
#[then(regex = r"^the mobile agent's User shows mobile agent mode (\S+) and the dial number$")]
async fn shows(w: &mut FinesseWorld, mode: String) -> StepResult {
    let who = w.id(Role::MobileAgent)?;
    let dial = dial_number(w)?;
    let user = w.read_user(&who).await?;
    let got = user.mobile_agent.as_ref().map(|m| {
        (
            m.mode.as_deref().unwrap_or_default().trim().to_string(),
            m.dial_number
                .as_deref()
                .unwrap_or_default()
                .trim()
                .to_string(),
        )
    });
    match got {
        Some((m, d)) if m == mode && d == dial.trim() => Ok(()),
        other => fail(format!(
            "expected {}'s User to show mobileAgent mode {mode} and dialNumber {dial}, got {other:?}",
            who.id
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_leaves_out_what_is_missing_and_escapes_values() {
        assert_eq!(
            body("1001", Some("CALL_BY_CALL"), Some("4085551234")),
            "<User><state>LOGIN</state><extension>1001</extension><mobileAgent>\
             <mode>CALL_BY_CALL</mode><dialNumber>4085551234</dialNumber></mobileAgent></User>"
        );
        assert_eq!(
            body("1001", None, Some("a&b")),
            "<User><state>LOGIN</state><extension>1001</extension><mobileAgent>\
             <dialNumber>a&amp;b</dialNumber></mobileAgent></User>"
        );
    }
}
