//! Finesse XML resources, shared by the client (parsing) and the mock (rendering).
//!
//! Parsing is deliberately tolerant (reference §1.4, §3.1): child order is free, unknown
//! children are ignored, and almost every child is optional, because real servers vary.
//! Booleans stay strings because real bodies use both `true` and `True`.

use serde::{Deserialize, Serialize};

/// Parses an XML document into `T`. The root element's name is not checked, so both
/// `<User>` (REST) and `<user>` (notification data) parse.
pub(crate) fn from_xml<T: for<'de> Deserialize<'de>>(xml: &str) -> Result<T, quick_xml::DeError> {
    quick_xml::de::from_str(xml)
}

/// Like [`from_xml`], but the root element must be `root` (in any letter case, so that
/// notification data such as `<user>` passes). Tolerant parsing would otherwise accept any
/// XML, an HTML error page included, as a resource with every field missing.
pub fn from_xml_root<T: for<'de> Deserialize<'de>>(xml: &str, root: &str) -> Result<T, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let found = loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                break AsRef::<str>::as_ref(&e.name()).to_string();
            }
            Ok(quick_xml::events::Event::Eof) => {
                return Err(format!("the body is empty or has no <{root}> element"));
            }
            Ok(_) => continue,
            Err(e) => return Err(format!("not well-formed XML: {e}")),
        }
    };
    if !found.eq_ignore_ascii_case(root) {
        return Err(format!("the root element is <{found}>, not <{root}>"));
    }
    from_xml(xml).map_err(|e| e.to_string())
}

/// Renders `value` as an XML document with the given root element.
pub(crate) fn to_xml<T: Serialize>(root: &str, value: &T) -> Result<String, quick_xml::SeError> {
    quick_xml::se::to_string_with_root(root, value)
}

/// True for `true` in any letter case (the community thread shows `True`).
pub fn is_true(value: Option<&str>) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCode {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_all: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_code: Option<String>,
}

impl ReasonCode {
    /// The database id: the trailing segment of `<uri>`, else `<id>` (reference §4.7).
    pub fn database_id(&self) -> Option<&str> {
        self.uri
            .as_deref()
            .and_then(|u| u.trim().rsplit('/').next())
            .filter(|s| !s.is_empty())
            .or(self.id.as_deref())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReasonCodes {
    #[serde(rename = "@category", default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(rename = "ReasonCode", default)]
    pub codes: Vec<ReasonCode>,
}

/// A User's `<mobileAgent>`: the connection mode and the number dialled (DEV/user).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MobileAgent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dial_number: Option<String>,
}

/// A wrap-up reason (G12.5 p.54, p.244): uri, label, forAll.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WrapUpReason {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_all: Option<String>,
}

impl WrapUpReason {
    /// The database id: the trailing segment of `<uri>`. The object page writes the uri as
    /// `/finesse/api/WrapUpReason/{id}`, p.54's example as `…/User/{id}/WrapUpReason/{id}`;
    /// both end in the id.
    pub fn database_id(&self) -> Option<&str> {
        self.uri
            .as_deref()
            .and_then(|u| u.trim().rsplit('/').next())
            .filter(|s| !s.is_empty())
    }
}

/// `GET /User/{id}/WrapUpReasons`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WrapUpReasons {
    #[serde(rename = "WrapUpReason", default)]
    pub reasons: Vec<WrapUpReason>,
}

/// A phone-book contact (the Contact object page): firstName, lastName, phoneNumber,
/// description, uri.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contacts {
    #[serde(rename = "Contact", default)]
    pub contacts: Vec<Contact>,
}

/// A phone book as TeamResource—Get Phone Books lists it: name, type (GLOBAL or TEAM) and
/// its contacts within the requested range.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PhoneBook {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(rename = "Contacts", default)]
    pub contacts: Contacts,
}

/// `GET /TeamResource/{teamId}/PhoneBooks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PhoneBooks {
    #[serde(rename = "PhoneBook", default)]
    pub books: Vec<PhoneBook>,
}

/// A workflow's TriggerSet as User—Get List of Workflows prints it: type (SYSTEM in the
/// example) and name (e.g. CALL_ARRIVES). The triggers themselves are not read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TriggerSet {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A workflow as User—Get List of Workflows lists it: name, description, TriggerSet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(
        rename = "TriggerSet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trigger_set: Option<TriggerSet>,
}

