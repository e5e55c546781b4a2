//! The profile's fault hook (design §2): on the mock, its control endpoint; on a lab, the
//! shell commands the profile names (for example an ssh call to the platform CLI).

use std::time::Duration;

use crate::finesse::FinesseClient;
use crate::profile::{FaultCommands, FaultInjection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    NotificationServiceDown,
    OutOfService,
}

impl Fault {
    pub fn describe(self, on: bool) -> &'static str {
        match (self, on) {
            (Fault::NotificationServiceDown, true) => "stop the Notification Service",
            (Fault::NotificationServiceDown, false) => "start the Notification Service",
            (Fault::OutOfService, true) => "take Finesse out of service",
            (Fault::OutOfService, false) => "bring Finesse back in service",
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
        }
    }

    fn query(self, on: bool) -> &'static str {
        match (self, on) {
            (Fault::NotificationServiceDown, true) => "notification_service=down",
            (Fault::NotificationServiceDown, false) => "notification_service=up",
            (Fault::OutOfService, true) => "out_of_service=on",
            (Fault::OutOfService, false) => "out_of_service=off",
        }
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
    client.log().note(format!("fault hook: {what}"));
    match hook {
        FaultInjection::MockControl { url } => {
            let url = format!("{}/faults?{}", url.trim_end_matches('/'), fault.query(on));
            let resp = client
                .http()
                .post(&url)
                .timeout(timeout)
                .send()
                .await
                .map_err(|e| format!("fault hook could not {what}: {url}: {e}"))?;
            if !resp.status().is_success() {
                let status = resp.status();
                let body = resp.text().await.unwrap_or_default();
                return Err(format!(
                    "fault hook could not {what}: {url} answered {status}: {}",
                    body.trim()
                ));
            }
            Ok(())
        }
        FaultInjection::Commands(cmds) => {
            let (key, cmd) = fault.command(on, cmds);
            let cmd = cmd.ok_or_else(|| format!("fault hook cannot {what}: capabilities.fault_injection.commands.{key} is not set"))?;
            let run = tokio::process::Command::new("sh")
                .arg("-c")
                .arg(cmd)
                .kill_on_drop(true)
                .output();
            let out = tokio::time::timeout(timeout, run)
                .await
                .map_err(|_| {
                    format!(
                        "fault hook command {key} did not finish within {}",
                        humantime::format_duration(timeout)
                    )
                })?
                .map_err(|e| format!("fault hook command {key} could not start: {e}"))?;
            if !out.status.success() {
                let err = String::from_utf8_lossy(&out.stderr);
                let err = client.redactor().redact(err.lines().last().unwrap_or(""));
                return Err(format!(
                    "fault hook command {key} failed ({}): {err}",
                    out.status
                ));
            }
            Ok(())
        }
    }
}
