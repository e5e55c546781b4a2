//! The request bodies the mock reads: its own small structs, parsed tolerantly as Finesse
//! does (children in any order, unknown children ignored, every field optional). The body's
//! well-formedness and root element are checked first ([`crate::model::request_body`]).

use serde::Deserialize;

/// A request body, and the root element that names its resource.
pub(crate) trait RequestBody: for<'de> Deserialize<'de> {
    const ROOT: &'static str;
}

impl RequestBody for UserUpdate {
    const ROOT: &'static str = "User";
}

impl RequestBody for MediaUpdate {
    const ROOT: &'static str = "Media";
}

impl RequestBody for DialogRequest {
    const ROOT: &'static str = "Dialog";
}

impl RequestBody for ClientLogPost {
    const ROOT: &'static str = "ClientLog";
}

/// `POST /User/{id}/ClientLog` (DEV/clientlog): the client's log text in `logData`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct ClientLogPost {
    pub log_data: Option<String>,
}

/// `PUT /User/{id}`: sign in, change state, with or without a reason (G12.5 p.29–51).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct UserUpdate {
    pub state: Option<String>,
    pub extension: Option<String>,
    pub reason_code_id: Option<String>,
    /// Sign in as a mobile agent (G12.5 p.31).
    pub mobile_agent: Option<MobileAgentRequest>,
}

/// `<mobileAgent>` of a mobile-agent sign-in: the connection mode and the number to dial.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct MobileAgentRequest {
    pub mode: Option<String>,
    pub dial_number: Option<String>,
}

/// `PUT /User/{id}/Media/{mrdId}` (G12.5 p.168–171).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct MediaUpdate {
    pub max_dialog_limit: Option<String>,
    pub state: Option<String>,
    pub interrupt_action: Option<String>,
    pub dialog_logout_action: Option<String>,
    pub reason_code_id: Option<String>,
    /// Change Agent to Routable/Not Routable (G12.5 p.172).
    pub routable: Option<String>,
}

/// `POST /User/{id}/Dialogs` and `PUT /Dialog/{id}` (reference §6.4, G12.5 p.80–110).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct DialogRequest {
    pub requested_action: Option<String>,
    pub from_address: Option<String>,
    pub to_address: Option<String>,
    pub target_media_address: Option<String>,
    pub associated_dialog_uri: Option<String>,
    /// MAKE_CALL's call variables (CCE, G12.5 p.80–82).
    pub media_properties: Option<RequestMediaProperties>,
    /// SEND_DTMF's `<actionParams><ActionParam><name/><value/>…` (G12.5 p.92).
    pub action_params: Option<RequestActionParams>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub(crate) struct RequestActionParams {
    #[serde(rename = "ActionParam")]
    pub params: Vec<RequestCallVariable>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct RequestMediaProperties {
    #[serde(rename = "callvariables")]
    pub call_variables: Option<RequestCallVariables>,
    pub wrap_up_reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub(crate) struct RequestCallVariables {
    #[serde(rename = "CallVariable")]
    pub variables: Vec<RequestCallVariable>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub(crate) struct RequestCallVariable {
    pub name: Option<String>,
    pub value: Option<String>,
}

impl DialogRequest {
    /// The call variables the request carries, as (name, value) in request order.
    pub(crate) fn call_variables(&self) -> Vec<(String, String)> {
        self.media_properties
            .iter()
            .flat_map(|m| m.call_variables.iter())
            .flat_map(|c| c.variables.iter())
            .map(|v| {
                (
                    v.name.as_deref().unwrap_or_default().trim().to_string(),
                    v.value.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// The value of the action parameter `name` (e.g. `dtmfString`), when the request has one.
    pub(crate) fn action_param(&self, name: &str) -> Option<String> {
        self.action_params
            .iter()
            .flat_map(|a| a.params.iter())
            .find(|p| p.name.as_deref().map(str::trim) == Some(name))
            .map(|p| p.value.clone().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::request_body::parse as from_xml_root;

    #[test]
    fn children_in_any_order_and_unknown_children_are_accepted() {
        let u: UserUpdate = from_xml_root(
            "<User><reasonCodeId>12</reasonCodeId><mobileAgent><mode>X</mode></mobileAgent>\
             <state>NOT_READY</state></User>",
            "User",
        )
        .expect("parses");
        assert_eq!(u.state.as_deref(), Some("NOT_READY"));
        assert_eq!(u.reason_code_id.as_deref(), Some("12"));
        let m: MediaUpdate = from_xml_root(
            "<Media><state>LOGIN</state><interruptAction>ACCEPT</interruptAction>\
             <maxDialogLimit>3</maxDialogLimit><extra/></Media>",
            "Media",
        )
        .expect("parses");
        assert_eq!(m.max_dialog_limit.as_deref(), Some("3"));
        assert_eq!(m.interrupt_action.as_deref(), Some("ACCEPT"));
    }

    #[test]
    fn the_root_must_be_the_resource_in_any_letter_case() {
        assert!(from_xml_root::<UserUpdate>("<user><state>READY</state></user>", "User").is_ok());
        let e = from_xml_root::<UserUpdate>("<html><body/></html>", "User").expect_err("html");
        assert!(e.contains("not <User>"), "{e}");
    }

    #[test]
    fn make_call_variables_are_read_in_order() {
        let d: DialogRequest = from_xml_root(
            "<Dialog><requestedAction>MAKE_CALL</requestedAction><toAddress>1002001</toAddress>\
             <fromAddress>1001001</fromAddress><mediaProperties><callvariables>\
             <CallVariable><name>callVariable2</name><value>two</value></CallVariable>\
             <CallVariable><value>ecc</value><name>user.account</name></CallVariable>\
             <CallVariable><name>callVariable3</name><value></value></CallVariable>\
             </callvariables></mediaProperties></Dialog>",
            "Dialog",
        )
        .expect("parses");
        assert_eq!(d.from_address.as_deref(), Some("1001001"));
        assert_eq!(
            d.call_variables(),
            [
                ("callVariable2".to_string(), "two".to_string()),
                ("user.account".to_string(), "ecc".to_string()),
                ("callVariable3".to_string(), String::new()),
            ]
        );
        let plain: DialogRequest = from_xml_root(
            "<Dialog><requestedAction>ANSWER</requestedAction></Dialog>",
            "Dialog",
        )
        .expect("parses");
        assert!(plain.media_properties.is_none() && plain.call_variables().is_empty());
    }

    #[test]
    fn action_params_are_read_by_name() {
        let d: DialogRequest = from_xml_root(
            "<Dialog><requestedAction>SEND_DTMF</requestedAction><actionParams>\
             <ActionParam><name>other</name><value>x</value></ActionParam>\
             <ActionParam><value>12#</value><name> dtmfString </name></ActionParam>\
             </actionParams></Dialog>",
            "Dialog",
        )
        .expect("parses");
        assert_eq!(d.action_param("dtmfString").as_deref(), Some("12#"));
        assert_eq!(d.action_param("missing"), None);
    }
}
