//! The documents the mock writes (and the request bodies it reads), the mock's own: nothing
//! here is shared with the harness's client, so the two cannot agree by construction; the
//! golden documents from the guide (`tests/golden/`) check both.
//!
//! Request parsing is tolerant as Finesse's is: child order is free and unknown children
//! are ignored.

use serde::{Deserialize, Serialize};

/// Parses an XML document into `T`. The root element's name is not checked, so both
/// `<User>` (REST) and `<user>` (notification data) parse.
pub fn from_xml<T: for<'de> Deserialize<'de>>(xml: &str) -> Result<T, quick_xml::DeError> {
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
pub fn to_xml<T: Serialize>(root: &str, value: &T) -> Result<String, quick_xml::SeError> {
    quick_xml::se::to_string_with_root(root, value)
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Teams {
    #[serde(rename = "Team", default)]
    pub teams: Vec<TeamRef>,
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
    #[serde(
        rename = "ReasonCode",
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
pub struct Node {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
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
    pub version: Option<String>,
}

/// Body of `PUT /User/{id}` (sign in, state change, with or without reason).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code_id: Option<String>,
}

/// Body of `PUT /User/{id}/Media/{mrdId}` (reference §5.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_dialog_limit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interrupt_action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_logout_action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code_id: Option<String>,
}

/// `<actions><action>HOLD</action>…</actions>` of a participant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Actions {
    #[serde(rename = "action", default)]
    pub action: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Actions>,
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
    pub call_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialed_number: Option<String>,
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
pub struct DialogRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_media_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_dialog_uri: Option<String>,
}
