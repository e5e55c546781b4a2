//! Single sign-on: the access tokens that SSO labs take instead of HTTP Basic.
//!
//! Plain types only: what a token grant is and how the IdS JSON reads ([`grant`]), when a
//! held token must be refreshed and what to do after a 401 ([`state`]), and running a
//! profile's `token_command` ([`command`]). The client's per-run token store, which does the
//! HTTP, is `crate::finesse::tokens`.

pub(crate) mod command;
pub(crate) mod grant;
pub(crate) mod state;

pub(crate) use grant::TokenGrant;
pub(crate) use state::{After401, Refresh, TokenState, token_refused};
