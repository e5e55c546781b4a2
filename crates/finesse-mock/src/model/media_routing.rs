//! Media—Change Agent to Routable/Not Routable (G12.5 p.172–173) and the Media error rows
//! the Media API Errors table adds (p.185). CCE non-voice MRDs only.

use super::agent_state::Requested;
use super::errors::{ApiFailure, CtiError};
use super::media::{MediaSession, MediaState};
use super::{Finesse, Work};
use crate::deviations::Deviation;
use crate::documents::MediaUpdate;

/// The example failure of p.173: asking for the mode the agent is already in.
pub(crate) const ALREADY_IN_MODE: CtiError = CtiError::new(
    "Agent already in requested mode",
    "1",
    "E_ARM_STAT_ALREADY_IN_REQUESTED_AGENT_MODE",
);

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `Some` when the body is a routable request (a `<routable>` and no `<state>`), with the
/// parsed value or the 400 an unreadable one gets. p.173 lists "400: Bad Request (for
/// example, invalid input for parameters)"; the Media error table (p.185) calls an invalid
/// parameter Invalid Input, which the mock answers (the scenarios assert only the 400).
pub(crate) fn parse_routable(update: &MediaUpdate, mrd: &str) -> Option<Result<bool, ApiFailure>> {
    if present(&update.state).is_some() {
        return None;
    }
    let value = present(&update.routable)?;
    Some(match value {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(ApiFailure::invalid_input(
            "routable",
            format!("Invalid routable value {other}; expected true or false"),
        )
        .with_media(mrd)),
    })
}

/// A state value that is not one a Media request may carry (the 400 Invalid Input row).
pub(crate) fn unknown_state(update: &MediaUpdate) -> bool {
    present(&update.state).is_some_and(|s| Requested::parse(s).is_none())
}

/// What ARM does with a routable request. `Ok(None)`: nothing changes.
/// `ignored` is the `media-routable-ignored` deviation.
pub(crate) fn set_routable(
    session: &MediaSession,
    routable: bool,
    ignored: bool,
) -> Result<Option<MediaSession>, CtiError> {
    // The guide does not say what a signed-out user gets; ARM's not-logged-in error is the
    // mock's choice (README "Mock fidelity").
    if session.state == MediaState::Logout {
        return Err(super::media::NOT_LOGGED_IN);
    }
    if session.not_routable != routable {
        return Err(ALREADY_IN_MODE);
    }
    if ignored {
        return Ok(None);
    }
    Ok(Some(MediaSession {
        not_routable: !routable,
        ..session.clone()
    }))
}

impl Work {
    pub(super) fn routable(user: &str, mrd: &str, routable: bool) -> Work {
        Work::MediaRoutable {
            user: user.to_string(),
            mrd: mrd.to_string(),
            routable,
        }
    }
}

impl Finesse {
    pub(super) fn routable_request(
        &self,
        update: &MediaUpdate,
        mrd: &str,
    ) -> Option<Result<bool, ApiFailure>> {
        match parse_routable(update, mrd) {
            Some(Err(_)) if self.dev(Deviation::MediaRoutableValueUnchecked) => Some(Ok(true)),
            parsed => parsed,
        }
    }

    /// A change to another user's Media is Invalid Authorization User Specified (p.185);
    /// `media-other-user-authorization-failure` answers the generic 401 instead.
    pub(super) fn other_users_media(&self, refusal: ApiFailure, target: &str) -> ApiFailure {
        if self.dev(Deviation::MediaOtherUserAuthorizationFailure) {
            ApiFailure::authorization_failure(target)
        } else {
            refusal
        }
    }

    pub(super) fn apply_routable(
        &mut self,
        user: String,
        mrd: String,
        routable: bool,
        request_id: Option<String>,
    ) {
        let key = (user.clone(), mrd.clone());
        let session = self.media.get(&key).cloned().unwrap_or_default();
        let ignored = self.dev(Deviation::MediaRoutableIgnored);
        match set_routable(&session, routable, ignored) {
            // Not a state change: stateChangeTime stays.
            Ok(Some(next)) => {
                self.media.insert(key, next);
            }
            Ok(None) => {}
            Err(cti) => {
                let source = format!("/finesse/api/User/{user}/Media/{mrd}");
                self.record_async(user, source, request_id, cti, Some(mrd));
            }
        }
    }
}
