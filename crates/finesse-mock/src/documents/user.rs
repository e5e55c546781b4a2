//! The User object: over REST (`GET /User/{id}`), as notification data (`<user>` on the
//! user's node), and as the summary a Team shows of each member.

use super::reason_code::ReasonCode;
use super::xml::El;

/// A user as the mock shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct User {
    /// The user id: `<loginId>`, and the tail of `<uri>` and `<dialogs>`.
    pub id: String,
    pub login_name: String,
    pub first_name: String,
    pub last_name: String,
    pub roles: Vec<String>,
    /// None for a user with no voice state (an administrator): `<state>` is left out.
    pub state: Option<String>,
    /// None until the state first changes: written empty (User API Parameters).
    pub state_change_time: Option<String>,
    /// The state a request made during a call will apply when it ends: written empty when
    /// there is none (DEV/user, PKG captures).
    pub pending_state: Option<String>,
    /// Left out when the state has no reason (the READY capture has none).
    pub reason_code_id: Option<String>,
    pub reason_code: Option<ReasonCode>,
    /// `settings/wrapUpOnIncoming` and `wrapUpOnOutgoing`.
    pub wrap_up_on_incoming: &'static str,
    pub wrap_up_on_outgoing: &'static str,
    /// None when signed out: written empty, as Finesse sends it (G12.5 p.348, PKG logout.xml).
    pub extension: Option<String>,
    /// `<mobileAgent>` (mode, dialNumber) while signed in as a mobile agent; left out for
    /// other users (User—Get User: only a mobile agent's User has the node).
    pub mobile_agent: Option<(String, String)>,
    /// The user's own team: `<teamId>` and `<teamName>`, left out when it has none.
    pub team: Option<TeamRef>,
    /// The teams a supervisor supervises; None (left out) for other users.
    pub teams: Option<Vec<TeamRef>>,
    /// Seconds.
    pub wrap_up_timer: u64,
}

/// A team named in a User.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TeamRef {
    pub id: String,
    pub name: String,
}

/// The User object's order (DEV/user, G12.5 User API Parameters). `wrapUpTimer`, which the
/// object page does not print but every real 12.5 capture carries, goes last.
const OBJECT: &[&str] = &[
    "uri",
    "roles",
    "loginId",
    "loginName",
    "state",
    "stateChangeTime",
    "mediaType",
    "pendingState",
    "reasonCodeId",
    "ReasonCode",
    "settings",
    "extension",
    "mobileAgent",
    "firstName",
    "lastName",
    "teamId",
    "teamName",
    "dialogs",
    "teams",
    "wrapUpTimer",
];
/// The member summary of the Team notification (DEV/team-notification).
const TEAM_NOTIFICATION_MEMBER: &[&str] = &[
    "uri",
    "loginId",
    "firstName",
    "lastName",
    "state",
    "stateChangeTime",
    "ReasonCode",
];
/// A member of the Team object (DEV/team; G12.5 p.144, Team API Parameters p.150).
const TEAM_MEMBER: &[&str] = &[
    "uri",
    "loginId",
    "firstName",
    "lastName",
    "dialogs",
    "extension",
    "pendingState",
    "state",
    "ReasonCode",
    "stateChangeTime",
];

impl User {
    pub(crate) fn uri(&self) -> String {
        format!("/finesse/api/User/{}", self.id)
    }

