//! How the model shows its objects: it fills the plain structs of [`crate::documents`], which
//! write them. Where the guide leaves a value to the server, the choice is made here and
//! marked (README, mock fidelity).

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::agent_state::AgentState;
use super::call_states;
use super::dialogs::{self, Dialog, DialogKind};
use super::directory::{TeamDef, UserDef};
use super::media::{MediaState, MrdDef};
use super::reason_codes::ReasonCodeDef;
use super::{Finesse, Reason};
use crate::deviations::Deviation;
use crate::documents as doc;
use finesse_protocol::Deployment;

/// The CTI heartbeat the mock reports: every 30 s, always answered while the CTI link is up
/// (mock's choice: SystemInfo API Parameters give no value).
const CTI_HEARTBEAT: Duration = Duration::from_secs(30);
/// The CTI protocol version the mock reports (mock's choice; a 12.5 CCE lab reports 23).
const CTI_VERSION: &str = "23";
/// The peripheral id a CCE Finesse reports (mock's choice; CCX reports none).
const CCE_PERIPHERAL: &str = "5000";

/// `YYYY-MM-DDThh:mm:ss.SSSZ`, the format of every time in the documents.
pub(super) fn timestamp(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}

fn epoch_millis(t: SystemTime) -> u128 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis())
}

pub(super) fn render_reason_code(d: &ReasonCodeDef) -> doc::ReasonCode {
    doc::ReasonCode {
        id: Some(d.id.clone()),
        category: Some(d.category.as_str().into()),
        code: Some(d.code.clone()),
        label: Some(d.label.clone()),
        for_all: Some(d.for_all),
        system_code: Some(d.system),
    }
}

/// A hard-coded NOT_READY code (§4.5, §4.7): no database id, so no `uri` or `id`. Where it
/// shows is not documented; the mock puts it in `reasonCodeId` and `ReasonCode/code`, with a
/// label of its own (README, mock fidelity).
fn forced_reason_code(code: &str) -> doc::ReasonCode {
    let label = if code == call_states::OUTBOUND_CALL_REASON {
        "Agent Outbound Call"
    } else {
        "Supervisor Initiated"
    };
    doc::ReasonCode {
        id: None,
        category: Some("NOT_READY".into()),
        code: Some(code.into()),
        label: Some(label.into()),
        for_all: Some(true),
        system_code: Some(true),
    }
}

impl Finesse {
    /// SystemInfo stays readable while out of service so that clients can watch `status`
    /// (JSLIB reads OUT_OF_SERVICE from it; the guide does not say; README, mock fidelity).
    /// SystemInfo as a client that reached the mock by `host` sees it.
    pub(crate) fn system_info(&mut self, now: Instant, host: Option<&str>) -> doc::SystemInfo {
        self.advance(now);
        let mut info = self.render_system_info();
        let domain = self.xmpp_domain_for(host);
        info.xmpp_pub_sub_domain = format!("pubsub.{domain}");
        info.xmpp_domain = domain;
        info
    }

    pub(super) fn render_system_info(&self) -> doc::SystemInfo {
        let now = SystemTime::now();
        // The out-of-service fault stands for a lost dependency, the CTI link among them; a
        // stopped Notification Service leaves the CTI heartbeat answered (mock's choice).
        let cti_up = !self.faults.out_of_service;
        let status_reason = if self.faults.out_of_service {
            Some("A dependent service is down (mock fault)")
        } else if self.faults.notification_service_down {
            Some("The Notification Service is not running (mock fault)")
        } else if self.faults.partial_service {
            Some("A dependent service is degraded (mock fault)")
        } else {
            None
        };
        let last_heartbeat = if cti_up {
            // The latest tick of the heartbeat.
            let ms = epoch_millis(now);
            ms - ms % CTI_HEARTBEAT.as_millis()
        } else {
            // The mock does not track when the link went down: it reports its own start.
            epoch_millis(self.started)
        };
        doc::SystemInfo {
            current_timestamp: timestamp(now),
            deployment_type: self.deployment.to_string(),
            last_cti_heartbeat_status: match cti_up {
                _ if self.dev(Deviation::SystemInfoHeartbeatStatusUnknown) => "unknown",
                true => "success",
                false => "failure",
            },
            last_success_cti_heartbeat_time: last_heartbeat.to_string(),
            cti_version: CTI_VERSION.into(),
            cti_heartbeat_interval: CTI_HEARTBEAT.as_secs().to_string(),
            // What `license` holds is not documented: the mock leaves it empty.
            license: None,
            peripheral_id: (self.deployment == Deployment::Ucce).then(|| CCE_PERIPHERAL.into()),
            primary_node: "127.0.0.1".into(),
            // One node: no secondary node (reference §8).
            secondary_node: None,
            status: match status_reason {
                None => "IN_SERVICE",
                Some(_) if self.faults.out_of_service || self.faults.notification_service_down => {
                    "OUT_OF_SERVICE"
                }
                Some(_) => "PARTIAL_SERVICE",
            }
            .into(),
            status_reason: status_reason.map(str::to_string),
            // SSO or NON_SSO (reference §8; the SSO client integration's step 1 reads it).
            system_auth_mode: if self.sso.is_some() { "SSO" } else { "NON_SSO" }.into(),
            // The mock runs on GMT.
            timezone_offset: "0".into(),
            xmpp_domain: self.xmpp_domain.clone(),
            xmpp_pub_sub_domain: format!("pubsub.{}", self.xmpp_domain),
            since_12_6: (self.release.since("12.6")
                && !self.dev(Deviation::SystemInfoLacks126Fields))
            .then(|| self.since_12_6_fields(cti_up, now)),
        }
    }

