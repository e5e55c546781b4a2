//! SystemInfo (`GET /SystemInfo`, and the `<systemInfo>` notification data): the 12.5
//! fields in the order of G12.5 p.333.

use super::xml::El;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SystemInfo {
    pub current_timestamp: String,
    pub deployment_type: String,
    /// `success` or `failure`.
    pub last_cti_heartbeat_status: &'static str,
    /// Milliseconds since the epoch (an Integer in SystemInfo API Parameters).
    pub last_success_cti_heartbeat_time: String,
    pub cti_version: String,
    /// Seconds.
    pub cti_heartbeat_interval: String,
    /// Written empty when None.
    pub license: Option<String>,
    /// Written empty when None.
    pub peripheral_id: Option<String>,
    pub primary_node: String,
    /// A single-node deployment has no secondary node: left out when None (reference §8).
    pub secondary_node: Option<String>,
    pub status: String,
    /// Written empty while in service.
    pub status_reason: Option<String>,
    pub system_auth_mode: String,
    /// Minutes from GMT.
    pub timezone_offset: String,
    pub xmpp_domain: String,
    pub xmpp_pub_sub_domain: String,
    /// The fields 12.6(1) added (DEV/systeminfo); None up to 12.5.
    pub since_12_6: Option<Since126>,
}

/// SystemInfo's 12.6 additions: maintenance mode, each node's ports and the CTI servers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Since126 {
    /// ctiMMode and ctiTimeInMMode apply to Unified CCE only (DEV/systeminfo-api-parameters).
    pub cti_maintenance: Option<(String, String)>,
    /// finesseMMode (empty when no maintenance was started) and finesseTimeInMMode
    /// (negative when not in maintenance).
    pub finesse_mode: String,
    pub finesse_time_in_mode: String,
    /// httpsPort, xmppPort and xmppSecurePort of every node.
    pub ports: [String; 3],
    /// host, connectedDuration, active.
    pub cti_servers: Vec<(String, String, bool)>,
}

impl SystemInfo {
    fn element(&self, root: &'static str) -> El {
        let new = self.since_12_6.as_ref();
        let node = |name, host: &str| {
            let ports = new.map(|n| {
                [
                    El::text("httpsPort", n.ports[0].as_str()),
                    El::text("xmppPort", n.ports[1].as_str()),
                    El::text("xmppSecurePort", n.ports[2].as_str()),
                ]
            });
            El::parent(name)
                .child(El::text("host", host))
                .children(ports.into_iter().flatten())
        };
        let maintenance = new.map(|n| {
            let cti = n.cti_maintenance.as_ref().map(|(mode, time)| {
                [
                    El::text_or_empty("ctiMMode", Some(mode.as_str())),
                    El::text("ctiTimeInMMode", time.as_str()),
                ]
            });
            cti.into_iter().flatten().chain([
                El::text_or_empty("finesseMMode", Some(n.finesse_mode.as_str())),
                El::text("finesseTimeInMMode", n.finesse_time_in_mode.as_str()),
            ])
        });
        let cti_servers = new.map(|n| {
            El::parent("ctiServers").children(n.cti_servers.iter().map(|(host, dur, active)| {
                El::parent("ctiServer")
                    .child(El::text("host", host.as_str()))
                    .child(El::text("connectedDuration", dur.as_str()))
                    .child(El::text("active", if *active { "true" } else { "false" }))
            }))
        });
        El::parent(root)
            .child(El::text(
                "currentTimestamp",
                self.current_timestamp.as_str(),
            ))
            .child(El::text("deploymentType", self.deployment_type.as_str()))
            .child(El::text(
                "lastCTIHeartbeatStatus",
                self.last_cti_heartbeat_status,
            ))
            .child(El::text(
                "lastSuccessCTIHeartbeatTime",
                self.last_success_cti_heartbeat_time.as_str(),
            ))
            .child(El::text("ctiVersion", self.cti_version.as_str()))
            .child(El::text(
                "ctiHeartbeatInterval",
                self.cti_heartbeat_interval.as_str(),
            ))
            .children(maintenance.into_iter().flatten())
            .child(El::text_or_empty("license", self.license.as_deref()))
            .child(El::text_or_empty(
                "peripheralId",
                self.peripheral_id.as_deref(),
            ))
            .child(node("primaryNode", &self.primary_node))
            .children(
                self.secondary_node
                    .as_deref()
                    .map(|h| node("secondaryNode", h)),
            )
            .child(El::text("status", self.status.as_str()))
            .child(El::text_or_empty(
                "statusReason",
                self.status_reason.as_deref(),
            ))
            .child(El::text("systemAuthMode", self.system_auth_mode.as_str()))
            .child(El::text("timezoneOffset", self.timezone_offset.as_str()))
            .child(El::text("uri", "/finesse/api/SystemInfo"))
            .child(El::text("xmppDomain", self.xmpp_domain.as_str()))
            .child(El::text(
                "xmppPubSubDomain",
                self.xmpp_pub_sub_domain.as_str(),
            ))
            .children(cti_servers)
    }

