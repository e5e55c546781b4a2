//! The base URL and SystemInfo (reference §8; G12.5 p.333): does the target answer, does TLS
//! verify with the profile's settings, and do deployment, status, authentication mode and
//! XMPP domain fit the profile.

use std::time::{Duration, Instant};

use super::Line;
use crate::finesse::models::SystemInfo;
use crate::finesse::{ClientError, Credentials, FinesseClient, Request};
use crate::profile::{AuthMode, Deployment, DeploymentSetting, Profile};

/// What reading SystemInfo showed.
#[derive(Debug, Clone)]
pub(crate) enum SystemRead {
    /// No HTTP answer: connection refused, TLS failure, timeout.
    Unreachable(ClientError),
    /// An HTTP answer: the status, SystemInfo when it parsed, else why not.
    Answered {
        status: u16,
        took: Duration,
        info: Result<Box<SystemInfo>, String>,
    },
}

impl SystemRead {
    pub(crate) fn unreachable(&self) -> Option<String> {
        match self {
            SystemRead::Unreachable(e) => Some(e.to_string()),
            SystemRead::Answered { .. } => None,
        }
    }

    pub(crate) fn info(&self) -> Option<&SystemInfo> {
        match self {
            SystemRead::Answered { info: Ok(i), .. } => Some(i.as_ref()),
            _ => None,
        }
    }

    /// SystemInfo's deploymentType, when it names one.
    pub(crate) fn deployment(&self) -> Option<Deployment> {
        self.info()?
            .deployment_type
            .as_deref()
            .and_then(|d| d.parse().ok())
    }

    /// Every line this read gives: base URL, then SystemInfo's fields.
    pub(crate) fn lines(&self, p: &Profile) -> Vec<Line> {
        let mut out = vec![base_url_line(&p.base_url, self)];
        match self {
            SystemRead::Unreachable(_) => {}
            SystemRead::Answered { info: Err(why), .. } => out.push(Line::problem(
                "SystemInfo",
                why.clone(),
                "check base_url: it must be the Finesse server itself, e.g. https://finesse1:8445",
            )),
            SystemRead::Answered { info: Ok(info), .. } => {
                out.push(deployment_line(info, &p.deployment));
                out.push(status_line(info));
                out.push(auth_line(info.system_auth_mode.as_deref(), profile_auth(p)));
                out.push(xmpp_line(info, p));
            }
        }
        out
    }
}

/// Reads SystemInfo as the first agent (as the probe of `run` does).
pub(crate) async fn fetch(client: &FinesseClient, p: &Profile) -> SystemRead {
    let mut req = Request::get("/finesse/api/SystemInfo");
    if let Some(a) = p.users.agents.first() {
        req = req.as_user(Credentials::of(a));
    }
    let started = Instant::now();
    match client.send(req).await {
        // A GET fails only in transport (connection, TLS, timeout) or in the client's setup.
        Err(e) => SystemRead::Unreachable(e),
        Ok(r) => {
            let info = if r.status == 200 {
                r.parse::<SystemInfo>("SystemInfo")
                    .map(Box::new)
                    .map_err(|e| e.to_string())
            } else {
                Err(format!(
                    "GET /finesse/api/SystemInfo as users.agents[0] answered {}",
                    r.describe()
                ))
            };
            SystemRead::Answered {
                status: r.status,
                took: started.elapsed(),
                info,
            }
        }
    }
}

/// Whether the base URL answers, and over verified TLS.
pub(crate) fn base_url_line(base_url: &str, read: &SystemRead) -> Line {
    match read {
        SystemRead::Unreachable(e) => {
            let fix = match e {
                ClientError::Tls { advice, .. } => advice.as_str(),
                ClientError::Timeout { .. } => {
                    "check that the host answers on that port from here, or raise timeouts.request"
                }
                ClientError::Config { .. } => "correct the tls settings of the profile",
                ClientError::TooLarge { .. } => {
                    "check that base_url points at Finesse, or raise limits.max_body_bytes"
                }
                _ => {
                    "check base_url (https://<host>:8445) and that the port is reachable from here"
                }
            };
            Line::problem("base_url", e.to_string(), fix)
        }
        SystemRead::Answered { status, took, .. } => {
            let tls = if base_url.to_ascii_lowercase().starts_with("https://") {
                "TLS verified with the profile's settings"
            } else {
                "plain HTTP, no TLS"
            };
            Line::ok(
                "base_url",
                format!(
                    "{base_url} answers (SystemInfo: HTTP {status} in {} ms; {tls})",
                    took.as_millis()
                ),
            )
        }
    }
}

