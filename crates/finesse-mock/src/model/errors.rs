//! Errors the mock answers with: synchronous `ApiErrors` bodies and asynchronous CTI errors.

use std::time::Instant;

/// A synchronous failure: HTTP status plus one `<ApiError>` (reference §3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiFailure {
    pub status: u16,
    pub error_type: String,
    pub message: String,
    pub data: Option<String>,
    /// `<ErrorMedia>` for Media API errors (reference §3.1).
    pub media: Option<String>,
}

/// ErrorData the community thread shows for a reason code that may not be used.
pub(crate) const REASON_NOT_ALLOWED: &str = "finesse.api.reasoncode.not_allowed";

impl ApiFailure {
    fn new(
        status: u16,
        error_type: &str,
        message: impl Into<String>,
        data: Option<String>,
    ) -> Self {
        ApiFailure {
            status,
            error_type: error_type.into(),
            message: message.into(),
            data,
            media: None,
        }
    }

    /// The same error under another status (p.107 lists Invalid State as a 401).
    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    pub(crate) fn with_media(mut self, mrd: &str) -> Self {
        self.media = Some(mrd.to_string());
        self
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "Bad Request", message, None)
    }

    /// 400 Parameter Missing; the message follows the guide's "State Parameter missing".
    pub(crate) fn parameter_missing(field: &str) -> Self {
        let mut chars = field.chars();
        let cap = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default();
        Self::new(
            400,
            "Parameter Missing",
            format!("{cap} Parameter missing"),
            Some(field.into()),
        )
    }

    pub(crate) fn invalid_input(data: &str, message: impl Into<String>) -> Self {
        Self::new(400, "Invalid Input", message, Some(data.into()))
    }

    pub(crate) fn reason_code_not_allowed() -> Self {
        Self::invalid_input(
            REASON_NOT_ALLOWED,
            "For this operation, Reason Codes are not allowed.",
        )
    }

    /// The thread quotes only the message; the type is our choice (README, mock fidelity).
    pub(crate) fn reason_code_does_not_exist(id: &str) -> Self {
        Self::invalid_input(id, format!("ReasonCode does not exist, codeId={id}"))
    }

    pub(crate) fn invalid_state(data: &str, message: impl Into<String>) -> Self {
        Self::new(400, "Invalid State", message, Some(data.into()))
    }

    pub(crate) fn invalid_destination(message: impl Into<String>) -> Self {
        Self::new(400, "Invalid Destination", message, None)
    }

    /// Barge errors use the CUCM code as their type (G12.5 p.102: "400: 20700").
    pub(crate) fn barge_code(code: &str, message: &str) -> Self {
        Self::new(400, code, message, None)
    }

    pub(crate) fn not_implemented(message: impl Into<String>) -> Self {
        Self::new(501, "Not Implemented", message, None)
    }

    /// G12.5 p.80 prints this body without ErrorData.
    pub(crate) fn dialog_not_found() -> Self {
        Self::new(
            404,
            "Not Found",
            "Invalid dialogId specified for dialog",
            None,
        )
    }

    pub(crate) fn authorization_failure(user: &str) -> Self {
        Self::new(
            401,
            "Authorization Failure",
            "UNAUTHORIZED",
            Some(user.into()),
        )
    }

    pub(crate) fn not_this_user(uri_id: &str) -> Self {
        Self::new(
            401,
            "Invalid Authorization User Specified",
            "The user specified in the authentication credentials and the uri don't match",
            Some(uri_id.into()),
        )
    }

    pub(crate) fn invalid_supervisor(uri_id: &str) -> Self {
        Self::new(
            401,
            "Invalid Supervisor",
            "The supervisor is not assigned to the user's team",
            Some(uri_id.into()),
        )
    }

    /// 400 Operation Failure: the ClientLog error table's failure to store a log.
    pub(crate) fn operation_failure(message: impl Into<String>) -> Self {
        Self::new(400, "Operation Failure", message, None)
    }

    /// 405 Method Not Allowed, as the ClientLog error table lists it for GET and PUT.
    pub(crate) fn method_not_allowed(method: &str) -> Self {
        Self::new(
            405,
            "Method Not Allowed",
            format!("{method} is not allowed here"),
            None,
        )
    }

    pub(crate) fn user_not_found(id: &str) -> Self {
        Self::new(404, "User Not Found", "UNKNOWN_USER", Some(id.into()))
    }

    pub(crate) fn not_found(data: &str, message: impl Into<String>) -> Self {
        Self::new(404, "Not Found", message, Some(data.into()))
    }

    /// 503 with an empty ErrorData, exactly as G12.5 p.7 prints it.
    /// 500 Internal Server Error (reference §2.2 lists it for runtime exceptions).
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(500, "Internal Server Error", message, None)
    }

    /// One of the guide's three 500 kinds. The page names the kind but not the element that
    /// carries it: the mock's choice is ErrorType Internal Server Error (the per-API tables'
    /// type for a runtime exception) with the kind as ErrorMessage.
    pub(crate) fn server_error(kind: super::ServerError) -> Self {
        Self::internal(kind.token())
    }

    pub(crate) fn out_of_service() -> Self {
        Self::new(
            503,
            "Service Unavailable",
            "SERVER_OUT_OF_SERVICE",
            Some(String::new()),
        )
    }
}

/// A failure that Finesse reports only in a notification (reference §3.2, §4.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AsyncError {
    pub at: Instant,
    pub user: String,
    /// `<source>` of the notification, e.g. `/finesse/api/User/1001`.
    pub source: String,
    pub request_id: Option<String>,
    pub error_type: String,
    pub error_message: String,
    pub error_data: String,
    pub error_media: Option<String>,
    /// The peripheral gateway's reason, which some CCE errors add (reference §3.2).
    pub peripheral: Option<Peripheral>,
}

/// `peripheralErrorCode`, `peripheralErrorMsg` and `peripheralErrorText` of an asynchronous
/// error (seen in real User-node captures, reference §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Peripheral {
    pub code: &'static str,
    pub msg: &'static str,
    pub text: &'static str,
}

/// An asynchronous CTI (or ARM) failure: `errorType`, `errorData` and `errorMessage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CtiError {
    pub error_type: &'static str,
    pub code: &'static str,
    pub constant: &'static str,
}

impl CtiError {
    /// errorType, errorData (the CTI code) and errorMessage (the CTI constant).
    pub(crate) const fn new(
        error_type: &'static str,
        code: &'static str,
        constant: &'static str,
    ) -> CtiError {
        CtiError {
            error_type,
            code,
            constant,
        }
    }
}
