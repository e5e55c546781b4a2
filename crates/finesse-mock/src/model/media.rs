//! Non-voice Media Routing Domains: sign-in requirements and state changes
//! (reference §5, G12.5 p.167–171). CCE only.

use std::time::SystemTime;

use super::agent_state::Requested;
use super::errors::{ApiFailure, CtiError};
use crate::documents::MediaUpdate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrdDef {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaState {
    Logout,
    NotReady,
    Ready,
}

impl MediaState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MediaState::Logout => "LOGOUT",
            MediaState::NotReady => "NOT_READY",
            MediaState::Ready => "READY",
        }
    }
}

/// One user's session in one MRD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaSession {
    pub state: MediaState,
    pub reason_code_id: Option<String>,
    pub max_dialog_limit: Option<u8>,
    pub interrupt_action: Option<String>,
    pub dialog_logout_action: Option<String>,
    /// When the state last changed; `None` until the first change (rendered empty).
    pub changed: Option<SystemTime>,
    /// Made not routable (G12.5 p.172); sign-in and READY clear it (media_routing.rs).
    pub not_routable: bool,
}

impl Default for MediaSession {
    fn default() -> Self {
        MediaSession {
            state: MediaState::Logout,
            reason_code_id: None,
            max_dialog_limit: None,
            interrupt_action: None,
            dialog_logout_action: None,
            changed: None,
            not_routable: false,
        }
    }
}

/// Media rules that switched-on deviations lift (one field per deviation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct MediaLifts {
    /// `media-sign-in-lands-in-ready`.
    pub sign_in_ready: bool,
    /// `media-second-sign-in-resets`.
    pub second_sign_in_resets: bool,
    /// `media-ready-ignored`.
    pub ready_ignored: bool,
    /// `media-change-before-sign-in-allowed`.
    pub change_before_sign_in: bool,
    /// `media-ready-twice-restamps`.
    pub ready_twice_restamps: bool,
    /// `media-ready-keeps-not-routable`.
    pub ready_keeps_not_routable: bool,
}

/// A validated media request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaRequest {
    pub requested: Requested,
    pub max_dialog_limit: Option<u8>,
    pub interrupt_action: Option<String>,
    pub dialog_logout_action: Option<String>,
    pub reason_code_id: Option<String>,
}

/// ARM errors seen for media (reference §3.4, G12.5 p.169–170).
pub(crate) const ALREADY_LOGGED_IN: CtiError = CtiError::new(
    "Agent already logged into MRD",
    "1",
    "E_ARM_STAT_AGENT_ALREADY_LOGGED_IN",
);
pub(crate) const NOT_LOGGED_IN: CtiError = CtiError::new(
    "Agent is not logged in",
    "6",
    "E_ARM_STAT_AGENT_NOT_LOGGED_IN",
);

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Synchronous validation of a Media PUT body (§5.2); every check answers 400 with
/// `<ErrorMedia>`. `unchecked_sign_in` is the `media-sign-in-parameters-unchecked` deviation:
/// it lifts the sign-in parameter rules only.
/// `default_transfer` is the `media-dialog-logout-action-default-transfer` deviation.
pub(crate) fn validate(
    update: &MediaUpdate,
    mrd: &str,
    unchecked_sign_in: bool,
    default_transfer: bool,
) -> Result<MediaRequest, ApiFailure> {
    let Some(state) = present(&update.state) else {
        return Err(ApiFailure::parameter_missing("state").with_media(mrd));
    };
    let Some(requested) = Requested::parse(state) else {
        return Err(ApiFailure::invalid_input(
            "state",
            format!("Invalid state {state} specified for media"),
        )
        .with_media(mrd));
    };
    let mut req = MediaRequest {
        requested,
        max_dialog_limit: None,
        interrupt_action: None,
        dialog_logout_action: None,
        reason_code_id: present(&update.reason_code_id).map(str::to_string),
    };
    if requested == Requested::Login && unchecked_sign_in {
        req.max_dialog_limit = present(&update.max_dialog_limit).and_then(|l| l.parse().ok());
        req.interrupt_action = present(&update.interrupt_action).map(str::to_string);
        // Only the parameter checks are lifted; the CLOSE default is another rule.
        let default = if default_transfer {
            "TRANSFER"
        } else {
            "CLOSE"
        };
        let action = present(&update.dialog_logout_action).unwrap_or(default);
        req.dialog_logout_action = Some(action.to_string());
    } else if requested == Requested::Login {
        // Sign-in needs maxDialogLimit (1..10) and interruptAction (ACCEPT|IGNORE).
        let Some(limit) = present(&update.max_dialog_limit) else {
            return Err(ApiFailure::parameter_missing("maxDialogLimit").with_media(mrd));
        };
        let limit: u8 = limit
            .parse()
            .ok()
            .filter(|l| (1..=10).contains(l))
            .ok_or_else(|| {
                ApiFailure::invalid_input(
                    "maxDialogLimit",
                    "maxDialogLimit must be between 1 and 10",
                )
                .with_media(mrd)
            })?;
        let Some(interrupt) = present(&update.interrupt_action) else {
            return Err(ApiFailure::parameter_missing("interruptAction").with_media(mrd));
        };
        if !matches!(interrupt, "ACCEPT" | "IGNORE") {
            return Err(ApiFailure::invalid_input(
                "interruptAction",
                "interruptAction must be ACCEPT or IGNORE",
            )
            .with_media(mrd));
        }
        let default = if default_transfer {
            "TRANSFER"
        } else {
            "CLOSE"
        };
        let logout_action = present(&update.dialog_logout_action).unwrap_or(default);
        if !matches!(logout_action, "CLOSE" | "TRANSFER") {
            return Err(ApiFailure::invalid_input(
                "dialogLogoutAction",
                "dialogLogoutAction must be CLOSE or TRANSFER",
            )
            .with_media(mrd));
        }
        req.max_dialog_limit = Some(limit);
        req.interrupt_action = Some(interrupt.to_string());
        req.dialog_logout_action = Some(logout_action.to_string());
    }
    Ok(req)
}