/// `GET /User/{id}/Workflows`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Workflows {
    #[serde(rename = "Workflow", default)]
    pub workflows: Vec<Workflow>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Roles {
    #[serde(rename = "role", default)]
    pub role: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// `GET /Users` (User—Get List): full User objects.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Users {
    #[serde(rename = "User", default)]
    pub users: Vec<User>,
}

/// `GET /UserAuthMode/{username or userId}` (developer.cisco.com "Single Sign-On—Get User
/// Authentication Mode"): how the user signs in, `SSO` or `NON_SSO`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserAuthMode {
    #[serde(rename = "authMode", default, skip_serializing_if = "Option::is_none")]
    pub auth_mode: Option<String>,
}

/// `GET /Team/{id}` (G12.5 p144–145): the team and a summary User of each member.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Team {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<TeamUsers>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamUsers {
    #[serde(rename = "User", default)]
    pub users: Vec<User>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Teams {
    #[serde(rename = "Team", default)]
    pub teams: Vec<TeamRef>,
}

/// A TeamMessage (G12.5 p202; DEV/teammessage, teammessage-api-parameters): a supervisor's
/// or administrator's message to one or more teams. Numbers are kept as text, as elsewhere.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamMessage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<TeamMessageCreator>,
    /// UTC seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// How long the message is displayed, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// At most 255 characters (TeamMessage API Parameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<TeamMessageTeams>,
}

/// Who posted a TeamMessage (the object example nests these under `createdBy`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamMessageCreator {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// The team ids a TeamMessage was sent to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamMessageTeams {
    #[serde(rename = "team", default)]
    pub teams: Vec<String>,
}

/// `GET /Queue/{id}` (developer.cisco.com "Queue—Get Queue"): uri, name and statistics. The
/// statistics are kept as text: -1 and empty values are meaningful (an unassigned queue).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<QueueStatistics>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueStatistics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls_in_queue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time_of_longest_call_in_queue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_ready: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_not_ready: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_busy_other: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_logged_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_talking_inbound: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_talking_outbound: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_talking_internal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_wrap_up_not_ready: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_wrap_up_ready: Option<String>,
}

/// `GET /User/{id}/Queues` (developer.cisco.com "Queue—Get List of Queues for User").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Queues {
    #[serde(rename = "Queue", default)]
    pub queues: Vec<Queue>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// Present while the user is signed in as a mobile agent (DEV/user; G12.5 p.31).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_agent: Option<MobileAgent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Roles>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_change_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code_id: Option<String>,
    /// The guide writes `ReasonCode` in the User object and `reasonCode` in the Team
    /// object's members (G12.5 p.144); both are read.
    #[serde(
        rename = "ReasonCode",
        alias = "reasonCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason_code: Option<ReasonCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<Teams>,
}

