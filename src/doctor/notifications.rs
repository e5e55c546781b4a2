//! The notification endpoint (`capabilities.notifications`, reference §7): an agent logs in
//! over XMPP, subscribes to its own User node and unsubscribes again, then closes. Read-only:
//! the subscription is made for the doctor's own resource (full JID), so removing it leaves
//! the subscriptions Finesse keeps for the user's desktop alone.

use super::Line;
use super::system::SystemRead;
use crate::finesse::xmpp::{NotificationClient, XmppSettings};
use crate::finesse::{Credentials, ExchangeLog, FinesseClient};
use crate::profile::{Identity, Profile};

const SUBJECT: &str = "capabilities.notifications";

/// The XMPP domain and pubsub domain to use: the profile's, else SystemInfo's.
pub(crate) fn domains(p: &Profile, sys: &SystemRead) -> Result<(String, Option<String>), String> {
    let n = p
        .capabilities
        .notifications
        .as_ref()
        .ok_or("no notification endpoint is configured")?;
    if let Some(d) = &n.domain {
        return Ok((d.clone(), None));
    }
    let info = sys
        .info()
        .ok_or("SystemInfo could not be read for the XMPP domain")?;
    match info
        .xmpp_domain
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => Ok((d.to_string(), info.xmpp_pub_sub_domain.clone())),
        None => Err("SystemInfo has no xmppDomain; set capabilities.notifications.domain".into()),
    }
}

pub(crate) async fn check(
    client: &FinesseClient,
    p: &Profile,
    sys: &SystemRead,
    agent: Option<&Identity>,
) -> Option<Line> {
    let Some(endpoint) = &p.capabilities.notifications else {
        return Some(Line::info(
            SUBJECT,
            "not configured: notification scenarios are skipped and outcomes are polled",
        ));
    };
    let url = &endpoint.url;
    let Some(agent) = agent else {
        return Some(Line::doubt(
            SUBJECT,
            format!("{url}: not checked: no agent of the profile could be read"),
        ));
    };
    let (domain, pubsub) = match domains(p, sys) {
        Ok(d) => d,
        Err(why) => {
            return Some(Line::problem(
                SUBJECT,
                format!("{url}: {why}"),
                "set capabilities.notifications.domain",
            ));
        }
    };
    // An SSO identity logs in with its access token (as `run` does, suite::notifiers).
    let secret = match client.secret_for(&Credentials::of(agent)).await {
        Ok(s) => s,
        Err(e) => {
            return Some(Line::problem(
                SUBJECT,
                format!("{url} as {}: {e}", agent.id),
                "check the agent's token or token_command",
            ));
        }
    };
    client
        .redactor()
        .learn(secret.expose(), std::slice::from_ref(&agent.id));
    let mut settings = XmppSettings::new(url, &agent.id, secret, &domain);
    settings.pubsub_domain = pubsub;
    settings.tls = p.tls.clone();
    settings.timeout = p.timeouts.request;
    let node = format!("/finesse/api/User/{}", agent.id);
    let redactor = client.redactor().clone();
    let outcome = async {
        let c =
            NotificationClient::connect(&settings, &[], ExchangeLog::default(), redactor).await?;
        let subscribed = c.subscribe(&node).await;
        let unsubscribed = match &subscribed {
            Ok(()) => c.unsubscribe(&node).await,
            Err(_) => Ok(()),
        };
        let _ = c.close().await;
        subscribed.and(unsubscribed)
    }
    .await;
    Some(match outcome {
        Ok(()) => Line::ok(
            SUBJECT,
            format!(
                "{url}: {} logged in (domain {domain}), subscribed to {node} and unsubscribed",
                agent.id
            ),
        ),
        Err(e) => Line::problem(
            SUBJECT,
            format!("{url} as {}: {e}", agent.id),
            "check capabilities.notifications.url (wss://<host>:8445/ws/ on 12.6, wss://<host>:7443/ws/ on 12.5) and domain",
        ),
    })
}
