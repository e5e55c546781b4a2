//! Errors: the synchronous `ApiErrors` body of an HTTP error response (reference §3.1) and
//! the `apiErrors` data of an asynchronous error notification (§3.2).

use super::xml::El;

/// One synchronous error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ApiError<'a> {
    pub error_type: &'a str,
    pub message: &'a str,
    pub data: Option<&'a str>,
    /// The mrdId of a Media API error.
    pub media: Option<&'a str>,
}

impl ApiError<'_> {
    /// One canonical child order per kind (reference §1.4): Media errors alphabetical with
    /// `ErrorMedia` and an `ErrorData` that may be empty, as G12.5 p.169 prints them; the
    /// others Type, Message, Data as p.7 does, leaving out a missing `ErrorData` (p.80).
    pub(crate) fn to_xml(self) -> String {
        let error = match self.media {
            Some(media) => El::parent("ApiError")
                .child(El::text_or_empty("ErrorData", self.data))
                .child(El::text("ErrorMedia", media))
                .child(El::text("ErrorMessage", self.message))
                .child(El::text("ErrorType", self.error_type)),
            None => El::parent("ApiError")
                .child(El::text("ErrorType", self.error_type))
                .child(El::text("ErrorMessage", self.message))
                .children(self.data.map(|d| El::text("ErrorData", d))),
        };
        El::parent("ApiErrors").child(error).to_xml()
    }
}

/// One asynchronous error, as notification data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AsyncApiError<'a> {
    pub error_type: &'a str,
    pub message: &'a str,
    pub data: &'a str,
    pub media: Option<&'a str>,
    /// `peripheralErrorCode`, `peripheralErrorMsg`, `peripheralErrorText` (real CCE captures).
    pub peripheral: Option<(&'a str, &'a str, &'a str)>,
}

impl AsyncApiError<'_> {
    /// Lower-case names, children alphabetical as the §3.2 sample prints them.
    pub(crate) fn to_xml(self) -> String {
        let mut error = El::parent("apiError")
            .child(El::text("errorData", self.data))
            .children(self.media.map(|m| El::text("errorMedia", m)))
            .child(El::text("errorMessage", self.message))
            .child(El::text("errorType", self.error_type));
        if let Some((code, msg, text)) = self.peripheral {
            error = error
                .child(El::text("peripheralErrorCode", code))
                .child(El::text("peripheralErrorMsg", msg))
                .child(El::text("peripheralErrorText", text));
        }
        El::parent("apiErrors").child(error).to_xml()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synchronous_errors_in_their_two_orders() {
        let plain = ApiError {
            error_type: "Invalid Input",
            message: "Invalid State specified for user",
            data: Some("state"),
            media: None,
        };
        assert_eq!(
            plain.to_xml(),
            "<ApiErrors><ApiError><ErrorType>Invalid Input</ErrorType>\
             <ErrorMessage>Invalid State specified for user</ErrorMessage>\
             <ErrorData>state</ErrorData></ApiError></ApiErrors>"
        );
        let no_data = ApiError {
            data: None,
            ..plain
        };
        assert!(!no_data.to_xml().contains("ErrorData"));
        let media = ApiError {
            error_type: "Parameter Missing",
            message: "State Parameter missing",
            data: None,
            media: Some("5001"),
        };
        assert_eq!(
            media.to_xml(),
            "<ApiErrors><ApiError><ErrorData></ErrorData><ErrorMedia>5001</ErrorMedia>\
             <ErrorMessage>State Parameter missing</ErrorMessage>\
             <ErrorType>Parameter Missing</ErrorType></ApiError></ApiErrors>"
        );
    }

    #[test]
    fn asynchronous_errors_are_lower_case_with_optional_media_and_peripheral_fields() {
        let e = AsyncApiError {
            error_type: "Invalid Device",
            message: "CF_INVALID_LOGON_DEVICE_SPECIFIED",
            data: "260",
            media: None,
            peripheral: Some(("10125", "PERERR", "text & more")),
        };
        assert_eq!(
            e.to_xml(),
            "<apiErrors><apiError><errorData>260</errorData>\
             <errorMessage>CF_INVALID_LOGON_DEVICE_SPECIFIED</errorMessage>\
             <errorType>Invalid Device</errorType><peripheralErrorCode>10125</peripheralErrorCode>\
             <peripheralErrorMsg>PERERR</peripheralErrorMsg>\
             <peripheralErrorText>text &amp; more</peripheralErrorText></apiError></apiErrors>"
        );
        let media = AsyncApiError {
            media: Some("5001"),
            peripheral: None,
            ..e
        };
        assert!(
            media
                .to_xml()
                .contains("<errorData>260</errorData><errorMedia>5001</errorMedia><errorMessage>")
        );
    }
}
