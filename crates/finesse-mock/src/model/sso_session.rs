//! "Single Sign-On—Fetch Access Token" (G12.5 p190) for a client that is signed in already.
//! The page says fetching "might involve" the browser's trip to Cisco IdS and the identity
//! provider: a browser with a live IdS session comes back with a token without a login. The
//! mock stands a request that carries an access token it accepts in for that session, and
//! answers a new pair for the token's user (the mock's choice, README, mock fidelity); a
//! request with Basic credentials signs in instead (`sso.rs`).

use std::time::Instant;

use super::Finesse;
use super::sso::{Grant, TokenFailure};
use crate::deviations::Deviation;

impl Finesse {
    /// A new pair for the user whose access token `token` is, when `cc_username` names that
    /// user (login name or id).
    pub(super) fn fetch_with_session(
        &mut self,
        cc_username: &str,
        token: &str,
        now: Instant,
    ) -> Result<Grant, TokenFailure> {
        let owner = self
            .sso
            .as_ref()
            .and_then(|t| t.user_of(token, now))
            .map(str::to_string)
            .ok_or_else(|| {
                TokenFailure::new(
                    401,
                    "unauthorized",
                    "the access token is unknown or expired",
                )
            })?;
        if self.dir.by_auth_name(cc_username).map(|u| u.id.as_str()) != Some(owner.as_str()) {
            return Err(TokenFailure::new(
                401,
                "unauthorized",
                "cc_username names another user than the token's",
            ));
        }
        self.issue_token(&owner, now)
            .ok_or_else(|| TokenFailure::new(401, "unauthorized", "the user is gone"))
    }

    /// Whether the fetch's JSON carries the refresh token: when `return_refresh_token=true`
    /// asked for it (p190).
    pub(crate) fn fetch_returns_refresh(&self, asked: bool) -> bool {
        asked && !self.dev(Deviation::FetchOmitsRefreshToken)
    }
}
