//! Thin axum handlers: read the request, call the model, render XML or ApiErrors.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::control;
use super::model::sso::{Grant, TokenFailure};
use super::model::{Accepted, ApiFailure, Basic, Credential, Finesse};
use super::xmpp::{self, Hub};
use crate::documents::{ApiError, ClientLogPost, Document, RequestBody};

#[derive(Clone)]
pub(crate) struct AppState {
    pub model: Arc<Mutex<Finesse>>,
    /// The Notification Service, which publishes what each request changed.
    pub hub: Arc<Hub>,
}

impl AppState {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Finesse> {
        // A panic while holding the lock must not take the whole mock down.
        self.model.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/finesse/api/SystemInfo", get(system_info))
        .route("/finesse/api/Users", get(list_users))
        .route("/finesse/api/User/{id}", get(get_user).put(put_user))
        .route("/finesse/api/User/{id}/ReasonCodes", get(reason_codes))
        .route("/finesse/api/User/{id}/ReasonCode/{code}", get(reason_code))
        .route("/finesse/api/User/{id}/WrapUpReasons", get(wrap_up_reasons))
        .route("/finesse/api/User/{id}/Workflows", get(user_workflows))
        .route(
            "/finesse/api/User/{id}/WrapUpReason/{reason}",
            get(wrap_up_reason),
        )
        .route(
            "/finesse/api/User/{id}/ClientLog",
            get(client_log_get)
                .put(client_log_put)
                .post(client_log_post),
        )
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
        .route("/finesse/api/Team/{id}", get(get_team))
        .route("/finesse/api/TeamMessage", post(create_team_message))
        .route("/finesse/api/Queue/{id}", get(get_queue))
        .route("/finesse/api/User/{id}/Queues", get(user_queues))
        .route(
            "/finesse/api/TeamResource/{id}/PhoneBooks",
            get(get_team_phone_books),
        )
        .route("/finesse/api/UserAuthMode/{name}", get(user_auth_mode))
        .route("/desktop/sso/token", get(fetch_token).post(refresh_token))
        .route("/desktop/sso/test", get(sso_test))
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

/// The Authorization header: Basic, or a Bearer token (SSO); anything else is none.
fn credential(headers: &HeaderMap) -> Option<Credential> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ')?;
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") && !rest.is_empty() {
        return Some(Credential::Bearer(finesse_protocol::Secret::new(rest)));
    }
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(finesse_protocol::base64::decode(rest)?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some(Credential::Basic(Basic {
        user: user.to_string(),
        password: finesse_protocol::Secret::new(password),
    }))
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("requestId")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn with_request_id(mut resp: Response, rid: Option<&str>) -> Response {
    if let Some(v) = rid.and_then(|r| HeaderValue::from_str(r).ok()) {
        resp.headers_mut().insert("requestId", v);
    }
    resp
}

fn xml_response(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

/// An error response: the status and the ApiErrors body (reference §3.1).
fn failure(f: ApiFailure, rid: Option<&str>) -> Response {
    let body = ApiError {
        error_type: &f.error_type,
        message: &f.message,
        data: f.data.as_deref(),
        media: f.media.as_deref(),
    }
    .to_xml();
    let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    with_request_id(
        (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response(),
        rid,
    )
}

/// What every API handler takes from its request: the model, the caller's credential and
/// the requestId header.
struct Call {
    state: AppState,
    credential: Option<Credential>,
    request_id: Option<String>,
}

impl FromRequestParts<AppState> for Call {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Call, Infallible> {
        Ok(Call {
            state: state.clone(),
            credential: credential(&parts.headers),
            request_id: request_id(&parts.headers),
        })
    }
}

impl Call {
    /// A read: the document the model gives, or the failure.
    fn read<T: Document>(
        self,
        op: impl FnOnce(&mut Finesse, Option<&Credential>, Instant) -> Result<T, ApiFailure>,
    ) -> Response {
        let result = op(
            &mut self.state.lock(),
            self.credential.as_ref(),
            Instant::now(),
        );
        match result {
            Ok(v) => xml_response(v.to_xml()),
            Err(f) => failure(f, None),
        }
    }

    /// A write: the model takes the parsed body (or why it did not parse) and the requestId.
    /// Accepted: an empty body and the requestId echoed (G12.5 p171).
    fn write<B: RequestBody>(
        self,
        body: &str,
        op: impl FnOnce(
            &mut Finesse,
            Option<&Credential>,
            Result<B, String>,
            Option<String>,
            Instant,
        ) -> Result<Accepted, ApiFailure>,
    ) -> Response {
        let rid = self.request_id;
        let parsed = super::model::request_body::parse(body, B::ROOT);
        let result = op(
            &mut self.state.lock(),
            self.credential.as_ref(),
            parsed,
            rid.clone(),
            Instant::now(),
        );
        match result {
            Ok(a) => with_request_id(
                StatusCode::from_u16(a.status)
                    .unwrap_or(StatusCode::ACCEPTED)
                    .into_response(),
                rid.as_deref().filter(|_| a.echo_request_id),
            ),
            Err(f) => failure(f, rid.as_deref()),
        }
    }
}

async fn system_info(State(s): State<AppState>, headers: HeaderMap) -> Response {
    // The host part of `Host` (a bracketed IPv6 address keeps its brackets).
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| match h.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => h,
        });
    let info = s.lock().system_info(Instant::now(), host);
    xml_response(info.to_xml())
}

async fn get_user(call: Call, Path(id): Path<String>) -> Response {
    call.read(|m, who, now| m.get_user(who, &id, now))
}

async fn put_user(call: Call, Path(id): Path<String>, body: String) -> Response {
    call.write(&body, |m, who, body, rid, now| {
        m.put_user(who, &id, body, rid, now)
    })
}

#[derive(serde::Deserialize)]
struct CategoryQuery {
    category: Option<String>,
}

async fn reason_codes(
    call: Call,
    Path(id): Path<String>,
    Query(q): Query<CategoryQuery>,
) -> Response {
    call.read(|m, who, now| m.reason_codes(who, &id, q.category.as_deref(), now))
}

async fn reason_code(call: Call, Path((id, code)): Path<(String, String)>) -> Response {
    call.read(|m, who, now| m.reason_code(who, &id, &code, now))
}

async fn wrap_up_reasons(call: Call, Path(id): Path<String>) -> Response {
    call.read(|m, who, now| m.wrap_up_reasons(who, &id, now))
}

async fn user_workflows(call: Call, Path(id): Path<String>) -> Response {
    call.read(|m, who, now| m.user_workflows(who, &id, now))
}

async fn wrap_up_reason(call: Call, Path((id, reason)): Path<(String, String)>) -> Response {
    call.read(|m, who, now| m.wrap_up_reason(who, &id, &reason, now))
}

async fn media_list(call: Call, Path(id): Path<String>) -> Response {
    call.read(|m, who, now| m.media_list(who, &id, now))
}

async fn get_media(call: Call, Path((id, mrd)): Path<(String, String)>) -> Response {
    call.read(|m, who, now| m.media(who, &id, &mrd, now))
}

async fn put_media(call: Call, Path((id, mrd)): Path<(String, String)>, body: String) -> Response {
    call.write(&body, |m, who, body, rid, now| {
        m.put_media(who, &id, &mrd, body, rid, now)
    })
}

async fn user_dialogs(call: Call, Path(id): Path<String>) -> Response {
    call.read(|m, who, now| m.user_dialogs(who, &id, now))
}

async fn post_dialog(call: Call, Path(id): Path<String>, body: String) -> Response {
    call.write(&body, |m, who, body, rid, now| {
        m.post_dialog(who, &id, body, rid, now)
    })
}

async fn client_log_post(call: Call, Path(id): Path<String>, body: String) -> Response {
    call.write(&body, |m, who, body, _rid, now| {
        m.post_client_log(who, &id, body, now)
    })
}

async fn create_team_message(call: Call, body: String) -> Response {
    call.write(&body, |m, who, body, _rid, now| {
        m.create_team_message(who, body, now)
    })
}

async fn client_log_get(call: Call) -> Response {
    call.write::<ClientLogPost>("", |m, who, _, _, now| {
        m.client_log_other_method(who, "GET", now)
    })
}

async fn client_log_put(call: Call) -> Response {
    call.write::<ClientLogPost>("", |m, who, _, _, now| {
        m.client_log_other_method(who, "PUT", now)
    })
}

async fn get_dialog(call: Call, Path(id): Path<String>) -> Response {
    call.read(|m, who, now| m.dialog(who, &id, now))
}

async fn list_users(call: Call) -> Response {
    call.read(|m, who, now| m.users(who, now))
}

async fn get_team(call: Call, Path(id): Path<String>) -> Response {
    call.read(|m, who, now| m.team(who, &id, now))
}

async fn get_queue(call: Call, Path(id): Path<String>) -> Response {
    call.read(|m, who, now| m.queue(who, &id, now))
}

async fn user_queues(call: Call, Path(id): Path<String>) -> Response {
    call.read(|m, who, now| m.user_queues(who, &id, now))
}

/// Needs no credentials (the model checks any it is given only under a deviation).
async fn user_auth_mode(call: Call, Path(name): Path<String>) -> Response {
    call.read(|m, who, now| m.user_auth_mode(who, &name, now))
}

/// TeamResource—Get Phone Books: the `Range` header goes to the model, which also decides
/// between 200 and 206.
async fn get_team_phone_books(call: Call, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let range = headers
        .get(header::RANGE)
        .map(|v| v.to_str().unwrap_or_default().to_string());
    let result = call.state.lock().team_phone_books(
        call.credential.as_ref(),
        &id,
        range.as_deref(),
        Instant::now(),
    );
    match result {
        Ok(page) => {
            let status = StatusCode::from_u16(page.status()).unwrap_or(StatusCode::OK);
            let body = page.books.to_xml();
            (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response()
        }
        Err(f) => failure(f, None),
    }
}

async fn put_dialog(call: Call, Path(id): Path<String>, body: String) -> Response {
    call.write(&body, |m, who, body, rid, now| {
        m.put_dialog(who, &id, body, rid, now)
    })
}

/// The IdS JSON (the shape the developer site shows for the SSO client integration).
fn token_json(g: &Grant, with_refresh: bool) -> Response {
    let mut body = serde_json::json!({
        "token": g.access,
        "expires_in": g.expires_in.as_secs(),
        "user_id": g.user_id,
        "realm": g.realm,
        "user_principal": format!("{}@{}", g.user_id, g.realm),
    });
    if with_refresh && let Some(map) = body.as_object_mut() {
        map.insert("refresh_token".into(), g.refresh.clone().into());
    }
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Token API errors as an OAuth-style JSON object (the guide gives statuses, not bodies).
fn token_failure(f: TokenFailure) -> Response {
    let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::json!({ "error": f.error, "error_description": f.description });
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// `cc_username` from the query, else from a cookie (G12.5's SSO client integration allows
/// either).
fn cc_username(q: &HashMap<String, String>, h: &HeaderMap) -> Option<String> {
    if let Some(v) = q.get("cc_username") {
        return Some(v.clone());
    }
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == "cc_username")
        .map(|(_, v)| v.to_string())
}

async fn fetch_token(
    State(s): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    h: HeaderMap,
) -> Response {
    let name = cc_username(&q, &h);
    let asked = q
        .get("return_refresh_token")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let with_refresh = s.lock().fetch_returns_refresh(asked);
    match s
        .lock()
        .fetch_token(name.as_deref(), credential(&h).as_ref(), Instant::now())
    {
        Ok(g) => token_json(&g, with_refresh),
        Err(f) => token_failure(f),
    }
}

async fn refresh_token(
    State(s): State<AppState>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let fields = form.map(|Form(f)| f).unwrap_or_default();
    let result = s.lock().refresh_token(
        fields.get("token").map(String::as_str),
        fields.get("refresh-token").map(String::as_str),
        Instant::now(),
    );
    match result {
        // The refresh API returns the new pair.
        Ok(g) => token_json(&g, true),
        Err(f) => token_failure(f),
    }
}

/// "Single Sign-On—Test API" (G12.5 p189–190): the cookie `ssotest` and an HTML page that
/// tells the user and the token and posts the outcome to its opener.
async fn sso_test(call: Call) -> Response {
    let token = match &call.credential {
        Some(Credential::Bearer(t)) => t.expose().to_string(),
        _ => String::new(),
    };
    let Some(t) = call
        .state
        .lock()
        .sso_test(call.credential.as_ref(), Instant::now())
    else {
        return token_failure(TokenFailure {
            status: 404,
            error: "not_found",
            description: "single sign-on is not enabled on this Finesse".into(),
        });
    };
    let passed = t.passed();
    let about = match &t.user {
        Some(u) => format!("<p>User: {u}</p><p>Token: {token}</p>"),
        None => String::new(),
    };
    let body = format!(
        "<!DOCTYPE html><html><head><title>SSO test</title></head><body>{about}\
         <script>(window.opener || window.parent).postMessage({{ status: \"{passed}\", \
         errorMessage: \"{}\" }}, \"*\");</script></body></html>",
        t.error
    );
    let status = if passed {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    };
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html".to_string()),
            (
                header::SET_COOKIE,
                format!("ssotest={passed}; Path=/desktop"),
            ),
        ],
        body,
    )
        .into_response()
}

async fn unknown_api() -> Response {
    failure(
        ApiFailure::not_found("", "No such resource in the mock Finesse"),
        None,
    )
}
