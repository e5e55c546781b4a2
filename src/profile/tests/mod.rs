//! Unit tests of profile loading, one file per concern; the shared fake environment,
//! minimal profile and full example are here.

mod auth;
mod errors;
mod limits;
mod parse;
mod urls;

use super::*;

pub(super) const CANARY: &str = "canary-Pa55w0rd-7f3e";

/// Fake environment: every *_PASSWORD variable holds the canary.
pub(super) fn env(name: &str) -> Option<String> {
    match name {
        "LAB_HOST" => Some("finesse1.lab.example.com".into()),
        "FINESSE_HOST" | "FINESSE_UCCX_HOST" => Some("lab.example.com".into()),
        "EMPTY_PASSWORD" => Some(String::new()),
        n if n.ends_with("_PASSWORD") => Some(format!("{CANARY}-{n}")),
        _ => None,
    }
}

pub(super) fn parse(text: &str) -> Result<Profile, ProfileError> {
    Profile::from_yaml_str(text, "lab.yaml", &env)
}

pub(super) fn parse_err(text: &str) -> ProfileError {
    match parse(text) {
        Ok(p) => panic!("expected an error, got {p:?}"),
        Err(e) => e,
    }
}

/// A valid minimal profile followed by `extra` top-level YAML.
pub(super) fn minimal(extra: &str) -> String {
    format!(
        "base_url: https://finesse.example.com:8445/\nusers:\n  agents:\n    - id: \"1001\"\n      password: ${{FINESSE_AGENT1_PASSWORD}}\n{extra}"
    )
}

pub(super) const FULL: &str = r#"
name: ucce-lab-1
base_url: https://finesse1.lab.example.com:8445
tls:
  ca_cert: /etc/ssl/lab-ca.pem
  insecure: true
timeouts:
  request: 11s
  async_outcome: 6s
  settle: 3s
  poll_interval: 100ms
max_concurrency: 3
limits:
  max_body_bytes: 16 MiB
deployment: ucce
version: 12.6(1)
users:
  agents:
    - id: "1001"
      login_id: agent1
      password: ${FINESSE_AGENT1_PASSWORD}
      extension: "1001001"
      team_id: "5000"
  supervisors:
    - id: "2001"
      password: ${FINESSE_SUPERVISOR1_PASSWORD}
  other_team_agents: []
  admin:
    id: admin
    password: ${FINESSE_ADMIN_PASSWORD}
test_data:
  unknown_user_id: no-such-user-424242
  unknown_reason_code_id: "987654321"
  mrd:
    valid: "5001"
    unknown: "9999"
  reason_codes:
    NOT_READY: { team: 12, global: "10", system: 33, other_team: 14 }
    LOGOUT:    { team: 22 }
capabilities:
  nonvoice_media: true
  calls: true
  outbound_preview: false
  fault_injection:
    commands:
      notification_service_down: "ssh admin@lab 'utils service stop Cisco Finesse Notification Service'"
      in_service: "echo in"
"#;

/// The password of an identity that signs in with one.
pub(super) fn password(id: &Identity) -> Option<&Secret> {
    match &id.auth {
        Auth::Password(p) => Some(p),
        Auth::Token(_) => None,
    }
}
