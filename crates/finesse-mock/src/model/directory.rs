//! Users, teams, credentials and who may act on whom (reference §1.7, §4.6, §8).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::errors::ApiFailure;
use finesse_protocol::Secret;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TeamDef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDef {
    pub id: String,
    pub login_id: String,
    pub password: Secret,
    pub first_name: String,
    pub last_name: String,
    pub extension: Option<String>,
    pub team: Option<String>,
    pub agent: bool,
    pub supervisor: bool,
    pub admin: bool,
    /// Teams this user supervises.
    pub supervises: Vec<String>,
    /// Wrap-up after calls (settings/wrapUpOnIncoming, reference §4.4).
    pub wrap_up: bool,
    /// Configured as a Unified Mobile Agent (CCE): may sign in as a mobile agent (G12.5 p.32).
    pub mobile_agent: bool,
}

impl UserDef {
    /// The teams whose reason codes this user may use: its own team.
    pub(crate) fn teams(&self) -> Vec<String> {
        self.team.iter().cloned().collect()
    }

    pub(crate) fn roles(&self) -> Vec<String> {
        let mut r = Vec::new();
        if self.agent {
            r.push("Agent".to_string());
        }
        if self.supervisor {
            r.push("Supervisor".to_string());
        }
        if self.admin {
            r.push("Administrator".to_string());
        }
        r
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Directory {
    pub users: Vec<UserDef>,
    pub teams: Vec<TeamDef>,
}

/// How a caller reaches a user it writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Own,
    Supervisor,
}

impl Directory {
    pub(crate) fn user(&self, id: &str) -> Option<&UserDef> {
        self.users.iter().find(|u| u.id == id)
    }

    /// Basic auth accepts the user id or the login id.
    pub(crate) fn by_auth_name(&self, name: &str) -> Option<&UserDef> {
        self.users
            .iter()
            .find(|u| u.id == name || u.login_id == name)
    }

    pub(crate) fn by_login_name(&self, name: &str) -> Option<&UserDef> {
        self.users.iter().find(|u| u.login_id == name)
    }

    pub(crate) fn team(&self, id: &str) -> Option<&TeamDef> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// Reading a User: agents read their own, supervisors also their teams', admins any.
    pub(crate) fn check_read(caller: &UserDef, target: &UserDef) -> Result<(), ApiFailure> {
        if caller.id == target.id || caller.admin || supervises(caller, target) {
            Ok(())
        } else {
            Err(ApiFailure::not_this_user(&target.id))
        }
    }

    /// Changing a User's state (G12.5 p.47): agents act on their own User only; a
    /// supervisor also on users of its teams, else 401 Invalid Supervisor.
    /// `any_team` is the `supervisor-any-team` deviation.
    pub(crate) fn check_write(
        caller: &UserDef,
        target: &UserDef,
        any_team: bool,
    ) -> Result<Access, ApiFailure> {
        if caller.id == target.id {
            return Ok(Access::Own);
        }
        if caller.supervisor {
            return if supervises(caller, target) || any_team {
                Ok(Access::Supervisor)
            } else {
                Err(ApiFailure::invalid_supervisor(&target.id))
            };
        }
        Err(ApiFailure::not_this_user(&target.id))
    }

    /// Media objects: users act on their own only, supervisors included (G12.5 p171).
    /// `lifted` is the `media-ownership-not-checked` deviation.
    pub(crate) fn check_own_media(
        caller: &UserDef,
        target: &UserDef,
        lifted: bool,
    ) -> Result<(), ApiFailure> {
        if caller.id == target.id || lifted {
            Ok(())
        } else {
            Err(ApiFailure::not_this_user(&target.id))
        }
    }
}

fn supervises(caller: &UserDef, target: &UserDef) -> bool {
    caller.supervisor
        && target
            .team
            .as_ref()
            .is_some_and(|t| caller.supervises.contains(t))
}

/// Five bad passwords in a row block the user for five minutes (G12.5 p.29, 168, 333).
pub(crate) const LOCKOUT_AFTER: u32 = 5;
pub(crate) const LOCKOUT_FOR: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Default)]
pub(crate) struct Lockouts {
    failures: HashMap<String, (u32, Option<Instant>)>,
}