impl User {
    /// The reason code's `<code>` if the server embedded one, else `<reasonCodeId>`.
    pub fn reason_code_value(&self) -> Option<&str> {
        self.reason_code
            .as_ref()
            .and_then(|r| r.code.as_deref())
            .or(self.reason_code_id.as_deref())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Media {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_change_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code_id: Option<String>,
    #[serde(
        rename = "ReasonCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason_code: Option<ReasonCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_dialog_limit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interrupt_action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_logout_action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interruptible: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routable: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MediaList {
    #[serde(rename = "Media", default)]
    pub media: Vec<Media>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The node's ports, from 12.6(1) (DEV/systeminfo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https_port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xmpp_port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xmpp_secure_port: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_auth_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone_offset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xmpp_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xmpp_pub_sub_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_node: Option<Node>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_node: Option<Node>,
    /// Not in the 12.5 field list (reference §8); read when a server sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) version: Option<String>,
    /// Maintenance mode, from 12.6(1) (DEV/systeminfo): the CTI's (Unified CCE) and Finesse's
    /// mode and time in it (negative when not in maintenance).
    /// The CTI link as SystemInfo reports it (G12.5 p.333): `success` or `failure`, the last
    /// good heartbeat (epoch milliseconds), the protocol version and interval (seconds).
    #[serde(
        rename = "lastCTIHeartbeatStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_cti_heartbeat_status: Option<String>,
    #[serde(
        rename = "lastSuccessCTIHeartbeatTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_success_cti_heartbeat_time: Option<String>,
    #[serde(
        rename = "ctiVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cti_version: Option<String>,
    #[serde(
        rename = "ctiHeartbeatInterval",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cti_heartbeat_interval: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peripheral_id: Option<String>,
    #[serde(rename = "ctiMMode", default, skip_serializing_if = "Option::is_none")]
    pub cti_m_mode: Option<String>,
    #[serde(
        rename = "ctiTimeInMMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cti_time_in_m_mode: Option<String>,
    #[serde(
        rename = "finesseMMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub finesse_m_mode: Option<String>,
    #[serde(
        rename = "finesseTimeInMMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub finesse_time_in_m_mode: Option<String>,
}

/// One error of an `<ApiErrors>` body. HTTP bodies use PascalCase children, notification
/// data uses camelCase (reference §3.1, §3.2); both parse.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ApiError {
    #[serde(rename = "ErrorType", alias = "errorType", default)]
    pub error_type: String,
    #[serde(rename = "ErrorMessage", alias = "errorMessage", default)]
    pub error_message: Option<String>,
    #[serde(rename = "ErrorData", alias = "errorData", default)]
    pub error_data: Option<String>,
    #[serde(rename = "ErrorMedia", alias = "errorMedia", default)]
    pub error_media: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ApiErrors {
    #[serde(rename = "ApiError", alias = "apiError", default)]
    pub errors: Vec<ApiError>,
}

impl ApiErrors {
    /// A one-line summary such as `Invalid Input (finesse.api.reasoncode.not_allowed): For this …`.
    pub(crate) fn summary(&self) -> String {
        let parts: Vec<String> = self
            .errors
            .iter()
            .map(|e| {
                let mut s = e.error_type.trim().to_string();
                if let Some(d) = e
                    .error_data
                    .as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                {
                    s.push_str(&format!(" ({d})"));
                }
                if let Some(m) = e
                    .error_message
                    .as_deref()
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                {
                    s.push_str(&format!(": {m}"));
                }
                s
            })
            .collect();
        parts.join("; ")
    }
}

/// Body of `PUT /User/{id}` (sign in, state change, with or without reason).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) extension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reason_code_id: Option<String>,
}

/// Body of `PUT /User/{id}/Media/{mrdId}` (reference §5.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MediaUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max_dialog_limit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) interrupt_action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) dialog_logout_action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reason_code_id: Option<String>,
    /// Change Agent to Routable/Not Routable (G12.5 p.172).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) routable: Option<String>,
}

/// `<actions><action>HOLD</action>…</actions>` of a participant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Actions {
    #[serde(rename = "action", default)]
    pub(crate) action: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) actions: Option<Actions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_address_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_cause: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_change_time: Option<String>,
}

impl Participant {
    pub fn action_names(&self) -> Vec<&str> {
        self.actions
            .as_ref()
            .map(|a| a.action.iter().map(|s| s.trim()).collect())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Participants {
    #[serde(rename = "Participant", default)]
    pub participants: Vec<Participant>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaProperties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) call_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialed_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrap_up_reason: Option<String>,
    #[serde(
        rename = "callvariables",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub call_variables: Option<CallVariables>,
}

/// A `<CallVariable>` or an `<ActionParam>`: a name and its value (reference §6.1, D5).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NameValue {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub value: String,
}

impl NameValue {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        NameValue {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// `<callvariables><CallVariable>…</CallVariable>…</callvariables>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallVariables {
    #[serde(rename = "CallVariable", default)]
    pub variables: Vec<NameValue>,
}

/// `<actionParams><ActionParam>…</ActionParam>…</actionParams>` (SEND_DTMF, G12.5 p.92).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionParams {
    #[serde(rename = "ActionParam", default)]
    pub params: Vec<NameValue>,
}

/// A voice dialog (reference §6.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dialog {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_dialog_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_properties: Option<MediaProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Participants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

impl Dialog {
    pub fn participant(&self, media_address: &str) -> Option<&Participant> {
        self.participants
            .as_ref()?
            .participants
            .iter()
            .find(|p| p.media_address.as_deref().map(str::trim) == Some(media_address))
    }

    pub fn call_type(&self) -> Option<&str> {
        self.media_properties.as_ref()?.call_type.as_deref()
    }

    /// The value of call variable `name` (callVariable1–10 or an ECC variable), if listed.
    pub fn call_variable(&self, name: &str) -> Option<&str> {
        self.media_properties
            .as_ref()?
            .call_variables
            .as_ref()?
            .variables
            .iter()
            .find(|v| v.name.trim() == name)
            .map(|v| v.value.as_str())
    }

    pub fn wrap_up_reason(&self) -> Option<&str> {
        self.media_properties.as_ref()?.wrap_up_reason.as_deref()
    }

