//! Byte transports for XMPP: WebSocket (RFC 7395, `ws://`, `wss://`) and TCP (RFC 6120,
//! `tcp://` plain, `tls://` direct TLS). TLS is done here with tokio-rustls for both, so
//! one rustls configuration (lab CA, insecure switch) serves every URL; tungstenite only
//! does the WebSocket handshake and framing on top.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use finesse_protocol::xmpp_frame::{self, Frame, Framer, Limits};

use super::endpoint::Endpoint;
use super::error::XmppError;
use super::session::Framing;
use crate::profile::Tls;

/// Larger than any Finesse notification: stops a broken server from growing memory
/// forever. Tags have no limit of their own; nesting deeper than any Finesse document is
/// refused.
pub(crate) const LIMITS: Limits = Limits {
    max_stanza: 4 << 20,
    max_tag: 4 << 20,
    max_depth: finesse_protocol::xml::MAX_DEPTH,
};

/// Anything a connection can run over: plain TCP or TLS over TCP.
pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

pub(crate) enum Transport {
    WebSocket {
        ws: Box<WebSocketStream<Box<dyn Io>>>,
        url: String,
    },
    Stream {
        io: Box<dyn Io>,
        framer: Framer,
        buf: Box<[u8]>,
        url: String,
    },
}

