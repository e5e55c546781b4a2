//! "Single Sign-On—Test API" (G12.5 p189–190): GET /desktop/sso/test checks that a request
//! carries an access token Finesse accepts. The answer is an HTML page about the user and the
//! token; the outcome travels in the cookie `ssotest` (true or false) and in a message the
//! page posts to its opener: `{ status, errorMessage }`, the message AUTH_ERROR or NO TOKEN
//! on a failure.
//!
//! The mock's choices (README, mock fidelity): a request without an access token fails with
//! NO TOKEN, one whose token the mock did not issue or that expired (or Basic credentials)
//! with AUTH_ERROR; a failure is 401, a pass 200 (the page lists both and pairs neither with
//! its examples); a Finesse not in SSO mode answers 404, as the token API does.

use std::time::Instant;

use super::{Credential, Finesse};
use crate::deviations::Deviation;

/// The outcome of the SSO test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SsoTest {
    /// The user the token belongs to, when it passed.
    pub user: Option<String>,
    /// Empty when it passed; AUTH_ERROR or NO TOKEN otherwise.
    pub error: &'static str,
}

impl SsoTest {
    pub(crate) fn passed(&self) -> bool {
        self.error.is_empty()
    }
}

impl Finesse {
    /// None when the mock is not in SSO mode.
    pub(crate) fn sso_test(&self, creds: Option<&Credential>, now: Instant) -> Option<SsoTest> {
        let tokens = self.sso.as_ref()?;
        let owner = match creds {
            Some(Credential::Bearer(t)) => tokens.user_of(t.expose(), now).map(str::to_string),
            _ => None,
        };
        let outcome = match (creds, owner) {
            (None, _) => SsoTest {
                user: None,
                error: "NO TOKEN",
            },
            (Some(_), Some(u)) if !self.dev(Deviation::SsoTestRejectsGoodToken) => SsoTest {
                user: Some(u),
                error: "",
            },
            (Some(_), _) if self.dev(Deviation::SsoTestPassesBadToken) => SsoTest {
                user: None,
                error: "",
            },
            (Some(_), _) => SsoTest {
                user: None,
                error: "AUTH_ERROR",
            },
        };
        Some(outcome)
    }
}