pub(crate) fn deployment_line(info: &SystemInfo, setting: &DeploymentSetting) -> Line {
    let said = info.deployment_type.as_deref().map(str::trim);
    let parsed = said.and_then(|d| d.parse::<Deployment>().ok());
    match (setting, parsed) {
        (DeploymentSetting::Fixed(want), Some(got)) if *want != got => Line::problem(
            "deployment",
            format!("the profile pins {want}; SystemInfo's deploymentType is {got}"),
            format!("set deployment: {got} (or auto), or point base_url at the {want} lab"),
        ),
        (DeploymentSetting::Fixed(want), Some(_)) => Line::ok(
            "deployment",
            format!("SystemInfo's deploymentType is {want}, as the profile pins"),
        ),
        (DeploymentSetting::Auto, Some(got)) => Line::ok(
            "deployment",
            format!("SystemInfo's deploymentType is {got} (the profile says auto)"),
        ),
        (DeploymentSetting::Fixed(want), None) => Line::doubt(
            "deployment",
            format!(
                "SystemInfo gives no deploymentType of UCCE or UCCX ({}); the run uses the profile's {want}",
                said.unwrap_or("none")
            ),
        ),
        (DeploymentSetting::Auto, None) => Line::problem(
            "deployment",
            format!(
                "SystemInfo gives no deploymentType of UCCE or UCCX ({}), and the profile says auto",
                said.unwrap_or("none")
            ),
            "set deployment: UCCE or UCCX in the profile",
        ),
    }
}

pub(crate) fn status_line(info: &SystemInfo) -> Line {
    match info.status.as_deref().map(str::trim) {
        Some("IN_SERVICE") => Line::ok("status", "SystemInfo's status is IN_SERVICE"),
        other => {
            let reason = info
                .status_reason
                .as_deref()
                .map(|r| format!(" ({})", r.trim()))
                .unwrap_or_default();
            Line::problem(
                "status",
                format!(
                    "SystemInfo's status is {}{reason}: Finesse answers every API with 503 until it is IN_SERVICE (guide p7)",
                    other.unwrap_or("missing")
                ),
                "wait for Finesse to come back in service, or check its services (utils service list)",
            )
        }
    }
}

/// How the profile's identities authenticate, as the auth-mode line says it.
fn describe(mode: AuthMode) -> &'static str {
    match mode {
        AuthMode::Basic => "passwords (HTTP Basic)",
        AuthMode::Sso => "SSO access tokens (Bearer)",
        AuthMode::Mixed => "passwords and SSO access tokens",
    }
}

/// How the profile authenticates: passwords, tokens (`token` / `token_command`), or both.
pub(crate) fn profile_auth(p: &Profile) -> AuthMode {
    p.auth_mode()
}

/// Whether SystemInfo's `systemAuthMode` admits the profile's way of authenticating:
/// NON_SSO takes Basic, SSO takes Bearer tokens, HYBRID either (per user). (reference §8:
/// Basic on every request; SSO deployments use a Bearer token from Cisco IdS.)
pub(crate) fn auth_line(system: Option<&str>, used: AuthMode) -> Line {
    let subject = "systemAuthMode";
    let Some(mode) = system.map(str::trim).filter(|m| !m.is_empty()) else {
        return Line::doubt(
            subject,
            format!(
                "SystemInfo does not say how Finesse authenticates; the profile uses {}",
                describe(used)
            ),
        );
    };
    let fits = match mode.to_ascii_uppercase().as_str() {
        "NON_SSO" => Some(used == AuthMode::Basic),
        "SSO" => Some(used == AuthMode::Sso),
        "HYBRID" => Some(true),
        _ => None,
    };
    match fits {
        Some(true) => Line::ok(
            subject,
            format!("{mode}; the profile uses {}", describe(used)),
        ),
        Some(false) => Line::problem(
            subject,
            format!(
                "Finesse is in {mode} mode but the profile uses {}",
                describe(used)
            ),
            if mode.eq_ignore_ascii_case("SSO") {
                "give every identity token: ${ENV} or token_command instead of password (docs/profile-schema.md)"
            } else {
                "give every identity password: ${ENV} instead of token or token_command"
            },
        ),
        None => Line::doubt(
            subject,
            format!("unknown mode {mode:?}; the profile uses {}", describe(used)),
        ),
    }
}