/// What ARM does with an accepted media request (§5.2, §5.3). `Ok(None)` means nothing
/// changes; the caller stamps `changed` on every `Some`.
pub(crate) fn apply(
    session: &MediaSession,
    req: &MediaRequest,
    lifts: MediaLifts,
) -> Result<Option<MediaSession>, CtiError> {
    let signed_in = session.state != MediaState::Logout;
    let sign_in = || MediaSession {
        state: if lifts.sign_in_ready {
            MediaState::Ready
        } else {
            MediaState::NotReady
        },
        reason_code_id: None,
        max_dialog_limit: req.max_dialog_limit,
        interrupt_action: req.interrupt_action.clone(),
        dialog_logout_action: req.dialog_logout_action.clone(),
        changed: None,
        not_routable: false,
    };
    match req.requested {
        Requested::Login if signed_in && lifts.second_sign_in_resets => Ok(Some(sign_in())),
        Requested::Login if signed_in => Err(ALREADY_LOGGED_IN),
        Requested::Login => Ok(Some(sign_in())),
        _ if !signed_in && !lifts.change_before_sign_in => Err(NOT_LOGGED_IN),
        Requested::Ready if lifts.ready_ignored => Ok(None),
        // READY → READY is silently ignored (§5.2).
        Requested::Ready if session.state == MediaState::Ready && !lifts.ready_twice_restamps => {
            Ok(None)
        }
        Requested::Ready => Ok(Some(MediaSession {
            state: MediaState::Ready,
            reason_code_id: None,
            not_routable: session.not_routable && lifts.ready_keeps_not_routable,
            ..session.clone()
        })),
        Requested::NotReady => Ok(Some(MediaSession {
            state: MediaState::NotReady,
            reason_code_id: req.reason_code_id.clone(),
            ..session.clone()
        })),
        Requested::Logout => Ok(Some(MediaSession {
            state: MediaState::Logout,
            reason_code_id: req.reason_code_id.clone(),
            ..MediaSession::default()
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(state: Option<&str>, limit: Option<&str>, interrupt: Option<&str>) -> MediaUpdate {
        MediaUpdate {
            state: state.map(String::from),
            max_dialog_limit: limit.map(String::from),
            interrupt_action: interrupt.map(String::from),
            ..Default::default()
        }
    }

    fn validate_(u: &MediaUpdate, mrd: &str) -> Result<MediaRequest, ApiFailure> {
        validate(u, mrd, false, false)
    }

    #[test]
    fn the_deviation_lifts_only_the_sign_in_parameter_rules() {
        assert!(validate(&update(Some("LOGIN"), None, None), "5001", true, false).is_ok());
        assert!(
            validate(
                &update(Some("LOGIN"), Some("11"), Some("ACCEPT")),
                "5001",
                true,
                false
            )
            .is_ok()
        );
        assert!(
            validate(&update(None, None, None), "5001", true, false).is_err(),
            "state is still required"
        );
    }

    #[test]
    fn a_missing_state_is_parameter_missing_with_error_media() {
        let err = validate_(&update(None, None, None), "5001").expect_err("no state");
        assert_eq!(
            (err.status, err.error_type.as_str()),
            (400, "Parameter Missing")
        );
        assert_eq!(err.data.as_deref(), Some("state"));
        assert_eq!(err.media.as_deref(), Some("5001"));
    }

    #[test]
    fn sign_in_requires_max_dialog_limit_and_interrupt_action() {
        let err =
            validate_(&update(Some("LOGIN"), None, Some("ACCEPT")), "5001").expect_err("no limit");
        assert_eq!(err.data.as_deref(), Some("maxDialogLimit"));
        let err =
            validate_(&update(Some("LOGIN"), Some("3"), None), "5001").expect_err("no interrupt");
        assert_eq!(err.data.as_deref(), Some("interruptAction"));
        for bad in ["0", "11", "x"] {
            let err = validate_(&update(Some("LOGIN"), Some(bad), Some("IGNORE")), "5001")
                .expect_err(bad);
            assert_eq!(err.error_type, "Invalid Input");
        }
        let ok =
            validate_(&update(Some("LOGIN"), Some("10"), Some("IGNORE")), "5001").expect("valid");
        assert_eq!(
            ok.dialog_logout_action.as_deref(),
            Some("CLOSE"),
            "CLOSE is the default"
        );
    }

    #[test]
    fn unknown_states_are_invalid_input() {
        let err = validate_(&update(Some("TALKING"), None, None), "5001").expect_err("bad state");
        assert_eq!(err.error_type, "Invalid Input");
    }

    #[test]
    fn sign_in_leads_to_not_ready_and_a_second_sign_in_fails() {
        let login =
            validate_(&update(Some("LOGIN"), Some("5"), Some("ACCEPT")), "5001").expect("login");
        let signed = apply(&MediaSession::default(), &login, MediaLifts::default())
            .expect("first")
            .expect("changed");
        assert_eq!(signed.state, MediaState::NotReady);
        assert_eq!(signed.max_dialog_limit, Some(5));
        assert_eq!(
            apply(&signed, &login, MediaLifts::default()),
            Err(ALREADY_LOGGED_IN)
        );
    }

    #[test]
    fn state_changes_need_a_signed_in_session() {
        let nr = validate_(&update(Some("NOT_READY"), None, None), "5001").expect("nr");
        assert_eq!(
            apply(&MediaSession::default(), &nr, MediaLifts::default()),
            Err(NOT_LOGGED_IN)
        );
    }

    #[test]
    fn not_ready_and_logout_keep_the_reason_and_ready_twice_is_ignored() {
        let session = MediaSession {
            state: MediaState::Ready,
            ..Default::default()
        };
        let mut nr = validate_(&update(Some("NOT_READY"), None, None), "5001").expect("nr");
        nr.reason_code_id = Some("12".into());
        let after = apply(&session, &nr, MediaLifts::default())
            .expect("ok")
            .expect("changed");
        assert_eq!(
            (after.state, after.reason_code_id.as_deref()),
            (MediaState::NotReady, Some("12"))
        );
        let ready = validate_(&update(Some("READY"), None, None), "5001").expect("ready");
        assert_eq!(apply(&session, &ready, MediaLifts::default()), Ok(None));
        let out = validate_(&update(Some("LOGOUT"), None, None), "5001").expect("logout");
        assert_eq!(
            apply(&after, &out, MediaLifts::default())
                .expect("ok")
                .map(|s| s.state),
            Some(MediaState::Logout)
        );
    }

    fn login() -> MediaRequest {
        validate_(&update(Some("LOGIN"), Some("2"), Some("ACCEPT")), "5001").expect("login")
    }

    fn req(state: &str) -> MediaRequest {
        validate_(&update(Some(state), None, None), "5001").expect(state)
    }

    fn in_state(state: MediaState) -> MediaSession {
        MediaSession {
            state,
            ..Default::default()
        }
    }

    #[test]
    fn each_lift_breaks_its_own_rule_only() {
        let lift = |f: fn(&mut MediaLifts)| {
            let mut l = MediaLifts::default();
            f(&mut l);
            l
        };
        let ready_sign_in = lift(|l| l.sign_in_ready = true);
        let s = apply(&MediaSession::default(), &login(), ready_sign_in)
            .expect("ok")
            .expect("changed");
        assert_eq!(s.state, MediaState::Ready);

        let resets = lift(|l| l.second_sign_in_resets = true);
        let s = apply(&in_state(MediaState::Ready), &login(), resets)
            .expect("ok")
            .expect("changed");
        assert_eq!(s.state, MediaState::NotReady);

        let ignored = lift(|l| l.ready_ignored = true);
        assert_eq!(
            apply(&in_state(MediaState::NotReady), &req("READY"), ignored),
            Ok(None)
        );
        assert!(
            apply(&in_state(MediaState::Ready), &req("NOT_READY"), ignored)
                .is_ok_and(|s| s.is_some())
        );

        let early = lift(|l| l.change_before_sign_in = true);
        let s = apply(&MediaSession::default(), &req("READY"), early)
            .expect("ok")
            .expect("changed");
        assert_eq!(s.state, MediaState::Ready);

        let restamp = lift(|l| l.ready_twice_restamps = true);
        assert!(
            apply(&in_state(MediaState::Ready), &req("READY"), restamp).is_ok_and(|s| s.is_some())
        );
    }

    #[test]
    fn the_default_transfer_deviation_changes_only_the_default() {
        let u = update(Some("LOGIN"), Some("2"), Some("ACCEPT"));
        let r = validate(&u, "5001", false, true).expect("valid");
        assert_eq!(r.dialog_logout_action.as_deref(), Some("TRANSFER"));
        let mut explicit = u.clone();
        explicit.dialog_logout_action = Some("CLOSE".into());
        let r = validate(&explicit, "5001", false, true).expect("valid");
        assert_eq!(r.dialog_logout_action.as_deref(), Some("CLOSE"));
    }
}
