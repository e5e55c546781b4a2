//! ClientLog steps (G12.5 p163; DEV/clientlog-api-errors): a user posts its client-side
//! log; other methods and other users are refused.

use cucumber::when;

use super::world::{FinesseWorld, Role, StepResult, creds, unknown_credentials, user_path};
use crate::finesse::{Credentials, Request};

fn client_log_path(id: &str) -> String {
    format!("{}/ClientLog", user_path(id))
}

/// A ClientLog body whose logData holds `chars` characters (None: no logData at all). The
/// text is plain ASCII, so characters and bytes agree whatever Finesse counts.
fn client_log_body(chars: Option<usize>) -> String {
    match chars {
        Some(n) => format!(
            "<ClientLog><logData>{}</logData></ClientLog>",
            "x".repeat(n)
        ),
        None => "<ClientLog></ClientLog>".into(),
    }
}

async fn post_log(
    w: &mut FinesseWorld,
    owner: Role,
    who: Credentials,
    chars: Option<usize>,
) -> StepResult {
    let owner = w.id(owner)?;
    let req = Request::post(client_log_path(&owner.id), client_log_body(chars));
    w.send(req.as_user(who)).await.map(drop)
}

#[when(regex = r"^the agent posts a client log of (\d+) characters$")]
async fn posts_log(w: &mut FinesseWorld, chars: usize) -> StepResult {
    let who = creds(&w.id(Role::Agent)?);
    post_log(w, Role::Agent, who, Some(chars)).await
}

#[when("the agent posts a client log without logData")]
async fn posts_empty_log(w: &mut FinesseWorld) -> StepResult {
    let who = creds(&w.id(Role::Agent)?);
    post_log(w, Role::Agent, who, None).await
}

#[when(
    regex = r"^(the second agent|someone with unknown credentials) posts the agent's client log$"
)]
async fn posts_others_log(w: &mut FinesseWorld, sender: String) -> StepResult {
    let who = if sender.starts_with("someone") {
        unknown_credentials(w)?
    } else {
        creds(&w.id(Role::SecondAgent)?)
    };
    post_log(w, Role::Agent, who, Some(10)).await
}

#[when(regex = r"^the agent sends (GET|PUT) to their ClientLog$")]
async fn other_method(w: &mut FinesseWorld, method: String) -> StepResult {
    let a = w.id(Role::Agent)?;
    let path = client_log_path(&a.id);
    let req = if method == "GET" {
        Request::get(path)
    } else {
        Request::put(path, client_log_body(Some(10)))
    };
    w.send(req.as_user(creds(&a))).await.map(drop)
}