pub(crate) fn xmpp_line(info: &SystemInfo, p: &Profile) -> Line {
    let said = info
        .xmpp_domain
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let pinned = p
        .capabilities
        .notifications
        .as_ref()
        .and_then(|n| n.domain.as_deref());
    match (said, pinned) {
        (Some(d), Some(pin)) if d != pin => Line::ok(
            "xmppDomain",
            format!(
                "SystemInfo says {d}; the profile uses {pin} (capabilities.notifications.domain)"
            ),
        ),
        (Some(d), _) => Line::ok("xmppDomain", format!("SystemInfo says {d}")),
        (None, Some(pin)) => Line::ok(
            "xmppDomain",
            format!("SystemInfo gives none; the profile uses {pin}"),
        ),
        (None, None) if p.capabilities.notifications.is_some() => Line::problem(
            "xmppDomain",
            "SystemInfo gives no xmppDomain, which the notification connections need",
            "set capabilities.notifications.domain in the profile",
        ),
        (None, None) => Line::info(
            "xmppDomain",
            "SystemInfo gives none (no notification endpoint is configured)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finesse::models::from_xml;

    fn info(xml: &str) -> SystemInfo {
        from_xml(xml).expect("systeminfo")
    }

    #[test]
    fn a_pinned_deployment_must_match_systeminfo() {
        let uccx = info("<SystemInfo><deploymentType>UCCX</deploymentType></SystemInfo>");
        let l = deployment_line(&uccx, &DeploymentSetting::Fixed(Deployment::Ucce));
        assert_eq!(l.status, super::super::Status::Problem, "{l:?}");
        assert!(
            l.text.contains("pins UCCE") && l.text.contains("UCCX"),
            "{l:?}"
        );
        let ok = deployment_line(&uccx, &DeploymentSetting::Fixed(Deployment::Uccx));
        assert_eq!(ok.status, super::super::Status::Ok);
        let none = info("<SystemInfo/>");
        assert_eq!(
            deployment_line(&none, &DeploymentSetting::Auto).status,
            super::super::Status::Problem
        );
        assert_eq!(
            deployment_line(&none, &DeploymentSetting::Fixed(Deployment::Ucce)).status,
            super::super::Status::Doubt
        );
    }

    #[test]
    fn only_in_service_is_in_service() {
        let s = |x: &str| status_line(&info(x)).status;
        assert_eq!(
            s("<SystemInfo><status>IN_SERVICE</status></SystemInfo>"),
            super::super::Status::Ok
        );
        let out = status_line(&info(
            "<SystemInfo><status>OUT_OF_SERVICE</status><statusReason>CTI down</statusReason></SystemInfo>",
        ));
        assert_eq!(out.status, super::super::Status::Problem);
        assert!(out.text.contains("CTI down"), "{out:?}");
        assert_eq!(s("<SystemInfo/>"), super::super::Status::Problem);
    }

    #[test]
    fn the_auth_mode_must_admit_the_profiles_credentials() {
        use super::super::Status::*;
        let st = |m: Option<&str>, u| auth_line(m, u).status;
        assert_eq!(st(Some("NON_SSO"), AuthMode::Basic), Ok);
        assert_eq!(st(Some("SSO"), AuthMode::Basic), Problem);
        assert_eq!(st(Some("NON_SSO"), AuthMode::Sso), Problem);
        assert_eq!(st(Some("SSO"), AuthMode::Sso), Ok);
        assert_eq!(st(Some("HYBRID"), AuthMode::Mixed), Ok);
        assert_eq!(st(Some("NON_SSO"), AuthMode::Mixed), Problem);
        assert_eq!(st(Some("LDAP?"), AuthMode::Basic), Doubt);
        assert_eq!(st(None, AuthMode::Basic), Doubt);
    }

    #[test]
    fn a_tls_failure_is_told_apart_from_a_refused_connection() {
        let tls = SystemRead::Unreachable(ClientError::Tls {
            url: "https://h:8445/finesse/api/SystemInfo".into(),
            detail: "the server's certificate does not lead to a trusted CA".into(),
            advice: "set tls.ca_cert to the lab's CA certificate (PEM)".into(),
        });
        let l = base_url_line("https://h:8445", &tls);
        assert!(l.text.contains("TLS handshake"), "{l:?}");
        assert_eq!(
            l.fix.as_deref(),
            Some("set tls.ca_cert to the lab's CA certificate (PEM)"),
            "the fix is the error's own advice"
        );
        let refused = SystemRead::Unreachable(ClientError::Connect {
            url: "https://h:8445/finesse/api/SystemInfo".into(),
            detail: "Connection refused".into(),
        });
        let l = base_url_line("https://h:8445", &refused);
        assert!(l.text.contains("cannot reach"), "{l:?}");
        assert!(l.fix.as_deref().is_some_and(|f| f.contains("base_url")));
        let big = SystemRead::Unreachable(ClientError::TooLarge {
            method: "GET".into(),
            url: "https://h:8445/finesse/api/SystemInfo".into(),
            status: 200,
            announced: Some(7_000_000),
            limit: 4 << 20,
        });
        let l = base_url_line("https://h:8445", &big);
        assert!(l.text.contains("7000000 bytes"), "{l:?}");
        assert!(
            l.fix
                .as_deref()
                .is_some_and(|f| f.contains("limits.max_body_bytes")),
            "{l:?}"
        );
    }
}
