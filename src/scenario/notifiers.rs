//! The run's notification connections: one per test user, opened the first time a scenario
//! that checks notifications leases the user, and kept for the rest of the run.
//!
//! Kept rather than opened per scenario because Finesse ties automatic sign-out to presence
//! (reference §7.2): a connection that came and went with every scenario would flap the
//! user's presence on a lab, and would cost the deviation matrix a login per scenario.
//! Requests are told apart by requestId, so notifications left over from an earlier
//! scenario cannot satisfy a later one.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{Mutex, OnceCell};

use crate::finesse::client::{Credentials, Request};
use crate::finesse::models::SystemInfo;
use crate::finesse::xmpp::{NotificationClient, XmppError, XmppSettings};
use crate::finesse::{ExchangeLog, FinesseClient};
use crate::profile::{Identity, Profile, Secret};

/// Where the notification connections go, and the ones open so far.
pub(crate) struct Notifiers {
    /// None when the profile has no notification endpoint (`capabilities.notifications`).
    endpoint: Option<crate::profile::Notifications>,
    tls: crate::profile::Tls,
    timeout: std::time::Duration,
    /// (xmppDomain, xmppPubSubDomain), from the profile or SystemInfo, read once.
    domains: OnceCell<(String, Option<String>)>,
    open: Mutex<HashMap<String, Arc<NotificationClient>>>,
}

impl Notifiers {
    pub(crate) fn new(profile: &Profile) -> Self {
        Notifiers {
            endpoint: profile.capabilities.notifications.clone(),
            tls: profile.tls.clone(),
            timeout: profile.timeouts.request,
            domains: OnceCell::new(),
            open: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the target has a notification endpoint to check against.
    pub(crate) fn available(&self) -> bool {
        self.endpoint.is_some()
    }

    /// `who`'s connection, opened (or reopened, if it ended) now if need be; its notes go
    /// to `log` from now on. Fails with a one-line reason.
    pub(crate) async fn connect(
        &self,
        who: &Identity,
        client: &FinesseClient,
        log: ExchangeLog,
    ) -> Result<Arc<NotificationClient>, String> {
        let Some(endpoint) = &self.endpoint else {
            return Err(
                "the profile has no notification endpoint (capabilities.notifications)".into(),
            );
        };
        let mut open = self.open.lock().await;
        if let Some(c) = open.get(&who.id).filter(|c| c.ended().is_none()) {
            c.set_log(log);
            return Ok(c.clone());
        }
        let (domain, pubsub) = self
            .domains
            .get_or_try_init(|| domains(endpoint, who, client))
            .await?
            .clone();
        let failed =
            |e: &dyn std::fmt::Display| format!("{}'s notification connection: {e}", who.id);
        // An SSO user logs in with its access token as the SASL PLAIN password, as the
        // Finesse desktop does (the guide does not say; README, mock fidelity).
        let creds = Credentials::of(who);
        let sent = client.login_secret(&creds).await.map_err(|e| failed(&e))?;
        let settings = |secret: Secret| {
            // The SASL payload pairs the secret with the user id, not the login name.
            client
                .redactor()
                .learn(secret.expose(), std::slice::from_ref(&who.id));
            let mut s = XmppSettings::new(&endpoint.url, &who.id, secret, &domain);
            s.pubsub_domain = pubsub.clone();
            s.tls = self.tls.clone();
            s.timeout = self.timeout;
            s
        };
        let redactor = client.redactor().clone();
        let first = settings(sent.secret.clone());
        let c = match NotificationClient::connect(&first, &[], log.clone(), redactor.clone()).await
        {
            // A refused token is renewed once and tried once more, as after a REST 401.
            Err(XmppError::Auth { .. }) if sent.generation().is_some() => {
                let renewed = client
                    .renewed_login_secret(&creds, &sent)
                    .await
                    .map_err(|e| failed(&e))?
                    .ok_or_else(|| {
                        failed(&"the login refused the access token, and it cannot be renewed")
                    })?;
                NotificationClient::connect(&settings(renewed), &[], log, redactor).await
            }
            other => other,
        }
        .map_err(|e| failed(&e))?;
        let c = Arc::new(c);
        open.insert(who.id.clone(), c.clone());
        Ok(c)
    }

    /// `who`'s connection if one is open, without opening one; its notes go to `log`
    /// from now on. Scenarios without notification steps use it to pace their polling.
    pub(crate) async fn adopt(
        &self,
        who: &Identity,
        log: ExchangeLog,
    ) -> Option<Arc<NotificationClient>> {
        let open = self.open.lock().await;
        let c = open.get(&who.id).filter(|c| c.ended().is_none())?;
        c.set_log(log);
        Some(c.clone())
    }

    /// Closes every connection (at the end of the run).
    pub(crate) async fn close_all(&self) {
        let open: Vec<Arc<NotificationClient>> =
            self.open.lock().await.drain().map(|(_, c)| c).collect();
        for c in open {
            // Only the last holder can close it cleanly; any other is dropped, which closes
            // the stream in the background.
            if let Ok(c) = Arc::try_unwrap(c) {
                let _ = c.close().await;
            }
        }
    }
}

/// The profile's domain, else SystemInfo's xmppDomain and xmppPubSubDomain.
async fn domains(
    endpoint: &crate::profile::Notifications,
    who: &Identity,
    client: &FinesseClient,
) -> Result<(String, Option<String>), String> {
    if let Some(d) = &endpoint.domain {
        return Ok((d.clone(), None));
    }
    let req = Request::get("/finesse/api/SystemInfo").as_user(Credentials::of(who));
    let resp = client
        .send(req)
        .await
        .map_err(|e| format!("reading SystemInfo for the XMPP domain: {e}"))?;
    if resp.status != 200 {
        return Err(format!(
            "reading SystemInfo for the XMPP domain: {}; set capabilities.notifications.domain",
            resp.describe()
        ));
    }
    let info = resp
        .parse::<SystemInfo>("SystemInfo")
        .map_err(|e| format!("reading SystemInfo for the XMPP domain: {e}"))?;
    match info.xmpp_domain.filter(|d| !d.trim().is_empty()) {
        Some(d) => Ok((d.trim().to_string(), info.xmpp_pub_sub_domain)),
        None => Err(
            "SystemInfo has no xmppDomain; set capabilities.notifications.domain in the profile"
                .into(),
        ),
    }
}
