//! The connection task behind a [`NotificationClient`](super::NotificationClient): it
//! owns the transport and the session, records every stanza in the transcript, collects
//! notifications into a shared inbox, and runs client commands and keepalives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::{Instant, MissedTickBehavior};

use finesse_protocol::xmpp_frame::Frame;

use super::error::XmppError;
use super::notification::{self, Notification};
use super::session::{Action, Outgoing, Session, StanzaError};
use super::transport::Transport;
use crate::finesse::ExchangeLog;
use crate::redact::Redactor;

/// What the connection task has collected, shared with the client.
#[derive(Default)]
pub(super) struct Inbox {
    pub(super) notifications: Vec<Notification>,
    pub(super) malformed: Vec<String>,
    /// Why the connection ended, once it has.
    pub(super) ended: Option<String>,
}

pub(super) struct Shared {
    pub(super) inbox: Mutex<Inbox>,
    /// Bumped on every change, so waiters wake without polling.
    pub(super) changed: watch::Sender<u64>,
}

impl Shared {
    pub(super) fn inbox(&self) -> MutexGuard<'_, Inbox> {
        // A panic elsewhere while holding the lock leaves plain data behind: still usable.
        self.inbox.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn update(&self, f: impl FnOnce(&mut Inbox)) {
        f(&mut self.inbox());
        self.changed.send_modify(|v| *v += 1);
    }
}

pub(super) type Reply = oneshot::Sender<Result<(), XmppError>>;

pub(super) enum Command {
    Pubsub {
        subscribe: bool,
        node: String,
        reply: Reply,
    },
    Close {
        reply: Reply,
    },
}

pub(super) fn pubsub_what(subscribe: bool, node: &str) -> String {
    let verb = if subscribe {
        "subscribe"
    } else {
        "unsubscribe"
    };
    format!("pubsub {verb} to {node}")
}

/// Transcript notes for one user's connection, always redacted.
#[derive(Clone)]
pub(super) struct Recorder {
    /// Shared with the connection task, and switchable: a connection kept for a whole run
    /// writes into the transcript of the scenario that holds the user now.
    pub(super) log: Arc<Mutex<ExchangeLog>>,
    pub(super) redactor: Arc<Redactor>,
    pub(super) user: String,
}

impl Recorder {
    pub(super) fn note(&self, text: &str) {
        let text = format!("xmpp {} {text}", self.user);
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner()).clone();
        log.note(self.redactor.redact(&text));
    }
}

/// What [`Conn::step`] reports beyond what it handles itself.
pub(super) enum Event {
    Ready,
    Reply {
        id: String,
        result: Result<(), StanzaError>,
    },
    Closed,
}

/// The connection and its session, driven by one task at a time.
pub(super) struct Conn {
    pub(super) transport: Transport,
    pub(super) session: Session,
    pub(super) rec: Recorder,
    pub(super) shared: Arc<Shared>,
    pub(super) url: String,
}

impl Conn {
    pub(super) async fn send(&mut self, out: Outgoing) -> Result<(), XmppError> {
        if let Some(shown) = &out.shown {
            self.rec.note(&format!("--> {shown}"));
        }
        self.transport.send(&out.wire).await
    }

    fn record_incoming(&self, frame: &Frame) {
        match frame {
            Frame::Open(el) => self.rec.note(&format!(
                "<-- stream opened (id {})",
                el.attr("id").unwrap_or("none")
            )),
            Frame::Close => self.rec.note("<-- stream closed"),
            // Notifications are recorded once parsed, readably; keepalives not at all.
            Frame::Stanza { el, .. }
                if self.session.is_quiet(el) || notification::is_event_message(el) => {}
            Frame::Stanza { raw, .. } => self.rec.note(&format!("<-- {raw}")),
        }
    }

    /// Feeds one received frame to the session and carries out what it says.
    async fn step(&mut self, frame: Frame) -> Result<Vec<Event>, XmppError> {
        self.record_incoming(&frame);
        // An event message is recorded through its notifications; its raw text is kept
        // for when it holds none (a retraction, say).
        let event_message = match &frame {
            Frame::Stanza { el, raw } if notification::is_event_message(el) => Some(raw.clone()),
            _ => None,
        };
        let actions = self.session.handle(frame)?;
        // Also kept when a notification in it is malformed: the raw text is the evidence.
        if let Some(raw) = event_message
            && (!actions.iter().any(|a| matches!(a, Action::Notification(_)))
                || actions.iter().any(|a| matches!(a, Action::Malformed(_))))
        {
            self.rec.note(&format!("<-- {raw}"));
        }
        let mut events = Vec::new();
        for action in actions {
            match action {
                Action::Send(out) => self.send(out).await?,
                Action::Restart => self.transport.restart(),
                Action::Ready { jid } => {
                    self.rec.note(&format!("session ready as {jid}"));
                    events.push(Event::Ready);
                }
                Action::Notification(n) => {
                    self.rec
                        .note(&format!("<-- notification on {}: {}", n.node, n.update));
                    self.shared.update(|i| i.notifications.push(n));
                }
                Action::Malformed(e) => {
                    let line = self.rec.redactor.redact(&e.to_string());
                    self.rec.note(&format!("<-- {line}"));
                    self.shared.update(|i| i.malformed.push(line));
                }
                Action::Reply { id, result } => events.push(Event::Reply { id, result }),
                Action::Closed => events.push(Event::Closed),
            }
        }
        Ok(events)
    }

