//! `POST /TeamMessage` (G12.5 p202, "TeamMessage—Create a Team Message"): supervisors or
//! administrators broadcast a message to teams; the page answers 200, lists 401
//! Authorization Failure, 404, 500 and 503, and 207 when the alternate node was not told.
//!
//! Only the Create page is among the stored guide pages, so the mock implements Create alone
//! and keeps nothing: Get, Get List and Delete are not served (their URIs are not read).
//! Mock choices (the page is silent; README "Mock fidelity"): the body must carry an integer
//! duration, a content of 1 to 255 characters and at least one team, else 400; any team id is
//! accepted; no limit of active messages (the page names the error but not the limit); 207
//! is never answered (it needs a second node).

use std::time::Instant;

use super::{Accepted, ApiFailure, Credential, Finesse};
use crate::deviations::Deviation;
use crate::documents::TeamMessagePost;

/// Most characters `content` may hold ("TeamMessage API Parameters").
pub(crate) const MAX_CONTENT_CHARS: usize = 255;

impl Finesse {
    pub(crate) fn create_team_message(
        &mut self,
        creds: Option<&Credential>,
        body: Result<TeamMessagePost, String>,
        now: Instant,
    ) -> Result<Accepted, ApiFailure> {
        self.advance(now);
        self.check_service()?;
        let stand_in = self.unknown_name_as_admin();
        let caller = self.authenticate_with(creds, now, stand_in)?;
        // "Supervisors or administrators can use this API"; the page's refusal is 401.
        let may_create =
            caller.admin || caller.supervisor || self.dev(Deviation::TeamMessageAgentMayCreate);
        if !may_create {
            return Err(ApiFailure::authorization_failure(&caller.id));
        }
        let body = body.map_err(ApiFailure::bad_request)?;
        check_body(&body)?;
        // `team-message-create-202`: the documented 200 becomes another success status.
        let status = if self.dev(Deviation::TeamMessageCreate202) {
            202
        } else {
            200
        };
        Ok(Accepted {
            status,
            echo_request_id: false,
        })
    }
}

/// The mock's own check of the body (the page prints the body but no 400).
fn check_body(body: &TeamMessagePost) -> Result<(), ApiFailure> {
    match body.duration.as_deref().map(str::trim) {
        None | Some("") => return Err(ApiFailure::parameter_missing("duration")),
        Some(d) if d.parse::<u32>().is_err() => {
            return Err(ApiFailure::invalid_input(
                "duration",
                format!("duration {d:?} is not a number of seconds"),
            ));
        }
        Some(_) => {}
    }
    let content = body.content.as_deref().unwrap_or("");
    if content.trim().is_empty() {
        return Err(ApiFailure::parameter_missing("content"));
    }
    if content.chars().count() > MAX_CONTENT_CHARS {
        return Err(ApiFailure::invalid_input(
            "content",
            format!("content holds more than {MAX_CONTENT_CHARS} characters"),
        ));
    }
    let teams = body
        .teams
        .as_ref()
        .map(|t| t.team.as_slice())
        .unwrap_or(&[]);
    if teams.iter().all(|t| t.trim().is_empty()) {
        return Err(ApiFailure::parameter_missing("teams"));
    }
    Ok(())
}
