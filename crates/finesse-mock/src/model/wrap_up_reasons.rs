//! Wrap-up reasons a user may read: `GET /User/{id}/WrapUpReason/{id}` (G12.5 p.54) and the
//! list `GET /User/{id}/WrapUpReasons` (deprecated in 12.5 for TeamResource, still served).
//!
//! Like reason codes, a wrap-up reason is global (`forAll`) or assigned to teams (the
//! JavaScript library's WrapUpReason class); a user's list holds the global ones and its
//! team's ones.

use std::time::Instant;

use super::directory::UserDef;
use super::{ApiFailure, Credential, Finesse};
use crate::deviations::Deviation;
use crate::documents as doc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrapUpReasonDef {
    /// Database id, as in `/finesse/api/WrapUpReason/{id}`.
    pub id: String,
    pub label: String,
    pub for_all: bool,
    /// Teams the reason is assigned to when it is not global.
    pub teams: Vec<String>,
}

impl WrapUpReasonDef {
    fn usable_by(&self, user_teams: &[String]) -> bool {
        self.for_all || self.teams.iter().any(|t| user_teams.contains(t))
    }

    fn render(&self) -> doc::WrapUpReason {
        doc::WrapUpReason {
            id: Some(self.id.clone()),
            label: Some(self.label.clone()),
            for_all: Some(self.for_all),
        }
    }
}

/// The configured wrap-up reasons.
#[derive(Debug, Clone, Default)]
pub(crate) struct WrapUpCatalogue {
    reasons: Vec<WrapUpReasonDef>,
}

/// Deviation switches that break one wrap-up rule each.
#[derive(Debug, Clone, Copy, Default)]
struct Breaks {
    /// The list leaves out global reasons.
    list_omits_global: bool,
    /// A reason is served without its label.
    no_label: bool,
}

impl WrapUpCatalogue {
    pub(crate) fn new(reasons: Vec<WrapUpReasonDef>) -> Self {
        WrapUpCatalogue { reasons }
    }

    fn get(&self, id: &str) -> Option<&WrapUpReasonDef> {
        self.reasons.iter().find(|r| r.id == id.trim())
    }

    /// The reasons a user of `user_teams` may apply: global ones and its teams' ones.
    fn usable(&self, user_teams: &[String], breaks: Breaks) -> Vec<&WrapUpReasonDef> {
        self.reasons
            .iter()
            .filter(|r| r.usable_by(user_teams) && !(breaks.list_omits_global && r.for_all))
            .collect()
    }

    /// One reason by id. p.54 names both 404 Not Found and 400 Finesse API Error for a
    /// reason that does not exist; the mock answers 404, as it does for reason codes
    /// (README, mock fidelity).
    fn one(&self, id: &str, breaks: Breaks) -> Result<doc::WrapUpReason, ApiFailure> {
        let Some(def) = self.get(id) else {
            return Err(ApiFailure::not_found(
                id.trim(),
                format!("WrapUpReason does not exist, id={}", id.trim()),
            ));
        };
        let mut reason = def.render();
        if breaks.no_label {
            reason.label = None;
        }
        Ok(reason)
    }
}

impl Finesse {
    fn wrap_up_breaks(&self) -> Breaks {
        Breaks {
            list_omits_global: self.dev(Deviation::WrapUpListOmitsGlobal),
            no_label: self.dev(Deviation::WrapUpReasonWithoutLabel),
        }
    }

