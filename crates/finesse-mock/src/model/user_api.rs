//! The User API in the model: get a user, change its state (G12.5 p.29–51), its reason
//! codes (p.52–53); and the Team a supervisor reads (Team—Get Team).

use std::time::Instant;

use super::agent_state::{self, AgentState, Requested};
use super::directory::{Access, Directory, UserDef};
use super::mobile_agent;
use super::reason_codes::{self, Category};
use super::render::render_reason_code;
use super::{Accepted, Api, ApiFailure, Credential, Finesse, Work};
use crate::deviations::Deviation;
use crate::documents::{self as doc, UserUpdate};
use finesse_protocol::Deployment;

impl Finesse {
    pub(crate) fn get_user(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<doc::User, ApiFailure> {
        let by_name = self.login_name_lookup(id);
        let id = by_name.as_deref().unwrap_or(id);
        let (caller, target) = self
            .begin_for(Api::User, creds, id, now)
            .map_err(|e| self.user_api_error(e, id))?;
        if !self.dev(Deviation::AgentActsOnOthers) || caller.supervisor {
            Directory::check_read(&caller, &target)?;
        }
        Ok(self.render_user(&target))
    }

    /// "User—Get User Id from loginName" (12.5(1), Unified CCE only): `GET /User/{name}`
    /// with a login name that is no user id reads that user. The id of the user it names.
    /// What Unified CCX answers is not documented; the mock treats the name as an unknown id.
    fn login_name_lookup(&self, name: &str) -> Option<String> {
        if self.deployment != Deployment::Ucce
            || self.dev(Deviation::LoginNameLookupMissing)
            || self.dir.user(name).is_some()
        {
            return None;
        }
        self.dir.by_login_name(name).map(|u| u.id.clone())
    }

    /// `PUT /User/{id}`: sign in, change state, with or without a reason code (G12.5 p.29–51).
    pub(crate) fn put_user(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        body: Result<UserUpdate, String>,
        request_id: Option<String>,
        now: Instant,
    ) -> Result<Accepted, ApiFailure> {
        // May change state at once; queued work is marked as it lands.
        self.touch();
        let (caller, target) = self
            .begin_for(Api::User, creds, id, now)
            .map_err(|e| self.user_api_error(e, id))?;
        let access = match Directory::check_write(
            &caller,
            &target,
            self.dev(Deviation::SupervisorAnyTeam),
        ) {
            Err(_) if self.dev(Deviation::AgentActsOnOthers) && !caller.supervisor => Access::Own,
            other => other?,
        };
        let body = match body {
            Err(_) if self.dev(Deviation::MalformedUserBodyAccepted) => {
                return Ok(self.accepted(true));
            }
            other => other.map_err(ApiFailure::bad_request)?,
        };
        let current = self.state_of(&target.id);
        let state = body
            .state
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let reason = body
            .reason_code_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let requested = match state {
            None if self.dev(Deviation::MissingStateAccepted) => return Ok(self.accepted(true)),
            None => return Err(ApiFailure::parameter_missing("state")),
            Some(s) => Requested::parse(s),
        };
        if access == Access::Supervisor {
            let settable = matches!(
                requested,
                Some(Requested::Ready | Requested::NotReady | Requested::Logout)
            );
            if !settable && self.dev(Deviation::SupervisorAnyStateAccepted) {
                return Ok(self.accepted(true));
            }
            let lifts = agent_state::SupervisorLifts {
                reason_with_not_ready: self.dev(Deviation::SupervisorNotReadyReasonAllowed),
                reason_with_others: self.dev(Deviation::SupervisorLogoutReasonAllowed),
                logout_from_any: self.dev(Deviation::SupervisorLogoutFromAnyState),
                not_ready_from_any: self.dev(Deviation::SupervisorNotReadyFromAnyState),
            };
            agent_state::check_supervisor_request_with(
                current,
                requested,
                reason.is_some(),
                lifts,
            )?;
        }
        let Some(requested) = requested else {
            if self.dev(Deviation::InvalidStateValueAccepted) {
                return Ok(self.accepted(true));
            }
            return Err(ApiFailure::invalid_input(
                "state",
                "Invalid State specified for user",
            ));
        };
        if !(self.dev(Deviation::LogoutTwiceAccepted)
            || (access == Access::Supervisor && self.dev(Deviation::SupervisorLogoutFromAnyState)))
        {
            agent_state::check_own_request(current, requested)?;
        }
        let mut extension = None;
        let mut mobile = None;
        if requested == Requested::Login {
            let ext = body
                .extension
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty());
            extension = match ext {
                Some(e) => Some(e.to_string()),
                None if self.dev(Deviation::SignInWithoutExtensionAccepted) => None,
                None => return Err(ApiFailure::parameter_missing("extension")),
            };
            if let Some(m) = &body.mobile_agent {
                let lifts = mobile_agent::Lifts {
                    missing: self.dev(Deviation::MobileAgentParameterMissingAccepted),
                    any_mode: self.dev(Deviation::MobileAgentInvalidModeAccepted),
                };
                mobile = Some(mobile_agent::check(m, lifts)?);
            }
        }
        let mut reason = if access == Access::Supervisor {
            None
        } else {
            reason
        };
        // NOT_READY without a reason code is accepted (COMM) — unless the deviation refuses it
        // while codes are configured (p51 "required if configured").
        if access == Access::Own
            && reason.is_none()
            && requested == Requested::NotReady
            && current != AgentState::Logout
            && self.dev(Deviation::NotReadyRequiresReasonCode)
            && !self
                .codes
                .usable(reason_codes::Category::NotReady, &target.teams())
                .is_empty()
        {
            return Err(ApiFailure::parameter_missing("reasonCodeId"));
        }
        // p46, reference §4.4: a UCCE agent leaving RESERVED_OUTBOUND for NOT_READY must give
        // a reason code while NOT_READY codes are configured. The error is not stated;
        // Parameter Missing is the closest documented one.
        if access == Access::Own
            && reason.is_none()
            && requested == Requested::NotReady
            && current == AgentState::ReservedOutbound
            && self.deployment == Deployment::Ucce
            && !self.dev(Deviation::ReservedOutboundCodeOptional)
            && !self
                .codes
                .usable(reason_codes::Category::NotReady, &target.teams())
                .is_empty()
        {
            return Err(ApiFailure::parameter_missing("reasonCodeId"));
        }
        if let Some(r) = &reason {
            if requested == Requested::Ready && self.dev(Deviation::ReasonCodeWithReadyAccepted) {
                reason = None;
            } else {
                let known =
                    self.codes
                        .check_use(r, requested, &target.teams(), self.lifts_for(true))?;
                if known.is_none() {
                    reason = None;
                }
            }
        }
        self.enqueue(
            now,
            request_id,
            Work::Voice {
                user: target.id.clone(),
                requested,
                access,
                reason,
                extension,
                mobile,
            },
        );
        Ok(self.accepted(true))
    }