    /// SystemInfo's 12.6 fields (DEV/systeminfo, DEV/systeminfo-api-parameters). The mock is
    /// never in maintenance: the modes are empty and the times -1 (negative: not in
    /// maintenance). Ports are the mock's own REST and XMPP ports; it serves no XMPP over TLS,
    /// so xmppSecurePort shows Finesse's default 5223, which the mock does not listen on. One
    /// CTI server, the mock itself, connected since it started while the CTI link is up.
    fn since_12_6_fields(&self, cti_up: bool, now: SystemTime) -> doc::Since126 {
        let (https, xmpp) = self.ports.unwrap_or((8445, 5222));
        let connected = now
            .duration_since(self.started)
            .unwrap_or_default()
            .as_secs();
        doc::Since126 {
            cti_maintenance: (self.deployment == Deployment::Ucce)
                .then(|| (String::new(), "-1".into())),
            finesse_mode: String::new(),
            finesse_time_in_mode: "-1".into(),
            ports: [https.to_string(), xmpp.to_string(), "5223".into()],
            cti_servers: vec![(
                "127.0.0.1".into(),
                if cti_up { connected } else { 0 }.to_string(),
                cti_up,
            )],
        }
    }

    pub(super) fn render_user(&self, u: &UserDef) -> doc::User {
        let voice = self.voice.get(&u.id);
        let state = voice.map(|v| v.state);
        let (reason_code_id, reason_code) = match (state, voice.map(|v| &v.reason)) {
            (Some(AgentState::NotReady | AgentState::Logout), Some(Reason::Code(id))) => {
                (Some(id.clone()), self.codes.get(id).map(render_reason_code))
            }
            (Some(AgentState::NotReady), Some(Reason::Forced(code))) => {
                (Some(code.to_string()), Some(forced_reason_code(code)))
            }
            (Some(AgentState::NotReady | AgentState::Logout), _)
                if self.dev(Deviation::SignInReasonNotMinusOne) =>
            {
                (None, None)
            }
            // No reason selected: -1 (User API Parameters), as the captures show it.
            (Some(AgentState::NotReady | AgentState::Logout), _) => (Some("-1".into()), None),
            _ => (None, None),
        };
        let team_ref = |t: &TeamDef| doc::TeamRef {
            id: t.id.clone(),
            name: t.name.clone(),
        };
        // The mock's wrap-up is all or nothing for every call (reference §4.4): REQUIRED or
        // NOT_ALLOWED, incoming and outgoing alike.
        let wrap_up = if u.wrap_up { "REQUIRED" } else { "NOT_ALLOWED" };
        doc::User {
            id: u.id.clone(),
            login_name: u.login_id.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            roles: u.roles(),
            state: state.map(|s| s.as_str().to_string()),
            state_change_time: voice.and_then(|v| v.changed).map(timestamp),
            pending_state: voice
                .and_then(|v| v.pending.as_ref())
                .map(|(s, _)| s.as_str().to_string()),
            reason_code_id,
            reason_code,
            wrap_up_on_incoming: wrap_up,
            wrap_up_on_outgoing: wrap_up,
            extension: voice.and_then(|v| v.extension.clone()),
            mobile_agent: self.mobile_agent_of(&u.id),
            team: u
                .team
                .as_deref()
                .and_then(|t| self.dir.team(t))
                .map(team_ref),
            teams: u.supervisor.then(|| {
                u.supervises
                    .iter()
                    .filter_map(|t| self.dir.team(t))
                    .map(team_ref)
                    .collect()
            }),
            // Whole seconds, rounded up (the captures show seconds).
            wrap_up_timer: self.wrap_up_timer.as_millis().div_ceil(1000) as u64,
        }
    }

