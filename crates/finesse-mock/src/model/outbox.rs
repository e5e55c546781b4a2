//! The Notification Service's outbox: every change the model makes, as the XEP-0060 item
//! Finesse publishes for it (reference §7.3–7.5), with the `<Update>` envelope of §7.4.
//!
//! Changes are found by comparing the model with what was last published, at the points
//! where they land: before and after each accepted request takes effect, and after the
//! wrap-up timers ([`Finesse::advance`]). So every cause of a change (a request, a call, a
//! supervisor, a timer, a dialer) publishes without each rule having to remember to.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::SystemTime;

use super::dialogs::Dialog;
use super::media::MediaSession;
use super::{AsyncError, Finesse, Reason, Voice};
use crate::deviations::Deviation;
use crate::documents::{self as doc, AsyncApiError};

pub(crate) const USER_NODE_PREFIX: &str = "/finesse/api/User/";
pub(crate) const SYSTEM_INFO_NODE: &str = "/finesse/api/SystemInfo";

/// Whether notifications carry the requestId of the request that caused them: a fidelity
/// mode, not a deviation. The guide documents the echo only for a Media request's response
/// and asynchronous error (G12.5 p171, the p367 sample), leaves it out of the events a Media
/// request causes (p171), and calls it best effort elsewhere (p22).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum NotificationRequestIds {
    /// Every notification a request causes carries its requestId (reference §7.4).
    #[default]
    Echo,
    /// As a real 12.5 lab sent them: User, Dialogs and Team updates, asynchronous errors
    /// included, carry an empty requestId, and so do Media state updates (p171); a Media
    /// request's asynchronous error, where the guide documents the echo, keeps it.
    Empty,
}

impl NotificationRequestIds {
    /// Whether an item with `data` published on `node` repeats its request's requestId.
    pub(crate) fn echoes(self, node: &str, data: &str) -> bool {
        match self {
            NotificationRequestIds::Echo => true,
            NotificationRequestIds::Empty => is_media_node(node) && data.starts_with("<apiErrors>"),
        }
    }
}

/// `/finesse/api/User/{id}/Media/{mrdId}`.
fn is_media_node(node: &str) -> bool {
    node.strip_prefix(USER_NODE_PREFIX)
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(_, tail)| {
            tail.strip_prefix("Media/")
                .is_some_and(|mrd| !mrd.is_empty() && !mrd.contains('/'))
        })
}

/// One published item: the node it goes to and its `<Update>` document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notification {
    pub node: String,
    /// The pubsub `<item id>`, unique per mock.
    pub item_id: String,
    /// `PUT`, `POST` or `DELETE` (the User-node error captures write `put`, §3.2).
    pub event: &'static str,
    /// The triggering request's `requestId` header; `None` for unsolicited changes.
    pub request_id: Option<String>,
    pub source: String,
    /// The object inside `<data>`, with a lower-case root (`<user>`, `<dialogs>`, …).
    pub data: String,
}

impl Notification {
    /// The `<Update>` envelope (§7.4).
    pub(crate) fn update_xml(&self) -> String {
        doc::update_xml(
            &self.data,
            self.event,
            self.request_id.as_deref(),
            &self.source,
        )
    }
}

/// The rendered-relevant part of a user's voice state, as last published.
#[derive(Debug, Clone)]
struct UserSeen {
    state: super::AgentState,
    reason: Reason,
    extension: Option<String>,
    changed: Option<SystemTime>,
    /// A pending state change is a User notification trigger (G12.5 p.348).
    pending: Option<super::AgentState>,
}

impl UserSeen {
    fn of(v: &Voice) -> Self {
        UserSeen {
            state: v.state,
            reason: v.reason.clone(),
            extension: v.extension.clone(),
            changed: v.changed,
            pending: v.pending.as_ref().map(|(s, _)| *s),
        }
    }

    fn same(&self, v: &Voice) -> bool {
        self.state == v.state
            && self.reason == v.reason
            && self.extension == v.extension
            && self.changed == v.changed
            && self.pending == v.pending.as_ref().map(|(s, _)| *s)
    }
}

/// What subscribers were last told, and the notifications not yet taken by the server.
#[derive(Debug, Default)]
pub(super) struct Published {
    /// Off while nobody listens: finding and rendering changes costs time the deviation
    /// matrix would pay for nothing.
    enabled: bool,
    users: HashMap<String, UserSeen>,
    media: HashMap<(String, String), MediaSession>,
    /// Live dialogs as last published, with the users whose Dialogs node had them.
    dialogs: BTreeMap<u64, (Dialog, BTreeSet<String>)>,
    /// The highest dialog id looked at: newer ones are new dialogs.
    seen_dialog: u64,
    in_service: bool,
    outbox: Vec<Notification>,
    next_item: u64,
    /// Users, media or dialogs may have changed since the last look. Comparing every user
    /// on every request cost the deviation matrix a quarter of its CPU; the model marks
    /// the points where state changes (see [`Finesse::touch`]).
    dirty: bool,
}

