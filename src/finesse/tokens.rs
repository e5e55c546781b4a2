//! The run's SSO access tokens: one per user, shared by every scenario (every clone of the
//! client), obtained when first needed and renewed when due or refused. Each user's token
//! sits behind its own async lock, so at most one renewal per user is in flight and the
//! requests that wait for it go out with the new token. The rules (when to refresh, what a
//! 401 means, which way to renew) are plain code in [`crate::auth::state`]; this is the IO.
//!
//! Every token is taught to the redactor the moment it arrives, before anything that could
//! carry it is recorded.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::client::{ClientError, FinesseClient, Request, Response};
use crate::auth::grant::{self, TokenGrant};
use crate::auth::{After401, Refresh, TokenState, command};
use crate::profile::{Secret, TokenSource};
use crate::redact::form_encode;

/// Where Finesse serves the SSO token API (G12.5 p190, p193).
pub(crate) const TOKEN_PATH: &str = "/desktop/sso/token";

pub(crate) struct TokenStore {
    slots: Mutex<HashMap<String, Arc<Slot>>>,
    command_deadline: Duration,
}

struct Slot {
    source: TokenSource,
    state: tokio::sync::Mutex<Option<TokenState>>,
}

impl TokenStore {
    pub(crate) const DEFAULT_COMMAND_DEADLINE: Duration = Duration::from_secs(30);

    pub(crate) fn new(command_deadline: Duration) -> Self {
        TokenStore {
            slots: Mutex::new(HashMap::new()),
            command_deadline,
        }
    }

    /// `user`'s slot; the first source seen for a user is the one used.
    fn slot(&self, user: &str, source: &TokenSource) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots
            .entry(user.to_string())
            .or_insert_with(|| {
                Arc::new(Slot {
                    source: source.clone(),
                    state: tokio::sync::Mutex::new(None),
                })
            })
            .clone()
    }

    /// `user`'s token and its generation: obtained now if it is the first use, refreshed
    /// first if it is due (a failed early refresh keeps the current token).
    pub(super) async fn current(
        &self,
        client: &FinesseClient,
        user: &str,
        source: &TokenSource,
    ) -> Result<(Secret, u64), ClientError> {
        let slot = self.slot(user, source);
        let mut guard = slot.state.lock().await;
        let mut state = match guard.take() {
            Some(s) => s,
            None => {
                let (grant, since) = self.first(client, user, &slot.source).await?;
                TokenState::new(grant, since)
            }
        };
        // A token due for renewal, the first one included (it may have been obtained long
        // before the run used it).
        let ways = state.ways(slot.source.command.is_some());
        if state.due(Instant::now()) && !ways.is_empty() {
            match self.renew(client, user, &slot.source, &mut state, &ways).await {
                Ok(()) => client.log().note(format!(
                    "renewed {user}'s access token early (3/4 of its lifetime had passed, G12.5 p193)"
                )),
                Err(e) => {
                    state.early_refresh_failed();
                    client.log().note(client.redactor().redact(&format!(
                        "could not renew {user}'s access token early, going on with the current one: {e}"
                    )));
                }
            }
        }
        let out = (state.token().clone(), state.generation());
        *guard = Some(state);
        Ok(out)
    }

    /// After the target refused generation `sent` of `user`'s token: the token to retry with,
    /// renewed if nobody renewed it meanwhile; None when it cannot be renewed.
    pub(super) async fn after_401(
        &self,
        client: &FinesseClient,
        user: &str,
        source: &TokenSource,
        sent: u64,
    ) -> Result<Option<(Secret, u64)>, String> {
        let slot = self.slot(user, source);
        let mut guard = slot.state.lock().await;
        let Some(state) = guard.as_mut() else {
            return Ok(None);
        };
        match state.after_401(sent, slot.source.command.is_some()) {
            After401::GiveUp => Ok(None),
            After401::RetryWithCurrent => Ok(Some((state.token().clone(), state.generation()))),
            After401::Renew(ways) => {
                self.renew(client, user, &slot.source, state, &ways).await?;
                Ok(Some((state.token().clone(), state.generation())))
            }
        }
    }

    /// Renews `user`'s token now with its refresh token, whatever its age, for the scenario
    /// that checks "Single Sign-On—Refresh Existing Access Token" (G12.5 p193). The store
    /// keeps the new token, so later requests use it. Ok(None): the user has no refresh token.
    pub(super) async fn refresh_now(
        &self,
        client: &FinesseClient,
        user: &str,
        source: &TokenSource,
    ) -> Result<Option<Secret>, String> {
        let slot = self.slot(user, source);
        let mut guard = slot.state.lock().await;
        let mut state = match guard.take() {
            Some(s) => s,
            None => {
                let (grant, since) = self
                    .first(client, user, &slot.source)
                    .await
                    .map_err(|e| e.to_string())?;
                TokenState::new(grant, since)
            }
        };
        let result = if state.grant().refresh.is_none() {
            Ok(None)
        } else {
            self.renew(client, user, &slot.source, &mut state, &[Refresh::Endpoint])
                .await
                .map(|()| Some(state.token().clone()))
        };
        *guard = Some(state);
        result
    }

    /// The first token and when it was obtained: the source's own, else its command's.
    async fn first(
        &self,
        client: &FinesseClient,
        user: &str,
        source: &TokenSource,
    ) -> Result<(TokenGrant, Instant), ClientError> {
        if let Some(g) = &source.initial {
            learn(client, user, g);
            return Ok((g.clone(), source.since));
        }
        self.run_command(client, user, source)
            .await
            .map(|g| (g, Instant::now()))
            .map_err(|detail| ClientError::Token {
                user: user.to_string(),
                detail,
            })
    }

    /// Tries `ways` in order until one gives a new token.
    async fn renew(
        &self,
        client: &FinesseClient,
        user: &str,
        source: &TokenSource,
        state: &mut TokenState,
        ways: &[Refresh],
    ) -> Result<(), String> {
        let mut failures = Vec::new();
        for way in ways {
            let got = match way {
                Refresh::Endpoint => refresh_via_api(client, user, state.grant()).await,
                Refresh::Command => self.run_command(client, user, source).await,
            };
            match got {
                Ok(g) => {
                    state.renewed(g, *way, Instant::now());
                    return Ok(());
                }
                Err(e) => failures.push(e),
            }
        }
        Err(failures.join("; then "))
    }

    async fn run_command(
        &self,
        client: &FinesseClient,
        user: &str,
        source: &TokenSource,
    ) -> Result<TokenGrant, String> {
        let Some(cmd) = &source.command else {
            return Err(format!(
                "{} gives no token_command to get a new token with",
                source.key
            ));
        };
        let g = command::run(&source.key, cmd, self.command_deadline)
            .await
            .map_err(|e| e.to_string())?;
        learn(client, user, &g);
        client
            .log()
            .note(format!("got {user}'s access token from {}", source.key));
        Ok(g)
    }
}

