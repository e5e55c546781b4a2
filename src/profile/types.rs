//! The profile's settings other than its users: TLS, timeouts, deployment and version, test
//! data and capabilities.

use std::{path::PathBuf, time::Duration};

use super::Deployment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DeploymentSetting {
    Auto,
    Fixed(Deployment),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSetting {
    Auto,
    Pinned(String),
}

#[derive(Debug, Clone, Default)]
pub struct Tls {
    pub ca_cert: Option<PathBuf>,
    pub insecure: bool,
}

#[derive(Debug, Clone)]
pub struct Timeouts {
    pub request: Duration,
    pub(crate) async_outcome: Duration,
    pub(crate) settle: Duration,
    pub(crate) poll_interval: Duration,
    /// How long a `token_command` may run.
    pub(crate) token_command: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            request: Duration::from_secs(10),
            async_outcome: Duration::from_secs(5),
            settle: Duration::from_secs(2),
            poll_interval: Duration::from_millis(250),
            token_command: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TestData {
    pub(crate) unknown_user_id: String,
    pub(crate) unknown_reason_code_id: String,
    /// A team id that does not exist (GET /Team answers 404).
    pub(crate) unknown_team_id: String,
    /// A queue id that does not exist (GET /Queue answers 404).
    pub(crate) unknown_queue_id: String,
    /// A queue assigned to no user (its numeric statistics read -1); CCE only.
    pub(crate) unassigned_queue_id: Option<String>,
    pub mrd: Option<MrdData>,
    pub reason_codes: ReasonCodeData,
    /// A dialled number that routes to a READY agent of the agents' team (ICD calls).
    pub(crate) icd_number: Option<String>,
    /// The wrap-up timer of the wrap-up agents (how long WORK lasts before it expires).
    pub(crate) wrap_up_timer: Option<Duration>,
    /// An extension no phone on the lab has: signing in with it fails as Invalid Device.
    pub(crate) unknown_extension: String,
    /// The database id of a wrap-up reason the agents may apply (global or their team's).
    pub(crate) wrap_up_reason: Option<String>,
    /// The number the system dials to reach a mobile agent (G12.5 p.31, `dialNumber`).
    pub(crate) mobile_agent_dial_number: Option<String>,
    /// A phone that exists but is out of service: a call to it fails in CTI (the Dialog CTI
    /// error notification).
    pub(crate) out_of_service_device: Option<String>,
}

pub(super) const DEFAULT_UNKNOWN_USER_ID: &str = "finesse-conformance-no-such-user";
pub(super) const DEFAULT_UNKNOWN_REASON_CODE_ID: &str = "987654321";
pub(super) const DEFAULT_UNKNOWN_TEAM_ID: &str = "987654321";
pub(super) const DEFAULT_UNKNOWN_QUEUE_ID: &str = "987654321";
/// Digits only, so that a lab does not refuse it as malformed (400) before looking it up.
pub(super) const DEFAULT_UNKNOWN_EXTENSION: &str = "99999999";

impl Default for TestData {
    fn default() -> Self {
        TestData {
            unknown_user_id: DEFAULT_UNKNOWN_USER_ID.to_string(),
            unknown_reason_code_id: DEFAULT_UNKNOWN_REASON_CODE_ID.to_string(),
            unknown_team_id: DEFAULT_UNKNOWN_TEAM_ID.to_string(),
            unknown_queue_id: DEFAULT_UNKNOWN_QUEUE_ID.to_string(),
            unassigned_queue_id: None,
            mrd: None,
            reason_codes: ReasonCodeData::default(),
            icd_number: None,
            wrap_up_timer: None,
            unknown_extension: DEFAULT_UNKNOWN_EXTENSION.to_string(),
            wrap_up_reason: None,
            mobile_agent_dial_number: None,
            out_of_service_device: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct MrdData {
    pub valid: String,
    pub unknown: String,
}

#[derive(Debug, Clone, Default)]
pub struct ReasonCodeData {
    pub not_ready: CodeSet,
    pub logout: CodeSet,
}

#[derive(Debug, Clone, Default)]
pub struct CodeSet {
    pub team: Option<String>,
    pub global: Option<String>,
    pub system: Option<String>,
    pub other_team: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Capabilities {
    pub(crate) nonvoice_media: bool,
    pub(crate) calls: bool,
    pub(crate) outbound_preview: bool,
    pub fault_injection: Option<FaultInjection>,
    /// The Notification Service (XMPP); without it 202 outcomes are checked by polling GET
    /// and the scenarios that need notifications are skipped.
    pub notifications: Option<Notifications>,
}

/// Where the harness reads Finesse notifications (reference §7.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notifications {
    /// `wss://host:8445/ws/` (12.6), `wss://host:7443/ws/` (12.5), `tls://host:5223`,
    /// `tcp://host:5222`, or `ws://` for the mock.
    pub(crate) url: String,
    /// The XMPP domain; `None` reads SystemInfo's xmppDomain.
    pub(crate) domain: Option<String>,
}

impl Capabilities {
    /// For `@requires:<name>` tags: Some(true/false) for a known name
    /// (nonvoice_media, calls, outbound_preview, fault_injection), None for an unknown name.
    pub(crate) fn has(&self, name: &str) -> Option<bool> {
        match name {
            "nonvoice_media" => Some(self.nonvoice_media),
            "calls" => Some(self.calls),
            "outbound_preview" => Some(self.outbound_preview),
            "fault_injection" => Some(self.fault_injection.is_some()),
            "notifications" => Some(self.notifications.is_some()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum FaultInjection {
    MockControl { url: String },
    Commands(Box<FaultCommands>),
}

#[derive(Debug, Clone, Default)]
pub struct FaultCommands {
    pub notification_service_down: Option<String>,
    pub notification_service_up: Option<String>,
    pub out_of_service: Option<String>,
    pub in_service: Option<String>,
    /// Put Finesse in PARTIAL_SERVICE and back (the 503 every API then answers).
    pub partial_service: Option<String>,
    pub full_service: Option<String>,
    /// Fill / free the CUCM conference bridge (barge error 20700).
    pub conference_bridge_full: Option<String>,
    pub conference_bridge_free: Option<String>,
    /// Make Finesse answer its three 500 kinds, and clear them again.
    pub db_runtime_exception: Option<String>,
    pub db_runtime_exception_clear: Option<String>,
    pub runtime_exception: Option<String>,
    pub runtime_exception_clear: Option<String>,
    pub aws_unavailable: Option<String>,
    pub aws_available: Option<String>,
    /// Place an Outbound Option (CCE) or Direct Preview (CCX) reservation on an agent;
    /// `{user}` and `{extension}` are replaced with the agent's id and extension.
    pub preview_reservation: Option<String>,
    pub direct_preview_reservation: Option<String>,
    /// Withdraw the agent's reservation, as a dialer does (used by the cleanup).
    pub cancel_preview_reservation: Option<String>,
    /// Reserve an agent for an Outbound Option progressive or predictive call
    /// (RESERVED_OUTBOUND); `cancel_preview_reservation` withdraws it.
    pub progressive_reservation: Option<String>,
}
