//! The request bodies the mock reads: its own small structs, parsed tolerantly as Finesse
//! does (children in any order, unknown children ignored). Well-formedness and the root
//! element are checked first ([`crate::model::request_body`]).

use serde::Deserialize;

/// Parses `xml` into `T` if its root element is `root` (in any letter case). Tolerant
/// parsing would otherwise take any XML, an HTML error page included, as a request with
/// every field missing.
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
    quick_xml::de::from_str(xml).map_err(|e| e.to_string())
}

/// `PUT /User/{id}`: sign in, change state, with or without a reason (G12.5 p.29–51).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdate {
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub extension: Option<String>,
    #[serde(default)]
    pub reason_code_id: Option<String>,
}

/// `PUT /User/{id}/Media/{mrdId}` (G12.5 p.168–171).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaUpdate {
    #[serde(default)]
    pub max_dialog_limit: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub interrupt_action: Option<String>,
    #[serde(default)]
    pub dialog_logout_action: Option<String>,
    #[serde(default)]
    pub reason_code_id: Option<String>,
}

/// `POST /User/{id}/Dialogs` and `PUT /Dialog/{id}` (reference §6.4, G12.5 p.80–110).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialogRequest {
    #[serde(default)]
    pub requested_action: Option<String>,
    #[serde(default)]
    pub from_address: Option<String>,
    #[serde(default)]
    pub to_address: Option<String>,
    #[serde(default)]
    pub target_media_address: Option<String>,
    #[serde(default)]
    pub associated_dialog_uri: Option<String>,
    /// MAKE_CALL's call variables (CCE, G12.5 p.80–82).
    #[serde(default)]
    pub media_properties: Option<RequestMediaProperties>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestMediaProperties {
    #[serde(default, rename = "callvariables")]
    pub call_variables: Option<RequestCallVariables>,
    #[serde(default)]
    pub wrap_up_reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RequestCallVariables {
    #[serde(default, rename = "CallVariable")]
    pub variables: Vec<RequestCallVariable>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RequestCallVariable {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
}

impl DialogRequest {
    /// The call variables the request carries, as (name, value) in request order.
    pub fn call_variables(&self) -> Vec<(String, String)> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
