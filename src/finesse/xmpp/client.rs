//! The notification client the steps use: one per test user. It logs in, subscribes,
//! keeps every notification it receives, and lets a step wait for one that matches.
//! A background task ([`super::connection`]) owns the connection; the client talks to it
//! over a channel.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::connection::{Command, Conn, Event, Recorder, Shared, pubsub_what, run};
use super::endpoint::Endpoint;
use super::error::{WaitError, XmppError};
use super::notification::Notification;
use super::session::{Session, SessionConfig};
use super::transport::Transport;
use crate::finesse::ExchangeLog;
use crate::profile::{Secret, Tls};
use crate::redact::Redactor;

/// Where and as whom to connect. Point `url` at a lab or at the mock alike.
#[derive(Clone, Debug)]
pub struct XmppSettings {
    /// `wss://host:8445/ws/` (12.6), `wss://host:7443/ws/` (12.5), `tls://host:5223`,
    /// `tcp://host:5222`; see [`Endpoint`].
    pub(crate) url: String,
    /// The Finesse user id (JID local part and SASL login).
    pub(crate) user: String,
    pub(crate) password: Secret,
    /// SystemInfo's xmppDomain.
    pub(crate) domain: String,
    /// SystemInfo's xmppPubSubDomain; `pubsub.<domain>` when None.
    pub(crate) pubsub_domain: Option<String>,
    pub tls: Tls,
    /// Limit for each connection step, for the login, and for each answer awaited (the
    /// profile's `timeouts.request`).
    pub timeout: Duration,
    /// Interval of keepalive pings (Finesse's samples ping every 10 s).
    pub keepalive: Duration,
    /// The resource to bind; a unique `conformance-…` one when None, so that the agent's
    /// own desktop session is never replaced.
    pub(crate) resource: Option<String>,
}

impl XmppSettings {
    pub fn new(url: &str, user: &str, password: Secret, domain: &str) -> Self {
        XmppSettings {
            url: url.to_string(),
            user: user.to_string(),
            password,
            domain: domain.to_string(),
            pubsub_domain: None,
            tls: Tls::default(),
            timeout: Duration::from_secs(10),
            keepalive: Duration::from_secs(10),
            resource: None,
        }
    }
}

fn fresh_resource() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "conformance-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// One user's notification connection. Dropping it closes the stream in the background;
/// [`NotificationClient::close`] also removes the subscriptions it made.
pub struct NotificationClient {
    user: String,
    url: String,
    jid: String,
    timeout: Duration,
    shared: Arc<Shared>,
    commands: mpsc::Sender<Command>,
    task: Mutex<Option<JoinHandle<()>>>,
    /// Nodes subscribed explicitly, to unsubscribe on close (subscriptions outlive the
    /// connection on Finesse, reference §7.2).
    subscribed: Mutex<Vec<String>>,
    rec: Recorder,
}

impl fmt::Debug for NotificationClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotificationClient")
            .field("user", &self.user)
            .field("url", &self.url)
            .field("jid", &self.jid)
            .finish()
    }
}

impl NotificationClient {
    /// Connects, logs in, sends presence and subscribes to `nodes` (the user's own nodes
    /// are subscribed by Finesse itself). Every stanza goes to `log`, redacted.
    pub async fn connect(
        settings: &XmppSettings,
        nodes: &[String],
        log: ExchangeLog,
        redactor: Arc<Redactor>,
    ) -> Result<Self, XmppError> {
        let rec = Recorder {
            log: Arc::new(Mutex::new(log)),
            redactor,
            user: settings.user.clone(),
        };
        let result = Self::open(settings, nodes, rec.clone()).await;
        if let Err(e) = &result {
            rec.note(&format!("connection failed: {e}"));
        }
        result
    }

