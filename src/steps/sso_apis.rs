//! The Single Sign-On APIs (developer.cisco.com "Single Sign-On APIs"; G12.5 p189–193).
//!
//! "Get User Authentication Mode" needs no credentials and works on any lab: the mode it
//! reports for a user must be the one the profile signs that user in with (a password:
//! NON_SSO; an access token: SSO). "Refresh Existing Access Token" needs an agent who signs in
//! with an SSO access token and its refresh token: a profile whose agents have passwords
//! skips it (`scenario::needs`, the phrase "SSO access token").

use cucumber::{given, then, when};

use super::world::{FinesseWorld, Role, StepError, StepResult, creds, fail, user_path};
use crate::domain::verdict::Cause;
use crate::finesse::models::UserAuthMode;
use crate::finesse::{Credentials, Request};
use crate::profile::{Auth, Identity};

/// `GET /finesse/api/UserAuthMode/{name}`, the name one URL-encoded path segment.
fn auth_mode_path(name: &str) -> Result<String, StepError> {
    let mut url = url::Url::parse("http://finesse.invalid/finesse/api/UserAuthMode")
        .map_err(|e| StepError::infrastructure(format!("cannot build the path: {e}")))?;
    url.path_segments_mut()
        .map_err(|()| StepError::infrastructure("cannot build the UserAuthMode path"))?
        .push(name);
    Ok(url.path().to_string())
}

/// The mode the profile signs `who` in with, as the API names it.
fn expected_mode(who: &Identity) -> &'static str {
    match who.auth {
        Auth::Password(_) => "NON_SSO",
        Auth::Token(_) => "SSO",
    }
}

/// The agent's login name, from its own User.
async fn login_name(w: &FinesseWorld, a: &Identity) -> Result<String, StepError> {
    match w.read_user(a).await?.login_name {
        Some(n) if !n.trim().is_empty() => Ok(n),
        _ => Err(StepError::precondition(format!(
            "the agent {}'s User shows no loginName to ask by",
            a.id
        ))),
    }
}

#[when(regex = r"^the agent asks for its authentication mode by (user id|login name)$")]
async fn asks_own_mode(w: &mut FinesseWorld, by: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let name = if by == "user id" {
        a.id.clone()
    } else {
        login_name(w, &a).await?
    };
    w.send(Request::get(auth_mode_path(&name)?).as_user(creds(&a)))
        .await
        .map(drop)
}

#[when("a client without credentials asks for the agent's authentication mode")]
async fn asks_anonymously(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    w.send(Request::get(auth_mode_path(&a.id)?)).await.map(drop)
}

fn auth_mode(w: &FinesseWorld) -> Result<Option<String>, StepError> {
    let m: UserAuthMode = w.last()?.parse("UserAuthMode")?;
    Ok(m.auth_mode.map(|s| s.trim().to_string()))
}

#[then("the authentication mode is the one the profile signs the agent in with")]
async fn mode_is_profiles(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let expected = expected_mode(&a);
    match auth_mode(w)? {
        Some(m) if m == expected => Ok(()),
        other => fail(format!(
            "expected authMode {expected} (the profile signs {} in with {}), got {other:?}",
            a.id,
            if expected == "SSO" {
                "an access token"
            } else {
                "a password"
            }
        )),
    }
}

/// The page's parameter table gives "SSO or non-SSO"; its example writes NON_SSO.
#[then("the response gives an authentication mode")]
async fn gives_a_mode(w: &mut FinesseWorld) -> StepResult {
    match auth_mode(w)?.as_deref() {
        Some("SSO" | "NON_SSO") => Ok(()),
        other => fail(format!(
            "expected a UserAuthMode whose authMode is SSO or NON_SSO, got {other:?}"
        )),
    }
}

#[given("the agent signs in with an SSO access token")]
async fn signs_in_with_token(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    match a.auth {
        Auth::Token(_) => Ok(()),
        Auth::Password(_) => Err(StepError::precondition(format!(
            "the agent {} signs in with a password, not an SSO access token",
            a.id
        ))),
    }
}

/// Renews the agent's token through the run's token store (which keeps the new one, so the
/// scenarios after this one go on with it), then reads the agent's own User with exactly the
/// new token: a token Finesse does not accept is not renewed again on the way.
#[when("the agent refreshes its access token and reads its User with the new one")]
async fn refreshes_token(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let client = w
        .client
        .clone()
        .ok_or_else(|| StepError::infrastructure("the scenario has no client"))?;
    let token = match client.refresh_token_now(&creds(&a)).await {
        Ok(Some(t)) => t,
        Ok(None) => {
            return Err(StepError::precondition(format!(
                "the profile gives the agent {} no refresh token (a token_command that prints \
                 only an access token cannot be refreshed through the API)",
                a.id
            )));
        }
        // The refusal is the finding this scenario is about, though it happens in a When step.
        Err(e) => {
            return Err(
                StepError::new(format!("refreshing the agent's access token failed: {e}"))
                    .because(Cause::Finding),
            );
        }
    };
    let new = Credentials::bearer(a.auth_name(), token);
    w.send(Request::get(user_path(&a.id)).as_user(new))
        .await
        .map(drop)
}