/// Teaches the redactor every secret of `g`, with the name it may pair with.
fn learn(client: &FinesseClient, user: &str, g: &TokenGrant) {
    for s in g.secrets() {
        client.redactor().learn(s, &[user.to_string()]);
    }
}

/// "Single Sign-On—Refresh Existing Access Token" (G12.5 p193): a form POST of the access
/// and refresh tokens; 200 answers the IdS JSON with the new token.
async fn refresh_via_api(
    client: &FinesseClient,
    user: &str,
    current: &TokenGrant,
) -> Result<TokenGrant, String> {
    let Some(refresh) = &current.refresh else {
        return Err("there is no refresh token".into());
    };
    client.log().note(format!(
        "renewing {user}'s access token with its refresh token (G12.5 p193)"
    ));
    let body = format!(
        "token={}&refresh-token={}",
        form_encode(current.access.expose()),
        form_encode(refresh.expose())
    );
    let req = Request {
        method: reqwest::Method::POST,
        path: TOKEN_PATH.to_string(),
        auth: None,
        body: Some(body),
        request_id: None,
        content_type: Some("application/x-www-form-urlencoded"),
        range: None,
    };
    // The new tokens are learnt before the answer is recorded.
    let inspect = |r: &Response| {
        if r.status == 200
            && let Ok(g) = grant::parse_json(&r.body)
        {
            learn(client, user, &g);
        }
    };
    let resp = client
        .exchange(&req, None, &inspect)
        .await
        .map_err(|e| e.to_string())?;
    if resp.status != 200 {
        return Err(format!(
            "POST {TOKEN_PATH} answered {} (the refresh token may have expired)",
            resp.status
        ));
    }
    grant::parse_json(&resp.body)
        .map_err(|e| format!("POST {TOKEN_PATH} answered 200, but the body {e}"))
}
