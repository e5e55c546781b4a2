//! The mock's control endpoint, outside `/finesse`: switch faults and deviations.
//! `POST /mock/faults?notification_service=down|up&out_of_service=on|off&partial_service=on|off&bridge_full=on|off&server_error=db|runtime|aws|off`
//! `POST /mock/deviations?enable=<name>&disable=<name>`; `POST /mock/tokens/expire` (SSO mode:
//! every access token expires now); `GET /mock` shows the switches.

use std::collections::HashMap;
use std::time::Instant;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::ServerError;
use super::deviations::Deviation;
use super::http::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(status))
        .route("/faults", post(faults))
        .route("/deviations", post(deviations))
        .route("/preview", post(preview))
        .route("/preview/cancel", post(cancel_preview))
        .route("/progressive", post(progressive))
        .route("/async-errors", get(async_errors))
        .route("/tokens/expire", post(expire_tokens))
}

async fn status(State(s): State<AppState>) -> String {
    let m = s.lock();
    let devs: Vec<&str> = m.deviations.iter().map(|d| d.name()).collect();
    format!(
        "deployment: {}\nauth: {}\nnotification_service: {}\nout_of_service: {}\nbridge_full: {}\ndeviations: [{}]\n",
        m.deployment(),
        if m.sso() { "SSO" } else { "Basic" },
        if m.faults.notification_service_down {
            "down"
        } else {
            "up"
        },
        m.faults.out_of_service,
        m.faults.bridge_full,
        devs.join(", ")
    )
}

/// SSO mode: every access token expires now; 409 when the mock is not in SSO mode.
async fn expire_tokens(State(s): State<AppState>) -> Response {
    let mut m = s.lock();
    if !m.sso() {
        return (
            StatusCode::CONFLICT,
            "the mock is not in SSO mode (start it with --auth sso)\n",
        )
            .into_response();
    }
    m.expire_tokens(Instant::now());
    "ok\n".into_response()
}

fn server_error(value: &str) -> Option<Option<ServerError>> {
    match value {
        "db" => Some(Some(ServerError::DbRuntime)),
        "runtime" => Some(Some(ServerError::Runtime)),
        "aws" => Some(Some(ServerError::AwsUnavailable)),
        "off" => Some(None),
        _ => None,
    }
}

fn flag(value: &str, on: &str, off: &str) -> Option<bool> {
    if value == on {
        Some(true)
    } else if value == off {
        Some(false)
    } else {
        None
    }
}

async fn faults(State(s): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let mut m = s.lock();
    let mut faults = m.faults;
    for (k, v) in &q {
        let parsed = match k.as_str() {
            "notification_service" => {
                flag(v, "down", "up").map(|b| faults.notification_service_down = b)
            }
            "out_of_service" => flag(v, "on", "off").map(|b| faults.out_of_service = b),
            "partial_service" => flag(v, "on", "off").map(|b| faults.partial_service = b),
            "bridge_full" => flag(v, "on", "off").map(|b| faults.bridge_full = b),
            "server_error" => server_error(v).map(|k| faults.server_error = k),
            "fail_next" => v.parse().ok().map(|n| faults.fail_next = n),
            "dialogs_unreadable" => flag(v, "on", "off").map(|b| faults.dialogs_unreadable = b),
            _ => None,
        };
        if parsed.is_none() {
            let msg = format!(
                "unknown fault {k}={v} (use notification_service=down|up, out_of_service=on|off, partial_service=on|off, bridge_full=on|off, server_error=db|runtime|aws|off, fail_next=N, dialogs_unreadable=on|off)\n"
            );
            return (StatusCode::BAD_REQUEST, msg).into_response();
        }
    }
    m.faults = faults;
    "ok\n".into_response()
}

async fn deviations(
    State(s): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut m = s.lock();
    for (k, v) in &q {
        let Some(d) = Deviation::from_name(v) else {
            return (
                StatusCode::BAD_REQUEST,
                format!("unknown deviation {v} (see `finesse-conformance deviations`)\n"),
            )
                .into_response();
        };
        match k.as_str() {
            "enable" => m.deviations.set(d, true),
            "disable" => m.deviations.set(d, false),
            _ => {
                return (
                    StatusCode::BAD_REQUEST,
                    format!("unknown parameter {k} (use enable= or disable=)\n"),
                )
                    .into_response();
            }
        }
    }
    "ok\n".into_response()
}

/// A dialer request for the query's `user=<id>` (400 without one): `done`'s text, or 409
/// with why the model refused.
fn for_user<T, E: std::fmt::Display>(
    q: &HashMap<String, String>,
    op: impl FnOnce(&str) -> Result<T, E>,
    done: impl FnOnce(T) -> String,
) -> Response {
    let Some(user) = q.get("user") else {
        return (StatusCode::BAD_REQUEST, "give user=<id>\n").into_response();
    };
    match op(user) {
        Ok(v) => done(v).into_response(),
        Err(e) => (StatusCode::CONFLICT, format!("{e}\n")).into_response(),
    }
}

/// Places a preview reservation on a READY agent, as a dialer would:
/// `POST /mock/preview?user=1001[&direct=true]`.
async fn preview(State(s): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let direct = q.get("direct").is_some_and(|d| d == "true");
    for_user(
        &q,
        |user| s.lock().place_preview(user, direct, Instant::now()),
        |id| format!("/finesse/api/Dialog/{id}\n"),
    )
}

/// Reserves a READY agent for a progressive call (RESERVED_OUTBOUND):
/// `POST /mock/progressive?user=1001`. `/mock/preview/cancel` withdraws it.
async fn progressive(
    State(s): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    for_user(
        &q,
        |user| s.lock().place_progressive(user, Instant::now()),
        |()| "reserved\n".to_string(),
    )
}

/// Withdraws a user's reservations: `POST /mock/preview/cancel?user=1001`.
async fn cancel_preview(
    State(s): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    for_user(
        &q,
        |user| s.lock().cancel_preview(user, Instant::now()),
        |n| format!("{n} reservation(s) withdrawn\n"),
    )
}

async fn async_errors(State(s): State<AppState>) -> String {
    s.lock()
        .async_errors()
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {} requestId={}\n",
                e.source,
                e.error_type,
                e.error_data,
                e.error_message,
                e.error_media.as_deref().unwrap_or("-"),
                e.request_id.as_deref().unwrap_or("")
            )
        })
        .collect()
}
