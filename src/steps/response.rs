//! Assertions on "the response": status, ApiErrors fields, echoed requestId.

use cucumber::then;

use super::world::{FinesseWorld, StepResult, fail};
use crate::finesse::models::ApiError;
use crate::scenario::applicability::compare_versions;

fn first_error(w: &FinesseWorld) -> Result<ApiError, super::StepError> {
    let r = w.last()?;
    match r.api_errors().and_then(|e| e.errors.into_iter().next()) {
        Some(e) => Ok(e),
        None => fail(format!("expected an ApiErrors body, got {}", r.describe())),
    }
}

/// 202 with an empty body: Finesse accepted an asynchronous write (G12.5 p.7, p.171). The
/// 12.6-era docs say "200 or 202" (reference §1.2), so 200 passes on a target known to be
/// 12.6 or later; on 12.5 or an unknown version only 202 does.
#[then("the request is accepted")]
async fn accepted(w: &mut FinesseWorld) -> StepResult {
    let ctx = w.ctx()?;
    let newer = ctx
        .version
        .as_deref()
        .is_some_and(|v| compare_versions(v, "12.6").is_ge());
    let r = w.last()?;
    let status_ok = r.status == 202 || (newer && r.status == 200);
    if !status_ok || !r.body.trim().is_empty() {
        let wanted = if newer { "200 or 202" } else { "202 Accepted" };
        return fail(format!(
            "expected {wanted} with an empty body, got {}",
            r.describe()
        ));
    }
    Ok(())
}

/// Any 2xx: for requests whose success status the stored pages do not give (ClientLog).
#[then("the request succeeds")]
async fn succeeds(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    if (200..300).contains(&r.status) {
        return Ok(());
    }
    fail(format!("expected a 2xx, got {}", r.describe()))
}

/// Where the guide states that a change is not possible but not how Finesse refuses it:
/// either synchronously (a 4xx) or by accepting and then not making the change, which the
/// scenario's next step ("… stays …") must check.
#[then("the request is refused")]
async fn refused(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    let accepted = matches!(r.status, 200 | 202) && r.body.trim().is_empty();
    if (400..500).contains(&r.status) || accepted {
        return Ok(());
    }
    fail(format!(
        "expected a refusal (a 4xx, or an accepted request that changes nothing), got {}",
        r.describe()
    ))
}

#[then(regex = r#"^the response is (\d{3}) "([^"]+)"$"#)]
async fn status_and_type(w: &mut FinesseWorld, status: u16, error_type: String) -> StepResult {
    let r = w.last()?;
    let types = r.error_types();
    if r.status != status || !types.iter().any(|t| t == &error_type) {
        return fail(format!(
            "expected {status} with ErrorType \"{error_type}\", got {}",
            r.describe()
        ));
    }
    Ok(())
}

#[then(regex = r"^the response status is (\d{3})$")]
async fn status_is(w: &mut FinesseWorld, status: u16) -> StepResult {
    let r = w.last()?;
    if r.status != status {
        return fail(format!("expected status {status}, got {}", r.describe()));
    }
    Ok(())
}

#[then(regex = r#"^the error data is "([^"]*)"$"#)]
async fn error_data(w: &mut FinesseWorld, expected: String) -> StepResult {
    let e = first_error(w)?;
    let data = e.error_data.as_deref().map(str::trim).unwrap_or("");
    if data != expected {
        return fail(format!("expected ErrorData \"{expected}\", got \"{data}\""));
    }
    Ok(())
}

/// The guide prints `<ErrorData></ErrorData>` (p.7); an absent ErrorData is just as empty.
#[then("the error data is empty")]
async fn error_data_empty(w: &mut FinesseWorld) -> StepResult {
    let e = first_error(w)?;
    match e.error_data.as_deref().map(str::trim) {
        None | Some("") => Ok(()),
        Some(d) => fail(format!("expected an empty ErrorData, got \"{d}\"")),
    }
}

#[then(regex = r#"^the error message is "([^"]*)"$"#)]
async fn error_message(w: &mut FinesseWorld, expected: String) -> StepResult {
    let e = first_error(w)?;
    let msg = e.error_message.as_deref().map(str::trim).unwrap_or("");
    if msg != expected {
        return fail(format!(
            "expected ErrorMessage \"{expected}\", got \"{msg}\""
        ));
    }
    Ok(())
}

#[then(regex = r#"^the error message contains "([^"]*)"$"#)]
async fn error_message_contains(w: &mut FinesseWorld, expected: String) -> StepResult {
    let e = first_error(w)?;
    let msg = e.error_message.as_deref().unwrap_or("");
    if !msg.contains(&expected) {
        return fail(format!(
            "expected an ErrorMessage containing \"{expected}\", got \"{msg}\""
        ));
    }
    Ok(())
}

/// The guide names a 500's kind (DB_RUNTIME_EXCEPTION, …) without saying which element
/// carries it, so any ErrorType, ErrorMessage or ErrorData of the body may.
#[then(regex = r#"^the error names "([^"]+)"$"#)]
async fn error_names(w: &mut FinesseWorld, expected: String) -> StepResult {
    let r = w.last()?;
    let errors = r.api_errors().map(|e| e.errors).unwrap_or_default();
    let named = errors.iter().any(|e| {
        e.error_type.contains(&expected)
            || [&e.error_message, &e.error_data]
                .into_iter()
                .any(|f| f.as_deref().is_some_and(|v| v.contains(&expected)))
    });
    if !named {
        return fail(format!(
            "expected an ApiError naming \"{expected}\", got {}",
            r.describe()
        ));
    }
    Ok(())
}

/// Media API errors carry the mrdId in ErrorMedia (G12.5 p.169–170).
#[then("the error names the media routing domain")]
async fn error_media(w: &mut FinesseWorld) -> StepResult {
    let mrd = w.mrd()?;
    let e = first_error(w)?;
    match e.error_media.as_deref().map(str::trim) {
        Some(m) if m == mrd => Ok(()),
        other => fail(format!("expected ErrorMedia \"{mrd}\", got {other:?}")),
    }
}

#[then("the response echoes the requestId")]
async fn echoes_request_id(w: &mut FinesseWorld) -> StepResult {
    let sent = w
        .last_request_id
        .clone()
        .ok_or_else(|| super::StepError::new("the last request sent no requestId"))?;
    let r = w.last()?;
    match r.header("requestId") {
        Some(v) if v == sent => Ok(()),
        Some(v) => fail(format!(
            "expected the requestId header \"{sent}\", got \"{v}\""
        )),
        None => fail(format!(
            "expected the requestId header \"{sent}\" in the response, got none ({})",
            r.describe()
        )),
    }
}
