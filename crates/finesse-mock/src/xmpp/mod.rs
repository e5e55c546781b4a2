//! The mock's Notification Service (reference §7): XMPP over plain TCP (RFC 6120) and over
//! WebSocket at `/ws/` on the REST port (RFC 7395, as Finesse 12.6 serves it), with
//! Finesse's pubsub nodes.
//!
//! The model fills an outbox as changes land ([`crate::model::outbox`]); the
//! [`Hub`] drains it after every HTTP request and when the model's timers fall due, and
//! broadcasts each notification to the sessions, each of which sends what it is subscribed
//! to. A slow client only falls behind on its own channel.

pub(crate) mod iq;
pub(crate) mod jid;
pub(crate) mod pubsub;
pub(crate) mod session;
pub(crate) mod stanzas;
pub(crate) mod tcp;
pub(crate) mod ws;

mod connection;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::{Notify, broadcast, watch};

use finesse_protocol::xmpp_frame::Frame;

use super::model::{Finesse, Notification};
use pubsub::Subscriptions;
pub(crate) use session::host_name;
use session::{Backend, Session, Step};

/// Notifications a session may fall behind by before it is closed.
const BACKLOG: usize = 4096;

pub(crate) struct Hub {
    model: Arc<Mutex<Finesse>>,
    domain: String,
    follow_host: bool,
    notes: broadcast::Sender<Arc<Notification>>,
    /// The Notification Service is down (the `notification_service=down` fault).
    down: watch::Sender<bool>,
    shutdown: watch::Sender<bool>,
    subs: Mutex<Subscriptions>,
    /// New work was queued earlier than the timer task's wake-up: it recomputes.
    wake: Notify,
    /// When the timer task means to wake; read and written under the model's lock.
    scheduled: Mutex<Option<Instant>>,
    sessions: AtomicU64,
    /// Connections open now; the model publishes only while there is one.
    open: AtomicUsize,
}

impl Hub {
    pub(crate) fn new(model: Arc<Mutex<Finesse>>) -> Arc<Hub> {
        let (domain, follow_host, down) = {
            let m = lock(&model);
            (
                m.xmpp_domain().to_string(),
                m.domain_follows_host,
                m.faults.notification_service_down,
            )
        };
        Arc::new(Hub {
            model,
            domain,
            follow_host,
            notes: broadcast::channel(BACKLOG).0,
            down: watch::channel(down).0,
            shutdown: watch::channel(false).0,
            subs: Mutex::new(Subscriptions::default()),
            wake: Notify::new(),
            scheduled: Mutex::new(None),
            sessions: AtomicU64::new(0),
            open: AtomicUsize::new(0),
        })
    }

    /// Counts a connection in; the first one turns publishing on. The model's lock orders
    /// this against [`Hub::closed`].
    fn opened(self: &Arc<Self>) -> OpenConnection {
        let mut m = self.model();
        if self.open.fetch_add(1, Ordering::SeqCst) == 0 {
            m.set_publishing(true);
        }
        OpenConnection(self.clone())
    }

    fn closed(&self) {
        let mut m = self.model();
        if self.open.fetch_sub(1, Ordering::SeqCst) == 1 {
            m.set_publishing(false);
        }
    }

    fn model(&self) -> MutexGuard<'_, Finesse> {
        lock(&self.model)
    }

    fn subs(&self) -> MutexGuard<'_, Subscriptions> {
        lock(&self.subs)
    }

    pub(crate) fn is_down(&self) -> bool {
        self.model().faults.notification_service_down
    }

    /// Publishes what the model has to publish, and the service's up/down status.
    pub(crate) fn pump(&self) {
        let mut m = self.model();
        let notes = m.take_notifications(Instant::now());
        // Deviations switch at run time; the subscriptions follow the model's.
        self.subs().follow(&m);
        let down = m.faults.notification_service_down;
        // Sent under the model's lock, so that two pumps cannot reorder notifications.
        for n in notes {
            // No receivers (no session) is not an error.
            let _ = self.notes.send(Arc::new(n));
        }
        drop(m);
        self.down
            .send_if_modified(|d| std::mem::replace(d, down) != down);
    }

    /// After every HTTP request: publish its effects, and let the timers see new work.
    pub(crate) fn after_request(&self) {
        if self.open.load(Ordering::SeqCst) == 0 {
            // Nobody listens: the model advances lazily on the next request, as without
            // the service, and only the up/down status needs tracking.
            let down = self.model().faults.notification_service_down;
            self.down
                .send_if_modified(|d| std::mem::replace(d, down) != down);
            return;
        }
        self.pump();
        self.wake.notify_one();
    }

    /// Stops the listener, the timers and every session.
    pub(crate) fn shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Applies queued work and wrap-up timers when they fall due, so that their
    /// notifications go out on time even when no request comes.
    pub(crate) async fn run_timers(self: Arc<Self>) {
        let mut shutdown = self.shutdown.subscribe();
        while !*shutdown.borrow_and_update() {
            let due = {
                let m = self.model();
                let due = m.next_due();
                *lock(&self.scheduled) = due;
                due
            };
            let timer = async move {
                match due {
                    Some(at) => tokio::time::sleep_until(at.into()).await,
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = self.wake.notified() => {}
                _ = timer => {
                    self.pump();
                }
            }
        }
    }

    fn new_session(&self, framing: stanzas::Framing) -> Session {
        let n = self.sessions.fetch_add(1, Ordering::Relaxed) + 1;
        let session = Session::new(framing, &self.domain, &format!("fcm{n}"));
        if self.follow_host {
            session.following_host()
        } else {
            session
        }
    }

    fn handle(&self, session: &mut Session, frame: Frame) -> Step {
        let mut model = self.model();
        let mut subs = self.subs();
        subs.follow(&model);
        let mut backend = Backend {
            model: &mut model,
            subs: &mut subs,
            now: Instant::now(),
        };
        session.handle(frame, &mut backend)
    }

    fn deliver(&self, session: &mut Session, n: &Notification) -> Option<String> {
        session.deliver(n, &self.subs())
    }
}

/// Held while a connection is open, however its task ends.
struct OpenConnection(Arc<Hub>);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.closed();
    }
}

/// A panic while holding a lock must not take the whole mock down.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