    /// The id, or the tail of the uri when the id is missing.
    pub fn dialog_id(&self) -> Option<&str> {
        self.id
            .as_deref()
            .or_else(|| self.uri.as_deref()?.rsplit('/').next())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dialogs {
    #[serde(rename = "Dialog", default)]
    pub dialogs: Vec<Dialog>,
}

/// Body of `POST /User/{id}/Dialogs` and `PUT /Dialog/{id}` (reference §6.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DialogRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) requested_action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) from_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) to_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) target_media_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) associated_dialog_uri: Option<String>,
    /// Call variables and wrap-up reason (UPDATE_CALL_DATA; MAKE_CALL on CCE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) media_properties: Option<MediaProperties>,
    /// SEND_DTMF's `dtmfString` (G12.5 p.92).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) action_params: Option<ActionParams>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_children_parse_in_any_order_with_or_without_data() {
        let orders = [
            "<ApiErrors><ApiError><ErrorType>Invalid Input</ErrorType><ErrorMessage>m</ErrorMessage><ErrorData>d</ErrorData></ApiError></ApiErrors>",
            "<ApiErrors><ApiError><ErrorType>Invalid Input</ErrorType><ErrorData>d</ErrorData><ErrorMessage>m</ErrorMessage></ApiError></ApiErrors>",
            "<ApiErrors><ApiError><ErrorData>d</ErrorData><ErrorMedia>5001</ErrorMedia><ErrorMessage>m</ErrorMessage><ErrorType>Invalid Input</ErrorType></ApiError></ApiErrors>",
        ];
        for xml in orders {
            let e: ApiErrors = from_xml(xml).expect(xml);
            assert_eq!(e.errors.len(), 1, "{xml}");
            assert_eq!(e.errors[0].error_type, "Invalid Input");
            assert_eq!(e.errors[0].error_message.as_deref(), Some("m"));
            assert_eq!(e.errors[0].error_data.as_deref(), Some("d"));
        }
        let media: ApiErrors = from_xml(orders[2]).expect("media");
        assert_eq!(media.errors[0].error_media.as_deref(), Some("5001"));
    }

    #[test]
    fn api_error_data_may_be_empty_or_missing_and_extras_are_ignored() {
        let empty: ApiErrors = from_xml(
            "<ApiErrors><ApiError><ErrorType>Service Unavailable</ErrorType><ErrorData></ErrorData><ErrorMessage>SERVER_OUT_OF_SERVICE</ErrorMessage></ApiError></ApiErrors>",
        )
        .expect("empty data");
        assert!(
            empty.errors[0]
                .error_data
                .as_deref()
                .unwrap_or("")
                .is_empty()
        );
        let missing: ApiErrors = from_xml(
            "<ApiErrors><ApiError><ErrorType>Not Found</ErrorType><ErrorMessage>Invalid dialogId specified for dialog</ErrorMessage><Overrideable>false</Overrideable></ApiError></ApiErrors>",
        )
        .expect("missing data");
        assert_eq!(missing.errors[0].error_data, None);
        assert_eq!(
            missing.summary(),
            "Not Found: Invalid dialogId specified for dialog"
        );
    }

    #[test]
    fn async_error_lower_case_children_parse() {
        let e: ApiErrors = from_xml(
            "<apiErrors><apiError><errorData>22</errorData><errorMessage>CF_INVALID_OBJECT_STATE</errorMessage><errorType>Invalid State</errorType><peripheralErrorCode>1</peripheralErrorCode></apiError></apiErrors>",
        )
        .expect("async");
        assert_eq!(e.errors[0].error_type, "Invalid State");
        assert_eq!(e.errors[0].error_data.as_deref(), Some("22"));
    }

    #[test]
    fn user_parses_with_unknown_children_in_any_order() {
        let u: User = from_xml(
            "<User><state>NOT_READY</state><settings><wrapUpOnIncoming>OPTIONAL</wrapUpOnIncoming></settings>\
             <reasonCodeId>12</reasonCodeId><uri>/finesse/api/User/1001</uri>\
             <ReasonCode><code>7</code><uri>/finesse/api/ReasonCode/12</uri><forAll>True</forAll></ReasonCode>\
             <roles><role>Agent</role><role>Supervisor</role></roles><extension>1001001</extension></User>",
        )
        .expect("user");
        assert_eq!(u.state.as_deref(), Some("NOT_READY"));
        assert_eq!(u.extension.as_deref(), Some("1001001"));
        assert_eq!(u.reason_code_value(), Some("7"));
        let rc = u.reason_code.expect("reason code");
        assert_eq!(rc.database_id(), Some("12"));
        assert!(is_true(rc.for_all.as_deref()));
        assert_eq!(u.roles.map(|r| r.role.len()), Some(2));
    }