impl Finesse {
    /// Takes the baseline: nothing that exists now is news.
    pub(super) fn start_publishing(&mut self) {
        self.published = Published {
            enabled: true,
            users: self
                .voice
                .iter()
                .map(|(id, v)| (id.clone(), UserSeen::of(v)))
                .collect(),
            media: self.media.clone(),
            dialogs: BTreeMap::new(),
            seen_dialog: self.next_dialog,
            in_service: self.check_service().is_ok(),
            outbox: Vec::new(),
            next_item: 0,
            dirty: false,
        };
    }

    /// Marks that users, media or dialogs may have changed: the next publish looks.
    pub(super) fn touch(&mut self) {
        self.published.dirty = true;
    }

    /// Publishing on (from the current state on: nothing earlier is news) or off (nothing
    /// is published and the outbox is emptied). Off for a new model: the Notification Service
    /// turns it on while a connection is open.
    pub(crate) fn set_publishing(&mut self, on: bool) {
        match (on, self.published.enabled) {
            (true, false) => self.start_publishing(),
            (false, true) => self.published = Published::default(),
            _ => {}
        }
    }

    /// The notifications published since the last call, oldest first.
    pub(crate) fn take_notifications(&mut self, now: std::time::Instant) -> Vec<Notification> {
        self.advance(now);
        std::mem::take(&mut self.published.outbox)
    }