    /// `GET /Team/{id}` (DEV/team; G12.5 p.144, p.150): the supervisors of the team and
    /// administrators may read it. The Team API documents 401 Authorization Failure and 404;
    /// what another user gets is not stated: the mock answers 401 Invalid Authorization User
    /// Specified, as for other users' objects.
    pub(crate) fn team(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<doc::Team, ApiFailure> {
        self.advance(now);
        self.check_service()?;
        let stand_in = self.unknown_name_as_admin();
        let caller = self.authenticate_with(creds, now, stand_in)?;
        let Some(team) = self.dir.team(id).cloned() else {
            if self.dev(Deviation::UnknownTeamReturns400) {
                return Err(ApiFailure::invalid_input(
                    "id",
                    format!("Invalid team id {id}"),
                ));
            }
            return Err(ApiFailure::not_found(id, format!("Team {id} not found")));
        };
        let may_read = caller.admin || (caller.supervisor && caller.supervises.contains(&team.id));
        if !may_read {
            return Err(ApiFailure::not_this_user(&caller.id));
        }
        Ok(self.render_team(&team))
    }

    /// `GET /Users` (User—Get List): administrators only. The page lists 401 Authorization
    /// Failure while its example prints the type `Unauthorized`; the mock answers the former.
    pub(crate) fn users(
        &mut self,
        creds: Option<&Credential>,
        now: Instant,
    ) -> Result<doc::Users, ApiFailure> {
        self.advance(now);
        self.check_service()?;
        let caller = self.authenticate(creds, now)?;
        if !caller.admin && !self.dev(Deviation::UserListOpen) {
            return Err(ApiFailure::authorization_failure(&caller.id));
        }
        let users = if self.dev(Deviation::UserListEmpty) {
            Vec::new()
        } else {
            self.dir.users.clone()
        };
        Ok(doc::Users {
            users: users.iter().map(|u| self.render_user(u)).collect(),
        })
    }

    // ---- Reason codes ----

    /// `GET /User/{id}/ReasonCodes?category=` (G12.5 p.52–53): the codes this user may use.
    pub(crate) fn reason_codes(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        category: Option<&str>,
        now: Instant,
    ) -> Result<doc::ReasonCodes, ApiFailure> {
        let (caller, target) = self.begin(creds, id, now)?;
        if !self.dev(Deviation::OtherUsersReasonCodesReadable) {
            check_own_or_admin(&caller, &target)?;
        }
        let teams = if self.dev(Deviation::ReasonCodeListIgnoresTeam) {
            self.dir.teams.iter().map(|t| t.id.clone()).collect()
        } else {
            target.teams()
        };
        // The list API documents 400 Bad Request and Finesse API Error (§2.1 U12); which one a
        // missing category gets is not said: the mock answers Bad Request.
        let raw = match category.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => c,
            None if self.dev(Deviation::ReasonCodesWithoutCategoryAllowed) => "NOT_READY",
            None => {
                return Err(ApiFailure::bad_request(
                    "The category parameter is required (NOT_READY or LOGOUT)",
                ));
            }
        };
        let cat = Category::parse(raw).ok_or_else(|| {
            ApiFailure::invalid_input("category", format!("Invalid category {raw}"))
        })?;
        Ok(doc::ReasonCodes {
            category: cat.as_str().into(),
            codes: self
                .codes
                .usable(cat, &teams)
                .into_iter()
                .map(render_reason_code)
                .collect(),
        })
    }