    async fn open(
        settings: &XmppSettings,
        nodes: &[String],
        rec: Recorder,
    ) -> Result<Self, XmppError> {
        let ep = Endpoint::parse(&settings.url)?;
        let url = ep.to_string();
        rec.note(&format!("connecting to {url}"));
        let transport = Transport::connect(&ep, &settings.tls, settings.timeout).await?;
        let session = Session::new(
            SessionConfig {
                user: settings.user.clone(),
                password: settings.password.clone(),
                domain: settings.domain.clone(),
                pubsub: settings
                    .pubsub_domain
                    .clone()
                    .unwrap_or_else(|| format!("pubsub.{}", settings.domain)),
                resource: settings.resource.clone().unwrap_or_else(fresh_resource),
                url: url.clone(),
                keepalive: settings.keepalive,
            },
            ep.scheme.framing(),
        );
        let (changed, _) = watch::channel(0);
        let shared = Arc::new(Shared {
            inbox: Mutex::default(),
            changed,
        });
        let mut conn = Conn {
            transport,
            session,
            rec: rec.clone(),
            shared: shared.clone(),
            url: url.clone(),
        };
        let opening = conn.session.start();
        conn.send(opening).await?;
        let login_deadline = Instant::now() + settings.timeout;
        conn.until(login_deadline, settings.timeout, None, |e| {
            matches!(e, Event::Ready).then_some(())
        })
        .await?;
        for node in nodes {
            conn.pubsub(true, node, settings.timeout).await?;
        }
        let jid = conn.session.jid().unwrap_or_default().to_string();
        let (commands, rx) = mpsc::channel(8);
        let task = tokio::spawn(run(conn, rx, settings.keepalive, settings.timeout));
        Ok(NotificationClient {
            user: settings.user.clone(),
            url,
            jid,
            timeout: settings.timeout,
            shared,
            commands,
            task: Mutex::new(Some(task)),
            subscribed: Mutex::new(nodes.to_vec()),
            rec,
        })
    }

    pub(crate) fn user(&self) -> &str {
        &self.user
    }

    /// Sends this connection's transcript notes to `log` from now on (a connection kept
    /// across scenarios writes into the current one's transcript).
    pub(crate) fn set_log(&self, log: ExchangeLog) {
        *self.rec.log.lock().unwrap_or_else(|p| p.into_inner()) = log;
    }

    /// The bound full JID.
    pub fn jid(&self) -> &str {
        &self.jid
    }

    /// Every notification received so far, oldest first.
    pub fn received(&self) -> Vec<Notification> {
        self.shared.inbox().notifications.clone()
    }

    /// How many notifications have arrived: pass it to [`Self::wait_for_since`] to
    /// ignore those that came before an action.
    pub fn mark(&self) -> usize {
        self.shared.inbox().notifications.len()
    }

    /// Why the connection ended, if it has.
    pub fn ended(&self) -> Option<String> {
        self.shared.inbox().ended.clone()
    }

    /// The first notification received (at any time, before the call included) that
    /// satisfies `pred`, waiting up to `deadline` for one. `what` describes it for the
    /// error, e.g. "with state READY for agent 1001".
    pub async fn wait_for(
        &self,
        what: &str,
        deadline: Duration,
        pred: impl Fn(&Notification) -> bool,
    ) -> Result<Notification, WaitError> {
        self.wait_for_since(0, what, deadline, pred).await
    }

    /// Like [`Self::wait_for`], considering only notifications from index `since` on
    /// (see [`Self::mark`]).
    pub async fn wait_for_since(
        &self,
        since: usize,
        what: &str,
        deadline: Duration,
        pred: impl Fn(&Notification) -> bool,
    ) -> Result<Notification, WaitError> {
        let started = Instant::now();
        let end = started + deadline;
        let mut changes = self.shared.changed.subscribe();
        loop {
            // Marked seen before looking, so a change after the look wakes the wait.
            changes.borrow_and_update();
            let ended = {
                let inbox = self.shared.inbox();
                if let Some(n) = inbox.notifications.iter().skip(since).find(|n| pred(n)) {
                    self.rec.note(&format!(
                        "awaited notification {what}: {} (after {} ms)",
                        n.summary(),
                        started.elapsed().as_millis()
                    ));
                    return Ok(n.clone());
                }
                inbox.ended.clone()
            };
            let woke = match ended {
                Some(_) => false,
                None => matches!(
                    tokio::time::timeout_at(end, changes.changed()).await,
                    Ok(Ok(()))
                ),
            };
            if !woke {
                let inbox = self.shared.inbox();
                let e = WaitError {
                    what: what.to_string(),
                    waited: started.elapsed().min(deadline),
                    received: inbox
                        .notifications
                        .iter()
                        .skip(since)
                        .map(Notification::summary)
                        .collect(),
                    malformed: inbox.malformed.clone(),
                    ended: inbox.ended.clone(),
                };
                drop(inbox);
                // One last look: a notification may have landed as the deadline passed.
                if let Some(n) = self.received().into_iter().skip(since).find(|n| pred(n)) {
                    return Ok(n);
                }
                self.rec.note(&e.to_string());
                return Err(e);
            }
        }
    }