    /// Service, credentials, the user (404 when unknown), then the caller: the user itself or
    /// an administrator (p.54: only an administrator reads another user's wrap-up reasons).
    fn wrap_up_reader(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<UserDef, ApiFailure> {
        let (caller, target) = self.begin(creds, id, now)?;
        let own_or_admin = caller.id == target.id || caller.admin;
        if !own_or_admin && !self.dev(Deviation::OtherUsersWrapUpReasonsReadable) {
            return Err(ApiFailure::not_this_user(&target.id));
        }
        Ok(target)
    }

    /// `GET /User/{id}/WrapUpReasons`.
    pub(crate) fn wrap_up_reasons(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        now: Instant,
    ) -> Result<doc::WrapUpReasons, ApiFailure> {
        let target = self.wrap_up_reader(creds, id, now)?;
        let breaks = self.wrap_up_breaks();
        Ok(doc::WrapUpReasons {
            reasons: self
                .wrap_up_reasons
                .usable(&target.teams(), breaks)
                .into_iter()
                .map(WrapUpReasonDef::render)
                .collect(),
        })
    }

    /// `GET /User/{id}/WrapUpReason/{wrapUpReasonId}` (G12.5 p.54).
    pub(crate) fn wrap_up_reason(
        &mut self,
        creds: Option<&Credential>,
        id: &str,
        reason_id: &str,
        now: Instant,
    ) -> Result<doc::WrapUpReason, ApiFailure> {
        self.wrap_up_reader(creds, id, now)?;
        if self.wrap_up_reasons.get(reason_id).is_none()
            && self.dev(Deviation::WrapUpReasonGetUnknownReturns200)
        {
            return Ok(doc::WrapUpReason::default());
        }
        self.wrap_up_reasons.one(reason_id, self.wrap_up_breaks())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;
    use finesse_protocol::{Deployment, Secret};
    use std::time::Duration;

    fn def(id: &str, for_all: bool, teams: &[&str]) -> WrapUpReasonDef {
        WrapUpReasonDef {
            id: id.into(),
            label: format!("reason {id}"),
            for_all,
            teams: teams.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn catalogue() -> WrapUpCatalogue {
        WrapUpCatalogue::new(vec![
            def("31", true, &[]),
            def("32", false, &["A"]),
            def("33", false, &["B"]),
        ])
    }

    fn ids(list: Vec<&WrapUpReasonDef>) -> Vec<&str> {
        list.into_iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn a_users_list_holds_global_and_own_team_reasons() {
        let c = catalogue();
        assert_eq!(
            ids(c.usable(&["A".to_string()], Breaks::default())),
            ["31", "32"]
        );
        assert_eq!(
            ids(c.usable(&["B".to_string()], Breaks::default())),
            ["31", "33"]
        );
        assert_eq!(ids(c.usable(&[], Breaks::default())), ["31"]);
    }

    #[test]
    fn one_reason_by_id_and_unknown_ids_are_not_found() {
        let c = catalogue();
        let r = c.one("32", Breaks::default()).expect("known");
        assert_eq!(
            (r.id.as_deref(), r.label.as_deref(), r.for_all),
            (Some("32"), Some("reason 32"), Some(false))
        );
        let e = c.one("999", Breaks::default()).expect_err("unknown");
        assert_eq!((e.status, e.error_type.as_str()), (404, "Not Found"));
    }

    #[test]
    fn each_break_breaks_its_rule() {
        let c = catalogue();
        let omit = Breaks {
            list_omits_global: true,
            ..Breaks::default()
        };
        assert_eq!(ids(c.usable(&["A".to_string()], omit)), ["32"]);
        let no_label = Breaks {
            no_label: true,
            ..Breaks::default()
        };
        assert_eq!(c.one("31", no_label).expect("known").label, None);
    }

    fn basic(user: &str) -> Credential {
        Credential::Basic(super::super::Basic {
            user: user.into(),
            password: Secret::new("mock-pw-1"),
        })
    }

    fn mock(deviation: Option<Deviation>) -> Finesse {
        let mut m = Finesse::new(
            &Fixture::embedded(),
            Deployment::Ucce,
            Duration::from_millis(1),
        );
        if let Some(d) = deviation {
            m.deviations.set(d, true);
        }
        m
    }

    #[test]
    fn only_the_user_or_an_administrator_reads_a_users_wrap_up_reasons() {
        let now = Instant::now();
        let mut m = mock(None);
        assert!(m.wrap_up_reasons(Some(&basic("1001")), "1001", now).is_ok());
        assert!(
            m.wrap_up_reasons(Some(&basic("admin")), "1001", now)
                .is_ok()
        );
        let e = m
            .wrap_up_reasons(Some(&basic("1002")), "1001", now)
            .expect_err("another agent");
        assert_eq!(
            (e.status, e.error_type.as_str()),
            (401, "Invalid Authorization User Specified")
        );
        let e = m
            .wrap_up_reason(Some(&basic("1002")), "1001", "31", now)
            .expect_err("another agent's reason");
        assert_eq!(e.status, 401);
        let e = m
            .wrap_up_reasons(Some(&basic("1001")), "no-such-user", now)
            .expect_err("unknown user");
        assert_eq!(e.status, 404);
        let mut lax = mock(Some(Deviation::OtherUsersWrapUpReasonsReadable));
        assert!(
            lax.wrap_up_reasons(Some(&basic("1002")), "1001", now)
                .is_ok()
        );
    }

    #[test]
    fn the_embedded_fixture_serves_team_a_its_reasons() {
        let now = Instant::now();
        let mut m = mock(None);
        let list = m
            .wrap_up_reasons(Some(&basic("1001")), "1001", now)
            .expect("list");
        let ids: Vec<_> = list.reasons.iter().filter_map(|r| r.id.clone()).collect();
        assert!(ids.contains(&"31".to_string()), "{ids:?}");
        assert!(!ids.contains(&"34".to_string()), "team B's reason: {ids:?}");
        let mut omit = mock(Some(Deviation::WrapUpListOmitsGlobal));
        let list = omit
            .wrap_up_reasons(Some(&basic("1001")), "1001", now)
            .expect("list");
        assert!(list.reasons.iter().all(|r| r.for_all == Some(false)));
    }

    #[test]
    fn an_unknown_id_is_not_found_unless_the_deviation_answers_200() {
        let now = Instant::now();
        let e = mock(None)
            .wrap_up_reason(Some(&basic("1001")), "1001", "987654", now)
            .expect_err("unknown");
        assert_eq!(e.status, 404);
        let r = mock(Some(Deviation::WrapUpReasonGetUnknownReturns200))
            .wrap_up_reason(Some(&basic("1001")), "1001", "987654", now)
            .expect("200");
        assert_eq!(r, doc::WrapUpReason::default());
        let r = mock(Some(Deviation::WrapUpReasonWithoutLabel))
            .wrap_up_reason(Some(&basic("1001")), "1001", "31", now)
            .expect("known");
        assert_eq!(r.label, None);
    }
}
