//! The raw serde layer: what serde-saphyr fills from the YAML text.
//!
//! Everything is optional so that "missing" is reported by our validation (with a key path)
//! rather than by serde. Scalars are read as strings: serde-saphyr hands over the source
//! text, so `12`, `12.50` and `"12"` all arrive verbatim. Unknown keys are denied.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProfile {
    pub(super) name: Option<String>,
    pub(super) base_url: Option<String>,
    pub(super) tls: Option<RawTls>,
    pub(super) timeouts: Option<RawTimeouts>,
    pub(super) max_concurrency: Option<usize>,
    pub(super) deployment: Option<String>,
    pub(super) version: Option<String>,
    pub(super) users: Option<RawUsers>,
    pub(super) test_data: Option<RawTestData>,
    pub(super) capabilities: Option<RawCapabilities>,
    pub(super) limits: Option<RawLimits>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLimits {
    pub(super) max_body_bytes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTls {
    pub(super) ca_cert: Option<String>,
    pub(super) insecure: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTimeouts {
    pub(super) request: Option<String>,
    pub(super) async_outcome: Option<String>,
    pub(super) settle: Option<String>,
    pub(super) poll_interval: Option<String>,
    pub(super) token_command: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUsers {
    pub(super) agents: Option<Vec<RawIdentity>>,
    pub(super) supervisors: Option<Vec<RawIdentity>>,
    pub(super) other_team_agents: Option<Vec<RawIdentity>>,
    pub(super) wrap_up_agents: Option<Vec<RawIdentity>>,
    pub(super) mobile_agents: Option<Vec<RawIdentity>>,
    pub(super) admin: Option<RawIdentity>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIdentity {
    pub(super) id: Option<String>,
    pub(super) login_id: Option<String>,
    pub(super) password: Option<String>,
    pub(super) token: Option<String>,
    pub(super) token_command: Option<String>,
    pub(super) extension: Option<String>,
    pub(super) team_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTestData {
    pub(super) unknown_user_id: Option<String>,
    pub(super) unknown_reason_code_id: Option<String>,
    pub(super) unknown_team_id: Option<String>,
    pub(super) unknown_queue_id: Option<String>,
    pub(super) unassigned_queue_id: Option<String>,
    pub(super) mrd: Option<RawMrd>,
    pub(super) reason_codes: Option<RawReasonCodes>,
    pub(super) icd_number: Option<String>,
    pub(super) wrap_up_timer: Option<String>,
    pub(super) unknown_extension: Option<String>,
    pub(super) wrap_up_reason: Option<String>,
    pub(super) mobile_agent_dial_number: Option<String>,
    pub(super) out_of_service_device: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMrd {
    pub(super) valid: Option<String>,
    pub(super) unknown: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReasonCodes {
    #[serde(rename = "NOT_READY")]
    pub(super) not_ready: Option<RawCodeSet>,
    #[serde(rename = "LOGOUT")]
    pub(super) logout: Option<RawCodeSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCodeSet {
    pub(super) team: Option<String>,
    pub(super) global: Option<String>,
    pub(super) system: Option<String>,
    pub(super) other_team: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCapabilities {
    pub(super) nonvoice_media: Option<bool>,
    pub(super) calls: Option<bool>,
    pub(super) outbound_preview: Option<bool>,
    pub(super) fault_injection: Option<RawFaultInjection>,
    pub(super) notifications: Option<RawNotifications>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNotifications {
    pub(super) url: Option<String>,
    pub(super) domain: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFaultInjection {
    pub(super) control_url: Option<String>,
    pub(super) commands: Option<RawFaultCommands>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFaultCommands {
    pub(super) notification_service_down: Option<String>,
    pub(super) notification_service_up: Option<String>,
    pub(super) out_of_service: Option<String>,
    pub(super) in_service: Option<String>,
    pub(super) partial_service: Option<String>,
    pub(super) full_service: Option<String>,
    pub(super) conference_bridge_full: Option<String>,
    pub(super) conference_bridge_free: Option<String>,
    pub(super) db_runtime_exception: Option<String>,
    pub(super) db_runtime_exception_clear: Option<String>,
    pub(super) runtime_exception: Option<String>,
    pub(super) runtime_exception_clear: Option<String>,
    pub(super) aws_unavailable: Option<String>,
    pub(super) aws_available: Option<String>,
    pub(super) preview_reservation: Option<String>,
    pub(super) direct_preview_reservation: Option<String>,
    pub(super) cancel_preview_reservation: Option<String>,
    pub(super) progressive_reservation: Option<String>,
}
