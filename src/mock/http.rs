//! Thin axum handlers: read the request, call the model, render XML or ApiErrors.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::control;
use super::model::{Accepted, ApiFailure, Basic, Finesse};
use super::xmpp::{self, Hub};
use crate::finesse::models::{self, DialogRequest, MediaUpdate, UserUpdate};

#[derive(Clone)]
pub struct AppState {
    pub model: Arc<Mutex<Finesse>>,
    /// The Notification Service, which publishes what each request changed.
    pub hub: Arc<Hub>,
}

impl AppState {
    pub fn lock(&self) -> MutexGuard<'_, Finesse> {
        // A panic while holding the lock must not take the whole mock down.
        self.model.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/finesse/api/SystemInfo", get(system_info))
        .route("/finesse/api/User/{id}", get(get_user).put(put_user))
        .route("/finesse/api/User/{id}/ReasonCodes", get(reason_codes))
        .route("/finesse/api/User/{id}/ReasonCode/{code}", get(reason_code))
        .route("/finesse/api/User/{id}/Media", get(media_list))
        .route(
            "/finesse/api/User/{id}/Media/{mrd}",
            get(get_media).put(put_media),
        )
        .route(
            "/finesse/api/User/{id}/Dialogs",
            get(user_dialogs).post(post_dialog),
        )
        .route("/finesse/api/Dialog/{id}", get(get_dialog).put(put_dialog))
        .route("/ws/", get(xmpp::ws::upgrade))
        .route("/ws", get(xmpp::ws::upgrade))
        .nest("/mock", control::router())
        .fallback(unknown_api)
        .layer(middleware::from_fn_with_state(state.clone(), publish_after))
        .with_state(state)
}

/// Every request (the control endpoint's included) may change what subscribers see.
async fn publish_after(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    s.hub.after_request();
    resp
}

fn basic(headers: &HeaderMap) -> Option<Basic> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(crate::base64::decode(encoded)?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some(Basic {
        user: user.to_string(),
        password: crate::profile::Secret::new(password),
    })
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("requestId")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn parse_body<T: for<'de> serde::Deserialize<'de>>(body: &str, root: &str) -> Result<T, String> {
    if body.trim().is_empty() {
        return Err("The request body is empty".into());
    }
    models::from_xml_root(body, root).map_err(|e| format!("Malformed request body: {e}"))
}

fn with_request_id(mut resp: Response, rid: Option<&str>) -> Response {
    if let Some(v) = rid.and_then(|r| HeaderValue::from_str(r).ok()) {
        resp.headers_mut().insert("requestId", v);
    }
    resp
}

fn xml_response<T: Serialize>(root: &str, value: &T) -> Response {
    match models::to_xml(root, value) {
        Ok(body) => ([(header::CONTENT_TYPE, "application/xml")], body).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("mock rendering error: {e}"),
        )
            .into_response(),
    }
}

fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// ApiErrors in one canonical child order per kind (reference §1.4): Media errors
/// alphabetical as G12.5 p.169 prints them, others Type/Message/Data as p.7 does.
fn failure(f: ApiFailure, rid: Option<&str>) -> Response {
    let mut inner = String::new();
    if let Some(media) = &f.media {
        inner.push_str(&format!(
            "<ErrorData>{}</ErrorData>",
            escape(f.data.as_deref().unwrap_or(""))
        ));
        inner.push_str(&format!("<ErrorMedia>{}</ErrorMedia>", escape(media)));
        inner.push_str(&format!(
            "<ErrorMessage>{}</ErrorMessage>",
            escape(&f.message)
        ));
        inner.push_str(&format!("<ErrorType>{}</ErrorType>", escape(&f.error_type)));
    } else {
        inner.push_str(&format!("<ErrorType>{}</ErrorType>", escape(&f.error_type)));
        inner.push_str(&format!(
            "<ErrorMessage>{}</ErrorMessage>",
            escape(&f.message)
        ));
        if let Some(d) = &f.data {
            inner.push_str(&format!("<ErrorData>{}</ErrorData>", escape(d)));
        }
    }
    let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = format!("<ApiErrors><ApiError>{inner}</ApiError></ApiErrors>");
    with_request_id(
        (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response(),
        rid,
    )
}

fn read<T: Serialize>(root: &str, r: Result<T, ApiFailure>) -> Response {
    match r {
        Ok(v) => xml_response(root, &v),
        Err(f) => failure(f, None),
    }
}

/// Accepted writes: empty body, echoed requestId (G12.5 p171).
fn write(r: Result<Accepted, ApiFailure>, rid: Option<String>) -> Response {
    match r {
        Ok(a) => with_request_id(
            StatusCode::from_u16(a.status)
                .unwrap_or(StatusCode::ACCEPTED)
                .into_response(),
            rid.as_deref().filter(|_| a.echo_request_id),
        ),
        Err(f) => failure(f, rid.as_deref()),
    }
}

async fn system_info(State(s): State<AppState>) -> Response {
    let info = s.lock().system_info(Instant::now());
    xml_response("SystemInfo", &info)
}

async fn get_user(State(s): State<AppState>, Path(id): Path<String>, h: HeaderMap) -> Response {
    read(
        "User",
        s.lock().get_user(basic(&h).as_ref(), &id, Instant::now()),
    )
}

async fn put_user(
    State(s): State<AppState>,
    Path(id): Path<String>,
    h: HeaderMap,
    body: String,
) -> Response {
    let rid = request_id(&h);
    let result = s.lock().put_user(
        basic(&h).as_ref(),
        &id,
        parse_body::<UserUpdate>(&body, "User"),
        rid.clone(),
        Instant::now(),
    );
    write(result, rid)
}

#[derive(serde::Deserialize)]
struct CategoryQuery {
    category: Option<String>,
}

async fn reason_codes(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<CategoryQuery>,
    h: HeaderMap,
) -> Response {
    read(
        "ReasonCodes",
        s.lock().reason_codes(
            basic(&h).as_ref(),
            &id,
            q.category.as_deref(),
            Instant::now(),
        ),
    )
}

async fn reason_code(
    State(s): State<AppState>,
    Path((id, code)): Path<(String, String)>,
    h: HeaderMap,
) -> Response {
    read(
        "ReasonCode",
        s.lock()
            .reason_code(basic(&h).as_ref(), &id, &code, Instant::now()),
    )
}

async fn media_list(State(s): State<AppState>, Path(id): Path<String>, h: HeaderMap) -> Response {
    read(
        "MediaList",
        s.lock().media_list(basic(&h).as_ref(), &id, Instant::now()),
    )
}

async fn get_media(
    State(s): State<AppState>,
    Path((id, mrd)): Path<(String, String)>,
    h: HeaderMap,
) -> Response {
    read(
        "Media",
        s.lock()
            .media(basic(&h).as_ref(), &id, &mrd, Instant::now()),
    )
}

async fn put_media(
    State(s): State<AppState>,
    Path((id, mrd)): Path<(String, String)>,
    h: HeaderMap,
    body: String,
) -> Response {
    let rid = request_id(&h);
    let result = s.lock().put_media(
        basic(&h).as_ref(),
        &id,
        &mrd,
        parse_body::<MediaUpdate>(&body, "Media"),
        rid.clone(),
        Instant::now(),
    );
    write(result, rid)
}

async fn user_dialogs(State(s): State<AppState>, Path(id): Path<String>, h: HeaderMap) -> Response {
    read(
        "Dialogs",
        s.lock()
            .user_dialogs(basic(&h).as_ref(), &id, Instant::now()),
    )
}

async fn post_dialog(
    State(s): State<AppState>,
    Path(id): Path<String>,
    h: HeaderMap,
    body: String,
) -> Response {
    let rid = request_id(&h);
    let parsed = parse_body::<DialogRequest>(&body, "Dialog");
    let result = s
        .lock()
        .post_dialog(basic(&h).as_ref(), &id, parsed, rid.clone(), Instant::now());
    write(result, rid)
}

async fn get_dialog(State(s): State<AppState>, Path(id): Path<String>, h: HeaderMap) -> Response {
    read(
        "Dialog",
        s.lock().dialog(basic(&h).as_ref(), &id, Instant::now()),
    )
}

async fn put_dialog(
    State(s): State<AppState>,
    Path(id): Path<String>,
    h: HeaderMap,
    body: String,
) -> Response {
    let rid = request_id(&h);
    let parsed = parse_body::<DialogRequest>(&body, "Dialog");
    let result = s
        .lock()
        .put_dialog(basic(&h).as_ref(), &id, parsed, rid.clone(), Instant::now());
    write(result, rid)
}

async fn unknown_api() -> Response {
    failure(
        ApiFailure::not_found("", "No such resource in the mock Finesse"),
        None,
    )
}
