//! SystemInfo's fields (G12.5 p.333; DEV/systeminfo and DEV/systeminfo-api-parameters for
//! what 12.6(1) added). Only what the guide documents is checked: presence, the values it
//! enumerates, and numbers where it says a field is one.

use cucumber::{then, when};

use super::world::{FinesseWorld, Role, StepResult, creds, fail};
use crate::finesse::Request;
use crate::finesse::models::{Node, SystemInfo};
use crate::profile::Deployment;

#[when("the agent reads SystemInfo")]
async fn reads(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    w.send(Request::get("/finesse/api/SystemInfo").as_user(creds(&a)))
        .await
        .map(drop)
}

fn is_integer(v: Option<&str>) -> bool {
    v.map(str::trim).is_some_and(|v| v.parse::<i64>().is_ok())
}

/// Collects what is wrong, so that one failure names every missing field.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }

    fn present(&mut self, body: &str, element: &str) {
        // Presence on the raw body: an element the guide allows to be empty (license,
        // statusReason) reads the same as an absent one once parsed.
        let open = format!("<{element}>");
        let empty = format!("<{element}/>");
        self.check(body.contains(&open) || body.contains(&empty), || {
            format!("no <{element}>")
        });
    }

    fn done(self) -> StepResult {
        if self.0.is_empty() {
            Ok(())
        } else {
            fail(format!("SystemInfo: {}", self.0.join("; ")))
        }
    }
}

/// Every field of the 12.5 SystemInfo (p.333), with the values the parameter table
/// enumerates.
#[then("SystemInfo gives every field of the 12.5 guide")]
async fn every_12_5_field(w: &mut FinesseWorld) -> StepResult {
    let deployment = w.ctx()?.deployment;
    let r = w.last()?;
    let s: SystemInfo = r.parse("SystemInfo")?;
    let mut p = Problems::default();
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_string();
    p.check(!text(&s.current_timestamp).is_empty(), || {
        "empty currentTimestamp".into()
    });
    p.check(text(&s.deployment_type) == deployment.to_string(), || {
        format!(
            "deploymentType {:?}, the profile says {deployment}",
            s.deployment_type
        )
    });
    p.check(
        matches!(
            text(&s.last_cti_heartbeat_status).as_str(),
            "success" | "failure"
        ),
        || {
            format!(
                "lastCTIHeartbeatStatus {:?} is neither success nor failure",
                s.last_cti_heartbeat_status
            )
        },
    );
    for (name, v) in [
        (
            "lastSuccessCTIHeartbeatTime",
            &s.last_success_cti_heartbeat_time,
        ),
        ("ctiVersion", &s.cti_version),
        ("ctiHeartbeatInterval", &s.cti_heartbeat_interval),
        ("timezoneOffset", &s.timezone_offset),
    ] {
        p.check(is_integer(v.as_deref()), || {
            format!("{name} {v:?} is not a number")
        });
    }
    p.present(&r.body, "license");
    p.present(&r.body, "statusReason");
    if deployment == Deployment::Ucce {
        p.check(!text(&s.peripheral_id).is_empty(), || {
            "no peripheralId on Unified CCE".into()
        });
    }
    let primary = s.primary_node.clone().unwrap_or_default();
    p.check(!text(&primary.host).is_empty(), || {
        "no primaryNode/host".into()
    });
    p.check(
        matches!(
            text(&s.status).as_str(),
            "IN_SERVICE" | "OUT_OF_SERVICE" | "PARTIAL_SERVICE"
        ),
        || format!("status {:?} is not a documented state", s.status),
    );
    p.check(!text(&s.system_auth_mode).is_empty(), || {
        "empty systemAuthMode".into()
    });
    p.check(text(&s.uri) == "/finesse/api/SystemInfo", || {
        format!("uri {:?}", s.uri)
    });
    p.check(!text(&s.xmpp_domain).is_empty(), || {
        "empty xmppDomain".into()
    });
    p.check(!text(&s.xmpp_pub_sub_domain).is_empty(), || {
        "empty xmppPubSubDomain".into()
    });
    p.done()
}

/// From 12.6(1): Finesse's maintenance mode (and the CTI's on Unified CCE) with the time in
/// it, and each node's HTTPS, XMPP and secure XMPP ports.
#[then("SystemInfo reports the maintenance mode and each node's ports")]
async fn since_12_6_fields(w: &mut FinesseWorld) -> StepResult {
    let deployment = w.ctx()?.deployment;
    let r = w.last()?;
    let s: SystemInfo = r.parse("SystemInfo")?;
    let mut p = Problems::default();
    p.present(&r.body, "finesseMMode");
    p.check(is_integer(s.finesse_time_in_m_mode.as_deref()), || {
        format!(
            "finesseTimeInMMode {:?} is not a number",
            s.finesse_time_in_m_mode
        )
    });
    if deployment == Deployment::Ucce {
        p.present(&r.body, "ctiMMode");
        p.check(is_integer(s.cti_time_in_m_mode.as_deref()), || {
            format!(
                "ctiTimeInMMode {:?} is not a number (Unified CCE)",
                s.cti_time_in_m_mode
            )
        });
    }
    let nodes = [("primaryNode", s.primary_node.clone())]
        .into_iter()
        .chain(s.secondary_node.clone().map(|n| ("secondaryNode", Some(n))));
    for (name, node) in nodes {
        let n: Node = node.unwrap_or_default();
        for (port, v) in [
            ("httpsPort", &n.https_port),
            ("xmppPort", &n.xmpp_port),
            ("xmppSecurePort", &n.xmpp_secure_port),
        ] {
            p.check(is_integer(v.as_deref()), || {
                format!("{name}/{port} {v:?} is not a port number")
            });
        }
    }
    p.done()
}
