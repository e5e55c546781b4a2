//! ReasonCode, alone (`GET /User/{id}/ReasonCode/{id}`), in a list (`ReasonCodes`), and
//! embedded in a User, a Media or a Team member. The guide prints the children in a
//! different order in each place; each order below names its page.

use super::xml::El;

/// A reason code as the mock shows it. Every field is `Some` for a configured code; the
/// deviations that break the Get Reason Code rules leave some out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReasonCode {
    /// The database id: `<id>` and the tail of `<uri>`.
    pub id: Option<String>,
    pub category: Option<String>,
    pub code: Option<String>,
    pub label: Option<String>,
    pub for_all: Option<bool>,
    pub system_code: Option<bool>,
}

/// ReasonCode API Parameters and G12.5 p.52's example response.
const ALONE: &[&str] = &["uri", "category", "code", "label", "forAll", "systemCode"];
/// The User object (DEV/user; G12.5 User API Parameters).
const IN_USER: &[&str] = &[
    "category",
    "uri",
    "code",
    "label",
    "forAll",
    "systemCode",
    "id",
];
/// The Media object (G12.5 p.167), which lists no systemCode.
const IN_MEDIA: &[&str] = &["category", "code", "forAll", "id", "label", "uri"];
/// The Team notification's summary user (DEV/team-notification).
const IN_TEAM_MEMBER: &[&str] = &["uri", "code", "label", "category", "id"];

impl ReasonCode {
    fn field(&self, name: &str) -> Option<El> {
        let flag = |b: Option<bool>| b.map(|b| b.to_string());
        match name {
            "uri" => self
                .id
                .as_ref()
                .map(|id| El::text("uri", format!("/finesse/api/ReasonCode/{id}"))),
            "id" => self.id.clone().map(|v| El::text("id", v)),
            "category" => self.category.clone().map(|v| El::text("category", v)),
            "code" => self.code.clone().map(|v| El::text("code", v)),
            "label" => self.label.clone().map(|v| El::text("label", v)),
            "forAll" => flag(self.for_all).map(|v| El::text("forAll", v)),
            "systemCode" => flag(self.system_code).map(|v| El::text("systemCode", v)),
            _ => None,
        }
    }

    fn element(&self, order: &[&str]) -> El {
        El::parent("ReasonCode").children(order.iter().filter_map(|n| self.field(n)))
    }

    /// `GET /User/{id}/ReasonCode/{reasonCodeId}`.
    pub(crate) fn to_xml(&self) -> String {
        self.element(ALONE).to_xml()
    }

    pub(super) fn in_user(&self) -> El {
        self.element(IN_USER)
    }

    pub(super) fn in_media(&self) -> El {
        self.element(IN_MEDIA)
    }

    pub(super) fn in_team_member(&self) -> El {
        self.element(IN_TEAM_MEMBER)
    }
}

/// `GET /User/{id}/ReasonCodes?category=…` (G12.5 p.52–53): the category as an attribute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReasonCodes {
    pub category: String,
    pub codes: Vec<ReasonCode>,
}

impl ReasonCodes {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("ReasonCodes")
            .attr("category", self.category.as_str())
            .children(self.codes.iter().map(|c| c.element(ALONE)))
            .to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lunch() -> ReasonCode {
        ReasonCode {
            id: Some("12".into()),
            category: Some("NOT_READY".into()),
            code: Some("32762".into()),
            label: Some("Lunch".into()),
            for_all: Some(true),
            system_code: Some(false),
        }
    }

    #[test]
    fn a_reason_code_alone_has_uri_category_code_label_for_all_system_code() {
        assert_eq!(
            lunch().to_xml(),
            "<ReasonCode><uri>/finesse/api/ReasonCode/12</uri><category>NOT_READY</category>\
             <code>32762</code><label>Lunch</label><forAll>true</forAll>\
             <systemCode>false</systemCode></ReasonCode>"
        );
    }

    #[test]
    fn embedded_copies_carry_the_id_in_their_page_order() {
        assert_eq!(
            lunch().in_user().to_xml(),
            "<ReasonCode><category>NOT_READY</category><uri>/finesse/api/ReasonCode/12</uri>\
             <code>32762</code><label>Lunch</label><forAll>true</forAll>\
             <systemCode>false</systemCode><id>12</id></ReasonCode>"
        );
        assert_eq!(
            lunch().in_media().to_xml(),
            "<ReasonCode><category>NOT_READY</category><code>32762</code><forAll>true</forAll>\
             <id>12</id><label>Lunch</label><uri>/finesse/api/ReasonCode/12</uri></ReasonCode>"
        );
        assert_eq!(
            lunch().in_team_member().to_xml(),
            "<ReasonCode><uri>/finesse/api/ReasonCode/12</uri><code>32762</code>\
             <label>Lunch</label><category>NOT_READY</category><id>12</id></ReasonCode>"
        );
    }

    #[test]
    fn the_list_names_its_category_in_an_attribute_and_may_be_empty() {
        let list = ReasonCodes {
            category: "LOGOUT".into(),
            codes: Vec::new(),
        };
        assert_eq!(
            list.to_xml(),
            "<ReasonCodes category=\"LOGOUT\"></ReasonCodes>"
        );
        let list = ReasonCodes {
            category: "NOT_READY".into(),
            codes: vec![lunch()],
        };
        assert!(list.to_xml().starts_with(
            "<ReasonCodes category=\"NOT_READY\"><ReasonCode><uri>/finesse/api/ReasonCode/12</uri>"
        ));
    }

    #[test]
    fn missing_fields_are_left_out() {
        let bare = ReasonCode {
            label: None,
            ..lunch()
        };
        assert!(!bare.to_xml().contains("<label>"));
        assert_eq!(ReasonCode::default().to_xml(), "<ReasonCode></ReasonCode>");
    }
}
