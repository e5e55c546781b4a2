//! The profile's hook into the target (design §2): faults, and preview reservations that a
//! dialer would place. On the mock it is the control endpoint; on a lab, the shell commands
//! the profile names (for example an ssh call to the platform CLI).

use std::time::Duration;

use crate::finesse::FinesseClient;
use crate::profile::{FaultCommands, FaultInjection};

/// The hook did not do what was asked. The hook is the lab's fault switch and dialer, not
/// Finesse: a scenario that needed it never reached what it tests (never a finding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HookError(String);

impl std::fmt::Display for HookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HookError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    NotificationServiceDown,
    OutOfService,
    /// Finesse in PARTIAL_SERVICE (a dependency degraded, e.g. one of its CTI links).
    PartialService,
    /// Every CUCM conference bridge in use (barge error 20700).
    BridgeFull,
    /// A database error while the database is thought to be up (500 DB_RUNTIME_EXCEPTION).
    DbRuntimeException,
    /// Any other runtime exception on the server (500 RUNTIME_EXCEPTION).
    RuntimeException,
    /// The AWS services Finesse uses are down (500 AWS_SERVICE_UNAVAILABLE).
    AwsUnavailable,
}

impl Fault {
    pub(crate) fn describe(self, on: bool) -> &'static str {
        match (self, on) {
            (Fault::NotificationServiceDown, true) => "stop the Notification Service",
            (Fault::NotificationServiceDown, false) => "start the Notification Service",
            (Fault::OutOfService, true) => "take Finesse out of service",
            (Fault::OutOfService, false) => "bring Finesse back in service",
            (Fault::PartialService, true) => "put Finesse in partial service",
            (Fault::PartialService, false) => "bring Finesse back to full service",
            (Fault::BridgeFull, true) => "fill the conference bridge",
            (Fault::BridgeFull, false) => "free the conference bridge",
            (Fault::DbRuntimeException, true) => "make Finesse's database requests fail",
            (Fault::DbRuntimeException, false) => "let Finesse's database requests succeed",
            (Fault::RuntimeException, true) => "make Finesse meet a runtime exception",
            (Fault::RuntimeException, false) => "clear Finesse's runtime exception",
            (Fault::AwsUnavailable, true) => "make the AWS services unavailable",
            (Fault::AwsUnavailable, false) => "make the AWS services available",
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
            (Fault::PartialService, true) => ("partial_service", c.partial_service.as_ref()),
            (Fault::PartialService, false) => ("full_service", c.full_service.as_ref()),
            (Fault::BridgeFull, true) => {
                ("conference_bridge_full", c.conference_bridge_full.as_ref())
            }
            (Fault::BridgeFull, false) => {
                ("conference_bridge_free", c.conference_bridge_free.as_ref())
            }
            (Fault::DbRuntimeException, true) => {
                ("db_runtime_exception", c.db_runtime_exception.as_ref())
            }
            (Fault::DbRuntimeException, false) => (
                "db_runtime_exception_clear",
                c.db_runtime_exception_clear.as_ref(),
            ),
            (Fault::RuntimeException, true) => ("runtime_exception", c.runtime_exception.as_ref()),
            (Fault::RuntimeException, false) => (
                "runtime_exception_clear",
                c.runtime_exception_clear.as_ref(),
            ),
            (Fault::AwsUnavailable, true) => ("aws_unavailable", c.aws_unavailable.as_ref()),
            (Fault::AwsUnavailable, false) => ("aws_available", c.aws_available.as_ref()),
        }
    }

    fn query(self, on: bool) -> &'static str {
        match (self, on) {
            (Fault::NotificationServiceDown, true) => "notification_service=down",
            (Fault::NotificationServiceDown, false) => "notification_service=up",
            (Fault::OutOfService, true) => "out_of_service=on",
            (Fault::OutOfService, false) => "out_of_service=off",
            (Fault::PartialService, true) => "partial_service=on",
            (Fault::PartialService, false) => "partial_service=off",
            (Fault::BridgeFull, true) => "bridge_full=on",
            (Fault::BridgeFull, false) => "bridge_full=off",
            (Fault::DbRuntimeException, true) => "server_error=db",
            (Fault::RuntimeException, true) => "server_error=runtime",
            (Fault::AwsUnavailable, true) => "server_error=aws",
            (
                Fault::DbRuntimeException | Fault::RuntimeException | Fault::AwsUnavailable,
                false,
            ) => "server_error=off",
        }
    }
}

/// Whether the hook can do `fault` (the mock always can; a lab needs both commands).
pub(crate) fn can(hook: &FaultInjection, fault: Fault) -> bool {
    match hook {
        FaultInjection::MockControl { .. } => true,
        FaultInjection::Commands(c) => {
            fault.command(true, c).1.is_some() && fault.command(false, c).1.is_some()
        }
    }
}

/// Whether the hook can do that dialer action.
pub(crate) fn can_dial(hook: &FaultInjection, action: DialerAction) -> bool {
    match hook {
        FaultInjection::MockControl { .. } => true,
        FaultInjection::Commands(c) => action.command(c).is_some(),
    }
}

/// Switches `fault` on or off through the hook; notes what it did in the client's log.
pub(crate) async fn switch(
    hook: &FaultInjection,
    client: &FinesseClient,
    fault: Fault,
    on: bool,
    timeout: Duration,
) -> Result<(), HookError> {
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
            let cmd = cmd.ok_or_else(|| not_set(what, key))?;
            shell(client, key, cmd, timeout).await
        }
    }
}