    /// Whether a notification on `node` arrives (from index `since` on) within `timeout`.
    /// Quiet, unlike [`Self::wait_for_since`]: it only paces a poll, and says nothing in
    /// the transcript. False at once when the connection has ended.
    pub async fn arrives_on(&self, since: usize, node: &str, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        let mut changes = self.shared.changed.subscribe();
        loop {
            changes.borrow_and_update();
            let ended = {
                let inbox = self.shared.inbox();
                if inbox
                    .notifications
                    .iter()
                    .skip(since)
                    .any(|n| n.node == node)
                {
                    return true;
                }
                inbox.ended.is_some()
            };
            if ended
                || !matches!(
                    tokio::time::timeout_at(end, changes.changed()).await,
                    Ok(Ok(()))
                )
            {
                return false;
            }
        }
    }

    /// Subscribes to another node (e.g. `/finesse/api/Team/{id}/Users`).
    pub(crate) async fn subscribe(&self, node: &str) -> Result<(), XmppError> {
        self.pubsub(true, node).await?;
        self.subscribed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(node.to_string());
        Ok(())
    }

    pub(crate) async fn unsubscribe(&self, node: &str) -> Result<(), XmppError> {
        self.pubsub(false, node).await?;
        self.subscribed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|n| n != node);
        Ok(())
    }

    async fn pubsub(&self, subscribe: bool, node: &str) -> Result<(), XmppError> {
        let what = pubsub_what(subscribe, node);
        let gone = || XmppError::Closed {
            url: self.url.clone(),
            during: format!(
                "a {what} was pending ({})",
                self.ended()
                    .unwrap_or_else(|| "connection task gone".into())
            ),
        };
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Pubsub {
                subscribe,
                node: node.to_string(),
                reply,
            })
            .await
            .map_err(|_| gone())?;
        match tokio::time::timeout(self.timeout, answer).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(gone()),
            Err(_) => Err(XmppError::Timeout {
                url: self.url.clone(),
                waiting_for: format!("the {what}"),
                after: self.timeout,
            }),
        }
    }

    /// Unsubscribes the nodes this client subscribed, closes the stream and waits for the
    /// server to close its side. A connection that had already ended closes quietly.
    pub async fn close(self) -> Result<(), XmppError> {
        if self.ended().is_some() {
            self.join().await;
            return Ok(());
        }
        let nodes = std::mem::take(&mut *self.subscribed.lock().unwrap_or_else(|p| p.into_inner()));
        let mut first_error = None;
        for node in nodes {
            if let Err(e) = self.pubsub(false, &node).await {
                first_error.get_or_insert(e);
            }
        }
        let (reply, answer) = oneshot::channel();
        if self.commands.send(Command::Close { reply }).await.is_ok() {
            // The task bounds the close itself; this bound only guards against a stuck task.
            if let Ok(Ok(Err(e))) = tokio::time::timeout(self.timeout * 2, answer).await {
                first_error.get_or_insert(e);
            }
        }
        self.join().await;
        match first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    async fn join(&self) {
        let task = self.task.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(task) = task {
            let abort = task.abort_handle();
            if tokio::time::timeout(self.timeout, task).await.is_err() {
                abort.abort();
            }
        }
    }
}
