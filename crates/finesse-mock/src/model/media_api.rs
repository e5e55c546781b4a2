//! The Media API in the model (CCE non-voice MRDs, G12.5 p.167–171, reference §5).

use std::time::Instant;

use super::agent_state::Requested;
use super::directory::Directory;
use super::media::{self, MediaLifts, MrdDef};
use super::reason_codes::Category;
use super::{Accepted, Api, ApiFailure, Credential, Finesse, Work};
use crate::deviations::Deviation;
use crate::documents::{self as doc, MediaUpdate};

impl Finesse {
    pub(super) fn find_mrd(&self, mrd: &str) -> Result<MrdDef, ApiFailure> {
        self.mrds
            .iter()
            .find(|m| m.id == mrd)
            .cloned()
            .ok_or_else(|| {
                if self.dev(Deviation::UnknownMrdReturns400) {
                    ApiFailure::invalid_input("mrdId", format!("Invalid mrdId {mrd}"))
                        .with_media(mrd)
                } else {
                    ApiFailure::not_found(mrd, format!("Media Routing Domain {mrd} not found"))
                        .with_media(mrd)
                }
            })
    }

    pub(crate) fn media_list(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<doc::MediaList, ApiFailure> {
        let (caller, target) = self.begin_for(Api::Media, creds, id, now)?;
        Directory::check_own_media(&caller, &target, false)?;
        let listed = if self.dev(Deviation::MediaListEmpty) {
            &[][..]
        } else {
            &self.mrds[..]
        };
        Ok(doc::MediaList {
            media: listed
                .iter()
                .map(|m| self.render_media(&target.id, m))
                .collect(),
        })
    }

    pub(crate) fn media(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        mrd: &str,
        now: Instant,
    ) -> Result<doc::Media, ApiFailure> {
        let (caller, target) = self.begin_for(Api::Media, creds, id, now)?;
        let mrd = self.find_mrd(mrd)?;
        Directory::check_own_media(&caller, &target, false)?;
        Ok(self.render_media(&target.id, &mrd))
    }

    /// `PUT /User/{id}/Media/{mrdId}` (G12.5 p.168–171).
    pub(crate) fn put_media(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        mrd: &str,
        body: Result<MediaUpdate, String>,
        request_id: Option<String>,
        now: Instant,
    ) -> Result<Accepted, ApiFailure> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        let (caller, target) = self.begin_for(Api::Media, creds, id, now)?;
        let mrd = self.find_mrd(mrd)?;
        Directory::check_own_media(
            &caller,
            &target,
            self.dev(Deviation::MediaOwnershipNotChecked),
        )
        .map_err(|e| self.other_users_media(e, &target.id).with_media(&mrd.id))?;
        let accepted = self.accepted_for(Api::Media);
        let body = match body {
            Ok(b) => b,
            // Accepted and ignored: the body never reaches the model.
            Err(_) if self.dev(Deviation::MalformedMediaBodyAccepted) => return Ok(accepted),
            Err(e) => return Err(ApiFailure::bad_request(e).with_media(&mrd.id)),
        };
        // A body with <routable> and no <state> is Change Agent to Routable (p.172).
        if let Some(routable) = self.routable_request(&body, &mrd.id) {
            self.enqueue(
                now,
                request_id,
                Work::routable(&target.id, &mrd.id, routable?),
            );
            return Ok(accepted);
        }
        if self.dev(Deviation::MediaInvalidStateAccepted)
            && super::media_routing::unknown_state(&body)
        {
            return Ok(accepted);
        }
        if body.state.as_deref().is_none_or(|s| s.trim().is_empty())
            && self.dev(Deviation::MediaMissingStateAccepted)
        {
            return Ok(accepted);
        }
        let request = media::validate(
            &body,
            &mrd.id,
            self.dev(Deviation::MediaSignInParametersUnchecked),
            self.dev(Deviation::MediaDialogLogoutActionDefaultTransfer),
        )?;
        let ready_with_reason = request.requested == Requested::Ready
            && self.dev(Deviation::MediaReasonWithReadyAccepted);
        match &request.reason_code_id {
            Some(r) if !ready_with_reason => {
                self.codes
                    .check_use(r, request.requested, &target.teams(), self.lifts())
                    .map_err(|e| e.with_media(&mrd.id))?;
            }
            Some(_) => {}
            // p171: the code is required for NOT_READY or LOGOUT when codes are configured for
            // that category; the guide does not name the error, Parameter Missing is the
            // closest documented one.
            None => {
                if let Some(category) = Category::of(request.requested)
                    && !self.codes.usable(category, &target.teams()).is_empty()
                    && !self.dev(Deviation::MediaReasonCodeOptional)
                {
                    return Err(ApiFailure::parameter_missing("reasonCodeId").with_media(&mrd.id));
                }
            }
        }
        self.enqueue(
            now,
            request_id,
            Work::Media {
                user: target.id.clone(),
                mrd: mrd.id.clone(),
                request,
            },
        );
        Ok(accepted)
    }

    pub(super) fn media_lifts(&self) -> MediaLifts {
        MediaLifts {
            sign_in_ready: self.dev(Deviation::MediaSignInLandsInReady),
            second_sign_in_resets: self.dev(Deviation::MediaSecondSignInResets),
            ready_ignored: self.dev(Deviation::MediaReadyIgnored),
            change_before_sign_in: self.dev(Deviation::MediaChangeBeforeSignInAllowed),
            ready_twice_restamps: self.dev(Deviation::MediaReadyTwiceRestamps),
            ready_keeps_not_routable: self.dev(Deviation::MediaReadyKeepsNotRoutable),
        }
    }
}
