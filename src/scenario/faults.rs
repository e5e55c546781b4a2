//! The profile's hook into the target (design §2): faults, and preview reservations that a
//! dialer would place. On the mock it is the control endpoint; on a lab, the shell commands
//! the profile names (for example an ssh call to the platform CLI).

use std::time::Duration;

use crate::finesse::FinesseClient;
use crate::profile::{FaultCommands, FaultInjection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    NotificationServiceDown,
    OutOfService,
    /// Every CUCM conference bridge in use (barge error 20700).
    BridgeFull,
}

impl Fault {
    pub fn describe(self, on: bool) -> &'static str {
        match (self, on) {
            (Fault::NotificationServiceDown, true) => "stop the Notification Service",
            (Fault::NotificationServiceDown, false) => "start the Notification Service",
            (Fault::OutOfService, true) => "take Finesse out of service",
            (Fault::OutOfService, false) => "bring Finesse back in service",
            (Fault::BridgeFull, true) => "fill the conference bridge",
            (Fault::BridgeFull, false) => "free the conference bridge",
        }
    }

    fn command(self, on: bool, c: &FaultCommands) -> (&'static str, Option<&String>) {
        match (self, on) {
            (Fault::NotificationServiceDown, true) => (
                "notification_service_down",
                c.notification_service_down.as_ref(),
            ),
            (Fault::NotificationServiceDown, false) => (
                "notification_service_up",
                c.notification_service_up.as_ref(),
            ),
            (Fault::OutOfService, true) => ("out_of_service", c.out_of_service.as_ref()),
            (Fault::OutOfService, false) => ("in_service", c.in_service.as_ref()),
            (Fault::BridgeFull, true) => {
                ("conference_bridge_full", c.conference_bridge_full.as_ref())
            }
            (Fault::BridgeFull, false) => {
                ("conference_bridge_free", c.conference_bridge_free.as_ref())
            }
        }
    }

    fn query(self, on: bool) -> &'static str {
        match (self, on) {
            (Fault::NotificationServiceDown, true) => "notification_service=down",
            (Fault::NotificationServiceDown, false) => "notification_service=up",
            (Fault::OutOfService, true) => "out_of_service=on",
            (Fault::OutOfService, false) => "out_of_service=off",
            (Fault::BridgeFull, true) => "bridge_full=on",
            (Fault::BridgeFull, false) => "bridge_full=off",
        }
    }
}

/// Whether the hook can do `fault` (the mock always can; a lab needs both commands).
pub fn can(hook: &FaultInjection, fault: Fault) -> bool {
    match hook {
        FaultInjection::MockControl { .. } => true,
        FaultInjection::Commands(c) => {
            fault.command(true, c).1.is_some() && fault.command(false, c).1.is_some()
        }
    }
}

/// Whether the hook can place preview reservations of that kind.
pub fn can_place_preview(hook: &FaultInjection, direct: bool) -> bool {
    match hook {
        FaultInjection::MockControl { .. } => true,
        FaultInjection::Commands(c) => {
            if direct {
                c.direct_preview_reservation.is_some()
            } else {
                c.preview_reservation.is_some()
            }
        }
    }
}

/// Whether the hook can place progressive reservations (RESERVED_OUTBOUND).
pub fn can_place_progressive(hook: &FaultInjection) -> bool {
    match hook {
        FaultInjection::MockControl { .. } => true,
        FaultInjection::Commands(c) => c.progressive_reservation.is_some(),
    }
}

/// Whether the hook can withdraw a reservation (the cleanup needs it).
pub fn can_cancel_preview(hook: &FaultInjection) -> bool {
    match hook {
        FaultInjection::MockControl { .. } => true,
        FaultInjection::Commands(c) => c.cancel_preview_reservation.is_some(),
    }
}

/// Switches `fault` on or off through the hook; notes what it did in the client's log.
pub async fn switch(
    hook: &FaultInjection,
    client: &FinesseClient,
    fault: Fault,
    on: bool,
    timeout: Duration,
) -> Result<(), String> {
    let what = fault.describe(on);
    client.log().note(format!("target hook: {what}"));
    match hook {
        FaultInjection::MockControl { url } => {
            post(
                client,
                &format!("{}/faults?{}", url.trim_end_matches('/'), fault.query(on)),
                what,
                timeout,
            )
            .await
        }
        FaultInjection::Commands(cmds) => {
            let (key, cmd) = fault.command(on, cmds);
            let cmd = cmd.ok_or_else(|| format!("the target hook cannot {what}: capabilities.fault_injection.commands.{key} is not set"))?;
            shell(client, key, cmd, timeout).await
        }
    }
}