    #[test]
    fn reason_code_list_keeps_category_and_database_ids() {
        let list: ReasonCodes = from_xml(
            "<ReasonCodes category=\"NOT_READY\"><ReasonCode><uri>/finesse/api/ReasonCode/10</uri><category>NOT_READY</category><code>6</code><label>Meeting</label><forAll>true</forAll></ReasonCode>\
             <ReasonCode><uri>/finesse/api/ReasonCode/11</uri><code>7</code><label>Away</label></ReasonCode></ReasonCodes>",
        )
        .expect("list");
        assert_eq!(list.category.as_deref(), Some("NOT_READY"));
        let ids: Vec<_> = list.codes.iter().filter_map(|c| c.database_id()).collect();
        assert_eq!(ids, ["10", "11"]);
        let empty: ReasonCodes = from_xml("<ReasonCodes category=\"LOGOUT\"/>").expect("empty");
        assert!(empty.codes.is_empty());
    }

    #[test]
    fn media_list_and_system_info_parse() {
        let list: MediaList = from_xml(
            "<MediaList><Media><id>5001</id><name>Chat</name><state>NOT_READY</state></Media><Media><name>Email</name><id>5002</id></Media></MediaList>",
        )
        .expect("media list");
        assert_eq!(list.media.len(), 2);
        assert_eq!(list.media[1].id.as_deref(), Some("5002"));
        let si: SystemInfo = from_xml(
            "<SystemInfo><status>IN_SERVICE</status><deploymentType>UCCX</deploymentType><xmppDomain>f.lab</xmppDomain><primaryNode><host>f1</host></primaryNode><ctiVersion>x</ctiVersion></SystemInfo>",
        )
        .expect("systeminfo");
        assert_eq!(si.deployment_type.as_deref(), Some("UCCX"));
        assert_eq!(si.primary_node.and_then(|n| n.host).as_deref(), Some("f1"));
    }

    #[test]
    fn user_update_round_trips_and_omits_missing_children() {
        let body = UserUpdate {
            state: Some("NOT_READY".into()),
            reason_code_id: Some("12".into()),
            ..Default::default()
        };
        let xml = to_xml("User", &body).expect("render");
        assert_eq!(
            xml,
            "<User><state>NOT_READY</state><reasonCodeId>12</reasonCodeId></User>"
        );
        let back: UserUpdate = from_xml(&xml).expect("parse");
        assert_eq!(back, body);
    }

    #[test]
    fn dialogs_parse_with_participants_and_actions() {
        let d: Dialogs = from_xml(
            "<Dialogs><Dialog><id>42</id><state>ALERTING</state><mediaProperties><callType>AGENT_INSIDE</callType></mediaProperties>\
             <participants><Participant><mediaAddress>1001001</mediaAddress><state>INITIATED</state><actions><action>DROP</action></actions></Participant>\
             <Participant><state>ALERTING</state><mediaAddress>1002001</mediaAddress><actions><action>ANSWER</action></actions></Participant></participants>\
             <uri>/finesse/api/Dialog/42</uri></Dialog></Dialogs>",
        )
        .expect("dialogs");
        let dialog = &d.dialogs[0];
        assert_eq!(dialog.call_type(), Some("AGENT_INSIDE"));
        assert_eq!(
            dialog.participant("1002001").map(|p| p.action_names()),
            Some(vec!["ANSWER"])
        );
        assert_eq!(dialog.dialog_id(), Some("42"));
        let empty: Dialogs = from_xml("<Dialogs/>").expect("empty");
        assert!(empty.dialogs.is_empty());
    }

    #[test]
    fn non_xml_and_other_documents_are_errors_not_panics() {
        assert!(from_xml_root::<User>("<html><body>502 Bad Gateway", "User").is_err());
        let html = from_xml_root::<User>("<html><body>502 Bad Gateway</body></html>", "User")
            .expect_err("html");
        assert_eq!(html, "the root element is <html>, not <User>");
        assert!(from_xml_root::<ApiErrors>("{\"json\": true}", "ApiErrors").is_err());
        assert!(from_xml_root::<ApiErrors>("", "ApiErrors").is_err());
        assert!(
            from_xml_root::<User>("<user><state>READY</state></user>", "User").is_ok(),
            "case-insensitive root"
        );
    }
}