    /// `GET /User/{id}/ReasonCode/{reasonCodeId}` (G12.5 p.52).
    pub(crate) fn reason_code(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        code_id: &str,
        now: Instant,
    ) -> Result<doc::ReasonCode, ApiFailure> {
        let (caller, target) = self.begin(creds, id, now)?;
        if !self.dev(Deviation::OtherUsersReasonCodesReadable) {
            check_own_or_admin(&caller, &target)?;
        }
        if self.codes.get(code_id).is_none() && self.dev(Deviation::ReasonCodeGetUnknownReturns200)
        {
            return Ok(doc::ReasonCode::default());
        }
        let mislabel = self.dev(Deviation::ReasonCodeGetMislabelled);
        let unlabelled = self.dev(Deviation::ReasonCodeWithoutLabel);
        self.codes
            .get(code_id)
            .map(|d| {
                let mut rc = render_reason_code(d);
                if mislabel {
                    rc.category = Some(
                        if d.category == reason_codes::Category::NotReady {
                            "LOGOUT"
                        } else {
                            "NOT_READY"
                        }
                        .into(),
                    );
                }
                if unlabelled {
                    rc.label = None;
                }
                rc
            })
            .ok_or_else(|| {
                ApiFailure::not_found(
                    code_id,
                    format!("ReasonCode does not exist, codeId={code_id}"),
                )
            })
    }
}

/// Reason-code APIs: a user reads its own; admins may read anyone's (reference §4.7).
fn check_own_or_admin(caller: &UserDef, target: &UserDef) -> Result<(), ApiFailure> {
    if caller.id == target.id || caller.admin {
        Ok(())
    } else {
        Err(ApiFailure::not_this_user(&target.id))
    }
}
