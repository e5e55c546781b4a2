//! "Single Sign-On—Get User Authentication Mode" (developer.cisco.com): GET
//! /finesse/api/UserAuthMode/{username or userId} tells a client, before it signs in, whether
//! the user signs in with SSO or with a password. It needs no credentials.
//!
//! The mock's users all sign in the way the mock does (`--auth`): it models no HYBRID
//! deployment, where each user has a mode of its own. The 403 "UserAuthModeService is
//! disabled" (a CLI property on a real Finesse) is not modelled. An unknown name or id is
//! 404 Not Found: the page documents only 200 and 403 (the mock's choice, README, mock
//! fidelity).

use std::time::Instant;

use super::errors::ApiFailure;
use super::{Credential, Finesse};
use crate::deviations::Deviation;
use crate::documents::UserAuthMode;

impl Finesse {
    pub(crate) fn user_auth_mode(
        &mut self,
        creds: Option<&Credential>,
        name: &str,
        now: Instant,
    ) -> Result<UserAuthMode, ApiFailure> {
        if self.dev(Deviation::UserAuthModeNeedsCredentials) {
            self.authenticate(creds, now)?;
        }
        if self.dir.by_auth_name(name).is_none() {
            return Err(ApiFailure::not_found(
                name,
                format!("User {name} not found"),
            ));
        }
        let sso = self.sso() != self.dev(Deviation::UserAuthModeReportsOtherMode);
        Ok(UserAuthMode {
            auth_mode: if sso { "SSO" } else { "NON_SSO" },
        })
    }
}