    fn field(&self, name: &str, team_member: bool) -> Option<El> {
        let el = match name {
            "uri" => El::text("uri", self.uri()),
            "roles" => El::parent("roles")
                .children(self.roles.iter().map(|r| El::text("role", r.as_str()))),
            "loginId" => El::text("loginId", self.id.as_str()),
            "loginName" => El::text("loginName", self.login_name.as_str()),
            "state" => El::text("state", self.state.clone()?),
            "stateChangeTime" => {
                El::text_or_empty("stateChangeTime", self.state_change_time.as_deref())
            }
            // Voice is media 1 (the PKG captures; Dialog API Parameters: mediaId 1).
            "mediaType" => El::text("mediaType", "1"),
            "pendingState" => El::text_or_empty("pendingState", self.pending_state.as_deref()),
            // Empty when no reason code applies (User API Parameters, p.68-73).
            "reasonCodeId" => El::text_or_empty("reasonCodeId", self.reason_code_id.as_deref()),
            "ReasonCode" if team_member => self.reason_code.as_ref()?.in_team_member(),
            "ReasonCode" => self.reason_code.as_ref()?.in_user(),
            "settings" => El::parent("settings")
                .child(El::text("wrapUpOnIncoming", self.wrap_up_on_incoming))
                .child(El::text("wrapUpOnOutgoing", self.wrap_up_on_outgoing)),
            "extension" => El::text_or_empty("extension", self.extension.as_deref()),
            "mobileAgent" => {
                let (mode, dial) = self.mobile_agent.as_ref()?;
                El::parent("mobileAgent")
                    .child(El::text("mode", mode.as_str()))
                    .child(El::text("dialNumber", dial.as_str()))
            }
            "firstName" => El::text("firstName", self.first_name.as_str()),
            "lastName" => El::text("lastName", self.last_name.as_str()),
            "teamId" => El::text("teamId", self.team.as_ref()?.id.as_str()),
            "teamName" => El::text("teamName", self.team.as_ref()?.name.as_str()),
            "dialogs" => El::text("dialogs", format!("{}/Dialogs", self.uri())),
            "teams" => El::parent("teams").children(self.teams.as_ref()?.iter().map(|t| {
                El::parent("Team")
                    .child(El::text("uri", format!("/finesse/api/Team/{}", t.id)))
                    .child(El::text("id", t.id.as_str()))
                    .child(El::text("name", t.name.as_str()))
            })),
            "wrapUpTimer" => El::text("wrapUpTimer", self.wrap_up_timer.to_string()),
            _ => return None,
        };
        Some(el)
    }

    fn element(&self, root: &'static str, order: &[&str], team_member: bool) -> El {
        El::parent(root).children(order.iter().filter_map(|n| self.field(n, team_member)))
    }

    /// `GET /User/{id}`.
    pub(crate) fn to_xml(&self) -> String {
        self.element("User", OBJECT, false).to_xml()
    }

    /// An element of `GET /Users`: the full User object (User—Get List).
    fn list_element(&self) -> El {
        self.element("User", OBJECT, false)
    }

    /// The data of a User notification: `<user>`, children in alphabetical order as the real
    /// 12.5 captures (PKG XMPP/*.xml) and nearly as G12.5 p.348's sample print them.
    pub(crate) fn notification_xml(&self) -> String {
        self.element("user", OBJECT, false).sorted().to_xml()
    }

    /// The data of a Team notification (`/finesse/api/Team/{id}/Users`): a summary `<user>`.
    pub(crate) fn team_notification_xml(&self) -> String {
        self.element("user", TEAM_NOTIFICATION_MEMBER, true)
            .to_xml()
    }

    /// A member of a Team object.
    pub(super) fn team_member(&self) -> El {
        self.element("User", TEAM_MEMBER, false)
    }

    /// The reason code's `<code>` if embedded, else `<reasonCodeId>` (as the harness reads it).
    #[cfg(test)]
    pub(crate) fn reason_code_value(&self) -> Option<&str> {
        self.reason_code
            .as_ref()
            .and_then(|r| r.code.as_deref())
            .or(self.reason_code_id.as_deref())
    }
}

/// `GET /Users` (User—Get List): every user, each a full User object, in `<Users>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Users {
    pub users: Vec<User>,
}

impl Users {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("Users")
            .children(self.users.iter().map(User::list_element))
            .to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent() -> User {
        User {
            id: "1001".into(),
            login_name: "agent1001".into(),
            first_name: "Agent".into(),
            last_name: "A01".into(),
            roles: vec!["Agent".into()],
            state: Some("LOGOUT".into()),
            state_change_time: None,
            pending_state: None,
            reason_code_id: Some("-1".into()),
            reason_code: None,
            wrap_up_on_incoming: "NOT_ALLOWED",
            wrap_up_on_outgoing: "NOT_ALLOWED",
            extension: None,
            mobile_agent: None,
            team: Some(TeamRef {
                id: "5000".into(),
                name: "Team A".into(),
            }),
            teams: None,
            wrap_up_timer: 60,
        }
    }