    pub(crate) fn to_xml(&self) -> String {
        self.element("SystemInfo").to_xml()
    }

    /// The data of a SystemInfo notification.
    pub(crate) fn notification_xml(&self) -> String {
        self.element("systemInfo").to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> SystemInfo {
        SystemInfo {
            current_timestamp: "2026-12-05T10:00:00.000Z".into(),
            deployment_type: "UCCE".into(),
            last_cti_heartbeat_status: "success",
            last_success_cti_heartbeat_time: "1796378400000".into(),
            cti_version: "23".into(),
            cti_heartbeat_interval: "30".into(),
            license: None,
            peripheral_id: Some("5000".into()),
            primary_node: "finesse-a.example".into(),
            secondary_node: None,
            status: "IN_SERVICE".into(),
            status_reason: None,
            system_auth_mode: "NON_SSO".into(),
            timezone_offset: "0".into(),
            xmpp_domain: "finesse-a.example".into(),
            xmpp_pub_sub_domain: "pubsub.finesse-a.example".into(),
            since_12_6: None,
        }
    }

    #[test]
    fn every_12_5_field_in_the_guide_order() {
        assert_eq!(
            info().to_xml(),
            "<SystemInfo><currentTimestamp>2026-12-05T10:00:00.000Z</currentTimestamp>\
             <deploymentType>UCCE</deploymentType><lastCTIHeartbeatStatus>success</lastCTIHeartbeatStatus>\
             <lastSuccessCTIHeartbeatTime>1796378400000</lastSuccessCTIHeartbeatTime>\
             <ctiVersion>23</ctiVersion><ctiHeartbeatInterval>30</ctiHeartbeatInterval>\
             <license></license><peripheralId>5000</peripheralId>\
             <primaryNode><host>finesse-a.example</host></primaryNode><status>IN_SERVICE</status>\
             <statusReason></statusReason><systemAuthMode>NON_SSO</systemAuthMode>\
             <timezoneOffset>0</timezoneOffset><uri>/finesse/api/SystemInfo</uri>\
             <xmppDomain>finesse-a.example</xmppDomain>\
             <xmppPubSubDomain>pubsub.finesse-a.example</xmppPubSubDomain></SystemInfo>"
        );
    }

    #[test]
    fn a_second_node_and_the_notification_root() {
        let two = SystemInfo {
            secondary_node: Some("finesse-b.example".into()),
            ..info()
        };
        assert!(two.to_xml().contains(
            "</primaryNode><secondaryNode><host>finesse-b.example</host></secondaryNode><status>"
        ));
        assert!(
            two.notification_xml()
                .starts_with("<systemInfo><currentTimestamp>")
        );
    }
}