impl Lockouts {
    /// Checks Basic credentials. Unknown users, wrong passwords and locked users all get
    /// 401 Authorization Failure; the body never says which.
    pub(crate) fn authenticate<'d>(
        &mut self,
        dir: &'d Directory,
        name: &str,
        password: &str,
        now: Instant,
    ) -> Result<&'d UserDef, ApiFailure> {
        let Some(user) = dir.by_auth_name(name) else {
            return Err(ApiFailure::authorization_failure(name));
        };
        let entry = self.failures.entry(user.id.clone()).or_insert((0, None));
        if let Some(until) = entry.1 {
            if now < until {
                return Err(ApiFailure::authorization_failure(name));
            }
            *entry = (0, None);
        }
        if user.password.expose() == password {
            *entry = (0, None);
            Ok(user)
        } else {
            entry.0 += 1;
            if entry.0 >= LOCKOUT_AFTER {
                entry.1 = Some(now + LOCKOUT_FOR);
            }
            Err(ApiFailure::authorization_failure(name))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, team: &str, supervisor: bool, supervises: &[&str]) -> UserDef {
        UserDef {
            id: id.into(),
            login_id: format!("login{id}"),
            password: Secret::new("pw"),
            first_name: "F".into(),
            last_name: "L".into(),
            extension: Some(format!("{id}000")),
            team: Some(team.into()),
            agent: true,
            supervisor,
            admin: false,
            supervises: supervises.iter().map(|s| s.to_string()).collect(),
            wrap_up: false,
            mobile_agent: false,
        }
    }

    fn dir() -> Directory {
        let mut admin = user("admin", "A", false, &[]);
        admin.agent = false;
        admin.admin = true;
        Directory {
            users: vec![
                user("1", "A", false, &[]),
                user("2", "A", false, &[]),
                user("3", "B", false, &[]),
                user("9", "A", true, &["A"]),
                admin,
            ],
            teams: vec![
                TeamDef {
                    id: "A".into(),
                    name: "Team A".into(),
                },
                TeamDef {
                    id: "B".into(),
                    name: "Team B".into(),
                },
            ],
        }
    }

    #[test]
    fn agents_write_only_their_own_user() {
        let d = dir();
        let (a1, a2) = (d.user("1").expect("1"), d.user("2").expect("2"));
        assert_eq!(Directory::check_write(a1, a1, false), Ok(Access::Own));
        let err = Directory::check_write(a1, a2, false).expect_err("other agent");
        assert_eq!(
            (err.status, err.error_type.as_str()),
            (401, "Invalid Authorization User Specified")
        );
        assert_eq!(err.data.as_deref(), Some("2"));
    }

    #[test]
    fn supervisors_write_only_their_teams_users() {
        let d = dir();
        let sup = d.user("9").expect("sup");
        assert_eq!(
            Directory::check_write(sup, d.user("1").expect("1"), false),
            Ok(Access::Supervisor)
        );
        let err = Directory::check_write(sup, d.user("3").expect("3"), false).expect_err("team B");
        assert_eq!(
            (err.status, err.error_type.as_str()),
            (401, "Invalid Supervisor")
        );
        // The deviation lifts only the team check.
        assert_eq!(
            Directory::check_write(sup, d.user("3").expect("3"), true),
            Ok(Access::Supervisor)
        );
    }

    #[test]
    fn reads_are_own_team_or_admin() {
        let d = dir();
        let (a1, a2, sup, admin) = (
            d.user("1").expect("1"),
            d.user("2").expect("2"),
            d.user("9").expect("9"),
            d.user("admin").expect("admin"),
        );
        assert!(Directory::check_read(a1, a1).is_ok());
        assert_eq!(
            Directory::check_read(a1, a2).map_err(|e| e.status),
            Err(401)
        );
        assert!(Directory::check_read(sup, a2).is_ok());
        assert!(Directory::check_read(sup, d.user("3").expect("3")).is_err());
        assert!(Directory::check_read(admin, d.user("3").expect("3")).is_ok());
    }

    #[test]
    fn media_is_own_only_even_for_supervisors() {
        let d = dir();
        let (a1, sup) = (d.user("1").expect("1"), d.user("9").expect("9"));
        assert!(Directory::check_own_media(a1, a1, false).is_ok());
        let err =
            Directory::check_own_media(sup, a1, false).expect_err("supervisor on agent media");
        assert_eq!(err.error_type, "Invalid Authorization User Specified");
        assert!(Directory::check_own_media(sup, a1, true).is_ok());
    }

    #[test]
    fn basic_auth_accepts_id_or_login_id_and_rejects_bad_passwords() {
        let d = dir();
        let mut l = Lockouts::default();
        let now = Instant::now();
        assert_eq!(
            l.authenticate(&d, "1", "pw", now).map(|u| u.id.as_str()),
            Ok("1")
        );
        assert_eq!(
            l.authenticate(&d, "login1", "pw", now)
                .map(|u| u.id.as_str()),
            Ok("1")
        );
        let err = l
            .authenticate(&d, "1", "nope", now)
            .expect_err("bad password");
        assert_eq!(
            (err.status, err.error_type.as_str()),
            (401, "Authorization Failure")
        );
        assert!(l.authenticate(&d, "ghost", "pw", now).is_err());
    }

    #[test]
    fn five_bad_passwords_lock_the_user_for_five_minutes() {
        let d = dir();
        let mut l = Lockouts::default();
        let t0 = Instant::now();
        for _ in 0..4 {
            assert!(l.authenticate(&d, "2", "bad", t0).is_err());
        }
        // Four failures then a success resets the count.
        assert!(l.authenticate(&d, "2", "pw", t0).is_ok());
        for _ in 0..LOCKOUT_AFTER {
            assert!(l.authenticate(&d, "2", "bad", t0).is_err());
        }
        assert!(
            l.authenticate(&d, "2", "pw", t0 + Duration::from_secs(299))
                .is_err(),
            "locked"
        );
        assert!(
            l.authenticate(&d, "2", "pw", t0 + LOCKOUT_FOR).is_ok(),
            "unlocked after 5 minutes"
        );
    }
}
