//! The voice Dialog: `GET /Dialog/{id}`, the `Dialogs` list, and the notification data
//! (`<dialogs><Dialog>` when a dialog joins or leaves a user's list, `<dialog>` when it
//! changes; reference §7.5). Children in the order of the Dialog object (G12.5 p.74–75).

use super::xml::El;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Dialog {
    pub id: String,
    /// A barge's monitoring dialog; written empty when there is none.
    pub associated_dialog_uri: Option<String>,
    /// The dropped call's id after a transfer or conference; written empty otherwise.
    pub secondary_id: Option<String>,
    pub from_address: String,
    pub to_address: String,
    pub media_properties: MediaProperties,
    pub participants: Vec<Participant>,
    pub state: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MediaProperties {
    pub dialed_number: String,
    pub call_type: String,
    pub dnis: String,
    /// The queue of a routed call; written empty for other calls.
    pub queue_number: Option<String>,
    pub queue_name: Option<String>,
    /// Unified CCE only: left out on CCX (Dialog API Parameters).
    pub call_key: Option<CallKey>,
    /// Written empty until a wrap-up reason is set.
    pub wrap_up_reason: Option<String>,
    /// Unified CCX only: None (left out) on CCE (G12.5 p.75 note).
    pub wrap_up_items: Option<Vec<String>>,
    pub call_variables: Vec<CallVariable>,
}

/// `callKeyCallId`, `callKeySequenceNum` and `callKeyPrefix` (CCE).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CallKey {
    pub call_id: String,
    pub sequence_num: String,
    pub prefix: String,
}

/// `callVariable1`–`callVariable10`, or an ECC variable (`user.…`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CallVariable {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Participant {
    pub actions: Vec<&'static str>,
    pub media_address: String,
    /// AGENT_DEVICE for an agent's phone; written empty for other parties.
    pub media_address_type: Option<&'static str>,
    pub start_time: String,
    pub state: String,
    /// Written empty unless the state has a cause (FAILED: BAD_DESTINATION…).
    pub state_cause: Option<String>,
    pub state_change_time: String,
}

impl Participant {
    fn element(&self) -> El {
        El::parent("Participant")
            .child(
                El::parent("actions").children(self.actions.iter().map(|a| El::text("action", *a))),
            )
            .child(El::text("mediaAddress", self.media_address.as_str()))
            .child(El::text_or_empty(
                "mediaAddressType",
                self.media_address_type,
            ))
            .child(El::text("startTime", self.start_time.as_str()))
            .child(El::text("state", self.state.as_str()))
            .child(El::text_or_empty("stateCause", self.state_cause.as_deref()))
            .child(El::text("stateChangeTime", self.state_change_time.as_str()))
    }

    #[cfg(test)]
    pub(crate) fn action_names(&self) -> Vec<&str> {
        self.actions.to_vec()
    }
}

impl MediaProperties {
    fn element(&self) -> El {
        let opt = |name, v: &Option<String>| El::text_or_empty(name, v.as_deref());
        let mut el = El::parent("mediaProperties")
            // Always 1 for voice (Dialog API Parameters); placed first as in the nonvoice object.
            .child(El::text("mediaId", "1"))
            .child(El::text("dialedNumber", self.dialed_number.as_str()))
            .child(El::text("callType", self.call_type.as_str()))
            .child(El::text("DNIS", self.dnis.as_str()))
            .child(opt("queueNumber", &self.queue_number))
            .child(opt("queueName", &self.queue_name));
        if let Some(k) = &self.call_key {
            el = el
                .child(El::text("callKeyCallId", k.call_id.as_str()))
                .child(El::text("callKeySequenceNum", k.sequence_num.as_str()))
                .child(El::text("callKeyPrefix", k.prefix.as_str()));
        }
        el = el.child(opt("wrapUpReason", &self.wrap_up_reason));
        if let Some(items) = &self.wrap_up_items {
            el = el.child(
                El::parent("wrapUpItems")
                    .children(items.iter().map(|i| El::text("wrapUpItem", i.as_str()))),
            );
        }
        el.child(
            El::parent("callvariables").children(self.call_variables.iter().map(|v| {
                El::parent("CallVariable")
                    .child(El::text("name", v.name.as_str()))
                    .child(El::text("value", v.value.as_str()))
            })),
        )
    }
}

impl Dialog {
    pub(crate) fn uri(&self) -> String {
        format!("/finesse/api/Dialog/{}", self.id)
    }

    fn element(&self, root: &'static str) -> El {
        El::parent(root)
            .child(El::text_or_empty(
                "associatedDialogUri",
                self.associated_dialog_uri.as_deref(),
            ))
            .child(El::text("id", self.id.as_str()))
            .child(El::text_or_empty(
                "secondaryId",
                self.secondary_id.as_deref(),
            ))
            .child(El::text("mediaType", "Voice"))
            .child(El::text("fromAddress", self.from_address.as_str()))
            .child(El::text("toAddress", self.to_address.as_str()))
            .child(self.media_properties.element())
            .child(
                El::parent("participants")
                    .children(self.participants.iter().map(Participant::element)),
            )
            .child(El::text("state", self.state.as_str()))
            .child(El::text("uri", self.uri()))
    }

    /// `GET /Dialog/{id}`.
    pub(crate) fn to_xml(&self) -> String {
        self.element("Dialog").to_xml()
    }

    /// The data of a Dialog notification for a change: `<dialog>`.
    pub(crate) fn notification_xml(&self) -> String {
        self.element("dialog").to_xml()
    }

