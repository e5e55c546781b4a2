//! One connection's IO: frames from the socket into the session, its answers and the
//! notifications it is subscribed to back out, until either side closes.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::broadcast::error::RecvError;

use finesse_protocol::xmpp_frame::{self, Frame, Framer, Limits};

use super::Hub;
use super::session::Step;
use super::stanzas::{Condition, Framing};

/// A client that does not take its data within this time is dropped, so that it holds
/// nothing up for long.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Bigger stanzas (or WebSocket messages), longer tags and deeper nesting close the
/// stream: no Finesse client sends anything near them.
pub(crate) const LIMITS: Limits = Limits {
    max_stanza: 256 * 1024,
    max_tag: 16 * 1024,
    max_depth: 64,
};

pub(super) enum Transport {
    Tcp {
        stream: TcpStream,
        framer: Framer,
        buf: Vec<u8>,
    },
    Ws(Box<WebSocket>),
}

impl Transport {
    pub(super) fn tcp(stream: TcpStream) -> Transport {
        Transport::Tcp {
            stream,
            framer: Framer::new(LIMITS),
            buf: vec![0; 8192],
        }
    }

    fn framing(&self) -> Framing {
        match self {
            Transport::Tcp { .. } => Framing::Tcp,
            Transport::Ws(_) => Framing::WebSocket,
        }
    }

    /// The next frame, or `None` once the peer has gone. Cancel-safe: bytes read stay in
    /// the framer.
    async fn recv(&mut self) -> Option<Result<Frame, Condition>> {
        match self {
            Transport::Tcp {
                stream,
                framer,
                buf,
            } => loop {
                match framer.next_frame() {
                    Ok(Some(f)) => return Some(Ok(f)),
                    Err(e) => return Some(Err(e.into())),
                    Ok(None) => {}
                }
                let n = stream.read(buf).await.ok()?;
                if n == 0 {
                    return None;
                }
                framer.push(&buf[..n]);
            },
            Transport::Ws(ws) => loop {
                match ws.recv().await?.ok()? {
                    Message::Text(t) => {
                        return Some(
                            xmpp_frame::ws_frame(t.as_str(), LIMITS).map_err(Condition::from),
                        );
                    }
                    // RFC 7395 §3.2: XMPP goes in text messages.
                    Message::Binary(_) => return Some(Err(Condition::BadFormat)),
                    Message::Close(_) => return None,
                    Message::Ping(_) | Message::Pong(_) => {}
                }
            },
        }
    }

    async fn send(&mut self, text: &str) -> bool {
        let write = async {
            match self {
                Transport::Tcp { stream, .. } => stream.write_all(text.as_bytes()).await.is_ok(),
                Transport::Ws(ws) => ws
                    .send(Message::Text(text.to_string().into()))
                    .await
                    .is_ok(),
            }
        };
        tokio::time::timeout(WRITE_TIMEOUT, write)
            .await
            .unwrap_or(false)
    }

    /// Writes a step's output; false when the connection is to end.
    async fn apply(&mut self, step: Step) -> bool {
        for out in &step.out {
            if !self.send(out).await {
                return false;
            }
        }
        if step.restart
            && let Transport::Tcp { framer, .. } = self
        {
            framer.restart();
        }
        !step.close
    }

    async fn close(mut self) {
        let _ = match &mut self {
            Transport::Tcp { stream, .. } => tokio::time::timeout(WRITE_TIMEOUT, stream.shutdown())
                .await
                .map(|r| r.is_ok()),
            Transport::Ws(ws) => tokio::time::timeout(WRITE_TIMEOUT, ws.send(Message::Close(None)))
                .await
                .map(|r| r.is_ok()),
        };
    }
}

/// Serves one connection until the client or the service ends it.
pub(super) async fn serve(mut t: Transport, hub: Arc<Hub>) {
    let _open = hub.opened();
    let mut notes = hub.notes.subscribe();
    let mut down = hub.down.subscribe();
    let mut shutdown = hub.shutdown.subscribe();
    let mut session = hub.new_session(t.framing());
    // With the Notification Service down, a new connection gets the stream error at once.
    if hub.is_down() {
        let step = session.fail(Condition::ServiceUnavailable);
        t.apply(step).await;
        t.close().await;
        return;
    }
    loop {
        let step = tokio::select! {
            frame = t.recv() => match frame {
                None => break,
                Some(Err(c)) => session.fail(c),
                Some(Ok(f)) => hub.handle(&mut session, f),
            },
            note = notes.recv() => match note {
                Ok(n) => match hub.deliver(&mut session, &n) {
                    Some(m) => Step { out: vec![m], ..Step::default() },
                    None => continue,
                },
                // Fallen too far behind: better closed than silently missing items.
                Err(RecvError::Lagged(_)) => session.fail(Condition::ResourceConstraint),
                Err(RecvError::Closed) => session.fail(Condition::SystemShutdown),
            },
            changed = down.changed() => {
                if changed.is_ok() && !*down.borrow_and_update() {
                    continue;
                }
                // The service stopped: existing sessions end (the mock's choice of condition).
                session.fail(Condition::SystemShutdown)
            },
            _ = shutdown.changed() => session.fail(Condition::SystemShutdown),
        };
        if !t.apply(step).await {
            break;
        }
    }
    t.close().await;
}