/// `GET /desktop/sso/test` (G12.5 p189).
const SSO_TEST_PATH: &str = "/desktop/sso/test";

#[when("the agent runs the SSO test with its SSO access token")]
async fn runs_sso_test(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    w.send(Request::get(SSO_TEST_PATH).as_user(creds(&a)))
        .await
        .map(drop)
}

/// A token no identity provider issued, in place of the agent's SSO access token.
#[when("the agent runs the SSO test with a made-up token")]
async fn runs_sso_test_made_up(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let made_up = Credentials::bearer(
        a.auth_name(),
        crate::profile::Secret::new("not-a-token-the-identity-service-issued"),
    );
    w.send(Request::get(SSO_TEST_PATH).as_user(made_up))
        .await
        .map(drop)
}

/// The value of the `ssotest` cookie the last response set, if it set one.
fn ssotest_cookie(w: &FinesseWorld) -> Result<Option<String>, StepError> {
    let r = w.last()?;
    Ok(r.header("set-cookie").and_then(|c| {
        c.split(';').find_map(|part| {
            let (k, v) = part.trim().split_once('=')?;
            (k.trim() == "ssotest").then(|| v.trim().to_string())
        })
    }))
}

/// p190: a passed test answers 200 and sets `ssotest=true`.
#[then("the SSO test passes")]
async fn sso_test_passes(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    let (status, cookie) = (r.status, ssotest_cookie(w)?);
    match (status, cookie.as_deref()) {
        (200, Some("true")) => Ok(()),
        (s, c) => fail(format!(
            "expected 200 with the cookie ssotest=true, got HTTP {s} with ssotest={}",
            c.unwrap_or("(no ssotest cookie)")
        )),
    }
}

/// p190: a failed test sets `ssotest=false`, and the page posts errorMessage AUTH_ERROR or
/// NO TOKEN. The page gives no status for it. Without the cookie, Finesse may have sent the
/// request on to the identity provider's login, which the harness does not drive.
#[then("the SSO test fails, naming why")]
async fn sso_test_fails(w: &mut FinesseWorld) -> StepResult {
    let cookie = ssotest_cookie(w)?;
    let r = w.last()?;
    match cookie.as_deref() {
        Some("false") => {
            if r.body.contains("AUTH_ERROR") || r.body.contains("NO TOKEN") {
                Ok(())
            } else {
                fail(format!(
                    "expected the page to post errorMessage AUTH_ERROR or NO TOKEN; HTTP {} body: {}",
                    r.status,
                    r.describe()
                ))
            }
        }
        Some(other) => fail(format!(
            "expected the cookie ssotest=false for a made-up token, got ssotest={other} (HTTP {})",
            r.status
        )),
        None => Err(StepError::precondition(format!(
            "the answer (HTTP {}) set no ssotest cookie: Finesse may have sent the request on \
             to the identity provider, whose login the harness does not drive",
            r.status
        ))),
    }
}

/// "Fetch Access Token" (G12.5 p190) for the agent, who is signed in at the identity service
/// already: its access token goes with the request, as a browser's IdS session would, and
/// `cc_username` names it (the developer site's SSO client integration). Any tokens in the
/// answer are taught to the redactor before the exchange is recorded.
#[when("the agent, signed in with its SSO access token, fetches an access token")]
async fn fetches_token(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let mut url = url::Url::parse("http://finesse.invalid/desktop/sso/token")
        .map_err(|e| StepError::infrastructure(format!("cannot build the path: {e}")))?;
    url.query_pairs_mut()
        .append_pair("cc_username", a.auth_name())
        .append_pair("return_refresh_token", "true");
    let path = format!("{}?{}", url.path(), url.query().unwrap_or_default());
    let client = w
        .client
        .clone()
        .ok_or_else(|| StepError::infrastructure("the scenario has no client"))?;
    let resp = client
        .send_for_tokens(Request::get(path).as_user(creds(&a)))
        .await?;
    w.last = Some(resp);
    Ok(())
}

/// p190: JSON with the access token (`token`, the IdS JSON of the SSO client integration)
/// and, as `return_refresh_token=true` asked, the refresh token. An answer that is not JSON
/// means Finesse sent the request on to the identity provider, whose login the harness does
/// not drive.
#[then("Finesse answers a new access token and its refresh token")]
async fn answers_tokens(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    if serde_json::from_str::<serde_json::Value>(&r.body).is_err() {
        return Err(StepError::precondition(format!(
            "the answer (HTTP {}) is not JSON: Finesse may have sent the request on to the \
             identity provider, whose login the harness does not drive",
            r.status
        )));
    }
    if r.status != 200 {
        return fail(format!(
            "expected 200 with the IdS JSON, got HTTP {}",
            r.status
        ));
    }
    match crate::auth::grant::parse_json(&r.body) {
        Ok(g) if g.refresh.is_some() => Ok(()),
        Ok(_) => fail(
            "the JSON has an access token but no refresh_token, though return_refresh_token=true asked for it",
        ),
        Err(e) => fail(format!("the JSON is not the IdS token JSON: {e}")),
    }
}
