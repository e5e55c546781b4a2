//! WrapUpReason, alone (`GET /User/{id}/WrapUpReason/{id}`, G12.5 p.54) and in a list
//! (`GET /User/{id}/WrapUpReasons`). The object page (G12.5 p.244) and p.54's example give
//! the children uri, label, forAll in that order; neither shows an `<id>`.

use super::xml::El;

/// A wrap-up reason as the mock shows it. Every field is `Some` for a configured reason; the
/// deviations that break the Get Wrap-Up Reason rules leave some out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WrapUpReason {
    /// The database id: the tail of `<uri>`.
    pub id: Option<String>,
    pub label: Option<String>,
    pub for_all: Option<bool>,
}

impl WrapUpReason {
    fn element(&self) -> El {
        // The object page's uri (`/finesse/api/WrapUpReason/{id}`); p.54's example prints a
        // user-scoped uri instead. The pages disagree: the mock follows the object page, as
        // it does for ReasonCode (README, mock fidelity).
        let uri = self
            .id
            .as_ref()
            .map(|id| El::text("uri", format!("/finesse/api/WrapUpReason/{id}")));
        let label = self.label.clone().map(|v| El::text("label", v));
        let for_all = self.for_all.map(|b| El::text("forAll", b.to_string()));
        El::parent("WrapUpReason").children([uri, label, for_all].into_iter().flatten())
    }

    pub(crate) fn to_xml(&self) -> String {
        self.element().to_xml()
    }
}

/// `GET /User/{id}/WrapUpReasons`: the user's reasons, each a full WrapUpReason. The list
/// page's example is not among the stored pages; the mock wraps the objects in
/// `<WrapUpReasons>`, as the reason-code list does (README, mock fidelity).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WrapUpReasons {
    pub reasons: Vec<WrapUpReason>,
}

impl WrapUpReasons {
    pub(crate) fn to_xml(&self) -> String {
        El::parent("WrapUpReasons")
            .children(self.reasons.iter().map(WrapUpReason::element))
            .to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn billing() -> WrapUpReason {
        WrapUpReason {
            id: Some("31".into()),
            label: Some("Billing question".into()),
            for_all: Some(true),
        }
    }

    #[test]
    fn a_wrap_up_reason_has_uri_label_and_for_all() {
        assert_eq!(
            billing().to_xml(),
            "<WrapUpReason><uri>/finesse/api/WrapUpReason/31</uri>\
             <label>Billing question</label><forAll>true</forAll></WrapUpReason>"
        );
    }

    #[test]
    fn the_list_holds_full_objects_and_may_be_empty() {
        assert_eq!(
            WrapUpReasons::default().to_xml(),
            "<WrapUpReasons></WrapUpReasons>"
        );
        let list = WrapUpReasons {
            reasons: vec![billing()],
        };
        assert_eq!(
            list.to_xml(),
            format!("<WrapUpReasons>{}</WrapUpReasons>", billing().to_xml())
        );
    }

    #[test]
    fn missing_fields_are_left_out() {
        let bare = WrapUpReason {
            label: None,
            ..billing()
        };
        assert!(!bare.to_xml().contains("<label>"));
        assert_eq!(
            WrapUpReason::default().to_xml(),
            "<WrapUpReason></WrapUpReason>"
        );
    }
}