    #[test]
    fn a_signed_out_user_has_every_field_with_an_empty_extension() {
        assert_eq!(
            agent().to_xml(),
            "<User><uri>/finesse/api/User/1001</uri><roles><role>Agent</role></roles>\
             <loginId>1001</loginId><loginName>agent1001</loginName><state>LOGOUT</state>\
             <stateChangeTime></stateChangeTime><mediaType>1</mediaType>\
             <pendingState></pendingState><reasonCodeId>-1</reasonCodeId>\
             <settings><wrapUpOnIncoming>NOT_ALLOWED</wrapUpOnIncoming>\
             <wrapUpOnOutgoing>NOT_ALLOWED</wrapUpOnOutgoing></settings>\
             <extension></extension><firstName>Agent</firstName><lastName>A01</lastName>\
             <teamId>5000</teamId><teamName>Team A</teamName>\
             <dialogs>/finesse/api/User/1001/Dialogs</dialogs><wrapUpTimer>60</wrapUpTimer></User>"
        );
    }

    #[test]
    fn a_mobile_agent_shows_its_mode_and_dial_number_after_the_extension() {
        let m = User {
            state: Some("NOT_READY".into()),
            extension: Some("1001001".into()),
            mobile_agent: Some(("NAILED_CONNECTION".into(), "4085551234".into())),
            ..agent()
        };
        assert!(
            m.to_xml().contains(
                "<extension>1001001</extension><mobileAgent><mode>NAILED_CONNECTION</mode>\
                 <dialNumber>4085551234</dialNumber></mobileAgent><firstName>"
            ),
            "{}",
            m.to_xml()
        );
        assert!(!agent().to_xml().contains("mobileAgent"));
    }

    #[test]
    fn a_supervisor_lists_its_teams_and_a_pending_state_shows() {
        let sup = User {
            id: "2001".into(),
            roles: vec!["Agent".into(), "Supervisor".into()],
            state: Some("TALKING".into()),
            pending_state: Some("NOT_READY".into()),
            reason_code_id: None,
            extension: Some("2001001".into()),
            teams: Some(vec![TeamRef {
                id: "5000".into(),
                name: "Team A".into(),
            }]),
            ..agent()
        };
        let xml = sup.to_xml();
        assert!(
            xml.contains(
                "<dialogs>/finesse/api/User/2001/Dialogs</dialogs><teams><Team>\
                 <uri>/finesse/api/Team/5000</uri><id>5000</id><name>Team A</name></Team></teams>"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("<pendingState>NOT_READY</pendingState>"),
            "{xml}"
        );
        assert!(xml.contains("<extension>2001001</extension>"), "{xml}");
        assert!(xml.contains("<reasonCodeId></reasonCodeId>"), "{xml}");
    }

    #[test]
    fn the_embedded_reason_code_carries_its_id() {
        let nr = User {
            state: Some("NOT_READY".into()),
            reason_code_id: Some("12".into()),
            reason_code: Some(ReasonCode {
                id: Some("12".into()),
                code: Some("32762".into()),
                ..ReasonCode::default()
            }),
            ..agent()
        };
        assert!(nr.to_xml().contains(
            "<reasonCodeId>12</reasonCodeId><ReasonCode><uri>/finesse/api/ReasonCode/12</uri>\
             <code>32762</code><id>12</id></ReasonCode><settings>"
        ));
    }

    #[test]
    fn notification_data_is_lower_case_and_alphabetical_like_the_captures() {
        assert_eq!(
            agent().notification_xml(),
            "<user><dialogs>/finesse/api/User/1001/Dialogs</dialogs><extension></extension>\
             <firstName>Agent</firstName><lastName>A01</lastName><loginId>1001</loginId>\
             <loginName>agent1001</loginName><mediaType>1</mediaType><pendingState></pendingState>\
             <reasonCodeId>-1</reasonCodeId><roles><role>Agent</role></roles>\
             <settings><wrapUpOnIncoming>NOT_ALLOWED</wrapUpOnIncoming>\
             <wrapUpOnOutgoing>NOT_ALLOWED</wrapUpOnOutgoing></settings><state>LOGOUT</state>\
             <stateChangeTime></stateChangeTime><teamId>5000</teamId><teamName>Team A</teamName>\
             <uri>/finesse/api/User/1001</uri><wrapUpTimer>60</wrapUpTimer></user>"
        );
    }

    #[test]
    fn the_team_notification_carries_a_summary() {
        let u = User {
            state: Some("READY".into()),
            state_change_time: Some("2026-12-05T10:00:00.000Z".into()),
            ..agent()
        };
        assert_eq!(
            u.team_notification_xml(),
            "<user><uri>/finesse/api/User/1001</uri><loginId>1001</loginId>\
             <firstName>Agent</firstName><lastName>A01</lastName><state>READY</state>\
             <stateChangeTime>2026-12-05T10:00:00.000Z</stateChangeTime></user>"
        );
    }
}
