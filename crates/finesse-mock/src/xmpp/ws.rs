//! XMPP over WebSocket (RFC 7395) at `/ws/` on the REST port, as Finesse 12.6 serves it
//! (reference §7.1).

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::connection::{self, Transport};
use crate::http::AppState;

/// RFC 7395 §3.1: the client asks for the `xmpp` subprotocol and the server agrees.
pub(crate) async fn upgrade(
    State(s): State<AppState>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if s.hub.is_down() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the Notification Service is down (fault notification_service=down)\n",
        )
            .into_response();
    }
    let offers_xmpp = headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == "xmpp");
    // Without the subprotocol the client would have to close anyway (§3.1); refusing says
    // why. Whether Finesse refuses or accepts is not documented.
    if !offers_xmpp {
        return (
            StatusCode::BAD_REQUEST,
            "ask for the WebSocket subprotocol xmpp (RFC 7395)\n",
        )
            .into_response();
    }
    let hub = s.hub.clone();
    // tungstenite zeroes its whole read buffer (128 KiB by default) on every read, which
    // dominated the deviation matrix's CPU time; stanzas are small.
    ws.protocols(["xmpp"])
        .read_buffer_size(8 * 1024)
        .max_message_size(super::connection::LIMITS.max_stanza)
        .on_upgrade(move |socket| connection::serve(Transport::Ws(Box::new(socket)), hub))
}
