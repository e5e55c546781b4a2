//! Call data steps: UPDATE_CALL_DATA (call variables, ECC variables, wrap-up reason) and
//! MAKE_CALL with call variables (developer site "Dialog—Update Call Variable Data", "Dialog
//! API Errors"; G12.5 p.80–82).

use cucumber::{then, when};

use super::*;
use crate::finesse::models::{CallVariables, MediaProperties, NameValue};

/// `name = "value"` pairs, comma-separated, and an optional `wrap-up reason "…"`.
fn parse_call_data(text: &str) -> Result<(Vec<NameValue>, Option<String>), StepError> {
    let mut vars = Vec::new();
    let mut wrap_up = None;
    for part in text.split(", ") {
        let part = part.trim();
        let quoted = |s: &str| {
            s.trim()
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .map(str::to_string)
        };
        if let Some(rest) = part.strip_prefix("wrap-up reason ") {
            wrap_up = quoted(rest);
            if wrap_up.is_none() {
                return Err(StepError::infrastructure(format!(
                    "bad wrap-up reason {part:?} (a feature-file mistake)"
                )));
            }
        } else if let Some((name, value)) = part.split_once(" = ")
            && let Some(value) = quoted(value)
        {
            vars.push(NameValue::new(name.trim(), value));
        } else {
            return Err(StepError::infrastructure(format!(
                "bad call data {part:?}: write name = \"value\" (a feature-file mistake)"
            )));
        }
    }
    Ok((vars, wrap_up))
}

fn media_properties(vars: Vec<NameValue>, wrap_up: Option<String>) -> MediaProperties {
    MediaProperties {
        wrap_up_reason: wrap_up,
        call_variables: (!vars.is_empty()).then_some(CallVariables { variables: vars }),
        ..Default::default()
    }
}

/// UPDATE_CALL_DATA on `role`'s call for its own extension.
#[when(regex = r"^the (agent|second agent) updates the call data with (.+)$")]
async fn updates_call_data(w: &mut FinesseWorld, role: String, data: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let (vars, wrap_up) = parse_call_data(&data)?;
    let call = w.call_of(&who).await?;
    let req = DialogRequest {
        requested_action: Some("UPDATE_CALL_DATA".into()),
        target_media_address: Some(extension(&who)?),
        media_properties: Some(media_properties(vars, wrap_up)),
        ..Default::default()
    };
    w.put_dialog(&who, call.dialog_id().unwrap_or_default(), req)
        .await
        .map(drop)
}

/// MAKE_CALL to the second agent carrying call variables (CCE, G12.5 p.80–82).
#[when(regex = r"^the agent calls the second agent with (.+)$")]
async fn calls_with_data(w: &mut FinesseWorld, data: String) -> StepResult {
    let (a, b) = (w.id(Role::Agent)?, w.id(Role::SecondAgent)?);
    let (vars, wrap_up) = parse_call_data(&data)?;
    w.remember_voice(&b).await?;
    let mut req = make_call(extension(&a)?, Some(extension(&b)?));
    req.media_properties = Some(media_properties(vars, wrap_up));
    w.post_dialog(&a, req).await.map(drop)
}

/// What `role`'s call shows, read by GET until it shows it (within the outcome deadline).
#[then(regex = r"^the (agent|second agent)'s call shows (.+)$")]
async fn call_shows(w: &mut FinesseWorld, role: String, data: String) -> StepResult {
    let who = w.id(Role::parse(&role)?)?;
    let (vars, wrap_up) = parse_call_data(&data)?;
    let ext = extension(&who)?;
    let (calls, monitors) = (w.calls.clone(), w.monitors.clone());
    let what = format!("a call showing {data}");
    let d = w
        .wait_dialog(&who, &what, |d| {
            let mine = d.participant(&ext).is_some()
                && (calls.is_empty()
                    || d.dialog_id()
                        .is_some_and(|id| calls.iter().any(|c| c == id)))
                && !d
                    .dialog_id()
                    .is_some_and(|id| monitors.iter().any(|m| m == id));
            mine && shows(d, &vars, wrap_up.as_deref())
        })
        .await?;
    if let Some(id) = d.dialog_id()
        && !w.calls.iter().any(|k| k == id)
    {
        w.calls.push(id.to_string());
    }
    Ok(())
}

/// Whether dialog `d` carries every variable of `vars` and, when given, the wrap-up reason.
pub(in crate::steps) fn shows(d: &Dialog, vars: &[NameValue], wrap_up: Option<&str>) -> bool {
    // An unset variable may be listed empty or left out.
    vars.iter()
        .all(|v| d.call_variable(&v.name).map(str::trim).unwrap_or_default() == v.value.trim())
        && wrap_up.is_none_or(|r| d.wrap_up_reason().map(str::trim) == Some(r.trim()))
}

/// The notification side of [`call_shows`]: the Dialog update this request caused carries
/// the new values (the Dialog notification carries the whole Dialog, reference §7.5).
#[then(
    regex = r"^the (agent|second agent) receives a Dialog notification for this request showing (.+)$"
)]
async fn notification_shows(w: &mut FinesseWorld, role: String, data: String) -> StepResult {
    let (vars, wrap_up) = parse_call_data(&data)?;
    crate::steps::notifications::dialog_notification_where(w, &role, &data, move |d| {
        shows(d, &vars, wrap_up.as_deref())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_data_phrases_parse() {
        let (vars, wrap_up) =
            parse_call_data(r#"callVariable1 = "one", user.acct = "", wrap-up reason "Sale""#)
                .expect("parses");
        assert_eq!(
            vars,
            [
                NameValue::new("callVariable1", "one"),
                NameValue::new("user.acct", "")
            ]
        );
        assert_eq!(wrap_up.as_deref(), Some("Sale"));
        assert!(parse_call_data("callVariable1 one").is_err());
    }
}
