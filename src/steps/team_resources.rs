//! TeamResource—Get Phone Books (developer.cisco.com; "TeamResource API Errors"): a team
//! member reads `GET /finesse/api/TeamResource/{teamId}/PhoneBooks` with a `Range:
//! objects=A-B` header. The team is the agent's, as the agent's own User names it.

use cucumber::{then, when};

use super::world::{FinesseWorld, Role, StepError, StepResult, creds, fail, unknown_credentials};
use crate::finesse::Request;
use crate::finesse::models::PhoneBooks;

fn phone_books_path(team: &str) -> String {
    format!("/finesse/api/TeamResource/{team}/PhoneBooks")
}

#[when(
    regex = r#"^(the agent|the supervisor|the other-team agent) reads the agent's team phone books with the range "([^"]+)"$"#
)]
async fn reads_with_range(w: &mut FinesseWorld, reader: String, range: String) -> StepResult {
    let team = w.agents_team().await?;
    let who = creds(&w.id(Role::parse(&reader)?)?);
    w.send(
        Request::get(phone_books_path(&team))
            .with_range(range)
            .as_user(who),
    )
    .await
    .map(drop)
}

#[when("the agent reads the agent's team phone books without a range")]
async fn reads_without_range(w: &mut FinesseWorld) -> StepResult {
    let team = w.agents_team().await?;
    let who = creds(&w.id(Role::Agent)?);
    w.send(Request::get(phone_books_path(&team)).as_user(who))
        .await
        .map(drop)
}

#[when("someone with unknown credentials reads the agent's team phone books")]
async fn stranger_reads(w: &mut FinesseWorld) -> StepResult {
    let team = w.agents_team().await?;
    let who = unknown_credentials(w)?;
    w.send(
        Request::get(phone_books_path(&team))
            .with_range("objects=1-6000")
            .as_user(who),
    )
    .await
    .map(drop)
}

#[when("the agent reads the phone books of an unknown team")]
async fn reads_unknown_team(w: &mut FinesseWorld) -> StepResult {
    let who = creds(&w.id(Role::Agent)?);
    let unknown = w.ctx()?.profile.test_data.unknown_team_id.clone();
    w.send(
        Request::get(phone_books_path(&unknown))
            .with_range("objects=1-6000")
            .as_user(who),
    )
    .await
    .map(drop)
}

/// 200 Success or 206 Partial Content (the page lists both without saying when each comes),
/// with a `<PhoneBooks>` body.
fn listed(w: &FinesseWorld) -> Result<PhoneBooks, StepError> {
    let r = w.last()?;
    if !matches!(r.status, 200 | 206) {
        return fail(format!(
            "expected 200 or 206 with the team's phone books, got {}",
            r.describe()
        ));
    }
    Ok(r.parse("PhoneBooks")?)
}

/// Every phone book has a name and the type GLOBAL or TEAM, and the global ones come first
/// ("Contacts are retrieved from the global phone books first, followed by the team phone
/// books").
#[then("the response lists the team's phone books, global ones first")]
async fn lists_phone_books(w: &mut FinesseWorld) -> StepResult {
    let books = listed(w)?;
    let mut seen_team = None;
    for b in &books.books {
        let name = b.name.as_deref().map(str::trim).unwrap_or("");
        if name.is_empty() {
            return fail(format!("a PhoneBook has no name: {b:?}"));
        }
        match b.kind.as_deref().map(str::trim) {
            Some("TEAM") => seen_team = seen_team.or(Some(name.to_string())),
            Some("GLOBAL") => {
                if let Some(team_book) = &seen_team {
                    return fail(format!(
                        "the global phone book \"{name}\" comes after the team phone book \"{team_book}\"; global ones come first"
                    ));
                }
            }
            other => {
                return fail(format!(
                    "phone book \"{name}\" has type {other:?}, expected GLOBAL or TEAM"
                ));
            }
        }
    }
    Ok(())
}

/// The answer holds at most `n` contacts in all its phone books.
#[then(regex = r"^the response lists at most (\d+) contacts?$")]
async fn at_most_contacts(w: &mut FinesseWorld, n: usize) -> StepResult {
    let books = listed(w)?;
    let count: usize = books.books.iter().map(|b| b.contacts.contacts.len()).sum();
    if count > n {
        return fail(format!(
            "expected at most {n} contacts for the range, got {count}"
        ));
    }
    Ok(())
}

/// "TeamResource API Errors" names two 404s for a team that does not exist: Not Found and
/// TeamId Not Found (no such team in CTI). Either passes.
#[then("the response is 404 for a team that does not exist")]
async fn unknown_team_404(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    let types = r.error_types();
    let named = types
        .iter()
        .any(|t| t == "Not Found" || t == "TeamId Not Found");
    if r.status != 404 || !named {
        return fail(format!(
            "expected 404 with ErrorType \"Not Found\" or \"TeamId Not Found\", got {}",
            r.describe()
        ));
    }
    Ok(())
}

/// Refused: a 4xx, and no phone books served.
#[then("the phone books are not served")]
async fn not_served(w: &mut FinesseWorld) -> StepResult {
    let r = w.last()?;
    if (400..500).contains(&r.status) {
        return Ok(());
    }
    fail(format!(
        "expected a refusal (4xx) without the phone books, got {}",
        r.describe()
    ))
}