/// One dialer action on one user through the hook: the mock's control route, or the
/// profile's command with `{user}` and `{extension}` filled in.
struct UserAction<'a> {
    what: &'a str,
    /// Path and query under the mock's control URL.
    route: String,
    /// The command's key under `capabilities.fault_injection.commands`.
    key: &'static str,
    pick: fn(&FaultCommands) -> Option<&String>,
}

async fn on_user(
    hook: &FaultInjection,
    client: &FinesseClient,
    (user, extension): (&str, &str),
    action: UserAction<'_>,
    timeout: Duration,
) -> Result<(), String> {
    let what = action.what;
    client
        .log()
        .note(format!("target hook: {what} (user {user})"));
    match hook {
        FaultInjection::MockControl { url } => {
            let url = format!("{}/{}", url.trim_end_matches('/'), action.route);
            post(client, &url, what, timeout).await
        }
        FaultInjection::Commands(c) => {
            let key = action.key;
            let cmd = (action.pick)(c).ok_or_else(|| format!("the target hook cannot {what}: capabilities.fault_injection.commands.{key} is not set"))?;
            let cmd = cmd
                .replace("{user}", user)
                .replace("{extension}", extension);
            shell(client, key, &cmd, timeout).await
        }
    }
}

/// Places a preview reservation on the user, as a dialer would: Outbound Option preview, or
/// with `direct` a CCX Direct Preview (G12.5 p.109–110).
pub async fn place_preview(
    hook: &FaultInjection,
    client: &FinesseClient,
    user: &str,
    extension: &str,
    direct: bool,
    timeout: Duration,
) -> Result<(), String> {
    let what = if direct {
        "place a Direct Preview reservation"
    } else {
        "place an Outbound Option preview reservation"
    };
    let (key, pick): (_, fn(&FaultCommands) -> Option<&String>) = if direct {
        ("direct_preview_reservation", |c| {
            c.direct_preview_reservation.as_ref()
        })
    } else {
        ("preview_reservation", |c| c.preview_reservation.as_ref())
    };
    let action = UserAction {
        what,
        route: format!("preview?user={user}&direct={direct}"),
        key,
        pick,
    };
    on_user(hook, client, (user, extension), action, timeout).await
}

/// Reserves the user for an Outbound Option progressive call, as a dialer would
/// (RESERVED_OUTBOUND, reference §4.4).
pub async fn place_progressive(
    hook: &FaultInjection,
    client: &FinesseClient,
    user: &str,
    extension: &str,
    timeout: Duration,
) -> Result<(), String> {
    let action = UserAction {
        what: "place a progressive reservation",
        route: format!("progressive?user={user}"),
        key: "progressive_reservation",
        pick: |c| c.progressive_reservation.as_ref(),
    };
    on_user(hook, client, (user, extension), action, timeout).await
}

/// Withdraws the user's preview reservations, if the hook can (the cleanup's last resort for
/// a reservation its agent cannot close, such as a Direct Preview on CCE).
pub async fn cancel_preview(
    hook: &FaultInjection,
    client: &FinesseClient,
    user: &str,
    extension: &str,
    timeout: Duration,
) -> Result<(), String> {
    let action = UserAction {
        what: "withdraw a preview reservation",
        route: format!("preview/cancel?user={user}"),
        key: "cancel_preview_reservation",
        pick: |c| c.cancel_preview_reservation.as_ref(),
    };
    on_user(hook, client, (user, extension), action, timeout).await
}

async fn post(
    client: &FinesseClient,
    url: &str,
    what: &str,
    timeout: Duration,
) -> Result<(), String> {
    let resp = client
        .http()
        .post(url)
        .timeout(timeout)
        .send()
        .await
        .map_err(|e| format!("the target hook could not {what}: {url}: {e}"))?;
    if !resp.status().is_success() {
        let status = resp.status();
        let body = resp.text().await.unwrap_or_default();
        return Err(format!(
            "the target hook could not {what}: {url} answered {status}: {}",
            body.trim()
        ));
    }
    Ok(())
}

async fn shell(
    client: &FinesseClient,
    key: &str,
    cmd: &str,
    timeout: Duration,
) -> Result<(), String> {
    let run = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(timeout, run)
        .await
        .map_err(|_| {
            format!(
                "hook command {key} did not finish within {}",
                humantime::format_duration(timeout)
            )
        })?
        .map_err(|e| format!("hook command {key} could not start: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = client.redactor().redact(err.lines().last().unwrap_or(""));
        return Err(format!("hook command {key} failed ({}): {err}", out.status));
    }
    Ok(())
}
