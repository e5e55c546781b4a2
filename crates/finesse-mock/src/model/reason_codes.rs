//! Reason codes and the rules for using them (reference §4.7, G12.5 p.51–53, COMM).
//!
//! `reasonCodeId` is the database id (the tail of `<uri>`), never the `<code>` value.

use super::agent_state::Requested;
use super::errors::ApiFailure;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    NotReady,
    Logout,
}

impl Category {
    pub(crate) fn parse(s: &str) -> Option<Category> {
        match s {
            "NOT_READY" => Some(Category::NotReady),
            "LOGOUT" => Some(Category::Logout),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Category::NotReady => "NOT_READY",
            Category::Logout => "LOGOUT",
        }
    }

    pub(crate) fn of(requested: Requested) -> Option<Category> {
        match requested {
            Requested::NotReady => Some(Category::NotReady),
            Requested::Logout => Some(Category::Logout),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonCodeDef {
    /// Database id, as in `/finesse/api/ReasonCode/{id}`.
    pub id: String,
    pub category: Category,
    pub code: String,
    pub label: String,
    pub for_all: bool,
    /// Defined by CCE/CCX; listed so admins know the code is taken, never usable (COMM).
    pub system: bool,
    /// Teams the code is assigned to when it is not global.
    pub teams: Vec<String>,
}

impl ReasonCodeDef {
    pub(crate) fn usable_by(&self, user_teams: &[String]) -> bool {
        !self.system && (self.for_all || self.teams.iter().any(|t| user_teams.contains(t)))
    }
}

/// Deviation switches that lift individual reason-code rules.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lifts {
    pub system_code: bool,
    pub other_team: bool,
    /// Look an id up as a `<code>` value when no database id matches.
    pub by_code_value: bool,
    /// Accept an id that does not exist (and ignore it).
    pub unknown: bool,
    /// Skip the category check.
    pub any_category: bool,
    /// Refuse codes assigned to the user's team.
    pub refuse_team: bool,
    /// Refuse LOGOUT codes.
    pub refuse_logout: bool,
    /// Refuse system LOGOUT codes.
    pub refuse_system_logout: bool,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Catalogue {
    codes: Vec<ReasonCodeDef>,
}

impl Catalogue {
    pub(crate) fn new(codes: Vec<ReasonCodeDef>) -> Self {
        Catalogue { codes }
    }

    pub(crate) fn get(&self, id: &str) -> Option<&ReasonCodeDef> {
        self.codes.iter().find(|c| c.id == id.trim())
    }

    /// The codes a user may pick for `category`: global ones and its teams' ones.
    /// System codes are left out (the reference says only admins need to see them).
    pub(crate) fn usable(&self, category: Category, user_teams: &[String]) -> Vec<&ReasonCodeDef> {
        self.codes
            .iter()
            .filter(|c| c.category == category && c.usable_by(user_teams))
            .collect()
    }

    /// Checks a `reasonCodeId` sent by a user on its own object with `requested`.
    pub(crate) fn check_use(
        &self,
        id: &str,
        requested: Requested,
        user_teams: &[String],
        lifts: Lifts,
    ) -> Result<Option<&ReasonCodeDef>, ApiFailure> {
        // Reason codes go only with NOT_READY or LOGOUT (G12.5 p.51, p171).
        let Some(category) = Category::of(requested) else {
            return Err(ApiFailure::reason_code_not_allowed());
        };
        let by_code = || {
            lifts
                .by_code_value
                .then(|| {
                    self.codes
                        .iter()
                        .find(|c| c.code == id.trim() && c.category == category)
                })
                .flatten()
        };
        let Some(code) = self.get(id).or_else(by_code) else {
            if lifts.unknown {
                return Ok(None);
            }
            return Err(ApiFailure::reason_code_does_not_exist(id.trim()));
        };
        // Codes differ per category (COMM); the mock refuses a code of the other category.
        if code.category != category && !lifts.any_category {
            return Err(ApiFailure::reason_code_not_allowed());
        }
        let own_team = !code.for_all && code.teams.iter().any(|t| user_teams.contains(t));
        let refused = (lifts.refuse_team && own_team && category == Category::NotReady)
            || (lifts.refuse_logout && category == Category::Logout && !code.system)
            || (lifts.refuse_system_logout && category == Category::Logout && code.system);
        if refused {
            return Err(ApiFailure::reason_code_not_allowed());
        }
        // COMM: a system code is refused for NOT_READY ("cannot use system reason codes"),
        // while the reporter's LOGOUT with system code 33 "works perfectly"; the mock follows
        // that evidence and refuses system codes for NOT_READY only (README, mock fidelity).
        if code.system && category == Category::NotReady && !lifts.system_code {
            return Err(ApiFailure::reason_code_not_allowed());
        }
        // System codes belong to the platform, not to a team: only the rule above applies.
        let team_ok =
            code.system || code.for_all || code.teams.iter().any(|t| user_teams.contains(t));
        if !team_ok && !lifts.other_team {
            return Err(ApiFailure::reason_code_not_allowed());
        }
        Ok(Some(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(
        id: &str,
        cat: Category,
        code: &str,
        for_all: bool,
        system: bool,
        teams: &[&str],
    ) -> ReasonCodeDef {
        ReasonCodeDef {
            id: id.into(),
            category: cat,
            code: code.into(),
            label: format!("code {code}"),
            for_all,
            system,
            teams: teams.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn catalogue() -> Catalogue {
        Catalogue::new(vec![
            def("10", Category::NotReady, "1", true, false, &[]),
            def("12", Category::NotReady, "3", false, false, &["A"]),
            def("14", Category::NotReady, "5", false, false, &["B"]),
            def("16", Category::NotReady, "50002", false, true, &[]),
            def("20", Category::Logout, "1", true, false, &[]),
            def("26", Category::Logout, "33", false, true, &[]),
        ])
    }

    fn team_a() -> Vec<String> {
        vec!["A".to_string()]
    }

    #[test]
    fn global_and_own_team_codes_are_accepted_by_database_id() {
        let c = catalogue();
        assert_eq!(
            c.check_use("10", Requested::NotReady, &team_a(), Lifts::default())
                .map(|d| d.map(|d| d.code.as_str())),
            Ok(Some("1"))
        );
        assert_eq!(
            c.check_use("12", Requested::NotReady, &team_a(), Lifts::default())
                .map(|d| d.map(|d| d.code.as_str())),
            Ok(Some("3"))
        );
        assert!(
            c.check_use("20", Requested::Logout, &team_a(), Lifts::default())
                .is_ok()
        );
    }

    #[test]
    fn the_code_value_is_not_the_id() {
        // Code "3" is database id 12; id 3 does not exist.
        let err = catalogue()
            .check_use("3", Requested::NotReady, &team_a(), Lifts::default())
            .expect_err("code value");
        assert_eq!(err.status, 400);
        assert_eq!(err.message, "ReasonCode does not exist, codeId=3");
    }

    #[test]
    fn unknown_ids_do_not_exist() {
        let err = catalogue()
            .check_use(
                "12321321321",
                Requested::NotReady,
                &team_a(),
                Lifts::default(),
            )
            .expect_err("unknown");
        assert!(err.message.starts_with("ReasonCode does not exist"));
    }

    /// Lifts with the one switch `set` turns on.
    fn lift(set: impl FnOnce(&mut Lifts)) -> Lifts {
        let mut lifts = Lifts::default();
        set(&mut lifts);
        lifts
    }

    /// What team A's agent gets for code `id`: the database id of the code used (None: no
    /// code), or Err when refused.
    fn used(id: &str, requested: Requested, lifts: Lifts) -> Result<Option<String>, ()> {
        catalogue()
            .check_use(id, requested, &team_a(), lifts)
            .map(|d| d.map(|d| d.id.clone()))
            .map_err(|_| ())
    }

    #[test]
    fn system_and_other_team_codes_are_not_allowed() {
        let c = catalogue();
        for (id, why) in [("16", "system"), ("14", "team B")] {
            let err = c
                .check_use(id, Requested::NotReady, &team_a(), Lifts::default())
                .expect_err(why);
            assert_eq!(
                err.data.as_deref(),
                Some("finesse.api.reasoncode.not_allowed"),
                "{why}"
            );
        }
    }

    #[test]
    fn a_system_code_signs_out_as_the_thread_observed() {
        assert_eq!(
            used("26", Requested::Logout, Lifts::default()),
            Ok(Some("26".into()))
        );
    }

    #[test]
    fn each_lift_breaks_one_rule() {
        use Requested::{Logout, NotReady};
        let cases = [
            (
                lift(|l| l.system_code = true),
                "16",
                NotReady,
                Ok(Some("16")),
            ),
            (
                lift(|l| l.other_team = true),
                "14",
                NotReady,
                Ok(Some("14")),
            ),
            (
                lift(|l| l.by_code_value = true),
                "3",
                NotReady,
                Ok(Some("12")),
            ),
            (lift(|l| l.unknown = true), "777", NotReady, Ok(None)),
            (
                lift(|l| l.any_category = true),
                "20",
                NotReady,
                Ok(Some("20")),
            ),
            (lift(|l| l.refuse_team = true), "12", NotReady, Err(())),
            // Global codes still work.
            (
                lift(|l| l.refuse_team = true),
                "10",
                NotReady,
                Ok(Some("10")),
            ),
            (lift(|l| l.refuse_logout = true), "20", Logout, Err(())),
            (
                lift(|l| l.refuse_system_logout = true),
                "26",
                Logout,
                Err(()),
            ),
            (
                lift(|l| l.refuse_system_logout = true),
                "20",
                Logout,
                Ok(Some("20")),
            ),
        ];
        for (lifts, id, requested, expected) in cases {
            assert_eq!(
                used(id, requested, lifts),
                expected.map(|d| d.map(String::from)),
                "{lifts:?}: {id} for {requested:?}"
            );
        }
    }

    #[test]
    fn reason_codes_go_only_with_not_ready_or_logout_of_their_category() {
        let c = catalogue();
        for r in [Requested::Ready, Requested::Login] {
            let err = c
                .check_use("10", r, &team_a(), Lifts::default())
                .expect_err("wrong state");
            assert_eq!(err.error_type, "Invalid Input");
        }
        let err = c
            .check_use("20", Requested::NotReady, &team_a(), Lifts::default())
            .expect_err("logout code for NR");
        assert_eq!(
            err.data.as_deref(),
            Some("finesse.api.reasoncode.not_allowed")
        );
    }

    #[test]
    fn the_usable_list_holds_global_and_team_codes_but_not_system_or_other_team() {
        let c = catalogue();
        let ids: Vec<&str> = c
            .usable(Category::NotReady, &team_a())
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(ids, ["10", "12"]);
        let ids_b: Vec<&str> = c
            .usable(Category::NotReady, &["B".to_string()])
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(ids_b, ["10", "14"]);
        let logout: Vec<&str> = c
            .usable(Category::Logout, &team_a())
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(logout, ["20"]);
    }
}