    /// The earliest moment at which queued work or a wrap-up timer is due, so that the
    /// server can publish the change on time rather than at the next request.
    pub(crate) fn next_due(&self) -> Option<std::time::Instant> {
        let queued = self.queue.front().map(|p| p.due);
        let wrap_up = self.wrap_ups.values().map(|(at, _)| *at).min();
        match (queued, wrap_up) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn push(
        &mut self,
        node: String,
        event: &'static str,
        request_id: Option<&str>,
        source: String,
        data: String,
    ) {
        self.published.next_item += 1;
        let item_id = format!("mock-{:012}", self.published.next_item);
        // A notification a request caused carries its requestId (§7.4), unless the fidelity
        // mode leaves it empty where the lab did, or the deviation drops it from every item.
        let request_id = request_id
            .filter(|_| self.request_ids.echoes(&node, &data))
            .filter(|_| !self.dev(Deviation::NotificationWithoutRequestId))
            .map(str::to_string);
        self.published.outbox.push(Notification {
            node,
            item_id,
            event,
            request_id,
            source,
            data,
        });
    }

    /// An asynchronous failure as `apiErrors` data (§3.2), on the node of the object it
    /// concerns: dialog failures on the user's Dialogs node, others on their source.
    pub(super) fn publish_async_error(&mut self, e: &AsyncError) {
        if !self.published.enabled || self.dev(Deviation::AsyncErrorNotPublished) {
            return;
        }
        let dialog = e.source.starts_with("/finesse/api/Dialog/") || e.source.ends_with("/Dialogs");
        let node = if dialog && !self.dev(Deviation::DialogErrorOnUserNode) {
            format!("{USER_NODE_PREFIX}{}/Dialogs", e.user)
        } else if dialog {
            format!("{USER_NODE_PREFIX}{}", e.user)
        } else {
            e.source.clone()
        };
        // The real User-node error captures (PKG error-invalid-state.xml) write the event in
        // lower case; the Dialog CTI error page writes PUT. The mock mirrors both.
        let event = if node == format!("{USER_NODE_PREFIX}{}", e.user) {
            "put"
        } else {
            "PUT"
        };
        let media = e
            .error_media
            .as_deref()
            .filter(|_| !self.dev(Deviation::MediaErrorWithoutMrd));
        let data = AsyncApiError {
            error_type: &e.error_type,
            message: &e.error_message,
            data: &e.error_data,
            media,
            peripheral: e.peripheral.map(|p| (p.code, p.msg, p.text)),
        }
        .to_xml();
        self.push(node, event, e.request_id.as_deref(), e.source.clone(), data);
    }

    /// Publishes every difference between the model and what was last published.
    pub(super) fn publish(&mut self, request_id: Option<&str>) {
        if !self.published.enabled {
            return;
        }
        if std::mem::take(&mut self.published.dirty) {
            self.publish_dialogs(request_id);
            self.publish_users(request_id);
            self.publish_media(request_id);
        }
        self.publish_system_info(request_id);
    }

    fn publish_users(&mut self, request_id: Option<&str>) {
        let mut changed: Vec<String> = self
            .voice
            .iter()
            .filter(|(id, v)| {
                self.published
                    .users
                    .get(*id)
                    .is_none_or(|seen| !seen.same(v))
            })
            .map(|(id, _)| id.clone())
            .collect();
        changed.sort();
        for id in changed {
            let Some(v) = self.voice.get(&id) else {
                continue;
            };
            self.published.users.insert(id.clone(), UserSeen::of(v));
            let Some(def) = self.dir.user(&id).cloned() else {
                continue;
            };
            let user = self.render_user(&def);
            let source = format!("{USER_NODE_PREFIX}{id}");
            if !self.dev(Deviation::NoUserNotification) {
                let data = user.notification_xml();
                self.push(source.clone(), "PUT", request_id, source.clone(), data);
            }
            // Team/{id}/Users carries a summary of the member (DEV/team-notification).
            if let Some(team) = &def.team
                && !self.dev(Deviation::NoTeamNotification)
            {
                let node = format!("/finesse/api/Team/{team}/Users");
                let data = user.team_notification_xml();
                self.push(node, "PUT", request_id, source, data);
            }
        }
    }

    /// The users whose `GET /User/{id}/Dialogs` lists `d`.
    fn viewers(&self, d: &Dialog) -> BTreeSet<String> {
        if d.is_over() {
            return BTreeSet::new();
        }
        d.live_participants()
            .filter_map(|p| {
                let user = p.user.as_deref()?;
                let signed_in_there = self
                    .voice
                    .get(user)
                    .is_some_and(|v| v.extension.as_deref() == Some(p.extension.as_str()));
                signed_in_there.then(|| user.to_string())
            })
            .collect()
    }

    /// Dialog added to a user's list: POST `<dialogs><Dialog>` from the list; changed: PUT
    /// `<dialog>` from the dialog; gone from the list: DELETE (§7.5; the add/remove shape
    /// is inferred from the Dialogs/Media twin, reference §11). A dialog that ends is sent
    /// once, as a DELETE carrying its final state, without a PUT before it (mock's choice).
    fn publish_dialogs(&mut self, request_id: Option<&str>) {
        let newest = self.next_dialog;
        let mut ids: Vec<u64> = self.published.dialogs.keys().copied().collect();
        ids.extend(self.published.seen_dialog.saturating_add(1)..=newest);
        self.published.seen_dialog = self.published.seen_dialog.max(newest);
        for id in ids {
            let viewers_now = self
                .dialogs
                .get(&id)
                .map(|d| self.viewers(d))
                .unwrap_or_default();
            let (mut before, viewers_before) = match self.published.dialogs.remove(&id) {
                Some((d, v)) => (Some(d), v),
                None => (None, BTreeSet::new()),
            };
            let now = self.dialogs.get(&id);
            let changed = now != before.as_ref();
            let events: Vec<(String, &'static str)> = viewers_now
                .union(&viewers_before)
                .filter_map(|user| {
                    let event = match (viewers_before.contains(user), viewers_now.contains(user)) {
                        (false, true) => "POST",
                        (true, false) => "DELETE",
                        (true, true) if changed => "PUT",
                        _ => return None,
                    };
                    Some((user.clone(), event))
                })
                .collect();
            // Unchanged dialogs keep their published copy rather than being cloned again.
            let current = if changed { now.cloned() } else { before.take() };
            if !events.is_empty()
                && !self.dev(Deviation::NoDialogNotification)
                && let Some(latest) = current.as_ref().or(before.as_ref())
            {
                let rendered = self.render_dialog(latest);
                let as_list = doc::dialogs_notification_xml(&rendered);
                let as_one = rendered.notification_xml();
                for (user, event) in events {
                    let node = format!("{USER_NODE_PREFIX}{user}/Dialogs");
                    let (source, data) = if event == "PUT" {
                        (format!("/finesse/api/Dialog/{id}"), as_one.clone())
                    } else {
                        (node.clone(), as_list.clone())
                    };
                    self.push(node, event, request_id, source, data);
                }
            }
            if let Some(d) = current
                && !viewers_now.is_empty()
            {
                self.published.dialogs.insert(id, (d, viewers_now));
            }
        }
    }

    fn publish_media(&mut self, request_id: Option<&str>) {
        let mut changed: Vec<(String, String)> = self
            .media
            .iter()
            .filter(|(k, s)| self.published.media.get(*k) != Some(*s))
            .map(|(k, _)| k.clone())
            .collect();
        changed.sort();
        for key in changed {
            let Some(session) = self.media.get(&key).cloned() else {
                continue;
            };
            self.published.media.insert(key.clone(), session);
            let (user, mrd) = key;
            let Some(def) = self.mrds.iter().find(|m| m.id == mrd).cloned() else {
                continue;
            };
            if self.dev(Deviation::NoMediaNotification) {
                continue;
            }
            let media = self.render_media(&user, &def);
            let node = format!("{USER_NODE_PREFIX}{user}/Media/{mrd}");
            self.push(
                node.clone(),
                "PUT",
                request_id,
                node,
                media.notification_xml(),
            );
        }
    }

    /// SystemInfo on a status change (§7.5). Its source is not documented ("—"); the mock
    /// uses the resource's own URI.
    fn publish_system_info(&mut self, request_id: Option<&str>) {
        let in_service = self.check_service().is_ok();
        if in_service == self.published.in_service {
            return;
        }
        self.published.in_service = in_service;
        if self.dev(Deviation::NoSystemInfoNotification) {
            return;
        }
        let data = self.render_system_info().notification_xml();
        let node = SYSTEM_INFO_NODE.to_string();
        self.push(node.clone(), "PUT", request_id, node, data);
    }
}