    pub(super) fn render_team(&self, team: &TeamDef) -> doc::Team {
        doc::Team {
            id: team.id.clone(),
            name: team.name.clone(),
            users: self
                .dir
                .users
                .iter()
                .filter(|u| u.team.as_deref() == Some(team.id.as_str()))
                .map(|u| {
                    let mut summary = self.render_user(u);
                    // `team-roster-states-stale`: the roster shows no state changes.
                    if self.dev(Deviation::TeamRosterStatesStale) && summary.state.is_some() {
                        summary.state = Some("LOGOUT".into());
                    }
                    summary
                })
                .collect(),
        }
    }

    pub(super) fn render_media(&self, user: &str, mrd: &MrdDef) -> doc::Media {
        let s = self
            .media
            .get(&(user.to_string(), mrd.id.clone()))
            .cloned()
            .unwrap_or_default();
        let signed_in = s.state != MediaState::Logout;
        doc::Media {
            user: user.to_string(),
            id: mrd.id.clone(),
            name: mrd.name.clone(),
            description: mrd.description.clone(),
            state: s.state.as_str().into(),
            state_change_time: s.changed.map(timestamp),
            reason_code_id: s.reason_code_id.clone(),
            reason_code: s
                .reason_code_id
                .as_deref()
                .and_then(|id| self.codes.get(id))
                .map(render_reason_code),
            max_dialog_limit: s.max_dialog_limit.map(|l| l.to_string()),
            interrupt_action: s.interrupt_action.clone(),
            dialog_logout_action: s.dialog_logout_action.clone(),
            // The fixture's MRDs are not interruptible (mock's choice).
            interruptible: false,
            routable: signed_in && !s.not_routable,
        }
    }

    pub(super) fn render_dialog(&self, d: &Dialog) -> doc::Dialog {
        let call_type = match d.kind {
            DialogKind::Call { .. } | DialogKind::Outbound if d.is_conference() => "CONFERENCE",
            DialogKind::Outbound => "OUTBOUND",
            DialogKind::Call { icd: true } => "ACD_IN",
            DialogKind::Call { icd: false } => "AGENT_INSIDE",
            DialogKind::Monitor { .. } => "SUPERVISOR_MONITOR",
            DialogKind::Preview { .. } => "OUTBOUND_PREVIEW",
        };
        // A routed call's queue is its team (mock's choice: the fixture has no queues).
        let queue = d.queue.as_deref().and_then(|t| self.dir.team(t));
        let cce = self.deployment == Deployment::Ucce;
        let participants = d
            .participants
            .iter()
            .map(|p| doc::Participant {
                actions: self
                    .participant_actions(d, p)
                    .into_iter()
                    .map(|a| a.as_str())
                    .collect(),
                media_address: p.extension.clone(),
                media_address_type: p.user.is_some().then_some("AGENT_DEVICE"),
                start_time: timestamp(p.start),
                state: p.state.as_str().into(),
                state_cause: p.state_cause.clone(),
                state_change_time: timestamp(p.changed),
            })
            .collect();
        doc::Dialog {
            id: d.id.to_string(),
            associated_dialog_uri: d.associated.map(|a| format!("/finesse/api/Dialog/{a}")),
            // Transfers and conferences from a consult are not simulated: no secondary call.
            secondary_id: None,
            from_address: d.from_address.clone(),
            to_address: d.to_address.clone(),
            media_properties: doc::MediaProperties {
                dialed_number: d.to_address.clone(),
                call_type: call_type.into(),
                // The number the caller dialled (mock's choice: there is no trunk to differ).
                dnis: d.to_address.clone(),
                queue_number: queue.map(|t| t.id.clone()),
                queue_name: queue.map(|t| t.name.clone()),
                // CCE only. The mock's call key: the dialog id on the day it was created
                // (days since the epoch), first leg.
                call_key: cce.then(|| doc::CallKey {
                    call_id: d.id.to_string(),
                    sequence_num: "1".into(),
                    prefix: (epoch_millis(d.created) / 86_400_000).to_string(),
                }),
                wrap_up_reason: d.wrap_up_reason.clone(),
                // CCX only; wrap-up data is not simulated, so the list is empty.
                wrap_up_items: (!cce).then(Vec::new),
                call_variables: dialogs::call_variables(&d.call_variables)
                    .into_iter()
                    .map(|(name, value)| doc::CallVariable { name, value })
                    .collect(),
            },
            participants,
            state: d.state.as_str().into(),
        }
    }
}