    #[cfg(test)]
    pub(crate) fn participant(&self, media_address: &str) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.media_address == media_address)
    }

    #[cfg(test)]
    pub(crate) fn call_type(&self) -> Option<&str> {
        Some(self.media_properties.call_type.as_str())
    }
}

/// `GET /User/{id}/Dialogs`: the live dialogs a user takes part in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Dialogs {
    pub dialogs: Vec<Dialog>,
}

impl Dialogs {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("Dialogs")
            .children(self.dialogs.iter().map(|d| d.element("Dialog")))
            .to_xml()
    }
}

/// The data of a Dialog notification that adds a dialog to a user's list or removes it:
/// `<dialogs><Dialog>…</Dialog></dialogs>`.
pub(crate) fn dialogs_notification_xml(dialog: &Dialog) -> String {
    El::parent("dialogs")
        .child(dialog.element("Dialog"))
        .to_xml()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: &str = "2026-12-05T10:00:00.000Z";
    const T1: &str = "2026-12-05T10:00:05.000Z";

    fn call() -> Dialog {
        Dialog {
            id: "6873001".into(),
            associated_dialog_uri: None,
            secondary_id: None,
            from_address: "1001001".into(),
            to_address: "1002001".into(),
            media_properties: MediaProperties {
                dialed_number: "1002001".into(),
                call_type: "AGENT_INSIDE".into(),
                dnis: "1002001".into(),
                call_key: Some(CallKey {
                    call_id: "1".into(),
                    sequence_num: "1".into(),
                    prefix: "20427".into(),
                }),
                call_variables: vec![CallVariable {
                    name: "callVariable1".into(),
                    value: "Chuck".into(),
                }],
                ..MediaProperties::default()
            },
            participants: vec![Participant {
                actions: vec!["HOLD", "DROP"],
                media_address: "1001001".into(),
                media_address_type: Some("AGENT_DEVICE"),
                start_time: T0.into(),
                state: "ACTIVE".into(),
                state_cause: None,
                state_change_time: T1.into(),
            }],
            state: "ACTIVE".into(),
        }
    }

    #[test]
    fn a_cce_call_has_every_documented_field() {
        assert_eq!(
            call().to_xml(),
            "<Dialog><associatedDialogUri></associatedDialogUri><id>6873001</id>\
             <secondaryId></secondaryId><mediaType>Voice</mediaType>\
             <fromAddress>1001001</fromAddress><toAddress>1002001</toAddress>\
             <mediaProperties><mediaId>1</mediaId><dialedNumber>1002001</dialedNumber>\
             <callType>AGENT_INSIDE</callType><DNIS>1002001</DNIS><queueNumber></queueNumber>\
             <queueName></queueName><callKeyCallId>1</callKeyCallId>\
             <callKeySequenceNum>1</callKeySequenceNum><callKeyPrefix>20427</callKeyPrefix>\
             <wrapUpReason></wrapUpReason><callvariables><CallVariable><name>callVariable1</name>\
             <value>Chuck</value></CallVariable></callvariables></mediaProperties>\
             <participants><Participant><actions><action>HOLD</action><action>DROP</action>\
             </actions><mediaAddress>1001001</mediaAddress>\
             <mediaAddressType>AGENT_DEVICE</mediaAddressType>\
             <startTime>2026-12-05T10:00:00.000Z</startTime><state>ACTIVE</state>\
             <stateCause></stateCause><stateChangeTime>2026-12-05T10:00:05.000Z</stateChangeTime>\
             </Participant></participants><state>ACTIVE</state>\
             <uri>/finesse/api/Dialog/6873001</uri></Dialog>"
        );
    }

    #[test]
    fn a_ccx_call_has_wrap_up_items_and_no_call_key() {
        let mut d = call();
        d.media_properties.call_key = None;
        d.media_properties.wrap_up_items = Some(Vec::new());
        let xml = d.to_xml();
        assert!(
            xml.contains("<queueName></queueName><wrapUpReason></wrapUpReason><wrapUpItems></wrapUpItems><callvariables>"),
            "{xml}"
        );
        assert!(!xml.contains("callKey"), "{xml}");
    }

    #[test]
    fn a_barge_names_its_monitoring_dialog_and_the_roots_follow_the_channel() {
        let mut d = call();
        d.associated_dialog_uri = Some("/finesse/api/Dialog/6873002".into());
        assert!(d.to_xml().starts_with(
            "<Dialog><associatedDialogUri>/finesse/api/Dialog/6873002</associatedDialogUri>"
        ));
        assert!(
            d.notification_xml()
                .starts_with("<dialog><associatedDialogUri>")
        );
        assert!(dialogs_notification_xml(&d).starts_with("<dialogs><Dialog><associatedDialogUri>"));
        assert!(dialogs_notification_xml(&d).ends_with("</Dialog></dialogs>"));
        assert_eq!(Dialogs::default().to_xml(), "<Dialogs></Dialogs>");
        let list = Dialogs { dialogs: vec![d] };
        assert_eq!(list.to_xml().matches("<Dialog>").count(), 1);
    }

    #[test]
    fn a_party_without_an_agent_device_has_an_empty_address_type() {
        let mut d = call();
        d.participants[0].media_address_type = None;
        d.participants[0].state = "FAILED".into();
        d.participants[0].state_cause = Some("BAD_DESTINATION".into());
        let xml = d.to_xml();
        assert!(
            xml.contains("<mediaAddressType></mediaAddressType>"),
            "{xml}"
        );
        assert!(
            xml.contains("<stateCause>BAD_DESTINATION</stateCause>"),
            "{xml}"
        );
    }
}