impl Transport {
    /// Connects (TCP, then TLS and the WebSocket upgrade as the URL says); each step must
    /// finish within `timeout`.
    pub(crate) async fn connect(
        ep: &Endpoint,
        tls: &Tls,
        timeout: Duration,
    ) -> Result<Self, XmppError> {
        let url = ep.to_string();
        let timed_out = |waiting_for: &str| XmppError::Timeout {
            url: url.clone(),
            waiting_for: waiting_for.to_string(),
            after: timeout,
        };
        // Build the TLS settings first: a bad CA file is reported before any traffic.
        let tls_config = if ep.scheme.uses_tls() {
            Some(super::tls::client_config(tls)?)
        } else {
            None
        };
        let tcp = tokio::time::timeout(timeout, TcpStream::connect((ep.host.as_str(), ep.port)))
            .await
            .map_err(|_| timed_out("the TCP connection"))?
            .map_err(|e| XmppError::Connect {
                url: url.clone(),
                detail: one_line(&e.to_string()),
            })?;
        // Stanzas are small and latency matters more than packet count.
        let _ = tcp.set_nodelay(true);
        let io: Box<dyn Io> = match tls_config {
            Some(config) => {
                let name =
                    rustls::pki_types::ServerName::try_from(ep.host.clone()).map_err(|e| {
                        XmppError::Config {
                            detail: format!("invalid TLS server name {:?}: {e}", ep.host),
                        }
                    })?;
                let connector = tokio_rustls::TlsConnector::from(config);
                let stream = tokio::time::timeout(timeout, connector.connect(name, tcp))
                    .await
                    .map_err(|_| timed_out("the TLS handshake"))?
                    .map_err(|e| {
                        let f = crate::tls_trust::explain(
                            &e,
                            tls.ca_cert.as_deref(),
                            "capabilities.notifications.url",
                            &error_chain(&e),
                        );
                        XmppError::Tls {
                            url: url.clone(),
                            detail: f.what,
                            advice: f.advice,
                        }
                    })?;
                Box::new(stream)
            }
            None => Box::new(tcp),
        };
        match ep.scheme.framing() {
            Framing::Stream => Ok(Transport::Stream {
                io,
                framer: Framer::new(LIMITS),
                buf: vec![0; 16 * 1024].into_boxed_slice(),
                url,
            }),
            Framing::WebSocket => {
                let mut request =
                    url.as_str()
                        .into_client_request()
                        .map_err(|e| XmppError::Config {
                            detail: format!(
                                "invalid WebSocket URL {url}: {}",
                                one_line(&e.to_string())
                            ),
                        })?;
                // RFC 7395 §3.1: the subprotocol is required.
                request
                    .headers_mut()
                    .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("xmpp"));
                // tungstenite zeroes its whole read buffer (128 KiB by default) on every
                // read; stanzas are small, and a small buffer still grows for a large one.
                let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
                    .read_buffer_size(8 * 1024)
                    .max_message_size(Some(LIMITS.max_stanza))
                    .max_frame_size(Some(LIMITS.max_stanza));
                let (ws, _) = tokio::time::timeout(
                    timeout,
                    tokio_tungstenite::client_async_with_config(request, io, Some(config)),
                )
                .await
                .map_err(|_| timed_out("the WebSocket upgrade"))?
                .map_err(|e| XmppError::WebSocket {
                    url: url.clone(),
                    detail: describe_ws_error(&e),
                })?;
                Ok(Transport::WebSocket {
                    ws: Box::new(ws),
                    url,
                })
            }
        }
    }

    fn url(&self) -> &str {
        match self {
            Transport::WebSocket { url, .. } | Transport::Stream { url, .. } => url,
        }
    }

    fn io_error(&self, detail: String) -> XmppError {
        XmppError::Io {
            url: self.url().to_string(),
            detail,
        }
    }

    pub(crate) async fn send(&mut self, text: &str) -> Result<(), XmppError> {
        let result = match self {
            Transport::WebSocket { ws, .. } => ws
                .send(Message::text(text.to_string()))
                .await
                .map_err(|e| describe_ws_error(&e)),
            Transport::Stream { io, .. } => {
                let written = io.write_all(text.as_bytes()).await;
                match written {
                    Ok(()) => io.flush().await,
                    Err(e) => Err(e),
                }
                .map_err(|e| one_line(&e.to_string()))
            }
        };
        result.map_err(|d| self.io_error(d))
    }

    /// The next frame. The end of the connection is a [`Frame::Close`], so the session
    /// decides whether it was expected. Cancel-safe: nothing read is lost if dropped.
    pub(crate) async fn recv(&mut self) -> Result<Frame, XmppError> {
        let url = self.url().to_string();
        let protocol = |detail: String| XmppError::Protocol {
            url: url.clone(),
            detail,
        };
        match self {
            Transport::WebSocket { ws, .. } => loop {
                match ws.next().await {
                    None => return Ok(Frame::Close),
                    Some(Ok(Message::Text(t))) => {
                        return xmpp_frame::ws_frame(t.as_str(), LIMITS)
                            .map_err(|e| protocol(e.to_string()));
                    }
                    Some(Ok(Message::Binary(b))) => {
                        let text = std::str::from_utf8(&b)
                            .map_err(|_| protocol("a binary WebSocket message that is not UTF-8".into()))?;
                        return xmpp_frame::ws_frame(text, LIMITS)
                            .map_err(|e| protocol(e.to_string()));
                    }
                    Some(Ok(Message::Close(_))) => return Ok(Frame::Close),
                    Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                    Some(Err(
                        WsError::ConnectionClosed
                        | WsError::AlreadyClosed
                        | WsError::Protocol(
                            tokio_tungstenite::tungstenite::error::ProtocolError::ResetWithoutClosingHandshake,
                        ),
                    )) => return Ok(Frame::Close),
                    Some(Err(e)) => {
                        return Err(XmppError::Io {
                            url,
                            detail: describe_ws_error(&e),
                        });
                    }
                }
            },
            Transport::Stream {
                io, framer, buf, ..
            } => loop {
                if let Some(frame) = framer.next_frame().map_err(|e| protocol(e.to_string()))? {
                    return Ok(frame);
                }
                match io.read(buf).await {
                    Ok(0) => return Ok(Frame::Close),
                    Ok(n) => framer.push(&buf[..n]),
                    // A TLS peer that drops the TCP connection without close_notify.
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                        return Ok(Frame::Close);
                    }
                    Err(e) => {
                        return Err(XmppError::Io {
                            url,
                            detail: one_line(&e.to_string()),
                        });
                    }
                }
            },
        }
    }

    /// A new stream starts after login (TCP only: WebSocket reopens with `<open/>`).
    pub(crate) fn restart(&mut self) {
        if let Transport::Stream { framer, .. } = self {
            framer.restart();
        }
    }

    /// Ends the connection; errors are irrelevant by then.
    pub(crate) async fn shutdown(&mut self) {
        match self {
            Transport::WebSocket { ws, .. } => {
                let _ = WebSocketStream::close(&mut **ws, None).await;
            }
            Transport::Stream { io, .. } => {
                let _ = io.shutdown().await;
            }
        }
    }
}

fn describe_ws_error(e: &WsError) -> String {
    match e {
        WsError::Http(resp) => format!("the server answered HTTP {}", resp.status()),
        WsError::Io(io) => error_chain(io),
        other => one_line(&other.to_string()),
    }
}

use crate::stdout::one_line;

/// An IO error with its causes, on one line (rustls errors sit inside IO errors).
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    one_line(&crate::stdout::error_causes(e).join(": "))
}
