//! A user's state in a non-voice Media Routing Domain: `GET /User/{id}/Media/{mrdId}`, the
//! `MediaList`, and the `<media>` notification data (G12.5 p.167, p.183–185; reference §5.1).

use super::reason_code::ReasonCode;
use super::xml::El;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Media {
    pub user: String,
    /// The MRD id.
    pub id: String,
    pub name: String,
    pub description: String,
    pub state: String,
    /// None until the first state change: written empty (Media API Parameters).
    pub state_change_time: Option<String>,
    /// None: written empty ("empty if the user has not selected a reason code").
    pub reason_code_id: Option<String>,
    /// Left out when there is no reason code.
    pub reason_code: Option<ReasonCode>,
    /// The sign-in parameters; None (written empty) while the user has not signed in.
    pub max_dialog_limit: Option<String>,
    pub interrupt_action: Option<String>,
    pub dialog_logout_action: Option<String>,
    pub interruptible: bool,
    pub routable: bool,
}

impl Media {
    /// The Media object's children, alphabetical after `uri` as G12.5 p.167 prints them;
    /// `interruptAction`, which that sample lacks, in its alphabetical place.
    fn element(&self, root: &'static str) -> El {
        let opt = |name, v: &Option<String>| El::text_or_empty(name, v.as_deref());
        El::parent(root)
            .child(El::text(
                "uri",
                format!("/finesse/api/User/{}/Media/{}", self.user, self.id),
            ))
            .child(El::text("description", self.description.as_str()))
            .child(opt("dialogLogoutAction", &self.dialog_logout_action))
            .child(El::text("id", self.id.as_str()))
            .child(opt("interruptAction", &self.interrupt_action))
            .child(El::text("interruptible", self.interruptible.to_string()))
            .child(opt("maxDialogLimit", &self.max_dialog_limit))
            .child(El::text("name", self.name.as_str()))
            .children(self.reason_code.as_ref().map(ReasonCode::in_media))
            .child(opt("reasonCodeId", &self.reason_code_id))
            .child(El::text("routable", self.routable.to_string()))
            .child(El::text("state", self.state.as_str()))
            .child(opt("stateChangeTime", &self.state_change_time))
    }

    /// `GET /User/{id}/Media/{mrdId}`.
    pub(crate) fn to_xml(&self) -> String {
        self.element("Media").to_xml()
    }

    /// The data of a Media notification.
    pub(crate) fn notification_xml(&self) -> String {
        self.element("media").to_xml()
    }
}

/// `GET /User/{id}/Media`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MediaList {
    pub media: Vec<Media>,
}

impl MediaList {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("MediaList")
            .children(self.media.iter().map(|m| m.element("Media")))
            .to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat() -> Media {
        Media {
            user: "1005".into(),
            id: "5001".into(),
            name: "Chat".into(),
            description: "Chat MRD".into(),
            state: "LOGOUT".into(),
            interruptible: false,
            routable: false,
            ..Media::default()
        }
    }

    #[test]
    fn before_sign_in_every_field_is_there_and_the_unset_ones_are_empty() {
        assert_eq!(
            chat().to_xml(),
            "<Media><uri>/finesse/api/User/1005/Media/5001</uri><description>Chat MRD</description>\
             <dialogLogoutAction></dialogLogoutAction><id>5001</id><interruptAction></interruptAction>\
             <interruptible>false</interruptible><maxDialogLimit></maxDialogLimit><name>Chat</name>\
             <reasonCodeId></reasonCodeId><routable>false</routable><state>LOGOUT</state>\
             <stateChangeTime></stateChangeTime></Media>"
        );
    }

    #[test]
    fn a_signed_in_media_with_a_reason_and_the_list_and_notification_roots() {
        let m = Media {
            state: "NOT_READY".into(),
            state_change_time: Some("2026-12-05T10:00:00.000Z".into()),
            reason_code_id: Some("12".into()),
            reason_code: Some(ReasonCode {
                id: Some("12".into()),
                code: Some("32762".into()),
                ..ReasonCode::default()
            }),
            max_dialog_limit: Some("3".into()),
            interrupt_action: Some("ACCEPT".into()),
            dialog_logout_action: Some("CLOSE".into()),
            routable: true,
            ..chat()
        };
        let xml = m.to_xml();
        assert!(
            xml.contains(
                "<maxDialogLimit>3</maxDialogLimit><name>Chat</name><ReasonCode><code>32762</code>\
                 <id>12</id><uri>/finesse/api/ReasonCode/12</uri></ReasonCode>\
                 <reasonCodeId>12</reasonCodeId><routable>true</routable>"
            ),
            "{xml}"
        );
        assert!(xml.contains("<dialogLogoutAction>CLOSE</dialogLogoutAction>"));
        assert!(m.notification_xml().starts_with("<media><uri>"));
        assert!(m.notification_xml().ends_with("</media>"));
        let list = MediaList {
            media: vec![chat(), m],
        }
        .to_xml();
        assert!(list.starts_with("<MediaList><Media><uri>/finesse/api/User/1005/Media/5001</uri>"));
        assert_eq!(list.matches("<Media>").count(), 2);
        assert_eq!(MediaList::default().to_xml(), "<MediaList></MediaList>");
    }
}