/// What a dialer does to one user through the hook: the mock's control route, or the
/// profile's command with `{user}` and `{extension}` filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DialerAction {
    /// Places a preview reservation, as a dialer would: Outbound Option preview, or with
    /// `direct` a CCX Direct Preview (G12.5 p.109–110).
    Preview { direct: bool },
    /// Reserves the user for an Outbound Option progressive call (RESERVED_OUTBOUND,
    /// reference §4.4).
    Progressive,
    /// Withdraws the user's reservations (the cleanup's last resort for a reservation its
    /// agent cannot close, such as a Direct Preview on CCE).
    Withdraw,
}

impl DialerAction {
    fn describe(self) -> &'static str {
        match self {
            DialerAction::Preview { direct: true } => "place a Direct Preview reservation",
            DialerAction::Preview { direct: false } => {
                "place an Outbound Option preview reservation"
            }
            DialerAction::Progressive => "place a progressive reservation",
            DialerAction::Withdraw => "withdraw a preview reservation",
        }
    }

    /// The command's key under `capabilities.fault_injection.commands`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            DialerAction::Preview { direct: true } => "direct_preview_reservation",
            DialerAction::Preview { direct: false } => "preview_reservation",
            DialerAction::Progressive => "progressive_reservation",
            DialerAction::Withdraw => "cancel_preview_reservation",
        }
    }

    fn command(self, c: &FaultCommands) -> Option<&String> {
        match self {
            DialerAction::Preview { direct: true } => c.direct_preview_reservation.as_ref(),
            DialerAction::Preview { direct: false } => c.preview_reservation.as_ref(),
            DialerAction::Progressive => c.progressive_reservation.as_ref(),
            DialerAction::Withdraw => c.cancel_preview_reservation.as_ref(),
        }
    }

    /// Path and query under the mock's control URL.
    fn route(self, user: &str) -> String {
        match self {
            DialerAction::Preview { direct } => format!("preview?user={user}&direct={direct}"),
            DialerAction::Progressive => format!("progressive?user={user}"),
            DialerAction::Withdraw => format!("preview/cancel?user={user}"),
        }
    }
}

/// Does `action` on the user through the hook; notes what it did in the client's log.
pub(crate) async fn dial(
    hook: &FaultInjection,
    client: &FinesseClient,
    (user, extension): (&str, &str),
    action: DialerAction,
    timeout: Duration,
) -> Result<(), HookError> {
    let what = action.describe();
    client
        .log()
        .note(format!("target hook: {what} (user {user})"));
    match hook {
        FaultInjection::MockControl { url } => {
            let url = format!("{}/{}", url.trim_end_matches('/'), action.route(user));
            post(client, &url, what, timeout).await
        }
        FaultInjection::Commands(c) => {
            let key = action.key();
            let cmd = action.command(c).ok_or_else(|| not_set(what, key))?;
            let cmd = cmd
                .replace("{user}", user)
                .replace("{extension}", extension);
            shell(client, key, &cmd, timeout).await
        }
    }
}

fn not_set(what: &str, key: &str) -> HookError {
    HookError(format!(
        "the target hook cannot {what}: capabilities.fault_injection.commands.{key} is not set"
    ))
}

async fn post(
    client: &FinesseClient,
    url: &str,
    what: &str,
    timeout: Duration,
) -> Result<(), HookError> {
    let resp = client
        .http()
        .post(url)
        .timeout(timeout)
        .send()
        .await
        .map_err(|e| HookError(format!("the target hook could not {what}: {url}: {e}")))?;
    if !resp.status().is_success() {
        let status = resp.status();
        let body = resp.text().await.unwrap_or_default();
        return Err(HookError(format!(
            "the target hook could not {what}: {url} answered {status}: {}",
            body.trim()
        )));
    }
    Ok(())
}

async fn shell(
    client: &FinesseClient,
    key: &str,
    cmd: &str,
    timeout: Duration,
) -> Result<(), HookError> {
    let run = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(timeout, run)
        .await
        .map_err(|_| {
            HookError(format!(
                "hook command {key} did not finish within {}",
                humantime::format_duration(timeout)
            ))
        })?
        .map_err(|e| HookError(format!("hook command {key} could not start: {e}")))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = client.redactor().redact(err.lines().last().unwrap_or(""));
        return Err(HookError(format!(
            "hook command {key} failed ({}): {err}",
            out.status
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each dialer action reads its own command: a lab that sets only one of them can do
    /// only that one.
    #[test]
    fn each_dialer_action_needs_its_own_command() {
        let actions = [
            DialerAction::Preview { direct: false },
            DialerAction::Preview { direct: true },
            DialerAction::Progressive,
            DialerAction::Withdraw,
        ];
        for only in actions {
            let mut c = FaultCommands::default();
            let slot = match only.key() {
                "preview_reservation" => &mut c.preview_reservation,
                "direct_preview_reservation" => &mut c.direct_preview_reservation,
                "progressive_reservation" => &mut c.progressive_reservation,
                "cancel_preview_reservation" => &mut c.cancel_preview_reservation,
                other => panic!("unexpected key {other}"),
            };
            *slot = Some("true".into());
            let hook = FaultInjection::Commands(Box::new(c));
            for a in actions {
                assert_eq!(can_dial(&hook, a), a == only, "{a:?} with only {only:?}");
            }
        }
        let mock = FaultInjection::MockControl {
            url: "http://m".into(),
        };
        assert!(actions.into_iter().all(|a| can_dial(&mock, a)));
    }
}