    /// Receives and handles frames until `want` picks an event, or `deadline` passes.
    pub(super) async fn until<T>(
        &mut self,
        deadline: Instant,
        after: Duration,
        waiting_for: Option<&str>,
        mut want: impl FnMut(Event) -> Option<T>,
    ) -> Result<T, XmppError> {
        loop {
            let frame = match tokio::time::timeout_at(deadline, self.transport.recv()).await {
                Ok(frame) => frame?,
                Err(_) => {
                    return Err(XmppError::Timeout {
                        url: self.url.clone(),
                        waiting_for: waiting_for
                            .unwrap_or(self.session.stage().waiting_for())
                            .to_string(),
                        after,
                    });
                }
            };
            for event in self.step(frame).await? {
                if let Some(found) = want(event) {
                    return Ok(found);
                }
            }
        }
    }

    /// Sends a pubsub request; returns its id.
    async fn request(&mut self, subscribe: bool, node: &str) -> Result<String, XmppError> {
        let (id, out) = if subscribe {
            self.session.subscribe(node)?
        } else {
            self.session.unsubscribe(node)?
        };
        self.send(out).await?;
        Ok(id)
    }

    /// A pubsub request and its answer, during connect (before the task runs).
    pub(super) async fn pubsub(
        &mut self,
        subscribe: bool,
        node: &str,
        timeout: Duration,
    ) -> Result<(), XmppError> {
        let id = self.request(subscribe, node).await?;
        let what = pubsub_what(subscribe, node);
        let result = self
            .until(
                Instant::now() + timeout,
                timeout,
                Some(&format!("the {what}")),
                |e| match e {
                    Event::Reply { id: got, result } if got == id => Some(result),
                    _ => None,
                },
            )
            .await?;
        result.map_err(|e| self.refused(&what, e))
    }

    fn refused(&self, what: &str, e: StanzaError) -> XmppError {
        XmppError::Refused {
            url: self.url.clone(),
            what: what.to_string(),
            condition: e.condition,
            text: e.text,
        }
    }
}

/// The connection task: notifications, server requests, keepalives and client commands,
/// until the stream ends.
pub(super) async fn run(
    mut conn: Conn,
    mut commands: mpsc::Receiver<Command>,
    keepalive: Duration,
    timeout: Duration,
) {
    let mut ticker = tokio::time::interval_at(Instant::now() + keepalive, keepalive);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut pending: HashMap<String, (String, Reply)> = HashMap::new();
    let mut close_reply: Option<Reply> = None;
    let mut close_deadline: Option<Instant> = None;
    let outcome: Result<(), XmppError> = loop {
        let mut begin_close = false;
        tokio::select! {
            frame = conn.transport.recv() => {
                let events = match frame {
                    Ok(frame) => conn.step(frame).await,
                    Err(e) => Err(e),
                };
                match events {
                    Err(e) => break Err(e),
                    Ok(events) => {
                        let mut closed = false;
                        for event in events {
                            match event {
                                Event::Reply { id, result } => {
                                    if let Some((what, reply)) = pending.remove(&id) {
                                        let _ = reply.send(result.map_err(|e| conn.refused(&what, e)));
                                    }
                                }
                                Event::Closed => closed = true,
                                Event::Ready => {}
                            }
                        }
                        if closed {
                            break Ok(());
                        }
                    }
                }
            }
            command = commands.recv(), if close_deadline.is_none() => match command {
                Some(Command::Pubsub { subscribe, node, reply }) => {
                    match conn.request(subscribe, &node).await {
                        Ok(id) => {
                            pending.insert(id, (pubsub_what(subscribe, &node), reply));
                        }
                        Err(e) => {
                            let _ = reply.send(Err(e.clone()));
                            break Err(e);
                        }
                    }
                }
                Some(Command::Close { reply }) => {
                    close_reply = Some(reply);
                    begin_close = true;
                }
                // The client was dropped: close politely all the same.
                None => begin_close = true,
            },
            _ = ticker.tick(), if close_deadline.is_none() => {
                match conn.session.keepalive() {
                    Ok(Some(ping)) => {
                        if let Err(e) = conn.send(ping).await {
                            break Err(e);
                        }
                    }
                    Ok(None) => {}
                    Err(e) => break Err(e),
                }
            }
            _ = tokio::time::sleep_until(close_deadline.unwrap_or_else(Instant::now)), if close_deadline.is_some() => {
                break Err(XmppError::Timeout {
                    url: conn.url.clone(),
                    waiting_for: "the stream close".into(),
                    after: timeout,
                });
            }
        }
        if begin_close {
            match conn.session.close() {
                Some(out) => {
                    if let Err(e) = conn.send(out).await {
                        break Err(e);
                    }
                    close_deadline = Some(Instant::now() + timeout);
                }
                None => break Ok(()),
            }
        }
    };
    conn.session.abandon();
    conn.transport.shutdown().await;
    let reason = match &outcome {
        Ok(()) => "closed by the harness".to_string(),
        Err(e) => e.to_string(),
    };
    conn.rec.note(&format!("connection ended: {reason}"));
    let reason = conn.rec.redactor.redact(&reason);
    conn.shared.update(|i| i.ended = Some(reason));
    for (_, (what, reply)) in pending.drain() {
        let _ = reply.send(Err(XmppError::Closed {
            url: conn.url.clone(),
            during: format!("waiting for the answer to the {what}"),
        }));
    }
    if let Some(reply) = close_reply {
        let _ = reply.send(outcome);
    }
}
