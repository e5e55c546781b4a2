//! Reading a User by login name ("User—Get User Id from loginName", new in 12.5(1), Unified
//! CCE). The agent's login name comes from its own User, so a lab needs no profile key.

use cucumber::{then, when};

use super::world::{FinesseWorld, Role, StepError, StepResult, creds, fail, user_path};
use crate::finesse::Request;
use crate::finesse::models::User;
use crate::profile::Identity;

/// The User path for `login_name` as one URL-encoded path segment (the page asks for UTF-8
/// URL encoding; SSO user names may hold `@` or spaces).
fn login_name_path(login_name: &str) -> Result<String, StepError> {
    let mut url = url::Url::parse(&format!("http://finesse.invalid{}", user_path("")))
        .map_err(|e| StepError::infrastructure(format!("cannot build the User path: {e}")))?;
    url.path_segments_mut()
        .map_err(|()| StepError::infrastructure("cannot build the User path"))?
        .pop_if_empty()
        .push(login_name);
    Ok(url.path().to_string())
}

/// `who`'s login name, read from its own User.
async fn login_name_of(w: &FinesseWorld, who: &Identity) -> Result<String, StepError> {
    match w.read_user(who).await?.login_name {
        Some(n) if !n.trim().is_empty() => Ok(n),
        _ => fail(format!("{}'s User shows no loginName", who.id)),
    }
}

#[when(
    regex = r"^the (agent reads their own|administrator reads the agent's|second agent reads the agent's) User by login name$"
)]
async fn reads_by_login_name(w: &mut FinesseWorld, reader: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let name = login_name_of(w, &a).await?;
    // Where the login name is the id, the request cannot show the lookup works.
    if name == a.id {
        return Err(StepError::precondition(format!(
            "the agent's loginName is its id ({name}): the lab cannot show a lookup by login name"
        )));
    }
    let reader = reader.split(" reads").next().unwrap_or_default();
    let reader = if reader == "administrator" {
        w.admin()?
    } else {
        w.id(Role::parse(reader)?)?
    };
    w.send(Request::get(login_name_path(&name)?).as_user(creds(&reader)))
        .await
        .map(drop)
}

/// The User just read is the agent's: its loginId is the agent's id and its loginName the
/// name the request used.
#[then("the User read by login name is the agent's")]
async fn read_is_the_agents(w: &mut FinesseWorld) -> StepResult {
    let a = w.id(Role::Agent)?;
    let name = login_name_of(w, &a).await?;
    let user: User = w.last()?.parse("User")?;
    let got = (user.login_id.as_deref(), user.login_name.as_deref());
    if got == (Some(a.id.as_str()), Some(name.as_str())) {
        Ok(())
    } else {
        fail(format!(
            "expected the User of {} (loginId {}, loginName {name}); got loginId {:?}, loginName {:?}",
            a.id, a.id, got.0, got.1
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_one_encoded_segment() {
        let path = |n: &str| login_name_path(n).map_err(|e| e.to_string());
        assert_eq!(path("csmith"), Ok("/finesse/api/User/csmith".into()));
        assert_eq!(
            path("j.smith@example.com"),
            Ok("/finesse/api/User/j.smith@example.com".into())
        );
        assert_eq!(path("a b/c"), Ok("/finesse/api/User/a%20b%2Fc".into()));
    }
}
