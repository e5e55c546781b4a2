//! SSO mode: the token API (G12.5 p190 "Fetch Access Token", p193 "Refresh Existing Access
//! Token") and the XMPP login with a token.
//!
//! A real Finesse sends a browser to Cisco IdS and the identity provider to fetch a token;
//! the mock has neither, so its fetch takes the user's fixture password as HTTP Basic in place
//! of the identity provider's login form (the mock's choice, README, mock fidelity).

use std::time::{Duration, Instant};

use super::errors::ApiFailure;
use super::tokens::{RefreshRefused, Tokens};
use super::{Credential, Finesse};
use crate::model::directory::UserDef;

/// A token granted, with what the IdS JSON reports about the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub access: String,
    pub refresh: String,
    pub expires_in: Duration,
    /// The user's login name (IdS `user_id`).
    pub user_id: String,
    /// The realm (the mock's XMPP domain).
    pub realm: String,
}

/// A refused token request: the status, an OAuth-style error code and a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TokenFailure {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
}

impl TokenFailure {
    pub(super) fn new(status: u16, error: &'static str, description: impl Into<String>) -> Self {
        TokenFailure {
            status,
            error,
            description: description.into(),
        }
    }
}

impl Finesse {
    /// Switches to SSO: the REST API and the Notification Service take only the access tokens
    /// issued from now on, each good for `lifetime`.
    pub(crate) fn enable_sso(&mut self, lifetime: Duration) {
        self.sso = Some(Tokens::new(lifetime));
    }

    pub(crate) fn sso(&self) -> bool {
        self.sso.is_some()
    }

    /// A new pair for the user `id` (the mock hands these out in its own profile); None when
    /// not in SSO mode or the user is unknown.
    pub(crate) fn issue_token(&mut self, id: &str, now: Instant) -> Option<Grant> {
        let user = self.dir.user(id)?.clone();
        let pair = self.sso.as_mut()?.issue(&user.id, now);
        Some(self.grant(&user, pair))
    }

    /// Makes a caller-chosen pair good for the user `id` (a canary in leak tests).
    pub(crate) fn adopt_token(
        &mut self,
        id: &str,
        access: &str,
        refresh: &str,
        now: Instant,
    ) -> bool {
        let Some(user) = self.dir.user(id).cloned() else {
            return false;
        };
        match self.sso.as_mut() {
            Some(t) => {
                t.adopt(&user.id, access, refresh, now);
                true
            }
            None => false,
        }
    }

    /// Every access token expires now (the control endpoint; refresh tokens stay good).
    pub(crate) fn expire_tokens(&mut self, now: Instant) {
        if let Some(t) = self.sso.as_mut() {
            t.expire_access(now);
        }
    }

    /// Every token issued so far (for leak tests).
    pub(crate) fn issued_tokens(&self) -> Vec<String> {
        self.sso
            .as_ref()
            .map(|t| t.issued().to_vec())
            .unwrap_or_default()
    }

    /// `GET /desktop/sso/token?cc_username=…` (G12.5 p190): the user named by `cc_username`
    /// (login name or id), signed in with Basic as the identity provider's stand-in.
    pub(crate) fn fetch_token(
        &mut self,
        cc_username: Option<&str>,
        creds: Option<&Credential>,
        now: Instant,
    ) -> Result<Grant, TokenFailure> {
        if self.sso.is_none() {
            return Err(not_sso());
        }
        let name = cc_username
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| TokenFailure::new(400, "invalid_request", "cc_username is missing"))?;
        // Signed in already (sso_session.rs).
        if let Some(Credential::Bearer(t)) = creds {
            return self.fetch_with_session(name, t.expose(), now);
        }
        let Some(Credential::Basic(b)) = creds else {
            return Err(TokenFailure::new(
                401,
                "unauthorized",
                "sign in with the user's name and password (HTTP Basic stands in for the identity provider)",
            ));
        };
        let signed_in = self
            .lockouts
            .authenticate(&self.dir, &b.user, b.password.expose(), now)
            .cloned()
            .map_err(|_| TokenFailure::new(401, "unauthorized", "bad credentials"))?;
        if self.dir.by_auth_name(name).map(|u| &u.id) != Some(&signed_in.id) {
            return Err(TokenFailure::new(
                401,
                "unauthorized",
                "cc_username names another user than the one signed in",
            ));
        }
        let pair = self
            .sso
            .as_mut()
            .map(|t| t.issue(&signed_in.id, now))
            .ok_or_else(not_sso)?;
        Ok(self.grant(&signed_in, pair))
    }

    /// `POST /desktop/sso/token` with `token` and `refresh-token` (G12.5 p193): 400 when a
    /// field is missing, 401 when the refresh token is unknown, expired or not the pair's.
    pub(crate) fn refresh_token(
        &mut self,
        access: Option<&str>,
        refresh: Option<&str>,
        now: Instant,
    ) -> Result<Grant, TokenFailure> {
        if self.sso() && self.dev(crate::deviations::Deviation::TokenRefreshRefused) {
            return Err(TokenFailure::new(401, "invalid_grant", "refresh refused"));
        }
        let tokens = self.sso.as_mut().ok_or_else(not_sso)?;
        let pair = tokens.refresh(access, refresh, now).map_err(|e| match e {
            RefreshRefused::Missing(field) => {
                TokenFailure::new(400, "invalid_request", format!("{field} is missing"))
            }
            RefreshRefused::Invalid => TokenFailure::new(
                401,
                "invalid_grant",
                "the refresh token is unknown, expired or not the access token's",
            ),
        })?;
        let user = self
            .dir
            .user(&pair.user)
            .cloned()
            .ok_or_else(|| TokenFailure::new(401, "invalid_grant", "the user is gone"))?;
        Ok(self.grant(&user, pair))
    }

    /// The XMPP login (SASL PLAIN): a password in Basic mode (the REST check, lockout
    /// included); in SSO mode a good access token of the user named, as the Finesse desktop
    /// logs in (the guide does not say; README, mock fidelity).
    pub(crate) fn authenticate_login(
        &mut self,
        name: &str,
        secret: &str,
        now: Instant,
    ) -> Result<UserDef, ApiFailure> {
        let Some(tokens) = &self.sso else {
            let creds = Credential::Basic(super::Basic {
                user: name.to_string(),
                password: finesse_protocol::Secret::new(secret),
            });
            return self.authenticate(Some(&creds), now);
        };
        let named = self.dir.by_auth_name(name);
        match (named, tokens.user_of(secret, now)) {
            (Some(u), Some(owner)) if u.id == owner => Ok(u.clone()),
            _ => Err(ApiFailure::authorization_failure(name)),
        }
    }

    fn grant(&self, user: &UserDef, pair: super::tokens::Pair) -> Grant {
        Grant {
            access: pair.access,
            refresh: pair.refresh,
            expires_in: pair.expires_in,
            user_id: user.login_id.clone(),
            realm: self.xmpp_domain.clone(),
        }
    }
}

/// The token API of a Finesse that is not in SSO mode: the mock answers 404 (its choice).
fn not_sso() -> TokenFailure {
    TokenFailure::new(
        404,
        "not_found",
        "single sign-on is not enabled on this Finesse",
    )
}
