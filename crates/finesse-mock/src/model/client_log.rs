//! `POST /User/{id}/ClientLog` (G12.5 p163; DEV/clientlog, clientlog-api-parameters,
//! clientlog-api-errors): a user hands Finesse its client-side log. The mock checks the
//! request as the error table describes and keeps nothing: no API reads a log back.

use std::time::Instant;

use super::{Accepted, Api, ApiFailure, Credential, Finesse};
use crate::deviations::Deviation;
use crate::documents::ClientLogPost;

/// The most characters `logData` may hold (ClientLog API Parameters).
pub(crate) const MAX_LOG_CHARS: usize = 1_048_576;

impl Finesse {
    pub(crate) fn post_client_log(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        body: Result<ClientLogPost, String>,
        now: Instant,
    ) -> Result<Accepted, ApiFailure> {
        let (caller, target) = self
            .begin_for(Api::User, creds, id, now)
            .map_err(|e| self.user_api_error(e, id))?;
        // The error table: a request for another user is refused, whoever makes it.
        if caller.id != target.id && !self.dev(Deviation::AgentActsOnOthers) {
            return Err(ApiFailure::not_this_user(&target.id));
        }
        let body = body.map_err(ApiFailure::bad_request)?;
        let data = match body.log_data.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => d,
            None if self.dev(Deviation::ClientLogWithoutDataAccepted) => "",
            None => return Err(ApiFailure::parameter_missing("logData")),
        };
        if data.chars().count() > MAX_LOG_CHARS && !self.dev(Deviation::ClientLogSizeUnchecked) {
            return Err(ApiFailure::invalid_input(
                "logData",
                format!("logData holds more than {MAX_LOG_CHARS} characters"),
            ));
        }
        // `client-log-refused`: the documented Operation Failure for a valid log.
        if self.dev(Deviation::ClientLogRefused) {
            return Err(ApiFailure::operation_failure(
                "The POST client log operation failed",
            ));
        }
        Ok(self.accepted(false))
    }

    /// GET or PUT on a ClientLog: the object supports POST only (405 in the error table).
    pub(crate) fn client_log_other_method(
        &mut self,
        creds: Option<&Credential>,
        method: &str,
        now: Instant,
    ) -> Result<Accepted, ApiFailure> {
        self.advance(now);
        self.check_service()?;
        self.authenticate(creds, now)?;
        if self.dev(Deviation::ClientLogOtherMethodsAccepted) {
            return Ok(self.accepted(false));
        }
        Err(ApiFailure::method_not_allowed(method))
    }
}
